"""Activities a commune records (visits, letters, dialogues, trainings) counted per period.

A ledger holds two kinds of rows: *activities* (what the commune did: a visit, a letter of
congratulation, thanks, apology or condolence, a dialogue conference, a training session) and
*events* (what happened to residents or to a dossier and may call for an activity: a birth, a
death, a wedding, a late dossier). Counting activities against a quota gives a `quota` answer;
matching activities to the events they answer gives a `coverage` answer (for example
condolence letters per death).

The activity kinds follow the seed from huyện Cẩm Thủy (Thanh Hóa, 2024: "1.432 thư chúc mừng …
82 thư cảm ơn; 32 thư xin lỗi … 417 thư chia buồn … 2 hội nghị đối thoại … 8 buổi tập huấn") and
huyện Tân Phú (Đồng Nai, 2024: visits, thank-you and apology letters).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, Self, get_args

import attrs
import pydantic

from chinhquyen.errors import DataFileError, InvalidInputError
from chinhquyen.model import Model
from chinhquyen.scoring.answers import CoverageValue, QuotaValue
from chinhquyen.scoring.fields import as_tuple
from chinhquyen.scoring.measurements._renamed import renamed
from chinhquyen.scoring.measurements.tables import column_letter, read_rows
from chinhquyen.scoring.period import PeriodLike, as_period

__all__ = [
    "ACTIVITY_LABELS",
    "EVENT_LABELS",
    "ActivityKind",
    "ActivityLedger",
    "ActivityRecord",
    "EventCoverage",
    "EventKind",
    "EventRecord",
    "count_activities",
    "read_ledger",
]

#: What a commune does for residents.
ActivityKind = Literal[
    "visit",
    "letter_congratulation",
    "letter_thanks",
    "letter_apology",
    "letter_condolence",
    "dialogue_conference",
    "training",
]
#: What happens to residents or dossiers and may call for an activity.
EventKind = Literal["birth", "death", "wedding", "late_dossier"]

#: Vietnamese (and English) names of the activity kinds.
ACTIVITY_LABELS: Mapping[str, tuple[str, str]] = {
    "visit": ("Thăm hỏi", "Visit"),
    "letter_congratulation": ("Thư chúc mừng", "Letter of congratulation"),
    "letter_thanks": ("Thư cảm ơn", "Letter of thanks"),
    "letter_apology": ("Thư xin lỗi", "Letter of apology"),
    "letter_condolence": ("Thư chia buồn", "Letter of condolence"),
    "dialogue_conference": ("Hội nghị đối thoại", "Dialogue conference"),
    "training": ("Tập huấn", "Training session"),
}
#: Vietnamese (and English) names of the event kinds.
EVENT_LABELS: Mapping[str, tuple[str, str]] = {
    "birth": ("Sinh con", "Birth"),
    "death": ("Qua đời", "Death"),
    "wedding": ("Cưới hỏi", "Wedding"),
    "late_dossier": ("Hồ sơ trễ hẹn", "Late dossier"),
}

ACTIVITY_KINDS: tuple[str, ...] = get_args(ActivityKind)
EVENT_KINDS: tuple[str, ...] = get_args(EventKind)


class ActivityRecord(Model):
    """One line of the activity ledger.

    Attributes:
        date: the day the activity took place (the letter was sent, the session held).
        kind: what was done, one of `ActivityKind`.
        unit: the commune (or other unit) that did it, e.g. its code or name.
        count: how many identical activities this line stands for (a batch of letters).
        participants: attendances, for dialogue conferences and trainings (`lượt người`).
        related_event: id of the event this activity answers (a death for a condolence
            letter); only allowed with `count == 1`.
        note: free text.
    """

    date: dt.date
    kind: ActivityKind
    unit: str = pydantic.Field(min_length=1)
    count: int = pydantic.Field(default=1, ge=1)
    participants: int | None = pydantic.Field(default=None, ge=0)
    related_event: str | None = pydantic.Field(default=None, min_length=1)
    note: str | None = None

    @pydantic.field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        return _iso(value)

    @pydantic.model_validator(mode="after")
    def _one_event_one_line(self) -> Self:
        if self.related_event is not None and self.count != 1:
            raise ValueError(
                f"related_event {self.related_event!r} needs count == 1 (one activity answers one "
                f"event), got count={self.count}; write one line per event"
            )
        return self


class EventRecord(Model):
    """An event that may call for an activity (a death calls for a condolence letter).

    Attributes:
        id: unique id within the ledger, referred to by `ActivityRecord.related_event`.
        date: the day of the event.
        kind: one of `EventKind`.
        unit: the commune where it happened.
        note: free text.
    """

    id: str = pydantic.Field(min_length=1)
    date: dt.date
    kind: EventKind
    unit: str = pydantic.Field(min_length=1)
    note: str | None = None

    @pydantic.field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        return _iso(value)


@attrs.frozen(slots=True)
class EventCoverage:
    """How many events of a kind were answered by an activity of a kind.

    Attributes:
        action: the activity kind that answers.
        event: the event kind that calls for it.
        answered: events in the period with at least one answering activity.
        required: events in the period.
        unanswered: ids of the events without an answer, in ledger order.
    """

    action: str
    event: str
    answered: int
    required: int
    unanswered: tuple[str, ...]

    def to_value(self) -> CoverageValue:
        """Return the `coverage` answer value (answered / required)."""
        return CoverageValue(kind="coverage", answered=self.answered, required=self.required)


class ActivityLedger(Model):
    """Activities and events of one or several units.

    Raises:
        InvalidInputError: when event ids repeat, an activity refers to an unknown event, or an
            activity is dated before the event it answers.
    """

    activities: Annotated[tuple[ActivityRecord, ...], pydantic.BeforeValidator(as_tuple)] = ()
    events: Annotated[tuple[EventRecord, ...], pydantic.BeforeValidator(as_tuple)] = ()

    @pydantic.model_validator(mode="after")
    def _references(self) -> Self:
        seen: dict[str, int] = {}
        for i, event in enumerate(self.events):
            if event.id in seen:
                raise ValueError(f"events.{i}.id {event.id!r} repeats events.{seen[event.id]}.id")
            seen[event.id] = i
        for i, act in enumerate(self.activities):
            if act.related_event is None:
                continue
            if act.related_event not in seen:
                raise ValueError(
                    f"activities.{i}.related_event {act.related_event!r} is not the id of any event"
                )
            event = self.events[seen[act.related_event]]
            if act.date < event.date:
                raise ValueError(
                    f"activities.{i} ({act.kind}, {act.date.isoformat()}) is dated before the "
                    f"event {event.id!r} it answers ({event.date.isoformat()})"
                )
        return self

    @classmethod
    def from_records(
        cls,
        activities: Iterable[ActivityRecord | Mapping[str, Any]] = (),
        events: Iterable[EventRecord | Mapping[str, Any]] = (),
    ) -> ActivityLedger:
        """Build a ledger from records or plain dicts (dates as `date` or ISO strings)."""
        acts = tuple(
            a if isinstance(a, ActivityRecord) else ActivityRecord.model_validate(dict(a))
            for a in activities
        )
        evs = tuple(
            e if isinstance(e, EventRecord) else EventRecord.model_validate(dict(e)) for e in events
        )
        return cls.model_validate({"activities": acts, "events": evs})

    def units(self) -> list[str]:
        """Return the units named in the ledger, sorted."""
        return sorted({a.unit for a in self.activities} | {e.unit for e in self.events})

    def counts(self, period: PeriodLike, unit: str | None = None) -> dict[str, int]:
        """Return the number of activities of every kind (zeros included) in `period`.

        Args:
            period: only activities dated inside it count.
            unit: only this unit's activities count; all units when `None`.
        """
        return count_activities(self.activities, period, unit=unit)

    def count(self, kind: str, period: PeriodLike, unit: str | None = None) -> int:
        """Return the number of activities of `kind` in `period` (`unit` as in counts)."""
        _check_kind(kind, ACTIVITY_KINDS, "activity kind")
        return self.counts(period, unit)[kind]

    def participants(self, kind: str, period: PeriodLike, unit: str | None = None) -> int:
        """Return the attendances (lượt người) of `kind` activities in `period`.

        Raises:
            InvalidInputError: if a counted activity has no `participants` recorded (an
                unknown attendance is not zero).
        """
        _check_kind(kind, ACTIVITY_KINDS, "activity kind")
        period = as_period(period)
        total = 0
        for i, act in enumerate(self.activities):
            if (
                act.kind != kind
                or act.date not in period
                or (unit is not None and act.unit != unit)
            ):
                continue
            if act.participants is None:
                raise InvalidInputError(
                    "ActivityLedger",
                    [(f"activities.{i}.participants", "not recorded; attendance is unknown")],
                )
            total += act.participants
        return total

    def quota_value(self, kind: str, period: PeriodLike, unit: str | None = None) -> QuotaValue:
        """Return the `quota` answer value: the number of `kind` activities in `period`."""
        return QuotaValue(kind="quota", count=self.count(kind, period, unit))

    def coverage(
        self, action: str, event: str, period: PeriodLike, unit: str | None = None
    ) -> EventCoverage:
        """Match events of kind `event` in `period` to the `action` activities answering them.

        An event counts as answered when at least one activity of kind `action` names it in
        `related_event`, whatever the activity's date (a letter sent after the period closes
        still answers a death inside it). Events are selected by their own date and unit.
        """
        _check_kind(action, ACTIVITY_KINDS, "activity kind")
        _check_kind(event, EVENT_KINDS, "event kind")
        period = as_period(period)
        answered_ids = {
            a.related_event
            for a in self.activities
            if a.kind == action and a.related_event is not None
        }
        required = [
            e
            for e in self.events
            if e.kind == event and e.date in period and (unit is None or e.unit == unit)
        ]
        unanswered = tuple(e.id for e in required if e.id not in answered_ids)
        return EventCoverage(
            action=action,
            event=event,
            answered=len(required) - len(unanswered),
            required=len(required),
            unanswered=unanswered,
        )

    def coverage_value(
        self, action: str, event: str, period: PeriodLike, unit: str | None = None
    ) -> CoverageValue:
        """Return the `coverage` answer value for `action` per `event` in `period`."""
        return self.coverage(action, event, period, unit).to_value()


def count_activities(
    records: Iterable[ActivityRecord], period: PeriodLike, *, unit: str | None = None
) -> dict[str, int]:
    """Count activities per kind (every kind present, zeros included) inside `period`.

    Args:
        records: ledger lines; each contributes its `count`.
        period: only lines dated inside it count (a Period, a year, or an assessment period).
        unit: only this unit's lines count; all units when `None`.
    """
    period = as_period(period)
    totals: Counter[str] = Counter(dict.fromkeys(ACTIVITY_KINDS, 0))
    for rec in records:
        if rec.date in period and (unit is None or rec.unit == unit):
            totals[rec.kind] += rec.count
    return {k: totals[k] for k in ACTIVITY_KINDS}


def _check_kind(kind: str, valid: tuple[str, ...], what: str) -> None:
    if kind not in valid:
        raise InvalidInputError(
            "ActivityLedger", [(what, f"{kind!r} is not one of {', '.join(valid)}")]
        )


def _iso(value: Any) -> Any:
    # JSON and CSV give ISO strings; anything else is left for strict validation to refuse.
    if isinstance(value, str):
        from chinhquyen.calendar.dates import as_date

        return as_date(value)
    return value


# --- reading CSV ---------------------------------------------------------------------------------

_ACTIVITY_COLUMNS = ("date", "kind", "unit", "count", "participants", "related_event", "note")
_EVENT_COLUMNS = ("id", "date", "kind", "unit", "note")


def read_ledger(
    activities: str | Path, events: str | Path | None = None, *, encoding: str = "utf-8-sig"
) -> ActivityLedger:
    """Read an activity ledger from CSV files.

    Activities file columns: `date` (ISO), `kind`, `unit` (required); `count` (default
    1), `participants`, `related_event`, `note` (optional). Events file columns: `id`,
    `date`, `kind`, `unit` (required), `note`. A kind may be written as its identifier
    (`letter_condolence`) or its Vietnamese name (`Thư chia buồn`).

    Raises:
        DataFileError: naming the file, row and column of the first problem.
    """
    act_rows = _read_csv(activities, _ACTIVITY_COLUMNS, ("date", "kind", "unit"), encoding)
    ev_rows = (
        _read_csv(events, _EVENT_COLUMNS, ("id", "date", "kind", "unit"), encoding)
        if events is not None
        else []
    )
    acts = [
        _validate(ActivityRecord, activities, line, cols, _kinds(data, _ACTIVITY_BY_LABEL))
        for line, cols, data in act_rows
    ]
    evs = [
        _validate(EventRecord, events or "", line, cols, _kinds(data, _EVENT_BY_LABEL))
        for line, cols, data in ev_rows
    ]
    try:
        return ActivityLedger.model_validate({"activities": tuple(acts), "events": tuple(evs)})
    except InvalidInputError as e:
        loc, msg = e.problems[0]
        # the ledger's own checks name "activities.N" or "events.N" inside the message
        for name, rows, path in (("activities", act_rows, activities), ("events", ev_rows, events)):
            found = re.search(rf"\b{name}\.(\d+)", msg)
            if found and path is not None:
                line = rows[int(found.group(1))][0]
                raise DataFileError(str(path), msg, key=f"row {line}") from None
        raise DataFileError(str(activities), msg, key=loc or None) from None


def _read_csv(
    path: str | Path, valid: tuple[str, ...], required: tuple[str, ...], encoding: str
) -> list[tuple[int, dict[str, str], dict[str, Any]]]:
    name = str(path)
    rows = read_rows(path, encoding)
    header = [h.strip() for h in rows[0]]
    unknown = [h for h in header if h not in valid]
    if unknown:
        raise DataFileError(
            name,
            f"unknown column(s) {', '.join(map(repr, unknown))}; valid: {', '.join(valid)}",
            key="row 1",
        )
    missing = [c for c in required if c not in header]
    if missing:
        raise DataFileError(name, f"missing column(s) {', '.join(missing)}", key="row 1")
    out = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise DataFileError(
                name, f"has {len(cells)} cells, the header has {len(header)}", key=f"row {line}"
            )
        cols = {h: f"row {line}, column {column_letter(i)} ({h})" for i, h in enumerate(header)}
        data: dict[str, Any] = {}
        for h, raw in zip(header, cells, strict=True):
            cell = raw.strip()
            if not cell:
                continue
            if h in ("count", "participants"):
                if not cell.isdigit():
                    raise DataFileError(name, f"{cell!r} is not a whole number", key=cols[h])
                data[h] = int(cell)
            else:
                data[h] = cell
        out.append((line, cols, data))
    return out


def _by_label(labels: Mapping[str, tuple[str, str]]) -> Mapping[str, str]:
    """Kinds by their Vietnamese name, case-folded."""
    return {vi.casefold(): kind for kind, (vi, _en) in labels.items()}


_ACTIVITY_BY_LABEL = _by_label(ACTIVITY_LABELS)
_EVENT_BY_LABEL = _by_label(EVENT_LABELS)


def _kinds(data: dict[str, Any], by_label: Mapping[str, str]) -> dict[str, Any]:
    kind = data.get("kind")
    if isinstance(kind, str) and kind.casefold() in by_label:
        return {**data, "kind": by_label[kind.casefold()]}
    return data


def _validate(
    model: type[ActivityRecord] | type[EventRecord],
    path: str | Path,
    line: int,
    cols: Mapping[str, str],
    data: dict[str, Any],
) -> Any:
    try:
        return model.model_validate(data)
    except InvalidInputError as e:
        loc, msg = e.problems[0]
        raise DataFileError(str(path), msg, key=cols.get(loc, f"row {line}")) from None


def __getattr__(name: str) -> Any:
    """Old names, kept for one release: `Coverage` is now [`EventCoverage`][]."""
    return renamed(__name__, name, {"Coverage": ("EventCoverage", EventCoverage)})
