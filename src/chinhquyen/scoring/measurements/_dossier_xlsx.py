"""A dossier log saved from a spreadsheet (`.xlsx`), read through `chinhquyen.readers`.

The workbook is checked against the readers' limits before it is parsed (a far cell, a zip bomb
or an error cell is refused naming the cell), its first sheet is read with the columns' headings
in row 1, and each cell becomes the text a CSV export of the same sheet would hold: a date
`2026-02-13`, a date and time `2026-02-13T16:00`, a time `15:00`, a number as written, a
checkbox `true`/`false`. The log then goes through the same measurement as a CSV file, every
dossier named by its spreadsheet row. Blank rows (a sheet's formatted but empty rows) are
skipped.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from chinhquyen.errors import DataFileError
from chinhquyen.readers import CellValue, open_xlsx
from chinhquyen.scoring.measurements._dossier_frames import ROW
from chinhquyen.scoring.measurements._dossier_log import checked_header

__all__ = ["xlsx_frame"]


def _text(value: CellValue) -> str | None:
    """The cell as a CSV export writes it; `None` for an empty cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        seconds = ":%S" if value.second or value.microsecond else ""
        return value.strftime(f"%Y-%m-%dT%H:%M{seconds}")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def xlsx_frame(pl: Any, path: Path, name: str) -> tuple[tuple[str, ...], Any]:
    """The log of an `.xlsx` file's first sheet: its checked header and a Polars frame.

    The frame holds one text column per heading and the spreadsheet row of each dossier in
    column `ROW`.

    Raises:
        ReaderError: the workbook cannot be read safely (see `chinhquyen.readers.open_xlsx`),
            or a cell holds an error or a formula without a saved result.
        DataFileError: the header is missing, repeats a column or lacks a required one.
    """
    with open_xlsx(path, name=name) as book:
        sheet = book.sheet()
        rows = sheet.rows()
        first = next(rows, None)
        if first is None:
            raise DataFileError(name, "the first sheet is empty; row 1 must hold the headings")
        headings = [(_text(v) or "").strip() for v in first[1]]
        while headings and not headings[-1]:  # formatted cells right of the table
            headings.pop()
        header = tuple(checked_header(name, headings))
        width = len(header)
        columns: list[list[str | None]] = [[] for _ in header]
        numbers: list[int] = []
        for number, values in rows:
            texts = [_text(v) for v in values]
            extra = [t for t in texts[width:] if t is not None and t.strip()]
            if extra:
                raise DataFileError(
                    name, f"row {number} has a value right of the last heading ({extra[0]!r})"
                )
            cells = texts[:width] + [None] * (width - len(texts))
            if all(c is None or not c.strip() for c in cells):
                continue  # a blank row
            numbers.append(number)
            for column, cell in zip(columns, cells, strict=True):
                column.append(cell)
    data: dict[str, Any] = {
        h: pl.Series(h, c, dtype=pl.String) for h, c in zip(header, columns, strict=True)
    }
    data[ROW] = pl.Series(ROW, numbers, dtype=pl.Int64)
    return header, pl.DataFrame(data).lazy()
