"""Reading the Excel form through `chinhquyen.readers`: nothing dropped, nothing guessed.

Regression tests for issue 10's items on `excel.read`: a blank row inside a filled form, a
formula without a saved result, error cells, a code typed as a number, year cells that are not
years, workbooks beyond the limits, other spreadsheet formats, and one rule for decimals typed
as text (shared with the appraisal table's reader).
"""

from __future__ import annotations

import io
import re
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from tests.readers import _hostile as hostile
from tests.strategies import all_kinds_framework_data, excel_conduct_code_data

from chinhquyen import criteria, scoring
from chinhquyen.errors import ChinhQuyenError, DataFileError
from chinhquyen.readers import FormatError, LimitError, ReaderError, use_limits
from chinhquyen.readers.numbers import parse_decimal
from chinhquyen.scoring import excel

FW = criteria.Framework.model_validate(all_kinds_framework_data())
CODE = criteria.ConductCode.model_validate(excel_conduct_code_data())
SHEET = "Tự chấm điểm"


def _form() -> tuple[openpyxl.Workbook, Any, dict[str, int]]:
    wb = excel.template(FW, conduct_codes=[CODE])
    ws = wb[SHEET]
    ws["B3"], ws["D3"], ws["B4"], ws["D4"] = "26299", "Xã Thống Nhất", "Thử nghiệm", "xã"
    ws["B5"] = 2025
    rows = {ws[f"B{r}"].value: r for r in range(9, ws.max_row + 1) if ws[f"B{r}"].value}
    return wb, ws, rows


def _bytes(wb: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


_FOLDER: list[Path] = []


@pytest.fixture(autouse=True)
def _folder(tmp_path: Path) -> Any:
    """Forms are read from a file, as a caller reads them."""
    _FOLDER.append(tmp_path)
    yield
    _FOLDER.pop()


def _read(wb: openpyxl.Workbook) -> scoring.SelfAssessment:
    path = _FOLDER[-1] / "form.xlsx"
    wb.save(path)
    return excel.read(path, FW, conduct_codes=[CODE])


def _refused(wb: openpyxl.Workbook, *says: str) -> str:
    with pytest.raises(DataFileError) as info:
        _read(wb)
    assert isinstance(info.value, ReaderError)
    message = str(info.value)
    for part in says:
        assert part in message, message
    return message


def _filled() -> tuple[openpyxl.Workbook, Any, dict[str, int]]:
    wb, ws, r = _form()
    ws[f"F{r['self']}"] = 7.5
    ws[f"G{r['yes']}"] = "Có"
    ws[f"H{r['ratio']}"], ws[f"I{r['ratio']}"] = 5, 6
    ws[f"J{r['quota']}"] = 2
    ws[f"K{r['ext']}"] = 88.6
    ws[f"J{r['ded']}"] = 1
    ws[f"J{r['penalty']}"] = 0
    return wb, ws, r


# --- a blank row inside a filled form -------------------------------------------------------------


def test_a_blank_row_inside_the_form_loses_no_answer_below_it() -> None:
    wb, ws, r = _filled()
    before = _read(wb)
    ws.insert_rows(r["ratio"])  # a row inserted between criteria, as a clerk would
    after = _read(wb)
    assert after == before
    assert list(after.answers) == ["self", "yes", "ratio", "quota", "ext", "ded", "penalty"]
    assert scoring.score(FW, after).total == scoring.score(FW, before).total


def test_several_blank_rows_and_a_criterion_moved_down_are_all_read() -> None:
    wb, ws, r = _filled()
    last = max(r.values())
    ws.move_range(f"A{r['penalty']}:P{r['penalty']}", rows=40)  # far below, after blank rows
    assert ws[f"B{last + 40}"].value == "penalty"
    assert _read(wb).answers["penalty"].value == scoring.DeductionValue(violations=0)


def test_a_value_in_a_row_without_a_criterion_id_is_refused() -> None:
    wb, ws, r = _filled()
    ws.insert_rows(r["ratio"])
    ws[f"O{r['ratio']}"] = "ghi chú lạc dòng"
    _refused(wb, f"Tự chấm điểm!O{r['ratio']}", "no criterion id in B")


def test_a_value_right_of_the_form_is_refused() -> None:
    wb, ws, r = _filled()
    ws[f"Q{r['ext']}"] = "Sở Nội vụ"
    _refused(wb, f"Tự chấm điểm!Q{r['ext']}", "outside the form's columns")


def test_a_criterion_row_given_twice_or_unknown_is_refused() -> None:
    wb, ws, r = _filled()
    ws[f"B{max(r.values()) + 2}"] = "self"
    _refused(wb, "'self' appears twice (first in row 9)")
    wb, ws, r = _filled()
    ws[f"B{max(r.values()) + 2}"] = "khong-co"
    _refused(wb, "'khong-co' is not a criterion of test/all-kinds")


def test_a_disqualifier_given_twice_is_refused_not_the_last_one_kept() -> None:
    wb, _ws, _r = _filled()
    ds = wb["Điểm liệt"]
    ds["C2"] = "Có"
    ds["A3"], ds["C3"] = "ky-luat", "Không"
    _refused(wb, "Điểm liệt!A3", "appears twice")


# --- formulas without a saved result, error cells -------------------------------------------------


def test_a_self_score_formula_without_a_saved_result_is_refused_not_dropped() -> None:
    wb, ws, r = _filled()
    ws[f"F{r['self']}"] = "=5+2.5"  # openpyxl saves no result: the cell was read as empty
    _refused(wb, "Tự chấm điểm!F9 (điểm tự chấm of self)", "formula whose result was never saved")


@pytest.mark.parametrize("ref", ["D3", "B3", "O9", "N9", "L20"])
def test_any_formula_without_a_saved_result_is_refused(ref: str) -> None:
    wb, ws, _r = _filled()
    ws[ref] = "=A1"
    _refused(wb, f"Tự chấm điểm!{ref}", "never saved")


def test_a_formula_with_its_saved_result_is_read_as_that_result() -> None:
    wb, ws, r = _filled()
    ws[f"F{r['self']}"] = 1  # a number cell, whose XML gets the formula and its result
    data = hostile.with_sheet_xml(
        _bytes(wb), lambda xml: xml.replace(b'<c r="F9" s="', b'<c r="F9" s="', 1)
    )
    data = hostile.with_sheet_xml(
        data,
        lambda xml: xml.replace(b"<v>1</v></c>", b"<f>5+2.5</f><v>7.5</v></c>", 1),
    )
    a = excel.read(data, FW, conduct_codes=[CODE])
    assert a.answers["self"].self_score == Decimal("7.5")


@pytest.mark.parametrize(
    ("sheet", "ref", "what"),
    [
        (SHEET, "F9", "điểm tự chấm of self"),
        (SHEET, "D3", "tên xã"),
        (SHEET, "B3", "mã xã"),
        (SHEET, "B7", "ghi chú chung"),
        (SHEET, "O9", "ghi chú of self"),
        (SHEET, "K20", "điểm chỉ số of ext"),
        (SHEET, "B5", "năm đánh giá"),
        ("Điểm liệt", "C2", "có xảy ra? of ky-luat"),
        ("Vi phạm", "D5", "nội dung vi phạm of ded"),
    ],
)
@pytest.mark.parametrize("error", ["#VALUE!", "#NAME?", "#REF!", "#N/A", "#DIV/0!"])
def test_error_cells_are_refused_wherever_a_value_is_expected(
    sheet: str, ref: str, what: str, error: str
) -> None:
    wb, _ws, _r = _filled()
    if sheet == "Vi phạm":
        wb[sheet]["A5"], wb[sheet]["B5"] = "ded", "2025-03-02"
    wb[sheet][ref] = error  # openpyxl writes it as an error cell (t="e")
    assert wb[sheet][ref].data_type == "e"
    _refused(wb, f"{sheet}!{ref} ({what})", f"error value '{error}'")


# --- codes typed as numbers, year cells -----------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "what"), [("B3", "mã xã"), ("F3", "mã xã cũ"), ("F6", "mã huyện cũ")]
)
def test_a_code_typed_as_a_number_is_refused_naming_the_cell_and_how_to_type_it(
    ref: str, what: str
) -> None:
    wb, ws, _r = _filled()
    if ref == "F6":
        ws["D6"] = "huyện Tân Phú"
    ws[ref] = 127  # 00127 typed into a cell not formatted as text
    message = _refused(wb, f"Tự chấm điểm!{ref} ({what})", "'00127", "format the cell as Text")
    assert "'127'" not in message


@pytest.mark.parametrize(
    ("year", "says"),
    [
        (0, "0 is not a year such as 2025"),
        (-1e30, "is not a year such as 2025"),
        (10**20, "100000000000000000000 is not a year such as 2025"),
        (2025.5, "2025.5 is not a year"),
        ("2025a", "'2025a' is not a year"),
        (True, "True is not a year"),
        (1500, "1990"),
    ],
)
def test_a_year_cell_that_is_not_a_year_is_a_clear_error(year: object, says: str) -> None:
    wb, ws, _r = _filled()
    ws["B5"] = year
    _refused(wb, "Tự chấm điểm!B5", says)


def test_a_year_written_as_text_or_a_whole_decimal_is_read() -> None:
    wb, ws, _r = _filled()
    ws["B5"] = "2024"
    assert _read(wb).period == 2024
    ws["B5"] = 2024.0
    assert _read(wb).period == 2024


# --- bounds and formats come from the readers -----------------------------------------------------


def test_a_far_cell_in_the_violations_sheet_is_refused_at_once(tmp_path: Path) -> None:
    wb, _ws, _r = _filled()
    wb["Vi phạm"]["D1048576"] = "xa"
    path = tmp_path / "form.xlsx"
    wb.save(path)
    start = time.monotonic()
    with pytest.raises(LimitError) as info:
        excel.read(path, FW, conduct_codes=[CODE])
    assert time.monotonic() - start < 20  # was 30-60 s and 1 GB (bound, not a speed claim)
    assert "[Vi phạm!" in str(info.value) and "1048576" in str(info.value)
    assert "sheet_rows" in str(info.value)


def test_a_form_declaring_the_whole_grid_is_refused(tmp_path: Path) -> None:
    wb, _ws, _r = _filled()
    data = hostile.with_sheet_xml(
        _bytes(wb),
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml),
    )
    with pytest.raises(LimitError, match="A1:XFD1048576"):
        excel.read(data, FW, conduct_codes=[CODE])


def test_limits_can_be_given_for_one_call() -> None:
    wb, _ws, _r = _filled()
    with pytest.raises(LimitError, match="columns"):
        excel.read(_bytes(wb), FW, conduct_codes=[CODE], limits=readers_limits(columns=10))
    with use_limits(columns=10), pytest.raises(LimitError):
        excel.read(_bytes(wb), FW, conduct_codes=[CODE])


def readers_limits(**kw: int) -> Any:
    from chinhquyen.readers import Limits

    return Limits(**kw)


@pytest.mark.parametrize("suffix", [".ods", ".xls", ".xlsm", ".xlsb"])
def test_other_spreadsheet_formats_get_the_readers_advice(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"form{suffix}"
    path.write_bytes(b"not read at all")
    with pytest.raises(FormatError) as info:
        excel.read(path, FW)
    message = str(info.value)
    assert "Save As" in message and "Excel 2007-365 (.xlsx)" in message
    assert "openpyxl" not in message and "xlrd" not in message


def test_a_macro_workbook_named_xlsx_is_known_by_its_content(tmp_path: Path) -> None:
    wb, _ws, _r = _filled()
    data = hostile.replace_part(
        _bytes(wb),
        hostile.CONTENT_TYPES,
        lambda xml: xml.replace(
            b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"
        ).replace(
            b"application/vnd.openxmlformats-officedocument.sheet.macro",
            b"application/vnd.ms-excel.sheet.macro",
        ),
    )
    with pytest.raises(FormatError, match="macros are not kept"):
        excel.read(data, FW)


def test_a_missing_file_is_a_reader_error(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match=r"nope\.xlsx"):
        excel.read(tmp_path / "nope.xlsx", FW)


# --- one rule for decimals typed as text ----------------------------------------------------------


@pytest.mark.parametrize("text", ["9,5", "9.5", " 9,5 ", "0,25", "7"])
def test_a_self_score_typed_as_text_follows_the_one_decimal_rule(text: str) -> None:
    wb, ws, r = _filled()
    ws[f"F{r['ratio']}"] = text
    # the appraisal table's reader uses the same rule
    assert _read(wb).answers["ratio"].self_score == parse_decimal(text)


@pytest.mark.parametrize(("text", "says"), [("13,5", "13.5 exceeds"), ("-0,5", "-0.5 is below")])
def test_a_self_score_with_a_decimal_comma_is_read_then_checked(text: str, says: str) -> None:
    wb, ws, r = _filled()
    ws[f"F{r['ratio']}"] = text
    _refused(wb, f"Tự chấm điểm!F{r['ratio']}", says)


@pytest.mark.parametrize(
    ("letter", "key", "text", "value"),
    [
        ("K", "ext", "88,6", Decimal("88.6")),
        ("H", "ratio", "5", 5),
        ("I", "ratio", "6,0", 6),
    ],
)
def test_value_cells_typed_as_text_follow_it_too(
    letter: str, key: str, text: str, value: object
) -> None:
    wb, ws, r = _filled()
    ws[f"{letter}{r[key]}"] = text
    a = _read(wb)
    got = a.answers[key].value
    assert (
        got.score if key == "ext" else getattr(got, "denominator" if letter == "I" else "numerator")
    ) == value


@pytest.mark.parametrize(
    ("text", "says"),
    [("1,500", "ambiguous"), ("1.500", "ambiguous"), ("13,5 điểm", "write e.g. 12.5 or 12,5")],
)
def test_a_decimal_that_could_be_read_two_ways_is_refused(text: str, says: str) -> None:
    wb, ws, r = _filled()
    ws[f"F{r['ratio']}"] = text
    _refused(wb, f"Tự chấm điểm!F{r['ratio']}", says)


def test_the_appraisal_table_and_the_form_read_decimals_alike(tmp_path: Path) -> None:
    path = tmp_path / "bang.csv"
    path.write_text('Mã xã,Mã tiêu chí,Điểm thẩm định,Lý do\n26299,self,"7,5",x\n')
    table = scoring.read_appraisals(path)
    wb, ws, r = _filled()
    ws[f"F{r['self']}"] = "7,5"
    assert _read(wb).answers["self"].self_score == table.rows[0].adjustment.points


def test_every_refusal_is_a_chinhquyen_error() -> None:
    wb, ws, r = _filled()
    ws[f"F{r['self']}"] = "#REF!"
    with pytest.raises(ChinhQuyenError):
        _read(wb)


def test_a_problem_the_model_finds_is_located_at_its_cell_with_its_code() -> None:
    wb, ws, _r = _filled()
    ws["B5"], ws["D4"] = 2025, "thị trấn"  # no town after 30/6/2025
    with pytest.raises(ReaderError) as info:
        _read(wb)
    assert info.value.key == "Tự chấm điểm!D4"
    wb, ws, _r = _filled()
    ws["B5"] = 1500
    with pytest.raises(ReaderError) as info:
        _read(wb)
    [problem] = info.value.problems
    assert problem.location.startswith("Tự chấm điểm!B5")
    assert (problem.code, problem.value) == ("greater_than_equal", 1500)
    assert "1990" in problem.message_vi and "1990" in problem.message_en


# --- the unit's level (F4) --------------------------------------------------------------------


def test_a_province_level_unit_is_written_and_read_back_not_dropped() -> None:
    example = scoring.load_assessment(scoring.example_path("phu-tho-2026-q3-qd766.toml"))
    assert example.unit.level == "province"
    # the form keeps the dates but has no cell for a period's label
    a = example.model_copy(update={"period": example.period.model_copy(update={"label": None})})
    fw = criteria.load(a.framework)
    wb = excel.template(fw, a)
    assert wb[SHEET]["F4"].value == "tỉnh"
    path = _FOLDER[-1] / "province.xlsx"
    wb.save(path)
    assert excel.read(path, fw) == a


def test_a_commune_leaves_the_level_empty_and_any_other_level_is_refused_at_f4() -> None:
    wb, ws, _ = _filled()
    assert ws["F4"].value is None and _read(wb).unit.level is None
    ws["F4"] = "huyện"
    message = _refused(wb, "F4", "'huyện'", "'tỉnh'")
    assert "commune-level unit" in message
