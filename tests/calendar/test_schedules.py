"""The shipped official schedules and the schedule file loader."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import chinhquyen.calendar
from chinhquyen.calendar.schedules import (
    load_schedule,
    load_schedules,
    official_schedules,
    tet_patterns,
)
from chinhquyen.errors import DataFileError

D = dt.date.fromisoformat
DATA = Path(chinhquyen.calendar.__file__).parent / "data"


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


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        # every field is required, and no other is allowed
        (_GOOD.replace('note = "test"\n', ""), "note: field required"),
        (_GOOD + "extra = 1\n" + _entry("2030-01-01", "statutory"), "extra: unknown field"),
        (_GOOD + _entry("2030-01-01", "statutory") + 'remark = "x"\n', r"days\.0\.remark"),
        (
            _GOOD.replace('url = "https://example.org/a"', 'url = "x"')
            + _entry("2030-01-01", "statutory"),
            "http",
        ),
        (
            _GOOD.replace('title = "A"\n', "") + _entry("2030-01-01", "statutory"),
            r"sources\.a\.title: field required",
        ),
        # nothing is coerced: a bool or a string year, a date-time, a bare source key
        (_GOOD.replace("year = 2030", "year = true") + _entry("2030-01-01", "statutory"), "year"),
        (_GOOD.replace("year = 2030", 'year = "2030"') + _entry("2030-01-01", "statutory"), "year"),
        (
            _GOOD.replace("year = 2030", "year = 1800") + _entry("2030-01-01", "statutory"),
            "1900..2199",
        ),
        (_GOOD + _entry("2030-01-01T00:00:00", "statutory"), r"days\.0\.date: expected a date"),
        (_GOOD + _entry("2030-01-01", "statutory").replace('["a"]', '"a"'), r"days\.0\.sources"),
        (_GOOD + _entry("2030-01-01", "statutory").replace('["a"]', "[]"), r"days\.0\.sources"),
        (
            _GOOD + _entry("2030-01-01", "statutory").replace('name = "n"', 'name = " "'),
            "name: expected non-empty",
        ),
        (_GOOD + _entry("2030-01-01", "statutory").replace("confirmed", "sure"), "confidence"),
        (
            _GOOD.replace('status = "official"', 'status = "draft"')
            + _entry("2030-01-01", "statutory"),
            "status",
        ),
        (
            _GOOD.replace('note = "test"\n', 'note = "test"\ndays = 3\n'),
            "days: expected a non-empty",
        ),
    ],
)
def test_loader_checks_the_schema_strictly(text: str, fragment: str) -> None:
    with pytest.raises(DataFileError, match=fragment) as e:
        load_schedule(text, path="bad.toml")
    assert str(e.value).startswith("bad.toml: not a valid schedule file: ")


def test_reading_the_calendar_imports_neither_pydantic_nor_numpy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, chinhquyen.calendar as c; "
        "print('pydantic' in sys.modules, 'numpy' in sys.modules); "
        "c.WorkingCalendar.national().deadline('2026-02-13T16:00', 5); "
        "print('pydantic' in sys.modules, 'numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # on import, and after the schedules were read for a first question
    assert out.stdout.split() == ["False", "False", "False", "False"]


def test_a_folder_of_schedules_and_the_tet_pattern_learnt_from_it(tmp_path: Path) -> None:
    # The shipped files plus a made-up official 2027 choosing "1 day before, mùng 1-4" (Tết
    # 2027 = Sat 6/2): then 8 of 13 official schedules still choose 2 before and mùng 1-3.
    for year in range(2010, 2027):
        shutil.copy(DATA / f"{year}.toml", tmp_path / f"{year}.toml")
    body = "".join(_entry(f"2027-02-{d:02d}", "statutory") for d in (5, 6, 7, 8, 9))
    (tmp_path / "2027.toml").write_text(_GOOD.replace("2030", "2027") + body, encoding="utf-8")
    schedules = load_schedules(tmp_path)
    assert sorted(schedules) == list(range(2010, 2028))
    (pattern,) = tet_patterns(schedules).values()
    assert pattern.offsets == (-2, -1, 0, 1, 2) and "8/13" in pattern.rule
    (tmp_path / "2028.toml").write_text((tmp_path / "2027.toml").read_text(), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"name it 2027\.toml"):
        load_schedules(tmp_path)
