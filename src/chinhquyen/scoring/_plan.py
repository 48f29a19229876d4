"""The compiled plan of a framework: what scoring needs from it, worked out once.

Each criterion gets one function from a commune's answer to its result: the checks every
answer must pass (the self-score's range and precision, a value of the criterion's kind), then
the kind's own rule (see [`chinhquyen.scoring.kinds`][]) compiled for the criterion. There is
no other path: the function decides every answer, and raises
[`AnswerError`][chinhquyen.errors.AnswerError] for one that does not fit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import attrs

from chinhquyen.criteria.framework import Criterion, Framework, Level, Tier
from chinhquyen.criteria.knockouts import Disqualifier
from chinhquyen.criteria.measures import describe
from chinhquyen.errors import AnswerError, Problem
from chinhquyen.model import field_template, maker
from chinhquyen.scoring.answers import Answer
from chinhquyen.scoring.kinds import KINDS, MeasureKind
from chinhquyen.scoring.kinds.base import Scored, answer_problem
from chinhquyen.scoring.numbers import rounder
from chinhquyen.scoring.ranges import lowest, points_fault
from chinhquyen.scoring.scorecard import (
    CriterionResult,
    GroupResult,
    KnockoutResult,
    Scorecard,
    SourceRef,
)
from chinhquyen.scoring.status import CriterionStatus, status_for

if TYPE_CHECKING:  # pragma: no cover
    from chinhquyen.criteria.citations import Citation

__all__ = [
    "GroupMaker",
    "Plan",
    "Run",
    "Steps",
    "at_places",
    "out_of_scope",
    "plan_for",
    "refs",
    "self_score_problem",
    "signed",
    "unrounded",
    "zero_at",
]

ZERO = Decimal(0)
ONE = Decimal(1)

#: A criterion's compiled scoring: the answer (or `None`) in, its result out.
Run = Callable[[Answer | None], CriterionResult]

#: Criteria in order with their compiled scoring, as (id, run).
Steps = tuple[tuple[str, Run], ...]

#: A group's result from its index in the plan and its sums: points, the max of the criteria
#: scored, the self-scores' sum (`None` if none was given), and the ids of its criteria not
#: reported and not applicable.
GroupMaker = Callable[
    [int, Decimal, Decimal, Decimal | None, tuple[str, ...], tuple[str, ...]], GroupResult
]

_LEVELS: tuple[Level, ...] = ("province", "commune")
_LEVEL_WORDS = {"province": ("cấp tỉnh", "province"), "commune": ("cấp xã", "commune")}


def refs(citations: Iterable[Citation]) -> tuple[SourceRef, ...]:
    """The sources a result cites, copied from the framework's citations."""
    make = maker(SourceRef)
    return tuple(
        make(
            field_template(
                SourceRef, document=c.document, article=c.article, url=c.url, date=c.date
            )
        )
        for c in citations
    )


@lru_cache(maxsize=16)
def zero_at(places: int | None) -> Decimal:
    """0 with `places` decimals (`Decimal("0.00")` at 2): the start of a scorecard's sums.

    `None`: a framework that rounds nothing; sums start from a plain 0.
    """
    return ZERO if places is None else Decimal(0).quantize(Decimal(1).scaleb(-places))


def at_places(value: Decimal, places: int | None) -> Decimal:
    """`value` written with the framework's `places` decimals, if that keeps it exact.

    Points are shown and written to JSON with the framework's places (`Decimal("15.00")`,
    `"15.00"`); a value with more decimals (never rounded here) keeps its own, and so does
    every value of a framework that rounds nothing (`places` is `None`).
    """
    if places is None:
        return value
    fixed = value.quantize(_unit_of(places))
    return fixed if fixed == value else value


@lru_cache(maxsize=16)  # one per number of decimal places a framework rounds to
def _unit_of(places: int) -> Decimal:
    """The smallest step at `places` decimals (`Decimal("0.01")` at 2)."""
    return Decimal(1).scaleb(-places)


def signed(criterion: Criterion) -> bool:
    """Whether points can go below 0 (a penalty): its status follows the points themselves."""
    return lowest(criterion) < 0


@attrs.frozen(slots=True, eq=False)
class Plan:
    """What scoring needs from a framework, worked out once per framework object.

    Plans compare and hash by identity: one stands for its framework in caches.
    """

    #: the framework the plan was made from
    framework: Framework
    #: the framework's decimal places (`None`: it rounds nothing)
    places: int | None
    #: every criterion id an answer may name (group criteria and bonus/penalty items)
    known: frozenset[str]
    #: criteria whose values record dated events, as (id, kind, the kind's period check)
    period_checks: tuple[tuple[str, str, Callable[[Any, str, Any, Any, str], list[Problem]]], ...]
    disqualifiers: tuple[str, ...]
    #: the group criteria in order, as (id, compiled scoring), for a commune-level unit
    steps: Steps
    #: the bonus/penalty items in order, as (id, compiled scoring), for a commune-level unit
    bonus_steps: Steps
    #: the group criteria and the bonus/penalty items for a unit of each level: a criterion
    #: whose scope leaves the level out is not applicable to it (see `out_of_scope`)
    by_level: dict[str, tuple[Steps, Steps]]
    #: each group's result fields with the group's own set (the sums filled per card)
    groups: tuple[dict[str, Any], ...]
    #: a group's result from its index and sums (see `GroupMaker`)
    make_group: GroupMaker
    #: the same for a group of one criterion, remembered by value (see `_remembered`)
    remembered_group: GroupMaker
    #: whether each group has a single criterion (its result takes few distinct values)
    single: tuple[bool, ...]
    #: the index in `groups` of each group criterion
    group_index: dict[str, int]
    knockouts: tuple[tuple[Any, dict[str, Any]], ...]
    #: knockout results that do not depend on the card (shared: results are immutable)
    knockout_results: dict[tuple[int, object], KnockoutResult]
    rank: dict[str, int]
    tiers: tuple[Tier, ...]
    #: a scorecard's fields with the framework's own set (the others filled per card)
    card: dict[str, Any]
    make_card: Callable[[dict[str, Any]], Scorecard]


class _Same:
    """A cache key that is the very object it holds (frameworks are not hashable by value)."""

    __slots__ = ("obj",)

    def __init__(self, obj: Framework) -> None:
        self.obj = obj  # held, so its id cannot be reused while the key is cached

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.obj is self.obj


def plan_for(fw: Framework) -> Plan:
    """Return the framework's plan, made on first use (kept for the 64 frameworks used last)."""
    return _plan(_Same(fw))


def unrounded(num: int, den: int) -> Decimal:
    """The exact decimal `num / den`, for a framework that rounds nothing.

    Such a framework only has kinds whose points are exact decimals (see
    `chinhquyen.criteria.framework.EXACT_KINDS`), so `den` divides a power of ten.
    """
    twos = fives = 0
    rest = abs(den)
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest != 1:
        raise ValueError(f"{num}/{den} is not an exact decimal; the framework must round")
    places = max(twos, fives)
    return Decimal(num * 10**places // den).scaleb(-places)


def _rounding_text(fw: Framework) -> str:
    r = fw.rounding
    if r.mode == "none":
        return "không làm tròn (nguồn không quy định) / not rounded (no source sets a rule)"
    return f"{r.places} chữ số thập phân, {r.mode} / {r.places} decimal place(s), {r.mode}"


@lru_cache(maxsize=64)
def _plan(key: _Same) -> Plan:
    fw = key.obj
    everything = [*fw.criteria(), *fw.bonus_penalty]
    group_of = {c.id: g.id for g in fw.groups for c in g.criteria}
    r = fw.rounding
    rnd = unrounded if r.places is None else rounder(r.places, r.mode)
    places = r.places
    formats = None if fw.evidence_formats is None else tuple(fw.evidence_formats)
    bases: dict[str, dict[str, Any]] = {}

    def step(c: Criterion) -> tuple[str, Run]:
        base = field_template(
            CriterionResult,
            criterion_id=c.id,
            group_id=group_of.get(c.id),
            title=c.title,
            title_en=c.title_en,
            kind=c.measure.kind,
            max_points=at_places(c.max_points, places),
            rule=describe(c.measure, c.max_points),
            sources=refs(c.sources),
        )
        bases[c.id] = base
        kind = KINDS[c.measure.kind]
        return c.id, compile_criterion(c, base, kind, rnd, places, formats=formats, fw_id=fw.id)

    steps = tuple(step(c) for c in fw.criteria())
    bonus_steps = tuple(step(c) for c in fw.bonus_penalty)

    by_id = {c.id: c for c in everything}

    def for_level(level: Level, compiled: Steps) -> Steps:
        return tuple(
            (cid, run)
            if by_id[cid].applies_to(level)
            else (cid, out_of_scope(by_id[cid], bases[cid], level))
            for cid, run in compiled
        )

    by_level: dict[str, tuple[Steps, Steps]] = {
        level: (for_level(level, steps), for_level(level, bonus_steps)) for level in _LEVELS
    }
    disqualifiers = tuple(k.id for k in fw.knockouts if isinstance(k, Disqualifier))
    templates = tuple(
        field_template(
            GroupResult,
            group_id=g.id,
            title=g.title,
            title_en=g.title_en,
            max_points=at_places(g.max_points, places),
            criterion_ids=tuple(c.id for c in g.criteria),
        )
        for g in fw.groups
    )
    make_group = _group_maker(templates, places)
    return Plan(
        framework=fw,
        places=places,
        known=frozenset(c.id for c in everything),
        period_checks=tuple(
            (c.id, c.measure.kind, check)
            for c in everything
            if (check := KINDS[c.measure.kind].check_period) is not None
        ),
        disqualifiers=disqualifiers,
        steps=by_level["commune"][0],
        bonus_steps=by_level["commune"][1],
        by_level=by_level,
        groups=templates,
        make_group=make_group,
        remembered_group=_remembered(make_group),
        single=tuple(len(g.criteria) == 1 for g in fw.groups),
        group_index={c.id: i for i, g in enumerate(fw.groups) for c in g.criteria},
        knockouts=tuple(
            (
                k,
                {
                    "effect": k.effect.describe(),
                    "cap_tier": k.effect.cap_tier,
                    "no_tier": bool(k.effect.no_tier),
                    "sources": refs(k.sources),
                },
            )
            for k in fw.knockouts
        ),
        knockout_results={},
        rank={t.label: i for i, t in enumerate(fw.tiers)},
        tiers=tuple(fw.tiers),
        card=field_template(
            Scorecard,
            framework=fw.id,
            framework_version=fw.version,
            framework_title=fw.title,
            framework_status=fw.status,
            max_points=at_places(fw.max_points, places),
            rounding=_rounding_text(fw),
        ),
        make_card=maker(Scorecard),
    )


def _group_maker(templates: tuple[dict[str, Any], ...], places: int | None) -> GroupMaker:
    """The builder of a framework's group results, each from its group's fixed fields."""
    make = maker(GroupResult)

    def group(
        i: int,
        points: Decimal,
        reported: Decimal,
        self_points: Decimal | None,
        not_reported: tuple[str, ...],
        not_applicable: tuple[str, ...],
    ) -> GroupResult:
        data = templates[i].copy()  # every field, the group's own already set, the rest defaults
        data["points"] = points
        data["reported_max"] = reported
        if self_points is not None:
            data["self_points"] = at_places(self_points, places)
        if not_reported:
            data["not_reported"] = not_reported
        if not_applicable:
            data["not_applicable"] = not_applicable
        return make(data)

    return group


def _remembered(group: GroupMaker) -> GroupMaker:
    """`group`, remembering its results by the value of its arguments (4,096 per framework).

    Meant for a group of one criterion, whose result takes few distinct values (its
    criterion's possible points and self-scores). Results are immutable, so cards share them.
    Decimals are remembered by their text, not their value: `19.5` and `19.50` are equal but
    written differently, and a result keeps the digits it was given.
    """

    @lru_cache(maxsize=4096)
    def by_text(
        i: int,
        points: str,
        reported: str,
        self_points: str | None,
        not_reported: tuple[str, ...],
        not_applicable: tuple[str, ...],
    ) -> GroupResult:
        mine = None if self_points is None else Decimal(self_points)
        return group(i, Decimal(points), Decimal(reported), mine, not_reported, not_applicable)

    def remembered(
        i: int,
        points: Decimal,
        reported: Decimal,
        self_points: Decimal | None,
        not_reported: tuple[str, ...],
        not_applicable: tuple[str, ...],
    ) -> GroupResult:
        # a decimal's text gives it back exactly: its sign, digits and exponent
        mine = None if self_points is None else str(self_points)
        return by_text(i, str(points), str(reported), mine, not_reported, not_applicable)

    return remembered


def _share(num: int, den: int) -> Decimal:
    """An exact fulfilment share (not rounded to the framework's places)."""
    return Decimal(num) / den


_NO_VALUE: Scored = (
    None,
    CriterionStatus.NOT_REPORTED,
    "Chưa có giá trị đo",
    "no measured value given",
)


def self_score_problem(
    criterion_id: str,
    fault: str,
    score: Decimal,
    low: Decimal,
    high: Decimal,
    places: int | None,
) -> Problem:
    """The problem with a self-score outside its criterion's range or precision (`fault`)."""
    if fault == "out_of_range":
        en = f"self-score {score} is outside {low}..{high}"
        vi = f"điểm tự chấm {score} nằm ngoài khoảng {low}..{high}"
    else:
        en = (
            f"self-score {score} has more than {places} decimal place(s), the framework's precision"
        )
        vi = (
            f"điểm tự chấm {score} có nhiều hơn {places} chữ số thập phân,"
            " độ chính xác của bộ tiêu chí"
        )
    return answer_problem(criterion_id, ("self_score",), f"self_score.{fault}", score, en, vi)


_SELF_SCORE_ONLY: Scored = (
    None,
    CriterionStatus.NOT_REPORTED,
    "Có điểm tự chấm nhưng thiếu giá trị đo",
    "self-score given without the measured value",
)


def out_of_scope(c: Criterion, base: dict[str, Any], level: Level) -> Run:
    """A criterion's scoring for a unit of a level its scope leaves out.

    No answer: *not applicable*, with a reason naming the scope and its source, and no points
    (so its max is left out of what the unit could reach). An answer: refused, since nothing
    given is silently dropped.
    """
    assert c.scope is not None
    cid = c.id
    where_vi, where_en = _LEVEL_WORDS[level]
    vi = ", ".join(_LEVEL_WORDS[lv][0] for lv in c.scope.levels)
    en = ", ".join(_LEVEL_WORDS[lv][1] for lv in c.scope.levels)
    source = c.scope.sources[0].short()
    data = base.copy()
    data.update(
        points=None,
        computed_points=None,
        status=CriterionStatus.NOT_APPLICABLE,
        reason=f"Không áp dụng cho đơn vị {where_vi}: tiêu chí chỉ áp dụng {vi} (theo {source})",
        reason_en=(
            f"not applicable to a {where_en}-level unit: the criterion applies at {en} level"
            f" only (per {source})"
        ),
    )
    result = maker(CriterionResult)(data)

    def run(answer: Answer | None) -> CriterionResult:
        if answer is None:
            return result
        raise AnswerError(
            f"criterion {cid} applies at {en} level only (per {source}); a {where_en}-level"
            " unit is not scored on it: leave its answer out"
        )

    return run


def _format_problem(file: str, formats: tuple[str, ...]) -> str | None:
    """What is wrong with an evidence file name given the accepted formats, or `None`.

    A file's format is the extension of its name (the last part of its path, parts separated
    by a slash or a backslash), lower-cased: what follows the name's last dot, when something
    precedes that dot. A name without a dot, or with nothing before its last dot (`.pdf`), has
    no format.
    """
    dot = file.rfind(".")
    ext = file[dot + 1 :]
    # the dot is the name's (no separator after it) and something of the name precedes it
    if dot > 0 and file[dot - 1] not in "/\\" and "/" not in ext and "\\" not in ext:
        ext = ext.lower()
        if ext in formats:
            return None
        shown = f"format {ext!r}"
    else:
        shown = "no format (no extension)"
    return f"evidence file {file!r} has {shown}; accepted: {', '.join(formats)}"


def compile_criterion(
    c: Criterion,
    base: dict[str, Any],
    kind: MeasureKind[Any],
    rnd: Any,
    places: int | None,
    *,
    formats: tuple[str, ...] | None = None,
    fw_id: str = "",
) -> Run:
    """Compile one criterion: an answer in, its result out (see the module documentation).

    Args:
        c: the criterion.
        base: its result's fixed fields (every field, in order).
        kind: its measure kind.
        rnd: the framework's rounder.
        places: the framework's decimal places (a self-score may not have more); `None` for a
            framework that rounds nothing (any precision).
        formats: the evidence file formats the framework accepts, if it limits them.
        fw_id: the framework's id, for messages.
    """
    cid, m, top = c.id, c.measure, c.max_points
    rule = kind.compile(m, top, rnd, cid)
    # an unscored item (max 0) is always "at its max": its status comes from how far it is
    # fulfilled instead, i.e. the same rule scored out of 1
    fulfilment = kind.compile(m, ONE, _share, cid) if top == 0 and not signed(c) else None
    valued = kind.value is not None
    name = kind.name
    low = lowest(c)
    make = maker(CriterionResult)
    unanswered = base.copy()
    unanswered.update(
        points=None,
        computed_points=None,
        status=CriterionStatus.NOT_REPORTED,
        reason="Chưa báo cáo",
        reason_en="not reported",
    )
    not_reported = make(unanswered)
    met, partial, unmet = CriterionStatus.MET, CriterionStatus.PARTIAL, CriterionStatus.UNMET

    # self-scores already found to fit: at most (max − lowest) × 10^places + 1 values
    fitting: set[Decimal] = set()
    # the self-scored kind's points are the self-score, written with the framework's places
    exact_at_places = not valued and places is not None

    def run(answer: Answer | None) -> CriterionResult:
        if answer is None:
            return not_reported
        given = answer.__dict__  # the answer's fields: one read instead of one per field
        evidence = given["evidence"]
        if formats is not None and evidence:
            for ev in evidence:
                file = ev.file
                bad = None if file is None else _format_problem(file, formats)
                if bad is not None:
                    raise AnswerError(f"criterion {cid}: {bad} ({fw_id} accepts only these)")
        s = given["self_score"]
        if s is not None and s not in fitting:
            fault = points_fault(s, low, top, places)
            if fault is not None:
                raise AnswerError(problems=[self_score_problem(cid, fault, s, low, top, places)])
            fitting.add(s)
        value: Any = given["value"]
        if valued:
            if value is None:
                points, status, reason, reason_en = _NO_VALUE if s is None else _SELF_SCORE_ONLY
            elif value.kind != name:
                raise AnswerError(
                    problems=[
                        Problem.at(
                            ("answers", cid, "value", "kind"),
                            "value.wrong_kind",
                            f"criterion {cid} is measured as {name!r}; the answer's value has"
                            f" kind {value.kind!r}",
                            f"tiêu chí {cid} được đo theo kiểu {name!r}; giá trị của câu trả lời"
                            f" có kiểu {value.kind!r}",
                            value.kind,
                        )
                    ]
                )
            else:
                points, status, reason, reason_en = rule(value)
        else:
            if value is not None:
                raise AnswerError(
                    problems=[
                        Problem.at(
                            ("answers", cid, "value"),
                            "value.not_expected",
                            f"criterion {cid} is self-scored: give only self_score, not a value"
                            f" of kind {value.kind!r}",
                            f"tiêu chí {cid} là tiêu chí tự chấm: chỉ ghi self_score, không ghi"
                            f" giá trị kiểu {value.kind!r}",
                            value.kind,
                        )
                    ]
                )
            value = s
            points, status, reason, reason_en = rule(s)
            if exact_at_places and points is not None:  # the self-score, checked to fit: exact
                points = at_places(points, places)
        if points is not None:
            status = met if points >= top else unmet if points <= ZERO else partial
            if fulfilment is not None:
                share = fulfilment(value)[0]
                if share is not None:
                    status = status_for(share, ONE)
        data = base.copy()  # copying and setting beats building a merged dict
        data["points"] = data["computed_points"] = points
        data["status"] = status
        data["reason"] = reason
        data["reason_en"] = reason_en
        data["self_score"] = s  # as the commune wrote it
        data["evidence"] = evidence
        data["note"] = given["note"]
        return make(data)

    return run
