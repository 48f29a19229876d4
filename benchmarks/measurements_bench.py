"""Measure 200,000 synthetic dossiers; print rows/s of the batch paths and of the reference.

200,000 dossiers is a few communes' year, a fifth of a province's. The reference is the
dossier-by-dossier way: one pydantic validation per row (``DossierRecord.model_validate``; for
the CSV file, the row-by-row reader), the full deadline computation (``DossierRecord.deadline``)
and ``Deadline.status`` per dossier.
The batch paths give the same report (checked here on counts, and row by row by the property
tests in tests/scoring/test_measurements_timeliness.py).
Run: ``python benchmarks/measurements_bench.py`` (about a minute).

Rows: ``dicts`` are in-memory rows (ISO strings, as JSON gives them); ``csv`` is the same log
written to a CSV file; ``vs ref`` is the speed-up over the reference on the same input. Every
timing is the best of ``REPEAT`` runs (the references: one run).
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from chinhquyen.calendar import WorkingCalendar
from chinhquyen.scoring.measurements._dossier_log import read_log as _read_rows
from chinhquyen.scoring.measurements.timeliness import (
    DossierRecord,
    TimelinessReport,
    measure_dossier_log,
    measure_dossier_records,
    measure_timeliness,
    read_dossier_log,
    read_dossier_records,
)

DOSSIERS = 200_000
REPEAT = 3
SEED = 20261122
AS_OF = dt.date(2025, 1, 15)
#: procedure time limits in working days, with the share of dossiers (same-day chứng thực first)
LIMITS = {0: 30, 1: 10, 3: 15, 5: 15, 7: 10, 10: 10, 15: 7, 20: 3}
COLUMNS = (
    "id",
    "procedure",
    "unit",
    "received_at",
    "working_days",
    "cutoff",
    "pauses",
    "returned_at",
    "apology_slip_issued",
    "extended_to",
)


def synthetic(n: int, seed: int = SEED) -> list[dict[str, Any]]:
    """``n`` dossiers of 2024: some after a 15:00 cut-off, paused, extended or unreturned."""
    rnd = random.Random(seed)
    limits = list(LIMITS)
    weights = list(LIMITS.values())
    start = dt.datetime(2024, 1, 2, 7, 30)
    rows = []
    for i in range(n):
        received = start + dt.timedelta(days=rnd.randrange(350), minutes=rnd.randrange(600))
        days = rnd.choices(limits, weights)[0]
        row: dict[str, Any] = {
            "id": f"HS-{i:07d}",
            "procedure": f"tt-{days:02d}",
            "unit": f"xa-{rnd.randrange(60):02d}",
            "received_at": received.isoformat(timespec="minutes"),
            "working_days": days,
            "apology_slip_issued": False,
        }
        if days == 0 or rnd.random() < 0.05:
            row["cutoff"] = "15:00"
        span = days * 7 // 5 + 2
        if days >= 3 and rnd.random() < 0.02:
            asked = received.date() + dt.timedelta(days=1)
            back = dt.datetime.combine(asked + dt.timedelta(days=3), dt.time(9))
            row["pauses"] = [{"requested_on": asked.isoformat(), "completed_on": back.isoformat()}]
            span += 5
        if rnd.random() < 0.03:
            row["extended_to"] = (received.date() + dt.timedelta(days=span + 10)).isoformat()
            row["apology_slip_issued"] = True
        if rnd.random() < 0.96:
            late = rnd.random() < 0.1
            back_in = rnd.randint(span, span + 10) if late else rnd.randint(0, span - 2)
            row["returned_at"] = (received.date() + dt.timedelta(days=back_in)).isoformat()
        rows.append(row)
    return rows


def write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for row in rows:
            pauses = ";".join(
                f"{p['requested_on']}/{p['completed_on']}" for p in row.get("pauses", ())
            )
            cells = {
                **row,
                "pauses": pauses,
                "apology_slip_issued": str(row["apology_slip_issued"]),
            }
            writer.writerow(["" if cells.get(c) is None else cells[c] for c in COLUMNS])


def reference(records: Iterable[DossierRecord], cal: WorkingCalendar) -> Counter[str]:
    """Dossier by dossier: compute the full deadline, classify."""
    counts: Counter[str] = Counter()
    for rec in records:
        deadline = rec.deadline(cal)
        if rec.returned_at is not None:
            counts[deadline.status(rec.returned_at, against_original=True).value] += 1
        else:
            counts["overdue" if deadline.original_due_date < AS_OF else "pending"] += 1
    return counts


def counts(report: TimelinessReport) -> Counter[str]:
    return Counter(r.status for r in report.results)


def best(run: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, Any]:
    """The fastest of ``repeat`` timed runs, and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    cal = WorkingCalendar.national()
    rows = synthetic(DOSSIERS)
    measure_dossier_records(rows[:100], cal, as_of=AS_OF)  # warm up lazy imports and tables
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dossiers.csv"
        write_csv(rows, path)
        t_ref, expected = best(
            lambda: reference(map(DossierRecord.model_validate, rows), cal), repeat=1
        )
        t_ref_csv, expected_csv = best(lambda: reference(_read_rows(path, "utf-8"), cal), repeat=1)
        assert expected_csv == expected
        runs = {
            "measure_dossier_records (dicts)": lambda: measure_dossier_records(
                rows, cal, as_of=AS_OF
            ),
            "measure_timeliness(read_dossier_records)": lambda: measure_timeliness(
                read_dossier_records(rows), cal, as_of=AS_OF
            ),
            "measure_dossier_log (csv)": lambda: measure_dossier_log(path, cal, as_of=AS_OF),
            "measure_timeliness(read_dossier_log)": lambda: measure_timeliness(
                read_dossier_log(path), cal, as_of=AS_OF
            ),
        }
        print(f"dossiers: {DOSSIERS:,} synthetic, 2024 (as_of {AS_OF.isoformat()})")
        print(f"{'path':42} {'seconds':>8} {'rows/s':>10} {'vs ref':>7}")
        for name, elapsed in (("dicts", t_ref), ("csv", t_ref_csv)):
            label = f"reference (per record, {name})"
            print(f"{label:42} {elapsed:8.2f} {DOSSIERS / elapsed:10,.0f} {1:7.1f}")
        for name, run in runs.items():
            elapsed, report = best(run)
            assert counts(report) == expected, (name, counts(report), expected)
            ref = t_ref_csv if "log" in name else t_ref
            print(f"{name:42} {elapsed:8.2f} {DOSSIERS / elapsed:10,.0f} {ref / elapsed:7.1f}")
    print(f"statuses: {dict(sorted(expected.items()))}")
    print(f"started {started}")


if __name__ == "__main__":
    main()
