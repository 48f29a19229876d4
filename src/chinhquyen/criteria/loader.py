"""Reading frameworks and conduct codes from TOML, with errors that point at file, key and line.

Files are read through [`chinhquyen.readers.read_toml`][chinhquyen.readers.read_toml]: bounded
in size, nesting and digits, UTF-8 only; what it refuses is a
[`ReaderError`][chinhquyen.readers.ReaderError] naming the file and line.

Points are written as TOML integers (`20`) or strings (`"19.5"`); a TOML float (`19.5`) is
refused, naming its key and line. The reader would read it exactly, but the framework JSON
Schema admits integers and decimal strings only, and other TOML readers (editors, other
languages) read a float as a binary float: a published framework must mean the same to every
reader. Dates are unquoted TOML dates (`2025-11-10`).
"""

from __future__ import annotations

import os
import typing
from collections.abc import Collection
from decimal import Decimal
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import pydantic

from chinhquyen import readers
from chinhquyen.criteria._lines import key_lines, line_of
from chinhquyen.criteria._problems import Problems
from chinhquyen.criteria.conduct import ConductCode
from chinhquyen.criteria.framework import Framework
from chinhquyen.model import Model

__all__ = ["conduct_code_from_toml", "framework_from_toml", "read_toml", "validate_data"]

M = TypeVar("M", bound=Model)

#: Discriminator values pydantic puts into error locations; they are not TOML keys.
_TAGS = frozenset(
    {
        "self_scored",
        "yes_no",
        "checklist",
        "ratio",
        "quota",
        "coverage",
        "survey",
        "external_index",
        "deduction",
        "criterion_floor",
        "minimum_total",
        "disqualifier",
    }
)

_HINTS = {
    "date_type": "write an unquoted TOML date such as 2025-11-10",
    "extra_forbidden": "unknown key: remove it or check its spelling against the JSON Schema",
    "missing": "this key is required",
}


def read_toml(source: Path | Traversable, name: str | None = None) -> tuple[dict[str, Any], str]:
    """Read a TOML file and return its data and text.

    Numbers with a fraction are `Decimal`s (the TOML floats, refused by
    [`validate_data`][chinhquyen.criteria.loader.validate_data]).

    Raises:
        ReaderError: the file is missing, not a regular file, not UTF-8, not valid TOML (the
            message gives the line and column and an escaped excerpt of the line), or beyond
            the readers' limits (a `LimitError`: size, nesting, digits).
    """
    label = name or str(source)
    if isinstance(source, os.PathLike):
        data = readers.read_file(source, name=label)
    else:  # a shipped file inside the package
        try:
            data = source.read_bytes()
        except OSError as e:
            raise readers.ReaderError(label, f"cannot be read: {e.strerror or e}") from None
    table = readers.read_toml(data, name=label)
    return table, readers.decode(data, name=label)


def _path(loc: tuple[str | int, ...]) -> str:
    parts: list[str | int] = []
    for i, part in enumerate(loc):
        prev = loc[i - 1] if i else None
        before = loc[i - 2] if i > 1 else None
        if part in _TAGS and (
            prev == "measure" or (isinstance(prev, int) and before == "knockouts")
        ):
            continue  # a union tag, not a key
        parts.append(part)
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _unwrap(tp: Any) -> list[Any]:
    """The model classes a field annotation can hold (through lists, unions, Annotated)."""
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return [tp]
    out: list[Any] = []
    for arg in typing.get_args(tp):
        out += _unwrap(arg)
    return out


def _valid_keys(root: type[pydantic.BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed in the table holding the unknown key at ``loc`` (best effort)."""
    models: list[Any] = [root]
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        tagged = [m for m in models if m.model_fields.get("kind") is not None]
        chosen = [m for m in tagged if part in typing.get_args(m.model_fields["kind"].annotation)]
        if chosen:
            models = chosen
            continue
        nxt: list[Any] = []
        for m in models:
            if part in m.model_fields:
                nxt += _unwrap(m.model_fields[part].annotation)
        models = nxt
    if len(models) != 1:
        return []
    return [name for name, field in models[0].model_fields.items() if not field.exclude]


def _problems(
    error: pydantic.ValidationError, root: type[pydantic.BaseModel]
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in error.errors(include_url=False):
        base = _path(tuple(item["loc"]))
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, Problems):
            for key, msg in cause.problems:
                out.append((f"{base}.{key}" if base and key else base or key, msg))
            continue
        msg = item["msg"].removeprefix("Value error, ")
        if (
            item["type"] not in {"missing"}
            and "input" in item
            and not isinstance(item["input"], dict | list)
        ):
            msg += f" (got {item['input']!r})"
        if hint := _HINTS.get(item["type"]):
            msg += f"; {hint}"
        if item["type"] == "extra_forbidden" and (keys := _valid_keys(root, tuple(item["loc"]))):
            msg += f"; valid keys here: {', '.join(keys)}"
        out.append((base, msg))
    return out


#: Keys read under their old name for one release: new name -> old name.
_OLD_KEYS = {"bonus_penalty": "adjustments"}


def _as_written(key: str, data: dict[str, Any]) -> str:
    """A problem's key path as the file writes it (a deprecated key under its old name)."""
    for new, old in _OLD_KEYS.items():
        written = old in data and new not in data
        if written and (key == new or key.startswith((f"{new}.", f"{new}["))):
            return old + key[len(new) :]
    return key


def _key(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def _without_floats(data: Any, path: str, found: list[tuple[str, str]]) -> Any:
    """`data` with each TOML float (a `Decimal`) written as a string, noting where it was."""
    if isinstance(data, Decimal):
        whole = data.adjusted() < 30 and data == data.to_integral_value()
        integer = f" or the integer {int(data)}" if whole else ""
        found.append(
            (
                path,
                f"a TOML float is not allowed (floats are not exact in every TOML reader):"
                f' write {data} as a string ("{data}"){integer}',
            )
        )
        return str(data)
    if isinstance(data, dict):
        return {k: _without_floats(v, _key(path, k), found) for k, v in data.items()}
    if isinstance(data, list):
        return [_without_floats(v, _key(path, i), found) for i, v in enumerate(data)]
    return data


def validate_data(
    model: type[M],
    data: dict[str, Any],
    text: str,
    name: str,
    context: dict[str, Any] | None = None,
) -> M:
    """Validate TOML `data` as read by [`read_toml`][chinhquyen.criteria.loader.read_toml].

    On failure each problem names its key and line. A TOML float (a `Decimal` in `data`) is
    refused where it stands; the rest of the file is still checked, so every problem is named
    at once.

    `context` is passed to the validators (e.g. `known_conduct_codes` for a framework, and
    `source`, the file's name for messages and warnings).

    Raises:
        ReaderError: (a `DataFileError`) listing the problems as `key (line N): message`, at
            most `Limits.listed` of them (all are in its `problems`); its `key` attribute is
            the first problem's key and line.
    """
    floats: list[tuple[str, str]] = []
    data = _without_floats(data, "", floats)
    problems = list(floats)
    try:
        valid = model.__pydantic_validator__.validate_python(data, context=context)
    except pydantic.ValidationError as e:
        at_floats = {key for key, _ in floats}
        problems += [p for p in _problems(e, model) if p[0] not in at_floats]
    if not problems:
        return valid  # type: ignore[no-any-return]
    lines = key_lines(text)
    located: list[tuple[str, str]] = []
    for key, msg in problems:
        key = _as_written(key, data)
        line = line_of(lines, key) if key else None
        where = key or "<root>"
        if line is not None:
            where += f" (line {line})"
        located.append((where, msg))
    listed = readers.Limits.current().listed
    detail = "\n".join(f"  - {where}: {msg}" for where, msg in located[:listed])
    if len(located) > listed:
        more = len(located) - listed
        detail += f"\n  ... and {more:,} more (every one is in the error's `problems`)"
    raise readers.ReaderError(
        name,
        f"{len(problems)} problem(s) in this {model.__name__}:\n{detail}",
        key=located[0][0],
        problems=located,
    )


def framework_from_toml(
    source: Path | Traversable,
    name: str | None = None,
    known_conduct_codes: Collection[str] | None = None,
) -> Framework:
    """Load and validate a framework file.

    Args:
        source: the file.
        name: how to name the file in messages (default: its path).
        known_conduct_codes: if given, every id in ``conduct_codes`` must be one of them.

    Raises:
        DataFileError: naming the file, the key path and line, and what would be valid.
    """
    data, text = read_toml(source, name)
    label = name or str(source)
    context: dict[str, Any] = {"source": label}
    if known_conduct_codes is not None:
        context["known_conduct_codes"] = known_conduct_codes
    return validate_data(Framework, data, text, label, context)


def conduct_code_from_toml(source: Path | Traversable, name: str | None = None) -> ConductCode:
    """Load and validate a conduct-code file.

    Raises:
        DataFileError: naming the file, the key path and line, and what would be valid.
    """
    data, text = read_toml(source, name)
    return validate_data(ConductCode, data, text, name or str(source))
