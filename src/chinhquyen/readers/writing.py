"""Writing values into workbook cells so that they read back the same.

[`write_text`][chinhquyen.readers.write_text] and [`write_cell`][chinhquyen.readers.write_cell]
do it.

openpyxl takes any text that starts with `=` for a formula (so `=HYPERLINK(...)` typed as a
note becomes a live link, and `=1+1` reads back as `2`, or as nothing), and refuses control
characters with an `IllegalCharacterError`. Here:

- text is always written as text, whatever it starts with (`=`, `+`, `-`, `@`);
- a carriage return is written as `_x000D_` (XML would turn it into a line feed), and a
  literal `_x` followed by four hex digits and `_` as `_x005F_x...`, as spreadsheets do;
  [`XlsxSheet.value`][chinhquyen.readers.XlsxSheet.value] decodes both, so the text reads back
  the same;
- other control characters (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F), U+FFFE, U+FFFF
  and lone surrogates are refused with a [`WriteError`][chinhquyen.readers.WriteError] naming the
  field and the position: XML cannot hold them, and their `_xHHHH_` form does not survive a save in
  LibreOffice (which drops them), so no form could carry them faithfully;
- text longer than 32,767 characters (the most an Excel cell holds) is refused;
- a number is written only if it reads back as that number: at most 15 significant digits
  (Excel's precision), and the shortest decimal of the binary number the cell holds (openpyxl
  writes 16 significant digits of that number, `88.6` as `88.59999999999999`, which
  [`XlsxSheet.value`][chinhquyen.readers.XlsxSheet.value] reads back as `88.6`); otherwise
  round it or write it as text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

from chinhquyen.readers.errors import WriteError, vi_number
from chinhquyen.readers.text import char_name

__all__ = [
    "EXCEL_CELL_CHARS",
    "EXCEL_DIGITS",
    "TEXT_FORMAT",
    "cell_text",
    "write_cell",
    "write_text",
]

#: The most characters an Excel cell holds.
EXCEL_CELL_CHARS = 32_767
#: The significant digits Excel keeps of a number.
EXCEL_DIGITS = 15
#: The number format that makes a cell hold what is typed into it as text (`00127` stays so).
TEXT_FORMAT = "@"

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LITERAL_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")


def cell_text(text: str, *, field: str) -> str:
    """`text` in the form a workbook cell stores, escaped so that it reads back the same.

    Raises:
        WriteError: the text holds a character a workbook cannot keep, or is too long.
    """
    if len(text) > EXCEL_CELL_CHARS:
        raise WriteError(
            field,
            f"holds {len(text):,} characters; a spreadsheet cell holds at most 32,767",
            code="write.too_long",
            message_vi=f"có {vi_number(len(text))} ký tự; một ô bảng tính chứa tối đa 32.767",
            value=len(text),
        )
    if bad := _FORBIDDEN.search(text):
        name, at = char_name(bad.group()), bad.start() + 1
        raise WriteError(
            field,
            f"holds the control character {name} at position {at},"
            " which a spreadsheet cell cannot keep; remove it (or use a line break or a space)",
            code="write.control_char",
            message_vi=f"chứa ký tự điều khiển {name} ở vị trí {at}, điều mà ô bảng tính không"
            " giữ được; hãy xóa ký tự đó (hoặc dùng dấu xuống dòng hay dấu cách)",
            value=name,
        )
    escaped = _LITERAL_ESCAPE.sub(r"_x005F_\1", text).replace("\r", "_x000D_")
    if len(escaped) > EXCEL_CELL_CHARS:  # openpyxl would cut it short without a word
        raise WriteError(
            field,
            f"holds {len(text):,} characters, {len(escaped):,} once its carriage returns and"
            " '_x' sequences are escaped; a spreadsheet cell holds at most 32,767",
            code="write.too_long",
            message_vi=f"có {vi_number(len(text))} ký tự, thành {vi_number(len(escaped))} khi"
            " thoát các ký tự về đầu dòng và chuỗi '_x'; một ô bảng tính chứa tối đa 32.767",
            value=len(escaped),
        )
    return escaped


def write_text(cell: Any, text: str, *, field: str, text_format: bool = False) -> None:
    """Write `text` into an openpyxl cell as text, never as a formula.

    Args:
        cell: the openpyxl cell.
        text: the text, written as it is (see the module's notes on escapes).
        field: what the text is, for messages (e.g. `"ghi chú of tc-1"`).
        text_format: also format the cell as text (`@`), so that what a person types into
            it later stays text (a code `00127` keeps its zeros).

    Raises:
        WriteError: the text cannot be written so that it reads back the same.
    """
    if not isinstance(text, str):
        kind = type(text).__name__
        raise WriteError(
            field,
            f"expected text, got {kind}",
            code="write.not_text",
            message_vi=f"cần văn bản, nhận được giá trị kiểu {kind}",
        )
    cell.value = cell_text(text, field=field)
    cell.data_type = "s"  # openpyxl marks a text starting with "=" as a formula
    if text_format:
        cell.number_format = TEXT_FORMAT


def write_cell(cell: Any, value: Any, *, field: str) -> None:
    """Write a value into an openpyxl cell so that it reads back the same.

    Text goes through [`write_text`][chinhquyen.readers.write_text]; `None` empties the cell; a
    truth value, a date, a date-time without a time zone or a time is written as it is; a whole
    number or a `Decimal` only if the cell will hold exactly it.

    Raises:
        WriteError: the value would not read back the same (a number with more than 15
            significant digits, a non-finite number, a date-time with a time zone, a type
            a cell cannot hold), naming the field.
    """
    if value is None or isinstance(value, bool):
        cell.value = value
    elif isinstance(value, str):
        write_text(cell, value, field=field)
    elif isinstance(value, int | Decimal | float):
        cell.value = _number(value, field)
    elif isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise WriteError(
                field,
                f"{value.isoformat()} has a time zone, which a spreadsheet cell cannot keep",
                code="write.time_zone",
                message_vi=f"{value.isoformat()} có múi giờ, điều mà ô bảng tính không giữ được",
                value=value,
            )
        cell.value = value
    elif isinstance(value, dt.date | dt.time):
        cell.value = value
    else:
        kind = type(value).__name__
        raise WriteError(
            field,
            f"a value of type {kind} cannot be written",
            code="write.type",
            message_vi=f"không ghi được giá trị kiểu {kind} vào ô",
        )


def _number(value: int | Decimal | float, field: str) -> int | float:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise WriteError(
                field,
                f"{value!r} is not a finite number",
                code="write.not_finite",
                message_vi=f"{value!r} không phải một số hữu hạn",
                value=repr(value),
            )
        number = Decimal(repr(value))
    else:
        number = Decimal(value)
        if not number.is_finite():
            raise WriteError(
                field,
                f"{value} is not a finite number",
                code="write.not_finite",
                message_vi=f"{value} không phải một số hữu hạn",
                value=str(value),
            )
    digits = len(number.normalize().as_tuple().digits) if number else 1
    if digits > EXCEL_DIGITS:
        raise WriteError(
            field,
            f"{number} has {digits} significant digits; a spreadsheet keeps {EXCEL_DIGITS}:"
            " write it as text",
            code="write.digits",
            message_vi=f"{number} có {digits} chữ số có nghĩa; bảng tính chỉ giữ {EXCEL_DIGITS}:"
            " hãy ghi số này dưới dạng văn bản",
            value=number,
        )
    written = int(number) if number == number.to_integral_value() else float(number)
    # openpyxl writes a number as "%.16g" (88.6 as 88.59999999999999), which reads back as the
    # shortest decimal of its binary number (88.6) when it is that number's
    shown = "%.16g" % written  # noqa: UP031 - openpyxl's own format
    if float(shown) != written or Decimal(repr(written)) != number:
        raise WriteError(
            field,
            f"{number} would be written as {shown}, which does not read back as {number}"
            " (a spreadsheet holds a binary number); round it or write it as text",
            code="write.binary",
            message_vi=f"{number} sẽ được ghi thành {shown}, khi đọc lại không còn là {number}"
            " (bảng tính giữ số ở dạng nhị phân); hãy làm tròn hoặc ghi dưới dạng văn bản",
            value=number,
        )
    return written
