"""Appraisal tables (bảng thẩm định): a council's decisions on many communes, read from a file.

An appraisal council works from a table with one row per appraised criterion of a commune.
[`read_appraisals`][chinhquyen.scoring.appraisal.read_appraisals] reads it from a `.csv` file or
an `.xlsx` workbook (the latter needs the `excel` extra: `pip install 'chinhquyen[excel]'`);
[`review_all`][chinhquyen.scoring.appraisal.review_all] applies it to many scorecards, each
commune's rows through [`review`][chinhquyen.scoring.appraisal.review].

The table's first row holds the headings; each column may be headed in Vietnamese or in English
(compared after Unicode NFC, with runs of spaces collapsed, ignoring case):

| heading (Vietnamese) | heading (English) | required | cell |
|---|---|---|---|
| `Mã xã` | `unit_code` | yes | the commune's code (`unit.code`) |
| `Mã tiêu chí` | `criterion_id` | yes | a criterion id of the framework |
| `Điểm thẩm định` | `points` | yes | the appraised points |
| `Lý do` | `reason` | yes | why (without a reason, no audit) |
| `Người thẩm định` | `appraiser` | no | who appraised; blank if not recorded |
| `STT` | `no` | no | a row label, kept but never checked |
| `Tên xã` | `unit_name` | no | the commune's name (`unit.name`) |
| `Tên tiêu chí` | `criterion_title` | no | the criterion's title |
| `Điểm tự chấm` | `self_score` | no | the commune's self-score (points) |

Any other heading is refused, as is a column given twice (in either language). Rows whose cells
are all blank are skipped (and keep their numbers: the rows after them are named as a
spreadsheet shows them). One commune's criterion appears at most once. A blank optional cell
is not recorded. The name, title and self-score a table gives are not taken on trust:
`review_all` refuses a row whose name differs from the scorecard's unit name, whose title
differs from the framework's (Vietnamese or English), or whose self-score differs from the
scorecard's (names and titles compared as headings are, numbers as exact decimals).

Points are exact decimals, written as people type them: `12.5` or `12,5` (Vietnamese
spreadsheets write a decimal comma), optionally with a leading `-`; no thousands separators (a
criterion is worth far less than a thousand points). A value that could be read two ways is
refused: a single separator followed by exactly three digits after one to three leading digits
(`1,500` or `1.500`: one and a half, or fifteen hundred?). This is the one rule of the library
for decimals typed by people (`chinhquyen.readers.numbers.parse_decimal`). In a workbook a
number cell is taken as the decimal the file writes.

Files are read through [`chinhquyen.readers`][chinhquyen.readers] (see "What the library
refuses and why"). A CSV file is read row by row, as UTF-8 with or without a byte-order mark
(as Excel saves "CSV UTF-8") unless another `encoding` is given. The cells are separated by
commas, or by semicolons when the heading row holds a semicolon and no comma (Excel in locales
with a decimal comma saves that way), or by tabs when it holds neither; headings never contain
any of them. Every row holds a cell for every heading (a lost separator is refused, not
guessed). In a workbook, the table is on its only sheet, or on the sheet named `Thẩm định`, or
on the sheet given; an error cell (`#VALUE!`, `#REF!`...) or a formula whose result was never
saved is refused, naming the cell.

A commune code in a workbook's number cell has lost its leading zeros (`00004` is stored as
4); the code is taken as the digits the cell holds, never padded, and when that code is not
among the scorecards but a zero-padded one is, the error says so.

Every problem of the table's content is an
[`AppraisalTableError`][chinhquyen.scoring.appraisal.AppraisalTableError] (a `ReaderError`,
hence a `DataFileError`) naming the file, the row and the column (`row 5, column C (Điểm thẩm
định)` in a CSV file, `Thẩm định!C5 (Điểm thẩm định)` in a workbook) and what would be valid;
all the refused rows of a table are in one error, whose message lists the first
`Limits.listed` (20) and says how many more there are.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from chinhquyen import readers
from chinhquyen.errors import DataFileError, InvalidInputError, Problem
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


class AppraisalTableError(readers.ReaderError):
    """Rows (or headings) of an appraisal table are refused; every refused one is named.

    With one problem, the message is the file, its location and what is wrong, as any
    `DataFileError`; with several, one line per problem, at most `Limits.listed` of them
    (then how many more there are).

    Attributes:
        problems: one [`Problem`][chinhquyen.errors.Problem] per problem, in the table's
            order, located e.g. at `row 5, column C (Điểm thẩm định)`: every one, however many
            the message lists. A cell the readers refuse keeps their code (`xlsx.error_cell`);
            other problems have the code `data_file.invalid`. Each still unpacks as a
            `(location, message)` pair.
        key: the first problem's location.
    """

    def __init__(self, path: str, problems: Sequence[Problem | tuple[str, str]]) -> None:
        first = problems[0]
        key = first.key if isinstance(first, Problem) else first[0]
        listed = readers.Limits.current().listed
        if len(problems) == 1:
            message = first.message_en if isinstance(first, Problem) else first[1]
            super().__init__(path, message, key, problems=problems, listed=listed)
            return
        message = readers.list_problems(problems, listed, "en")
        super().__init__(path, message, problems=problems, listed=listed)
        self.key = key


def _letter(index: int) -> str:
    return column_letter(index)


@attrs.frozen(slots=True)
class AppraisalRow:
    """One row of an appraisal table: an appraiser's decision on one criterion of one commune.

    Attributes:
        unit_code: the commune's code.
        adjustment: the decision (criterion, points, reason, appraiser).
        row: the row's number in the file or sheet (the heading row is 1).
        unit_name: the commune's name (`Tên xã`), if the table gives it; checked against
            the scorecard's when applied.
        criterion_title: the criterion's title (`Tên tiêu chí`), if given; checked against
            the framework's when applied.
        self_score: the commune's self-score (`Điểm tự chấm`), if given; checked against the
            scorecard's when applied.
        no: the row label (`STT`), if given; a label only, never checked.
        code_number: the number a workbook's number cell held for the code (the code's
            leading zeros are lost in such a cell); `None` for a text cell or a CSV file.
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
    """An appraisal table as read from a file, by `read_appraisals`.

    Attributes:
        source: the file, as given.
        rows: the appraised rows, in the file's order (blank rows left out).
        sheet: the worksheet read, for a workbook; `None` for a CSV file.
        columns: field -> `letter (heading)` of its column, as the file heads it.
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

        Example: `row 5, column C (Điểm thẩm định)` in a CSV file,
        `Thẩm định!C5 (Điểm thẩm định)` in a workbook.
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
    """Read an appraisal table from a `.csv` file or an `.xlsx` workbook.

    The columns, the number formats and how the sheet is chosen are described in the module
    documentation (`chinhquyen.scoring.appraisal.table`). The file is read through
    [`chinhquyen.readers`][chinhquyen.readers]: bounded in size, rows and columns; a CSV file
    row by row, its separator guessed from the heading row; a workbook checked before it is
    parsed (a sheet declaring the whole grid is refused at once), its error cells (`#VALUE!`,
    `#REF!`...) and formulas whose result was never saved refused.

    Args:
        path: the file; its suffix (`.csv` or `.xlsx`) says how to read it.
        sheet: the worksheet holding the table, for a workbook with several sheets.
        encoding: a CSV file's text encoding; the default reads UTF-8 with or without a BOM.

    Returns:
        The table; [`AppraisalTable.by_unit`][chinhquyen.scoring.AppraisalTable.by_unit] gives
        the adjustments per commune.

    Raises:
        MissingExtraError: for a workbook, if openpyxl is not installed.
        AppraisalTableError: naming the file and every refused heading or cell by row and
            column (at most `Limits.listed` in the message; all in its `problems`): an unknown
            heading, a missing required column, a blank required cell, points or a
            self-score that are not a number or are ambiguous, the same criterion of the same
            commune on two rows, an error cell or a formula without a saved result. (The
            headings are checked before the rows.)
        FormatError: an `.ods`, `.xls`, `.xlsm` (or similar) file, with how to save it as
            `.xlsx`.
        LimitError: the file goes beyond the readers' limits (rows, columns, size).
        ReaderError: the file cannot be read, is not a regular file, is empty, is not valid
            CSV in its encoding (or the encoding is unknown), or has a row the CSV reader
            refuses (cells missing, a value in a column without a heading); for a workbook,
            the sheet is missing or cannot be chosen.
        DataFileError: a file of another type, or `sheet` given for a CSV file.
    """
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        if sheet is not None:
            raise DataFileError(name, f"a CSV file has no sheets; sheet={sheet!r} is for .xlsx")
        with readers.read_csv(name, name=name, encoding=encoding, delimiter=None) as table:
            rows = ((row.row, row.cells) for row in table)
            return _table(name, table.header, rows, None, [])
    if suffix == ".xlsx":
        require("openpyxl", "excel", "chinhquyen.scoring.read_appraisals() of an .xlsx file")
        with readers.open_xlsx(name) as book:
            chosen = _sheet(book, sheet)
            problems: list[Problem | tuple[str, str]] = []
            cells = _xlsx_rows(chosen, problems)
            header = next(cells, None)
            if header is None:
                raise DataFileError(name, "the file is empty; expected a heading row")
            return _table(name, header[1], cells, chosen.title, problems)
    if suffix in readers.OTHER_SPREADSHEETS:
        raise readers.FormatError(name, readers.convert_advice(suffix))
    raise DataFileError(
        name,
        f"unknown file type {suffix or '(none)'!r}; an appraisal table is a .csv or .xlsx file",
    )


def _sheet(book: readers.XlsxBook, sheet: str | None) -> readers.XlsxSheet:
    names = book.sheetnames
    if sheet is None:
        if len(names) == 1:
            sheet = names[0]
        elif SHEET in names:
            sheet = SHEET
        else:
            raise DataFileError(
                book.name,
                f"has sheets {', '.join(map(repr, names))} and none is named {SHEET!r};"
                " name the sheet holding the table (sheet=...)",
            )
    return book.sheet(sheet)


class _Refused:
    """A cell the workbook reader refused (an error cell...); its problem is already listed."""


_REFUSED = _Refused()


def _xlsx_rows(
    sheet: readers.XlsxSheet, problems: list[Problem | tuple[str, str]]
) -> Iterator[tuple[int, Sequence[Any]]]:
    """The sheet's rows; a refused cell is listed in `problems` and given as `_REFUSED`."""
    width = sheet.max_column
    for number in range(1, sheet.max_row + 1):
        try:
            [(_, values)] = sheet.rows(number, number, 1, width)
            yield number, values
            continue
        except readers.LimitError:
            raise
        except readers.ReaderError:
            pass  # find each refused cell of the row
        cells: list[Any] = []
        for column in range(1, width + 1):
            ref = f"{column_letter(column - 1)}{number}"
            try:
                cells.append(sheet.value(ref))
            except readers.LimitError:
                raise
            except readers.ReaderError as e:
                problem = e.problems[0]  # located at its cell, coded, in both languages
                if not problem.location:
                    where = sheet.where(ref)
                    problem = Problem(
                        where, problem.code, problem.message_en, problem.message_vi, problem.value
                    )
                problems.append(problem)
                cells.append(_REFUSED)
        yield number, cells


def _table(
    name: str,
    header: Sequence[Any],
    rows: Iterable[tuple[int, Sequence[Any]]],
    sheet: str | None,
    problems: list[Problem | tuple[str, str]],
) -> AppraisalTable:
    if any(cell is _REFUSED for cell in header):
        raise AppraisalTableError(name, problems)
    fields = _header(name, header, sheet)
    columns = {f: f"{_letter(i)} ({_text(header[i]) or ''})" for i, f in enumerate(fields) if f}
    table = AppraisalTable(name, (), sheet, columns)
    seen: dict[tuple[str, str], int] = {}
    out: list[AppraisalRow] = []
    for number, cells in rows:
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
            shown = readers.excerpt(heading, width=40)
            problems.append((key, f"unknown heading {shown}; valid headings: {_VALID}"))
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
    problems: list[Problem | tuple[str, str]],
) -> AppraisalRow | None:
    """The row, or `None` after adding each of its bad cells to `problems`."""
    values: dict[str, Any] = {}
    bad = len(problems)
    refused = False
    for i in range(max(len(fields), len(cells))):
        field = fields[i] if i < len(fields) else None
        cell = cells[i] if i < len(cells) else None
        if cell is _REFUSED:
            refused = True  # listed by the workbook reader
            continue
        if field is None:
            if not _blank(cell):
                key = (
                    f"row {number}, column {_letter(i)}"
                    if table.sheet is None
                    else f"{table.sheet}!{_letter(i)}{number}"
                )
                problems.append(
                    (
                        key,
                        f"holds {_shown(cell)} in a column without a heading; valid headings:"
                        f" {_VALID}",
                    )
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
                values[field] = _label(cell)  # a label: any value is taken as written
            else:
                values[field] = _string(cell)
        except ValueError as e:
            problems.append((where, str(e)))
    if refused or len(problems) > bad:
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
    if cell is None or cell is _REFUSED:
        return None
    text = str(cell).strip()
    return text or None


def _shown(cell: Any) -> str:
    """A cell's value for a message: text as a short escaped excerpt, a number as written."""
    if isinstance(cell, str):
        return readers.excerpt(cell, width=30)
    return str(cell)


def _label(cell: Any) -> str:
    if isinstance(cell, Decimal):
        return format(cell, "f") if -30 < cell.adjusted() < 30 else str(cell)
    return str(cell).strip()


def _string(cell: Any) -> str:
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, int) and not isinstance(cell, bool):
        return str(cell)  # a code typed into a number cell
    raise ValueError(f"holds {type(cell).__name__} {_shown(cell)}, not text")


def _points(cell: Any) -> Decimal:
    if isinstance(cell, bool):
        raise ValueError(f"{cell!r} is not a number of points")
    if isinstance(cell, int | Decimal):
        return Decimal(cell)  # a workbook's number: the decimal the file writes
    if not isinstance(cell, str):
        raise ValueError(f"{_shown(cell)} is not a number of points")
    return parse_decimal(cell, what="a number of points")
