"""A dossier log saved as `.xlsx` is measured as the same log saved as CSV.

The hand-counted log is that of test_measurements_tables.py. The workbook is written as a
commune's software or clerk would: dates and times as date cells, working days as numbers,
flags as checkboxes (booleans) or text, the rest as text. Every dossier is named by its
spreadsheet row, and what the readers refuse (an error cell) is refused naming the cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.scoring.test_measurements_tables import AS_OF, HEADER, LOG, _rows, _write
from tests.scoring.test_measurements_timeliness import WeekdayCalendar
from tests.strategies import dossier_csv_rows

from chinhquyen.errors import DataFileError
from chinhquyen.readers import FormatError, ReaderError
from chinhquyen.scoring.measurements.timeliness import read_dossier_log
from chinhquyen.scoring.measurements.timeliness_tables import measure_dossier_table

COLUMNS = HEADER.split(",")


def _typed(column: str, text: str) -> Any:
    """The cell a spreadsheet would hold for `text`: a date, a number, a flag, or the text."""
    if text == "":
        return None
    if column in ("received_at", "returned_at", "extended_to"):
        for shape in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"):
            try:
                return dt.datetime.strptime(text, shape)
            except ValueError:
                pass
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # e.g. with a zone offset: kept as text, as a clerk would type it
    if column == "working_days" and text.isdigit():
        return int(text)
    if column == "cutoff":
        return dt.time.fromisoformat(text)
    if column == "apology_slip_issued" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def _workbook(path: Path, rows: list[list[Any]], header: list[str] = COLUMNS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _typed_rows(lines: list[str]) -> list[list[Any]]:
    out = []
    for line in lines:
        cells = next(csv.reader(io.StringIO(line)))
        out.append([_typed(c, t) for c, t in zip(COLUMNS, cells, strict=False)])
    return out


def test_the_hand_counted_log_from_a_workbook(tmp_path: Path) -> None:
    lines = [line for line, _, _ in LOG]
    path = _workbook(tmp_path / "so-ho-so.xlsx", _typed_rows(lines))
    report = measure_dossier_table(path, WeekdayCalendar(), as_of=AS_OF, results=True)
    assert _rows(report) == [(line[0], due, status) for line, due, status in LOG]
    csv_report = measure_dossier_table(
        _write(tmp_path, lines), WeekdayCalendar(), as_of=AS_OF, results=True
    )
    assert report.summary() == csv_report.summary()
    assert report.missing_apologies() == csv_report.missing_apologies() == ["C", "H"]
    # rows as the spreadsheet shows them: the header is row 1
    assert report.to_arrow().column("row").to_pylist() == list(range(2, 10))


def test_blank_rows_are_skipped_and_every_refusal_names_the_sheet_row(tmp_path: Path) -> None:
    rows = _typed_rows(
        [
            "1,p,xa,2024-03-04T09:00,5,,,2024-03-08,,",  # row 2: early
            "2,p,xa,04/03/2024 09:00,5,,,2024-03-08,,",  # row 3: a day/month date, as text
        ]
    )
    rows += [[None] * len(COLUMNS)]  # row 4: a formatted but empty row
    rows += _typed_rows(
        [
            "1,p,xa,2024-03-05T09:00,5,,,2024-03-08,,",  # row 5: repeats the id of row 2
            "8,p,xa,2024-03-04T09:00,5,,,2024-03-12,,",  # row 6: late
        ]
    )
    path = _workbook(tmp_path / "log.xlsx", rows)
    report = measure_dossier_table(path, WeekdayCalendar(), errors="collect", results=True)
    assert [(r.row, r.column) for r in report.rejected] == [(3, "received_at"), (5, "id")]
    assert [(r.id, r.status) for r in report.results] == [("1", "early"), ("8", "late")]
    with pytest.raises(DataFileError, match="received_at"):
        measure_dossier_table(path, WeekdayCalendar())


def test_a_value_right_of_the_headings_is_refused(tmp_path: Path) -> None:
    rows = _typed_rows(["1,p,xa,2024-03-04T09:00,5,,,2024-03-08,,"])
    rows[0].append("ghi chú lạc chỗ")
    path = _workbook(tmp_path / "log.xlsx", rows)
    with pytest.raises(DataFileError, match="row 2 has a value right of the last heading"):
        measure_dossier_table(path, WeekdayCalendar())


def test_an_error_cell_is_refused_naming_it(tmp_path: Path) -> None:
    rows = _typed_rows(["1,p,xa,2024-03-04T09:00,5,,,2024-03-08,,"])
    rows[0][4] = "#VALUE!"
    path = tmp_path / "log.xlsx"
    _workbook(path, rows)
    wb = openpyxl.load_workbook(path)
    wb.active["E2"].data_type = "e"  # type: ignore[index]
    wb.save(path)
    with pytest.raises(ReaderError, match="E2"):
        measure_dossier_table(path, WeekdayCalendar())


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".xlsm"])
def test_other_spreadsheet_formats_are_refused_saying_how_to_save(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"log{suffix}"
    path.write_bytes(b"not really a workbook")
    with pytest.raises(FormatError, match="xlsx"):
        measure_dossier_table(path, WeekdayCalendar())


def test_a_missing_heading_is_refused(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "log.xlsx", [], header=["id", "procedure"])
    with pytest.raises(DataFileError):
        measure_dossier_table(path, WeekdayCalendar())


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(dossier_csv_rows(odd=False), min_size=1, max_size=15, unique_by=lambda r: r["id"]))
def test_any_plain_log_reads_the_same_from_a_workbook_and_from_csv(
    tmp_path: Path, rows: list[dict[str, str]]
) -> None:
    lines = []
    for r in rows:
        buffer = io.StringIO()
        csv.writer(buffer).writerow([r.get(c, "") for c in COLUMNS])
        lines.append(buffer.getvalue().rstrip("\r\n"))
    typed = [[_typed(c, r.get(c, "").strip()) for c in COLUMNS] for r in rows]
    xlsx = _workbook(tmp_path / "any.xlsx", typed)
    plain = _write(tmp_path, lines, name="any.csv")
    kw: dict[str, Any] = {"as_of": dt.date(2025, 1, 31), "results": True, "errors": "collect"}
    got = measure_dossier_table(xlsx, WeekdayCalendar(), **kw)
    want = measure_dossier_table(plain, WeekdayCalendar(), **kw)
    assert got.summary() == want.summary()
    assert _rows(got) == _rows(want)


def test_a_repeated_heading_is_refused_by_every_reader(tmp_path: Path) -> None:
    # one rule for the header: which of two "returned_at" columns holds the date cannot be told
    header = [*COLUMNS, "returned_at"]
    row = [*_typed_rows(["1,p,xa,2024-03-04T09:00,5,,,2024-03-08,,"])[0], "2024-03-09"]
    xlsx = _workbook(tmp_path / "log.xlsx", [row], header=header)
    plain = tmp_path / "log.csv"
    plain.write_text(
        ",".join(header) + "\n1,p,xa,2024-03-04T09:00,5,,,2024-03-08,,,2024-03-09\n", "utf-8"
    )
    for source in (xlsx, plain):
        with pytest.raises(DataFileError, match="'returned_at' appear more than once"):
            measure_dossier_table(source, WeekdayCalendar())
    with pytest.raises(DataFileError, match="'returned_at' appear more than once"):
        read_dossier_log(plain)
