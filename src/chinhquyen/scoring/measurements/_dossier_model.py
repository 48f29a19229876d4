"""The dossier log's models: a dossier, its pauses, its measured result and the log's report.

[`timeliness`][chinhquyen.scoring.measurements.timeliness] reads and measures logs with them;
they are documented and exported there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal, Self

import attrs
import pydantic

from chinhquyen.calendar.deadlines import Deadline, Pause, Timeliness, WorkingDays
from chinhquyen.errors import InvalidInputError
from chinhquyen.model import Model
from chinhquyen.scoring.answers import CoverageValue, RatioValue
from chinhquyen.scoring.fields import as_tuple
from chinhquyen.scoring.measurements._dossier_deadline import calendar_or_national, full_deadline
from chinhquyen.scoring.measurements._dossier_values import as_clock, as_day, as_moment
from chinhquyen.scoring.measurements._rates import percent, rate

__all__ = [
    "DossierPause",
    "DossierRecord",
    "DossierResult",
    "DossierStatus",
    "TimelinessReport",
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
        """Return the calendar's [`Pause`][chinhquyen.calendar.deadlines.Pause]."""
        return Pause(self.requested_on, self.completed_on)


class DossierRecord(Model):
    """One dossier of the log.

    Attributes:
        id: the dossier's number (mã hồ sơ), unique in the log.
        procedure: the administrative procedure (tên hoặc mã thủ tục).
        unit: the commune that received it, for logs covering several.
        received_at: when it was received, in Asia/Ho_Chi_Minh (naive = local wall-clock; a plain
            date means the start of that day and is refused together with a `cutoff`).
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


#: A dossier's timeliness: returned `early`, `on_time` or `late`; unreturned and past due
#: (`overdue`) or not yet due (`pending`) on the day the log was taken.
DossierStatus = Literal["early", "on_time", "late", "overdue", "pending"]


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
        status: `early`, `on_time`, `late` (returned late), `overdue` (unreturned and
            past due on `as_of`) or `pending` (unreturned, not yet due).
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
    status: DossierStatus
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
        """Dossiers unreturned and past their due date on `as_of` (late while in progress)."""
        return self._count("overdue")

    @property
    def pending(self) -> int:
        """Dossiers unreturned and not yet due on `as_of`."""
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
        """Return a rate as a percentage rounded half-up to `places` decimals.

        Args:
            which: `early`, `on_time`, `late` (late and overdue) or `timely` (early and on time).
            places: decimals to keep, 0 or more.

        Raises:
            InvalidInputError: for another `which`, or `places` not a whole number from 0 up.
        """
        rates = {
            "early": self.early_rate,
            "on_time": self.on_time_rate,
            "late": self.late_rate,
            "timely": self.timely_rate,
        }
        if which not in rates:
            raise InvalidInputError(
                "TimelinessReport.percent",
                [("which", f"{which!r}; use one of {', '.join(map(repr, rates))}")],
            )
        return percent(rates[which], places, "TimelinessReport.percent")

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
        """Return the `ratio` answer value: dossiers early or on time over dossiers counted.

        Args:
            pending: `"exclude"` leaves unreturned dossiers not yet due out of both counts;
                `"on_time"` counts them as on time (QĐ 766 portal practice).
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
        """Return the `coverage` answer value: slips recorded over slips required."""
        return CoverageValue(answered=self.apologies_recorded, required=self.apologies_required)
