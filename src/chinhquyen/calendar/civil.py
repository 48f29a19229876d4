"""Periods (thời hạn) in calendar days, weeks, months or years under the Civil Code.

Bộ luật Dân sự 2015 (91/2015/QH13), Điều 147–148: the day a period starts from is not counted;
a period in days ends at the end of its last day, in weeks on the corresponding weekday of the
last week, in months on the corresponding day of the last month (its last day when that month
has no such day), in years on the corresponding day and month of the last year; when the last
day is a weekly rest day or a public holiday the period ends at the end of the next working day
(Điều 148 khoản 5). These rules apply unless the parties or another law provide otherwise
(Điều 145) — administrative procedures counted in working days use
[`compute_deadline`][chinhquyen.calendar.compute_deadline] instead.
"""

from __future__ import annotations

import calendar as _gregorian
import datetime as dt
from typing import TYPE_CHECKING

from chinhquyen.calendar.dates import DateLike, as_date
from chinhquyen.errors import DateOutOfRangeError, DeadlineError

if TYPE_CHECKING:
    from chinhquyen.calendar.deadlines import WorkingDays

__all__ = ["civil_period_end"]


def _add_months(start: dt.date, months: int) -> dt.date:
    """Return the corresponding day ``months`` months later, or that month's last day."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = _gregorian.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))


def _stated(given: dict[str, int]) -> str:
    """Return ``"3 months"`` style text for the single unit of ``given``."""
    ((name, value),) = given.items()
    return f"{value} {name}"


def civil_period_end(
    start: DateLike,
    *,
    days: int = 0,
    weeks: int = 0,
    months: int = 0,
    years: int = 0,
    calendar: WorkingDays | None = None,
) -> dt.date:
    """Return the last day of a Civil Code period (it ends at 24:00 of that day).

    Exactly one unit is given: a period such as "1 năm 6 tháng" is written in the unit that
    states it exactly (``months=18``), because mixing units would leave the order of the steps
    (and so the month-end clamping) to guesswork.

    Args:
        start: the day the period starts from (the day of the event); it is not counted. A
            date, an ISO ``YYYY-MM-DD`` string, or a datetime (its day in Asia/Ho_Chi_Minh).
        days: length in days (Điều 148 khoản 1).
        weeks: length in weeks; ends on the same weekday as ``start`` (khoản 2).
        months: length in months; ends on the same day of the month as ``start``, or on the
            last day of a shorter month (khoản 3).
        years: length in years; ends on the same day and month, 28 February for a period that
            starts on 29 February and ends in a common year (khoản 4).
        calendar: the calendar deciding which days are working days (khoản 5). ``None`` means
            ``WorkingCalendar.national()``, the state agencies' calendar: its official swapped
            weekdays count as rest days and its make-up Saturdays as working days; pass another
            calendar to count differently.

    Raises:
        DeadlineError: if not exactly one unit is given, or a length is negative or not an
            integer.
        DateParseError: if ``start`` is not a date.
        DateOutOfRangeError: if the end falls outside the calendar's supported range.
    """
    units = {"days": days, "weeks": weeks, "months": months, "years": years}
    for name, value in units.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise DeadlineError(f"{name} must be a whole number >= 1, got {value!r}")
        if value < 0:
            raise DeadlineError(f"{name} must be >= 1, got {value}; a period cannot run backwards")
    given = {name: value for name, value in units.items() if value}
    if len(given) != 1:
        stated = ", ".join(f"{k}={v}" for k, v in given.items()) or "none"
        raise DeadlineError(
            f"give exactly one of days, weeks, months, years with a value >= 1 (got {stated}); "
            "state a mixed period in one unit, e.g. months=18 for 1 năm 6 tháng"
        )
    first = as_date(start, field="start")
    try:
        if days:
            last = first + dt.timedelta(days=days)
        elif weeks:
            last = first + dt.timedelta(weeks=weeks)
        else:
            last = _add_months(first, months + 12 * years)
    except (OverflowError, ValueError):
        raise DateOutOfRangeError(
            f"a period of {_stated(given)} from {first.isoformat()} ends after 9999-12-31"
        ) from None
    if calendar is None:
        # Imported lazily: working.py builds on this package, a top-level import would be a cycle.
        from chinhquyen.calendar.working import WorkingCalendar

        calendar = WorkingCalendar.national()
    if calendar.is_working_day(last):
        return last
    return calendar.add_working_days(last, 0)
