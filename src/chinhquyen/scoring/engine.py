"""``score(framework, assessment)``: the scoring engine, pure and deterministic.

Decisions (where the issue leaves a choice):

* Self-scored criteria take the self-score, which must lie in ``[0, max]``, be a multiple of the
  measure's ``step`` and have no more decimals than the framework's rounding ``places``.
* Computed kinds need the measured ``value``; the commune's self-score is kept beside the
  computed points. A self-score without the measured value leaves the criterion *not reported*
  (points ``None``), never scored from the self-score.
* A criterion without an answer is *not reported*: points ``None``, listed in
  ``not_reported``; it contributes nothing to ``total`` and ``tier_provisional`` is set.
* When nothing at all is reported (no criterion or bonus/penalty item has an answer, e.g. an
  empty submission `answers: {}`), the scorecard says so (`nothing_reported`) and has no tier:
  a total of 0 measured nothing, so it ranks nowhere (`tier` and `tier_before_knockouts` are
  `None`, `tier_provisional` is true).
* Computed points are exact fractions rounded once per criterion with the framework's
  rounding rule; group points and the total are exact sums of criterion points and are never
  rounded again, so the tier is decided on the exact total (94.995 stays below 95).
* Knockouts: a criterion floor counts a not-reported criterion as below the floor (nothing
  shows it reaches the floor) and skips not-applicable ones; a disqualifier the assessment
  does not report is undecided (``triggered=None``) and makes the tier provisional.
* An item worth 0 points (an unscored item of a derived set) gets its status from how far it
  is fulfilled (the same rule scored out of 1), so "no" is never shown as met.
* A criterion whose scope leaves out the unit's level (`Unit.level`: a province, else a
  commune) is *not applicable*, with a reason citing the scope: left out of `reported_max`,
  never scored 0. An answer to it is refused.
* ``self_difference`` compares criterion by criterion (self-score minus points, where both
  exist); ``self_total`` is only the sum of the self-scores given.
* The engine builds its result models without re-validating them (every input was validated
  on the way in; see `chinhquyen.model.maker`); they validate normally when read back
  from JSON.
* Each framework gets a plan (`scoring._plan`), made once, with every criterion's rule
  compiled by its measure kind (see [`chinhquyen.scoring.kinds`][]) and its fixed result
  fields ready; that compiled rule is the only one. The checks an assessment as a whole must
  pass first are in `scoring._checks`.
  [`score_many`][chinhquyen.scoring.engine.score_many] scores a batch with the cyclic
  collector paused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from chinhquyen.criteria.framework import Framework, Tier, tier_reached
from chinhquyen.criteria.knockouts import CriterionFloor, Disqualifier, MinimumTotal
from chinhquyen.errors import AnswerError, Problem
from chinhquyen.model import build
from chinhquyen.scoring._checks import check_assessment, dates_outside_period
from chinhquyen.scoring._plan import Plan, Run, at_places, plan_for, zero_at
from chinhquyen.scoring.answers import Answer
from chinhquyen.scoring.assessment import SelfAssessment, Unit
from chinhquyen.scoring.batching import gc_paused
from chinhquyen.scoring.digest import digest
from chinhquyen.scoring.period import Period
from chinhquyen.scoring.progress import track
from chinhquyen.scoring.scorecard import CriterionResult, GroupResult, KnockoutResult, Scorecard
from chinhquyen.scoring.status import CriterionStatus

__all__ = ["assemble", "resolve", "score", "score_many"]

ZERO = Decimal(0)


def _rank(fw: Framework, tier: Tier | None) -> int:
    return -1 if tier is None else [t.label for t in fw.tiers].index(tier.label)


def _knockouts(
    plan: Plan,
    disqualifiers: Mapping[str, bool],
    results: list[CriterionResult],
    total: Decimal,
) -> list[KnockoutResult]:
    out: list[KnockoutResult] = []
    known = plan.knockout_results
    for i, (k, common) in enumerate(plan.knockouts):
        below: tuple[str, ...] = ()
        fact: bool | None = None
        key: tuple[int, object] | None = None  # set when the result depends on nothing else
        if isinstance(k, CriterionFloor):
            below = tuple(
                r.criterion_id
                for r in results
                if r.status is not CriterionStatus.NOT_APPLICABLE
                and (r.points is None or r.points < k.share * r.max_points)
            )
            key = None if below else (i, "ok")
        elif isinstance(k, Disqualifier):
            fact = disqualifiers.get(k.id)
            key = (i, fact)
        result = known.get(key) if key is not None else None
        if result is None:
            result = _knockout(k, common, below, fact, total)
            if key is not None:  # at most 4 keys per knockout: "ok", True, False, None
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
    bonus_penalty: list[CriterionResult],
    *,
    unit: Unit,
    period: int | Period,
    submitted: dt.date | None,
    disqualifiers: Mapping[str, bool],
    assessment_digest: str,
    appraised: bool = False,
) -> Scorecard:
    """Build a scorecard from criterion results: subtotals, total, knockouts and tier."""
    return _assemble(
        fw,
        plan_for(fw),
        criteria,
        bonus_penalty,
        unit,
        period,
        submitted,
        disqualifiers,
        assessment_digest,
        appraised,
    )


def _assemble(
    fw: Framework,
    plan: Plan,
    criteria: list[CriterionResult],
    bonus_penalty: list[CriterionResult],
    unit: Unit,
    period: int | Period,
    submitted: dt.date | None,
    disqualifiers: Mapping[str, bool],
    assessment_digest: str,
    appraised: bool,
) -> Scorecard:
    gone, out = _NOT_REPORTED_STATUS, _NOT_APPLICABLE_STATUS  # enum lookups are slow in loops
    # one pass over the results; exact sums, so adding per group first changes nothing. Sums
    # start from 0 at the framework's places, so an empty one is written "0.00" like the rest.
    # Results are read through their `__dict__`: one attribute read instead of one per field
    places = plan.places
    zero = zero_at(places)
    n = len(plan.groups)
    points, reported = [zero] * n, [zero] * n
    self_points: list[Decimal | None] = [None] * n
    # a group's criteria not reported or not applicable, by group index: few, so made as found
    not_reported: dict[int, list[str]] = {}
    not_applicable: dict[int, list[str]] = {}
    group_of = plan.group_index
    gaps: list[str] = []
    na: list[str] = []
    for r in criteria:
        d = r.__dict__
        cid = d["criterion_id"]
        i = group_of[cid]
        p = d["points"]
        if p is not None:
            points[i] += p
            reported[i] += d["max_points"]
        s = d["self_score"]
        if s is not None:
            so_far = self_points[i]
            self_points[i] = (zero if so_far is None else so_far) + s  # as sum() would
        status = d["status"]
        if status is gone:
            not_reported.setdefault(i, []).append(cid)
            gaps.append(cid)
        elif status is out:
            not_applicable.setdefault(i, []).append(cid)
            na.append(cid)
    reported_max = sum(reported, zero)
    given = [x for x in self_points if x is not None]
    any_self = bool(given)
    self_total = sum(given, zero)
    extra = zero
    for r in bonus_penalty:
        d = r.__dict__
        if d["points"] is not None:
            extra += d["points"]
        if d["self_score"] is not None:
            self_total += d["self_score"]
            any_self = True
        if d["status"] is gone:
            gaps.append(d["criterion_id"])
        elif d["status"] is out:
            na.append(d["criterion_id"])
    make_group, remembered, single = plan.make_group, plan.remembered_group, plan.single
    groups: list[GroupResult] = []
    for i in range(n):
        gone_here = tuple(not_reported[i]) if not_reported and i in not_reported else ()
        out_here = tuple(not_applicable[i]) if not_applicable and i in not_applicable else ()
        make = remembered if single[i] else make_group
        groups.append(make(i, points[i], reported[i], self_points[i], gone_here, out_here))
    base = sum(points, zero)
    total = base + extra
    nothing = len(gaps) == len(criteria) + len(bonus_penalty)
    before = None if nothing else tier_reached(plan.tiers, total)
    if plan.knockouts:
        checked = _knockouts(plan, disqualifiers, criteria, total)
        tier, checked = _apply_knockouts(fw, before, checked)
        undecided = any(k.triggered is None for k in checked)
    else:
        tier, checked, undecided = before, [], False
    card = plan.card.copy()  # the framework's own fields already set
    card["unit"] = unit
    card["period"] = period
    card["submitted"] = submitted
    card["criteria"] = tuple(criteria)
    card["groups"] = tuple(groups)
    card["bonus_penalty"] = tuple(bonus_penalty)
    card["base_total"] = base
    card["total"] = total
    card["reported_max"] = reported_max
    card["self_total"] = at_places(self_total, places) if any_self else None
    if tier is not None:
        card["tier"] = tier.label
        card["tier_en"] = tier.label_en
    if before is not None:
        card["tier_before_knockouts"] = before.label
    card["tier_provisional"] = bool(gaps) or undecided
    card["knockouts"] = tuple(checked)
    card["not_reported"] = tuple(gaps)
    card["nothing_reported"] = nothing
    card["not_applicable"] = tuple(na)
    card["appraised"] = appraised
    card["digest"] = assessment_digest
    return plan.make_card(card)


_NOT_REPORTED_STATUS = CriterionStatus.NOT_REPORTED
_NOT_APPLICABLE_STATUS = CriterionStatus.NOT_APPLICABLE


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
        framework_or_id: a [`Framework`][chinhquyen.criteria.Framework] or a registered id such as
            ``"dong-nai/qd-54-2025"``.
        assessment: the commune's self-assessment.

    Returns:
        The scorecard, with points, reasons, rules and sources per criterion.

    Raises:
        AssessmentError: the assessment is for another framework or version, its period lies
            outside the framework's effective dates, or it reports unknown disqualifiers.
        UnknownCriterionError: an answer names a criterion the framework does not have.
        AnswerError: an answer does not fit its criterion (wrong kind, self-score outside
            0..max, unknown checklist item, …); the message names the criterion. Every answer
            that does not fit is one of its `problems`, located at `answers/<criterion id>/…`.
    """
    fw = resolve(framework_or_id)
    return _score(fw, plan_for(fw), assessment)


def _score(fw: Framework, plan: Plan, assessment: SelfAssessment) -> Scorecard:
    """`score` with the framework resolved and its plan at hand."""
    check_assessment(fw, plan, assessment)
    a = assessment.__dict__  # the assessment's fields: one attribute read instead of one per field
    answers = a["answers"]
    unit = a["unit"]
    problems = dates_outside_period(plan, assessment) if plan.period_checks else []
    steps, bonus_steps = plan.by_level[unit.administrative_level]
    criteria = _results(steps, answers, problems)
    bonus = _results(bonus_steps, answers, problems) if bonus_steps else []
    if problems:
        raise AnswerError(problems=problems)
    return _assemble(
        fw,
        plan,
        criteria,
        bonus,
        unit,
        a["period"],
        a["submitted"],
        a["disqualifiers"],
        digest(assessment),
        False,
    )


def score_many(
    framework_or_id: Framework | str,
    assessments: Iterable[SelfAssessment],
    *,
    progress: bool | None = None,
) -> list[Scorecard]:
    """Score many self-assessments against one framework, e.g. every commune of a province.

    Gives exactly ``[score(framework, a) for a in assessments]``, faster for large batches:
    the framework is resolved once and Python's cyclic garbage collector is paused while the
    batch is scored (scoring creates no reference cycles, so memory is freed as usual; the
    collector's previous state is restored afterwards, also when an error is raised). The
    assessments are taken from ``assessments`` first, with the collector running, so a
    generator that reads files (e.g. Excel workbooks, full of cycles) is collected as usual.

    Args:
        framework_or_id: a [`Framework`][chinhquyen.criteria.Framework] or a registered id.
        assessments: the self-assessments, all for that framework.
        progress: `True` to draw a progress bar, `False` never to; `None` (the default) draws
            one on a terminal or in a notebook once the scoring takes more than half a second
            (see `chinhquyen.scoring.progress`).

    Returns:
        The scorecards, in the order of the assessments.

    Raises:
        AssessmentError: as `score`, for the first assessment that does not fit.
        UnknownCriterionError: as `score`.
        AnswerError: as `score`.
    """
    fw = resolve(framework_or_id)
    plan = plan_for(fw)
    batch = list(assessments)  # read before the pause: reading may make cycles, scoring not
    with gc_paused():
        return [
            _score(fw, plan, a) for a in track(batch, label="Chấm điểm (scoring)", show=progress)
        ]


def _results(
    steps: tuple[tuple[str, Run], ...], answers: Mapping[str, Answer], problems: list[Problem]
) -> list[CriterionResult]:
    """Score criteria in order; the problems of an answer that does not fit go in `problems`."""
    out: list[CriterionResult] = []
    get = answers.get
    for cid, run in steps:
        try:
            out.append(run(get(cid)))
        except AnswerError as e:
            problems.extend(e.problems)
    return out
