"""``score(framework, assessment)``: the scoring engine, pure and deterministic.

Decisions (where the issue leaves a choice):

* Self-scored criteria take the self-score, which must lie in ``[0, max]``, be a multiple of the
  measure's ``step`` and have no more decimals than the framework's rounding ``places``.
* Computed kinds need the measured ``value``; the commune's self-score is kept beside the
  computed points. A self-score without the measured value leaves the criterion *not reported*
  (points ``None``), never scored from the self-score.
* A criterion without an answer is *not reported*: points ``None``, listed in
  ``not_reported``; it contributes nothing to ``total`` and ``tier_provisional`` is set.
* Computed points are exact fractions rounded once per criterion with the framework's
  rounding rule; group points and the total are exact sums of criterion points and are never
  rounded again, so the tier is decided on the exact total (94.995 stays below 95).
* Knockouts: a criterion floor counts a not-reported criterion as below the floor (nothing
  shows it reaches the floor) and skips not-applicable ones; a disqualifier the assessment
  does not report is undecided (``triggered=None``) and makes the tier provisional.
* An item worth 0 points (an unscored item of a derived set) gets its status from how far it
  is fulfilled (the same rule scored out of 1), so "no" is never shown as met.
* ``self_difference`` compares criterion by criterion (self-score minus points, where both
  exist); ``self_total`` is only the sum of the self-scores given.
* The engine builds its result models without re-validating them (every input was validated
  on the way in); they validate normally when read back from JSON.
* Speed: each framework gets a plan, made once, with every criterion's rule compiled
  (:func:`~chinhquyen.scoring.rules.compile_rule`) and its fixed result fields ready. The
  compiled rule gives the same results as the general path (``_criterion_result``), which
  stays the reference and decides every answer the compiled rule declines (refused answers,
  missing values). :func:`score_many` scores a batch with the cyclic collector paused.
"""

from __future__ import annotations

import datetime as dt
import gc
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from chinhquyen.criteria.framework import Criterion, Framework, Tier
from chinhquyen.criteria.knockouts import CriterionFloor, Disqualifier, MinimumTotal
from chinhquyen.criteria.measures import (
    Checklist,
    Coverage,
    Deduction,
    ExternalIndex,
    Quota,
    Ratio,
    SelfScored,
    Survey,
    YesNo,
    describe,
)
from chinhquyen.errors import AnswerError, AssessmentError, UnknownCriterionError
from chinhquyen.scoring import rules
from chinhquyen.scoring.answers import (
    Answer,
    ChecklistValue,
    CoverageValue,
    DeductionValue,
    ExternalIndexValue,
    QuotaValue,
    RatioValue,
    SurveyValue,
    YesNoValue,
)
from chinhquyen.scoring.assessment import Period, SelfAssessment, Unit
from chinhquyen.scoring.digest import digest
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

__all__ = ["assemble", "resolve", "score", "score_many", "status_for"]

_ZERO = Decimal(0)
_ONE = Decimal(1)


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
class _Step:
    """One criterion as the fast path scores it (see :func:`_compile_step`)."""

    criterion: Criterion
    #: the criterion's fixed result fields, every field of a result in order
    base: dict[str, Any]
    #: the answer (or ``None``) in, the result out, or ``None`` when the general path decides
    fast: Callable[[Answer | None], CriterionResult | None]


#: Criteria in order as (id, fast path, step): unpacked in the loop, no attribute look-ups.
_Steps = tuple[tuple[str, Callable[[Answer | None], CriterionResult | None], _Step], ...]


@attrs.frozen(slots=True)
class _Plan:
    """What scoring needs from a framework, worked out once per framework object."""

    known: frozenset[str]
    #: the criteria measured by deduction, in order (their records must lie in the period)
    deductions: tuple[str, ...]
    #: the framework's province as compared (see :func:`_province_key`); ``None``: nationwide
    province: str | None
    disqualifiers: tuple[str, ...]
    base: dict[str, dict[str, Any]]
    steps: _Steps
    adjustment_steps: _Steps
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
_PLANS: dict[int, tuple[Framework, _Plan]] = {}


def _plan(fw: Framework) -> _Plan:
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

    def step(c: Criterion) -> _Step:
        m = c.measure
        unscored = c.max_points == 0 and not _signed(c)  # its status comes from its fulfilment
        compiled = rules.compile_rule(c.id, m, c.max_points, rnd)
        fulfilment = rules.compile_rule(c.id, m, Decimal(1), _share) if unscored else None
        if unscored and fulfilment is None:
            compiled = None
        fast = _compile_step(
            base[c.id],
            kind=m.kind,
            top=c.max_points,
            rule=compiled,
            fulfilment=fulfilment,
            self_scored=isinstance(m, SelfScored) and not unscored,
            low=min(_ZERO, _penalty_floor(c)),
            step=m.step.as_integer_ratio() if isinstance(m, SelfScored) and m.step else None,
            scale=10**fw.rounding.places,
        )
        return _Step(criterion=c, base=base[c.id], fast=fast)

    r = fw.rounding
    plan = _Plan(
        known=frozenset(c.id for c in everything),
        deductions=tuple(c.id for c in everything if isinstance(c.measure, Deduction)),
        province=(
            None if fw.jurisdiction.province is None else _province_key(fw.jurisdiction.province)
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


_NOT_REPORTED = rules.Outcome(None, Status.NOT_REPORTED, "Chưa báo cáo", "not reported")


def _result(
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


def _compile_step(
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
    unanswered = _result(base, None, _NOT_REPORTED, None)
    top_text = str(top)  # f"{d}" of a Decimal is str(d)
    zero, met, partial, unmet = _ZERO, Status.MET, Status.PARTIAL, Status.UNMET
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
                    status = status_for(share[0], _ONE)
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


def _fast_result(fw: Framework, step: _Step, answer: Answer | None) -> CriterionResult | None:
    """The result by the compiled plan, or ``None`` when the general path must decide."""
    return step.fast(answer)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _outcome(criterion: Criterion, answer: Answer, top: Decimal | None = None) -> rules.Outcome:
    """Score one answered criterion, refusing values that do not fit it.

    ``top`` replaces the criterion's max (used to measure fulfilment of an unscored item).
    """
    cid, m = criterion.id, criterion.measure
    top = criterion.max_points if top is None else top
    value = answer.value
    if isinstance(m, SelfScored):
        if value is not None:
            raise AnswerError(
                f"criterion {cid} is self-scored: give only self_score, not a value of kind"
                f" {value.kind!r}"
            )
        return rules.score_self(cid, m, top, answer.self_score)
    if value is None:
        reason, reason_en = "Chưa có giá trị đo", "no measured value given"
        if answer.self_score is not None:
            reason = "Có điểm tự chấm nhưng thiếu giá trị đo"
            reason_en = "self-score given without the measured value"
        return rules.Outcome(None, Status.NOT_REPORTED, reason, reason_en)
    if value.kind != m.kind:
        raise AnswerError(
            f"criterion {cid} is measured as {m.kind!r}; the answer's value has kind {value.kind!r}"
        )
    match m, value:
        case YesNo(), YesNoValue():
            return rules.score_yes_no(cid, m, top, value)
        case Checklist(), ChecklistValue():
            return rules.score_checklist(cid, m, top, value)
        case Ratio(), RatioValue():
            return rules.score_ratio(cid, m, top, value)
        case Quota(), QuotaValue():
            return rules.score_quota(cid, m, top, value)
        case Coverage(), CoverageValue():
            return rules.score_coverage(cid, m, top, value)
        case Survey(), SurveyValue():
            return rules.score_survey(cid, m, top, value)
        case ExternalIndex(), ExternalIndexValue():
            return rules.score_external_index(cid, m, top, value)
        case Deduction(), DeductionValue():
            return rules.score_deduction(cid, m, top, value)
    raise AssertionError(f"unhandled measure {m.kind!r}")  # pragma: no cover


def _check_self_score(fw: Framework, criterion: Criterion, answer: Answer) -> None:
    s = answer.self_score
    if s is None:
        return
    low = min(_ZERO, _penalty_floor(criterion))
    if s < low or s > criterion.max_points:
        raise AnswerError(
            f"criterion {criterion.id}: self-score {s} is outside 0..{criterion.max_points}"
        )
    if _places(s) > fw.rounding.places:
        raise AnswerError(
            f"criterion {criterion.id}: self-score {s} has more than {fw.rounding.places}"
            f" decimal place(s), the framework's precision"
        )


def _penalty_floor(criterion: Criterion) -> Decimal:
    m = criterion.measure
    return m.floor if isinstance(m, Deduction) and m.floor < 0 else _ZERO


def _signed(criterion: Criterion) -> bool:
    """Whether points can go below 0 (a penalty): its status follows the points themselves."""
    return _penalty_floor(criterion) < 0


def _criterion_result(
    fw: Framework, criterion: Criterion, answer: Answer | None
) -> CriterionResult:
    plan = _plan(fw)
    if answer is None:
        outcome = _NOT_REPORTED
    else:
        _check_self_score(fw, criterion, answer)
        outcome = _outcome(criterion, answer)
    points: Decimal | None = None
    if outcome.points is not None:
        if isinstance(criterion.measure, SelfScored) and answer is not None:
            points = answer.self_score  # already checked: in range, at the framework's precision
        else:
            points = rules.round_points(outcome.points, fw.rounding.places, fw.rounding.mode)
        status = status_for(points if points is not None else _ZERO, criterion.max_points)
        if criterion.max_points == 0 and answer is not None and not _signed(criterion):
            # an unscored item (max 0) is always "at its max": judge it by its fulfilment
            # instead, i.e. the same rule scored out of 1
            share = _outcome(criterion, answer, Decimal(1)).points
            if share is not None:
                status = status_for(Decimal(share[0]) / share[1], Decimal(1))
    else:
        assert outcome.status is not None
        status = outcome.status
    return _result(plan.base[criterion.id], points, attrs.evolve(outcome, status=status), answer)


_PROVINCE_PREFIXES = ("tỉnh ", "thành phố ", "tp. ", "tp ")
_PROVINCE_KEYS: dict[str, str] = {}


def _province_key(name: str) -> str:
    """A province name compared loosely: Unicode NFC, case, spacing and "Tỉnh"/"Thành phố" aside.

    ``"Tỉnh Đồng Nai"``, ``"đồng  nai"`` and ``"Đồng Nai"`` (also written with combining
    accents) are one province.
    """
    key = _PROVINCE_KEYS.get(name)
    if key is None:
        key = " ".join(unicodedata.normalize("NFC", name).casefold().split())
        for prefix in _PROVINCE_PREFIXES:
            if key.startswith(prefix):
                key = key[len(prefix) :]
                break
        if len(_PROVINCE_KEYS) < 1024:
            _PROVINCE_KEYS[name] = key
    return key


def _check_assessment(fw: Framework, a: SelfAssessment) -> None:
    if a.framework != fw.id:
        raise AssessmentError(
            f"the assessment is for framework {a.framework!r}, not {fw.id!r}; score it with"
            f" {a.framework!r}"
        )
    province = _plan(fw).province
    if province is not None and _province_key(a.unit.province) != province:
        raise AssessmentError(
            f"unit.province {a.unit.province!r} is not {fw.jurisdiction.province!r}, where"
            f" framework {fw.id} applies; score the unit with its own province's framework or"
            " a nationwide one"
        )
    if a.framework_version is not None and a.framework_version != fw.version:
        raise AssessmentError(
            f"the assessment pins {fw.id} version {a.framework_version!r}; the framework given"
            f" is version {fw.version!r}"
        )
    start, end = a.period_bounds
    if end < fw.effective_from or (fw.effective_to is not None and start > fw.effective_to):
        until = fw.effective_to.isoformat() if fw.effective_to else "now"
        raise AssessmentError(
            f"period {a.period_label} lies outside {fw.id}'s effective dates"
            f" ({fw.effective_from.isoformat()} to {until})"
        )
    plan = _plan(fw)
    unknown = sorted(set(a.answers) - plan.known)
    if unknown:
        raise UnknownCriterionError(
            f"answers for unknown criteria {', '.join(unknown)} in framework {fw.id};"
            f" valid ids: {', '.join(c.id for c in [*fw.criteria(), *fw.adjustments])}"
        )
    disqualifiers = plan.disqualifiers
    extra = sorted(set(a.disqualifiers) - set(disqualifiers))
    if extra:
        raise AssessmentError(
            f"unknown disqualifier(s) {', '.join(extra)} for {fw.id};"
            f" valid: {', '.join(disqualifiers) or '(none)'}"
        )


def _rank(fw: Framework, tier: Tier | None) -> int:
    return -1 if tier is None else [t.label for t in fw.tiers].index(tier.label)


def _knockouts(
    fw: Framework,
    disqualifiers: Mapping[str, bool],
    results: list[CriterionResult],
    total: Decimal,
) -> list[KnockoutResult]:
    out: list[KnockoutResult] = []
    plan = _plan(fw)
    known = plan.knockout_results
    for i, (k, common) in enumerate(plan.knockouts):
        below: tuple[str, ...] = ()
        fact: bool | None = None
        key: tuple[int, object] | None = None  # set when the result depends on nothing else
        if isinstance(k, CriterionFloor):
            below = tuple(
                r.criterion_id
                for r in results
                if r.status is not Status.NOT_APPLICABLE
                and (r.points is None or r.points < k.share * r.max_points)
            )
            key = None if below else (i, "ok")
        elif isinstance(k, Disqualifier):
            fact = disqualifiers.get(k.id)
            key = (i, fact)
        result = known.get(key) if key is not None else None
        if result is None:
            result = _knockout(k, common, below, fact, total)
            if key is not None and len(known) < 1024:
                known[key] = result
        out.append(result)
    return out


def _knockout(
    k: Any, common: dict[str, Any], below: tuple[str, ...], fact: bool | None, total: Decimal
) -> KnockoutResult:
    if isinstance(k, CriterionFloor):
        pct = format((k.share * 100).normalize(), "f")
        return build(
            KnockoutResult,
            id="criterion_floor",
            kind=k.kind,
            title=f"Mỗi tiêu chí đạt ít nhất {pct}% điểm tối đa",
            title_en=f"every criterion reaches at least {pct}% of its max",
            triggered=bool(below),
            reason=(f"Dưới mức sàn: {', '.join(below)}" if below else "Mọi tiêu chí đạt mức sàn"),
            reason_en=(
                f"below the floor: {', '.join(below)}"
                if below
                else "every criterion reaches the floor"
            ),
            criterion_ids=below,
            **common,
        )
    if isinstance(k, MinimumTotal):
        hit = total < k.points
        return build(
            KnockoutResult,
            id="minimum_total",
            kind=k.kind,
            title=f"Tổng điểm đạt ít nhất {k.points}",
            title_en=f"the total reaches at least {k.points}",
            triggered=hit,
            reason=f"Tổng điểm {total} {'<' if hit else '≥'} {k.points}",
            reason_en=f"total {total} {'<' if hit else '≥'} {k.points}",
            **common,
        )
    if fact is None:
        reason, reason_en = "Chưa báo cáo", "not reported"
    elif fact:
        reason, reason_en = "Có (bị loại)", "yes (disqualifying)"
    else:
        reason, reason_en = "Không", "no"
    return build(
        KnockoutResult,
        id=k.id,
        kind=k.kind,
        title=k.title,
        title_en=k.title_en,
        triggered=fact,
        reason=reason,
        reason_en=reason_en,
        **common,
    )


def _apply_knockouts(
    fw: Framework, tier: Tier | None, knockouts: list[KnockoutResult]
) -> tuple[Tier | None, list[KnockoutResult]]:
    applied: list[KnockoutResult] = []
    for k in knockouts:
        changed = False
        if k.triggered and tier is not None:
            if k.no_tier:
                tier, changed = None, True
            elif k.cap_tier is not None:
                cap = fw.tier(k.cap_tier)
                if _rank(fw, tier) > _rank(fw, cap):
                    tier, changed = cap, True
        applied.append(k.model_copy(update={"applied": changed}) if changed else k)
    return tier, applied


def assemble(
    fw: Framework,
    criteria: list[CriterionResult],
    adjustments: list[CriterionResult],
    *,
    unit: Unit,
    period: int | Period,
    submitted: dt.date | None,
    disqualifiers: Mapping[str, bool],
    assessment_digest: str,
    appraised: bool = False,
) -> Scorecard:
    """Build a scorecard from criterion results: subtotals, total, knockouts and tier."""
    plan = _plan(fw)
    gone, out = _NOT_REPORTED_STATUS, _NOT_APPLICABLE_STATUS  # enum lookups are slow in loops
    # one pass over the results; exact sums, so adding per group first changes nothing
    n = len(plan.groups)
    points, reported = [_ZERO] * n, [_ZERO] * n
    self_points: list[Decimal | None] = [None] * n
    not_reported: list[list[str]] = [[] for _ in range(n)]
    not_applicable: list[list[str]] = [[] for _ in range(n)]
    group_of = plan.group_index
    gaps: list[str] = []
    na: list[str] = []
    for r in criteria:
        cid = r.criterion_id
        i = group_of[cid]
        p = r.points
        if p is not None:
            points[i] += p
            reported[i] += r.max_points
        s = r.self_score
        if s is not None:
            so_far = self_points[i]
            self_points[i] = (_ZERO if so_far is None else so_far) + s  # as sum() would
        status = r.status
        if status is gone:
            not_reported[i].append(cid)
            gaps.append(cid)
        elif status is out:
            not_applicable[i].append(cid)
            na.append(cid)
    reported_max = sum(reported, _ZERO)
    given = [x for x in self_points if x is not None]
    any_self = bool(given)
    self_total = sum(given, _ZERO)
    extra = _ZERO
    for r in adjustments:
        if r.points is not None:
            extra += r.points
        if r.self_score is not None:
            self_total += r.self_score
            any_self = True
        if r.status is gone:
            gaps.append(r.criterion_id)
        elif r.status is out:
            na.append(r.criterion_id)
    make_group = plan.make_group
    groups: list[GroupResult] = []
    for i, (fixed, _) in enumerate(plan.groups):
        data = fixed.copy()  # every field, the group's own already set
        data["points"] = points[i]
        data["reported_max"] = reported[i]
        data["self_points"] = self_points[i]
        data["not_reported"] = tuple(not_reported[i])
        data["not_applicable"] = tuple(not_applicable[i])
        groups.append(make_group(data))
    base = sum(points, _ZERO)
    total = base + extra
    before = _tier_for(plan, total)
    checked = _knockouts(fw, disqualifiers, criteria, total)
    tier, checked = _apply_knockouts(fw, before, checked)
    card = plan.card.copy()  # the framework's own fields already set
    card["unit"] = unit
    card["period"] = period
    card["submitted"] = submitted
    card["criteria"] = tuple(criteria)
    card["groups"] = tuple(groups)
    card["adjustments"] = tuple(adjustments)
    card["base_total"] = base
    card["total"] = total
    card["reported_max"] = reported_max
    card["self_total"] = self_total if any_self else None
    card["tier"] = tier.label if tier else None
    card["tier_en"] = tier.label_en if tier else None
    card["tier_before_knockouts"] = before.label if before else None
    card["tier_provisional"] = bool(gaps) or any(k.triggered is None for k in checked)
    card["knockouts"] = tuple(checked)
    card["not_reported"] = tuple(gaps)
    card["not_applicable"] = tuple(na)
    card["appraised"] = appraised
    card["digest"] = assessment_digest
    return plan.make_card(card)


def _tier_for(plan: _Plan, total: Decimal) -> Tier | None:
    """``Framework.tier_for`` for an exact total: the last tier whose minimum it reaches."""
    if not plan.tiers:
        return None
    found = plan.tiers[0]
    for tier in plan.tiers:
        if total >= tier.min_points:
            found = tier
    return found


_NOT_REPORTED_STATUS, _NOT_APPLICABLE_STATUS = Status.NOT_REPORTED, Status.NOT_APPLICABLE


def resolve(framework_or_id: Framework | str) -> Framework:
    """Return the framework itself, or load it by id from the registry."""
    if isinstance(framework_or_id, str):
        from chinhquyen.criteria import load

        return load(framework_or_id)
    return framework_or_id


def score(framework_or_id: Framework | str, assessment: SelfAssessment) -> Scorecard:
    """Score a self-assessment against a framework.

    Pure and deterministic: the same framework and assessment always give the same
    scorecard, whatever the order of the answers. Arithmetic is exact.

    Args:
        framework_or_id: a :class:`~chinhquyen.criteria.Framework` or a registered id such as
            ``"dong-nai/qd-54-2025"``.
        assessment: the commune's self-assessment.

    Returns:
        The scorecard, with points, reasons, rules and sources per criterion.

    Raises:
        AssessmentError: the assessment is for another framework or version, its period lies
            outside the framework's effective dates, or it reports unknown disqualifiers.
        UnknownCriterionError: an answer names a criterion the framework does not have.
        AnswerError: an answer does not fit its criterion (wrong kind, self-score outside
            0..max, unknown checklist item, …); the message names the criterion.
    """
    fw = resolve(framework_or_id)
    _check_assessment(fw, assessment)
    plan = _plan(fw)
    answers = assessment.answers
    problems: list[str] = []
    if plan.deductions:
        _records_in_period(assessment, plan.deductions, problems)
    criteria = _results(fw, plan.steps, answers, problems)
    adjustments = _results(fw, plan.adjustment_steps, answers, problems)
    if problems:
        if len(problems) == 1:
            raise AnswerError(problems[0])
        raise AnswerError(f"{len(problems)} answers do not fit: " + "; ".join(problems))
    return assemble(
        fw,
        criteria,
        adjustments,
        unit=assessment.unit,
        period=assessment.period,
        submitted=assessment.submitted,
        disqualifiers=assessment.disqualifiers,
        assessment_digest=digest(assessment),
    )


def _records_in_period(a: SelfAssessment, deductions: tuple[str, ...], problems: list[str]) -> None:
    """Note every violation record dated outside the assessment's period."""
    start, end = a.period_bounds
    for cid in deductions:
        answer = a.answers.get(cid)
        value = None if answer is None else answer.value
        if isinstance(value, DeductionValue):
            outside = [r.date.isoformat() for r in value.records if not start <= r.date <= end]
            if outside:
                problems.append(
                    f"criterion {cid}: violation record(s) dated {', '.join(outside)} lie outside"
                    f" the period {a.period_label}; record only violations of the period"
                )


def score_many(
    framework_or_id: Framework | str, assessments: Iterable[SelfAssessment]
) -> list[Scorecard]:
    """Score many self-assessments against one framework, e.g. every commune of a province.

    Gives exactly ``[score(framework, a) for a in assessments]``, faster for large batches:
    the framework is resolved once and Python's cyclic garbage collector is paused while the
    batch runs (scoring creates no reference cycles, so memory is freed as usual; the
    collector's previous state is restored afterwards, also when an error is raised).

    Args:
        framework_or_id: a :class:`~chinhquyen.criteria.Framework` or a registered id.
        assessments: the self-assessments, all for that framework.

    Returns:
        The scorecards, in the order of the assessments.

    Raises:
        AssessmentError: as :func:`score`, for the first assessment that does not fit.
        UnknownCriterionError: as :func:`score`.
        AnswerError: as :func:`score`.
    """
    fw = resolve(framework_or_id)
    paused = gc.isenabled()
    gc.disable()
    try:
        return [score(fw, a) for a in assessments]
    finally:
        if paused:
            gc.enable()


def _results(
    fw: Framework, steps: _Steps, answers: Mapping[str, Answer], problems: list[str]
) -> list[CriterionResult]:
    """Score criteria in order: the compiled plan first, the general path when it declines."""
    out: list[CriterionResult] = []
    get = answers.get
    for cid, fast, step in steps:
        answer = get(cid)
        result = fast(answer)
        if result is None:
            try:
                result = _criterion_result(fw, step.criterion, answer)
            except AnswerError as e:
                problems.append(str(e))
                continue
        out.append(result)
    return out
