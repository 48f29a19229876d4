"""A dossier log as numpy columns: what measuring needs, one entry per dossier, in log order.

Every reader ends here (records, dicts and CSV through [`from_fields`][], Arrow tables and
data frames through the columnar readers), and the one measurement
(`_dossier_measure.measure_arrays`) starts here. Moments are Vietnamese wall-clock time
(Asia/Ho_Chi_Minh, no offset), as the calendar's batch deadline API takes them; days are
`datetime64[D]`; a missing value is `NaT`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from chinhquyen.calendar.dates import VN_TZ, as_local_datetime

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "NAT",
    "DossierArrays",
    "FullArgs",
    "concat",
    "days_of",
    "from_fields",
    "repeated_positions",
    "take",
]

#: numpy's NaT as an int64 (the value a missing date or time holds in the arrays)
NAT = -(2**63)
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


@attrs.frozen(slots=True)
class FullArgs:
    """What the full deadline computation of one dossier takes besides the arrays."""

    received_at: dt.datetime
    cutoff: dt.time | None
    pauses: tuple[tuple[dt.date, dt.datetime], ...]  # (requested_on, completed_on)
    resume_after_pause: bool


@attrs.frozen(slots=True, eq=False)
class DossierArrays:
    """The measuring inputs of a dossier log (or one chunk of it), one entry per dossier.

    Attributes:
        ids: the dossiers' ids (a list, or an Arrow string array).
        procedures: their procedures (as `ids`).
        units: their communes, `None` where not given (as `ids`).
        received: `datetime64` receipt moments, Vietnamese wall-clock time.
        working_days: `int64` time limits.
        cutoffs: `timedelta64` cut-off times after midnight, `NaT` where the procedure has none;
            `None` when no dossier has one.
        returned: `datetime64[D]` return days, `NaT` where not returned.
        extended_to: `datetime64[D]` days set by an apology slip, `NaT` where none.
        apology_recorded: `bool`: an apology slip is recorded.
        full: by position, the dossiers whose due date takes the calendar's full computation
            with values the arrays cannot hold (several pauses; a cut-off with a time zone,
            which the calendar refuses): their receipt, cut-off, pauses and
            `resume_after_pause`.
        rows: what to call each position in messages, e.g. `row 12` of a file; positions
            themselves when `None`.
        paused_on: `datetime64[D]` days the one pause of a dossier was requested, `NaT` where
            none (or the dossier is in `full`); `None` when no dossier has one.
        back_at: with `paused_on`, `datetime64[us]` moments the complete dossier came back
            (Vietnamese wall-clock time), `NaT` where `paused_on` is.
        resume: with `paused_on`, `bool`: `resume_after_pause`.
    """

    ids: Sequence[Any]
    procedures: Sequence[Any]
    units: Sequence[Any]
    received: NDArray[np.datetime64]
    working_days: NDArray[np.int64]
    cutoffs: NDArray[np.timedelta64] | None
    returned: NDArray[np.datetime64]
    extended_to: NDArray[np.datetime64]
    apology_recorded: NDArray[np.bool_]
    full: Mapping[int, FullArgs]
    rows: NDArray[np.int64] | None = None
    paused_on: NDArray[np.datetime64] | None = None
    back_at: NDArray[np.datetime64] | None = None
    resume: NDArray[np.bool_] | None = None

    def __len__(self) -> int:
        """The number of dossiers."""
        return len(self.working_days)


def days_of(values: Sequence[dt.date | None]) -> NDArray[np.datetime64]:
    """`datetime64[D]` of dates, `NaT` for `None` (each distinct date converted once)."""
    table = {d: NAT if d is None else d.toordinal() - _EPOCH_ORDINAL for d in set(values)}
    return np.fromiter(map(table.__getitem__, values), np.int64, len(values)).view("datetime64[D]")


def _wall_clock(moment: dt.datetime, field: str = "received_at") -> int:
    """Microseconds since 1970 of a moment's Vietnamese wall-clock time (naive: as written)."""
    if moment.tzinfo is not None and moment.tzinfo is not VN_TZ:
        moment = as_local_datetime(moment, field=field)
    return (
        (moment.toordinal() - _EPOCH_ORDINAL) * 86_400_000_000
        + ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000
        + moment.microsecond
    )


def _clock(value: dt.time | None) -> int:
    if value is None:
        return NAT
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def from_fields(fields: Mapping[str, Sequence[Any]]) -> DossierArrays:
    """The arrays of validated record field values, one list per `DossierRecord` field.

    Each distinct moment, time and date is converted once.
    """
    received = fields["received_at"]
    n = len(received)
    wall = np.fromiter(map(_wall_clock, received), np.int64, n).view("datetime64[us]")
    given = fields["cutoff"]
    # a cut-off with a time zone is the calendar's to refuse: full computation
    odd = {i for i, c in enumerate(given) if c is not None and c.tzinfo is not None}
    cutoffs = None
    if any(c is not None for c in given):
        clocks = {c: NAT if c is None or c.tzinfo is not None else _clock(c) for c in set(given)}
        cutoffs = np.fromiter(map(clocks.__getitem__, given), np.int64, n).view("timedelta64[us]")
    pauses, resume = fields["pauses"], fields["resume_after_pause"]
    # one pause: in the arrays (the calendar's batch counts it); several: full computation
    full = {
        i: FullArgs(
            received[i],
            given[i],
            tuple((p.requested_on, p.completed_on) for p in pauses[i]),
            resume[i],
        )
        for i in sorted(odd.union(i for i, ps in enumerate(pauses) if len(ps) > 1))
    }
    once = [i for i, ps in enumerate(pauses) if len(ps) == 1 and i not in full]
    paused_on = back_at = resumed = None
    if once:
        asked: list[dt.date | None] = [None] * n
        back = np.full(n, NAT, np.int64)
        for i in once:
            asked[i] = pauses[i][0].requested_on
            back[i] = _wall_clock(pauses[i][0].completed_on, "completed_on")
        paused_on = days_of(asked)
        back_at = back.view("datetime64[us]")
        resumed = np.fromiter(resume, np.bool_, n)
    return DossierArrays(
        ids=fields["id"],
        procedures=fields["procedure"],
        units=fields["unit"],
        received=wall,
        working_days=np.fromiter(fields["working_days"], np.int64, n),
        cutoffs=cutoffs,
        returned=days_of(fields["returned_at"]),
        extended_to=days_of(fields["extended_to"]),
        apology_recorded=np.fromiter(fields["apology_slip_issued"], np.bool_, n),
        full=full,
        paused_on=paused_on,
        back_at=back_at,
        resume=resumed,
    )


def repeated_positions(ids: Sequence[Any]) -> list[int]:
    """Positions whose id is that of an earlier dossier, in order."""
    if len(set(ids)) == len(ids):
        return []
    seen: set[Any] = set()
    out = []
    for i, rid in enumerate(ids):
        if rid in seen:
            out.append(i)
        seen.add(rid)
    return out


def _strings_take(values: Sequence[Any], positions: NDArray[np.intp]) -> Sequence[Any]:
    if isinstance(values, list):
        return [values[i] for i in positions.tolist()]
    taken: Sequence[Any] = values.take(positions)  # type: ignore[attr-defined]  # Arrow
    return taken


def take(a: DossierArrays, positions: NDArray[np.intp]) -> DossierArrays:
    """The dossiers of `a` at `positions`, in that order."""
    full: dict[int, FullArgs] = {}
    if a.full:
        where = np.full(len(a), -1, np.intp)
        where[positions] = np.arange(len(positions))
        full = {int(where[i]): args for i, args in a.full.items() if where[i] >= 0}
    return DossierArrays(
        ids=_strings_take(a.ids, positions),
        procedures=_strings_take(a.procedures, positions),
        units=_strings_take(a.units, positions),
        received=a.received[positions],
        working_days=a.working_days[positions],
        cutoffs=None if a.cutoffs is None else a.cutoffs[positions],
        returned=a.returned[positions],
        extended_to=a.extended_to[positions],
        apology_recorded=a.apology_recorded[positions],
        full=full,
        rows=None if a.rows is None else a.rows[positions],
        paused_on=None if a.paused_on is None else a.paused_on[positions],
        back_at=None if a.back_at is None else a.back_at[positions],
        resume=None if a.resume is None else a.resume[positions],
    )


def concat(parts: Sequence[DossierArrays], strings: Any) -> DossierArrays:
    """The dossiers of `parts` in order of their rows (every part has rows).

    Args:
        parts: the parts.
        strings: makes one string array of the parts' string columns (lists or Arrow arrays).
    """
    if len(parts) == 1:
        return parts[0]
    rows = np.concatenate([p.rows for p in parts if p.rows is not None])
    order = np.argsort(rows, kind="stable")
    full: dict[int, FullArgs] = {}
    offset = 0
    for p in parts:
        full.update({offset + i: args for i, args in p.full.items()})
        offset += len(p)
    unit = "us"
    joined = DossierArrays(
        ids=strings([p.ids for p in parts]),
        procedures=strings([p.procedures for p in parts]),
        units=strings([p.units for p in parts]),
        received=np.concatenate([p.received.astype(f"datetime64[{unit}]") for p in parts]),
        working_days=np.concatenate([p.working_days for p in parts]),
        cutoffs=None
        if all(p.cutoffs is None for p in parts)
        else np.concatenate(
            [
                np.full(len(p), NAT).view("timedelta64[us]")
                if p.cutoffs is None
                else p.cutoffs.astype("timedelta64[us]")
                for p in parts
            ]
        ),
        returned=np.concatenate([p.returned.astype("datetime64[D]") for p in parts]),
        extended_to=np.concatenate([p.extended_to.astype("datetime64[D]") for p in parts]),
        apology_recorded=np.concatenate([p.apology_recorded for p in parts]),
        full=full,
        rows=rows,
    )
    if any(p.paused_on is not None for p in parts):

        def column(p: DossierArrays, name: str, dtype: str) -> NDArray[Any]:
            values = getattr(p, name)
            if values is None:
                if dtype == "?":
                    return np.zeros(len(p), np.bool_)
                return np.full(len(p), NAT, np.int64).view(dtype)
            return np.asarray(values).astype(dtype)

        joined = attrs.evolve(
            joined,
            paused_on=np.concatenate([column(p, "paused_on", "M8[D]") for p in parts]),
            back_at=np.concatenate([column(p, "back_at", "M8[us]") for p in parts]),
            resume=np.concatenate([column(p, "resume", "?") for p in parts]),
        )
    return take(joined, order)
