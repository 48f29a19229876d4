"""What a self-assessment must satisfy before it is scored against a framework."""

from __future__ import annotations

from decimal import Decimal

from chinhquyen.criteria.framework import Criterion, Framework
from chinhquyen.errors import AnswerError, AssessmentError, UnknownCriterionError
from chinhquyen.scoring._plan import ZERO, penalty_floor, plan_for, province_key
from chinhquyen.scoring.answers import Answer, DeductionValue
from chinhquyen.scoring.assessment import SelfAssessment

__all__ = ["check_assessment", "check_self_score", "records_in_period"]


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def check_self_score(fw: Framework, criterion: Criterion, answer: Answer) -> None:
    """Refuse a self-score outside the criterion's range or finer than the framework's places."""
    s = answer.self_score
    if s is None:
        return
    low = min(ZERO, penalty_floor(criterion))
    if s < low or s > criterion.max_points:
        raise AnswerError(
            f"criterion {criterion.id}: self-score {s} is outside 0..{criterion.max_points}"
        )
    if _places(s) > fw.rounding.places:
        raise AnswerError(
            f"criterion {criterion.id}: self-score {s} has more than {fw.rounding.places}"
            f" decimal place(s), the framework's precision"
        )


def check_assessment(fw: Framework, a: SelfAssessment) -> None:
    """Refuse an assessment the framework cannot score.

    That is one for another framework, version, period or province, or one naming criteria
    or disqualifiers the framework does not have.
    """
    if a.framework != fw.id:
        raise AssessmentError(
            f"the assessment is for framework {a.framework!r}, not {fw.id!r}; score it with"
            f" {a.framework!r}"
        )
    plan = plan_for(fw)
    province = plan.province
    if province is not None and province_key(a.unit.province) != province:
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


def records_in_period(a: SelfAssessment, deductions: tuple[str, ...], problems: list[str]) -> None:
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
