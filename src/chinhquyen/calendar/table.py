"""The working-day calendar as a table: one row per day, for warehouses and dataframe engines.

[`WorkingCalendar.to_arrow`][chinhquyen.calendar.WorkingCalendar.to_arrow] gives the table
(pyarrow, the `arrow` extra); `write_parquet` and `write_csv` write it. Its columns are
[`COLUMNS`][chinhquyen.calendar.table.COLUMNS]. The column `working_days_before` numbers the
working days in date order, so that a due date is a lookup: the working day whose
`working_days_before` is N more than the receipt day's.
[`DUE_DATE_SQL`][chinhquyen.calendar.table.DUE_DATE_SQL] holds that lookup written in SQL for
DuckDB, PostgreSQL and Spark SQL; it is the rule of
[`receipt_rank`][chinhquyen.calendar.receipt_rank], and the tests run the DuckDB text against
the library's own due dates.

This module imports pyarrow only when a table is built.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from chinhquyen.extras import require

if TYPE_CHECKING:  # pragma: no cover
    from chinhquyen.calendar.holidays import Holiday

__all__ = ["COLUMNS", "DUE_DATE_SQL", "build_table", "write_csv", "write_parquet"]

COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "date": "the day (Gregorian, date32)",
        "is_working_day": "whether state agencies work on the day (bool)",
        "working_days_before": (
            "the number of working days in the calendar before the day, from 1900-01-01 (int32): "
            "the working days' ranks 0, 1, 2, ... in date order; a non-working day has the rank "
            "of the next working day"
        ),
        "provisional": (
            "whether the day's status is computed rather than published (no official schedule "
            "for its year, or a rule not confirmed as law) (bool)"
        ),
        "provisional_days_before": (
            "the number of provisional days in the calendar before the day (int32)"
        ),
        "kind": (
            "for a listed day, what it is: statutory, compensatory, swapped, makeup_working_day, "
            "local_day_off or local_working_day; null for an ordinary day (string)"
        ),
        "name": "the listed day's name in Vietnamese, null for an ordinary day (string)",
        "name_en": "the listed day's name in English, null for an ordinary day (string)",
        "source": "the documents the listed day comes from, null for an ordinary day (string)",
    }
)
"""The columns of the table, in order, with what each holds (also kept as each Arrow field's
`description` metadata)."""

_EPOCH = dt.date(1970, 1, 1)


def build_table(
    *,
    first: dt.date,
    flags: bytes | bytearray,
    working_before: Any,
    provisional: bytes | bytearray,
    provisional_before: Any,
    days: Mapping[dt.date, Holiday],
    definition: Mapping[str, object],
) -> Any:
    """Return the pyarrow `Table` of a run of days, with the columns of `COLUMNS`.

    `WorkingCalendar.to_arrow` calls this with its own lookup arrays; the arguments are the
    run's values, day by day from `first`.

    Args:
        first: the first day of the run.
        flags: one byte per day, 1 for a working day.
        working_before: the working days before each day (an int32 buffer, one per day).
        provisional: one byte per day, 1 for a provisional day.
        provisional_before: the provisional days before each day (an int32 buffer).
        days: the listed days (holidays, swaps, make-up and local days) by date; those outside
            the run are ignored.
        definition: what calendar this is, kept as the schema's metadata
            (`chinhquyen.calendar`, JSON).

    Raises:
        MissingExtraError: if pyarrow is not installed (the `arrow` extra).
    """
    pa = require("pyarrow", "arrow", "WorkingCalendar.to_arrow()")
    import numpy as np

    size = len(flags)
    start = (first - _EPOCH).days
    last = first + dt.timedelta(days=size - 1)
    kinds: list[str | None] = [None] * size
    names: list[str | None] = [None] * size
    names_en: list[str | None] = [None] * size
    sources: list[str | None] = [None] * size
    for day, h in days.items():
        if first <= day <= last:
            i = (day - first).days
            kinds[i] = h.kind.value
            names[i] = h.name
            names_en[i] = h.name_en
            sources[i] = h.source
    columns = [
        pa.array(np.arange(start, start + size, dtype=np.int32), type=pa.date32()),
        pa.array(np.frombuffer(flags, dtype=np.uint8).astype(np.bool_)),
        pa.array(np.frombuffer(working_before, dtype=np.int32)),
        pa.array(np.frombuffer(provisional, dtype=np.uint8).astype(np.bool_)),
        pa.array(np.frombuffer(provisional_before, dtype=np.int32)),
        pa.array(kinds, type=pa.string()),
        pa.array(names, type=pa.string()),
        pa.array(names_en, type=pa.string()),
        pa.array(sources, type=pa.string()),
    ]
    fields = [
        pa.field(
            name, col.type, nullable=name in ("kind", "name", "name_en", "source")
        ).with_metadata({"description": text})
        for (name, text), col in zip(COLUMNS.items(), columns, strict=True)
    ]
    schema = pa.schema(fields, metadata={"chinhquyen.calendar": json.dumps(definition)})
    return pa.Table.from_arrays(columns, schema=schema)


def write_parquet(table: Any, path: str | os.PathLike[str]) -> None:
    """Write `table` to a Parquet file at `path` (the `arrow` extra).

    Raises:
        MissingExtraError: if pyarrow is not installed.
    """
    pq = require("pyarrow.parquet", "arrow", "WorkingCalendar.write_parquet()")
    pq.write_table(table, os.fspath(path))


def write_csv(table: Any, path: str | os.PathLike[str]) -> None:
    """Write `table` to a CSV file at `path`: a header row, ISO dates, `true`/`false`, UTF-8.

    Raises:
        MissingExtraError: if pyarrow is not installed.
    """
    csv = require("pyarrow.csv", "arrow", "WorkingCalendar.write_csv()")
    csv.write_csv(table, os.fspath(path))


# The query, the same in every dialect but for how a receipt after the cut-off is told.
_QUERY = """\
WITH options AS (SELECT TRUE AS online_cutoff),
arrival AS (
  SELECT
    x.dossier_id,
    x.working_days,
    a.provisional_days_before AS provisional_before,
    -- the receipt-day rule: the first working day on or after the day of arrival,
    -- one working day later when it arrived on a working day after a cut-off that applies
    CASE WHEN x.channel IN ('in_person', 'post', 'online') THEN
      a.working_days_before
        + CASE WHEN a.is_working_day AND x.cutoff IS NOT NULL
                    AND (x.channel = 'in_person'
                         OR (x.channel = 'online' AND o.online_cutoff))
                    AND {after_cutoff}
               THEN 1 ELSE 0 END
    END AS receipt_rank
  FROM dossiers AS x
  CROSS JOIN options AS o
  LEFT JOIN calendar_days AS a ON a.date = CAST(x.received_at AS DATE)
)
SELECT
  r.dossier_id,
  s.date AS receipt_day,
  e.date AS due_date,
  -- provisional: a provisional day from the day of arrival through the due date
  e.provisional_days_before + CASE WHEN e.provisional THEN 1 ELSE 0 END
    > r.provisional_before AS provisional
FROM arrival AS r
LEFT JOIN calendar_days AS s
  ON s.is_working_day AND s.working_days_before = r.receipt_rank
LEFT JOIN calendar_days AS e
  ON e.is_working_day AND e.working_days_before = r.receipt_rank + r.working_days"""

_DUCKDB_POSTGRES = """\
-- Due dates from the calendar table (calendar_days) and a dossier table:
-- dossiers(dossier_id, received_at TIMESTAMP, channel VARCHAR, working_days INTEGER,
--          cutoff TIME)
-- received_at: Vietnamese wall-clock time (by post: the arrival postmark's date);
-- channel: 'in_person', 'post' or 'online'; cutoff: NULL when the procedure has none.
-- The cut-off applies in person, never by post, online as options.online_cutoff says.
""" + _QUERY.format(after_cutoff="CAST(x.received_at AS TIME) > x.cutoff")

_SPARK = """\
-- Due dates from the calendar table (calendar_days) and a dossier table:
-- dossiers(dossier_id, received_at TIMESTAMP, channel STRING, working_days INT,
--          cutoff STRING)
-- received_at: read with spark.sql.session.timeZone = Asia/Ho_Chi_Minh (by post: the
-- arrival postmark's date); channel: 'in_person', 'post' or 'online';
-- cutoff: 'HH:mm:ss', NULL when the procedure has none.
-- The cut-off applies in person, never by post, online as options.online_cutoff says.
""" + _QUERY.format(
    after_cutoff="""x.received_at > to_timestamp(
                          concat(CAST(CAST(x.received_at AS DATE) AS STRING), ' ', x.cutoff))"""
)

DUE_DATE_SQL: Mapping[str, str] = MappingProxyType(
    {"duckdb": _DUCKDB_POSTGRES, "postgresql": _DUCKDB_POSTGRES, "spark": _SPARK}
)
"""The due date of every dossier, computed from the calendar table in SQL, by dialect
(`"duckdb"`, `"postgresql"`, `"spark"`): one row per dossier with its receipt day, due date
and provisional flag, NULL where a day falls outside the table or the channel is unknown.
The calendar table is `calendar_days`; the dossier table `dossiers`, with the columns each
text's header names. Whether the cut-off applies to online dossiers is the choice
`SELECT TRUE AS online_cutoff` at the top (FALSE for the other reading; see
[`cutoff_applies`][chinhquyen.calendar.cutoff_applies])."""
