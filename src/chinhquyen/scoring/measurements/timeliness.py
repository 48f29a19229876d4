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

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import attrs
import pydantic

from chinhquyen.calendar.deadlines import Deadline, Pause, Timeliness, WorkingDays
from chinhquyen.errors import InvalidInputError
from chinhquyen.model import Model
from chinhquyen.scoring.answers import CoverageValue, RatioValue
from chinhquyen.scoring.measurements._dossier_deadline import calendar_or_national, full_deadline
from chinhquyen.scoring.measurements._dossier_values import as_clock, as_day, as_moment
from chinhquyen.scoring.measurements._gc import gc_paused
from chinhquyen.scoring.measurements._rates import as_tuple, percent, rate

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


# --- reading and measuring ----------------------------------------------------------------------
# The work is done in private modules, one concern each:
#   _dossier_values    date and time converters of the record fields (used by the models above)
#   _dossier_deadline  due dates: the full computation, and due dates shared between dossiers
#   _dossier_log       reading a log row by row (the reference reader)
#   _dossier_columns   reading a log into one list per field (the columnar reader)
#   _dossier_measure   measuring dossier by dossier (the reference measurement)
#   _dossier_batch     measuring the columns all at once (the columnar path)
#   _gc                pausing the garbage collector while a log is read or measured
# _dossier_log, _columns, _measure and _batch build on the models above, so the functions below
# import them when called.


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
    from chinhquyen.scoring.measurements._dossier_batch import measure_columns
    from chinhquyen.scoring.measurements._dossier_columns import materialize, record_columns
    from chinhquyen.scoring.measurements._dossier_measure import measure

    with gc_paused():
        items, error = materialize(records)
        try:
            cols = None if error else record_columns(items)
        except Exception:  # not plain records: the dossier-by-dossier path decides
            cols = None
        if cols is None:
            report = measure((rec.__dict__ for rec in items), calendar, as_of, against_original)
            if error is not None:
                raise error
            return report
        # records may hold receipts in any time zone (model_construct): checked per row
        return measure_columns(cols, calendar, as_of, against_original, local=False)


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
    from chinhquyen.scoring.measurements._dossier_batch import measure_columns
    from chinhquyen.scoring.measurements._dossier_columns import dict_log

    with gc_paused():
        cols, _ = dict_log(rows)
        return measure_columns(cols, calendar, as_of, against_original)


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
    from chinhquyen.scoring.measurements._dossier_batch import measure_columns
    from chinhquyen.scoring.measurements._dossier_columns import csv_log

    with gc_paused():
        cols, _ = csv_log(path, encoding, fields_sets=False)
        return measure_columns(cols, calendar, as_of, against_original)


def read_dossier_records(rows: Iterable[Mapping[str, Any]]) -> list[DossierRecord]:
    """Validate dossier records given as dicts (values as Python objects or ISO strings).

    Raises:
        InvalidInputError: naming the record's position and field.
    """
    from chinhquyen.scoring.measurements._dossier_columns import FIELD_ORDER, dict_log, wrap

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
    from chinhquyen.scoring.measurements._dossier_columns import FIELD_ORDER, csv_log, wrap

    with gc_paused():
        cols, given = csv_log(path, encoding, fields_sets=True)
        return [
            rec
            if type(rec) is DossierRecord
            else wrap(dict(zip(FIELD_ORDER, vals, strict=True)), rec)
            for rec, vals in zip(given, zip(*cols.values(), strict=True), strict=True)
        ]
