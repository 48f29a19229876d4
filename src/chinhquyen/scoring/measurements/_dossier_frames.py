"""A batch of a dossier log's rows as a Polars frame, read into numpy columns.

Shared by the columnar readers (`timeliness_tables`, `timeliness_dask`): cells in a plain
shape (`2024-03-04T09:30`, `2024-03-08`, `5`, `15:00`, `true`) are converted column-wise by
Polars; every other row goes to the row-by-row reader (`_dossier_log`), which accepts it or
refuses it naming the file, row and column. A frame holds the log's columns and the row of
each dossier in column [`ROW`][].
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

import attrs
import numpy as np

from chinhquyen.errors import DataFileError, InvalidInputError
from chinhquyen.scoring.measurements._dossier_arrays import NAT, DossierArrays, concat, from_fields
from chinhquyen.scoring.measurements._dossier_log import REQUIRED, parse_cell, record_from_cells
from chinhquyen.scoring.measurements._dossier_model import DossierRecord, Rejection

__all__ = ["ROW", "Source", "arrays_of", "read_frame", "rejection", "strings_of"]

#: the column holding each row's number
ROW = "__row__"

# the plain shapes converted column-wise (anything else goes to the row-by-row reader)
_CLOCK = r"([01][0-9]|2[0-3]):[0-5][0-9]"
_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_MOMENT = rf"^{_DAY}[T ]{_CLOCK}(:[0-5][0-9])?$"
_DAY_OR_MOMENT = rf"^{_DAY}([T ]{_CLOCK}(:[0-5][0-9])?)?$"
_DAYS = r"^[0-9]{1,5}$"
_FLAG = r"^(?i:true|false)$"
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


def arrays_of(records: Sequence[DossierRecord], rows: Sequence[int]) -> DossierArrays:
    """The arrays of records read one by one, with their rows."""
    fields = {name: [rec.__dict__[name] for rec in records] for name in DossierRecord.model_fields}
    return attrs.evolve(from_fields(fields), rows=np.array(rows, np.int64))


def read_frame(source: Source, frame: Any) -> tuple[DossierArrays, list[Rejection]]:
    """The dossiers of one frame of rows, and its rows that cannot be read."""
    import polars as pl

    checks = _checks(pl, frame, source.header)
    frame = frame.with_columns(checks).filter(~pl.col("__blank__"))
    if not len(frame):
        return arrays_of([], []), []
    plain = frame.filter(pl.col("__plain__"))
    odd = frame.filter(~pl.col("__plain__"))
    parts = [_plain_arrays(plain)] if len(plain) else []
    refused: list[Rejection] = []
    if len(odd):
        records, rows, refused = _one_by_one(source, odd)
        if records:
            parts.append(arrays_of(records, rows))
    if not parts:
        return arrays_of([], []), refused
    return concat(parts, strings_of), refused


def _plain_arrays(frame: Any) -> DossierArrays:
    """The arrays of rows whose every cell is in a plain shape (already converted)."""
    n = len(frame)

    def numbers(name: str, dtype: str) -> Any:
        return frame[name].to_numpy().astype(dtype)

    cutoffs = frame["__cutoff__"]
    return DossierArrays(
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
        full={},
        rows=numbers(ROW, "int64"),
    )


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


def _checks(pl: Any, frame: Any, header: Sequence[str]) -> list[Any]:
    """Polars expressions: blank rows, plain rows, and the plain rows' converted values."""
    schema = frame.schema
    present = set(header)

    def text(name: str) -> Any:
        if name not in present:
            return pl.lit("", pl.String)
        return pl.col(name).cast(pl.String).str.strip_chars()

    def is_text(name: str) -> bool:
        return name not in present or schema[name] == pl.String

    blank = pl.all_horizontal(
        [pl.col(c).cast(pl.String).str.strip_chars().fill_null("") == "" for c in header]
    )
    plain = []
    values: dict[str, Any] = {}

    # id, procedure, unit
    for name in ("id", "procedure"):
        plain.append(pl.col(name).cast(pl.String).str.strip_chars().fill_null("") != "")
        if not is_text(name):
            plain.append(pl.lit(False))
        values[f"__{name}__"] = text(name)
    unit = text("unit")
    values["__unit__"] = pl.when(unit.fill_null("") == "").then(None).otherwise(unit)
    if not is_text("unit"):
        plain.append(pl.col("unit").is_null())

    # received_at: a local wall-clock moment
    if is_text("received_at"):
        moment = text("received_at")
        plain.append(moment.fill_null("").str.contains(_MOMENT))
        full = pl.when(moment.str.len_bytes() == 16).then(moment + ":00").otherwise(moment)
        received = full.str.replace(" ", "T", literal=True).str.to_datetime(
            "%Y-%m-%dT%H:%M:%S", strict=False, time_unit="us"
        )
    else:
        received = _moment_column(pl, pl.col("received_at"), schema["received_at"])
        if schema["received_at"] == pl.Date and "cutoff" in present:
            plain.append(pl.col("cutoff").is_null())  # a cut-off needs a receipt time
    plain.append(received.is_not_null())
    values["__received__"] = received

    # working_days
    if is_text("working_days"):
        days = text("working_days")
        plain.append(days.fill_null("").str.contains(_DAYS))
        values["__days__"] = days.cast(pl.Int64, strict=False)
    else:
        dtype = schema["working_days"]
        ok = dtype.is_integer()
        plain.append(pl.lit(ok))
        values["__days__"] = pl.col("working_days").cast(pl.Int64, strict=False) if ok else None
        if ok:
            plain.append(pl.col("working_days").is_between(0, 99_999))

    # cutoff: nanoseconds after midnight
    if is_text("cutoff"):
        cut = text("cutoff")
        plain.append((cut == "") | cut.str.contains(rf"^{_CLOCK}$"))
        values["__cutoff__"] = cut.str.to_time("%H:%M", strict=False).to_physical()
    else:
        ok = schema["cutoff"] == pl.Time
        plain.append(pl.lit(ok))
        values["__cutoff__"] = pl.col("cutoff").to_physical() if ok else pl.lit(None, pl.Int64)

    # pauses: rows with pauses are read one by one
    if "pauses" in present:
        plain.append(text("pauses").fill_null("") == "")

    # flags
    for name, out in (("apology_slip_issued", "__apology__"), ("resume_after_pause", None)):
        if is_text(name):
            flag = text(name)
            plain.append((flag == "") | flag.str.contains(_FLAG))
            value = flag.str.to_lowercase() == "true"
        else:
            ok = schema[name] == pl.Boolean
            plain.append(pl.lit(ok))
            value = pl.col(name).fill_null(False) if ok else pl.lit(False)
        if out is not None:
            values[out] = value

    # returned_at, extended_to: days
    for name, out in (("returned_at", "__returned__"), ("extended_to", "__extended__")):
        if is_text(name):
            cell = text(name)
            day = cell.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
            plain.append((cell == "") | (cell.str.contains(_DAY_OR_MOMENT) & day.is_not_null()))
            values[out] = pl.when(cell == "").then(None).otherwise(day)
        else:
            values[out] = _day_column(pl, pl.col(name), schema[name])
            plain.append(pl.col(name).is_null() | values[out].is_not_null())

    # a return before the receipt is refused, by the row-by-row reader
    plain.append(values["__returned__"].is_null() | (values["__returned__"] >= received.dt.date()))
    return [
        blank.alias("__blank__"),
        pl.all_horizontal(plain).fill_null(False).alias("__plain__"),
        *(expr.alias(name) for name, expr in values.items() if expr is not None),
    ]


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
