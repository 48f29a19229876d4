"""The columnar reader against the row-by-row reader on adversarial cells.

`measure_dossier_table` converts the cells of a plain shape column-wise and sends every other
cell's row to the row-by-row reader. Whatever a cell holds (a plain shape, a near miss of one by
a character, whitespace Python strips or does not, junk), the report must be the one the
row-by-row reader gives: here each row is read and measured alone by `measure_dossier_log`, at
its own row number, and the results and refusals compared with the columnar report's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path
from typing import Any

import attrs
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import adversarial_dossier_cells

from chinhquyen.calendar import WorkingCalendar
from chinhquyen.errors import ChinhQuyenError
from chinhquyen.scoring.measurements._dossier_frames import WHITESPACE, padded
from chinhquyen.scoring.measurements.timeliness import measure_dossier_log
from chinhquyen.scoring.measurements.timeliness_tables import measure_dossier_table

COLUMNS = (
    "id",
    "procedure",
    "unit",
    "received_at",
    "working_days",
    "cutoff",
    "pauses",
    "resume_after_pause",
    "returned_at",
    "apology_slip_issued",
    "extended_to",
)
AS_OF = dt.date(2025, 1, 15)
CALENDAR = WorkingCalendar.national()


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def _outcome(call: Any) -> tuple[Any, ...]:
    try:
        return ("ok", call())
    except ChinhQuyenError as e:
        return ("error", type(e), str(e))


def _results(report: Any) -> list[tuple[Any, ...]]:
    return [attrs.astuple(r) for r in report.results]


def _row_by_row(path: Path, rows: list[list[str]]) -> tuple[list[Any], list[Any]]:
    """Each row alone in the file (blank lines before it keep its number), read and measured
    by `measure_dossier_log`: the results of the rows it accepts, the refusals of the others."""
    results: list[Any] = []
    refused: list[Any] = []
    for k, row in enumerate(rows):
        path.write_text(_csv([list(COLUMNS)]) + "\r\n" * k + _csv([row]), encoding="utf-8")
        got = _outcome(lambda: _results(measure_dossier_log(path, CALENDAR, as_of=AS_OF)))
        if got[0] == "ok":
            results += got[1]
        else:
            refused.append((k + 2, *got[1:]))
    return results, refused


@settings(max_examples=200, deadline=None)
@given(
    cells=st.lists(st.integers(), min_size=1, max_size=10).flatmap(
        lambda xs: st.tuples(*(adversarial_dossier_cells(k) for k in range(len(xs))))
    ),
    batch_rows=st.sampled_from([1, 3, 250_000]),
)
def test_adversarial_cells_are_read_as_the_row_by_row_reader_reads_them(
    tmp_path_factory: pytest.TempPathFactory, cells: tuple[dict[str, str], ...], batch_rows: int
) -> None:
    path = tmp_path_factory.mktemp("log") / "log.csv"
    rows = [[row[c] for c in COLUMNS] for row in cells]
    path.write_text(_csv([list(COLUMNS), *rows]), encoding="utf-8")
    kw: dict[str, Any] = {"as_of": AS_OF, "batch_rows": batch_rows, "results": True}
    raised = _outcome(lambda: _results(measure_dossier_table(path, CALENDAR, **kw)))
    assert raised == _outcome(lambda: _results(measure_dossier_log(path, CALENDAR, as_of=AS_OF)))
    report = measure_dossier_table(path, CALENDAR, errors="collect", **kw)
    results, refused = _row_by_row(path, rows)
    assert _results(report) == results
    assert [(r.row, type(r.error), str(r.error)) for r in report.rejected] == refused


def test_whitespace_is_what_python_strips() -> None:
    everything = (chr(c) for c in range(sys.maxunicode + 1))
    assert "".join(c for c in everything if c.isspace()) == WHITESPACE
    assert all(f"x{c}".strip() == "x" for c in WHITESPACE)


#: cells made of letters, whitespace Python strips and characters it keeps
edge_texts = st.text(
    st.sampled_from(["a", "D", "à", "Ạ", "ỳ", "đ", "\u200b", "\x07", "\x00", *WHITESPACE]),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(st.none() | edge_texts, max_size=12),
    large=st.booleans(),
    start=st.integers(0, 3),
)
def test_padded_says_whether_a_cell_has_whitespace_around_it(
    cells: list[str | None], large: bool, start: int
) -> None:
    array = pa.array(cells, pa.large_string() if large else pa.string()).slice(start)
    expected = any(c is not None and c != c.strip() for c in cells[start:])
    assert padded(array) == expected


def test_padded_free_text_and_python_only_whitespace_are_stripped_as_python_does(
    tmp_path: Path,
) -> None:
    path = tmp_path / "log.csv"
    rows = [
        ["\x1cA\x1c", " tt ", "\u3000xa\u00a0", "2024-03-04T09:00", "1", "", "", "", "2024-03-05"],
        ["B", "tt", "", "2024-03-04T09:00", "1", "", "", "", "2024-03-05"],
        ["A", "tt", "", "2024-03-04T10:00", "1", "", "", "", "2024-03-05"],  # repeats row 2's
        ["\u200bC", "tt", "", "2024-03-04T09:00", "1", "", "", "", "2024-03-05"],  # kept
    ]
    header = ["id", "procedure", "unit", "received_at", "working_days", "cutoff", "pauses",
              "resume_after_pause", "returned_at"]  # fmt: skip
    path.write_text(_csv([header, *rows]), encoding="utf-8")
    report = measure_dossier_table(path, CALENDAR, errors="collect", results=True)
    assert [(r.id, r.procedure, r.unit) for r in report.results] == [
        ("A", "tt", "xa"),
        ("B", "tt", None),
        ("\u200bC", "tt", None),
    ]
    assert [(r.row, r.column) for r in report.rejected] == [(4, "id")]
