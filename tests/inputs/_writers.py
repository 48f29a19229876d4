"""Write frameworks, assessments and appraisal tables as files, for the fuzzing suite.

Written here, independently of the library's own writers: TOML as a person lays it out
(tables and arrays of tables, dates unquoted, a framework's decimals as strings), JSON with
numbers as the decimals written, CSV and XLSX tables with a heading row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import openpyxl

from chinhquyen.readers import write_cell

# --- TOML ------------------------------------------------------------------------------------


def _key(key: str) -> str:
    bare = key.replace("-", "").replace("_", "").isalnum() and key.isascii()
    return key if bare else json.dumps(key, ensure_ascii=False)


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: Any, decimals_as_strings: bool) -> str:
    """One TOML value, inline."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _string(format(value, "f")) if decimals_as_strings else str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        pairs = (
            f"{_key(k)} = {toml_value(v, decimals_as_strings)}"
            for k, v in value.items()
            if v is not None
        )
        return "{ " + ", ".join(pairs) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v, decimals_as_strings) for v in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def _tables(data: dict[str, Any], path: str, decimals_as_strings: bool) -> list[str]:
    lines: list[str] = []
    nested: list[tuple[str, Any]] = []
    for key, value in data.items():
        if value is None:
            continue
        is_tables = isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
        if isinstance(value, dict) or is_tables:
            nested.append((key, value))
        else:
            lines.append(f"{_key(key)} = {toml_value(value, decimals_as_strings)}")
    for key, value in nested:
        where = f"{path}.{_key(key)}" if path else _key(key)
        if isinstance(value, dict):
            lines += ["", f"[{where}]", *_tables(value, where, decimals_as_strings)]
        else:
            for item in value:
                lines += ["", f"[[{where}]]", *_tables(item, where, decimals_as_strings)]
    return lines


def toml_document(data: dict[str, Any], *, decimals_as_strings: bool) -> str:
    """`data` as a TOML document of tables and arrays of tables (None values left out)."""
    return "\n".join(_tables(data, "", decimals_as_strings)) + "\n"


# --- JSON ------------------------------------------------------------------------------------


def json_document(value: Any) -> str:
    """`value` as JSON, every Decimal written as a JSON number with its own digits."""
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{json.dumps(k)}: {json_document(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(json_document, value)) + "]"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)


# --- tables ----------------------------------------------------------------------------------

#: The headings of the appraisal tables written here.
HEADINGS = ["unit_code", "criterion_id", "points", "reason", "appraiser"]


def csv_table(rows: Sequence[Sequence[str]], delimiter: str = ",") -> bytes:
    """A CSV file (UTF-8 with a byte-order mark, as Excel saves it) with `HEADINGS`."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_table(rows: Sequence[Sequence[Any]]) -> bytes:
    """An `.xlsx` workbook with `HEADINGS` and `rows` on its one sheet, every text as text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for r, row in enumerate([HEADINGS, *rows], start=1):
        for c, value in enumerate(row, start=1):
            write_cell(ws.cell(r, c), value, field=f"R{r}C{c}")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
