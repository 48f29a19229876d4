"""Timeliness of dossiers measured from a one-stop dossier log (sổ theo dõi hồ sơ).

Each dossier's due date is computed with the working-day calendar
([`chinhquyen.calendar.deadlines.compute_deadline`][]) and its return classified as early,
on time or late (trước hạn / đúng hạn / quá hạn, the result column of phiếu BM.05 under
NĐ 118/2025/NĐ-CP). The report counts each class, gives exact rates, and checks the apology
slips (phiếu BM.04 "xin lỗi và hẹn lại ngày trả kết quả") that late dossiers required against
those recorded.

Decisions (where no source settles the question):

* **Late is judged against the original due date** by default: an apology slip admits the
  delay, it does not make the dossier on time. Pass `against_original=False` to judge against
  the new date set by the slip.
* **An apology slip is required** when a dossier was extended by a slip, was returned after its
  original due date, or is still unreturned past it (NĐ 63/2024/NĐ-CP Art. 7(3): "trễ hẹn thì
  phải xin lỗi và hẹn lại ngày trả kết quả").
* **Unreturned dossiers** need `as_of`: those past their due date on `as_of` are *overdue*
  (late while still in progress) and count as late; the others are *pending* and are left out
  of the rates unless `to_value(pending="on_time")` is asked for, which counts them as on
  time like the QĐ 766 portal metric "hồ sơ xử lý trước/đúng hạn (kể cả đang xử lý trong hạn)".

* **Provisional days**: a due date counted across a day of the calendar that is provisional
  (a year without an official schedule, or a rule not confirmed as law) is marked so, per
  dossier ([`DossierResult.provisional`][chinhquyen.scoring.measurements.DossierResult])
  and in the report
  ([`TimelinessReport.provisional`][chinhquyen.scoring.measurements.TimelinessReport.provisional]):
  a later official schedule may move it.

One rule, one measurement: every due date comes from the calendar
(`WorkingCalendar.deadline` for dossiers with pauses or an apology slip, the batch
`WorkingCalendar.deadlines_many` for the others), and every path — records, dicts, CSV, and the
columnar readers of [`timeliness_tables`][chinhquyen.scoring.measurements.timeliness_tables] —
measures with the same code.
[`measure_dossier_log`][chinhquyen.scoring.measurements.measure_dossier_log] and
[`measure_dossier_records`][chinhquyen.scoring.measurements.measure_dossier_records] read a log
column by column without building the records; they give the report and the errors of
`measure_timeliness(read_dossier_log(path))`: rows out of the ordinary (pauses, unusual types,
anything refused) are validated one by one, in log order, and the first refusal is raised.
Python's cyclic garbage collector is paused while a log is read or measured (its objects form
no cycles; the collector's state is restored afterwards, also on error).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from chinhquyen.calendar.deadlines import WorkingDays
from chinhquyen.errors import InvalidInputError
from chinhquyen.scoring.batching import gc_paused
from chinhquyen.scoring.measurements._dossier_arrays import from_fields, repeated_positions
from chinhquyen.scoring.measurements._dossier_columns import (
    FIELD_ORDER,
    Columns,
    csv_log,
    dict_log,
    materialize,
    record_columns,
    wrap,
)
from chinhquyen.scoring.measurements._dossier_deadline import calendar_and_day
from chinhquyen.scoring.measurements._dossier_measure import measure_arrays, report_of
from chinhquyen.scoring.measurements._dossier_model import (
    STATUSES,
    DossierCounts,
    DossierPause,
    DossierRecord,
    DossierResult,
    DossierStatus,
    Rejection,
    ResultColumns,
    TimelinessReport,
)
from chinhquyen.scoring.measurements._renamed import renamed

__all__ = [
    "STATUSES",
    "DossierCounts",
    "DossierPause",
    "DossierRecord",
    "DossierResult",
    "DossierStatus",
    "Rejection",
    "ResultColumns",
    "TimelinessReport",
    "measure_dossier_log",
    "measure_dossier_records",
    "measure_timeliness",
    "read_dossier_log",
    "read_dossier_records",
]

# The work is done in private modules, one concern each; each imports only those listed before it:
#   _dossier_values    date and time converters of the record fields
#   _dossier_arrays    a log as numpy columns (what measuring takes)
#   _dossier_deadline  due dates, all from the calendar (batch API, or the full computation)
#   _dossier_model     the models: DossierRecord, DossierResult, TimelinessReport
#   _dossier_log       reading a log row by row (rows out of the ordinary; first errors)
#   _dossier_columns   reading a log into one list per field
#   _dossier_measure   the one measurement, over numpy columns


def _measure_fields(
    cols: Columns,
    calendar: WorkingDays | None,
    as_of: dt.date | str | None,
    against_original: bool,
) -> TimelinessReport:
    """Measure validated record field values (one list per field)."""
    cal, day = calendar_and_day(calendar, as_of)
    measured = measure_arrays(
        from_fields(cols), cal, day, against_original, repeated=repeated_positions(cols["id"])
    )
    return report_of([measured], day, against_original, keep=True)


def measure_timeliness(
    records: Iterable[DossierRecord],
    calendar: WorkingDays | None = None,
    *,
    as_of: dt.date | str | None = None,
    against_original: bool = True,
) -> TimelinessReport:
    """Measure the timeliness of every dossier of a log.

    Due dates come from the calendar: its batch API for dossiers without pauses or an apology
    slip, its full computation for the others; either way a due date is the one
    [`DossierRecord.deadline`][chinhquyen.scoring.measurements.DossierRecord.deadline] gives. To
    read and measure a large log in one go,
    [`measure_dossier_log`][chinhquyen.scoring.measurements.measure_dossier_log] is faster.

    Args:
        records: the dossiers (see
            [`read_dossier_log`][chinhquyen.scoring.measurements.read_dossier_log]).
        calendar: the working-day calendar; `WorkingCalendar.national()` when None.
        as_of: the day unreturned dossiers are judged on; required when any is unreturned.
        against_original: judge lateness against the due date before any apology slip
            (default) rather than the new date the slip set.

    Raises:
        InvalidInputError: for repeated dossier ids, unreturned dossiers without `as_of`, or
            something else than a record.
        DeadlineError: naming the dossier when its deadline cannot be computed.
        DateOutOfRangeError: when a date is outside the calendar's data.
    """
    with gc_paused():
        items, error = materialize(records)
        odd = next((i for i, r in enumerate(items) if not isinstance(r, DossierRecord)), None)
        if odd is not None:
            raise InvalidInputError(
                "measure_timeliness",
                [
                    (
                        f"records[{odd}]",
                        f"expected a DossierRecord, got {type(items[odd]).__name__}; "
                        "read dicts with read_dossier_records or measure them with "
                        "measure_dossier_records",
                    )
                ],
            )
        report = _measure_fields(record_columns(items), calendar, as_of, against_original)
        if error is not None:
            raise error
        return report


def measure_dossier_records(
    rows: Iterable[Mapping[str, Any]],
    calendar: WorkingDays | None = None,
    *,
    as_of: dt.date | str | None = None,
    against_original: bool = True,
) -> TimelinessReport:
    """Validate dossiers given as dicts and measure them, without building the records.

    The report and the errors are those of
    `measure_timeliness(read_dossier_records(rows), calendar, ...)`: every row is validated
    first, then measured; it is several times faster on a large log.

    Args:
        rows: the dossiers as dicts (see
            [`read_dossier_records`][chinhquyen.scoring.measurements.read_dossier_records]).
        calendar: the working-day calendar; `WorkingCalendar.national()` when None.
        as_of: the day unreturned dossiers are judged on; required when any is unreturned.
        against_original: judge lateness against the due date before any apology slip.

    Raises:
        InvalidInputError: naming the record's position and field, for repeated dossier ids,
            or unreturned dossiers without `as_of`.
        DeadlineError: naming the dossier when its deadline cannot be computed.
        DateOutOfRangeError: when a date is outside the calendar's data.
    """
    with gc_paused():
        cols, _ = dict_log(rows)
        return _measure_fields(cols, calendar, as_of, against_original)


def measure_dossier_log(
    path: str | Path,
    calendar: WorkingDays | None = None,
    *,
    as_of: dt.date | str | None = None,
    against_original: bool = True,
    encoding: str = "utf-8-sig",
) -> TimelinessReport:
    """Read a CSV dossier log and measure it, without building the records.

    The report and the errors are those of
    `measure_timeliness(read_dossier_log(path, encoding=...), calendar, ...)`: the whole file
    is read and checked first, then measured; it is several times faster on a large log.

    Args:
        path: the CSV file (columns as for
            [`read_dossier_log`][chinhquyen.scoring.measurements.read_dossier_log]).
        calendar: the working-day calendar; `WorkingCalendar.national()` when None.
        as_of: the day unreturned dossiers are judged on; required when any is unreturned.
        against_original: judge lateness against the due date before any apology slip.
        encoding: the file's text encoding.

    Raises:
        DataFileError: naming the file, row and column of a cell that cannot be read.
        InvalidInputError: for repeated dossier ids, or unreturned dossiers without `as_of`.
        DeadlineError: naming the dossier when its deadline cannot be computed.
        DateOutOfRangeError: when a date is outside the calendar's data.
    """
    with gc_paused():
        cols, _ = csv_log(path, encoding, fields_sets=False)
        return _measure_fields(cols, calendar, as_of, against_original)


def read_dossier_records(rows: Iterable[Mapping[str, Any]]) -> list[DossierRecord]:
    """Validate dossier records given as dicts (values as Python objects or ISO strings).

    Raises:
        InvalidInputError: naming the record's position and field.
    """
    with gc_paused():
        cols, given = dict_log(rows)
        return [
            rec
            if type(rec) is DossierRecord
            else wrap(dict(zip(FIELD_ORDER, vals, strict=True)), set(rec))
            for rec, vals in zip(given, zip(*cols.values(), strict=True), strict=True)
        ]


def read_dossier_log(path: str | Path, *, encoding: str = "utf-8-sig") -> list[DossierRecord]:
    """Read a dossier log from CSV.

    Columns (header row, any order): `id`, `procedure`, `received_at` (ISO date-time,
    `2024-03-04T09:30`; naive = Asia/Ho_Chi_Minh), `working_days`, `returned_at` (ISO
    date or date-time, blank if not returned); optional `unit`, `cutoff` (`15:00`),
    `pauses` (`requested_on/completed_on` pairs separated by `;`, e.g.
    `2024-03-05/2024-03-07T10:00`), `resume_after_pause` and `apology_slip_issued`
    (`true`/`false`), `extended_to` (ISO date). A blank optional cell means none (no
    cut-off, no pause, no slip recorded, no extension); a missing optional column likewise.

    Raises:
        DataFileError: naming the file, row and column, for a missing or unknown column or a
            cell that cannot be read.
    """
    with gc_paused():
        cols, given = csv_log(path, encoding, fields_sets=True)
        return [
            rec
            if type(rec) is DossierRecord
            else wrap(dict(zip(FIELD_ORDER, vals, strict=True)), rec)
            for rec, vals in zip(given, zip(*cols.values(), strict=True), strict=True)
        ]


def __getattr__(name: str) -> Any:
    """Old names, kept for one release: `Status` is now [`DossierStatus`][]."""
    return renamed(__name__, name, {"Status": ("DossierStatus", DossierStatus)})
