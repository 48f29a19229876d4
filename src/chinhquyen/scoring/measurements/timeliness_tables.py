"""Timeliness of large dossier logs, read column by column (the `tables` extra).

[`measure_dossier_table`][chinhquyen.scoring.measurements.measure_dossier_table] reads a dossier
log, a CSV or Parquet file or a table already in
memory (Polars, pandas, Arrow), a batch of rows at a time, and measures it with the same code
as [`measure_timeliness`][chinhquyen.scoring.measurements.timeliness.measure_timeliness]: the
calendar's due dates (its batch API, one pause and apology slips included, or its full
computation for dossiers paused more than once), the same judgement, the same report. Memory
does not grow with the log beyond the per-dossier results the caller asks for (`results=True`)
and, for the duplicate-id check, 8 bytes per dossier and a bitmap of at most 16 MiB.

Cells are read as [`read_dossier_log`][chinhquyen.scoring.measurements.timeliness.read_dossier_log]
reads them: a cell in the plain shape (`2024-03-04T09:30`, `2024-03-08`, `5`, `15:00`,
`true` in any ASCII case) is converted column-wise, free text stripped of the whitespace
Python's `str.strip()` removes; any other cell, valid or not (an offset such as `+07:00`, a
pause, a day/month date, a word), sends its row to the row-by-row reader, which either accepts
it or refuses it with the file, row and column. Every check the row-by-row readers make is
made: blank and malformed cells, rows shorter or longer than the header, a return before the
receipt, pauses out of order, repeated ids (the later row is refused), unreturned dossiers
without `as_of`, dates outside the calendar.

Errors: with `errors="raise"` (default) the first refused row is raised, as
`measure_dossier_log` would (every row is read before any is measured, so a cell that cannot
be read comes before a dossier that cannot be measured); with `errors="collect"` every refused
row is left out of the counts and listed in
[`TimelinessReport.rejected`][chinhquyen.scoring.measurements.timeliness.TimelinessReport]
with its row and column.

Rows are named as a spreadsheet shows them for CSV files (the header is row 1, a blank row
keeps its number); for Parquet files and tables in memory, by position from 0.

Engines, chosen on measurements of the same 1,000,000-row CSV file (CPU time of all threads,
this 2-core machine): pyarrow's streaming CSV reader tokenizes (about 0.25 s, whatever the
block size from 256 KiB to 4 MiB), reports every row with more or fewer cells than the header
with its number and transcodes any encoding, and keeps blank rows, so every row keeps the
number a spreadsheet shows; Polars takes its batches (about 0.1 s) and converts and checks the
columns, multi-threaded (about 0.38 s for every column against its plain shape), 250,000 rows
at a time (each query over a batch has a fixed cost; 100,000-row batches took 0.08 s more,
500,000-row ones no less). The rest: numpy columns (0.09 s), the repeated-id check (0.1 s),
due dates and counts (0.1 s). In all, 1.3-1.4 times the CPU time of plain DuckDB SQL doing
the same join on the same file (1.01-1.03 s against 0.76-0.78 s, three runs); 10,000,000 rows
in 10.8 s and 760 MiB at peak (DuckDB 8.2 s).

Measured and left aside: Polars' own CSV reader took as much CPU time (0.45 s), and pads a
short row with empty cells without a word; DuckDB's is fast too, but drops blank lines, numbers
rejected rows by physical line, and its export of the text columns to Arrow alone cost 0.85 s;
`pyarrow.compute` converted the same columns in about twice Polars' time; pyarrow's reader
dictionary-encoding the repetitive columns took 0.2 s more. Parsing without the shape checks
(`strict=False`) and sending only the cells that fail to the row-by-row reader would save the
regular expressions (about 0.2 s), but Polars' parsers take cells the row-by-row reader
refuses or reads otherwise, so every cell is still matched against its plain shape. DuckDB
remains the reference the benchmark compares with (plain SQL joining the calendar's days), and
the engine the calendar's SQL is documented for.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np

from chinhquyen.calendar.deadlines import WorkingDays
from chinhquyen.errors import DataFileError, InvalidInputError
from chinhquyen.extras import require
from chinhquyen.scoring.batching import gc_paused
from chinhquyen.scoring.measurements._dossier_arrays import (
    DossierArrays,
    repeated_positions,
    take,
)
from chinhquyen.scoring.measurements._dossier_deadline import calendar_and_day
from chinhquyen.scoring.measurements._dossier_frames import (
    FREE_TEXT,
    ROW,
    WHITESPACE,
    Source,
    arrays_of,
    padded,
    read_frame,
    rejection,
    strings_of,
)
from chinhquyen.scoring.measurements._dossier_log import checked_header, record_from_cells
from chinhquyen.scoring.measurements._dossier_measure import Measured, measure_arrays, report_of
from chinhquyen.scoring.measurements._dossier_model import (
    DossierRecord,
    Rejection,
    TimelinessReport,
)
from chinhquyen.scoring.measurements._dossier_xlsx import xlsx_frame

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["measure_dossier_table"]

_SEED = 0x63687175  # fixed: an id hashes alike in every batch
_UTF8 = {"utf-8", "utf-8-sig"}
#: Spreadsheet files: `.xlsx` is read, the others refused naming how to save as `.xlsx`.
_SPREADSHEETS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")


def measure_dossier_table(
    source: str | Path | Any,
    calendar: WorkingDays | None = None,
    *,
    as_of: dt.date | str | None = None,
    against_original: bool = True,
    errors: Literal["raise", "collect"] = "raise",
    results: bool = False,
    encoding: str = "utf-8-sig",
    batch_rows: int = 250_000,
) -> TimelinessReport:
    """Read a dossier log column by column and measure its timeliness.

    Args:
        source: a `.csv`, `.parquet` or `.xlsx` file (its first sheet, headings in row 1), or
            a Polars, pandas or Arrow table, with the columns of `read_dossier_log` (text as in
            a CSV file; a table or a sheet may also hold dates, date-times, integers, booleans
            and times, a null or an empty cell being a blank cell).
        calendar: the working-day calendar; `WorkingCalendar.national()` when `None`.
        as_of: the day unreturned dossiers are judged on; required when any is unreturned.
        against_original: judge lateness against the due date before any apology slip.
        errors: `"raise"` the first refused row, or `"collect"` every refused row in
            `report.rejected` and measure the others.
        results: keep the per-dossier results (`report.results`, `report.to_arrow()`); the
            counts, rates and missing apology slips are always given.
        encoding: the text encoding of a CSV file.
        batch_rows: rows read and measured at a time (bounds the memory used; each query
            over a batch has a fixed cost, so fewer, larger batches take less CPU time).

    Returns:
        The report.

    Raises:
        DataFileError: naming the file, row and column of a cell that cannot be read.
        InvalidInputError: for a repeated dossier id, or an unreturned dossier without
            `as_of`.
        DeadlineError: naming the dossier when its deadline cannot be computed.
        DateOutOfRangeError: when a date is outside the calendar's range.
        MissingExtraError: when Polars is not installed (`pip install 'chinhquyen[tables]'`).
    """
    pl = require("polars", "tables", "measure_dossier_table()")
    cal, day = calendar_and_day(calendar, as_of)
    if errors not in ("raise", "collect"):
        raise InvalidInputError(
            "measure_dossier_table", [("errors", f"{errors!r}; use 'raise' or 'collect'")]
        )
    if isinstance(batch_rows, bool) or not isinstance(batch_rows, int) or batch_rows < 1:
        raise InvalidInputError(
            "measure_dossier_table", [("batch_rows", f"{batch_rows!r}; use an int from 1 up")]
        )
    with gc_paused():
        log = _open(pl, source, encoding)
        run = _Run(log, cal, day, against_original, errors == "collect", results)
        try:
            for batch in log.batches(batch_rows):
                run.batch(batch)
        except _UnreadableError:
            # a file the columnar reader cannot tokenize: the row-by-row reader names the row
            run = _Run(log, cal, day, against_original, errors == "collect", results)
            run.rows_one_by_one()
        return run.finish()


class _UnreadableError(Exception):
    """The columnar reader cannot read the file; the row-by-row reader will say why."""


@attrs.define
class _Log:
    """A log to read: its name, kind and header, and how to read its rows in batches.

    Attributes:
        name: the file, or "table".
        kind: `csv` (text cells, rows numbered as a spreadsheet shows them) or `table`.
        header: the column names, checked.
        path: the file, if one.
        encoding: the text encoding of a CSV file.
        frame: a table's rows (a Polars LazyFrame), if not a CSV file.
        invalid: CSV rows with more or fewer cells than the header: (row, cells).
    """

    name: str
    kind: Literal["csv", "table"]
    header: tuple[str, ...]
    path: Path | None = None
    encoding: str = "utf-8"
    frame: Any = None
    invalid: list[tuple[int, int]] = attrs.field(factory=list)

    def batches(self, rows: int, columns: Sequence[str] | None = None) -> Iterator[Any]:
        """Polars frames of at most `rows` rows, with the row of each in column `ROW`."""
        import polars as pl

        if self.kind == "csv":
            yield from self._csv_batches(pl, rows, columns)
            return
        frame = self.frame if columns is None else self.frame.select(ROW, *columns)
        try:
            yield from frame.collect_batches(chunk_size=rows)
        except pl.exceptions.PolarsError as e:
            raise DataFileError(self.name, f"cannot be read as a table: {e}") from None

    def _csv_batches(self, pl: Any, rows: int, columns: Sequence[str] | None) -> Iterator[Any]:
        import pyarrow as pa
        import pyarrow.csv as pcsv

        assert self.path is not None
        skipped: set[int] = set()

        def invalid(row: Any) -> str:
            if row.number is None:  # pragma: no cover - the serial reader numbers its rows
                raise _UnreadableError
            skipped.add(row.number)
            if columns is None:
                self.invalid.append((row.number, row.actual_columns))
            return "skip"

        wanted = list(self.header if columns is None else columns)
        try:
            reader = pcsv.open_csv(
                self.path,
                read_options=pcsv.ReadOptions(
                    use_threads=False,
                    # blocks of at most 1 MiB (about 10,000 rows) are tokenized faster than
                    # larger ones (they stay in the CPU's cache); batches gather several
                    block_size=min(max(rows * 128, 1 << 16), 1 << 20),
                    skip_rows=1,
                    column_names=list(self.header),
                    encoding=self.encoding,
                ),
                parse_options=pcsv.ParseOptions(
                    newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=invalid
                ),
                convert_options=pcsv.ConvertOptions(
                    column_types={c: pa.string() for c in self.header},
                    include_columns=wanted,
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            number = 2  # the header is row 1
            gathered: list[tuple[Any, NDArray[np.int64]]] = []  # Arrow tables, row numbers
            size = 0
            for record_batch in reader:
                m = record_batch.num_rows
                # rows keep their numbers: the numbers of skipped (invalid) rows are left out
                span = np.arange(number, number + m + len(skipped))
                numbers = span[~np.isin(span, list(skipped))][:m] if skipped else span[:m]
                if m:
                    number = int(numbers[-1]) + 1
                skipped = {k for k in skipped if k >= number}
                gathered.append((pa.Table.from_batches([record_batch]), numbers))
                size += m
                if size >= rows:
                    # batches of exactly `rows` rows: the rows over are kept for the next one
                    table = pa.concat_tables([t for t, _ in gathered])
                    numbers = np.concatenate([n for _, n in gathered])
                    whole = size - size % rows
                    frame = _frame(pl, table.slice(0, whole), numbers[:whole])
                    gathered = [(table.slice(whole), numbers[whole:])] if whole < size else []
                    size -= whole
                    del table  # the Arrow columns, converted: not kept while the frame is used
                    for start in range(0, whole, rows):
                        yield frame.slice(start, rows)
                    del frame
            if size:
                table = pa.concat_tables([t for t, _ in gathered])
                yield _frame(pl, table, np.concatenate([n for _, n in gathered]))
        except (pa.ArrowInvalid, OSError, UnicodeDecodeError) as e:
            raise _UnreadableError from e


def _frame(pl: Any, table: Any, numbers: NDArray[np.int64]) -> Any:
    """The Polars frame of an Arrow table of rows with their numbers, its free text stripped.

    (Stripped in the few columns where a cell has whitespace around it.)
    """
    padding = [
        c for c in FREE_TEXT if c in table.column_names and any(map(padded, table[c].chunks))
    ]
    frame = pl.from_arrow(table).with_columns(pl.Series(ROW, numbers))
    if padding:
        frame = frame.with_columns(pl.col(c).str.strip_chars(WHITESPACE) for c in padding)
    return frame


def _open(pl: Any, source: Any, encoding: str) -> _Log:
    """The log of `source`, its header checked."""
    if isinstance(source, str | Path):
        path = Path(source)
        name = str(source)
        suffix = path.suffix.lower()
        if suffix in (".csv", ".txt"):
            return _open_csv(path, name, encoding)
        if suffix in (".parquet", ".pq"):
            try:
                frame = pl.scan_parquet(path)
                columns = frame.collect_schema().names()
            except (OSError, pl.exceptions.PolarsError) as e:
                raise DataFileError(name, f"cannot read the Parquet file: {e}") from None
            header = tuple(checked_header(name, [str(c) for c in columns]))
            return _Log(name, "table", header, path, frame=frame.with_row_index(ROW))
        if suffix in _SPREADSHEETS:  # the readers refuse all but .xlsx, saying how to convert
            header, frame = xlsx_frame(pl, path, name)
            return _Log(name, "table", header, path, frame=frame)
        raise DataFileError(
            name,
            f"unknown kind of file {suffix or '(no suffix)'!r}; give a .csv, .parquet or .xlsx"
            " file",
        )
    frame = _as_lazy(pl, source)
    columns = [str(c) for c in frame.collect_schema().names()]
    header = tuple(checked_header("table", columns))
    return _Log("table", "table", header, frame=frame.with_row_index(ROW))


def _as_lazy(pl: Any, source: Any) -> Any:
    if isinstance(source, pl.LazyFrame):
        return source
    if isinstance(source, pl.DataFrame):
        return source.lazy()
    module = type(source).__module__.split(".")[0]
    try:
        if module == "pandas":
            return pl.from_pandas(source).lazy()
        if module == "pyarrow":
            return pl.from_arrow(source).lazy()
    except (TypeError, ValueError, pl.exceptions.PolarsError) as e:
        raise InvalidInputError("measure_dossier_table", [("source", str(e))]) from None
    raise InvalidInputError(
        "measure_dossier_table",
        [
            (
                "source",
                f"got {type(source).__name__}; give a .csv or .parquet path, or a Polars, pandas "
                "or Arrow table",
            )
        ],
    )


def _open_csv(path: Path, name: str, encoding: str) -> _Log:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise DataFileError(name, f"unknown encoding {encoding!r}; use e.g. utf-8") from None
    try:
        with path.open(encoding=encoding, newline="") as fh:
            first = next(csv.reader(fh), None)
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise DataFileError(name, f"cannot read the CSV file: {e}") from None
    header = tuple(h.strip() for h in checked_header(name, first))
    # pyarrow skips a UTF-8 byte-order mark itself
    return _Log(name, "csv", header, path, "utf8" if codec in _UTF8 else codec)


class _SeenIds:
    """Ids already met, as 64-bit hashes: the candidates of repeated ids.

    A candidate is a row whose id hashes like an earlier row's; whether the ids are equal is
    decided at the end, reading the candidates' ids again. The hashes are kept in sorted runs
    whose sizes at least quarter from one to the next (two runs of close sizes are merged), so a
    log of `n` rows costs `O(n log n)` and 8 bytes per row. A bitmap indexed by a hash's top
    bits says which hashes may have been met: only those are looked up in the runs. It has 32
    bits per hash met (rebuilt from the runs as it grows), up to 16 MiB: fewer than 3 hashes in
    100 are looked up until the log passes 4 million rows, about 7 at 10 million.
    """

    _LEAST, _MOST = 16, 27  # the bitmap's size, as powers of two of bits

    def __init__(self) -> None:
        self.runs: list[NDArray[np.uint64]] = []
        self.met = 0
        self.width = self._LEAST
        self.bits = np.zeros(1 << (self.width - 6), np.uint64)

    def candidates(self, hashes: NDArray[np.uint64]) -> NDArray[np.bool_]:
        """Which of `hashes` (in log order) an earlier row had; remembers them all."""
        again = np.zeros(len(hashes), np.bool_)
        if not len(hashes):
            return again
        self.met += len(hashes)
        if self.met * 32 > 1 << self.width and self.width < self._MOST:
            self._widen()
        ranked = np.sort(hashes)
        if (ranked[1:] == ranked[:-1]).any():  # rare: a hash twice in the batch
            order = np.argsort(hashes, kind="stable")
            again[order[1:]] = ranked[1:] == ranked[:-1]
        # in hash order: the bitmap is read and written in address order
        words, masks = self._places(ranked)
        maybe = (self.bits[words] & masks) != 0
        if maybe.any():
            needles = ranked[maybe]
            found = np.zeros(len(needles), np.bool_)
            for run in self.runs:
                at = np.searchsorted(run, needles)
                at[at == len(run)] = 0
                found |= run[at] == needles
            if found.any():
                again |= np.isin(hashes, needles[found])
        self._mark(words, masks)
        self.runs.append(ranked)
        while len(self.runs) > 1 and len(self.runs[-2]) <= 4 * len(self.runs[-1]):
            last, before = self.runs.pop(), self.runs.pop()
            # two sorted runs: the stable sort (timsort) merges them in linear time
            self.runs.append(np.sort(np.concatenate([before, last]), kind="stable"))
        return again

    def _places(self, ranked: NDArray[np.uint64]) -> tuple[NDArray[np.intp], NDArray[np.uint64]]:
        """The bitmap's word and bit of each of sorted hashes."""
        slots = ranked >> np.uint64(64 - self.width)
        words = (slots >> np.uint64(6)).astype(np.intp)
        return words, np.left_shift(np.uint64(1), slots & np.uint64(63))

    def _mark(self, words: NDArray[np.intp], masks: NDArray[np.uint64]) -> None:
        """Set the bits of sorted hashes (a word's bits are gathered first: one write each)."""
        starts = np.flatnonzero(np.concatenate([[True], words[1:] != words[:-1]]))
        self.bits[words[starts]] |= np.bitwise_or.reduceat(masks, starts)

    def _widen(self) -> None:
        """A bitmap of 32 bits per hash met (at most `2**_MOST` bits), from the runs."""
        while self.met * 32 > 1 << self.width and self.width < self._MOST:
            self.width += 1
        self.bits = np.zeros(1 << (self.width - 6), np.uint64)
        for run in self.runs:
            self._mark(*self._places(run))


class _Run:
    """One measurement of a log, batch by batch."""

    def __init__(
        self,
        log: _Log,
        cal: WorkingDays,
        as_of: dt.date | None,
        against_original: bool,
        collect: bool,
        keep: bool,
    ) -> None:
        import polars as pl
        import pyarrow as pa

        self.pl, self.pa = pl, pa
        self.log = log
        self.source = Source(log.name, log.kind, log.header)
        self.cal, self.as_of, self.against_original = cal, as_of, against_original
        self.collect, self.keep = collect, keep
        self.parts: list[Measured] = []
        self.reading: list[Rejection] = []  # cells that cannot be read
        self.measuring: list[Rejection] = []  # dossiers that cannot be measured
        self.seen = _SeenIds()
        self.held: list[tuple[DossierArrays, NDArray[np.uint64]]] = []

    # --- one batch ----------------------------------------------------------------------

    def batch(self, frame: Any) -> None:
        """Read and measure one batch of rows."""
        # a CSV file's batches come stripped (`_frames`)
        arrays, refused = read_frame(self.source, frame, stripped=self.log.kind == "csv")
        last = frame[ROW].max() if len(frame) else None
        refused += self._invalid_rows(last)
        self.reading += refused
        if refused and not self.collect:
            raise min(refused, key=lambda r: r.row).error
        self.measure(arrays)

    def _invalid_rows(self, last: int | None) -> list[Rejection]:
        """CSV rows up to row `last` (all when `None`) with more or fewer cells than the header."""
        log = self.log
        out = []
        for row, cells in log.invalid:
            if last is None or row <= last:
                error = DataFileError(
                    log.name,
                    f"has {cells} cells, the header has {len(log.header)}",
                    key=f"row {row}",
                )
                out.append(Rejection(row, None, str(error), error))
        log.invalid = [
            (row, cells) for row, cells in log.invalid if row not in {r.row for r in out}
        ]
        return out

    def measure(self, arrays: DossierArrays) -> None:
        """Measure dossiers read; rows whose id may repeat an earlier one wait for the end."""
        if not len(arrays):
            return
        hashes = self._hashes(arrays.ids)
        again = self.seen.candidates(hashes)
        if again.any():
            self.held.append((take(arrays, np.flatnonzero(again)), hashes[again]))
            arrays = take(arrays, np.flatnonzero(~again))
        measured = measure_arrays(
            arrays, self.cal, self.as_of, self.against_original, collect=True, keep=self.keep
        )
        self.parts.append(measured)
        self.measuring += measured.rejected

    def _hashes(self, ids: Sequence[Any]) -> NDArray[np.uint64]:
        series = self.pl.Series(values=strings_of([ids]))
        hashed: NDArray[np.uint64] = series.hash(_SEED).to_numpy()
        return hashed

    # --- the end ------------------------------------------------------------------------

    def finish(self) -> TimelinessReport:
        """Decide the held rows, and give the report (or raise the first refusal)."""
        self.reading += self._invalid_rows(None)
        if self.reading and not self.collect:
            raise min(self.reading, key=lambda r: r.row).error
        if self.held:
            self._decide_repeats()
        rejected = sorted(self.reading + self.measuring, key=lambda r: r.row)
        if rejected and not self.collect:
            raise rejected[0].error
        report = report_of(self.parts, self.as_of, self.against_original, keep=self.keep)
        return attrs.evolve(report, rejected=tuple(rejected))

    def _decide_repeats(self) -> None:
        """Refuse the held rows whose id equals an earlier row's; measure the others."""
        pl = self.pl
        wanted = np.unique(np.concatenate([h for _, h in self.held]))
        found: list[tuple[int, str]] = []
        for batch in self.log.batches(1 << 20, ["id"]):
            ids = batch.select(
                pl.col(ROW), pl.col("id").cast(pl.String).str.strip_chars(WHITESPACE)
            )
            ids = ids.filter(pl.Series(np.isin(self._hashes(ids["id"].to_arrow()), wanted)))
            found += zip(ids[ROW].to_list(), ids["id"].to_list(), strict=True)
        first: dict[str, int] = {}
        for row, rid in found:
            if rid not in first or row < first[rid]:
                first[rid] = row
        for arrays, _ in self.held:
            ids = _pylist(arrays.ids)
            rows = (arrays.rows if arrays.rows is not None else np.arange(len(ids))).tolist()
            repeated = [k for k, (rid, row) in enumerate(zip(ids, rows, strict=True))
                        if first.get(rid, row) < row]  # fmt: skip
            measured = measure_arrays(
                arrays,
                self.cal,
                self.as_of,
                self.against_original,
                repeated=repeated,
                collect=True,
                keep=self.keep,
            )
            self.parts.append(measured)
            self.measuring += measured.rejected

    # --- reading ------------------------------------------------------------------------

    def rows_one_by_one(self) -> None:
        """Read the whole CSV file with the row-by-row reader (Polars could not read it)."""
        log = self.log
        assert log.path is not None
        records: list[DossierRecord] = []
        rows: list[int] = []
        try:
            with log.path.open(encoding=log.encoding, newline="") as fh:
                reader = csv.reader(fh)
                next(reader, None)
                for line, cells in enumerate(reader, start=2):
                    if not any(c.strip() for c in cells):
                        continue
                    try:
                        if len(cells) != len(log.header):
                            raise DataFileError(
                                log.name,
                                f"has {len(cells)} cells, the header has {len(log.header)}",
                                key=f"row {line}",
                            )
                        records.append(record_from_cells(log.name, line, list(log.header), cells))
                        rows.append(line)
                    except DataFileError as e:
                        if not self.collect:
                            raise
                        self.reading.append(rejection(line, e))
        except (OSError, UnicodeDecodeError, csv.Error) as e:
            raise DataFileError(log.name, f"cannot read the CSV file: {e}") from None
        arrays = arrays_of(records, rows)
        measured = measure_arrays(
            arrays,
            self.cal,
            self.as_of,
            self.against_original,
            repeated=repeated_positions([rec.id for rec in records]),
            collect=True,
            keep=self.keep,
        )
        self.parts.append(measured)
        self.measuring += measured.rejected


def _pylist(values: Sequence[Any]) -> list[Any]:
    return values if isinstance(values, list) else values.to_pylist()  # type: ignore[attr-defined]
