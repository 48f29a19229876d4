"""Bounded, strict readers for the files the library reads, and a safe workbook writer.

Every reader of `chinhquyen` (frameworks, assessments, appraisal tables, dossier logs,
surveys, ledgers) reads through this package, which trusts nothing it reads:

- it bounds what it reads ([`Limits`][chinhquyen.readers.Limits]: bytes, rows, columns,
  characters per cell, nesting, digits, workbook parts and sizes), adjustable by the caller
  ([`use_limits`][chinhquyen.readers.use_limits]);
- it reads numbers as the decimals they are written as;
- it refuses repeated keys and repeated column headings, undecodable text, error cells and
  formulas without a saved result, and never drops a row or a cell silently;
- it never writes text into a workbook as a formula.

Every refusal is a [`ChinhQuyenError`][chinhquyen.errors.ChinhQuyenError] naming the file, the
place in it and what would be valid. `.xlsx` needs the `excel` extra (openpyxl, defusedxml).

Each of its `problems` is a [`Problem`][chinhquyen.errors.Problem] with a stable code,
`area.what`: `file.*`, `folder.*`, `text.*` (e.g. `text.encoding`), `json.*` and `toml.*`
(`syntax`, `duplicate_key`, `nan`, `exponent`, `surrogate`), `csv.*` (e.g. `csv.row_length`),
`xlsx.*` (e.g. `xlsx.error_cell`, `xlsx.uncached_formula`), `limit.<name>` for a limit (e.g.
`limit.depth`), `format.unsupported` and `write.*`; the module `chinhquyen.readers.errors`
lists them all. Its location is a key path joined by `/` (`answers/tc-1/self_score`) in a JSON
or TOML document, or the place in the file (`line 3, column 7`, `row 5, column C`,
`Vi phạm!D12`); its value is the offending value (for a limit, the size measured); its message
is given in Vietnamese and English, and `str(error)` follows
[`language`][chinhquyen.errors.language].
"""

from __future__ import annotations

from chinhquyen.readers.documents import read_json, read_toml
from chinhquyen.readers.errors import (
    FormatError,
    LimitError,
    ReaderError,
    ReaderSetupError,
    WriteError,
    list_problems,
)
from chinhquyen.readers.folders import FolderListing, SkipKind, Skipped, list_files
from chinhquyen.readers.formats import OTHER_SPREADSHEETS, convert_advice
from chinhquyen.readers.limits import Limits, use_limits
from chinhquyen.readers.tables import CsvRow, CsvTable, column_letter, heading_key, read_csv
from chinhquyen.readers.text import decode, excerpt, read_file
from chinhquyen.readers.workbooks import CellValue, XlsxBook, XlsxSheet, open_xlsx
from chinhquyen.readers.writing import TEXT_FORMAT, cell_text, write_cell, write_text

__all__ = [
    "OTHER_SPREADSHEETS",
    "TEXT_FORMAT",
    "CellValue",
    "CsvRow",
    "CsvTable",
    "FolderListing",
    "FormatError",
    "LimitError",
    "Limits",
    "ReaderError",
    "ReaderSetupError",
    "SkipKind",
    "Skipped",
    "WriteError",
    "XlsxBook",
    "XlsxSheet",
    "cell_text",
    "column_letter",
    "convert_advice",
    "decode",
    "excerpt",
    "heading_key",
    "list_files",
    "list_problems",
    "open_xlsx",
    "read_csv",
    "read_file",
    "read_json",
    "read_toml",
    "use_limits",
    "write_cell",
    "write_text",
]
