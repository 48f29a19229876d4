"""The one measurement of dossiers' timeliness, over numpy columns.

Every entry point (records, dicts, CSV, Arrow tables, Dask partitions) reads its dossiers into
[`DossierArrays`][chinhquyen.scoring.measurements._dossier_arrays.DossierArrays] and measures
them here, a whole log or one chunk at a time:

1. due dates from the calendar (`_dossier_deadline`): the batch API for dossiers without pauses
   or apology slips, the full computation for the others;
2. each dossier judged on its return day, or on `as_of` while unreturned: early, on time or
   late against the due date; overdue or pending while unreturned;
3. an apology slip required when the dossier was extended by one, or is (or was returned)
   past its original due date (NĐ 63/2024/NĐ-CP Art. 7(3));
4. counts per commune, and the dossiers that lack a required slip.

A dossier that cannot be measured (a repeated id, a deadline the calendar refuses, a date
outside the calendar, no return day and no `as_of`) is refused: the first one in log order is
raised, or, when the caller asks, every one is collected and left out of the counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from chinhquyen.calendar.deadlines import WorkingDays
from chinhquyen.errors import ChinhQuyenError, DateOutOfRangeError, InvalidInputError
from chinhquyen.scoring.measurements._dossier_arrays import DossierArrays
from chinhquyen.scoring.measurements._dossier_deadline import (
    batch_due,
    full_deadline,
    plain_due,
)
from chinhquyen.scoring.measurements._dossier_model import (
    STATUSES,
    DossierCounts,
    Rejection,
    ResultColumns,
    TimelinessReport,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["Measured", "measure_arrays", "report_of"]

_EARLY, _ON_TIME, _LATE, _OVERDUE, _PENDING = range(len(STATUSES))


@attrs.frozen(slots=True, eq=False)
class Measured:
    """What measuring (part of) a log gives, before parts are put together.

    Attributes:
        columns: the per-dossier results of the dossiers measured, when kept.
        by_unit: counts per commune.
        missing: (ids, communes) of the dossiers lacking a required apology slip, in log order.
        rejected: the dossiers refused (collecting mode), in log order.
    """

    columns: ResultColumns | None
    by_unit: dict[Any, DossierCounts]
    missing: list[tuple[Sequence[Any], Sequence[Any]]]
    rejected: list[Rejection]


class _Refusals:
    """Refused dossiers: (position, order of the check, rejection); the first raised or all kept."""

    def __init__(self, a: DossierArrays) -> None:
        self.a = a
        self.found: list[tuple[int, int, Rejection]] = []

    def add(self, i: int, check: int, column: str | None, error: ChinhQuyenError) -> None:
        row = i if self.a.rows is None else int(self.a.rows[i])
        self.found.append((i, check, Rejection(row, column, str(error), error)))

    def positions(self) -> set[int]:
        return {i for i, _, _ in self.found}

    def raise_first(self) -> None:
        if self.found:
            raise min(self.found, key=lambda f: (f[0], f[1]))[2].error

    def in_order(self) -> list[Rejection]:
        """Each refused dossier once, with its first problem (the one raising would raise)."""
        first: dict[int, Rejection] = {}
        for i, _, r in sorted(self.found, key=lambda f: (f[0], f[1])):
            first.setdefault(i, r)
        return list(first.values())


def _id(a: DossierArrays, i: int) -> Any:
    rid = a.ids[i]
    return rid if isinstance(rid, str) else rid.as_py()


def _full_arguments(a: DossierArrays, rows: list[int]) -> list[tuple[Any, ...]]:
    """The full computation's arguments of dossiers `rows`, converted to Python at once.

    Each: (position, receipt, cut-off, pauses, resume after a pause, time limit, extension).
    """
    index = np.array(rows, dtype=np.intp)
    moments = a.received[index].astype("datetime64[us]").astype(object).tolist()
    cutoffs: list[Any] = [None] * len(rows)
    if a.cutoffs is not None:
        micros = a.cutoffs[index].astype("timedelta64[us]").astype(np.int64).tolist()
        given = (~np.isnat(a.cutoffs[index])).tolist()
        cutoffs = [_time(m) if g else None for m, g in zip(micros, given, strict=True)]
    extended = a.extended_to[index].astype("datetime64[D]").astype(object).tolist()
    days = a.working_days[index].tolist()
    pauses: list[tuple[tuple[Any, Any], ...]] = [()] * len(rows)
    resumes = [False] * len(rows)
    if a.paused_on is not None and a.back_at is not None and a.resume is not None:
        asked = a.paused_on[index].astype("datetime64[D]").astype(object).tolist()
        back = a.back_at[index].astype("datetime64[us]").astype(object).tolist()
        pauses = [() if r is None else ((r, c),) for r, c in zip(asked, back, strict=True)]
        resumes = a.resume[index].tolist()
    out: list[tuple[Any, ...]] = []
    full = a.full
    for k, i in enumerate(rows):
        args = full.get(i)
        if args is None:
            out.append((i, moments[k], cutoffs[k], pauses[k], resumes[k], days[k], extended[k]))
        else:
            out.append(
                (i, args.received_at, args.cutoff, args.pauses, args.resume_after_pause,
                 days[k], extended[k])
            )  # fmt: skip
    return out


_EPOCH = dt.date(1970, 1, 1).toordinal()


def _days(dates: list[dt.date]) -> NDArray[np.datetime64]:
    """`datetime64[D]` of dates (numpy's own conversion of date objects is slower)."""
    ordinals = np.fromiter(map(dt.date.toordinal, dates), np.int64, len(dates))
    days: NDArray[np.datetime64] = (ordinals - _EPOCH).view("datetime64[D]")
    return days


def _time(microseconds: int) -> dt.time:
    seconds, microsecond = divmod(microseconds, 1_000_000)
    return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60, microsecond)


def _due_dates(
    a: DossierArrays, cal: WorkingDays, refusals: _Refusals
) -> tuple[NDArray[np.datetime64], NDArray[np.datetime64], NDArray[np.bool_]]:
    """Original and extended due dates, provisional flags; what the calendar refuses is refused."""
    n = len(a)
    full = sorted(a.full)
    extended_to = a.extended_to
    if full and (~np.isnat(extended_to[full])).any():
        extended_to = extended_to.copy()
        extended_to[full] = np.datetime64("NaT")  # counted in full below
    try:
        batch = batch_due(cal, a, extended_to)
        if batch is None:  # no batch API: pauses and slips take the full computation too
            plain, flags = plain_due(cal, a.received, a.working_days, a.cutoffs)
            batch = plain, plain, flags
            others = ~np.isnat(a.extended_to)
            if a.paused_on is not None:
                others |= ~np.isnat(a.paused_on)
            full = sorted(set(full) | set(np.flatnonzero(others).tolist()))
    except ChinhQuyenError:
        # some dossier is refused: compute one by one, in log order, to name each
        full = list(range(n))
        original = np.empty(n, "datetime64[D]")
        due = np.empty(n, "datetime64[D]")
        provisional = np.zeros(n, np.bool_)
    else:
        first, final, flags = batch
        # copies: the batch's buffer also holds what is not kept (receipt days)
        original = first.astype("datetime64[D]", copy=True)
        if final is first:
            due = original.copy() if full else original
        else:
            due = final.astype("datetime64[D]", copy=True)
        provisional = flags.copy()
    done: list[int] = []
    originals: list[dt.date] = []
    dues: list[dt.date] = []
    provisionals: list[bool] = []
    for i, received_at, cutoff, pauses, resume, days, extended_to in _full_arguments(a, full):
        try:
            d = full_deadline(
                cal,
                lambda i=i: _id(a, i),  # only an error names the dossier
                received_at,
                days,
                cutoff=cutoff,
                pauses=pauses,
                resume_after_pause=resume,
                extended_to=extended_to,
            )
        except ChinhQuyenError as e:
            refusals.add(i, 1, None, e)
            original[i] = due[i] = np.datetime64("NaT")
            continue
        done.append(i)
        originals.append(d.original_due_date)
        dues.append(d.due_date)
        provisionals.append(d.provisional)
    if done:
        index = np.array(done, np.intp)
        original[index] = _days(originals)
        due[index] = _days(dues)
        provisional[index] = provisionals
    return original, due, provisional


def _check_returns(a: DossierArrays, cal: WorkingDays, refusals: _Refusals) -> None:
    """Refuse return days outside the calendar's range (they could not be judged)."""
    bounds = getattr(cal, "bounds", None)
    if bounds is None or not len(a):
        return
    lo, hi = (np.datetime64(b, "D") for b in bounds)
    returned = a.returned
    outside = ~np.isnat(returned) & ((returned < lo) | (returned > hi))
    for i in np.flatnonzero(outside).tolist():
        day = returned[i].astype("datetime64[D]")
        refusals.add(
            i,
            2,
            "returned_at",
            DateOutOfRangeError(
                f"dossier {_id(a, i)}: returned_at {day} is outside the "
                f"calendar's range {bounds[0].isoformat()}..{bounds[1].isoformat()}"
            ),
        )


def measure_arrays(
    a: DossierArrays,
    cal: WorkingDays,
    as_of: dt.date | None,
    against_original: bool,
    *,
    repeated: Iterable[int] = (),
    collect: bool = False,
    keep: bool = True,
) -> Measured:
    """Measure the dossiers of `a` (see the module's docstring).

    Args:
        a: the dossiers.
        cal: the working-day calendar.
        as_of: the day unreturned dossiers are judged on.
        against_original: judge against the due date before any apology slip.
        repeated: positions whose id repeats an earlier dossier's (found by the caller, who
            sees the whole log).
        collect: collect the refused dossiers instead of raising the first.
        keep: keep the per-dossier results.

    Raises:
        ChinhQuyenError: the first refusal in log order, unless `collect`.
    """
    refusals = _Refusals(a)
    for i in repeated:
        refusals.add(
            i,
            0,
            "id",
            InvalidInputError("dossier log", [(f"id {_id(a, i)}", "appears more than once")]),
        )
    original, extended, provisional = _due_dates(a, cal, refusals)
    _check_returns(a, cal, refusals)
    due = original if against_original else extended

    unreturned = np.isnat(a.returned)
    if as_of is None:
        for i in np.flatnonzero(unreturned).tolist():
            refusals.add(
                i,
                3,
                "returned_at",
                InvalidInputError(
                    "dossier log",
                    [
                        (
                            f"id {_id(a, i)}",
                            "has no returned_at; pass as_of= (the day the log was taken) to "
                            "judge unreturned dossiers",
                        )
                    ],
                ),
            )
        judged = a.returned
    else:
        judged = np.where(unreturned, np.datetime64(as_of, "D"), a.returned)
    if not collect:
        refusals.raise_first()

    refused = refusals.positions()
    days = judged.astype("datetime64[D]").view(np.int64)
    late_vs_due = np.sign(days - due.view(np.int64))
    status = np.where(
        unreturned, np.where(late_vs_due > 0, _OVERDUE, _PENDING), late_vs_due + 1
    ).astype(np.int8)
    required = ~np.isnat(a.extended_to) | (days > original.view(np.int64))
    columns = ResultColumns(
        a.ids,
        a.procedures,
        a.units,
        due,
        original,
        a.returned.astype("datetime64[D]"),
        status,
        required,
        a.apology_recorded,
        provisional,
        a.rows,
    )
    if refused:
        columns = columns.select(
            np.array(sorted(set(range(len(a))) - refused), dtype=np.intp).reshape(-1)
        )
    by_unit, missing = _count(columns)
    return Measured(columns if keep else None, by_unit, missing, refusals.in_order())


def _unit_codes(units: Sequence[Any]) -> tuple[NDArray[np.intp], list[Any]]:
    """Each dossier's commune as a code, and the communes by code (`None` for none given)."""
    if isinstance(units, list):
        labels = list(dict.fromkeys(units))
        index = {u: k for k, u in enumerate(labels)}
        return np.fromiter(map(index.__getitem__, units), np.intp, len(units)), labels
    import pyarrow.compute as pc  # Arrow input: pyarrow is installed

    encoded = pc.dictionary_encode(units, null_encoding="encode")
    labels = encoded.dictionary.to_pylist()
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp), labels


def _count(
    c: ResultColumns,
) -> tuple[dict[Any, DossierCounts], list[tuple[Sequence[Any], Sequence[Any]]]]:
    """Counts per commune, and the dossiers lacking a required slip."""
    if not len(c):
        return {}, []
    codes, labels = _unit_codes(c.units)
    k = len(labels)
    per_status = np.bincount(codes * len(STATUSES) + c.status, minlength=k * len(STATUSES))
    per_status = per_status.reshape(k, len(STATUSES))

    def per_unit(mask: NDArray[np.bool_]) -> list[int]:
        counted: list[int] = np.bincount(codes[mask], minlength=k).tolist()
        return counted

    required = per_unit(c.apology_required)
    recorded = per_unit(c.apology_required & c.apology_recorded)
    unneeded = per_unit(c.apology_recorded & ~c.apology_required)
    provisional = per_unit(c.provisional)
    by_unit = {
        labels[u]: DossierCounts(
            early=int(per_status[u, _EARLY]),
            on_time=int(per_status[u, _ON_TIME]),
            late=int(per_status[u, _LATE]),
            overdue=int(per_status[u, _OVERDUE]),
            pending=int(per_status[u, _PENDING]),
            apologies_required=required[u],
            apologies_recorded=recorded[u],
            apologies_unneeded=unneeded[u],
            provisional=provisional[u],
        )
        for u in range(k)
    }
    lacking = np.flatnonzero(c.apology_required & ~c.apology_recorded)
    missing: list[tuple[Sequence[Any], Sequence[Any]]] = []
    if len(lacking):
        part = c.select(lacking)  # columns as given: an Arrow array stays one
        missing.append((part.ids, part.units))
    return by_unit, missing


def report_of(
    parts: Iterable[Measured], as_of: dt.date | None, against_original: bool, *, keep: bool
) -> TimelinessReport:
    """The report of a log measured in parts (in log order)."""
    by_unit: dict[Any, DossierCounts] = {}
    missing: list[tuple[Sequence[Any], Sequence[Any]]] = []
    rejected: list[Rejection] = []
    columns: list[ResultColumns] = []
    for part in parts:
        for unit, counts in part.by_unit.items():
            by_unit[unit] = by_unit[unit] + counts if unit in by_unit else counts
        missing += part.missing
        rejected += part.rejected
        if part.columns is not None:
            columns.append(part.columns)
    return TimelinessReport(
        as_of,
        against_original,
        by_unit,
        tuple(missing),
        tuple(columns) if keep else None,
        tuple(rejected),
    )
