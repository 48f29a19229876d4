"""The calendar as a table (WorkingCalendar.to_arrow) and the documented SQL for due dates.

The SQL run here is `chinhquyen.calendar.table.DUE_DATE_SQL`, the text the documentation pages
print (checked below to appear verbatim on both pages, and by tests/test_docs.py as doctest
output). Expected due dates are the hand-counted cases of test_deadlines.GOLDEN and, on
hypothesis-generated dossiers, the library's own `deadline()` dossier by dossier.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests import strategies as cs
from tests.calendar.test_deadlines import GOLDEN

from chinhquyen.calendar import HolidayKind, WorkingCalendar
from chinhquyen.calendar.table import COLUMNS, DUE_DATE_SQL
from chinhquyen.errors import DateOutOfRangeError, InvalidInputError

pa = pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")

CAL = WorkingCalendar.national()
D = dt.date.fromisoformat
DOCS = Path(__file__).resolve().parents[2] / "docs"
_TABLES: dict[WorkingCalendar, Any] = {}


def _table(cal: WorkingCalendar) -> Any:
    if cal not in _TABLES:
        _TABLES[cal] = cal.to_arrow()
    return _TABLES[cal]


# --- the table ------------------------------------------------------------------------------


def test_one_row_per_day_of_the_range() -> None:
    t = _table(CAL)
    first, last = CAL.bounds
    assert t.column_names == list(COLUMNS)
    assert t.num_rows == (last - first).days + 1
    dates = t.column("date").to_pylist()
    assert dates[0] == first and dates[-1] == last
    assert all(b - a == dt.timedelta(days=1) for a, b in itertools.pairwise(dates))
    for name, field in zip(COLUMNS, t.schema, strict=True):
        assert field.metadata[b"description"].decode() == COLUMNS[name]


def test_rows_around_tet_2026_against_the_official_schedule() -> None:
    # calendar-law.md §2, 2026: off Sat 14/2 .. Sun 22/2 (legal days Mon 16/2 .. Fri 20/2).
    t = CAL.to_arrow(start="2026-02-13", end="2026-02-23").to_pylist()
    assert [r["date"] for r in t] == [D("2026-02-13") + dt.timedelta(days=k) for k in range(11)]
    assert [r["is_working_day"] for r in t] == [True] + [False] * 9 + [True]
    ranks = [r["working_days_before"] for r in t]
    # the working days before each day: one more after Fri 13/2, then flat through the break
    assert ranks == [ranks[0]] + [ranks[0] + 1] * 10
    assert {r["kind"] for r in t[3:8]} == {"statutory"}
    assert t[3]["name"] == "Tết Âm lịch (29 tháng Chạp)"
    assert t[1]["kind"] is None and t[1]["name"] is None  # a plain Saturday
    assert "http" in t[3]["source"]
    assert not any(r["provisional"] for r in t)


def test_ranks_and_counts_agree_with_the_calendar() -> None:
    t = CAL.to_arrow(start="2024-12-20", end="2027-01-10")
    rows = t.to_pylist()
    for a, b in itertools.pairwise(rows):
        assert b["working_days_before"] - a["working_days_before"] == int(a["is_working_day"])
        assert b["provisional_days_before"] - a["provisional_days_before"] == int(a["provisional"])
        assert a["is_working_day"] == CAL.is_working_day(a["date"])
        assert a["provisional"] == CAL.is_provisional(a["date"])
    first = rows[0]["date"]
    assert rows[-1]["working_days_before"] - rows[0]["working_days_before"] == (
        CAL.count_working_days(first, rows[-1]["date"])
    )
    # the make-up Saturday 10/1/2026 and the swapped Friday 2/1/2026, with their kinds
    kinds = {r["date"]: r["kind"] for r in rows}
    assert kinds[D("2026-01-10")] == HolidayKind.MAKEUP_WORKING_DAY.value
    assert kinds[D("2026-01-02")] == HolidayKind.SWAPPED.value
    assert {r["provisional"] for r in rows if r["date"].year == 2027} == {True}


def test_local_days_and_metadata() -> None:
    local = CAL.with_days_off(["2026-03-02"], "Quyết định của UBND tỉnh (test)")
    (row,) = local.to_arrow(start="2026-03-02", end="2026-03-02").to_pylist()
    assert row["kind"] == "local_day_off" and not row["is_working_day"]
    assert "UBND" in row["source"]
    meta = local.to_arrow(start="2026-03-02", end="2026-03-03").schema.metadata
    assert b'"local_days": ["2026-03-02"]' in meta[b"chinhquyen.calendar"]


def test_slice_bounds_are_checked() -> None:
    with pytest.raises(DateOutOfRangeError, match="1899-12-31"):
        CAL.to_arrow(start="1899-12-31")
    with pytest.raises(InvalidInputError, match="after end"):
        CAL.to_arrow(start="2026-02-02", end="2026-02-01")


def test_files_and_dataframes(tmp_path: Path) -> None:
    t = CAL.to_arrow(start="2025-04-25", end="2025-05-06")
    CAL.write_parquet(tmp_path / "c.parquet", start="2025-04-25", end="2025-05-06")
    CAL.write_csv(tmp_path / "c.csv", start="2025-04-25", end="2025-05-06")
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "c.parquet").equals(t)
    text = (tmp_path / "c.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(f'"{c}"' for c in COLUMNS)
    back = pacsv.read_csv(tmp_path / "c.csv")
    assert back.column("is_working_day").to_pylist() == t.column("is_working_day").to_pylist()
    assert "Ngày Chiến thắng" in text  # UTF-8 names
    pl = pytest.importorskip("polars")
    frame = pl.from_arrow(t)
    assert frame.filter(pl.col("date") == D("2025-04-26"))["is_working_day"].to_list() == [True]
    pdf = t.to_pandas()
    assert list(pdf.columns) == list(COLUMNS) and len(pdf) == 12


# --- the documented SQL ---------------------------------------------------------------------


@pytest.mark.parametrize("page", ["calendar.md", "calendar.en.md"])
def test_the_pages_show_the_sql_that_is_tested(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    for dialect, sql in DUE_DATE_SQL.items():
        assert sql in text, f"{page} does not show DUE_DATE_SQL[{dialect!r}] verbatim"


Row = tuple[dt.datetime | str, int, dt.time | None, str]


def _dossiers(rows: list[Row]) -> Any:
    moments = [dt.datetime.fromisoformat(m) if isinstance(m, str) else m for m, _, _, _ in rows]
    return pa.table(
        {
            "dossier_id": pa.array(range(len(rows)), pa.int64()),
            "received_at": pa.array(moments, pa.timestamp("us")),
            "channel": pa.array([ch for _, _, _, ch in rows], pa.string()),
            "working_days": pa.array([n for _, n, _, _ in rows], pa.int32()),
            "cutoff": pa.array([c for _, _, c, _ in rows], pa.time64("us")),
        }
    )


def _sql(online_cutoff: bool) -> str:
    """The documented DuckDB text, with the other reading of online cut-offs when asked."""
    sql = DUE_DATE_SQL["duckdb"]
    assert sql.count("SELECT TRUE AS online_cutoff") == 1
    return sql if online_cutoff else sql.replace("TRUE AS online_cutoff", "FALSE AS online_cutoff")


def _run_duckdb(
    cal: WorkingCalendar, dossiers: Any, online_cutoff: bool = True
) -> list[tuple[dt.date, dt.date, bool]]:
    con = duckdb.connect()
    try:
        con.register("calendar_days", _table(cal))
        con.register("dossiers", dossiers)
        rows = con.execute(f"SELECT * FROM ({_sql(online_cutoff)}) ORDER BY dossier_id").fetchall()
    finally:
        con.close()
    assert [r[0] for r in rows] == list(range(dossiers.num_rows))  # one row per dossier
    return [(r[1], r[2], r[3]) for r in rows]


def test_duckdb_sql_on_the_hand_counted_cases() -> None:
    got = _run_duckdb(CAL, _dossiers([(m, n, c, "in_person") for m, n, c, _, _ in GOLDEN]))
    assert [(r.isoformat(), d.isoformat()) for r, d, _ in got] == [(g[3], g[4]) for g in GOLDEN]
    assert not any(p for _, _, p in got)


def test_duckdb_sql_keeps_a_dossier_due_outside_the_table() -> None:
    t = CAL.to_arrow(start="2026-01-01", end="2026-12-31")
    con = duckdb.connect()
    con.register("calendar_days", t)
    dossiers = [
        ("2026-12-30T09:00", 5, None, "in_person"),
        ("2026-06-01", 1, None, "post"),
        ("2026-06-01", 1, None, "fax"),  # an unknown channel: no due date rather than a guess
    ]
    con.register("dossiers", _dossiers(dossiers))
    rows = con.execute(f"SELECT * FROM ({DUE_DATE_SQL['duckdb']}) ORDER BY dossier_id").fetchall()
    assert rows == [
        (0, D("2026-12-30"), None, None),
        (1, D("2026-06-01"), D("2026-06-02"), False),
        (2, None, None, None),
    ]


@settings(max_examples=60, deadline=None)
@given(
    cal=cs.working_calendars,
    rows=st.lists(
        st.tuples(cs.batch_moments, cs.working_day_counts, cs.cutoff_times, cs.receipt_channels),
        min_size=1,
        max_size=40,
    ),
    online_cutoff=st.booleans(),
)
def test_duckdb_sql_equals_the_library(
    cal: WorkingCalendar, rows: list[Row], online_cutoff: bool
) -> None:
    got = _run_duckdb(cal, _dossiers(rows), online_cutoff)
    want = []
    for moment, n, cutoff, channel in rows:
        d = cal.deadline(moment, n, cutoff=cutoff, channel=channel, online_cutoff=online_cutoff)
        want.append((d.receipt_day, d.due_date, d.provisional))
    assert got == want


# --- other engines: run when they are installed, skipped with the reason otherwise ------------


def test_postgresql_sql_is_the_duckdb_text() -> None:
    # One text serves both; it is run in PostgreSQL by test_postgresql_sql_equals_the_library.
    assert DUE_DATE_SQL["postgresql"] == DUE_DATE_SQL["duckdb"]


#: The hand-counted cases, one in a provisional year (Tết 2027 has no official schedule), and
#: the same moment by post and online (the documented text: the cut-off applies online).
_ENGINE_CASES = [(m, n, c, "in_person") for m, n, c, _, _ in GOLDEN] + [
    ("2027-02-05T16:30", 3, dt.time(15), "in_person"),
    ("2026-02-13T16:00", 5, dt.time(15), "post"),
    ("2026-02-13T16:00", 5, dt.time(15), "online"),
]


def _needs(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not found: the SQL is not run in this engine here")


def test_spark_sql_equals_the_library() -> None:
    _needs("java")
    pyspark_sql = pytest.importorskip("pyspark.sql", reason="pyspark not installed")
    spark = (
        pyspark_sql.SparkSession.builder.master("local[1]")
        .config("spark.sql.session.timeZone", "Asia/Ho_Chi_Minh")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        cal_rows = CAL.to_arrow(start="2022-01-01", end="2027-12-31").to_pandas()
        spark.createDataFrame(cal_rows).createOrReplaceTempView("calendar_days")
        cases = _ENGINE_CASES
        dossiers = [
            (k, m.replace("T", " "), ch, n, None if c is None else c.isoformat())
            for k, (m, n, c, ch) in enumerate(cases)
        ]
        # the moments as text, read as timestamps in the session's zone (a Python datetime
        # would be read in the zone of this process)
        spark.createDataFrame(
            dossiers,
            "dossier_id long, moment string, channel string, working_days int, cutoff string",
        ).selectExpr(
            "dossier_id",
            "CAST(moment AS TIMESTAMP) AS received_at",
            "channel",
            "working_days",
            "cutoff",
        ).createOrReplaceTempView("dossiers")
        got = spark.sql(DUE_DATE_SQL["spark"]).orderBy("dossier_id").collect()
    finally:
        spark.stop()
    want = [CAL.deadline(m, n, cutoff=c, channel=ch, online_cutoff=True) for m, n, c, ch in cases]
    assert [(r.receipt_day, r.due_date, r.provisional) for r in got] == [
        (d.receipt_day, d.due_date, d.provisional) for d in want
    ]


def _as_postgres_user() -> list[str]:
    """The prefix that runs the server's programs as a user PostgreSQL accepts (not root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("PostgreSQL refuses to run as root and there is no postgres user here")
    _needs("runuser")
    return ["runuser", "-u", "postgres", "--"]


def test_postgresql_sql_equals_the_library() -> None:
    _needs("initdb", "pg_ctl", "psql")
    as_user = _as_postgres_user()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        root.chmod(0o777)  # the server's user writes its cluster and socket here
        data, sock = root / "pg", root / "sock"
        sock.mkdir(mode=0o777)
        sock.chmod(0o777)
        subprocess.run(
            [*as_user, "initdb", "-D", str(data), "-A", "trust", "-U", "t"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                *as_user,
                "pg_ctl",
                "-D",
                str(data),
                "-w",
                "-l",
                str(root / "log"),
                "-o",
                f"-k {sock} -c listen_addresses=''",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        try:
            out = _run_psql(root, sock)
        finally:
            subprocess.run(
                [*as_user, "pg_ctl", "-D", str(data), "-w", "stop"],
                check=True,
                capture_output=True,
            )
    got = [line.split("|") for line in out.splitlines() if line.count("|") == 3]
    want = [
        CAL.deadline(m, n, cutoff=c, channel=ch, online_cutoff=True)
        for m, n, c, ch in _ENGINE_CASES
    ]
    assert got == [
        [str(k), d.receipt_day.isoformat(), d.due_date.isoformat(), "t" if d.provisional else "f"]
        for k, d in enumerate(want)
    ]


def _run_psql(root: Path, sock: Path) -> str:
    CAL.write_csv(root / "cal.csv", start="2022-01-01", end="2027-12-31")
    lines = ["dossier_id,received_at,channel,working_days,cutoff"]
    lines += [
        f"{k},{m},{ch},{n},{'' if c is None else c.isoformat()}"
        for k, (m, n, c, ch) in enumerate(_ENGINE_CASES)
    ]
    (root / "dossiers.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = f"""
CREATE TABLE calendar_days (date date, is_working_day boolean, working_days_before integer,
  provisional boolean, provisional_days_before integer, kind text, name text, name_en text,
  source text);
\\copy calendar_days FROM '{root / "cal.csv"}' WITH (FORMAT csv, HEADER true)
CREATE TABLE dossiers (dossier_id bigint, received_at timestamp, channel text,
  working_days integer, cutoff time);
\\copy dossiers FROM '{root / "dossiers.csv"}' WITH (FORMAT csv, HEADER true)
\\pset format unaligned
\\pset tuples_only on
SELECT * FROM ({DUE_DATE_SQL["postgresql"]}) AS due ORDER BY dossier_id;
"""
    return subprocess.run(
        ["psql", "-h", str(sock), "-U", "t", "-d", "postgres", "-v", "ON_ERROR_STOP=1"],
        input=script,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_importing_the_calendar_does_not_load_pyarrow() -> None:
    code = (
        "import sys, chinhquyen.calendar as c; "
        "c.WorkingCalendar.national().deadline('2026-02-13T16:00', 5); "
        "import chinhquyen.calendar.table; "
        "print([m for m in ('pyarrow', 'numpy', 'pydantic') if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
