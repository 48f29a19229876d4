"""Appraising many communes at once from an appraisal table (thẩm định hàng loạt).

An appraisal council works from a table with one row per appraised criterion of a commune.
:func:`read_appraisals` reads it from a ``.csv`` file or an ``.xlsx`` workbook (the latter needs
the ``excel`` extra: ``pip install 'chinhquyen[excel]'``); :func:`review_all` applies it to many
scorecards, each commune's rows through :func:`chinhquyen.scoring.review`.

The table's first row holds the headings; each column may be headed in Vietnamese or in English
(compared after Unicode NFC, with runs of spaces collapsed, ignoring case):

=====================  ==================  ========  ======================================
heading (Vietnamese)   heading (English)   required  cell
=====================  ==================  ========  ======================================
``Mã xã``              ``unit_code``       yes       the commune's code (``unit.code``)
``Mã tiêu chí``        ``criterion_id``    yes       a criterion id of the framework
``Điểm thẩm định``     ``points``          yes       the appraised points
``Lý do``              ``reason``          yes       why (without a reason, no audit)
``Người thẩm định``    ``appraiser``       no        who appraised; blank if not recorded
=====================  ==================  ========  ======================================

Any other heading is refused, as is a column given twice (in either language). Rows whose cells
are all blank are skipped. One commune's criterion appears at most once.

Points are exact decimals: ``12.5`` or ``12,5`` (Vietnamese spreadsheets write a decimal comma),
optionally with a leading ``-``; no thousands separators (a criterion is worth far less than a
thousand points). A value that could be read two ways is refused: a single separator followed
by exactly three digits after one to three leading digits (``1,500`` or ``1.500``: one and a
half, or fifteen hundred?). In a workbook a number cell is taken as the number it holds.

CSV files are read as UTF-8 with or without a byte-order mark (as Excel saves "CSV UTF-8"). The
cells are separated by commas, or by semicolons when the heading row holds a semicolon and no
comma (Excel in locales with a decimal comma saves that way); headings never contain either.
In a workbook, the table is on its only sheet, or on the sheet named ``Thẩm định``, or on the
sheet given.

Every problem is a :class:`~chinhquyen.errors.DataFileError` naming the file, the row and the
column (``row 5, column C (Điểm thẩm định)`` in a CSV file, ``Thẩm định!C5 (Điểm thẩm định)`` in
a workbook) and what would be valid.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from chinhquyen.criteria.framework import Framework
from chinhquyen.errors import (
    AnswerError,
    AssessmentError,
    ChinhQuyenError,
    DataFileError,
    InvalidInputError,
    UnknownCriterionError,
)
from chinhquyen.scoring._optional import require
from chinhquyen.scoring.engine import resolve
from chinhquyen.scoring.review import Adjustment, review
from chinhquyen.scoring.scorecard import Scorecard

__all__ = ["COLUMNS", "SHEET", "AppraisalRow", "AppraisalTable", "read_appraisals", "review_all"]

#: field -> (Vietnamese heading, English heading), in the order a table usually has them.
COLUMNS: dict[str, tuple[str, str]] = {
    "unit_code": ("Mã xã", "unit_code"),
    "criterion_id": ("Mã tiêu chí", "criterion_id"),
    "points": ("Điểm thẩm định", "points"),
    "reason": ("Lý do", "reason"),
    "appraiser": ("Người thẩm định", "appraiser"),
}
_REQUIRED = ("unit_code", "criterion_id", "points", "reason")

#: the sheet read from a workbook with more than one sheet, unless another is named.
SHEET = "Thẩm định"

_SPACES = re.compile(r"\s+")
_POINTS = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
# "1,500" / "1.500": a thousands group or a decimal fraction, the reader cannot tell
_AMBIGUOUS = re.compile(r"-?[1-9][0-9]{0,2}[.,][0-9]{3}")


def _norm(heading: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", heading)).strip().casefold()


_FIELD_OF: dict[str, str] = {
    _norm(h): field for field, headings in COLUMNS.items() for h in headings
}
_VALID = ", ".join(f"{vi!r} / {en!r}" for vi, en in COLUMNS.values())


def _letter(index: int) -> str:
    from chinhquyen.scoring.evidence._csv import column_letter

    return column_letter(index)


@attrs.frozen(slots=True)
class AppraisalRow:
    """One row of an appraisal table: an appraiser's decision on one criterion of one commune.

    Attributes:
        unit_code: the commune's code.
        adjustment: the decision (criterion, points, reason, appraiser).
        row: the row's number in the file or sheet (the heading row is 1).
    """

    unit_code: str
    adjustment: Adjustment
    row: int


def _rows(rows: Iterable[AppraisalRow]) -> tuple[AppraisalRow, ...]:
    return tuple(rows)


def _headings(
    headings: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    return tuple(headings.items() if isinstance(headings, Mapping) else headings)


@attrs.frozen(slots=True)
class AppraisalTable:
    """An appraisal table as read from a file, by :func:`read_appraisals`.

    Attributes:
        source: the file, as given.
        rows: the appraised rows, in the file's order (blank rows left out).
        sheet: the worksheet read, for a workbook; ``None`` for a CSV file.
        columns: field -> ``letter (heading)`` of its column, as the file heads it.
    """

    source: str
    rows: tuple[AppraisalRow, ...] = attrs.field(converter=_rows)
    sheet: str | None = None
    columns: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_headings)

    def __len__(self) -> int:
        return len(self.rows)

    def by_unit(self) -> dict[str, list[Adjustment]]:
        """The adjustments per commune code, each commune's in the file's order."""
        out: dict[str, list[Adjustment]] = {}
        for r in self.rows:
            out.setdefault(r.unit_code, []).append(r.adjustment)
        return out

    def where(self, row: int, field: str) -> str:
        """The location of a field of a row, as error messages give it.

        Example: ``row 5, column C (Điểm thẩm định)`` in a CSV file,
        ``Thẩm định!C5 (Điểm thẩm định)`` in a workbook.
        """
        column = dict(self.columns).get(field)
        if column is None:
            return f"row {row}" if self.sheet is None else f"{self.sheet}!{row}:{row}"
        letter, _, heading = column.partition(" ")
        if self.sheet is None:
            return f"row {row}, column {letter} {heading}"
        return f"{self.sheet}!{letter}{row} {heading}"


# --- reading -------------------------------------------------------------------------------------


def read_appraisals(
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    encoding: str = "utf-8-sig",
) -> AppraisalTable:
    """Read an appraisal table from a ``.csv`` file or an ``.xlsx`` workbook.

    The columns, the number formats and how the sheet is chosen are described in the module
    documentation (:mod:`chinhquyen.scoring.appraisal`).

    Args:
        path: the file; its suffix (``.csv`` or ``.xlsx``) says how to read it.
        sheet: the worksheet holding the table, for a workbook with several sheets.
        encoding: a CSV file's text encoding; the default reads UTF-8 with or without a BOM.

    Returns:
        The table; :meth:`AppraisalTable.by_unit` gives the adjustments per commune.

    Raises:
        MissingExtraError: for a workbook, if openpyxl is not installed.
        DataFileError: naming the file, row and column: an unknown heading, a missing required
            column, a blank required cell, points that are not a number or are ambiguous, the
            same criterion of the same commune on two rows.
    """
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        if sheet is not None:
            raise DataFileError(name, f"a CSV file has no sheets; sheet={sheet!r} is for .xlsx")
        return _table(name, _csv_rows(name, encoding), None)
    if suffix == ".xlsx":
        chosen, cells = _xlsx_rows(name, sheet)
        return _table(name, cells, chosen)
    raise DataFileError(
        name,
        f"unknown file type {suffix or '(none)'!r}; an appraisal table is a .csv or .xlsx file",
    )


def _csv_rows(name: str, encoding: str) -> list[list[Any]]:
    try:
        with Path(name).open(encoding=encoding, newline="") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(name, f"cannot read the CSV file: {e}") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(name: str, sheet: str | None) -> tuple[str, list[list[Any]]]:
    openpyxl = require("openpyxl", "excel", "chinhquyen.scoring.read_appraisals() of an .xlsx file")
    try:
        wb = openpyxl.load_workbook(name, read_only=True, data_only=True)
    except FileNotFoundError:
        raise DataFileError(name, "no such file") from None
    except Exception as e:  # openpyxl raises several types for a damaged or wrong file
        raise DataFileError(name, f"cannot be read as an .xlsx workbook: {e}") from None
    try:
        names = list(wb.sheetnames)
        if sheet is None:
            if len(names) == 1:
                sheet = names[0]
            elif SHEET in names:
                sheet = SHEET
            else:
                raise DataFileError(
                    name,
                    f"has sheets {', '.join(map(repr, names))} and none is named {SHEET!r};"
                    " name the sheet holding the table (sheet=...)",
                )
        elif sheet not in names:
            raise DataFileError(
                name, f"has no sheet {sheet!r}; its sheets: {', '.join(map(repr, names))}"
            )
        rows = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()
    return sheet, rows


def _table(name: str, rows: Sequence[Sequence[Any]], sheet: str | None) -> AppraisalTable:
    if not rows:
        raise DataFileError(name, "the file is empty; expected a heading row")
    fields = _header(name, rows[0], sheet)
    columns = {f: f"{_letter(i)} ({_text(rows[0][i]) or ''})" for i, f in enumerate(fields) if f}
    table = AppraisalTable(name, (), sheet, columns)
    seen: dict[tuple[str, str], int] = {}
    out: list[AppraisalRow] = []
    for number, cells in enumerate(rows[1:], start=2):
        if all(_blank(c) for c in cells):
            continue
        row = _row(name, table, number, fields, cells)
        key = (row.unit_code, row.adjustment.criterion_id)
        if key in seen:
            raise DataFileError(
                name,
                f"commune {key[0]!r}, criterion {key[1]!r} is appraised again (first on row"
                f" {seen[key]}); keep one row per criterion of a commune",
                key=table.where(number, "criterion_id"),
            )
        seen[key] = number
        out.append(row)
    return AppraisalTable(name, out, sheet, columns)


def _header(name: str, cells: Sequence[Any], sheet: str | None) -> list[str | None]:
    fields: list[str | None] = []
    first: dict[str, int] = {}
    for i, cell in enumerate(cells):
        heading = _text(cell)
        ref = f"column {_letter(i)}" if sheet is None else f"{sheet}!{_letter(i)}1"
        key = f"row 1, {ref}" if sheet is None else ref
        if heading is None:
            fields.append(None)
            continue
        field = _FIELD_OF.get(_norm(heading))
        if field is None:
            raise DataFileError(
                name, f"unknown heading {heading!r}; valid headings: {_VALID}", key=key
            )
        if field in first:
            raise DataFileError(
                name,
                f"heading {heading!r} repeats column {_letter(first[field])} ({field})",
                key=key,
            )
        first[field] = i
        fields.append(field)
    missing = [COLUMNS[f][0] + " / " + COLUMNS[f][1] for f in _REQUIRED if f not in first]
    if missing:
        raise DataFileError(
            name,
            f"missing required column(s) {', '.join(missing)}; the heading row must name them",
            key="row 1" if sheet is None else f"{sheet}!1:1",
        )
    # trailing blank headings are harmless; data under them is refused row by row
    while fields and fields[-1] is None:
        fields.pop()
    return fields


def _row(
    name: str,
    table: AppraisalTable,
    number: int,
    fields: Sequence[str | None],
    cells: Sequence[Any],
) -> AppraisalRow:
    values: dict[str, Any] = {}
    for i in range(max(len(fields), len(cells))):
        field = fields[i] if i < len(fields) else None
        cell = cells[i] if i < len(cells) else None  # a short row: its last cells are blank
        if field is None:
            if not _blank(cell):
                key = (
                    f"row {number}, column {_letter(i)}"
                    if table.sheet is None
                    else f"{table.sheet}!{_letter(i)}{number}"
                )
                raise DataFileError(
                    name,
                    f"holds {cell!r} in a column without a heading; valid headings: {_VALID}",
                    key=key,
                )
            continue
        where = table.where(number, field)
        if _blank(cell):
            if field in _REQUIRED:
                what = (
                    "an appraisal without a reason cannot be audited; write the reason"
                    if field == "reason"
                    else "a value is required"
                )
                raise DataFileError(name, f"is blank; {what}", key=where)
            continue
        try:
            values[field] = _points(cell) if field == "points" else _string(cell)
        except ValueError as e:
            raise DataFileError(name, str(e), key=where) from None
    unit = values.pop("unit_code")
    try:
        adjustment = Adjustment.model_validate(values)
    except InvalidInputError as e:  # pragma: no cover - the cells were checked above
        loc, msg = e.problems[0]
        raise DataFileError(name, msg, key=table.where(number, loc.split(".")[0])) from None
    return AppraisalRow(unit, adjustment, number)


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _text(cell: Any) -> str | None:
    if cell is None:
        return None
    text = str(cell).strip()
    return text or None


def _string(cell: Any) -> str:
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, int) and not isinstance(cell, bool):
        return str(cell)  # a code typed into a number cell
    raise ValueError(f"holds {cell!r}, not text")


def _points(cell: Any) -> Decimal:
    if isinstance(cell, bool):
        raise ValueError(f"{cell!r} is not a number of points")
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(repr(cell))  # the shortest decimal the stored double stands for
    if not isinstance(cell, str):
        raise ValueError(f"{cell!r} is not a number of points")
    text = cell.strip()
    if not _POINTS.fullmatch(text):
        raise ValueError(
            f"{text!r} is not a number of points; write e.g. 12.5 or 12,5"
            " (one decimal point or comma, no thousands separators)"
        )
    if _AMBIGUOUS.fullmatch(text):
        whole, frac = re.split(r"[.,]", text.lstrip("-"))
        raise ValueError(
            f"{text!r} is ambiguous: a separator before three digits may group thousands;"
            f" write {whole}.{frac.rstrip('0') or '0'} for the decimal or {whole}{frac} for the"
            " whole number"
        )
    return Decimal(text.replace(",", "."))


# --- applying ------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class _Item:
    unit_code: str
    adjustment: Adjustment
    row: int | None  # the table's row; None for a mapping given in code
    index: int  # the position among the commune's adjustments, for a mapping
    order: int  # the position in the whole table or mapping


class _Locator:
    """Names an item in an error: a file's row and column, or a commune's adjustment."""

    def __init__(self, table: AppraisalTable | None) -> None:
        self.table = table

    def error(
        self, item: _Item, field: str, kind: type[ChinhQuyenError], message: str
    ) -> ChinhQuyenError:
        if self.table is not None and item.row is not None:
            return DataFileError(self.table.source, message, key=self.table.where(item.row, field))
        return kind(f"appraisals[{item.unit_code!r}][{item.index}] ({field}): {message}")


def _items(appraisals: AppraisalTable | Mapping[str, Iterable[Adjustment]]) -> list[_Item]:
    if isinstance(appraisals, AppraisalTable):
        return [
            _Item(r.unit_code, r.adjustment, r.row, 0, n) for n, r in enumerate(appraisals.rows)
        ]
    out: list[_Item] = []
    for code, adjustments in appraisals.items():
        seen: dict[str, int] = {}
        for i, adj in enumerate(adjustments):
            if adj.criterion_id in seen:
                raise AnswerError(
                    f"appraisals[{code!r}][{i}]: commune {code!r}, criterion"
                    f" {adj.criterion_id!r} is appraised again"
                    f" (first at [{seen[adj.criterion_id]}])"
                )
            seen[adj.criterion_id] = i
            out.append(_Item(code, adj, None, i, len(out)))
    return out


def review_all(
    scorecards: Iterable[Scorecard],
    appraisals: AppraisalTable | Mapping[str, Iterable[Adjustment]],
    *,
    framework: Framework | None = None,
) -> list[Scorecard]:
    """Appraise many communes at once: apply each commune's rows with :func:`review`.

    Args:
        scorecards: the communes' scorecards; a commune appraised by the table must appear in
            them once (one period).
        appraisals: a table from :func:`read_appraisals`, or a mapping from commune code to
            that commune's adjustments.
        framework: the framework the scorecards were scored with; loaded from the registry by
            each scorecard's framework id when not given.

    Returns:
        The scorecards in the order given: appraised where the table has rows for the commune,
        the very same scorecard otherwise.

    Raises:
        DataFileError: for a table read from a file, naming the file, the row and the column,
            and the commune: a row for a commune not among the scorecards (or with several
            scorecards), for a criterion not in the framework, or that :func:`review` refuses
            (points outside the criterion's range or finer than the framework's precision).
        AssessmentError: for a mapping, a commune not among the scorecards, or with several;
            for either, a framework given that is not the scorecards'.
        UnknownCriterionError: for a mapping, a criterion not in the framework.
        AnswerError: for a mapping, points :func:`review` refuses, or a criterion appraised
            twice for one commune.

    Nothing is appraised unless every row is accepted; the first refused row, in the table's
    order, is reported.
    """
    cards = list(scorecards)
    table = appraisals if isinstance(appraisals, AppraisalTable) else None
    locate = _Locator(table)
    items = _items(appraisals)
    positions: dict[str, list[int]] = {}
    for i, card in enumerate(cards):
        positions.setdefault(card.unit.code, []).append(i)
    grouped: dict[int, list[_Item]] = {}
    for item in items:
        found = positions.get(item.unit_code)
        if found is None:
            known = ", ".join(sorted(positions)) or "(none)"
            raise locate.error(
                item,
                "unit_code",
                AssessmentError,
                f"commune {item.unit_code!r} is not among the scorecards; their communes: {known}",
            )
        if len(found) > 1:
            periods = ", ".join(cards[i].period_label for i in found)
            raise locate.error(
                item,
                "unit_code",
                AssessmentError,
                f"commune {item.unit_code!r} has {len(found)} scorecards (periods {periods});"
                " appraise one period at a time",
            )
        card = cards[found[0]]
        try:
            card.criterion(item.adjustment.criterion_id)
        except UnknownCriterionError as e:
            raise locate.error(
                item, "criterion_id", UnknownCriterionError, f"commune {item.unit_code!r}: {e}"
            ) from None
        grouped.setdefault(found[0], []).append(item)

    frameworks: dict[str, Framework] = {}
    out = list(cards)
    refused: list[tuple[int, ChinhQuyenError]] = []
    for i in sorted(grouped):
        card, rows = cards[i], grouped[i]
        fw = framework
        if fw is None:
            if card.framework_id not in frameworks:
                frameworks[card.framework_id] = resolve(card.framework_id)
            fw = frameworks[card.framework_id]
        try:
            out[i] = review(card, [r.adjustment for r in rows], framework=fw)
        except AnswerError as e:
            refused.append(_located(card, rows, fw, locate, e))
        except AssessmentError as e:  # the framework given is not the scorecard's
            raise AssessmentError(f"commune {card.unit.code!r}: {e}") from None
    if refused:
        raise min(refused, key=lambda pair: pair[0])[1]
    return out


def _located(
    card: Scorecard, rows: Sequence[_Item], fw: Framework, locate: _Locator, error: AnswerError
) -> tuple[int, ChinhQuyenError]:
    """The error for the commune's first row that review refuses on its own, and its order."""
    code = card.unit.code
    for item in rows:
        try:
            review(card, [item.adjustment], framework=fw)
        except AnswerError as e:
            return item.order, locate.error(item, "points", AnswerError, f"commune {code!r}: {e}")
    # not refused alone: name the commune and all its rows
    shown = ", ".join(str(r.row if r.row is not None else r.index) for r in rows)
    return rows[0].order, AnswerError(f"commune {code!r} (rows {shown}): {error}")
