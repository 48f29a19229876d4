"""The columnar reader's cell checks, pinned against independent expectations.

`measure_dossier_table` converts cells of the plain shapes with Polars (the receipt moment in
four layouts, the yes/no flags by lookup of their every ASCII spelling) and keeps 64-bit hashes of
the ids met to find repeated ones. Each is checked here against an expectation that does not
share its code: Python's own `datetime` and string methods for the cells, a `set` of ids for the
repeats; and every cell of a plain shape must take the columnar path (no row read one by one).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.scoring.test_measurements_timeliness import WeekdayCalendar

from chinhquyen.scoring.measurements import _dossier_frames, timeliness_tables
from chinhquyen.scoring.measurements.timeliness_tables import measure_dossier_table

HEADER = (
    "id,procedure,received_at,working_days,cutoff,returned_at,"
    "apology_slip_issued,resume_after_pause"
)
AS_OF = dt.date(2024, 12, 31)


def _measure(tmp_path: Path, lines: list[str]) -> tuple[Any, list[int]]:
    """The report of a log, and the rows the row-by-row reader was given."""
    path = tmp_path / "log.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    one_by_one: list[int] = []
    reader = _dossier_frames._one_by_one

    def spy(source: Any, frame: Any) -> Any:
        one_by_one.extend(frame[_dossier_frames.ROW].to_list())
        return reader(source, frame)

    with patch.object(_dossier_frames, "_one_by_one", spy):
        report = measure_dossier_table(
            path, WeekdayCalendar(), as_of=AS_OF, errors="collect", results=True
        )
    return report, one_by_one


def _due(received: dt.datetime, days: int, cutoff: dt.time | None) -> dt.date:
    """The due date on the test calendar, counted by hand: Monday-Friday minus Tết 2024."""
    day = received.date()
    cal = WeekdayCalendar()
    after = cutoff is not None and received.time() > cutoff
    if not cal.is_working_day(day) or after:
        day += dt.timedelta(days=1)
        while not cal.is_working_day(day):
            day += dt.timedelta(days=1)
    while days:
        day += dt.timedelta(days=1)
        days -= cal.is_working_day(day)
    return day


moments = st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2024, 11, 30, 23, 59, 59)).map(
    lambda m: m.replace(microsecond=0)
)
#: the receipt's plain layouts: date and time separated by T or a space, with seconds or not
layouts = st.sampled_from(
    ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
)
flags = st.sampled_from(["", "true", "false", "True", "False", "TRUE", "FALSE", "tRuE", "fAlSe"])


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(moments, layouts, st.integers(0, 12), st.booleans(), flags, flags),
        min_size=1,
        max_size=12,
    )
)
def test_plain_receipts_and_flags_are_read_column_wise_as_python_reads_them(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[dt.datetime, str, int, bool, str, str]],
) -> None:
    lines = []
    expected = []
    for k, (moment, layout, days, cut, apology, resume) in enumerate(rows):
        text = moment.strftime(layout)
        seen = dt.datetime.strptime(text, layout)  # minutes-only layouts drop the seconds
        cutoff = dt.time(15) if cut else None
        due = _due(seen, days, cutoff)
        lines.append(
            f"D{k},p,{text},{days},{'15:00' if cut else ''},{due.isoformat()},{apology},{resume}"
        )
        expected.append((f"D{k}", due, "on_time", apology.lower() == "true"))
    report, one_by_one = _measure(tmp_path_factory.mktemp("log"), lines)
    assert one_by_one == []  # every cell has a plain shape: none is read one by one
    assert report.rejected == ()
    got = [(r.id, r.due_date, r.status, r.apology_recorded) for r in report.results]
    assert got == expected


def test_cells_out_of_the_plain_shapes_are_read_one_by_one(tmp_path: Path) -> None:
    lines = [
        "A,p,2024-03-04T09:00,1,,2024-03-05,True,false",  # row 2: plain
        "B,p,2024-02-30T09:00,1,,2024-03-05,,",  # row 3: not a real day
        "C,p,2024-03-04 09:00:60,1,,2024-03-05,,",  # row 4: second 60
        "D,p,2024-03-04T09:00,1,,2024-03-05,yes,",  # row 5: not a flag
        "E,p,2024-03-04T09:00,1,,2024-03-05,, TRUE",  # row 6: padded (read row by row)
        "F,p,2024-03-04t09:00,1,,2024-03-05,,",  # row 7: lower-case t (Python reads it)
        "G,p,2024-03-04T09:00:00+07:00,1,,2024-03-05,FALSE,",  # row 8: an offset
        "H,p,2024-03-04T09:00,1,,2024-03-05,falſe,",  # row 9: a long s (str.lower() keeps it)
    ]
    report, one_by_one = _measure(tmp_path, lines)
    assert one_by_one == [3, 4, 5, 6, 7, 8, 9]
    assert [(r.row, r.column) for r in report.rejected] == [
        (3, "received_at"),
        (4, "received_at"),
        (5, "apology_slip_issued"),
        (9, "apology_slip_issued"),
    ]
    got = [(r.id, r.status, r.apology_recorded) for r in report.results]
    assert got == [
        ("A", "on_time", True),
        ("E", "on_time", False),
        ("F", "on_time", False),
        ("G", "on_time", False),
    ]


# --- repeated ids -------------------------------------------------------------------------------

#: hashes that often share the bitmap's bits (top bits) and sometimes are equal
hashes = st.builds(
    lambda top, middle, low: (top << 58) | (middle << 40) | low,
    st.integers(0, 63),
    st.integers(0, 3),
    st.integers(0, 3),
).map(np.uint64)


@settings(max_examples=200, deadline=None)
@given(
    batches=st.lists(st.lists(hashes, max_size=12), max_size=8),
    least=st.sampled_from([6, 8, 16]),
)
def test_seen_ids_mark_every_hash_met_before(batches: list[list[np.uint64]], least: int) -> None:
    # a small first bitmap: it is widened (rebuilt from the runs) as hashes are met
    with patch.object(timeliness_tables._SeenIds, "_LEAST", least):
        seen_ids = timeliness_tables._SeenIds()
        met: set[int] = set()
        for batch in batches:
            got = seen_ids.candidates(np.array(batch, np.uint64)).tolist()
            expected = []
            for h in batch:
                expected.append(int(h) in met)
                met.add(int(h))
            assert got == expected


def test_seen_ids_in_large_batches() -> None:
    rng = np.random.default_rng(7)
    batches = [rng.integers(0, 2**64, 30_000, np.uint64, endpoint=False) for _ in range(5)]
    batches[2][100] = batches[0][5]  # an earlier batch's
    batches[4][7] = batches[4][9_000]  # twice in one batch: the later one is marked
    batches[4][20_000] = batches[3][1]
    seen_ids = timeliness_tables._SeenIds()
    got = [np.flatnonzero(seen_ids.candidates(b)).tolist() for b in batches]
    assert got == [[], [], [100], [], [9_000, 20_000]]
    assert seen_ids.width > seen_ids._LEAST  # widened on the way
