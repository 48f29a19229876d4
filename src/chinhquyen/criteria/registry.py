"""The catalogue: shipped frameworks and conduct codes, plug-ins, and look-ups by id or date.

Shipped files live under `data/frameworks/<id>.toml` and `data/conduct/<id>.toml`, so an id
is known from the file name without reading the file; files are parsed on first use and
cached.

Third-party packages add files through the entry-point group `chinhquyen.frameworks`: each
entry point loads to a path (or a callable returning one) of a TOML file or a directory of
them; files under a folder named `conduct` are conduct codes, all others frameworks. Plug-ins
are looked for only when they are needed: listing the catalogue, loading an id that is not
shipped, or checking a conduct code that is not shipped. Loading a shipped framework never
imports a plug-in.

A broken plug-in is set aside, never in the way of the others: an entry point that cannot be
imported or gives no path, a file that cannot be read or has no `id`, an id that a shipped file
or another plug-in also defines (neither is then used: which one was meant cannot be told).
Each such problem is a [`PluginProblem`][chinhquyen.criteria.PluginProblem], listed by
[`plugin_problems`][chinhquyen.criteria.plugin_problems] and issued once as a
[`PluginWarning`][chinhquyen.criteria.PluginWarning] when the plug-ins are looked for; the
message of an unknown id names them too.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from functools import cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs

from chinhquyen.criteria.conduct import ConductCode
from chinhquyen.criteria.framework import Framework
from chinhquyen.criteria.loader import conduct_code_from_toml, framework_from_toml, read_toml
from chinhquyen.errors import (
    ChinhQuyenError,
    DataFileError,
    UnknownConductCodeError,
    UnknownFrameworkError,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "PluginProblem",
    "PluginWarning",
    "available",
    "clear_cache",
    "conduct_code",
    "conduct_codes",
    "for_date",
    "load",
    "plugin_problems",
]

#: The entry-point group through which other packages add frameworks and conduct codes.
ENTRY_POINT_GROUP = "chinhquyen.frameworks"

_NATIONAL = frozenset({"national", "toàn quốc", "vietnam", "việt nam"})


class PluginWarning(UserWarning):
    """A plug-in (or one of its files) is broken and set aside; the message says why."""


@attrs.frozen(slots=True)
class PluginProblem:
    """Why a plug-in, or one file of it, is not in the catalogue.

    Attributes:
        plugin: the entry point's name.
        source: the entry point (`name = module:attribute`) or the file concerned.
        message: what is wrong, and what would be valid.
    """

    plugin: str
    source: str
    message: str

    def __str__(self) -> str:
        return f"plug-in {self.plugin!r} ({self.source}): {self.message}"


@attrs.frozen(slots=True)
class _Entry:
    source: Path | Traversable
    name: str  # how the file is named in messages
    origin: str  # "chinhquyen" or the entry point's name


@attrs.frozen(slots=True)
class _Found:
    """What the entry points give: frameworks and codes by id, and the problems met."""

    frameworks: dict[str, _Entry]
    codes: dict[str, _Entry]
    problems: tuple[PluginProblem, ...]


def _walk(root: Path | Traversable, prefix: str = "") -> list[tuple[str, Path | Traversable]]:
    """Return `(relative path without .toml, file)` for every TOML file under `root`.

    A symbolic link to a folder is not entered (a plug-in's folder could link to itself).
    """
    out: list[tuple[str, Path | Traversable]] = []
    for child in sorted(root.iterdir(), key=lambda c: c.name):
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            if not (isinstance(child, Path) and child.is_symlink()):
                out += _walk(child, rel + "/")
        elif child.name.endswith(".toml"):
            out.append((rel[: -len(".toml")], child))
    return out


@cache
def _shipped() -> tuple[dict[str, _Entry], dict[str, _Entry]]:
    """The frameworks and conduct codes shipped with the package, by id (from file names)."""
    frameworks: dict[str, _Entry] = {}
    codes: dict[str, _Entry] = {}
    data = resources.files("chinhquyen.criteria") / "data"
    for rel, f in _walk(data / "frameworks"):
        frameworks[rel] = _Entry(f, f"chinhquyen:data/frameworks/{rel}.toml", "chinhquyen")
    for rel, f in _walk(data / "conduct"):
        codes[rel] = _Entry(f, f"chinhquyen:data/conduct/{rel}.toml", "chinhquyen")
    return frameworks, codes


def _plugin_root(ep: metadata.EntryPoint) -> Path:
    """The path an entry point gives; raises ValueError saying why it gives none."""
    try:
        target: Any = ep.load()
        if callable(target):
            target = target()
    except Exception as e:  # a plug-in's own code: anything can go wrong in it
        raise ValueError(f"cannot be loaded: {type(e).__name__}: {e}") from None
    if not isinstance(target, str | Path):
        raise ValueError(
            f"must give a path (str or pathlib.Path) to a TOML file or folder, got {target!r}"
        )
    path = Path(target)
    if not path.exists():
        raise ValueError(f"points to a missing path {str(path)!r}")
    return path


@cache
def _plugins() -> _Found:
    """Every installed plug-in's files by id, each broken one set aside with its problem."""
    shipped_frameworks, shipped_codes = _shipped()
    found: dict[str, list[tuple[bool, _Entry]]] = {}
    problems: list[PluginProblem] = []
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        where = f"{ep.name} = {ep.value}"
        try:
            root = _plugin_root(ep)
            files = [(root.stem, root)] if root.is_file() else _walk(root)
        except (ValueError, OSError) as e:
            problems.append(PluginProblem(ep.name, where, str(e)))
            continue
        for rel, f in files:
            try:
                parsed, _ = read_toml(f, str(f))
            except ChinhQuyenError as e:
                problems.append(PluginProblem(ep.name, str(f), str(e)))
                continue
            ident = parsed.get("id")
            if not isinstance(ident, str):
                message = "a plug-in file needs a string 'id'"
                problems.append(PluginProblem(ep.name, str(f), message))
                continue
            is_code = "conduct" in Path(rel).parts[:-1] or (
                root.is_file() and root.parent.name == "conduct"
            )
            shipped = shipped_codes if is_code else shipped_frameworks
            if ident in shipped:
                problems.append(
                    PluginProblem(
                        ep.name,
                        str(f),
                        f"id {ident!r} is already defined by {shipped[ident].name} (chinhquyen);"
                        " ids must be unique across chinhquyen and its plug-ins: this file is"
                        " not used",
                    )
                )
                continue
            found.setdefault(ident, []).append((is_code, _Entry(f, str(f), ep.name)))
    frameworks: dict[str, _Entry] = {}
    codes: dict[str, _Entry] = {}
    for ident, entries in found.items():
        distinct = {Path(str(item.source)).resolve(): (code, item) for code, item in entries}
        if len(distinct) > 1:
            names = ", ".join(f"{item.name} ({item.origin})" for _, item in distinct.values())
            for _, item in distinct.values():
                problems.append(
                    PluginProblem(
                        item.origin,
                        item.name,
                        f"id {ident!r} is defined by several plug-in files ({names}); ids must"
                        " be unique: none of them is used",
                    )
                )
            continue
        [(is_code, entry)] = distinct.values()
        (codes if is_code else frameworks)[ident] = entry
    for problem in problems:
        warnings.warn(str(problem), PluginWarning, stacklevel=3)
    return _Found(frameworks, codes, tuple(problems))


def _framework_entry(ident: str) -> _Entry | None:
    shipped = _shipped()[0].get(ident)
    return shipped if shipped is not None else _plugins().frameworks.get(ident)


def _code_entry(ident: str) -> _Entry | None:
    shipped = _shipped()[1].get(ident)
    return shipped if shipped is not None else _plugins().codes.get(ident)


class _KnownCodes:
    """The conduct-code ids, the plug-ins' looked for only when a code is not shipped."""

    def __contains__(self, ident: object) -> bool:
        return isinstance(ident, str) and _code_entry(ident) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(conduct_codes())

    def __len__(self) -> int:
        return len(conduct_codes())


@cache
def _load_framework(ident: str) -> Framework:
    entry = _framework_entry(ident)
    assert entry is not None  # the caller checked
    return _checked(_read(entry.source, entry.name), entry.name, ident)


@cache
def _load_code(ident: str) -> ConductCode:
    entry = _code_entry(ident)
    assert entry is not None  # the caller checked
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
    return framework_from_toml(source, name, known_conduct_codes=_KnownCodes())


def clear_cache() -> None:
    """Forget discovered and parsed files (after installing a plug-in, or in tests)."""
    _shipped.cache_clear()
    _plugins.cache_clear()
    _load_framework.cache_clear()
    _load_code.cache_clear()


def available() -> list[str]:
    """Return the ids of every known framework (shipped and plug-in), sorted.

    A broken plug-in is left out, with a [`PluginWarning`][chinhquyen.criteria.PluginWarning]
    (once); [`plugin_problems`][chinhquyen.criteria.plugin_problems] lists why.
    """
    return sorted({*_shipped()[0], *_plugins().frameworks})


def plugin_problems(*, validate: bool = False) -> list[PluginProblem]:
    """Why plug-ins, or some of their files, are not in the catalogue.

    Args:
        validate: also load every plug-in framework and conduct code, and list each one that
            does not validate (what `load` would raise for it). A plug-in's author can run
            this in the package's tests.

    Returns:
        The problems, in the order found; empty when every plug-in is sound.
    """
    found = _plugins()
    problems = list(found.problems)
    if validate:
        checks: list[tuple[str, _Entry, Callable[[str], object]]] = [
            (i, e, _load_code) for i, e in sorted(found.codes.items())
        ]
        checks += [(i, e, _load_framework) for i, e in sorted(found.frameworks.items())]
        for ident, entry, loader in checks:
            try:
                loader(ident)
            except ChinhQuyenError as e:
                problems.append(PluginProblem(entry.origin, entry.name, str(e)))
    return problems


def _broken_plugins() -> str:
    problems = _plugins().problems
    if not problems:
        return ""
    shown = "; ".join(str(p) for p in problems[:3])
    more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
    return f"; {len(problems)} plug-in problem(s) (criteria.plugin_problems()): {shown}{more}"


def _looks_like_path(value: str | Path) -> bool:
    return isinstance(value, Path) or value.endswith(".toml") or "\\" in value


def load(id_or_path: str | Path) -> Framework:
    """Return the framework with this id, or read one from a TOML file.

    Args:
        id_or_path: a catalogue id such as ``"dong-nai/qd-54-2025"``, or the path of a TOML
            file (a `pathlib.Path`, or a string ending in `.toml`).

    Raises:
        UnknownFrameworkError: if the id is not in the catalogue (the message lists the ids,
            and the plug-ins set aside, if any).
        DataFileError: if the file is missing, not a regular file, beyond the readers' limits
            or malformed (naming the key and line).
    """
    if not isinstance(id_or_path, str | Path):
        raise UnknownFrameworkError(
            f"load() takes a framework id or a path, got {type(id_or_path).__name__}"
        )
    if _looks_like_path(id_or_path):
        path = Path(id_or_path)
        return _read(path, str(path))
    if _framework_entry(str(id_or_path)) is None:
        raise UnknownFrameworkError(
            f"no framework {id_or_path!r}; available: {', '.join(available())} "
            f"(or give the path of a .toml file){_broken_plugins()}"
        )
    return _load_framework(str(id_or_path))


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
    """Return the ids of every known conduct code (shipped and plug-in), sorted."""
    return sorted({*_shipped()[1], *_plugins().codes})


def conduct_code(code_id: str) -> ConductCode:
    """Return the conduct code with this id.

    Raises:
        UnknownConductCodeError: listing the known ids.
    """
    if not isinstance(code_id, str) or _code_entry(code_id) is None:
        raise UnknownConductCodeError(
            f"no conduct code {code_id!r}; available: {', '.join(conduct_codes())}"
            f"{_broken_plugins()}"
        )
    return _load_code(code_id)
