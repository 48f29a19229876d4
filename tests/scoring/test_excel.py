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
from tests.strategies import all_kinds_framework_data, scoring_assessments

from chinhquyen import criteria, scoring
from chinhquyen.errors import ChinhQuyenError, DataFileError
from chinhquyen.scoring import excel
from chinhquyen.scoring._optional import MissingExtraError

FW = criteria.Framework.model_validate(all_kinds_framework_data())
SHEET = "Tự chấm điểm"


def _rows(ws: object) -> dict[str, int]:
    out = {}
    for r in range(9, 40):
        cid = ws[f"B{r}"].value  # type: ignore[index]
        if cid is None:
            break
        out[cid] = r
    return out


def _blank() -> tuple[openpyxl.Workbook, object, dict[str, int]]:
    wb = excel.template(FW)
    ws = wb[SHEET]
    ws["B3"], ws["D3"], ws["B4"], ws["D4"] = "26299", "Xã Thống Nhất", "Đồng Nai", "xã"
    ws["B5"] = 2025
    return wb, ws, _rows(ws)


def _save(wb: openpyxl.Workbook, tmp_path: Path) -> Path:
    path = tmp_path / "form.xlsx"
    wb.save(path)
    return path


def test_template_has_one_row_per_criterion_with_vietnamese_headings() -> None:
    wb = excel.template(FW)
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
    ws = excel.template(FW)[SHEET]
    rows = _rows(ws)
    ranges = {}
    lists = set()
    for dv in ws.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
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
    read = excel.read(_save(wb, tmp_path), FW)
    direct = scoring.SelfAssessment.model_validate(
        {
            "framework": "test/all-kinds",
            "framework_version": "1",
            "unit": {"code": "26299", "name": "Xã Thống Nhất", "province": "Đồng Nai",
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
    ws["B3"], ws["D3"], ws["B4"], ws["B5"] = "26299", "Xã Thống Nhất", "Đồng Nai", 2025
    ws["F9"] = 14.5
    a = scoring.load_assessment(_save(wb, tmp_path))
    assert a.framework == "dong-nai/qd-54-2025"
    assert list(a.answers) == [ws["B9"].value]
    assert a.answers[ws["B9"].value].self_score == Decimal("14.5")


@pytest.mark.parametrize(
    ("cells", "where", "says"),
    [
        ({"F:self": 17}, "Tự chấm điểm!F9 (điểm tự chấm of self)", "17 exceeds the maximum 10"),
        ({"F:self": "7,5"}, "F9", "with a point"),
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
        excel.template(FW)
    assert isinstance(info.value, ChinhQuyenError) and isinstance(info.value, ImportError)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_prefilled_form_round_trips(data: st.DataObject) -> None:
    a = scoring.SelfAssessment.model_validate(data.draw(scoring_assessments(FW)))
    buf = io.BytesIO()
    excel.template(FW, a).save(buf)
    buf.seek(0)
    back = excel.read(openpyxl.load_workbook(buf, data_only=True), FW)
    assert back.model_dump(exclude={"framework_version"}) == a.model_dump(
        exclude={"framework_version"}
    )
