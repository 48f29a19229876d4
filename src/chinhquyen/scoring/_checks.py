"""What a self-assessment as a whole must satisfy before its answers are scored."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from chinhquyen import units
from chinhquyen.criteria.framework import Framework, Jurisdiction
from chinhquyen.errors import AssessmentError, UnitError, UnknownCriterionError
from chinhquyen.scoring._plan import Plan
from chinhquyen.scoring.assessment import SelfAssessment, Unit

__all__ = ["check_assessment", "check_unit_registry", "dates_outside_period"]


@lru_cache(maxsize=4096)
def _includes(jurisdiction: Jurisdiction, province: str, on: dt.date) -> bool:
    """`Jurisdiction.includes`, remembered: a province's communes repeat the same names."""
    return jurisdiction.includes(province, on=on)


@lru_cache(maxsize=1)
def _registry_starts() -> dt.date:
    return units.registry_dates()[0]


@lru_cache(maxsize=4096)
def _unit_problem(unit: Unit, on: dt.date) -> str | None:
    """What the registry says is wrong with the unit on `on`, or `None` (remembered)."""
    try:
        if unit.administrative_level == "province":
            units.province(unit.province, on=on)
        else:
            units.check_unit(unit.code, name=unit.name, province=unit.province, on=on)
    except UnitError as e:
        return str(e)
    return None


def _known_province(name: str, on: dt.date) -> bool:
    try:
        units.province(name, on=on)
    except UnitError:
        return False
    return True


def check_unit_registry(fw: Framework, a: SelfAssessment) -> None:
    """Refuse a unit the registry of administrative units does not know on the period's last day.

    A commune-level unit's code must be a unit's code on that day, with its name and province
    (read as [`chinhquyen.units.check_unit`][] reads them: type words aside, a former province's
    name for its successor); a province-level unit's province must be a province that day.
    Checked for periods ending on or after 1/7/2025, the registry's first day: before it the
    registry cannot answer (the earlier map, with districts and other codes, is not in it), so
    an earlier unit is taken as written. Not checked either for a framework whose jurisdiction
    the province table does not know (a plug-in's test jurisdiction).

    Raises:
        AssessmentError: naming the unit and what the registry says (for an unknown code, the
            nearest codes of that day).
    """
    end = a.period_bounds[1]
    if end < _registry_starts():
        return
    home = fw.jurisdiction.province
    if home is not None and not _known_province(home, end):
        return
    problem = _unit_problem(a.unit, end)
    if problem is not None:
        u = a.unit
        raise AssessmentError(f"unit {u.code!r} ({u.name}, {u.province}): {problem}")


def check_assessment(fw: Framework, plan: Plan, a: SelfAssessment) -> None:
    """Refuse an assessment the framework cannot score.

    That is one for another framework, version, period or province, for a unit of a level the
    framework does not judge or that the registry of units does not know (see
    `check_unit_registry`), or one naming criteria or disqualifiers the framework does not have.
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
    level = a.unit.administrative_level
    if level not in fw.jurisdiction.levels():
        judged = " and ".join(fw.jurisdiction.levels())
        raise AssessmentError(
            f"unit {a.unit.code!r} is a {level}-level unit; {fw.id} judges {judged}-level"
            " units only (unit.level: 'province' for a province, left out for a commune)"
        )
    check_unit_registry(fw, a)
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
