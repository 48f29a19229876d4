"""The Excel self-assessment form: a template a commune fills in, and a reader for it.

Needs the `excel` extra (openpyxl, defusedxml): `pip install 'chinhquyen[excel]'`.

Layout of sheet `Tự chấm điểm` (the column letters are part of the format):

* Rows 2-7, the unit and period: B2 framework id, D2 version; B3 mã xã, D3 tên xã, F3 mã xã
  cũ (the code before the 2025 rearrangement, if it changed); B4 tỉnh, D4 loại (xã, phường,
  đặc khu; thị trấn for a period ending by 30/6/2025), F4 cấp (`tỉnh` for a province-level unit
  such as a provincial People's Committee or department; empty for a commune-level unit); B5
  năm đánh giá *or* D5 từ ngày and F5 đến ngày; B6 ngày nộp, D6 huyện cũ and F6 mã huyện cũ
  (the district before 1/7/2025, if recorded); B7 ghi chú chung.
* Row 8, the table heading; from row 9, one row per criterion (then the bonus/penalty items):
  A nhóm, B mã tiêu chí, C tên tiêu chí, D cách tính điểm, E điểm tối đa, F điểm tự chấm,
  G có/không, H tử số / số đạt, I mẫu số / tổng số, J số lượng (or số vi phạm), K điểm chỉ số,
  L nguồn chỉ số, M các mục đã thực hiện (checklist item ids separated by commas, or
  `Không` when none was done), N minh chứng, O ghi chú, P the measure kind (hidden).

Only the cells a criterion's measure uses are unlocked (yellow); the others are locked and
grey. Codes and free text are in cells formatted as text, so that `00127` typed in keeps its
zeros. Every criterion row of the sheet is read, by its id in column B, down to the sheet's
last row: a blank row between criteria is skipped, and a row that holds something but no
criterion id is refused. A criterion row left empty means "not reported".

Each line of a minh chứng cell is one piece of evidence, written either as plain text (a
document number, or a link if it starts with `http`) or as labelled parts
`số: …; tệp: …; url: …; tên: …; ngày: YYYY-MM-DD` (a `;` inside a value is kept unless a label
and a colon follow it). Disqualifiers (điểm liệt) are on sheet `Điểm liệt`: A mã, B nội dung,
C Có/Không (blank = not reported).

Violations one by one are on sheet `Vi phạm` (made when the framework has criteria scored
by deduction): row 1 the Vietnamese title, row 2 the English subtitle, row 3 the headings
(row 4 in English), from row 5 one row per violation: A mã tiêu chí (a deduction criterion),
B ngày vi phạm (a date inside the assessment period), C quy tắc vi phạm (when the criterion's
measure names a conduct code, one of its rules written `<conduct code id>#<rule id>`;
otherwise free text, or empty), D nội dung vi phạm. Blank rows are skipped. The rows of a
criterion become `DeductionValue.records`; its số vi phạm (J) may then be left empty, and if
it is filled it must equal the number of rows. Sheet `Danh mục vi phạm` (locked) lists the
deduction criteria and the conduct-code rules the cells of `Vi phạm` are validated against. A
form without sheet `Vi phạm` (made before it existed) reads as a form without records.

**Reading** goes through [`chinhquyen.readers.open_xlsx`][chinhquyen.readers.open_xlsx]: the
workbook is bounded (size, rows, columns) before it is parsed; an error value (`#VALUE!`,
`#NAME?`, …) or a formula whose result was never saved is refused wherever a value is
expected; a formula whose result was saved is read as that result. A code typed as a number
(`00127` stored as 127) is refused, naming the cell and how to type it. Numbers typed as
text follow the library's one rule for decimals typed by people
(`chinhquyen.readers.numbers.parse_decimal`):
`13,5` and `13.5` are both 13.5; `1,500` is refused as ambiguous. Dates are date cells or
`YYYY-MM-DD` text. `.ods`, `.xls` and `.xlsm` files are refused with how to save them as
`.xlsx`.

**Writing** (the template, pre-filled forms) never writes text as a formula: names, notes,
sources and a framework's titles are written as the text they are
([`chinhquyen.readers.write_text`][chinhquyen.readers.write_text]). A text the form could not
give back unchanged is refused with a [`WriteError`][chinhquyen.readers.WriteError] naming the
cell: a control character, a space or line break at either end (the reader trims a cell's
ends), a line break or a `; label:` inside an evidence field (they separate evidence).

**Printing:** every sheet prints on A4 landscape, fitted to the page's width, with the
heading row repeated on each page and rows tall enough for their wrapped text.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, get_args

from chinhquyen.criteria import ConductCode, Criterion, Framework
from chinhquyen.errors import (
    DataFileError,
    InvalidInputError,
    Problem,
    UnknownConductCodeError,
)
from chinhquyen.extras import require
from chinhquyen.readers import (
    TEXT_FORMAT,
    CellValue,
    Limits,
    ReaderError,
    WriteError,
    XlsxBook,
    XlsxSheet,
    open_xlsx,
)
from chinhquyen.readers.numbers import parse_decimal
from chinhquyen.scoring import layout
from chinhquyen.scoring.answers import ViolationRecord
from chinhquyen.scoring.assessment import DISTRICT_LEVEL_ENDED, SelfAssessment, Unit
from chinhquyen.scoring.kinds import KINDS
from chinhquyen.scoring.kinds.yes_no import NO, YES
from chinhquyen.scoring.numbers import display as fmt
from chinhquyen.scoring.period import Period
from chinhquyen.scoring.ranges import lowest

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "COLUMNS",
    "FIRST_ROW",
    "SHEET",
    "SHEET_DISQUALIFIERS",
    "SHEET_VIOLATIONS",
    "SHEET_VIOLATION_LISTS",
    "VIOLATIONS_FIRST_ROW",
    "VIOLATION_COLUMNS",
    "read",
    "template",
    "unit_types",
]

#: The main sheet's name.
SHEET = "Tự chấm điểm"
#: The disqualifiers sheet's name.
SHEET_DISQUALIFIERS = "Điểm liệt"
#: The violation records sheet's name.
SHEET_VIOLATIONS = "Vi phạm"
#: The locked sheet listing what the cells of the violations sheet may hold.
SHEET_VIOLATION_LISTS = "Danh mục vi phạm"
#: The first criterion row.
FIRST_ROW = 9
_HEAD_ROW = 8
#: The first violation record row of sheet `Vi phạm`.
VIOLATIONS_FIRST_ROW = 5
_VIOLATIONS_HEAD_ROW = 3
#: Rows of sheet `Vi phạm` that carry data validation (more rows may still be filled).
_VIOLATIONS_VALIDATED = 1000
#: Rows of sheet `Vi phạm` coloured as input cells (and printed) in a blank form.
_VIOLATIONS_SHOWN = 20

#: Column letter -> (Vietnamese heading, English meaning) of sheet `Vi phạm`.
VIOLATION_COLUMNS: dict[str, tuple[str, str]] = {
    "A": ("Mã tiêu chí", "criterion id"),
    "B": ("Ngày vi phạm", "date"),
    "C": ("Quy tắc vi phạm", "rule: <conduct code id>#<rule id>"),
    "D": ("Nội dung vi phạm", "what happened"),
}
_VIOLATION_WIDTHS = {"A": 16.0, "B": 14.0, "C": 45.0, "D": 60.0}
#: Column letter -> the ViolationRecord field it holds (column A is the criterion id).
_RECORD_FIELDS = {"B": "date", "C": "rule", "D": "note"}

#: Column letter -> (Vietnamese heading, English meaning) of the criterion table.
COLUMNS: dict[str, tuple[str, str]] = {
    "A": ("Nhóm", "group"),
    "B": ("Mã tiêu chí", "criterion id"),
    "C": ("Tên tiêu chí", "criterion"),
    "D": ("Cách tính điểm", "how it is scored"),
    "E": ("Điểm tối đa", "max points"),
    "F": ("Điểm tự chấm", "self-score"),
    "G": ("Có/Không", "yes/no"),
    "H": ("Tử số / Số đạt", "numerator / answered / satisfied"),
    "I": ("Mẫu số / Tổng số", "denominator / required / responses"),
    "J": ("Số lượng", "count / violations / survey forms (số phiếu) / a tally's figure"),
    "K": ("Điểm chỉ số", "index score"),
    "L": ("Nguồn chỉ số", "index source"),
    "M": ("Các mục đã thực hiện", "checklist items done"),
    "N": ("Minh chứng", "evidence"),
    "O": ("Ghi chú", "note"),
    "P": ("kind", "measure kind (hidden)"),
}
_LAST = "O"  # the last printed column; P is hidden

#: The columns a measure kind may use for its value (each kind's module says which it uses).
_VALUE_COLUMNS = ("G", "H", "I", "J", "K", "L", "M")
#: Columns holding counts (whole numbers >= 0) in whatever kind uses them.
_COUNT_COLUMNS = ("H", "I", "J")
#: Value columns holding text (formatted as text, so what is typed stays text).
_TEXT_COLUMNS = ("G", "L", "M", "N", "O")
#: The widths of the main sheet's columns, chosen to print on A4 landscape.
_WIDTHS = {
    "A": 10.0,
    "B": 14.0,
    "C": 30.0,
    "D": 28.0,
    "E": 7.0,
    "F": 10.0,
    "G": 7.0,
    "H": 8.0,
    "I": 8.0,
    "J": 7.0,
    "K": 7.0,
    "L": 11.0,
    "M": 11.0,
    "N": 20.0,
    "O": 16.0,
}

#: key -> (label cell, label, value cell) of the unit and period cells above the table.
_HEADER_CELLS = {
    "framework": ("A2", "Bộ tiêu chí", "B2"),
    "version": ("C2", "Phiên bản", "D2"),
    "code": ("A3", "Mã xã", "B3"),
    "name": ("C3", "Tên xã", "D3"),
    "former_code": ("E3", "Mã xã cũ", "F3"),
    "province": ("A4", "Tỉnh", "B4"),
    "type": ("C4", "Loại", "D4"),
    "level": ("E4", "Cấp", "F4"),
    "year": ("A5", "Năm đánh giá", "B5"),
    "start": ("C5", "Từ ngày", "D5"),
    "end": ("E5", "Đến ngày", "F5"),
    "submitted": ("A6", "Ngày nộp", "B6"),
    "district": ("C6", "Huyện cũ", "D6"),
    "district_code": ("E6", "Mã huyện cũ", "F6"),
    "note": ("A7", "Ghi chú chung", "B7"),
}
_TEXT_CELLS = (
    "code",
    "name",
    "former_code",
    "province",
    "level",
    "district",
    "district_code",
    "note",
)
#: What cell F4 holds for `Unit.level` "province"; empty means a commune-level unit.
_PROVINCE_LEVEL = "tỉnh"
_DATE_CELLS = ("start", "end", "submitted")
#: Explanations beside the unit and period cells (merged across G..O).
_HINTS = {
    2: "Ô nền vàng là ô cần điền; ô nền xám là ô tiêu chí không dùng. Mã xã, mã huyện ghi"
    " dạng văn bản (giữ số 0 ở đầu).",
    5: "Ghi năm (B5) hoặc khoảng thời gian (D5, F5); ngày dạng YYYY-MM-DD.",
    6: "Huyện cũ, mã huyện cũ: huyện mà xã trực thuộc trước 1/7/2025, nếu cần ghi; mã xã cũ:"
    " mã trước khi sắp xếp năm 2025, nếu đã thay đổi.",
}

#: The unit types the assessment model accepts, in the order a list offers them.
_UNIT_TYPES: tuple[str, ...] = tuple(
    t for arg in get_args(Unit.model_fields["type"].annotation) for t in get_args(arg)
)
_TOWN = "thị trấn"


def unit_types(framework: Framework, period: int | Period | None = None) -> tuple[str, ...]:
    """The unit types (loại) the form offers: those a self-assessment accepts for the period.

    "thị trấn" exists for periods ending by 30/6/2025 only: since 1/7/2025 commune-level
    units are xã, phường or đặc khu (the rule of
    [`SelfAssessment`][chinhquyen.scoring.SelfAssessment]). Without a period, the framework's
    dates decide: "thị trấn" is offered unless the framework came into force after 30/6/2025.

    Args:
        framework: the framework the form is for.
        period: the assessment period (a year, or a [`Period`][chinhquyen.scoring.Period]),
            if known.
    """
    if period is None:
        town = framework.effective_from <= DISTRICT_LEVEL_ENDED
    else:
        end = dt.date(period, 12, 31) if isinstance(period, int) else period.end
        town = end <= DISTRICT_LEVEL_ENDED
    return tuple(t for t in _UNIT_TYPES if t != _TOWN or town)


# --- template ------------------------------------------------------------------------------------


def template(
    framework: Framework,
    assessment: SelfAssessment | None = None,
    *,
    period: int | Period | None = None,
    conduct_codes: Iterable[ConductCode] = (),
) -> Workbook:
    """Return the self-assessment form of `framework` as an openpyxl workbook.

    Args:
        framework: the criteria set the commune assesses itself against.
        assessment: optional answers to pre-fill (e.g. last year's, or a form to review),
            violation records included; it reads back as the same assessment.
        period: the assessment period of a blank form (a year or a
            [`Period`][chinhquyen.scoring.Period]): written into the form, and deciding the
            unit types offered (see [`unit_types`][chinhquyen.scoring.excel.unit_types]);
            by default the assessment's, if any.
        conduct_codes: conduct codes named by the framework's deduction criteria that are
            not in the catalogue (`chinhquyen.criteria.conduct_code`); the catalogue is
            asked for the others.

    Raises:
        MissingExtraError: if openpyxl is not installed.
        UnknownConductCodeError: if a deduction criterion names a conduct code that is
            neither given nor in the catalogue.
        DataFileError: if `assessment` is for another framework or another period than
            `period`, answers a criterion or disqualifier the framework does not have, gives
            a criterion a value of another measure kind, has violation records for a
            criterion not scored by deduction, or has a field the form has no cell for (a
            period's label, a district's `valid_to` other than 30/6/2025).
        WriteError: a text or number of `framework` or `assessment` that a cell could not
            give back unchanged (naming the cell and the field).
    """
    openpyxl = require("openpyxl", "excel", "chinhquyen.scoring.excel.template()")
    if assessment is not None:
        if assessment.framework != framework.id:
            raise DataFileError(
                "<template>",
                f"the assessment is for {assessment.framework!r}, not {framework.id!r}",
            )
        if period is not None and _period_key(period) != _period_key(assessment.period):
            raise DataFileError(
                "<template>",
                f"period={_period_key(period)} differs from the assessment's period"
                f" {assessment.period_label}",
            )
        period = assessment.period
    codes = _CodeBook(conduct_codes)
    wb = openpyxl.Workbook()
    layout.add_styles(wb)
    ws = wb.active
    ws.title = SHEET
    rows = _main_sheet(ws, framework, period)
    _disqualifiers_sheet(wb, framework)
    _violations_sheet(wb, framework, codes)
    if assessment is not None:
        _fill(wb, framework, assessment)
    elif period is not None:
        _fill_period(ws, period)
    _fit(wb, rows)
    book: Workbook = wb
    return book


def _period_key(period: int | Period) -> str:
    if isinstance(period, int):
        return str(period)
    return f"{period.start.isoformat()} – {period.end.isoformat()}"


def _criteria(framework: Framework) -> list[tuple[str | None, Criterion]]:
    return [(g.id, c) for g in framework.groups for c in g.criteria] + [
        (None, c) for c in framework.bonus_penalty
    ]


class _Validations:
    """Data validations of one sheet, each given once with all its cells (a range per run).

    Adding cells one by one to an openpyxl validation checks each against all the others
    (quadratic: a minute for 10,000 criteria); here the cells are collected first.
    """

    def __init__(self, ws: Worksheet) -> None:
        self._ws = ws
        self._cells: dict[tuple[tuple[str, Any], ...], list[tuple[str, int, int]]] = {}

    def add(self, letter: str, first: int, last: int | None = None, **kw: Any) -> None:
        key = tuple(sorted(kw.items()))
        self._cells.setdefault(key, []).append((letter, first, first if last is None else last))

    def close(self) -> None:
        dv_mod = require("openpyxl.worksheet.datavalidation", "excel", "chinhquyen.scoring.excel")
        for key, cells in self._cells.items():
            dv = dv_mod.DataValidation(
                allow_blank=True, showErrorMessage=True, sqref=" ".join(_runs(cells)), **dict(key)
            )
            self._ws.add_data_validation(dv)


def _runs(cells: list[tuple[str, int, int]]) -> Iterator[str]:
    """Cells as ranges: `[("F", 9, 9), ("F", 10, 10), ("F", 12, 12)]` -> `F9:F10`, `F12`."""
    by_letter: dict[str, list[tuple[int, int]]] = {}
    for letter, first, last in cells:
        by_letter.setdefault(letter, []).append((first, last))
    for letter, spans in by_letter.items():
        spans.sort()
        start, end = spans[0]
        for first, last in [*spans[1:], (0, 0)]:
            if first == end + 1:
                end = last
                continue
            yield f"{letter}{start}" if start == end else f"{letter}{start}:{letter}{end}"
            start, end = first, last


def _main_sheet(ws: Worksheet, framework: Framework, period: int | Period | None) -> int:
    """Lay out sheet `Tự chấm điểm`; return its last criterion row."""
    dv = _Validations(ws)
    layout.put(ws["A1"], f"PHIẾU TỰ CHẤM ĐIỂM — {framework.title}", "tiêu đề (A1)", layout.TITLE)
    ws.merge_cells(f"A1:{_LAST}1")
    for key, (label_ref, label, value_ref) in _HEADER_CELLS.items():
        layout.put(ws[label_ref], label, label_ref, layout.LABEL)
        if key in ("framework", "version"):
            ws[value_ref].style = layout.FIXED_TEXT
        elif key in _DATE_CELLS:
            ws[value_ref].style = layout.INPUT_DATE
        elif key in _TEXT_CELLS:
            ws[value_ref].style = layout.INPUT_TEXT
        else:
            ws[value_ref].style = layout.INPUT
    ws.merge_cells(f"B7:{_LAST}7")
    for r, hint in _HINTS.items():
        layout.put(ws[f"G{r}"], hint, f"G{r}", layout.NOTE)
        ws.merge_cells(f"G{r}:{_LAST}{r}")
    layout.put(ws["B2"], framework.id, "bộ tiêu chí (B2)")
    layout.put(ws["D2"], framework.version, "phiên bản (D2)")

    types = unit_types(framework, period)
    dv.add(
        "D",
        4,
        type="list",
        formula1='"' + ",".join(types) + '"',
        showInputMessage=True,
        promptTitle="Loại đơn vị",
        prompt="thị trấn: chỉ cho kỳ đánh giá kết thúc đến 30/6/2025"
        if _TOWN in types
        else "Từ 1/7/2025: xã, phường hoặc đặc khu",
    )
    dv.add(
        "F",
        4,
        type="list",
        formula1=f'"{_PROVINCE_LEVEL}"',
        showInputMessage=True,
        promptTitle="Cấp đơn vị",
        prompt="Để trống với đơn vị cấp xã; chọn tỉnh với UBND tỉnh hoặc cơ quan cấp tỉnh",
    )
    dv.add("B", 5, type="whole", operator="between", formula1="1990", formula2="2100")
    for ref in ("D5", "F5", "B6"):
        dv.add(ref[0], int(ref[1:]), type="date", operator="greaterThan", formula1="32874")

    for letter, (heading, _en) in COLUMNS.items():
        style = layout.HIDDEN if letter == "P" else layout.HEADING
        layout.put(ws[f"{letter}{_HEAD_ROW}"], heading, f"{letter}{_HEAD_ROW}", style)
    for letter, width in _WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["P"].hidden = True

    row = FIRST_ROW - 1
    for row, (group_id, crit) in enumerate(_criteria(framework), start=FIRST_ROW):
        kind = crit.measure.kind
        form = KINDS[kind].form
        floor = lowest(crit)
        at = _field(crit.id, SHEET, row)
        layout.put(ws[f"A{row}"], group_id or "Điểm cộng/trừ", at("A", "nhóm"), layout.FIXED_TEXT)
        layout.put(ws[f"B{row}"], crit.id, at("B", "mã tiêu chí"), layout.FIXED_TEXT)
        layout.put(ws[f"C{row}"], crit.title, at("C", "tên tiêu chí"), layout.FIXED)
        layout.put(ws[f"D{row}"], form.how(crit.measure), at("D", "cách tính điểm"), layout.FIXED)
        layout.put(ws[f"E{row}"], crit.max_points, at("E", "điểm tối đa"), layout.FIXED)
        layout.put(ws[f"P{row}"], kind, at("P", "kind"), layout.HIDDEN)
        open_cols = ("F", *form.columns, "N", "O")
        for letter in "FGHIJKLMNO":
            if letter not in open_cols:
                style = layout.UNUSED
            elif letter in _TEXT_COLUMNS:
                style = layout.INPUT_TEXT
            else:
                style = layout.INPUT
            ws[f"{letter}{row}"].style = style
        dv.add(
            "F",
            row,
            type="decimal",
            operator="between",
            formula1=fmt(floor),
            formula2=fmt(crit.max_points),
            error=f"Điểm tự chấm từ {fmt(floor)} đến {fmt(crit.max_points)}",
        )
        bounds = form.bounds(crit.measure)
        for letter in form.columns:
            if letter == "G":
                dv.add("G", row, type="list", formula1=f'"{YES},{NO}"')
            elif letter in _COUNT_COLUMNS and letter not in bounds:
                dv.add(letter, row, type="whole", operator="greaterThanOrEqual", formula1="0")
        for letter, (low, high) in bounds.items():
            dv.add(
                letter,
                row,
                type="decimal",
                operator="between",
                formula1=fmt(low),
                formula2=fmt(high),
            )
    dv.close()
    ws.freeze_panes = f"C{FIRST_ROW}"
    ws.protection.sheet = True  # header and framework columns locked; no password
    layout.print_setup(
        ws, area=f"A1:{_LAST}{max(row, FIRST_ROW)}", title_rows=f"{_HEAD_ROW}:{_HEAD_ROW}"
    )
    return row


def _field(key: str, sheet: str, row: int) -> Any:
    """Names a cell of a row for messages: `at("O", "ghi chú")` -> `ghi chú of tc-1 (Tự…!O9)`."""

    def at(letter: str, what: str) -> str:
        return f"{what} of {key} ({sheet}!{letter}{row})"

    return at


def _fit(wb: Workbook, last: int) -> None:
    """Row heights of every sheet for its wrapped text, once the cells are all written."""
    ws = wb[SHEET]
    width = sum(_WIDTHS.values())
    spans = {
        "A1": width,
        "B7": width - _WIDTHS["A"],
        **{f"G{r}": sum(w for k, w in _WIDTHS.items() if k >= "G") for r in _HINTS},
    }
    layout.fit_rows(ws, [1], {"A": width}, spans=spans, least=30)
    layout.fit_rows(ws, range(2, _HEAD_ROW - 1), _WIDTHS, spans=spans)
    layout.fit_rows(ws, [_HEAD_ROW - 1], _WIDTHS, spans=spans, least=30)  # the general note
    layout.fit_rows(ws, range(_HEAD_ROW, last + 1), _WIDTHS)
    if SHEET_VIOLATIONS in wb.sheetnames:
        vs = wb[SHEET_VIOLATIONS]
        spans = {"A1": sum(_VIOLATION_WIDTHS.values()), "A2": sum(_VIOLATION_WIDTHS.values())}
        last = max(vs.max_row, VIOLATIONS_FIRST_ROW + _VIOLATIONS_SHOWN - 1)
        layout.fit_rows(vs, range(1, last + 1), _VIOLATION_WIDTHS, spans=spans)


def _deductions(framework: Framework) -> list[Criterion]:
    return [
        c
        for c in (*framework.criteria(), *framework.bonus_penalty)
        if c.measure.kind == "deduction"
    ]


class _CodeBook:
    """Conduct codes by id: the ones the caller gave, else the catalogue's (looked up once)."""

    def __init__(self, given: Iterable[ConductCode]) -> None:
        self._codes = {c.id: c for c in given}

    def get(self, code_id: str, criterion_id: str) -> ConductCode:
        if code_id not in self._codes:
            from chinhquyen import criteria

            try:
                self._codes[code_id] = criteria.conduct_code(code_id)
            except UnknownConductCodeError as e:
                raise UnknownConductCodeError(
                    f"criterion {criterion_id} is scored against conduct code {code_id!r},"
                    f" which is not in the catalogue ({e}); pass it as conduct_codes="
                ) from None
        return self._codes[code_id]


def _disqualifiers_sheet(wb: Workbook, framework: Framework) -> None:
    disqualifiers = [k for k in framework.knockouts if k.kind == "disqualifier"]
    if not disqualifiers:
        return
    ds = wb.create_sheet(SHEET_DISQUALIFIERS)
    dv = _Validations(ds)
    for letter, head in zip("ABC", ("Mã", "Nội dung", "Có xảy ra? (Có/Không)"), strict=True):
        layout.put(ds[f"{letter}1"], head, f"{SHEET_DISQUALIFIERS}!{letter}1", layout.HEADING)
    last = 1
    for last, k in enumerate(disqualifiers, start=2):
        at = _field(k.id, SHEET_DISQUALIFIERS, last)
        layout.put(ds[f"A{last}"], k.id, at("A", "mã"), layout.FIXED_TEXT)
        layout.put(ds[f"B{last}"], k.title, at("B", "nội dung"), layout.FIXED)
        ds[f"C{last}"].style = layout.INPUT_TEXT
    dv.add("C", 2, last, type="list", formula1=f'"{YES},{NO}"')
    dv.close()
    widths = {"A": 16.0, "B": 70.0, "C": 16.0}
    for letter, width in widths.items():
        ds.column_dimensions[letter].width = width
    ds.protection.sheet = True
    layout.fit_rows(ds, range(1, last + 1), widths)
    layout.print_setup(ds, area=f"A1:C{last}", title_rows="1:1", header=SHEET_DISQUALIFIERS)


def _violations_sheet(wb: Workbook, framework: Framework, codes: _CodeBook) -> None:
    """Add sheets `Vi phạm` (one row per violation) and `Danh mục vi phạm` (its lists)."""
    deductions = _deductions(framework)
    if not deductions:
        return
    # the lists live on their own locked sheet: an inline list is limited to 255 characters
    ls = wb.create_sheet(SHEET_VIOLATION_LISTS)
    at = f"{SHEET_VIOLATION_LISTS}!{{}}"
    layout.put(
        ls["A1"],
        f"Danh mục dùng cho trang '{SHEET_VIOLATIONS}' (lists used by that sheet)",
        at.format("A1"),
        layout.LABEL,
    )
    ls.merge_cells("A1:G1")
    heads = {
        "A": "Mã tiêu chí",
        "B": "Tên tiêu chí",
        "C": "Bộ quy tắc ứng xử",
        "E": "Quy tắc (ghi ở cột C)",
        "F": "Nội dung quy tắc",
        "G": "Rule (English)",
    }
    for letter, head in heads.items():
        layout.put(ls[f"{letter}2"], head, at.format(f"{letter}2"), layout.HEADING)
    refs: list[tuple[str, str, str | None]] = []
    seen: set[str] = set()
    uncoded = False
    for i, crit in enumerate(deductions, start=3):
        code_id: str | None = getattr(crit.measure, "conduct_code", None)
        layout.put(ls[f"A{i}"], crit.id, at.format(f"A{i}"), layout.FIXED_TEXT)
        layout.put(ls[f"B{i}"], crit.title, at.format(f"B{i}"), layout.FIXED)
        if code_id is None:
            uncoded = True
            continue
        layout.put(ls[f"C{i}"], code_id, at.format(f"C{i}"), layout.FIXED_TEXT)
        if code_id not in seen:
            seen.add(code_id)
            code = codes.get(code_id, crit.id)
            refs += [(f"{code.id}#{r.id}", r.text, r.text_en) for r in code.rules()]
    for i, (ref, text, text_en) in enumerate(refs, start=3):
        layout.put(ls[f"E{i}"], ref, at.format(f"E{i}"), layout.FIXED_TEXT)
        layout.put(ls[f"F{i}"], text, at.format(f"F{i}"), layout.FIXED)
        if text_en is not None:
            layout.put(ls[f"G{i}"], text_en, at.format(f"G{i}"), layout.FIXED)
    list_widths = {"A": 14.0, "B": 45.0, "C": 32.0, "D": 3.0, "E": 45.0, "F": 30.0, "G": 30.0}
    for letter, width in list_widths.items():
        ls.column_dimensions[letter].width = width
    ls.protection.sheet = True
    last_list = max(len(deductions), len(refs)) + 2
    layout.fit_rows(ls, range(1, last_list + 1), list_widths, spans={"A1": 200.0})
    layout.print_setup(ls, area=f"A1:G{last_list}", title_rows="2:2")

    vs = wb.create_sheet(SHEET_VIOLATIONS, index=1)
    at = f"{SHEET_VIOLATIONS}!{{}}"
    layout.put(vs["A1"], "DANH SÁCH VI PHẠM — mỗi vi phạm một dòng", at.format("A1"), layout.TITLE)
    layout.put(
        vs["A2"],
        "Violation records, one per row, for the criteria scored by deduction; the rule is"
        " written <conduct code id>#<rule id> (see sheet "
        f"'{SHEET_VIOLATION_LISTS}')",
        at.format("A2"),
        layout.NOTE,
    )
    vs.merge_cells("A1:D1")
    vs.merge_cells("A2:D2")
    for letter, (head, head_en) in VIOLATION_COLUMNS.items():
        layout.put(vs[f"{letter}{_VIOLATIONS_HEAD_ROW}"], head, at.format(letter), layout.HEADING)
        layout.put(
            vs[f"{letter}{_VIOLATIONS_HEAD_ROW + 1}"], head_en, at.format(letter), layout.NOTE
        )
    for letter, width in _VIOLATION_WIDTHS.items():
        vs.column_dimensions[letter].width = width
    first, last = VIOLATIONS_FIRST_ROW, VIOLATIONS_FIRST_ROW + _VIOLATIONS_VALIDATED - 1
    # whatever is typed below the coloured rows stays text (codes) or a date
    vs.column_dimensions["A"].number_format = TEXT_FORMAT
    vs.column_dimensions["B"].number_format = layout.DATE_FORMAT
    vs.column_dimensions["C"].number_format = TEXT_FORMAT
    vs.column_dimensions["D"].number_format = TEXT_FORMAT
    for r in range(first, first + _VIOLATIONS_SHOWN):  # input-coloured rows show where to write
        for letter in VIOLATION_COLUMNS:
            vs[f"{letter}{r}"].style = layout.INPUT_DATE if letter == "B" else layout.INPUT_TEXT
    vs.freeze_panes = f"A{first}"
    lists = f"'{SHEET_VIOLATION_LISTS}'"
    dv = _Validations(vs)
    dv.add(
        "A",
        first,
        last,
        type="list",
        formula1=f"{lists}!$A$3:$A${len(deductions) + 2}",
        error="Chọn một tiêu chí trừ điểm (criterion scored by deduction)",
    )
    dv.add(
        "B",
        first,
        last,
        type="date",
        operator="greaterThan",
        formula1="32874",  # after 1990, as the main sheet's dates
        error="Ghi ngày (a date), dạng YYYY-MM-DD",
    )
    if refs:
        dv.add(
            "C",
            first,
            last,
            type="list",
            formula1=f"{lists}!$E$3:$E${len(refs) + 2}",
            # a criterion with no conduct code takes free text, so only warn then
            errorStyle="warning" if uncoded else "stop",
            error="Chọn quy tắc dạng <mã bộ quy tắc>#<mã quy tắc>"
            + (" (tiêu chí không theo bộ quy tắc: ghi tự do)" if uncoded else ""),
        )
    dv.close()
    layout.print_setup(
        vs,
        area=f"A1:D{first + _VIOLATIONS_SHOWN - 1}",
        title_rows=f"{_VIOLATIONS_HEAD_ROW}:{_VIOLATIONS_HEAD_ROW + 1}",
    )


# --- writing cells -------------------------------------------------------------------------------


def _answer_text(cell: Any, text: str, field: str) -> None:
    """Write a text the form reads back: the reader trims a cell's ends, so they must be bare."""
    if text != text.strip():
        raise WriteError(
            field,
            f"{text[:40]!r} begins or ends with a space or a line break, which the form's reader"
            " trims; remove it",
        )
    layout.put(cell, text, field)


def _fill_period(ws: Worksheet, period: int | Period) -> None:
    if isinstance(period, int):
        layout.put(ws["B5"], period, "năm đánh giá (B5)")
        return
    if period.label is not None:
        raise DataFileError(
            "<template>",
            f"the period has the label {period.label!r}, and the form has no cell for a"
            " period's label; leave it out (the form keeps the dates)",
        )
    layout.put(ws["D5"], period.start, "từ ngày (D5)")
    layout.put(ws["F5"], period.end, "đến ngày (F5)")


def _fill(wb: Workbook, framework: Framework, a: SelfAssessment) -> None:
    ws = wb[SHEET]
    unit = a.unit
    texts: dict[str, str | None] = {
        "code": unit.code,
        "name": unit.name,
        "former_code": unit.former_code,
        "province": unit.province,
        "type": unit.type,
        "level": _PROVINCE_LEVEL if unit.level == "province" else None,
        "district": unit.district.name if unit.district else None,
        "district_code": unit.district.code if unit.district else None,
        "note": a.note,
    }
    if unit.district is not None and unit.district.valid_to != DISTRICT_LEVEL_ENDED:
        raise DataFileError(
            "<template>",
            f"unit.district.valid_to is {unit.district.valid_to.isoformat()}, and the form has"
            " no cell for it (it reads a district as valid to 2025-06-30)",
        )
    for key, text in texts.items():
        if text is not None:
            _l, label, ref = _HEADER_CELLS[key]
            _answer_text(ws[ref], text, f"{label.lower()} ({SHEET}!{ref})")
    _fill_period(ws, a.period)
    if a.submitted is not None:
        layout.put(ws["B6"], a.submitted, "ngày nộp (B6)")
    rows = {c.id: r for r, (_g, c) in enumerate(_criteria(framework), start=FIRST_ROW)}
    known = {c.id: c for c in (*framework.criteria(), *framework.bonus_penalty)}
    records: list[tuple[str, ViolationRecord]] = []
    for cid, answer in a.answers.items():
        if cid not in rows:
            raise DataFileError(
                "<template>", f"the assessment answers {cid!r}, not a criterion of {framework.id}"
            )
        r = rows[cid]
        at = _field(cid, SHEET, r)
        if answer.self_score is not None:
            layout.put(ws[f"F{r}"], answer.self_score, at("F", "điểm tự chấm"))
        v: Any = answer.value
        if v is not None:
            kind = known[cid].measure.kind
            if v.kind != kind:
                raise DataFileError(
                    "<template>",
                    f"the assessment gives {cid!r} a {v.kind} value, but {framework.id} measures"
                    f" it as {kind}",
                )
            for letter, cell in KINDS[kind].form.write(v).items():
                field = at(letter, COLUMNS[letter][0].lower())
                if isinstance(cell, str):
                    _answer_text(ws[f"{letter}{r}"], cell, field)
                else:
                    layout.put(ws[f"{letter}{r}"], cell, field)
            records += [(cid, record) for record in getattr(v, "records", ())]
        if answer.evidence:
            field = at("N", "minh chứng")
            lines = "\n".join(_evidence_line(e, field) for e in answer.evidence)
            _answer_text(ws[f"N{r}"], lines, field)
        if answer.note is not None:
            _answer_text(ws[f"O{r}"], answer.note, at("O", "ghi chú"))
    if records:
        _fill_records(wb, framework, records)
    if a.disqualifiers:
        ids = [k.id for k in framework.knockouts if k.kind == "disqualifier"]
        unknown = [d for d in a.disqualifiers if d not in ids]
        if unknown:
            raise DataFileError(
                "<template>",
                f"the assessment answers disqualifier(s) {', '.join(map(repr, unknown))}, not"
                f" in {framework.id} (its disqualifiers: {', '.join(ids) or 'none'})",
            )
        ds = wb[SHEET_DISQUALIFIERS]
        for i, did in enumerate(ids, start=2):
            if did in a.disqualifiers:
                layout.put(ds[f"C{i}"], YES if a.disqualifiers[did] else NO, f"{did} (C{i})")


def _fill_records(
    wb: Workbook, framework: Framework, records: list[tuple[str, ViolationRecord]]
) -> None:
    deductions = {c.id for c in _deductions(framework)}
    vs = wb[SHEET_VIOLATIONS] if SHEET_VIOLATIONS in wb.sheetnames else None
    r = VIOLATIONS_FIRST_ROW
    for r, (cid, record) in enumerate(records, start=VIOLATIONS_FIRST_ROW):
        if vs is None or cid not in deductions:
            raise DataFileError(
                "<template>",
                f"the assessment has violation records for {cid!r}, which {framework.id}"
                " does not score by deduction",
            )
        style = layout.INPUT_TEXT if r >= VIOLATIONS_FIRST_ROW + _VIOLATIONS_SHOWN else None
        layout.put(vs[f"A{r}"], cid, f"{SHEET_VIOLATIONS}!A{r}", style)
        for letter, field in _RECORD_FIELDS.items():
            value = getattr(record, field)
            what = (
                f"{VIOLATION_COLUMNS[letter][0].lower()} of {cid} ({SHEET_VIOLATIONS}!{letter}{r})"
            )
            if style is not None:
                vs[f"{letter}{r}"].style = layout.INPUT_DATE if letter == "B" else style
            if isinstance(value, str):
                _answer_text(vs[f"{letter}{r}"], value, what)
            elif value is not None:
                layout.put(vs[f"{letter}{r}"], value, what)  # the date, as a date cell
    if vs is not None:
        last = max(r, VIOLATIONS_FIRST_ROW + _VIOLATIONS_SHOWN - 1)
        vs.print_area = f"A1:D{last}"


_EVIDENCE_LABELS = {"số": "document", "tệp": "file", "url": "url", "tên": "title", "ngày": "date"}
_LABEL = r"(?:số|tệp|url|tên|ngày)\s*:"
_PART_SPLIT = re.compile(rf";\s*(?={_LABEL})")


def _evidence_line(e: Any, field: str) -> str:
    """One piece of evidence as a line of labelled parts; refused if it would not read back."""
    parts = []
    for label, name in _EVIDENCE_LABELS.items():
        value = getattr(e, name)
        if value is None:
            continue
        text = value.isoformat() if name == "date" else value
        if "\n" in text or "\r" in text or text != text.strip() or _PART_SPLIT.search(text):
            raise WriteError(
                field,
                f"the evidence's {name} {text[:40]!r} holds a line break, a space at an end"
                f" or a '; label:', which separate evidence in the form; write it without",
            )
        parts.append(f"{label}: {text}")
    return "; ".join(parts)


# --- reading -------------------------------------------------------------------------------------


def read(
    source: str | os.PathLike[str] | bytes | Workbook,
    framework: Framework | None = None,
    *,
    conduct_codes: Iterable[ConductCode] = (),
    limits: Limits | None = None,
) -> SelfAssessment:
    """Read a filled-in form back into a [`SelfAssessment`][chinhquyen.scoring.SelfAssessment].

    Violation rows on sheet `Vi phạm` become the records of their criterion's deduction
    value; a form without that sheet has no records.

    Args:
        source: the `.xlsx` file, its content (`bytes`), or an openpyxl workbook (read as
            the file it saves to: a formula it holds has no saved result and is refused).
        framework: the framework the form was made from; by default the one whose id is in
            cell B2, from the registry.
        conduct_codes: conduct codes named by the framework's deduction criteria that are
            not in the catalogue; the catalogue is asked for the others, when a violation
            row names a rule.
        limits: the limits the workbook is checked against (see
            [`chinhquyen.readers.Limits`][chinhquyen.readers.Limits]); by default those in
            force.

    Raises:
        MissingExtraError: if openpyxl or defusedxml is not installed.
        UnknownConductCodeError: if a violation row names a rule of a criterion whose conduct
            code is neither given nor in the catalogue.
        FormatError: an `.ods`, `.xls`, `.xlsm` (or similar) file; the message says how to
            save it as `.xlsx`.
        LimitError: the workbook goes beyond the limits.
        ReaderError: naming the file, the sheet and cell and what the cell holds (e.g.
            `Tự chấm điểm!F12 (điểm tự chấm of ttdn-1): 17 exceeds the maximum 15`).
    """
    with _open(source, limits) as book:
        return _read(book, framework, _CodeBook(conduct_codes))


def _open(source: str | os.PathLike[str] | bytes | Workbook, limits: Limits | None) -> XlsxBook:
    if isinstance(source, str | os.PathLike):
        return open_xlsx(source, limits=limits)
    if isinstance(source, bytes | bytearray | memoryview):
        return open_xlsx(bytes(source), limits=limits)
    openpyxl = require("openpyxl", "excel", "chinhquyen.scoring.excel.read()")
    if not isinstance(source, openpyxl.Workbook):
        raise InvalidInputError(
            "source",
            [("source", f"expected a path, bytes or an openpyxl workbook, got {type(source)}")],
        )
    buffer = io.BytesIO()
    source.save(buffer)
    return open_xlsx(buffer.getvalue(), name="<workbook>", limits=limits)


def _read(book: XlsxBook, framework: Framework | None, codes: _CodeBook) -> SelfAssessment:
    if SHEET not in book:
        raise ReaderError(book.name, f"has no sheet {SHEET!r}; its sheets: {_listed(book)}")
    ws = _Sheet(book.sheet(SHEET))
    fw_id = ws.text("B2", "bộ tiêu chí")
    if fw_id is None:
        raise ws.error("B2", "bộ tiêu chí", "is empty; it must hold the framework id")
    if framework is None:
        from chinhquyen import criteria

        try:
            framework = criteria.load(fw_id)
        except Exception as e:
            raise ws.error("B2", "bộ tiêu chí", f"{fw_id!r} cannot be loaded: {e}") from None
    if framework.id != fw_id:
        raise ws.error("B2", "bộ tiêu chí", f"the form is for {fw_id!r}, not {framework.id!r}")
    for letter, (heading, _en) in COLUMNS.items():
        ref = f"{letter}{_HEAD_ROW}"
        if _heading(ws, ref) != heading:
            raise ws.error(
                ref,
                "tiêu đề cột",
                f"expected the heading {heading!r}; the form's layout was changed",
            )
    period = _period(ws)
    records = _records(book, framework, _bounds(period), codes)
    data: dict[str, Any] = {
        "framework": fw_id,
        "unit": _unit(ws),
        "period": period,
        "answers": _answers(ws, framework, records),
        "disqualifiers": _disqualifiers(book, framework),
    }
    version = ws.text("D2", "phiên bản")
    if version is not None:
        data["framework_version"] = version
    note = ws.text("B7", "ghi chú chung")
    if note is not None:
        data["note"] = note
    submitted = ws.sheet.value("B6", "ngày nộp")
    if submitted is not None:
        data["submitted"] = ws.date("B6", "ngày nộp")
    try:
        return SelfAssessment.model_validate(data)
    except InvalidInputError as e:
        raise _locate(e, ws, data) from None


def _heading(ws: _Sheet, ref: str) -> CellValue:
    value = ws.sheet.value(ref, "tiêu đề cột")
    return value.strip() if isinstance(value, str) else value


def _listed(book: XlsxBook) -> str:
    return ", ".join(map(repr, book.sheetnames))


@dataclass(frozen=True)
class _Sheet:
    """A sheet of the form, with the form's rules for text, numbers and dates."""

    sheet: XlsxSheet

    def error(self, ref: str, what: str, message: str) -> ReaderError:
        return ReaderError(self.sheet.name, message, self.sheet.where(ref, what))

    def text(self, ref: str, what: str) -> str | None:
        """The cell's text, its ends trimmed; None when empty. A number is refused."""
        text = self.sheet.text(ref, what)
        if text is None:
            return None
        return text.strip() or None

    def date(self, ref: str, what: str) -> dt.date:
        value = self.sheet.value(ref, what)
        if isinstance(value, dt.datetime):
            if value.time() != dt.time(0):
                raise self.error(ref, what, f"{value.isoformat()} has a time of day; give a date")
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.error(
            ref, what, f"{_shown(value)} is not a date; use a date cell or YYYY-MM-DD text"
        )

    def decimal(self, ref: str, what: str) -> Decimal:
        """The cell as an exact number: a number cell, or text such as `13,5` or `13.5`."""
        value = self.sheet.value(ref, what)
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        if isinstance(value, Decimal):
            return value
        if isinstance(value, str):
            try:
                return parse_decimal(value)
            except ValueError as e:
                raise self.error(ref, what, str(e)) from None
        raise self.error(ref, what, f"{_shown(value)} is not a number")

    def count(self, ref: str, what: str) -> int:
        number = self.decimal(ref, what)
        if number != number.to_integral_value() or number < 0:
            raise self.error(ref, what, f"{fmt(number)} is not a whole number >= 0")
        return int(number)


def _shown(value: CellValue) -> str:
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return repr(value)


def _unit(ws: _Sheet) -> dict[str, Any]:
    unit: dict[str, Any] = {}
    district: dict[str, Any] = {}
    keys = ("code", "name", "province", "type", "level", "former_code", "district", "district_code")
    for key in keys:
        _l, label, ref = _HEADER_CELLS[key]
        text = ws.text(ref, label.lower())
        if text is None:
            if key in ("code", "name", "province"):
                raise ws.error(ref, label.lower(), "is empty; it is required")
            continue
        if key == "level":
            if text != _PROVINCE_LEVEL:
                raise ws.error(
                    ref,
                    label.lower(),
                    f"{text!r} is not a level the form knows: write {_PROVINCE_LEVEL!r} for a"
                    " province-level unit, or leave it empty for a commune-level unit",
                )
            unit["level"] = "province"
        elif key == "district":
            district["name"] = text
        elif key == "district_code":
            district["code"] = text
        else:
            unit[key] = text
    if district:
        unit["district"] = district
    return unit


def _period(ws: _Sheet) -> Any:
    year = ws.sheet.value("B5", "năm đánh giá")
    start, end = ws.sheet.value("D5", "từ ngày"), ws.sheet.value("F5", "đến ngày")
    if year is not None:
        if start is not None or end is not None:
            raise ws.error("B5", "năm đánh giá", "give either the year (B5) or D5/F5, not both")
        if isinstance(year, str) and year.strip().isdigit():
            year = int(year.strip())
        elif isinstance(year, Decimal) and year == year.to_integral_value():
            year = int(year)
        if not isinstance(year, int) or isinstance(year, bool) or not 1 <= year <= 9999:
            raise ws.error("B5", "năm đánh giá", f"{_shown(year)} is not a year such as 2025")
        return year
    if start is None or end is None:
        raise ws.error(
            "B5", "kỳ đánh giá", "no period: give the year in B5, or both dates in D5 and F5"
        )
    return {"start": ws.date("D5", "từ ngày"), "end": ws.date("F5", "đến ngày")}


def _answers(ws: _Sheet, fw: Framework, records: dict[str, _Records]) -> dict[str, Any]:
    """Every criterion row of the sheet, by id, down to its last row (blank rows skipped)."""
    known = {c.id: c for c in (*fw.criteria(), *fw.bonus_penalty)}
    answers: dict[str, Any] = {}
    rows: dict[str, int] = {}
    sheet = ws.sheet
    width = len(COLUMNS)
    for r in range(FIRST_ROW, sheet.max_row + 1):
        cid = ws.text(f"B{r}", "mã tiêu chí")
        if cid is None:
            for letter in COLUMNS:
                value = sheet.value(f"{letter}{r}")
                if value is not None and (not isinstance(value, str) or value.strip()):
                    raise ws.error(
                        f"{letter}{r}",
                        COLUMNS[letter][0].lower(),
                        f"holds {_shown(value)[:40]} but row {r} has no criterion id in B; write"
                        " answers only in a criterion's row",
                    )
            continue
        if cid not in known:
            raise ws.error(f"B{r}", "mã tiêu chí", f"{cid!r} is not a criterion of {fw.id}")
        if cid in rows:
            raise ws.error(
                f"B{r}", "mã tiêu chí", f"{cid!r} appears twice (first in row {rows[cid]})"
            )
        rows[cid] = r
        answer = _row(ws, r, known[cid])
        if cid in records:
            answer["value"] = _with_records(answer.get("value"), records[cid], ws, r, cid)
        if answer:
            answers[cid] = answer
    _nothing_beyond(ws, FIRST_ROW, width, "A-P", "the note (O) of its criterion")
    for cid, recs in records.items():
        if cid not in answers:  # the criterion's row was taken off the main sheet
            answers[cid] = {"value": _with_records(None, recs, ws, None, cid)}
    return answers


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class _Records:
    rows: list[int]
    records: list[dict[str, Any]]


def _with_records(
    value: dict[str, Any] | None, recs: _Records, ws: _Sheet, r: int | None, cid: str
) -> dict[str, Any]:
    """Put a criterion's violation rows into its deduction value, checking the count in J."""
    if value is None:
        return {"kind": "deduction", "records": recs.records}
    if value["violations"] != len(recs.records):
        rows = ", ".join(str(n) for n in recs.rows)
        raise ws.error(
            f"J{r}",
            f"{COLUMNS['J'][0].lower()} of {cid}",
            f"{value['violations']} violation(s) here but {len(recs.records)} row(s) for {cid}"
            f" on sheet {SHEET_VIOLATIONS!r} (rows {rows}); make them equal, or leave J{r}"
            " empty to count the rows",
        )
    return {**value, "records": recs.records}


def _bounds(period: Any) -> tuple[dt.date, dt.date]:
    if isinstance(period, int):
        return dt.date(period, 1, 1), dt.date(period, 12, 31)
    start: dt.date = period["start"]
    end: dt.date = period["end"]
    return start, end


def _records(
    book: XlsxBook, fw: Framework, bounds: tuple[dt.date, dt.date], codes: _CodeBook
) -> dict[str, _Records]:
    """Read sheet `Vi phạm`: the violation rows of each deduction criterion, in row order."""
    if SHEET_VIOLATIONS not in book:
        return {}  # a form made before the sheet existed
    vs = _Sheet(book.sheet(SHEET_VIOLATIONS))
    for letter, (heading, _en) in VIOLATION_COLUMNS.items():
        ref = f"{letter}{_VIOLATIONS_HEAD_ROW}"
        if _heading(vs, ref) != heading:
            raise vs.error(
                ref,
                "tiêu đề cột",
                f"expected the heading {heading!r}; the form's layout was changed",
            )
    deductions = {c.id: c for c in _deductions(fw)}
    out: dict[str, _Records] = {}
    for r in range(VIOLATIONS_FIRST_ROW, vs.sheet.max_row + 1):
        at = _RowAt(vs, r)
        first = vs.sheet.value(at.ref("A"), at.what("A"))
        named = first.strip() if isinstance(first, str) and first.strip() else None
        values = [first] + [vs.sheet.value(at.ref(k), at.what(k, named)) for k in "BCD"]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        cid, record = _record(at, fw, deductions, bounds, codes)
        entry = out.setdefault(cid, _Records([], []))
        entry.rows.append(r)
        entry.records.append(record)
    _nothing_beyond(vs, VIOLATIONS_FIRST_ROW, len(VIOLATION_COLUMNS), "A-D", "the note (D)")
    return out


def _nothing_beyond(ws: _Sheet, first: int, width: int, columns: str, instead: str) -> None:
    """Refuse a value right of the form's columns, where nothing is read."""
    if ws.sheet.max_column <= width:
        return
    for r, values in ws.sheet.rows(first, min_col=width + 1):
        for i, value in enumerate(values):
            if value is not None and (not isinstance(value, str) or value.strip()):
                raise ws.error(
                    f"{_column_letter(width + 1 + i)}{r}",
                    "ngoài bảng",
                    f"holds {_shown(value)[:40]} outside the form's columns ({columns}), where"
                    f" nothing is read; move it into {instead}",
                )


@dataclass(frozen=True)
class _RowAt:
    """A row of sheet `Vi phạm`."""

    ws: _Sheet
    row: int

    def ref(self, letter: str) -> str:
        return f"{letter}{self.row}"

    def what(self, letter: str, cid: str | None = None) -> str:
        return VIOLATION_COLUMNS[letter][0].lower() + (f" of {cid}" if cid else "")

    def error(self, letter: str, message: str, cid: str | None = None) -> ReaderError:
        return self.ws.error(self.ref(letter), self.what(letter, cid), message)


def _record(
    at: _RowAt,
    fw: Framework,
    deductions: dict[str, Criterion],
    bounds: tuple[dt.date, dt.date],
    codes: _CodeBook,
) -> tuple[str, dict[str, Any]]:
    """One violation row: its criterion id and the record's fields, each checked."""
    valid_ids = ", ".join(deductions) or f"(none: {fw.id} scores nothing by deduction)"
    cid = at.ws.text(at.ref("A"), at.what("A"))
    if cid is None:
        raise at.error("A", f"is empty; each violation row names its criterion: {valid_ids}")
    if cid not in deductions:
        raise at.error("A", f"{cid!r} is not a criterion scored by deduction; valid: {valid_ids}")
    if at.ws.sheet.value(at.ref("B"), at.what("B", cid)) in (None, ""):
        raise at.error("B", "is empty; the date of the violation is required", cid)
    day = at.ws.date(at.ref("B"), at.what("B", cid))
    if not bounds[0] <= day <= bounds[1]:
        raise at.error(
            "B",
            f"{day.isoformat()} is outside the assessment period"
            f" {bounds[0].isoformat()} – {bounds[1].isoformat()}",
            cid,
        )
    record: dict[str, Any] = {"date": day}
    rule = at.ws.text(at.ref("C"), at.what("C", cid))
    if rule is not None:
        code_id: str | None = getattr(deductions[cid].measure, "conduct_code", None)
        if code_id is not None:
            refs = codes.get(code_id, cid).refs()
            if rule not in refs:
                full = f"{code_id}#{rule}"
                hint = f"write it as {full!r}; " if full in refs else ""
                raise at.error(
                    "C",
                    f"{rule!r} is not a rule of conduct code {code_id}; {hint}valid: "
                    + ", ".join(refs),
                    cid,
                )
        record["rule"] = rule
    note = at.ws.text(at.ref("D"), at.what("D", cid))
    if note is not None:
        record["note"] = note
    return cid, record


@dataclass(frozen=True)
class _Cells:
    """One criterion's row of the form, as a kind's reader sees it (see `FormCells`)."""

    ws: _Sheet
    row: int
    crit: Criterion
    values: dict[str, CellValue]

    def filled(self, letter: str) -> bool:
        value = self.values.get(letter)
        return value is not None and (not isinstance(value, str) or bool(value.strip()))

    def ref(self, letter: str) -> str:
        return f"{letter}{self.row}"

    def raw(self, letter: str) -> object:
        return self.values.get(letter)

    def text(self, letter: str) -> str | None:
        return self.ws.text(self.ref(letter), self.what(letter))

    def count(self, letter: str) -> int:
        return self.ws.count(self.ref(letter), self.what(letter))

    def decimal(self, letter: str) -> Decimal:
        return self.ws.decimal(self.ref(letter), self.what(letter))

    def error(self, letter: str, message: str) -> ReaderError:
        return self.ws.error(self.ref(letter), self.what(letter), message)

    def what(self, letter: str) -> str:
        return f"{COLUMNS[letter][0].lower()} of {self.crit.id}"


def _row(ws: _Sheet, r: int, crit: Criterion) -> dict[str, Any]:
    m: Any = crit.measure
    form = KINDS[m.kind].form
    values = {
        letter: ws.sheet.value(f"{letter}{r}", f"{COLUMNS[letter][0].lower()} of {crit.id}")
        for letter in "FGHIJKLMNO"
    }
    cells = _Cells(ws, r, crit, values)
    for letter in _VALUE_COLUMNS:
        if cells.filled(letter) and letter not in form.columns:
            raise cells.error(
                letter,
                f"must be empty: {crit.id} is measured as {m.kind}, which uses "
                + (", ".join(form.columns) or "only the self-score (F)"),
            )
    answer: dict[str, Any] = {}
    if cells.filled("F"):
        score = cells.decimal("F")
        floor = lowest(crit)
        if score > crit.max_points:
            raise cells.error("F", f"{fmt(score)} exceeds the maximum {fmt(crit.max_points)}")
        if score < floor:
            raise cells.error("F", f"{fmt(score)} is below {fmt(floor)}")
        answer["self_score"] = score
    value = form.read(cells, m)
    if value is not None:
        answer["value"] = value
    evidence = cells.text("N")
    if evidence is not None:
        answer["evidence"] = _evidence(evidence, cells)
    note = cells.text("O")
    if note is not None:
        answer["note"] = note
    return answer


def _disqualifiers(book: XlsxBook, fw: Framework) -> dict[str, bool]:
    ids = [k.id for k in fw.knockouts if k.kind == "disqualifier"]
    if not ids:
        return {}
    if SHEET_DISQUALIFIERS not in book:
        raise ReaderError(
            book.name,
            f"has no sheet {SHEET_DISQUALIFIERS!r}, and {fw.id} has disqualifiers; its sheets:"
            f" {_listed(book)}",
        )
    ds = _Sheet(book.sheet(SHEET_DISQUALIFIERS))
    out: dict[str, bool] = {}
    seen: dict[str, int] = {}
    for i in range(2, ds.sheet.max_row + 1):
        did = ds.text(f"A{i}", "mã")
        answer = ds.text(f"C{i}", f"có xảy ra? of {did}" if did else "có xảy ra?")
        if did is None:
            if answer is not None:
                raise ds.error(f"C{i}", "có xảy ra?", f"row {i} has an answer but no id in A")
            continue
        what = f"có xảy ra? of {did}"
        if did not in ids:
            raise ds.error(f"A{i}", "mã", f"{did!r} is not a disqualifier of {fw.id}")
        if did in seen:
            raise ds.error(f"A{i}", "mã", f"{did!r} appears twice (first in row {seen[did]})")
        seen[did] = i
        if answer is None:
            continue
        if answer not in (YES, NO):
            raise ds.error(f"C{i}", what, f"{answer!r} is not {YES} or {NO}")
        out[did] = answer == YES
    return out


def _evidence(text: str, cells: _Cells) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for line in (ln.strip() for ln in text.split("\n")):
        if not line:
            continue
        labelled = re.match(rf"^{_LABEL}", line)
        if not labelled:
            field = "url" if re.match(r"^https?://", line) else "document"
            out.append({field: line})
            continue
        item: dict[str, Any] = {}
        # split only where the next labelled part starts, so a title may contain ";"
        for part in (p.strip() for p in _PART_SPLIT.split(line)):
            if not part:
                continue
            label, sep, value = part.partition(":")
            target = _EVIDENCE_LABELS.get(label.strip())
            if not sep or target is None or not value.strip():
                raise cells.error(
                    "N",
                    f"{part!r} is not 'label: value' with a label among "
                    f"{', '.join(_EVIDENCE_LABELS)}",
                )
            if target in item:
                raise cells.error("N", f"{label.strip()!r} appears twice in one line")
            if target == "date":
                day = value.strip()
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
                    raise cells.error("N", f"ngày {day!r} is not a date written YYYY-MM-DD")
                item[target] = day
            else:
                item[target] = value.strip()
        out.append(item)
    return out


def _locate(e: InvalidInputError, ws: _Sheet, data: dict[str, Any]) -> ReaderError:
    """The model's first problem, located at its cell (e.g. `answers.tc-1.evidence.0` at N9).

    The problem keeps the model's code, value and messages (Vietnamese and English).
    """
    problem = e.problems[0]
    loc = problem.key
    parts = loc.split(".")
    ref = "A1"
    if parts[0] == "answers" and len(parts) > 2 and parts[1] in (rows := _answer_rows(ws)):
        letter = {"self_score": "F", "evidence": "N", "note": "O"}.get(parts[2], "P")
        ref = f"{letter}{rows[parts[1]]}"
    elif parts[0] == "unit" and len(parts) > 1:
        field = parts[1]
        if field == "district":
            field = "district_code" if parts[-1] == "code" else "district"
        ref = _HEADER_CELLS.get(field, _HEADER_CELLS["code"])[2]
    elif parts[0] in ("submitted", "note", "framework_version"):
        ref = {"submitted": "B6", "note": "B7", "framework_version": "D2"}[parts[0]]
    elif parts[0] == "period" or not loc:
        # a check of the whole assessment names the fields it compares
        text = problem.message_en
        ref = "D4" if "unit.type" in text else "B6" if "submitted" in text else ""
        ref = ref or ("B5" if isinstance(data["period"], int) else "D5")
    where = ws.sheet.where(ref, loc or None)
    located = Problem(where, problem.code, problem.message_en, problem.message_vi, problem.value)
    error = ReaderError(ws.sheet.name, problem.message, where)
    error.problems = [located]
    return error


def _answer_rows(ws: _Sheet) -> dict[str, int]:
    rows: dict[str, int] = {}
    for r in range(FIRST_ROW, ws.sheet.max_row + 1):
        value = ws.sheet.value(f"B{r}")
        if isinstance(value, str) and value.strip():
            rows.setdefault(value.strip(), r)
    return rows
