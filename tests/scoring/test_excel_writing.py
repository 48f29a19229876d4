"""The Excel form as written: text never a formula, codes as text, unit types by period, print.

Regression tests for issue 10 (what the library writes into a workbook) and issue 12 (the form
prints; the unit types follow the period). The pre-filled round trip covers every measure kind.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import (
    all_kinds_framework_data,
    excel_conduct_code_data,
    excel_every_kind_framework_data,
    excel_form_assessments,
)

from chinhquyen import criteria, scoring
from chinhquyen.errors import ChinhQuyenError, DataFileError
from chinhquyen.readers import WriteError
from chinhquyen.scoring import excel
from chinhquyen.scoring.kinds import KINDS

FW = criteria.Framework.model_validate(excel_every_kind_framework_data())
CODE = criteria.ConductCode.model_validate(excel_conduct_code_data())
SHEET = "Tự chấm điểm"
RULES: dict[str, list[str] | None] = {"ded": CODE.refs(), "penalty": None}


def _assessment(**changes: Any) -> scoring.SelfAssessment:
    data: dict[str, Any] = {
        "framework": "test/all-kinds",
        "unit": {"code": "00127", "name": "Xã Thống Nhất", "province": "Thử nghiệm"},
        "period": 2025,
        "answers": {},
    }
    data.update(changes)
    return scoring.SelfAssessment.model_validate(data)


def _round_trip(a: scoring.SelfAssessment) -> tuple[openpyxl.Workbook, scoring.SelfAssessment]:
    buffer = io.BytesIO()
    excel.template(FW, a, conduct_codes=[CODE]).save(buffer)
    data = buffer.getvalue()
    return openpyxl.load_workbook(io.BytesIO(data)), excel.read(data, FW, conduct_codes=[CODE])


def _rows(ws: Any) -> dict[str, int]:
    return {ws[f"B{r}"].value: r for r in range(9, ws.max_row + 1) if ws[f"B{r}"].value}


def test_the_framework_used_here_has_every_measure_kind() -> None:
    assert {c.measure.kind for c in (*FW.criteria(), *FW.bonus_penalty)} == set(KINDS)


# --- text is written as text (issue 10) -----------------------------------------------------------


def test_texts_that_look_like_formulas_are_written_as_text_and_read_back() -> None:
    a = _assessment(
        unit={
            "code": "00127",
            "name": '=HYPERLINK("http://example.invalid","Xã Thống Nhất")',
            "province": "+84 Thử nghiệm",
        },
        note="=1+1",
        answers={
            "ext": {
                "value": {
                    "kind": "external_index",
                    "score": "88.6",
                    "source": '=WEBSERVICE("http://example.invalid")',
                },
                "note": "@SUM(A1)",
            }
        },
    )
    wb, back = _round_trip(a)
    ws = wb[SHEET]
    r = _rows(ws)["ext"]
    for ref in ("D3", "B4", "B7", f"L{r}", f"O{r}"):
        assert ws[ref].data_type == "s", ref  # not "f": no formula
    assert ws["D3"].value.startswith("=HYPERLINK")
    assert back.model_dump(exclude={"framework_version"}) == a.model_dump(
        exclude={"framework_version"}
    )


def test_titles_from_a_users_framework_are_written_as_text() -> None:
    data = all_kinds_framework_data()
    data["title"] = '=HYPERLINK("http://example.invalid","Bộ tiêu chí")'
    data["groups"][0]["criteria"][0]["title"] = "=1+1"  # type: ignore[index]
    data["groups"][0]["criteria"][1]["measure"] = {"kind": "yes_no"}  # type: ignore[index]
    fw = criteria.Framework.model_validate(data)
    wb = excel.template(fw, conduct_codes=[CODE])
    ws = wb[SHEET]
    assert ws["A1"].data_type == "s" and ws["A1"].value.startswith("PHIẾU TỰ CHẤM ĐIỂM — =HYPER")
    assert ws["C9"].value == "=1+1" and ws["C9"].data_type == "s"
    formulas = [
        f"{ws.title}!{cell.coordinate}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []


def test_a_control_character_in_a_note_names_the_field_and_cell() -> None:
    a = _assessment(answers={"self": {"self_score": 5, "note": "Biên bản\x0bsố 3"}})
    with pytest.raises(WriteError) as info:
        excel.template(FW, a, conduct_codes=[CODE])
    assert isinstance(info.value, ChinhQuyenError)
    assert "ghi chú of self (Tự chấm điểm!O9)" in str(info.value)
    assert "U+000B" in str(info.value)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"note": "ghi chú "}, "ghi chú chung (Tự chấm điểm!B7)"),
        ({"answers": {"self": {"self_score": 5, "note": "\nnote"}}}, "ghi chú of self"),
        (
            {"answers": {"self": {"self_score": 5, "evidence": [{"document": "a\nb"}]}}},
            "minh chứng of self",
        ),
        (
            {
                "answers": {
                    "self": {"self_score": 5, "evidence": [{"title": "x; url: y", "url": "u"}]}
                }
            },
            "minh chứng of self",
        ),
    ],
)
def test_a_text_the_form_would_not_give_back_is_refused(
    changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(WriteError, match=field.replace("(", r"\(").replace(")", r"\)")):
        excel.template(FW, _assessment(**changes), conduct_codes=[CODE])


def test_a_semicolon_inside_an_evidence_title_is_kept() -> None:
    evidence = [{"document": "12/KH-UBND", "title": "Kế hoạch; năm 2025;", "date": "2025-01-02"}]
    a = _assessment(answers={"self": {"self_score": 5, "evidence": evidence}})
    assert _round_trip(a)[1].answers["self"].evidence == a.answers["self"].evidence


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"disqualifiers": {"khong-co": True}}, "'khong-co', not in test/all-kinds"),
        (
            {"answers": {"yes": {"value": {"kind": "quota", "count": 2}}}},
            "gives 'yes' a quota value, but test/all-kinds measures it as yes_no",
        ),
        (
            {"period": {"start": "2025-01-01", "end": "2025-06-30", "label": "6 tháng đầu năm"}},
            "no cell for a period's label",
        ),
        (
            {
                "period": 2024,
                "unit": {
                    "code": "1",
                    "name": "x",
                    "province": "y",
                    "district": {"name": "huyện A", "valid_to": "2024-12-31"},
                },
            },
            "valid_to is 2024-12-31",
        ),
    ],
)
def test_what_the_form_has_no_cell_for_is_refused_not_dropped(
    changes: dict[str, Any], says: str
) -> None:
    with pytest.raises(DataFileError, match=says):
        excel.template(FW, _assessment(**changes), conduct_codes=[CODE])


# --- codes and identifiers are text cells (issue 10) ----------------------------------------------


def test_every_code_and_text_cell_is_formatted_as_text() -> None:
    ws = excel.template(FW, conduct_codes=[CODE])[SHEET]
    for ref in ("B2", "D2", "B3", "D3", "F3", "B4", "D6", "F6", "B7"):
        assert ws[ref].number_format == "@", ref
    rows = _rows(ws)
    for cid, r in rows.items():
        assert ws[f"B{r}"].number_format == "@", cid
        for letter in "NO":
            assert ws[f"{letter}{r}"].number_format == "@", (cid, letter)
    assert ws[f"M{rows['check-all']}"].number_format == "@"
    assert ws[f"L{rows['ext']}"].number_format == "@"
    assert ws[f"G{rows['yes']}"].number_format == "@"
    # date cells show ISO dates; count cells stay numbers
    assert ws["D5"].number_format == ws["B6"].number_format == "yyyy-mm-dd"
    assert ws[f"H{rows['ratio']}"].number_format == "General"


def test_a_code_typed_later_into_the_text_cell_keeps_its_zeros() -> None:
    # what a spreadsheet does when a person types 00127 into a cell formatted as text
    wb = excel.template(FW, conduct_codes=[CODE])
    ws = wb[SHEET]
    assert ws["B3"].number_format == "@"
    ws["B3"], ws["D3"], ws["B4"], ws["B5"] = "00127", "Xã A", "Thử nghiệm", 2025
    buffer = io.BytesIO()
    wb.save(buffer)
    assert excel.read(buffer.getvalue(), FW).unit.code == "00127"


# --- the unit types follow the period (issue 12) --------------------------------------------------


def _type_list(wb: openpyxl.Workbook) -> list[str]:
    for dv in wb[SHEET].data_validations.dataValidation:
        if "D4" in str(dv.sqref):
            return str(dv.formula1).strip('"').split(",")
    raise AssertionError("no list on D4")


@pytest.mark.parametrize(
    ("framework_id", "period", "town"),
    [
        ("bac-giang/cqtt", None, True),  # in force 1/1/2023-30/6/2025
        ("national/qd-766-2022", None, True),  # from 2022: its forms include 2024's
        ("dong-nai/qd-54-2025", None, False),  # from 10/11/2025
        ("national/qd-766-2022", 2024, True),
        ("national/qd-766-2022", 2025, False),
        (
            "national/qd-766-2022",
            scoring.Period.between(dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
            True,
        ),
        (
            "national/qd-766-2022",
            scoring.Period.between(dt.date(2025, 1, 1), dt.date(2025, 7, 1)),
            False,
        ),
    ],
)
def test_thi_tran_is_offered_while_it_exists(framework_id: str, period: Any, town: bool) -> None:
    wb = excel.template(criteria.load(framework_id), period=period)
    types = _type_list(wb)
    assert ("thị trấn" in types) is town
    assert {"xã", "phường"} <= set(types)
    assert set(types) <= {"xã", "phường", "đặc khu", "thị trấn"}


def test_a_town_fills_a_2024_form() -> None:
    fw = criteria.load("bac-giang/cqtt")
    a = scoring.SelfAssessment.model_validate(
        {
            "framework": fw.id,
            "unit": {"code": "07456", "name": "Thị trấn Thắng", "province": "Bắc Giang",
                     "type": "thị trấn"},
            "period": 2024,
            "answers": {},
        }
    )  # fmt: skip
    wb = excel.template(fw, a)
    assert "thị trấn" in _type_list(wb)
    assert wb[SHEET]["D4"].value == "thị trấn"
    buffer = io.BytesIO()
    wb.save(buffer)
    assert excel.read(buffer.getvalue(), fw).unit.type == "thị trấn"


def test_a_period_given_is_written_into_a_blank_form() -> None:
    ws = excel.template(FW, period=2024, conduct_codes=[CODE])[SHEET]
    assert ws["B5"].value == 2024
    span = scoring.Period.between(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    ws = excel.template(FW, period=span, conduct_codes=[CODE])[SHEET]
    assert (ws["D5"].value, ws["F5"].value) == (span.start, span.end)
    with pytest.raises(DataFileError, match="differs from the assessment's period 2025"):
        excel.template(FW, _assessment(), period=2024, conduct_codes=[CODE])


# --- validations are ranges (the 10,000-criterion template) ---------------------------------------


def _big_framework(n: int) -> criteria.Framework:
    data = all_kinds_framework_data(knockouts=False)
    data["groups"] = [
        {
            "id": "g",
            "title": "Nhóm",
            "max_points": n,
            "sources": data["legal_basis"],
            "criteria": [
                {
                    "id": f"c{i}",
                    "title": f"Tiêu chí {i}",
                    "max_points": 1,
                    "measure": {"kind": "self_scored"} if i % 2 else {"kind": "yes_no"},
                    "sources": data["legal_basis"],
                }
                for i in range(n)
            ],
        }
    ]
    data["max_points"] = n
    data["bonus_penalty"], data["conduct_codes"] = [], []
    data["tiers"] = [{"label": "1 sao", "min_points": 0, "sources": data["legal_basis"]}]
    return criteria.Framework.model_validate(data)


def test_data_validations_are_given_once_with_ranges_not_per_row() -> None:
    fw = _big_framework(2_000)
    ws = excel.template(fw)[SHEET]
    validations = ws.data_validations.dataValidation
    assert len(validations) < 10
    by_type = {(dv.type, dv.formula1, dv.formula2): str(dv.sqref) for dv in validations}
    assert by_type[("decimal", "0", "1")] == "F9:F2008"  # every self-score, one range
    yes_no = by_type[("list", '"Có,Không"', None)].split()
    assert yes_no[:2] == ["G9", "G11"] and len(yes_no) == 1_000  # every other row


# --- print setup (issue 12) -----------------------------------------------------------------------


def test_every_sheet_prints_on_a4_landscape_fitted_to_width_with_its_heading_repeated() -> None:
    wb = excel.template(FW, conduct_codes=[CODE])
    assert wb.sheetnames == [SHEET, "Vi phạm", "Điểm liệt", "Danh mục vi phạm"]
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.paperSize, setup.orientation) == (9, "landscape"), ws.title  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows, ws.title
        assert ws.print_area, ws.title
    assert wb[SHEET].print_title_rows == "$8:$8"
    assert wb[SHEET].print_area == "'Tự chấm điểm'!$A$1:$O$24"  # P (the kind) is hidden


def test_every_written_cell_has_a_named_sans_serif_font() -> None:
    wb = excel.template(FW, conduct_codes=[CODE])
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == "Arial", f"{ws.title}!{cell.coordinate}"


def test_rows_are_tall_enough_for_their_wrapped_text() -> None:
    ws = excel.template(criteria.load("national/qd-766-2022"))[SHEET]
    # the title row keeps the accents above the capitals: at least 1.5 lines of 14 pt
    assert ws.row_dimensions[1].height >= 21
    assert ws["A1"].alignment.wrap_text
    for r in range(9, 30):
        texts = [str(ws[f"{c}{r}"].value or "") for c in "CD"]
        widths = [ws.column_dimensions[c].width for c in "CD"]
        # at most 2 characters per unit of width (text in 10-point Arial averages under 1.5)
        lines = max(len(t) / (2 * w) for t, w in zip(texts, widths, strict=True))
        assert ws.row_dimensions[r].height >= 12 * lines, r
        for c in "CD":
            assert ws[f"{c}{r}"].alignment.wrap_text


def test_labels_do_not_spill_into_the_cells_to_fill() -> None:
    ws = excel.template(FW, conduct_codes=[CODE])[SHEET]
    for ref in ("A2", "A3", "A4", "A5", "A6", "A7", "C2", "C3", "C4", "C5", "C6", "E3", "E5", "E6"):
        assert ws[ref].alignment.wrap_text, ref  # a long label wraps inside its own cell


# --- a pre-filled form reads back the same, every kind and field ----------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_prefilled_form_reads_back_the_same_assessment(data: st.DataObject) -> None:
    a = scoring.SelfAssessment.model_validate(data.draw(excel_form_assessments(FW, RULES)))
    _wb, back = _round_trip(a)
    assert back.model_dump(exclude={"framework_version"}) == a.model_dump(
        exclude={"framework_version"}
    )
    assert back.framework_version == FW.version
    assert scoring.digest(back.model_copy(update={"framework_version": None})) == scoring.digest(a)


def test_numbers_keep_their_decimals() -> None:
    a = _assessment(
        answers={
            "ext": {"value": {"kind": "external_index", "score": "88.6"}, "self_score": "4.43"},
            "tally": {"value": {"kind": "tally", "amount": "12.345"}},
            "self": {"self_score": "7.5"},
        }
    )
    _wb, back = _round_trip(a)
    assert back.answers["ext"].value.score == Decimal("88.6")
    assert back.answers["ext"].self_score == Decimal("4.43")
    assert back.answers["tally"].value.amount == Decimal("12.345")
