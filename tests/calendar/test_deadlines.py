"""Procedure deadlines, with golden cases hand-counted on the official 2023–2026 schedules.

Every expected date below was counted by hand on a paper calendar from the schedules in
/work/shared/reference/calendar-law.md §2; the counting is written next to each case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.calendar._fake_calendar import MAKEUP_SATURDAYS, OFF_WEEKDAYS, FakeCalendar
from tests.strategies import (
    cutoff_times,
    receipt_moments,
    schedule_era_dates,
    wide_receipt_moments,
    working_calendars,
    working_day_counts,
)

from chinhquyen.calendar.deadlines import (
    Deadline,
    Pause,
    Timeliness,
    WorkingDays,
    compute_deadline,
)
from chinhquyen.errors import DateParseError, DeadlineError

CAL = FakeCalendar()
T15 = dt.time(15)


def _d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def test_fake_calendar_is_consistent() -> None:
    assert all(d.weekday() < 5 for d in OFF_WEEKDAYS)
    assert all(d.weekday() == 5 for d in MAKEUP_SATURDAYS)


def test_fake_calendar_satisfies_protocol() -> None:
    cal: WorkingDays = CAL
    assert cal.add_working_days(_d("2025-04-25"), 1) == _d("2025-04-26")


# --- golden cases --------------------------------------------------------------------------

GOLDEN = [
    # Tết Bính Ngọ 2026: off Mon 16/2–Fri 20/2. Fri 13/2 → 23, 24, 25, 26, 27/2.
    ("2026-02-13T10:00", 5, None, "2026-02-13", "2026-02-27"),
    # Same, 16:00 with a 15:00 cut-off → receipt Mon 23/2 → 24, 25, 26, 27/2, Mon 2/3.
    ("2026-02-13T16:00", 5, T15, "2026-02-23", "2026-03-02"),
    # Exactly 15:00:00 is not "sau 15 giờ": same receipt day as at 10:00.
    ("2026-02-13T15:00:00", 5, T15, "2026-02-13", "2026-02-27"),
    ("2026-02-13T15:00:01", 5, T15, "2026-02-23", "2026-03-02"),
    # 30/4–1/5/2025: Sat 26/4 make-up day; off Wed 30/4, Thu 1/5, Fri 2/5 (swapped).
    # Fri 25/4 + 3 → Sat 26/4, Mon 28/4, Tue 29/4.
    ("2025-04-25T09:00", 3, None, "2025-04-25", "2025-04-29"),
    # Fri 25/4 + 5 → ..., Mon 5/5, Tue 6/5.
    ("2025-04-25T09:00", 5, None, "2025-04-25", "2025-05-06"),
    # Tue 29/4 16:00, same-day procedure with cut-off → next working day Mon 5/5.
    ("2025-04-29T16:00", 0, T15, "2025-05-05", "2025-05-05"),
    # Received on the swapped Fri 2/5 → receipt Mon 5/5; + 1 → Tue 6/5.
    ("2025-05-02T08:00", 1, None, "2025-05-05", "2025-05-06"),
    # Tết Ất Tỵ 2025: off Mon 27/1–Fri 31/1. Fri 24/1 + 2 → Mon 3/2, Tue 4/2.
    ("2025-01-24T10:00", 2, None, "2025-01-24", "2025-02-04"),
    # Received Sat 25/1 → receipt Mon 3/2; + 1 → Tue 4/2.
    ("2025-01-25T09:00", 1, None, "2025-02-03", "2025-02-04"),
    ("2025-01-25T09:00", 0, None, "2025-02-03", "2025-02-03"),
    # Fri 9/1/2026 16:00 with cut-off → Sat 10/1/2026 is a make-up working day; + 1 → Mon 12/1.
    ("2026-01-09T16:00", 1, T15, "2026-01-10", "2026-01-12"),
    # Quốc khánh 2023: off Fri 1/9, Mon 4/9 (bù). Thu 31/8 + 1 → Tue 5/9.
    ("2023-08-31T09:00", 1, None, "2023-08-31", "2023-09-05"),
    # 27/4–1/5/2024: off Mon 29/4 (swapped), Tue 30/4, Wed 1/5; Sat 4/5 worked.
    # Fri 26/4 + 2 → Thu 2/5, Fri 3/5; + 3 → Sat 4/5.
    ("2024-04-26T09:00", 2, None, "2024-04-26", "2024-05-03"),
    ("2024-04-26T09:00", 3, None, "2024-04-26", "2024-05-04"),
]


@pytest.mark.parametrize(("received", "n", "cutoff", "receipt", "due"), GOLDEN)
def test_golden(received: str, n: int, cutoff: dt.time | None, receipt: str, due: str) -> None:
    d = compute_deadline(CAL, received, n, cutoff=cutoff)
    assert d.receipt_day == _d(receipt)
    assert d.due_date == _d(due)
    assert d.original_due_date == _d(due)
    assert not d.extended
    assert d.working_days == n


def test_plain_date_means_start_of_day() -> None:
    # (with a cut-off a plain date is refused: see test_refusals.py)
    d = compute_deadline(CAL, dt.date(2026, 2, 13), 5)
    assert d.received_at == dt.datetime(2026, 2, 13, tzinfo=d.received_at.tzinfo)
    assert d.received_at.utcoffset() == dt.timedelta(hours=7)
    assert d.due_date == _d("2026-02-27")


def test_aware_receipt_is_converted_to_vietnam_time() -> None:
    # 08:30 UTC is 15:30 in Hà Nội: after the cut-off.
    utc = dt.datetime(2026, 2, 13, 8, 30, tzinfo=dt.UTC)
    d = compute_deadline(CAL, utc, 5, cutoff=T15)
    assert d.receipt_day == _d("2026-02-23")
    assert d.received_at.hour == 15


def test_steps_cite_rules_and_explain() -> None:
    d = compute_deadline(CAL, "2026-02-13T16:00", 5, cutoff=T15)
    assert [s.date for s in d.steps] == [_d("2026-02-13"), _d("2026-02-23"), _d("2026-03-02")]
    assert "NĐ 23/2015/NĐ-CP Điều 7" in d.steps[1].rule
    assert "Bộ luật Lao động 2019" in d.steps[2].rule
    assert all(s.description and s.description_en and s.rule for s in d.steps)
    text = d.explain()
    assert "02/03/2026" in text
    assert "15:00" in text
    assert len(text.splitlines()) == 1 + len(d.steps)


def test_non_working_receipt_step() -> None:
    d = compute_deadline(CAL, "2025-01-25T09:00", 1)
    assert d.steps[1].date == _d("2025-02-03")
    assert "ngày nghỉ" in d.steps[1].rule


# --- pauses --------------------------------------------------------------------------------

# Mon 3/3/2025, 10 working days → 4–7/3 (4), 10–14/3 (9), Mon 17/3 (10).
# Supplement requested Wed 5/3, complete dossier back Mon 10/3 at 10:00.
PAUSE = Pause(dt.date(2025, 3, 5), dt.datetime(2025, 3, 10, 10))


def test_pause_restarts_by_default() -> None:
    plain = compute_deadline(CAL, "2025-03-03T09:00", 10)
    assert plain.due_date == _d("2025-03-17")
    # Restart from Mon 10/3: 11–14/3 (4), 17–21/3 (9), Mon 24/3 (10).
    d = compute_deadline(CAL, "2025-03-03T09:00", 10, pauses=[PAUSE])
    assert d.due_date == _d("2025-03-24")
    assert d.receipt_day == _d("2025-03-03")
    assert any("BM.02" in s.rule for s in d.steps)


def test_pause_resume_counts_what_was_left() -> None:
    # Used before the request: Tue 4/3, Wed 5/3 → 8 left; from Mon 10/3: 11–14/3, 17–20/3.
    d = compute_deadline(CAL, "2025-03-03T09:00", 10, pauses=[PAUSE], resume_after_pause=True)
    assert d.due_date == _d("2025-03-20")


def test_pause_completion_after_cutoff() -> None:
    late = Pause("2025-03-05", "2025-03-10T16:00")
    # Restart from Tue 11/3: 12–14/3 (3), 17–21/3 (8), 24, 25/3 (10).
    d = compute_deadline(CAL, "2025-03-03T09:00", 10, cutoff=T15, pauses=[late])
    assert d.due_date == _d("2025-03-25")


def test_two_pauses_resume() -> None:
    # 10 days from Mon 3/3. First pause: request Tue 4/3 (1 used, 9 left), back Thu 6/3.
    # Second: request Mon 10/3 (Fri 7/3, Mon 10/3 used → 7 left), back Wed 12/3.
    # From Wed 12/3: 13, 14, 17, 18, 19, 20, 21/3 → Fri 21/3.
    pauses = [Pause("2025-03-04", "2025-03-06"), Pause("2025-03-10", "2025-03-12")]
    d = compute_deadline(CAL, "2025-03-03T09:00", 10, pauses=pauses, resume_after_pause=True)
    assert d.due_date == _d("2025-03-21")


def test_pause_errors() -> None:
    with pytest.raises(DeadlineError, match="completed_on must be on or after requested_on"):
        Pause("2025-03-10", "2025-03-05")
    with pytest.raises(DeadlineError, match=r"pauses\[0\].*before the dossier was received"):
        compute_deadline(CAL, "2025-03-03T09:00", 10, pauses=[Pause("2025-03-01", "2025-03-04")])
    with pytest.raises(DeadlineError, match=r"pauses\[0\].*already due on 2025-03-17"):
        compute_deadline(CAL, "2025-03-03T09:00", 10, pauses=[Pause("2025-03-18", "2025-03-19")])
    overlapping = [Pause("2025-03-04", "2025-03-07"), Pause("2025-03-06", "2025-03-10")]
    with pytest.raises(DeadlineError, match=r"pauses\[1\].*pauses\[0\] ended"):
        compute_deadline(CAL, "2025-03-03T09:00", 10, pauses=overlapping)
    with pytest.raises(DeadlineError, match="must be a Pause"):
        compute_deadline(CAL, "2025-03-03T09:00", 10, pauses=[("2025-03-04", "2025-03-05")])  # type: ignore[list-item]
    with pytest.raises(DateParseError):
        Pause("05/03/2025", "2025-03-06")


# --- extensions and status -----------------------------------------------------------------

# Mon 3/3/2025 + 5 → 4, 5, 6, 7, Mon 10/3.


def test_extension_keeps_original() -> None:
    d = compute_deadline(CAL, "2025-03-03T09:00", 5, extended_to=dt.date(2025, 3, 14))
    assert d.original_due_date == _d("2025-03-10")
    assert d.due_date == _d("2025-03-14")
    assert d.extended
    assert "BM.04" in d.steps[-1].rule
    assert d.steps[-1].date == _d("2025-03-14")


@pytest.mark.parametrize("new", ["2025-03-07", "2025-03-10"])
def test_extension_must_be_later(new: str) -> None:
    with pytest.raises(DeadlineError, match="not later than the due date 2025-03-10"):
        compute_deadline(CAL, "2025-03-03T09:00", 5, extended_to=new)


def test_status() -> None:
    d = compute_deadline(CAL, "2025-03-03T09:00", 5)
    assert d.status("2025-03-07") is Timeliness.EARLY
    assert d.status(dt.datetime(2025, 3, 10, 17, 30)) is Timeliness.ON_TIME
    assert d.status(dt.date(2025, 3, 11)) is Timeliness.LATE
    assert Timeliness.EARLY.label == "trước hạn"
    assert Timeliness.ON_TIME.label == "đúng hạn"
    assert Timeliness.LATE.label == "quá hạn"
    assert Timeliness.LATE.label_en == "late"
    with pytest.raises(DeadlineError, match="before the dossier was received"):
        d.status("2025-03-02")


def test_status_with_extension() -> None:
    d = compute_deadline(CAL, "2025-03-03T09:00", 5, extended_to="2025-03-14")
    assert d.status("2025-03-13") is Timeliness.EARLY
    assert d.status("2025-03-14") is Timeliness.ON_TIME
    assert d.status("2025-03-13", against_original=True) is Timeliness.LATE
    assert d.status("2025-03-10", against_original=True) is Timeliness.ON_TIME


# --- input validation ----------------------------------------------------------------------


@pytest.mark.parametrize("bad", [-1, True, 2.0, "5"])
def test_bad_working_days(bad: object) -> None:
    with pytest.raises(DeadlineError, match="working_days"):
        compute_deadline(CAL, "2025-03-03T09:00", bad)  # type: ignore[arg-type]


def test_aware_cutoff_refused() -> None:
    with pytest.raises(DeadlineError, match="time zone"):
        compute_deadline(CAL, "2025-03-03T09:00", 1, cutoff=dt.time(15, tzinfo=dt.UTC))


def test_bad_received_at() -> None:
    with pytest.raises(DateParseError, match="received_at"):
        compute_deadline(CAL, "03/03/2025 09:00", 1)


def test_deadline_is_frozen() -> None:
    d = compute_deadline(CAL, "2025-03-03T09:00", 5)
    with pytest.raises(AttributeError):
        d.due_date = dt.date(2025, 3, 11)  # type: ignore[misc]
    assert isinstance(d, Deadline)


# --- properties ----------------------------------------------------------------------------


def _working_days_in(after: dt.date, until: dt.date) -> int:
    n, day = 0, after
    while day < until:
        day += dt.timedelta(days=1)
        n += CAL.is_working_day(day)
    return n


@given(receipt_moments, working_day_counts, cutoff_times)
def test_due_date_is_the_nth_working_day(
    received: dt.datetime, n: int, cutoff: dt.time | None
) -> None:
    d = compute_deadline(CAL, received, n, cutoff=cutoff)
    assert CAL.is_working_day(d.receipt_day)
    assert CAL.is_working_day(d.due_date)
    assert d.receipt_day >= received.date()
    assert _working_days_in(d.receipt_day, d.due_date) == n
    late = cutoff is not None and received.time() > cutoff
    if CAL.is_working_day(received.date()) and not late:
        assert d.receipt_day == received.date()
    else:
        assert d.receipt_day > received.date()


@given(receipt_moments, receipt_moments, working_day_counts, cutoff_times)
def test_monotone_in_received_at(
    a: dt.datetime, b: dt.datetime, n: int, cutoff: dt.time | None
) -> None:
    a, b = min(a, b), max(a, b)
    assert (
        compute_deadline(CAL, a, n, cutoff=cutoff).due_date
        <= compute_deadline(CAL, b, n, cutoff=cutoff).due_date
    )


@given(receipt_moments, working_day_counts, working_day_counts)
def test_monotone_in_working_days(received: dt.datetime, n: int, m: int) -> None:
    n, m = min(n, m), max(n, m)
    dn = compute_deadline(CAL, received, n).due_date
    dm = compute_deadline(CAL, received, m).due_date
    assert dn <= dm
    assert (dn < dm) == (n < m)


@given(receipt_moments, working_day_counts, st.integers(-40, 40))
def test_status_follows_date_order(received: dt.datetime, n: int, offset: int) -> None:
    d = compute_deadline(CAL, received, n)
    returned = d.due_date + dt.timedelta(days=offset)
    if returned < received.date():
        return
    expected = (
        Timeliness.EARLY if offset < 0 else Timeliness.ON_TIME if offset == 0 else Timeliness.LATE
    )
    assert d.status(returned) is expected


@given(receipt_moments, st.integers(1, 20), st.integers(0, 10), st.integers(0, 10))
def test_resume_never_later_than_restart(
    received: dt.datetime, n: int, request_after: int, pause_len: int
) -> None:
    base = compute_deadline(CAL, received, n)
    requested = received.date() + dt.timedelta(days=request_after)
    if requested > base.due_date:
        requested = base.due_date
    pause = Pause(requested, requested + dt.timedelta(days=pause_len))
    restart = compute_deadline(CAL, received, n, pauses=[pause])
    resume = compute_deadline(CAL, received, n, pauses=[pause], resume_after_pause=True)
    assert resume.due_date <= restart.due_date
    assert restart.due_date > pause.completed_on.date()
    assert resume.due_date >= pause.completed_on.date()
    assert base.due_date <= restart.due_date


# --- the real national calendar ------------------------------------------------------------


def _national() -> WorkingDays:
    from chinhquyen.calendar.working import WorkingCalendar

    return WorkingCalendar.national()


def test_fake_calendar_agrees_with_national_2023_2026() -> None:
    # Two independent typings of the reference §2 schedules must agree day by day.
    national = _national()
    day = dt.date(2023, 1, 1)
    disagreements = []
    while day <= dt.date(2026, 10, 31):
        if national.is_working_day(day) != CAL.is_working_day(day):
            disagreements.append(day)
        day += dt.timedelta(days=1)
    assert disagreements == []


@pytest.mark.parametrize(("received", "n", "cutoff", "receipt", "due"), GOLDEN)
def test_golden_national(
    received: str, n: int, cutoff: dt.time | None, receipt: str, due: str
) -> None:
    d = compute_deadline(_national(), received, n, cutoff=cutoff)
    assert d.receipt_day == _d(receipt)
    assert d.due_date == _d(due)


def test_national_calendar_method_delegates() -> None:
    from chinhquyen.calendar.working import WorkingCalendar

    d = WorkingCalendar.national().deadline("2026-02-13T16:00", 5, cutoff=T15)
    assert d == compute_deadline(CAL, "2026-02-13T16:00", 5, cutoff=T15)
    assert d.due_date == _d("2026-03-02")


def test_national_older_years() -> None:
    # Tết Ất Mùi 2015 (reference §2): off 16–20/2 and Mon 23/2; Sat 14/2 was a make-up day.
    # Fri 13/2/2015 + 1 → Sat 14/2; + 2 → Tue 24/2.
    national = _national()
    assert compute_deadline(national, "2015-02-13T09:00", 1).due_date == _d("2015-02-14")
    assert compute_deadline(national, "2015-02-13T09:00", 2).due_date == _d("2015-02-24")


@given(wide_receipt_moments, working_day_counts, cutoff_times)
def test_national_due_date_properties(
    received: dt.datetime, n: int, cutoff: dt.time | None
) -> None:
    national = _national()
    d = compute_deadline(national, received, n, cutoff=cutoff)
    assert national.is_working_day(d.due_date)
    assert national.is_working_day(d.receipt_day)
    assert d.receipt_day >= received.date()
    assert d.due_date >= d.receipt_day
    assert (d.due_date > d.receipt_day) == (n > 0)
    assert d.status(d.due_date) is Timeliness.ON_TIME


# --- lazy audit steps ----------------------------------------------------------------------


def test_steps_are_built_only_when_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    import chinhquyen.calendar.deadlines as module

    def no_step(*args: object) -> None:
        raise AssertionError("a step was built")

    d = compute_deadline(CAL, "2026-02-13T16:00", 5, cutoff=T15, extended_to="2026-03-06")
    monkeypatch.setattr(module, "Step", no_step)
    lazy = compute_deadline(CAL, "2026-02-13T16:00", 5, cutoff=T15, extended_to="2026-03-06")
    assert (lazy.receipt_day, lazy.due_date, lazy.original_due_date, lazy.extended) == (
        _d("2026-02-23"),
        _d("2026-03-06"),
        _d("2026-03-02"),
        True,
    )
    with pytest.raises(AssertionError, match="a step was built"):
        lazy.explain()
    monkeypatch.undo()
    # built later, from the same inputs, they are the steps of an eager computation
    assert lazy.steps == d.steps
    assert [s.date for s in lazy.steps] == [
        _d("2026-02-13"),
        _d("2026-02-23"),
        _d("2026-03-02"),
        _d("2026-03-06"),
    ]
    assert lazy.explain() == d.explain()


def test_equality_and_hash_follow_attributes_and_steps() -> None:
    a = compute_deadline(CAL, "2025-03-03T09:00", 10, pauses=[PAUSE])
    b = compute_deadline(CAL, "2025-03-03T09:00", 10, pauses=[PAUSE])
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a.steps is not b.steps
    assert compute_deadline(CAL, "2025-03-03T09:00", 10) != a
    # A supplement asked and brought back on the receipt day itself restarts the count from the
    # same day: every attribute is that of the plain count (due Mon 17/3), the steps are not.
    plain = compute_deadline(CAL, "2025-03-03T09:00", 10)
    same_day = compute_deadline(
        CAL, "2025-03-03T09:00", 10, pauses=[Pause("2025-03-03", "2025-03-03T10:00")]
    )
    assert (same_day.receipt_day, same_day.due_date) == (_d("2025-03-03"), _d("2025-03-17"))
    assert hash(same_day) == hash(plain)
    assert same_day != plain


# --- provisional results -------------------------------------------------------------------

# The shipped official schedules cover 2010-2026 (one data file per year); other years are
# computed from the Labor Code and are provisional.


@pytest.mark.parametrize(
    ("received", "n", "due", "provisional"),
    [
        # Wed 30/12/2009 + 3: Thu 31/12/2009 (2009: no schedule), Mon 4/1, Tue 5/1/2010
        ("2009-12-30T09:00", 3, "2010-01-05", True),
        # received on the provisional Thu 31/12/2009: + 1 -> Mon 4/1/2010 (Fri 1/1/2010 is New
        # Year's Day in the 2010 file); the receipt day's own status is provisional
        ("2009-12-31T16:00", 1, "2010-01-04", True),
        # Tue 5/1/2010 + 3 -> Fri 8/1/2010: official days only
        ("2010-01-05T09:00", 3, "2010-01-08", False),
        # Mon 21/12/2026 + 3 -> Thu 24/12/2026; + 5 from Mon 28/12 runs into 2027
        ("2026-12-21T09:00", 3, "2026-12-24", False),
        ("2026-12-28T09:00", 5, "2027-01-05", True),
    ],
)
def test_provisional_when_a_day_of_the_count_is(
    received: str, n: int, due: str, provisional: bool
) -> None:
    d = _national().deadline(received, n)  # type: ignore[attr-defined]
    assert d.due_date == _d(due)
    assert d.provisional is provisional
    lines = d.explain().splitlines()
    assert ("Provisional" in lines[-1]) is provisional
    assert len(lines) == 1 + len(d.steps) + provisional


def test_explain_names_the_provisional_days() -> None:
    d = _national().deadline("2009-12-30T09:00", 3)  # type: ignore[attr-defined]
    assert d.explain().splitlines()[-1].startswith("Tạm tính: 2 ngày từ 30/12/2009 đến 05/01/2010")
    assert "Provisional: 2 day(s) from 2009-12-30 to 2010-01-05" in d.explain()


def test_culture_day_makes_an_official_year_provisional() -> None:
    from chinhquyen.calendar.working import WorkingCalendar

    # Fri 20/11/2026 + 3: Mon 23/11, Tue 24/11, Wed 25/11 on the national calendar; with the
    # unconfirmed 24/11 holiday: Mon 23, Wed 25, Thu 26/11 and the result is provisional.
    plain = WorkingCalendar.national().deadline("2026-11-20T09:00", 3)
    culture = WorkingCalendar.national(include_culture_day=True).deadline("2026-11-20T09:00", 3)
    assert (plain.due_date, plain.provisional) == (_d("2026-11-25"), False)
    assert (culture.due_date, culture.provisional) == (_d("2026-11-26"), True)


def test_an_extension_into_a_provisional_year_is_provisional() -> None:
    d = _national().deadline(  # type: ignore[attr-defined]
        "2026-12-21T09:00", 3, extended_to="2027-01-04"
    )
    assert (d.original_due_date, d.due_date, d.provisional) == (
        _d("2026-12-24"),
        _d("2027-01-04"),
        True,
    )


def test_a_calendar_that_cannot_say_is_not_provisional() -> None:
    assert compute_deadline(CAL, "2025-03-03T09:00", 5).provisional is False

    class Provisional2025(FakeCalendar):
        def is_provisional(self, d: dt.date) -> bool:
            return d == dt.date(2025, 3, 7)

    assert compute_deadline(Provisional2025(), "2025-03-03T09:00", 5).provisional is True
    assert compute_deadline(Provisional2025(), "2025-03-03T09:00", 3).provisional is False


@given(
    working_calendars,
    wide_receipt_moments | schedule_era_dates.map(lambda d: dt.datetime(d.year, d.month, d.day, 9)),
    working_day_counts,
    cutoff_times,
)
def test_provisional_iff_a_day_from_arrival_to_due_is(
    cal: Any, received: dt.datetime, n: int, cutoff: dt.time | None
) -> None:
    d = cal.deadline(received, n, cutoff=cutoff)
    days = (d.due_date - received.date()).days + 1
    expected = any(cal.is_provisional(received.date() + dt.timedelta(days=k)) for k in range(days))
    assert d.provisional is expected


def test_a_deadline_pickles_small_and_whole() -> None:
    import pickle

    from chinhquyen.calendar.working import WorkingCalendar

    national = WorkingCalendar.national()
    for cal in (national, national.with_days_off(["2026-03-02"], "test"), CAL):
        d = compute_deadline(cal, "2026-02-13T16:00", 5, cutoff=T15)
        data = pickle.dumps(d)
        # the calendar travels as its definition, not its table of 110,000 days
        assert len(data) < 10_000
        back = pickle.loads(data)
        assert back == d
        assert back.explain() == d.explain()
