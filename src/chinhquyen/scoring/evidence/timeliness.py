"""Timeliness of dossiers measured from a one-stop dossier log (sổ theo dõi hồ sơ).

Each dossier's due date is computed with the working-day calendar
(:func:`chinhquyen.calendar.deadlines.compute_deadline`) and its return classified as early,
on time or late (trước hạn / đúng hạn / quá hạn, the result column of phiếu BM.05 under
NĐ 118/2025/NĐ-CP). The report counts each class, gives exact rates, and checks the apology
slips (phiếu BM.04 "xin lỗi và hẹn lại ngày trả kết quả") that late dossiers required against
those recorded.

Decisions (where no source settles the question):

* **Late is judged against the original due date** by default: an apology slip admits the
  delay, it does not make the dossier on time. Pass ``against_original=False`` to judge against
  the new date set by the slip.
* **An apology slip is required** when a dossier was extended by a slip, was returned after its
  original due date, or is still unreturned past it (NĐ 63/2024/NĐ-CP Art. 7(3): "trễ hẹn thì
  phải xin lỗi và hẹn lại ngày trả kết quả").
* **Unreturned dossiers** need ``as_of``: those past their due date on ``as_of`` are *overdue*
  (late while still in progress) and count as late; the others are *pending* and are left out
  of the rates unless ``to_value(pending="on_time")`` is asked for, which counts them as on
  time like the QĐ 766 portal metric "hồ sơ xử lý trước/đúng hạn (kể cả đang xử lý trong hạn)".

Large logs: :func:`measure_dossier_log` and :func:`measure_dossier_records` read and measure a
log column by column without building the records (a province's year in seconds); they give the
report and the errors of ``measure_timeliness(read_dossier_log(path))``. Every path gives the
due dates of :meth:`DossierRecord.deadline`; rows out of the ordinary (pauses, unusual types,
anything refused) are validated and computed one by one, in log order. Python's cyclic garbage
collector is paused while a log is read or measured (its objects form no cycles; the collector's
state is restored afterwards, also on error).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import compress, islice, repeat
from operator import attrgetter, is_, is_not, itemgetter
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import attrs
import pydantic

from chinhquyen._model import Model
from chinhquyen.calendar._dates import VN_TZ, as_date
from chinhquyen.calendar.deadlines import Deadline, Pause, Timeliness, WorkingDays
from chinhquyen.errors import DataFileError, DeadlineError, InvalidInputError
from chinhquyen.scoring.answers import CoverageValue, RatioValue
from chinhquyen.scoring.evidence._csv import column_letter
from chinhquyen.scoring.evidence._dossier_deadline import (
    calendar_or_national,
    due_table,
    full_deadline,
    shared_due,
)
from chinhquyen.scoring.evidence._dossier_values import as_clock, as_day, as_moment
from chinhquyen.scoring.evidence._gc import gc_paused
from chinhquyen.scoring.evidence._rates import as_tuple, percent, rate

__all__ = [
    "DossierPause",
    "DossierRecord",
    "DossierResult",
    "TimelinessReport",
    "measure_dossier_log",
    "measure_dossier_records",
    "measure_timeliness",
    "read_dossier_log",
    "read_dossier_records",
]


class DossierPause(Model):
    """A request to supplement the dossier (phiếu BM.02) and when the complete dossier came back.

    Attributes:
        requested_on: the day the request was issued.
        completed_on: when the complete dossier came back (a date means the start of that day).
    """

    requested_on: Annotated[dt.date, pydantic.BeforeValidator(as_day)]
    completed_on: Annotated[dt.datetime, pydantic.BeforeValidator(as_moment)]

    def to_pause(self) -> Pause:
        """Return the calendar's :class:`~chinhquyen.calendar.deadlines.Pause`."""
        return Pause(self.requested_on, self.completed_on)


class DossierRecord(Model):
    """One dossier of the log.

    Attributes:
        id: the dossier's number (mã hồ sơ), unique in the log.
        procedure: the administrative procedure (tên hoặc mã thủ tục).
        unit: the commune that received it, for logs covering several.
        received_at: when it was received, in Asia/Ho_Chi_Minh (naive = local wall-clock; a plain
            date means the start of that day and is refused together with a ``cutoff``).
        working_days: the procedure's time limit in working days (0 = same day).
        cutoff: the procedure's daily cut-off time (e.g. 15:00), if it has one.
        pauses: requests to supplement, in date order.
        resume_after_pause: count the remaining days after a pause instead of restarting.
        returned_at: the day the result was returned (a datetime is read as its local day), or
            None if it has not been returned.
        apology_slip_issued: whether an apology slip (BM.04) is recorded for this dossier.
        extended_to: the new return date set by the apology slip, if any.
    """

    id: str = pydantic.Field(min_length=1)
    procedure: str = pydantic.Field(min_length=1)
    unit: str | None = None
    received_at: Annotated[dt.datetime, pydantic.BeforeValidator(as_moment)]
    working_days: int = pydantic.Field(ge=0)
    cutoff: Annotated[dt.time | None, pydantic.BeforeValidator(as_clock)] = None
    pauses: Annotated[tuple[DossierPause, ...], pydantic.BeforeValidator(as_tuple)] = ()
    resume_after_pause: bool = False
    returned_at: Annotated[dt.date | None, pydantic.BeforeValidator(as_day)] = None
    apology_slip_issued: bool = False
    extended_to: Annotated[dt.date | None, pydantic.BeforeValidator(as_day)] = None

    @pydantic.model_validator(mode="before")
    @classmethod
    def _date_only_receipt(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and data.get("cutoff") is not None:
            received = data.get("received_at")
            no_time = (isinstance(received, dt.date) and not isinstance(received, dt.datetime)) or (
                isinstance(received, str) and "T" not in received and " " not in received
            )
            if no_time:
                raise ValueError(
                    "received_at has no time of day, so the cut-off cannot be applied; "
                    "give the receipt time (YYYY-MM-DDTHH:MM)"
                )
        return data

    @pydantic.model_validator(mode="after")
    def _returned_after_receipt(self) -> Self:
        if self.returned_at is not None and self.returned_at < self.received_at.date():
            raise ValueError(
                f"returned_at {self.returned_at.isoformat()} is before received_at "
                f"{self.received_at.date().isoformat()}"
            )
        return self

    @property
    def simple(self) -> bool:
        """Whether the due date depends only on the receipt day and the time limit."""
        return self.cutoff is None and not self.pauses

    def deadline(self, calendar: WorkingDays | None = None) -> Deadline:
        """Return the full deadline computation (with its steps) for this dossier."""
        return full_deadline(self.__dict__, calendar_or_national(calendar))


Status = Literal["early", "on_time", "late", "overdue", "pending"]


@attrs.frozen(slots=True)
class DossierResult:
    """The measured timeliness of one dossier.

    Attributes:
        id: the dossier's id.
        procedure: its procedure.
        unit: its commune, if given.
        due_date: the date it is judged against (original or extended, see the report).
        original_due_date: the due date counted from the rules, before any apology slip.
        returned_at: the day it was returned, or None.
        status: ``early``, ``on_time``, ``late`` (returned late), ``overdue`` (unreturned and
            past due on ``as_of``) or ``pending`` (unreturned, not yet due).
        apology_required: whether an apology slip was required (extended, late or overdue
            against the original due date).
        apology_recorded: whether the log records one.
    """

    id: str
    procedure: str
    unit: str | None
    due_date: dt.date
    original_due_date: dt.date
    returned_at: dt.date | None
    status: Status
    apology_required: bool
    apology_recorded: bool

    @property
    def label(self) -> str:
        """Vietnamese label of the status (trước hạn, đúng hạn, quá hạn, …)."""
        return _LABELS[self.status]


_LABELS: Mapping[str, str] = {
    "early": Timeliness.EARLY.label,
    "on_time": Timeliness.ON_TIME.label,
    "late": Timeliness.LATE.label,
    "overdue": "quá hạn (đang giải quyết)",
    "pending": "đang giải quyết trong hạn",
}


@attrs.frozen(slots=True)
class TimelinessReport:
    """Counts and rates of a dossier log's timeliness.

    Attributes:
        results: one result per dossier, in log order.
        as_of: the day unreturned dossiers were judged on, if given.
        against_original: whether lateness was judged against the original due date.
    """

    results: tuple[DossierResult, ...]
    as_of: dt.date | None
    against_original: bool

    def _count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def total(self) -> int:
        """All dossiers in the log."""
        return len(self.results)

    @property
    def early(self) -> int:
        """Dossiers returned before their due date (trước hạn)."""
        return self._count("early")

    @property
    def on_time(self) -> int:
        """Dossiers returned on their due date (đúng hạn)."""
        return self._count("on_time")

    @property
    def late(self) -> int:
        """Dossiers returned after their due date (quá hạn, returned)."""
        return self._count("late")

    @property
    def overdue(self) -> int:
        """Dossiers unreturned and past their due date on ``as_of`` (late while in progress)."""
        return self._count("overdue")

    @property
    def pending(self) -> int:
        """Dossiers unreturned and not yet due on ``as_of``."""
        return self._count("pending")

    @property
    def decided(self) -> int:
        """Dossiers whose outcome is known: returned, or overdue (the rates' denominator)."""
        return self.total - self.pending

    @property
    def early_rate(self) -> Fraction | None:
        """Early / decided; None when nothing is decided."""
        return rate(self.early, self.decided)

    @property
    def on_time_rate(self) -> Fraction | None:
        """On time / decided; None when nothing is decided."""
        return rate(self.on_time, self.decided)

    @property
    def late_rate(self) -> Fraction | None:
        """(Late + overdue) / decided; None when nothing is decided."""
        return rate(self.late + self.overdue, self.decided)

    @property
    def timely_rate(self) -> Fraction | None:
        """(Early + on time) / decided; None when nothing is decided."""
        return rate(self.early + self.on_time, self.decided)

    def percent(
        self, which: Literal["early", "on_time", "late", "timely"], places: int = 1
    ) -> Decimal | None:
        """A rate as a percentage rounded half-up to ``places`` decimals."""
        rates = {
            "early": self.early_rate,
            "on_time": self.on_time_rate,
            "late": self.late_rate,
            "timely": self.timely_rate,
        }
        return percent(rates[which], places)

    @property
    def apologies_required(self) -> int:
        """Dossiers that required an apology slip."""
        return sum(1 for r in self.results if r.apology_required)

    @property
    def apologies_recorded(self) -> int:
        """Dossiers that required an apology slip and have one recorded."""
        return sum(1 for r in self.results if r.apology_required and r.apology_recorded)

    @property
    def apologies_unneeded(self) -> int:
        """Dossiers with a slip recorded although none was required (check the log)."""
        return sum(1 for r in self.results if r.apology_recorded and not r.apology_required)

    def missing_apologies(self) -> list[str]:
        """Ids of the dossiers that required an apology slip and have none recorded."""
        return [r.id for r in self.results if r.apology_required and not r.apology_recorded]

    def for_unit(self, unit: str) -> TimelinessReport:
        """Return the report restricted to one commune's dossiers."""
        return attrs.evolve(self, results=tuple(r for r in self.results if r.unit == unit))

    def units(self) -> list[str]:
        """Return the communes named in the log, sorted."""
        return sorted({r.unit for r in self.results if r.unit is not None})

    def to_value(self, pending: Literal["exclude", "on_time"] = "exclude") -> RatioValue:
        """Return the ``ratio`` answer value: dossiers early or on time over dossiers counted.

        Args:
            pending: ``"exclude"`` leaves unreturned dossiers not yet due out of both counts;
                ``"on_time"`` counts them as on time (QĐ 766 portal practice).
        """
        timely = self.early + self.on_time
        if pending == "on_time":
            return RatioValue(numerator=timely + self.pending, denominator=self.total)
        if pending == "exclude":
            return RatioValue(numerator=timely, denominator=self.decided)
        raise InvalidInputError(
            "TimelinessReport.to_value", [("pending", f"{pending!r}; use 'exclude' or 'on_time'")]
        )

    def apology_value(self) -> CoverageValue:
        """Return the ``coverage`` answer value: slips recorded over slips required."""
        return CoverageValue(answered=self.apologies_recorded, required=self.apologies_required)


# --- measuring ---------------------------------------------------------------------------------


def measure_timeliness(
    records: Iterable[DossierRecord],
    calendar: WorkingDays | None = None,
    *,
    as_of: dt.date | str | None = None,
    against_original: bool = True,
) -> TimelinessReport:
    """Measure the timeliness of every dossier of a log.

    Due dates of dossiers without pauses are computed once per distinct (receipt day, time
    limit, received after the cut-off or not) and shared, so a national-size log costs a few
    thousand calendar look-ups; dossiers with pauses go through the full deadline computation.
    Either way a due date is the one :meth:`DossierRecord.deadline` gives. To read and measure
    a large log in one go, :func:`measure_dossier_log` is faster.

    Args:
        records: the dossiers (see :func:`read_dossier_log`).
        calendar: the working-day calendar; ``WorkingCalendar.national()`` when None.
        as_of: the day unreturned dossiers are judged on; required when any is unreturned.
        against_original: judge lateness against the due date before any apology slip
            (default) rather than the new date the slip set.

    Raises:
        InvalidInputError: for repeated dossier ids, or unreturned dossiers without ``as_of``.
        DeadlineError: naming the dossier when its deadline cannot be computed.
        DateOutOfRangeError: when a date is outside the calendar's data.
    """
    with gc_paused():
        items, error = _materialize(records)
        try:
            cols = None if error else _record_columns(items)
        except Exception:  # not plain records: the dossier-by-dossier path decides
            cols = None
        if cols is None:
            report = _measure((rec.__dict__ for rec in items), calendar, as_of, against_original)
            if error is not None:
                raise error
            return report
        # records may hold receipts in any time zone (model_construct): checked per row
        return _measure_columns(cols, calendar, as_of, against_original, local=False)


def measure_dossier_records(
    rows: Iterable[Mapping[str, Any]],
    calendar: WorkingDays | None = None,
    *,
    as_of: dt.date | str | None = None,
    against_original: bool = True,
) -> TimelinessReport:
    """Validate dossiers given as dicts and measure them, without building the records.

    The report and the errors are those of
    ``measure_timeliness(read_dossier_records(rows), calendar, ...)``: every row is validated
    first, then measured; it is several times faster on a large log.

    Args:
        rows: the dossiers as dicts (see :func:`read_dossier_records`).
        calendar: the working-day calendar; ``WorkingCalendar.national()`` when None.
        as_of: the day unreturned dossiers are judged on; required when any is unreturned.
        against_original: judge lateness against the due date before any apology slip.

    Raises:
        InvalidInputError: naming the record's position and field, for repeated dossier ids,
            or unreturned dossiers without ``as_of``.
        DeadlineError: naming the dossier when its deadline cannot be computed.
        DateOutOfRangeError: when a date is outside the calendar's data.
    """
    with gc_paused():
        cols, _ = _dict_log(rows)
        return _measure_columns(cols, calendar, as_of, against_original)


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
    ``measure_timeliness(read_dossier_log(path, encoding=...), calendar, ...)``: the whole file
    is read and checked first, then measured; it is several times faster on a large log.

    Args:
        path: the CSV file (columns as for :func:`read_dossier_log`).
        calendar: the working-day calendar; ``WorkingCalendar.national()`` when None.
        as_of: the day unreturned dossiers are judged on; required when any is unreturned.
        against_original: judge lateness against the due date before any apology slip.
        encoding: the file's text encoding.

    Raises:
        DataFileError: naming the file, row and column of a cell that cannot be read.
        InvalidInputError: for repeated dossier ids, or unreturned dossiers without ``as_of``.
        DeadlineError: naming the dossier when its deadline cannot be computed.
        DateOutOfRangeError: when a date is outside the calendar's data.
    """
    with gc_paused():
        cols, _ = _csv_log(path, encoding, fields_sets=False)
        return _measure_columns(cols, calendar, as_of, against_original)


def _measure(
    rows: Iterable[Mapping[str, Any]],
    calendar: WorkingDays | None,
    as_of: dt.date | str | None,
    against_original: bool,
) -> TimelinessReport:
    """Measure dossiers given by their records' field values (``DossierRecord.__dict__``)."""
    cal = calendar_or_national(calendar)
    as_of_day = None if as_of is None else as_date(as_of, field="as_of")
    shared = shared_due(cal)
    seen: set[str] = set()
    results: list[DossierResult] = []
    append = results.append
    # one pass in log order, so the first bad dossier is the one reported
    for v in rows:
        rid = v["id"]
        if rid in seen:
            raise InvalidInputError("dossier log", [(f"id {rid}", "appears more than once")])
        seen.add(rid)
        original = shared(v)
        extended_to = v["extended_to"]
        if original is None:
            d = full_deadline(v, cal)
            original, extended = d.original_due_date, d.due_date
        elif extended_to is None:
            extended = original
        elif extended_to <= original:
            # compute_deadline's check, worded as DossierRecord.deadline reports it
            raise DeadlineError(
                f"dossier {rid}: extended_to {extended_to.isoformat()} is not later "
                f"than the due date {original.isoformat()}; an apology slip must set a later "
                "return date"
            )
        else:
            extended = extended_to
        append(_judge(v, original if against_original else extended, original, as_of_day))
    return TimelinessReport(tuple(results), as_of_day, against_original)


def _judge(
    v: Mapping[str, Any], due: dt.date, original: dt.date, as_of: dt.date | None
) -> DossierResult:
    status: Status
    returned = v["returned_at"]
    if returned is not None:
        status = "early" if returned < due else "on_time" if returned == due else "late"
        late_vs_original = returned > original
    else:
        if as_of is None:
            raise InvalidInputError(
                "dossier log",
                [
                    (
                        f"id {v['id']}",
                        "has no returned_at; pass as_of= (the day the log was taken) to judge "
                        "unreturned dossiers",
                    )
                ],
            )
        status = "overdue" if as_of > due else "pending"
        late_vs_original = as_of > original
    return DossierResult(
        v["id"],
        v["procedure"],
        v["unit"],
        due,
        original,
        returned,
        status,
        v["extended_to"] is not None or late_vs_original,
        v["apology_slip_issued"],
    )


# --- reading -------------------------------------------------------------------------------------

_REQUIRED = ("id", "procedure", "received_at", "working_days", "returned_at")
_OPTIONAL = (
    "unit",
    "cutoff",
    "pauses",
    "resume_after_pause",
    "apology_slip_issued",
    "extended_to",
)


def read_dossier_records(rows: Iterable[Mapping[str, Any]]) -> list[DossierRecord]:
    """Validate dossier records given as dicts (values as Python objects or ISO strings).

    Raises:
        InvalidInputError: naming the record's position and field.
    """
    with gc_paused():
        cols, given = _dict_log(rows)
        return [
            rec
            if type(rec) is DossierRecord
            else _wrap(dict(zip(_FIELD_ORDER, vals, strict=True)), set(rec))
            for rec, vals in zip(given, zip(*cols.values(), strict=True), strict=True)
        ]


def _dict_log(rows: Iterable[Mapping[str, Any]]) -> tuple[Columns, list[Any]]:
    """The columns of ``read_dossier_records(rows)``, and what each row gave.

    Per row: its record where it was validated one by one, else the row itself.
    """
    items, error = _materialize(rows)
    cols, bad = _dict_columns(items)
    given = items.copy()
    for i in sorted(bad):
        given[i] = rec = _validated_record(i, items[i])
        _patch(cols, i, rec)
    if error is not None:
        raise error
    return cols, given


def _validated_record(i: int, row: Mapping[str, Any]) -> DossierRecord:
    try:
        return DossierRecord.model_validate(dict(row))
    except InvalidInputError as e:
        raise InvalidInputError(
            f"dossier record {i}", [(f"[{i}].{loc}", msg) for loc, msg in e.problems]
        ) from None


def read_dossier_log(path: str | Path, *, encoding: str = "utf-8-sig") -> list[DossierRecord]:
    """Read a dossier log from CSV.

    Columns (header row, any order): ``id``, ``procedure``, ``received_at`` (ISO date-time,
    ``2024-03-04T09:30``; naive = Asia/Ho_Chi_Minh), ``working_days``, ``returned_at`` (ISO
    date or date-time, blank if not returned); optional ``unit``, ``cutoff`` (``15:00``),
    ``pauses`` (``requested_on/completed_on`` pairs separated by ``;``, e.g.
    ``2024-03-05/2024-03-07T10:00``), ``resume_after_pause`` and ``apology_slip_issued``
    (``true``/``false``), ``extended_to`` (ISO date). A blank optional cell means none (no
    cut-off, no pause, no slip recorded, no extension); a missing optional column likewise.

    Raises:
        DataFileError: naming the file, row and column, for a missing or unknown column or a
            cell that cannot be read.
    """
    with gc_paused():
        cols, given = _csv_log(path, encoding, fields_sets=True)
        return [
            rec
            if type(rec) is DossierRecord
            else _wrap(dict(zip(_FIELD_ORDER, vals, strict=True)), rec)
            for rec, vals in zip(given, zip(*cols.values(), strict=True), strict=True)
        ]


def _csv_log(path: str | Path, encoding: str, *, fields_sets: bool) -> tuple[Columns, list[Any]]:
    """The columns of ``read_dossier_log(path)``, and what each row gave.

    Per row: its record where it was read one by one, else (``fields_sets``) the fields its
    cells give.
    """
    try:
        with Path(path).open(encoding=encoding, newline="") as fh:
            return _csv_chunks(str(path), fh, fields_sets)
    except (_RowByRowError, OSError):
        records = _read_rows(path, encoding)
        return _record_columns(records), records


class _RowByRowError(Exception):
    """The file needs the row-by-row reader, which reports its first problem as usual."""


#: CSV rows converted at a time (bounds the memory their raw cells take)
_CHUNK = 50_000


def _csv_chunks(name: str, fh: Iterable[str], fields_sets: bool) -> tuple[Columns, list[Any]]:
    """:func:`_csv_log` of an open file, ``_CHUNK`` rows at a time."""
    cols: Columns = {field: [] for field in _FIELD_ORDER}
    given: list[Any] = []
    reader = csv.reader(fh)
    try:
        first = next(reader, None)
    except Exception:  # undecodable, not CSV
        raise _RowByRowError from None
    header = _checked_header(name, first)
    if len(set(header)) != len(header):
        raise _RowByRowError
    start = 2
    while True:
        try:
            body = list(islice(reader, _CHUNK))
        except Exception:  # undecodable, not CSV
            raise _RowByRowError from None
        if not body:
            return cols, given
        lines: Sequence[int] = range(start, start + len(body))
        start += len(body)
        filled = list(map(str.strip, map("".join, body)))
        if not all(filled):  # rows of blank cells are skipped
            lines = list(compress(lines, filled))
            body = list(compress(body, filled))
        if set(map(len, body)) - {len(header)}:
            raise _RowByRowError  # a row not as long as the header
        part, bad = _csv_columns(header, body)
        seen: list[Any] = _csv_fields_sets(header, body) if fields_sets else [None] * len(body)
        for i in sorted(bad):
            seen[i] = rec = _record_from_cells(name, lines[i], header, body[i])
            _patch(part, i, rec)
        for field, values in part.items():
            cols[field].extend(values)
        given.extend(seen)


def _checked_header(name: str, header: list[str] | None) -> list[str]:
    if header is None:
        raise DataFileError(name, "the file is empty; expected a header row")
    cols = [h.strip() for h in header]
    missing = [c for c in _REQUIRED if c not in cols]
    if missing:
        raise DataFileError(name, f"missing column(s) {', '.join(missing)}", key="row 1")
    unknown = [c for c in cols if c not in _REQUIRED + _OPTIONAL]
    if unknown:
        raise DataFileError(
            name,
            f"unknown column(s) {', '.join(map(repr, unknown))}; valid columns: "
            f"{', '.join(_REQUIRED + _OPTIONAL)}",
            key="row 1",
        )
    return cols


def _read_rows(path: str | Path, encoding: str) -> list[DossierRecord]:
    """The log read row by row (the reference reader)."""
    name = str(path)
    try:
        with Path(path).open(encoding=encoding, newline="") as fh:
            reader = csv.reader(fh)
            cols = _checked_header(name, next(reader, None))
            records: list[DossierRecord] = []
            for line, cells in enumerate(reader, start=2):
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(cols):
                    raise DataFileError(
                        name,
                        f"has {len(cells)} cells, the header has {len(cols)}",
                        key=f"row {line}",
                    )
                records.append(_record_from_cells(name, line, cols, cells))
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(name, f"cannot read the CSV file: {e}") from None
    return records


def _record_from_cells(
    name: str, line: int, cols: Sequence[str], cells: Sequence[str]
) -> DossierRecord:
    where = {c: f"row {line}, column {column_letter(i)} ({c})" for i, c in enumerate(cols)}
    data: dict[str, Any] = {}
    for col, raw in zip(cols, cells, strict=True):
        cell = raw.strip()
        if not cell:
            if col in _REQUIRED and col != "returned_at":
                raise DataFileError(name, "is blank; a value is required", key=where[col])
            continue
        try:
            data[col] = _cell(col, cell)
        except ValueError as e:
            raise DataFileError(name, str(e), key=where[col]) from None
    try:
        return DossierRecord.model_validate(data)
    except InvalidInputError as e:
        loc, msg = e.problems[0]
        key = where.get(loc.split(".")[0], f"row {line}")
        raise DataFileError(name, msg, key=key) from None


def _cell(col: str, cell: str) -> Any:
    if col == "working_days":
        if not cell.isdigit():
            raise ValueError(f"{cell!r} is not a whole number of working days (e.g. 5)")
        return int(cell)
    if col in ("apology_slip_issued", "resume_after_pause"):
        if cell.lower() not in ("true", "false"):
            raise ValueError(f"{cell!r} is not true or false")
        return cell.lower() == "true"
    if col == "pauses":
        pauses = []
        for part in cell.split(";"):
            pieces = part.strip().split("/")
            if len(pieces) != 2:
                raise ValueError(
                    f"{part.strip()!r} is not requested_on/completed_on "
                    "(e.g. 2024-03-05/2024-03-07T10:00)"
                )
            pauses.append({"requested_on": pieces[0].strip(), "completed_on": pieces[1].strip()})
        return pauses
    if col in ("received_at", "returned_at", "extended_to"):
        _check_iso(cell)
    return cell


def _check_iso(cell: str) -> None:
    # ISO only: 03/04/2024 could be 3 April or 4 March
    try:
        dt.datetime.fromisoformat(cell)
    except ValueError:
        raise ValueError(f"{cell!r} is not an ISO date or date-time (YYYY-MM-DD[THH:MM])") from None
    if "/" in cell:
        raise ValueError(f"{cell!r} is not an ISO date (YYYY-MM-DD)")


# --- the columnar path ---------------------------------------------------------------------------
# A national log has millions of rows; pydantic validation and a Python-level deadline per row
# would dominate the cost. So a log is read into one list per field ("columns"): each distinct
# value is converted once, by the converters the model itself uses, and only exact built-in
# types in plainly valid shapes are accepted. Rows with anything else, valid or not, are
# validated one by one the reference way, in log order, so the first bad row is the one reported
# with its usual message. Measuring then shares due dates between rows and classifies all rows at
# once; anything unusual hands the whole log to the dossier-by-dossier path (_measure).

_FIELD_ORDER = tuple(DossierRecord.model_fields)
_FIELDS = frozenset(_FIELD_ORDER)
_REQUIRED_FIELDS = frozenset(
    name for name, field in DossierRecord.model_fields.items() if field.is_required()
)
_NONE = type(None)
_BLANK_REFUSED = tuple(c for c in _REQUIRED if c != "returned_at")
_DATE_TYPES = (str, dt.date, dt.datetime)
#: the exact types the columnar path takes for each field of a dict row (others: validated)
_PLAIN_TYPES: Mapping[str, tuple[type, ...]] = {
    "id": (str,),
    "procedure": (str,),
    "unit": (str, _NONE),
    "received_at": _DATE_TYPES,
    "working_days": (int,),
    "cutoff": (str, dt.time, _NONE),
    "pauses": (list, tuple),
    "resume_after_pause": (bool,),
    "returned_at": (*_DATE_TYPES, _NONE),
    "apology_slip_issued": (bool,),
    "extended_to": (*_DATE_TYPES, _NONE),
}
_DEFAULTS: Mapping[str, Any] = {
    "pauses": (),
    "resume_after_pause": False,
    "apology_slip_issued": False,
}
#: time limits up to this many working days take the columnar path (larger ones are validated)
_MAX_DAYS = 100_000
#: status by 1 + sign(judged day - due day), plus 3 when unreturned (judged on as_of)
_STATUS_BY_CODE: tuple[Status, ...] = ("early", "on_time", "late", "pending", "pending", "overdue")
_set = object.__setattr__

#: one list per DossierRecord field, in declaration order, one entry per dossier
Columns = dict[str, list[Any]]


def _wrap(values: dict[str, Any], fields_set: set[str]) -> DossierRecord:
    """The record of checked field values (every field, in declaration order), unvalidated."""
    rec = DossierRecord.__new__(DossierRecord)
    _set(rec, "__dict__", values)
    _set(rec, "__pydantic_fields_set__", fields_set)
    _set(rec, "__pydantic_extra__", None)
    _set(rec, "__pydantic_private__", None)
    return rec


def _materialize(items: Iterable[Any]) -> tuple[list[Any], Exception | None]:
    """The items, and the error the iterable raised after them (raised once they are checked)."""
    out: list[Any] = []
    try:
        out.extend(items)
    except Exception as e:
        return out, e
    return out, None


def _record_columns(records: Sequence[Any]) -> Columns:
    """Columns of records' field values (DossierRecord instances hold them in ``__dict__``)."""
    values = list(map(vars, records))
    return {name: list(map(itemgetter(name), values)) for name in _FIELD_ORDER}


def _rows(cols: Columns) -> Iterator[dict[str, Any]]:
    """Each dossier's field values, as a record's ``__dict__``."""
    return (dict(zip(_FIELD_ORDER, vals, strict=True)) for vals in zip(*cols.values(), strict=True))


def _patch(cols: Columns, i: int, rec: DossierRecord) -> None:
    for name, value in rec.__dict__.items():
        cols[name][i] = value


def _convert(values: Sequence[Any], convert: Callable[[Any], Any], bad: set[int]) -> list[Any]:
    """``convert`` of each value, computed once per distinct value; refused rows join ``bad``.

    Values must be hashable. Datetimes are told apart by their ``fold`` too, which equality
    ignores but the converted value keeps.
    """
    keys: Sequence[Any] = values
    if dt.datetime in set(map(type, values)):
        keys = [(v, v.fold) if type(v) is dt.datetime else v for v in values]
    table: dict[Any, Any] = {}
    refused: set[Any] = set()
    for key in set(keys):
        try:
            table[key] = convert(key[0] if type(key) is tuple else key)
        except Exception:  # the reference path reports it
            refused.add(key)
    if refused:
        bad.update(i for i, k in enumerate(keys) if k in refused)
    return list(map(table.get, keys))


def _moment_value(value: Any) -> dt.datetime:
    """received_at as the model converts it; refuses anything not plainly valid."""
    if type(value) is str:
        # as_local_datetime for a naive ISO string: the wall-clock time in Asia/Ho_Chi_Minh
        # (combine sets the same fields as its replace(tzinfo=...), at a third of the cost)
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            return dt.datetime.combine(moment.date(), moment.time(), VN_TZ)
    moment = as_moment(value)
    if type(moment) is not dt.datetime:
        raise TypeError(moment)
    return moment


def _day_value(value: Any) -> dt.date | None:
    """returned_at / extended_to as the model converts them; refuses anything not plain."""
    if value is None:
        return None
    day = as_day(value)
    if type(day) is not dt.date:
        raise TypeError(day)
    return day


def _clock_value(value: Any) -> dt.time | None:
    """The cut-off as the model converts it; refuses anything not plain."""
    if value is None:
        return None
    clock = as_clock(value)
    if type(clock) is not dt.time:
        raise TypeError(clock)
    return clock


def _row_rules(cols: Columns, raw_received: Sequence[Any], bad: set[int]) -> None:
    """The model's validators across fields, as row checks (see DossierRecord)."""
    cutoffs, received, returned = cols["cutoff"], cols["received_at"], cols["returned_at"]
    for i in compress(range(len(cutoffs)), map(is_not, cutoffs, repeat(None))):
        raw = raw_received[i]
        if type(raw) is dt.date or (type(raw) is str and "T" not in raw and " " not in raw):
            bad.add(i)  # a cut-off needs a receipt time
    for i in compress(range(len(returned)), map(is_not, returned, repeat(None))):
        if i not in bad and returned[i] < received[i].date():
            bad.add(i)  # returned before received


def _check_days(ns: list[Any], bad: set[int]) -> None:
    if bad or (ns and (min(ns) < 0 or max(ns) > _MAX_DAYS)):
        bad.update(i for i, v in enumerate(ns) if i not in bad and not 0 <= v <= _MAX_DAYS)


def _dict_columns(rows: list[Any]) -> tuple[Columns, set[int]]:
    """Columns of dict rows as ``DossierRecord.model_validate`` reads them, and odd rows.

    The odd rows need validating one by one; their entries in the columns are placeholders.
    """
    n = len(rows)
    bad = {i for i, r in enumerate(rows) if type(r) is not dict}
    if bad:
        rows = [{} if i in bad else r for i, r in enumerate(rows)]
    fits = map(_FIELDS.issuperset, rows)
    complete = map(_REQUIRED_FIELDS.issubset, rows)
    bad.update(compress(range(n), (not (a and b) for a, b in zip(fits, complete, strict=True))))
    raw: Columns = {}
    for name in _FIELD_ORDER:
        values = raw[name] = list(map(dict.get, rows, repeat(name), repeat(_DEFAULTS.get(name))))
        allowed = _PLAIN_TYPES[name]
        if not set(map(type, values)) <= set(allowed):
            bad.update(i for i, v in enumerate(values) if type(v) not in allowed)
    if bad:  # placeholders: no unhashable or odd value reaches the converters
        raw = {
            name: [None if i in bad else v for i, v in enumerate(vs)] for name, vs in raw.items()
        }
    for name in ("id", "procedure"):
        if "" in set(raw[name]):
            bad.update(i for i, v in enumerate(raw[name]) if v == "")
    _check_days(raw["working_days"], bad)
    # rows with pauses are rare: validated one by one
    bad.update(compress(range(n), raw["pauses"]))
    cols: Columns = {
        "id": raw["id"],
        "procedure": raw["procedure"],
        "unit": raw["unit"],
        "received_at": _convert(raw["received_at"], _moment_value, bad),
        "working_days": raw["working_days"],
        "cutoff": _convert(raw["cutoff"], _clock_value, bad),
        "pauses": [()] * n,
        "resume_after_pause": raw["resume_after_pause"],
        "returned_at": _convert(raw["returned_at"], _day_value, bad),
        "apology_slip_issued": raw["apology_slip_issued"],
        "extended_to": _convert(raw["extended_to"], _day_value, bad),
    }
    _row_rules(cols, raw["received_at"], bad)
    return cols, bad


def _blank_as(values: list[str], blank: Any) -> list[Any]:
    """``values`` with every empty string replaced by ``blank``."""
    return list(map({"": blank}.get, values, values))


def _csv_moment(cell: str) -> dt.datetime:
    # _check_iso is implied: the converters accept a subset of what datetime.fromisoformat
    # accepts, except a "/" it takes as the date-time separator
    if "/" in cell:
        raise ValueError(cell)
    return _moment_value(cell)


def _csv_day(cell: str | None) -> dt.date | None:
    if cell is not None and "/" in cell:
        raise ValueError(cell)
    return _day_value(cell)


def _csv_days(cell: str) -> int:
    n = int(_cell("working_days", cell))
    if n > _MAX_DAYS:
        raise ValueError(cell)
    return n


def _csv_flag(cell: str) -> bool:
    return cell != "" and bool(_cell("apology_slip_issued", cell))


def _csv_columns(header: list[str], body: list[list[str]]) -> tuple[Columns, set[int]]:
    """Columns of CSV rows as ``_record_from_cells`` reads them, and odd rows.

    Every row is as long as the header, whose names are distinct. The odd rows need reading
    one by one; their entries in the columns are placeholders.
    """
    n = len(body)
    cells = {
        name: list(map(str.strip, column))
        for name, column in zip(
            header, zip(*body, strict=True) if n else [()] * len(header), strict=True
        )
    }
    bad: set[int] = set()

    def column(name: str) -> list[str]:
        return cells.get(name) or [""] * n

    for name in _BLANK_REFUSED:
        if "" in set(cells[name]):
            bad.update(i for i, v in enumerate(cells[name]) if v == "")
    raw_received = column("received_at")
    cols: Columns = {
        "id": column("id"),
        "procedure": column("procedure"),
        "unit": _blank_as(column("unit"), None),
        "received_at": _convert(raw_received, _csv_moment, bad),
        "working_days": _convert(column("working_days"), _csv_days, bad),
        "cutoff": _convert(_blank_as(column("cutoff"), None), _clock_value, bad),
        "pauses": [()] * n,
        "resume_after_pause": _convert(column("resume_after_pause"), _csv_flag, bad),
        "returned_at": _convert(_blank_as(column("returned_at"), None), _csv_day, bad),
        "apology_slip_issued": _convert(column("apology_slip_issued"), _csv_flag, bad),
        "extended_to": _convert(_blank_as(column("extended_to"), None), _csv_day, bad),
    }
    # rows with pauses are rare: read one by one
    bad.update(compress(range(n), column("pauses")))
    _row_rules(cols, raw_received, bad)
    return cols, bad


def _csv_fields_sets(header: list[str], body: list[list[str]]) -> list[set[str]]:
    """The fields each CSV row gives (its non-blank cells), as pydantic records them."""
    names: dict[tuple[bool, ...], frozenset[str]] = {}
    out: list[set[str]] = []
    for row in body:
        key = tuple(map(bool, map(str.strip, row)))
        given = names.get(key)
        if given is None:
            given = names[key] = frozenset(compress(header, key))
        out.append(set(given))
    return out


def _measure_columns(
    cols: Columns,
    calendar: WorkingDays | None,
    as_of: dt.date | str | None,
    against_original: bool,
    *,
    local: bool = True,
) -> TimelinessReport:
    """:func:`_measure` of the dossiers in ``cols``, all rows at once when nothing is unusual.

    ``local``: every receipt is in Asia/Ho_Chi_Minh, as the model's converters give it.
    """
    cal = calendar_or_national(calendar)
    as_of_day = None if as_of is None else as_date(as_of, field="as_of")
    try:
        results = _judge_columns(cols, cal, as_of_day, against_original, local)
    except Exception:  # the dossier-by-dossier path decides and reports
        results = None
    if results is None:
        return _measure(_rows(cols), cal, as_of_day, against_original)
    return TimelinessReport(results, as_of_day, against_original)


def _judge_columns(
    cols: Columns, cal: WorkingDays, as_of: dt.date | None, against_original: bool, local: bool
) -> tuple[DossierResult, ...] | None:
    """Every dossier's result, as _measure gives it; None when a dossier is refused."""
    import numpy as np

    ids, received, ns = cols["id"], cols["received_at"], cols["working_days"]
    cutoffs, returned, extended_to = cols["cutoff"], cols["returned_at"], cols["extended_to"]
    n = len(ids)
    if n == 0:
        return ()
    if len(set(ids)) != n or set(map(type, ns)) != {int} or min(ns) < 0:
        return None
    # dossiers whose due date needs the full computation (pauses; odd values a record can hold)
    full = set(compress(range(n), cols["pauses"]))
    if not local and set(map(attrgetter("tzinfo"), received)) != {VN_TZ}:
        full.update(i for i, m in enumerate(received) if m.tzinfo is not VN_TZ)
    after_cutoff = [False] * n
    for i in compress(range(n), map(is_not, cutoffs, repeat(None))):
        cutoff = cutoffs[i]
        if type(cutoff) is dt.time and cutoff.tzinfo is None:
            after_cutoff[i] = received[i].time() > cutoff
        else:
            full.add(i)
    keys = list(zip(map(dt.datetime.date, received), ns, after_cutoff, strict=True))
    due_of = due_table(
        cal, set(keys) if not full else {k for i, k in enumerate(keys) if i not in full}
    )
    originals: list[Any] = (
        [due_of.get(k) for k in keys] if full else list(map(due_of.__getitem__, keys))
    )
    extended = originals
    extended_rows = list(compress(range(n), map(is_not, extended_to, repeat(None))))
    if full or extended_rows:
        extended = originals.copy()
        for i in extended_rows:
            if i not in full:
                if extended_to[i] <= originals[i]:
                    return None  # refused: the dossier-by-dossier path reports it
                extended[i] = extended_to[i]
        for i in sorted(full):
            d = full_deadline(
                dict(zip(_FIELD_ORDER, (c[i] for c in cols.values()), strict=True)), cal
            )
            originals[i], extended[i] = d.original_due_date, d.due_date
    due = originals if against_original else extended

    # judged day: the return, or as_of for a dossier still in progress
    unreturned = list(map(is_, returned, repeat(None)))
    judged: Sequence[dt.date] = returned
    if any(unreturned):
        if as_of is None:
            return None
        judged = [as_of if r is None else r for r in returned]
    day = dt.date.toordinal
    judged_ = np.fromiter(map(day, judged), np.int64, n)
    due_ = np.fromiter(map(day, due), np.int64, n)
    original_ = due_ if due is originals else np.fromiter(map(day, originals), np.int64, n)
    codes = np.sign(judged_ - due_) + 1 + 3 * np.fromiter(unreturned, np.int64, n)
    status = list(map(_STATUS_BY_CODE.__getitem__, codes.tolist()))
    required = judged_ > original_
    if extended_rows:
        required[extended_rows] = True
    return tuple(
        map(
            DossierResult,
            ids,
            cols["procedure"],
            cols["unit"],
            due,
            originals,
            returned,
            status,
            required.tolist(),
            cols["apology_slip_issued"],
        )
    )
