"""The working-day calendar of Vietnam's state agencies, as a precomputed table.

Every question is an index lookup into arrays built once per calendar over 1900-01-01 ..
2199-12-31: a working flag per day, the running count of working days (prefix sums), and the
day index of each working day by its ordinal. Scalar calls use Python ``array`` objects (no numpy);
the ``*_many`` batch calls use numpy views of the same data, imported on first batch use.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import operator
import os
from array import array
from collections.abc import Iterable
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from chinhquyen.calendar.dates import DateLike, as_date
from chinhquyen.calendar.deadlines import (
    _AFTER_DUE,
    DeadlineBatch,
    ReceiptChannel,
    _extension_refusal,
    _extension_valid,
    _pause_order,
    _pause_refusal,
    _remaining_after_pause,
    as_channel,
    compute_deadline,
    cutoff_applies,
    receipt_rank,
)
from chinhquyen.calendar.holidays import (
    CULTURE_DAY_FIRST_YEAR,
    WEEKLY_REST,
    Holiday,
    HolidayKind,
    compensatory_days,
    culture_day,
    provisional_holidays,
)
from chinhquyen.calendar.schedules import official_schedules, tet_patterns
from chinhquyen.errors import DateOutOfRangeError, DateParseError, DeadlineError, InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

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
    patterns = tet_patterns(schedules)
    days: dict[dt.date, Holiday] = {}
    for sched in schedules.values():
        for h in sched.days:
            days[h.date] = h
    for year in range(FIRST_DATE.year, LAST_DATE.year + 1):
        if year in schedules:
            continue
        for h in provisional_holidays(
            year, include_culture_day=include_culture_day, tet_patterns=patterns
        ):
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
    """The lazily built lookup arrays of one calendar (mutable cache inside a frozen object).

    By day index `i` (days since FIRST_DATE): `flags[i]` 1 for a working day, `prefix[i]` the
    working days before day `i`, `codes[i]` = 2 * prefix[i] + flags[i] (both inputs of the
    receipt-day rule in one lookup), `provisional[i]` 1 for a provisional day,
    `provisional_before[i]` the provisional days before day `i`; by rank `k`: `work[k]` the day
    index of the k-th working day. `prefix` and `provisional_before` have one more entry, for
    the day after LAST_DATE.
    """

    __slots__ = (
        "by_year",
        "codes",
        "counting",
        "days",
        "flags",
        "np",
        "official",
        "prefix",
        "provisional",
        "provisional_before",
        "ready",
        "work",
    )

    def __init__(self) -> None:
        self.ready = False
        self.flags = bytearray()
        self.prefix = array("i")
        self.work = array("i")
        self.codes = array("i")
        self.provisional = bytearray()
        self.provisional_before = array("i")
        self.days: Mapping[dt.date, Holiday] = MappingProxyType({})
        self.by_year: dict[int, list[Holiday]] = {}
        self.official: frozenset[int] = frozenset()
        self.counting: _Ranks | None = None
        self.np: _Arrays | None = None


class _Ranks:
    """The deadline rule's view of a table: working days by rank (see `deadlines._Counting`)."""

    __slots__ = (
        "calendar",
        "codes",
        "decided",
        "ordinals",
        "prefix",
        "provisional_before",
        "ranks",
    )

    def __init__(self, t: _Table, calendar: WorkingCalendar) -> None:
        self.calendar = calendar
        self.codes = t.codes
        self.prefix = t.prefix
        #: the proleptic ordinal of each working day, by rank
        self.ordinals = array("i", (k + _ORIGIN for k in t.work))
        self.ranks = len(t.work)
        self.provisional_before = t.provisional_before
        self.decided = _longest_run(t.provisional)

    def __reduce__(self) -> tuple[Any, ...]:
        # A Deadline keeps its calendar's counting to build its steps later: pickle the
        # calendar's definition (a few fields), not its table (megabytes).
        c = self.calendar
        return (
            _counting_of,
            (c.weekend, c.include_culture_day, c.saturday_reception, c.local_days),
        )

    def code(self, day: dt.date, /) -> int:
        i = day.toordinal() - _ORIGIN
        if 0 <= i < _SIZE:
            return self.codes[i]
        raise _out_of_range(day, "d")

    def day(self, rank: int, start: dt.date, n: int, /) -> dt.date:
        if 0 <= rank < self.ranks:
            return _fromordinal(self.ordinals[rank])
        raise DateOutOfRangeError(
            f"add_working_days({start.isoformat()}, {n}): the answer falls outside the "
            f"calendar's range {_RANGE}; use a start date or n that stays inside it"
        )

    def between(self, after: dt.date, until: dt.date, /) -> int:
        prefix = self.prefix
        a = after.toordinal() - _ORIGIN + 1
        u = until.toordinal() - _ORIGIN + 1
        return max(prefix[u] - prefix[a], 0)

    def check(self, day: dt.date, field: str, /) -> None:
        if not FIRST_DATE <= day <= LAST_DATE:
            raise _out_of_range(day, field)

    def provisional(self, first: dt.date, last: dt.date, /) -> bool:
        lo, hi = self.decided
        if lo <= first and last <= hi:  # inside the longest run without a provisional day
            return False
        before = self.provisional_before
        return before[last.toordinal() - _ORIGIN + 1] > before[first.toordinal() - _ORIGIN]


def _longest_run(provisional: bytearray) -> tuple[dt.date, dt.date]:
    """The first and last day of the longest run of days that are not provisional.

    (LAST_DATE, FIRST_DATE), a run no span fits in, when every day is provisional.
    """
    best_begin = best_end = i = 0
    while (begin := provisional.find(0, i)) >= 0:
        end = provisional.find(1, begin)
        end = len(provisional) if end < 0 else end
        if end - begin > best_end - best_begin:
            best_begin, best_end = begin, end
        i = end
    if best_end == best_begin:
        return LAST_DATE, FIRST_DATE
    return _fromordinal(best_begin + _ORIGIN), _fromordinal(best_end - 1 + _ORIGIN)


def _check_weekend(_: object, __: object, value: frozenset[int] | None) -> None:
    if value is None:
        return
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

    ``WorkingCalendar.national()`` is Monday-Friday (Monday-Saturday before 2/10/1999, see
    `weekend`) minus statutory holidays, compensatory days (nghỉ bù) and swapped days, plus
    make-up Saturdays, from the official yearly schedules
    (2010-2026 shipped); other years are computed from the Labor Code and are *provisional*
    (see [`is_provisional`][chinhquyen.calendar.WorkingCalendar.is_provisional]). Local variants are
    built by composition (`with_*` methods); every calendar is immutable and hashable.

    Semantics: ``add_working_days(d, n)`` is the n-th working day strictly after
    ``d`` for n > 0, mirrored for n < 0, and ``d`` or the next working day for n = 0;
    ``count_working_days(a, b)`` counts working days in ``[a, b)`` and is ``-count(b, a)``
    when ``a > b``. Dates are ``datetime.date`` (pendulum ``Date`` included), ISO strings or
    datetimes (their Asia/Ho_Chi_Minh day); anything outside 1900-01-01 .. 2199-12-31, input or
    answer, raises [`DateOutOfRangeError`][chinhquyen.errors.DateOutOfRangeError].

    Attributes:
        weekend: `None` (the default) for the national weekly rest by date,
            `chinhquyen.calendar.holidays.WEEKLY_REST`: Sunday until 1/10/1999,
            Saturday and Sunday from 2/10/1999 (QĐ 188/1999/QĐ-TTg); or fixed rest days as
            ``date.weekday()`` numbers for every date (a local variant, `with_weekend`).
            Holidays, nghỉ bù and swaps stay those of the national schedule.
        include_culture_day: count 24/11 "Ngày Văn hóa Việt Nam" as a holiday from 2026. Off by
            default: the amendment of Art. 112(1) could not be confirmed as enacted; when on, the
            day and its effects are marked provisional.
        saturday_reception: the one-stop desk receives dossiers on Saturday mornings (see
            [`with_saturday_reception`][chinhquyen.calendar.WorkingCalendar.with_saturday_reception]).
            It does not make Saturday a working day.
        local_days: days off / working days decided locally, by date.
    """

    weekend: frozenset[int] | None = attrs.field(default=None, validator=_check_weekend)
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

        The rest days apply to every date (the national calendar's change of 2/10/1999 is
        replaced). Holidays, nghỉ bù and swaps remain the national ones (computed for the
        national weekly rest, as the schedules are); make-up working days stay working days.
        """
        if isinstance(days, (str, bytes)):
            raise InvalidInputError("WorkingCalendar.with_weekend", [("days", "expected ints")])
        return attrs.evolve(self, weekend=frozenset(days))

    def with_saturday_reception(self) -> WorkingCalendar:
        """Return a calendar whose one-stop desk also receives dossiers on Saturday mornings.

        Saturday reception (a provincial decision, e.g. Hà Nội, TP.HCM) does not make Saturday a
        working day of the office handling the dossier (calendar-law.md §3; no national rule
        says otherwise). So a dossier may be received on a reception Saturday
        ([`is_reception_day`][chinhquyen.calendar.WorkingCalendar.is_reception_day]), and its time
        limit counts from the next working day (the receipt day becomes that day, as
        [`deadline`][chinhquyen.calendar.WorkingCalendar.deadline] does for any non-working day). A
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
        rules = (
            [(r.since, r.days) for r in WEEKLY_REST]
            if self.weekend is None
            else [(FIRST_DATE, self.weekend)]
        )
        flags = bytearray(_SIZE)
        for k, (since, rest) in enumerate(rules):
            a = max(since.toordinal() - _ORIGIN, 0)
            b = rules[k + 1][0].toordinal() - _ORIGIN if k + 1 < len(rules) else _SIZE
            week = bytes(0 if (FIRST_DATE.weekday() + j) % 7 in rest else 1 for j in range(7))
            flags[a:b] = (week * (_SIZE // 7 + 1))[a:b]
        for d, h in days.items():
            i = d.toordinal() - _ORIGIN
            if 0 <= i < _SIZE:
                flags[i] = 0 if h.is_day_off else 1
        # provisional: a year without an official schedule, or a day set by an unconfirmed rule
        provisional = bytearray(_SIZE)
        for year in range(FIRST_DATE.year, LAST_DATE.year + 1):
            if year not in official:
                a = dt.date(year, 1, 1).toordinal() - _ORIGIN
                b = min(dt.date(year, 12, 31).toordinal() - _ORIGIN + 1, _SIZE)
                provisional[a:b] = b"\x01" * (b - a)
        for d, h in days.items():
            i = d.toordinal() - _ORIGIN
            if h.provisional and 0 <= i < _SIZE:
                provisional[i] = 1
        by_year: dict[int, list[Holiday]] = {}
        for d in sorted(days):
            by_year.setdefault(d.year, []).append(days[d])
        t.flags = flags
        t.prefix = array("i", itertools.accumulate(flags, initial=0))
        t.work = array("i", itertools.compress(range(_SIZE), flags))
        t.codes = array("i", map(operator.add, map(operator.add, t.prefix, t.prefix), flags))
        t.provisional = provisional
        t.provisional_before = array("i", itertools.accumulate(provisional, initial=0))
        t.counting = _Ranks(t, self)
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
        return t.provisional[self._index(d, "d")] == 1

    def count_provisional_days(
        self, a: DateLike | dt.datetime, b: DateLike | dt.datetime, /
    ) -> int:
        """Return the number of provisional days in `[a, b)`.

        Provisional as [`is_provisional`][chinhquyen.calendar.WorkingCalendar.is_provisional] says;
        `-count(b, a)` when `a > b`; either end may be the day after `LAST_DATE`, as in
        [`count_working_days`][chinhquyen.calendar.WorkingCalendar.count_working_days].

        Raises:
            DateOutOfRangeError: if an end is outside the bounds.
        """
        t = self._table if self._table.ready else self._fill()
        ia = self._end_index(a, "a", "count_provisional_days")
        ib = self._end_index(b, "b", "count_provisional_days")
        return t.provisional_before[ib] - t.provisional_before[ia]

    def is_reception_day(self, d: DateLike | dt.datetime, /) -> bool:
        """Return whether the one-stop desk receives dossiers on ``d``.

        Every working day, and with
        [`with_saturday_reception`][chinhquyen.calendar.WorkingCalendar.with_saturday_reception]
        a Saturday that is not a listed holiday and does not adjoin a weekday off (Friday before,
        Monday after).
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
        ia = self._end_index(a, "a", "count_working_days")
        ib = self._end_index(b, "b", "count_working_days")
        return t.prefix[ib] - t.prefix[ia]

    def _end_index(self, value: object, field: str, what: str) -> int:
        d = value if type(value) is _DATE else as_date(value, field=field)
        i = d.toordinal() - _ORIGIN
        if not 0 <= i <= _SIZE:
            raise _out_of_range(d, f"{what}: {field}")
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

    # --- the calendar as a table ----------------------------------------------------------

    def to_arrow(self, *, start: DateLike | None = None, end: DateLike | None = None) -> Any:
        """Return the calendar as a pyarrow `Table`, one row per day (the `arrow` extra).

        The columns are [`COLUMNS`][chinhquyen.calendar.table.COLUMNS]: `date`,
        `is_working_day`, `working_days_before` (the working day's rank, so that a due date is
        a lookup), `provisional`, `provisional_days_before`, and for a listed day its `kind`,
        `name`, `name_en` and `source`. Convert with `polars.from_arrow(t)` or `t.to_pandas()`;
        compute due dates in SQL with
        [`DUE_DATE_SQL`][chinhquyen.calendar.table.DUE_DATE_SQL].

        Args:
            start: the first day of the table (default: the first day of the calendar's range).
            end: the last day, included (default: the last day of the range). Ranks and counts
                are those of the whole calendar whatever the slice.

        Raises:
            DateOutOfRangeError: if `start` or `end` is outside the calendar's range.
            InvalidInputError: if `start` is after `end`.
            MissingExtraError: if pyarrow is not installed.
        """
        from chinhquyen.calendar.table import build_table

        a, b = self._slice(start, end, "to_arrow")
        t = self._table if self._table.ready else self._fill()
        return build_table(
            first=_fromordinal(a + _ORIGIN),
            flags=t.flags[a:b],
            working_before=t.prefix[a:b],
            provisional=t.provisional[a:b],
            provisional_before=t.provisional_before[a:b],
            days=t.days,
            definition=self._definition(),
        )

    def write_parquet(
        self,
        path: str | os.PathLike[str],
        *,
        start: DateLike | None = None,
        end: DateLike | None = None,
    ) -> None:
        """Write [`to_arrow`][chinhquyen.calendar.WorkingCalendar.to_arrow]'s table to Parquet.

        Raises:
            DateOutOfRangeError: if `start` or `end` is outside the calendar's range.
            InvalidInputError: if `start` is after `end`.
            MissingExtraError: if pyarrow is not installed.
        """
        from chinhquyen.calendar.table import write_parquet

        write_parquet(self.to_arrow(start=start, end=end), path)

    def write_csv(
        self,
        path: str | os.PathLike[str],
        *,
        start: DateLike | None = None,
        end: DateLike | None = None,
    ) -> None:
        """Write [`to_arrow`][chinhquyen.calendar.WorkingCalendar.to_arrow]'s table to CSV.

        A header row, ISO dates, `true`/`false`, empty cells for nulls, UTF-8.

        Raises:
            DateOutOfRangeError: if `start` or `end` is outside the calendar's range.
            InvalidInputError: if `start` is after `end`.
            MissingExtraError: if pyarrow is not installed.
        """
        from chinhquyen.calendar.table import write_csv

        write_csv(self.to_arrow(start=start, end=end), path)

    def _slice(self, start: object, end: object, what: str) -> tuple[int, int]:
        a = 0 if start is None else self._index(start, f"{what}: start")
        b = _SIZE if end is None else self._index(end, f"{what}: end") + 1
        if a >= b:
            raise InvalidInputError(
                f"WorkingCalendar.{what}",
                [
                    (
                        "start",
                        f"{_fromordinal(a + _ORIGIN)} is after end "
                        f"{_fromordinal(b - 1 + _ORIGIN)}; give start <= end",
                    )
                ],
            )
        return a, b

    def _definition(self) -> dict[str, object]:
        """What this calendar is, for the metadata of its table."""
        official = sorted(_national_days(self.include_culture_day)[1])
        return {
            "calendar": "WorkingCalendar",
            "weekend": None if self.weekend is None else sorted(self.weekend),
            "include_culture_day": self.include_culture_day,
            "saturday_reception": self.saturday_reception,
            "local_days": [h.date.isoformat() for h in self.local_days],
            "official_years": [official[0], official[-1]] if official else [],
            "range": [FIRST_DATE.isoformat(), LAST_DATE.isoformat()],
        }

    # --- deadlines ------------------------------------------------------------------------

    @property
    def _deadline_counting(self) -> _Ranks | None:
        """The table as `compute_deadline` counts on it (O(1) per question)."""
        return (self._table if self._table.ready else self._fill()).counting

    deadline = compute_deadline
    """Compute a procedure's due date on this calendar.

    `cal.deadline(received_at, working_days, *, cutoff=None, pauses=(),
    resume_after_pause=False, extended_to=None)` is
    [`compute_deadline`][chinhquyen.calendar.compute_deadline] with `cal` as its
    calendar: the function itself, bound as a method, so that no call stands in between (a
    scalar deadline costs about three table lookups; a wrapper would add a tenth to it).
    """

    # --- batch questions (numpy) ----------------------------------------------------------

    def _arrays(self) -> _Arrays:
        t = self._table if self._table.ready else self._fill()
        if t.np is None:
            t.np = _Arrays(t)
        return t.np

    def add_working_days_many(self, starts: Any, ns: Any) -> Any:
        """Vectorised `add_working_days` over numpy arrays (broadcasting).

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

        a = self._arrays()
        work, down, step = a.work, a.down, a.step
        raw = _day_values(starts, "starts", last=_SIZE - 1)
        n = _int_array(ns, "ns")
        raw, n = np.broadcast_arrays(raw, n)
        # |n| > the number of days covered can only leave the range. Refused first, compared
        # as Python ints in the array's own dtype (np.abs(INT64_MIN) is negative, and uint64
        # values above 2**63 would wrap to negative int64), so the int32 ranks cannot overflow.
        k: Any = None
        if n.size and (int(n.min()) < -_SIZE or int(n.max()) > _SIZE):
            far = n > _SIZE if n.dtype.kind == "u" else (n < -_SIZE) | (n > _SIZE)
            k = np.where(far, -1, 0)
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
        """Vectorised `count_working_days` over numpy arrays (broadcasting).

        Returns:
            An ``int32`` array: working days in ``[a, b)``, negative where ``a > b``.

        Raises:
            DateOutOfRangeError: if an end is outside the bounds (2200-01-01 allowed).
            DateParseError: for ``datetime64`` with a unit other than days, NaT, or non-dates.
        """
        ends = self._arrays().ends
        ia = _day_values(a, "a", last=_SIZE)
        ib = _day_values(b, "b", last=_SIZE)
        return ends[ib] - ends[ia]

    def deadlines_many(
        self,
        received_at: Any,
        working_days: Any,
        *,
        cutoff: dt.time | Any | None = None,
        channel: ReceiptChannel | str | Any | None = None,
        online_cutoff: bool | None = None,
        pause_requested_on: Any | None = None,
        pause_completed_on: Any | None = None,
        resume_after_pause: bool | Any = False,
        extended_to: Any | None = None,
        out: DeadlineBatch | None = None,
    ) -> DeadlineBatch:
        """Vectorised `deadline`: many dossiers, each with at most one pause.

        Element by element the answer is that of `deadline(received_at[k], working_days[k],
        cutoff=..., channel=..., online_cutoff=..., pauses=..., resume_after_pause=...,
        extended_to=...)`: the same rules (the receipt day by
        [`receipt_rank`][chinhquyen.calendar.receipt_rank], the cut-off applied as
        [`cutoff_applies`][chinhquyen.calendar.cutoff_applies] says for the channel, a pause
        restarting or resuming the count, an apology slip's later return date) applied to
        whole arrays, a chunk at a time, into one output buffer. A dossier paused more than once
        takes [`deadline`][chinhquyen.calendar.WorkingCalendar.deadline].

        Args:
            received_at: a numpy `datetime64` array of Vietnamese (Asia/Ho_Chi_Minh) wall-clock
                moments, of any shape, in one of the units `h`, `m`, `s`, `ms`, `us`, `ns`, or
                `D` for dates without a time of day (then no cut-off can be applied). Convert
                aware or UTC times to local wall-clock time first.
            working_days: the time limits, an integer array of the same shape, or one integer
                for all dossiers (>= 0; 0 = same-day procedure).
            cutoff: `None` (no procedure has a cut-off), one naive `datetime.time` for all
                dossiers, or a per-dossier numpy `timedelta64` array of the same shape (units
                `h` .. `ns`): the time after midnight, `NaT` where the dossier's procedure has
                no cut-off. A dossier received strictly after its cut-off is counted from the
                next working day, when the cut-off applies to its channel.
            channel: how the dossiers were received: `None` (all in person), one
                [`ReceiptChannel`][chinhquyen.calendar.ReceiptChannel] (or its value) for all, or
                a per-dossier array of the same shape, either of channel values (`"in_person"`,
                `"post"`, `"online"`) or of their codes (`ReceiptChannel.code`: 0, 1, 2). For a
                postal dossier `received_at` is the arrival postmark's date (a time of day plays
                no part) and the cut-off never applies; for an online one it is the system's
                timestamp.
            online_cutoff: whether the cut-off applies to online dossiers; required (`True` or
                `False`) when an online dossier has a cut-off, as no source settles it.
            pause_requested_on: `None` (no dossier was paused), or a `datetime64[D]` array of
                the same shape: the day a request to supplement the dossier (BM.02) was issued,
                `NaT` where the dossier was not paused (`Pause.requested_on`).
            pause_completed_on: with `pause_requested_on`, a `datetime64` array of the same
                shape (units `D` .. `ns`, `D` meaning the start of the day): when the complete
                dossier came back, Vietnamese wall-clock time, `NaT` exactly where
                `pause_requested_on` is (`Pause.completed_on`). Counting starts again from
                its receipt day, the cut-off applying as to `received_at`.
            resume_after_pause: one bool for all dossiers, or a bool array of the same shape:
                resume the count with the working days left instead of restarting it.
            extended_to: `None` (no apology slip), or a `datetime64[D]` array of the same shape:
                the return date set by an apology slip (BM.04), `NaT` where none; it must be
                later than the due date counted from the rules, and becomes the due date.
            out: a [`DeadlineBatch`][chinhquyen.calendar.DeadlineBatch] of the same shape to
                write into (e.g. from a previous call), instead of allocating a new one; with
                `extended_to`, its `original_due_dates` must be an array of its own.

        Returns:
            The [`DeadlineBatch`][chinhquyen.calendar.DeadlineBatch] (`out` itself when given).

        Raises:
            DateParseError: if `received_at` is not `datetime64` in an accepted unit, or holds
                NaT.
            DeadlineError: for a negative time limit, a cut-off outside 00:00 .. 24:00 or with
                a time zone, a cut-off that applies to dates without a time of day, non-integer
                time limits, an unknown channel, an online dossier with a cut-off and no
                `online_cutoff` choice, a pause out of order (completed before it was requested,
                requested before the day of arrival or after the due date) or given by halves,
                an apology slip's date not later than the due date, or arrays of another shape
                or dtype (a bad dossier is named with the message `deadline` gives for it).
            DateOutOfRangeError: if a day of arrival, a receipt day, a pause's end, an apology
                slip's date or a due date falls outside the calendar's bounds.
        """
        import numpy as np

        tables = self._arrays()
        moments = np.asarray(received_at)
        if moments.dtype.kind != "M":
            raise DateParseError(
                f"received_at: expected a numpy datetime64 array, got dtype {moments.dtype}"
            )
        unit, count = np.datetime_data(moments.dtype)
        per_day = _TICKS_PER_DAY.get(unit) if count == 1 else None
        if per_day is None:
            raise DateParseError(
                f"received_at: got {moments.dtype}; give datetime64 in D (dates), h, m, s, ms, "
                "us or ns"
            )
        shape = moments.shape
        raw = moments.reshape(-1).view(np.int64)
        limits = _per_dossier(working_days, shape, "working_days")
        if limits.dtype.kind not in "iu":
            raise DeadlineError(f"working_days: expected integers >= 0, got dtype {limits.dtype}")
        cuts = _Cutoffs.of(cutoff, shape, per_day)
        # whether the cut-off applies: True for all, False for none, or a per-dossier array
        applies: Any = True
        codes = None
        if channel is not None and cuts is not None:
            if isinstance(channel, str):
                applies = cutoff_applies(as_channel(channel), online_cutoff)
            else:
                codes = _channel_codes(channel, shape)
                table = np.array(
                    [c is not ReceiptChannel.ONLINE and cutoff_applies(c, None) for c in _CHANNELS]
                )
                if online_cutoff is not None:
                    table[ReceiptChannel.ONLINE.code] = cutoff_applies(
                        ReceiptChannel.ONLINE, online_cutoff
                    )
        elif channel is not None:
            if isinstance(channel, str):
                as_channel(channel)
            else:
                _channel_codes(channel, shape)
        if online_cutoff is not None and type(online_cutoff) is not bool:
            raise DeadlineError(f"online_cutoff must be True, False or None, got {online_cutoff!r}")
        if per_day == 1 and cuts is not None and cuts.scalar is not None and applies is True:
            cuts.refuse_dates(0, 0, True)  # one cut-off for all, and no time of day to compare
        pauses = _Pauses.of(
            pause_requested_on, pause_completed_on, resume_after_pause, shape, cuts, per_day
        )
        slips = None
        if extended_to is not None:
            slips = _day_array(extended_to, shape, "extended_to")
        result = _batch_output(out, shape, extended=slips is not None)
        receipt = result.receipt_days.reshape(-1).view(np.int64)
        due = result.due_dates.reshape(-1).view(np.int64)
        provisional = result.provisional.reshape(-1)
        original = None
        if result.original_due_dates is not result.due_dates:
            original = result.original_due_dates.reshape(-1).view(np.int64)
        size = raw.size
        last_rank = len(tables.work) - 1
        chunk = max(min(size, _CHUNK), 1)
        day_buf = np.empty(chunk, np.int64)
        tick_buf = np.empty(chunk, np.int64)
        after_buf = np.empty(chunk, np.bool_)
        code_buf = np.empty(chunk, np.int64)
        for s in range(0, size, chunk):
            e = min(s + chunk, size)
            m = e - s
            r = raw[s:e]
            after: Any = False
            if codes is not None:
                applies = table[codes[s:e]]
                if online_cutoff is None and cuts is not None:
                    _online_undecided(codes[s:e], cuts, s, e)
            if per_day == 1:
                day = r
                if cuts is not None:
                    cuts.refuse_dates(s, e, applies)  # dates have no time of day
            else:
                day = np.floor_divide(r, per_day, out=day_buf[:m])
                if cuts is not None and applies is not False:
                    tod = np.multiply(day, per_day, out=tick_buf[:m])
                    np.subtract(r, tod, out=tod)
                    after = np.greater(tod.view(np.uint64), cuts.ticks(s, e), out=after_buf[:m])
                    if applies is not True:
                        np.logical_and(after, applies, out=after)
            _check_days(day, r, s, moments)
            n = limits if limits.ndim == 0 else limits[s:e]
            lo, hi = int(n.min()), int(n.max())
            if lo < 0:
                k = int(np.flatnonzero(n < 0)[0]) if n.ndim else 0
                raise DeadlineError(
                    f"working_days[{s + k}]: must be >= 0 (0 = same-day procedure), "
                    f"got {int(n.flat[k])}"
                )
            # one gather for both inputs of the rule: (working days before) * 2 + (working)
            code = np.take(tables.code, day, out=code_buf[:m])
            rank = receipt_rank(code >> 1, code & 1, after)
            if hi > last_rank or int(rank.max()) + hi > last_rank:
                # clipped before any cast, so that no time limit wraps around
                due_rank = rank + np.minimum(n, last_rank + 1).astype(np.int64)
                k = int(np.flatnonzero((rank > last_rank) | (due_rank > last_rank))[0])
                arrived = dt.date(1970, 1, 1) + dt.timedelta(days=int(day[k]))
                raise DateOutOfRangeError(
                    f"deadlines_many: dossier {s + k} (received {arrived.isoformat()}, "
                    f"{int(n if n.ndim == 0 else n[k])} working days) is due outside the "
                    f"calendar's range {_RANGE}"
                )
            np.take(tables.work, rank, out=receipt[s:e])
            if n.dtype.kind == "u":  # uint64 + int64 would be float64; these values are small
                n = n.astype(np.int64)
            rank += n
            np.take(tables.work, rank, out=due[s:e])
            found: list[_Found] = []
            if pauses is not None:
                found = pauses.count(tables, s, e, day, receipt[s:e], due[s:e], n, applies)
            if original is not None:
                original[s:e] = due[s:e]
            if slips is not None:
                found += _extend(slips[s:e], due[s:e], s)
            _refuse_first(found)  # the first refused dossier of the chunk, as deadline says
            # provisional: the first provisional day from the day of arrival is by the due date
            np.less_equal(
                np.take(tables.next_provisional, day, out=code_buf[:m]),
                due[s:e],
                out=provisional[s:e],
            )
        return result


class _Arrays:
    """numpy views of a table, indexed directly by `datetime64[D]` values (days since 1970).

    Each table covers exactly its range of values and is rolled so that negative values (before
    1970) land on their entries through numpy's wrap-around indexing: no subtraction per call.
    Counts are int32 (ranks < 2**17): half the memory traffic of int64 in the gathers.
    """

    __slots__ = (
        "code",
        "down",
        "ends",
        "next_provisional",
        "step",
        "work",
    )

    def __init__(self, t: _Table) -> None:
        import numpy as np

        prefix = np.frombuffer(t.prefix, dtype=np.int32)
        flags = np.frombuffer(bytes(t.flags), dtype=np.int8)
        provisional = np.flatnonzero(np.frombuffer(bytes(t.provisional), dtype=np.int8))
        #: the day (datetime64[D] value) of each working day, by rank
        self.work = np.frombuffer(t.work, dtype=np.int32).astype(np.int64) + _EPOCH
        #: working days before the day (a count's end may be the day after LAST_DATE)
        self.ends = np.roll(prefix, _EPOCH)
        self.down = np.roll(prefix[:-1], _EPOCH)
        #: 1 for a working day minus 1 (see add_working_days_many)
        self.step = np.roll(flags - 1, _EPOCH)
        #: the receipt rule's inputs in one gather: 2 * (working days before) + (working day)
        self.code = np.roll(np.frombuffer(t.codes, dtype=np.int32).astype(np.int64), _EPOCH)
        #: the first provisional day on or after the day (a day after LAST_DATE if none)
        after_all = np.append(provisional, _SIZE + 1)
        nearest = after_all[np.searchsorted(provisional, np.arange(_SIZE))]
        self.next_provisional = np.roll(nearest.astype(np.int64) + _EPOCH, _EPOCH)


#: Dossiers handled per chunk by deadlines_many: temporaries of 256 KB stay in the CPU caches,
#: and the per-chunk overhead is spread (measured: 8K 22.7, 16K 19.3, 32K 17.9 ns per dossier).
_CHUNK = 1 << 15
#: Ticks of a datetime64 unit in one day, for the units deadlines_many accepts.
_TICKS_PER_DAY = {
    "D": 1,
    "h": 24,
    "m": 1_440,
    "s": 86_400,
    "ms": 86_400_000,
    "us": 86_400_000_000,
    "ns": 86_400_000_000_000,
}
_INT64_MIN = -(2**63)
_CHANNELS = tuple(ReceiptChannel)
_NAT_AS_UINT64 = 2**63


def _per_dossier(values: Any, shape: tuple[int, ...], field: str) -> Any:
    """`values` as a flat array matching `shape`, or a 0-d array for one value for all."""
    import numpy as np

    arr = np.asarray(values)
    if arr.ndim == 0:
        return arr
    if arr.shape != shape:
        raise DeadlineError(
            f"{field}: shape {arr.shape} does not match received_at's {shape}; give one value "
            "per dossier, or one value for all"
        )
    return arr.reshape(-1)


class _Cutoffs:
    """The cut-offs of deadlines_many, as ticks of the moments' unit after midnight.

    `moment > cut-off` is decided exactly in whole ticks: for a cut-off `c` in a finer unit, `k`
    of its ticks to one tick `t` of the moments, `t * k > c` if and only if `t > floor(c / k)`.
    A dossier without a cut-off (NaT) gets one day's ticks, which no time of day exceeds.
    """

    __slots__ = ("coarser", "cut_per_day", "factor", "given", "per_day", "raw", "scalar")

    def __init__(self, given: Any, cut_per_day: int, per_day: int) -> None:
        import numpy as np

        self.given = given  # as given, for messages
        self.raw = given.view(np.int64)
        self.per_day = per_day
        self.cut_per_day = cut_per_day
        self.coarser = cut_per_day < per_day  # the cut-off's unit is coarser than the moments'
        self.factor = per_day // cut_per_day if self.coarser else cut_per_day // per_day
        self.scalar: Any = None
        if given.ndim == 0:
            self._check(self.raw.reshape(1), 0)
            self.scalar = self._convert(self.raw.reshape(1))[0]

    @classmethod
    def of(cls, cutoff: object, shape: tuple[int, ...], per_day: int) -> _Cutoffs | None:
        """Check `cutoff` (None, a time, or a timedelta64 array) and prepare it."""
        import numpy as np

        if cutoff is None:
            return None
        if isinstance(cutoff, dt.time):
            if cutoff.tzinfo is not None:
                raise DeadlineError(
                    f"cutoff {cutoff} carries a time zone; give the local (Asia/Ho_Chi_Minh) "
                    "wall-clock time without tzinfo, e.g. time(15)"
                )
            micro = ((cutoff.hour * 60 + cutoff.minute) * 60 + cutoff.second) * 10**6
            given = np.array(micro + cutoff.microsecond, dtype="m8[us]")
        else:
            given = _per_dossier(cutoff, shape, "cutoff")
            if given.dtype.kind != "m":
                raise DeadlineError(
                    "cutoff: expected None, a datetime.time, or a numpy timedelta64 array (time "
                    f"after midnight, NaT for no cut-off), got dtype {given.dtype}"
                )
        unit, count = np.datetime_data(given.dtype)
        cut_per_day = _TICKS_PER_DAY.get(unit) if count == 1 and unit != "D" else None
        if cut_per_day is None:
            raise DeadlineError(
                f"cutoff: got {given.dtype}; give timedelta64 in h, m, s, ms, us or ns"
            )
        return cls(given, cut_per_day, per_day)

    def _check(self, c: Any, start: int) -> None:
        import numpy as np

        # NaT is the least int64 and, seen as uint64, 2**63: a cut-off below 0 is a larger
        # uint64, one of a day or more a larger int64 than a valid one
        if c.size and (
            int(c.max()) >= self.cut_per_day or int(c.view(np.uint64).max()) > _NAT_AS_UINT64
        ):
            bad = (c != _INT64_MIN) & ((c < 0) | (c >= self.cut_per_day))
            k = start + int(np.flatnonzero(bad)[0])
            raise DeadlineError(
                f"cutoff[{k}]: {self.given.reshape(-1)[k]} after midnight is not a time of day; "
                "give 00:00 <= cutoff < 24:00"
            )

    def refuse_dates(self, s: int, e: int, applies: Any) -> None:
        """Refuse a cut-off that applies to dossiers `s` to `e` received as dates (no time)."""
        import numpy as np

        c = self.raw
        if self.scalar is None:
            c = self.raw[s:e]
            self._check(c, s)
        if np.any((c != _INT64_MIN) & applies):
            raise DeadlineError(
                "received_at has no time of day (datetime64[D]), so the cut-off cannot be "
                "applied; give the receipt times (e.g. datetime64[s])"
            )

    def _convert(self, c: Any) -> Any:
        """uint64 ticks: NaT (2**63 as uint64, still more than a day once divided) never passed."""
        import numpy as np

        if self.coarser:  # multiplying would wrap NaT around
            return np.where(c == _INT64_MIN, self.per_day, c * self.factor).view(np.uint64)
        u = c.view(np.uint64)
        return u // np.uint64(self.factor) if self.factor > 1 else u

    def ticks(self, s: int, e: int) -> Any:
        """The uint64 cut-offs of dossiers `s` to `e` (one scalar when it applies to all)."""
        if self.scalar is not None:
            return self.scalar
        c = self.raw[s:e]
        self._check(c, s)
        return self._convert(c)


def _channel_codes(channel: Any, shape: tuple[int, ...]) -> Any:
    """A per-dossier channel array as flat uint8 codes (`ReceiptChannel.code`), checked."""
    import numpy as np

    arr = np.asarray(channel)
    if arr.shape != shape:
        raise DeadlineError(
            f"channel: shape {arr.shape} does not match received_at's {shape}; give one channel "
            "per dossier, or one channel for all"
        )
    flat = arr.reshape(-1)
    valid = ", ".join(repr(c.value) for c in _CHANNELS)
    if flat.dtype.kind in "iu":
        bad = (flat < 0) | (flat >= len(_CHANNELS))
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            raise DeadlineError(
                f"channel[{k}]: {flat[k]} is not a channel code; give 0, 1, 2 "
                f"(ReceiptChannel.code of {valid})"
            )
        return flat.astype(np.uint8)
    if flat.dtype.kind in "UOT":
        # one comparison per channel (no sort): the codes, and which values matched none
        codes = np.zeros(flat.shape, dtype=np.uint8)
        known = np.zeros(flat.shape, dtype=np.bool_)
        for c in _CHANNELS:
            hit = flat == c.value
            codes[hit] = c.code
            known |= hit
        if not known.all():
            k = int(np.flatnonzero(~known)[0])
            raise DeadlineError(
                f"channel[{k}]: {str(flat[k])!r} is not a receipt channel; give one of {valid}"
            )
        return codes
    raise DeadlineError(
        f"channel: expected channel values ({valid}) or their codes 0, 1, 2, got dtype {flat.dtype}"
    )


def _online_undecided(codes: Any, cuts: _Cutoffs, s: int, e: int) -> None:
    """Refuse an online dossier with a cut-off when `online_cutoff` was not chosen."""
    import numpy as np

    online = codes == ReceiptChannel.ONLINE.code
    if not online.any():
        return
    given = cuts.raw != _INT64_MIN if cuts.scalar is not None else cuts.raw[s:e] != _INT64_MIN
    hit = online & given
    if hit.any():
        k = s + int(np.flatnonzero(hit)[0])
        try:
            cutoff_applies(ReceiptChannel.ONLINE, None)
        except DeadlineError as e:
            raise DeadlineError(f"dossier {k}: {e}") from None


def _batch_output(
    out: DeadlineBatch | None, shape: tuple[int, ...], *, extended: bool
) -> DeadlineBatch:
    """`out` checked against `shape`, or a new batch whose arrays share one buffer.

    With `extended` (apology slips given) the original due dates have an array of their own.
    """
    import numpy as np

    if out is None:
        size = math.prod(shape)
        buffer = np.empty((25 if extended else 17) * size, dtype=np.uint8)
        due = buffer[8 * size : 16 * size].view("M8[D]").reshape(shape)
        return DeadlineBatch(
            receipt_days=buffer[: 8 * size].view("M8[D]").reshape(shape),
            due_dates=due,
            provisional=buffer[16 * size : 17 * size].view(np.bool_).reshape(shape),
            original_due_dates=buffer[17 * size :].view("M8[D]").reshape(shape)
            if extended
            else due,
        )
    if not isinstance(out, DeadlineBatch):
        raise DeadlineError(f"out: expected a DeadlineBatch, got {type(out).__name__}")
    if extended and out.original_due_dates is out.due_dates:
        raise DeadlineError(
            "out.original_due_dates: is out.due_dates itself; with extended_to give an array "
            "of its own (or no out)"
        )
    for name, dtype in (
        ("receipt_days", "M8[D]"),
        ("due_dates", "M8[D]"),
        ("provisional", "?"),
        ("original_due_dates", "M8[D]"),
    ):
        arr = getattr(out, name)
        if arr.shape != shape or arr.dtype != np.dtype(dtype) or not arr.flags.c_contiguous:
            raise DeadlineError(
                f"out.{name}: expected a C-contiguous {np.dtype(dtype)} array of shape {shape}, "
                f"got {arr.dtype} {arr.shape}"
            )
    return out


def _day_array(values: Any, shape: tuple[int, ...], field: str) -> Any:
    """A per-dossier `datetime64[D]` array (NaT: none) as flat int64 day numbers."""
    import numpy as np

    arr = np.asarray(values)
    if arr.shape != shape or arr.dtype != np.dtype("M8[D]"):
        raise DeadlineError(
            f"{field}: expected a datetime64[D] array of received_at's shape {shape} (NaT where "
            f"none), got {arr.dtype} {arr.shape}"
        )
    return arr.reshape(-1).view(np.int64)


#: A refused dossier: its position, the order of the check that refused it, the refusal.
_Found = tuple[int, int, DeadlineError | DateOutOfRangeError]


def _refuse_first(found: list[_Found]) -> None:
    """Raise the refusal of the first dossier found (its first check), naming it."""
    if found:
        k, _, error = min(found, key=lambda f: (f[0], f[1]))
        raise type(error)(f"dossier {k}: {error}")


def _day(value: int) -> dt.date:
    """The date of a `datetime64[D]` day number."""
    return dt.date(1970, 1, 1) + dt.timedelta(days=value)


def _first(mask: Any) -> int:
    import numpy as np

    return int(np.flatnonzero(mask)[0])


class _Pauses:
    """The pauses given to deadlines_many (one per dossier at most), counted chunk by chunk.

    The rules are the scalar deadline's (`deadlines._count`): `_pause_order` and its refusals,
    `_remaining_after_pause`, and the receipt-day rule for the day the complete dossier came back.
    """

    __slots__ = ("completed", "cuts", "per_day", "requested", "resume")

    def __init__(
        self, requested: Any, completed: Any, per_day: int, resume: Any, cuts: _Cutoffs | None
    ) -> None:
        self.requested = requested
        self.completed = completed
        self.per_day = per_day
        self.resume = resume
        self.cuts = cuts

    @classmethod
    def of(
        cls,
        requested: Any,
        completed: Any,
        resume: Any,
        shape: tuple[int, ...],
        cuts: _Cutoffs | None,
        received_per_day: int,
    ) -> _Pauses | None:
        """Check the pause arrays and prepare them (`None` when no pause is given)."""
        import numpy as np

        flag = np.asarray(resume)
        if flag.dtype != np.bool_ or (flag.ndim and flag.shape != shape):
            raise DeadlineError(
                f"resume_after_pause: expected one bool or a bool array of received_at's shape "
                f"{shape}, got {flag.dtype} {flag.shape}"
            )
        if requested is None and completed is None:
            return None
        if requested is None or completed is None:
            raise DeadlineError(
                "pause_requested_on and pause_completed_on: give both (a pause has a request "
                "day and an end), or neither"
            )
        days = _day_array(requested, shape, "pause_requested_on")
        moments = np.asarray(completed)
        unit, count = (None, 0) if moments.dtype.kind != "M" else np.datetime_data(moments.dtype)
        per_day = _TICKS_PER_DAY.get(unit) if count == 1 and unit is not None else None
        if per_day is None or moments.shape != shape:
            raise DeadlineError(
                f"pause_completed_on: expected a datetime64 array (D, h, m, s, ms, us or ns) of "
                f"received_at's shape {shape}, got {moments.dtype} {moments.shape}"
            )
        if cuts is not None and per_day != received_per_day:
            cuts = _Cutoffs(cuts.given, cuts.cut_per_day, per_day)
        resume_flat = flag.reshape(-1) if flag.ndim else bool(flag)
        return cls(days, moments.reshape(-1).view(np.int64), per_day, resume_flat, cuts)

    def count(
        self,
        tables: _Arrays,
        s: int,
        e: int,
        day: Any,
        receipt: Any,
        due: Any,
        n: Any,
        applies: Any,
    ) -> list[_Found]:
        """Count the paused dossiers `s` to `e` again from their pause (`due` is rewritten).

        Returns the refusals of the paused dossiers whose pause is out of order (their due
        dates are left as they were).
        """
        import numpy as np

        requested = self.requested[s:e]
        completed = self.completed[s:e]
        none = requested == _INT64_MIN
        halves = none != (completed == _INT64_MIN)
        if halves.any():
            k = _first(halves)
            raise DeadlineError(
                f"dossier {s + k}: pause_requested_on and pause_completed_on are NaT at "
                "different dossiers; a pause has both, or neither"
            )
        at = np.flatnonzero(~none)
        found: list[_Found] = []
        if not at.size:
            return found
        asked = requested[at]
        moment = completed[at]
        back = moment // self.per_day  # the day the complete dossier came back
        arrived = day[at]
        counted = due[at]
        early = back < asked  # refused by Pause itself
        problem = _pause_order(asked, arrived, counted)
        far = back > _EPOCH + _SIZE - 1
        refused = early | (problem != 0) | far
        if refused.any():
            for k in np.flatnonzero(refused).tolist():
                i, on = s + int(at[k]), _day(int(asked[k]))
                if early[k]:
                    found.append((i, 0, _pause_refusal(0, on, _day(int(back[k])), None)))
                elif problem[k]:
                    other = counted[k] if problem[k] == _AFTER_DUE else arrived[k]
                    found.append((i, 1, _pause_refusal(int(problem[k]), on, _day(int(other)), 0)))
                else:
                    found.append((i, 2, _out_of_range(_day(int(back[k])), "pause_completed_on")))
            keep = np.flatnonzero(~refused)
            at, asked, moment, back = at[keep], asked[keep], moment[keep], back[keep]
        limit = n if n.ndim == 0 else n[at]
        resume = self.resume if isinstance(self.resume, bool) else self.resume[s:e][at]
        # working days in (receipt day, request day]: the days used before the pause
        used = tables.ends[asked + 1] - tables.ends[receipt[at] + 1]
        remaining = _remaining_after_pause(limit, limit, used * (used > 0), resume)
        code = tables.code[back]
        after: Any = False
        if self.cuts is not None and applies is not False:
            ticks = self.cuts.ticks(s, e)
            clock = (moment - back * self.per_day).view(np.uint64)
            after = clock > (ticks if np.ndim(ticks) == 0 else ticks[at])
            if applies is not True:
                after &= applies[at]
        rank = receipt_rank(code >> 1, code & 1, after) + remaining
        last = len(tables.work) - 1
        if rank.size and int(rank.max()) > last:
            k = _first(rank > last)
            raise DateOutOfRangeError(
                f"deadlines_many: dossier {s + int(at[k])} (complete again "
                f"{_day(int(back[k])).isoformat()}, {int(remaining[k])} working days) is due "
                f"outside the calendar's range {_RANGE}"
            )
        due[at] = tables.work[rank]
        return found


def _extend(slips: Any, due: Any, s: int) -> list[_Found]:
    """Apology slips' return dates of dossiers `s` on, checked, become their due dates.

    Returns the refusals (out of range, or not later than the due date).
    """
    import numpy as np

    at = np.flatnonzero(slips != _INT64_MIN)
    found: list[_Found] = []
    if not at.size:
        return found
    given = slips[at]
    counted = due[at]
    outside = (given < _EPOCH) | (given > _EPOCH + _SIZE - 1)
    early = ~_extension_valid(given, counted)
    # the first of each kind: the caller raises the first dossier's
    if outside.any():
        k = _first(outside)
        found.append((s + int(at[k]), 3, _out_of_range(_day(int(given[k])), "extended_to")))
    if early.any():
        j = _first(early)
        refusal = _extension_refusal(_day(int(given[j])), _day(int(counted[j])))
        found.append((s + int(at[j]), 4, refusal))
    due[at] = given
    return found


def _check_days(day: Any, raw: Any, start: int, moments: Any) -> None:
    """Refuse NaT and days of arrival outside the bounds, naming the first such dossier."""
    import numpy as np

    if day.size and (int(day.min()) < _EPOCH or int(day.max()) > _EPOCH + _SIZE - 1):
        nat = raw == _INT64_MIN
        if nat.any():
            raise DateParseError(f"received_at[{start + int(np.flatnonzero(nat)[0])}] is NaT")
        k = int(np.flatnonzero((day < _EPOCH) | (day > _EPOCH + _SIZE - 1))[0])
        raise DateOutOfRangeError(
            f"received_at[{start + k}]: {moments.reshape(-1)[start + k]} is outside the "
            f"calendar's range {_RANGE}; give dates inside it (years 1900-2199)"
        )


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
    return arr


def _counting_of(
    weekend: frozenset[int] | None,
    include_culture_day: bool,
    saturday_reception: bool,
    local_days: tuple[Holiday, ...],
) -> _Ranks | None:
    """The counting of the calendar so defined (the shared national one when it is that)."""
    calendar = WorkingCalendar(weekend, include_culture_day, saturday_reception, local_days)
    shared = _national(include_culture_day)
    return (shared if calendar == shared else calendar)._deadline_counting


@cache
def _national(include_culture_day: bool) -> WorkingCalendar:
    return WorkingCalendar(include_culture_day=include_culture_day)
