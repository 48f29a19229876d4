"""A fill-in appraisal table for a council (bảng thẩm định), as an Excel workbook.

[`template`][chinhquyen.scoring.appraisal.form.template] makes the workbook a council fills in
and [`read_appraisals`][chinhquyen.scoring.appraisal.read_appraisals] reads back:

- sheet `Thẩm định`, the table itself: the headings `read_appraisals` reads (`STT`, `Mã xã`,
  `Tên xã`, `Mã tiêu chí`, `Tên tiêu chí`, `Điểm tự chấm`, `Điểm thẩm định`, `Lý do`,
  `Người thẩm định`) and empty rows to fill, one per criterion appraised: the commune's code
  and the criterion's id picked from lists, the appraised points within the framework's range,
  the reason. Codes are formatted as text (`00127` keeps its zeros);
- sheet `Kết quả tự chấm` (from scorecards), locked: one row per criterion of each commune,
  its self-score, the points computed and the max. Its first six columns are those of the
  table, so a row the council appraises can be copied across, then given its points and
  reason;
- sheet `Danh mục`, locked: the communes and the criteria (with their range of points) the
  lists of the table offer.

A row left empty in the table is not read; a row that is filled needs the code, the criterion,
the points and the reason. Every sheet prints on A4 landscape, fitted to the page's width, with
its heading row repeated. Needs the `excel` extra (openpyxl).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from chinhquyen.criteria.framework import Criterion, Framework
from chinhquyen.errors import AssessmentError
from chinhquyen.extras import require
from chinhquyen.readers import TEXT_FORMAT
from chinhquyen.scoring import layout
from chinhquyen.scoring.appraisal.table import COLUMNS, SHEET
from chinhquyen.scoring.engine import resolve
from chinhquyen.scoring.numbers import display
from chinhquyen.scoring.ranges import lowest
from chinhquyen.scoring.scorecard import Scorecard

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["SHEET_LISTS", "SHEET_RESULTS", "TABLE_COLUMNS", "template"]

#: The locked sheet of self-assessment results, one row per criterion of each commune.
SHEET_RESULTS = "Kết quả tự chấm"
#: The locked sheet of the communes and criteria the table's lists offer.
SHEET_LISTS = "Danh mục"

#: The table's columns, in order: the fields of `read_appraisals` (see its `COLUMNS`).
TABLE_COLUMNS = (
    "no",
    "unit_code",
    "unit_name",
    "criterion_id",
    "criterion_title",
    "self_score",
    "points",
    "reason",
    "appraiser",
)
_WIDTHS = {
    "no": 6.0,
    "unit_code": 11.0,
    "unit_name": 20.0,
    "criterion_id": 16.0,
    "criterion_title": 34.0,
    "self_score": 9.0,
    "points": 10.0,
    "reason": 40.0,
    "appraiser": 18.0,
}
_TEXT_FIELDS = ("unit_code", "unit_name", "criterion_id", "criterion_title", "reason", "appraiser")
#: Fill-in rows styled as input cells (more may be validated; any row below may be filled).
_STYLED = 1000
#: Fill-in rows of a template made from a framework alone.
_ROWS = 200


def _letter(index: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


_LETTER = {field: _letter(i) for i, field in enumerate(TABLE_COLUMNS)}


def template(
    source: Framework | Iterable[Scorecard],
    *,
    framework: Framework | None = None,
    rows: int | None = None,
) -> Workbook:
    """Return a council's fill-in appraisal table as an openpyxl workbook.

    Args:
        source: the scorecards of the communes to appraise (one per commune, all scored with
            one framework), or a framework alone, for a table whose communes are typed in.
        framework: the framework the scorecards were scored with; by default the one their
            framework id names, from the registry.
        rows: how many empty rows of the table to validate (lists, ranges); by default one
            per criterion of each commune, or 200 for a framework alone. Rows beyond them
            may be filled too.

    Returns:
        The workbook; saved as `.xlsx` and filled in, it is read by
        [`read_appraisals`][chinhquyen.scoring.appraisal.read_appraisals].

    Raises:
        MissingExtraError: if openpyxl is not installed.
        AssessmentError: no scorecard is given, they were scored with several frameworks or
            with another framework than `framework`, or a commune has several scorecards
            (appraise one period at a time).
        WriteError: a text of the framework or a scorecard that a cell could not give back
            unchanged (naming the cell).
    """
    openpyxl = require("openpyxl", "excel", "chinhquyen.scoring.appraisal.form.template()")
    if isinstance(source, Framework):
        fw, cards = framework or source, []
        if fw is not source:
            raise AssessmentError(
                f"framework={fw.id!r} is given with the framework {source.id!r}; give one"
            )
    else:
        cards = list(source)
        fw = _framework(cards, framework)
    criteria = [*fw.criteria(), *fw.bonus_penalty]
    pairs = len(cards) * len(criteria)
    count = rows if rows is not None else (pairs or _ROWS)
    if count < 1:
        raise AssessmentError(f"rows={count}; the table needs at least one row")

    wb = openpyxl.Workbook()
    layout.add_styles(wb)
    table = wb.active
    table.title = SHEET
    lists = wb.create_sheet(SHEET_LISTS)
    codes = _lists(lists, fw, criteria, cards)
    if cards:
        _results(wb.create_sheet(SHEET_RESULTS, index=1), fw, cards)
    _table(table, fw, criteria, codes, count)
    book: Workbook = wb
    return book


def _framework(cards: list[Scorecard], framework: Framework | None) -> Framework:
    if not cards:
        raise AssessmentError(
            "no scorecard is given; give the communes' scorecards, or a framework alone"
        )
    ids = sorted({c.framework for c in cards})
    if len(ids) > 1:
        raise AssessmentError(
            f"the scorecards were scored with several frameworks ({', '.join(ids)}); an"
            " appraisal table is for one framework"
        )
    fw = resolve(framework if framework is not None else ids[0])
    if fw.id != ids[0]:
        raise AssessmentError(f"the scorecards were scored with {ids[0]!r}, not {fw.id!r}")
    seen: dict[str, str] = {}
    for card in cards:
        code = card.unit.code
        if code in seen:
            raise AssessmentError(
                f"commune {code!r} has several scorecards (periods {seen[code]},"
                f" {card.period_label}); appraise one period at a time"
            )
        seen[code] = card.period_label
    return fw


def _lists(ws: Worksheet, fw: Framework, criteria: list[Criterion], cards: list[Scorecard]) -> int:
    """Fill sheet `Danh mục`: the communes (A, B) and criteria (D-G); return the communes."""
    layout.put(
        ws["A1"],
        f"Danh mục dùng cho trang '{SHEET}' — {fw.title} ({fw.id})",
        f"{SHEET_LISTS}!A1",
        layout.LABEL,
    )
    ws.merge_cells("A1:G1")
    heads = {
        "A": "Mã xã",
        "B": "Tên xã",
        "D": "Mã tiêu chí",
        "E": "Tên tiêu chí",
        "F": "Điểm tối đa",
        "G": "Điểm thấp nhất",
    }
    for letter, head in heads.items():
        layout.put(ws[f"{letter}2"], head, f"{SHEET_LISTS}!{letter}2", layout.HEADING)
    for r, card in enumerate(cards, start=3):
        layout.put(ws[f"A{r}"], card.unit.code, f"mã xã ({SHEET_LISTS}!A{r})", layout.FIXED_TEXT)
        layout.put(ws[f"B{r}"], card.unit.name, f"tên xã ({SHEET_LISTS}!B{r})", layout.FIXED)
    for r, crit in enumerate(criteria, start=3):
        at = f"{crit.id} ({SHEET_LISTS}!{{}}{r})"
        layout.put(ws[f"D{r}"], crit.id, at.replace("{}", "D"), layout.FIXED_TEXT)
        layout.put(ws[f"E{r}"], crit.title, at.replace("{}", "E"), layout.FIXED)
        layout.put(ws[f"F{r}"], crit.max_points, at.replace("{}", "F"), layout.FIXED)
        layout.put(ws[f"G{r}"], lowest(crit), at.replace("{}", "G"), layout.FIXED)
    widths = {"A": 11.0, "B": 24.0, "C": 3.0, "D": 18.0, "E": 50.0, "F": 10.0, "G": 10.0}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    last = max(len(cards), len(criteria)) + 2
    ws.protection.sheet = True
    ws.freeze_panes = "A3"
    layout.fit_rows(ws, range(1, last + 1), widths, spans={"A1": sum(widths.values())})
    layout.print_setup(ws, area=f"A1:G{last}", title_rows="2:2")
    return len(cards)


def _results(ws: Worksheet, fw: Framework, cards: list[Scorecard]) -> None:
    """Fill sheet `Kết quả tự chấm`: one row per criterion of each commune (locked)."""
    heads = [COLUMNS[f][0] for f in TABLE_COLUMNS[:6]]
    heads += ["Điểm tính được", "Điểm tối đa", "Chênh lệch (tự chấm − tính được)"]
    for i, head in enumerate(heads):
        layout.put(ws[f"{_letter(i)}1"], head, f"{SHEET_RESULTS}!{_letter(i)}1", layout.HEADING)
    r = 1
    for card in cards:
        for result in (*card.criteria, *card.bonus_penalty):
            r += 1
            computed = result.computed_points
            gap = (
                result.self_score - computed
                if result.self_score is not None and computed is not None
                else None
            )
            values: list[object] = [
                r - 1,
                card.unit.code,
                card.unit.name,
                result.criterion_id,
                result.title,
                result.self_score,
                computed,
                result.max_points,
                gap,
            ]
            for i, value in enumerate(values):
                ref = f"{_letter(i)}{r}"
                style = layout.FIXED_TEXT if i in (1, 3) else layout.FIXED
                layout.put(ws[ref], value, f"{heads[i]} ({SHEET_RESULTS}!{ref})", style)
    widths = [6.0, 11.0, 20.0, 16.0, 34.0, 9.0, 10.0, 9.0, 14.0]
    by_letter = {_letter(i): w for i, w in enumerate(widths)}
    for letter, width in by_letter.items():
        ws.column_dimensions[letter].width = width
    ws.protection.sheet = True
    ws.freeze_panes = "A2"
    layout.fit_rows(ws, range(1, r + 1), by_letter)
    layout.print_setup(
        ws, area=f"A1:I{r}", title_rows="1:1", header=f"KẾT QUẢ TỰ CHẤM — {fw.title}"
    )


def _table(ws: Worksheet, fw: Framework, criteria: list[Criterion], codes: int, count: int) -> None:
    """Lay out sheet `Thẩm định`: the headings and `count` validated rows to fill in."""
    dv_mod = require("openpyxl.worksheet.datavalidation", "excel", "chinhquyen.scoring.appraisal")
    for field in TABLE_COLUMNS:
        letter = _LETTER[field]
        layout.put(ws[f"{letter}1"], COLUMNS[field][0], f"{SHEET}!{letter}1", layout.HEADING)
        ws.column_dimensions[letter].width = _WIDTHS[field]
        # what is typed below the prepared rows keeps its form too
        ws.column_dimensions[letter].number_format = (
            TEXT_FORMAT if field in _TEXT_FIELDS else "General"
        )
    last = count + 1
    for r in range(2, min(last, _STYLED + 1) + 1):
        for field in TABLE_COLUMNS:
            style = layout.INPUT_TEXT if field in _TEXT_FIELDS else layout.INPUT
            ws[f"{_LETTER[field]}{r}"].style = style
    low = min((lowest(c) for c in criteria), default=Decimal(0))
    high = max((c.max_points for c in criteria), default=Decimal(0))
    lists = f"'{SHEET_LISTS}'"

    def validate(field: str, **kw: Any) -> None:
        letter = _LETTER[field]
        dv = dv_mod.DataValidation(
            allow_blank=True, showErrorMessage=True, sqref=f"{letter}2:{letter}{last}", **kw
        )
        ws.add_data_validation(dv)

    if codes:
        validate(
            "unit_code",
            type="list",
            formula1=f"{lists}!$A$3:$A${codes + 2}",
            error="Chọn mã xã trong danh sách (sheet 'Danh mục')",
        )
    validate(
        "criterion_id",
        type="list",
        formula1=f"{lists}!$D$3:$D${len(criteria) + 2}",
        error="Chọn mã tiêu chí trong danh sách (sheet 'Danh mục')",
    )
    for field in ("self_score", "points"):
        validate(
            field,
            type="decimal",
            operator="between",
            formula1=display(low),
            formula2=display(high),
            error=f"Điểm từ {display(low)} đến {display(high)}; xem điểm của từng tiêu chí ở"
            f" sheet '{SHEET_LISTS}'",
        )
    ws.freeze_panes = "A2"
    widths = {_LETTER[f]: w for f, w in _WIDTHS.items()}
    layout.fit_rows(ws, [1], widths)
    layout.print_setup(
        ws,
        area=f"A1:I{min(last, _STYLED + 1)}",
        title_rows="1:1",
        header=f"BẢNG THẨM ĐỊNH — {fw.title}",
    )
