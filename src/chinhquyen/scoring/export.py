"""Tables for notebooks and files: scorecards, cohorts, assessments and evidence.

DataFrames need the `pandas` extra (`pip install 'chinhquyen[pandas]'`); workbooks the `excel`
extra. Column names are English identifiers; Vietnamese text (titles, status labels, reasons)
is in the cells.

Numbers: by default (`numbers="decimal"`) points are the exact `Decimal` objects the engine
computed, in `object` columns, so that a total read from the table is the total the engine
computed; pandas' statistics and plots skip such columns. `numbers="float"` gives `float64`
columns, for `describe()`, `plot.bar(y="total")` and the like. A missing value (not reported,
not applicable, not appraised) is `None` in a decimal column and `NaN` in a float column
(test it with `pandas.isna`), never 0.

Codes are text: a unit code keeps its leading zeros (`"00006"`), in a DataFrame and in the
files [`write_xlsx`][chinhquyen.scoring.export.write_xlsx] and
[`write_csv`][chinhquyen.scoring.export.write_csv] write (a workbook's code cells are text
cells formatted as text, `@`; no text is ever written as a formula). pandas' own readers guess
numbers in text cells and columns (`pandas.read_excel` turns the text `"00006"` into 6, whatever
the file says): read the files back with `dtype=TEXT_COLUMNS`, e.g.
`pandas.read_excel(path, dtype=export.TEXT_COLUMNS)`.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from chinhquyen.extras import require

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from chinhquyen.scoring.assessment import SelfAssessment
    from chinhquyen.scoring.cohort import Cohort
    from chinhquyen.scoring.measurements.survey import SurveyResult
    from chinhquyen.scoring.measurements.timeliness import TimelinessReport
    from chinhquyen.scoring.scorecard import Scorecard

__all__ = [
    "TEXT_COLUMNS",
    "Numbers",
    "assessment_frame",
    "cohort_frame",
    "cohort_rows",
    "group_frame",
    "scorecard_frame",
    "scorecard_rows",
    "survey_frame",
    "timeliness_frame",
    "write_csv",
    "write_xlsx",
]

#: How points are given in a DataFrame: `"decimal"` (exact, the default) or `"float"`.
Numbers = Literal["decimal", "float"]

#: The columns that hold codes and ids, as text: `dtype=TEXT_COLUMNS` for pandas' readers.
TEXT_COLUMNS: dict[str, type[str]] = {
    "unit_code": str,
    "criterion_id": str,
    "group_id": str,
    "period": str,
}


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


def scorecard_rows(card: Scorecard) -> list[dict[str, Any]]:
    """One row per criterion (the bonus/penalty items last, with `group_id` None), as dicts."""
    return [
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


def scorecard_frame(card: Scorecard, *, numbers: Numbers = "decimal") -> pd.DataFrame:
    """One row per criterion (the bonus/penalty items last, with `group_id` None).

    Args:
        card: the scorecard.
        numbers: `"decimal"` (exact, the default) or `"float"`; see the module's notes.
    """
    rows = scorecard_rows(card)
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


def cohort_rows(cohort: Cohort) -> list[dict[str, Any]]:
    """One row per commune in rank order, as dicts (the columns of `cohort_frame`)."""
    ranked = cohort.ranking()
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
            "computed_total": c.computed_total,
            "appraised_total": c.total if c.appraised else None,
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
    return rows


_COHORT_COLUMNS = [
    "rank", "unit_code", "unit_name", "province", "period", "total", "base_total",
    "self_total", "computed_total", "appraised_total", "self_difference", "tier",
    "tier_before_knockouts", "tier_provisional", "knockouts", "not_reported", "appraised",
]  # fmt: skip
_COHORT_NUMERIC = [
    "total", "base_total", "self_total", "computed_total", "appraised_total", "self_difference",
]  # fmt: skip


def _cohort_columns(cohort: Cohort) -> tuple[list[str], list[str]]:
    first = cohort.scorecards[0] if len(cohort) else None
    groups = [f"group:{g.group_id}" for g in first.groups] if first is not None else []
    return _COHORT_COLUMNS + groups, _COHORT_NUMERIC + groups


def cohort_frame(cohort: Cohort, *, numbers: Numbers = "decimal") -> pd.DataFrame:
    """One row per commune in rank order, with one `group:<id>` column of points per group.

    Beside `total` (the points that count), `computed_total` is the engine's total and
    `appraised_total` the total after an appraisal (missing for a commune not appraised), with
    `self_total`, the sum of the self-scores: self / computed / appraised side by side.

    Args:
        cohort: the communes' scorecards.
        numbers: `"decimal"` (exact, the default) or `"float"`; see the module's notes.
    """
    columns, numeric = _cohort_columns(cohort)
    return _frame(cohort_rows(cohort), columns, numeric, numbers, "cohort_frame()")


# --- files ---------------------------------------------------------------------------------------

#: The unit's columns put before a scorecard's criteria in a file, which has no other place for
#: them.
_UNIT_COLUMNS = ["unit_code", "unit_name", "period"]


def _file_table(table: Scorecard | Cohort) -> tuple[str, list[str], list[dict[str, Any]]]:
    """The sheet name, the columns and the rows of a scorecard or a cohort, for a file."""
    # told apart by what they hold: importing the classes here would tie the modules in a circle
    if not hasattr(table, "scorecards"):
        card = table
        unit = {
            "unit_code": card.unit.code,
            "unit_name": card.unit.name,
            "period": card.period_label,
        }
        rows = [{**unit, **row} for row in scorecard_rows(card)]
        return "Phiếu điểm", _UNIT_COLUMNS + _CRITERION_COLUMNS, rows
    cohort = cast("Cohort", table)
    columns, _ = _cohort_columns(cohort)
    return "Xếp hạng", columns, cohort_rows(cohort)


def write_xlsx(table: Scorecard | Cohort, path: str | os.PathLike[str]) -> Path:
    """Write a scorecard (one row per criterion) or a cohort (one per commune) to a workbook.

    The columns are those of the DataFrame (a scorecard's preceded by `unit_code`,
    `unit_name` and `period`); the heading row is frozen and filterable. Codes and ids are text
    cells formatted as text (`00006` stays so), points are numbers, a missing value is an empty
    cell; no text is ever written as a formula. Needs the `excel` extra.

    Args:
        table: the scorecard or the cohort.
        path: the `.xlsx` file to write (replaced if it exists).

    Returns:
        The path written.

    Raises:
        MissingExtraError: openpyxl is not installed.
        WriteError: a text holds a character a workbook cannot keep.
    """
    openpyxl = require("openpyxl", "excel", "write_xlsx()")
    styles = require("openpyxl.styles", "excel", "write_xlsx()")
    from chinhquyen.readers import column_letter, write_cell, write_text

    title, columns, rows = _file_table(table)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    bold = styles.Font(name="Calibri", bold=True)
    widths = [len(c) for c in columns]
    for j, column in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=j)
        write_text(cell, column, field=f"heading {column}")
        cell.font = bold
    for i, row in enumerate(rows, 2):
        for j, column in enumerate(columns, 1):
            value = row[column]
            cell = sheet.cell(row=i, column=j)
            field = f"{column} of row {i}"
            if column in TEXT_COLUMNS and value is not None:
                write_text(cell, str(value), field=field, text_format=True)
            else:
                write_cell(cell, value, field=field)
            widths[j - 1] = max(widths[j - 1], len(_csv_text(value)))
    for j, width in enumerate(widths):
        sheet.column_dimensions[column_letter(j)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    target = Path(path)
    book.save(target)
    return target


def write_csv(table: Scorecard | Cohort, path: str | os.PathLike[str]) -> Path:
    """Write a scorecard or a cohort as CSV, in the columns `write_xlsx` writes.

    UTF-8 with a byte-order mark (so that Excel reads the Vietnamese text), commas, one heading
    row; points as their exact decimals with a point (`47.5`), a missing value as an empty
    field, codes as written (`00006`). A CSV file holds no types: read it back with
    `pandas.read_csv(path, dtype=TEXT_COLUMNS)`; a spreadsheet opening it guesses numbers
    too (Excel turns `00006` into 6): for a spreadsheet, write the workbook instead.

    Args:
        table: the scorecard or the cohort.
        path: the `.csv` file to write (replaced if it exists).

    Returns:
        The path written.
    """
    _, columns, rows = _file_table(table)
    target = Path(path)
    with target.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(columns)
        out.writerows([_csv_text(row[c]) for c in columns] for row in rows)
    return target


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


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
