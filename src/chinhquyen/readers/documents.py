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

from chinhquyen.errors import Problem
from chinhquyen.readers.errors import LimitError, ReaderError, vi_number
from chinhquyen.readers.limits import Limits, resolve
from chinhquyen.readers.text import char_name, decode, excerpt, read_file

__all__ = ["EXPONENTS", "key_path", "read_json", "read_toml"]

#: The exponents a decimal may have (Python's default decimal context: arithmetic on such
#: numbers cannot overflow when read).
EXPONENTS = range(-999_999, 1_000_000)

_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_KEY = re.compile(r"[\w-]+")
_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")
#: What tomllib says of a key or table given twice.
_TOML_TWICE = ("Cannot overwrite a value", "twice", "Cannot mutate immutable namespace")
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
    """A value the parser's hooks or the walk refused, reported with its key path."""

    __slots__ = ("code", "key", "limit", "message", "message_vi", "value")

    def __init__(
        self,
        code: str,
        message: str,
        message_vi: str,
        value: Any = None,
        *,
        limit: str | None = None,
        key: str | None = None,
    ) -> None:
        self.code = code  # without the format: `duplicate_key`, or the limit's name
        self.message = message
        self.message_vi = message_vi
        self.value = value
        self.limit = limit
        self.key = key  # the key inside the refused object the problem is about


#: A problem the walk found: the key path's parts, its dotted form, and what was refused.
_Found = tuple[tuple[str | int, ...], str, _Refused]


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


def _digits_refused(digits: int, what: str, what_vi: str) -> _Refused:
    return _Refused(
        "digits",
        f"{what} with {digits:,} digits",
        f"{what_vi} có {vi_number(digits)} chữ số",
        digits,
        limit="digits",
    )


class _Checker:
    """The checks shared by JSON and TOML: numbers, strings, depth, hook refusals."""

    def __init__(self, limits: Limits, fmt: str) -> None:
        self.limits = limits
        self.fmt = fmt  # `json` or `toml`: the first part of the problems' codes

    def decimal(self, text: str) -> Decimal | _Refused:
        try:
            value = Decimal(text)
        except InvalidOperation:  # pragma: no cover - both parsers only pass number syntax
            return _Refused("number", f"{text!r} is not a number", f"{text!r} không phải là số")
        return self.check_decimal(value, text)

    def check_decimal(self, value: Decimal, text: str) -> Decimal | _Refused:
        if not value.is_finite():
            return _Refused(
                "nan",
                f"{text} is not a finite number",
                f"{text} không phải là một số hữu hạn; hãy ghi một số cụ thể",
                text,
            )
        digits = len(value.as_tuple().digits)
        if digits > self.limits.digits:
            return _digits_refused(digits, "a number", "một số")
        if value.adjusted() not in EXPONENTS:
            shown = excerpt(text, width=30)
            return _Refused(
                "exponent",
                f"{shown} is too large or too small: its exponent must lie"
                f" between {EXPONENTS.start:,} and {EXPONENTS.stop - 1:,}",
                f"{shown} quá lớn hoặc quá nhỏ: số mũ phải nằm trong khoảng từ"
                f" {vi_number(EXPONENTS.start)} đến {vi_number(EXPONENTS.stop - 1)}",
                text if len(text) <= 40 else None,
            )
        return value

    def integer(self, text: str) -> int | _Refused:
        digits = len(text.lstrip("+-"))
        if digits > self.limits.digits:
            return _digits_refused(digits, "an integer", "một số nguyên")
        return int(text)

    def walk(self, root: Any) -> list[_Found]:
        """Every problem of a parsed document: (key path parts, dotted key path, refusal)."""
        problems: list[_Found] = []
        lim = self.limits
        stack: list[tuple[Any, tuple[str | int, ...], str, int]] = [(root, (), "", 0)]
        while stack:
            value, parts, path, depth = stack.pop()
            if isinstance(value, _Refused):
                if value.key is not None:
                    parts, path = (*parts, value.key), key_path(path, value.key)
                problems.append((parts, path, value))
            elif isinstance(value, str):
                problems += self.string(value, parts, path, key=False)
            elif isinstance(value, int) and not isinstance(value, bool):
                if (digits := _digits_of(value)) > lim.digits:
                    found = _digits_refused(digits, "an integer", "một số nguyên")
                    problems.append((parts, path, found))
            elif isinstance(value, dict | list):
                if depth + 1 > lim.depth:
                    deep = _Refused(
                        "depth",
                        f"nests deeper than {lim.depth} levels",
                        f"lồng sâu hơn {lim.depth} cấp",
                        depth + 1,
                        limit="depth",
                    )
                    problems.append((parts, path, deep))
                    continue
                items: Iterator[tuple[str | int, Any]] = (
                    iter(value.items()) if isinstance(value, dict) else enumerate(value)
                )
                children = []
                for key, child in items:
                    where, inner = key_path(path, key), (*parts, key)
                    if isinstance(key, str):
                        problems += self.string(key, inner, where, key=True)
                    children.append((child, inner, where, depth + 1))
                stack += reversed(children)
        return problems

    def string(
        self, text: str, parts: tuple[str | int, ...], path: str, *, key: bool
    ) -> list[_Found]:
        what, what_vi = ("the key ", "khóa ") if key else ("", "")
        if len(text) > self.limits.cell_chars:
            long = _Refused(
                "cell_chars",
                f"{what}holds {len(text):,} characters",
                f"{what_vi}có {vi_number(len(text))} ký tự",
                len(text),
                limit="cell_chars",
            )
            return [(parts, path, long)]
        if bad := _SURROGATE.search(text):
            name = char_name(bad.group())
            lone = _Refused(
                "surrogate",
                f"{what}holds {name}, a lone surrogate, which is not a"
                " character and cannot be stored in a file",
                f"{what_vi}chứa {name}, một nửa cặp thay thế (surrogate) đứng riêng: đó không"
                " phải là ký tự và không thể lưu vào tệp",
                name,
            )
            return [(parts, path, lone)]
        return []

    def raise_found(self, name: str, problems: list[_Found]) -> None:
        """Raise the error for the problems found, if any: the first limit, or every problem."""
        if not problems:
            return
        limits = self.limits
        for parts, path, found in problems:
            if found.limit is not None:
                raise LimitError(
                    name,
                    found.message,
                    path or None,
                    limit=found.limit,
                    allowed=getattr(limits, found.limit),
                    message_vi=found.message_vi,
                    value=found.value,
                    parts=parts,
                )
        located = [
            Problem.at(
                parts,
                f"{self.fmt}.{found.code}",
                found.message,
                found.message_vi,
                found.value,
                key=path,
            )
            for parts, path, found in problems
        ]
        raise ReaderError.of(name, located, limits.listed)


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
            label,
            f"is {len(data):,} bytes long",
            limit="file_bytes",
            allowed=limits.file_bytes,
            message_vi=f"dài {vi_number(len(data))} byte",
            value=len(data),
        )
    if isinstance(data, bytes | bytearray | memoryview):
        return decode(bytes(data), name=label, encoding="utf-8"), label
    if isinstance(data, str):
        return data, label
    raise TypeError(f"expected bytes, str or a path, not {type(data).__name__}")


def _too_deep(label: str, lim: Limits) -> LimitError:
    return LimitError(
        label,
        "nests too deep to read",
        limit="depth",
        allowed=lim.depth,
        message_vi="lồng quá sâu, không đọc được",
    )


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
    check = _Checker(lim, "json")

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any] | _Refused:
        out = dict(items)
        if len(out) == len(items):
            return out
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                return _Refused(
                    "duplicate_key",
                    "this key is given twice in one object; give each key once (which of the"
                    " two values was meant cannot be told)",
                    "khóa này được ghi hai lần trong cùng một đối tượng; mỗi khóa chỉ ghi một lần"
                    " (không thể biết giá trị nào mới đúng)",
                    key,
                    key=key,
                )
            seen.add(key)
        raise AssertionError("unreachable: a shorter dict has a repeated key")  # pragma: no cover

    def constant(word: str) -> _Refused:
        return _Refused(
            "nan",
            f"{word} is not a JSON number; write a finite number",
            f"{word} không phải là số trong JSON; hãy ghi một số hữu hạn",
            word,
        )

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
        shown = excerpt(line, e.colno)
        raise ReaderError(
            label,
            f"not valid JSON: {e.msg}; the line reads {shown}",
            key=f"line {e.lineno}, column {e.colno}",
            code="json.syntax",
            message_vi=f"không phải JSON hợp lệ (trình đọc báo: {e.msg}); dòng đó là {shown}",
        ) from None
    except RecursionError:
        raise _too_deep(label, lim) from None
    check.raise_found(label, check.walk(value))
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
                message_vi=f"có một dòng dài {vi_number(len(line))} ký tự",
                value=len(line),
            )
        # a dotted key of n parts costs the TOML parser n * n steps: refuse a deep one first
        if line.count(".") >= lim.depth and _dotted_parts(line) > lim.depth:
            raise LimitError(
                label,
                f"has a dotted key of more than {lim.depth} parts (it nests that deep)",
                key=f"line {number}",
                limit="depth",
                allowed=lim.depth,
                message_vi=f"có một khóa nhiều hơn {lim.depth} phần nối bằng dấu chấm (tức là"
                " lồng sâu chừng ấy cấp)",
            )
    check = _Checker(lim, "toml")

    try:
        data = tomllib.loads(text, parse_float=check.decimal)
    except tomllib.TOMLDecodeError as e:
        message = reason = str(e)
        key = None
        reads = reads_vi = ""
        if m := _TOML_WHERE.search(message):
            row, column = int(m.group(1)), int(m.group(2))
            key = f"line {row}, column {column}"
            shown = excerpt(lines[row - 1] if row <= len(lines) else "", column)
            reason = message[: m.start()].rstrip()
            message = f"{reason}; the line reads {shown}"
            reads_vi = f"; dòng đó là {shown}"
        twice = any(w in reason for w in _TOML_TWICE)
        if twice:
            reads = "một khóa hoặc bảng được ghi hai lần; mỗi khóa chỉ ghi một lần"
        raise ReaderError(
            label,
            f"not valid TOML: {message}",
            key=key,
            code="toml.duplicate_key" if twice else "toml.syntax",
            message_vi=f"không phải TOML hợp lệ ({reads + ', ' if reads else ''}trình đọc báo:"
            f" {reason}){reads_vi}",
        ) from None
    except RecursionError:
        raise _too_deep(label, lim) from None
    except ValueError:  # an integer too long for int() (over 4,300 digits)
        long = re.search(f"[0-9][0-9_]{{{lim.digits},}}", text)
        key = f"line {text.count(chr(10), 0, long.start()) + 1}" if long else None
        raise LimitError(
            label,
            "has an integer with too many digits",
            key,
            limit="digits",
            allowed=lim.digits,
            message_vi="có một số nguyên quá nhiều chữ số",
        ) from None
    check.raise_found(label, check.walk(data))
    return data
