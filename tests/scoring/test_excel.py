"""The Excel self-assessment form: template layout, hand-filled round trip, cell-named errors.

The round trip fills the form the way a commune would, cell by cell with openpyxl, using the
column letters documented in ``chinhquyen.scoring.excel`` (written out here, not imported),
and compares what is read back with the assessment built directly.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter
from tests.strategies import (
    all_kinds_framework_data,
    excel_assessments,
    excel_conduct_code_data,
    scoring_assessments,
)

from chinhquyen import criteria, scoring
from chinhquyen.errors import (
    ChinhQuyenError,
    DataFileError,
    MissingExtraError,
    UnknownConductCodeError,
)
from chinhquyen.scoring import excel
from chinhquyen.scoring.answers import SurveyValue

FW = criteria.Framework.model_validate(all_kinds_framework_data())
#: The all-kinds framework's ``ded`` criterion is scored against this (unshipped) code.
CODE = criteria.ConductCode.model_validate(excel_conduct_code_data())
SHEET = "Tự chấm điểm"
VI_PHAM = "Vi phạm"


def validated_cells(dv: object) -> list[str]:
    """The cells a data validation covers, one by one (its ranges expanded)."""
    out = []
    for cell_range in dv.sqref.ranges:  # type: ignore[attr-defined]
        for row, column in cell_range.cells:
            out.append(f"{get_column_letter(column)}{row}")
    return out


def _rows(ws: object) -> dict[str, int]:
    out = {}
    for r in range(9, 40):
        cid = ws[f"B{r}"].value  # type: ignore[index]
        if cid is None:
            break
        out[cid] = r
    return out


def _blank() -> tuple[openpyxl.Workbook, object, dict[str, int]]:
    wb = excel.template(FW, conduct_codes=[CODE])
    ws = wb[SHEET]
    ws["B3"], ws["D3"], ws["B4"], ws["D4"] = "26299", "Xã Thống Nhất", "Thử nghiệm", "xã"
    ws["B5"] = 2025
    return wb, ws, _rows(ws)


def _save(wb: openpyxl.Workbook, tmp_path: Path) -> Path:
    path = tmp_path / "form.xlsx"
    wb.save(path)
    return path


def test_template_has_one_row_per_criterion_with_vietnamese_headings() -> None:
    wb = excel.template(FW, conduct_codes=[CODE])
    ws = wb[SHEET]
    assert [ws[f"{c}8"].value for c in "ABCDEF"] == [
        "Nhóm",
        "Mã tiêu chí",
        "Tên tiêu chí",
        "Cách tính điểm",
        "Điểm tối đa",
        "Điểm tự chấm",
    ]
    rows = _rows(ws)
    assert list(rows) == [
        "self", "yes", "check-all", "check-item", "check-prop", "ratio", "ratio-t", "quota",
        "quota-none", "cov", "survey", "ext", "ded", "bonus", "penalty",
    ]  # fmt: skip
    assert ws[f"E{rows['self']}"].value == 10
    assert ws[f"C{rows['yes']}"].value == "Tiêu chí yes"
    assert ws.protection.sheet
    assert ws["B2"].value == "test/all-kinds" and ws["B2"].protection.locked
    assert not ws["B3"].protection.locked
    # a self-scored row opens only F, N, O; a yes/no row also G
    assert not ws[f"F{rows['self']}"].protection.locked
    assert ws[f"G{rows['self']}"].protection.locked
    assert not ws[f"G{rows['yes']}"].protection.locked
    assert "i1, i2, i3" in ws[f"D{rows['check-all']}"].value
    assert wb["Điểm liệt"]["A2"].value == "ky-luat"


def test_template_validates_the_self_score_range_and_yes_no() -> None:
    ws = excel.template(FW, conduct_codes=[CODE])[SHEET]
    rows = _rows(ws)
    ranges = {}
    lists = set()
    for dv in ws.data_validations.dataValidation:
        for ref in validated_cells(dv):
            if dv.type == "decimal" and ref.startswith("F"):
                ranges[int(ref[1:])] = (dv.formula1, dv.formula2)
            if dv.type == "list" and dv.formula1 == '"Có,Không"':
                lists.add(ref)
    assert ranges[rows["self"]] == ("0", "10")
    assert ranges[rows["penalty"]] == ("-5", "0")
    assert f"G{rows['yes']}" in lists


def test_hand_filled_form_reads_back_as_the_direct_assessment(tmp_path: Path) -> None:
    wb, ws, r = _blank()
    ws[f"F{r['self']}"] = 7.5
    ws[f"G{r['yes']}"] = "Có"
    ws[f"M{r['check-all']}"] = "i1, i3"
    ws[f"H{r['ratio']}"], ws[f"I{r['ratio']}"] = 5, 6
    ws[f"F{r['ratio']}"] = 8
    ws[f"J{r['quota']}"] = 2
    ws[f"H{r['cov']}"], ws[f"I{r['cov']}"] = 417, 420
    ws[f"H{r['survey']}"], ws[f"I{r['survey']}"] = 220, 226
    ws[f"K{r['ext']}"], ws[f"L{r['ext']}"] = 88.6, "Sở Nội vụ"
    ws[f"J{r['ded']}"] = 1
    ws[f"N{r['ded']}"] = "Biên bản 03/BB\nsố: 12/KH-UBND; tệp: minh-chung/a.pdf; ngày: 2025-03-02"
    ws[f"O{r['ded']}"] = "Một lần chưa xin lỗi; đã nhắc nhở"
    wb["Điểm liệt"]["C2"] = "Không"
    read = excel.read(_save(wb, tmp_path), FW, conduct_codes=[CODE])
    direct = scoring.SelfAssessment.model_validate(
        {
            "framework": "test/all-kinds",
            "framework_version": "1",
            "unit": {"code": "26299", "name": "Xã Thống Nhất", "province": "Thử nghiệm",
                     "type": "xã"},
            "period": 2025,
            "answers": {
                "self": {"self_score": Decimal("7.5")},
                "yes": {"value": {"kind": "yes_no", "value": True}},
                "check-all": {"value": {"kind": "checklist", "done": ["i1", "i3"]}},
                "ratio": {"self_score": Decimal(8),
                          "value": {"kind": "ratio", "numerator": 5, "denominator": 6}},
                "quota": {"value": {"kind": "quota", "count": 2}},
                "cov": {"value": {"kind": "coverage", "answered": 417, "required": 420}},
                "survey": {"value": {"kind": "survey", "satisfied": 220, "responses": 226}},
                "ext": {"value": {"kind": "external_index", "score": Decimal("88.6"),
                                  "source": "Sở Nội vụ"}},
                "ded": {
                    "value": {"kind": "deduction", "violations": 1},
                    "evidence": [
                        {"document": "Biên bản 03/BB"},
                        {"document": "12/KH-UBND", "file": "minh-chung/a.pdf",
                         "date": dt.date(2025, 3, 2)},
                    ],
                    "note": "Một lần chưa xin lỗi; đã nhắc nhở",
                },
            },
            "disqualifiers": {"ky-luat": False},
        }
    )  # fmt: skip
    assert read == direct
    # and it scores like the direct one
    assert scoring.score(FW, read).total == scoring.score(FW, direct).total


def test_period_given_as_dates(tmp_path: Path) -> None:
    wb, ws, _ = _blank()
    ws["B5"] = None
    ws["D5"], ws["F5"] = dt.date(2025, 1, 1), "2025-06-30"
    a = excel.read(_save(wb, tmp_path), FW)
    assert a.period_bounds == (dt.date(2025, 1, 1), dt.date(2025, 6, 30))


def test_load_assessment_reads_a_registered_frameworks_form(tmp_path: Path) -> None:
    wb = excel.template(criteria.load("dong-nai/qd-54-2025"))
    ws = wb[SHEET]
    ws["B3"], ws["D3"], ws["B4"], ws["B5"] = "26299", "Xã Thống Nhất", "Thử nghiệm", 2025
    ws["F9"] = 14.5
    a = scoring.load_assessment(_save(wb, tmp_path))
    assert a.framework == "dong-nai/qd-54-2025"
    assert list(a.answers) == [ws["B9"].value]
    assert a.answers[ws["B9"].value].self_score == Decimal("14.5")


@pytest.mark.parametrize(
    ("cells", "where", "says"),
    [
        ({"F:self": 17}, "Tự chấm điểm!F9 (điểm tự chấm of self)", "17 exceeds the maximum 10"),
        ({"F:self": "1,500"}, "F9", "ambiguous"),
        ({"F:self": "7.5 điểm"}, "F9", "write e.g. 12.5 or 12,5"),
        ({"G:self": "Có"}, "Tự chấm điểm!G9", "self_scored"),
        ({"G:yes": "Đúng"}, "G10", "is not Có or Không"),
        ({"M:check-all": "i1, i9"}, "M11", "valid items: i1, i2, i3"),
        ({"H:ratio": 5}, "I14", "give both H and I"),
        ({"H:ratio": 7, "I:ratio": 6}, "H14", "exceeds 6"),
        ({"J:quota": 1.5}, "J16", "whole number"),
        ({"K:ext": 101}, "K20", "outside the scale 0-100"),
        ({"N:ded": "tên: Ảnh bảng"}, "N21", "document, file or url"),
        ({"N:ded": "tên: Ảnh; số:"}, "N21", "label: value"),
        ({"B5": None}, "B5", "no period"),
        ({"D3": None}, "D3", "required"),
        ({"F8": "Điểm"}, "F8", "layout was changed"),
    ],
)
def test_errors_name_sheet_cell_and_criterion(
    tmp_path: Path, cells: dict[str, object], where: str, says: str
) -> None:
    wb, ws, r = _blank()
    for key, value in cells.items():
        ref = f"{key[0]}{r[key[2:]]}" if ":" in key else key
        ws[ref] = value
    with pytest.raises(DataFileError) as info:
        excel.read(_save(wb, tmp_path), FW)
    msg = str(info.value)
    assert where in msg and says in msg and "form.xlsx" in msg


def test_form_for_another_framework_is_refused(tmp_path: Path) -> None:
    wb, _ws, _ = _blank()
    path = _save(wb, tmp_path)
    with pytest.raises(DataFileError, match="B2"):
        excel.read(path, criteria.load("dong-nai/qd-54-2025"))


def test_not_an_xlsx_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.xlsx"
    bad.write_text("không phải excel")
    with pytest.raises(DataFileError, match=r"x\.xlsx"):
        excel.read(bad)


def test_missing_openpyxl_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'chinhquyen\[excel\]'") as info:
        excel.template(FW, conduct_codes=[CODE])
    assert isinstance(info.value, ChinhQuyenError) and isinstance(info.value, ImportError)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_prefilled_form_round_trips(data: st.DataObject) -> None:
    a = scoring.SelfAssessment.model_validate(data.draw(scoring_assessments(FW)))
    buf = io.BytesIO()
    excel.template(FW, a, conduct_codes=[CODE]).save(buf)
    buf.seek(0)
    back = excel.read(openpyxl.load_workbook(buf, data_only=True), FW, conduct_codes=[CODE])
    assert back.model_dump(exclude={"framework_version"}) == a.model_dump(
        exclude={"framework_version"}
    )


# --- violation records (sheet "Vi phạm") ---------------------------------------------------------

DN_CODE = "dong-nai/4-xin-4-luon-5-khong"


def _dong_nai_framework() -> criteria.Framework:
    """The all-kinds framework with ``ded`` scored against Đồng Nai's shipped conduct code."""
    data = all_kinds_framework_data()
    data["conduct_codes"] = [DN_CODE]
    g3 = data["groups"][2]  # type: ignore[index]
    ded = g3["criteria"][3]
    assert ded["id"] == "ded"
    ded["measure"]["conduct_code"] = DN_CODE
    return criteria.Framework.model_validate(data)


FW_DN = _dong_nai_framework()


def _blank_dn() -> tuple[openpyxl.Workbook, object, object, dict[str, int]]:
    wb = excel.template(FW_DN)  # the code comes from the catalogue
    ws = wb[SHEET]
    ws["B3"], ws["D3"], ws["B4"], ws["D4"] = "26299", "Xã Thống Nhất", "Thử nghiệm", "xã"
    ws["B5"] = 2025
    return wb, ws, wb[VI_PHAM], _rows(ws)


def _list_range(wb: openpyxl.Workbook, formula: str) -> list[object]:
    sheet, _, ref = formula.partition("!")
    return [row[0].value for row in wb[sheet.strip("'")][ref.replace("$", "")]]


def test_template_has_a_violations_sheet_validated_against_the_framework() -> None:
    wb = excel.template(FW_DN)
    assert wb.sheetnames == [SHEET, VI_PHAM, "Điểm liệt", "Danh mục vi phạm"]
    vs = wb[VI_PHAM]
    assert [vs[f"{c}3"].value for c in "ABCD"] == [
        "Mã tiêu chí",
        "Ngày vi phạm",
        "Quy tắc vi phạm",
        "Nội dung vi phạm",
    ]
    assert "Violation records" in vs["A2"].value  # the English subtitle
    by_column = {}
    for dv in vs.data_validations.dataValidation:
        by_column[str(dv.sqref)[0]] = dv
        assert str(dv.sqref).endswith("1004")  # the first 1000 record rows
    assert _list_range(wb, by_column["A"].formula1) == ["ded", "penalty"]
    # the 4 xin, 4 luôn, 5 không and 2 nụ cười công sở rules, as the shipped file lists them
    rules = _list_range(wb, by_column["C"].formula1)
    assert len(rules) == 15
    assert rules[1] == "dong-nai/4-xin-4-luon-5-khong#xin-loi"
    assert rules[-1] == "dong-nai/4-xin-4-luon-5-khong#huong-dan-tan-tinh"
    # "penalty" names no conduct code, so another rule is only warned about
    assert by_column["C"].errorStyle == "warning"
    assert by_column["B"].type == "date"
    assert vs["B5"].number_format == "yyyy-mm-dd"
    assert wb["Danh mục vi phạm"].protection.sheet


def test_only_deduction_frameworks_get_the_violations_sheet() -> None:
    wb = excel.template(criteria.load("dong-nai/qd-54-2025"))
    assert VI_PHAM not in wb.sheetnames


def test_violation_rows_read_back_as_records(tmp_path: Path) -> None:
    wb, ws, vs, r = _blank_dn()
    vs["A5"], vs["B5"], vs["C5"] = "ded", dt.date(2025, 3, 2), f"{DN_CODE}#xin-loi"
    vs["D5"] = "Không xin lỗi khi trả hồ sơ trễ hẹn"
    vs["A6"], vs["B6"] = "penalty", "2025-04-10"
    vs["C6"], vs["D6"] = "Nội quy cơ quan", "Đi muộn"
    # row 7 left blank
    vs["A8"], vs["B8"], vs["C8"] = " ded ", dt.datetime(2025, 11, 30), f"{DN_CODE}#khong-cua-quyen"
    vs["A9"], vs["B9"] = "ded", dt.date(2025, 12, 31)
    ws[f"J{r['penalty']}"] = 1
    read = excel.read(_save(wb, tmp_path), FW_DN)
    assert read.answers["ded"].value == scoring.DeductionValue(
        records=(
            scoring.ViolationRecord(
                rule="dong-nai/4-xin-4-luon-5-khong#xin-loi",
                date=dt.date(2025, 3, 2),
                note="Không xin lỗi khi trả hồ sơ trễ hẹn",
            ),
            scoring.ViolationRecord(
                rule="dong-nai/4-xin-4-luon-5-khong#khong-cua-quyen", date=dt.date(2025, 11, 30)
            ),
            scoring.ViolationRecord(date=dt.date(2025, 12, 31)),
        )
    )
    assert read.answers["ded"].value.violations is None  # J was left empty
    assert read.answers["penalty"].value == scoring.DeductionValue(
        violations=1,
        records=(
            scoring.ViolationRecord(
                rule="Nội quy cơ quan", date=dt.date(2025, 4, 10), note="Đi muộn"
            ),
        ),
    )
    # ded: max 5, 1 point per violation, 3 violations -> 2; penalty: 0 - 1 -> -1
    card = scoring.score(FW_DN, read)
    assert card.criterion("ded").points == Decimal(2)
    assert card.criterion("penalty").points == Decimal(-1)


def test_every_violation_record_field_has_a_column(tmp_path: Path) -> None:
    wb, _ws, vs, _r = _blank_dn()
    vs["A5"], vs["B5"], vs["C5"], vs["D5"] = "ded", "2025-06-01", f"{DN_CODE}#xin-chao", "x"
    record = excel.read(_save(wb, tmp_path), FW_DN).answers["ded"].value.records[0]
    assert set(record.model_dump(exclude_none=True)) == set(scoring.ViolationRecord.model_fields)


def test_count_and_rows_that_disagree_name_the_count_cell(tmp_path: Path) -> None:
    wb, ws, vs, r = _blank_dn()
    for row in (5, 6, 8):
        vs[f"A{row}"], vs[f"B{row}"] = "ded", dt.date(2025, 5, row)
    ws[f"J{r['ded']}"] = 2
    with pytest.raises(DataFileError) as info:
        excel.read(_save(wb, tmp_path), FW_DN)
    msg = str(info.value)
    assert f"Tự chấm điểm!J{r['ded']} (số lượng of ded)" in msg
    assert "2 violation(s) here but 3 row(s)" in msg and "rows 5, 6, 8" in msg
    assert "form.xlsx" in msg


@pytest.mark.parametrize(
    ("cells", "where", "says"),
    [
        (
            {"C5": f"{DN_CODE}#xin-tien"},
            "Vi phạm!C5 (quy tắc vi phạm of ded)",
            f"valid: {DN_CODE}#xin-chao, {DN_CODE}#xin-loi,",
        ),
        ({"C5": "xin-loi"}, "Vi phạm!C5", f"write it as '{DN_CODE}#xin-loi'"),
        ({"C5": "other/code#xin-loi"}, "Vi phạm!C5", "not a rule of conduct code"),
        ({"A5": "quota"}, "Vi phạm!A5 (mã tiêu chí)", "valid: ded, penalty"),
        ({"A5": None}, "Vi phạm!A5", "names its criterion: ded, penalty"),
        ({"B5": None}, "Vi phạm!B5 (ngày vi phạm of ded)", "date of the violation is required"),
        ({"B5": "2024-12-31"}, "Vi phạm!B5", "outside the assessment period 2025-01-01"),
        ({"B5": "31/12/2025"}, "Vi phạm!B5", "YYYY-MM-DD"),
        ({"B5": dt.datetime(2025, 3, 2, 8, 30)}, "Vi phạm!B5", "time of day"),
        ({"C3": "Quy tắc"}, "Vi phạm!C3", "layout was changed"),
    ],
)
def test_violation_row_errors_name_sheet_cell_and_what_is_valid(
    tmp_path: Path, cells: dict[str, object], where: str, says: str
) -> None:
    wb, _ws, vs, _r = _blank_dn()
    vs["A5"], vs["B5"], vs["C5"] = "ded", dt.date(2025, 3, 2), f"{DN_CODE}#xin-loi"
    for ref, value in cells.items():
        vs[ref] = value
    with pytest.raises(DataFileError) as info:
        excel.read(_save(wb, tmp_path), FW_DN)
    msg = str(info.value)
    assert where in msg and says in msg and "form.xlsx" in msg


def test_a_form_without_the_violations_sheet_still_reads(tmp_path: Path) -> None:
    # the form as made before sheet "Vi phạm" existed: only the count in J
    wb, ws, r = _blank()
    del wb[VI_PHAM]
    del wb["Danh mục vi phạm"]
    ws[f"J{r['ded']}"] = 3
    read = excel.read(_save(wb, tmp_path), FW)
    assert read.answers["ded"].value == scoring.DeductionValue(violations=3)
    assert list(read.answers) == ["ded"]


def test_an_unshipped_conduct_code_must_be_given() -> None:
    with pytest.raises(UnknownConductCodeError, match=r"ded.*test/code.*conduct_codes="):
        excel.template(FW)
    # reading needs it only when a row names a rule
    wb, _ws, _r = _blank()
    wb[VI_PHAM]["A5"], wb[VI_PHAM]["B5"] = "ded", dt.date(2025, 1, 1)
    assert excel.read(wb, FW).answers["ded"].value.count == 1
    wb[VI_PHAM]["C5"] = "test/code#xin-loi"
    with pytest.raises(UnknownConductCodeError, match="conduct_codes="):
        excel.read(wb, FW)
    assert excel.read(wb, FW, conduct_codes=[CODE]).answers["ded"].value.records[0].rule == (
        "test/code#xin-loi"
    )


def test_records_for_a_criterion_not_scored_by_deduction_are_refused_by_the_template() -> None:
    a = scoring.SelfAssessment.model_validate(
        {
            "framework": "test/all-kinds",
            "unit": {"code": "1", "name": "x", "province": "Thử nghiệm"},
            "period": 2025,
            "answers": {
                "quota": {"value": {"kind": "deduction", "records": [{"date": "2025-01-02"}]}}
            },
        }
    )
    with pytest.raises(DataFileError, match="quota"):
        excel.template(FW, a, conduct_codes=[CODE])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_violation_records_round_trip(data: st.DataObject) -> None:
    rules = {"ded": CODE.refs(), "penalty": None}  # penalty names no conduct code
    a = scoring.SelfAssessment.model_validate(data.draw(excel_assessments(FW, rules)))
    buf = io.BytesIO()
    excel.template(FW, a, conduct_codes=[CODE]).save(buf)
    buf.seek(0)
    back = excel.read(openpyxl.load_workbook(buf, data_only=True), FW, conduct_codes=[CODE])
    assert back.model_dump(exclude={"framework_version"}) == a.model_dump(
        exclude={"framework_version"}
    )


def test_prefilled_records_are_written_as_date_cells_and_leave_the_count_empty() -> None:
    a = scoring.SelfAssessment.model_validate(
        {
            "framework": "test/all-kinds",
            "unit": {"code": "1", "name": "x", "province": "Thử nghiệm"},
            "period": 2025,
            "answers": {
                "ded": {
                    "value": {
                        "kind": "deduction",
                        "records": [
                            {"date": "2025-02-03", "rule": "test/code#xin-loi", "note": "=1+1"}
                        ],
                    }
                }
            },
        }
    )
    buf = io.BytesIO()
    excel.template(FW, a, conduct_codes=[CODE]).save(buf)
    buf.seek(0)
    wb = openpyxl.load_workbook(buf)
    vs = wb[VI_PHAM]
    assert vs["B5"].is_date and vs["B5"].value == dt.datetime(2025, 2, 3)
    assert (vs["A5"].value, vs["C5"].value) == ("ded", "test/code#xin-loi")
    assert vs["D5"].value == "=1+1" and vs["D5"].data_type == "s"  # text, not a formula
    assert wb[SHEET][f"J{_rows(wb[SHEET])['ded']}"].value is None


def test_survey_forms_read_from_the_count_column(tmp_path: Path) -> None:
    wb, ws, rows = _blank()
    r = rows["survey"]
    # nine questions pooled: 270 answers from 30 forms
    ws[f"H{r}"], ws[f"I{r}"], ws[f"J{r}"] = 243, 270, 30  # type: ignore[index]
    a = excel.read(_save(wb, tmp_path), FW, conduct_codes=[CODE])
    assert a.answers["survey"].value == SurveyValue(satisfied=243, responses=270, forms=30)
    ws[f"J{r}"] = 271  # type: ignore[index]
    with pytest.raises(DataFileError) as info:
        excel.read(_save(wb, tmp_path), FW, conduct_codes=[CODE])
    assert f"Tự chấm điểm!J{r}" in str(info.value) and "1..270" in str(info.value)
