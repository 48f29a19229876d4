"""Appraisal tables (bảng thẩm định): a council's decisions on many communes, read from a file.

An appraisal council works from a table with one row per appraised criterion of a commune.
:func:`read_appraisals` reads it from a ``.csv`` file or an ``.xlsx`` workbook (the latter needs
the ``excel`` extra: ``pip install 'chinhquyen[excel]'``); :func:`review_all` applies it to many
scorecards, each commune's rows through :func:`chinhquyen.scoring.review`.

The table's first row holds the headings; each column may be headed in Vietnamese or in English
(compared after Unicode NFC, with runs of spaces collapsed, ignoring case):

=====================  ===================  ========  =====================================
heading (Vietnamese)   heading (English)    required  cell
=====================  ===================  ========  =====================================
``Mã xã``              ``unit_code``        yes       the commune's code (``unit.code``)
``Mã tiêu chí``        ``criterion_id``     yes       a criterion id of the framework
``Điểm thẩm định``     ``points``           yes       the appraised points
``Lý do``              ``reason``           yes       why (without a reason, no audit)
``Người thẩm định``    ``appraiser``        no        who appraised; blank if not recorded
``STT``                ``no``               no        a row label, kept but never checked
``Tên xã``             ``unit_name``        no        the commune's name (``unit.name``)
``Tên tiêu chí``       ``criterion_title``  no        the criterion's title
``Điểm tự chấm``       ``self_score``       no        the commune's self-score (points)
=====================  ===================  ========  =====================================

Any other heading is refused, as is a column given twice (in either language). Rows whose cells
are all blank are skipped. One commune's criterion appears at most once. A blank optional cell
is not recorded. The name, title and self-score a table gives are not taken on trust:
:func:`review_all` refuses a row whose name differs from the scorecard's unit name, whose title
differs from the framework's (Vietnamese or English), or whose self-score differs from the
scorecard's (names and titles compared as headings are, numbers as exact decimals).

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

A commune code in a workbook's number cell has lost its leading zeros (``00004`` is stored as
4); the code is taken as the digits the cell holds, never padded, and when that code is not
among the scorecards but a zero-padded one is, the error says so.

Every problem is an :class:`AppraisalTableError` (a :class:`~chinhquyen.errors.DataFileError`)
naming the file, the row and the column (``row 5, column C (Điểm thẩm định)`` in a CSV file,
``Thẩm định!C5 (Điểm thẩm định)`` in a workbook) and what would be valid; all the refused rows
of a table are named in one error.
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

from chinhquyen.errors import DataFileError, InvalidInputError
from chinhquyen.extras import require
from chinhquyen.readers import column_letter
from chinhquyen.readers.numbers import parse_decimal
from chinhquyen.scoring.appraisal.decision import Adjustment

__all__ = [
    "COLUMNS",
    "SHEET",
    "AppraisalRow",
    "AppraisalTable",
    "AppraisalTableError",
    "read_appraisals",
]

#: field -> (Vietnamese heading, English heading): the required columns, then the optional ones.
COLUMNS: dict[str, tuple[str, str]] = {
    "unit_code": ("Mã xã", "unit_code"),
    "criterion_id": ("Mã tiêu chí", "criterion_id"),
    "points": ("Điểm thẩm định", "points"),
    "reason": ("Lý do", "reason"),
    "appraiser": ("Người thẩm định", "appraiser"),
    "no": ("STT", "no"),
    "unit_name": ("Tên xã", "unit_name"),
    "criterion_title": ("Tên tiêu chí", "criterion_title"),
    "self_score": ("Điểm tự chấm", "self_score"),
}
_REQUIRED = ("unit_code", "criterion_id", "points", "reason")
# cells kept on the row beside the adjustment (checked against the scorecard, or a label)
_EXTRA = ("no", "unit_name", "criterion_title", "self_score")

#: the sheet read from a workbook with more than one sheet, unless another is named.
SHEET = "Thẩm định"

_SPACES = re.compile(r"\s+")


def _norm(heading: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", heading)).strip().casefold()


_FIELD_OF: dict[str, str] = {
    _norm(h): field for field, headings in COLUMNS.items() for h in headings
}
_VALID = ", ".join(f"{vi!r} / {en!r}" for vi, en in COLUMNS.values())


class AppraisalTableError(DataFileError):
    """Rows (or headings) of an appraisal table are refused; every refused one is named.

    With one problem, the message is the file, its location and what is wrong, as any
    :class:`~chinhquyen.errors.DataFileError`; with several, one line per problem.

    Attributes:
        problems: one ``(location, message)`` pair per problem, in the table's order, where
            ``location`` is e.g. ``row 5, column C (Điểm thẩm định)``.
        key: the first problem's location.
    """

    def __init__(self, path: str, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = tuple(problems)
        if len(self.problems) == 1:
            [(key, message)] = self.problems
            super().__init__(path, message, key=key)
            return
        lines = [f"{len(self.problems)} problems:"]
        lines += [f"  - [{key}] {message}" for key, message in self.problems]
        super().__init__(path, "\n".join(lines))
        self.key = self.problems[0][0]


def _letter(index: int) -> str:
    return column_letter(index)


@attrs.frozen(slots=True)
class AppraisalRow:
    """One row of an appraisal table: an appraiser's decision on one criterion of one commune.

    Attributes:
        unit_code: the commune's code.
        adjustment: the decision (criterion, points, reason, appraiser).
        row: the row's number in the file or sheet (the heading row is 1).
        unit_name: the commune's name (``Tên xã``), if the table gives it; checked against
            the scorecard's when applied.
        criterion_title: the criterion's title (``Tên tiêu chí``), if given; checked against
            the framework's when applied.
        self_score: the commune's self-score (``Điểm tự chấm``), if given; checked against the
            scorecard's when applied.
        no: the row label (``STT``), if given; a label only, never checked.
        code_number: the number a workbook's number cell held for the code (the code's
            leading zeros are lost in such a cell); ``None`` for a text cell or a CSV file.
    """

    unit_code: str
    adjustment: Adjustment
    row: int
    unit_name: str | None = None
    criterion_title: str | None = None
    self_score: Decimal | None = None
    no: str | None = None
    code_number: int | None = None


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
        AppraisalTableError: naming the file and every refused heading or cell by row and
            column: an unknown heading, a missing required column, a blank required cell,
            points or a self-score that are not a number or are ambiguous, the same criterion
            of the same commune on two rows. (The headings are checked before the rows.)
        DataFileError: the file cannot be read, is empty, or has another type; for a
            workbook, the sheet is missing or cannot be chosen.
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
    problems: list[tuple[str, str]] = []
    for number, cells in enumerate(rows[1:], start=2):
        if all(_blank(c) for c in cells):
            continue
        row = _row(table, number, fields, cells, problems)
        if row is None:
            continue
        key = (row.unit_code, row.adjustment.criterion_id)
        if key in seen:
            problems.append(
                (
                    table.where(number, "criterion_id"),
                    f"commune {key[0]!r}, criterion {key[1]!r} is appraised again (first on row"
                    f" {seen[key]}); keep one row per criterion of a commune",
                )
            )
            continue
        seen[key] = number
        out.append(row)
    if problems:
        raise AppraisalTableError(name, problems)
    return AppraisalTable(name, out, sheet, columns)


def _header(name: str, cells: Sequence[Any], sheet: str | None) -> list[str | None]:
    fields: list[str | None] = []
    first: dict[str, int] = {}
    problems: list[tuple[str, str]] = []
    for i, cell in enumerate(cells):
        heading = _text(cell)
        key = f"row 1, column {_letter(i)}" if sheet is None else f"{sheet}!{_letter(i)}1"
        field = None if heading is None else _FIELD_OF.get(_norm(heading))
        fields.append(field)
        if heading is None:
            continue
        if field is None:
            problems.append((key, f"unknown heading {heading!r}; valid headings: {_VALID}"))
        elif field in first:
            problems.append(
                (key, f"heading {heading!r} repeats column {_letter(first[field])} ({field})")
            )
        else:
            first[field] = i
    missing = [COLUMNS[f][0] + " / " + COLUMNS[f][1] for f in _REQUIRED if f not in first]
    if missing:
        problems.append(
            (
                "row 1" if sheet is None else f"{sheet}!1:1",
                f"missing required column(s) {', '.join(missing)}; the heading row must name them",
            )
        )
    if problems:
        raise AppraisalTableError(name, problems)
    # trailing blank headings are harmless; data under them is refused row by row
    while fields and fields[-1] is None:
        fields.pop()
    return fields


def _row(
    table: AppraisalTable,
    number: int,
    fields: Sequence[str | None],
    cells: Sequence[Any],
    problems: list[tuple[str, str]],
) -> AppraisalRow | None:
    """The row, or ``None`` after adding each of its bad cells to ``problems``."""
    values: dict[str, Any] = {}
    bad = len(problems)
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
                problems.append(
                    (key, f"holds {cell!r} in a column without a heading; valid headings: {_VALID}")
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
                problems.append((where, f"is blank; {what}"))
            continue
        try:
            if field in ("points", "self_score"):
                values[field] = _points(cell)
            elif field == "no":
                values[field] = str(cell).strip()  # a label: any value is taken as written
            else:
                values[field] = _string(cell)
        except ValueError as e:
            problems.append((where, str(e)))
    if len(problems) > bad:
        return None
    unit = values.pop("unit_code")
    extra = {f: values.pop(f, None) for f in _EXTRA}
    code_cell = cells[fields.index("unit_code")]
    number_cell = isinstance(code_cell, int) and not isinstance(code_cell, bool)
    try:
        adjustment = Adjustment.model_validate(values)
    except InvalidInputError as e:  # pragma: no cover - the cells were checked above
        problems += [(table.where(number, loc.split(".")[0]), msg) for loc, msg in e.problems]
        return None
    return AppraisalRow(
        unit, adjustment, number, **extra, code_number=code_cell if number_cell else None
    )


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
    return parse_decimal(cell, what="a number of points")
