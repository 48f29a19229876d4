"""WorkingCalendar: golden days from the official schedules, semantics, variants, properties.

Golden answers: tests/calendar/golden/official_*.csv, typed in by hand from calendar-law.md §2
(2015-2026); hand-counted examples below cite the same table.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import attrs
import holidays as pyholidays
import numpy as np
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests import strategies as cs

from chinhquyen.calendar import Holiday, HolidayKind, WorkingCalendar
from chinhquyen.errors import DateOutOfRangeError, DateParseError, InvalidInputError

D = dt.date.fromisoformat
GOLDEN = Path(__file__).parent / "golden"
CAL = WorkingCalendar.national()


def _golden(name: str) -> dict[dt.date, str]:
    with (GOLDEN / name).open(encoding="utf-8") as f:
        return {D(row["date"]): row["source"] for row in csv.DictReader(f)}


OFF = _golden("official_non_working_weekdays.csv")
SATURDAYS = _golden("official_working_saturdays.csv")


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]


# --- golden -------------------------------------------------------------------------------


def test_golden_files_are_what_they_claim() -> None:
    assert all(d.weekday() < 5 for d in OFF)
    assert all(d.weekday() == 5 for d in SATURDAYS)
    assert len(OFF) == 135 and len(SATURDAYS) == 9


def test_every_day_2015_2026_matches_the_official_schedules() -> None:
    wrong = []
    for d in _days(dt.date(2015, 1, 1), dt.date(2026, 12, 31)):
        expected = (d.weekday() < 5 and d not in OFF) or d in SATURDAYS
        if CAL.is_working_day(d) != expected:
            wrong.append(d)
    assert wrong == []


def test_make_up_saturday_of_the_previous_year() -> None:
    assert CAL.is_working_day(D("2014-12-27"))  # worked for Fri 2/1/2015


def test_2015_2026_are_not_provisional_2027_is() -> None:
    assert not any(CAL.is_provisional(d) for d in OFF)
    assert CAL.is_provisional(D("2027-01-01")) and CAL.is_provisional(D("2009-12-31"))
    assert not CAL.is_provisional(D("2010-01-01"))
    assert all(h.provisional for h in CAL.holidays(2027))
    assert not any(h.provisional for h in CAL.holidays(2025))


def test_year_lists() -> None:
    assert CAL.official_years == tuple(range(2010, 2027))
    assert 2027 in CAL.provisional_years and 1900 in CAL.provisional_years
    assert 2026 not in CAL.provisional_years
    assert len(CAL.official_years) + len(CAL.provisional_years) == 300


# python-holidays (test oracle only). Its known gaps (calendar-law.md §2 and §6): the 2026 New
# Year swap (Fri 2/1 off, Sat 10/1 worked) and 24/11/2026 (it includes the unconfirmed Culture
# Day); before 2015 it lacks the 2011 swaps (Tết, Giỗ Tổ), the 2013 New Year and Tết make-up days
# and the Tết 2014 plan (calendar-law.md §2 notes). Each difference is listed; nothing else
# may differ.
PYHOLIDAYS_GAPS = {
    D("2011-01-29"),
    D("2011-01-30"),
    D("2011-01-31"),
    D("2011-02-01"),
    D("2011-04-09"),
    D("2011-04-11"),
    D("2012-12-31"),
    D("2013-01-05"),
    D("2013-02-23"),
    D("2014-01-25"),
    D("2014-01-28"),
    D("2014-02-05"),
    D("2014-02-08"),
    D("2026-01-02"),
    D("2026-01-10"),
    D("2026-11-24"),
}


def test_cross_check_with_python_holidays_2010_2026() -> None:
    vn = pyholidays.country_holidays("VN", years=range(2009, 2028))
    differ = {
        d
        for d in _days(dt.date(2010, 1, 1), dt.date(2026, 12, 31))
        if CAL.is_working_day(d) != vn.is_working_day(d)
    }
    assert differ == PYHOLIDAYS_GAPS


def test_culture_day_option() -> None:
    with_cd = WorkingCalendar.national(include_culture_day=True)
    assert CAL.is_working_day(D("2026-11-24")) and not CAL.is_provisional(D("2026-11-24"))
    assert not with_cd.is_working_day(D("2026-11-24"))
    assert with_cd.is_provisional(D("2026-11-24"))
    assert not with_cd.is_working_day(D("2027-11-24"))  # a Wednesday
    assert with_cd.is_working_day(D("2025-11-24"))  # before 2026


# --- hand-counted semantics ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "want"),
    [
        ("2026-02-13", 1, "2026-02-23"),  # Fri before Tết 2026 -> Mon after the 9-day break
        ("2026-02-14", 0, "2026-02-23"),  # n = 0 on a day off: next working day
        ("2026-02-12", 0, "2026-02-12"),  # n = 0 on a working day: itself
        ("2026-01-09", 1, "2026-01-10"),  # make-up Saturday
        ("2026-01-10", 1, "2026-01-12"),
        ("2025-12-31", 1, "2026-01-05"),  # 1/1 holiday, 2/1 swapped
        ("2026-02-23", -1, "2026-02-13"),
        ("2026-02-16", -1, "2026-02-13"),
        ("2023-04-28", 1, "2023-05-04"),  # 29/4-3/5/2023 off (§1.1)
        ("2023-04-28", 5, "2023-05-10"),
    ],
)
def test_add_examples(start: str, n: int, want: str) -> None:
    assert CAL.add_working_days(D(start), n) == D(want)


def test_count_examples() -> None:
    # 2026: 261 weekdays - 13 weekdays off + 2 make-up Saturdays (calendar-law.md §2).
    assert CAL.count_working_days(D("2026-01-01"), D("2027-01-01")) == 250
    assert CAL.count_working_days(D("2027-01-01"), D("2026-01-01")) == -250
    assert CAL.count_working_days(D("2026-02-13"), D("2026-02-23")) == 1
    assert CAL.count_working_days(D("2026-02-23"), D("2026-02-23")) == 0


def test_input_forms() -> None:
    assert CAL.add_working_days("2026-02-13", 1) == D("2026-02-23")
    assert CAL.add_working_days(pendulum.Date(2026, 2, 13), 1) == D("2026-02-23")
    # 20:00 UTC on Fri 13/2 is 03:00 Sat 14/2 in Hà Nội: a day off.
    aware = dt.datetime(2026, 2, 13, 20, tzinfo=dt.UTC)
    assert not CAL.is_working_day(aware)
    assert CAL.is_working_day(dt.datetime(2026, 2, 13, 20))  # naive = Vietnamese wall clock
    with pytest.raises(DateParseError):
        CAL.is_working_day("13/02/2026")
    with pytest.raises(InvalidInputError):
        CAL.add_working_days("2026-02-13", True)
    with pytest.raises(InvalidInputError):
        CAL.add_working_days("2026-02-13", 1.0)  # type: ignore[arg-type]
    assert CAL.add_working_days("2026-02-13", np.int64(1)) == D("2026-02-23")  # type: ignore[arg-type]


def test_bounds_are_refused() -> None:
    first, last = CAL.bounds
    assert (first, last) == (D("1900-01-01"), D("2199-12-31"))
    with pytest.raises(DateOutOfRangeError, match="1899-12-31"):
        CAL.is_working_day(D("1899-12-31"))
    with pytest.raises(DateOutOfRangeError):
        CAL.add_working_days(D("2200-01-01"), 0)
    with pytest.raises(DateOutOfRangeError, match="outside"):
        CAL.add_working_days(last, 1)
    with pytest.raises(DateOutOfRangeError):
        CAL.add_working_days(first, -1)
    assert CAL.count_working_days(last, D("2200-01-01")) in (0, 1)
    with pytest.raises(DateOutOfRangeError):
        CAL.count_working_days(last, D("2200-01-02"))
    with pytest.raises(DateOutOfRangeError):
        CAL.holidays(2200)


def test_holidays_of_a_year_include_adjacent_year_decisions() -> None:
    h2018 = {h.date: h for h in CAL.holidays(2018)}
    assert h2018[D("2018-12-31")].kind is HolidayKind.SWAPPED
    h2014 = {h.date: h for h in CAL.holidays(2014)}
    assert h2014[D("2014-12-27")].kind is HolidayKind.MAKEUP_WORKING_DAY
    h2023 = {h.date: h for h in CAL.holidays(2023)}
    assert h2023[D("2023-05-02")].kind is HolidayKind.COMPENSATORY
    assert h2023[D("2023-04-29")].name == "Giỗ Tổ Hùng Vương"


# --- variants -----------------------------------------------------------------------------


def test_local_days_off_and_working_days() -> None:
    local = CAL.with_days_off(["2026-03-02"], "Quyết định của UBND tỉnh (test)")
    assert not local.is_working_day(D("2026-03-02")) and CAL.is_working_day(D("2026-03-02"))
    entry = {h.date: h for h in local.holidays(2026)}[D("2026-03-02")]
    assert entry.kind is HolidayKind.LOCAL_DAY_OFF and "UBND" in entry.source
    worked = local.with_working_days([D("2026-02-16")], "làm việc (test)")
    assert worked.is_working_day(D("2026-02-16")) and not worked.is_working_day(D("2026-03-02"))
    again = local.with_working_days(["2026-03-02"], "đổi lại (test)")  # later decision wins
    assert again.is_working_day(D("2026-03-02"))


def test_custom_weekend() -> None:
    fri_sat = CAL.with_weekend({4, 5})
    assert not fri_sat.is_working_day(D("2026-03-06"))  # Friday
    assert fri_sat.is_working_day(D("2026-03-08"))  # Sunday
    assert not fri_sat.is_working_day(D("2026-02-16"))  # Tết stays a holiday
    with pytest.raises(InvalidInputError):
        CAL.with_weekend({7})
    with pytest.raises(InvalidInputError):
        CAL.with_weekend(range(7))


def test_saturday_reception() -> None:
    rec = CAL.with_saturday_reception()
    sat = D("2026-03-07")
    assert rec.is_reception_day(sat) and not CAL.is_reception_day(sat)
    assert not rec.is_working_day(sat)  # reception does not make Saturday a working day
    # A dossier received that Saturday counts from Monday 9/3 (day 0): 1 working day -> Tue 10/3.
    assert rec.deadline(dt.datetime(2026, 3, 7, 9), 1).due_date == D("2026-03-10")
    assert rec.add_working_days(sat, 1) == D("2026-03-09")  # DESIGN: 1st working day after
    assert not rec.is_reception_day(D("2026-02-14"))  # inside the Tết break
    assert not rec.is_reception_day(D("2026-03-08"))  # Sunday
    assert rec.is_reception_day(D("2026-03-09"))  # an ordinary Monday


def test_bad_local_input() -> None:
    with pytest.raises(InvalidInputError, match="reason"):
        CAL.with_days_off(["2026-03-02"], "  ")
    with pytest.raises(InvalidInputError, match="collection"):
        CAL.with_days_off("2026-03-02", "x")
    with pytest.raises(DateOutOfRangeError):
        CAL.with_days_off(["2300-01-01"], "x")


def test_immutable_hashable_shared() -> None:
    assert WorkingCalendar.national() is CAL
    assert WorkingCalendar() == CAL and hash(WorkingCalendar()) == hash(CAL)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CAL.weekend = frozenset()  # type: ignore[misc]
    local = CAL.with_days_off(["2026-03-02"], "x")
    assert local != CAL and CAL.is_working_day(D("2026-03-02"))


def test_deadline_delegates() -> None:
    d = CAL.deadline("2026-02-13T10:00", 1)
    assert d.due_date == D("2026-02-23")


def test_package_import_does_not_load_numpy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, chinhquyen.calendar as c; "
        "c.WorkingCalendar.national().is_working_day('2025-01-01'); "
        "print('numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- batch --------------------------------------------------------------------------------


def test_batch_examples_and_errors() -> None:
    starts = np.array(["2026-02-13", "2026-01-09", "2026-02-23"], dtype="datetime64[D]")
    got = CAL.add_working_days_many(starts, np.array([1, 1, -1]))
    assert got.tolist() == [D("2026-02-23"), D("2026-01-10"), D("2026-02-13")]
    assert CAL.count_working_days_many(
        np.datetime64("2026-01-01"), np.array(["2027-01-01", "2025-01-01"], dtype="M8[D]")
    ).tolist() == [250, -CAL.count_working_days(D("2025-01-01"), D("2026-01-01"))]
    with pytest.raises(DateParseError, match="datetime64\\[s\\]"):
        CAL.add_working_days_many(np.array(["2026-01-01T10:00"], dtype="M8[s]"), 1)
    with pytest.raises(DateParseError, match="NaT"):
        CAL.add_working_days_many(np.array(["NaT"], dtype="M8[D]"), 1)
    with pytest.raises(DateOutOfRangeError, match="element 1"):
        CAL.add_working_days_many(np.array(["2026-01-01", "2199-12-31"], dtype="M8[D]"), 5)
    with pytest.raises(DateOutOfRangeError):
        CAL.count_working_days_many(np.array(["1899-01-01"], dtype="M8[D]"), "2020-01-01")
    with pytest.raises(InvalidInputError):
        CAL.add_working_days_many(starts, np.array([1.5]))
    with pytest.raises(DateOutOfRangeError, match="element 1"):
        CAL.add_working_days_many(starts[:2], np.array([1, 10**12]))  # no int32 wrap-around


# --- properties ---------------------------------------------------------------------------


@given(cal=cs.working_calendars, d=cs.calendar_dates, n=st.integers(0, 600))
def test_count_inverts_add(cal: WorkingCalendar, d: dt.date, n: int) -> None:
    a = cal.add_working_days(d, 0)  # a working day
    assert cal.count_working_days(a, cal.add_working_days(a, n)) == n


@given(cal=cs.working_calendars, d=cs.schedule_era_dates, n=cs.working_day_offsets)
def test_add_lands_on_working_days(cal: WorkingCalendar, d: dt.date, n: int) -> None:
    r = cal.add_working_days(d, n)
    assert cal.is_working_day(r)
    if n > 0:
        assert r > d
    elif n < 0:
        assert r < d
    else:
        assert r >= d


@given(
    cal=cs.working_calendars,
    d1=cs.calendar_dates,
    d2=cs.calendar_dates,
    n1=cs.working_day_offsets,
    n2=cs.working_day_offsets,
)
def test_add_is_monotone(cal: WorkingCalendar, d1: dt.date, d2: dt.date, n1: int, n2: int) -> None:
    lo, hi = sorted((d1, d2))
    assert cal.add_working_days(lo, n1) <= cal.add_working_days(hi, n1)
    a, b = sorted((n1, n2))
    assert cal.add_working_days(d1, a) <= cal.add_working_days(d1, b)


@given(
    cal=cs.working_calendars,
    d=cs.schedule_era_dates,
    m=st.integers(1, 300),
    n=st.integers(1, 300),
)
def test_add_composes(cal: WorkingCalendar, d: dt.date, m: int, n: int) -> None:
    w = cal.add_working_days(d, 0)
    assert cal.add_working_days(cal.add_working_days(w, m), n) == cal.add_working_days(w, m + n)
    assert cal.add_working_days(cal.add_working_days(w, -m), -n) == cal.add_working_days(w, -m - n)


@given(cal=cs.working_calendars, d=cs.calendar_dates, n=st.integers(1, 600))
def test_negative_mirrors_positive(cal: WorkingCalendar, d: dt.date, n: int) -> None:
    back = cal.add_working_days(d, -n)
    # exactly n working days in [back, d) and back is a working day
    assert cal.is_working_day(back)
    assert cal.count_working_days(back, d) == n
    w = cal.add_working_days(d, 0)
    assert cal.add_working_days(cal.add_working_days(w, n), -n) == w


@given(cal=cs.working_calendars, a=cs.calendar_dates, b=cs.calendar_dates)
def test_count_is_antisymmetric_and_bounded(cal: WorkingCalendar, a: dt.date, b: dt.date) -> None:
    c = cal.count_working_days(a, b)
    assert c == -cal.count_working_days(b, a)
    assert abs(c) <= abs((b - a).days)


@settings(max_examples=50)
@given(
    cal=cs.working_calendars,
    ds=st.lists(cs.calendar_dates, min_size=1, max_size=40),
    data=st.data(),
)
def test_batch_equals_scalar(cal: WorkingCalendar, ds: list[dt.date], data: st.DataObject) -> None:
    ns = data.draw(st.lists(cs.working_day_offsets, min_size=len(ds), max_size=len(ds)))
    starts = np.array(ds, dtype="datetime64[D]")
    got = cal.add_working_days_many(starts, np.array(ns))
    assert got.tolist() == [cal.add_working_days(d, n) for d, n in zip(ds, ns, strict=True)]
    ends = starts[::-1]
    counts = cal.count_working_days_many(starts, ends)
    assert counts.tolist() == [
        cal.count_working_days(a, b) for a, b in zip(ds, ds[::-1], strict=True)
    ]
    # broadcasting: one start, many offsets
    one = cal.add_working_days_many(starts[0], np.array(ns))
    assert one.tolist() == [cal.add_working_days(ds[0], n) for n in ns]


@settings(max_examples=60)
@given(cal=cs.working_calendars, year=cs.calendar_years)
def test_holidays_sorted_unique_and_days_off(cal: WorkingCalendar, year: int) -> None:
    hs = cal.holidays(year)
    dates = [h.date for h in hs]
    assert dates == sorted(set(dates))
    assert all(isinstance(h, Holiday) and h.date.year == year for h in hs)
    for h in hs:
        assert cal.is_working_day(h.date) == (not h.is_day_off)
        if h.kind in (HolidayKind.STATUTORY, HolidayKind.COMPENSATORY, HolidayKind.SWAPPED):
            assert not cal.is_working_day(h.date)
    if year not in cal.official_years:
        assert all(h.provisional or h.kind.value.startswith("local") for h in hs)
