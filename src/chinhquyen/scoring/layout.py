"""How the library's workbooks look and print: cell styles, an A4 page setup, row heights.

The commune's self-assessment form ([`chinhquyen.scoring.excel`][]) and the council's
appraisal table template (`chinhquyen.scoring.appraisal.form`) share these:

- named cell styles in one font (Arial, which every office suite has or replaces by a
  metric-compatible font such as Liberation Sans), for titles, labels, column headings, the
  library's fixed cells, the cells a person fills in (yellow, unlocked) and cells not used;
- a page setup for every sheet: A4 landscape, fitted to the page's width, the heading rows
  repeated on every page, page numbers in the footer;
- row heights for wrapped text, estimated from the text and the column widths, so that a long
  criterion name or instruction is printed whole (a spreadsheet does not grow a row written by
  a program; an estimate errs on the tall side).

Needs the `excel` extra (openpyxl).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from chinhquyen.extras import require
from chinhquyen.readers import TEXT_FORMAT, write_cell, write_text

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "DATE_FORMAT",
    "FIXED",
    "FIXED_TEXT",
    "FONT",
    "HEADING",
    "HIDDEN",
    "INPUT",
    "INPUT_DATE",
    "INPUT_TEXT",
    "LABEL",
    "NOTE",
    "TITLE",
    "UNUSED",
    "add_styles",
    "fit_rows",
    "lines",
    "print_setup",
    "put",
]

#: The font of every style: a sans-serif font every office suite has or replaces by a
#: metric-compatible one (Liberation Sans, Arimo).
FONT = "Arial"
#: The number format of date cells: ISO, which every locale reads the same.
DATE_FORMAT = "yyyy-mm-dd"

#: A sheet's title (large, bold).
TITLE = "CQ tiêu đề"
#: A label beside a cell to fill in (bold).
LABEL = "CQ nhãn"
#: A column heading (bold, centred, on light grey).
HEADING = "CQ tiêu đề cột"
#: A cell the library fills and locks (a criterion's name, its instruction).
FIXED = "CQ cố định"
#: A locked cell holding a code or an identifier, formatted as text.
FIXED_TEXT = "CQ cố định (văn bản)"
#: A cell to fill in with a number or a choice (yellow, unlocked).
INPUT = "CQ ô nhập"
#: A cell to fill in with text or a code, formatted as text (`00127` keeps its zeros).
INPUT_TEXT = "CQ ô nhập (văn bản)"
#: A cell to fill in with a date.
INPUT_DATE = "CQ ô nhập (ngày)"
#: A cell a criterion does not use (grey, locked).
UNUSED = "CQ không dùng"
#: An explanation (italic, grey).
NOTE = "CQ ghi chú"
#: A locked text cell of a hidden column: not wrapped (wrapped, a text in a column of no
#: width is printed one letter per line beside the page's last column).
HIDDEN = "CQ ẩn"

_YELLOW = "FFF2CC"
_GREY = "D9D9D9"
_LIGHT = "F2F2F2"
_TEXT = TEXT_FORMAT

#: Characters of 10-point Arial per unit of column width (a unit is the width of a digit of
#: the workbook's default font, 11-point Calibri, 7 pixels): Vietnamese text printed through
#: LibreOffice averages about 1.45; a little less is assumed so that an estimate errs tall.
_CHARS_PER_UNIT = 1.3
#: Bold text is wider.
_BOLD = 0.9
#: Points of row height per line of 10-point text, with room for the stacked accents of
#: capital letters (Ế, Ự, Ẩ); and the padding of a row.
_LINE = 13.5
_PADDING = 4.0


def add_styles(wb: Workbook) -> None:
    """Register the library's named cell styles in `wb` (once; later calls do nothing)."""
    styles = require("openpyxl.styles", "excel", "chinhquyen.scoring.layout.add_styles()")
    if TITLE in wb.named_styles:
        return
    thin = styles.Side(style="thin", color="808080")
    box = styles.Border(left=thin, right=thin, top=thin, bottom=thin)
    top = styles.Alignment(wrap_text=True, vertical="top")
    centre = styles.Alignment(wrap_text=True, vertical="center", horizontal="center")
    locked = styles.Protection(locked=True)
    unlocked = styles.Protection(locked=False)

    def font(**kw: Any) -> Any:
        return styles.Font(name=FONT, size=kw.pop("size", 10), **kw)

    def fill(color: str) -> Any:
        return styles.PatternFill("solid", fgColor=color)

    made = [
        styles.NamedStyle(
            TITLE,
            font=font(size=14, bold=True),
            alignment=styles.Alignment(wrap_text=True, vertical="center"),
            protection=locked,
        ),
        styles.NamedStyle(LABEL, font=font(bold=True), alignment=top, protection=locked),
        styles.NamedStyle(
            HEADING,
            font=font(bold=True),
            alignment=centre,
            border=box,
            fill=fill(_LIGHT),
            protection=locked,
        ),
        styles.NamedStyle(FIXED, font=font(), alignment=top, border=box, protection=locked),
        styles.NamedStyle(
            FIXED_TEXT,
            font=font(),
            alignment=top,
            border=box,
            protection=locked,
            number_format=_TEXT,
        ),
        styles.NamedStyle(
            INPUT, font=font(), alignment=top, border=box, fill=fill(_YELLOW), protection=unlocked
        ),
        styles.NamedStyle(
            INPUT_TEXT,
            font=font(),
            alignment=top,
            border=box,
            fill=fill(_YELLOW),
            protection=unlocked,
            number_format=_TEXT,
        ),
        styles.NamedStyle(
            INPUT_DATE,
            font=font(),
            alignment=top,
            border=box,
            fill=fill(_YELLOW),
            protection=unlocked,
            number_format=DATE_FORMAT,
        ),
        styles.NamedStyle(
            UNUSED, font=font(), alignment=top, border=box, fill=fill(_GREY), protection=locked
        ),
        styles.NamedStyle(
            NOTE, font=font(italic=True, color="595959"), alignment=top, protection=locked
        ),
        styles.NamedStyle(HIDDEN, font=font(), protection=locked, number_format=_TEXT),
    ]
    for style in made:
        wb.add_named_style(style)


def print_setup(
    ws: Worksheet,
    *,
    area: str,
    title_rows: str | None = None,
    header: str | None = None,
) -> None:
    """Give `ws` an A4 landscape page setup, fitted to the page's width.

    Args:
        ws: the worksheet.
        area: the range printed, e.g. `"A1:O30"`.
        title_rows: the rows repeated at the top of every page, e.g. `"8:8"`.
        header: a text printed at the top of every page (written as text: an `&` in it is
            not a header code).
    """
    worksheet = require("openpyxl.worksheet.page", "excel", "chinhquyen.scoring.layout")
    properties = require("openpyxl.worksheet.properties", "excel", "chinhquyen.scoring.layout")
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr = properties.PageSetupProperties(fitToPage=True)
    ws.page_margins = worksheet.PageMargins(
        left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.25, footer=0.25
    )
    ws.print_options.horizontalCentered = True
    ws.print_area = area
    if title_rows is not None:
        ws.print_title_rows = title_rows
    footer, top = ws.oddFooter, ws.oddHeader
    if footer is not None:  # openpyxl always makes them
        footer.center.text = "Trang &P / &N"
        footer.center.font = f"{FONT},Regular"
        footer.center.size = 9
    if header is not None and top is not None:
        top.center.text = header.replace("&", "&&")
        top.center.font = f"{FONT},Bold"
        top.center.size = 10


def lines(text: str, width: float, *, bold: bool = False, size: float = 10) -> int:
    """How many lines `text` takes when wrapped in a column `width` units wide (an estimate).

    Words are wrapped greedily at spaces; a word longer than a line is broken; each line
    break in the text starts a line.
    """
    per_line = max(1, int(width * _CHARS_PER_UNIT * (_BOLD if bold else 1.0) * 10 / size))
    count = 0
    for paragraph in text.split("\n"):
        used = 0
        count += 1
        for word in paragraph.split(" "):
            n = len(word)
            if used and used + 1 + n <= per_line:
                used += 1 + n
                continue
            if used:
                count += 1
            # a word longer than a line fills whole lines, the rest starts the next one
            count += max(0, math.ceil(n / per_line) - 1)
            used = n - per_line * max(0, math.ceil(n / per_line) - 1)
    return count


def fit_rows(
    ws: Worksheet,
    rows: Iterable[int],
    widths: Mapping[str, float],
    *,
    spans: Mapping[str, float] | None = None,
    least: float = 0.0,
) -> None:
    """Set the height of each row to fit its wrapped text (an estimate that errs tall).

    Args:
        ws: the worksheet.
        rows: the rows to fit.
        widths: column letter -> width, for the columns whose text wraps.
        spans: cell reference -> width for merged cells (the sum of the widths they span).
        least: the smallest height to give, in points.
    """
    spans = spans or {}
    for r in rows:
        needed = 1.0
        height = _LINE
        for letter, width in widths.items():
            ref = f"{letter}{r}"
            cell = ws._cells.get((r, _column(letter)))  # read without creating cells
            if cell is None or not isinstance(cell.value, str) or not cell.value:
                continue
            font = cell.font
            size = float(font.sz or 10)
            n = lines(cell.value, spans.get(ref, width), bold=bool(font.b), size=size)
            line = _LINE * size / 10
            if n * line > needed * height:
                needed, height = n, line
        _set_height(ws, r, max(least, round(needed * height + _PADDING, 1)))


def _set_height(ws: Worksheet, row: int, height: float) -> None:
    """Give a row a height that a spreadsheet still adjusts when its text is edited.

    openpyxl marks every height it writes as set by hand (`customHeight`), which stops Excel
    and LibreOffice from growing the row when a person types a longer text into it; the height
    is written here as the row's current automatic height instead.
    """
    ws.row_dimensions[row] = _auto_row()(ws, index=row, ht=height)


@functools.cache
def _auto_row() -> type[Any]:
    dimensions = require("openpyxl.worksheet.dimensions", "excel", "chinhquyen.scoring.layout")

    class AutoRow(dimensions.RowDimension):  # type: ignore[misc,name-defined]
        """A row whose height is not marked as set by hand."""

        @property
        def customHeight(self) -> bool:  # noqa: N802 - openpyxl's name
            return False

    return AutoRow


def _column(letter: str) -> int:
    number = 0
    for ch in letter:
        number = number * 26 + ord(ch) - 64
    return number


def put(cell: Any, value: object, field: str, style: str | None = None) -> None:
    """Write `value` into `cell` so that a form reads it back unchanged, text always as text.

    Args:
        cell: an openpyxl cell.
        value: the value (text goes through `chinhquyen.readers.write_text`, anything else
            through `write_cell`).
        field: how to name the cell in an error, e.g. `"tên xã (D3)"`.
        style: a named style of this module to give the cell, if any.
    """
    if style is not None:
        cell.style = style
    if isinstance(value, str):
        write_text(cell, value, field=field)
    else:
        write_cell(cell, value, field=field)
