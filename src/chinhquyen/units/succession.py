"""Provinces by date: one matcher for a province's name as written, on a dated succession table.

The table (`units/data/provinces.toml`) holds every provincial-level unit from 1/8/2008: the
63 until 30/6/2025, the 34 from 1/7/2025 (Nghị quyết 202/2025/QH15) and the renamings (Tỉnh
Thừa Thiên Huế -> Thành phố Huế on 1/1/2025; Tỉnh Đồng Nai -> Thành phố Đồng Nai on 30/4/2026),
each name with its first and last day and its sources. [`province`][chinhquyen.units.province]
reads a name as people write it and answers which unit it denotes on a date.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from functools import cache, lru_cache
from typing import Literal

import attrs

from chinhquyen.errors import DataFileError, UnitDateError, UnknownProvinceError
from chinhquyen.units._data import Table, read_data
from chinhquyen.units.names import name_key
from chinhquyen.units.sources import Source

__all__ = [
    "Province",
    "ProvinceChange",
    "province",
    "province_changes",
    "province_key",
    "province_table_dates",
    "provinces",
    "same_province",
]

#: A provincial-level unit is a province (tỉnh) or a centrally run city (thành phố).
Kind = Literal["tỉnh", "thành phố"]
_KINDS: dict[str, Kind] = {"tỉnh": "tỉnh", "thành phố": "thành phố"}

_DASHES = re.compile(r"[-\u2010-\u2015]")


def _spaced(name: str) -> str:
    """Dashes as spaces, a space after each full stop ("TP.Huế" -> "TP. Huế")."""
    return _DASHES.sub(" ", name).replace(".", ". ")


_PREFIXES = tuple(name_key(_spaced(p)) + " " for p in ("Thành phố", "Tỉnh", "T.P.", "TP.", "TP"))


@lru_cache(maxsize=4096)
def province_key(name: str) -> str:
    """Return the comparison key of a province's name as written.

    The word for its kind in front ("Tỉnh", "Thành phố", "TP.", "TP", also glued: "TP.Huế") and
    the dashes ("Bà Rịa - Vũng Tàu", "Bà Rịa–Vũng Tàu") are set aside, then the name is keyed
    with [`name_key`][chinhquyen.units.name_key] (case, spacing, Unicode form and the tone
    mark's place aside). The key says nothing about dates: use
    [`province`][chinhquyen.units.province] to know which unit a name denotes.

    Examples:
        >>> province_key("TP. Đồng Nai") == province_key("tỉnh  đồng nai")
        True
    """
    key = name_key(_spaced(name))
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :].strip()
    return key


def _folded(key: str) -> str:
    """A key without any diacritic (for ranking near misses, never for matching)."""
    text = unicodedata.normalize("NFD", key.replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


@attrs.frozen(slots=True)
class Province:
    """A provincial-level unit as it stood on a date, under the name it had then.

    Attributes:
        id: the table's id of the unit, stable across a renaming (Tỉnh -> Thành phố Đồng Nai
            keep `dong-nai`); a unit merged away on 30/6/2025 has an id ending in `-cu`
            (cũ, former), such as `bac-giang-cu`.
        code: the unit's code in Quyết định 19/2025/QĐ-TTg, if it exists on or after 1/7/2025;
            `None` for a unit that ended on 30/6/2025 (the table holds no earlier codes).
        name: the name without its kind, e.g. `Đồng Nai`.
        full_name: the name with its kind, e.g. `Thành phố Đồng Nai`.
        kind: `tỉnh` or `thành phố` (a centrally run city).
        since: the first day this name was in force (or the table's first day, 1/8/2008).
        until: the last day this name was in force; `None` if still in force.
        sources: where the name and its dates come from.
        unconfirmed: why the name or its dates are not confirmed, if they are not.
    """

    id: str
    code: str | None
    name: str
    full_name: str
    kind: Kind
    since: dt.date
    until: dt.date | None
    sources: tuple[Source, ...]
    unconfirmed: str | None = None

    def __str__(self) -> str:
        return self.full_name


@attrs.frozen(slots=True)
class ProvinceChange:
    """One change of the provincial map: a merger or a renaming.

    Attributes:
        date: the first day of the new state.
        kind: `merger` (several units became one) or `renaming` (one unit, a new name).
        before: the full names before, e.g. `("Tỉnh Đồng Nai", "Tỉnh Bình Phước")`.
        after: the full name from `date`, e.g. `Tỉnh Đồng Nai`.
        code: the resulting unit's code in Quyết định 19/2025/QĐ-TTg.
        sources: where the change comes from.
        unconfirmed: why the change is not confirmed, if it is not.
    """

    date: dt.date
    kind: Literal["merger", "renaming"]
    before: tuple[str, ...]
    after: str
    code: str | None
    sources: tuple[Source, ...]
    unconfirmed: str | None = None


@attrs.frozen(slots=True)
class _Name:
    full_name: str
    name: str
    kind: Kind
    since: dt.date
    until: dt.date | None
    sources: tuple[Source, ...]
    unconfirmed: str | None

    def covers(self, on: dt.date) -> bool:
        return self.since <= on and (self.until is None or on <= self.until)


@attrs.frozen(slots=True)
class _Unit:
    id: str
    code: str | None
    names: tuple[_Name, ...]
    merged_into: str | None

    @property
    def until(self) -> dt.date | None:
        return self.names[-1].until

    def alive(self, on: dt.date) -> bool:
        return self.names[0].since <= on and (self.until is None or on <= self.until)

    def on(self, day: dt.date) -> Province:
        name = next(n for n in self.names if n.covers(day))
        return Province(
            self.id,
            self.code,
            name.name,
            name.full_name,
            name.kind,
            name.since,
            name.until,
            name.sources,
            name.unconfirmed,
        )


@attrs.frozen(slots=True)
class _Table:
    starts: dt.date
    checked: dt.date
    units: dict[str, _Unit]
    by_key: dict[str, tuple[tuple[_Unit, _Name], ...]]
    by_code: dict[str, _Unit]


def _names(t: Table, known: dict[str, Source]) -> tuple[_Name, ...]:
    out: list[_Name] = []
    for n in t.tables("names"):
        n.only("full_name", "name", "kind", "from", "to", "sources", "unconfirmed")
        kind = n.text("kind") or ""
        if kind not in _KINDS:
            raise n.fail("kind", f"{kind!r} is not one of {', '.join(_KINDS)}")
        full, bare = n.text("full_name") or "", n.text("name") or ""
        if province_key(full) != province_key(bare):
            raise n.fail("full_name", f"{full!r} is not the kind and the name {bare!r}")
        since, until = n.day("from"), n.day("to", required=False)
        assert since is not None
        if until is not None and until < since:
            raise n.fail("to", f"{until} is before from {since}")
        if out and (out[-1].until is None or since != out[-1].until + dt.timedelta(days=1)):
            raise n.fail("from", "a unit's names must follow one another day after day")
        out.append(
            _Name(
                full,
                bare,
                _KINDS[kind],
                since,
                until,
                n.sources("sources", known),
                n.text("unconfirmed", required=False),
            )
        )
    if not out:
        raise t.fail("names", "a unit needs at least one name")
    return tuple(out)


@cache
def _table() -> _Table:
    root, known = read_data("provinces.toml")
    root.only("checked", "starts", "sources", "provinces")
    starts, checked = root.day("starts"), root.day("checked")
    assert starts is not None and checked is not None
    units: dict[str, _Unit] = {}
    for t in root.tables("provinces"):
        t.only("id", "code", "names", "merged_into")
        ident = t.text("id") or ""
        if ident in units:
            raise t.fail("id", f"id {ident!r} is used twice")
        unit = _Unit(
            ident,
            t.text("code", required=False),
            _names(t, known),
            t.text("merged_into", required=False),
        )
        if unit.names[0].since < starts:
            raise t.fail("names", f"a name starts before the table ({starts})")
        if (unit.merged_into is None) != (unit.names[-1].until is None):
            raise t.fail("merged_into", "a unit that ends must say which unit it merged into")
        units[ident] = unit
    for ident, unit in units.items():
        if unit.merged_into is not None:
            heir = units.get(unit.merged_into)
            assert unit.until is not None
            if heir is None or heir.names[0].since != unit.until + dt.timedelta(days=1):
                raise DataFileError(
                    "chinhquyen:units/data/provinces.toml",
                    f"{ident!r} merges into {unit.merged_into!r}, which is not a unit starting "
                    "the day after it ends",
                    key="merged_into",
                )
    by_key: dict[str, list[tuple[_Unit, _Name]]] = {}
    for unit in units.values():
        for name in unit.names:
            by_key.setdefault(province_key(name.name), []).append((unit, name))
    by_code = {u.code: u for u in units.values() if u.code is not None}
    return _Table(starts, checked, units, {k: tuple(v) for k, v in by_key.items()}, by_code)


def _checked_date(on: object) -> dt.date:
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise UnitDateError(f"'on' must be a datetime.date, got {on!r}")
    table = _table()
    if on < table.starts:
        raise UnitDateError(
            f"the province table starts on {table.starts.isoformat()} (Hà Tây merged into Hà "
            f"Nội, NQ 15/2008/QH12); it does not answer for {on.isoformat()}"
        )
    return on


def _heir(unit: _Unit, on: dt.date) -> _Unit | None:
    """The unit that holds `unit`'s territory on `on` (itself while it lasts)."""
    units = _table().units
    while not unit.alive(on):
        if unit.merged_into is None or on < unit.names[0].since:
            return None
        unit = units[unit.merged_into]
    return unit


def _resolve(name: str, on: dt.date) -> _Unit | None:
    hits = _table().by_key.get(province_key(name), ())
    for unit, n in hits:  # the name in force on that day
        if n.covers(on):
            return unit
    for unit, n in sorted(hits, key=lambda h: h[1].since, reverse=True):  # a former name
        if n.until is not None and n.until < on and (heir := _heir(unit, on)) is not None:
            return heir
    for unit, n in hits:  # a later name of a unit that already existed
        if n.since > on and unit.alive(on):
            return unit
    return None


def provinces(*, on: dt.date) -> list[Province]:
    """Return the provincial-level units on `on`, under their names of that day, by code.

    There are 63 from 1/8/2008 to 30/6/2025 and 34 from 1/7/2025; units without a code (those
    that ended on 30/6/2025) come after the others, by name.

    Raises:
        UnitDateError: if `on` is not a date, or before the table's first day (1/8/2008).
    """
    day = _checked_date(on)
    found = [u.on(day) for u in _table().units.values() if u.alive(day)]
    return sorted(found, key=lambda p: (p.code is None, p.code or "", name_key(p.name)))


def province(name: str, *, on: dt.date) -> Province:
    """Return the provincial-level unit that `name`, as written, denotes on `on`.

    The name is read with [`province_key`][chinhquyen.units.province_key]: "Tỉnh Đồng Nai",
    "đồng nai", "TP. Đồng Nai" and "Thành phố Đồng Nai" are one name, and so are "Thanh Hoá"
    and "Thanh Hóa". It denotes, on `on`:

    1. the unit that bears that name on that day;
    2. otherwise, if it is a former name, the unit that holds its territory on that day: "Bắc
       Giang" on or after 1/7/2025 is Bắc Ninh; "Thừa Thiên Huế" from 1/1/2025 is Huế;
    3. otherwise, a unit that bears that name later and already exists on that day ("Huế"
       before 2025 is Thừa Thiên Huế).

    Raises:
        UnknownProvinceError: if the name denotes no unit on that day; the message names the
            units of that day, the nearest matches first.
        UnitDateError: if `on` is not a date, or before the table's first day (1/8/2008).
    """
    day = _checked_date(on)
    if not isinstance(name, str) or not name.strip():
        raise UnknownProvinceError(f"a province is named by a non-empty string, got {name!r}")
    unit = _resolve(name, day)
    if unit is None:
        raise UnknownProvinceError(_unknown_message(name, day))
    return unit.on(day)


def _unknown_message(name: str, on: dt.date) -> str:
    valid = provinces(on=on)
    want = _folded(province_key(name))

    def score(p: Province) -> float:
        key = _folded(province_key(p.name))
        initials = "".join(w[0] for w in key.split())  # "hcm" for Hồ Chí Minh
        return max(
            difflib.SequenceMatcher(None, want, key).ratio(),
            difflib.SequenceMatcher(None, want, initials).ratio(),
        )

    ranked = sorted(valid, key=lambda p: -score(p))
    return (
        f"{name!r} is not a province or centrally run city on {on.isoformat()}; the "
        f"{len(valid)} of that day, nearest first: {', '.join(p.name for p in ranked)}"
    )


def same_province(a: str, b: str, *, on: dt.date) -> bool:
    """Return whether names `a` and `b`, as written, denote the same unit on `on`.

    Each name is read as by [`province`][chinhquyen.units.province]: on 1/7/2025 and later,
    "Bắc Giang" and "Tỉnh Bắc Ninh" are the same; "Tỉnh Đồng Nai" and "Thành phố Đồng Nai"
    are the same on every day.

    Raises:
        UnknownProvinceError: if either name denotes no unit on that day.
        UnitDateError: if `on` is not a date, or before the table's first day (1/8/2008).
    """
    return province(a, on=on).id == province(b, on=on).id


def province_changes() -> list[ProvinceChange]:
    """Return every change of the provincial map in the table, by date then resulting name.

    The mergers of 1/7/2025 (one entry per resulting unit) and the renamings (Thừa Thiên Huế
    -> Huế, Tỉnh -> Thành phố Đồng Nai, ...), each with its sources; unconfirmed changes say so.
    """
    table = _table()
    out: list[ProvinceChange] = []
    heirs: dict[str, list[_Unit]] = {}
    for unit in table.units.values():
        if unit.merged_into is not None:
            heirs.setdefault(unit.merged_into, []).append(unit)
        for old, new in zip(unit.names, unit.names[1:], strict=False):
            out.append(
                ProvinceChange(
                    new.since,
                    "renaming",
                    (old.full_name,),
                    new.full_name,
                    unit.code,
                    new.sources,
                    new.unconfirmed,
                )
            )
    for heir_id, olds in heirs.items():
        heir = table.units[heir_id]
        first = heir.names[0]
        out.append(
            ProvinceChange(
                first.since,
                "merger",
                tuple(o.names[-1].full_name for o in olds),
                first.full_name,
                heir.code,
                first.sources,
                first.unconfirmed,
            )
        )
    return sorted(out, key=lambda c: (c.date, c.code or "", name_key(c.after)))


def province_table_dates() -> tuple[dt.date, dt.date]:
    """Return the table's first day (1/8/2008) and the day its data was last checked."""
    table = _table()
    return table.starts, table.checked


def _province_by_code(code: str, on: dt.date) -> Province:
    """The unit with this QĐ 19/2025 code on `on` (for the commune registry)."""
    unit = _table().by_code.get(code)
    if unit is None or not unit.alive(on):
        raise DataFileError(
            "chinhquyen:units/data/communes.csv", f"province code {code!r} is not a unit on {on}"
        )
    return unit.on(on)
