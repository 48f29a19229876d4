"""Reading frameworks and conduct codes from TOML, with errors that point at file, key and line.

Points are written as TOML integers (``20``) or strings (``"19.5"``) so they stay exact;
TOML floats are refused. Dates are unquoted TOML dates (``2025-11-10``).
"""

from __future__ import annotations

import tomllib
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import pydantic

from chinhquyen._model import Model
from chinhquyen.criteria._lines import key_lines, line_of
from chinhquyen.criteria._problems import Problems
from chinhquyen.criteria.conduct import ConductCode
from chinhquyen.criteria.framework import Framework
from chinhquyen.errors import DataFileError

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


def _problems(error: pydantic.ValidationError) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in error.errors(include_url=False):
        base = _path(tuple(item["loc"]))
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, Problems):
            for key, msg in cause.problems:
                out.append((f"{base}.{key}" if base and key else base or key, msg))
            continue
        msg = item["msg"]
        if (
            item["type"] not in {"missing"}
            and "input" in item
            and not isinstance(item["input"], dict | list)
        ):
            msg += f" (got {item['input']!r})"
        if hint := _HINTS.get(item["type"]):
            msg += f"; {hint}"
        out.append((base, msg))
    return out


def validate_data(model: type[M], data: dict[str, Any], text: str, name: str) -> M:
    """Validate parsed TOML ``data`` as ``model``; on failure name each key and its line.

    Raises:
        DataFileError: listing every problem as ``key (line N): message``; its ``key``
            attribute is the first problem's key and line.
    """
    try:
        return model.__pydantic_validator__.validate_python(data)  # type: ignore[no-any-return]
    except pydantic.ValidationError as e:
        problems = _problems(e)
    lines = key_lines(text)
    located: list[str] = []
    for key, msg in problems:
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


def framework_from_toml(source: Path | Traversable, name: str | None = None) -> Framework:
    """Load and validate a framework file.

    Raises:
        DataFileError: naming the file, the key path and line, and what would be valid.
    """
    data, text = read_toml(source, name)
    return validate_data(Framework, data, text, name or str(source))


def conduct_code_from_toml(source: Path | Traversable, name: str | None = None) -> ConductCode:
    """Load and validate a conduct-code file.

    Raises:
        DataFileError: naming the file, the key path and line, and what would be valid.
    """
    data, text = read_toml(source, name)
    return validate_data(ConductCode, data, text, name or str(source))
