"""An appraiser's decision (thẩm định): a criterion's points set, with a reason.

The appraised scorecard keeps, per criterion, the commune's self-score, the engine's computed
points and the appraised points side by side; `points` becomes the appraised points, and the
subtotals, total, knockouts and tier are recomputed from them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from chinhquyen.criteria.framework import Framework
from chinhquyen.errors import AnswerError, AssessmentError, Problem
from chinhquyen.model import Model
from chinhquyen.scoring.engine import assemble, resolve
from chinhquyen.scoring.fields import ExactDecimal, Text
from chinhquyen.scoring.ranges import lowest, points_fault
from chinhquyen.scoring.scorecard import CriterionResult, Scorecard
from chinhquyen.scoring.status import status_for

__all__ = ["Adjustment", "review"]


class Adjustment(Model):
    """An appraiser's adjustment of one criterion's points (the appraiser's decision).

    Attributes:
        criterion_id: the criterion appraised.
        points: the appraised points, within the criterion's range.
        reason: why, in words (required: an appraisal without a reason cannot be audited).
        appraiser: who appraised (a person or a body), if given.
    """

    criterion_id: Text
    points: ExactDecimal
    reason: Text
    appraiser: Text | None = None


#: A level in the messages: (Vietnamese, English).
_LEVELS = {"province": ("cấp tỉnh", "province"), "commune": ("cấp xã", "commune")}


def _problem(at: int, criterion_id: str, code: str, value: Any, en: str, vi: str) -> Problem:
    """A problem with the adjustment at position `at`, located at its points.

    The messages follow the criterion's name: `criterion tc-1 {en}`, `tiêu chí tc-1 {vi}`.
    """
    return Problem.at(
        ("adjustments", at, "points"),
        code,
        f"criterion {criterion_id}{en}",
        f"tiêu chí {criterion_id}{vi}",
        value,
    )


def _fault(
    fw: Framework, result: CriterionResult, adj: Adjustment, at: int, level: str
) -> Problem | None:
    """What is wrong with an adjustment of `result` (the `at`-th given), or `None`."""
    criterion = fw.criterion(result.criterion_id)
    cid, points = adj.criterion_id, adj.points
    scope = criterion.scope
    if scope is not None and level not in scope.levels:
        # the unit's maximum leaves the criterion out: points for it would count what the
        # framework says this level is not judged on
        source = scope.sources[0].short()
        return _problem(
            at,
            cid,
            "appraisal.not_applicable",
            points,
            f" is not applicable to a {_LEVELS[level][1]}-level unit (it applies at"
            f" {', '.join(_LEVELS[lv][1] for lv in scope.levels)} level only, per {source}); an"
            " appraisal cannot give it points",
            f" không áp dụng cho đơn vị {_LEVELS[level][0]} (chỉ áp dụng"
            f" {', '.join(_LEVELS[lv][0] for lv in scope.levels)}, theo {source}); thẩm định"
            " không thể cho điểm tiêu chí này",
        )
    low, high, places = lowest(criterion), result.max_points, fw.rounding.places
    fault = points_fault(points, low, high, places)
    if fault == "out_of_range":
        return _problem(
            at,
            cid,
            "appraised_points.out_of_range",
            points,
            f": appraised points {points} are outside {low}..{high}",
            f": điểm thẩm định {points} nằm ngoài khoảng {low}..{high}",
        )
    if fault == "too_precise":
        return _problem(
            at,
            cid,
            "appraised_points.too_precise",
            points,
            f": appraised points {points} have more than {places} decimal place(s), the"
            " framework's precision",
            f": điểm thẩm định {points} có nhiều hơn {places} chữ số thập phân, độ chính xác của"
            " bộ tiêu chí",
        )
    return None


def _appraised(result: CriterionResult, adj: Adjustment) -> CriterionResult:
    return result.model_copy(
        update={
            "points": adj.points,
            "status": status_for(adj.points, result.max_points),
            "appraised_points": adj.points,
            "appraisal_reason": adj.reason,
            "appraiser": adj.appraiser,
        }
    )


def review(
    scorecard: Scorecard,
    adjustments: Iterable[Adjustment],
    *,
    framework: Framework | None = None,
) -> Scorecard:
    """Apply an appraisal to a scorecard and return the appraised scorecard.

    Args:
        scorecard: the scorecard to appraise (computed, or already appraised).
        adjustments: one [`Adjustment`][chinhquyen.scoring.Adjustment] per appraised criterion.
        framework: the framework the scorecard was scored with; loaded from the registry by
            the scorecard's framework id when not given.

    Returns:
        A new scorecard with `appraised=True`; the input is unchanged.

    Raises:
        UnknownCriterionError: an adjustment names a criterion not in the scorecard.
        AnswerError: appraised points outside `0..max` or finer than the framework's
            precision, two adjustments for one criterion, or points for a criterion out of
            the unit's scope (a province-only indicator appraised for a commune); one problem
            per adjustment, located at `adjustments/<position>/points`, with a code
            (`appraised_points.out_of_range`, `appraised_points.too_precise`,
            `appraisal.twice`, `appraisal.not_applicable`).
        AssessmentError: the framework given is not the scorecard's (id or version).
    """
    fw = framework if framework is not None else resolve(scorecard.framework)
    if (fw.id, fw.version) != (scorecard.framework, scorecard.framework_version):
        raise AssessmentError(
            f"the scorecard was scored with {scorecard.framework} version"
            f" {scorecard.framework_version}, not {fw.id} version {fw.version}"
        )
    by_id: dict[str, tuple[int, Adjustment]] = {}
    for at, adj in enumerate(adjustments):
        cid = adj.criterion_id
        if cid in by_id:
            raise AnswerError(
                problems=[
                    _problem(
                        at,
                        cid,
                        "appraisal.twice",
                        adj.points,
                        f" is appraised twice (adjustments {by_id[cid][0]} and {at})",
                        f" được thẩm định hai lần (điều chỉnh thứ {by_id[cid][0]} và {at})",
                    )
                ]
            )
        scorecard.criterion(cid)  # raises UnknownCriterionError, naming valid ids
        by_id[cid] = (at, adj)
    problems: list[Problem] = []
    level = scorecard.unit.administrative_level

    def apply(results: tuple[CriterionResult, ...]) -> list[CriterionResult]:
        out = []
        for r in results:
            given = by_id.get(r.criterion_id)
            if given is None:
                out.append(r)
                continue
            at, adj = given
            fault = _fault(fw, r, adj, at, level)
            if fault is None:
                out.append(_appraised(r, adj))
            else:
                problems.append(fault)
                out.append(r)
        return out

    criteria = apply(scorecard.criteria)
    extra = apply(scorecard.bonus_penalty)
    if problems:
        problems.sort(key=lambda p: p.path or ())
        raise AnswerError(problems=problems)
    disqualifiers = {
        k.id: k.triggered
        for k in scorecard.knockouts
        if k.kind == "disqualifier" and k.triggered is not None
    }
    return assemble(
        fw,
        criteria,
        extra,
        unit=scorecard.unit,
        period=scorecard.period,
        submitted=scorecard.submitted,
        disqualifiers=disqualifiers,
        assessment_digest=scorecard.digest,
        appraised=scorecard.appraised or bool(by_id),
    )
