"""Reading a dossier log into columns: one list per record field, one entry per dossier.

A national log has millions of rows; pydantic validation per row would dominate the cost. So
each distinct value of a column is converted once, by the converters the model itself uses
(`_dossier_values`), and only exact built-in types in plainly valid shapes are accepted.
Rows with anything else, valid or not, are read one by one by the reference reader
(`_dossier_log`), in log order, so the first bad row is the one reported with its usual
message; their entries in the columns are their records' values.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress, islice, repeat
from operator import is_not, itemgetter
from pathlib import Path
from typing import Any

from chinhquyen.calendar.dates import VN_TZ
from chinhquyen.scoring.measurements._dossier_log import (
    REQUIRED,
    checked_header,
    parse_cell,
    read_log,
    record_from_cells,
    validated_record,
)
from chinhquyen.scoring.measurements._dossier_model import DossierRecord
from chinhquyen.scoring.measurements._dossier_values import as_clock, as_day, as_moment

__all__ = [
    "FIELD_ORDER",
    "Columns",
    "csv_log",
    "dict_log",
    "materialize",
    "record_columns",
    "wrap",
]

#: one list per DossierRecord field, in declaration order, one entry per dossier
Columns = dict[str, list[Any]]

FIELD_ORDER = tuple(DossierRecord.model_fields)
_FIELDS = frozenset(FIELD_ORDER)
_REQUIRED_FIELDS = frozenset(
    name for name, field in DossierRecord.model_fields.items() if field.is_required()
)
_NONE = type(None)
_BLANK_REFUSED = tuple(c for c in REQUIRED if c != "returned_at")
_DATE_TYPES = (str, dt.date, dt.datetime)
#: the exact types the columnar path takes for each field of a dict row (others: validated)
_PLAIN_TYPES: Mapping[str, tuple[type, ...]] = {
    "id": (str,),
    "procedure": (str,),
    "unit": (str, _NONE),
    "received_at": _DATE_TYPES,
    "working_days": (int,),
    "cutoff": (str, dt.time, _NONE),
    "pauses": (list, tuple),
    "resume_after_pause": (bool,),
    "returned_at": (*_DATE_TYPES, _NONE),
    "apology_slip_issued": (bool,),
    "extended_to": (*_DATE_TYPES, _NONE),
}
_DEFAULTS: Mapping[str, Any] = {
    "pauses": (),
    "resume_after_pause": False,
    "apology_slip_issued": False,
}
#: time limits up to this many working days take the columnar path (larger ones are validated)
_MAX_DAYS = 100_000
#: CSV rows converted at a time (bounds the memory their raw cells take)
_CHUNK = 50_000
_set = object.__setattr__


def dict_log(rows: Iterable[Mapping[str, Any]]) -> tuple[Columns, list[Any]]:
    """The columns of `read_dossier_records(rows)`, and what each row gave.

    Per row: its record where it was validated one by one, else the row itself.
    """
    items, error = materialize(rows)
    cols, bad = _dict_columns(items)
    given = items.copy()
    for i in sorted(bad):
        given[i] = rec = validated_record(i, items[i])
        _patch(cols, i, rec)
    if error is not None:
        raise error
    return cols, given


def csv_log(path: str | Path, encoding: str, *, fields_sets: bool) -> tuple[Columns, list[Any]]:
    """The columns of `read_dossier_log(path)`, and what each row gave.

    Per row: its record where it was read one by one, else (`fields_sets`) the fields its
    cells give.
    """
    try:
        with Path(path).open(encoding=encoding, newline="") as fh:
            return _csv_chunks(str(path), fh, fields_sets)
    except (_RowByRowError, OSError):
        records = read_log(path, encoding)
        return record_columns(records), records


class _RowByRowError(Exception):
    """The file needs the row-by-row reader, which reports its first problem as usual."""


def _csv_chunks(name: str, fh: Iterable[str], fields_sets: bool) -> tuple[Columns, list[Any]]:
    """[`csv_log`][] of an open file, `_CHUNK` rows at a time."""
    cols: Columns = {field: [] for field in FIELD_ORDER}
    given: list[Any] = []
    reader = csv.reader(fh)
    try:
        first = next(reader, None)
    except Exception:  # undecodable, not CSV
        raise _RowByRowError from None
    header = checked_header(name, first)
    if len(set(header)) != len(header):
        raise _RowByRowError
    start = 2
    while True:
        try:
            body = list(islice(reader, _CHUNK))
        except Exception:  # undecodable, not CSV
            raise _RowByRowError from None
        if not body:
            return cols, given
        lines: Sequence[int] = range(start, start + len(body))
        start += len(body)
        filled = list(map(str.strip, map("".join, body)))
        if not all(filled):  # rows of blank cells are skipped
            lines = list(compress(lines, filled))
            body = list(compress(body, filled))
        if set(map(len, body)) - {len(header)}:
            raise _RowByRowError  # a row not as long as the header
        part, bad = _csv_columns(header, body)
        seen: list[Any] = _csv_fields_sets(header, body) if fields_sets else [None] * len(body)
        for i in sorted(bad):
            seen[i] = rec = record_from_cells(name, lines[i], header, body[i])
            _patch(part, i, rec)
        for field, values in part.items():
            cols[field].extend(values)
        given.extend(seen)


def wrap(values: dict[str, Any], fields_set: set[str]) -> DossierRecord:
    """The record of checked field values (every field, in declaration order), unvalidated."""
    rec = DossierRecord.__new__(DossierRecord)
    _set(rec, "__dict__", values)
    _set(rec, "__pydantic_fields_set__", fields_set)
    _set(rec, "__pydantic_extra__", None)
    _set(rec, "__pydantic_private__", None)
    return rec


def materialize(items: Iterable[Any]) -> tuple[list[Any], Exception | None]:
    """The items, and the error the iterable raised after them (raised once they are checked)."""
    out: list[Any] = []
    try:
        out.extend(items)
    except Exception as e:
        return out, e
    return out, None


def record_columns(records: Sequence[Any]) -> Columns:
    """Columns of records' field values (DossierRecord instances hold them in `__dict__`)."""
    values = list(map(vars, records))
    return {name: list(map(itemgetter(name), values)) for name in FIELD_ORDER}


def _patch(cols: Columns, i: int, rec: DossierRecord) -> None:
    for name, value in rec.__dict__.items():
        cols[name][i] = value


def _convert(values: Sequence[Any], convert: Callable[[Any], Any], bad: set[int]) -> list[Any]:
    """`convert` of each value, computed once per distinct value; refused rows join `bad`.

    Values must be hashable. Datetimes are told apart by their `fold` too, which equality
    ignores but the converted value keeps.
    """
    keys: Sequence[Any] = values
    if dt.datetime in set(map(type, values)):
        keys = [(v, v.fold) if type(v) is dt.datetime else v for v in values]
    table: dict[Any, Any] = {}
    refused: set[Any] = set()
    for key in set(keys):
        try:
            table[key] = convert(key[0] if type(key) is tuple else key)
        except Exception:  # the reference path reports it
            refused.add(key)
    if refused:
        bad.update(i for i, k in enumerate(keys) if k in refused)
    return list(map(table.get, keys))


def _moment_value(value: Any) -> dt.datetime:
    """received_at as the model converts it; refuses anything not plainly valid."""
    if type(value) is str:
        # as_local_datetime for a naive ISO string: the wall-clock time in Asia/Ho_Chi_Minh
        # (combine sets the same fields as its replace(tzinfo=...), at a third of the cost)
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            return dt.datetime.combine(moment.date(), moment.time(), VN_TZ)
    moment = as_moment(value)
    if type(moment) is not dt.datetime:
        raise TypeError(moment)
    return moment


def _day_value(value: Any) -> dt.date | None:
    """returned_at / extended_to as the model converts them; refuses anything not plain."""
    if value is None:
        return None
    day = as_day(value)
    if type(day) is not dt.date:
        raise TypeError(day)
    return day


def _clock_value(value: Any) -> dt.time | None:
    """The cut-off as the model converts it; refuses anything not plain."""
    if value is None:
        return None
    clock = as_clock(value)
    if type(clock) is not dt.time:
        raise TypeError(clock)
    return clock


def _row_rules(cols: Columns, raw_received: Sequence[Any], bad: set[int]) -> None:
    """The model's validators across fields, as row checks (see DossierRecord)."""
    cutoffs, received, returned = cols["cutoff"], cols["received_at"], cols["returned_at"]
    for i in compress(range(len(cutoffs)), map(is_not, cutoffs, repeat(None))):
        raw = raw_received[i]
        if type(raw) is dt.date or (type(raw) is str and "T" not in raw and " " not in raw):
            bad.add(i)  # a cut-off needs a receipt time
    for i in compress(range(len(returned)), map(is_not, returned, repeat(None))):
        if i not in bad and returned[i] < received[i].date():
            bad.add(i)  # returned before received


def _check_days(ns: list[Any], bad: set[int]) -> None:
    if bad or (ns and (min(ns) < 0 or max(ns) > _MAX_DAYS)):
        bad.update(i for i, v in enumerate(ns) if i not in bad and not 0 <= v <= _MAX_DAYS)


def _dict_columns(rows: list[Any]) -> tuple[Columns, set[int]]:
    """Columns of dict rows as `DossierRecord.model_validate` reads them, and odd rows.

    The odd rows need validating one by one; their entries in the columns are placeholders.
    """
    n = len(rows)
    bad = {i for i, r in enumerate(rows) if type(r) is not dict}
    if bad:
        rows = [{} if i in bad else r for i, r in enumerate(rows)]
    fits = map(_FIELDS.issuperset, rows)
    complete = map(_REQUIRED_FIELDS.issubset, rows)
    bad.update(compress(range(n), (not (a and b) for a, b in zip(fits, complete, strict=True))))
    raw: Columns = {}
    for name in FIELD_ORDER:
        values = raw[name] = list(map(dict.get, rows, repeat(name), repeat(_DEFAULTS.get(name))))
        allowed = _PLAIN_TYPES[name]
        if not set(map(type, values)) <= set(allowed):
            bad.update(i for i, v in enumerate(values) if type(v) not in allowed)
    if bad:  # placeholders: no unhashable or odd value reaches the converters
        raw = {
            name: [None if i in bad else v for i, v in enumerate(vs)] for name, vs in raw.items()
        }
    for name in ("id", "procedure"):
        if "" in set(raw[name]):
            bad.update(i for i, v in enumerate(raw[name]) if v == "")
    _check_days(raw["working_days"], bad)
    # rows with pauses are rare: validated one by one
    bad.update(compress(range(n), raw["pauses"]))
    cols: Columns = {
        "id": raw["id"],
        "procedure": raw["procedure"],
        "unit": raw["unit"],
        "received_at": _convert(raw["received_at"], _moment_value, bad),
        "working_days": raw["working_days"],
        "cutoff": _convert(raw["cutoff"], _clock_value, bad),
        "pauses": [()] * n,
        "resume_after_pause": raw["resume_after_pause"],
        "returned_at": _convert(raw["returned_at"], _day_value, bad),
        "apology_slip_issued": raw["apology_slip_issued"],
        "extended_to": _convert(raw["extended_to"], _day_value, bad),
    }
    _row_rules(cols, raw["received_at"], bad)
    return cols, bad


def _blank_as(values: list[str], blank: Any) -> list[Any]:
    """`values` with every empty string replaced by `blank`."""
    return list(map({"": blank}.get, values, values))


def _csv_moment(cell: str) -> dt.datetime:
    # _check_iso is implied: the converters accept a subset of what datetime.fromisoformat
    # accepts, except a "/" it takes as the date-time separator
    if "/" in cell:
        raise ValueError(cell)
    return _moment_value(cell)


def _csv_day(cell: str | None) -> dt.date | None:
    if cell is not None and "/" in cell:
        raise ValueError(cell)
    return _day_value(cell)


def _csv_days(cell: str) -> int:
    n = int(parse_cell("working_days", cell))
    if n > _MAX_DAYS:
        raise ValueError(cell)
    return n


def _csv_flag(cell: str) -> bool:
    return cell != "" and bool(parse_cell("apology_slip_issued", cell))


def _csv_columns(header: list[str], body: list[list[str]]) -> tuple[Columns, set[int]]:
    """Columns of CSV rows as `record_from_cells` reads them, and odd rows.

    Every row is as long as the header, whose names are distinct. The odd rows need reading
    one by one; their entries in the columns are placeholders.
    """
    n = len(body)
    cells = {
        name: list(map(str.strip, column))
        for name, column in zip(
            header, zip(*body, strict=True) if n else [()] * len(header), strict=True
        )
    }
    bad: set[int] = set()

    def column(name: str) -> list[str]:
        return cells.get(name) or [""] * n

    for name in _BLANK_REFUSED:
        if "" in set(cells[name]):
            bad.update(i for i, v in enumerate(cells[name]) if v == "")
    raw_received = column("received_at")
    cols: Columns = {
        "id": column("id"),
        "procedure": column("procedure"),
        "unit": _blank_as(column("unit"), None),
        "received_at": _convert(raw_received, _csv_moment, bad),
        "working_days": _convert(column("working_days"), _csv_days, bad),
        "cutoff": _convert(_blank_as(column("cutoff"), None), _clock_value, bad),
        "pauses": [()] * n,
        "resume_after_pause": _convert(column("resume_after_pause"), _csv_flag, bad),
        "returned_at": _convert(_blank_as(column("returned_at"), None), _csv_day, bad),
        "apology_slip_issued": _convert(column("apology_slip_issued"), _csv_flag, bad),
        "extended_to": _convert(_blank_as(column("extended_to"), None), _csv_day, bad),
    }
    # rows with pauses are rare: read one by one
    bad.update(compress(range(n), column("pauses")))
    _row_rules(cols, raw_received, bad)
    return cols, bad


def _csv_fields_sets(header: list[str], body: list[list[str]]) -> list[set[str]]:
    """The fields each CSV row gives (its non-blank cells), as pydantic records them."""
    names: dict[tuple[bool, ...], frozenset[str]] = {}
    out: list[set[str]] = []
    for row in body:
        key = tuple(map(bool, map(str.strip, row)))
        given = names.get(key)
        if given is None:
            given = names[key] = frozenset(compress(header, key))
        out.append(set(given))
    return out
