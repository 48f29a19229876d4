"""Due dates of dossiers: the full computation, and due dates shared between dossiers.

A dossier without pauses has the due date of every other dossier received the same day (before
or after the cut-off) with the same time limit, so the measuring paths compute it once per such
key. :func:`shared_due` (dossier by dossier) and :func:`due_table` (all keys at once) follow
:func:`~chinhquyen.calendar.deadlines.compute_deadline` step for step: the receipt day moves to
the next working day when it is not one (``add_working_days(day, 0)``), or when the dossier came
after the cut-off (``add_working_days(day, 1)``); then the time limit is added to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from chinhquyen.calendar.dates import VN_TZ
from chinhquyen.calendar.deadlines import Deadline, WorkingDays, compute_deadline
from chinhquyen.errors import DeadlineError

__all__ = ["calendar_or_national", "due_table", "full_deadline", "shared_due"]


def calendar_or_national(calendar: WorkingDays | None) -> WorkingDays:
    """The calendar given, or ``WorkingCalendar.national()`` when None."""
    if calendar is not None:
        return calendar
    # imported here: the calendar builds its working-day table on first use
    from chinhquyen.calendar import WorkingCalendar

    national: WorkingDays = WorkingCalendar.national()
    return national


def full_deadline(v: Mapping[str, Any], cal: WorkingDays) -> Deadline:
    """The full deadline computation of a record's field values, errors naming the dossier."""
    try:
        return compute_deadline(
            cal,
            v["received_at"],
            v["working_days"],
            cutoff=v["cutoff"],
            pauses=[p.to_pause() for p in v["pauses"]],
            resume_after_pause=v["resume_after_pause"],
            extended_to=v["extended_to"],
        )
    except DeadlineError as e:
        raise DeadlineError(f"dossier {v['id']}: {e}") from None


def shared_due(cal: WorkingDays) -> Callable[[Mapping[str, Any]], dt.date | None]:
    """Due dates before any apology slip, shared between dossiers; None: compute in full."""
    start_of: dict[tuple[dt.date, bool], dt.date] = {}
    due_of: dict[tuple[dt.date, int, bool], dt.date] = {}
    is_working_day = cal.is_working_day
    add_working_days = cal.add_working_days

    def shared(v: Mapping[str, Any]) -> dt.date | None:
        moment = v["received_at"]
        n = v["working_days"]
        cutoff = v["cutoff"]
        # pauses, and anything a validated record cannot hold, take the full computation
        if v["pauses"] or moment.tzinfo is not VN_TZ or type(n) is not int or n < 0:
            return None
        if cutoff is None:
            after_cutoff = False
        elif type(cutoff) is dt.time and cutoff.tzinfo is None:
            after_cutoff = moment.time() > cutoff
        else:
            return None
        day = moment.date()
        key = (day, n, after_cutoff)
        due = due_of.get(key)
        if due is None:
            start = start_of.get((day, after_cutoff))
            if start is None:
                if not is_working_day(day):
                    start = add_working_days(day, 0)
                elif after_cutoff:
                    start = add_working_days(day, 1)
                else:
                    start = day
                start_of[day, after_cutoff] = start
            due = due_of[key] = add_working_days(start, n)
        return due

    return shared


def due_table(
    cal: WorkingDays, keys: set[tuple[dt.date, int, bool]]
) -> dict[tuple[dt.date, int, bool], dt.date]:
    """Due dates by (receipt day, time limit, after the cut-off), as :func:`shared_due` counts."""
    start_of: dict[tuple[dt.date, bool], dt.date] = {}
    table: dict[tuple[dt.date, int, bool], dt.date] = {}
    for key in sorted(keys):
        day, n, after_cutoff = key
        start = start_of.get((day, after_cutoff))
        if start is None:
            if not cal.is_working_day(day):
                start = cal.add_working_days(day, 0)
            elif after_cutoff:
                start = cal.add_working_days(day, 1)
            else:
                start = day
            start_of[day, after_cutoff] = start
        table[key] = cal.add_working_days(start, n)
    return table
