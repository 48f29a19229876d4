"""A batch of a dossier log's rows as a Polars frame, read into numpy columns.

Shared by the columnar readers (`timeliness_tables`, `timeliness_dask`): cells in a plain
shape (`2024-03-04T09:30`, `2024-03-08`, `5`, `15:00`, `true`) are converted column-wise by
Polars; every other row goes to the row-by-row reader (`_dossier_log`), which accepts it or
refuses it naming the file, row and column. A frame holds the log's columns and the row of
each dossier in column [`ROW`][].
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np

from chinhquyen.errors import DataFileError, InvalidInputError
from chinhquyen.scoring.measurements._dossier_arrays import (
    NAT,
    DossierArrays,
    FullArgs,
    concat,
    from_fields,
)
from chinhquyen.scoring.measurements._dossier_log import REQUIRED, parse_cell, record_from_cells
from chinhquyen.scoring.measurements._dossier_model import DossierRecord, Rejection

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "FREE_TEXT",
    "ROW",
    "WHITESPACE",
    "Source",
    "arrays_of",
    "padded",
    "read_frame",
    "rejection",
    "strings_of",
]

#: the column holding each row's number
ROW = "__row__"
#: the columns of free text, stripped of the whitespace around them
FREE_TEXT = ("id", "procedure", "unit")
#: the characters Python's `str.strip()` removes (`str.isspace()`), which the row-by-row reader
#: strips: Polars is given them (its own default set lacks the four ASCII separators `\x1c`-`\x1f`)
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# `padded`'s tables: the first two bytes of the UTF-8 form of the whitespace characters out of
# ASCII, and their last two (a cell starting or ending with such a pair is decoded to be sure)
_WIDE = [c.encode() for c in WHITESPACE if ord(c) >= 0x80]
_WIDE_HEADS = np.zeros(1 << 16, np.bool_)
_WIDE_HEADS[[w[0] << 8 | w[1] for w in _WIDE]] = True
_WIDE_TAILS = np.zeros(1 << 16, np.bool_)
_WIDE_TAILS[[w[-2] << 8 | w[-1] for w in _WIDE]] = True

# the plain shapes converted column-wise (anything else goes to the row-by-row reader)
_CLOCK = r"([01][0-9]|2[0-3]):[0-5][0-9]"
_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_MOMENT = rf"^{_DAY}[T ]{_CLOCK}(:[0-5][0-9])?$"
_DAY_OR_MOMENT = rf"^{_DAY}([T ]{_CLOCK}(:[0-5][0-9])?)?$"
_MOMENT_SHAPE = re.compile(_MOMENT.replace("$", r"\Z"))
_DAYS = r"^[0-9]{1,5}$"
# every spelling of a flag `str.lower()` reads (ASCII only: a case-insensitive regular expression
# would also take `falſe`, its long s folding to s)
_TRUE = [
    "".join(c.upper() if k >> i & 1 else c for i, c in enumerate("true")) for k in range(1 << 4)
]
_FALSE = [
    "".join(c.upper() if k >> i & 1 else c for i, c in enumerate("false")) for k in range(1 << 5)
]
_FLAGS = ["", *_TRUE, *_FALSE]
_PAUSE = rf"{_DAY}/{_DAY}([T ]{_CLOCK}(:[0-5][0-9])?)?"
_PAUSES = rf"^{_PAUSE}(;{_PAUSE})*$"
_KEY_COLUMN = re.compile(r"column [A-Z]+ \((\w+)\)$|column (\w+)$")


@attrs.frozen
class Source:
    """Where rows come from, for messages and the row-by-row reader.

    Attributes:
        name: the file, or `table`.
        kind: `csv` (every cell text, as in a CSV file) or `table` (typed columns allowed).
        header: the log's column names.
    """

    name: str
    kind: Literal["csv", "table"]
    header: tuple[str, ...]


def rejection(row: int, error: DataFileError) -> Rejection:
    """The rejection of a row that cannot be read, its column taken from the error's key."""
    found = _KEY_COLUMN.search(error.key or "")
    column = None if found is None else (found.group(1) or found.group(2))
    return Rejection(row, column, str(error), error)


def strings_of(parts: Sequence[Sequence[Any]]) -> Any:
    """One Arrow `large_string` array of string columns (lists or Arrow arrays)."""
    import pyarrow as pa

    arrays = [p if isinstance(p, pa.Array) else pa.array(p, pa.large_string()) for p in parts]
    arrays = [a.cast(pa.large_string()) for a in arrays]
    return arrays[0] if len(arrays) == 1 else pa.concat_arrays(arrays)


def padded(array: Any) -> bool:
    """Whether a cell of an Arrow `string` or `large_string` array has whitespace around it.

    Whitespace as `str.strip()` sees it (`WHITESPACE`): the answer is `cell != cell.strip()`
    for some cell (a null is no cell). The bytes at both ends of each cell say which cells may
    have it; only those are decoded.
    """
    n = len(array)
    content = array.buffers()[2]
    if not n or content is None or not content.size:
        return False
    wide = array.type.equals("large_string")
    offsets: NDArray[np.integer[Any]] = np.frombuffer(
        array.buffers()[1], np.int64 if wide else np.int32, n + 1, array.offset * (8 if wide else 4)
    )
    data = np.frombuffer(content, np.uint8)
    # an empty cell's "ends" are its neighbours' bytes: at worst, a cell decoded for nothing
    starts, ends = offsets[:-1], offsets[1:] - 1
    first, last = data.take(starts, mode="clip"), data.take(ends, mode="clip")
    # ASCII whitespace is at most b" " (a few control characters too: decoded for nothing)
    maybe = np.minimum(first, last) <= 0x20
    if (data >= 0x80).any():
        # a whitespace character out of ASCII: its first two bytes, or its last two, are in
        # the tables
        heads = first.astype(np.intp) << 8 | data.take(starts + 1, mode="clip")
        tails = data.take(ends - 1, mode="clip").astype(np.intp) << 8 | last
        maybe |= _WIDE_HEADS[heads] | _WIDE_TAILS[tails]
    if not maybe.any():
        return False
    at = np.flatnonzero(maybe)
    for part in range(0, len(at), 256):  # stops at the first cell found
        cells = array.take(at[part : part + 256]).to_pylist()
        if any(cell is not None and cell != cell.strip() for cell in cells):
            return True
    return False


def arrays_of(records: Sequence[DossierRecord], rows: Sequence[int]) -> DossierArrays:
    """The arrays of records read one by one, with their rows."""
    fields = {name: [rec.__dict__[name] for rec in records] for name in DossierRecord.model_fields}
    return attrs.evolve(from_fields(fields), rows=np.array(rows, np.int64))


def read_frame(
    source: Source, frame: Any, *, stripped: bool = False
) -> tuple[DossierArrays, list[Rejection]]:
    """The dossiers of one frame of rows, and its rows that cannot be read.

    With `stripped`, the frame's free text (`FREE_TEXT`) has no whitespace around it already.
    """
    import polars as pl

    layout = _layout(frame)
    converted = _converted(pl, frame, source.header, stripped, layout)
    if layout is not None and converted["__relayout__"].any():
        # receipts of another layout (or not real days): each parsed in the layout it has
        converted = _converted(pl, frame, source.header, stripped, None)
    frame = converted
    if not len(frame):
        return arrays_of([], []), []
    flags = frame["__plain__"]
    if flags.all():  # the usual batch: nothing to split (a filter copies every column)
        plain, odd = frame, frame.clear()
    else:
        plain, odd = frame.filter(flags), frame.filter(~flags)
    parts: list[DossierArrays] = []
    if len(plain):
        arrays, unplain = _plain_arrays(plain)
        parts.append(arrays)
        if unplain:  # a pause that is not a real date: read one by one
            odd = pl.concat([odd, plain.filter(pl.col(ROW).is_in(unplain))], how="vertical")
    refused: list[Rejection] = []
    if len(odd):
        records, rows, refused = _one_by_one(source, odd)
        if records:
            parts.append(arrays_of(records, rows))
    if not parts:
        return arrays_of([], []), refused
    return concat(parts, strings_of), refused


def _plain_arrays(frame: Any) -> tuple[DossierArrays, set[int]]:
    """The arrays of rows whose every cell is in a plain shape (already converted).

    Also gives the rows whose several pauses, plain in shape, are not real dates; they are left
    out.
    """
    import polars as pl

    unplain: set[int] = set()
    full: dict[int, FullArgs] = {}
    once: Any = None  # the rows with one pause: (row, requested, completed), converted
    # Series operations on the few rows with pauses (a frame's select or filter costs a query)
    text = frame.get_column("__pauses__")
    at = (text != "").arg_true()
    if len(at):
        rows = frame.get_column(ROW).to_numpy()  # ascending: the frame is in log order
        cells = text.gather(at)
        several = cells.str.contains(";", literal=True)
        # one pause: converted here, counted by the calendar's batch API
        single = cells.filter(~several)
        back = single.str.slice(11)
        once = pl.DataFrame(
            {
                ROW: rows[at.filter(~several).to_numpy()],
                "asked": single.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
                "back": pl.select(
                    pl.when(back.str.len_bytes() == 10)
                    .then(back.str.to_date("%Y-%m-%d", strict=False).cast(pl.Datetime("us")))
                    .otherwise(_moment_text(pl, pl.lit(back)))
                ).to_series(),
            }
        )
        # a pause whose days are not real (2024-02-30): read row by row
        unreal = once["asked"].is_null() | once["back"].is_null()
        if unreal.any():
            unplain.update(once[ROW].filter(unreal).to_list())
            once = once.filter(~unreal)
        more = at.filter(several)
        if len(more):
            for row, cell, resume, moment, cut in zip(
                rows[more.to_numpy()].tolist(),
                text.gather(more).to_list(),
                frame.get_column("__resume__").gather(more).to_list(),
                frame.get_column("__received__").gather(more).to_list(),
                frame.get_column("__cutoff__").gather(more).to_list(),
                strict=True,
            ):
                try:
                    pauses = tuple(_pause(part) for part in cell.split(";"))
                except ValueError:
                    unplain.add(row)
                    continue
                clock = None if cut is None else _clock(cut)
                full[row] = FullArgs(moment, clock, pauses, bool(resume))
        if unplain:
            frame = frame.filter(~pl.col(ROW).is_in(sorted(unplain)))
            rows = frame.get_column(ROW).to_numpy()
        where = np.searchsorted(rows, np.fromiter(full, np.int64, len(full))).tolist()
        full = dict(zip(where, full.values(), strict=True))
    n = len(frame)

    def numbers(name: str, dtype: str) -> Any:
        return frame[name].to_numpy().astype(dtype, copy=False)

    cutoffs = frame["__cutoff__"]
    arrays = DossierArrays(
        ids=frame["__id__"].to_arrow(),
        procedures=frame["__procedure__"].to_arrow(),
        units=frame["__unit__"].to_arrow(),
        received=numbers("__received__", "datetime64[us]"),
        working_days=numbers("__days__", "int64"),
        cutoffs=None
        if cutoffs.null_count() == n
        else cutoffs.fill_null(NAT).to_numpy().astype("int64").view("timedelta64[ns]"),
        returned=numbers("__returned__", "datetime64[D]"),
        extended_to=numbers("__extended__", "datetime64[D]"),
        apology_recorded=numbers("__apology__", "bool"),
        full=full,
        rows=numbers(ROW, "int64"),
    )
    if once is not None and len(once):
        where = np.searchsorted(frame.get_column(ROW).to_numpy(), once[ROW].to_numpy())
        paused_on = np.full(n, NAT, np.int64).view("datetime64[D]")
        back_at = np.full(n, NAT, np.int64).view("datetime64[us]")
        paused_on[where] = once["asked"].to_numpy()
        back_at[where] = once["back"].to_numpy()
        arrays = attrs.evolve(
            arrays, paused_on=paused_on, back_at=back_at, resume=numbers("__resume__", "bool")
        )
    return arrays, unplain


def _pause(part: str) -> tuple[dt.date, dt.datetime]:
    """A pause written `requested_on/completed_on`, plain in shape (`ValueError` if not real)."""
    requested, completed = part.split("/")
    return dt.date.fromisoformat(requested), dt.datetime.fromisoformat(completed)


def _clock(nanoseconds: int) -> dt.time:
    seconds, rest = divmod(nanoseconds, 1_000_000_000)
    return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60, rest // 1000)


def _one_by_one(
    source: Source, frame: Any
) -> tuple[list[DossierRecord], list[int], list[Rejection]]:
    """Rows out of the ordinary, read by the row-by-row reader."""
    records: list[DossierRecord] = []
    rows: list[int] = []
    refused: list[Rejection] = []
    columns = [frame[c].to_list() for c in source.header]
    for k, row in enumerate(frame[ROW].to_list()):
        values = [col[k] for col in columns]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue  # a blank row is not data (it keeps its number)
        try:
            if source.kind == "csv":
                rec = record_from_cells(source.name, row, list(source.header), values)
            else:
                rec = _record_from_values(
                    source.name, row, dict(zip(source.header, values, strict=True))
                )
        except DataFileError as e:
            refused.append(rejection(row, e))
            continue
        records.append(rec)
        rows.append(row)
    return records, rows, refused


def _record_from_values(name: str, row: int, values: dict[str, Any]) -> DossierRecord:
    """The record of a table row holding typed values (text cells read as in a CSV file)."""
    data: dict[str, Any] = {}
    where = {c: f"row {row}, column {c}" for c in values}
    for col, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            if col in REQUIRED and col != "returned_at":
                raise DataFileError(name, "is blank; a value is required", key=where[col])
            continue
        if isinstance(value, str):
            try:
                data[col] = parse_cell(col, value.strip())
            except ValueError as e:
                raise DataFileError(name, str(e), key=where[col]) from None
        else:
            data[col] = value
    try:
        return DossierRecord.model_validate(data)
    except InvalidInputError as e:
        loc, msg = e.problems[0]
        raise DataFileError(name, msg, key=where.get(loc.split(".")[0], f"row {row}")) from None


def _layout(frame: Any) -> str | None:
    """The layout of a frame's first receipt cell, if it is text of the plain shape.

    Most logs write every receipt alike: parsing in one layout is a third cheaper than choosing
    each cell's.
    """
    if "received_at" not in frame.columns or not len(frame):
        return None
    first = frame.get_column("received_at")[0]
    if not isinstance(first, str) or _MOMENT_SHAPE.match(first) is None:
        return None
    return "%Y-%m-%d" + first[10] + ("%H:%M" if len(first) == 16 else "%H:%M:%S")


def _converted(
    pl: Any, frame: Any, header: Sequence[str], stripped: bool, layout: str | None
) -> Any:
    """The frame's rows, with their plain values converted (a blank row is not plain).

    Receipt cells are parsed in `layout` (a `strptime` format), or in the layout each has when
    `None`; with a layout, `__relayout__` marks the plain-shaped cells it could not parse.

    Added columns: `__plain__` (every cell in a plain shape), and `__id__`, `__procedure__`,
    `__unit__`, `__received__`, `__days__`, `__cutoff__` (nanoseconds after midnight),
    `__pauses__`, `__resume__`, `__apology__`, `__returned__`, `__extended__`. Free text is
    stripped first (unless `stripped`: it has been already), as the row-by-row reader strips it.
    """
    schema = frame.schema
    present = set(header)
    text = {c for c in header if schema[c] == pl.String}

    def cell(name: str) -> Any:
        return pl.col(name).fill_null("") if name in present else pl.lit("", pl.String)

    def is_text(name: str) -> bool:
        return name not in present or name in text

    # free text is stripped; a cell of another column with spaces around it does not have the
    # plain shape, and the row-by-row reader (which strips) reads it
    lazy = frame.lazy()
    if not stripped:
        lazy = lazy.with_columns(
            [pl.col(c).str.strip_chars(WHITESPACE) for c in FREE_TEXT if c in text]
        )
    plain: list[Any] = []
    values: dict[str, Any] = {}

    # id, procedure, unit
    for name in ("id", "procedure"):
        plain.append((cell(name) != "") if is_text(name) else pl.lit(False))
        values[f"__{name}__"] = cell(name) if is_text(name) else pl.lit("", pl.String)
    if is_text("unit"):
        values["__unit__"] = pl.when(cell("unit") == "").then(None).otherwise(cell("unit"))
    else:
        plain.append(pl.col("unit").is_null())
        values["__unit__"] = pl.lit(None, pl.String)

    # received_at: a local wall-clock moment
    if is_text("received_at"):
        moment = pl.col("received_at")
        values["__shaped__"] = moment.str.contains(_MOMENT)
        plain.append(pl.col("__shaped__"))
        values["__received__"] = (
            _moment_text(pl, moment)
            if layout is None
            else moment.str.to_datetime(layout, strict=False, time_unit="us", cache=False)
        )
    else:
        values["__received__"] = _moment_column(pl, pl.col("received_at"), schema["received_at"])
        if schema["received_at"] == pl.Date and "cutoff" in present:
            plain.append(pl.col("cutoff").is_null())  # a cut-off needs a receipt time

    # working_days
    if is_text("working_days"):
        plain.append(pl.col("working_days").str.contains(_DAYS))
        values["__days__"] = pl.col("working_days").cast(pl.Int64, strict=False)
    elif schema["working_days"].is_integer():
        plain.append(pl.col("working_days").is_between(0, 99_999))
        values["__days__"] = pl.col("working_days").cast(pl.Int64)
    else:
        plain.append(pl.lit(False))
        values["__days__"] = pl.lit(None, pl.Int64)

    # cutoff: nanoseconds after midnight
    if is_text("cutoff"):
        cut = cell("cutoff")
        plain.append((cut == "") | cut.str.contains(rf"^{_CLOCK}$"))
        values["__cutoff__"] = cut.str.to_time("%H:%M", strict=False).to_physical()
    elif schema["cutoff"] == pl.Time:
        values["__cutoff__"] = pl.col("cutoff").to_physical()
    else:
        plain.append(pl.lit(False))
        values["__cutoff__"] = pl.lit(None, pl.Int64)

    # pauses: converted from their text later (few rows have them)
    if is_text("pauses"):
        values["__pauses__"] = cell("pauses")
        plain.append((cell("pauses") == "") | cell("pauses").str.contains(_PAUSES))
    else:
        plain.append(pl.col("pauses").is_null())
        values["__pauses__"] = pl.lit("", pl.String)

    # flags
    for name, out in (("apology_slip_issued", "__apology__"), ("resume_after_pause", "__resume__")):
        if is_text(name):
            flag = cell(name)
            plain.append(flag.is_in(_FLAGS))
            values[out] = flag.is_in(_TRUE)
        elif schema[name] == pl.Boolean:
            values[out] = pl.col(name).fill_null(False)
        else:
            plain.append(pl.lit(False))
            values[out] = pl.lit(False)

    # returned_at, extended_to: days
    for name, out in (("returned_at", "__returned__"), ("extended_to", "__extended__")):
        if is_text(name):
            day = cell(name)
            values[out] = day.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
            plain.append((day == "") | day.str.contains(_DAY_OR_MOMENT))
        else:
            values[out] = _day_column(pl, pl.col(name), schema[name])
            plain.append(pl.col(name).is_null())
            plain[-1] = plain[-1] | values[out].is_not_null()

    converted = lazy.with_columns(**values)
    checks = [
        *plain,
        pl.col("__received__").is_not_null(),
        # a text date that is not a real day (2024-02-30) is read row by row
        *(
            (cell(name) == "") | pl.col(out).is_not_null()
            for name, out in (("returned_at", "__returned__"), ("extended_to", "__extended__"))
            if is_text(name)
        ),
        # a return before the receipt is refused, by the row-by-row reader
        pl.col("__returned__").is_null()
        | (pl.col("__returned__") >= pl.col("__received__").dt.date()),
    ]
    relayout = (
        [(pl.col("__shaped__") & pl.col("__received__").is_null()).alias("__relayout__")]
        if layout is not None and is_text("received_at")
        else []
    )
    return converted.with_columns(
        pl.all_horizontal(checks).fill_null(False).alias("__plain__"), *relayout
    ).collect()


def _moment_text(pl: Any, moment: Any) -> Any:
    """Receipt cells as date-times, parsed in the format their length and separator give.

    Null where the cell is not a real moment of the plain shape `_MOMENT` (checked apart).
    """

    def parse(layout: str) -> Any:
        # no cache of converted values: receipt moments are nearly all distinct (the cache
        # cost a third more CPU time); days and cut-offs repeat, and keep theirs
        return moment.str.to_datetime(layout, strict=False, time_unit="us", cache=False)

    # each cell is parsed in one format only: a failed parse costs more than a match
    minutes = moment.str.len_bytes() == 16
    t = moment.str.slice(10, 1) == "T"
    return (
        pl.when(minutes & t)
        .then(parse("%Y-%m-%dT%H:%M"))
        .when(minutes)
        .then(parse("%Y-%m-%d %H:%M"))
        .when(t)
        .then(parse("%Y-%m-%dT%H:%M:%S"))
        .otherwise(parse("%Y-%m-%d %H:%M:%S"))
    )


def _moment_column(pl: Any, column: Any, dtype: Any) -> Any:
    """A typed receipt column as local wall-clock date-times (null where not one)."""
    if dtype == pl.Date:
        return column.cast(pl.Datetime("us"))
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is not None:
            column = column.dt.convert_time_zone("Asia/Ho_Chi_Minh").dt.replace_time_zone(None)
        return column.cast(pl.Datetime("us"))
    return pl.lit(None, pl.Datetime("us"))


def _day_column(pl: Any, column: Any, dtype: Any) -> Any:
    """A typed day column as dates (a date-time: its local day; null where not one)."""
    if dtype == pl.Date:
        return column
    if isinstance(dtype, pl.Datetime):
        return _moment_column(pl, column, dtype).dt.date()
    return pl.lit(None, pl.Date)
