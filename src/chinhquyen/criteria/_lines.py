"""Best-effort map from a TOML key path to the line that defines it.

`tomllib` reports line numbers only for syntax errors. For errors found later (a wrong
type, a bad sum) we scan the file text for table headers and ``key =`` lines, tracking arrays
of tables, so a message can say "line 42" beside the key path.
"""

from __future__ import annotations

import re

__all__ = ["key_lines", "line_of"]

_AOT = re.compile(r"^\[\[\s*([^\[\]]+?)\s*\]\]")
_TABLE = re.compile(r"^\[\s*([^\[\]]+?)\s*\]")
_KEY = re.compile(r'^((?:[A-Za-z0-9_-]+|"[^"]*")(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"))*)\s*=')


def _split(dotted: str) -> list[str]:
    return [part.strip().strip('"') for part in dotted.split(".")]


def _render(parts: list[str | int]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out


def key_lines(text: str) -> dict[str, int]:
    """Return ``{key path: line number}`` for the tables and keys in TOML ``text``.

    Key paths look like ``groups[0].criteria[1].measure.threshold`` (0-based indices).
    """
    lines: dict[str, int] = {}
    count: dict[str, int] = {}
    current: list[str | int] = []
    in_string: str | None = None

    def resolve(names: list[str]) -> list[str | int]:
        out: list[str | int] = []
        for name in names:
            out.append(name)
            key = _render(out)
            if key in count:
                out.append(count[key])
        return out

    for number, raw in enumerate(text.splitlines(), start=1):
        s = raw.strip()
        if in_string is not None:
            if in_string in s:
                in_string = None
            continue
        if not s or s.startswith("#"):
            continue
        if m := _AOT.match(s):
            names = _split(m.group(1))
            parent = resolve(names[:-1])
            full: list[str | int] = [*parent, names[-1]]
            key = _render(full)
            count[key] = count.get(key, -1) + 1
            current = [*full, count[key]]
            lines.setdefault(_render(current), number)
        elif m := _TABLE.match(s):
            current = resolve(_split(m.group(1)))
            lines.setdefault(_render(current), number)
        elif m := _KEY.match(s):
            path = [*current, *_split(m.group(1))]
            lines.setdefault(_render(path), number)
            rest = s[m.end() :].strip()
            for quote in ('"""', "'''"):
                if rest.startswith(quote) and rest.count(quote) == 1:
                    in_string = quote
    return lines


def line_of(lines: dict[str, int], path: str) -> int | None:
    """Return the line of ``path`` or of its nearest enclosing key found in ``lines``."""
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return None
        path = path[:cut]
    return None
