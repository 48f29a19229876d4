"""The Excel self-assessment form: a template a commune fills in, and a reader for it.

Needs the ``excel`` extra (openpyxl): ``pip install 'chinhquyen[excel]'``.

Layout of sheet ``Tự chấm điểm`` (the column letters are part of the format):

* Rows 2-6, the unit and period: B2 framework id, D2 version; B3 mã xã, D3 tên xã; B4 tỉnh,
  D4 loại (xã / phường / đặc khu); B5 năm đánh giá *or* D5 từ ngày and F5 đến ngày;
  B6 ngày nộp; B7 ghi chú chung.
* Row 8, the table heading; from row 9, one row per criterion (then the bonus/penalty items):
  A nhóm, B mã tiêu chí, C tên tiêu chí, D cách tính điểm, E điểm tối đa, F điểm tự chấm,
  G có/không, H tử số / số đạt, I mẫu số / tổng số, J số lượng (or số vi phạm), K điểm chỉ số,
  L nguồn chỉ số, M các mục đã thực hiện (checklist item ids separated by commas, or
  ``Không`` when none was done),
  N minh chứng, O ghi chú, P the measure kind (hidden).

Only the cells a criterion's measure uses are unlocked; the others are locked and grey. A
row left empty means "not reported". Each line of a minh chứng cell is one piece of evidence,
written either as plain text (a document number, or a link if it starts with ``http``) or as
labelled parts ``số: …; tệp: …; url: …; tên: …; ngày: YYYY-MM-DD`` (a ``;`` inside a value is
kept unless a label and a colon follow it). Disqualifiers (điểm liệt)
are on sheet ``Điểm liệt``: A mã, B nội dung, C Có/Không (blank = not reported).

Violations one by one are on sheet ``Vi phạm`` (made when the framework has criteria scored
by deduction): row 1 the Vietnamese title, row 2 the English subtitle, row 3 the headings
(row 4 in English), from row 5 one row per violation: A mã tiêu chí (a deduction criterion),
B ngày vi phạm (a date inside the assessment period), C quy tắc vi phạm (when the criterion's
measure names a conduct code, one of its rules written ``<conduct code id>#<rule id>``;
otherwise free text, or empty), D nội dung vi phạm. Blank rows are skipped. The rows of a
criterion become :attr:`DeductionValue.records <chinhquyen.scoring.answers.DeductionValue>`;
its số vi phạm (J) may then be left empty, and if it is filled it must equal the number of
rows. Sheet ``Danh mục vi phạm`` (locked) lists the deduction criteria and the conduct-code
rules the cells of ``Vi phạm`` are validated against. A form without sheet ``Vi phạm`` (made
before it existed) reads as a form without records.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from chinhquyen.criteria import ConductCode, Criterion, Framework
from chinhquyen.errors import DataFileError, InvalidInputError, UnknownConductCodeError
from chinhquyen.extras import require
from chinhquyen.scoring.answers import ViolationRecord
from chinhquyen.scoring.assessment import SelfAssessment
from chinhquyen.scoring.kinds import KINDS
from chinhquyen.scoring.kinds.yes_no import NO, YES
from chinhquyen.scoring.numbers import display as fmt
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
#: The first violation record row of sheet ``Vi phạm``.
VIOLATIONS_FIRST_ROW = 5
_VIOLATIONS_HEAD_ROW = 3
#: Rows of sheet ``Vi phạm`` that carry data validation (more rows may still be filled).
_VIOLATIONS_VALIDATED = 1000

#: Column letter -> (Vietnamese heading, English meaning) of sheet ``Vi phạm``.
VIOLATION_COLUMNS: dict[str, tuple[str, str]] = {
    "A": ("Mã tiêu chí", "criterion id"),
    "B": ("Ngày vi phạm", "date"),
    "C": ("Quy tắc vi phạm", "rule: <conduct code id>#<rule id>"),
    "D": ("Nội dung vi phạm", "what happened"),
}
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

#: The columns a measure kind may use for its value (each kind's module says which it uses).
_VALUE_COLUMNS = ("G", "H", "I", "J", "K", "L", "M")
#: Columns holding counts (whole numbers >= 0) in whatever kind uses them.
_COUNT_COLUMNS = ("H", "I", "J")
_HEADER_CELLS = {
    "framework": ("A2", "Bộ tiêu chí", "B2"),
    "version": ("C2", "Phiên bản", "D2"),
    "code": ("A3", "Mã xã", "B3"),
    "name": ("C3", "Tên xã", "D3"),
    "province": ("A4", "Tỉnh", "B4"),
    "type": ("C4", "Loại", "D4"),
    "year": ("A5", "Năm đánh giá", "B5"),
    "start": ("C5", "Từ ngày", "D5"),
    "end": ("E5", "Đến ngày", "F5"),
    "submitted": ("A6", "Ngày nộp", "B6"),
    "note": ("A7", "Ghi chú chung", "B7"),
}
_GREY = "D9D9D9"
_INPUT = "FFF2CC"


# --- template ------------------------------------------------------------------------------------


def template(
    framework: Framework,
    assessment: SelfAssessment | None = None,
    *,
    conduct_codes: Iterable[ConductCode] = (),
) -> Workbook:
    """Return the self-assessment form of ``framework`` as an openpyxl workbook.

    Args:
        framework: the criteria set the commune assesses itself against.
        assessment: optional answers to pre-fill (e.g. last year's, or a form to review),
            violation records included.
        conduct_codes: conduct codes named by the framework's deduction criteria that are
            not in the catalogue (:func:`chinhquyen.criteria.conduct_code`); the catalogue is
            asked for the others.

    Raises:
        MissingExtraError: if openpyxl is not installed.
        UnknownConductCodeError: if a deduction criterion names a conduct code that is
            neither given nor in the catalogue.
        DataFileError: if ``assessment`` is for another framework, answers a criterion the
            framework does not have, or has violation records for a criterion not scored by
            deduction.
    """
    openpyxl = require("openpyxl", "excel", "chinhquyen.scoring.excel.template()")
    styles = require("openpyxl.styles", "excel", "chinhquyen.scoring.excel.template()")
    dv_mod = require(
        "openpyxl.worksheet.datavalidation", "excel", "chinhquyen.scoring.excel.template()"
    )
    if assessment is not None and assessment.framework != framework.id:
        raise DataFileError(
            "<template>",
            f"the assessment is for {assessment.framework!r}, not {framework.id!r}",
        )
    codes = _CodeBook(conduct_codes)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    bold = styles.Font(bold=True)
    unlocked = styles.Protection(locked=False)
    grey = styles.PatternFill("solid", fgColor=_GREY)
    yellow = styles.PatternFill("solid", fgColor=_INPUT)
    wrap = styles.Alignment(wrap_text=True, vertical="top")

    ws["A1"] = f"PHIẾU TỰ CHẤM ĐIỂM — {framework.title}"
    ws["A1"].font = styles.Font(bold=True, size=13)
    for _key, (label_cell, label, value_cell) in _HEADER_CELLS.items():
        ws[label_cell] = label
        ws[label_cell].font = bold
        if value_cell not in ("B2", "D2"):
            ws[value_cell].protection = unlocked
            ws[value_cell].fill = yellow
    ws["B2"] = framework.id
    ws["D2"] = framework.version
    ws["G5"] = "Ghi năm (B5) hoặc khoảng thời gian (D5, F5), ngày dạng YYYY-MM-DD"

    def validation(**kw: Any) -> Any:
        dv = dv_mod.DataValidation(allow_blank=True, showErrorMessage=True, **kw)
        ws.add_data_validation(dv)
        return dv

    validation(type="list", formula1='"xã,phường,đặc khu"').add("D4")
    validation(type="whole", operator="between", formula1="1990", formula2="2100").add("B5")
    dates = validation(type="date", operator="greaterThan", formula1="32874")  # after 1990
    for ref in ("D5", "F5", "B6"):
        dates.add(ref)
        ws[ref].number_format = "yyyy-mm-dd"
    yes_no = validation(type="list", formula1=f'"{YES},{NO}"')
    counts = validation(type="whole", operator="greaterThanOrEqual", formula1="0")

    for letter, (heading, _en) in COLUMNS.items():
        cell = ws[f"{letter}{_HEAD_ROW}"]
        cell.value = heading
        cell.font = bold
        cell.alignment = wrap
    ws.column_dimensions["P"].hidden = True
    widths = (10, 18, 45, 40, 9, 10, 9, 10, 10, 9, 9, 20, 20, 40, 30)
    for letter, width in zip("ABCDEFGHIJKLMNO", widths, strict=True):
        ws.column_dimensions[letter].width = width

    row = FIRST_ROW
    rows: list[tuple[str | None, Criterion]] = [
        (g.id, c) for g in framework.groups for c in g.criteria
    ] + [(None, c) for c in framework.bonus_penalty]
    for group_id, crit in rows:
        kind = crit.measure.kind
        floor = lowest(crit)
        ws[f"A{row}"] = group_id if group_id is not None else "Điểm cộng/trừ"
        ws[f"B{row}"] = crit.id
        ws[f"C{row}"] = crit.title
        form = KINDS[kind].form
        ws[f"D{row}"] = form.how(crit.measure)
        ws[f"E{row}"] = _number(crit.max_points)
        ws[f"P{row}"] = kind
        for letter in "ACD":
            ws[f"{letter}{row}"].alignment = wrap
        open_cols = ("F", *form.columns, "N", "O")
        for letter in _VALUE_COLUMNS:
            if letter not in open_cols:
                ws[f"{letter}{row}"].fill = grey
        for letter in open_cols:
            ws[f"{letter}{row}"].protection = unlocked
            ws[f"{letter}{row}"].fill = yellow
        validation(
            type="decimal",
            operator="between",
            formula1=fmt(floor),
            formula2=fmt(crit.max_points),
            error=f"Điểm tự chấm từ {fmt(floor)} đến {fmt(crit.max_points)}",
        ).add(f"F{row}")
        bounds = form.bounds(crit.measure)
        for letter in form.columns:
            if letter == "G":
                yes_no.add(f"G{row}")
            elif letter in _COUNT_COLUMNS and letter not in bounds:
                counts.add(f"{letter}{row}")
        for letter, (low, high) in bounds.items():
            validation(
                type="decimal", operator="between", formula1=fmt(low), formula2=fmt(high)
            ).add(f"{letter}{row}")
        row += 1

    disqualifiers = [k for k in framework.knockouts if k.kind == "disqualifier"]
    if disqualifiers:
        ds = wb.create_sheet(SHEET_DISQUALIFIERS)
        for letter, head in zip("ABC", ("Mã", "Nội dung", "Có xảy ra? (Có/Không)"), strict=True):
            ds[f"{letter}1"] = head
            ds[f"{letter}1"].font = bold
        dq_yes_no = dv_mod.DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
        ds.add_data_validation(dq_yes_no)
        for i, k in enumerate(disqualifiers, start=2):
            ds[f"A{i}"] = k.id
            ds[f"B{i}"] = k.title
            ds[f"C{i}"].protection = unlocked
            ds[f"C{i}"].fill = yellow
            dq_yes_no.add(f"C{i}")
        ds.column_dimensions["B"].width = 60
        ds.protection.sheet = True

    _violations_sheet(wb, framework, codes)
    ws.freeze_panes = f"C{FIRST_ROW}"
    ws.protection.sheet = True  # header and framework columns locked; no password
    if assessment is not None:
        _fill(wb, framework, assessment)
    book: Workbook = wb
    return book


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


def _violations_sheet(wb: Workbook, framework: Framework, codes: _CodeBook) -> None:
    """Add sheets ``Vi phạm`` (one row per violation) and ``Danh mục vi phạm`` (its lists)."""
    deductions = _deductions(framework)
    if not deductions:
        return
    styles = require("openpyxl.styles", "excel", "chinhquyen.scoring.excel.template()")
    dv_mod = require(
        "openpyxl.worksheet.datavalidation", "excel", "chinhquyen.scoring.excel.template()"
    )
    bold = styles.Font(bold=True)
    italic = styles.Font(italic=True, color="595959")
    yellow = styles.PatternFill("solid", fgColor=_INPUT)

    # the lists live on their own locked sheet: an inline list is limited to 255 characters
    ls = wb.create_sheet(SHEET_VIOLATION_LISTS)
    ls["A1"] = f"Danh mục dùng cho trang '{SHEET_VIOLATIONS}' (lists used by that sheet)"
    ls["A1"].font = bold
    heads = {
        "A": "Mã tiêu chí",
        "B": "Tên tiêu chí",
        "C": "Bộ quy tắc ứng xử",
        "E": "Quy tắc (ghi ở cột C)",
        "F": "Nội dung quy tắc",
        "G": "Rule (English)",
    }
    for letter, head in heads.items():
        ls[f"{letter}2"] = head
        ls[f"{letter}2"].font = bold
    refs: list[tuple[str, str, str | None]] = []
    seen: set[str] = set()
    uncoded = False
    for i, crit in enumerate(deductions, start=3):
        code_id: str | None = getattr(crit.measure, "conduct_code", None)
        ls[f"A{i}"], ls[f"B{i}"] = crit.id, crit.title
        if code_id is None:
            uncoded = True
            continue
        ls[f"C{i}"] = code_id
        if code_id not in seen:
            seen.add(code_id)
            code = codes.get(code_id, crit.id)
            refs += [(f"{code.id}#{r.id}", r.text, r.text_en) for r in code.rules()]
    for i, (ref, text, text_en) in enumerate(refs, start=3):
        ls[f"E{i}"], ls[f"F{i}"], ls[f"G{i}"] = ref, text, text_en
    for letter, width in zip("ABCDEFG", (14, 45, 32, 3, 45, 30, 30), strict=True):
        ls.column_dimensions[letter].width = width
    ls.protection.sheet = True

    vs = wb.create_sheet(SHEET_VIOLATIONS, index=1)
    vs["A1"] = "DANH SÁCH VI PHẠM — mỗi vi phạm một dòng"
    vs["A1"].font = styles.Font(bold=True, size=13)
    vs["A2"] = (
        "Violation records, one per row, for the criteria scored by deduction; the rule is"
        " written <conduct code id>#<rule id> (see sheet "
        f"'{SHEET_VIOLATION_LISTS}')"
    )
    vs["A2"].font = italic
    for letter, (head, head_en) in VIOLATION_COLUMNS.items():
        vs[f"{letter}{_VIOLATIONS_HEAD_ROW}"] = head
        vs[f"{letter}{_VIOLATIONS_HEAD_ROW}"].font = bold
        vs[f"{letter}{_VIOLATIONS_HEAD_ROW + 1}"] = head_en
        vs[f"{letter}{_VIOLATIONS_HEAD_ROW + 1}"].font = italic
    for letter, width in zip("ABCD", (16, 14, 45, 60), strict=True):
        vs.column_dimensions[letter].width = width
    first, last = VIOLATIONS_FIRST_ROW, VIOLATIONS_FIRST_ROW + _VIOLATIONS_VALIDATED - 1
    for r in range(first, first + 20):  # a few input-coloured rows show where to write
        for letter in VIOLATION_COLUMNS:
            vs[f"{letter}{r}"].fill = yellow
    for r in range(first, last + 1):
        vs[f"B{r}"].number_format = "yyyy-mm-dd"
    vs.freeze_panes = f"A{first}"
    lists = f"'{SHEET_VIOLATION_LISTS}'"

    def validation(ref: str, **kw: Any) -> None:
        dv = dv_mod.DataValidation(allow_blank=True, showErrorMessage=True, **kw)
        vs.add_data_validation(dv)
        dv.add(f"{ref}{first}:{ref}{last}")

    n = len(deductions)
    validation(
        "A",
        type="list",
        formula1=f"{lists}!$A$3:$A${n + 2}",
        error="Chọn một tiêu chí trừ điểm (criterion scored by deduction)",
    )
    validation(
        "B",
        type="date",
        operator="greaterThan",
        formula1="32874",  # after 1990, as the main sheet's dates
        error="Ghi ngày (a date), dạng YYYY-MM-DD",
    )
    if refs:
        validation(
            "C",
            type="list",
            formula1=f"{lists}!$E$3:$E${len(refs) + 2}",
            # a criterion with no conduct code takes free text, so only warn then
            errorStyle="warning" if uncoded else "stop",
            error="Chọn quy tắc dạng <mã bộ quy tắc>#<mã quy tắc>"
            + (" (tiêu chí không theo bộ quy tắc: ghi tự do)" if uncoded else ""),
        )


def _number(value: Decimal) -> int | float:
    # Excel stores numbers as doubles; point values have few decimals, so this is exact enough
    # to display, and the reader goes back through the shortest repr (never through the float)
    return int(value) if value == value.to_integral_value() else float(value)


def _fill(wb: Workbook, framework: Framework, a: SelfAssessment) -> None:
    ws = wb[SHEET]
    ws["B3"], ws["D3"], ws["B4"] = a.unit.code, a.unit.name, a.unit.province
    if a.unit.type is not None:
        ws["D4"] = a.unit.type
    if isinstance(a.period, int):
        ws["B5"] = a.period
    else:
        ws["D5"], ws["F5"] = a.period.start, a.period.end
    if a.submitted is not None:
        ws["B6"] = a.submitted
    if a.note is not None:
        ws["B7"] = a.note
    rows = _criterion_rows(ws)
    records: list[tuple[str, ViolationRecord]] = []
    for cid, answer in a.answers.items():
        if cid not in rows:
            raise DataFileError(
                "<template>", f"the assessment answers {cid!r}, not a criterion of {framework.id}"
            )
        r = rows[cid]
        if answer.self_score is not None:
            ws[f"F{r}"] = _number(answer.self_score)
        v: Any = answer.value
        if v is not None:
            for letter, cell in KINDS[v.kind].form.write(v).items():
                if isinstance(cell, Decimal):
                    ws[f"{letter}{r}"] = _number(cell)
                elif isinstance(cell, str):
                    _put_text(ws[f"{letter}{r}"], cell)
                else:
                    ws[f"{letter}{r}"] = cell
            if v.kind == "deduction" and v.records:  # the records go on their own sheet
                records += [(cid, record) for record in v.records]
        if answer.evidence:
            ws[f"N{r}"] = "\n".join(_evidence_line(e) for e in answer.evidence)
        if answer.note is not None:
            _put_text(ws[f"O{r}"], answer.note)
    if records:
        _fill_records(wb, framework, records)
    if a.disqualifiers:
        ds = wb[SHEET_DISQUALIFIERS]
        for i in range(2, ds.max_row + 1):
            did = ds[f"A{i}"].value
            if did in a.disqualifiers:
                ds[f"C{i}"] = YES if a.disqualifiers[did] else NO


def _fill_records(
    wb: Workbook, framework: Framework, records: list[tuple[str, ViolationRecord]]
) -> None:
    deductions = {c.id for c in _deductions(framework)}
    vs = wb[SHEET_VIOLATIONS] if SHEET_VIOLATIONS in wb.sheetnames else None
    for r, (cid, record) in enumerate(records, start=VIOLATIONS_FIRST_ROW):
        if vs is None or cid not in deductions:
            raise DataFileError(
                "<template>",
                f"the assessment has violation records for {cid!r}, which {framework.id}"
                " does not score by deduction",
            )
        vs[f"A{r}"] = cid
        for letter, field in _RECORD_FIELDS.items():
            value = getattr(record, field)
            if isinstance(value, str):
                _put_text(vs[f"{letter}{r}"], value)
            elif value is not None:
                vs[f"{letter}{r}"] = value  # the date, as an Excel date


def _put_text(cell: Any, text: str) -> None:
    cell.value = text
    cell.data_type = "s"  # openpyxl would take a text starting with "=" for a formula


_EVIDENCE_LABELS = {"số": "document", "tệp": "file", "url": "url", "tên": "title", "ngày": "date"}
_PART_SPLIT = re.compile(r";\s*(?=(?:số|tệp|url|tên|ngày)\s*:)")


def _evidence_line(e: Any) -> str:
    parts = []
    for label, field in _EVIDENCE_LABELS.items():
        value = getattr(e, field)
        if value is not None:
            parts.append(f"{label}: {value.isoformat() if field == 'date' else value}")
    return "; ".join(parts)


# --- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    name: str

    def error(self, ref: str, what: str, message: str, sheet: str = SHEET) -> DataFileError:
        return DataFileError(self.name, message, key=f"{sheet}!{ref} ({what})")


def read(
    source: str | os.PathLike[str] | Workbook,
    framework: Framework | None = None,
    *,
    conduct_codes: Iterable[ConductCode] = (),
) -> SelfAssessment:
    """Read a filled-in form back into a :class:`SelfAssessment`.

    Violation rows on sheet ``Vi phạm`` become the records of their criterion's deduction
    value; a form without that sheet has no records.

    Args:
        source: the ``.xlsx`` file, or an openpyxl workbook.
        framework: the framework the form was made from; by default the one whose id is in
            cell B2, from the registry.
        conduct_codes: conduct codes named by the framework's deduction criteria that are
            not in the catalogue; the catalogue is asked for the others, when a violation
            row names a rule.

    Raises:
        MissingExtraError: if openpyxl is not installed.
        UnknownConductCodeError: if a violation row names a rule of a criterion whose conduct
            code is neither given nor in the catalogue.
        DataFileError: naming the file, the sheet and cell and what the cell holds (e.g.
            ``Tự chấm điểm!F12 (điểm tự chấm of ttdn-1): 17 exceeds the maximum 15``).
    """
    openpyxl = require("openpyxl", "excel", "chinhquyen.scoring.excel.read()")
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        try:
            wb = openpyxl.load_workbook(name, data_only=True)
        except FileNotFoundError:
            raise DataFileError(name, "no such file") from None
        except Exception as e:  # openpyxl raises several types for a damaged or wrong file
            raise DataFileError(name, f"cannot be read as an .xlsx workbook: {e}") from None
    else:
        name, wb = "<workbook>", source
    where = _Where(name)
    if SHEET not in wb.sheetnames:
        raise DataFileError(name, f"no sheet {SHEET!r}; sheets: {', '.join(wb.sheetnames)}")
    ws = wb[SHEET]
    fw_id = _text(ws["B2"].value)
    if fw_id is None:
        raise where.error("B2", "bộ tiêu chí", "is empty; it must hold the framework id")
    if framework is None:
        from chinhquyen import criteria

        try:
            framework = criteria.load(fw_id)
        except Exception as e:
            raise where.error("B2", "bộ tiêu chí", f"{fw_id!r} cannot be loaded: {e}") from None
    if framework.id != fw_id:
        raise where.error("B2", "bộ tiêu chí", f"the form is for {fw_id!r}, not {framework.id!r}")
    for letter, (heading, _en) in COLUMNS.items():
        if _text(ws[f"{letter}{_HEAD_ROW}"].value) != heading:
            raise where.error(
                f"{letter}{_HEAD_ROW}",
                "tiêu đề cột",
                f"expected the heading {heading!r}; the form's layout was changed",
            )
    period = _period(ws, where)
    records = _records(wb, where, framework, _bounds(period), _CodeBook(conduct_codes))
    data: dict[str, Any] = {
        "framework": fw_id,
        "unit": _unit(ws, where),
        "period": period,
        "answers": _answers(ws, where, framework, records),
        "disqualifiers": _disqualifiers(wb, name, framework),
    }
    version = _text(ws["D2"].value)
    if version is not None:
        data["framework_version"] = version
    note = _text(ws["B7"].value)
    if note is not None:
        data["note"] = note
    submitted = ws["B6"].value
    if submitted is not None:
        data["submitted"] = _date(submitted, where, "B6", "ngày nộp")
    try:
        return SelfAssessment.model_validate(data)
    except InvalidInputError as e:
        raise _locate(e, where, ws) from None


def _criterion_rows(ws: Worksheet) -> dict[str, int]:
    rows: dict[str, int] = {}
    r = FIRST_ROW
    while (cid := _text(ws[f"B{r}"].value)) is not None:
        rows[cid] = r
        r += 1
    return rows


def _unit(ws: Worksheet, where: _Where) -> dict[str, Any]:
    unit: dict[str, Any] = {}
    for key, (_l, label, ref) in _HEADER_CELLS.items():
        if key in ("code", "name", "province", "type"):
            value = ws[ref].value
            if isinstance(value, int) and not isinstance(value, bool) and key == "code":
                value = str(value)  # a code typed as a number (leading zeros already lost)
            if value is not None and not isinstance(value, str):
                raise where.error(ref, label.lower(), f"expected text, got {value!r}")
            text = _text(value)
            if text is None:
                if key != "type":
                    raise where.error(ref, label.lower(), "is empty; it is required")
                continue
            unit[key] = text
    return unit


def _period(ws: Worksheet, where: _Where) -> Any:
    year, start, end = ws["B5"].value, ws["D5"].value, ws["F5"].value
    if year is not None:
        if start is not None or end is not None:
            raise where.error("B5", "năm đánh giá", "give either the year (B5) or D5/F5, not both")
        if isinstance(year, str) and year.strip().isdigit():
            year = int(year.strip())
        if isinstance(year, float) and year.is_integer():
            year = int(year)
        if not isinstance(year, int) or isinstance(year, bool):
            raise where.error("B5", "năm đánh giá", f"{year!r} is not a year such as 2025")
        return year
    if start is None or end is None:
        raise where.error(
            "B5", "kỳ đánh giá", "no period: give the year in B5, or both dates in D5 and F5"
        )
    return {
        "start": _date(start, where, "D5", "từ ngày"),
        "end": _date(end, where, "F5", "đến ngày"),
    }


def _answers(
    ws: Worksheet, where: _Where, fw: Framework, records: dict[str, _Records]
) -> dict[str, Any]:
    known = {c.id: c for c in (*fw.criteria(), *fw.bonus_penalty)}
    answers: dict[str, Any] = {}
    for cid, r in _criterion_rows(ws).items():
        if cid not in known:
            raise where.error(f"B{r}", "mã tiêu chí", f"{cid!r} is not a criterion of {fw.id}")
        if cid in answers:
            raise where.error(f"B{r}", "mã tiêu chí", f"{cid!r} appears twice")
        answer = _row(ws, where, r, known[cid])
        if cid in records:
            answer["value"] = _with_records(answer.get("value"), records[cid], where, r, cid)
        if answer:
            answers[cid] = answer
    for cid, recs in records.items():
        if cid not in answers:  # the criterion's row was taken off the main sheet
            answers[cid] = {"value": _with_records(None, recs, where, None, cid)}
    return answers


@dataclass(frozen=True)
class _Records:
    rows: list[int]
    records: list[dict[str, Any]]


def _with_records(
    value: dict[str, Any] | None, recs: _Records, where: _Where, r: int | None, cid: str
) -> dict[str, Any]:
    """Put a criterion's violation rows into its deduction value, checking the count in J."""
    if value is None:
        return {"kind": "deduction", "records": recs.records}
    if value["violations"] != len(recs.records):
        rows = ", ".join(str(n) for n in recs.rows)
        raise where.error(
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
    wb: Workbook,
    where: _Where,
    fw: Framework,
    bounds: tuple[dt.date, dt.date],
    codes: _CodeBook,
) -> dict[str, _Records]:
    """Read sheet ``Vi phạm``: the violation rows of each deduction criterion, in row order."""
    if SHEET_VIOLATIONS not in wb.sheetnames:
        return {}  # a form made before the sheet existed
    vs = wb[SHEET_VIOLATIONS]
    for letter, (heading, _en) in VIOLATION_COLUMNS.items():
        if _text(vs[f"{letter}{_VIOLATIONS_HEAD_ROW}"].value) != heading:
            raise where.error(
                f"{letter}{_VIOLATIONS_HEAD_ROW}",
                "tiêu đề cột",
                f"expected the heading {heading!r}; the form's layout was changed",
                SHEET_VIOLATIONS,
            )
    deductions = {c.id: c for c in _deductions(fw)}
    out: dict[str, _Records] = {}
    for r in range(VIOLATIONS_FIRST_ROW, vs.max_row + 1):
        cells = {letter: vs[f"{letter}{r}"].value for letter in VIOLATION_COLUMNS}
        if all(_text(v) is None for v in cells.values()):
            continue
        cid, record = _record(cells, _RowWhere(where, r), fw, deductions, bounds, codes)
        entry = out.setdefault(cid, _Records([], []))
        entry.rows.append(r)
        entry.records.append(record)
    return out


@dataclass(frozen=True)
class _RowWhere:
    where: _Where
    row: int

    def error(self, letter: str, message: str, cid: str | None = None) -> DataFileError:
        what = VIOLATION_COLUMNS[letter][0].lower() + (f" of {cid}" if cid else "")
        return self.where.error(f"{letter}{self.row}", what, message, SHEET_VIOLATIONS)


def _record(
    cells: dict[str, Any],
    at: _RowWhere,
    fw: Framework,
    deductions: dict[str, Criterion],
    bounds: tuple[dt.date, dt.date],
    codes: _CodeBook,
) -> tuple[str, dict[str, Any]]:
    """One violation row: its criterion id and the record's fields, each checked."""
    valid_ids = ", ".join(deductions) or f"(none: {fw.id} scores nothing by deduction)"
    cid = _text(cells["A"])
    if cid is None:
        raise at.error("A", f"is empty; each violation row names its criterion: {valid_ids}")
    if cid not in deductions:
        raise at.error("A", f"{cid!r} is not a criterion scored by deduction; valid: {valid_ids}")
    if _text(cells["B"]) is None:
        raise at.error("B", "is empty; the date of the violation is required", cid)
    what = f"{VIOLATION_COLUMNS['B'][0].lower()} of {cid}"
    day = _date(cells["B"], at.where, f"B{at.row}", what, SHEET_VIOLATIONS)
    if not bounds[0] <= day <= bounds[1]:
        raise at.error(
            "B",
            f"{day.isoformat()} is outside the assessment period"
            f" {bounds[0].isoformat()} – {bounds[1].isoformat()}",
            cid,
        )
    record: dict[str, Any] = {"date": day}
    rule = _text(cells["C"])
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
    note = _text(cells["D"])
    if note is not None:
        record["note"] = note
    return cid, record


@dataclass(frozen=True)
class _Cells:
    """One criterion's row of the form, as a kind's reader sees it (see `FormCells`)."""

    where: _Where
    row: int
    crit: Criterion
    values: dict[str, Any]

    def filled(self, letter: str) -> bool:
        return _text(self.values.get(letter)) is not None

    def ref(self, letter: str) -> str:
        return f"{letter}{self.row}"

    def raw(self, letter: str) -> object:
        return self.values.get(letter)

    def text(self, letter: str) -> str | None:
        return _text(self.values.get(letter))

    def count(self, letter: str) -> int:
        return _count(self.values.get(letter), self.where, self.ref(letter), self.what(letter))

    def decimal(self, letter: str) -> Decimal:
        return _decimal(self.values.get(letter), self.where, self.ref(letter), self.what(letter))

    def error(self, letter: str, message: str) -> DataFileError:
        return self.where.error(self.ref(letter), self.what(letter), message)

    def what(self, letter: str) -> str:
        return f"{COLUMNS[letter][0].lower()} of {self.crit.id}"


def _row(ws: Worksheet, where: _Where, r: int, crit: Criterion) -> dict[str, Any]:
    m: Any = crit.measure
    form = KINDS[m.kind].form
    cells = _Cells(where, r, crit, {letter: ws[f"{letter}{r}"].value for letter in "FGHIJKLMNO"})
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
    if cells.filled("N"):
        answer["evidence"] = _evidence(str(cells.raw("N")), where, f"N{r}", cells.what("N"))
    if cells.filled("O"):
        answer["note"] = str(cells.raw("O")).strip()
    return answer


def _disqualifiers(wb: Workbook, name: str, fw: Framework) -> dict[str, bool]:
    ids = [k.id for k in fw.knockouts if k.kind == "disqualifier"]
    if not ids:
        return {}
    if SHEET_DISQUALIFIERS not in wb.sheetnames:
        raise DataFileError(name, f"no sheet {SHEET_DISQUALIFIERS!r}; the framework has some")
    ds = wb[SHEET_DISQUALIFIERS]
    out: dict[str, bool] = {}
    for i in range(2, ds.max_row + 1):
        did = _text(ds[f"A{i}"].value)
        if did is None:
            continue
        key = f"{SHEET_DISQUALIFIERS}!C{i} ({did})"
        if did not in ids:
            raise DataFileError(name, f"{did!r} is not a disqualifier of {fw.id}", key=key)
        answer = _text(ds[f"C{i}"].value)
        if answer is None:
            continue
        if answer not in (YES, NO):
            raise DataFileError(name, f"{answer!r} is not {YES} or {NO}", key=key)
        out[did] = answer == YES
    return out


# --- cells ---------------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _decimal(value: Any, where: _Where, ref: str, what: str) -> Decimal:
    if isinstance(value, bool):
        raise where.error(ref, what, f"{value!r} is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest decimal that the stored double stands for
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"-?\d+(\.\d+)?", text):
            try:
                return Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern excludes this
                pass
        hint = " (write the decimal with a point, e.g. 14.5)" if "," in text else ""
        raise where.error(ref, what, f"{value!r} is not a number{hint}")
    raise where.error(ref, what, f"{value!r} is not a number")


def _count(value: Any, where: _Where, ref: str, what: str) -> int:
    number = _decimal(value, where, ref, what)
    if number != number.to_integral_value() or number < 0:
        raise where.error(ref, what, f"{fmt(number)} is not a whole number >= 0")
    return int(number)


def _date(value: Any, where: _Where, ref: str, what: str, sheet: str = SHEET) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise where.error(ref, what, f"{value!r} has a time of day; give a date", sheet)
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise where.error(ref, what, f"{value!r} is not a date; use a date cell or YYYY-MM-DD", sheet)


def _evidence(text: str, where: _Where, ref: str, what: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        labelled = re.match(r"^(số|tệp|url|tên|ngày)\s*:", line)
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
                raise where.error(
                    ref,
                    what,
                    f"{part!r} is not 'label: value' with a label among "
                    f"{', '.join(_EVIDENCE_LABELS)}",
                )
            if target in item:
                raise where.error(ref, what, f"{label.strip()!r} appears twice in one line")
            item[target] = (
                _date(value.strip(), where, ref, what) if target == "date" else value.strip()
            )
        out.append(item)
    return out


def _locate(e: InvalidInputError, where: _Where, ws: Worksheet) -> DataFileError:
    """Name the cell of the first problem pydantic found (e.g. ``answers.tc-1.evidence.0``)."""
    loc, msg = e.problems[0]
    parts = loc.split(".")
    rows = _criterion_rows(ws)
    if parts[0] == "answers" and len(parts) > 2 and parts[1] in rows:
        letter = {"self_score": "F", "evidence": "N", "note": "O"}.get(parts[2], "P")
        return where.error(f"{letter}{rows[parts[1]]}", f"{loc}", msg)
    cells = {"unit": "B3", "period": "B5", "submitted": "B6", "framework_version": "D2"}
    return where.error(cells.get(parts[0], "A1"), loc, msg)
