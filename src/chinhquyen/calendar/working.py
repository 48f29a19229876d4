"""The working-day calendar of Vietnam's state agencies, as a precomputed table.

Every question is an index lookup into arrays built once per calendar over 1900-01-01 ..
2199-12-31: a working flag per day, the running count of working days (prefix sums), and the
day index of each working day by its ordinal. Scalar calls use Python ``array`` objects (no numpy);
the ``*_many`` batch calls use numpy views of the same data, imported on first batch use.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from array import array
from collections.abc import Iterable, Sequence
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from chinhquyen.calendar.dates import DateLike, DateTimeLike, as_date
from chinhquyen.calendar.holidays import (
    CULTURE_DAY_FIRST_YEAR,
    Holiday,
    HolidayKind,
    compensatory_days,
    culture_day,
    provisional_holidays,
)
from chinhquyen.calendar.schedules import official_schedules
from chinhquyen.errors import DateOutOfRangeError, DateParseError, InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from chinhquyen.calendar.deadlines import Deadline, Pause

__all__ = ["FIRST_DATE", "LAST_DATE", "WorkingCalendar"]

#: First day the calendar answers for.
FIRST_DATE = dt.date(1900, 1, 1)
#: Last day the calendar answers for (the end of the lunar calendar's range).
LAST_DATE = dt.date(2199, 12, 31)

_ORIGIN = FIRST_DATE.toordinal()
_SIZE = LAST_DATE.toordinal() - _ORIGIN + 1
#: numpy ``datetime64[D]`` value (days since 1970-01-01) of FIRST_DATE.
_EPOCH = (FIRST_DATE - dt.date(1970, 1, 1)).days
_RANGE = f"{FIRST_DATE.isoformat()} .. {LAST_DATE.isoformat()}"
_DATE = dt.date
_fromordinal = dt.date.fromordinal


@cache
def _national_days(include_culture_day: bool) -> tuple[Mapping[dt.date, Holiday], frozenset[int]]:
    """Every national entry by date, and the years that have an official schedule."""
    schedules = official_schedules()
    days: dict[dt.date, Holiday] = {}
    for sched in schedules.values():
        for h in sched.days:
            days[h.date] = h
    for year in range(FIRST_DATE.year, LAST_DATE.year + 1):
        if year in schedules:
            continue
        for h in provisional_holidays(year, include_culture_day=include_culture_day):
            # An official entry wins over a rule-made one on the same date (adjacent-year days).
            if FIRST_DATE <= h.date <= LAST_DATE:
                days.setdefault(h.date, h)
    if include_culture_day:
        # Official years from 2026 do not list 24/11 (unconfirmed): add it, provisional.
        for year in schedules:
            if year >= CULTURE_DAY_FIRST_YEAR:
                cd = culture_day(year)
                days.setdefault(cd.date, cd)
                for bu in compensatory_days([cd]):
                    days.setdefault(bu.date, bu)
    return MappingProxyType(days), frozenset(schedules)


class _Table:
    """The lazily built lookup arrays of one calendar (mutable cache inside a frozen object)."""

    __slots__ = ("by_year", "days", "flags", "np", "official", "prefix", "ready", "work")

    def __init__(self) -> None:
        self.ready = False
        self.flags = bytearray()
        self.prefix = array("i")
        self.work = array("i")
        self.days: Mapping[dt.date, Holiday] = MappingProxyType({})
        self.by_year: dict[int, list[Holiday]] = {}
        self.official: frozenset[int] = frozenset()
        self.np: tuple[Any, ...] | None = None


def _check_weekend(_: object, __: object, value: frozenset[int]) -> None:
    if not isinstance(value, frozenset) or not all(type(v) is int and 0 <= v <= 6 for v in value):
        raise InvalidInputError(
            "WorkingCalendar",
            [("weekend", f"expected weekday numbers 0 (Monday) .. 6 (Sunday), got {value!r}")],
        )
    if len(value) == 7:
        raise InvalidInputError(
            "WorkingCalendar", [("weekend", "all seven days are rest days; leave at least one")]
        )


def _check_local(_: object, __: object, value: tuple[Holiday, ...]) -> None:
    local = (HolidayKind.LOCAL_DAY_OFF, HolidayKind.LOCAL_WORKING_DAY)
    if not isinstance(value, tuple) or not all(
        isinstance(h, Holiday) and h.kind in local for h in value
    ):
        raise InvalidInputError(
            "WorkingCalendar",
            [
                (
                    "local_days",
                    "expected a tuple of local Holiday entries; use with_days_off / "
                    "with_working_days to add them",
                )
            ],
        )


def _as_int(value: object, field: str) -> int:
    if isinstance(value, bool):
        raise InvalidInputError("WorkingCalendar", [(field, "expected an integer, got a bool")])
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidInputError(
            "WorkingCalendar",
            [(field, f"expected an integer number of days, got {type(value).__name__}")],
        ) from None


def _out_of_range(d: dt.date | int, what: str) -> DateOutOfRangeError:
    shown = d.isoformat() if isinstance(d, dt.date) else str(d)
    return DateOutOfRangeError(
        f"{what}: {shown} is outside the calendar's range {_RANGE}; "
        "give a date inside it (years 1900-2199)"
    )


@attrs.frozen(slots=True)
class WorkingCalendar:
    """Working days of Vietnam's state agencies (cơ quan hành chính nhà nước).

    ``WorkingCalendar.national()`` is Monday-Friday minus statutory holidays, compensatory days
    (nghỉ bù) and swapped days, plus make-up Saturdays, from the official yearly schedules
    (2010-2026 shipped); other years are computed from the Labor Code and are *provisional*
    (see :meth:`is_provisional`). Local variants are built by composition (``with_*`` methods);
    every calendar is immutable and hashable.

    Semantics: ``add_working_days(d, n)`` is the n-th working day strictly after
    ``d`` for n > 0, mirrored for n < 0, and ``d`` or the next working day for n = 0;
    ``count_working_days(a, b)`` counts working days in ``[a, b)`` and is ``-count(b, a)``
    when ``a > b``. Dates are ``datetime.date`` (pendulum ``Date`` included), ISO strings or
    datetimes (their Asia/Ho_Chi_Minh day); anything outside 1900-01-01 .. 2199-12-31, input or
    answer, raises :class:`~chinhquyen.errors.DateOutOfRangeError`.

    Attributes:
        weekend: weekly rest days as ``date.weekday()`` numbers (default Saturday, Sunday:
            QĐ 188/1999/QĐ-TTg). Holidays, nghỉ bù and swaps stay those of the national schedule.
        include_culture_day: count 24/11 "Ngày Văn hóa Việt Nam" as a holiday from 2026. Off by
            default: the amendment of Art. 112(1) could not be confirmed as enacted; when on, the
            day and its effects are marked provisional.
        saturday_reception: the one-stop desk receives dossiers on Saturday mornings (see
            :meth:`with_saturday_reception`). It does not make Saturday a working day.
        local_days: days off / working days decided locally, by date.
    """

    weekend: frozenset[int] = attrs.field(default=frozenset({5, 6}), validator=_check_weekend)
    include_culture_day: bool = attrs.field(
        default=False, validator=attrs.validators.instance_of(bool)
    )
    saturday_reception: bool = attrs.field(
        default=False, validator=attrs.validators.instance_of(bool)
    )
    local_days: tuple[Holiday, ...] = attrs.field(default=(), validator=_check_local)
    _table: _Table = attrs.field(init=False, factory=_Table, eq=False, repr=False, hash=False)

    # --- construction ---------------------------------------------------------------------

    @classmethod
    def national(cls, *, include_culture_day: bool = False) -> WorkingCalendar:
        """Return the national state-agency calendar (shared instance, table built once).

        Args:
            include_culture_day: also treat 24/11 as a holiday from 2026 (unconfirmed law;
                the affected days are reported provisional). Defaults to off.
        """
        if not isinstance(include_culture_day, bool):
            raise InvalidInputError(
                "WorkingCalendar.national", [("include_culture_day", "expected True or False")]
            )
        return _national(include_culture_day)

    def _with_local(
        self,
        dates: Iterable[DateLike],
        kind: HolidayKind,
        reason: str,
        reason_en: str | None,
        what: str,
    ) -> WorkingCalendar:
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidInputError(
                what, [("reason", "give a non-empty reason (e.g. the decision)")]
            )
        if isinstance(dates, (str, dt.date)):
            raise InvalidInputError(what, [("dates", "expected a collection of dates, not one")])
        merged = {h.date: h for h in self.local_days}
        for n, value in enumerate(dates):
            d = as_date(value, field=f"dates[{n}]")
            if not FIRST_DATE <= d <= LAST_DATE:
                raise _out_of_range(d, f"{what}: dates[{n}]")
            merged[d] = Holiday(
                date=d,
                name=reason,
                name_en=reason_en or reason,
                kind=kind,
                source=reason,
                provisional=False,
            )
        return attrs.evolve(self, local_days=tuple(sorted(merged.values(), key=lambda h: h.date)))

    def with_days_off(
        self, dates: Iterable[DateLike], reason: str, *, reason_en: str | None = None
    ) -> WorkingCalendar:
        """Return a calendar where ``dates`` are days off (a locality's own decision).

        Args:
            dates: the days (any accepted date form).
            reason: why, in Vietnamese, ideally naming the decision (kept as the day's source).
            reason_en: the English reason, if different.

        A later local decision on the same date replaces an earlier one.
        """
        return self._with_local(
            dates, HolidayKind.LOCAL_DAY_OFF, reason, reason_en, "WorkingCalendar.with_days_off"
        )

    def with_working_days(
        self, dates: Iterable[DateLike], reason: str, *, reason_en: str | None = None
    ) -> WorkingCalendar:
        """Return a calendar where ``dates`` are working days (e.g. a local make-up day).

        Args:
            dates: the days (any accepted date form).
            reason: why, in Vietnamese, ideally naming the decision.
            reason_en: the English reason, if different.
        """
        return self._with_local(
            dates,
            HolidayKind.LOCAL_WORKING_DAY,
            reason,
            reason_en,
            "WorkingCalendar.with_working_days",
        )

    def with_weekend(self, days: Iterable[int]) -> WorkingCalendar:
        """Return a calendar whose weekly rest days are ``days`` (0 = Monday .. 6 = Sunday).

        Holidays, nghỉ bù and swaps remain the national ones (computed for a Saturday-Sunday
        rest, as the schedules are); make-up working days stay working days.
        """
        if isinstance(days, (str, bytes)):
            raise InvalidInputError("WorkingCalendar.with_weekend", [("days", "expected ints")])
        return attrs.evolve(self, weekend=frozenset(days))

    def with_saturday_reception(self) -> WorkingCalendar:
        """Return a calendar whose one-stop desk also receives dossiers on Saturday mornings.

        Saturday reception (a provincial decision, e.g. Hà Nội, TP.HCM) does not make Saturday a
        working day of the office handling the dossier (calendar-law.md §3; no national rule
        says otherwise). So a dossier may be received on a reception Saturday
        (:meth:`is_reception_day`), and its time limit counts from the next working day (the
        receipt day becomes that day, as :meth:`deadline` does for any non-working day). A
        Saturday that is a listed holiday or adjoins a weekday off (inside a holiday break) is
        not a reception day.
        """
        return attrs.evolve(self, saturday_reception=True)

    # --- the table ------------------------------------------------------------------------

    def _fill(self) -> _Table:
        t = self._table
        national, official = _national_days(self.include_culture_day)
        days = dict(national)
        for h in self.local_days:
            days[h.date] = h
        week = bytes(0 if (FIRST_DATE.weekday() + k) % 7 in self.weekend else 1 for k in range(7))
        flags = bytearray((week * (_SIZE // 7 + 1))[:_SIZE])
        for d, h in days.items():
            i = d.toordinal() - _ORIGIN
            if 0 <= i < _SIZE:
                flags[i] = 0 if h.is_day_off else 1
        by_year: dict[int, list[Holiday]] = {}
        for d in sorted(days):
            by_year.setdefault(d.year, []).append(days[d])
        t.flags = flags
        t.prefix = array("i", itertools.accumulate(flags, initial=0))
        t.work = array("i", itertools.compress(range(_SIZE), flags))
        t.days = MappingProxyType(days)
        t.by_year = by_year
        t.official = official
        t.ready = True
        return t

    def _index(self, value: object, field: str) -> int:
        d = value if type(value) is _DATE else as_date(value, field=field)
        i = d.toordinal() - _ORIGIN
        if not 0 <= i < _SIZE:
            raise _out_of_range(d, field)
        return i

    # --- scalar questions -----------------------------------------------------------------

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        """The first and last dates the calendar answers for."""
        return (FIRST_DATE, LAST_DATE)

    @property
    def official_years(self) -> tuple[int, ...]:
        """Years decided by a shipped official schedule (2010-2026)."""
        return tuple(sorted(_national_days(self.include_culture_day)[1]))

    @property
    def provisional_years(self) -> tuple[int, ...]:
        """Years inside the bounds without an official schedule (computed from the Labor Code)."""
        official = _national_days(self.include_culture_day)[1]
        return tuple(y for y in range(FIRST_DATE.year, LAST_DATE.year + 1) if y not in official)

    def is_working_day(self, d: DateLike | dt.datetime, /) -> bool:
        """Return whether ``d`` is a working day."""
        t = self._table if self._table.ready else self._fill()
        if type(d) is _DATE:
            i = d.toordinal() - _ORIGIN
            if 0 <= i < _SIZE:
                return t.flags[i] == 1
        return t.flags[self._index(d, "d")] == 1

    def is_provisional(self, d: DateLike | dt.datetime, /) -> bool:
        """Return whether the status of ``d`` is computed rather than officially published.

        True when ``d``'s year has no official schedule (before 2010, after 2026) and for days
        set by an unconfirmed rule (24/11 with ``include_culture_day``). Note that a later year's
        schedule can still move a late-December day (as 2019's did with 31/12/2018).
        """
        t = self._table if self._table.ready else self._fill()
        day = _fromordinal(self._index(d, "d") + _ORIGIN)
        if day.year not in t.official:
            return True
        h = t.days.get(day)
        return h is not None and h.provisional

    def is_reception_day(self, d: DateLike | dt.datetime, /) -> bool:
        """Return whether the one-stop desk receives dossiers on ``d``.

        Every working day; with :meth:`with_saturday_reception`, also a Saturday that is not a
        listed holiday and does not adjoin a weekday off (Friday before, Monday after).
        """
        t = self._table if self._table.ready else self._fill()
        i = self._index(d, "d")
        if t.flags[i]:
            return True
        day = _fromordinal(i + _ORIGIN)
        if not self.saturday_reception or day.weekday() != 5 or day in t.days:
            return False
        one = dt.timedelta(days=1)
        for near in (day - one, day + 2 * one):
            h = t.days.get(near)
            if h is not None and h.is_day_off:
                return False
        return True

    def add_working_days(self, d: DateLike | dt.datetime, n: int, /) -> dt.date:
        """Return the ``n``-th working day after ``d`` (before it for n < 0).

        n > 0: the n-th working day strictly after ``d`` (``d`` never counts; it may be a
        non-working day); n < 0: the |n|-th working day strictly before ``d``; n = 0: ``d`` if it
        is a working day, else the next working day.

        Raises:
            DateOutOfRangeError: if ``d`` or the answer is outside the calendar's bounds.
        """
        t = self._table if self._table.ready else self._fill()
        if type(d) is _DATE:
            i = d.toordinal() - _ORIGIN
            if not 0 <= i < _SIZE:
                raise _out_of_range(d, "add_working_days: d")
        else:
            i = self._index(d, "d")
        if type(n) is not int:
            n = _as_int(n, "n")
        k = t.prefix[i + 1] + n - 1 if n > 0 else t.prefix[i] + n
        if 0 <= k < len(t.work):
            return _fromordinal(t.work[k] + _ORIGIN)
        start = _fromordinal(i + _ORIGIN)
        raise DateOutOfRangeError(
            f"add_working_days({start.isoformat()}, {n}): the answer falls outside the "
            f"calendar's range {_RANGE}; use a start date or n that stays inside it"
        )

    def count_working_days(self, a: DateLike | dt.datetime, b: DateLike | dt.datetime, /) -> int:
        """Return the number of working days in ``[a, b)``; ``-count(b, a)`` when ``a > b``.

        Either end may be the day after ``LAST_DATE`` (2200-01-01) since the range is half-open.

        Raises:
            DateOutOfRangeError: if an end is outside the bounds.
        """
        t = self._table if self._table.ready else self._fill()
        ia = self._end_index(a, "a")
        ib = self._end_index(b, "b")
        return t.prefix[ib] - t.prefix[ia]

    def _end_index(self, value: object, field: str) -> int:
        d = value if type(value) is _DATE else as_date(value, field=field)
        i = d.toordinal() - _ORIGIN
        if not 0 <= i <= _SIZE:
            raise _out_of_range(d, f"count_working_days: {field}")
        return i

    def holidays(self, year: int) -> list[Holiday]:
        """Return every listed day of ``year`` (days off and weekend working days), by date.

        Days are grouped by their own date: ``holidays(2018)`` includes Monday 31/12/2018, which
        the 2019 schedule swapped. Entries of years without a schedule have ``provisional=True``.

        Raises:
            DateOutOfRangeError: if ``year`` is outside 1900-2199.
        """
        y = _as_int(year, "year")
        if not FIRST_DATE.year <= y <= LAST_DATE.year:
            raise _out_of_range(y, "holidays: year")
        t = self._table if self._table.ready else self._fill()
        return list(t.by_year.get(y, ()))

    # --- deadlines ------------------------------------------------------------------------

    def deadline(
        self,
        received_at: DateTimeLike,
        working_days: int,
        *,
        cutoff: dt.time | None = None,
        pauses: Sequence[Pause] = (),
        resume_after_pause: bool = False,
        extended_to: DateTimeLike | None = None,
    ) -> Deadline:
        """Compute a procedure's due date on this calendar.

        See :func:`chinhquyen.calendar.deadlines.compute_deadline` for the arguments and result.
        """
        from chinhquyen.calendar.deadlines import compute_deadline

        return compute_deadline(
            self,
            received_at,
            working_days,
            cutoff=cutoff,
            pauses=pauses,
            resume_after_pause=resume_after_pause,
            extended_to=extended_to,
        )

    # --- batch questions (numpy) ----------------------------------------------------------

    def _arrays(self) -> tuple[Any, ...]:
        t = self._table if self._table.ready else self._fill()
        if t.np is None:
            import numpy as np

            # int32 tables (ranks < 2**17): half the memory traffic of int64 in the gathers
            prefix = np.frombuffer(t.prefix, dtype=np.int32)
            work = np.frombuffer(t.work, dtype=np.int32).astype(np.int64) + _EPOCH
            # Tables indexed directly by the datetime64[D] value (days since 1970): each covers
            # exactly its range of values, rolled so that negative values (before 1970) land on
            # their entries through numpy's wrap-around indexing. Saves a subtraction per call.
            # rank of the answer: prefix[i] + n for n <= 0, prefix[i + 1] - 1 + n for n > 0,
            # i.e. prefix[i] + n + (n > 0) * (flag[i] - 1); (flag - 1) is kept as int8.
            down = np.roll(prefix[:-1], _EPOCH)
            step = np.roll(np.frombuffer(bytes(t.flags), dtype=np.int8) - 1, _EPOCH)
            ends = np.roll(prefix, _EPOCH)  # count ends may be the day after LAST_DATE
            t.np = (ends, work, down, step)
        return t.np

    def add_working_days_many(self, starts: Any, ns: Any) -> Any:
        """Vectorised :meth:`add_working_days` over numpy arrays (broadcasting).

        Args:
            starts: ``datetime64[D]`` array (or anything ``numpy.asarray`` makes one of, or an
                array of ISO strings / ``date`` objects).
            ns: integer array (or scalar) of working-day offsets.

        Returns:
            A ``datetime64[D]`` array of the broadcast shape.

        Raises:
            DateOutOfRangeError: if any start or answer is outside the bounds (the first such
                element is named).
            DateParseError: for ``datetime64`` with a unit other than days, NaT, or non-dates.
        """
        import numpy as np

        _, work, down, step = self._arrays()
        raw = _day_values(starts, "starts", last=_SIZE - 1)
        n = _int_array(ns, "ns")
        raw, n = np.broadcast_arrays(raw, n)
        # |n| > the number of days covered can only leave the range; refusing it first keeps
        # the int32 ranks below from overflowing.
        if n.size and (n.min() < -_SIZE or n.max() > _SIZE):
            k = np.where(np.abs(n) > _SIZE, -1, 0)
        else:
            k = down[raw]
            k += n.astype(np.int32, copy=False)
            k += step[raw] * (n > 0)
        if k.size and (k.min() < 0 or k.max() >= len(work)):
            bad = int(np.flatnonzero((k < 0) | (k >= len(work)))[0])
            start = dt.date(1970, 1, 1) + dt.timedelta(days=int(raw.flat[bad]))
            raise DateOutOfRangeError(
                f"add_working_days_many: element {bad} ({start.isoformat()}, {int(n.flat[bad])}) "
                f"has its answer outside the calendar's range {_RANGE}"
            )
        return work[k].view("datetime64[D]")

    def count_working_days_many(self, a: Any, b: Any) -> Any:
        """Vectorised :meth:`count_working_days` over numpy arrays (broadcasting).

        Returns:
            An ``int32`` array: working days in ``[a, b)``, negative where ``a > b``.

        Raises:
            DateOutOfRangeError: if an end is outside the bounds (2200-01-01 allowed).
            DateParseError: for ``datetime64`` with a unit other than days, NaT, or non-dates.
        """
        ends, _, _, _ = self._arrays()
        ia = _day_values(a, "a", last=_SIZE)
        ib = _day_values(b, "b", last=_SIZE)
        return ends[ib] - ends[ia]


def _day_values(values: Any, field: str, *, last: int) -> Any:
    """The int64 datetime64[D] values of a date array, refusing what is not a day in range.

    ``last`` is the highest allowed day number counted from FIRST_DATE.
    """
    import numpy as np

    arr = np.asarray(values)
    if arr.dtype.kind == "M":
        unit = np.datetime_data(arr.dtype)[0]
        if unit != "D":
            raise DateParseError(
                f"{field}: got datetime64[{unit}]; convert to datetime64[D] (the Asia/Ho_Chi_Minh "
                "calendar day) yourself so no time of day is dropped silently"
            )
    elif arr.dtype.kind in "OU":
        days = [as_date(v, field=field) for v in arr.ravel().tolist()]
        arr = np.array(days, dtype="datetime64[D]").reshape(arr.shape)
    else:
        raise DateParseError(f"{field}: expected datetime64[D] dates, got dtype {arr.dtype}")
    raw = arr.view(np.int64)
    if raw.size:
        lo, hi = raw.min(), raw.max()
        if lo < _EPOCH or hi > _EPOCH + last:
            nat = np.isnat(arr)
            if nat.any():
                raise DateParseError(f"{field}: element {int(np.flatnonzero(nat)[0])} is NaT")
            bad = int(np.flatnonzero((raw < _EPOCH) | (raw > _EPOCH + last))[0])
            raise DateOutOfRangeError(
                f"{field}[{bad}]: {arr.flat[bad]} is outside the calendar's range {_RANGE}; "
                "give dates inside it (years 1900-2199)"
            )
    return raw


def _int_array(values: Any, field: str) -> Any:
    import numpy as np

    arr = np.asarray(values)
    if arr.dtype.kind not in "iu":
        raise InvalidInputError(
            "WorkingCalendar", [(field, f"expected integers, got dtype {arr.dtype}")]
        )
    return arr.astype(np.int64, copy=False)


@cache
def _national(include_culture_day: bool) -> WorkingCalendar:
    return WorkingCalendar(include_culture_day=include_culture_day)
