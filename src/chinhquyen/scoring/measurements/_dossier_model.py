"""The dossier log's models: a dossier, its pauses, its measured result and the log's report.

[`timeliness`][chinhquyen.scoring.measurements.timeliness] reads and measures logs with them;
they are documented and exported there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

import attrs
import numpy as np
import pydantic

from chinhquyen.calendar.deadlines import Deadline, Pause, Timeliness, WorkingDays
from chinhquyen.errors import ChinhQuyenError, InvalidInputError
from chinhquyen.extras import require
from chinhquyen.model import Model
from chinhquyen.scoring.answers import CoverageValue, RatioValue
from chinhquyen.scoring.fields import as_tuple
from chinhquyen.scoring.measurements._dossier_deadline import calendar_or_national, full_deadline
from chinhquyen.scoring.measurements._dossier_values import as_clock, as_day, as_moment
from chinhquyen.scoring.measurements._rates import percent, rate

if TYPE_CHECKING:
    from numpy.typing import NDArray

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
        return full_deadline(
            calendar_or_national(calendar),
            self.id,
            self.received_at,
            self.working_days,
            cutoff=self.cutoff,
            pauses=[(p.requested_on, p.completed_on) for p in self.pauses],
            resume_after_pause=self.resume_after_pause,
            extended_to=self.extended_to,
        )


#: A dossier's timeliness: returned `early`, `on_time` or `late`; unreturned and past due
#: (`overdue`) or not yet due (`pending`) on the day the log was taken.
DossierStatus = Literal["early", "on_time", "late", "overdue", "pending"]

#: The statuses in the order of their codes in result columns (`0` is `early`).
STATUSES: tuple[DossierStatus, ...] = ("early", "on_time", "late", "overdue", "pending")


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
        provisional: whether the due date was counted across a provisional day of the
            calendar (a year without an official schedule, or a rule not confirmed as law), so
            that a later official schedule may move it.
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
    provisional: bool = False

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
class DossierCounts:
    """How many dossiers of a log (or of one commune) had each timeliness, and their slips.

    Attributes:
        early: returned before the due date.
        on_time: returned on the due date.
        late: returned after it.
        overdue: unreturned and past due on the report's `as_of`.
        pending: unreturned and not yet due.
        apologies_required: dossiers that required an apology slip.
        apologies_recorded: of those, dossiers with a slip recorded.
        apologies_unneeded: dossiers with a slip recorded although none was required.
        provisional: dossiers whose due date was counted across a provisional day.
    """

    early: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    apologies_required: int = 0
    apologies_recorded: int = 0
    apologies_unneeded: int = 0
    provisional: int = 0

    @property
    def total(self) -> int:
        """All dossiers counted."""
        return self.early + self.on_time + self.late + self.overdue + self.pending

    def __add__(self, other: DossierCounts) -> DossierCounts:
        """The counts of both (e.g. two parts of one log)."""
        pairs = zip(attrs.astuple(self), attrs.astuple(other), strict=True)
        return DossierCounts(*(a + b for a, b in pairs))


@attrs.frozen(slots=True, eq=False)
class ResultColumns:
    """Per-dossier results of (part of) a log as columns, one entry per dossier, in log order.

    Attributes:
        ids: the dossiers' ids (a list, or an Arrow string array).
        procedures: their procedures (as `ids`).
        units: their communes, `None` where not given (as `ids`).
        due_dates: `datetime64[D]`: the dates judged against.
        original_due_dates: `datetime64[D]`: the due dates before any apology slip.
        returned_at: `datetime64[D]`, `NaT` where not returned.
        status: `int8` codes, indexes into [`STATUSES`][].
        apology_required: `bool`.
        apology_recorded: `bool`.
        provisional: `bool`.
        rows: `int64` rows of the dossiers in what was read (see
            [`Rejection.row`][chinhquyen.scoring.measurements.Rejection]), or
            `None` for their positions.
    """

    ids: Sequence[Any]
    procedures: Sequence[Any]
    units: Sequence[Any]
    due_dates: NDArray[np.datetime64]
    original_due_dates: NDArray[np.datetime64]
    returned_at: NDArray[np.datetime64]
    status: NDArray[np.int8]
    apology_required: NDArray[np.bool_]
    apology_recorded: NDArray[np.bool_]
    provisional: NDArray[np.bool_]
    rows: NDArray[np.int64] | None = None

    def __len__(self) -> int:
        """The number of dossiers."""
        return len(self.status)

    def select(self, positions: NDArray[np.intp]) -> ResultColumns:
        """The results at `positions`, in that order."""
        index = positions.tolist()
        return ResultColumns(
            *(_take(column, positions, index) for column in attrs.astuple(self, recurse=False))
        )

    def results(self) -> Iterator[DossierResult]:
        """One [`DossierResult`][] per dossier."""
        returned = self.returned_at.astype(object).tolist()  # NaT becomes None
        return map(
            DossierResult,
            _as_list(self.ids),
            _as_list(self.procedures),
            _as_list(self.units),
            self.due_dates.astype(object).tolist(),
            self.original_due_dates.astype(object).tolist(),
            returned,
            map(STATUSES.__getitem__, self.status.tolist()),
            self.apology_required.tolist(),
            self.apology_recorded.tolist(),
            self.provisional.tolist(),
        )


def _of_unit(ids: Sequence[Any], units: Sequence[Any], unit: str) -> tuple[list[Any], list[Any]]:
    """The ids (and communes) of one commune."""
    kept = [rid for rid, u in zip(_as_list(ids), _as_list(units), strict=True) if u == unit]
    return kept, [unit] * len(kept)


def _as_list(values: Sequence[Any]) -> list[Any]:
    return values if isinstance(values, list) else values.to_pylist()  # type: ignore[attr-defined]


def _take(column: Any, positions: NDArray[np.intp], index: list[int]) -> Any:
    if column is None:
        return None
    if isinstance(column, np.ndarray):
        return column[positions]
    if isinstance(column, list):
        return [column[i] for i in index]
    return column.take(positions)  # an Arrow array


@attrs.frozen(slots=True)
class Rejection:
    """A dossier (a row of the log) left out of a measurement, and why.

    Attributes:
        row: where it is: the row number in the file (the header is row 1), or the position
            of the record in what was given (from 0).
        column: the column or field at fault, if one is.
        message: what is wrong and what would be valid.
        error: the error that would have been raised.
    """

    row: int
    column: str | None
    message: str
    error: ChinhQuyenError = attrs.field(eq=False, repr=False)


@attrs.frozen(slots=True, eq=False)
class TimelinessReport:
    """Counts and rates of a dossier log's timeliness.

    Attributes:
        as_of: the day unreturned dossiers were judged on, if given.
        against_original: whether lateness was judged against the original due date.
        by_unit: the counts of each commune's dossiers (`None`: dossiers without a unit).
        missing: the dossiers that required an apology slip and have none, in log order, as
            chunks of (ids, communes) columns (lists or Arrow arrays; see
            [`missing_apologies`][chinhquyen.scoring.measurements.TimelinessReport.missing_apologies]).
        parts: the per-dossier results as columns, in log order, when they were kept (see
            [`results`][chinhquyen.scoring.measurements.TimelinessReport.results]).
        rejected: dossiers left out because they could not be measured, when the caller asked
            for them to be collected rather than raised: each once, in log order, with its first
            problem (the one `errors="raise"` would raise for it).
    """

    as_of: dt.date | None
    against_original: bool
    by_unit: Mapping[str | None, DossierCounts]
    missing: tuple[tuple[Sequence[Any], Sequence[Any]], ...] = ()
    parts: tuple[ResultColumns, ...] | None = ()
    rejected: tuple[Rejection, ...] = ()
    _results: list[tuple[DossierResult, ...]] = attrs.field(init=False, factory=list, repr=False)

    @property
    def counts(self) -> DossierCounts:
        """The counts of all dossiers."""
        return sum(self.by_unit.values(), DossierCounts())

    @property
    def results(self) -> tuple[DossierResult, ...]:
        """One result per dossier, in log order (built on first use).

        Raises:
            InvalidInputError: when the report was measured without keeping the results.
        """
        if not self._results:
            if self.parts is None:
                raise InvalidInputError(
                    "TimelinessReport.results",
                    [("results", "were not kept; measure again with results=True")],
                )
            self._results.append(tuple(r for part in self.parts for r in part.results()))
        return self._results[0]

    @property
    def total(self) -> int:
        """All dossiers in the log."""
        return self.counts.total

    @property
    def early(self) -> int:
        """Dossiers returned before their due date (trước hạn)."""
        return self.counts.early

    @property
    def on_time(self) -> int:
        """Dossiers returned on their due date (đúng hạn)."""
        return self.counts.on_time

    @property
    def late(self) -> int:
        """Dossiers returned after their due date (quá hạn, returned)."""
        return self.counts.late

    @property
    def overdue(self) -> int:
        """Dossiers unreturned and past their due date on `as_of` (late while in progress)."""
        return self.counts.overdue

    @property
    def pending(self) -> int:
        """Dossiers unreturned and not yet due on `as_of`."""
        return self.counts.pending

    @property
    def decided(self) -> int:
        """Dossiers whose outcome is known: returned, or overdue (the rates' denominator)."""
        return self.total - self.pending

    @property
    def provisional(self) -> int:
        """Dossiers whose due date was counted across a provisional day of the calendar.

        When it is not 0, the counts may change once the official schedule of the year is
        published (see `WorkingCalendar.is_provisional`).
        """
        return self.counts.provisional

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
        return self.counts.apologies_required

    @property
    def apologies_recorded(self) -> int:
        """Dossiers that required an apology slip and have one recorded."""
        return self.counts.apologies_recorded

    @property
    def apologies_unneeded(self) -> int:
        """Dossiers with a slip recorded although none was required (check the log)."""
        return self.counts.apologies_unneeded

    def missing_apologies(self) -> list[str]:
        """Ids of the dossiers that required an apology slip and have none recorded."""
        return [rid for ids, _ in self.missing for rid in _as_list(ids)]

    def for_unit(self, unit: str) -> TimelinessReport:
        """Return the report restricted to one commune's dossiers."""
        parts = None
        if self.parts is not None:
            parts = tuple(
                part.select(np.flatnonzero([u == unit for u in _as_list(part.units)]))
                for part in self.parts
            )
        return TimelinessReport(
            self.as_of,
            self.against_original,
            {unit: self.by_unit[unit]} if unit in self.by_unit else {},
            tuple(_of_unit(ids, units, unit) for ids, units in self.missing),
            parts,
            (),
        )

    def units(self) -> list[str]:
        """Return the communes named in the log, sorted."""
        return sorted(u for u in self.by_unit if u is not None)

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

    def summary(self) -> dict[str, Any]:
        """Return the counts as JSON-ready values, the provisional count included.

        Keys: `as_of` (ISO date or `None`), `against_original`, `total`, `early`, `on_time`,
        `late`, `overdue`, `pending`, `decided`, `apologies_required`, `apologies_recorded`,
        `apologies_unneeded`, `provisional` (dossiers counted across a provisional day),
        `rejected` (dossiers left out), and `units`: the same counts per commune.
        """

        def counts(c: DossierCounts) -> dict[str, int]:
            return {"total": c.total, **attrs.asdict(c)}

        out: dict[str, Any] = {
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "against_original": self.against_original,
            **counts(self.counts),
            "decided": self.decided,
            "rejected": len(self.rejected),
            "units": {u: counts(self.by_unit[u]) for u in self.units()},
        }
        return out

    def to_arrow(self) -> Any:
        """Return the per-dossier results as a `pyarrow.Table` (the `arrow` extra).

        Columns: `row` (where the dossier was read, see
        [`Rejection.row`][chinhquyen.scoring.measurements.Rejection]), `id`,
        `procedure`, `unit`, `due_date`, `original_due_date`, `returned_at` (dates, null where
        not returned), `status` (text), `apology_required`, `apology_recorded`, `provisional`.

        Raises:
            InvalidInputError: when the report was measured without keeping the results.
            MissingExtraError: when pyarrow is not installed.
        """
        if self.parts is None:
            raise InvalidInputError(
                "TimelinessReport.to_arrow",
                [("results", "were not kept; measure again with results=True")],
            )
        pa = require("pyarrow", "arrow", "TimelinessReport.to_arrow()")
        batches, start = [], 0
        for part in self.parts:
            batches.append(_record_batch(pa, part, start))
            start += len(part)
        return pa.Table.from_batches(batches, schema=_schema(pa))


def _schema(pa: Any) -> Any:
    return pa.schema(
        [
            ("row", pa.int64()),
            ("id", pa.string()),
            ("procedure", pa.string()),
            ("unit", pa.string()),
            ("due_date", pa.date32()),
            ("original_due_date", pa.date32()),
            ("returned_at", pa.date32()),
            ("status", pa.string()),
            ("apology_required", pa.bool_()),
            ("apology_recorded", pa.bool_()),
            ("provisional", pa.bool_()),
        ]
    )


def _record_batch(pa: Any, part: ResultColumns, start: int) -> Any:
    def strings(values: Sequence[Any]) -> Any:
        return values if isinstance(values, pa.Array) else pa.array(values, pa.string())

    def days(values: NDArray[np.datetime64]) -> Any:
        return pa.array(values.astype("datetime64[D]"), pa.date32())  # NaT becomes null

    labels = pa.array(STATUSES, pa.string())
    rows = np.arange(start, start + len(part)) if part.rows is None else part.rows
    return pa.RecordBatch.from_arrays(
        [
            pa.array(rows, pa.int64()),
            strings(part.ids).cast(pa.string()),
            strings(part.procedures).cast(pa.string()),
            strings(part.units).cast(pa.string()),
            days(part.due_dates),
            days(part.original_due_dates),
            days(part.returned_at),
            labels.take(pa.array(part.status)),
            pa.array(part.apology_required),
            pa.array(part.apology_recorded),
            pa.array(part.provisional),
        ],
        schema=_schema(pa),
    )
