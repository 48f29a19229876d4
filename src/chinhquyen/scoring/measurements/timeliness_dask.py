"""Timeliness of dossier logs too large for one machine, on a Dask cluster (the `dask` extra).

[`measure_dossier_dataset`][chinhquyen.scoring.measurements.measure_dossier_dataset] measures a log
held as Parquet files (or any `dask.dataframe`)
partition by partition on the workers of a Dask cluster, with the same code as
[`measure_dossier_table`][chinhquyen.scoring.measurements.timeliness_tables.measure_dossier_table]:
each partition's rows are read as that function reads a table (`_dossier_frames`) and measured
by the one measurement, its due dates from the calendar's batch API; the workers send back only
counts per commune, the dossiers lacking an apology slip and the refused rows, and the client
puts them together. Repeated dossier ids are found across partitions with Dask's own
`value_counts` (a shuffle of the `id` column only); the later rows of a repeated id are refused.

Rows are named by their position in the dataset, from 0 (partitions in order). The calendar
travels to the workers as its definition (weekend, options, local days) and each worker builds
its table once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import attrs

from chinhquyen.calendar.deadlines import WorkingDays
from chinhquyen.calendar.working import WorkingCalendar
from chinhquyen.errors import ChinhQuyenError, InvalidInputError
from chinhquyen.extras import require
from chinhquyen.scoring.measurements._dossier_deadline import calendar_and_day
from chinhquyen.scoring.measurements._dossier_frames import ROW, Source, read_frame
from chinhquyen.scoring.measurements._dossier_log import checked_header
from chinhquyen.scoring.measurements._dossier_measure import Measured, measure_arrays, report_of
from chinhquyen.scoring.measurements._dossier_model import Rejection, TimelinessReport

__all__ = ["measure_dossier_dataset"]

_NAME = "dataset"


def measure_dossier_dataset(
    source: str | Path | Sequence[str | Path] | Any,
    calendar: WorkingDays | None = None,
    *,
    as_of: dt.date | str | None = None,
    against_original: bool = True,
    errors: Literal["raise", "collect"] = "raise",
) -> TimelinessReport:
    """Measure a dossier log's timeliness on the current Dask scheduler, partition by partition.

    Args:
        source: Parquet file(s) or a directory of them (as `dask.dataframe.read_parquet` takes
            them), or a `dask.dataframe.DataFrame`, with the columns of `read_dossier_log`.
        calendar: the working-day calendar; `WorkingCalendar.national()` when `None`.
        as_of: the day unreturned dossiers are judged on; required when any is unreturned.
        against_original: judge lateness against the due date before any apology slip.
        errors: `"raise"` the first refused row, or `"collect"` every one in
            `report.rejected`.

    Returns:
        The report: counts, rates, missing apology slips and refused rows (per-dossier results
        are not sent back from the workers).

    Raises:
        DataFileError: naming the row and column of a cell that cannot be read.
        InvalidInputError: for a repeated dossier id, or an unreturned dossier without
            `as_of`.
        DeadlineError: naming the dossier when its deadline cannot be computed.
        DateOutOfRangeError: when a date is outside the calendar's range.
        MissingExtraError: when Dask is not installed (`pip install 'chinhquyen[dask]'`).
    """
    dd = require("dask.dataframe", "dask", "measure_dossier_dataset()")
    require("polars", "dask", "measure_dossier_dataset()")
    import pandas as pd

    cal, day = calendar_and_day(calendar, as_of)
    if errors not in ("raise", "collect"):
        raise InvalidInputError(
            "measure_dossier_dataset", [("errors", f"{errors!r}; use 'raise' or 'collect'")]
        )
    frame = source if isinstance(source, dd.DataFrame) else dd.read_parquet(source)
    header = tuple(checked_header(_NAME, [str(c) for c in frame.columns]))
    lengths = frame.map_partitions(len).compute().tolist()
    offsets = [sum(lengths[:k]) for k in range(len(lengths))]
    repeated = _repeated(frame, offsets)
    parts = frame.map_partitions(
        _measure_partition,
        _recipe(cal),
        header,
        day,
        against_original,
        offsets,
        repeated,
        meta=pd.DataFrame({"part": pd.Series([], dtype=object)}),
    ).compute()
    measured: list[Measured] = []
    reading: list[Rejection] = []
    for _, part, refused, unread in sorted(parts["part"].tolist(), key=lambda p: p[0]):
        measured.append(attrs.evolve(part, rejected=_arrived(refused)))
        reading += _arrived(unread)
    measuring = [r for m in measured for r in m.rejected]
    if errors == "raise" and (reading or measuring):
        # as one machine would: every row is read before any is measured
        raise min(reading or measuring, key=lambda r: r.row).error
    report = report_of(measured, day, against_original, keep=False)
    return attrs.evolve(report, rejected=tuple(sorted(reading + measuring, key=lambda r: r.row)))


def _repeated(frame: Any, offsets: Sequence[int]) -> frozenset[int]:
    """The rows (positions in the dataset) repeating an earlier row's id.

    The ids' 64-bit hashes are counted across partitions (a shuffle of 8 bytes per row, not of
    the ids); the rows of a hash met twice are then compared by their ids themselves.
    """
    import pandas as pd

    hashes = frame.map_partitions(_id_hashes, meta=pd.Series([], dtype="uint64"))
    counts = hashes.value_counts()
    twice = set(counts[counts > 1].index.compute().tolist())
    if not twice:
        return frozenset()
    located = frame.map_partitions(
        _locate,
        twice,
        offsets,
        meta=pd.DataFrame({"row": pd.Series([], dtype="int64"), "id": pd.Series([], dtype=object)}),
    ).compute()
    located = located.sort_values("row", kind="stable")
    return frozenset(located[located.duplicated("id", keep="first")]["row"].tolist())


def _stripped_ids(part: Any) -> Any:
    return part["id"].astype(str).str.strip().reset_index(drop=True)


def _id_hashes(part: Any) -> Any:
    """The 64-bit hashes of one partition's ids (as the reader strips them)."""
    import pandas as pd

    return pd.util.hash_pandas_object(_stripped_ids(part), index=False)


def _locate(
    part: Any,
    hashes: set[int],
    offsets: Sequence[int],
    partition_info: Mapping[str, Any] | None = None,
) -> Any:
    """The rows of one partition whose id hashes to one of `hashes`, with their ids."""
    import pandas as pd

    number = 0 if partition_info is None else int(partition_info["number"])
    ids = _stripped_ids(part)
    where = _id_hashes(part).isin(hashes)
    return pd.DataFrame(
        {
            "row": where[where].index.astype("int64") + offsets[number],
            "id": ids[where].astype(object),
        }
    )


def _recipe(cal: WorkingDays) -> Any:
    """What the workers rebuild the calendar from (a WorkingCalendar's table is not sent)."""
    if type(cal) is WorkingCalendar:
        fields = [f.name for f in attrs.fields(WorkingCalendar) if f.init]
        return ("working", tuple((name, getattr(cal, name)) for name in fields))
    return ("as is", cal)


@lru_cache(maxsize=8)  # a worker measures many partitions on one or two calendars
def _working_calendar(fields: tuple[tuple[str, Any], ...]) -> WorkingCalendar:
    return WorkingCalendar(**dict(fields))


def _calendar(recipe: Any) -> WorkingDays:
    kind, value = recipe
    if kind == "working":
        return _working_calendar(value)
    calendar: WorkingDays = value
    return calendar


def _measure_partition(
    part: Any,
    recipe: Any,
    header: tuple[str, ...],
    day: dt.date | None,
    against_original: bool,
    offsets: Sequence[int],
    repeated: frozenset[int],
    partition_info: Mapping[str, Any] | None = None,
) -> Any:
    """Measure one partition: its number, counts, refused rows and unread rows."""
    import pandas as pd
    import polars as pl

    number = 0 if partition_info is None else int(partition_info["number"])
    frame = pl.from_pandas(part.reset_index(drop=True)[list(header)]).with_row_index(
        ROW, offset=offsets[number]
    )
    arrays, refused = read_frame(Source(_NAME, "table", header), frame)
    rows = arrays.rows.tolist() if arrays.rows is not None else []
    measured = measure_arrays(
        arrays,
        _calendar(recipe),
        day,
        against_original,
        repeated=[k for k, row in enumerate(rows) if row in repeated],
        collect=True,
        keep=False,
    )
    result = Measured(None, measured.by_unit, measured.missing, [])
    shipped = (number, result, _portable(measured.rejected), _portable(refused))
    return pd.DataFrame({"part": [shipped]})


def _portable(rejected: Sequence[Rejection]) -> list[tuple[int, str | None, str, _Carried]]:
    """Rejections as sent back: their errors survive pickling (the library's errors do not)."""
    return [(r.row, r.column, r.message, _Carried(r.error)) for r in rejected]


class _Carried:
    """An error as sent back from a worker: its class, message and attributes."""

    def __init__(self, error: ChinhQuyenError) -> None:
        self.kind = type(error)
        self.message = str(error)
        self.state = dict(vars(error))

    def error(self) -> ChinhQuyenError:
        """The error again, as raised on the worker."""
        error = self.kind.__new__(self.kind)
        BaseException.__init__(error, self.message)
        vars(error).update(self.state)
        return error


def _arrived(rejected: Sequence[tuple[int, str | None, str, _Carried]]) -> list[Rejection]:
    """Rejections from a worker, their errors rebuilt."""
    return [Rejection(row, column, message, c.error()) for row, column, message, c in rejected]
