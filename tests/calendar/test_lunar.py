from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import lunar_range_dates, lunar_years

from chinhquyen.calendar.lunar import (
    ZONE_CHANGE,
    LunarDate,
    from_lunar,
    leap_month,
    lunar_month_days,
    to_lunar,
)
from chinhquyen.errors import DateOutOfRangeError, DateParseError, LunarDateError

GOLDEN = Path(__file__).parent / "golden"


def _rows(name: str) -> list[dict[str, str]]:
    with (GOLDEN / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


GOLDEN_DATES = _rows("lunar_dates.csv")
UTC8_TET = _rows("lunar_tet_utc8.csv")


def _lunar(row: dict[str, str]) -> LunarDate:
    return LunarDate(
        int(row["lunar_year"]),
        int(row["lunar_month"]),
        int(row["lunar_day"]),
        row["leap"] == "true",
    )


# --- golden answers ------------------------------------------------------------------------


def test_golden_file_is_not_empty() -> None:
    assert len(GOLDEN_DATES) >= 50
    assert len(UTC8_TET) == 10


@pytest.mark.parametrize("row", GOLDEN_DATES, ids=lambda r: f"{r['gregorian']}-{r['source']}")
def test_to_lunar_golden(row: dict[str, str]) -> None:
    assert to_lunar(dt.date.fromisoformat(row["gregorian"])) == _lunar(row)


@pytest.mark.parametrize("row", GOLDEN_DATES, ids=lambda r: f"{r['gregorian']}-{r['source']}")
def test_from_lunar_golden(row: dict[str, str]) -> None:
    lunar = _lunar(row)
    expected = dt.date.fromisoformat(row["gregorian"])
    assert from_lunar(lunar.year, lunar.month, lunar.day, leap=lunar.leap) == expected
    assert lunar.to_date() == expected


@pytest.mark.parametrize("row", UTC8_TET, ids=lambda r: r["year"])
def test_vietnamese_not_chinese_tet(row: dict[str, str]) -> None:
    year = int(row["year"])
    if year < 1968:
        # Before 1/1/1968 the calendar was computed at UTC+8 (Quyết định 121-CP, 8/8/1967): the
        # UTC+8 day of this file is then Vietnamese Tết, the UTC+7 one is not (changed when the
        # library adopted that rule; the file's "vietnam" column is the UTC+7 computation).
        assert from_lunar(year, 1, 1) == dt.date.fromisoformat(row["china"])
        utc7 = to_lunar(dt.date.fromisoformat(row["vietnam"]))
        assert (utc7.month, utc7.day) != (1, 1)
        return
    assert from_lunar(year, 1, 1) == dt.date.fromisoformat(row["vietnam"])
    china = to_lunar(dt.date.fromisoformat(row["china"]))
    assert (china.month, china.day) != (1, 1)


def test_tet_1985_is_a_whole_month_before_china() -> None:
    # Reference §5: Vietnam 21/1/1985, China 20/2/1985.
    assert to_lunar(dt.date(1985, 2, 20)).month == 2
    assert to_lunar(dt.date(1985, 1, 21)) == LunarDate(1985, 1, 1)


def _oracle(calendar: str) -> object:
    from holidays.calendars import chinese

    return chinese._ChineseLunisolar(getattr(chinese, calendar))


@pytest.mark.parametrize(
    ("calendar", "years"),
    [
        # python-holidays ships pre-computed tables (reference §6): the Chinese one (UTC+8) is an
        # independent oracle before 1968, when Vietnam's calendar followed UTC+8 (Quyết định
        # 121-CP); the Vietnamese one (UTC+7 overrides) from 1968. Changed from one comparison
        # with the Vietnamese table over 1901-2100 when the library adopted the UTC+8 rule.
        ("CHINESE_CALENDAR", range(1901, 1968)),
        ("VIETNAMESE_CALENDAR", range(1968, 2101)),
    ],
)
def test_tet_and_gio_to_match_python_holidays(calendar: str, years: range) -> None:
    oracle = _oracle(calendar)
    mismatches = []
    for year in years:
        tet, _ = oracle.lunar_new_year_date(year)  # type: ignore[attr-defined]
        gio_to, _ = oracle.hung_kings_date(year)  # type: ignore[attr-defined]
        if from_lunar(year, 1, 1) != tet or from_lunar(year, 3, 10) != gio_to:
            mismatches.append(year)
        if to_lunar(tet) != LunarDate(year, 1, 1) or to_lunar(gio_to) != LunarDate(year, 3, 10):
            mismatches.append(year)
    assert mismatches == []


HND_MONTHS = _rows("lunar_months_hnd_1900_1969.csv")

#: Month starts where Hồ Ngọc Đức's table and the astronomical computation at UTC+8 differ by a
#: day. The first four are new moons 1 to 6 minutes after midnight UTC+8 (16:01-16:06 UT), which
#: the table puts on the day before, as a computation for the Beijing meridian (UTC+7:46, the
#: Chinese calendar's until 1929) would; the Chinese table of python-holidays agrees with the
#: UTC+8 day for Tết 1916 (4/2). 1925: the new moon was at 14:44 UT on 24/1 (22:44 at UTC+8),
#: so the table's 25/1 fits no zone near UTC+8; python-holidays' Chinese table gives 24/1.
HND_DIFFERS = {
    (1906, 4, False): "1906-04-24",
    (1914, 10, False): "1914-11-18",
    (1916, 1, False): "1916-02-04",
    (1920, 10, False): "1920-11-11",
    (1925, 1, False): "1925-01-24",
}


def test_month_starts_1900_1969_against_ho_ngoc_duc_tables() -> None:
    assert len(HND_MONTHS) == 866
    differ = {}
    for row in HND_MONTHS:
        key = (int(row["lunar_year"]), int(row["lunar_month"]), row["leap"] == "true")
        got = from_lunar(*key[:2], 1, leap=key[2])
        if got.isoformat() != row["first_day"]:
            differ[key] = got.isoformat()
        else:
            assert to_lunar(got) == LunarDate(key[0], key[1], 1, key[2])
    assert differ == HND_DIFFERS


def test_leap_months_before_1968_follow_utc8() -> None:
    # The table's leap months 1900-1969, among them 1917 (2), 1922 (5) and 1938 (7), which a
    # computation at UTC+7 would place elsewhere (law-2026.md "The calendar's history").
    table = {int(r["lunar_year"]): int(r["lunar_month"]) for r in HND_MONTHS if r["leap"] == "true"}
    assert (table[1917], table[1922], table[1938]) == (2, 5, 7)
    assert {y: leap_month(y) for y in range(1900, 1970) if leap_month(y)} == table


def test_the_zone_change_of_1968() -> None:
    # Quyết định 121-CP: UTC+7 from 1/1/1968. Tết Mậu Thân fell on 29/1/1968 in the North (UTC+7)
    # and on 30/1 in the South (still UTC+8) (calendar-law.md §5). In Hồ Ngọc Đức's table month
    # 11 of 1967 began on 2/12/1967 (UTC+8; 1/12 at UTC+7) and month 12 on 31/12/1967.
    assert dt.date(1968, 1, 1) == ZONE_CHANGE
    assert from_lunar(1968, 1, 1) == dt.date(1968, 1, 29)
    assert to_lunar(dt.date(1968, 1, 30)) == LunarDate(1968, 1, 2)
    assert from_lunar(1967, 12, 1) == dt.date(1967, 12, 31)
    assert from_lunar(1967, 11, 1) == dt.date(1967, 12, 2)
    assert to_lunar(dt.date(1967, 12, 30)) == LunarDate(1967, 11, 29)


def test_known_leap_months() -> None:
    # Widely published in Vietnamese almanacs: 2020 nhuận tháng 4, 2023 nhuận tháng 2,
    # 2025 nhuận tháng 6; 2024 and 2026 have none.
    assert leap_month(2020) == 4
    assert leap_month(2023) == 2
    assert leap_month(2025) == 6
    assert leap_month(2024) is None
    assert leap_month(2026) is None


def test_leap_month_follows_regular_month() -> None:
    regular = from_lunar(2023, 2, 1)
    leap = from_lunar(2023, 2, 1, leap=True)
    assert leap > regular
    assert to_lunar(leap) == LunarDate(2023, 2, 1, leap=True)
    assert from_lunar(2023, 3, 1) > leap


# --- presentation --------------------------------------------------------------------------


def test_str_and_can_chi() -> None:
    assert str(LunarDate(2024, 3, 10)) == "10/3/2024 âm lịch"
    assert str(LunarDate(2023, 2, 5, leap=True)) == "5/2 nhuận/2023 âm lịch"
    assert LunarDate(2024, 1, 1).can_chi_year == "Giáp Thìn"
    assert LunarDate(2025, 1, 1).can_chi_year == "Ất Tỵ"
    assert LunarDate(2026, 1, 1).can_chi_year == "Bính Ngọ"
    assert LunarDate(1985, 1, 1).can_chi_year == "Ất Sửu"


def test_lunar_date_is_frozen() -> None:
    d = LunarDate(2024, 3, 10)
    with pytest.raises(AttributeError):
        d.day = 11  # type: ignore[misc]


def test_lunar_date_refuses_impossible_fields() -> None:
    with pytest.raises(LunarDateError, match=r"valid months are 1\.\.12"):
        LunarDate(2024, 13, 1)
    with pytest.raises(LunarDateError, match=r"valid days are 1\.\.30"):
        LunarDate(2024, 1, 31)


# --- inputs and errors ---------------------------------------------------------------------


def test_accepts_iso_string_pendulum_and_datetime() -> None:
    expected = LunarDate(2024, 3, 10)
    assert to_lunar("2024-04-18") == expected
    assert to_lunar(pendulum.date(2024, 4, 18)) == expected
    # 20:00 UTC on 17/4 is 03:00 on 18/4 in Vietnam.
    assert to_lunar(dt.datetime(2024, 4, 17, 20, tzinfo=dt.UTC)) == expected


def test_refuses_bad_strings() -> None:
    with pytest.raises(DateParseError):
        to_lunar("18/04/2024")


@pytest.mark.parametrize("day", [dt.date(1900, 1, 30), dt.date(2200, 1, 1), dt.date(1, 1, 1)])
def test_to_lunar_out_of_range(day: dt.date) -> None:
    with pytest.raises(DateOutOfRangeError, match=r"1900-01-31 \.\. 2199-12-31") as e:
        to_lunar(day)
    assert day.isoformat() in str(e.value)


def test_range_edges() -> None:
    assert to_lunar(dt.date(1900, 1, 31)) == LunarDate(1900, 1, 1)
    assert to_lunar(dt.date(2199, 12, 31)).year == 2199


@pytest.mark.parametrize("year", [1899, 2200])
def test_from_lunar_year_out_of_range(year: int) -> None:
    with pytest.raises(DateOutOfRangeError, match=str(year)):
        from_lunar(year, 1, 1)


def test_from_lunar_past_last_supported_day() -> None:
    last = to_lunar(dt.date(2199, 12, 31))
    with pytest.raises(DateOutOfRangeError, match="2199-12-31"):
        from_lunar(2199, 12, lunar_month_days(2199, 12))
    assert last.month == 11 or last.month == 12


def test_day_30_of_a_29_day_month() -> None:
    # Golden: 28 Chạp 2024 = 27/1/2025 and Tết 2025 = 29/1/2025, so Chạp 2024 has 29 days.
    assert lunar_month_days(2024, 12) == 29
    with pytest.raises(LunarDateError, match="lunar month 12 of 2024 has 29 days") as e:
        from_lunar(2024, 12, 30)
    assert "1..29" in str(e.value)


def test_leap_month_that_does_not_exist() -> None:
    with pytest.raises(LunarDateError) as e:
        from_lunar(2024, 3, 1, leap=True)
    message = str(e.value)
    assert "2024 has no leap month" in message
    assert "2023 had leap month 2" in message
    assert "2025 has leap month 6" in message


def test_wrong_leap_month_number() -> None:
    with pytest.raises(LunarDateError, match="its leap month is 2"):
        from_lunar(2023, 3, 1, leap=True)


def test_non_integer_fields_refused() -> None:
    with pytest.raises(LunarDateError, match="integer"):
        from_lunar(2024, "3", 10)  # type: ignore[arg-type]
    with pytest.raises(LunarDateError, match="leap"):
        from_lunar(2024, 3, 10, leap=1)  # type: ignore[arg-type]


def test_month_zero_refused() -> None:
    with pytest.raises(LunarDateError, match=r"valid months are 1\.\.12"):
        from_lunar(2024, 0, 1)


# --- properties ----------------------------------------------------------------------------


@given(lunar_range_dates)
def test_round_trip(d: dt.date) -> None:
    lunar = to_lunar(d)
    assert from_lunar(lunar.year, lunar.month, lunar.day, leap=lunar.leap) == d


@given(lunar_range_dates, lunar_range_dates)
def test_to_lunar_is_monotone(a: dt.date, b: dt.date) -> None:
    a, b = min(a, b), max(a, b)
    ka, kb = to_lunar(a).sort_key, to_lunar(b).sort_key
    assert (ka < kb) == (a < b)
    assert (ka == kb) == (a == b)


@given(lunar_range_dates.filter(lambda d: d < dt.date(2199, 12, 31)))
def test_next_day_is_next_lunar_day_or_first_of_month(d: dt.date) -> None:
    today, tomorrow = to_lunar(d), to_lunar(d + dt.timedelta(days=1))
    if tomorrow.day == 1:
        assert today.day in (29, 30)
    else:
        assert (tomorrow.year, tomorrow.month, tomorrow.leap) == (
            today.year,
            today.month,
            today.leap,
        )
        assert tomorrow.day == today.day + 1


@given(lunar_years.filter(lambda y: y < 2199))
def test_lunar_year_shape(year: int) -> None:
    # Walk the year day by day with to_lunar only: 12 or 13 months of 29 or 30 days.
    start, end = from_lunar(year, 1, 1), from_lunar(year + 1, 1, 1)
    lengths: dict[tuple[int, bool], int] = {}
    day = start
    while day < end:
        lunar = to_lunar(day)
        assert lunar.year == year
        key = (lunar.month, lunar.leap)
        lengths[key] = lengths.get(key, 0) + 1
        day += dt.timedelta(days=1)
    assert len(lengths) in (12, 13)
    assert set(lengths.values()) <= {29, 30}
    assert sorted({m for m, _ in lengths}) == list(range(1, 13))
    leaps = [m for m, leap in lengths if leap]
    assert leaps == ([] if leap_month(year) is None else [leap_month(year)])
    assert len(lengths) == (13 if leaps else 12)
    assert (end - start).days in (353, 354, 355, 383, 384, 385)
    for (month, leap), n in lengths.items():
        assert lunar_month_days(year, month, leap) == n


@given(lunar_years, st.integers(1, 12), st.integers(1, 30))
def test_from_lunar_valid_or_explained(year: int, month: int, day: int) -> None:
    try:
        result = from_lunar(year, month, day)
    except LunarDateError as e:
        assert day == 30
        assert "has 29 days" in str(e)
    except DateOutOfRangeError:
        assert year == 2199
    else:
        assert to_lunar(result) == LunarDate(year, month, day)
