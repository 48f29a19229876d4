"""The Excel form in a real office suite (LibreOffice): round trips through .ods, and printing.

What held when the form was filled and saved in LibreOffice 7.4 (issue 10) is kept proven here:
decimals with a comma or a point, Vietnamese notes on several lines, dates as date cells or
typed as text, a formula (LibreOffice computes it and saves its result), the data validations
and the sheet protection all come back from `.xlsx → .ods → .xlsx` exactly. And the form prints
(issue 12): rendered to PDF, the 21-criterion national form takes two pages in a sans-serif font
with its accents.

Skipped, with the reason shown, where LibreOffice (`soffice`, Debian's `libreoffice-calc`) is
not installed.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from tests.strategies import all_kinds_framework_data, excel_conduct_code_data

from chinhquyen import criteria, scoring
from chinhquyen.readers import FormatError, ReaderError
from chinhquyen.scoring import excel
from chinhquyen.scoring.appraisal import form
from chinhquyen.scoring.kinds import KINDS

FW = criteria.Framework.model_validate(all_kinds_framework_data())
CODE = criteria.ConductCode.model_validate(excel_conduct_code_data())
SHEET = "Tự chấm điểm"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: the .xlsx -> .ods -> .xlsx round trips and"
    " the PDF rendering of the forms are not checked (Debian: apt-get install libreoffice-calc)",
)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Convert a file with LibreOffice, in a profile of its own (not the user's)."""
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(path: Path, to: str, folder: Path) -> Path:
        folder.mkdir(exist_ok=True)
        subprocess.run(
            [
                str(SOFFICE),
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                str(folder),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        out = folder / f"{path.stem}.{to.split(':')[0]}"
        assert out.exists(), f"LibreOffice did not write {out}"
        return out

    return convert


def _filled(self_cell: object) -> openpyxl.Workbook:
    """The all-kinds form filled as a commune types it; `self_cell` is the self-score cell."""
    wb = excel.template(FW, conduct_codes=[CODE])
    ws = wb[SHEET]
    r = {ws[f"B{i}"].value: i for i in range(9, ws.max_row + 1) if ws[f"B{i}"].value}
    ws["B3"], ws["D3"], ws["B4"], ws["D4"] = "00127", "Xã Thống Nhất", "Thử nghiệm", "xã"
    ws["F3"], ws["D6"], ws["F6"] = "00021", "huyện Tân Phú", "0734"
    ws["D5"], ws["F5"] = dt.date(2025, 1, 1), "2025-12-31"  # a date cell, and ISO text
    ws["B6"] = dt.date(2026, 1, 15)
    ws["B7"] = "Ghi chú chung:\nđã họp ngày 12/3, lấy ý kiến người dân"
    ws[f"F{r['self']}"] = self_cell
    ws[f"G{r['yes']}"] = "Có"
    ws[f"M{r['check-all']}"] = "i1, i3"
    ws[f"F{r['ratio']}"] = "8,25"  # a decimal comma, typed as text
    ws[f"H{r['ratio']}"], ws[f"I{r['ratio']}"] = 5, 6
    ws[f"J{r['quota']}"] = 2
    ws[f"H{r['survey']}"], ws[f"I{r['survey']}"], ws[f"J{r['survey']}"] = 243, 270, 30
    ws[f"K{r['ext']}"], ws[f"L{r['ext']}"] = 88.6, "Sở Nội vụ"  # a decimal point
    ws[f"N{r['ded']}"] = "số: 12/KH-UBND; tệp: minh-chung/a.pdf; ngày: 2025-03-02"
    ws[f"O{r['ded']}"] = "Một lần chưa xin lỗi;\nđã nhắc nhở, kiểm điểm"
    vs = wb["Vi phạm"]
    vs["A5"], vs["B5"], vs["C5"] = "ded", dt.date(2025, 3, 2), "test/code#xin-loi"
    vs["D5"] = "Không xin lỗi khi trả hồ sơ trễ hẹn\n(ông Nguyễn Văn A phản ánh)"
    vs["A6"], vs["B6"], vs["D6"] = "penalty", "2025-04-10", "Đi muộn"
    wb["Điểm liệt"]["C2"] = "Không"
    return wb


def test_a_form_saved_through_ods_comes_back_exactly(office: Any, tmp_path: Path) -> None:
    typed = tmp_path / "typed.xlsx"
    _filled(7.5).save(typed)
    expected = excel.read(typed, FW, conduct_codes=[CODE])
    assert expected.answers["ratio"].self_score == Decimal("8.25")
    assert expected.answers["ext"].value.score == Decimal("88.6")

    with_formula = tmp_path / "formula.xlsx"
    _filled("=5+2.5").save(with_formula)  # no result saved yet: refused as it is
    with pytest.raises(ReaderError, match="never saved"):
        excel.read(with_formula, FW, conduct_codes=[CODE])
    ods = office(with_formula, "ods", tmp_path / "ods")
    with pytest.raises(FormatError, match=r"Save As"):
        excel.read(ods, FW, conduct_codes=[CODE])
    back = office(ods, "xlsx", tmp_path / "back")

    assert excel.read(back, FW, conduct_codes=[CODE]) == expected  # the formula's result: 7.5
    before, after = openpyxl.load_workbook(with_formula), openpyxl.load_workbook(back)
    for title in (SHEET, "Vi phạm", "Điểm liệt"):
        assert len(after[title].data_validations.dataValidation) == len(
            before[title].data_validations.dataValidation
        ), title
    assert after[SHEET].protection.sheet and after["Danh mục vi phạm"].protection.sheet
    assert after[SHEET]["B3"].number_format == "@"


def _prefilled() -> scoring.SelfAssessment:
    return scoring.SelfAssessment.model_validate(
        {
            "framework": FW.id,
            "unit": {
                "code": "00127",
                "name": '=HYPERLINK("http://example.invalid","Xã Một")',
                "province": "Thử nghiệm",
                "type": "thị trấn",
                "district": {"name": "huyện Tân Phú", "code": "734"},
            },
            "period": 2024,
            "note": "=1+1\ndòng hai",
            "answers": {
                "ext": {"value": {"kind": "external_index", "score": "88.6",
                                  "source": '=WEBSERVICE("http://example.invalid")'}},
                "self": {"self_score": "7.5", "note": "+84 912 345 678"},
                "ded": {"value": {"kind": "deduction", "records": [
                    {"date": "2024-05-06", "rule": "test/code#xin-chao", "note": "_x0041_ nguyên"},
                    {"date": "2024-05-07", "rule": "test/code#xin-loi",
                     "note": "Không xin lỗi khi trả hồ sơ trễ hẹn\n(ông Nguyễn Văn A phản ánh)"},
                    {"date": "2024-06-01", "note": "Đi muộn"},
                ]}, "note": "Một lần chưa xin lỗi;\nđã nhắc nhở, kiểm điểm trước cơ quan"},
                "ratio": {"value": {"kind": "ratio", "numerator": 5, "denominator": 6},
                          "self_score": "8.25",
                          "evidence": [{"document": "12/KH-UBND", "file": "minh-chung/a.pdf",
                                        "title": "Kế hoạch cải cách hành chính năm 2024",
                                        "date": "2024-01-05"}, {"url": "https://example.invalid/a"}]},
            },
            "disqualifiers": {"ky-luat": False},
        }
    )  # fmt: skip


def test_a_prefilled_form_saved_through_ods_comes_back_exactly(office: Any, tmp_path: Path) -> None:
    a = _prefilled()
    path = tmp_path / "prefilled.xlsx"
    excel.template(FW, a, conduct_codes=[CODE]).save(path)
    back = office(office(path, "ods", tmp_path / "ods"), "xlsx", tmp_path / "back")
    read = excel.read(back, FW, conduct_codes=[CODE])
    assert read.model_dump(exclude={"framework_version"}) == a.model_dump(
        exclude={"framework_version"}
    )


def _pdf_text(pdf: Path) -> str:
    """The text LibreOffice drew, in drawing order, reduced to its ASCII letters and digits.

    A Vietnamese letter missing from the sans-serif font installed is drawn from a fallback
    font, after the rest of its line: so the letters and digits of a cell's text are compared
    in order, without the others. Text cut off by a row too short is not drawn at all.
    """
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text is not checked")
    out = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, timeout=60
    )
    return _flat(out.stdout.decode("utf-8"))


def _flat(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", unicodedata.normalize("NFC", text))


def _overlapping_words(pdf: Path) -> list[tuple[int, str, str]]:
    """Words drawn over one another: text a row too short (or a label) pushes onto its neighbour.

    LibreOffice draws a cell's wrapped lines even when its row is too short, clipped, over the
    next row's text; in a page laid out right no two words overlap.
    """
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's layout is not checked")
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, timeout=60
    ).stdout.decode("utf-8")
    word = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    )
    bad = []
    for n, page in enumerate(re.findall(r"<page[^>]*>(.*?)</page>", out, re.S), start=1):
        boxes = sorted(
            ((float(a), float(b), float(c), float(d), t) for a, b, c, d, t in word.findall(page)),
            key=lambda box: box[1],
        )
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                if b[1] >= a[3]:
                    break
                w = min(a[2], b[2]) - max(a[0], b[0])
                h = min(a[3], b[3]) - max(a[1], b[1])
                if w <= 0 or h <= 0:
                    continue
                smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
                if w * h > 0.25 * smaller and h > 0.5 * min(a[3] - a[1], b[3] - b[1]):
                    bad.append((n, a[4], b[4]))
    return bad


def _pages(pdf: Path) -> int:
    data = pdf.read_bytes()
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


def _fonts(pdf: Path) -> set[str]:
    return {
        m.decode() for m in re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z-]+)", pdf.read_bytes())
    }


def test_the_national_form_prints_on_two_landscape_pages(office: Any, tmp_path: Path) -> None:
    fw = criteria.load("national/qd-766-2022")
    path = tmp_path / "national.xlsx"
    excel.template(fw).save(path)
    pdf = office(path, "pdf", tmp_path / "pdf")
    assert 1 <= _pages(pdf) <= 2  # it spread over 5 portrait pages before
    assert _overlapping_words(pdf) == []
    # A4 landscape: 297 x 210 mm, in points
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+841\.\d*\s+595\.", pdf.read_bytes())
    fonts = _fonts(pdf)
    assert any(f.startswith(("Arial", "LiberationSans", "Arimo")) for f in fonts), fonts
    assert not any("Serif" in f for f in fonts), fonts  # the bold style fell back to a serif
    text = _pdf_text(pdf)
    assert _flat("PHIẾU TỰ CHẤM ĐIỂM") in text
    drawn = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    for capital in "ẾỰẤỂ":  # the accented capitals of the title are drawn (and the row is
        assert capital in drawn.decode("utf-8")  # tall enough for them: test_excel_writing)
    for crit in fw.criteria():
        # every criterion's name and instruction is printed whole (wrapped, not cut)
        assert _flat(crit.title) in text, crit.id
        assert _flat(KINDS[crit.measure.kind].form.how(crit.measure)) in text, crit.id


def test_rows_too_short_would_be_seen(office: Any, tmp_path: Path) -> None:
    # the check above is not vacuous: the same form with one-line rows has words drawn over
    # the next row's (LibreOffice clips them on the page, but draws them)
    wb = excel.template(criteria.load("national/qd-766-2022"))
    for r in range(9, 30):
        wb[SHEET].row_dimensions[r].height = 13
    path = tmp_path / "short.xlsx"
    wb.save(path)
    assert len(_overlapping_words(office(path, "pdf", tmp_path / "pdf"))) > 100


def test_every_sheet_of_a_prefilled_form_prints(office: Any, tmp_path: Path) -> None:
    path = tmp_path / "all-kinds.xlsx"
    excel.template(FW, _prefilled(), conduct_codes=[CODE]).save(path)
    pdf = office(path, "pdf", tmp_path / "pdf")
    # one page per sheet: the criteria, the violations, the disqualifiers, the lists
    assert _pages(pdf) == 4
    assert _overlapping_words(pdf) == []  # notes of several lines: their rows are tall enough
    text = _pdf_text(pdf)
    for words in ("Không xin lỗi khi trả hồ sơ trễ hẹn", "Người đứng đầu bị kỷ luật", "Xin lỗi"):
        assert _flat(words) in text, words
    assert "Trang14" in text and "Trang44" in text  # "Trang 1 / 4", "Trang 4 / 4"


def test_the_appraisal_table_prints(office: Any, tmp_path: Path) -> None:
    from tests.scoring._cards import FW as CARDS_FW
    from tests.scoring._cards import card

    path = tmp_path / "tham-dinh.xlsx"
    form.template([card("00127", "Xã Một"), card("26299", "Phường Hai")], framework=CARDS_FW).save(
        path
    )
    pdf = office(path, "pdf", tmp_path / "pdf")
    assert _pages(pdf) == 3
    assert _overlapping_words(pdf) == []
    text = _pdf_text(pdf)
    for words in ("BẢNG THẨM ĐỊNH", "Người thẩm định", "Phường Hai", "KẾT QUẢ TỰ CHẤM"):
        assert _flat(words) in text, words
