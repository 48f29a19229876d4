"""Issue 10's calendar items: inputs that used to crash or give a silent wrong answer.

Each test names what the code did before the fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pytest
from click.testing import CliRunner

from chinhquyen.calendar import WorkingCalendar, civil_period_end, to_lunar
from chinhquyen.calendar.deadlines import compute_deadline
from chinhquyen.cli import main
from chinhquyen.errors import ChinhQuyenError, DateOutOfRangeError, DeadlineError

CAL = WorkingCalendar.national()
D = dt.date.fromisoformat

# --- batch offsets that do not fit ----------------------------------------------------------


def test_int64_min_offset_is_refused() -> None:
    # before: np.abs(INT64_MIN) is negative, so nothing was refused and the whole batch came
    # back as 1900-01-02
    starts = np.array(["2026-01-05", "2026-01-06"], dtype="M8[D]")
    with pytest.raises(DateOutOfRangeError, match="element 1"):
        CAL.add_working_days_many(starts, np.array([1, np.iinfo(np.int64).min]))


def test_uint64_max_offset_does_not_wrap_to_minus_one() -> None:
    # before: the uint64 was cast to int64 (-1), giving 2026-01-05 for element 1
    starts = np.array(["2026-01-05", "2026-01-06"], dtype="M8[D]")
    with pytest.raises(DateOutOfRangeError, match="element 1"):
        CAL.add_working_days_many(starts, np.array([1, np.iinfo(np.uint64).max], dtype="u8"))
    small = CAL.add_working_days_many(starts, np.array([1, 2], dtype="u8"))
    assert small.tolist() == [D("2026-01-06"), D("2026-01-08")]


# --- aware moments at the ends of datetime's range ------------------------------------------

LATE = dt.datetime.fromisoformat("9999-12-31T23:00-05:00")  # year 10000 in Hà Nội
EARLY = dt.datetime.fromisoformat("0001-01-01T00:00+14:00")  # year 0 in Hà Nội

CALLS: list[tuple[str, Callable[[dt.datetime], object]]] = [
    ("is_working_day", CAL.is_working_day),
    ("add_working_days", lambda m: CAL.add_working_days(m, 1)),
    ("deadline", lambda m: CAL.deadline(m, 1)),
    ("deadline as text", lambda m: CAL.deadline(m.isoformat(), 1)),
    ("to_lunar", to_lunar),
    ("civil_period_end", lambda m: civil_period_end(m, days=1)),
]


@pytest.mark.parametrize("moment", [LATE, EARLY], ids=["late", "early"])
@pytest.mark.parametrize(("name", "call"), CALLS, ids=[name for name, _ in CALLS])
def test_aware_moments_outside_python_dates_are_out_of_range(
    moment: dt.datetime, name: str, call: Callable[[dt.datetime], object]
) -> None:
    # before: OverflowError from datetime.astimezone
    with pytest.raises(DateOutOfRangeError, match="Asia/Ho_Chi_Minh"):
        call(moment)


@pytest.mark.parametrize("moment", [LATE, EARLY], ids=["late", "early"])
def test_the_cli_reports_them_as_bad_input(moment: dt.datetime) -> None:
    result = CliRunner().invoke(main, ["--lang", "en", "deadline", moment.isoformat(), "1"])
    assert result.exit_code == 2, result.output  # an argument refused: a usage error
    assert "Error: Invalid value for 'RECEIVED_AT': " in result.output
    assert "outside the dates Python can represent" in result.output


# --- dates after the calendar's range -------------------------------------------------------


def test_extension_after_the_range_is_refused() -> None:
    # before: accepted, and 2200-01-05 became the due date
    with pytest.raises(DateOutOfRangeError, match="extended_to: 2200-01-05"):
        CAL.deadline("2199-12-01T09:00", 3, extended_to="2200-01-05")


def test_return_after_the_range_is_refused() -> None:
    # before: accepted as simply "late"
    d = CAL.deadline("2199-12-01T09:00", 3)
    with pytest.raises(DateOutOfRangeError, match="returned_at: 2200-01-02"):
        d.status("2200-01-02")
    assert d.status("2199-12-31").value == "late"


# --- argument misuse ------------------------------------------------------------------------


@pytest.mark.parametrize("received", [dt.date(2026, 2, 13), "2026-02-13", "20260213"])
def test_a_date_only_receipt_with_a_cutoff_is_refused(received: object) -> None:
    # before: read as 00:00, so the cut-off never applied (the dossier record refuses it)
    with pytest.raises(DeadlineError, match="received_at has no time of day"):
        CAL.deadline(received, 5, cutoff=dt.time(15))  # type: ignore[arg-type]
    # without a cut-off a date still means the start of that day
    assert CAL.deadline(received, 5).due_date == D("2026-02-27")  # type: ignore[arg-type]


def test_pauses_none_is_a_deadline_error() -> None:
    # before: TypeError from enumerate(None)
    with pytest.raises(DeadlineError, match="pauses must be a sequence of Pause"):
        CAL.deadline("2026-02-13T09:00", 5, pauses=None)  # type: ignore[arg-type]
    with pytest.raises(DeadlineError, match="pauses must be a sequence of Pause"):
        compute_deadline(CAL, "2026-02-13T09:00", 5, pauses=3)  # type: ignore[arg-type]


def test_every_refusal_here_is_a_chinhquyen_error() -> None:
    assert issubclass(DateOutOfRangeError, ChinhQuyenError)
    assert issubclass(DeadlineError, ChinhQuyenError)
