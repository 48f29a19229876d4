"""What a self-assessment as a whole must satisfy before its answers are scored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache

from chinhquyen import units
from chinhquyen.criteria.framework import Framework, Jurisdiction
from chinhquyen.errors import AssessmentError, Problem, UnitError, UnknownCriterionError
from chinhquyen.scoring._plan import Plan
from chinhquyen.scoring.assessment import SelfAssessment
from chinhquyen.scoring.period import Period, period_bounds, period_label

__all__ = ["check_assessment", "check_unit_registry", "dates_outside_period"]


@lru_cache(maxsize=4096)
def _includes(jurisdiction: Jurisdiction, province: str, on: dt.date) -> bool:
    """`Jurisdiction.includes`, remembered: a province's communes repeat the same names."""
    return jurisdiction.includes(province, on=on)


def _period_value(period: int | Period) -> object:
    """The assessment's period as the document writes it (a year, or start and end)."""
    if isinstance(period, int):
        return period
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


@lru_cache(maxsize=1)
def _registry_starts() -> dt.date:
    return units.registry_dates()[0]


@lru_cache(maxsize=4096)
def _unit_problem(level: str, code: str, name: str, province: str, on: dt.date) -> str | None:
    """What the registry says is wrong with the unit on `on`, or `None` (remembered)."""
    try:
        if level == "province":
            units.province(province, on=on)
        else:
            units.check_unit(code, name=name, province=province, on=on)
    except UnitError as e:
        return str(e)
    return None


@lru_cache(maxsize=256)  # a framework's home province on each period's last day: a handful
def _known_province(name: str, on: dt.date) -> bool:
    try:
        units.province(name, on=on)
    except UnitError:
        return False
    return True


def check_unit_registry(fw: Framework, a: SelfAssessment) -> None:
    """Refuse a unit the registry of administrative units does not know on the period's last day.

    A commune-level unit's code must be a unit's code on that day, with its name and province
    (read as `chinhquyen.units.check_unit` reads them: type words aside, a former province's
    name for its successor); a province-level unit's province must be a province that day.
    Checked for periods ending on or after 1/7/2025, the registry's first day: before it the
    registry cannot answer (the earlier map, with districts and other codes, is not in it), so
    an earlier unit is taken as written. Not checked either for a framework whose jurisdiction
    the province table does not know (a plug-in's test jurisdiction).

    Raises:
        AssessmentError: naming the unit and what the registry says (for an unknown code, the
            nearest codes of that day).
    """
    u = a.unit
    problem = _registry_problem(
        fw, u.administrative_level, u.code, u.name, u.province, a.period_bounds[1]
    )
    if problem is not None:
        raise AssessmentError(problems=[problem])


def _registry_problem(
    fw: Framework, level: str, code: str, name: str, province: str, end: dt.date
) -> Problem | None:
    if end < _registry_starts():
        return None
    home = fw.jurisdiction.province
    if home is not None and not _known_province(home, end):
        return None
    problem = _unit_problem(level, code, name, province, end)
    if problem is None:
        return None
    return Problem.at(
        ("unit", "code"),
        "unit.unknown",
        f"unit {code!r} ({name}, {province}): {problem}",
        f"đơn vị {code!r} ({name}, {province}) không khớp danh mục đơn vị hành chính"
        f" ngày {end.isoformat()}: {problem}",
        code,
    )


def check_assessment(fw: Framework, plan: Plan, a: SelfAssessment) -> None:
    """Refuse an assessment the framework cannot score.

    That is one for another framework, version, period or province, for a unit of a level the
    framework does not judge or that the registry of units does not know (see
    `check_unit_registry`), or one naming criteria or disqualifiers the framework does not have.
    Each error carries one problem per thing wrong, located in the assessment (`framework`,
    `unit/province`, `answers/<id>`, ...).
    """
    given = a.__dict__  # the assessment's fields: one attribute read instead of one per field
    if given["framework"] != fw.id:
        raise AssessmentError(
            problems=[
                Problem.at(
                    ("framework",),
                    "framework.mismatch",
                    f"the assessment is for framework {a.framework!r}, not {fw.id!r}; score it"
                    f" with {a.framework!r}",
                    f"bản tự đánh giá theo bộ tiêu chí {a.framework!r}, không phải {fw.id!r};"
                    f" hãy chấm theo {a.framework!r}",
                    a.framework,
                )
            ]
        )
    u = given["unit"]
    unit = u.__dict__
    key = (
        u.administrative_level,
        unit["code"],
        unit["name"],
        unit["province"],
        given["period"],
        given["framework_version"],
    )
    if not _fits(plan)(*key):
        raise AssessmentError(problems=_unit_and_period(fw, *key))
    if not plan.known.issuperset(given["answers"]):
        unknown = sorted(set(a.answers) - plan.known)
        valid = ", ".join(c.id for c in [*fw.criteria(), *fw.bonus_penalty])
        raise UnknownCriterionError(
            problems=[
                Problem.at(
                    ("answers", cid),
                    "answers.unknown_criterion",
                    f"answer for unknown criterion {cid} in framework {fw.id}; valid ids: {valid}",
                    f"câu trả lời cho tiêu chí {cid} không có trong bộ tiêu chí {fw.id};"
                    f" các mã hợp lệ: {valid}",
                    cid,
                )
                for cid in unknown
            ]
        )
    flags = given["disqualifiers"]
    if flags and not set(plan.disqualifiers).issuperset(flags):
        extra = sorted(set(flags) - set(plan.disqualifiers))
        valid = ", ".join(plan.disqualifiers) or "(none)"
        valid_vi = ", ".join(plan.disqualifiers) or "(không có)"
        raise AssessmentError(
            problems=[
                Problem.at(
                    ("disqualifiers", d),
                    "disqualifiers.unknown",
                    f"unknown disqualifier {d} for {fw.id}; valid: {valid}",
                    f"điểm liệt {d} không có trong {fw.id}; hợp lệ: {valid_vi}",
                    d,
                )
                for d in extra
            ]
        )


@lru_cache(maxsize=64)  # as many frameworks as `plan_for` keeps plans for
def _fits(plan: Plan) -> Callable[[str, str, str, str, int | Period, str | None], bool]:
    """Whether `_unit_and_period` finds nothing wrong, remembered per framework.

    A refused assessment gets problems of its own, made again: an error's are not shared.
    """
    fw = plan.framework

    # the country's 3,321 communes in one period, with room to spare
    @lru_cache(maxsize=4096)
    def fits(
        level: str, code: str, name: str, province: str, period: int | Period, version: str | None
    ) -> bool:
        return not _unit_and_period(fw, level, code, name, province, period, version)

    return fits


def _unit_and_period(
    fw: Framework,
    level: str,
    code: str,
    name: str,
    province: str,
    period: int | Period,
    version: str | None,
) -> list[Problem]:
    """What is wrong with an assessment's unit, period and pinned version for a framework.

    It reads nothing of the assessment but its arguments: assessments with the same unit,
    period and version get the same answer.
    """
    start, end = period_bounds(period)
    label = period_label(period)
    problems: list[Problem] = []
    home = fw.jurisdiction.province
    if home is not None and not _includes(fw.jurisdiction, province, end):
        problems.append(
            Problem.at(
                ("unit", "province"),
                "unit.province_mismatch",
                f"unit.province {province!r} is not {home!r}, where"
                f" framework {fw.id} applies; score the unit with its own province's framework"
                " or a nationwide one",
                f"tỉnh của đơn vị {province!r} không phải {home!r}, nơi áp dụng bộ"
                f" tiêu chí {fw.id}; hãy chấm theo bộ tiêu chí của tỉnh mình hoặc bộ toàn quốc",
                province,
            )
        )
    if level not in fw.jurisdiction.levels():
        judged = " and ".join(fw.jurisdiction.levels())
        problems.append(
            Problem.at(
                ("unit", "level"),
                "unit.level",
                f"unit {code!r} is a {level}-level unit; {fw.id} judges {judged}-level"
                " units only (unit.level: 'province' for a province, left out for a commune)",
                f"đơn vị {code!r} thuộc cấp {level}; {fw.id} chỉ đánh giá đơn vị cấp"
                f" {judged} (unit.level: 'province' cho cấp tỉnh, bỏ trống cho cấp xã)",
                level,
            )
        )
    # a unit of another province is that one problem, not also a unit the registry lacks there
    registry = None if problems else _registry_problem(fw, level, code, name, province, end)
    if registry is not None:
        problems.append(registry)
    if version is not None and version != fw.version:
        problems.append(
            Problem.at(
                ("framework_version",),
                "framework_version.mismatch",
                f"the assessment pins {fw.id} version {version!r}; the framework"
                f" given is version {fw.version!r}",
                f"bản tự đánh giá ghi {fw.id} phiên bản {version!r}; bộ tiêu chí"
                f" được dùng là phiên bản {fw.version!r}",
                version,
            )
        )
    if end < fw.effective_from or (fw.effective_to is not None and start > fw.effective_to):
        until = fw.effective_to.isoformat() if fw.effective_to else "now"
        until_vi = fw.effective_to.isoformat() if fw.effective_to else "nay"
        problems.append(
            Problem.at(
                ("period",),
                "period.outside_framework",
                f"period {label} lies outside {fw.id}'s effective dates"
                f" ({fw.effective_from.isoformat()} to {until})",
                f"kỳ {label} nằm ngoài thời gian hiệu lực của {fw.id}"
                f" ({fw.effective_from.isoformat()} đến {until_vi})",
                _period_value(period),
            )
        )
    return problems


def dates_outside_period(plan: Plan, a: SelfAssessment) -> list[Problem]:
    """A problem for every answer whose value records an event outside the assessment's period."""
    start, end = a.period_bounds
    problems: list[Problem] = []
    for cid, kind, check in plan.period_checks:
        answer = a.answers.get(cid)
        value = None if answer is None else answer.value
        if value is not None and value.kind == kind:  # a value of another kind is refused later
            problems += check(value, cid, start, end, a.period_label)
    return problems
