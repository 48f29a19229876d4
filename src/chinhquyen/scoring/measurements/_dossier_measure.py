"""The reference measurement: dossier by dossier, in log order.

It measures what the columnar path (:mod:`._dossier_batch`) does not take, and is its reference:
both give the same report, and here the first bad dossier of the log is the one reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from chinhquyen.calendar.dates import as_date
from chinhquyen.calendar.deadlines import WorkingDays
from chinhquyen.errors import DeadlineError, InvalidInputError
from chinhquyen.scoring.measurements._dossier_deadline import (
    calendar_or_national,
    full_deadline,
    shared_due,
)
from chinhquyen.scoring.measurements._dossier_model import (
    DossierResult,
    DossierStatus,
    TimelinessReport,
)

__all__ = ["measure"]


def measure(
    rows: Iterable[Mapping[str, Any]],
    calendar: WorkingDays | None,
    as_of: dt.date | str | None,
    against_original: bool,
) -> TimelinessReport:
    """Measure dossiers given by their records' field values (``DossierRecord.__dict__``)."""
    cal = calendar_or_national(calendar)
    as_of_day = None if as_of is None else as_date(as_of, field="as_of")
    shared = shared_due(cal)
    seen: set[str] = set()
    results: list[DossierResult] = []
    append = results.append
    # one pass in log order, so the first bad dossier is the one reported
    for v in rows:
        rid = v["id"]
        if rid in seen:
            raise InvalidInputError("dossier log", [(f"id {rid}", "appears more than once")])
        seen.add(rid)
        original = shared(v)
        extended_to = v["extended_to"]
        if original is None:
            d = full_deadline(v, cal)
            original, extended = d.original_due_date, d.due_date
        elif extended_to is None:
            extended = original
        elif extended_to <= original:
            # compute_deadline's check, worded as DossierRecord.deadline reports it
            raise DeadlineError(
                f"dossier {rid}: extended_to {extended_to.isoformat()} is not later "
                f"than the due date {original.isoformat()}; an apology slip must set a later "
                "return date"
            )
        else:
            extended = extended_to
        append(_judge(v, original if against_original else extended, original, as_of_day))
    return TimelinessReport(tuple(results), as_of_day, against_original)


def _judge(
    v: Mapping[str, Any], due: dt.date, original: dt.date, as_of: dt.date | None
) -> DossierResult:
    status: DossierStatus
    returned = v["returned_at"]
    if returned is not None:
        status = "early" if returned < due else "on_time" if returned == due else "late"
        late_vs_original = returned > original
    else:
        if as_of is None:
            raise InvalidInputError(
                "dossier log",
                [
                    (
                        f"id {v['id']}",
                        "has no returned_at; pass as_of= (the day the log was taken) to judge "
                        "unreturned dossiers",
                    )
                ],
            )
        status = "overdue" if as_of > due else "pending"
        late_vs_original = as_of > original
    return DossierResult(
        v["id"],
        v["procedure"],
        v["unit"],
        due,
        original,
        returned,
        status,
        v["extended_to"] is not None or late_vs_original,
        v["apology_slip_issued"],
    )
