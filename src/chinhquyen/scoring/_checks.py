"""What a self-assessment as a whole must satisfy before its answers are scored."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from chinhquyen.criteria.framework import Framework, Jurisdiction
from chinhquyen.errors import AssessmentError, UnknownCriterionError
from chinhquyen.scoring._plan import Plan
from chinhquyen.scoring.assessment import SelfAssessment

__all__ = ["check_assessment", "dates_outside_period"]


@lru_cache(maxsize=4096)
def _includes(jurisdiction: Jurisdiction, province: str, on: dt.date) -> bool:
    """`Jurisdiction.includes`, remembered: a province's communes repeat the same names."""
    return jurisdiction.includes(province, on=on)


def check_assessment(fw: Framework, plan: Plan, a: SelfAssessment) -> None:
    """Refuse an assessment the framework cannot score.

    That is one for another framework, version, period or province, or one naming criteria
    or disqualifiers the framework does not have.
    """
    if a.framework != fw.id:
        raise AssessmentError(
            f"the assessment is for framework {a.framework!r}, not {fw.id!r}; score it with"
            f" {a.framework!r}"
        )
    province = fw.jurisdiction.province
    if province is not None and not _includes(fw.jurisdiction, a.unit.province, a.period_bounds[1]):
        raise AssessmentError(
            f"unit.province {a.unit.province!r} is not {province!r}, where"
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
            f" valid ids: {', '.join(c.id for c in [*fw.criteria(), *fw.bonus_penalty])}"
        )
    extra = sorted(set(a.disqualifiers) - set(plan.disqualifiers))
    if extra:
        raise AssessmentError(
            f"unknown disqualifier(s) {', '.join(extra)} for {fw.id};"
            f" valid: {', '.join(plan.disqualifiers) or '(none)'}"
        )


def dates_outside_period(plan: Plan, a: SelfAssessment) -> list[str]:
    """A problem for every answer whose value records an event outside the assessment's period."""
    start, end = a.period_bounds
    problems: list[str] = []
    for cid, kind, check in plan.period_checks:
        answer = a.answers.get(cid)
        value = None if answer is None else answer.value
        if value is not None and value.kind == kind:  # a value of another kind is refused later
            problem = check(value, start, end, a.period_label)
            if problem is not None:
                problems.append(f"criterion {cid}: {problem}")
    return problems
