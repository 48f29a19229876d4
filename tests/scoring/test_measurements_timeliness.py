"""Timeliness of a dossier log.

Due dates are counted by hand on a calendar of Monday-Friday minus the state agencies' Tết
2024 holiday (Thursday 8 to Wednesday 14 February 2024, from the official 2024 schedule; see
/work/shared/reference/calendar-law.md §2). The Cẩm Thủy case follows seed 002: 2,380 dossiers,
100 % resolved, 36 % early and 64 % on time.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import tempfile
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any
from unittest.mock import patch

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.strategies import dossier_csv_rows, dossier_rows, simple_dossier_rows

from chinhquyen.calendar import WorkingCalendar
from chinhquyen.errors import ChinhQuyenError, DataFileError, DeadlineError, InvalidInputError
from chinhquyen.scoring.answers import CoverageValue, RatioValue
from chinhquyen.scoring.measurements import _dossier_columns
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
from chinhquyen.scoring.measurements.timeliness_tables import measure_dossier_table

TET_2024 = {dt.date(2024, 2, d) for d in (8, 9, 12, 13, 14)}


class WeekdayCalendar:
    """Monday-Friday minus Tết 2024; counts its calls to add_working_days."""

    def __init__(self) -> None:
        self.calls = 0

    def is_working_day(self, d: dt.date, /) -> bool:
        return d.weekday() < 5 and d not in TET_2024

    def add_working_days(self, d: dt.date, n: int, /) -> dt.date:
        self.calls += 1
        if n == 0:
            while not self.is_working_day(d):
                d += dt.timedelta(days=1)
            return d
        while n:
            d += dt.timedelta(days=1)
            n -= self.is_working_day(d)
        return d


def _log() -> list[DossierRecord]:
    return read_dossier_records(
        [
            # Mon 4/3, 5 days: Tue 5 .. Mon 11 -> due Mon 11/3; back Fri 8 -> early
            {"id": "A", "procedure": "p", "received_at": "2024-03-04T09:00",
             "working_days": 5, "returned_at": "2024-03-08"},
            # Fri 8/3 16:00 after the 15:00 cut-off -> Mon 11; +3 -> Thu 14 -> on time
            {"id": "B", "procedure": "chung-thuc", "received_at": "2024-03-08T16:00",
             "working_days": 3, "cutoff": "15:00", "returned_at": "2024-03-14T10:30"},
            # Sat 9/3 -> Mon 11; +1 -> Tue 12; back Wed 13 -> late, no slip
            {"id": "C", "procedure": "p", "received_at": "2024-03-09T08:00",
             "working_days": 1, "returned_at": "2024-03-13"},
            # Wed 7/2, 2 days across Tết (8-14/2 off) -> Thu 15, Fri 16 -> on time
            {"id": "D", "procedure": "p", "received_at": "2024-02-07T10:00",
             "working_days": 2, "returned_at": "2024-02-16"},
            # Mon 4/3, 5 days, supplement asked Tue 5, back Thu 7 -> restart: due Thu 14
            {"id": "E", "procedure": "p", "received_at": "2024-03-04T09:00",
             "working_days": 5, "pauses": [{"requested_on": "2024-03-05",
                                            "completed_on": "2024-03-07T10:00"}],
             "returned_at": "2024-03-13"},
            # Mon 4/3, 2 days -> Wed 6; apology slip moved it to Fri 8; back Fri 8
            {"id": "F", "procedure": "p", "received_at": "2024-03-04T09:00",
             "working_days": 2, "extended_to": "2024-03-08", "apology_slip_issued": True,
             "returned_at": "2024-03-08"},
            # Mon 18/3, 10 days -> Mon 1/4; not returned
            {"id": "G", "procedure": "p", "received_at": "2024-03-18T09:00",
             "working_days": 10, "returned_at": None},
            # Mon 4/3, 1 day -> Tue 5/3; not returned
            {"id": "H", "procedure": "p", "received_at": "2024-03-04T09:00",
             "working_days": 1},
        ]
    )  # fmt: skip


def test_hand_counted_log() -> None:
    report = measure_timeliness(_log(), WeekdayCalendar(), as_of=dt.date(2024, 3, 29))
    due = {r.id: r.due_date for r in report.results}
    assert due == {
        "A": dt.date(2024, 3, 11),
        "B": dt.date(2024, 3, 14),
        "C": dt.date(2024, 3, 12),
        "D": dt.date(2024, 2, 16),
        "E": dt.date(2024, 3, 14),
        "F": dt.date(2024, 3, 6),
        "G": dt.date(2024, 4, 1),
        "H": dt.date(2024, 3, 5),
    }
    status = {r.id: r.status for r in report.results}
    assert status == {
        "A": "early",
        "B": "on_time",
        "C": "late",
        "D": "on_time",
        "E": "early",
        "F": "late",
        "G": "pending",
        "H": "overdue",
    }
    assert (report.early, report.on_time, report.late, report.overdue, report.pending) == (
        2,
        2,
        2,
        1,
        1,
    )
    assert report.decided == 7
    assert report.timely_rate == Fraction(4, 7)
    assert report.late_rate == Fraction(3, 7)
    assert report.to_value() == RatioValue(numerator=4, denominator=7)
    assert report.to_value(pending="on_time") == RatioValue(numerator=5, denominator=8)
    # slips required for C (late), F (extended), H (overdue); only F has one
    assert report.apology_value() == CoverageValue(answered=1, required=3)
    assert report.missing_apologies() == ["C", "H"]


def test_judging_against_the_extended_date() -> None:
    report = measure_timeliness(
        _log(), WeekdayCalendar(), as_of=dt.date(2024, 3, 29), against_original=False
    )
    f = next(r for r in report.results if r.id == "F")
    assert (f.status, f.due_date, f.original_due_date) == ("on_time", dt.date(2024, 3, 8),
                                                           dt.date(2024, 3, 6))  # fmt: skip
    assert f.apology_required  # the slip was still needed


def test_pending_becomes_overdue_after_its_due_date() -> None:
    log = [r for r in _log() if r.id == "G"]
    assert measure_timeliness(log, WeekdayCalendar(), as_of="2024-04-01").results[0].status == (
        "pending"
    )
    assert measure_timeliness(log, WeekdayCalendar(), as_of="2024-04-02").results[0].status == (
        "overdue"
    )


def test_unreturned_without_as_of_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="as_of"):
        measure_timeliness(_log(), WeekdayCalendar())


def test_repeated_ids_are_refused() -> None:
    log = _log()
    with pytest.raises(InvalidInputError, match="more than once"):
        measure_timeliness([log[0], log[0]], WeekdayCalendar())


def test_extension_not_later_than_due_is_refused_naming_the_dossier() -> None:
    rec = DossierRecord.model_validate(
        {"id": "X9", "procedure": "p", "received_at": "2024-03-04T09:00", "working_days": 2,
         "extended_to": "2024-03-06", "returned_at": "2024-03-06"}
    )  # fmt: skip
    with pytest.raises(DeadlineError, match="X9"):
        measure_timeliness([rec], WeekdayCalendar())


def test_cam_thuy_shape() -> None:
    rows = [
        {
            "id": f"HS-{i:04d}",
            "procedure": "p",
            "unit": f"xa-{i % 17:02d}",
            "received_at": "2024-03-04T09:00",
            "working_days": 5,
            # due Mon 11/3: 857 returned Fri 8/3, 1,523 on Mon 11/3
            "returned_at": "2024-03-08" if i < 857 else "2024-03-11",
        }
        for i in range(2380)
    ]
    report = measure_timeliness(read_dossier_records(rows), WeekdayCalendar())
    assert (report.total, report.early, report.on_time, report.late) == (2380, 857, 1523, 0)
    assert report.percent("early", 0) == Decimal(36)
    assert report.percent("on_time", 0) == Decimal(64)
    assert report.percent("timely") == Decimal("100.0")
    assert report.to_value() == RatioValue(numerator=2380, denominator=2380)
    assert report.apology_value() == CoverageValue(answered=0, required=0)
    assert len(report.units()) == 17
    assert report.for_unit("xa-00").total == 140  # 0, 17, ..., 2363


def test_percent_refuses_unknown_rates_and_negative_places() -> None:
    report = measure_timeliness(_log(), WeekdayCalendar(), as_of=dt.date(2024, 3, 29))
    assert report.percent("timely", 2) == Decimal("57.14")  # 4 / 7
    with pytest.raises(InvalidInputError, match="'bogus'; use one of 'early'"):
        report.percent("bogus")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="places"):
        report.percent("early", -1)


def test_due_dates_are_shared_not_recounted() -> None:
    cal = WeekdayCalendar()
    rows = [
        {"id": str(i), "procedure": "p", "received_at": f"2024-03-0{4 + i % 3}T09:00",
         "working_days": 5, "returned_at": "2024-03-20"}
        for i in range(5000)
    ]  # fmt: skip
    measure_timeliness(read_dossier_records(rows), cal)
    assert cal.calls <= 6  # 3 distinct receipt days x (start + count) at most


@settings(max_examples=60)
@given(st.lists(simple_dossier_rows(), max_size=20, unique_by=lambda r: r["id"]))
def test_shared_computation_equals_the_full_deadline(rows: list[dict[str, object]]) -> None:
    cal = WeekdayCalendar()
    records = read_dossier_records(rows)
    report = measure_timeliness(records, cal, as_of=dt.date(2024, 12, 31))
    for rec, res in zip(records, report.results, strict=True):
        full = rec.deadline(cal)
        assert res.due_date == full.due_date == res.original_due_date
        if rec.returned_at is not None:
            assert res.status == full.status(rec.returned_at).value
    counted = report.early + report.on_time + report.late + report.overdue + report.pending
    assert counted == report.total
    value = report.to_value()
    assert value.numerator <= value.denominator == report.decided


# --- reading -----------------------------------------------------------------------------------


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_log_reads_every_column(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "id,procedure,unit,received_at,working_days,cutoff,pauses,returned_at,"
        "apology_slip_issued,extended_to\n"
        "1,chung-thuc,cam-tu,2024-03-08T16:00,3,15:00,,2024-03-14,false,\n"
        "2,p,cam-tu,2024-03-04T09:00,5,,2024-03-05/2024-03-07T10:00,2024-03-13,,\n"
        "3,p,cam-tu,2024-03-04T09:00,2,,,2024-03-08,true,2024-03-08\n",
    )
    records = read_dossier_log(path)
    assert [r.id for r in records] == ["1", "2", "3"]
    assert records[0].cutoff == dt.time(15)
    assert records[1].pauses[0].requested_on == dt.date(2024, 3, 5)
    assert records[2].apology_slip_issued and records[2].extended_to == dt.date(2024, 3, 8)
    report = measure_timeliness(records, WeekdayCalendar())
    assert [r.status for r in report.results] == ["on_time", "early", "late"]


@pytest.mark.parametrize(
    ("row", "where"),
    [
        ("1,p,04/03/2024 09:00,5,2024-03-08", "row 2, column C (received_at)"),
        ("1,p,2024-03-04T09:00,năm,2024-03-08", "row 2, column D (working_days)"),
        ("1,p,2024-03-04T09:00,5,2024-03-01", "row 2"),
        (",p,2024-03-04T09:00,5,2024-03-08", "row 2, column A (id)"),
        # datetime.fromisoformat takes any separator; the log's ISO rule refuses "/"
        ("1,p,2024-03-04/09:00,5,2024-03-08", "row 2, column C (received_at)"),
        ("1,p,2024-03-04T09:00,5,2024-03-08/10:00", "row 2, column E (returned_at)"),
        ("1,p,2024-03-04T09:00,²,2024-03-08", "row 2, column D (working_days)"),
    ],
)
def test_csv_errors_name_row_and_column(tmp_path: Path, row: str, where: str) -> None:
    path = _csv(tmp_path, f"id,procedure,received_at,working_days,returned_at\n{row}\n")
    with pytest.raises(DataFileError) as info:
        read_dossier_log(path)
    assert where in str(info.value) and str(path) in str(info.value)


def test_csv_missing_and_unknown_columns(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="missing column"):
        read_dossier_log(_csv(tmp_path, "id,procedure,received_at\n"))
    with pytest.raises(DataFileError, match="unknown column"):
        read_dossier_log(_csv(tmp_path, "id,procedure,received_at,working_days,returned_at,ngay\n"))


def test_cutoff_without_a_receipt_time_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="no time of day"):
        read_dossier_records(
            [{"id": "1", "procedure": "p", "received_at": "2024-03-04", "working_days": 1,
              "cutoff": "15:00"}]
        )  # fmt: skip


def test_shipped_example_log_is_36_percent_early() -> None:
    path = resources.files("chinhquyen.scoring.data").joinpath("examples", "cam-thuy-dossiers.csv")
    with resources.as_file(path) as p:
        report = measure_timeliness(read_dossier_log(p), WeekdayCalendar())
    assert (report.total, report.early, report.on_time, report.late) == (50, 18, 32, 0)


def test_national_calendar_is_the_default() -> None:
    # Official 2024 schedule (calendar-law.md §2): Tết 8-14/2; Giỗ Tổ Thu 18/4; 27/4-1/5 off
    # with Mon 29/4 swapped for the make-up Saturday 4/5.
    records = read_dossier_records(
        [
            {"id": "tet", "procedure": "p", "received_at": "2024-02-07T10:00",
             "working_days": 2, "returned_at": "2024-02-16"},
            {"id": "gio-to", "procedure": "p", "received_at": "2024-04-17T10:00",
             "working_days": 1, "returned_at": "2024-04-19"},
            {"id": "30-4", "procedure": "p", "received_at": "2024-04-26T10:00",
             "working_days": 3, "returned_at": "2024-05-03"},
        ]
    )  # fmt: skip
    report = measure_timeliness(records)
    assert [r.due_date for r in report.results] == [
        dt.date(2024, 2, 16),  # Thu 15, Fri 16
        dt.date(2024, 4, 19),  # Thu 18 off -> Fri 19
        dt.date(2024, 5, 4),  # Thu 2, Fri 3, make-up Sat 4
    ]
    assert [r.status for r in report.results] == ["on_time", "on_time", "early"]


# --- the columnar path against the per-record reference ----------------------------------------
# The reference validates each row with pydantic (CSV: the row-by-row reader), computes each
# dossier's full deadline with DossierRecord.deadline and classifies it with Deadline.status, one
# dossier at a time, stopping at the first refusal. Outcomes are compared whole: the same
# results in the same order, or the same error type and message.

_COLUMNS = (
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
_OPTIONAL = ("unit", "cutoff", "pauses", "resume_after_pause", "apology_slip_issued", "extended_to")


def _outcome(call: Callable[[], Any]) -> tuple[Any, ...]:
    try:
        return ("ok", call())
    except ChinhQuyenError as e:
        return ("error", type(e), str(e))


def _reference_records(rows: Sequence[dict[str, Any]]) -> list[DossierRecord]:
    out = []
    for i, row in enumerate(rows):
        try:
            out.append(DossierRecord.model_validate(dict(row)))
        except InvalidInputError as e:
            raise InvalidInputError(
                f"dossier record {i}", [(f"[{i}].{loc}", msg) for loc, msg in e.problems]
            ) from None
    return out


def _reference_results(
    records: Sequence[DossierRecord], cal: Any, as_of: dt.date | None, against_original: bool
) -> list[tuple[Any, ...]]:
    seen: set[str] = set()
    out = []
    for rec in records:
        if rec.id in seen:
            raise InvalidInputError("dossier log", [(f"id {rec.id}", "appears more than once")])
        seen.add(rec.id)
        d = rec.deadline(cal)
        due = d.original_due_date if against_original else d.due_date
        if rec.returned_at is not None:
            status = d.status(rec.returned_at, against_original=against_original).value
            late = rec.returned_at > d.original_due_date
        else:
            if as_of is None:
                raise InvalidInputError(
                    "dossier log",
                    [
                        (
                            f"id {rec.id}",
                            "has no returned_at; pass as_of= (the day the log was taken) to "
                            "judge unreturned dossiers",
                        )
                    ],
                )
            status = "overdue" if as_of > due else "pending"
            late = as_of > d.original_due_date
        required = rec.extended_to is not None or late
        out.append(
            (rec.id, rec.procedure, rec.unit, due, d.original_due_date, rec.returned_at, status,
             required, rec.apology_slip_issued, d.provisional)
        )  # fmt: skip
    return out


def _results(report: TimelinessReport) -> list[tuple[Any, ...]]:
    rows = [attrs.astuple(r) for r in report.results]
    counts = {s: sum(1 for r in rows if r[6] == s) for s in ("early", "on_time", "late")}
    assert (report.early, report.on_time, report.late) == tuple(counts.values())
    assert report.total == len(rows)
    return rows


def _record_state(records: list[DossierRecord]) -> list[tuple[Any, ...]]:
    return [(type(r), r.__dict__, r.model_fields_set, repr(r)) for r in records]


def _calendar(national: bool) -> Any:
    return WorkingCalendar.national() if national else WeekdayCalendar()


#: mostly a day to judge unreturned dossiers on; sometimes none (refused if any is unreturned)
as_of_days = st.one_of(st.none(), *[st.dates(dt.date(2024, 6, 1), dt.date(2025, 3, 1))] * 3)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(dossier_rows(), max_size=25),
    as_of=as_of_days,
    against_original=st.booleans(),
    national=st.booleans(),
)
def test_columnar_path_equals_the_per_record_reference(
    rows: list[dict[str, Any]], as_of: dt.date | None, against_original: bool, national: bool
) -> None:
    cal = _calendar(national)
    records = _outcome(lambda: _record_state(_reference_records(rows)))
    assert _outcome(lambda: _record_state(read_dossier_records(rows))) == records
    expected = _outcome(
        lambda: _reference_results(_reference_records(rows), cal, as_of, against_original)
    )
    kw: dict[str, Any] = {"as_of": as_of, "against_original": against_original}
    assert _outcome(lambda: _results(measure_dossier_records(rows, cal, **kw))) == expected
    assert (
        _outcome(lambda: _results(measure_timeliness(read_dossier_records(rows), cal, **kw)))
        == expected
    )


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(dossier_csv_rows(), max_size=20),
    blank_lines=st.sets(st.integers(0, 20), max_size=2),
    short_line=st.none() | st.integers(0, 40),
    long_line=st.none() | st.integers(0, 80),
    chunk=st.sampled_from([50_000, 1, 4]),
    optional=st.lists(st.sampled_from(_OPTIONAL), unique=True),
    data=st.data(),
    as_of=as_of_days,
    against_original=st.booleans(),
    national=st.booleans(),
)
def test_csv_columnar_path_equals_the_row_by_row_reader(
    rows: list[dict[str, str]],
    blank_lines: set[int],
    short_line: int | None,
    long_line: int | None,
    chunk: int,
    optional: list[str],
    data: st.DataObject,
    as_of: dt.date | None,
    against_original: bool,
    national: bool,
) -> None:
    columns = data.draw(
        st.permutations([c for c in _COLUMNS if c not in _OPTIONAL or c in optional])
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for i, row in enumerate(rows):
        if i in blank_lines:
            writer.writerow([" "] * len(columns))
        cells = [row[c] for c in columns]
        writer.writerow(
            cells[:-1] if i == short_line else [*cells, "x"] if i == long_line else cells
        )
    cal = _calendar(national)
    kw: dict[str, Any] = {"as_of": as_of, "against_original": against_original}
    with tempfile.TemporaryDirectory() as tmp, patch.object(_dossier_columns, "_CHUNK", chunk):
        path = Path(tmp) / "log.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        records = _outcome(lambda: _record_state(_read_rows(path, "utf-8-sig")))
        assert _outcome(lambda: _record_state(read_dossier_log(path))) == records
        expected = _outcome(
            lambda: _reference_results(_read_rows(path, "utf-8-sig"), cal, as_of, against_original)
        )
        assert _outcome(lambda: _results(measure_dossier_log(path, cal, **kw))) == expected
        assert (
            _outcome(lambda: _results(measure_timeliness(read_dossier_log(path), cal, **kw)))
            == expected
        )
        # the columnar reader (Polars), a few rows or many at a time
        batch_rows = 1 + chunk % 7
        table = _outcome(
            lambda: _results(
                measure_dossier_table(path, cal, results=True, batch_rows=batch_rows, **kw)
            )
        )
        assert table == expected


def test_batch_paths_on_the_shipped_example_log() -> None:
    path = resources.files("chinhquyen.scoring.data").joinpath("examples", "cam-thuy-dossiers.csv")
    with resources.as_file(path) as p:
        report = measure_dossier_log(p, WeekdayCalendar())
    assert (report.total, report.early, report.on_time, report.late) == (50, 18, 32, 0)


def test_refusals_name_the_first_bad_row_in_log_order() -> None:
    rows: list[dict[str, Any]] = [
        {"id": str(i), "procedure": "p", "received_at": "2024-03-04T09:00", "working_days": 2,
         "returned_at": "2024-03-05"}
        for i in range(50)
    ]  # fmt: skip
    rows[30]["working_days"] = "2"  # refused by the model (strict int)
    rows[40]["returned_at"] = "05/03/2024"
    with pytest.raises(InvalidInputError, match=r"dossier record 30") as info:
        measure_dossier_records(rows, WeekdayCalendar())
    assert "[30].working_days" in str(info.value)
    rows[30]["working_days"] = 2
    rows[40]["returned_at"] = None  # valid, but unreturned: needs as_of
    rows[45]["id"] = "3"  # repeated id, later in the log
    with pytest.raises(InvalidInputError, match="id 3: appears more than once"):
        measure_dossier_records(rows, WeekdayCalendar(), as_of="2024-03-29")
    with pytest.raises(InvalidInputError, match="id 40: has no returned_at"):
        measure_dossier_records(rows, WeekdayCalendar())


def test_the_garbage_collector_is_restored() -> None:
    rows = [{"id": "1", "procedure": "p", "received_at": "2024-03-04T09:00", "working_days": 1}]
    assert gc.isenabled()
    with pytest.raises(InvalidInputError):
        measure_dossier_records(rows, WeekdayCalendar())  # unreturned, no as_of
    assert gc.isenabled()
    gc.disable()
    try:
        measure_dossier_records(rows, WeekdayCalendar(), as_of="2024-03-29")
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("rows", "where"),
    [
        (["1,p,2024-03-04T09:00,5,", "2,p,2024-03-04T09:00,5,", ",,,,", "3,p,2024-03-04,x,"],
         "row 5, column D (working_days)"),
        (["1,p,2024-03-04T09:00,5,", "2,p,2024-03-04T09:00,5,", "3,p,2024-03-04T09:00,5"],
         "row 4"),
    ],
)  # fmt: skip
def test_csv_errors_name_the_row_across_chunks(tmp_path: Path, rows: list[str], where: str) -> None:
    path = _csv(tmp_path, "id,procedure,received_at,working_days,returned_at\n" + "\n".join(rows))
    for chunk in (1, 2, 50_000):
        with patch.object(_dossier_columns, "_CHUNK", chunk), pytest.raises(DataFileError) as info:
            read_dossier_log(path)
        assert f"[{where}" in str(info.value)


_PLAIN_ROW: dict[str, Any] = {
    "id": "1",
    "procedure": "p",
    "received_at": "2024-03-04T16:00",
    "working_days": 2,
    "cutoff": "15:00",
    "returned_at": "2024-03-07",
}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("returned_at", ""),
        ("extended_to", ""),
        ("cutoff", ""),
        ("cutoff", " 15:00"),
        ("unit", ""),
        ("procedure", ""),
        ("received_at", ""),
        ("received_at", "2024-03-04"),  # no time of day, with a cut-off
        ("received_at", dt.date(2024, 3, 4)),
        ("received_at", "2024-03-04/16:00"),  # taken in a dict, refused in a CSV cell
        ("received_at", dt.datetime(2024, 3, 4, 16, fold=1)),
        ("received_at", "2024-03-04T16:00+00:00"),
        ("working_days", 2.0),
        ("pauses", []),
        ("pauses", [{"requested_on": "2024-03-05", "completed_on": "2024-03-06"}]),
        ("pauses", [{"requested_on": "2024-03-05"}]),
        ("returned_at", dt.datetime(2024, 3, 7, 23, 30, tzinfo=dt.UTC)),
        ("apology_slip_issued", None),
        ("resume_after_pause", 0),
    ],
)
def test_unusual_values_give_the_reference_record_or_error(key: str, value: Any) -> None:
    rows = [dict(_PLAIN_ROW, id="0"), dict(_PLAIN_ROW, **{key: value})]
    expected = _outcome(lambda: _record_state(_reference_records(rows)))
    assert _outcome(lambda: _record_state(read_dossier_records(rows))) == expected
    report = _outcome(
        lambda: _reference_results(_reference_records(rows), WeekdayCalendar(), None, True)
    )
    assert _outcome(lambda: _results(measure_dossier_records(rows, WeekdayCalendar()))) == report


def test_dates_outside_the_calendar_are_refused_as_by_the_reference() -> None:
    cal = WorkingCalendar.national()
    for received in ("2199-12-30T09:00", "1899-12-31T09:00"):
        rows = [dict(_PLAIN_ROW, id="0"), dict(_PLAIN_ROW, received_at=received, returned_at=None)]
        expected = _outcome(
            lambda rows=rows: _reference_results(
                _reference_records(rows), cal, dt.date(2199, 12, 31), True
            )
        )
        assert expected[0] == "error"
        got = _outcome(
            lambda rows=rows: _results(measure_dossier_records(rows, cal, as_of="2199-12-31"))
        )
        assert got == expected


def _no_fallback(*args: object) -> TimelinessReport:
    raise AssertionError("the dossier-by-dossier path was taken")


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(dossier_rows(odd=False), max_size=25, unique_by=lambda r: r["id"]),
    national=st.booleans(),
)
def test_valid_logs_take_the_columnar_path(rows: list[dict[str, Any]], national: bool) -> None:
    cal = _calendar(national)
    as_of = dt.date(2025, 1, 31)
    expected = _outcome(lambda: _reference_results(_reference_records(rows), cal, as_of, True))
    assume(expected[0] == "ok")
    # only rows with pauses are validated one by one
    _, bad = _dossier_columns._dict_columns(rows)
    assert bad == {i for i, r in enumerate(rows) if r.get("pauses")}
    assert _results(measure_dossier_records(rows, cal, as_of=as_of)) == expected[1]


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(dossier_csv_rows(odd=False), max_size=20, unique_by=lambda r: r["id"]))
def test_valid_csv_logs_take_the_columnar_path(rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_COLUMNS)
    writer.writerows([row[c] for c in _COLUMNS] for row in rows)
    cal = WeekdayCalendar()
    as_of = dt.date(2025, 1, 31)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        expected = _outcome(
            lambda: _reference_results(_read_rows(path, "utf-8-sig"), cal, as_of, True)
        )
        assume(expected[0] == "ok")
        with (
            patch.object(_dossier_columns, "record_from_cells", _no_fallback),
            patch.object(_dossier_columns, "read_log", _no_fallback),
        ):
            assert _results(measure_dossier_log(path, cal, as_of=as_of)) == expected[1]
