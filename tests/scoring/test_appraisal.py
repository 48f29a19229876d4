"""Appraising a province from an appraisal table: reading CSV/XLSX, applying to many scorecards.

The expected totals are computed by hand from the shipped example and the framework file
``criteria/data/frameworks/dong-nai/qd-54-2025.toml``: the example's points are tuyen-truyen 14
(self-scored, max 15), van-hoa-cong-so 14.5 (max 15), hai-long 19 (max 20) and
cai-cach-hanh-chinh 50 x 88.6 / 100 = 44.30 (max 50, self-scored 45), total 91.80; tiers 2 sao
from 80, 3 sao from 90, 4 sao from 95; two decimals. The example's scorecard is relabelled as
the fictional "Xã Minh Họa"; the criterion titles below are copied from the framework file.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.inputs._bounded_calls import refused
from tests.readers import _hostile as hostile
from tests.strategies import appraisal_maps, respellings

from chinhquyen import criteria, scoring
from chinhquyen.errors import (
    AnswerError,
    AssessmentError,
    DataFileError,
    InvalidInputError,
    MissingExtraError,
    UnknownCriterionError,
)
from chinhquyen.readers import FormatError, ReaderError
from chinhquyen.scoring import (
    Adjustment,
    AppraisalTable,
    Cohort,
    Scorecard,
    read_appraisals,
    review,
    review_all,
)
from chinhquyen.scoring.appraisal import AppraisalTableError

D = Decimal
FW = criteria.load("dong-nai/qd-54-2025")
CRITERIA = [("tuyen-truyen", D(15)), ("van-hoa-cong-so", D(15)), ("hai-long", D(20))]
CRITERIA += [("cai-cach-hanh-chinh", D(50))]
UNITS = ["99901", "99902", "99903"]
HEAD = "Mã xã,Mã tiêu chí,Điểm thẩm định,Lý do,Người thẩm định\n"
#: the required columns only: a CSV row holds a cell for every heading
HEAD4 = "Mã xã,Mã tiêu chí,Điểm thẩm định,Lý do\n"
NAME = "Xã Minh Họa"
TITLES = {
    "tuyen-truyen": "Công tác tuyên truyền về mô hình Chính quyền thân thiện",
    "hai-long": "Mức độ hài lòng của cán bộ, công chức, người dân, tổ chức, doanh nghiệp đối với"
    " mô hình Chính quyền thân thiện",
}
SELF = {"tuyen-truyen": D(14), "van-hoa-cong-so": D("14.5"), "hai-long": D(19)}
SELF["cai-cach-hanh-chinh"] = D(45)
#: a council's table: row number, commune name, criterion title and self-score beside the rest
COUNCIL = "STT;Mã xã;Tên xã;Mã tiêu chí;Tên tiêu chí;Điểm tự chấm;Điểm thẩm định;Lý do\n"


def commune(code: str) -> Scorecard:
    """The shipped example's scorecard, relabelled as the fictional commune ``code``.

    Scoring refuses a code the units registry does not know (the example is a real unit), so
    the fictional codes and name are put on the scorecards, which is all an appraisal reads.
    """
    a = scoring.load_assessment(scoring.example_path("dong-nai-2025.json"))
    card = scoring.score(FW, a)
    return card.model_copy(update={"unit": a.unit.model_copy(update={"code": code, "name": NAME})})


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
        (HEAD4 + "99901,,15,x\n", "row 2, column B (Mã tiêu chí)", "is blank; a value is required"),
        (HEAD4 + "99901,hai-long,,x\n", "row 2, column C (Điểm thẩm định)", "is blank"),
        (
            HEAD4 + "99901,hai-long,mười lăm,x\n",
            "row 2, column C (Điểm thẩm định)",
            "'mười lăm' is not a number of points; write e.g. 12.5 or 12,5",
        ),
        (HEAD4 + '99901,hai-long,"1.234,5",x\n', "row 2, column C (Điểm thẩm định)", "1.234,5"),
        (
            HEAD4 + "99901,hai-long,15 ,x\n99901,hai-long,1 5,x\n",
            "row 3, column C (Điểm thẩm định)",
            "'1 5'",
        ),
        (
            HEAD4 + '99901,hai-long,"1,500",x\n',
            "row 2, column C (Điểm thẩm định)",
            "'1,500' is ambiguous: a separator before three digits may group thousands;"
            " write 1.5 for the decimal or 1500 for the whole number",
        ),
        (
            HEAD4 + "99901,hai-long,12.500,x\n",
            "row 2, column C (Điểm thẩm định)",
            "'12.500' is ambiguous",
        ),
        (
            HEAD4 + "99901,hai-long,15,x\n99902,hai-long,15,x\n99901,hai-long,16,y\n",
            "row 4, column B (Mã tiêu chí)",
            "commune '99901', criterion 'hai-long' is appraised again (first on row 2)",
        ),
        (HEAD + "99901,hai-long,15,x,,thừa\n", "row 2, column F", "holds 'thừa' in a column"),
        ("", "row 1", "is empty; the first row must hold the headings"),
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
    table = read_appraisals(write(tmp_path, HEAD4 + '99901,hai-long,"0,125",x\n'))
    assert table.rows[0].adjustment.points == D("0.125")
    assert read_appraisals(write(tmp_path, HEAD4 + "99901,hai-long,-2,x\n")).rows[0].row == 2


def test_the_file_type_and_sheet_must_fit(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"unknown file type '\.txt'"):
        read_appraisals(write(tmp_path, HEAD, "bang.txt"))
    with pytest.raises(DataFileError, match="a CSV file has no sheets"):
        read_appraisals(write(tmp_path, HEAD), sheet="Thẩm định")
    with pytest.raises(DataFileError, match="no such file"):
        read_appraisals(tmp_path / "khong-co.csv")
    with pytest.raises(DataFileError, match="no such file"):
        read_appraisals(tmp_path / "khong-co.xlsx")
    with pytest.raises(DataFileError, match=r"bytes b'\\xfd' are not valid utf-8-sig text"):
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
    path = write(tmp_path, HEAD4 + rows)
    table = read_appraisals(path)
    with pytest.raises(DataFileError) as e:
        review_all(CARDS, table)
    assert (e.value.path, e.value.key) == (str(path), key)
    assert message in str(e.value)
    with pytest.raises(DataFileError):
        Cohort(CARDS).review(table)


def test_applying_errors_are_coded_problems_in_both_languages(tmp_path: Path) -> None:
    rows = "99904,hai-long,15,x\n99902,thai-do,15,x\n99902,hai-long,21,x\n"
    table = read_appraisals(write(tmp_path, HEAD4 + rows))
    with pytest.raises(DataFileError) as e:
        review_all(CARDS, table)
    got = [(p.location, p.code, p.value) for p in e.value.problems]
    assert got == [
        ("row 2, column A (Mã xã)", "appraisal.unknown_unit", "99904"),
        ("row 3, column B (Mã tiêu chí)", "appraisal.unknown_criterion", "thai-do"),
        ("row 4, column C (Điểm thẩm định)", "appraised_points.out_of_range", D(21)),
    ]
    vi = [p.message_vi for p in e.value.problems]
    assert vi[0].startswith("xã '99904' không có trong các phiếu điểm")
    assert vi[2] == "xã '99902': tiêu chí hai-long: điểm thẩm định 21 nằm ngoài khoảng 0..20.00"
    # a mapping's refusal is located by its path
    bad = Adjustment(criterion_id="hai-long", points=D(21), reason="x")
    with pytest.raises(AnswerError) as m:
        review_all(CARDS, {"99902": [bad]})
    (p,) = m.value.problems
    assert (p.location, p.code) == ("appraisals/99902/0/points", "appraised_points.out_of_range")


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
    table = read_appraisals(write(tmp_path, HEAD4 + "99901,hai-long,15,x\n"))
    with pytest.raises(DataFileError, match="commune '99901' has 2 scorecards"):
        review_all([CARDS[0], CARDS[0]], table)
    # a commune with two scorecards but no rows is no problem
    assert review_all([CARDS[1], CARDS[1], CARDS[0]], table)[2].total == D("87.80")
    other = criteria.load("bac-giang/cqtt")
    with pytest.raises(AssessmentError, match="commune '99901': the scorecard was scored with"):
        review_all(CARDS, table, framework=other)


def test_every_refused_row_is_reported_in_the_table_order(tmp_path: Path) -> None:
    # 99902 comes first in the scorecards, but 99903's refused row is earlier in the table
    rows = "99903,hai-long,15,x\n99903,tuyen-truyen,16,x\n99902,hai-long,25,x\n"
    with pytest.raises(AppraisalTableError) as e:
        review_all(CARDS, read_appraisals(write(tmp_path, HEAD4 + rows)))
    assert e.value.key == "row 3, column C (Điểm thẩm định)"
    assert [key for key, _ in e.value.problems] == [
        "row 3, column C (Điểm thẩm định)",
        "row 4, column C (Điểm thẩm định)",
    ]
    assert "commune '99903': criterion tuyen-truyen: appraised points 16 are outside 0..15" in str(
        e.value
    )
    assert "commune '99902': criterion hai-long: appraised points 25 are outside 0..20" in str(
        e.value
    )
    assert "2 problems:" in str(e.value)


def test_a_workbook_needs_the_excel_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "t.xlsx", [["unit_code", "criterion_id", "points", "reason"]])
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'chinhquyen\[excel\]'"):
        read_appraisals(path)


# --- a council's table: row numbers, names, titles and self-scores ------------------------------


def test_a_council_table_with_names_titles_and_self_scores_is_applied(tmp_path: Path) -> None:
    import unicodedata

    shouted = unicodedata.normalize("NFD", "XÃ  MINH HỌA ")  # other case, spacing and form
    english = (
        "Satisfaction of civil servants, citizens, organisations and businesses with the model"
    )
    path = write(
        tmp_path,
        COUNCIL
        + f"1;99901;{shouted};tuyen-truyen;{TITLES['tuyen-truyen'].lower()};14,0;12;Thiếu một nội"
        " dung\n"
        + f"2;99902;{NAME};hai-long;{english};19;15;Thiếu phiếu\n"
        + "3;99902;;cai-cach-hanh-chinh;;45;50;Chỉ số công bố lại\n",  # blank cells: not given
    )
    table = read_appraisals(path)
    first, second, third = table.rows
    assert (first.no, first.unit_name, first.self_score) == ("1", shouted.strip(), D("14.0"))
    assert first.criterion_title == TITLES["tuyen-truyen"].lower()
    assert (third.unit_name, third.criterion_title, third.self_score) == (None, None, D(45))
    assert second.criterion_title == english
    out = review_all(CARDS, table)
    # 99901: 91.80 - 14 + 12 = 89.80; 99902: 91.80 - 19 + 15 - 44.30 + 50 = 93.50
    assert [(c.total, c.tier) for c in out] == [
        (D("89.80"), "2 sao"),
        (D("93.50"), "3 sao"),
        (D("91.80"), "3 sao"),
    ]


def test_the_row_number_is_a_label_only(tmp_path: Path) -> None:
    # STT may repeat, be blank or hold any text: it is kept and never checked
    rows = "1;99901;;hai-long;;;15;x\n1a;99901;;tuyen-truyen;;;12;x\n;99902;;hai-long;;;15;x\n"
    table = read_appraisals(write(tmp_path, COUNCIL + rows))
    assert [r.no for r in table.rows] == ["1", "1a", None]
    # 99901: 91.80 - (19 - 15) - (14 - 12) = 85.80; 99902: 91.80 - (19 - 15) = 87.80
    assert [c.total for c in review_all(CARDS, table)] == [D("85.80"), D("87.80"), D("91.80")]


@pytest.mark.parametrize(
    ("row", "key", "message"),
    [
        (
            "1;99901;Xã Thống Nhất;hai-long;;;15;x",
            "row 2, column C (Tên xã)",
            "commune '99901': the table names it 'Xã Thống Nhất'; the scorecard's unit name is"
            " 'Xã Minh Họa'",
        ),
        (
            # the same letters with another tone is another name: Hòa is not Họa
            "1;99901;Xã Minh Hòa;hai-long;;;15;x",
            "row 2, column C (Tên xã)",
            "the table names it 'Xã Minh Hòa'",
        ),
        (
            f"1;99901;;hai-long;{TITLES['tuyen-truyen']};;15;x",
            "row 2, column E (Tên tiêu chí)",
            f"commune '99901', criterion 'hai-long': the table gives the title"
            f" '{TITLES['tuyen-truyen']}'; the framework's title is '{TITLES['hai-long']}'"
            " (in English 'Satisfaction of",
        ),
        (
            "1;99901;;cai-cach-hanh-chinh;;44,30;50;x",
            "row 2, column F (Điểm tự chấm)",
            "commune '99901', criterion 'cai-cach-hanh-chinh': the table gives the self-score"
            " 44.30; the scorecard's self-score is 45",
        ),
        (
            "1;99901;;van-hoa-cong-so;;14,6;15;x",
            "row 2, column F (Điểm tự chấm)",
            "the table gives the self-score 14.6; the scorecard's self-score is 14.5",
        ),
    ],
)
def test_a_name_title_or_self_score_unlike_the_scorecard_is_refused(
    tmp_path: Path, row: str, key: str, message: str
) -> None:
    path = write(tmp_path, COUNCIL + row + "\n")
    with pytest.raises(AppraisalTableError) as e:
        review_all(CARDS, read_appraisals(path))
    assert (e.value.path, e.value.key) == (str(path), key)
    assert message in str(e.value)


def test_a_self_score_the_commune_did_not_give_is_refused(tmp_path: Path) -> None:
    a = scoring.load_assessment(scoring.example_path("dong-nai-2025.json"))
    answers = dict(a.answers)
    answers["cai-cach-hanh-chinh"] = answers["cai-cach-hanh-chinh"].model_copy(
        update={"self_score": None}
    )
    card = scoring.score(FW, a.model_copy(update={"answers": answers}))
    path = write(tmp_path, COUNCIL + f"1;{a.unit.code};;cai-cach-hanh-chinh;;45;50;x\n")
    with pytest.raises(AppraisalTableError) as e:
        review_all([card], read_appraisals(path))
    assert e.value.key == "row 2, column F (Điểm tự chấm)"
    assert "the table gives the self-score 45; the scorecard has no self-score for it" in str(
        e.value
    )


@pytest.mark.parametrize(
    ("row", "key", "message"),
    [
        ("1;99901;;hai-long;;mười chín;15;x", "row 2, column F (Điểm tự chấm)", "'mười chín'"),
        ('1;99901;;hai-long;;"1,500";15;x', "row 2, column F (Điểm tự chấm)", "ambiguous"),
    ],
)
def test_a_self_score_is_read_as_points_are(
    tmp_path: Path, row: str, key: str, message: str
) -> None:
    with pytest.raises(AppraisalTableError) as e:
        read_appraisals(write(tmp_path, COUNCIL + row + "\n"))
    assert e.value.key == key and message in str(e.value)


def test_the_new_headings_may_be_english_but_not_twice(tmp_path: Path) -> None:
    head = "no,unit_code,unit_name,criterion_id,criterion_title,self_score,points,reason\n"
    table = read_appraisals(write(tmp_path, head + f"7,99901,{NAME},hai-long,,19,15,x\n"))
    assert (table.rows[0].no, table.rows[0].unit_name, table.rows[0].self_score) == (
        "7",
        NAME,
        D(19),
    )
    with pytest.raises(AppraisalTableError, match=r"row 1, column I.*repeats column C"):
        read_appraisals(write(tmp_path, head.replace("\n", ",Tên xã\n")))


# --- codes that lost their leading zeros ----------------------------------------------------------


def test_a_number_cell_that_lost_the_codes_leading_zeros_is_pointed_out(tmp_path: Path) -> None:
    cards = [commune("00004"), commune("99901")]
    head: list[object] = ["Mã xã", "Mã tiêu chí", "Điểm thẩm định", "Lý do"]
    rows: list[list[object]] = [head, [99901, "tuyen-truyen", 12, "y"], [4, "hai-long", 15, "x"]]
    table = read_appraisals(write_xlsx(tmp_path / "t.xlsx", rows, sheet="Thẩm định"))
    assert [(r.unit_code, r.code_number) for r in table.rows] == [("99901", 99901), ("4", 4)]
    with pytest.raises(AppraisalTableError) as e:
        review_all(cards, table)
    # the number cell 99901 has no zeros to lose: only row 3 is refused
    assert [key for key, _ in e.value.problems] == ["Thẩm định!A3 (Mã xã)"]
    assert str(e.value).endswith(
        "commune '4' is not among the scorecards: the cell holds the number 4; the commune code"
        " 00004 has leading zeros — format column A as Text and type 00004"
    )
    # typed as text, the code keeps its zeros: 91.80 - 19 + 15 = 87.80
    rows[2][0] = "00004"
    table = read_appraisals(write_xlsx(tmp_path / "t.xlsx", rows, sheet="Thẩm định"))
    assert table.rows[1].code_number is None
    assert review_all(cards, table)[0].total == D("87.80")


def test_zero_padded_codes_are_all_named_and_nothing_is_guessed(tmp_path: Path) -> None:
    cards = [commune("04"), commune("0004"), commune("99901")]
    rows: list[list[object]] = [
        ["STT", "Mã xã", "Mã tiêu chí", "Điểm thẩm định", "Lý do"],
        [1, 4, "hai-long", 15, "x"],
        [2, 7, "hai-long", 15, "x"],
    ]
    with pytest.raises(AppraisalTableError) as e:
        review_all(cards, read_appraisals(write_xlsx(tmp_path / "t.xlsx", rows)))
    (_, four), (_, seven) = e.value.problems
    assert four.endswith(
        "the cell holds the number 4; the commune codes 0004, 04 have leading zeros — format"
        " column B as Text and type 0004 or 04"
    )
    # no code pads to 7: the plain message
    assert seven == "commune '7' is not among the scorecards; their communes: 0004, 04, 99901"


def test_a_csv_code_is_text_and_gets_no_hint(tmp_path: Path) -> None:
    # a CSV cell is text: nothing says whether "4" was typed so or lost its zeros
    with pytest.raises(AppraisalTableError) as e:
        review_all([commune("00004")], read_appraisals(write(tmp_path, HEAD4 + "4,hai-long,1,x\n")))
    assert "leading zeros" not in str(e.value)
    assert "commune '4' is not among the scorecards; their communes: 00004" in str(e.value)


# --- every refused row in one error ---------------------------------------------------------------


def test_reading_names_every_bad_cell_and_heading(tmp_path: Path) -> None:
    text = HEAD4 + "99901,hai-long,,\n99902,hai-long,15,x\n99903,tuyen-truyen,abc,x\n"
    with pytest.raises(AppraisalTableError) as e:
        read_appraisals(write(tmp_path, text))
    assert [key for key, _ in e.value.problems] == [
        "row 2, column C (Điểm thẩm định)",
        "row 2, column D (Lý do)",
        "row 4, column C (Điểm thẩm định)",
    ]
    assert str(e.value).startswith(f"{tmp_path / 'tham-dinh.csv'}: 3 problems:\n  - [row 2, ")
    with pytest.raises(AppraisalTableError) as e:
        read_appraisals(write(tmp_path, "Mã xã,Điểm,Mã tiêu chí,Lý do,Ghi chú\n"))
    assert [key for key, _ in e.value.problems] == ["row 1, column B", "row 1, column E", "row 1"]
    assert "missing required column(s) Điểm thẩm định / points" in e.value.problems[2][1]


def test_applying_names_every_refused_row_in_the_table_order(tmp_path: Path) -> None:
    rows = (
        "1;99904;;hai-long;;;15;x\n"  # no such commune
        "2;99901;Xã Khác;thai-do;;;15;x\n"  # another name, no such criterion
        "3;99902;;hai-long;;20;21;x\n"  # self-scored 19, not 20; points above 20
    )
    with pytest.raises(AppraisalTableError) as e:
        review_all(CARDS, read_appraisals(write(tmp_path, COUNCIL + rows)))
    assert [key for key, _ in e.value.problems] == [
        "row 2, column B (Mã xã)",
        "row 3, column C (Tên xã)",
        "row 3, column D (Mã tiêu chí)",
        "row 4, column F (Điểm tự chấm)",
        "row 4, column G (Điểm thẩm định)",
    ]
    assert e.value.key == "row 2, column B (Mã xã)"
    assert "appraised points 21 are outside 0..20" in e.value.problems[4][1]


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


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=appraisal_maps(UNITS, CRITERIA), data=st.data())
def test_a_council_table_with_the_scorecards_own_details_applies_as_without(
    tmp_path: Path, rows: dict[str, list[dict[str, object]]], data: st.DataObject
) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*COUNCIL.strip().split(";"), "Người thẩm định"])
    for n, (code, r) in enumerate(((c, r) for c, rs in rows.items() for r in rs), start=1):
        result = CARDS[0].criterion(str(r["criterion_id"]))
        title = data.draw(st.sampled_from([t for t in (result.title, result.title_en) if t]))
        name, spelled = data.draw(respellings(NAME)), data.draw(respellings(title))
        cid = str(r["criterion_id"])
        writer.writerow(
            [n, code, name, cid, spelled, SELF[cid], r["points"], r["reason"], r["appraiser"] or ""]
        )
    table = read_appraisals(write(tmp_path, out.getvalue()))
    assert [r.no for r in table.rows] == [str(n) for n in range(1, len(table) + 1)]
    assert review_all(CARDS, table) == review_all(CARDS, _adjustments(rows))


@pytest.mark.parametrize("written", ["Xã Minh Hoạ", "XÃ MINH HOẠ", "xã  minh họa"])
def test_the_old_and_new_tone_placement_spell_one_name(tmp_path: Path, written: str) -> None:
    # "Hoạ" (old style, mark on the last vowel) and "Họa" (new style) are one name
    row = f"1;99901;{written};hai-long;;;15;x\n"
    table = read_appraisals(write(tmp_path, COUNCIL + row))
    # 91.80 - (19 - 15) = 87.80
    assert review_all(CARDS, table)[0].total == D("87.80")


# --- issue 10: reading through chinhquyen.readers -----------------------------------------------


def test_a_tab_separated_table_is_read(tmp_path: Path) -> None:
    text = "Mã xã\tMã tiêu chí\tĐiểm thẩm định\tLý do\n99901\thai-long\t15,5\tThiếu phiếu, ít\n"
    [row] = read_appraisals(write(tmp_path, text)).rows
    assert (row.adjustment.points, row.adjustment.reason) == (D("15.5"), "Thiếu phiếu, ít")


def test_an_unknown_encoding_is_a_library_error(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD4 + "99901,hai-long,15,x\n")
    with pytest.raises(ReaderError, match="'bogus' is not a known text encoding"):
        read_appraisals(path, encoding="bogus")
    latin = tmp_path / "cp1258.csv"
    latin.write_bytes(
        "unit_code,criterion_id,points,reason\n99901,hai-long,15,Đơn\n".encode("cp1258")
    )
    [row] = read_appraisals(latin, encoding="cp1258").rows
    assert row.adjustment.reason == "Đơn"


def test_a_long_list_of_bad_rows_is_capped(tmp_path: Path) -> None:
    rows = "".join(f"9{i:04},hai-long,abc,x\n" for i in range(100))
    with pytest.raises(AppraisalTableError) as e:
        read_appraisals(write(tmp_path, HEAD4 + rows))
    message = str(e.value)
    assert message.count("is not a number of points") == 20
    assert "100 problems:" in message
    assert "... and 80 more (every one is in the error's `problems`)" in message
    assert len(e.value.problems) == 100
    assert e.value.key == "row 2, column C (Điểm thẩm định)"
    assert e.value.problems[-1][0] == "row 101, column C (Điểm thẩm định)"
    with pytest.raises(AppraisalTableError) as many:
        review_all(CARDS, read_appraisals(write(tmp_path, HEAD4 + rows.replace("abc", "1"))))
    assert "... and 80 more" in str(many.value) and len(many.value.problems) == 100


def test_error_cells_and_formulas_without_a_result_are_refused(tmp_path: Path) -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws.append(["unit_code", "criterion_id", "points", "reason"])
        ws.append(["99901", "hai-long", "=1/0", "x"])  # openpyxl saves no result for it
        ws.append(["99902", "hai-long", 15, "=SUM(A1)"])
        ws.append(["99903", "hai-long", 12345, "y"])

    data = hostile.with_sheet_xml(
        hostile.workbook_bytes(fill),  # what a spreadsheet shows for text taken as a formula
        lambda xml: xml.replace(
            b'<c r="C4" t="n"><v>12345</v></c>', b'<c r="C4" t="e"><v>#VALUE!</v></c>'
        ),
    )
    path = tmp_path / "loi.xlsx"
    path.write_bytes(data)
    with pytest.raises(AppraisalTableError) as e:
        read_appraisals(path)
    assert [key for key, _ in e.value.problems] == ["Sheet!C2", "Sheet!D3", "Sheet!C4"]
    assert "a formula whose result was never saved" in e.value.problems[0][1]
    assert "the error value '#VALUE!'" in e.value.problems[2][1]


@pytest.mark.parametrize("attack", ["far_dimension", "far_merge", "zip_bomb"])
def test_hostile_workbooks_are_refused_within_bounds(tmp_path: Path, attack: str) -> None:
    path = tmp_path / "tham-dinh.xlsx"
    path.write_bytes(getattr(hostile, attack)())
    out = refused(lambda: read_appraisals(path), "LimitError")
    assert out["seconds"] < 10


def test_other_spreadsheets_are_refused_with_how_to_save_them(tmp_path: Path) -> None:
    for name in ("bang.ods", "bang.xls", "bang.xlsm"):
        (tmp_path / name).write_bytes(b"x")
        with pytest.raises(FormatError, match="Excel 2007-365"):
            read_appraisals(tmp_path / name)
    # content decides too: an .ods file named .xlsx
    (tmp_path / "gia.xlsx").write_bytes(hostile.ods_bytes())
    with pytest.raises(FormatError, match="OpenDocument"):
        read_appraisals(tmp_path / "gia.xlsx")


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    for name in ("pipe.csv", "pipe.xlsx"):
        os.mkfifo(tmp_path / name)
        out = refused(lambda n=name: read_appraisals(tmp_path / n), "ReaderError")
        assert "named pipe" in out["message"]


@pytest.mark.parametrize(
    ("appraisals", "where", "words"),
    [
        (
            {"99901": [{"criterion_id": "hai-long", "points": 15, "reason": "x"}]},
            r"\['99901'\]\[0\]",
            "give Adjustment objects",
        ),
        (
            {"99901": Adjustment(criterion_id="hai-long", points=D(15), reason="x")},
            r"\['99901'\]",
            "a list of the commune's adjustments",
        ),
        ({99901: []}, r"appraisals\[99901\]", "a commune code is text"),
        ([("99901", [])], "appraisals", "a mapping {commune code"),
    ],
)
def test_misused_mappings_say_what_to_pass(appraisals: Any, where: str, words: str) -> None:
    with pytest.raises(InvalidInputError, match=where) as e:
        review_all(CARDS, appraisals)
    assert words in str(e.value)
