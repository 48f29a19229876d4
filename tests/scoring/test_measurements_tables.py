"""Large dossier logs read column by column: measure_dossier_table and measure_dossier_dataset.

The dossiers and their hand-counted due dates are those of test_measurements_timeliness.py
(a Monday-Friday calendar minus the Tết 2024 break, 8-14/2/2024). Every path must give the
report `measure_timeliness` gives on the same dossiers, and refuse what it refuses, naming the
row and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path
from typing import Any
from unittest.mock import patch

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.scoring.test_measurements_timeliness import TET_2024, WeekdayCalendar
from tests.strategies import dossier_csv_rows

from chinhquyen.errors import DataFileError, DeadlineError, InvalidInputError
from chinhquyen.scoring.measurements import timeliness_tables
from chinhquyen.scoring.measurements.timeliness import (
    measure_dossier_log,
    measure_timeliness,
    read_dossier_log,
)
from chinhquyen.scoring.measurements.timeliness_tables import measure_dossier_table

assert TET_2024  # the calendar the dossiers below are counted on

HEADER = "id,procedure,unit,received_at,working_days,cutoff,pauses,returned_at,apology_slip_issued,extended_to"  # noqa: E501
#: the hand-counted log: (row text, due date, status) — see test_hand_counted_log
LOG = [
    ("A,p,xa-1,2024-03-04T09:00,5,,,2024-03-08,,", "2024-03-11", "early"),
    ("B,chung-thuc,xa-1,2024-03-08T16:00,3,15:00,,2024-03-14T10:30,,", "2024-03-14", "on_time"),
    ("C,p,xa-2,2024-03-09T08:00,1,,,2024-03-13,false,", "2024-03-12", "late"),
    ("D,p,xa-2,2024-02-07 10:00,2,,,2024-02-16,,", "2024-02-16", "on_time"),
    ("E,p,xa-1,2024-03-04T09:00,5,,2024-03-05/2024-03-07T10:00,2024-03-13,,", "2024-03-14",
     "early"),
    ("F,p,xa-1,2024-03-04T09:00,2,,,2024-03-08,TRUE,2024-03-08", "2024-03-06", "late"),
    ("G,p,,2024-03-18T09:00,10,,,,,", "2024-04-01", "pending"),
    ("H,p,xa-2,2024-03-04T09:00:00+07:00,1,,,,,", "2024-03-05", "overdue"),
]  # fmt: skip
AS_OF = dt.date(2024, 3, 29)


def _write(tmp_path: Path, lines: list[str], name: str = "log.csv", **kw: Any) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", **{"encoding": "utf-8", **kw})
    return path


def _rows(report: Any) -> list[tuple[Any, ...]]:
    return [(r.id, r.due_date.isoformat(), r.status) for r in report.results]


def test_hand_counted_log_from_csv(tmp_path: Path) -> None:
    path = _write(tmp_path, [line for line, _, _ in LOG])
    report = measure_dossier_table(path, WeekdayCalendar(), as_of=AS_OF, results=True)
    assert _rows(report) == [(line[0], due, status) for line, due, status in LOG]
    expected = measure_timeliness(read_dossier_log(path), WeekdayCalendar(), as_of=AS_OF)
    assert report.summary() == expected.summary()
    assert report.missing_apologies() == ["C", "H"]
    assert report.units() == ["xa-1", "xa-2"] and report.for_unit("xa-2").total == 3
    # rows as a spreadsheet shows them: the header is row 1
    assert report.to_arrow().column("row").to_pylist() == list(range(2, 10))


@pytest.mark.parametrize("batch_rows", [1, 2, 3, 100_000])
def test_batches_of_any_size_give_the_same_report(tmp_path: Path, batch_rows: int) -> None:
    path = _write(tmp_path, [line for line, _, _ in LOG])
    report = measure_dossier_table(
        path, WeekdayCalendar(), as_of=AS_OF, results=True, batch_rows=batch_rows
    )
    assert _rows(report) == [(line[0], due, status) for line, due, status in LOG]


def _bad_log() -> list[str]:
    return [
        "1,p,xa,2024-03-04T09:00,5,,,2024-03-08,,",  # row 2: fine (early)
        "2,p,xa,04/03/2024 09:00,5,,,2024-03-08,,",  # row 3: day/month date
        "",  # row 4: blank, skipped, keeps its number
        "3,p,xa,2024-03-04T09:00,5",  # row 5: short
        "4,p,xa,2024-03-04T09:00,5,,,2024-03-08,,,x",  # row 6: long
        "1,p,xa,2024-03-05T09:00,5,,,2024-03-08,,",  # row 7: repeats the id of row 2
        "5,p,xa,2024-03-04T09:00,2,,,2024-03-08,,2024-03-05",  # row 8: extension not later
        "6,p,xa,2024-03-04T09:00,5,,,2024-03-01,,",  # row 9: returned before received
        "7,p,xa,2024-03-04T09:00,5,,,,,",  # row 10: unreturned (no as_of)
        "8,p,xa,2024-03-04T09:00,5,,,2024-03-12,,",  # row 11: fine (late)
    ]


def test_collecting_names_every_refused_row_and_measures_the_others(tmp_path: Path) -> None:
    path = _write(tmp_path, _bad_log())
    report = measure_dossier_table(path, WeekdayCalendar(), errors="collect", results=True)
    assert [(r.row, r.column) for r in report.rejected] == [
        (3, "received_at"),
        (5, None),
        (6, None),
        (7, "id"),
        (8, None),
        (9, None),  # the row-by-row reader names the row only
        (10, "returned_at"),
    ]
    messages = [r.message for r in report.rejected]
    assert "row 3, column D (received_at)" in messages[0]
    assert "has 5 cells, the header has 10" in messages[1]
    assert "has 11 cells, the header has 10" in messages[2]
    assert "id 1: appears more than once" in messages[3]
    assert "dossier 5: extended_to 2024-03-05 is not later" in messages[4]
    assert "is before received_at" in messages[5]
    assert "has no returned_at" in messages[6]
    assert all(str(path) in m for m in messages[:3])
    assert [(r.id, r.status) for r in report.results] == [("1", "early"), ("8", "late")]
    assert report.summary()["rejected"] == 7


def test_a_dossier_with_several_problems_is_rejected_once_with_its_first(tmp_path: Path) -> None:
    # row 3 repeats row 2's id and has no return day (no as_of): two problems, one dossier
    lines = ["1,p,xa,2024-03-04T09:00,5,,,2024-03-08,,", "1,p,xa,2024-03-05T09:00,5,,,,,"]
    path = _write(tmp_path, lines)
    report = measure_dossier_table(path, WeekdayCalendar(), errors="collect")
    assert [(r.row, r.column) for r in report.rejected] == [(3, "id")]
    assert "id 1: appears more than once" in report.rejected[0].message
    assert report.summary()["rejected"] == 1 and report.summary()["total"] == 1
    with pytest.raises(InvalidInputError, match="id 1: appears more than once"):
        measure_dossier_table(path, WeekdayCalendar())


def test_raising_names_the_first_unreadable_row_before_any_measuring_error(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, _bad_log())
    with pytest.raises(DataFileError, match=r"row 3, column D \(received_at\)"):
        measure_dossier_table(path, WeekdayCalendar())
    # the same as the row-by-row reader
    with pytest.raises(DataFileError, match=r"row 3, column D \(received_at\)"):
        measure_dossier_log(path, WeekdayCalendar())
    readable = _write(tmp_path, [line for k, line in enumerate(_bad_log()) if k in (0, 5, 6, 8)])
    with pytest.raises(InvalidInputError, match="id 1: appears more than once"):
        measure_dossier_table(readable, WeekdayCalendar())
    later = _write(tmp_path, [line for k, line in enumerate(_bad_log()) if k in (0, 6, 8)])
    with pytest.raises(DeadlineError, match="dossier 5"):
        measure_dossier_table(later, WeekdayCalendar())


def test_repeated_ids_are_decided_exactly_even_when_hashes_collide(tmp_path: Path) -> None:
    lines = [
        f"{rid},p,xa,2024-03-04T09:00,5,,,2024-03-08,," for rid in ("a", "b", "c", "b", "d", "a")
    ]
    path = _write(tmp_path, lines)

    def same_hash(self: Any, ids: Any) -> Any:  # every id hashes alike: all are candidates
        return np.zeros(len(ids), np.uint64)

    for batch_rows in (1, 4, 100):
        with patch.object(timeliness_tables._Run, "_hashes", same_hash):
            report = measure_dossier_table(
                path, WeekdayCalendar(), errors="collect", results=True, batch_rows=batch_rows
            )
        assert [(r.row, r.column) for r in report.rejected] == [(5, "id"), (7, "id")]
        assert [r.id for r in report.results] == ["a", "b", "c", "d"]


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _windows_1258_form(text: str) -> str:
    """Vietnamese as Windows-1258 writes it: letters precomposed, tone marks combining."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = [c for c in parts if c in _TONES]
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + "".join(tones))
    return "".join(out)


def test_encodings_other_than_utf8(tmp_path: Path) -> None:
    line = "1,Chứng thực bản sao,Cẩm Tú,2024-03-04T09:00,5,,,2024-03-08,,"
    for encoding in ("cp1258", "utf-16"):
        text = _windows_1258_form(line) if encoding == "cp1258" else line
        path = _write(tmp_path, [text], name=f"{encoding}.csv", encoding=encoding)
        report = measure_dossier_table(path, WeekdayCalendar(), encoding=encoding, results=True)
        got = [(r.procedure, r.unit) for r in report.results]
        assert [tuple(unicodedata.normalize("NFC", t) for t in g) for g in got] == [
            ("Chứng thực bản sao", "Cẩm Tú")
        ]
    with pytest.raises(DataFileError, match="unknown encoding"):
        measure_dossier_table(path, WeekdayCalendar(), encoding="bogus")


def test_header_problems_are_refused(tmp_path: Path) -> None:
    repeated = tmp_path / "repeated.csv"
    repeated.write_text(HEADER + ",returned_at\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="'returned_at' appear more than once"):
        measure_dossier_table(repeated, WeekdayCalendar())
    missing = tmp_path / "missing.csv"
    missing.write_text("id,procedure\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="missing column"):
        measure_dossier_table(missing, WeekdayCalendar())
    with pytest.raises(DataFileError, match=r"give a \.csv, \.parquet or \.xlsx file"):
        measure_dossier_table(tmp_path / "log.json", WeekdayCalendar())
    with pytest.raises(DataFileError, match=r"save it as \.xlsx"):  # the readers' advice
        measure_dossier_table(tmp_path / "log.xls", WeekdayCalendar())
    with pytest.raises(InvalidInputError, match="errors"):
        measure_dossier_table(missing, WeekdayCalendar(), errors="ignore")  # type: ignore[arg-type]


def _typed_table() -> pl.DataFrame:
    """The hand-counted log with typed columns (as a Parquet file written by a program)."""
    text = pl.read_csv(
        io.StringIO("\n".join([HEADER, *(line for line, _, _ in LOG)])),
        infer_schema=False,
        empty_string_is_null=False,
    )
    received = [
        dt.datetime(2024, 3, 4, 9),
        dt.datetime(2024, 3, 8, 16),
        dt.datetime(2024, 3, 9, 8),
        dt.datetime(2024, 2, 7, 10),
        dt.datetime(2024, 3, 4, 9),
        dt.datetime(2024, 3, 4, 9),
        dt.datetime(2024, 3, 18, 9),
        dt.datetime(2024, 3, 4, 9),
    ]
    return text.with_columns(
        pl.Series("received_at", received, pl.Datetime("us")),
        pl.col("working_days").cast(pl.Int32),
        pl.Series("cutoff", [None, dt.time(15), *[None] * 6], pl.Time),
        pl.col("returned_at").str.slice(0, 10).str.to_date(strict=False),
        pl.Series("apology_slip_issued", [None, None, False, None, None, True, None, None]),
        pl.col("extended_to").str.to_date(strict=False),
        pl.col("unit").replace("", None),
    )


def test_typed_parquet_and_tables_in_memory(tmp_path: Path) -> None:
    typed = _typed_table()
    path = tmp_path / "log.parquet"
    typed.write_parquet(path)
    expected = [(line[0], due, status) for line, due, status in LOG]
    for source in (path, typed, typed.lazy(), typed.to_arrow(), typed.to_pandas()):
        report = measure_dossier_table(source, WeekdayCalendar(), as_of=AS_OF, results=True)
        assert _rows(report) == expected, type(source)
        assert report.to_arrow().column("row").to_pylist() == list(range(8))  # positions


def test_typed_cells_that_are_refused_name_the_row_and_column() -> None:
    typed = _typed_table().with_columns(
        pl.Series("working_days", [5, 3, 1, 2, 5, 2, -1, 1], pl.Int64)
    )
    report = measure_dossier_table(typed, WeekdayCalendar(), as_of=AS_OF, errors="collect")
    assert [(r.row, r.column) for r in report.rejected] == [(6, "working_days")]
    assert "row 6, column working_days" in report.rejected[0].message


def test_results_are_kept_only_when_asked(tmp_path: Path) -> None:
    path = _write(tmp_path, [line for line, _, _ in LOG])
    report = measure_dossier_table(path, WeekdayCalendar(), as_of=AS_OF)
    assert report.total == 8 and report.timely_rate is not None
    with pytest.raises(InvalidInputError, match="results=True"):
        report.results  # noqa: B018
    with pytest.raises(InvalidInputError, match="results=True"):
        report.to_arrow()


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(dossier_csv_rows(), max_size=15), batch_rows=st.integers(1, 6))
def test_tables_in_memory_read_as_the_csv_file(
    tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, str]], batch_rows: int
) -> None:
    columns = [*HEADER.split(","), "resume_after_pause"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([row[c] for c in columns] for row in rows)
    path = tmp_path_factory.mktemp("log") / "log.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    table = pa.table({c: pa.array([row[c] for row in rows], pa.string()) for c in columns})
    kw: dict[str, Any] = {"as_of": dt.date(2025, 1, 31), "errors": "collect", "results": True}
    from_file = measure_dossier_table(path, WeekdayCalendar(), batch_rows=batch_rows, **kw)
    in_memory = measure_dossier_table(table, WeekdayCalendar(), batch_rows=batch_rows, **kw)
    assert in_memory.results == from_file.results
    # rows: positions from 0 in a table, spreadsheet rows (from 2) in a file
    assert [(r.row + 2, r.column) for r in in_memory.rejected] == [
        (r.row, r.column) for r in from_file.rejected
    ]


def test_pandas_frame_with_arrow_strings() -> None:
    frame = pd.DataFrame(
        {
            "id": pd.Series(["1", "2"], dtype="string[pyarrow]"),
            "procedure": ["p", "p"],
            "received_at": ["2024-03-04T09:00", "2024-03-04T09:00"],
            "working_days": [5, 5],
            "returned_at": [dt.date(2024, 3, 8), None],
        }
    )
    report = measure_dossier_table(frame, WeekdayCalendar(), as_of=AS_OF, results=True)
    assert [r.status for r in report.results] == ["early", "overdue"]


# --- on a Dask cluster -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_client() -> Any:
    """A local cluster of two worker processes (started once for the tests below)."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _dataset(tmp_path: Path, lines: list[str], parts: int) -> tuple[Path, pl.DataFrame]:
    """The log as `parts` Parquet files of text columns, and as one table."""
    table = pl.read_csv(
        io.StringIO("\n".join([HEADER, *lines]) + "\n"),
        infer_schema=False,
        empty_string_is_null=False,
    )
    folder = tmp_path / "dataset"
    folder.mkdir()
    size = -(-len(table) // parts)
    for k in range(parts):
        table.slice(k * size, size).write_parquet(folder / f"part-{k:02d}.parquet")
    return folder, table


def test_a_dataset_on_a_local_cluster_gives_the_single_machine_report(
    tmp_path: Path, dask_client: Any
) -> None:
    from chinhquyen.calendar import WorkingCalendar
    from chinhquyen.scoring.measurements.timeliness_dask import measure_dossier_dataset

    lines = [line for line, _, _ in LOG] + [
        line
        for k, line in enumerate(_bad_log())
        if k not in (2, 3, 4)  # no blank/ragged rows
    ]
    folder, table = _dataset(tmp_path, lines, parts=3)
    cal = WorkingCalendar.national()
    kw: dict[str, Any] = {"as_of": AS_OF, "errors": "collect"}
    report = measure_dossier_dataset(folder, cal, **kw)
    expected = measure_dossier_table(table, cal, **kw)
    assert report.summary() == expected.summary()
    assert report.missing_apologies() == expected.missing_apologies()
    assert [(r.row, r.column, r.message.replace("dataset", "table")) for r in report.rejected] == [
        (r.row, r.column, r.message) for r in expected.rejected
    ]
    # id 1 (rows 8 and 10) repeats across partitions: the later row is refused
    assert ("id", 10) in [(r.column, r.row) for r in report.rejected]
    with pytest.raises(DataFileError, match=r"dataset \[row 9, column received_at\]"):
        measure_dossier_dataset(folder, cal, as_of=AS_OF)
