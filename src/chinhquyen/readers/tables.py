r"""CSV files, read row by row.

[`read_csv`][chinhquyen.readers.read_csv] opens a [`CsvTable`][chinhquyen.readers.CsvTable].

The first row holds the headings; every later row is given with its number as a spreadsheet
shows it (the headings are row 1). What is refused, and why:

- two columns with the same heading (compared as a person reads them: Unicode NFC, runs of
  spaces as one, ignoring case), since which of the two holds the value cannot be told;
- a row with fewer cells than headings, or with a value in a column that has no heading (a
  heading may be blank only if its whole column is blank, as Excel leaves trailing columns);
- bytes that are not valid in the encoding, naming the line (never a `UnicodeDecodeError`),
  and an unknown encoding name (never a `LookupError`);
- more than [`Limits.csv_rows`][chinhquyen.readers.Limits] rows, more than `columns` columns,
  a cell longer than `cell_chars` (and in any case than 131,072 characters, the most Python's
  `csv` module reads), a line longer than `line_chars`.

Line endings may be `\r\n` (Windows), `\n` or `\r` alone (old Macintosh exports). A row
whose cells are all blank is skipped (it is not data), but it keeps its number, so every
later row has the number a spreadsheet shows, and the table counts them in
`CsvTable.blank_rows`. Cells are given as written, not
stripped.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import IO, NamedTuple, Self

from chinhquyen.errors import Problem
from chinhquyen.readers.errors import LimitError, ReaderError, vi_number
from chinhquyen.readers.limits import Limits, resolve
from chinhquyen.readers.text import (
    cannot_read,
    check_encoding,
    excerpt,
    open_regular,
    undecodable,
)

__all__ = ["CsvRow", "CsvTable", "column_letter", "heading_key", "read_csv"]

_SPACES = re.compile(r"\s+")
_UNDECODED = re.compile("[\udc80-\udcff]+")


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 is `A`, 26 is `AA`."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def heading_key(heading: str) -> str:
    """A heading as compared: Unicode NFC, runs of white space as one space, trimmed, casefolded."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", heading)).strip().casefold()


class CsvRow(NamedTuple):
    """One data row of a CSV file.

    Attributes:
        row: the row's number as a spreadsheet shows it (the headings are row 1; blank rows
            are counted).
        line: the line of the file the row starts on (a quoted cell may span lines).
        cells: one cell per heading, as written.
    """

    row: int
    line: int
    cells: tuple[str, ...]


class CsvTable:
    """An open CSV file: its headings, then its rows one at a time (iterate over it).

    Use it in a `with` block, or iterate to the end, so the file is closed. Made by
    [`read_csv`][chinhquyen.readers.read_csv].

    Attributes:
        name: the file's name in messages.
        encoding: the encoding it is read with (canonical name, e.g. `utf-8-sig`).
        delimiter: the cell separator.
        header: the headings, trimmed of surrounding white space.
        blank_rows: how many blank rows were skipped so far.
        rows_read: how many data rows (blank ones included) were read so far.
    """

    def __init__(
        self,
        binary: IO[bytes],
        *,
        name: str,
        encoding: str,
        delimiter: str | None,
        skip_blank: bool,
        limits: Limits,
        owned: bool,
    ) -> None:
        self.name = name
        self.encoding = encoding
        self.limits = limits
        self.blank_rows = 0
        self.rows_read = 0
        self._skip_blank = skip_blank
        self._binary = binary if owned else None
        self._text = io.TextIOWrapper(
            binary, encoding=encoding, errors="surrogateescape", newline=""
        )
        self._line = 0  # physical lines given to the csv reader so far
        self._row = 0
        self._closed = False
        try:
            first = self._next_line()
            self._line = 0  # counted again when the csv reader takes it
            if first.startswith("\ufeff"):
                first = first[1:]
            self.delimiter = delimiter or _guess_delimiter(first)
            self._reader = csv.reader(self._chain(first), delimiter=self.delimiter)
            header = self._record()
            if header is None or not "".join(header[1]).strip():
                raise ReaderError(
                    name,
                    "is empty; the first row must hold the headings",
                    "row 1",
                    code="csv.empty",
                    message_vi="tệp trống; dòng đầu tiên phải ghi tiêu đề các cột",
                )
            if bad := self._undecoded(1, header[0], header[1]):
                raise bad
            self.header: tuple[str, ...] = tuple(c.strip() for c in header[1])
            self._check_header()
        except BaseException:
            self.close()
            raise
        self._unnamed = [i for i, h in enumerate(self.header) if not h]

    # --- reading lines and records ------------------------------------------------------------

    def _next_line(self) -> str:
        limit = self.limits.line_chars
        try:
            line = self._text.readline(limit + 2)
        except OSError as e:
            raise cannot_read(self.name, e) from None
        if line:
            self._line += 1
            if len(line) > limit and len(line.rstrip("\r\n")) > limit:
                raise LimitError(
                    self.name,
                    f"has a line longer than {limit:,} characters",
                    f"line {self._line}",
                    limit="line_chars",
                    allowed=limit,
                    message_vi=f"có một dòng dài hơn {vi_number(limit)} ký tự",
                )
        return line

    def _chain(self, first: str) -> Iterator[str]:
        if first:
            self._line += 1
            yield first
        while line := self._next_line():
            yield line

    def _record(self) -> tuple[int, list[str]] | None:
        """The next record and the line it starts on, or None at the end of the file."""
        start = self._line + 1
        try:
            cells = next(self._reader, None)
        except csv.Error as e:
            raise self._csv_error(e, start) from None
        if cells is None:
            return None
        self._row += 1
        return start, cells

    def _csv_error(self, error: csv.Error, start: int) -> ReaderError:
        ceiling = csv.field_size_limit()
        where = f"row {self._row + 1}, line {start}"
        if "field larger than field limit" not in str(error):
            return ReaderError(
                self.name,
                f"is not valid CSV: {error}",
                where,
                code="csv.syntax",
                message_vi=f"không phải CSV hợp lệ (trình đọc báo: {error})",
            )
        message = f"has a cell longer than {ceiling:,} characters"
        message_vi = f"có một ô dài hơn {vi_number(ceiling)} ký tự"
        if self.limits.cell_chars <= ceiling:
            return LimitError(
                self.name,
                message,
                where,
                limit="cell_chars",
                allowed=self.limits.cell_chars,
                message_vi=message_vi,
            )
        return ReaderError(
            self.name,
            message + ", the most Python's csv module reads",
            where,
            code="csv.cell_too_long",
            message_vi=message_vi + ", mức tối đa mô-đun csv của Python đọc được",
        )

    def _undecoded(self, row: int, line: int, cells: Sequence[str]) -> ReaderError | None:
        """The error for a row holding bytes that are not valid in the encoding, if it does."""
        for i, cell in enumerate(cells):
            if bad := _UNDECODED.search(cell):
                raw = bytes(ord(c) - 0xDC00 for c in bad.group()[:8])
                where = f"line {line}, {self.where(row, i)}" if row > 1 else f"line {line}"
                return undecodable(self.name, raw, self.encoding, where)
        return None

    # --- checks -------------------------------------------------------------------------------

    def _check_header(self) -> None:
        lim = self.limits
        if len(self.header) > lim.columns:
            raise LimitError(
                self.name,
                f"has {len(self.header):,} columns",
                "row 1",
                limit="columns",
                allowed=lim.columns,
                message_vi=f"có {vi_number(len(self.header))} cột",
                value=len(self.header),
            )
        self._check_cells(1, self.header)
        first: dict[str, int] = {}
        problems: list[Problem] = []
        for i, heading in enumerate(self.header):
            if not heading:
                continue
            key = heading_key(heading)
            if key in first:
                j = first[key]
                problems.append(
                    Problem(
                        f"row 1, column {column_letter(i)}",
                        "csv.duplicate_heading",
                        f"repeats the heading {self.header[j]!r} of column {column_letter(j)};"
                        " each column needs its own heading (which of the two holds the value"
                        " cannot be told)",
                        f"lặp lại tiêu đề {self.header[j]!r} của cột {column_letter(j)}; mỗi cột"
                        " cần một tiêu đề riêng (không thể biết cột nào mới ghi giá trị)",
                        heading,
                    )
                )
            else:
                first[key] = i
        if problems:
            raise ReaderError.of(self.name, problems, lim.listed)

    def _check_cells(self, row: int, cells: Sequence[str]) -> None:
        limit = self.limits.cell_chars
        for i, cell in enumerate(cells):
            if len(cell) > limit:
                raise LimitError(
                    self.name,
                    f"holds {len(cell):,} characters",
                    self.where(row, i),
                    limit="cell_chars",
                    allowed=limit,
                    message_vi=f"có {vi_number(len(cell))} ký tự",
                    value=len(cell),
                )

    def column(self, index: int) -> str:
        """A column named for messages: `column C (returned_at)`."""
        heading = self.header[index] if index < len(self.header) else ""
        return f"column {column_letter(index)}" + (f" ({heading})" if heading else "")

    def where(self, row: int, index: int) -> str:
        """A cell named for messages: `row 5, column C (returned_at)`."""
        return f"row {row}, {self.column(index)}"

    # --- iteration ----------------------------------------------------------------------------

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> CsvRow:
        while not self._closed:
            try:
                row = self._next_row()
            except BaseException:
                self.close()
                raise
            if row is not None:
                return row
        raise StopIteration

    def _next_row(self) -> CsvRow | None:
        """The next data row; None for a skipped blank row (or at the end, closing)."""
        record = self._record()
        if record is None:
            self.close()
            return None
        line, cells = record
        self.rows_read += 1
        lim = self.limits
        if self.rows_read > lim.csv_rows:
            raise LimitError(
                self.name,
                f"has more than {lim.csv_rows:,} rows",
                f"row {self._row}",
                limit="csv_rows",
                allowed=lim.csv_rows,
                message_vi=f"có hơn {vi_number(lim.csv_rows)} dòng",
            )
        joined = "".join(cells)
        if not joined.isascii() and (bad := self._undecoded(self._row, line, cells)):
            raise bad
        if len(joined) > lim.cell_chars:
            self._check_cells(self._row, cells)
        if not joined.strip():
            if self._skip_blank:
                self.blank_rows += 1
                return None
            return CsvRow(self._row, line, ("",) * len(self.header))
        if len(cells) != len(self.header) or self._unnamed:
            self._check_shape(self._row, cells)
            cells = cells[: len(self.header)]
        return CsvRow(self._row, line, tuple(cells))

    def _check_shape(self, row: int, cells: list[str]) -> None:
        width = len(self.header)
        if len(cells) < width:
            shown = excerpt(self.delimiter.join(cells))
            raise ReaderError(
                self.name,
                f"has {len(cells)} cell(s) but there are {width} headings: a cell is missing"
                f" or a separator {self.delimiter!r} was lost; the row reads {shown}",
                f"row {row}",
                code="csv.row_length",
                message_vi=f"dòng có {len(cells)} ô nhưng có {width} tiêu đề: thiếu một ô hoặc"
                f" mất một dấu phân cách {self.delimiter!r}; dòng đó là {shown}",
                value=len(cells),
            )
        for i in range(width, len(cells)):
            if cells[i].strip():
                shown = excerpt(cells[i], width=30)
                last = column_letter(width - 1)
                raise ReaderError(
                    self.name,
                    f"holds {shown} in a column with no heading (the"
                    f" headings end at column {last}); give the column a"
                    " heading or move the value",
                    f"row {row}, column {column_letter(i)}",
                    code="csv.unheaded_value",
                    message_vi=f"ô ghi {shown} ở một cột không có tiêu đề (các tiêu đề chỉ đến"
                    f" cột {last}); hãy đặt tiêu đề cho cột hoặc chuyển giá trị đi",
                    value=cells[i],
                )
        for i in self._unnamed:
            if cells[i].strip():
                shown = excerpt(cells[i], width=30)
                raise ReaderError(
                    self.name,
                    f"holds {shown} in a column with a blank heading; give the column a heading",
                    f"row {row}, column {column_letter(i)}",
                    code="csv.blank_heading_value",
                    message_vi=f"ô ghi {shown} ở một cột có tiêu đề để trống; hãy đặt tiêu đề"
                    " cho cột",
                    value=cells[i],
                )

    # --- closing ------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the file (the table reads no more rows)."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(ValueError):  # already detached
            self._text.detach()
        if self._binary is not None:
            self._binary.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _guess_delimiter(line: str) -> str:
    if "," not in line and ";" in line:
        return ";"  # Excel in locales with a decimal comma
    if "," not in line and ";" not in line and "\t" in line:
        return "\t"
    return ","


def read_csv(
    source: str | os.PathLike[str] | bytes | IO[bytes],
    *,
    name: str | None = None,
    encoding: str = "utf-8-sig",
    delimiter: str | None = ",",
    skip_blank: bool = True,
    limits: Limits | None = None,
) -> CsvTable:
    r"""Open a CSV file and read its headings; iterate over the result for its rows.

    Args:
        source: the file (a path), its content (`bytes`), or a binary file object (left
            open).
        name: how to name the file in messages (default: its path, or `<csv>`).
        encoding: the text encoding; the default reads UTF-8 with or without a byte-order
            mark (as Excel saves "CSV UTF-8").
        delimiter: the cell separator; None guesses it from the first line: `;` when it holds
            a semicolon and no comma (Excel in locales with a decimal comma), a tab when it
            holds a tab and neither, else `,`.
        skip_blank: skip rows whose cells are all blank (they are counted in
            `CsvTable.blank_rows`); with False they are
            given as rows of empty cells.
        limits: the limits (default: those in force, see
            [`use_limits`][chinhquyen.readers.use_limits]).

    Returns:
        The open table; use it in a `with` block.

    Raises:
        ReaderError: the file cannot be read, the encoding is unknown, the headings are
            missing or repeated, or (while iterating) a row is refused; the message names
            the row, column and line.
        LimitError: (also while iterating) a limit is exceeded.

    Examples:
        ```pycon
        >>> with read_csv(b"id,returned_at\r\nHS-1,2025-03-04\r\n\r\nHS-2,\r\n") as table:
        ...     print(table.header, [(r.row, r.cells) for r in table], table.blank_rows)
        ('id', 'returned_at') [(2, ('HS-1', '2025-03-04')), (4, ('HS-2', ''))] 1
        ```
    """
    lim = resolve(limits)
    if isinstance(source, bytes | bytearray | memoryview):
        label = name or "<csv>"
    elif isinstance(source, str | os.PathLike):
        label = name or os.fspath(source)
    else:
        label = name or str(getattr(source, "name", "<csv>"))
    codec = check_encoding(encoding, label)
    if delimiter is not None and (len(delimiter) != 1 or delimiter in "\r\n\"'"):
        raise ReaderError(
            label,
            f"delimiter={delimiter!r} is not one character such as ',' or ';'",
            code="csv.delimiter",
            message_vi=f"delimiter={delimiter!r} không phải một ký tự phân cách như ',' hoặc ';'",
            value=delimiter,
        )
    owned = True
    if isinstance(source, bytes | bytearray | memoryview):
        binary: IO[bytes] = io.BytesIO(bytes(source))
    elif isinstance(source, str | os.PathLike):
        binary = open_regular(source, label)
    else:
        binary, owned = source, False
    return CsvTable(
        binary,
        name=label,
        encoding=codec,
        delimiter=delimiter,
        skip_blank=skip_blank,
        limits=lim,
        owned=owned,
    )
