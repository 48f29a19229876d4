"""An appraiser's decision (thẩm định): a criterion's points set, with a reason.

The appraised scorecard keeps, per criterion, the commune's self-score, the engine's computed
points and the appraised points side by side; `points` becomes the appraised points, and the
subtotals, total, knockouts and tier are recomputed from them.
"""

from __future__ import annotations

from collections.abc import Iterable

from chinhquyen.criteria.framework import Framework
from chinhquyen.errors import AnswerError, AssessmentError, UnknownCriterionError
from chinhquyen.model import Model
from chinhquyen.scoring.engine import assemble, resolve
from chinhquyen.scoring.fields import ExactDecimal, Text
from chinhquyen.scoring.ranges import lowest, points_problem
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


def _appraise(
    fw: Framework, result: CriterionResult, adj: Adjustment, level: str
) -> CriterionResult:
    criterion = fw.criterion(result.criterion_id)
    scope = criterion.scope
    if scope is not None and level not in scope.levels:
        # the unit's maximum leaves the criterion out: points for it would count what the
        # framework says this level is not judged on
        raise AnswerError(
            f"criterion {adj.criterion_id} is not applicable to a {level}-level unit (it applies"
            f" at {', '.join(scope.levels)} level only, per {scope.sources[0].short()}); an"
            " appraisal cannot give it points"
        )
    problem = points_problem(
        "appraised points",
        adj.points,
        lowest(criterion),
        result.max_points,
        fw.rounding.places,
        plural=True,
    )
    if problem is not None:
        raise AnswerError(f"criterion {adj.criterion_id}: {problem}")
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
            the unit's scope (a province-only indicator appraised for a commune).
        AssessmentError: the framework given is not the scorecard's (id or version).
    """
    fw = framework if framework is not None else resolve(scorecard.framework)
    if (fw.id, fw.version) != (scorecard.framework, scorecard.framework_version):
        raise AssessmentError(
            f"the scorecard was scored with {scorecard.framework} version"
            f" {scorecard.framework_version}, not {fw.id} version {fw.version}"
        )
    by_id: dict[str, Adjustment] = {}
    for adj in adjustments:
        if adj.criterion_id in by_id:
            raise AnswerError(f"criterion {adj.criterion_id} is appraised twice")
        scorecard.criterion(adj.criterion_id)  # raises UnknownCriterionError, naming valid ids
        by_id[adj.criterion_id] = adj
    problems: list[str] = []
    level = scorecard.unit.administrative_level

    def apply(results: tuple[CriterionResult, ...]) -> list[CriterionResult]:
        out = []
        for r in results:
            adj = by_id.get(r.criterion_id)
            if adj is None:
                out.append(r)
                continue
            try:
                out.append(_appraise(fw, r, adj, level))
            except (AnswerError, UnknownCriterionError) as e:
                problems.append(str(e))
                out.append(r)
        return out

    criteria = apply(scorecard.criteria)
    extra = apply(scorecard.bonus_penalty)
    if problems:
        raise AnswerError("; ".join(problems))
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
