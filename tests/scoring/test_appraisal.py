"""Appraising a province from an appraisal table: reading CSV/XLSX, applying to many scorecards.

The expected totals are computed by hand from the shipped example and the framework file
``criteria/data/frameworks/dong-nai/qd-54-2025.toml``: the example's points are tuyen-truyen 14
(self-scored, max 15), van-hoa-cong-so 14.5 (max 15), hai-long 19 (max 20) and
cai-cach-hanh-chinh 50 x 88.6 / 100 = 44.30 (max 50), total 91.80; tiers 2 sao from 80, 3 sao
from 90, 4 sao from 95; two decimals.
"""

from __future__ import annotations

import csv
import io
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from tests.strategies import appraisal_maps

from chinhquyen import criteria, scoring
from chinhquyen.errors import (
    AnswerError,
    AssessmentError,
    DataFileError,
    UnknownCriterionError,
)
from chinhquyen.scoring import (
    Adjustment,
    AppraisalTable,
    Cohort,
    Scorecard,
    read_appraisals,
    review,
    review_all,
)
from chinhquyen.scoring._optional import MissingExtraError

D = Decimal
FW = criteria.load("dong-nai/qd-54-2025")
CRITERIA = [("tuyen-truyen", D(15)), ("van-hoa-cong-so", D(15)), ("hai-long", D(20))]
CRITERIA += [("cai-cach-hanh-chinh", D(50))]
UNITS = ["99901", "99902", "99903"]
HEAD = "Mã xã,Mã tiêu chí,Điểm thẩm định,Lý do,Người thẩm định\n"


def commune(code: str) -> Scorecard:
    """The shipped example, as the commune ``code``."""
    a = scoring.load_assessment(scoring.example_path("dong-nai-2025.json"))
    a = a.model_copy(update={"unit": a.unit.model_copy(update={"code": code})})
    return scoring.score(FW, a)


CARDS = [commune(code) for code in UNITS]


def write(tmp_path: Path, text: str, name: str = "tham-dinh.csv", bom: bool = True) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    return path


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Sheet") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_the_example_is_as_computed_by_hand() -> None:
    card = CARDS[0]
    assert [r.points for r in card.criteria] == [D(14), D("14.5"), D(19), D("44.30")]
    assert (card.total, card.tier) == (D("91.80"), "3 sao")


# --- applying -------------------------------------------------------------------------------------


def test_one_commune_is_appraised_the_others_stay_as_they_are(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "99902,hai-long,15,Khảo sát chỉ đạt 180/226 phiếu,Sở Nội vụ\n")
    table = read_appraisals(path)
    out = review_all(CARDS, table)
    # 91.80 - 19 + 15 = 87.80: below 90, at least 80
    assert (out[1].total, out[1].tier) == (D("87.80"), "2 sao")
    r = out[1].criterion("hai-long")
    assert (r.self_score, r.computed_points, r.appraised_points) == (D(19), D(19), D(15))
    assert r.appraisal_reason == "Khảo sát chỉ đạt 180/226 phiếu" and r.appraiser == "Sở Nội vụ"
    assert out[1].appraised
    assert out[0] is CARDS[0] and out[2] is CARDS[2]
    assert not out[0].appraised


def test_a_province_table_ranks_the_cohort_anew(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + "99901,tuyen-truyen,10,Thiếu kế hoạch tuyên truyền quý IV,\n"
        + "99902,cai-cach-hanh-chinh,50,Chỉ số CCHC công bố lại: 100 điểm,Sở Nội vụ\n"
        + ",,,,\n"  # a blank row is skipped
        + "99901,van-hoa-cong-so,15,Đủ pano tại mọi điểm,\n",
    )
    cohort = Cohort(CARDS).review(read_appraisals(path))
    a, b, c = cohort.scorecards
    # 99901: 91.80 - (14 - 10) + (15 - 14.5) = 88.30; 99902: 91.80 - 44.30 + 50 = 97.50
    assert (a.total, a.tier) == (D("88.30"), "2 sao")
    assert (b.total, b.tier) == (D("97.50"), "4 sao")
    assert (c.total, c.tier, c.appraised) == (D("91.80"), "3 sao", False)
    assert a.criterion("tuyen-truyen").appraiser is None
    assert [(r.rank, r.scorecard.unit.code) for r in cohort.ranking()] == [
        (1, "99902"),
        (2, "99903"),
        (3, "99901"),
    ]
    assert cohort.tier_counts() == {"4 sao": 1, "3 sao": 1, "2 sao": 1}


def test_a_mapping_in_code_is_applied_like_a_table() -> None:
    adj = Adjustment(criterion_id="hai-long", points=D(15), reason="Thiếu phiếu")
    out = review_all(CARDS, {"99903": [adj]}, framework=FW)
    assert (out[2].total, out[2].tier) == (D("87.80"), "2 sao")
    assert out[:2] == CARDS[:2]


# --- reading --------------------------------------------------------------------------------------


def test_a_decimal_comma_and_semicolons_as_vietnamese_excel_saves_them(tmp_path: Path) -> None:
    text = "Mã xã;Mã tiêu chí;Điểm thẩm định;Lý do\n99901;tuyen-truyen;12,5;Một nội dung chưa làm\n"
    table = read_appraisals(write(tmp_path, text))
    assert table.by_unit() == {
        "99901": [
            Adjustment(
                criterion_id="tuyen-truyen", points=D("12.5"), reason="Một nội dung chưa làm"
            )
        ]
    }
    [out, *_] = review_all(CARDS, table)
    # 91.80 - 14 + 12.5 = 90.30: 3 sao holds from 90
    assert (out.total, out.tier) == (D("90.30"), "3 sao")


def test_bom_or_no_bom_english_or_vietnamese_headings_read_the_same(tmp_path: Path) -> None:
    vi = write(tmp_path, HEAD + "99901,hai-long,15.5,Lý do,Tổ thẩm định\n", "vi.csv")
    en = write(
        tmp_path,
        "unit_code,criterion_id,points,reason,appraiser\n99901,hai-long,15.5,Lý do,Tổ thẩm định\n",
        "en.csv",
        bom=False,
    )
    # headings in capitals, decomposed accents (NFD), extra spaces, in another order
    odd = write(
        tmp_path,
        "LÝ  DO,Mã tiêu chí,Điểm thẩm định,Mã xã\n".replace("Ý", "Y\u0301")
        + "Lý do,hai-long,15.5,99901\n",
        "odd.csv",
    )
    got = [read_appraisals(p).by_unit() for p in (vi, en, odd)]
    want = Adjustment(criterion_id="hai-long", points=D("15.5"), reason="Lý do")
    assert got[0] == got[1] == {"99901": [want.model_copy(update={"appraiser": "Tổ thẩm định"})]}
    assert got[2] == {"99901": [want]}


def test_csv_and_xlsx_give_the_same_table(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Mã xã", "Mã tiêu chí", "Điểm thẩm định", "Lý do", "Người thẩm định"],
        ["99901", "tuyen-truyen", 12.5, "Thiếu một nội dung", "Sở Nội vụ"],
        ["99902", "hai-long", 15, "Thiếu phiếu", None],
        ["99902", "van-hoa-cong-so", "13,25", "Một pano hỏng", "Tổ 2"],
    ]
    xlsx = write_xlsx(tmp_path / "tham-dinh.xlsx", rows)
    csv_path = write(
        tmp_path,
        HEAD
        + "99901,tuyen-truyen,12.5,Thiếu một nội dung,Sở Nội vụ\n"
        + "99902,hai-long,15,Thiếu phiếu,\n"
        + '99902,van-hoa-cong-so,"13,25",Một pano hỏng,Tổ 2\n',
    )
    from_xlsx, from_csv = read_appraisals(xlsx), read_appraisals(csv_path)
    assert from_xlsx.by_unit() == from_csv.by_unit()
    assert [r.row for r in from_xlsx.rows] == [r.row for r in from_csv.rows] == [2, 3, 4]
    assert from_xlsx.sheet == "Sheet" and from_csv.sheet is None
    assert review_all(CARDS, from_xlsx) == review_all(CARDS, from_csv)
    # 99902: 91.80 - (19 - 15) - (14.5 - 13.25) = 86.55
    assert review_all(CARDS, from_xlsx)[1].total == D("86.55")


def test_a_workbook_sheet_is_the_only_one_the_named_one_or_the_one_given(tmp_path: Path) -> None:
    path = tmp_path / "hai-sheet.xlsx"
    wb = openpyxl.Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "Ghi chú"
    notes.append(["không phải bảng thẩm định"])
    ws = wb.create_sheet("Thẩm định")
    ws.append(["unit_code", "criterion_id", "points", "reason"])
    ws.append(["99901", "hai-long", 15, "x"])
    wb.save(path)
    assert read_appraisals(path).sheet == "Thẩm định"
    with pytest.raises(DataFileError, match=r"Ghi chú!A1.*unknown heading"):
        read_appraisals(path, sheet="Ghi chú")
    with pytest.raises(DataFileError, match=r"has no sheet 'Khác'; its sheets: 'Ghi chú'"):
        read_appraisals(path, sheet="Khác")
    wb["Thẩm định"].title = "Bảng 1"
    wb.save(path)
    with pytest.raises(DataFileError, match=r"none is named 'Thẩm định'.*sheet="):
        read_appraisals(path)


def test_xlsx_errors_name_the_sheet_and_cell(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["unit_code", "criterion_id", "points", "reason"],
        ["99901", "hai-long", True, "x"],
    ]
    path = write_xlsx(tmp_path / "t.xlsx", rows, sheet="Thẩm định")
    with pytest.raises(DataFileError) as e:
        read_appraisals(path)
    assert e.value.key == "Thẩm định!C2 (points)"
    assert "True is not a number of points" in str(e.value)


# --- reading errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        (
            "Mã xã,Mã tiêu chí,Điểm,Lý do\n",
            "row 1, column C",
            "unknown heading 'Điểm'; valid headings: 'Mã xã' / 'unit_code'",
        ),
        ("Mã xã,Mã tiêu chí,Lý do\n", "row 1", "missing required column(s) Điểm thẩm định"),
        ("unit_code,criterion_id,points,reason,Mã xã\n", "row 1, column E", "repeats column A"),
        (
            HEAD + "99901,hai-long,15,   ,Sở Nội vụ\n",
            "row 2, column D (Lý do)",
            "is blank; an appraisal without a reason cannot be audited",
        ),
        (HEAD + "99901,,15,x\n", "row 2, column B (Mã tiêu chí)", "is blank; a value is required"),
        (HEAD + "99901,hai-long,,x\n", "row 2, column C (Điểm thẩm định)", "is blank"),
        (
            HEAD + "99901,hai-long,mười lăm,x\n",
            "row 2, column C (Điểm thẩm định)",
            "'mười lăm' is not a number of points; write e.g. 12.5 or 12,5",
        ),
        (HEAD + '99901,hai-long,"1.234,5",x\n', "row 2, column C (Điểm thẩm định)", "1.234,5"),
        (
            HEAD + "99901,hai-long,15 ,x\n99901,hai-long,1 5,x\n",
            "row 3, column C (Điểm thẩm định)",
            "'1 5'",
        ),
        (
            HEAD + '99901,hai-long,"1,500",x\n',
            "row 2, column C (Điểm thẩm định)",
            "'1,500' is ambiguous: a separator before three digits may group thousands;"
            " write 1.5 for the decimal or 1500 for the whole number",
        ),
        (
            HEAD + "99901,hai-long,12.500,x\n",
            "row 2, column C (Điểm thẩm định)",
            "'12.500' is ambiguous",
        ),
        (
            HEAD + "99901,hai-long,15,x\n99902,hai-long,15,x\n99901,hai-long,16,y\n",
            "row 4, column B (Mã tiêu chí)",
            "commune '99901', criterion 'hai-long' is appraised again (first on row 2)",
        ),
        (HEAD + "99901,hai-long,15,x,,thừa\n", "row 2, column F", "holds 'thừa' in a column"),
        ("", None, "the file is empty"),
    ],
)
def test_reading_errors_name_the_row_and_column(
    tmp_path: Path, text: str, key: str | None, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as e:
        read_appraisals(path)
    assert e.value.path == str(path)
    assert e.value.key == key
    assert message in str(e.value)


def test_points_with_three_decimals_after_a_zero_are_not_ambiguous(tmp_path: Path) -> None:
    # 0,125 cannot group thousands: it reads as a decimal (review then refuses the 3rd place)
    table = read_appraisals(write(tmp_path, HEAD + '99901,hai-long,"0,125",x\n'))
    assert table.rows[0].adjustment.points == D("0.125")
    assert read_appraisals(write(tmp_path, HEAD + "99901,hai-long,-2,x\n")).rows[0].row == 2


def test_the_file_type_and_sheet_must_fit(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"unknown file type '\.txt'"):
        read_appraisals(write(tmp_path, HEAD, "bang.txt"))
    with pytest.raises(DataFileError, match="a CSV file has no sheets"):
        read_appraisals(write(tmp_path, HEAD), sheet="Thẩm định")
    with pytest.raises(DataFileError, match="cannot read the CSV file"):
        read_appraisals(tmp_path / "khong-co.csv")
    with pytest.raises(DataFileError, match="no such file"):
        read_appraisals(tmp_path / "khong-co.xlsx")
    with pytest.raises(DataFileError, match="cannot read the CSV file"):
        (tmp_path / "latin.csv").write_bytes(b"unit_code,criterion_id,points,reason\n1,a,1,L\xfd\n")
        read_appraisals(tmp_path / "latin.csv")


# --- applying errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "key", "message"),
    [
        (
            "99901,hai-long,15,x\n99904,hai-long,15,x\n",
            "row 3, column A (Mã xã)",
            "commune '99904' is not among the scorecards; their communes: 99901, 99902, 99903",
        ),
        (
            "99901,hai-long,15,x\n99902,thai-do,15,x\n",
            "row 3, column B (Mã tiêu chí)",
            "commune '99902': criterion 'thai-do' is not in framework dong-nai/qd-54-2025",
        ),
        (
            "99901,hai-long,15,x\n99902,tuyen-truyen,10,x\n99902,hai-long,21,x\n",
            "row 4, column C (Điểm thẩm định)",
            "commune '99902': criterion hai-long: appraised points 21 are outside 0..20",
        ),
        (
            '99903,tuyen-truyen,"0,125",x\n',
            "row 2, column C (Điểm thẩm định)",
            "commune '99903': criterion tuyen-truyen: appraised points 0.125 have more than 2",
        ),
        (
            "99901,hai-long,-1,x\n",
            "row 2, column C (Điểm thẩm định)",
            "appraised points -1 are outside 0..20",
        ),
    ],
)
def test_applying_errors_name_the_commune_and_the_row(
    tmp_path: Path, rows: str, key: str, message: str
) -> None:
    path = write(tmp_path, HEAD + rows)
    table = read_appraisals(path)
    with pytest.raises(DataFileError) as e:
        review_all(CARDS, table)
    assert (e.value.path, e.value.key) == (str(path), key)
    assert message in str(e.value)
    with pytest.raises(DataFileError):
        Cohort(CARDS).review(table)


def test_applying_a_mapping_names_the_commune_and_the_position() -> None:
    ok = Adjustment(criterion_id="hai-long", points=D(15), reason="x")
    with pytest.raises(AssessmentError, match=r"appraisals\['99909'\]\[0\] \(unit_code\)"):
        review_all(CARDS, {"99909": [ok]})
    bad = Adjustment(criterion_id="thai-do", points=D(1), reason="x")
    with pytest.raises(UnknownCriterionError, match=r"appraisals\['99901'\]\[1\] \(criterion_id"):
        review_all(CARDS, {"99901": [ok, bad]})
    high = Adjustment(criterion_id="tuyen-truyen", points=D(16), reason="x")
    with pytest.raises(AnswerError, match=r"\['99902'\]\[1\] \(points\): commune '99902'.*0\.\.15"):
        review_all(CARDS, {"99902": [ok, high]})
    with pytest.raises(AnswerError, match=r"\['99902'\]\[1\]: .*'hai-long' is appraised again"):
        review_all(CARDS, {"99902": [ok, ok]})


def test_a_commune_with_two_scorecards_or_another_framework_is_refused(tmp_path: Path) -> None:
    table = read_appraisals(write(tmp_path, HEAD + "99901,hai-long,15,x\n"))
    with pytest.raises(DataFileError, match="commune '99901' has 2 scorecards"):
        review_all([CARDS[0], CARDS[0]], table)
    # a commune with two scorecards but no rows is no problem
    assert review_all([CARDS[1], CARDS[1], CARDS[0]], table)[2].total == D("87.80")
    other = criteria.load("bac-giang/cqtt")
    with pytest.raises(AssessmentError, match="commune '99901': the scorecard was scored with"):
        review_all(CARDS, table, framework=other)


def test_the_first_refused_row_in_the_table_is_reported(tmp_path: Path) -> None:
    # 99902 comes first in the scorecards, but 99903's refused row is earlier in the table
    rows = "99903,hai-long,15,x\n99903,tuyen-truyen,16,x\n99902,hai-long,25,x\n"
    with pytest.raises(DataFileError) as e:
        review_all(CARDS, read_appraisals(write(tmp_path, HEAD + rows)))
    assert e.value.key == "row 3, column C (Điểm thẩm định)"
    assert "commune '99903': criterion tuyen-truyen: appraised points 16 are outside 0..15" in str(
        e.value
    )


def test_a_workbook_needs_the_excel_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "t.xlsx", [["unit_code", "criterion_id", "points", "reason"]])
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'chinhquyen\[excel\]'"):
        read_appraisals(path)


# --- properties -----------------------------------------------------------------------------------


def _adjustments(rows: dict[str, list[dict[str, object]]]) -> dict[str, list[Adjustment]]:
    return {code: [Adjustment.model_validate(r) for r in rs] for code, rs in rows.items()}


def _csv_text(rows: dict[str, list[dict[str, object]]], delimiter: str, comma: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["unit_code", "criterion_id", "points", "reason", "appraiser"])
    for code, rs in rows.items():
        for r in rs:
            points = str(r["points"]).replace(".", ",") if comma else str(r["points"])
            writer.writerow([code, r["criterion_id"], points, r["reason"], r["appraiser"] or ""])
    return out.getvalue()


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=appraisal_maps(["00001", "99901", "26734", "x-7"], CRITERIA),
    delimiter=...,
    comma=...,
)
def test_csv_round_trip(
    tmp_path: Path, rows: dict[str, list[dict[str, object]]], delimiter: bool, comma: bool
) -> None:
    text = _csv_text(rows, ";" if delimiter else ",", comma)
    table = read_appraisals(write(tmp_path, text, bom=comma))
    assert table.by_unit() == _adjustments(rows)
    assert len(table) == sum(map(len, rows.values()))


@settings(max_examples=40, deadline=None)
@given(rows=appraisal_maps(UNITS, CRITERIA))
def test_applying_all_equals_reviewing_card_by_card(
    rows: dict[str, list[dict[str, object]]],
) -> None:
    adjustments = _adjustments(rows)
    want = [review(c, adjustments[c.unit.code]) if c.unit.code in adjustments else c for c in CARDS]
    assert review_all(CARDS, adjustments) == want
    table = AppraisalTable(
        "<test>",
        [
            scoring.AppraisalRow(code, adj, i)
            for i, (code, adj) in enumerate(
                ((code, a) for code, adjs in adjustments.items() for a in adjs), start=2
            )
        ],
    )
    assert Cohort(CARDS).review(table).scorecards == tuple(want)
