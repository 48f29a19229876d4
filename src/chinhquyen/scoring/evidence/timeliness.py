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
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import attrs
import pydantic

from chinhquyen._model import Model
from chinhquyen.calendar._dates import VN_TZ, as_date, as_local_datetime
from chinhquyen.calendar.deadlines import (
    Deadline,
    Pause,
    Timeliness,
    WorkingDays,
    compute_deadline,
)
from chinhquyen.errors import DataFileError, DeadlineError, InvalidInputError
from chinhquyen.scoring.answers import CoverageValue, RatioValue
from chinhquyen.scoring.evidence._csv import column_letter
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


def _moment(value: Any) -> Any:
    if isinstance(value, str | dt.datetime):
        return as_local_datetime(value, field="date-time")
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=VN_TZ)
    return value


def _day(value: Any) -> Any:
    if isinstance(value, str) and len(value) > 10:
        # a date-time: its day in Asia/Ho_Chi_Minh
        return as_local_datetime(value, field="date").date()
    return as_date(value) if isinstance(value, str | dt.date) else value


def _clock(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not an ISO time; write it as HH:MM (e.g. 15:00)"
            ) from None
    return value


class DossierPause(Model):
    """A request to supplement the dossier (phiếu BM.02) and when the complete dossier came back.

    Attributes:
        requested_on: the day the request was issued.
        completed_on: when the complete dossier came back (a date means the start of that day).
    """

    requested_on: Annotated[dt.date, pydantic.BeforeValidator(_day)]
    completed_on: Annotated[dt.datetime, pydantic.BeforeValidator(_moment)]

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
    received_at: Annotated[dt.datetime, pydantic.BeforeValidator(_moment)]
    working_days: int = pydantic.Field(ge=0)
    cutoff: Annotated[dt.time | None, pydantic.BeforeValidator(_clock)] = None
    pauses: Annotated[tuple[DossierPause, ...], pydantic.BeforeValidator(as_tuple)] = ()
    resume_after_pause: bool = False
    returned_at: Annotated[dt.date | None, pydantic.BeforeValidator(_day)] = None
    apology_slip_issued: bool = False
    extended_to: Annotated[dt.date | None, pydantic.BeforeValidator(_day)] = None

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
        return _deadline(self.__dict__, _calendar(calendar))


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
    Either way a due date is the one :meth:`DossierRecord.deadline` gives.

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
    return _measure((rec.__dict__ for rec in records), calendar, as_of, against_original)


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
    return _measure(_record_values(rows), calendar, as_of, against_original)


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
    rows = _read_log(path, encoding, as_records=False)
    return _measure(rows, calendar, as_of, against_original)


def _measure(
    rows: Iterable[Mapping[str, Any]],
    calendar: WorkingDays | None,
    as_of: dt.date | str | None,
    against_original: bool,
) -> TimelinessReport:
    """Measure dossiers given by their records' field values (``DossierRecord.__dict__``)."""
    cal = _calendar(calendar)
    as_of_day = None if as_of is None else as_date(as_of, field="as_of")
    shared_due = _shared_due(cal)
    seen: set[str] = set()
    results: list[DossierResult] = []
    append = results.append
    # one pass in log order, so the first bad dossier is the one reported
    for v in rows:
        rid = v["id"]
        if rid in seen:
            raise InvalidInputError("dossier log", [(f"id {rid}", "appears more than once")])
        seen.add(rid)
        original = shared_due(v)
        extended_to = v["extended_to"]
        if original is None:
            d = _deadline(v, cal)
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


def _deadline(v: Mapping[str, Any], cal: WorkingDays) -> Deadline:
    """The full deadline computation of a record's field values, errors naming the dossier."""
    try:
        return compute_deadline(
            cal,
            v["received_at"],
            v["working_days"],
            cutoff=v["cutoff"],
            pauses=[p.to_pause() for p in v["pauses"]],
            resume_after_pause=v["resume_after_pause"],
            extended_to=v["extended_to"],
        )
    except DeadlineError as e:
        raise DeadlineError(f"dossier {v['id']}: {e}") from None


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


def _shared_due(cal: WorkingDays) -> Callable[[Mapping[str, Any]], dt.date | None]:
    """Due dates before any apology slip, shared between dossiers; None: compute in full.

    Follows compute_deadline step for step: the receipt day moves to the next working day
    when it is not one (``add_working_days(day, 0)``), or when the dossier came after the
    cut-off (``add_working_days(day, 1)``); then the time limit is added to it.
    """
    start_of: dict[tuple[dt.date, bool], dt.date] = {}
    due_of: dict[tuple[dt.date, int, bool], dt.date] = {}
    is_working_day = cal.is_working_day
    add_working_days = cal.add_working_days

    def shared(v: Mapping[str, Any]) -> dt.date | None:
        moment = v["received_at"]
        n = v["working_days"]
        cutoff = v["cutoff"]
        # pauses, and anything a validated record cannot hold, take the full computation
        if v["pauses"] or moment.tzinfo is not VN_TZ or type(n) is not int or n < 0:
            return None
        if cutoff is None:
            after_cutoff = False
        elif type(cutoff) is dt.time and cutoff.tzinfo is None:
            after_cutoff = moment.time() > cutoff
        else:
            return None
        day = moment.date()
        key = (day, n, after_cutoff)
        due = due_of.get(key)
        if due is None:
            start = start_of.get((day, after_cutoff))
            if start is None:
                if not is_working_day(day):
                    start = add_working_days(day, 0)
                elif after_cutoff:
                    start = add_working_days(day, 1)
                else:
                    start = day
                start_of[day, after_cutoff] = start
            due = due_of[key] = add_working_days(start, n)
        return due

    return shared


def _calendar(calendar: WorkingDays | None) -> WorkingDays:
    if calendar is not None:
        return calendar
    # imported here: the calendar builds its working-day table on first use
    from chinhquyen.calendar import WorkingCalendar

    national: WorkingDays = WorkingCalendar.national()
    return national


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
    out: list[DossierRecord] = []
    append = out.append
    quick = _QuickReader()
    for i, row in enumerate(rows):
        values = quick.values(row) if type(row) is dict else None
        append(_validated_record(i, row) if values is None else _wrap(values, set(row)))
    return out


def _record_values(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The field values of ``read_dossier_records(rows)``, in order, without the records."""
    out: list[dict[str, Any]] = []
    append = out.append
    quick = _QuickReader()
    for i, row in enumerate(rows):
        values = quick.values(row) if type(row) is dict else None
        append(_validated_record(i, row).__dict__ if values is None else values)
    return out


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
    records: list[DossierRecord] = _read_log(path, encoding, as_records=True)
    return records


def _read_log(path: str | Path, encoding: str, *, as_records: bool) -> list[Any]:
    """The records of a CSV log, or (``as_records=False``) their field values."""
    name = str(path)
    try:
        with Path(path).open(encoding=encoding, newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
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
            out: list[Any] = []
            append = out.append
            quick = _QuickReader()
            for line, cells in enumerate(reader, start=2):
                if not "".join(cells).strip():  # every cell blank
                    continue
                if len(cells) != len(cols):
                    raise DataFileError(
                        name,
                        f"has {len(cells)} cells, the header has {len(cols)}",
                        key=f"row {line}",
                    )
                data = quick.cell_data(cols, cells)
                values = None if data is None else quick.values(data)
                if data is None or values is None:
                    rec = _record_from_cells(name, line, cols, cells)
                    append(rec if as_records else rec.__dict__)
                else:
                    append(_wrap(values, set(data)) if as_records else values)
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(name, f"cannot read the CSV file: {e}") from None
    return out


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


# --- validation without pydantic, for plain values ---------------------------------------------
# A national log has millions of rows; pydantic validation of each would dominate the cost.
# _QuickReader accepts only exact built-in types in plainly valid shapes and gives the very field
# values DossierRecord.model_validate would give (by the same converters). Anything else, valid
# or not, gives None and the caller validates that row the reference way, so every error keeps
# its message and location.

_FIELDS = frozenset(DossierRecord.model_fields)
_REQUIRED_FIELDS = frozenset(
    name for name, field in DossierRecord.model_fields.items() if field.is_required()
)
_BLANK_REFUSED = frozenset(_REQUIRED) - {"returned_at"}
_ISO_COLUMNS = frozenset({"received_at", "returned_at", "extended_to"})
#: time limits up to this many working days take the quick path (larger ones are validated)
_QUICK_MAX_DAYS = 100_000
_set = object.__setattr__


def _wrap(values: dict[str, Any], fields_set: set[str]) -> DossierRecord:
    """The record of checked field values (every field, in declaration order), unvalidated."""
    rec = DossierRecord.__new__(DossierRecord)
    _set(rec, "__dict__", values)
    _set(rec, "__pydantic_fields_set__", fields_set)
    _set(rec, "__pydantic_extra__", None)
    _set(rec, "__pydantic_private__", None)
    return rec


class _QuickReader:
    """Checks plainly valid rows without pydantic, or says it cannot (None).

    Parsed strings are cached per reader: a log repeats the same days and times many times.
    """

    __slots__ = ("_days", "_moments")

    def __init__(self) -> None:
        self._days: dict[str, dt.date] = {}
        self._moments: dict[str, dt.datetime] = {}

    def cell_data(self, cols: Sequence[str], cells: Sequence[str]) -> dict[str, Any] | None:
        """What :func:`_record_from_cells` would validate for a CSV row, or None."""
        data: dict[str, Any] = {}
        try:
            for col, raw in zip(cols, cells, strict=True):
                cell = raw.strip()
                if not cell:
                    if col in _BLANK_REFUSED:
                        return None
                elif col in _ISO_COLUMNS:
                    # _check_iso is implied: the date converters accept a subset of what
                    # datetime.fromisoformat accepts, except a "/" it takes as a separator
                    if "/" in cell:
                        return None
                    data[col] = cell
                else:
                    data[col] = _cell(col, cell)
        except Exception:  # the reference path reports it
            return None
        return data

    def values(self, data: dict[str, Any]) -> dict[str, Any] | None:
        """The field values ``DossierRecord.model_validate(data)`` has, or None."""
        if not _REQUIRED_FIELDS <= data.keys() <= _FIELDS:
            return None
        try:
            return self._values(data)
        except Exception:  # any doubt at all: pydantic decides and reports
            return None

    def _values(self, data: dict[str, Any]) -> dict[str, Any] | None:
        get = data.get
        rid, procedure, unit = data["id"], data["procedure"], get("unit")
        if type(rid) is not str or not rid or type(procedure) is not str or not procedure:
            return None
        if unit is not None and type(unit) is not str:
            return None
        raw = data["received_at"]
        cutoff = get("cutoff")
        if cutoff is not None:
            if type(raw) is dt.date or (type(raw) is str and "T" not in raw and " " not in raw):
                return None  # a cut-off needs a receipt time: the model refuses it
            if type(cutoff) is str:
                cutoff = _clock(cutoff)
            if type(cutoff) is not dt.time:
                return None
        if type(raw) is str:
            received = self._moments.get(raw)
            if received is None:
                received = self._moments[raw] = _moment(raw)
        elif type(raw) is dt.datetime or type(raw) is dt.date:
            received = _moment(raw)
        else:
            return None
        n = data["working_days"]
        if type(received) is not dt.datetime or type(n) is not int or not 0 <= n <= _QUICK_MAX_DAYS:
            return None
        pauses = get("pauses", ())
        if type(pauses) is not list and type(pauses) is not tuple:
            return None
        resume = get("resume_after_pause", False)
        slip = get("apology_slip_issued", False)
        if type(resume) is not bool or type(slip) is not bool:
            return None
        returned = self._day(get("returned_at"))
        if returned is not None and returned < received.date():
            return None
        return {
            "id": rid,
            "procedure": procedure,
            "unit": unit,
            "received_at": received,
            "working_days": n,
            "cutoff": cutoff,
            "pauses": tuple(_quick_pause(p) for p in pauses) if pauses else (),
            "resume_after_pause": resume,
            "returned_at": returned,
            "apology_slip_issued": slip,
            "extended_to": self._day(get("extended_to")),
        }

    def _day(self, value: Any) -> dt.date | None:
        if value is None:
            return None
        if type(value) is str:
            day = self._days.get(value)
            if day is None:
                day = self._days[value] = _day(value)
        elif type(value) is dt.date or type(value) is dt.datetime:
            day = _day(value)
        else:
            raise TypeError(value)
        if type(day) is not dt.date:
            raise TypeError(day)
        return day


def _quick_pause(value: Any) -> DossierPause:
    if type(value) is DossierPause:
        return value
    if type(value) is not dict:
        raise TypeError(value)
    return DossierPause.model_validate(value)
