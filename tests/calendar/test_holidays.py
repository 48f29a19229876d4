"""Holiday rules and the shipped official schedules.

Expected dates come from the reference notes (calendar-law.md §1-§2, §5), not from the code.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from chinhquyen.calendar.holidays import (
    Holiday,
    HolidayKind,
    compensatory_days,
    labor_code_for,
    provisional_holidays,
)
from chinhquyen.calendar.schedules import official_schedules

D = dt.date.fromisoformat
DAY_OFF = {HolidayKind.STATUTORY, HolidayKind.COMPENSATORY, HolidayKind.SWAPPED}


def _stat(day: str) -> Holiday:
    return Holiday(D(day), "x", "x", HolidayKind.STATUTORY, "test", provisional=True)


def test_compensatory_skips_a_weekday_holiday_2023_example() -> None:
    # calendar-law.md §1.1: Giỗ Tổ Sat 29/4/2023 -> Tue 2/5, 30/4 Sun -> Wed 3/5
    # (Mon 1/5 is itself a holiday).
    bu = compensatory_days([_stat("2023-04-29"), _stat("2023-04-30"), _stat("2023-05-01")])
    assert [h.date for h in bu] == [D("2023-05-02"), D("2023-05-03")]
    assert all(h.kind is HolidayKind.COMPENSATORY for h in bu)


def test_no_compensatory_day_for_a_weekday_holiday() -> None:
    assert compensatory_days([_stat("2025-09-02")]) == []


@pytest.mark.parametrize(
    ("day", "code"),
    [
        ("2006-04-30", "bll1994"),
        ("2007-04-26", "bll1994-2007"),
        ("2013-04-30", "bll1994-2007"),
        ("2013-05-01", "bll2012"),
        ("2020-12-31", "bll2012"),
        ("2021-01-01", "bll2019"),
        ("1950-01-01", "bll1994"),
    ],
)
def test_labor_code_in_force(day: str, code: str) -> None:
    assert labor_code_for(D(day)).id == code


def _off_dates(holidays: list[Holiday]) -> set[dt.date]:
    return {h.date for h in holidays if h.kind in DAY_OFF}


def test_provisional_2027_default_pattern() -> None:
    # Without a Tết pattern (the calendar passes the one learnt from the official schedules:
    # see test_history.py), the fallback: the last day of Chạp and mùng 1, 2, ...
    hs = provisional_holidays(2027)
    assert all(h.provisional for h in hs)
    # Tết 2027 = 6/2 (calendar-law.md §5): 5/2 (last day of Chạp) + mùng 1-4, Sat/Sun -> Wed, Thu.
    # Giỗ Tổ 2027 = 16/4 (§5). 1/5/2027 Sat -> Mon 3/5. 2/9/2027 Thu + Fri 3/9.
    weekday_off = {d for d in _off_dates(hs) if d.weekday() < 5}
    assert weekday_off == {
        D("2027-01-01"),
        D("2027-02-05"),
        D("2027-02-08"),
        D("2027-02-09"),
        D("2027-02-10"),
        D("2027-02-11"),
        D("2027-04-16"),
        D("2027-04-30"),
        D("2027-05-03"),
        D("2027-09-02"),
        D("2027-09-03"),
    }


@pytest.mark.parametrize("year", [2019, 2022, 2026])
def test_rules_reproduce_years_whose_official_tet_was_the_default_pattern(year: int) -> None:
    # In 2019, 2022 and 2026 the PM chose "last day of Chạp + mùng 1-4" (calendar-law.md §2);
    # statutory and compensatory days of the rules must then equal the official ones.
    official = official_schedules()[year].days
    want = {
        h.date
        for h in official
        if h.kind in (HolidayKind.STATUTORY, HolidayKind.COMPENSATORY) and h.date.year == year
    }
    assert _off_dates(provisional_holidays(year)) == want


def test_culture_day_only_when_asked() -> None:
    assert D("2027-11-24") not in _off_dates(provisional_holidays(2027))
    hs = provisional_holidays(2027, include_culture_day=True)
    (cd,) = [h for h in hs if h.date == D("2027-11-24")]
    assert cd.provisional and cd.name == "Ngày Văn hóa Việt Nam"
    assert D("2025-11-24") not in _off_dates(provisional_holidays(2025, include_culture_day=True))


def test_gio_to_not_a_holiday_before_2007() -> None:
    names = [h.name for h in provisional_holidays(2006)]
    assert "Giỗ Tổ Hùng Vương" not in names
    assert "Giỗ Tổ Hùng Vương" in [h.name for h in provisional_holidays(2008)]


def test_tet_four_days_before_2013_code() -> None:
    # 2012 rules: Tết 23/1/2012 (Mon): Sun 22/1 + 23, 24, 25; Sun -> Thu 26/1.
    tet = [h.date for h in provisional_holidays(2012) if h.name.startswith("Tết Âm lịch")]
    assert tet == [D("2012-01-22"), D("2012-01-23"), D("2012-01-24"), D("2012-01-25")]


def test_holiday_is_frozen() -> None:
    h = _stat("2025-01-01")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        h.name = "y"  # type: ignore[misc]
