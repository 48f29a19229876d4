"""Fuzzing the readers: valid inputs of every format, mutated at random.

Every outcome must be a value or a `ChinhQuyenError` (never another exception), a valid
input must read back exactly as it was written, and whatever a mutated input gives, once
written again, must read back the same (nothing is lost or changed on the way). Examples are
bounded so the module runs in a few seconds; the resource bounds of each reader are proven
by `test_attacks`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from typing import Any

import openpyxl
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from tests.strategies import (
    apply_edits,
    byte_edits,
    csv_tables,
    json_values,
    toml_tables,
    xlsx_values,
)

from chinhquyen.errors import ChinhQuyenError
from chinhquyen.readers import (
    Limits,
    WriteError,
    open_xlsx,
    read_csv,
    read_json,
    read_toml,
    write_cell,
)

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types, and decimals written the same (`1.50` is not `1.5`)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Decimal):
        return str(a) == str(b)
    return bool(a == b)


def checked(value: Any, limits: Limits) -> None:
    """What a reader gives holds no float, no non-finite number, nothing beyond the limits."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        assert depth <= limits.depth
        assert not isinstance(item, float)
        if isinstance(item, Decimal):
            assert item.is_finite() and len(item.as_tuple().digits) <= limits.digits
        elif isinstance(item, str):
            assert len(item) <= limits.cell_chars
            item.encode("utf-8")  # no lone surrogate
        elif isinstance(item, dict):
            stack += [(k, depth) for k in item] + [(v, depth + 1) for v in item.values()]
        elif isinstance(item, list):
            stack += [(v, depth + 1) for v in item]


# --- JSON ---------------------------------------------------------------------------------------


def to_json(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(map(to_json, value)) + "]"
    if isinstance(value, Decimal):
        # a decimal with neither point nor exponent (`1000000`, from `1000000e0`) would read
        # back as an int: give it an exponent, which keeps its text
        text = str(value)
        return text if any(c in text for c in ".eE") else f"{text}e0"
    return json.dumps(value)


@FUZZ
@given(json_values, byte_edits)
def test_json(value: Any, edits: list[tuple[str, int, int, bytes]]) -> None:
    text = to_json(value).encode()
    assert same(read_json(text), value)
    broken = apply_edits(text, edits)
    try:
        got = read_json(broken)
    except ChinhQuyenError:
        return
    checked(got, Limits())
    assert same(read_json(to_json(got)), got)


# --- TOML ---------------------------------------------------------------------------------------


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dict):
        pairs = (f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    return str(value)


def to_toml(table: dict[str, Any]) -> str:
    return "".join(f"{toml_string(k)} = {toml_value(v)}\n" for k, v in table.items())


@FUZZ
@given(toml_tables, byte_edits)
def test_toml(table: dict[str, Any], edits: list[tuple[str, int, int, bytes]]) -> None:
    text = to_toml(table).encode()
    assert same(read_toml(text), table)
    broken = apply_edits(text, edits)
    try:
        got = read_toml(broken)
    except ChinhQuyenError:
        return
    checked(got, Limits())
    plain = {k: v for k, v in got.items() if not isinstance(v, dt.date | dt.time)}
    assume(all(not isinstance(v, dt.date | dt.time) for v in plain.values()))
    assert same(read_toml(to_toml(plain)), plain)


# --- CSV ----------------------------------------------------------------------------------------


def to_csv(headings: list[str], rows: list[list[str]], end: str, quote_all: bool) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(
        out, lineterminator=end, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    )
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def read_all(data: bytes) -> tuple[tuple[str, ...], list[tuple[int, tuple[str, ...]]]]:
    with read_csv(data) as table:
        return table.header, [(row.row, row.cells) for row in table]


@FUZZ
@given(csv_tables(), st.sampled_from(["\r\n", "\n", "\r"]), st.booleans(), byte_edits)
def test_csv(
    table: tuple[list[str], list[list[str]]],
    end: str,
    quote_all: bool,
    edits: list[tuple[str, int, int, bytes]],
) -> None:
    headings, rows = table
    text = to_csv(headings, rows, end, quote_all or end != "\r\n")
    header, got = read_all(text)
    assert header == tuple(h.strip() for h in headings)
    expected = [(i, tuple(r)) for i, r in enumerate(rows, start=2) if "".join(r).strip()]
    assert got == expected
    broken = apply_edits(text, edits)
    try:
        header, got = read_all(broken)
    except ChinhQuyenError:
        return
    again = to_csv(list(header), [list(cells) for _, cells in got], "\r\n", True)
    assert read_all(again) == (header, [(i, cells) for i, (_, cells) in enumerate(got, start=2)])


# --- XLSX ---------------------------------------------------------------------------------------


def to_xlsx(grid: list[list[Any]]) -> bytes:
    wb = openpyxl.Workbook()
    for r, row in enumerate(grid, start=1):
        for c, value in enumerate(row, start=1):
            write_cell(wb.active.cell(r, c), value, field=f"R{r}C{c}")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def as_read(value: Any) -> Any:
    """What a written value reads back as: dates as date-times, "" as an empty cell."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    return None if value == "" else value


def read_grid(data: bytes) -> list[list[Any]]:
    with open_xlsx(data) as book:
        return [list(values) for _, values in book.sheet().rows()]


def trimmed(grid: list[list[Any]]) -> list[list[Any]]:
    """The grid without its trailing empty rows and columns, "" as empty."""
    rows = [[None if v == "" else v for v in row] for row in grid]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    width = max((i + 1 for row in rows for i, v in enumerate(row) if v is not None), default=0)
    return [row[:width] + [None] * (width - len(row)) for row in rows]


def rezip_sheet(data: bytes, change: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = change if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            dst.writestr(info.filename, part, zipfile.ZIP_DEFLATED)
    return out.getvalue()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(xlsx_values, min_size=1, max_size=3), min_size=1, max_size=4),
    st.booleans(),
    byte_edits,
)
def test_xlsx(
    grid: list[list[Any]], inside: bool, edits: list[tuple[str, int, int, bytes]]
) -> None:
    try:
        written = to_xlsx(grid)
    except WriteError:
        assume(False)
        return
    assert trimmed(read_grid(written)) == trimmed([[as_read(v) for v in row] for row in grid])
    if inside:  # break the sheet's XML, not the archive around it
        with zipfile.ZipFile(io.BytesIO(written)) as zf:
            xml = zf.read("xl/worksheets/sheet1.xml")
        broken = rezip_sheet(written, apply_edits(xml, edits))
    else:
        broken = apply_edits(written, edits)
    try:
        got = read_grid(broken)
    except ChinhQuyenError:
        return
    try:
        again = to_xlsx(got)
    except WriteError:
        return  # e.g. a number a damaged sheet holds that openpyxl cannot write exactly
    assert trimmed(read_grid(again)) == trimmed(got)
