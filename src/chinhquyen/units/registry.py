"""The commune-level units (xã, phường, đặc khu) by code and date, from 1/7/2025.

The registry is the map of one day (`units/data/communes.csv`, 25/7/2026: 3,321 units, codes of
Quyết định 19/2025/QĐ-TTg) taken from a third-party, MIT-licensed compilation
(thanglequoc/vietnamese-provinces-database; not an official export), plus what changed when
(`units/data/changes.toml`: the wards of NQ 237/NQ-UBTVQH16 from 30/4/2026 and of
NQ 388/NQ-UBTVQH16 from 20/9/2026, a corrected code), and the province names by date of
[`chinhquyen.units.succession`][]. It answers for any day from 1/7/2025; before that day it
refuses, since the earlier map (with districts, and other codes) is not in it.

Nothing is read at import; the first look-up reads the files and builds the index once.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
from collections.abc import Callable
from functools import cache
from typing import Literal

import attrs

from chinhquyen.errors import (
    DataFileError,
    UnitDateError,
    UnitMismatchError,
    UnknownProvinceError,
    UnknownUnitError,
)
from chinhquyen.units._data import data_text, read_data
from chinhquyen.units.names import name_key
from chinhquyen.units.sources import Source
from chinhquyen.units.succession import Province, _province_by_code, same_province
from chinhquyen.units.succession import province as find_province

__all__ = ["CommuneUnit", "check_unit", "communes", "lookup", "registry_dates"]

#: A commune-level unit is a xã (rural commune), a phường (ward) or a đặc khu (special zone).
UnitType = Literal["xã", "phường", "đặc khu"]
_TYPES: dict[str, UnitType] = {"xã": "xã", "phường": "phường", "đặc khu": "đặc khu"}
_WORDS = {"xã": "Xã", "phường": "Phường", "đặc khu": "Đặc khu"}
#: Type words set aside when a written name is compared ("thị trấn" ended on 30/6/2025).
_TYPE_PREFIXES = tuple(name_key(w) + " " for w in ("Đặc khu", "Phường", "Xã", "Thị trấn"))
_FILE = "chinhquyen:units/data/communes.csv"
_CHANGES = "chinhquyen:units/data/changes.toml"


@attrs.frozen(slots=True)
class CommuneUnit:
    """A commune-level unit as it stood on a date.

    Attributes:
        code: its code in Quyết định 19/2025/QĐ-TTg, five digits, e.g. `26299`.
        name: its name without the type word, e.g. `Thống Nhất`.
        full_name: its name with the type word of that day, e.g. `Xã Thống Nhất`.
        type: `xã`, `phường` or `đặc khu` on that day.
        province: the provincial-level unit it belonged to that day, under that day's name.
        sources: where the unit and its type on that day come from.
        unconfirmed: why its type on that day is not confirmed, if it is not.
    """

    code: str
    name: str
    full_name: str
    type: UnitType
    province: Province
    sources: tuple[Source, ...]
    unconfirmed: str | None = None

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code}), {self.province.full_name}"


@attrs.frozen(slots=True)
class _Retype:
    since: dt.date
    before: UnitType
    after: UnitType
    sources: tuple[Source, ...]
    unconfirmed: str | None


@attrs.frozen(slots=True)
class _Row:
    code: str
    name: str
    province_code: str
    retypes: tuple[_Retype, ...]
    snapshot_type: UnitType

    def type_on(self, on: dt.date) -> tuple[UnitType, _Retype | None]:
        kind, last = (self.retypes[0].before, None) if self.retypes else (self.snapshot_type, None)
        for r in self.retypes:
            if r.since <= on:
                kind, last = r.after, r
        return kind, last


@attrs.frozen(slots=True)
class _Registry:
    starts: dt.date
    snapshot: dt.date
    base: tuple[Source, ...]
    rows: dict[str, _Row]
    corrected: dict[str, str]  # a code the compilation corrected -> the code


def _type(value: str, where: str, file: str) -> UnitType:
    if value not in _TYPES:
        raise DataFileError(file, f"{value!r} is not one of {', '.join(_TYPES)}", key=where)
    return _TYPES[value]


@cache
def _registry() -> _Registry:
    root, known = read_data("changes.toml")
    root.only("snapshot", "starts", "sources", "retype", "correction")
    starts, snapshot = root.day("starts"), root.day("snapshot")
    assert starts is not None and snapshot is not None
    corrections: dict[str, dict[str, str]] = {}
    for t in root.tables("correction"):
        t.only("code", "field", "value", "sources")
        field = t.text("field") or ""
        if field not in {"code", "full_name"}:
            raise t.fail("field", f"{field!r} is not one of code, full_name")
        t.sources("sources", known)
        corrections.setdefault(t.text("code") or "", {})[field] = t.text("value") or ""
    retypes: dict[str, list[tuple[str, _Retype]]] = {}
    for t in root.tables("retype"):
        t.only("code", "name", "from", "before", "after", "sources", "unconfirmed")
        since = t.day("from")
        assert since is not None
        where = t.where
        retypes.setdefault(t.text("code") or "", []).append(
            (
                t.text("name") or "",
                _Retype(
                    since,
                    _type(t.text("before") or "", f"{where}.before", _CHANGES),
                    _type(t.text("after") or "", f"{where}.after", _CHANGES),
                    t.sources("sources", known),
                    t.text("unconfirmed", required=False),
                ),
            )
        )
    rows: dict[str, _Row] = {}
    lines = [ln for ln in data_text("communes.csv").splitlines() if not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    expected = ["province_code", "province", "province_full_name", "code", "name", "full_name"]
    if reader.fieldnames != [*expected, "type"]:
        raise DataFileError(_FILE, f"the columns must be {[*expected, 'type']}")
    unused = set(corrections)
    for number, rec in enumerate(reader, start=2):
        code = rec["code"]
        unused.discard(code)
        fixed = corrections.get(code, {})
        code = fixed.get("code", code)
        kind = _type(rec["type"], f"line {number}", _FILE)
        full_name = fixed.get("full_name", rec["full_name"])
        if full_name != f"{_WORDS[kind]} {rec['name']}":
            raise DataFileError(
                _FILE,
                f"full name {full_name!r} is not the type word and the name",
                f"line {number}",
            )
        if code in rows or len(code) != 5 or not code.isdigit():
            raise DataFileError(
                _FILE, f"code {code!r} is repeated or not 5 digits", f"line {number}"
            )
        mine: list[_Retype] = []
        for name, change in retypes.pop(code, []):
            if name != rec["name"]:
                raise DataFileError(
                    _CHANGES, f"code {code} is {rec['name']!r} in communes.csv, not {name!r}"
                )
            mine.append(change)
        mine.sort(key=lambda r: r.since)
        rows[code] = _Row(code, rec["name"], rec["province_code"], tuple(mine), kind)
    if unused:
        raise DataFileError(_CHANGES, f"a correction names code {min(unused)!r}, not in the CSV")
    _check_retypes(rows, retypes, snapshot)
    base = known.get("qd-19-2025")
    if base is None:
        raise DataFileError(_CHANGES, "the source qd-19-2025 is required", key="sources")
    corrected = {old: fix["code"] for old, fix in corrections.items() if "code" in fix}
    return _Registry(starts, snapshot, (base,), rows, corrected)


def _check_retypes(
    rows: dict[str, _Row], left: dict[str, list[tuple[str, _Retype]]], snapshot: dt.date
) -> None:
    """Every change names a unit of the snapshot, as it was on the snapshot's day."""
    if left:
        code = next(iter(left))
        raise DataFileError(_CHANGES, f"a retype names code {code!r}, not in communes.csv")
    for row in rows.values():
        if row.retypes and row.type_on(snapshot)[0] != row.snapshot_type:
            raise DataFileError(
                _CHANGES,
                f"code {row.code}: communes.csv ({snapshot}) says {row.snapshot_type}, the "
                f"changes say {row.type_on(snapshot)[0]} on that day",
                key="retype",
            )


def registry_dates() -> tuple[dt.date, dt.date]:
    """Return the registry's first day (1/7/2025) and the day of its snapshot (25/7/2026)."""
    reg = _registry()
    return reg.starts, reg.snapshot


def _checked_date(on: object) -> dt.date:
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise UnitDateError(f"'on' must be a datetime.date, got {on!r}")
    starts = _registry().starts
    if on < starts:
        raise UnitDateError(
            f"the registry of commune-level units starts on {starts.isoformat()} (Quyết định "
            f"19/2025/QĐ-TTg, the two-level local government); it does not answer for "
            f"{on.isoformat()}: the earlier units and their codes are not in it"
        )
    return on


def _unit(row: _Row, on: dt.date) -> CommuneUnit:
    kind, change = row.type_on(on)
    sources = _registry().base + (change.sources if change else ())
    return CommuneUnit(
        row.code,
        row.name,
        f"{_WORDS[kind]} {row.name}",
        kind,
        _province_by_code(row.province_code, on),
        sources,
        change.unconfirmed if change else None,
    )


def _nearest(code: str, on: dt.date) -> str:
    rows = _registry().rows
    near = difflib.get_close_matches(code, list(rows), n=5, cutoff=0.6)
    if not near:
        return "no code is close to it"
    units = [_unit(rows[c], on) for c in near]
    return "nearest: " + "; ".join(str(u) for u in units)


def _hint(code: str, name: str | None, province: str | None, on: dt.date) -> str | None:
    """A hint for an unknown code from the unit as written: its name in its province.

    The units of `province` named `name` (type words aside); else the province's codes
    nearest to `code`; None when the province is not given or not known that day.
    """
    if province is None:
        return None
    try:
        pool = communes(on=on, province=province)
    except UnknownProvinceError:
        return None
    where = pool[0].province.full_name if pool else province
    same = [u for u in pool if name is not None and _bare(u.name) == _bare(name)]
    if same:
        return "; ".join(f"{u.full_name} of {where} has code {u.code}" for u in same)
    near = difflib.get_close_matches(code, [u.code for u in pool], n=5, cutoff=0.6)
    if not near:
        return None
    by_code = {u.code: u for u in pool}
    return f"nearest in {where}: " + "; ".join(f"{by_code[c].full_name} ({c})" for c in near)


def lookup(code: str, *, on: dt.date) -> CommuneUnit:
    """Return the commune-level unit with this code as it stood on `on`.

    Args:
        code: the unit's code in Quyết định 19/2025/QĐ-TTg, a string of five digits such as
            `"26299"` (a number would lose the leading zeros of `"06970"`).
        on: the day, 1/7/2025 or later.

    Raises:
        UnknownUnitError: if no unit has this code on that day; the nearest codes are named.
        UnitDateError: if `on` is not a date or is before 1/7/2025.
    """
    return _lookup(code, _checked_date(on), lambda: None)


def _lookup(code: str, day: dt.date, hint: Callable[[], str | None]) -> CommuneUnit:
    """`lookup` on a checked day; an unknown code is hinted by `hint()`, else the nearest codes."""
    reg = _registry()
    if not isinstance(code, str):
        zeros = f"; written with its zeros: {code:05d}" if isinstance(code, int) else ""
        raise UnknownUnitError(
            f"a unit code is a string of five digits such as '26299', got {code!r}{zeros}"
        )
    row = reg.rows.get(code.strip())
    if row is None:
        fixed = reg.corrected.get(code.strip())
        if fixed is not None:
            raise UnknownUnitError(
                f"no unit has code {code!r} on {day.isoformat()}: the compilation the registry "
                f"is built from corrected it to {fixed} ({_unit(reg.rows[fixed], day)})"
            )
        raise UnknownUnitError(
            f"no commune-level unit has code {code!r} on {day.isoformat()}; "
            f"{hint() or _nearest(code.strip(), day)}"
        )
    return _unit(row, day)


def communes(*, on: dt.date, province: str | None = None) -> list[CommuneUnit]:
    """Return the commune-level units on `on`, by code; those of one province if it is given.

    Args:
        on: the day, 1/7/2025 or later.
        province: a province's name as written (read as by
            [`province`][chinhquyen.units.province]), to keep only its units.

    Raises:
        UnknownProvinceError: if `province` denotes no unit on that day.
        UnitDateError: if `on` is not a date or is before 1/7/2025.
    """
    day = _checked_date(on)
    rows: list[_Row] = list(_registry().rows.values())
    if province is not None:
        code = find_province(province, on=day).code
        rows = [r for r in rows if r.province_code == code]
    return [_unit(r, day) for r in sorted(rows, key=lambda r: r.code)]


def _bare(name: str) -> str:
    key = name_key(name)
    for prefix in _TYPE_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def check_unit(
    code: str, *, name: str | None = None, province: str | None = None, on: dt.date
) -> CommuneUnit:
    """Return the unit with this code on `on`, having checked its name and province as written.

    The name is compared with [`name_key`][chinhquyen.units.name_key], the type word in front
    ("Xã", "Phường", "Đặc khu", "Thị trấn") aside, so "Xã Dầu Giây" is accepted for the
    Phường Dầu Giây of 30/4/2026 and later. The province is compared with
    [`same_province`][chinhquyen.units.same_province]: "Tỉnh Đồng Nai", "Thành phố Đồng Nai"
    and, from 1/7/2025, "Bình Phước" all denote the province of a unit of Đồng Nai.

    Args:
        code: the unit's code (five digits, as a string).
        name: the unit's name as written, if it is to be checked.
        province: the unit's province as written, if it is to be checked.
        on: the day, 1/7/2025 or later (e.g. the last day of the assessed period).

    Raises:
        UnknownUnitError: if no unit has this code on that day (the nearest codes named).
        UnitMismatchError: if the name or the province is not the unit's on that day.
        UnknownProvinceError: if `province` denotes no province on that day.
        UnitDateError: if `on` is not a date or is before 1/7/2025.
    """
    day = _checked_date(on)
    # for an unknown code, the unit as written is the best hint: its name in its province
    unit = _lookup(code, day, lambda: _hint(code.strip(), name, province, day))
    problems: list[str] = []
    if name is not None and _bare(name) != _bare(unit.name):
        same = [
            u
            for u in communes(on=on, province=unit.province.full_name)
            if _bare(u.name) == _bare(name)
        ]
        also = f"; {same[0].full_name} of that province has code {same[0].code}" if same else ""
        problems.append(f"its name is {unit.full_name!r}, not {name!r}{also}")
    if province is not None and not same_province(province, unit.province.full_name, on=on):
        problems.append(f"its province is {unit.province.full_name!r}, not {province!r}")
    if problems:
        raise UnitMismatchError(f"unit {unit.code} on {on.isoformat()}: " + "; ".join(problems))
    return unit
