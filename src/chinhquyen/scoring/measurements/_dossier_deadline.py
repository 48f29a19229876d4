"""Due dates of dossiers, every one of them computed by the calendar.

The receipt-day and due-date rule lives in `chinhquyen.calendar` only. A dossier with pauses
or an apology slip takes the calendar's full computation
([`compute_deadline`][chinhquyen.calendar.deadlines.compute_deadline], which
`WorkingCalendar.deadline` is); the others take the calendar's batch API
(`WorkingCalendar.deadlines_many`), whole arrays at a time. A calendar that only has the two
methods of [`WorkingDays`][chinhquyen.calendar.deadlines.WorkingDays] (a test double, a
home-made calendar) gets the full computation once per distinct (receipt moment, time limit,
cut-off).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from chinhquyen.calendar.dates import as_date
from chinhquyen.calendar.deadlines import Deadline, Pause, WorkingDays, compute_deadline
from chinhquyen.errors import DateOutOfRangeError, DeadlineError
from chinhquyen.scoring.measurements._dossier_arrays import DossierArrays

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "batch_due",
    "calendar_and_day",
    "calendar_or_national",
    "full_deadline",
    "plain_due",
]


def calendar_or_national(calendar: WorkingDays | None) -> WorkingDays:
    """The calendar given, or `WorkingCalendar.national()` when `None`."""
    if calendar is not None:
        return calendar
    # imported here: chinhquyen.calendar's package imports its table only when asked
    from chinhquyen.calendar.working import WorkingCalendar

    national: WorkingDays = WorkingCalendar.national()
    return national


def calendar_and_day(
    calendar: WorkingDays | None, as_of: dt.date | str | None
) -> tuple[WorkingDays, dt.date | None]:
    """The calendar to count on (the national one by default) and `as_of` as a date.

    Raises:
        DateParseError: if `as_of` is not a date.
        DateOutOfRangeError: if `as_of` is outside the calendar's range.
    """
    cal = calendar_or_national(calendar)
    if as_of is None:
        return cal, None
    day = as_date(as_of, field="as_of")
    bounds = getattr(cal, "bounds", None)
    if bounds is not None and not bounds[0] <= day <= bounds[1]:
        raise DateOutOfRangeError(
            f"as_of: {day.isoformat()} is outside the calendar's range "
            f"{bounds[0].isoformat()}..{bounds[1].isoformat()}"
        )
    return cal, day


def full_deadline(
    cal: WorkingDays,
    rid: object,
    received_at: dt.datetime,
    working_days: int,
    *,
    cutoff: dt.time | None = None,
    pauses: Sequence[tuple[dt.date, dt.datetime | dt.date]] = (),
    resume_after_pause: bool = False,
    extended_to: dt.date | None = None,
) -> Deadline:
    """The calendar's full computation of dossier `rid`'s deadline, errors naming the dossier.

    `rid` is the dossier's id, or a function giving it (called only to name it in an error).

    `pauses` are (requested_on, completed_on) pairs, made the calendar's
    [`Pause`][chinhquyen.calendar.deadlines.Pause] here (a pause ending before it began is
    refused naming the dossier, too).
    """
    try:
        return compute_deadline(
            cal,
            received_at,
            working_days,
            cutoff=cutoff,
            # a tuple: the calendar takes it as it is
            pauses=tuple([Pause(requested, completed) for requested, completed in pauses])
            if pauses
            else (),
            resume_after_pause=resume_after_pause,
            extended_to=extended_to,
        )
    except DeadlineError as e:
        name = rid() if callable(rid) else rid
        raise DeadlineError(f"dossier {name}: {e}") from None


def batch_due(
    cal: WorkingDays,
    a: DossierArrays,
    extended_to: NDArray[np.datetime64],
) -> tuple[NDArray[np.datetime64], NDArray[np.datetime64], NDArray[np.bool_]] | None:
    """Original and final due dates (`datetime64[D]`) and provisional flags, by the batch API.

    Dossiers in `a.full` are left to the caller (their values here mean nothing); so are all
    when the calendar has no batch API (`None` is returned): the full computation serves them.
    `extended_to` is `a.extended_to` with `NaT` for the dossiers in `a.full`.

    Raises:
        DeadlineError, DateOutOfRangeError: as the calendar does, for some dossier.
    """
    many = getattr(cal, "deadlines_many", None)
    if many is None:
        return None
    pauses: dict[str, object] = {}
    if a.paused_on is not None:
        pauses = {
            "pause_requested_on": a.paused_on,
            "pause_completed_on": a.back_at,
            "resume_after_pause": a.resume,
        }
    given = bool((~np.isnat(extended_to)).any())
    batch = many(
        a.received,
        a.working_days,
        cutoff=a.cutoffs,
        extended_to=extended_to if given else None,
        **pauses,
    )
    return batch.original_due_dates, batch.due_dates, batch.provisional


def plain_due(
    cal: WorkingDays,
    received: NDArray[np.datetime64],
    working_days: NDArray[np.int64],
    cutoffs: NDArray[np.timedelta64] | None,
) -> tuple[NDArray[np.datetime64], NDArray[np.bool_]]:
    """Due dates of dossiers without pauses or slips, on a calendar without a batch API.

    The full computation once per distinct (receipt moment, time limit, cut-off).
    """
    return _due_by_key(cal, received, working_days, cutoffs)


def _due_by_key(
    cal: WorkingDays,
    received: NDArray[np.datetime64],
    working_days: NDArray[np.int64],
    cutoffs: NDArray[np.timedelta64] | None,
) -> tuple[NDArray[np.datetime64], NDArray[np.bool_]]:
    """[`plain_due`][]: the full computation per key."""
    n = len(working_days)
    moments = received.astype("datetime64[us]").view(np.int64)
    clock = (
        np.full(n, np.iinfo(np.int64).min)
        if cutoffs is None
        else cutoffs.astype("timedelta64[us]").view(np.int64)
    )
    keys = np.stack([moments, working_days.astype(np.int64), clock], axis=1)
    distinct, where = np.unique(keys, axis=0, return_inverse=True)
    due = np.empty(len(distinct), "datetime64[D]")
    provisional = np.empty(len(distinct), np.bool_)
    origin = dt.datetime(1970, 1, 1)
    for k, (moment, days, cut) in enumerate(distinct.tolist()):
        received_at = origin + dt.timedelta(microseconds=moment)
        cutoff = None if cut == np.iinfo(np.int64).min else _time(cut)
        d = compute_deadline(cal, received_at, days, cutoff=cutoff)
        due[k] = d.due_date
        provisional[k] = d.provisional
    where = where.reshape(-1)
    return due[where], provisional[where]


def _time(microseconds: int) -> dt.time:
    seconds, micro = divmod(microseconds, 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return dt.time(hour, minute, second, micro)
