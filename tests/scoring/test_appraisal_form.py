"""A council's fill-in appraisal table (issue 12): filled in and read back by read_appraisals.

The table is filled the way a council would, cell by cell with openpyxl (a code typed as text,
a row copied from the results sheet, points with a decimal comma), saved, and read back through
`read_appraisals`, whose headings and rules are written out here, not taken from the template.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.scoring._cards import FW, card
from tests.strategies import appraisal_maps

from chinhquyen import criteria, scoring
from chinhquyen.errors import AssessmentError
from chinhquyen.scoring.appraisal import form

#: The headings read_appraisals reads, in the template's order (its module documentation).
HEADINGS = [
    "STT",
    "Mã xã",
    "Tên xã",
    "Mã tiêu chí",
    "Tên tiêu chí",
    "Điểm tự chấm",
    "Điểm thẩm định",
    "Lý do",
    "Người thẩm định",
]
CARDS = [card("00127", "Xã Một"), card("26299", '=HYPERLINK("http://example.invalid","Hai")')]
CRITERIA = [c.id for c in (*FW.criteria(), *FW.bonus_penalty)]


def _save(wb: openpyxl.Workbook, tmp_path: Path) -> Path:
    path = tmp_path / "tham-dinh.xlsx"
    wb.save(path)
    return path


def test_the_table_has_the_headings_read_appraisals_reads_and_the_sheets(tmp_path: Path) -> None:
    wb = form.template(CARDS, framework=FW)
    assert wb.sheetnames == ["Thẩm định", "Kết quả tự chấm", "Danh mục"]
    table = wb["Thẩm định"]
    assert [table.cell(1, c).value for c in range(1, 10)] == HEADINGS
    assert table.cell(1, 10).value is None
    # an untouched template reads as an empty table
    read = scoring.read_appraisals(_save(wb, tmp_path))
    assert read.sheet == "Thẩm định" and len(read) == 0


def test_a_filled_table_reads_back_and_appraises(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(_save(form.template(CARDS, framework=FW), tmp_path))
    table, results = wb["Thẩm định"], wb["Kết quả tự chấm"]
    ratio = next(r for r in range(2, results.max_row + 1) if results[f"D{r}"].value == "ratio")
    assert results[f"B{ratio}"].value == "00127"
    for column in "ABCDEF":  # the results row copied across, as the sheet invites
        table[f"{column}2"] = results[f"{column}{ratio}"].value
    table["G2"], table["H2"], table["I2"] = "7,5", "Minh chứng thiếu:\nbiên bản", "Sở Nội vụ"
    table["B3"], table["D3"], table["G3"], table["H3"] = "00127", "self", 6, "Không có biên bản"
    read = scoring.read_appraisals(_save(wb, tmp_path))
    assert [(r.unit_code, r.adjustment.criterion_id, r.adjustment.points) for r in read.rows] == [
        ("00127", "ratio", Decimal("7.5")),
        ("00127", "self", Decimal(6)),
    ]
    first = read.rows[0]
    assert (first.unit_name, first.self_score, first.code_number) == ("Xã Một", Decimal(9), None)
    assert first.adjustment.reason == "Minh chứng thiếu:\nbiên bản"
    appraised = scoring.review_all(CARDS, read, framework=FW)
    assert appraised[0].criterion("ratio").points == Decimal("7.5")
    assert appraised[0].criterion("self").points == Decimal(6)
    assert appraised[1] == CARDS[1]


def test_codes_and_texts_are_text_cells() -> None:
    wb = form.template(CARDS, framework=FW)
    table, results, lists = wb["Thẩm định"], wb["Kết quả tự chấm"], wb["Danh mục"]
    for column in "BCDEHI":  # codes, names, ids, reasons: typed text stays text
        assert table.column_dimensions[column].number_format == "@", column
        assert table[f"{column}2"].number_format == "@", column
    for column in "FG":
        assert table[f"{column}2"].number_format == "General", column
    assert results["B2"].value == "00127" and results["B2"].number_format == "@"
    name = results[f"C{2 + len(CRITERIA)}"]
    assert name.value.startswith("=HYPERLINK") and name.data_type == "s"
    assert [lists[f"A{r}"].value for r in (3, 4)] == ["00127", "26299"]
    assert lists["A3"].number_format == lists["D3"].number_format == "@"
    formulas = [
        f"{ws.title}!{cell.coordinate}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []


def test_the_results_sheet_shows_each_communes_criteria() -> None:
    results = form.template(CARDS, framework=FW)["Kết quả tự chấm"]
    assert results.max_row == 1 + 2 * len(CRITERIA)
    rows = {
        (results[f"B{r}"].value, results[f"D{r}"].value): [results[f"{c}{r}"].value for c in "FGHI"]
        for r in range(2, results.max_row + 1)
    }
    # ratio: self-score 9, computed 10 x 3/6 = 5, max 10, over by 4 (tests/scoring/_cards.py)
    assert rows[("00127", "ratio")] == [9, 5, 10, 4]
    assert rows[("00127", "cov")] == [None, None, 10, None]  # not reported
    assert results.protection.sheet


def test_the_lists_and_ranges_validate_the_rows_to_fill() -> None:
    wb = form.template(CARDS, framework=FW)
    by_column = {str(dv.sqref)[0]: dv for dv in wb["Thẩm định"].data_validations.dataValidation}
    rows = 2 * len(CRITERIA)
    assert str(by_column["B"].sqref) == f"B2:B{rows + 1}"
    assert by_column["B"].formula1 == "'Danh mục'!$A$3:$A$4"
    assert by_column["D"].formula1 == f"'Danh mục'!$D$3:$D${len(CRITERIA) + 2}"
    lists = wb["Danh mục"]
    assert [lists[f"D{r}"].value for r in range(3, len(CRITERIA) + 3)] == CRITERIA
    # the points of any criterion: from the penalty's floor -5 to the largest max, 10
    assert (by_column["G"].type, by_column["G"].formula1, by_column["G"].formula2) == (
        "decimal",
        "-5",
        "10",
    )


def test_a_template_from_a_framework_alone_lists_its_criteria() -> None:
    wb = form.template(FW)
    assert wb.sheetnames == ["Thẩm định", "Danh mục"]
    by_column = {str(dv.sqref)[0]: dv for dv in wb["Thẩm định"].data_validations.dataValidation}
    assert "B" not in by_column  # communes are typed, as text
    assert str(by_column["D"].sqref) == "D2:D201"
    assert wb["Thẩm định"].column_dimensions["B"].number_format == "@"


def test_every_sheet_prints_on_a4_landscape_with_its_headings_repeated() -> None:
    for ws in form.template(CARDS, framework=FW).worksheets:
        assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape")
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows and ws.print_area, ws.title


@pytest.mark.parametrize(
    ("cards", "kw", "says"),
    [
        ([], {}, "no scorecard is given"),
        ([CARDS[0], CARDS[0]], {"framework": FW}, "commune '00127' has several scorecards"),
        (CARDS, {"framework": criteria.load("dong-nai/qd-54-2025")}, "not 'dong-nai/qd-54-2025'"),
        (
            [CARDS[0], scoring.score("dong-nai/qd-54-2025", scoring.load_assessment(
                scoring.example_path("dong-nai-2025.json")))],
            {},
            "several frameworks",
        ),
    ],
)  # fmt: skip
def test_scorecards_that_cannot_share_one_table_are_refused(
    cards: list[scoring.Scorecard], kw: dict[str, Any], says: str
) -> None:
    with pytest.raises(AssessmentError, match=says):
        form.template(cards, **kw)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_valid_appraisal_typed_in_reads_back_the_same(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    maxima = [(c.id, c.max_points) for c in FW.criteria()]
    wanted = data.draw(appraisal_maps(["00127", "26299"], maxima))
    wb = form.template(CARDS, framework=FW)
    table = wb["Thẩm định"]
    r = 1
    for code, rows in wanted.items():
        for row in rows:
            r += 1
            table[f"B{r}"], table[f"D{r}"] = code, row["criterion_id"]
            points = row["points"]
            decimal_comma = data.draw(st.booleans())
            table[f"G{r}"] = str(points).replace(".", ",") if decimal_comma else points
            # a text starting with "=" typed by a person is text (the column is formatted so)
            for column, value in (("H", row["reason"]), ("I", row["appraiser"])):
                if value is not None:
                    table[f"{column}{r}"].value = value
                    table[f"{column}{r}"].data_type = "s"
    path = tmp_path_factory.mktemp("appraisal") / "tham-dinh.xlsx"
    wb.save(path)
    read = scoring.read_appraisals(path)
    assert read.by_unit() == {
        code: [scoring.Adjustment.model_validate(row) for row in rows]
        for code, rows in wanted.items()
    }
