from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import cell_texts, formula_like_texts

from chinhquyen.errors import ChinhQuyenError
from chinhquyen.readers import TEXT_FORMAT, WriteError, cell_text, open_xlsx, write_cell, write_text


def saved(values: list[object]) -> tuple[openpyxl.Workbook, bytes]:
    wb = openpyxl.Workbook()
    for row, value in enumerate(values, start=1):
        write_cell(wb.active.cell(row, 1), value, field=f"value {row}")
    buffer = io.BytesIO()
    wb.save(buffer)
    return wb, buffer.getvalue()


@pytest.mark.parametrize(
    "text", ["=1+1", '=HYPERLINK("http://x","y")', "=WEBSERVICE(A1)", "+84912", "-5", "@x", "="]
)
def test_text_is_never_written_as_a_formula(text: str) -> None:
    _, data = saved([text])
    assert openpyxl.load_workbook(io.BytesIO(data)).active["A1"].data_type == "s"
    assert openpyxl.load_workbook(io.BytesIO(data), data_only=True).active["A1"].value == text
    assert open_xlsx(data).sheet().value("A1") == text


def test_carriage_returns_and_literal_escapes_read_back_the_same() -> None:
    texts = ["a\r\nb", "cr\ronly", "_x0041_", "x_x005F_y", "_X00e9_ and _x0041"]
    _, data = saved(list(texts))
    sheet = open_xlsx(data).sheet()
    assert [sheet.value(f"A{i}") for i in range(1, 6)] == texts
    assert cell_text("a\r\nb", field="x") == "a_x000D_\nb"


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\ufffe", "\ud800"])
def test_characters_a_cell_cannot_keep_are_refused_naming_the_field(char: str) -> None:
    cell = openpyxl.Workbook().active["A1"]
    with pytest.raises(WriteError) as e:
        write_text(cell, f"ghi{char}chú", field="ghi chú of tc-1")
    assert e.value.field == "ghi chú of tc-1"
    assert str(e.value).startswith("ghi chú of tc-1: ")
    assert "position 4" in str(e.value)
    assert isinstance(e.value, ChinhQuyenError)
    assert cell.value is None  # nothing was written


def test_text_longer_than_a_cell_is_refused_not_cut_short() -> None:
    cell = openpyxl.Workbook().active["A1"]
    write_text(cell, "x" * 32_767, field="f")
    with pytest.raises(WriteError, match="32,767"):
        write_text(cell, "x" * 32_768, field="f")
    with pytest.raises(WriteError, match="escaped"):
        write_text(cell, "\r" * 5_000, field="f")


def test_text_format_keeps_what_is_typed_later_as_text() -> None:
    cell = openpyxl.Workbook().active["B3"]
    write_text(cell, "00127", field="mã xã", text_format=True)
    assert cell.number_format == TEXT_FORMAT == "@"
    with pytest.raises(WriteError, match="expected text"):
        write_text(cell, 127, field="mã xã")  # type: ignore[arg-type]


def test_numbers_are_written_only_when_they_read_back_the_same() -> None:
    values = [Decimal("12.5"), Decimal("0.1"), Decimal("-1E-5"), 10**15, 123456789012345, 0.25]
    # openpyxl writes these with 16 digits (88.59999999999999): they read back as written here
    values += [Decimal("88.6"), Decimal("7.3"), Decimal("19.99"), Decimal("1E-20")]
    _, data = saved(list(values))
    sheet = open_xlsx(data).sheet()
    assert [sheet.value(f"A{i}") for i in range(1, len(values) + 1)] == values
    cell = openpyxl.Workbook().active["A1"]
    too_precise = (Decimal("1234567890123456"), 2**60, Decimal("0.1234567890123456"))
    for bad in (*too_precise, Decimal("NaN")):
        with pytest.raises(WriteError):
            write_cell(cell, bad, field="điểm")
    with pytest.raises(WriteError):
        write_cell(cell, float("inf"), field="điểm")


def test_other_values() -> None:
    _, data = saved([True, dt.date(2025, 3, 4), dt.datetime(2025, 3, 4, 9, 30), None])
    sheet = open_xlsx(data).sheet()
    assert [sheet.value(f"A{i}") for i in range(1, 5)] == [
        True,
        dt.datetime(2025, 3, 4),
        dt.datetime(2025, 3, 4, 9, 30),
        None,
    ]
    cell = openpyxl.Workbook().active["A1"]
    with pytest.raises(WriteError, match="time zone"):
        write_cell(cell, dt.datetime(2025, 3, 4, tzinfo=dt.UTC), field="ngày")
    with pytest.raises(WriteError, match="list"):
        write_cell(cell, ["a"], field="x")


@settings(max_examples=40, deadline=None)
@given(st.lists(cell_texts | formula_like_texts, min_size=1, max_size=8))
def test_a_prefilled_form_reads_back_the_same_text(texts: list[str]) -> None:
    _, data = saved(list(texts))
    sheet = open_xlsx(data).sheet()
    assert [sheet.value(f"A{i}") for i in range(1, len(texts) + 1)] == [t or None for t in texts]
