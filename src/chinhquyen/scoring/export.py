"""Tables for notebooks: scorecards, cohorts, assessments and evidence as pandas DataFrames.

Needs the ``pandas`` extra: ``pip install 'chinhquyen[pandas]'``. Column names are English
identifiers; Vietnamese text (titles, status labels, reasons) is in the cells. Points stay
exact ``Decimal`` objects by default (``numbers="decimal"``, object columns) so that a total
read from the table is the total the engine computed; ``numbers="float"`` gives float columns
for plotting and statistics. A missing value (not reported, not applicable) is pandas' missing
marker (test it with ``pandas.isna``), never 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from chinhquyen.extras import require

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from chinhquyen.scoring.assessment import SelfAssessment
    from chinhquyen.scoring.cohort import Cohort
    from chinhquyen.scoring.evidence.survey import SurveyResult
    from chinhquyen.scoring.evidence.timeliness import TimelinessReport
    from chinhquyen.scoring.scorecard import Scorecard

__all__ = [
    "assessment_frame",
    "cohort_frame",
    "group_frame",
    "scorecard_frame",
    "survey_frame",
    "timeliness_frame",
]

Numbers = Literal["decimal", "float"]


def _frame(
    rows: Iterable[Mapping[str, Any]],
    columns: list[str],
    numeric: Iterable[str],
    numbers: Numbers,
    feature: str,
) -> pd.DataFrame:
    pandas = require("pandas", "pandas", feature)
    if numbers not in ("decimal", "float"):
        from chinhquyen.errors import InvalidInputError

        raise InvalidInputError(feature, [("numbers", f"{numbers!r}; use 'decimal' or 'float'")])
    convert: Callable[[Any], Any] = _to_float if numbers == "float" else _keep
    numeric = set(numeric)
    data = [{c: (convert(r[c]) if c in numeric else r[c]) for c in columns} for r in rows]
    frame: pd.DataFrame = pandas.DataFrame(data, columns=columns)
    if numbers == "float":
        for c in numeric:
            frame[c] = frame[c].astype("float64")
    return frame


def _keep(value: Any) -> Any:
    return value


def _to_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _rate(value: Fraction | None) -> Decimal | None:
    """A Fraction as a Decimal with 28 significant digits (None stays None)."""
    if value is None:
        return None
    return Decimal(value.numerator) / Decimal(value.denominator)


# --- scorecards ----------------------------------------------------------------------------------

_CRITERION_COLUMNS = [
    "criterion_id", "group_id", "title", "title_en", "kind", "max_points", "points",
    "computed_points", "self_score", "self_difference", "appraised_points", "shortfall",
    "status", "status_label", "reason", "reason_en", "rule", "evidence",
]  # fmt: skip
_CRITERION_NUMERIC = [
    "max_points", "points", "computed_points", "self_score", "self_difference",
    "appraised_points", "shortfall",
]  # fmt: skip


def scorecard_frame(card: Scorecard, *, numbers: Numbers = "decimal") -> pd.DataFrame:
    """One row per criterion (the bonus/penalty items last, with ``group_id`` None).

    Args:
        card: the scorecard.
        numbers: ``"decimal"`` (exact, default) or ``"float"``.
    """
    rows = [
        {
            "criterion_id": r.criterion_id,
            "group_id": r.group_id,
            "title": r.title,
            "title_en": r.title_en,
            "kind": r.kind,
            "max_points": r.max_points,
            "points": r.points,
            "computed_points": r.computed_points,
            "self_score": r.self_score,
            "self_difference": r.self_difference,
            "appraised_points": r.appraised_points,
            "shortfall": r.shortfall,
            "status": r.status.value,
            "status_label": r.status.label,
            "reason": r.reason,
            "reason_en": r.reason_en,
            "rule": r.rule,
            "evidence": len(r.evidence),
        }
        for r in (*card.criteria, *card.bonus_penalty)
    ]
    return _frame(rows, _CRITERION_COLUMNS, _CRITERION_NUMERIC, numbers, "scorecard_frame()")


def group_frame(card: Scorecard, *, numbers: Numbers = "decimal") -> pd.DataFrame:
    """One row per group: its max, points, the max of what was reported, self-points, gaps."""
    rows = [
        {
            "group_id": g.group_id,
            "title": g.title,
            "title_en": g.title_en,
            "max_points": g.max_points,
            "points": g.points,
            "reported_max": g.reported_max,
            "self_points": g.self_points,
            "shortfall": g.shortfall,
            "not_reported": len(g.not_reported),
            "not_applicable": len(g.not_applicable),
        }
        for g in card.groups
    ]
    columns = list(rows[0]) if rows else ["group_id"]
    numeric = ["max_points", "points", "reported_max", "self_points", "shortfall"]
    return _frame(rows, columns, numeric, numbers, "group_frame()")


def cohort_frame(cohort: Cohort, *, numbers: Numbers = "decimal") -> pd.DataFrame:
    """One row per commune in rank order, with one ``group:<id>`` column of points per group."""
    ranked = cohort.ranking()
    group_ids = [g.group_id for g in ranked[0].scorecard.groups] if ranked else []
    rows = []
    for entry in ranked:
        c = entry.scorecard
        row: dict[str, Any] = {
            "rank": entry.rank,
            "unit_code": c.unit.code,
            "unit_name": c.unit.name,
            "province": c.unit.province,
            "period": c.period_label,
            "total": c.total,
            "base_total": c.base_total,
            "self_total": c.self_total,
            "self_difference": c.self_difference,
            "tier": c.tier,
            "tier_before_knockouts": c.tier_before_knockouts,
            "tier_provisional": c.tier_provisional,
            "knockouts": ", ".join(k.id for k in c.triggered_knockouts),
            "not_reported": len(c.not_reported),
            "appraised": c.appraised,
        }
        for g in c.groups:
            row[f"group:{g.group_id}"] = g.points
        rows.append(row)
    base = [
        "rank", "unit_code", "unit_name", "province", "period", "total", "base_total",
        "self_total", "self_difference", "tier", "tier_before_knockouts", "tier_provisional",
        "knockouts", "not_reported", "appraised",
    ]  # fmt: skip
    groups = [f"group:{g}" for g in group_ids]
    numeric = ["total", "base_total", "self_total", "self_difference", *groups]
    return _frame(rows, base + groups, numeric, numbers, "cohort_frame()")


# --- assessments ---------------------------------------------------------------------------------

_VALUE_FIELDS = [
    "value", "done", "numerator", "denominator", "count", "answered", "required",
    "satisfied", "responses", "score", "violations",
]  # fmt: skip


def assessment_frame(assessment: SelfAssessment, *, numbers: Numbers = "decimal") -> pd.DataFrame:
    """One row per answered criterion: self-score, the measured value's fields, evidence, note."""
    rows = []
    for cid, a in assessment.answers.items():
        v: Any = a.value
        row: dict[str, Any] = {
            "criterion_id": cid,
            "self_score": a.self_score,
            "kind": v.kind if v is not None else None,
            **dict.fromkeys(_VALUE_FIELDS),
            "evidence": len(a.evidence),
            "note": a.note,
        }
        if v is not None:
            for f in _VALUE_FIELDS:
                if f == "violations" and v.kind == "deduction":
                    row[f] = v.count
                elif hasattr(v, f) and f != "kind":
                    got = getattr(v, f)
                    row[f] = ", ".join(got) if f == "done" else got
        rows.append(row)
    columns = ["criterion_id", "self_score", "kind", *_VALUE_FIELDS, "evidence", "note"]
    return _frame(rows, columns, ["self_score", "score"], numbers, "assessment_frame()")


# --- evidence ------------------------------------------------------------------------------------


def timeliness_frame(report: TimelinessReport) -> pd.DataFrame:
    """One row per dossier: due dates, return day, status (with its Vietnamese label), apology."""
    rows = [
        {
            "id": r.id,
            "procedure": r.procedure,
            "unit": r.unit,
            "due_date": r.due_date,
            "original_due_date": r.original_due_date,
            "returned_at": r.returned_at,
            "status": r.status,
            "status_label": r.label,
            "apology_required": r.apology_required,
            "apology_recorded": r.apology_recorded,
        }
        for r in report.results
    ]
    columns = [
        "id", "procedure", "unit", "due_date", "original_due_date", "returned_at", "status",
        "status_label", "apology_required", "apology_recorded",
    ]  # fmt: skip
    return _frame(rows, columns, [], "decimal", "timeliness_frame()")


def survey_frame(result: SurveyResult, *, numbers: Numbers = "decimal") -> pd.DataFrame:
    """One row per question: answers per level, answered, blank, satisfied and the rate."""
    labels: list[str] = []
    for q in result.questions:
        labels += [label for label, _ in q.counts if label not in labels]
    rows = []
    for q in result.questions:
        counts = dict(q.counts)
        rows.append(
            {
                "question_id": q.question_id,
                "text": q.text,
                **{label: counts.get(label) for label in labels},
                "answered": q.answered,
                "blank": q.blank,
                "satisfied": q.satisfied,
                "rate": _rate(q.rate),
                "in_overall": q.in_overall,
            }
        )
    columns = ["question_id", "text", *labels, "answered", "blank", "satisfied", "rate",
               "in_overall"]  # fmt: skip
    return _frame(rows, columns, ["rate"], numbers, "survey_frame()")
