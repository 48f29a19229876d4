"""Reading frameworks and conduct codes from TOML, with errors that point at file, key and line.

Points are written as TOML integers (``20``) or strings (``"19.5"``) so they stay exact;
TOML floats are refused. Dates are unquoted TOML dates (``2025-11-10``).
"""

from __future__ import annotations

import tomllib
import typing
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import pydantic

from chinhquyen.criteria._lines import key_lines, line_of
from chinhquyen.criteria._problems import Problems
from chinhquyen.criteria.conduct import ConductCode
from chinhquyen.criteria.framework import Framework
from chinhquyen.errors import DataFileError
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

    Raises:
        DataFileError: if the file cannot be read, is not UTF-8, or is not valid TOML (the
            message gives the line and column).
    """
    label = name or str(source)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(label, f"cannot read the file as UTF-8 text: {e}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise DataFileError(label, f"not valid TOML: {e}") from None
    return data, text


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


def validate_data(
    model: type[M],
    data: dict[str, Any],
    text: str,
    name: str,
    context: dict[str, Any] | None = None,
) -> M:
    """Validate parsed TOML ``data`` as ``model``; on failure name each key and its line.

    ``context`` is passed to the validators (e.g. ``known_conduct_codes`` for a framework, and
    ``source``, the file's name for messages and warnings).

    Raises:
        DataFileError: listing every problem as ``key (line N): message``; its ``key``
            attribute is the first problem's key and line.
    """
    try:
        return model.__pydantic_validator__.validate_python(  # type: ignore[no-any-return]
            data, context=context
        )
    except pydantic.ValidationError as e:
        problems = _problems(e, model)
    lines = key_lines(text)
    located: list[str] = []
    for key, msg in problems:
        key = _as_written(key, data)
        line = line_of(lines, key) if key else None
        where = key or "<root>"
        if line is not None:
            where += f" (line {line})"
        located.append(f"{where}: {msg}")
    detail = "\n".join(f"  - {x}" for x in located)
    first = located[0].split(": ", 1)[0]
    raise DataFileError(
        name, f"{len(problems)} problem(s) in this {model.__name__}:\n{detail}", key=first
    )


def framework_from_toml(
    source: Path | Traversable,
    name: str | None = None,
    known_conduct_codes: set[str] | None = None,
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
