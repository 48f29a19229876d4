"""The compiled plan of a framework: what scoring needs from it, worked out once.

Each criterion's rule is compiled (:func:`~chinhquyen.scoring.rules.compile_rule`) into one
function from an answer to its result, with the criterion's fixed result fields ready. It gives
the same results as the engine's general path, which stays the reference and decides every
answer the compiled function declines (refused answers, missing values).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from chinhquyen.criteria.framework import Criterion, Framework, Tier
from chinhquyen.criteria.knockouts import Disqualifier
from chinhquyen.criteria.measures import Deduction, SelfScored, describe
from chinhquyen.scoring import rules
from chinhquyen.scoring._names import name_key
from chinhquyen.scoring.answers import Answer
from chinhquyen.scoring.scorecard import (
    CriterionResult,
    GroupResult,
    KnockoutResult,
    Scorecard,
    SourceRef,
    Status,
    _maker,
    build,
    instance,
    template,
)

if TYPE_CHECKING:  # pragma: no cover
    from chinhquyen.criteria.citations import Citation

__all__ = [
    "NOT_REPORTED",
    "ONE",
    "ZERO",
    "Plan",
    "Step",
    "Steps",
    "compile_step",
    "make_result",
    "penalty_floor",
    "plan_for",
    "province_key",
    "signed",
    "status_for",
]

ZERO = Decimal(0)
ONE = Decimal(1)


def status_for(points: Decimal, max_points: Decimal) -> Status:
    """Met at the max, unmet at (or below) 0, partial in between."""
    if points >= max_points:
        return Status.MET
    if points <= 0:
        return Status.UNMET
    return Status.PARTIAL


def _refs(citations: Iterable[Citation]) -> tuple[SourceRef, ...]:
    return tuple(
        build(SourceRef, document=c.document, article=c.article, url=c.url, date=c.date)
        for c in citations
    )


@attrs.frozen(slots=True)
class Step:
    """One criterion as the fast path scores it (see :func:`compile_step`)."""

    criterion: Criterion
    #: the criterion's fixed result fields, every field of a result in order
    base: dict[str, Any]
    #: the answer (or ``None``) in, the result out, or ``None`` when the general path decides
    fast: Callable[[Answer | None], CriterionResult | None]


#: Criteria in order as (id, fast path, step): unpacked in the loop, no attribute look-ups.
Steps = tuple[tuple[str, Callable[[Answer | None], CriterionResult | None], Step], ...]


@attrs.frozen(slots=True)
class Plan:
    """What scoring needs from a framework, worked out once per framework object."""

    known: frozenset[str]
    #: the criteria measured by deduction, in order (their records must lie in the period)
    deductions: tuple[str, ...]
    #: the framework's province as compared (see :func:`province_key`); ``None``: nationwide
    province: str | None
    disqualifiers: tuple[str, ...]
    base: dict[str, dict[str, Any]]
    steps: Steps
    adjustment_steps: Steps
    groups: tuple[tuple[dict[str, Any], tuple[str, ...]], ...]
    #: the index in ``groups`` of each group criterion
    group_index: dict[str, int]
    knockouts: tuple[tuple[Any, dict[str, Any]], ...]
    #: knockout results that do not depend on the card (shared: results are immutable)
    knockout_results: dict[tuple[int, object], KnockoutResult]
    rank: dict[str, int]
    tiers: tuple[Tier, ...]
    #: a scorecard's fields with the framework's own set (the others filled per card)
    card: dict[str, Any]
    make_group: Callable[[dict[str, Any]], GroupResult]
    make_card: Callable[[dict[str, Any]], Scorecard]


#: Plans by framework identity; the framework is kept beside its plan so its id is not reused.
_PLANS: dict[int, tuple[Framework, Plan]] = {}


def plan_for(fw: Framework) -> Plan:
    """Return the framework's plan, made on first use and kept (64 frameworks at most)."""
    hit = _PLANS.get(id(fw))
    if hit is not None and hit[0] is fw:
        return hit[1]
    everything = [*fw.criteria(), *fw.adjustments]
    group_of = {c.id: g.id for g in fw.groups for c in g.criteria}
    base: dict[str, dict[str, Any]] = {}
    for c in everything:
        fixed = template(
            CriterionResult,
            criterion_id=c.id,
            group_id=group_of.get(c.id),
            title=c.title,
            title_en=c.title_en,
            kind=c.measure.kind,
            max_points=c.max_points,
            rule=describe(c.measure, c.max_points),
            sources=_refs(c.sources),
        )
        base[c.id] = fixed
    rnd = rules.rounder(fw.rounding.places, fw.rounding.mode)

    def step(c: Criterion) -> Step:
        m = c.measure
        unscored = c.max_points == 0 and not signed(c)  # its status comes from its fulfilment
        compiled = rules.compile_rule(c.id, m, c.max_points, rnd)
        fulfilment = rules.compile_rule(c.id, m, Decimal(1), _share) if unscored else None
        if unscored and fulfilment is None:
            compiled = None
        fast = compile_step(
            base[c.id],
            kind=m.kind,
            top=c.max_points,
            rule=compiled,
            fulfilment=fulfilment,
            self_scored=isinstance(m, SelfScored) and not unscored,
            low=min(ZERO, penalty_floor(c)),
            step=m.step.as_integer_ratio() if isinstance(m, SelfScored) and m.step else None,
            scale=10**fw.rounding.places,
        )
        return Step(criterion=c, base=base[c.id], fast=fast)

    r = fw.rounding
    plan = Plan(
        known=frozenset(c.id for c in everything),
        deductions=tuple(c.id for c in everything if isinstance(c.measure, Deduction)),
        province=(
            None if fw.jurisdiction.province is None else province_key(fw.jurisdiction.province)
        ),
        disqualifiers=tuple(k.id for k in fw.knockouts if isinstance(k, Disqualifier)),
        base=base,
        steps=tuple((c.id, (x := step(c)).fast, x) for c in fw.criteria()),
        adjustment_steps=tuple((c.id, (x := step(c)).fast, x) for c in fw.adjustments),
        groups=tuple(
            (
                template(
                    GroupResult,
                    group_id=g.id,
                    title=g.title,
                    title_en=g.title_en,
                    max_points=g.max_points,
                    criterion_ids=tuple(c.id for c in g.criteria),
                ),
                tuple(c.id for c in g.criteria),
            )
            for g in fw.groups
        ),
        group_index={c.id: i for i, g in enumerate(fw.groups) for c in g.criteria},
        knockouts=tuple(
            (
                k,
                {
                    "effect": k.effect.describe(),
                    "cap_tier": k.effect.cap_tier,
                    "no_tier": bool(k.effect.no_tier),
                    "sources": _refs(k.sources),
                },
            )
            for k in fw.knockouts
        ),
        knockout_results={},
        rank={t.label: i for i, t in enumerate(fw.tiers)},
        tiers=tuple(fw.tiers),
        card=template(
            Scorecard,
            framework_id=fw.id,
            framework_version=fw.version,
            framework_title=fw.title,
            framework_status=fw.status,
            max_points=fw.max_points,
            rounding=(
                f"{r.places} chữ số thập phân, {r.mode} / {r.places} decimal place(s), {r.mode}"
            ),
        ),
        make_group=_maker(GroupResult),
        make_card=_maker(Scorecard),
    )
    if len(_PLANS) >= 64:  # a bounded cache: forget the oldest framework
        del _PLANS[next(iter(_PLANS))]
    _PLANS[id(fw)] = (fw, plan)
    return plan


def _share(num: int, den: int) -> Decimal:
    """An exact fulfilment share as the general path computes it (not rounded to places)."""
    return Decimal(num) / den


NOT_REPORTED = rules.Outcome(None, Status.NOT_REPORTED, "Chưa báo cáo", "not reported")


def make_result(
    base: dict[str, Any], points: Decimal | None, outcome: rules.Outcome, answer: Answer | None
) -> CriterionResult:
    """The criterion's fixed fields (from the plan) with the answer's fields set."""
    data = dict(base)
    data["points"] = data["computed_points"] = points
    data["status"] = outcome.status
    data["reason"] = outcome.reason
    data["reason_en"] = outcome.reason_en
    if answer is not None:
        data["self_score"] = answer.self_score
        data["evidence"] = answer.evidence
        data["note"] = answer.note
    return instance(CriterionResult, data)


def compile_step(
    base: dict[str, Any],
    *,
    kind: str,
    top: Decimal,
    rule: rules.Compiled | None,
    fulfilment: rules.Compiled | None,
    self_scored: bool,
    low: Decimal,
    step: tuple[int, int] | None,
    scale: int,
) -> Callable[[Answer | None], CriterionResult | None]:
    """Compile one criterion's fast path: an answer in, its result out.

    Gives exactly what :func:`_criterion_result` gives for the answers it handles; anything
    unusual (a refused answer, a missing value, an unscored item's odd value) gives ``None``
    and is left to it.

    Args:
        base: the criterion's fixed result fields (every field, in order).
        kind: the measure kind an answer's value must have.
        top: the criterion's max points.
        rule: the compiled rule; ``None``: every answer takes the general path.
        fulfilment: for an unscored item (max 0), the same rule scored out of 1, for its status.
        self_scored: whether the points are the self-score.
        low: the lowest self-score allowed (below 0 for a penalty).
        step: the self-score step as an exact (numerator, denominator), if the measure has one.
        scale: 10 ** the framework's decimal places.
    """
    make = _maker(CriterionResult)
    unanswered = make_result(base, None, NOT_REPORTED, None)
    top_text = str(top)  # f"{d}" of a Decimal is str(d)
    zero, met, partial, unmet = ZERO, Status.MET, Status.PARTIAL, Status.UNMET
    checked: dict[Decimal, bool] = {}  # self-score -> fits; equal decimals fit alike

    def fits(s: Decimal) -> bool:
        """Whether a self-score passes every check the general path makes."""
        if not low <= s <= top:
            return False
        num, den = s.as_integer_ratio()
        if scale % den:
            return False  # more decimals than the framework's places (10**places is not a multiple)
        if self_scored and step is not None:
            a, b = step  # s % step == 0, in integers: (num/den) / (a/b) is whole
            return (num * b) % (den * a) == 0
        return True

    def run(answer: Answer | None) -> CriterionResult | None:
        if answer is None:
            return unanswered
        s = answer.self_score
        if s is not None:
            ok = checked.get(s)
            if ok is None:
                ok = fits(s)
                if len(checked) < 1024:
                    checked[s] = ok
            if not ok:
                return None
        value = answer.value
        if self_scored:
            if value is not None or s is None:
                return None
            text = str(s)
            points: Decimal | None = s
            status: Status | None = None
            reason = f"Tự chấm {text}/{top_text} điểm"
            reason_en = f"self-scored {text} of {top_text}"
        else:
            if rule is None or value is None or value.kind != kind:
                return None
            got = rule(value)
            if got is None:
                return None
            points, status, reason, reason_en = got
        if points is not None:
            status = met if points >= top else unmet if points <= zero else partial
            if fulfilment is not None:
                share = fulfilment(value)
                if share is None:
                    return None
                if share[0] is not None:
                    status = status_for(share[0], ONE)
        data = base.copy()  # copying and setting beats building a merged dict
        data["points"] = data["computed_points"] = points
        data["status"] = status
        data["reason"] = reason
        data["reason_en"] = reason_en
        data["self_score"] = s
        data["evidence"] = answer.evidence
        data["note"] = answer.note
        return make(data)

    return run


def penalty_floor(criterion: Criterion) -> Decimal:
    """The lowest points a penalty criterion can give (its floor below 0), else 0."""
    m = criterion.measure
    return m.floor if isinstance(m, Deduction) and m.floor < 0 else ZERO


def signed(criterion: Criterion) -> bool:
    """Whether points can go below 0 (a penalty): its status follows the points themselves."""
    return penalty_floor(criterion) < 0


_PROVINCE_PREFIXES = tuple(name_key(p) + " " for p in ("Tỉnh", "Thành phố", "TP.", "TP"))
_PROVINCE_KEYS: dict[str, str] = {}


def province_key(name: str) -> str:
    """A province name compared loosely (:func:`name_key`), a "Tỉnh"/"Thành phố" prefix aside.

    ``"Tỉnh Đồng Nai"``, ``"đồng  nai"`` and ``"Đồng Nai"`` (also written with combining
    accents) are one province; so are ``"Thanh Hoá"`` and ``"Thanh Hóa"``.
    """
    key = _PROVINCE_KEYS.get(name)
    if key is None:
        key = name_key(name)
        for prefix in _PROVINCE_PREFIXES:
            if key.startswith(prefix):
                key = key[len(prefix) :]
                break
        if len(_PROVINCE_KEYS) < 1024:
            _PROVINCE_KEYS[name] = key
    return key
