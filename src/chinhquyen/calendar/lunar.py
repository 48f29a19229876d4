"""The Vietnamese lunisolar calendar (âm lịch), computed for UTC+7 from 1968 and UTC+8 before.

Vietnam uses the same astronomical rules as the Chinese calendar but evaluates them for the
meridian of Hà Nội (UTC+7) since Quyết định 121-CP of the Council of Government (8/8/1967)
moved the calendar from UTC+8 to UTC+7 from 1/1/1968 (in the North; nationwide since 1975), so
in some years (e.g. 1968, 1985, 2007, 2030, 2053) Tết falls on a different day than in China.
Days before 1/1/1968 are computed at UTC+8, as the calendar then in use was (and as Hồ Ngọc
Đức's published tables give them): this moves month starts, the leap months of 1917, 1922 and
1938, and Tết in 1903, 1935 and 1965 against a UTC+7 computation. See `ZONE_CHANGE`. The rules,
as described by Hồ Ngọc Đức ("Thuật toán tính âm lịch",
https://www.informatik.uni-leipzig.de/~duc/amlich/):

- a lunar month starts on the local day (in the zone then in force) of an astronomical new moon;
- the month containing the winter solstice (sun longitude 270°) is month 11;
- when 13 new moons start between two months 11, the first month after month 11 during which the
  sun's longitude crosses no multiple of 30° (no major solar term) is a leap month and repeats
  the number of the month before it.

The astronomy follows Jean Meeus, *Astronomical Algorithms* (2nd ed., 1998): chapter 49 for the
mean and true new moon, chapter 25 for the apparent solar longitude, with ΔT from the
Espenak–Meeus polynomials (NASA Five Millennium Canon of Solar Eclipses, 2006).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from functools import cache

import attrs

from chinhquyen.calendar.dates import DateLike, as_date
from chinhquyen.errors import DateOutOfRangeError, LunarDateError

__all__ = [
    "FIRST_SUPPORTED_DATE",
    "LAST_SUPPORTED_DATE",
    "ZONE_CHANGE",
    "LunarDate",
    "from_lunar",
    "leap_month",
    "lunar_month_days",
    "to_lunar",
]

#: First Gregorian day the lunar calendar is computed for (Tết of lunar year 1900).
FIRST_SUPPORTED_DATE = dt.date(1900, 1, 31)
#: Last Gregorian day the lunar calendar is computed for.
LAST_SUPPORTED_DATE = dt.date(2199, 12, 31)

_FIRST_YEAR = 1900
_LAST_YEAR = 2199
_RANGE_TEXT = f"{FIRST_SUPPORTED_DATE.isoformat()} .. {LAST_SUPPORTED_DATE.isoformat()}"

#: Julian day number minus proleptic Gregorian ordinal (``date.toordinal()``).
_JDN_OFFSET = 1_721_425

#: The first day computed at UTC+7: Quyết định 121-CP of the Council of Government (Hội đồng
#: Chính phủ), 8/8/1967, moved the calendar from UTC+8 to UTC+7 from 1/1/1968 (reference:
#: law-2026.md "The calendar's history"; Tết 1968 fell on 29/1 in the North at UTC+7, on 30/1
#: in the South, which kept UTC+8 until 1975). Earlier days are computed at UTC+8.
ZONE_CHANGE = dt.date(1968, 1, 1)
_ZONE_CHANGE_JDN = ZONE_CHANGE.toordinal() + _JDN_OFFSET
#: The zone offsets from UTC, in days, before and from ZONE_CHANGE.
_TZ_BEFORE = 8 / 24
_TZ_AFTER = 7 / 24
#: The moment (Julian day, UT) the zone changed: midnight starting 1/1/1968 at UTC+8.
_ZONE_CHANGE_UT = _ZONE_CHANGE_JDN - 0.5 - _TZ_BEFORE
_SYNODIC_MONTH = 29.530588861

_CAN = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
_CHI = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi")


# --- astronomy -------------------------------------------------------------------------------


def _delta_t_days(jd: float) -> float:
    """Return TT − UT (ΔT) in days at Julian day ``jd`` (Espenak–Meeus polynomials)."""
    y = 2000.0 + (jd - 2_451_544.5) / 365.2425
    if y < 1920:
        t = y - 1900
        seconds = -2.79 + 1.494119 * t - 0.0598939 * t**2 + 0.0061966 * t**3 - 0.000197 * t**4
    elif y < 1941:
        t = y - 1920
        seconds = 21.20 + 0.84493 * t - 0.076100 * t**2 + 0.0020936 * t**3
    elif y < 1961:
        t = y - 1950
        seconds = 29.07 + 0.407 * t - t**2 / 233 + t**3 / 2547
    elif y < 1986:
        t = y - 1975
        seconds = 45.45 + 1.067 * t - t**2 / 260 - t**3 / 718
    elif y < 2005:
        t = y - 2000
        seconds = (
            63.86
            + 0.3345 * t
            - 0.060374 * t**2
            + 0.0017275 * t**3
            + 0.000651814 * t**4
            + 0.00002373599 * t**5
        )
    elif y < 2050:
        t = y - 2000
        seconds = 62.92 + 0.32217 * t + 0.005589 * t**2
    elif y < 2150:
        u = (y - 1820) / 100
        seconds = -20 + 32 * u**2 - 0.5628 * (2150 - y)
    else:
        u = (y - 1820) / 100
        seconds = -20 + 32 * u**2
    return seconds / 86_400


def _sin(degrees: float) -> float:
    return math.sin(math.radians(degrees))


# Periodic terms of the true new moon (Meeus table 49.A): (coefficient, power of E, k', k, kF, kΩ)
# where the argument is k'·M' + k·M + kF·F + kΩ·Ω.
_NEW_MOON_TERMS: tuple[tuple[float, int, int, int, int, int], ...] = (
    (-0.40720, 0, 1, 0, 0, 0),
    (0.17241, 1, 0, 1, 0, 0),
    (0.01608, 0, 2, 0, 0, 0),
    (0.01039, 0, 0, 0, 2, 0),
    (0.00739, 1, 1, -1, 0, 0),
    (-0.00514, 1, 1, 1, 0, 0),
    (0.00208, 2, 0, 2, 0, 0),
    (-0.00111, 0, 1, 0, -2, 0),
    (-0.00057, 0, 1, 0, 2, 0),
    (0.00056, 1, 2, 1, 0, 0),
    (-0.00042, 0, 3, 0, 0, 0),
    (0.00042, 1, 0, 1, 2, 0),
    (0.00038, 1, 0, 1, -2, 0),
    (-0.00024, 1, 2, -1, 0, 0),
    (-0.00017, 0, 0, 0, 0, 1),
    (-0.00007, 0, 1, 2, 0, 0),
    (0.00004, 0, 2, 0, -2, 0),
    (0.00004, 0, 0, 3, 0, 0),
    (0.00003, 0, 1, 1, -2, 0),
    (0.00003, 0, 2, 0, 2, 0),
    (-0.00003, 0, 1, 1, 2, 0),
    (0.00003, 0, 1, -1, 2, 0),
    (-0.00002, 0, 1, -1, -2, 0),
    (-0.00002, 0, 3, 1, 0, 0),
    (0.00002, 0, 4, 0, 0, 0),
)

# Additional corrections from the planets (Meeus ch. 49): (coefficient, A at k=0, A per lunation).
_PLANETARY_TERMS: tuple[tuple[float, float, float], ...] = (
    (0.000325, 299.77, 0.107408),
    (0.000165, 251.88, 0.016321),
    (0.000164, 251.83, 26.651886),
    (0.000126, 349.42, 36.412478),
    (0.000110, 84.66, 18.206239),
    (0.000062, 141.74, 53.303771),
    (0.000060, 207.14, 2.453732),
    (0.000056, 154.84, 7.306860),
    (0.000047, 34.52, 27.261239),
    (0.000042, 207.19, 0.121824),
    (0.000040, 291.34, 1.844379),
    (0.000037, 161.72, 24.198154),
    (0.000035, 239.56, 25.513099),
    (0.000023, 331.55, 3.592518),
)


def _new_moon_jd_ut(k: int) -> float:
    """Return the moment (Julian day, UT) of new moon number ``k`` (k = 0: 6 January 2000)."""
    t = k / 1236.85
    jde = (
        2_451_550.09766
        + _SYNODIC_MONTH * k
        + 0.00015437 * t**2
        - 0.000000150 * t**3
        + 0.00000000073 * t**4
    )
    e = 1 - 0.002516 * t - 0.0000074 * t**2
    m = 2.5534 + 29.10535670 * k - 0.0000014 * t**2 - 0.00000011 * t**3
    mp = 201.5643 + 385.81693528 * k + 0.0107582 * t**2 + 0.00001238 * t**3 - 0.000000058 * t**4
    f = 160.7108 + 390.67050284 * k - 0.0016118 * t**2 - 0.00000227 * t**3 + 0.000000011 * t**4
    omega = 124.7746 - 1.56375588 * k + 0.0020672 * t**2 + 0.00000215 * t**3
    correction = 0.0
    for coef, e_power, kmp, km, kf, ko in _NEW_MOON_TERMS:
        arg = kmp * mp + km * m + kf * f + ko * omega
        correction += coef * e**e_power * _sin(arg)
    correction += _PLANETARY_TERMS[0][0] * _sin(299.77 + 0.107408 * k - 0.009173 * t**2)
    for coef, a0, a1 in _PLANETARY_TERMS[1:]:
        correction += coef * _sin(a0 + a1 * k)
    jde += correction
    return jde - _delta_t_days(jde)


def _sun_longitude(jd_ut: float) -> float:
    """Return the apparent ecliptic longitude of the Sun, in degrees [0, 360), at ``jd_ut``."""
    t = (jd_ut + _delta_t_days(jd_ut) - 2_451_545.0) / 36_525
    l0 = 280.46646 + 36_000.76983 * t + 0.0003032 * t**2
    m = 357.52911 + 35_999.05029 * t - 0.0001537 * t**2
    center = (
        (1.914602 - 0.004817 * t - 0.000014 * t**2) * _sin(m)
        + (0.019993 - 0.000101 * t) * _sin(2 * m)
        + 0.000289 * _sin(3 * m)
    )
    omega = 125.04 - 1934.136 * t
    return (l0 + center - 0.00569 - 0.00478 * _sin(omega)) % 360


def _local_day(jd_ut: float) -> int:
    """Return the Julian day number of the local day containing the moment ``jd_ut``.

    Local: UTC+8 before the zone change (`ZONE_CHANGE`), UTC+7 from it.
    """
    zone = _TZ_BEFORE if jd_ut < _ZONE_CHANGE_UT else _TZ_AFTER
    return math.floor(jd_ut + 0.5 + zone)


def _longitude_at_day_start(jdn: int) -> float:
    """Return the Sun's longitude at local midnight starting day ``jdn`` (see `_local_day`)."""
    return _sun_longitude(jdn - 0.5 - (_TZ_BEFORE if jdn < _ZONE_CHANGE_JDN else _TZ_AFTER))


@cache
def _new_moon_day(k: int) -> int:
    """Return the Julian day number of the local day on which new moon ``k`` falls."""
    return _local_day(_new_moon_jd_ut(k))


def _term_sector(jdn: int) -> int:
    """Return which 30° sector of longitude (0 = 0°..30°) the Sun is in at the start of ``jdn``."""
    return int(_longitude_at_day_start(jdn) // 30)


@cache
def _month_11_lunation(gregorian_year: int) -> int:
    """Return the number ``k`` of the new moon starting lunar month 11 of ``gregorian_year``.

    Month 11 is the lunar month containing the winter solstice. A month starting on day ``s``
    contains it when the Sun is still short of 270° at the start of ``s`` and past it at the
    start of the next month.
    """
    dec_31 = dt.date(gregorian_year, 12, 31).toordinal() + _JDN_OFFSET
    k = math.floor((dec_31 - 2_451_550.1) / _SYNODIC_MONTH)
    # Step back while the month starting at k already began after the solstice.
    while not 180 <= _longitude_at_day_start(_new_moon_day(k)) < 270:
        k -= 1
    # Step forward while the next month still begins before the solstice.
    while 180 <= _longitude_at_day_start(_new_moon_day(k + 1)) < 270:
        k += 1
    return k


@attrs.frozen(slots=True)
class _Month:
    start: int  # proleptic Gregorian ordinal of day 1
    month: int
    leap: bool


@cache
def _sui(gregorian_year: int) -> tuple[_Month, ...]:
    """Return the lunar months from month 11 before ``gregorian_year`` to month 10 (or leap 10).

    That is, every month from lunar month 11 of ``gregorian_year - 1`` up to, not including,
    month 11 of ``gregorian_year``, labelled with its number and leap flag.
    """
    k_first = _month_11_lunation(gregorian_year - 1)
    k_next = _month_11_lunation(gregorian_year)
    starts = [_new_moon_day(k) for k in range(k_first, k_next + 1)]
    count = k_next - k_first
    leap_offset: int | None = None
    if count == 13:
        # The first month after month 11 in which no major solar term begins.
        for i in range(1, 13):
            if _term_sector(starts[i]) == _term_sector(starts[i + 1]):
                leap_offset = i
                break
    months: list[_Month] = []
    number = 10  # the month before month 11
    for i in range(count):
        leap = i == leap_offset
        if not leap:
            number = number % 12 + 1
        months.append(_Month(starts[i] - _JDN_OFFSET, number, leap))
    return tuple(months)


@attrs.frozen(slots=True)
class _LunarYear:
    months: tuple[_Month, ...]
    end: int  # ordinal of the first day of the next lunar year
    starts: tuple[int, ...]


@cache
def _lunar_year(year: int) -> _LunarYear:
    """Return the months of lunar year ``year`` (the one whose Tết falls in Gregorian ``year``)."""
    this_sui = _sui(year)
    next_sui = _sui(year + 1)
    # A sui starts with month 11 (and 12, maybe a leap one) of the previous lunar year.
    months = this_sui[_index_of_month_1(this_sui) :]
    tail = next_sui[: _index_of_month_1(next_sui)]
    all_months = months + tail
    end = next_sui[_index_of_month_1(next_sui)].start
    return _LunarYear(all_months, end, tuple(m.start for m in all_months))


def _index_of_month_1(sui: tuple[_Month, ...]) -> int:
    for i, m in enumerate(sui):
        if m.month == 1 and not m.leap:
            return i
    raise AssertionError("every sui contains a month 1")  # pragma: no cover


# --- public API ------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class LunarDate:
    """A date of the Vietnamese lunar calendar.

    Attributes:
        year: the lunar year, numbered as the Gregorian year in which its Tết (1 Giêng) falls.
        month: the month number, 1 (tháng Giêng) to 12 (tháng Chạp).
        day: the day of the month, 1 to 29 or 30.
        leap: whether the month is the leap (nhuận) repetition of ``month``.
    """

    year: int
    month: int
    day: int
    leap: bool = False

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise LunarDateError(f"lunar month {self.month} is not a month; valid months are 1..12")
        if not 1 <= self.day <= 30:
            raise LunarDateError(f"lunar day {self.day} is not a day; valid days are 1..30")

    def __str__(self) -> str:
        month = f"{self.month} nhuận" if self.leap else str(self.month)
        return f"{self.day}/{month}/{self.year} âm lịch"

    @property
    def can_chi_year(self) -> str:
        """The sexagenary (can chi) name of the lunar year, e.g. ``"Giáp Thìn"`` for 2024."""
        return f"{_CAN[(self.year + 6) % 10]} {_CHI[(self.year + 8) % 12]}"

    @property
    def sort_key(self) -> tuple[int, int, bool, int]:
        """A key that orders lunar dates chronologically (a leap month follows its regular one)."""
        return (self.year, self.month, self.leap, self.day)

    def to_date(self) -> dt.date:
        """Return the Gregorian date of this lunar date (see `from_lunar`)."""
        return from_lunar(self.year, self.month, self.day, leap=self.leap)


def _check_year(year: int) -> None:
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise DateOutOfRangeError(
            f"lunar year {year} is outside the supported range: lunar years "
            f"{_FIRST_YEAR}..{_LAST_YEAR}, Gregorian dates {_RANGE_TEXT}"
        )


def to_lunar(d: DateLike) -> LunarDate:
    """Return the Vietnamese lunar date of a Gregorian day.

    Args:
        d: a ``datetime.date`` (``pendulum.Date`` included), an ISO ``YYYY-MM-DD`` string, or a
            datetime (its day in Asia/Ho_Chi_Minh is used).

    Raises:
        DateParseError: if ``d`` is not a date.
        DateOutOfRangeError: if the day is outside 1900-01-31 .. 2199-12-31.
    """
    day = as_date(d, field="d")
    if not FIRST_SUPPORTED_DATE <= day <= LAST_SUPPORTED_DATE:
        raise DateOutOfRangeError(
            f"{day.isoformat()} is outside the lunar calendar's supported range {_RANGE_TEXT}"
        )
    ordinal = day.toordinal()
    year = day.year
    table = _lunar_year(year)
    if ordinal < table.starts[0]:
        year -= 1
        table = _lunar_year(year)
    i = bisect.bisect_right(table.starts, ordinal) - 1
    month = table.months[i]
    return LunarDate(year, month.month, ordinal - month.start + 1, month.leap)


def leap_month(year: int) -> int | None:
    """Return the number of the leap month of lunar year ``year``, or ``None`` if it has none.

    Raises:
        DateOutOfRangeError: if ``year`` is outside 1900..2199.
    """
    _check_year(year)
    for m in _lunar_year(year).months:
        if m.leap:
            return m.month
    return None


def _month_span(year: int, month: int, leap: bool) -> tuple[int, int]:
    """Return (ordinal of day 1, number of days) of a lunar month, validating it exists."""
    _check_year(year)
    if not 1 <= month <= 12:
        raise LunarDateError(
            f"lunar month {month} of {year} is not a month; valid months are 1..12"
        )
    table = _lunar_year(year)
    for i, m in enumerate(table.months):
        if m.month == month and m.leap == leap:
            nxt = table.starts[i + 1] if i + 1 < len(table.starts) else table.end
            return m.start, nxt - m.start
    raise LunarDateError(_no_leap_message(year, month))


def _no_leap_message(year: int, month: int) -> str:
    actual = leap_month(year)
    if actual is not None:
        return f"lunar year {year} has no leap month {month}; its leap month is {actual}"
    parts = [f"lunar year {year} has no leap month"]
    for other in range(year - 1, _FIRST_YEAR - 1, -1):
        found = leap_month(other)
        if found is not None:
            parts.append(f"{other} had leap month {found}")
            break
    for other in range(year + 1, _LAST_YEAR + 1):
        found = leap_month(other)
        if found is not None:
            parts.append(f"{other} has leap month {found}")
            break
    return "; ".join(parts)


def lunar_month_days(year: int, month: int, leap: bool = False) -> int:
    """Return how many days (29 or 30) lunar month ``month`` (leap or not) of ``year`` has.

    Raises:
        DateOutOfRangeError: if ``year`` is outside 1900..2199.
        LunarDateError: if the month does not exist (e.g. a leap month the year does not have).
    """
    return _month_span(year, month, leap)[1]


def from_lunar(year: int, month: int, day: int, leap: bool = False) -> dt.date:
    """Return the Gregorian date of a Vietnamese lunar date.

    Args:
        year: lunar year (numbered as the Gregorian year of its Tết), 1900..2199.
        month: lunar month 1..12.
        day: day of the month, 1..29 or 1..30 depending on the month.
        leap: ``True`` for the leap (nhuận) month repeating ``month``.

    Raises:
        DateOutOfRangeError: if the year or the resulting day is outside the supported range.
        LunarDateError: if the lunar date does not exist (day 30 of a 29-day month, a leap month
            the year does not have), saying what would be valid.
    """
    for name, value in (("year", year), ("month", month), ("day", day)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise LunarDateError(f"lunar {name} must be an integer, got {value!r}")
    if not isinstance(leap, bool):
        raise LunarDateError(f"leap must be True or False, got {leap!r}")
    start, length = _month_span(year, month, leap)
    label = f"leap month {month}" if leap else f"month {month}"
    if not 1 <= day <= length:
        raise LunarDateError(
            f"lunar {label} of {year} has {length} days; day {day} does not exist "
            f"(valid days are 1..{length})"
        )
    result = dt.date.fromordinal(start + day - 1)
    if result > LAST_SUPPORTED_DATE:
        raise DateOutOfRangeError(
            f"lunar day {day}/{month}/{year} is {result.isoformat()}, outside the lunar "
            f"calendar's supported range {_RANGE_TEXT}"
        )
    return result
