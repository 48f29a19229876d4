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
        cal = _calendar(calendar)
        try:
            return compute_deadline(
                cal,
                self.received_at,
                self.working_days,
                cutoff=self.cutoff,
                pauses=[p.to_pause() for p in self.pauses],
                resume_after_pause=self.resume_after_pause,
                extended_to=self.extended_to,
            )
        except DeadlineError as e:
            raise DeadlineError(f"dossier {self.id}: {e}") from None


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

    Due dates of dossiers without cut-off or pauses are computed once per distinct
    (receipt day, time limit, extension) and shared, so a national-size log costs a few
    thousand calendar look-ups; the others go through the full deadline computation.

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
    cal = _calendar(calendar)
    as_of_day = None if as_of is None else as_date(as_of, field="as_of")
    simple_due = _memo_due(cal)
    seen: set[str] = set()
    results: list[DossierResult] = []
    for rec in records:
        if rec.id in seen:
            raise InvalidInputError("dossier log", [(f"id {rec.id}", "appears more than once")])
        seen.add(rec.id)
        if rec.simple:
            original = simple_due(rec.received_at.date(), rec.working_days)
            if rec.extended_to is not None and rec.extended_to <= original:
                raise DeadlineError(
                    f"dossier {rec.id}: extended_to {rec.extended_to.isoformat()} is not later "
                    f"than the due date {original.isoformat()}; an apology slip must set a later "
                    "return date"
                )
            extended = rec.extended_to or original
        else:
            d = rec.deadline(cal)
            original, extended = d.original_due_date, d.due_date
        due = original if against_original else extended
        results.append(_judge(rec, due, original, as_of_day))
    return TimelinessReport(tuple(results), as_of_day, against_original)


def _judge(
    rec: DossierRecord, due: dt.date, original: dt.date, as_of: dt.date | None
) -> DossierResult:
    status: Status
    if rec.returned_at is not None:
        r = rec.returned_at
        status = "early" if r < due else "on_time" if r == due else "late"
        late_vs_original = r > original
    else:
        if as_of is None:
            raise InvalidInputError(
                "dossier log",
                [
                    (
                        f"id {rec.id}",
                        "has no returned_at; pass as_of= (the day the log was taken) to judge "
                        "unreturned dossiers",
                    )
                ],
            )
        status = "overdue" if as_of > due else "pending"
        late_vs_original = as_of > original
    return DossierResult(
        id=rec.id,
        procedure=rec.procedure,
        unit=rec.unit,
        due_date=due,
        original_due_date=original,
        returned_at=rec.returned_at,
        status=status,
        apology_required=rec.extended_to is not None or late_vs_original,
        apology_recorded=rec.apology_slip_issued,
    )


def _memo_due(cal: WorkingDays) -> Callable[[dt.date, int], dt.date]:
    cache: dict[tuple[dt.date, int], dt.date] = {}
    start_of: dict[dt.date, dt.date] = {}

    def due(received: dt.date, n: int) -> dt.date:
        key = (received, n)
        hit = cache.get(key)
        if hit is None:
            # same rule as compute_deadline: a non-working receipt day moves to the next
            # working day, then n working days are added after it
            start = start_of.get(received)
            if start is None:
                start = (
                    received if cal.is_working_day(received) else cal.add_working_days(received, 0)
                )
                start_of[received] = start
            hit = cache[key] = cal.add_working_days(start, n)
        return hit

    return due


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
    for i, row in enumerate(rows):
        try:
            out.append(DossierRecord.model_validate(dict(row)))
        except InvalidInputError as e:
            raise InvalidInputError(
                f"dossier record {i}", [(f"[{i}].{loc}", msg) for loc, msg in e.problems]
            ) from None
    return out


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
