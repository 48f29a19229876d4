"""The calendar before and after its official years: the week before 1999, the lunar zone before
1968, and the Tết pattern of years without a schedule.

Golden values: Quyết định 188/1999/QĐ-TTg (17/9/1999; the five-day week for state agencies from
Saturday 2/10/1999, law-2026.md "The calendar's history"), hand-counted on a 1999 calendar;
Tết dates from tests/calendar/golden/lunar_dates.csv (calendar-law.md §5); the Tết days of the
official schedules read from the shipped TOML files with tomllib, not through the library.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from tests.calendar.test_lunar import GOLDEN_DATES

import chinhquyen
from chinhquyen.calendar import HolidayKind, WorkingCalendar
from chinhquyen.calendar.holidays import WEEKLY_REST, provisional_holidays, weekly_rest_days
from chinhquyen.calendar.schedules import official_schedules, tet_patterns

CAL = WorkingCalendar.national()
D = dt.date.fromisoformat
DATA = Path(chinhquyen.__file__).parent / "calendar" / "data"
TET = {
    int(r["lunar_year"]): D(r["gregorian"])
    for r in GOLDEN_DATES
    if (r["lunar_month"], r["lunar_day"], r["leap"]) == ("1", "1", "false")
}


# --- the five-day week (QĐ 188/1999/QĐ-TTg, from 2/10/1999) ----------------------------------


def test_saturdays_were_working_days_until_the_five_day_week() -> None:
    assert D("1999-10-02").weekday() == 5  # the first Saturday of the five-day week
    assert CAL.is_working_day(D("1999-09-25"))  # the last working Saturday
    assert not CAL.is_working_day(D("1999-10-02"))
    assert not CAL.is_working_day(D("1999-09-26"))  # Sundays were always off
    assert CAL.add_working_days(D("1999-09-24"), 1) == D("1999-09-25")
    assert CAL.add_working_days(D("1999-10-01"), 1) == D("1999-10-04")
    assert CAL.is_working_day(D("1968-01-06")) and CAL.is_working_day(D("1900-01-06"))


def test_working_days_of_september_and_october_1999_counted_by_hand() -> None:
    # September 1999: 30 days, Sundays 5, 12, 19, 26, Quốc khánh Thu 2/9 -> 25 working days.
    assert CAL.count_working_days(D("1999-09-01"), D("1999-10-01")) == 25
    # October 1999: Fri 1/10 worked; from 2/10 ten Saturdays and Sundays off -> 21.
    assert CAL.count_working_days(D("1999-10-01"), D("1999-11-01")) == 21


def test_weekly_rest_rules_are_dated_and_cited() -> None:
    assert [r.since for r in WEEKLY_REST] == [D("1900-01-01"), D("1999-10-02")]
    assert weekly_rest_days(D("1999-10-01")) == frozenset({6})
    assert weekly_rest_days(D("1999-10-02")) == frozenset({5, 6})
    assert all("188/1999" in r.source and "http" in r.source for r in WEEKLY_REST)


def test_no_compensatory_day_for_a_saturday_holiday_before_the_five_day_week() -> None:
    # 1/5/1999 was a Saturday, then a working day: the holiday gives no nghỉ bù (Labor Code
    # 1994 Art. 73: only a holiday on the weekly rest day does). 1/5/2004, also a Saturday,
    # gives Monday 3/5/2004.
    hs = {h.date: h for h in provisional_holidays(1999)}
    assert hs[D("1999-05-01")].kind is HolidayKind.STATUTORY
    assert CAL.is_working_day(D("1999-05-03"))
    assert not CAL.is_working_day(D("2004-05-03"))


def test_a_local_weekend_applies_to_every_date() -> None:
    fixed = CAL.with_weekend({5, 6})
    assert not fixed.is_working_day(D("1999-09-25"))
    assert CAL.weekend is None and fixed.weekend == frozenset({5, 6})


# --- the lunar zone before 1968, seen in the working calendar --------------------------------


def test_tet_1965_and_1968_in_the_provisional_holidays() -> None:
    # Tết 1965 = Tue 2/2/1965 at UTC+8 (the calendar then in use); Tết 1968 = Mon 29/1/1968 at
    # UTC+7 (Quyết định 121-CP). Before 1995 the 1994 list stands in: the last day of Chạp and
    # mùng 1-3.
    assert TET[1965] == D("1965-02-02") and TET[1968] == D("1968-01-29")
    # Sun 31/1, Mon 1/2 (the last day of Chạp), Tue 2/2 .. Thu 4/2 (mùng 1-3), then Fri 5, Sat 6/2
    days_1965 = [D("1965-01-31") + dt.timedelta(days=k) for k in range(7)]
    assert [CAL.is_working_day(d) for d in days_1965] == [False] * 5 + [True, True]
    # 1968: Sun 28/1 (the last day of Chạp, a rest day: nghỉ bù on Thu 1/2), Mon 29 .. Wed 31/1.
    days_1968 = [D("1968-01-27") + dt.timedelta(days=k) for k in range(8)]
    assert [CAL.is_working_day(d) for d in days_1968] == [True] + [False] * 5 + [True, True]
    assert CAL.is_provisional(D("1968-01-29"))


# --- the Tết pattern of years without a schedule ----------------------------------------------


def _raw_tet_days(year: int) -> tuple[int, ...]:
    """The statutory Tết days of a shipped official schedule, from mùng 1, read raw."""
    with (DATA / f"{year}.toml").open("rb") as f:
        raw = tomllib.load(f)
    assert raw["status"] == "official"
    return tuple(
        sorted(
            (day["date"] - TET[year]).days
            for day in raw["days"]
            if day["kind"] == "statutory" and day["name"].startswith("Tết Âm lịch")
        )
    )


def test_the_pattern_is_the_most_frequent_choice_of_the_official_schedules() -> None:
    chosen = Counter(_raw_tet_days(y) for y in range(2015, 2027))
    assert chosen == {(-2, -1, 0, 1, 2): 8, (-1, 0, 1, 2, 3): 4}
    (pattern,) = tet_patterns().values()
    assert pattern.offsets == (-2, -1, 0, 1, 2)
    assert "8/12" in pattern.rule and "8 of the 12" in pattern.rule


def test_provisional_2027_follows_the_pattern() -> None:
    # Tết Đinh Mùi = Sat 6/2/2027 (calendar-law.md §5): Thu 4/2 and Fri 5/2 (28, 29 Chạp),
    # mùng 1-3 Sat 6 .. Mon 8/2, nghỉ bù for Sat 6 and Sun 7 on Tue 9 and Wed 10/2.
    days = [D("2027-02-03") + dt.timedelta(days=k) for k in range(9)]
    assert [CAL.is_working_day(d) for d in days] == [True] + [False] * 7 + [True]
    assert all(CAL.is_provisional(d) for d in days)
    tet = [h for h in CAL.holidays(2027) if h.name.startswith("Tết Âm lịch")]
    assert [h.date for h in tet] == days[1:6]
    assert tet[0].name == "Tết Âm lịch (28 tháng Chạp)"
    assert all(h.provisional and "8/12" in (h.note or "") for h in tet)


@pytest.mark.parametrize("year", [2017, 2018, 2020, 2021, 2023, 2024, 2025])
def test_the_pattern_reproduces_the_years_that_chose_it(year: int) -> None:
    # Years without a swap around Tết whose schedule chose 2 days before and mùng 1-3: the rules
    # with the pattern give their statutory and compensatory days.
    official = {
        h.date
        for h in official_schedules()[year].days
        if h.kind in (HolidayKind.STATUTORY, HolidayKind.COMPENSATORY) and h.date.year == year
    }
    computed = {
        h.date
        for h in provisional_holidays(year, tet_patterns=tet_patterns())
        if h.kind in (HolidayKind.STATUTORY, HolidayKind.COMPENSATORY)
    }
    assert computed == official


def test_publishing_2027_is_one_data_file(tmp_path: Path) -> None:
    # A copy of the package with one more file, data/2027.toml (a made-up schedule: Tết off Mon
    # 8/2 .. Fri 12/2, a swap of Fri 5/2 for Sat 30/1): nothing else changes.
    package = Path(chinhquyen.__file__).parent
    shutil.copytree(package, tmp_path / "chinhquyen", ignore=shutil.ignore_patterns("__pycache__"))
    days = [
        ("2027-02-05", "swapped"),
        ("2027-01-30", "makeup_working_day"),
        *((f"2027-02-{d:02d}", "statutory") for d in range(6, 13)),
    ]
    text = "\n".join(
        [
            "year = 2027",
            'status = "official"',
            'note = "made up for a test"',
            "[sources.x]",
            'title = "test"',
            'url = "https://example.org/2027"',
        ]
        + [
            f'[[days]]\ndate = {d}\nkind = "{k}"\nname = "n"\nname_en = "n"\n'
            f'sources = ["x"]\nconfidence = "confirmed"'
            for d, k in days
        ]
    )
    (tmp_path / "chinhquyen" / "calendar" / "data" / "2027.toml").write_text(text + "\n")
    code = (
        "from chinhquyen.calendar import WorkingCalendar as W; c = W.national(); "
        "print(c.official_years[-1], c.is_provisional('2027-02-08'), "
        "c.is_working_day('2027-01-30'), c.is_working_day('2027-02-05'), "
        "c.is_working_day('2027-02-04'), c.is_provisional('2028-01-03'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
    )
    assert out.stdout.split() == ["2027", "False", "True", "False", "True", "True"]
