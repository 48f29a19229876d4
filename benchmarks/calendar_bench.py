"""Benchmark WorkingCalendar against numpy's busday functions and python-holidays.

Run: ``python benchmarks/calendar_bench.py`` (about a minute; ``--quick`` for fewer dossiers).
Prints ns per (date, n) pair or per dossier, and the ratios. numpy cannot express make-up
Saturdays, so its calendar is weekmask Mon-Fri plus the same non-working weekdays as holidays;
results differ around make-up Saturdays, the work does not. python-holidays is timed on fewer
calls (it is slow) and scaled per call.

The calendar as a table: ``to_arrow()`` (all 109,573 days), and the documented DuckDB SQL
(``DUE_DATE_SQL``) joining it with 1,000,000 dossiers in memory, beside ``deadlines_many`` on the
same dossiers (CPU time of all the process's threads, DuckDB's included), with the answers
compared.

``deadlines_many`` is timed on 10,000,000 dossiers (target: at most 30 ns per dossier, writing
into one preallocated output) against numpy doing the same receipt-day rule with busday_offset.

A scalar ``deadline()`` is timed against the bare calls it stands for, in the same run: one
``is_working_day`` and two ``add_working_days`` (target: at most 3x); building its audit steps
(``explain()``) is timed apart, as it is paid only when asked for.

Times are the CPU time of this process (best of several runs), so that other work on a shared
machine does not count.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from typing import Any

import holidays as pyholidays
import numpy as np

from chinhquyen.calendar import WorkingCalendar

N = 1_000_000
SEED = 20261121
FIRST, LAST = np.datetime64("2000-01-01"), np.datetime64("2030-12-31")


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    rng = np.random.default_rng(SEED)
    span = int((LAST - FIRST).astype(int))
    starts = FIRST + rng.integers(0, span, N).astype("timedelta64[D]")
    ends = FIRST + rng.integers(0, span, N).astype("timedelta64[D]")
    ns = rng.integers(-60, 61, N)

    cal = WorkingCalendar.national()
    cal.add_working_days_many(starts[:10], ns[:10])  # build the tables outside the timing

    # Same data for numpy: every Mon-Fri day off of the calendar, 1999-2031.
    days = np.arange(np.datetime64("1999-01-01"), np.datetime64("2032-01-01"))
    weekday = (days.astype(int) + 3) % 7  # 1970-01-01 was a Thursday (3)
    off = [d for d, w in zip(days.tolist(), weekday.tolist(), strict=True) if w < 5]
    off = [d for d in off if not cal.is_working_day(d)]
    bdc = np.busdaycalendar(weekmask="1111100", holidays=np.array(off, dtype="datetime64[D]"))

    t_add = best_of(lambda: cal.add_working_days_many(starts, ns))
    t_np_add = best_of(lambda: np.busday_offset(starts, ns, roll="forward", busdaycal=bdc))
    t_cnt = best_of(lambda: cal.count_working_days_many(starts, ends))
    t_np_cnt = best_of(lambda: np.busday_count(starts, ends, busdaycal=bdc))

    # Scalar: our add_working_days vs python-holidays get_nth_working_day (n >= 0 for both).
    py_starts = starts[:200_000].tolist()
    py_ns = [abs(int(n)) for n in ns[:200_000]]
    add = cal.add_working_days

    def ours() -> None:
        for d, n in zip(py_starts, py_ns, strict=True):
            add(d, n)

    t_scalar = best_of(ours, repeat=3) / len(py_starts)
    vn = pyholidays.country_holidays("VN", years=range(1999, 2032))
    few = 2_000

    def theirs() -> None:
        for d, n in zip(py_starts[:few], py_ns[:few], strict=True):
            vn.get_nth_working_day(d, n)

    t_py = best_of(theirs, repeat=3) / few

    # Agreement for n > 0 (numpy: roll back to a business day, then offset; the same definition
    # except that numpy has no make-up Saturdays): the share of equal answers, for information.
    pos = ns[:100_000] > 0
    ours_r = cal.add_working_days_many(starts[:100_000][pos], ns[:100_000][pos])
    np_r = np.busday_offset(
        starts[:100_000][pos], ns[:100_000][pos], roll="backward", busdaycal=bdc
    )
    agree = float((ours_r == np_r).mean())

    per = 1e9 / N
    print(f"pairs: {N:,} random (date in 2000-2030, n in -60..60)")
    print(f"add_working_days_many   {t_add * per:7.1f} ns/pair")
    print(f"numpy.busday_offset     {t_np_add * per:7.1f} ns/pair   ratio {t_np_add / t_add:5.1f}x")
    print(f"count_working_days_many {t_cnt * per:7.1f} ns/pair")
    print(f"numpy.busday_count      {t_np_cnt * per:7.1f} ns/pair   ratio {t_np_cnt / t_cnt:5.1f}x")
    calls = f"{len(py_starts):,}"
    print(f"add_working_days        {t_scalar * 1e9:7.1f} ns/call (scalar, {calls} calls)")
    print(
        f"holidays get_nth_working_day {t_py * 1e9:9.1f} ns/call ({few:,} calls)"
        f"   ratio {t_py / t_scalar:7.1f}x"
    )
    print(f"(n > 0: numpy and ours agree on {agree:.2%}; the rest cross a make-up Saturday)")
    scalar_deadline(cal)
    dossiers(cal, bdc, 1_000_000 if "--quick" in sys.argv else 10_000_000)
    table_sql(cal, 1_000_000)
    print(f"started {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}")


def scalar_deadline(cal: WorkingCalendar, size: int = 20_000) -> None:
    """deadline() per dossier against is_working_day + two add_working_days, interleaved."""
    rng = np.random.default_rng(SEED)
    seconds = rng.integers(0, 3 * 365 * 86_400, size).tolist()
    moments = [dt.datetime(2024, 1, 1) + dt.timedelta(seconds=k) for k in seconds]
    limits = rng.integers(0, 16, size).tolist()
    cutoff = dt.time(15)
    is_working_day, add, deadline = cal.is_working_day, cal.add_working_days, cal.deadline

    def bare() -> None:
        for m, n in zip(moments, limits, strict=True):
            d = m.date()
            is_working_day(d)
            add(add(d, 0), n)

    def full() -> None:
        for m, n in zip(moments, limits, strict=True):
            deadline(m, n, cutoff=cutoff)

    done = [deadline(m, n, cutoff=cutoff) for m, n in zip(moments, limits, strict=True)]

    def explain() -> None:
        for d in done:
            d.explain()

    t_bare = t_full = float("inf")
    for _ in range(7):  # interleaved, so both see the same machine
        t_bare = min(t_bare, best_of(bare, 1))
        t_full = min(t_full, best_of(full, 1))
    t_explain = best_of(explain, 1)
    per = 1e9 / size
    print(f"deadlines: {size:,} random receipts (2024-2026, 0..15 working days, cut-off 15:00)")
    print(f"is_working_day + 2 add_working_days {t_bare * per:7.0f} ns/dossier")
    print(
        f"deadline()                          {t_full * per:7.0f} ns/dossier"
        f"   ratio {t_full / t_bare:4.2f}x (target <= 3x)"
    )
    print(f"explain() once computed (steps)     {t_explain * per:7.0f} ns/dossier")


def dossiers(cal: WorkingCalendar, bdc: np.busdaycalendar, size: int) -> None:
    """deadlines_many on ``size`` dossiers received 2024-2026, against numpy's busday_offset."""
    rng = np.random.default_rng(SEED)
    received = np.datetime64("2024-01-01T00:00:00") + rng.integers(
        0, 3 * 365 * 86_400, size
    ).astype("timedelta64[s]")
    limits = rng.integers(0, 16, size)
    cutoffs = np.where(
        rng.random(size) < 0.5, np.timedelta64("NaT", "s"), np.timedelta64(15 * 3600, "s")
    )
    out = cal.deadlines_many(received, limits)  # the one preallocated output
    forms = [
        ("no cut-off", None),
        ("one cut-off 15:00", dt.time(15)),
        ("per-dossier cut-offs", cutoffs),
    ]
    per = 1e9 / size
    print(f"dossiers: {size:,} random (received 2024-2026 in seconds, 0..15 working days)")
    for label, cutoff in forms:
        t_ours = best_of(
            lambda c=cutoff: cal.deadlines_many(received, limits, cutoff=c, out=out), 3
        )
        print(f"deadlines_many, {label:21s} {t_ours * per:6.1f} ns/dossier (out=)")
    t_new = best_of(lambda: cal.deadlines_many(received, limits, cutoff=dt.time(15)), 3)
    print(f"deadlines_many, one cut-off, new output {t_new * per:6.1f} ns/dossier")

    def numpy_rule() -> None:
        # the same rule with numpy: receipt = the next business day (on or after), moved one
        # business day when the day is one and the dossier came after 15:00; then + N
        days = received.astype("datetime64[D]")
        after = (received - days) > np.timedelta64(15 * 3600, "s")
        shift = (after & np.is_busday(days, busdaycal=bdc)).astype(np.int64)
        receipt = np.busday_offset(days, shift, roll="forward", busdaycal=bdc)
        np.busday_offset(receipt, limits, roll="forward", busdaycal=bdc)

    t_np = best_of(numpy_rule, 3)
    print(
        f"numpy busday_offset rule, one cut-off  {t_np * per:6.1f} ns/dossier"
        f"   ratio {t_np / t_new:5.1f}x"
    )


def table_sql(cal: WorkingCalendar, size: int) -> None:
    """to_arrow, and due dates in DuckDB from the table, beside deadlines_many (same dossiers)."""
    import duckdb
    import pyarrow as pa

    from chinhquyen.calendar.table import DUE_DATE_SQL

    cal.to_arrow(start="2026-01-01", end="2026-01-02")  # pyarrow's first use is not timed
    tables: list[object] = []
    t_arrow = best_of(lambda: tables.append(cal.to_arrow()), 3)
    table: Any = tables[-1]
    rng = np.random.default_rng(SEED)
    received = np.datetime64("2024-01-01T00:00:00") + rng.integers(
        0, 3 * 365 * 86_400, size
    ).astype("timedelta64[s]")
    limits = rng.integers(0, 16, size)
    channels = np.array(["in_person", "post", "online"])[rng.integers(0, 3, size)]
    dossiers = pa.table(
        {
            "dossier_id": np.arange(size),
            "received_at": received,
            "channel": channels,
            "working_days": limits.astype(np.int32),
            "cutoff": pa.array(np.full(size, 15 * 3600 * 10**6), pa.time64("us")),
        }
    )
    con = duckdb.connect()
    con.register("calendar_days", table)
    con.register("dossiers", dossiers)
    query = f"SELECT due_date FROM ({DUE_DATE_SQL['duckdb']}) ORDER BY dossier_id"
    result: list[object] = []
    t_sql = best_of(lambda: result.append(con.sql(query).to_arrow_table()), 3)
    sql_due = result[-1].column("due_date").to_numpy()  # type: ignore[attr-defined]
    codes = np.select([channels == "in_person", channels == "post"], [0, 1], 2).astype(
        np.uint8
    )  # the same channels as ReceiptChannel.code
    out = cal.deadlines_many(received, limits)

    def ours(channel: object) -> float:
        return best_of(
            lambda: cal.deadlines_many(
                received, limits, cutoff=dt.time(15), channel=channel, online_cutoff=True, out=out
            ),
            3,
        )

    t_codes, t_text = ours(codes), ours(channels)
    same = bool((sql_due.astype("datetime64[D]") == out.due_dates).all())
    per = 1e9 / size
    print(f"the calendar as a table: to_arrow() {t_arrow * 1e3:6.1f} ms ({table.num_rows:,} days)")
    print(f"dossiers: {size:,} random, three channels, cut-off 15:00 (CPU time, all threads)")
    print(f"deadlines_many, channel codes           {t_codes * per:6.1f} ns/dossier")
    print(f"deadlines_many, channel values (text)   {t_text * per:6.1f} ns/dossier")
    print(
        f"DuckDB DUE_DATE_SQL on the table        {t_sql * per:6.1f} ns/dossier"
        f"   ratio {t_sql / t_codes:5.1f}x   same due dates: {same}"
    )


if __name__ == "__main__":
    main()
