"""The shipped official schedules and the schedule file loader."""

from __future__ import annotations

import datetime as dt

import pytest

from chinhquyen.calendar.schedules import load_schedule, official_schedules
from chinhquyen.errors import DataFileError

D = dt.date.fromisoformat


def test_every_year_2010_2026_is_shipped() -> None:
    assert sorted(official_schedules()) == list(range(2010, 2027))


def test_entries_are_sourced_and_not_provisional() -> None:
    for year, sched in official_schedules().items():
        assert sched.days == tuple(sorted(sched.days, key=lambda h: h.date))
        for h in sched.days:
            assert not h.provisional
            assert "http" in h.source, (year, h)
            assert h.name and h.name_en


def test_adjacent_year_entries_live_in_the_deciding_year() -> None:
    s = official_schedules()
    assert D("2018-12-31") in {h.date for h in s[2019].days}
    assert D("2014-12-27") in {h.date for h in s[2015].days}
    assert D("2018-12-31") not in {h.date for h in s[2018].days}


def test_2015_2026_files_are_official_and_older_are_partial() -> None:
    s = official_schedules()
    assert {y for y in s if s[y].status == "official"} == set(range(2015, 2027))


_GOOD = """
year = 2030
status = "official"
note = "test"
[sources.a]
title = "A"
url = "https://example.org/a"
"""


def _entry(date: str, kind: str, source: str = "a") -> str:
    return (
        f'\n[[days]]\ndate = {date}\nkind = "{kind}"\nname = "n"\nname_en = "n"\n'
        f'sources = ["{source}"]\nconfidence = "confirmed"\n'
    )


def test_loader_accepts_a_good_file() -> None:
    s = load_schedule(_GOOD + _entry("2030-01-01", "statutory"), path="t.toml")
    assert s.days[0].date == D("2030-01-01")


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (_entry("2030-01-01", "statutory") * 2, "twice"),
        (_entry("2030-01-05", "swapped"), "Monday-Friday"),
        (_entry("2030-01-07", "makeup_working_day"), "Saturday or Sunday"),
        (_entry("2030-01-01", "statutory", source="zz"), "unknown source"),
        (_entry("2030-01-01", "holiday"), "kind"),
        (_entry("2032-01-01", "statutory"), "within 2030"),
        ("", "days"),
    ],
)
def test_loader_refuses_bad_files(body: str, fragment: str) -> None:
    with pytest.raises(DataFileError, match=fragment) as e:
        load_schedule(_GOOD + body, path="bad.toml")
    assert "bad.toml" in str(e.value)


def test_loader_refuses_bad_toml() -> None:
    with pytest.raises(DataFileError, match="TOML"):
        load_schedule("year = = 1", path="x.toml")
