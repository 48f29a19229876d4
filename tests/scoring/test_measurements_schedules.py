"""Timeliness measured on the national calendar, against the official schedules themselves.

The expected due dates are counted here by hand from the data files of the official yearly
schedules (`calendar/data/2025.toml`, `2026.toml`: every day off and make-up Saturday with its
source), read with `tomllib`, not through the calendar's code, and from the rule of the
deadline law as the design states it: a dossier received on a non-working day, or after its
procedure's cut-off, is counted from the next working day; N working days later it is due
(N = 0: the receipt day). The examples around Tết 2026 (Monday 16 to Friday 20 February off,
Thông báo 9441/TB-BNV) are counted on a wall calendar in the comments.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import official_schedule_dossiers

from chinhquyen.calendar import WorkingCalendar
from chinhquyen.errors import DateOutOfRangeError
from chinhquyen.scoring.measurements.timeliness import (
    measure_dossier_records,
    measure_timeliness,
    read_dossier_records,
)
from chinhquyen.scoring.measurements.timeliness_tables import measure_dossier_table

OFF_KINDS = {"statutory", "compensatory", "swapped"}


def _schedule(year: int) -> tuple[set[dt.date], set[dt.date]]:
    """Days off and make-up working days of `year`, as its official schedule file lists them."""
    data = (
        resources.files("chinhquyen.calendar")
        .joinpath("data", f"{year}.toml")
        .read_text(encoding="utf-8")
    )
    days = tomllib.loads(data)["days"]
    off = {d["date"] for d in days if d["kind"] in OFF_KINDS}
    makeup = {d["date"] for d in days if d["kind"] == "makeup_working_day"}
    return off, makeup


OFF: set[dt.date] = set()
MAKEUP: set[dt.date] = set()
for _year in (2025, 2026):
    _off, _makeup = _schedule(_year)
    OFF |= _off
    MAKEUP |= _makeup


def _working(d: dt.date) -> bool:
    assert dt.date(2025, 1, 1) <= d <= dt.date(2026, 12, 31), d  # the schedules read
    return d in MAKEUP or (d.weekday() < 5 and d not in OFF)


def _next_working(d: dt.date) -> dt.date:
    while not _working(d):
        d += dt.timedelta(days=1)
    return d


def _due_by_hand(received: dt.datetime, n: int, cutoff: dt.time | None) -> dt.date:
    day = received.date()
    if not _working(day):
        start = _next_working(day)
    elif cutoff is not None and received.time() > cutoff:
        start = _next_working(day + dt.timedelta(days=1))
    else:
        start = day
    due = start
    while n:
        due += dt.timedelta(days=1)
        n -= _working(due)
    return due


def test_the_schedules_read_here_hold_tet_2026() -> None:
    # Thông báo 9441/TB-BNV: Monday 16 to Friday 20 February 2026
    assert {dt.date(2026, 2, d) for d in range(16, 21)} <= OFF
    assert dt.date(2026, 1, 10) in MAKEUP  # the Saturday worked for Friday 2 January


TET_2026 = [
    # Fri 13/2 10:00, 5 days: Mon 23, Tue 24, Wed 25, Thu 26, Fri 27 (16-20 off, weekends)
    ({"received_at": "2026-02-13T10:00", "working_days": 5, "returned_at": "2026-02-26"},
     "2026-02-27", "early"),
    ({"received_at": "2026-02-13T10:00", "working_days": 5, "returned_at": "2026-02-27"},
     "2026-02-27", "on_time"),
    ({"received_at": "2026-02-13T10:00", "working_days": 5, "returned_at": "2026-03-02"},
     "2026-02-27", "late"),
    # Fri 13/2 16:00, after the 15:00 cut-off: counted from Mon 23/2; 1 day: Tue 24/2
    ({"received_at": "2026-02-13T16:00", "working_days": 1, "cutoff": "15:00",
      "returned_at": "2026-02-24"}, "2026-02-24", "on_time"),
    # at exactly 15:00 it is not after the cut-off: counted from Fri 13/2; 1 day: Mon 23/2
    ({"received_at": "2026-02-13T15:00", "working_days": 1, "cutoff": "15:00",
      "returned_at": "2026-02-24"}, "2026-02-23", "late"),
    # Sat 14/2: counted from Mon 23/2; 3 days: Thu 26/2
    ({"received_at": "2026-02-14T09:00", "working_days": 3, "returned_at": "2026-02-25"},
     "2026-02-26", "early"),
    # Tue 17/2 (Tết, mùng 1): a same-day procedure is due on Mon 23/2
    ({"received_at": "2026-02-17T08:00", "working_days": 0, "returned_at": "2026-02-23"},
     "2026-02-23", "on_time"),
    # Thu 12/2, 2 days: Fri 13, then Mon 23
    ({"received_at": "2026-02-12T09:00", "working_days": 2, "returned_at": "2026-02-20"},
     "2026-02-23", "early"),
    # Fri 9/1 16:00 after the cut-off: counted from the make-up Saturday 10/1; 1 day: Mon 12/1
    ({"received_at": "2026-01-09T16:00", "working_days": 1, "cutoff": "15:00",
      "returned_at": "2026-01-13"}, "2026-01-12", "late"),
    # Wed 31/12/2025, 2 days: Thu 1/1 off, Fri 2/1 swapped off, weekend, Mon 5, Tue 6
    ({"received_at": "2025-12-31T09:00", "working_days": 2, "returned_at": "2026-01-06"},
     "2026-01-06", "on_time"),
]  # fmt: skip


def _rows(cases: list[tuple[dict[str, Any], str, str]]) -> list[dict[str, Any]]:
    return [{"id": str(k), "procedure": "p", **row} for k, (row, _, _) in enumerate(cases)]


@pytest.mark.parametrize("path", ["records", "dicts", "table"])
def test_around_tet_2026(path: str) -> None:
    rows = _rows(TET_2026)
    if path == "records":
        report = measure_timeliness(read_dossier_records(rows))
    elif path == "dicts":
        report = measure_dossier_records(rows)
    else:
        import polars as pl

        report = measure_dossier_table(pl.DataFrame(rows), results=True)
    got = [(r.due_date.isoformat(), r.status) for r in report.results]
    assert got == [(due, status) for _, due, status in TET_2026]
    for row, due, _ in TET_2026:
        cutoff = None if "cutoff" not in row else dt.time.fromisoformat(row["cutoff"])
        received = dt.datetime.fromisoformat(row["received_at"])
        assert dt.date.fromisoformat(due) == _due_by_hand(received, row["working_days"], cutoff)
    assert report.provisional == 0
    # late: the third, the fifth and the ninth (each needs an apology slip, none recorded)
    assert report.missing_apologies() == ["2", "4", "8"]


def test_a_due_date_counted_into_a_year_without_a_schedule_is_provisional() -> None:
    rows = [
        # Thu 31/12/2026, 1 day: Fri 1/1/2027 is New Year's Day by the Labor Code (no 2027
        # schedule yet): Mon 4/1/2027, provisional
        {"id": "a", "procedure": "p", "received_at": "2026-12-31T09:00", "working_days": 1,
         "returned_at": "2027-01-04"},
        # Mon 28/12/2026, 1 day: Tue 29/12/2026, every day counted is in the 2026 schedule
        {"id": "b", "procedure": "p", "received_at": "2026-12-28T09:00", "working_days": 1,
         "returned_at": "2026-12-29"},
    ]  # fmt: skip
    report = measure_dossier_records(rows)
    assert [(r.id, r.due_date, r.provisional) for r in report.results] == [
        ("a", dt.date(2027, 1, 4), True),
        ("b", dt.date(2026, 12, 29), False),
    ]
    assert report.provisional == 1
    assert report.summary()["provisional"] == 1
    assert report.to_arrow().column("provisional").to_pylist() == [True, False]
    cal = WorkingCalendar.national()
    assert [r.provisional for r in report.results] == [
        cal.deadline(row["received_at"], row["working_days"]).provisional for row in rows
    ]


def test_dates_outside_the_calendar_are_refused() -> None:
    row = {"id": "a", "procedure": "p", "received_at": "2024-03-04T09:00", "working_days": 1}
    with pytest.raises(DateOutOfRangeError, match="dossier a: returned_at 2200-01-02"):
        measure_dossier_records([{**row, "returned_at": "2200-01-02"}])
    with pytest.raises(DateOutOfRangeError, match="as_of: 2200-01-01"):
        measure_dossier_records([row], as_of="2200-01-01")
    with pytest.raises(DateOutOfRangeError, match="extended_to"):
        measure_dossier_records([{**row, "extended_to": "2200-01-05"}], as_of="2024-03-29")


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(official_schedule_dossiers(), min_size=1, max_size=30),
    as_of=st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
)
def test_due_dates_and_statuses_follow_the_official_schedules(
    rows: list[dict[str, Any]], as_of: dt.date
) -> None:
    import polars as pl

    by_dicts = measure_dossier_records(rows, as_of=as_of)
    by_table = measure_dossier_table(pl.DataFrame(rows), as_of=as_of, results=True)
    assert by_table.results == by_dicts.results
    for row, r in zip(rows, by_dicts.results, strict=True):
        cutoff = None if row["cutoff"] is None else dt.time.fromisoformat(str(row["cutoff"]))
        received = dt.datetime.fromisoformat(str(row["received_at"]))
        due = _due_by_hand(received, int(str(row["working_days"])), cutoff)
        assert r.due_date == r.original_due_date == due
        assert not r.provisional
        returned = row.get("returned_at")
        if returned is None:
            assert r.status == ("overdue" if as_of > due else "pending")
            assert r.apology_required == (as_of > due)
        else:
            day = dt.date.fromisoformat(str(returned))
            assert r.status == ("early" if day < due else "on_time" if day == due else "late")
            assert r.apology_required == (day > due)
    counts = by_dicts.counts
    assert counts.total == len(rows) == by_table.total
    assert by_dicts.missing_apologies() == [r.id for r in by_dicts.results if r.apology_required]
