"""Civil Code periods (BLDS 2015 Điều 147–148), expected dates counted by hand.

Non-working days come from the hand-typed 2023–2026 schedules of tests/calendar/_fake_calendar.py
(reference calendar-law.md §2).
"""

from __future__ import annotations

import calendar as gregorian
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.calendar._fake_calendar import FakeCalendar

from chinhquyen.calendar.civil import civil_period_end
from chinhquyen.errors import DateOutOfRangeError, DateParseError, DeadlineError

CAL = FakeCalendar()


def _d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


GOLDEN = [
    # 1 month from 31/1 in a leap year → 29/2/2024 (Thu, working).
    ("2024-01-31", {"months": 1}, "2024-02-29"),
    # ... and in a common year → 28/2/2023 (Tue).
    ("2023-01-31", {"months": 1}, "2023-02-28"),
    # 1 week from Sat 26/8/2023 → Sat 2/9/2023, a holiday on a weekend; Mon 4/9 is nghỉ bù
    # → ends Tue 5/9/2023.
    ("2023-08-26", {"weeks": 1}, "2023-09-05"),
    ("2023-08-26", {"days": 7}, "2023-09-05"),
    # 1 month from 31/3/2025 → 30/4/2025 (holiday); 1/5, Fri 2/5 (swapped), 3–4/5 off → Mon 5/5.
    ("2025-03-31", {"months": 1}, "2025-05-05"),
    # 10 days from Fri 17/1/2025 → Mon 27/1 (Tết, off to Sun 2/2) → Mon 3/2/2025.
    ("2025-01-17", {"days": 10}, "2025-02-03"),
    # 1 year from 29/2/2024 → 28/2/2025 (Fri, working).
    ("2024-02-29", {"years": 1}, "2025-02-28"),
    # 2 weeks from Wed 5/3/2025 → Wed 19/3/2025.
    ("2025-03-05", {"weeks": 2}, "2025-03-19"),
    # 30 days from 3/3/2025 → Wed 2/4/2025.
    ("2025-03-03", {"days": 30}, "2025-04-02"),
    # 3 months from 30/11/2025 → 28/2/2026 (Sat) → Mon 2/3/2026.
    ("2025-11-30", {"months": 3}, "2026-03-02"),
    # 10 days from 16/4/2025 → Sat 26/4/2025, a make-up working day of the state calendar.
    ("2025-04-16", {"days": 10}, "2025-04-26"),
    # 1 day from Thu 31/12/2025 → Thu 1/1/2026 (holiday), Fri 2/1 swapped → Mon 5/1/2026.
    ("2025-12-31", {"days": 1}, "2026-01-05"),
]


@pytest.mark.parametrize(("start", "length", "end"), GOLDEN)
def test_golden(start: str, length: dict[str, int], end: str) -> None:
    assert civil_period_end(start, calendar=CAL, **length) == _d(end)


def test_accepts_dates_and_datetimes() -> None:
    assert civil_period_end(dt.date(2025, 3, 3), days=30, calendar=CAL) == _d("2025-04-02")
    # 20:00 UTC on 2/3 is 03:00 on 3/3 in Hà Nội.
    moment = dt.datetime(2025, 3, 2, 20, tzinfo=dt.UTC)
    assert civil_period_end(moment, days=30, calendar=CAL) == _d("2025-04-02")


@pytest.mark.parametrize(
    "length",
    [{}, {"days": 0}, {"days": 1, "months": 1}, {"weeks": 1, "years": 1}],
)
def test_exactly_one_unit(length: dict[str, int]) -> None:
    with pytest.raises(DeadlineError, match="exactly one of days, weeks, months, years"):
        civil_period_end("2025-03-03", calendar=CAL, **length)


@pytest.mark.parametrize("bad", [-1, True, 1.5, "3"])
def test_bad_lengths(bad: object) -> None:
    with pytest.raises(DeadlineError, match="months"):
        civil_period_end("2025-03-03", months=bad, calendar=CAL)  # type: ignore[arg-type]


def test_bad_start() -> None:
    with pytest.raises(DateParseError, match="start"):
        civil_period_end("03/03/2025", days=1, calendar=CAL)


def test_overflow_is_out_of_range() -> None:
    with pytest.raises(DateOutOfRangeError, match="9999"):
        civil_period_end("2025-03-03", years=10_000, calendar=CAL)


# --- properties ----------------------------------------------------------------------------

starts = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2025, 6, 30))


def _next_working(d: dt.date) -> dt.date:
    while not CAL.is_working_day(d):
        d += dt.timedelta(days=1)
    return d


@given(starts, st.integers(1, 400))
def test_days_end_on_next_working_day_of_last_day(start: dt.date, n: int) -> None:
    end = civil_period_end(start, days=n, calendar=CAL)
    last = start + dt.timedelta(days=n)
    assert CAL.is_working_day(end)
    assert end >= last
    assert end == _next_working(last)


@given(starts, st.integers(1, 15))
def test_months_land_on_corresponding_day(start: dt.date, n: int) -> None:
    end = civil_period_end(start, months=n, calendar=CAL)
    month_index = start.year * 12 + start.month - 1 + n
    year, month = month_index // 12, month_index % 12 + 1
    last = dt.date(year, month, min(start.day, gregorian.monthrange(year, month)[1]))
    assert end == _next_working(last)
    assert civil_period_end(start, years=1, calendar=CAL) == civil_period_end(
        start, months=12, calendar=CAL
    )


@given(starts, st.integers(1, 52))
def test_weeks_are_seven_days(start: dt.date, n: int) -> None:
    assert civil_period_end(start, weeks=n, calendar=CAL) == civil_period_end(
        start, days=7 * n, calendar=CAL
    )


@given(starts, st.integers(1, 300), st.integers(1, 300))
def test_monotone_in_length(start: dt.date, a: int, b: int) -> None:
    a, b = min(a, b), max(a, b)
    assert civil_period_end(start, days=a, calendar=CAL) <= civil_period_end(
        start, days=b, calendar=CAL
    )


# --- the real national calendar (default) --------------------------------------------------


@pytest.mark.parametrize(("start", "length", "end"), GOLDEN)
def test_golden_default_national_calendar(start: str, length: dict[str, int], end: str) -> None:
    assert civil_period_end(start, **length) == _d(end)


def test_default_calendar_is_national() -> None:
    # 2/9/2017 was a Saturday, compensated on Mon 4/9/2017 (reference §2) → ends Tue 5/9/2017.
    assert civil_period_end("2017-08-26", weeks=1) == _d("2017-09-05")


def test_end_beyond_national_calendar_is_refused() -> None:
    with pytest.raises(DateOutOfRangeError, match="2199"):
        civil_period_end("2199-12-15", months=1)
