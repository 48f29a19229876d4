"""Spreadsheet formats the library does not read, and how to convert them to `.xlsx`."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["OTHER_SPREADSHEETS", "advice", "convert_advice"]

#: Suffix -> (Vietnamese, English) description of the spreadsheet formats that are not read.
OTHER_SPREADSHEETS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        ".ods": (
            "bảng tính OpenDocument (LibreOffice)",
            "an OpenDocument spreadsheet (LibreOffice)",
        ),
        ".xls": ("sổ làm việc Excel 97-2003", "an Excel 97-2003 workbook"),
        ".xlsm": ("sổ làm việc Excel có macro", "a macro-enabled Excel workbook"),
        ".xlsb": ("sổ làm việc Excel nhị phân", "a binary Excel workbook"),
        ".xltm": ("mẫu Excel có macro", "a macro-enabled Excel template"),
        ".xlt": ("mẫu Excel 97-2003", "an Excel 97-2003 template"),
        ".fods": ("bảng tính OpenDocument dạng XML", "a flat OpenDocument spreadsheet"),
        ".numbers": ("bảng tính Apple Numbers", "an Apple Numbers spreadsheet"),
        ".et": ("bảng tính WPS", "a WPS spreadsheet"),
    }
)

_MACROS = (".xlsm", ".xltm", ".xlsb")


def advice(suffix: str) -> tuple[str, str]:
    """How to save a spreadsheet in another format as `.xlsx`: `(Vietnamese, English)`.

    Args:
        suffix: the format's suffix, as for [`convert_advice`][chinhquyen.readers.convert_advice].
    """
    vi, en = OTHER_SPREADSHEETS.get(suffix.lower(), ("không phải tệp .xlsx", "not an .xlsx file"))
    macros_vi = " (macro không được giữ lại)" if suffix.lower() in _MACROS else ""
    macros_en = " (macros are not kept)" if suffix.lower() in _MACROS else ""
    menus = (
        "LibreOffice: File → Save As → Excel 2007-365 (.xlsx); Excel: File → Save As → Excel"
        " Workbook (.xlsx)"
    )
    return (
        f"tệp là {vi}; thư viện chỉ đọc .xlsx: hãy mở tệp và lưu lại dưới dạng .xlsx ({menus})"
        f"{macros_vi}",
        f"the file is {en}; the library reads only .xlsx: open it and save it as .xlsx"
        f" ({menus}){macros_en}",
    )


def convert_advice(suffix: str) -> str:
    """The message for a spreadsheet in another format: what it is and how to save it as `.xlsx`.

    Args:
        suffix: the format's suffix, e.g. `.ods` (a key of
            `OTHER_SPREADSHEETS`), or `""` when the
            content, not the name, showed the format.

    Returns:
        One sentence in Vietnamese, then the same in English.
    """
    vi, en = advice(suffix)
    return f"{vi} / {en}"
