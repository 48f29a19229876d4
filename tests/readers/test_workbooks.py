from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart
from tests.readers import _hostile as hostile

from chinhquyen.errors import InvalidInputError
from chinhquyen.readers import (
    TEXT_FORMAT,
    LimitError,
    Limits,
    ReaderError,
    ReaderSetupError,
    open_xlsx,
    write_cell,
)


def sheet_xml(cells: bytes, dimension: bytes = b"A1", strings: bytes | None = None) -> bytes:
    """A workbook whose first sheet's data is `cells` (raw `<row>` elements).

    With `strings` (raw `<si>` elements), the workbook has that shared strings table.
    """
    data = hostile.workbook_bytes(lambda wb: None, strings=strings is not None)
    if strings is not None:
        data = hostile.replace_part(
            data, hostile.STRINGS, lambda xml: xml.split(b"<si>")[0] + strings + b"</sst>"
        )
    return hostile.with_sheet_xml(
        data,
        lambda xml: (
            xml.replace(b'<dimension ref="A1:A1"', b'<dimension ref="' + dimension + b'"')
            .replace(b"<sheetData></sheetData>", b"<sheetData>" + cells + b"</sheetData>")
            .replace(b"<sheetData />", b"<sheetData>" + cells + b"</sheetData>")
        ),
    )


def test_values_are_typed_and_numbers_exact() -> None:
    data = sheet_xml(
        b'<row r="1"><c r="A1"><v>14.999999999999999999</v></c><c r="B1"><v>0.1</v></c>'
        b'<c r="C1"><v>127</v></c><c r="D1" t="b"><v>1</v></c><c r="E1"><v>1E-400</v></c>'
        b'<c r="F1" t="inlineStr"><is><t>a_x000D_b_x005F_x0041_</t></is></c></row>',
        b"A1:F1",
    )
    sheet = open_xlsx(data).sheet()
    assert [sheet.value(f"{c}1") for c in "ABCDEF"] == [
        Decimal("14.999999999999999999"),
        Decimal("0.1"),
        127,
        True,
        Decimal("1E-400"),
        "a\rb_x0041_",
    ]
    assert type(sheet.value("C1")) is int
    assert sheet.value("Z99") is None and sheet.value("$A$1") == sheet.value("A1")
    with pytest.raises(InvalidInputError):
        sheet.value("1A")


def test_a_binary_number_written_with_spare_digits_is_the_decimal_typed() -> None:
    # Excel writes a typed 7.3 with 17 significant digits, openpyxl 88.6 with 16; a number
    # with more digits than a double holds, or a double that is not a short decimal (a
    # formula's 0.1 + 0.2), is read as written
    cells = [b"7.2999999999999998", b"19.989999999999998", b"88.59999999999999", b"0.1"]
    cells += [b"14.999999999999999999", b"0.30000000000000004", b"14.999999999999999"]
    data = sheet_xml(
        b'<row r="1">'
        + b"".join(
            b'<c r="%s1"><v>%s</v></c>' % (c.encode(), v)
            for c, v in zip("ABCDEFG", cells, strict=True)
        )
        + b"</row>",
        b"A1:G1",
    )
    sheet = open_xlsx(data).sheet()
    assert [sheet.value(f"{c}1") for c in "ABCDEFG"] == [
        Decimal("7.3"),
        Decimal("19.99"),
        Decimal("88.6"),
        Decimal("0.1"),
        Decimal("14.999999999999999999"),
        Decimal("0.30000000000000004"),
        Decimal("14.999999999999999"),
    ]


def test_shared_strings_are_decoded_once_as_spreadsheets_write_them() -> None:
    items = [
        b"<t>_x005F_x0041_ stays</t>",  # a literal _x0041_, escaped as Excel and LibreOffice do
        b"<t>line_x000D_\nbreak</t>",
        b"<t>abx005F_cd</t>",
        b"<t>plain</t>",
        b'<r><t>x</t></r><r><t>y</t></r><rPh sb="0" eb="1"><t>z</t></rPh>',  # runs, phonetics
    ]
    cells = b"".join(
        b'<row r="%d"><c r="A%d" t="s"><v>%d</v></c></row>' % (i, i, i - 1) for i in range(1, 6)
    )
    sst = b"".join(b"<si>" + item + b"</si>" for item in items)
    sheet = open_xlsx(sheet_xml(cells, b"A1:A5", strings=sst)).sheet()
    got = [sheet.value(f"A{i}") for i in range(1, 6)]
    assert got == ["_x0041_ stays", "line\r\nbreak", "abx005F_cd", "plain", "xy"]


def test_formulas_with_a_saved_result_are_read() -> None:
    data = sheet_xml(
        b'<row r="1"><c r="A1"><f>1+1</f><v>2</v></c>'
        b'<c r="B1" t="str"><f>""</f><v></v></c>'
        b'<c r="C1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>',
        b"A1:C1",
    )
    sheet = open_xlsx(data).sheet()
    assert [sheet.value(ref) for ref in ("A1", "B1", "C1")] == [2, None, "ab"]


def test_dates_are_read_as_dates() -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        wb.active["A1"] = dt.date(2025, 3, 4)
        wb.active["A2"] = dt.datetime(2025, 3, 4, 9, 30)

    sheet = open_xlsx(hostile.workbook_bytes(fill)).sheet()
    assert sheet.value("A1") == dt.datetime(2025, 3, 4)
    assert sheet.value("A2") == dt.datetime(2025, 3, 4, 9, 30)


def test_text_refuses_a_code_typed_as_a_number() -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws.title = "Tự chấm điểm"
        ws["B3"], ws["D3"], ws["B5"] = 127, "00127", dt.date(2025, 1, 1)

    sheet = open_xlsx(hostile.workbook_bytes(fill)).sheet()
    assert sheet.value("B3") == 127  # the caller can see it is a number
    with pytest.raises(ReaderError) as e:
        sheet.text("B3", "mã xã")
    assert e.value.key == "Tự chấm điểm!B3 (mã xã)"
    assert "'00127" in str(e.value)
    assert sheet.text("D3") == "00127"
    assert sheet.text("A1") is None
    with pytest.raises(ReaderError, match="not text"):
        sheet.text("B5")


def test_rows_give_checked_values_with_row_numbers() -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws.append(["Mã xã", "Điểm"])
        ws.append(["001", 12.5])
        ws.append([])
        ws.append(["003", "#REF!"])

    sheet = open_xlsx(hostile.workbook_bytes(fill)).sheet()
    assert (sheet.max_row, sheet.max_column) == (4, 2)
    rows = sheet.rows(max_row=3)
    assert list(rows) == [(1, ("Mã xã", "Điểm")), (2, ("001", Decimal("12.5"))), (3, (None, None))]
    with pytest.raises(ReaderError) as e:
        list(sheet.rows(min_row=4))
    assert e.value.key == "Sheet!B4"
    assert list(sheet.rows(min_row=2, max_row=2, min_col=2, max_col=3)) == [
        (2, (Decimal("12.5"), None))
    ]


def test_sheets_are_chosen_by_title() -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        wb.active.title = "Thẩm định"
        wb.create_sheet("Ghi chú")
        wb.create_chartsheet("Biểu đồ").add_chart(BarChart())

    book = open_xlsx(hostile.workbook_bytes(fill), name="td.xlsx")
    assert book.sheetnames == ("Thẩm định", "Ghi chú", "Biểu đồ")
    assert "Ghi chú" in book
    assert book.sheet("Thẩm định").title == "Thẩm định"
    with pytest.raises(ReaderError, match="has 3 sheets"):
        book.sheet()
    with pytest.raises(ReaderError, match="'Thẩm định', 'Ghi chú'"):
        book.sheet("Tham dinh")
    with pytest.raises(ReaderError, match="chart sheet"):
        book.sheet("Biểu đồ")


def test_the_limits_are_adjustable() -> None:
    def fill(wb: openpyxl.Workbook) -> None:
        for r in range(1, 11):
            wb.active.append([r, r])

    data = hostile.workbook_bytes(fill)
    assert open_xlsx(data).sheet().max_row == 10
    for limits, name in [
        (Limits(sheet_rows=9), "sheet_rows"),
        (Limits(columns=1), "columns"),
        (Limits(sheet_cells=19), "sheet_cells"),
        (Limits(xlsx_parts=5), "xlsx_parts"),
        (Limits(xlsx_part_bytes=1000), "xlsx_part_bytes"),
        (Limits(xlsx_bytes=5000), "xlsx_bytes"),
        (Limits(file_bytes=1000), "file_bytes"),
    ]:
        with pytest.raises(LimitError) as e:
            open_xlsx(data, limits=limits)
        assert e.value.limit == name


def test_long_text_and_long_numbers_are_bounded() -> None:
    text = b"x" * 40_000
    data = sheet_xml(b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + text + b"</t></is></c></row>")
    sheet = open_xlsx(data).sheet()
    with pytest.raises(LimitError) as e:
        sheet.value("A1")
    assert e.value.limit == "cell_chars"
    data = sheet_xml(b'<row r="1"><c r="A1"><v>1' + b"0" * 200 + b"</v></c></row>")
    with pytest.raises(LimitError) as e:
        open_xlsx(data)
    assert e.value.key == "Sheet!A1"


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_damaged_and_forged_archives() -> None:
    with pytest.raises(ReaderError, match="not a zip archive"):
        open_xlsx(b"Ma xa,Diem\n001,12\n")
    good = hostile.one_cell("x")
    with pytest.raises(ReaderError):
        open_xlsx(good[: len(good) // 2])
    twice = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(twice, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        dst.writestr(hostile.SHEET1, src.read(hostile.SHEET1))
    with pytest.raises(ReaderError, match="twice"):
        open_xlsx(twice.getvalue())
    with pytest.raises(ReaderError, match="malformed reference"):
        open_xlsx(sheet_xml(b'<row r="1"><c r="&#65;1"><v>1</v></c><c r="A0"><v>1</v></c></row>'))
    with pytest.raises(ReaderError, match="not well-formed"):
        open_xlsx(sheet_xml(b'<row r="1"><c r="A1"><v>1</v></row>'))


def test_cells_without_references_are_placed_and_counted() -> None:
    data = sheet_xml(b"<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>")
    sheet = open_xlsx(data).sheet()
    assert (sheet.max_row, sheet.max_column) == (2, 2)
    assert [v for _, v in sheet.rows()] == [(1, 2), (3, None)]


def test_paths_are_read_and_named(tmp_path: Path) -> None:
    path = tmp_path / "xa.xlsx"
    path.write_bytes(hostile.one_cell("#N/A", "C4"))
    with open_xlsx(path) as book, pytest.raises(ReaderError) as e:
        book.sheet().value("C4", "điểm")
    assert e.value.path == str(path) and e.value.key == "Sheet!C4 (điểm)"
    with pytest.raises(ReaderError, match="no such file"):
        open_xlsx(tmp_path / "missing.xlsx")


def test_xlsx_needs_openpyxl_to_parse_through_defusedxml(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(hostile.one_cell("x"))
    code = (
        "import sys; from chinhquyen.readers import open_xlsx;"
        "from chinhquyen.readers import ReaderSetupError\n"
        "try:\n open_xlsx(sys.argv[1])\nexcept ReaderSetupError as e:\n print('refused:', e)"
    )
    env = {**os.environ, "OPENPYXL_DEFUSEDXML": "False"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.startswith("refused:") and "OPENPYXL_DEFUSEDXML" in done.stdout
    assert issubclass(ReaderSetupError, RuntimeError)


# --- a form saved by LibreOffice ---------------------------------------------------------------

LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed")
def test_values_survive_a_libreoffice_round_trip(tmp_path: Path) -> None:
    """What a commune does: open the form, save it as .ods and back as .xlsx."""
    values: list[object] = [
        '=HYPERLINK("http://x")',
        "+84 912 345 678",
        "-5 điểm",
        "@xã",
        "Ghi chú\nnhiều dòng: Hội nghị đối thoại",
        "_x0041_ giữ nguyên",
        Decimal("12.5"),
        Decimal("0.1"),
        127,
        dt.date(2025, 3, 4),
        True,
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tự chấm điểm"
    for row, value in enumerate(values, start=1):
        write_cell(ws.cell(row, 1), value, field=f"A{row}")
    ws["B1"].number_format = TEXT_FORMAT
    source = tmp_path / "form.xlsx"
    wb.save(source)
    assert open_xlsx(source).sheet().text("A1") == values[0]
    for target, folder in (
        ("ods", tmp_path / "ods"),
        ('xlsx:"Calc MS Excel 2007 XML"', tmp_path / "back"),
    ):
        subprocess.run(
            [
                LIBREOFFICE,
                "--headless",
                "--convert-to",
                target.replace('"', ""),
                "--outdir",
                str(folder),
                str(source),
            ],
            capture_output=True,
            check=True,
            timeout=120,
        )
        source = next(folder.iterdir())
    sheet = open_xlsx(source).sheet("Tự chấm điểm")
    got = [sheet.value(f"A{row}") for row in range(1, len(values) + 1)]
    expected = [dt.datetime(2025, 3, 4) if v == dt.date(2025, 3, 4) else v for v in values]
    assert got == expected


def test_a_missing_package_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from chinhquyen.errors import MissingExtraError
    from chinhquyen.readers import workbooks

    workbooks._openpyxl.cache_clear()
    monkeypatch.setitem(sys.modules, "defusedxml", None)
    try:
        with pytest.raises(MissingExtraError, match=r"chinhquyen\[excel\]"):
            open_xlsx(hostile.one_cell("x"))
    finally:
        monkeypatch.undo()
        workbooks._openpyxl.cache_clear()
    assert open_xlsx(hostile.one_cell("x")).sheet().value("A1") == "x"
