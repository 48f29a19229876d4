"""The catalogue: shipped frameworks and conduct codes, plug-ins, and look-ups by id or date.

Shipped files live under ``data/frameworks/<id>.toml`` and ``data/conduct/<id>.toml``, so an id
is known from the file name without reading the file; files are parsed on first use and
cached. Third-party packages add files through the entry-point group
``chinhquyen.frameworks``: each entry point loads to a path (or a callable returning one) of a
TOML file or a directory of them; files under a folder named ``conduct`` are conduct codes,
all others frameworks.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs

from chinhquyen.criteria.conduct import ConductCode
from chinhquyen.criteria.framework import Framework
from chinhquyen.criteria.loader import conduct_code_from_toml, framework_from_toml, read_toml
from chinhquyen.errors import DataFileError, UnknownConductCodeError, UnknownFrameworkError

__all__ = [
    "ENTRY_POINT_GROUP",
    "available",
    "clear_cache",
    "conduct_code",
    "conduct_codes",
    "for_date",
    "load",
]

#: The entry-point group through which other packages add frameworks and conduct codes.
ENTRY_POINT_GROUP = "chinhquyen.frameworks"

_NATIONAL = frozenset({"national", "toàn quốc", "vietnam", "việt nam"})


@attrs.frozen(slots=True)
class _Entry:
    source: Path | Traversable
    name: str  # how the file is named in messages
    origin: str  # "chinhquyen" or the entry point's name


def _walk(root: Path | Traversable, prefix: str = "") -> list[tuple[str, Path | Traversable]]:
    """Return ``(relative path without .toml, file)`` for every TOML file under ``root``."""
    out: list[tuple[str, Path | Traversable]] = []
    for child in sorted(root.iterdir(), key=lambda c: c.name):
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            out += _walk(child, rel + "/")
        elif child.name.endswith(".toml"):
            out.append((rel[: -len(".toml")], child))
    return out


def _add(table: dict[str, _Entry], key: str, entry: _Entry) -> None:
    if key in table and table[key] != entry:
        raise DataFileError(
            entry.name,
            f"id {key!r} is already defined by {table[key].name} ({table[key].origin}); "
            "ids must be unique across chinhquyen and its plug-ins",
            key="id",
        )
    table[key] = entry


def _plugin_roots() -> list[tuple[str, Path]]:
    roots: list[tuple[str, Path]] = []
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            target: Any = ep.load()
            if callable(target):
                target = target()
        except Exception as e:  # a broken plug-in must not hide which one it is
            raise DataFileError(
                f"entry point {ep.name!r} ({ep.value})", f"cannot be loaded: {e!r}"
            ) from e
        if not isinstance(target, str | Path):
            raise DataFileError(
                f"entry point {ep.name!r} ({ep.value})",
                f"must give a path (str or pathlib.Path) to a TOML file or folder, got {target!r}",
            )
        path = Path(target)
        if not path.exists():
            raise DataFileError(str(path), f"entry point {ep.name!r} points to a missing path")
        roots.append((ep.name, path))
    return roots


@cache
def _catalogue() -> tuple[dict[str, _Entry], dict[str, _Entry]]:
    frameworks: dict[str, _Entry] = {}
    codes: dict[str, _Entry] = {}
    data = resources.files("chinhquyen.criteria") / "data"
    for rel, f in _walk(data / "frameworks"):
        _add(frameworks, rel, _Entry(f, f"chinhquyen:data/frameworks/{rel}.toml", "chinhquyen"))
    for rel, f in _walk(data / "conduct"):
        _add(codes, rel, _Entry(f, f"chinhquyen:data/conduct/{rel}.toml", "chinhquyen"))
    for name, root in _plugin_roots():
        files = [(root.stem, root)] if root.is_file() else _walk(root)
        for rel, f in files:
            parsed, _ = read_toml(f, str(f))
            ident = parsed.get("id")
            if not isinstance(ident, str):
                raise DataFileError(str(f), "a plug-in file needs a string 'id'", key="id")
            is_code = "conduct" in Path(rel).parts[:-1] or (
                root.is_file() and root.parent.name == "conduct"
            )
            _add(codes if is_code else frameworks, ident, _Entry(f, str(f), name))
    return frameworks, codes


@cache
def _load_framework(ident: str) -> Framework:
    entry = _catalogue()[0][ident]
    return _checked(_read(entry.source, entry.name), entry.name, ident)


@cache
def _load_code(ident: str) -> ConductCode:
    entry = _catalogue()[1][ident]
    code = conduct_code_from_toml(entry.source, entry.name)
    if code.id != ident:
        raise DataFileError(entry.name, f"id is {code.id!r} but the file is {ident!r}", key="id")
    return code


def _checked(fw: Framework, name: str, expected: str | None) -> Framework:
    if expected is not None and fw.id != expected:
        raise DataFileError(
            name, f"id is {fw.id!r} but the catalogue lists it as {expected!r}", key="id"
        )
    return fw


def _read(source: Path | Traversable, name: str) -> Framework:
    return framework_from_toml(source, name, known_conduct_codes=set(_catalogue()[1]))


def clear_cache() -> None:
    """Forget discovered and parsed files (after installing a plug-in, or in tests)."""
    _catalogue.cache_clear()
    _load_framework.cache_clear()
    _load_code.cache_clear()


def available() -> list[str]:
    """Return the ids of every known framework (shipped and plug-in), sorted."""
    return sorted(_catalogue()[0])


def _looks_like_path(value: str | Path) -> bool:
    return isinstance(value, Path) or value.endswith(".toml") or "\\" in value


def load(id_or_path: str | Path) -> Framework:
    """Return the framework with this id, or read one from a TOML file.

    Args:
        id_or_path: a catalogue id such as ``"dong-nai/qd-54-2025"``, or the path of a TOML
            file (a `pathlib.Path`, or a string ending in `.toml`).

    Raises:
        UnknownFrameworkError: if the id is not in the catalogue (the message lists the ids).
        DataFileError: if the file is missing or malformed (naming the key and line).
    """
    if not isinstance(id_or_path, str | Path):
        raise UnknownFrameworkError(
            f"load() takes a framework id or a path, got {type(id_or_path).__name__}"
        )
    if _looks_like_path(id_or_path):
        path = Path(id_or_path)
        if not path.is_file():
            raise DataFileError(str(path), "no such file")
        return _read(path, str(path))
    if id_or_path not in _catalogue()[0]:
        raise UnknownFrameworkError(
            f"no framework {id_or_path!r}; available: {', '.join(available())} "
            "(or give the path of a .toml file)"
        )
    return _load_framework(id_or_path)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def _matches(fw: Framework, jurisdiction: str, on: dt.date) -> bool:
    want = _norm(jurisdiction)
    if fw.id.split("/")[0] == want:
        return True
    if fw.jurisdiction.province is None:
        return want in _NATIONAL
    return fw.jurisdiction.includes(jurisdiction, on=on)


def for_date(jurisdiction: str, *, on: dt.date) -> list[Framework]:
    """Return the frameworks in force for a jurisdiction on a date, sorted by id.

    Several can be in force at once (a province's own set beside a national index), so the
    result is a list; it is never empty.

    A province is matched by the one province matcher of the library,
    [`chinhquyen.units.province`][], on the date `on`: "Tỉnh Đồng Nai", "Thành phố Đồng Nai",
    "TP. Đồng Nai" and "đồng nai" name one province (before and after 30/4/2026, when it
    became a centrally run city), and so do "Thanh Hoá" and "Thanh Hóa". A framework matches
    when its own province, read on that same date, is that province (see
    [`Jurisdiction.includes`][chinhquyen.criteria.Jurisdiction.includes]). After a merger a
    former province's name denotes the province that took it over: from 1/7/2025 "Bắc Giang"
    and "Bắc Ninh" both name Bắc Ninh, so a framework of Bắc Ninh is found for either name.
    A former province's framework, such as `bac-giang/cqtt` (effective until 30/6/2025), is
    found for "Bắc Giang" up to that day; on a later day it belongs to Bắc Ninh's territory
    but is no longer in force, and the error lists it with its period.

    Args:
        jurisdiction: a province as written in Vietnamese (`"Đồng Nai"`, any case or prefix),
            an id prefix (`"dong-nai"`), or `"national"` for nationwide frameworks (which are
            not listed for a province's name).
        on: the date.

    Raises:
        UnknownFrameworkError: if none is in force, naming those known for the jurisdiction
            and their periods (or the known jurisdictions).
    """
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise UnknownFrameworkError(f"for_date() needs a datetime.date for 'on', got {on!r}")
    mine = [fw for fw in (load(i) for i in available()) if _matches(fw, jurisdiction, on)]
    found = [fw for fw in mine if fw.in_force(on)]
    if found:
        return found
    if mine:
        periods = ", ".join(
            f"{fw.id} ({fw.effective_from} to {fw.effective_to or 'open'})" for fw in mine
        )
        raise UnknownFrameworkError(
            f"no framework for {jurisdiction!r} in force on {on}; {periods}"
        )
    known = sorted({load(i).jurisdiction.province or "national" for i in available()})
    raise UnknownFrameworkError(
        f"no framework for jurisdiction {jurisdiction!r}; known: {', '.join(known)}"
    )


def conduct_codes() -> list[str]:
    """Return the ids of every known conduct code, sorted."""
    return sorted(_catalogue()[1])


def conduct_code(code_id: str) -> ConductCode:
    """Return the conduct code with this id.

    Raises:
        UnknownConductCodeError: listing the known ids.
    """
    if not isinstance(code_id, str) or code_id not in _catalogue()[1]:
        raise UnknownConductCodeError(
            f"no conduct code {code_id!r}; available: {', '.join(conduct_codes())}"
        )
    return _load_code(code_id)
