"""WorkingCalendar.deadlines_many: the receipt-day rule over arrays.

Expected dates are hand-counted on the official schedules (the shipped data files, read here with
tomllib, and calendar-law.md §2), never produced by the code under test; the properties check the
batch against `deadline()` dossier by dossier.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests import strategies as cs
from tests.calendar.test_deadlines import GOLDEN

import chinhquyen.calendar
from chinhquyen.calendar import DeadlineBatch, WorkingCalendar
from chinhquyen.errors import DateOutOfRangeError, DateParseError, DeadlineError

CAL = WorkingCalendar.national()
D = dt.date.fromisoformat
DATA = Path(chinhquyen.calendar.__file__).parent / "data"


def _days(batch: DeadlineBatch) -> list[tuple[dt.date, dt.date, bool]]:
    return list(
        zip(
            batch.receipt_days.tolist(),
            batch.due_dates.tolist(),
            batch.provisional.tolist(),
            strict=True,
        )
    )


def _weekdays_off(year: int) -> set[dt.date]:
    """Monday-Friday days off listed in the shipped schedule file of ``year`` (read raw)."""
    with (DATA / f"{year}.toml").open("rb") as f:
        raw = tomllib.load(f)
    return {
        day["date"]
        for day in raw["days"]
        if day["kind"] != "makeup_working_day" and day["date"].weekday() < 5
    }


def _makeup_days(year: int) -> set[dt.date]:
    with (DATA / f"{year}.toml").open("rb") as f:
        raw = tomllib.load(f)
    return {day["date"] for day in raw["days"] if day["kind"] == "makeup_working_day"}


# --- law-derived cases ----------------------------------------------------------------------


def test_tet_2026_with_a_cutoff_against_the_official_schedule() -> None:
    # The 2026 file (Thông báo 9441/TB-BNV) gives Mon 16/2 - Fri 20/2 off and no make-up day
    # between January and August; so from Fri 13/2/2026 the working days are Mon 23/2, Tue 24,
    # Wed 25, Thu 26, Fri 27/2, Mon 2/3.
    off = _weekdays_off(2026)
    assert {d for d in off if d.month == 2} == {D(f"2026-02-{k}") for k in range(16, 21)}
    assert not {d for d in off if d.month == 3}
    assert _makeup_days(2026) == {D("2026-01-10"), D("2026-08-22")}
    # Received Friday 16:00, after the 15:00 cut-off: counted from Mon 23/2; + 5 -> Mon 2/3.
    received = np.array(["2026-02-13T16:00", "2026-02-13T15:00", "2026-02-13T09:00"], "M8[m]")
    batch = CAL.deadlines_many(received, np.array([5, 5, 0]), cutoff=dt.time(15))
    assert _days(batch) == [
        (D("2026-02-23"), D("2026-03-02"), False),
        # exactly 15:00 is not after the cut-off: counted from Fri 13/2; + 5 -> Fri 27/2
        (D("2026-02-13"), D("2026-02-27"), False),
        (D("2026-02-13"), D("2026-02-13"), False),
    ]
    one = CAL.deadline("2026-02-13T16:00", 5, cutoff=dt.time(15))
    assert (one.receipt_day, one.due_date) == (D("2026-02-23"), D("2026-03-02"))


def test_make_up_saturday_2025_against_the_official_schedule() -> None:
    # 2025 file: Sat 26/4 worked for the swapped Fri 2/5; 30/4, 1/5 off. Fri 25/4 + 3 -> Sat
    # 26/4, Mon 28/4, Tue 29/4; received on the swapped Fri 2/5 -> counted from Mon 5/5.
    assert D("2025-04-26") in _makeup_days(2025)
    assert {D("2025-04-30"), D("2025-05-01"), D("2025-05-02")} <= _weekdays_off(2025)
    received = np.array(["2025-04-25", "2025-05-02"], dtype="M8[D]")
    batch = CAL.deadlines_many(received, np.array([3, 1]))
    assert _days(batch) == [
        (D("2025-04-25"), D("2025-04-29"), False),
        (D("2025-05-05"), D("2025-05-06"), False),
    ]


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_hand_counted_golden_cases(unit: str) -> None:
    # The cases of test_deadlines.GOLDEN, counted by hand on the official schedules.
    for cutoff in (None, dt.time(15)):
        cases = [g for g in GOLDEN if g[2] == cutoff]
        received = np.array([np.datetime64(g[0], unit) for g in cases])
        batch = CAL.deadlines_many(received, np.array([g[1] for g in cases]), cutoff=cutoff)
        assert [(r.isoformat(), d.isoformat()) for r, d, _ in _days(batch)] == [
            (g[3], g[4]) for g in cases
        ]


def test_provisional_across_the_end_of_the_official_years() -> None:
    # 2009 has no official schedule: 30/12/2009 + 3 counts through 31/12/2009 (provisional);
    # 2026 has one and 2027 has not: a count ending in 2027 is provisional, one inside 2026 not.
    received = np.array(
        ["2009-12-30T09:00", "2010-01-05T09:00", "2026-12-28", "2026-12-21"], "M8[m]"
    )
    batch = CAL.deadlines_many(received, np.array([3, 3, 5, 3]))
    assert batch.provisional.tolist() == [True, False, True, False]


def test_shapes_scalars_and_out() -> None:
    received = np.array([["2026-02-13T16:00", "2025-01-25T09:00"]] * 2, dtype="M8[s]")
    batch = CAL.deadlines_many(received, 1, cutoff=dt.time(15))
    assert batch.due_dates.shape == (2, 2) and len(batch) == 2
    assert batch.due_dates[1].tolist() == [D("2026-02-24"), D("2025-02-04")]
    again = CAL.deadlines_many(received, 0, out=batch)
    assert again is batch
    assert batch.due_dates[0].tolist() == [D("2026-02-13"), D("2025-02-03")]
    empty = CAL.deadlines_many(np.array([], dtype="M8[s]"), np.array([], dtype=int))
    assert len(empty) == 0 and empty.due_dates.dtype == np.dtype("M8[D]")


def test_per_dossier_cutoffs_in_other_units() -> None:
    received = np.array(["2026-02-13T15:00:00.001", "2026-02-13T15:00:00.001"], dtype="M8[ms]")
    cutoff = np.array([np.timedelta64(15, "h"), np.timedelta64("NaT", "h")])
    batch = CAL.deadlines_many(received, np.array([5, 5]), cutoff=cutoff)
    assert batch.due_dates.tolist() == [D("2026-03-02"), D("2026-02-27")]
    # a cut-off finer than the moments: 15:00:59 in minutes is 15:00, not after 15:00:30
    received = np.array(["2026-02-13T15:00"], dtype="M8[m]")
    cutoff = np.array([np.timedelta64(15 * 3600 + 30, "s")])
    assert CAL.deadlines_many(received, 5, cutoff=cutoff).due_dates[0] == np.datetime64(
        "2026-02-27"
    )


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "match"),
    [
        (np.array(["2026-02"], dtype="M8[M]"), r"datetime64\[M\]"),
        (np.array(["2026"], dtype="M8[Y]"), r"datetime64\[Y\]"),
        (np.array([1, 2]), "datetime64"),
        (np.array(["2026-02-13"], dtype=object), "datetime64"),
        (np.array(["2026-02-13T10:00", "NaT"], dtype="M8[s]"), r"received_at\[1\] is NaT"),
    ],
)
def test_refuses_what_is_not_a_local_moment(received: Any, match: str) -> None:
    with pytest.raises(DateParseError, match=match):
        CAL.deadlines_many(received, 1)


def test_refuses_out_of_range_days_naming_the_dossier() -> None:
    with pytest.raises(DateOutOfRangeError, match=r"received_at\[1\]"):
        CAL.deadlines_many(np.array(["2026-01-05", "1899-12-31"], dtype="M8[D]"), 1)
    with pytest.raises(DateOutOfRangeError, match="dossier 1"):
        CAL.deadlines_many(np.array(["2026-01-05", "2199-12-30"], dtype="M8[D]"), 5)


@pytest.mark.parametrize(
    ("limits", "match"),
    [
        (np.array([1, -1]), r"working_days\[1\]: must be >= 0"),
        (np.array([1, np.iinfo(np.int64).min]), r"working_days\[1\]: must be >= 0"),
        (np.array([1.0, 2.0]), "integers"),
        (np.array([True, False]), "integers"),
        (np.array([1, 2, 3]), "shape"),
    ],
)
def test_refuses_bad_time_limits(limits: Any, match: str) -> None:
    received = np.array(["2026-01-05", "2026-01-06"], dtype="M8[D]")
    with pytest.raises(DeadlineError, match=match):
        CAL.deadlines_many(received, limits)


def test_huge_unsigned_time_limits_do_not_wrap() -> None:
    received = np.array(["2026-01-05", "2026-01-06"], dtype="M8[D]")
    huge = np.array([1, np.iinfo(np.uint64).max], dtype=np.uint64)
    with pytest.raises(DateOutOfRangeError, match="dossier 1"):
        CAL.deadlines_many(received, huge)


@pytest.mark.parametrize(
    ("received", "cutoff", "match"),
    [
        (np.array(["2026-01-05"], "M8[D]"), dt.time(15), "no time of day"),
        (np.array(["2026-01-05"], "M8[D]"), np.array([np.timedelta64(15, "h")]), "no time of"),
        (np.array(["2026-01-05T10"], "M8[h]"), dt.time(15, tzinfo=dt.UTC), "time zone"),
        (np.array(["2026-01-05T10"], "M8[h]"), np.array([np.timedelta64(24, "h")]), "cutoff"),
        (np.array(["2026-01-05T10"], "M8[h]"), np.array([np.timedelta64(-1, "s")]), "cutoff"),
        (np.array(["2026-01-05T10"], "M8[h]"), np.array([15]), "timedelta64"),
        (np.array(["2026-01-05T10"], "M8[h]"), np.array([np.timedelta64(0, "D")]), r"\[D\]"),
        (np.array(["2026-01-05T10"], "M8[h]"), "15:00", "timedelta64"),
    ],
)
def test_refuses_bad_cutoffs(received: Any, cutoff: Any, match: str) -> None:
    with pytest.raises(DeadlineError, match=match):
        CAL.deadlines_many(received, 1, cutoff=cutoff)


def test_refuses_an_out_that_does_not_fit() -> None:
    received = np.array(["2026-01-05", "2026-01-06"], dtype="M8[D]")
    small = CAL.deadlines_many(received[:1], 1)
    with pytest.raises(DeadlineError, match=r"out\.receipt_days"):
        CAL.deadlines_many(received, 1, out=small)
    with pytest.raises(DeadlineError, match="DeadlineBatch"):
        CAL.deadlines_many(received, 1, out=(1, 2))  # type: ignore[arg-type]


# --- properties -----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(cal=cs.working_calendars, args=cs.dossier_batches())
def test_batch_equals_deadline_dossier_by_dossier(
    cal: WorkingCalendar, args: dict[str, Any]
) -> None:
    batch = cal.deadlines_many(args["received_at"], args["working_days"], cutoff=args["cutoff"])
    expected = []
    for received, n, cutoff in args["scalar"]:
        d = cal.deadline(received, n, cutoff=cutoff)
        expected.append((d.receipt_day, d.due_date, d.provisional))
    assert _days(batch) == expected


def test_chunks_give_the_same_answers_and_name_the_right_dossier(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import chinhquyen.calendar.working as working

    rng = np.random.default_rng(7)
    received = np.datetime64("2026-01-01T00:00", "m") + rng.integers(0, 500_000, 23).astype("m8[m]")
    limits = rng.integers(0, 20, 23)
    cutoff = np.where(rng.random(23) < 0.5, np.timedelta64("NaT", "m"), np.timedelta64(900, "m"))
    whole = _days(CAL.deadlines_many(received, limits, cutoff=cutoff))
    monkeypatch.setattr(working, "_CHUNK", 5)
    assert _days(CAL.deadlines_many(received, limits, cutoff=cutoff)) == whole
    bad = received.copy()
    bad[17] = np.datetime64("NaT")
    with pytest.raises(DateParseError, match=r"received_at\[17\] is NaT"):
        CAL.deadlines_many(bad, limits)
    negative = limits.copy()
    negative[12] = -3
    with pytest.raises(DeadlineError, match=r"working_days\[12\]"):
        CAL.deadlines_many(received, negative)
    late = cutoff.copy()
    late[19] = np.timedelta64(24 * 60, "m")
    with pytest.raises(DeadlineError, match=r"cutoff\[19\]"):
        CAL.deadlines_many(received, limits, cutoff=late)
    far = limits.copy()
    far[21] = 10**6
    with pytest.raises(DateOutOfRangeError, match="dossier 21"):
        CAL.deadlines_many(received, far)


# --- pauses and apology slips (one rule with deadline()) -------------------------------------

_NAT_D = np.datetime64("NaT", "D")


def _slip_batch(
    received: list[str],
    limits: list[int],
    *,
    cutoff: dt.time | None = None,
    requested: list[str | None] | None = None,
    completed: list[str | None] | None = None,
    resume: Any = False,
    extended: list[str | None] | None = None,
) -> DeadlineBatch:
    size = len(received)
    requested = requested or [None] * size
    completed = completed or [None] * size
    return CAL.deadlines_many(
        np.array(received, "M8[m]"),
        np.array(limits),
        cutoff=cutoff,
        pause_requested_on=np.array([_NAT_D if r is None else r for r in requested], "M8[D]"),
        pause_completed_on=np.array(
            [np.datetime64("NaT", "m") if c is None else c for c in completed], "M8[m]"
        ),
        resume_after_pause=resume,
        extended_to=None
        if extended is None
        else np.array([_NAT_D if x is None else x for x in extended], "M8[D]"),
    )


def test_a_pause_restarts_or_resumes_the_count_hand_counted() -> None:
    # Received Mon 04/03/2024 09:00, 10 working days (due Mon 18/03). A supplement (BM.02) is
    # requested on Wed 06/03; the complete dossier is back on Fri 08/03.
    # Restart ("kể từ ngày nhận đủ hồ sơ hợp lệ"): back at 09:00 -> 10 working days after Fri
    # 08/03: 11-15, 18-22/03 -> Fri 22/03; back at 16:00 after a 15:00 cut-off -> counted from
    # Mon 11/03 -> 12-15, 18-22, 25/03 -> Mon 25/03.
    # Resume: 2 working days used (05, 06/03) -> 8 left from Fri 08/03: 11-15, 18-20 -> 20/03.
    # Tết 2024 (08-14/02 off): received Thu 01/02 09:00, 5 days -> due Thu 15/02; requested
    # Mon 05/02, back Fri 09/02 (a Tết day off) -> counted from Thu 15/02: 16, 19-22 -> 22/02.
    received = ["2024-03-04T09:00", "2024-03-04T09:00", "2024-03-04T09:00", "2024-02-01T09:00"]
    batch = _slip_batch(
        received,
        [10, 10, 10, 5],
        cutoff=dt.time(15),
        requested=["2024-03-06", "2024-03-06", "2024-03-06", "2024-02-05"],
        completed=["2024-03-08T09:00", "2024-03-08T16:00", "2024-03-08T09:00", "2024-02-09T10:00"],
        resume=np.array([False, False, True, False]),
    )
    assert batch.due_dates.tolist() == [D("2024-03-22"), D("2024-03-25"), D("2024-03-20"),
                                        D("2024-02-22")]  # fmt: skip
    assert batch.receipt_days.tolist() == [D("2024-03-04")] * 3 + [D("2024-02-01")]
    assert batch.original_due_dates is batch.due_dates  # no apology slip given


def test_an_apology_slip_sets_a_later_return_date_hand_counted() -> None:
    # NĐ 63/2024/NĐ-CP Art. 7(3) (BM.04 of NĐ 118/2025): a late dossier gets an apology slip with
    # a new return date, later than the due date. Received Mon 04/03/2024 09:00, 5 working days
    # -> due Mon 11/03; the slip sets Fri 15/03. The second dossier has none.
    batch = _slip_batch(
        ["2024-03-04T09:00", "2024-03-04T09:00"], [5, 5], extended=["2024-03-15", None]
    )
    assert batch.due_dates.tolist() == [D("2024-03-15"), D("2024-03-11")]
    assert batch.original_due_dates.tolist() == [D("2024-03-11"), D("2024-03-11")]
    assert batch.original_due_dates is not batch.due_dates


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (  # the slip's date is the due date itself: not later
            {"extended": [None, "2024-03-11"]},
            DeadlineError,
            r"^dossier 1: extended_to 2024-03-11 is not later than the due date 2024-03-11",
        ),
        (
            {"extended": ["2200-01-01", None]},
            DateOutOfRangeError,
            r"^dossier 0: extended_to: 2200-01-01 is outside",
        ),
        (  # requested before the dossier arrived
            {"requested": [None, "2024-03-01"], "completed": [None, "2024-03-05T09:00"]},
            DeadlineError,
            r"^dossier 1: pauses\[0\]: supplement requested on 2024-03-01, before the dossier was "
            r"received \(2024-03-04\)",
        ),
        (  # requested after the due date (11/03)
            {"requested": ["2024-03-12", None], "completed": ["2024-03-13T09:00", None]},
            DeadlineError,
            r"^dossier 0: pauses\[0\]: supplement requested on 2024-03-12, after the dossier was "
            r"already due on 2024-03-11",
        ),
        (  # completed before it was requested
            {"requested": ["2024-03-06", None], "completed": ["2024-03-05T09:00", None]},
            DeadlineError,
            r"^dossier 0: pause: the dossier was completed on 2024-03-05, before the supplement "
            r"request of 2024-03-06",
        ),
        (  # a pause by halves
            {"requested": ["2024-03-06", None], "completed": [None, None]},
            DeadlineError,
            r"^dossier 0: pause_requested_on and pause_completed_on are NaT at different",
        ),
    ],
)
def test_refuses_pauses_and_slips_as_deadline_does(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        _slip_batch(["2024-03-04T09:00", "2024-03-04T09:00"], [5, 5], **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"pause_requested_on": np.array(["2024-03-06"], "M8[D]")}, "give both"),
        (
            {
                "pause_requested_on": np.array(["2024-03-06"], "M8[s]"),
                "pause_completed_on": np.array(["2024-03-07"], "M8[D]"),
            },
            r"pause_requested_on: expected a datetime64\[D\] array",
        ),
        (
            {
                "pause_requested_on": np.array(["2024-03-06"], "M8[D]"),
                "pause_completed_on": np.array(["2024-03-07", "2024-03-07"], "M8[D]"),
            },
            "pause_completed_on: expected a datetime64 array",
        ),
        ({"resume_after_pause": np.array([1])}, "resume_after_pause: expected one bool"),
        ({"extended_to": np.array(["2024-03-15"], "M8[s]")}, "extended_to: expected"),
    ],
)
def test_refuses_pause_and_slip_arrays_of_another_kind(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(DeadlineError, match=match):
        CAL.deadlines_many(np.array(["2024-03-04T09:00"], "M8[m]"), 5, **kwargs)


def test_out_with_apology_slips_needs_its_own_original_due_dates() -> None:
    received = np.array(["2024-03-04T09:00"], "M8[m]")
    slip = np.array(["2024-03-15"], "M8[D]")
    plain = CAL.deadlines_many(received, 5)
    with pytest.raises(DeadlineError, match=r"out\.original_due_dates"):
        CAL.deadlines_many(received, 5, extended_to=slip, out=plain)
    own = CAL.deadlines_many(received, 5, extended_to=slip)
    again = CAL.deadlines_many(received, 3, out=own)  # no slip: the originals are the due dates
    assert again.due_dates.tolist() == again.original_due_dates.tolist() == [D("2024-03-07")]


def _scalar_answers(
    cal: WorkingCalendar, scalar: list[tuple[Any, ...]]
) -> list[tuple[dt.date, dt.date, dt.date, bool] | Exception]:
    from chinhquyen.calendar import Pause
    from chinhquyen.errors import ChinhQuyenError

    answers: list[tuple[dt.date, dt.date, dt.date, bool] | Exception] = []
    for received, n, cutoff, pauses, resume, extended in scalar:
        try:
            d = cal.deadline(
                received,
                n,
                cutoff=cutoff,
                pauses=tuple(Pause(r, c) for r, c in pauses),
                resume_after_pause=resume,
                extended_to=extended,
            )
        except ChinhQuyenError as e:
            answers.append(e)
        else:
            answers.append((d.receipt_day, d.due_date, d.original_due_date, d.provisional))
    return answers


@settings(max_examples=200, deadline=None)
@given(
    cal=cs.working_calendars, args=cs.paused_dossier_batches(), chunk=st.sampled_from([3, 1 << 15])
)
def test_pauses_and_slips_equal_deadline_dossier_by_dossier(
    cal: WorkingCalendar, args: dict[str, Any], chunk: int
) -> None:
    # Every dossier as deadline() computes it, or the first refused one named with the message
    # deadline() gives (chunks of 3 dossiers: the first refused of the first chunk with one).
    import chinhquyen.calendar.working as working

    expected = _scalar_answers(cal, args["scalar"])
    call = {k: args[k] for k in ("cutoff", "pause_requested_on", "pause_completed_on",
                                 "resume_after_pause", "extended_to")}  # fmt: skip
    old = working._CHUNK
    working._CHUNK = chunk
    try:
        refused = [(k, e) for k, e in enumerate(expected) if isinstance(e, Exception)]
        if refused:
            k, error = refused[0]
            with pytest.raises(type(error)) as caught:
                cal.deadlines_many(args["received_at"], args["working_days"], **call)
            assert str(caught.value) == f"dossier {k}: {error}"
            return
        batch = cal.deadlines_many(args["received_at"], args["working_days"], **call)
    finally:
        working._CHUNK = old
    got = list(
        zip(
            batch.receipt_days.tolist(),
            batch.due_dates.tolist(),
            batch.original_due_dates.tolist(),
            batch.provisional.tolist(),
            strict=True,
        )
    )
    assert got == expected
