r"""JSON and TOML documents, read strictly.

[`read_json`][chinhquyen.readers.read_json] and [`read_toml`][chinhquyen.readers.read_toml]
both give plain Python values (`dict`, `list`, `str`, `int`, `bool`, `None`; TOML also dates
and times) in which every number with a fraction or an exponent is the `Decimal` written
(`14.999999999999999999` stays that, `1e-400` is not 0), every integer an `int`, and:

- a key given twice in one object is refused, naming its key path (TOML refuses it too);
- nesting deeper than [`Limits.depth`][chinhquyen.readers.Limits], strings longer than
  `cell_chars`, numbers with more than `digits` digits, documents larger than `file_bytes`
  and text that is not UTF-8 are refused with a
  [`ReaderError`][chinhquyen.readers.ReaderError] or
  [`LimitError`][chinhquyen.readers.LimitError] (never a `RecursionError`, `ValueError` or
  `UnicodeDecodeError`);
- `NaN` and `Infinity` are refused (they are not JSON; in TOML `nan` and `inf` are refused,
  as no value of the library can be infinite);
- a string holding a lone surrogate (`"\ud800"`), which no file can store, is refused.
"""

from __future__ import annotations

import json
import math
import os
import re
import tomllib
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from chinhquyen.readers.errors import LimitError, Problem, ReaderError
from chinhquyen.readers.limits import Limits, resolve
from chinhquyen.readers.text import char_name, decode, excerpt, read_file

__all__ = ["EXPONENTS", "key_path", "read_json", "read_toml"]

#: The exponents a decimal may have (Python's default decimal context: arithmetic on such
#: numbers cannot overflow when read).
EXPONENTS = range(-999_999, 1_000_000)

_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_KEY = re.compile(r"[\w-]+")
_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")
#: The pieces of a TOML line, each matched once (possessive: no backtracking): strings,
#: bare words and numbers, dots, blanks, any other character.
_TOML_PIECES = re.compile(
    r'(?P<s>"(?:[^"\\]|\\.)*+"?|\'[^\']*+\'?)|(?P<w>[A-Za-z0-9_+-]++)|(?P<d>\.)|[ \t]++|.'
)


def _dotted_parts(line: str) -> int:
    """The most parts of a dotted chain (`a.b."c"`) outside strings in one TOML line."""
    longest = chain = 0
    after_dot = False
    for piece in _TOML_PIECES.finditer(line):
        kind = piece.lastgroup
        if kind in ("s", "w"):
            chain = chain + 1 if after_dot else 1
            after_dot = False
            longest = max(longest, chain)
        elif kind == "d":
            after_dot = True
        elif piece.group()[0] not in " \t":
            chain, after_dot = 0, False
    return longest


class _Refused:
    """A value the JSON parser's hooks refused; the walk reports it with its key path."""

    __slots__ = ("key", "limit", "message")

    def __init__(self, message: str, limit: str | None = None, key: str | None = None) -> None:
        self.message = message
        self.limit = limit
        self.key = key  # the key inside the refused object the problem is about


def key_path(parent: str, key: str | int) -> str:
    """The key path of `key` inside `parent`: `answers.tc-1`, `groups[0]`, `a."b.c"`."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    shown = key if _PLAIN_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)
    return f"{parent}.{shown}" if parent else shown


def _digits_of(value: int) -> int:
    """The decimal digits of `value` (without converting a huge int to text)."""
    bits = abs(value).bit_length()
    if bits > 4000:  # more than 1,200 digits: an estimate is exact enough to refuse it
        return int(bits * math.log10(2)) + 1
    return len(str(abs(value)))


class _Checker:
    """The checks shared by JSON and TOML: numbers, strings, depth, hook refusals."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def decimal(self, text: str) -> Decimal | _Refused:
        try:
            value = Decimal(text)
        except InvalidOperation:  # pragma: no cover - both parsers only pass number syntax
            return _Refused(f"{text!r} is not a number")
        return self.check_decimal(value, text)

    def check_decimal(self, value: Decimal, text: str) -> Decimal | _Refused:
        if not value.is_finite():
            return _Refused(f"{text} is not a finite number")
        digits = len(value.as_tuple().digits)
        if digits > self.limits.digits:
            return _Refused(f"a number with {digits:,} significant digits", "digits")
        if value.adjusted() not in EXPONENTS:
            return _Refused(
                f"{excerpt(text, width=30)} is too large or too small: its exponent must lie"
                f" between {EXPONENTS.start:,} and {EXPONENTS.stop - 1:,}"
            )
        return value

    def integer(self, text: str) -> int | _Refused:
        digits = len(text.lstrip("+-"))
        if digits > self.limits.digits:
            return _Refused(f"an integer with {digits:,} digits", "digits")
        return int(text)

    def walk(self, root: Any) -> list[tuple[str, str, str | None]]:
        """Every problem of a parsed document: (key path, message, limit or None)."""
        problems: list[tuple[str, str, str | None]] = []
        lim = self.limits
        stack: list[tuple[Any, str, int]] = [(root, "", 0)]
        while stack:
            value, path, depth = stack.pop()
            if isinstance(value, _Refused):
                where = path if value.key is None else key_path(path, value.key)
                problems.append((where, value.message, value.limit))
            elif isinstance(value, str):
                problems += self.string(value, path, "")
            elif isinstance(value, int) and not isinstance(value, bool):
                if (digits := _digits_of(value)) > lim.digits:
                    problems.append((path, f"an integer with {digits:,} digits", "digits"))
            elif isinstance(value, dict | list):
                if depth + 1 > lim.depth:
                    problems.append((path, f"nests deeper than {lim.depth} levels", "depth"))
                    continue
                items: Iterator[tuple[str | int, Any]] = (
                    iter(value.items()) if isinstance(value, dict) else enumerate(value)
                )
                children = []
                for key, child in items:
                    where = key_path(path, key)
                    if isinstance(key, str):
                        problems += self.string(key, where, "the key ")
                    children.append((child, where, depth + 1))
                stack += reversed(children)
        return problems

    def string(self, text: str, path: str, what: str) -> list[tuple[str, str, str | None]]:
        if len(text) > self.limits.cell_chars:
            return [(path, f"{what}holds {len(text):,} characters", "cell_chars")]
        if bad := _SURROGATE.search(text):
            return [
                (
                    path,
                    f"{what}holds {char_name(bad.group())}, a lone surrogate, which is not a"
                    " character and cannot be stored in a file",
                    None,
                )
            ]
        return []


def _raise(name: str, problems: list[tuple[str, str, str | None]], limits: Limits) -> None:
    if not problems:
        return
    limited = [p for p in problems if p[2] is not None]
    if limited:
        path, message, limit = limited[0]
        assert limit is not None
        raise LimitError(name, message, path or None, limit=limit, allowed=getattr(limits, limit))
    pairs: list[Problem] = [(path, message) for path, message, _ in problems]
    raise ReaderError.of(name, pairs, limits.listed)


def _text(
    source: bytes | str | os.PathLike[str], name: str | None, default: str, limits: Limits
) -> tuple[str, str]:
    """The document's text and name; a path is read as a file."""
    if isinstance(source, os.PathLike):
        label = name or os.fspath(source)
        data: bytes | str = read_file(source, name=label, limits=limits)
    else:
        label, data = name or default, source
    if len(data) > limits.file_bytes:
        raise LimitError(
            label, f"is {len(data):,} bytes long", limit="file_bytes", allowed=limits.file_bytes
        )
    if isinstance(data, bytes | bytearray | memoryview):
        return decode(bytes(data), name=label, encoding="utf-8"), label
    if isinstance(data, str):
        return data, label
    raise TypeError(f"expected bytes, str or a path, not {type(data).__name__}")


def read_json(
    source: bytes | str | os.PathLike[str],
    *,
    name: str | None = None,
    limits: Limits | None = None,
) -> Any:
    """Read a JSON document strictly, numbers as the decimals written.

    Args:
        source: the document as UTF-8 bytes or as text, or a path (`pathlib.Path`) to read.
        name: how to name the document in messages (default: the path, or `<json>`).
        limits: the limits (default: those in force, see
            [`use_limits`][chinhquyen.readers.use_limits]).

    Returns:
        The value: objects as `dict`, arrays as `list`, numbers with a fraction or exponent
        as `Decimal`, other numbers as `int`.

    Raises:
        ReaderError: not UTF-8, not JSON (the message names the line and column and shows
            an escaped excerpt of the line), a key given twice, `NaN`/`Infinity`, or a lone
            surrogate; the key path is named.
        LimitError: larger, deeper, longer or with more digits than the limits allow.

    Examples:
        ```pycon
        >>> read_json(b'{"self_score": 14.999999999999999999, "tiny": 1e-400}')
        {'self_score': Decimal('14.999999999999999999'), 'tiny': Decimal('1E-400')}
        ```
    """
    lim = resolve(limits)
    text, label = _text(source, name, "<json>", lim)
    check = _Checker(lim)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any] | _Refused:
        out = dict(items)
        if len(out) == len(items):
            return out
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                return _Refused(
                    "this key is given twice in one object; give each key once (which of the"
                    " two values was meant cannot be told)",
                    key=key,
                )
            seen.add(key)
        raise AssertionError("unreachable: a shorter dict has a repeated key")  # pragma: no cover

    def constant(word: str) -> _Refused:
        return _Refused(f"{word} is not a JSON number; write a finite number")

    try:
        value = json.loads(
            text,
            parse_float=check.decimal,
            parse_int=check.integer,
            parse_constant=constant,
            object_pairs_hook=pairs,
        )
    except json.JSONDecodeError as e:
        start = text.rfind("\n", 0, e.pos) + 1
        end = text.find("\n", e.pos)
        line = text[start : end if end >= 0 else len(text)]
        raise ReaderError(
            label,
            f"not valid JSON: {e.msg}; the line reads {excerpt(line, e.colno)}",
            key=f"line {e.lineno}, column {e.colno}",
        ) from None
    except RecursionError:
        raise LimitError(
            label, "nests too deep to read", limit="depth", allowed=lim.depth
        ) from None
    _raise(label, check.walk(value), lim)
    return value


def read_toml(
    source: bytes | str | os.PathLike[str],
    *,
    name: str | None = None,
    limits: Limits | None = None,
) -> dict[str, Any]:
    """Read a TOML document strictly, numbers as the decimals written.

    TOML floats become `Decimal` from their text (`0.1` is `Decimal('0.1')`); `nan` and `inf`
    are refused. A key given twice is refused by the TOML parser itself.

    Args:
        source: the document as UTF-8 bytes or as text, or a path (`pathlib.Path`) to read.
        name: how to name the document in messages (default: the path, or `<toml>`).
        limits: the limits (default: those in force, see
            [`use_limits`][chinhquyen.readers.use_limits]).

    Returns:
        The document's table.

    Raises:
        ReaderError: not UTF-8 (naming the line), not TOML (naming the line and column, with
            an escaped excerpt of the line), a non-finite number or a lone surrogate.
        LimitError: larger, deeper, with longer lines or strings, or with more digits than
            the limits allow.
    """
    lim = resolve(limits)
    text, label = _text(source, name, "<toml>", lim)
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if len(line) > lim.line_chars:
            raise LimitError(
                label,
                f"has a line of {len(line):,} characters",
                key=f"line {number}",
                limit="line_chars",
                allowed=lim.line_chars,
            )
        # a dotted key of n parts costs the TOML parser n * n steps: refuse a deep one first
        if line.count(".") >= lim.depth and _dotted_parts(line) > lim.depth:
            raise LimitError(
                label,
                f"has a dotted key of more than {lim.depth} parts (it nests that deep)",
                key=f"line {number}",
                limit="depth",
                allowed=lim.depth,
            )
    check = _Checker(lim)

    try:
        data = tomllib.loads(text, parse_float=check.decimal)
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        key = None
        if m := _TOML_WHERE.search(message):
            row, column = int(m.group(1)), int(m.group(2))
            key = f"line {row}, column {column}"
            shown = lines[row - 1] if row <= len(lines) else ""
            message = f"{message[: m.start()].rstrip()}; the line reads {excerpt(shown, column)}"
        raise ReaderError(label, f"not valid TOML: {message}", key=key) from None
    except RecursionError:
        raise LimitError(
            label, "nests too deep to read", limit="depth", allowed=lim.depth
        ) from None
    except ValueError:  # an integer too long for int() (over 4,300 digits)
        long = re.search(f"[0-9][0-9_]{{{lim.digits},}}", text)
        key = f"line {text.count(chr(10), 0, long.start()) + 1}" if long else None
        raise LimitError(
            label, "has an integer with too many digits", key, limit="digits", allowed=lim.digits
        ) from None
    _raise(label, check.walk(data), lim)
    return data
