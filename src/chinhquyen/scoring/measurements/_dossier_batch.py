"""Measuring a dossier log's columns all at once.

Due dates are shared between dossiers (:func:`._dossier_deadline.due_table`), and all dossiers
are classified together; anything unusual hands the whole log to the reference measurement
(:func:`._dossier_measure.measure`), which decides and reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from itertools import compress, repeat
from operator import attrgetter, is_, is_not
from typing import Any

from chinhquyen.calendar.dates import VN_TZ, as_date
from chinhquyen.calendar.deadlines import WorkingDays
from chinhquyen.scoring.measurements._dossier_columns import FIELD_ORDER, Columns
from chinhquyen.scoring.measurements._dossier_deadline import (
    calendar_or_national,
    due_table,
    full_deadline,
)
from chinhquyen.scoring.measurements._dossier_measure import measure
from chinhquyen.scoring.measurements._dossier_model import (
    DossierResult,
    DossierStatus,
    TimelinessReport,
)

__all__ = ["measure_columns"]

#: status by 1 + sign(judged day - due day), plus 3 when unreturned (judged on as_of)
_STATUS_BY_CODE: tuple[DossierStatus, ...] = (
    "early",
    "on_time",
    "late",
    "pending",
    "pending",
    "overdue",
)


def measure_columns(
    cols: Columns,
    calendar: WorkingDays | None,
    as_of: dt.date | str | None,
    against_original: bool,
    *,
    local: bool = True,
) -> TimelinessReport:
    """:func:`measure` of the dossiers in ``cols``, all rows at once when nothing is unusual.

    ``local``: every receipt is in Asia/Ho_Chi_Minh, as the model's converters give it.
    """
    cal = calendar_or_national(calendar)
    as_of_day = None if as_of is None else as_date(as_of, field="as_of")
    try:
        results = _judge_columns(cols, cal, as_of_day, against_original, local)
    except Exception:  # the dossier-by-dossier path decides and reports
        results = None
    if results is None:
        return measure(_rows(cols), cal, as_of_day, against_original)
    return TimelinessReport(results, as_of_day, against_original)


def _judge_columns(
    cols: Columns, cal: WorkingDays, as_of: dt.date | None, against_original: bool, local: bool
) -> tuple[DossierResult, ...] | None:
    """Every dossier's result, as measure gives it; None when a dossier is refused."""
    import numpy as np  # here: importing chinhquyen must not load numpy

    ids, received, ns = cols["id"], cols["received_at"], cols["working_days"]
    cutoffs, returned, extended_to = cols["cutoff"], cols["returned_at"], cols["extended_to"]
    n = len(ids)
    if n == 0:
        return ()
    if len(set(ids)) != n or set(map(type, ns)) != {int} or min(ns) < 0:
        return None
    # dossiers whose due date needs the full computation (pauses; odd values a record can hold)
    full = set(compress(range(n), cols["pauses"]))
    if not local and set(map(attrgetter("tzinfo"), received)) != {VN_TZ}:
        full.update(i for i, m in enumerate(received) if m.tzinfo is not VN_TZ)
    after_cutoff = [False] * n
    for i in compress(range(n), map(is_not, cutoffs, repeat(None))):
        cutoff = cutoffs[i]
        if type(cutoff) is dt.time and cutoff.tzinfo is None:
            after_cutoff[i] = received[i].time() > cutoff
        else:
            full.add(i)
    keys = list(zip(map(dt.datetime.date, received), ns, after_cutoff, strict=True))
    due_of = due_table(
        cal, set(keys) if not full else {k for i, k in enumerate(keys) if i not in full}
    )
    originals: list[Any] = (
        [due_of.get(k) for k in keys] if full else list(map(due_of.__getitem__, keys))
    )
    extended = originals
    extended_rows = list(compress(range(n), map(is_not, extended_to, repeat(None))))
    if full or extended_rows:
        extended = originals.copy()
        for i in extended_rows:
            if i not in full:
                if extended_to[i] <= originals[i]:
                    return None  # refused: the dossier-by-dossier path reports it
                extended[i] = extended_to[i]
        for i in sorted(full):
            d = full_deadline(
                dict(zip(FIELD_ORDER, (c[i] for c in cols.values()), strict=True)), cal
            )
            originals[i], extended[i] = d.original_due_date, d.due_date
    due = originals if against_original else extended

    # judged day: the return, or as_of for a dossier still in progress
    unreturned = list(map(is_, returned, repeat(None)))
    judged: Sequence[dt.date] = returned
    if any(unreturned):
        if as_of is None:
            return None
        judged = [as_of if r is None else r for r in returned]
    day = dt.date.toordinal
    judged_ = np.fromiter(map(day, judged), np.int64, n)
    due_ = np.fromiter(map(day, due), np.int64, n)
    original_ = due_ if due is originals else np.fromiter(map(day, originals), np.int64, n)
    codes = np.sign(judged_ - due_) + 1 + 3 * np.fromiter(unreturned, np.int64, n)
    status = list(map(_STATUS_BY_CODE.__getitem__, codes.tolist()))
    required = judged_ > original_
    if extended_rows:
        required[extended_rows] = True
    return tuple(
        map(
            DossierResult,
            ids,
            cols["procedure"],
            cols["unit"],
            due,
            originals,
            returned,
            status,
            required.tolist(),
            cols["apology_slip_issued"],
        )
    )


def _rows(cols: Columns) -> Iterator[dict[str, Any]]:
    """Each dossier's field values, as a record's ``__dict__``."""
    return (dict(zip(FIELD_ORDER, vals, strict=True)) for vals in zip(*cols.values(), strict=True))
