"""`.xlsx` workbooks, checked before they are parsed.

[`open_xlsx`][chinhquyen.readers.open_xlsx] opens an [`XlsxBook`][chinhquyen.readers.XlsxBook],
whose [`XlsxSheet`][chinhquyen.readers.XlsxSheet]s give checked cell values.

Needs the `excel` extra (openpyxl and defusedxml). Before openpyxl parses anything, the archive
is checked against the [`Limits`][chinhquyen.readers.Limits]:

- the number of parts, each part's and all parts' uncompressed size, and each large part's
  compression ratio, from the archive's directory (a zip bomb is refused without being
  inflated);
- each worksheet's declared used range (`<dimension ref=...>`), its actual last row and
  column, the cells of its used range and of its merged ranges, read as a stream (a sheet
  declaring `A1:XFD1048576`, or holding one cell at `D1048576`, is refused within
  milliseconds, before anything is built in memory);
- document type declarations, which `.xlsx` parts never need and through which XML entity
  expansion works, are refused; and openpyxl must be parsing through defusedxml (checked by
  trying it), or nothing is read.

A cell's value is then given checked ([`XlsxSheet.value`][chinhquyen.readers.XlsxSheet.value]): an
error cell (`#VALUE!`, `#REF!`...) and a formula whose result was never saved (a file written by
openpyxl or pandas and not opened since) are refused, naming the sheet and cell; a number is the
`Decimal` the file writes (a binary number written with spare digits, as Excel writes 7.3 typed
as `7.2999999999999998`, is the decimal typed, 7.3); text is decoded from the workbook's
`_xHHHH_` escapes. `.ods`, `.xls`, `.xlsm` and `.xlsb` files are refused with how to convert
them.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import pyexpat
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING, Any, Self

from chinhquyen.errors import ChinhQuyenError, InvalidInputError
from chinhquyen.extras import require
from chinhquyen.readers.errors import (
    FormatError,
    LimitError,
    ReaderError,
    ReaderSetupError,
    vi_number,
)
from chinhquyen.readers.formats import OTHER_SPREADSHEETS
from chinhquyen.readers.limits import MIB, Limits, resolve
from chinhquyen.readers.tables import column_letter
from chinhquyen.readers.text import excerpt, read_file

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "ERROR_CODES",
    "ERROR_CODES_VI",
    "CellValue",
    "XlsxBook",
    "XlsxSheet",
    "open_xlsx",
    "spare_digits",
    "unescape",
]

#: What a cell may hold once read: text, a whole number, an exact decimal, a truth value, a
#: date or time, or nothing.
CellValue = str | int | Decimal | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None

#: The error values a spreadsheet shows in a cell, and what each means.
ERROR_CODES: dict[str, str] = {
    "#VALUE!": "a formula got a value of the wrong type, or a text typed with a leading '='"
    " was taken for a formula",
    "#NAME?": "a formula uses a name or function that does not exist",
    "#REF!": "a formula refers to a cell that was deleted",
    "#DIV/0!": "a formula divides by zero",
    "#N/A": "a lookup found nothing",
    "#NUM!": "a formula gave a number that is too large or invalid",
    "#NULL!": "a formula intersects ranges that do not meet",
    "#GETTING_DATA": "the value was still being computed when the file was saved",
}

#: The same in Vietnamese.
ERROR_CODES_VI: dict[str, str] = {
    "#VALUE!": "một công thức nhận giá trị sai kiểu, hoặc một văn bản gõ bắt đầu bằng '=' bị"
    " hiểu là công thức",
    "#NAME?": "một công thức dùng tên hoặc hàm không tồn tại",
    "#REF!": "một công thức tham chiếu tới ô đã bị xóa",
    "#DIV/0!": "một công thức chia cho 0",
    "#N/A": "một phép tra cứu không tìm thấy gì",
    "#NUM!": "một công thức cho ra số quá lớn hoặc không hợp lệ",
    "#NULL!": "một công thức lấy giao của các vùng không giao nhau",
    "#GETTING_DATA": "giá trị còn đang được tính khi tệp được lưu",
}

#: The kinds of cell values, in Vietnamese, for messages.
_KINDS_VI = {
    "bool": "giá trị đúng/sai",
    "datetime": "ngày giờ",
    "date": "ngày",
    "time": "giờ",
    "timedelta": "khoảng thời gian",
}

_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
_EXCEL_ROWS, _EXCEL_COLUMNS = 1_048_576, 16_384
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")
#: The content types of a workbook's main part: what openpyxl reads, and what it does not.
_READABLE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
)
_OTHER_TYPES = {
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": ".xlsm",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": ".xltm",
    "application/vnd.ms-excel.sheet.binary.macroEnabled.main": ".xlsb",
}


def spare_digits(number: Decimal, double: float) -> bool:
    """Whether `number` is `double` written with the spare digits of a binary number.

    A spreadsheet cell holds a binary double; Excel writes it with 17 significant digits
    (7.3 typed is written `7.2999999999999998`) and openpyxl with 16 (88.6 is written
    `88.59999999999999`). Such a number is read as the shortest decimal of the double, the one
    typed (7.3, 88.6); a number written with more digits than a double holds (such as
    `14.999999999999999999`) is read as written.
    """
    return number in (Decimal("%.17g" % double), Decimal("%.16g" % double))  # noqa: UP031


def unescape(text: str) -> str:
    """Decode a workbook text's `_xHHHH_` escapes (`_x000D_` is a carriage return).

    Spreadsheets write a character XML cannot hold, and a literal `_x` followed by four hex
    digits and `_`, in this form (the latter as `_x005F_xHHHH_`).
    """
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


# --- the environment ---------------------------------------------------------------------------


@functools.cache
def _openpyxl() -> ModuleType:
    """openpyxl, once it is shown to parse through defusedxml (no entity expansion)."""
    openpyxl = require("openpyxl", "excel", "reading an .xlsx file")
    defusedxml = require("defusedxml", "excel", "reading an .xlsx file safely")
    xml = require("openpyxl.xml", "excel", "reading an .xlsx file")
    xml_functions = require("openpyxl.xml.functions", "excel", "reading an .xlsx file")

    unsafe = ReaderSetupError(
        "openpyxl is not parsing XML through defusedxml, so an .xlsx file could expand XML"
        " entities to gigabytes; defusedxml is installed, so check that the environment"
        " variable OPENPYXL_DEFUSEDXML is unset or 'True', and that openpyxl is 3.1 or later"
    )
    if not getattr(xml, "DEFUSEDXML", False):
        raise unsafe
    probe = b'<!DOCTYPE x [<!ENTITY e "EXPANDED">]><x>&e;</x>'
    parsers: tuple[Callable[[], Any], ...] = (
        lambda: xml_functions.fromstring(probe),
        lambda: [el for _, el in xml_functions.iterparse(io.BytesIO(probe))][-1],
    )
    for parse in parsers:
        try:
            element = parse()
        except defusedxml.DefusedXmlException:
            continue
        except Exception:  # e.g. lxml refusing the undefined entity: nothing was expanded
            continue
        if "EXPANDED" in (getattr(element, "text", None) or ""):
            raise unsafe
    return openpyxl


# --- the archive -------------------------------------------------------------------------------


class _ScanError(Exception):
    """Stops a sheet scan with the refusal it found."""

    def __init__(self, error: ReaderError) -> None:
        self.error = error


def _cell(ref: str) -> tuple[int, int] | None:
    """(row, column) of a reference such as `B7` or `$B$7`, or None if it is not one."""
    m = _REF.fullmatch(ref)
    if not m:
        return None
    column = 0
    for ch in m.group(1).upper():
        column = column * 26 + ord(ch) - 64
    row = int(m.group(2))
    if not (1 <= row <= _EXCEL_ROWS and 1 <= column <= _EXCEL_COLUMNS):
        return None
    return row, column


def _range(ref: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    first, _, last = ref.strip().partition(":")
    a = _cell(first)
    b = _cell(last) if last else a
    if a is None or b is None:
        return None
    return (min(a[0], b[0]), min(a[1], b[1])), (max(a[0], b[0]), max(a[1], b[1]))


def ref_of(row: int, column: int) -> str:
    """The reference of a cell: `ref_of(7, 2)` is `B7`."""
    return f"{column_letter(column - 1)}{row}"


class _SheetScan:
    """One pass over a worksheet part: its extent, and the formulas without a saved result."""

    def __init__(
        self, label: str, title: str, part: str, limits: Limits, escaped: dict[int, str]
    ) -> None:
        self.label, self.title, self.part, self.limits = label, title, part, limits
        self._escaped = escaped
        self.texts: dict[tuple[int, int], str] = {}  # shared strings openpyxl misreads
        self.max_row = self.max_column = self.cells = self.merged = self.rows = 0
        self.uncached: set[tuple[int, int]] = set()
        self.exact: dict[tuple[int, int], str] = {}  # numbers a binary float cannot hold
        self._row = 0
        self._column = 0
        self._cell: tuple[int, int] = (0, 0)
        self._type = ""
        self._formula = self._value = False
        self._text: list[str] | None = None
        self._parser: Any = None
        start: dict[str, Callable[[dict[str, str]], None]] = {}
        end: dict[str, Callable[[], None]] = {}
        for ns in _MAIN_NS:
            start |= {
                f"{ns}}}dimension": self._dimension,
                f"{ns}}}row": self._row_start,
                f"{ns}}}c": self._cell_start,
                f"{ns}}}f": self._formula_start,
                f"{ns}}}v": self._value_start,
                f"{ns}}}is": self._inline_start,
                f"{ns}}}mergeCell": self._merge,
            }
            end |= {f"{ns}}}c": self._cell_end, f"{ns}}}v": self._value_end}
        self._start, self._end = start, end

    # errors

    def _where(self, ref: str | None = None) -> str:
        return f"{self.title}!{ref}" if ref else self.title

    def _refuse(
        self, code: str, message: str, message_vi: str, ref: str | None = None, value: Any = None
    ) -> _ScanError:
        return _ScanError(
            ReaderError(
                self.label,
                message,
                self._where(ref),
                code=code,
                message_vi=message_vi,
                value=value,
            )
        )

    def _limit(
        self,
        message: str,
        message_vi: str,
        limit: str,
        ref: str | None = None,
        value: int | None = None,
    ) -> _ScanError:
        allowed = getattr(self.limits, limit)
        return _ScanError(
            LimitError(
                self.label,
                message,
                self._where(ref),
                limit=limit,
                allowed=allowed,
                message_vi=message_vi,
                value=value,
            )
        )

    def _extent(self, rows: int, columns: int, what: tuple[str, str], ref: str) -> None:
        lim = self.limits
        what_en, what_vi = what
        if rows > lim.sheet_rows:
            raise self._limit(
                f"{what_en} reaches row {rows:,}",
                f"{what_vi} đến dòng {vi_number(rows)}",
                "sheet_rows",
                ref,
                rows,
            )
        if columns > lim.columns:
            letter = column_letter(columns - 1)
            raise self._limit(
                f"{what_en} reaches column {letter}",
                f"{what_vi} đến cột {letter}",
                "columns",
                ref,
                columns,
            )
        if rows * columns > lim.sheet_cells:
            raise self._limit(
                f"{what_en} spans {rows:,} rows x {columns:,} columns = {rows * columns:,} cells",
                f"{what_vi} trải trên {vi_number(rows)} dòng x {vi_number(columns)} cột ="
                f" {vi_number(rows * columns)} ô",
                "sheet_cells",
                ref,
                rows * columns,
            )

    # handlers

    def _dimension(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("ref", "")
        span = _range(ref)
        if span is None:
            shown = excerpt(ref, width=30)
            raise self._refuse(
                "xlsx.malformed_range",
                f"declares a malformed used range {shown}",
                f"khai báo vùng dữ liệu sai dạng {shown}",
                value=ref,
            )
        (_, _), (rows, columns) = span
        self._extent(
            rows,
            columns,
            (
                f"declares its used range as {ref} (delete the empty rows and columns after the"
                " data, or copy the data to a new sheet); the range",
                f"khai báo vùng dữ liệu là {ref} (hãy xóa các dòng và cột trống sau dữ liệu,"
                " hoặc chép dữ liệu sang một trang tính mới); vùng này",
            ),
            ref,
        )

    def _row_start(self, attrs: dict[str, str]) -> None:
        r = attrs.get("r")
        if r is None:
            self._row += 1
        elif r.isdigit() and 1 <= int(r) <= _EXCEL_ROWS:
            self._row = int(r)
        else:
            shown = excerpt(r, width=20)
            raise self._refuse(
                "xlsx.row_number",
                f"has a row numbered {shown}",
                f"có một dòng mang số {shown} (không phải số dòng hợp lệ)",
                value=r,
            )
        self._column = 0
        self.rows += 1
        if self.rows > self.limits.sheet_rows:
            many = self.limits.sheet_rows
            raise self._limit(
                f"has more than {many:,} rows", f"có hơn {vi_number(many)} dòng", "sheet_rows"
            )

    def _cell_start(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        if ref is None:
            row, column = self._row or 1, self._column + 1
        else:
            cell = _cell(ref)
            if cell is None:
                shown = excerpt(ref, width=20)
                raise self._refuse(
                    "xlsx.malformed_reference",
                    f"has a cell with the malformed reference {shown}",
                    f"có một ô với địa chỉ sai dạng {shown}",
                    value=ref,
                )
            row, column = cell
        self._column = column
        self._cell = (row, column)
        self.cells += 1
        if row > self.max_row or column > self.max_column:
            self.max_row = max(self.max_row, row)
            self.max_column = max(self.max_column, column)
            at = ref_of(row, column)
            self._extent(
                self.max_row,
                self.max_column,
                (
                    f"holds a cell at {at} (delete it, or the rows and columns up to"
                    " it, if it is not part of the data); the used range",
                    f"có một ô tại {at} (hãy xóa ô đó, hoặc các dòng và cột đến ô đó, nếu nó"
                    " không thuộc dữ liệu); vùng dữ liệu",
                ),
                at,
            )
        self._type = attrs.get("t", "n")
        self._formula = self._value = False

    def _formula_start(self, attrs: dict[str, str]) -> None:
        self._formula = True

    def _value_start(self, attrs: dict[str, str]) -> None:
        self._text = []
        self._parser.CharacterDataHandler = self._text.append

    def _value_end(self) -> None:
        if self._text is None:  # pragma: no cover - a <v> outside a cell
            return
        self._parser.CharacterDataHandler = None
        raw = "".join(self._text).strip()
        self._text = None
        # an empty <v/> is no result, except for a text formula whose result is ""
        self._value = bool(raw) or self._type == "str"
        if self._type == "s" and self._escaped and raw.isdigit():
            text = self._escaped.get(int(raw))
            if text is not None:
                self.texts[self._cell] = text
        if self._type != "n" or not raw:
            return
        if len(raw) > self.limits.digits + 30:
            raise self._limit(
                f"holds a number written with {len(raw):,} characters",
                f"chứa một số được ghi bằng {vi_number(len(raw))} ký tự",
                "digits",
                ref_of(*self._cell),
                len(raw),
            )
        try:
            number, double = Decimal(raw), float(raw)
            if number != Decimal(repr(double)) and not spare_digits(number, double):
                self.exact[self._cell] = raw  # e.g. 14.999999999999999999
        except (InvalidOperation, ValueError, OverflowError):
            return  # not a number: openpyxl refuses it

    def _inline_start(self, attrs: dict[str, str]) -> None:
        self._value = True

    def _cell_end(self) -> None:
        if self._formula and not self._value:
            self.uncached.add(self._cell)

    def _merge(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("ref", "")
        span = _range(ref)
        if span is None:
            shown = excerpt(ref, width=30)
            raise self._refuse(
                "xlsx.malformed_range",
                f"has a malformed merged range {shown}",
                f"có một vùng gộp ô sai dạng {shown}",
                value=ref,
            )
        (r0, c0), (r1, c1) = span
        self._extent(r1, c1, (f"has the merged range {ref}, which", f"có vùng gộp ô {ref},"), ref)
        self.merged += (r1 - r0 + 1) * (c1 - c0 + 1)
        if self.merged > self.limits.sheet_cells:
            raise self._limit(
                f"has merged ranges covering {self.merged:,} cells",
                f"có các vùng gộp ô phủ {vi_number(self.merged)} ô",
                "sheet_cells",
                ref,
                self.merged,
            )

    def _doctype(self, *_: Any) -> None:
        raise _ScanError(_doctype_error(self.label, self.part, self._where()))

    # the pass

    def run(self, stream: io.BufferedIOBase | Any) -> _SheetScan:
        parser = _expat(self._doctype)
        self._parser = parser
        start, end = self._start, self._end

        def on_start(name: str, attrs: dict[str, str]) -> None:
            handler = start.get(name)
            if handler is not None:
                handler(attrs)

        def on_end(name: str) -> None:
            handler = end.get(name)
            if handler is not None:
                handler()

        parser.StartElementHandler = on_start
        parser.EndElementHandler = on_end
        parser.buffer_text = True
        try:
            while chunk := stream.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except pyexpat.ExpatError as e:
            raise self._refuse(
                "xlsx.xml",
                f"part {self.part} is not well-formed XML: {e}",
                f"phần {self.part} của tệp không phải XML đúng dạng (trình đọc báo: {e}); hãy"
                " lưu lại sổ làm việc từ chương trình bảng tính",
            ) from None
        return self


class _PrologEnd(Exception):  # noqa: N818 - not an error: the first element was reached
    """The first element of a part was reached: its prolog holds no document type."""


def _expat(on_doctype: Callable[..., Any]) -> Any:
    """An expat parser that calls `on_doctype` (which raises) on any DTD or entity."""
    parser = pyexpat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = on_doctype
    parser.EntityDeclHandler = on_doctype
    parser.ExternalEntityRefHandler = on_doctype
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _doctype_error(label: str, part: str, key: str | None = None) -> ReaderError:
    return ReaderError(
        label,
        f"part {part} has a document type declaration, which .xlsx parts never"
        " need (it can define entities that expand to gigabytes); refused",
        code="xlsx.doctype",
        message_vi=f"phần {part} của tệp có khai báo kiểu tài liệu (DTD), điều mà tệp .xlsx"
        " không bao giờ cần (nó có thể định nghĩa thực thể nở ra tới hàng gigabyte); từ chối",
        key=key,
    )


def _not_xml(label: str, part: str, error: Exception) -> ReaderError:
    return ReaderError(
        label,
        f"part {part} is not well-formed XML: {error}",
        code="xlsx.xml",
        message_vi=f"phần {part} của tệp không phải XML đúng dạng (trình đọc báo: {error}); hãy"
        " lưu lại sổ làm việc từ chương trình bảng tính",
    )


def _damaged(label: str, message: str, reason: str, code: str = "xlsx.damaged") -> ReaderError:
    """A workbook that cannot be read: `message` in English, `reason` in Vietnamese."""
    return ReaderError(label, message, code=code, message_vi=reason)


def _no_doctype(zf: zipfile.ZipFile, part: str, label: str) -> None:
    """Refuse a part whose prolog declares a document type (read up to its first element)."""

    def refuse(*_: Any) -> None:
        raise _doctype_error(label, excerpt(part))

    def first(*_: Any) -> None:
        raise _PrologEnd

    parser = _expat(refuse)
    parser.StartElementHandler = first
    try:
        with zf.open(part) as stream:
            while chunk := stream.read(1 << 14):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _PrologEnd:
        return
    except pyexpat.ExpatError as e:
        raise _not_xml(label, excerpt(part), e) from None


def _escaped_strings(zf: zipfile.ZipFile, part: str, label: str) -> dict[int, str]:
    """The shared strings holding `_x` escapes, decoded, by index.

    openpyxl decodes only part of the escapes of shared strings (it removes every `x005F_`),
    so such strings are read here, as written, and decoded once.
    """
    found: dict[int, str] = {}
    state = {"index": -1, "phonetic": 0}
    texts: list[str] = []
    main = {f"{ns}}}" for ns in _MAIN_NS}

    def start(name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.rpartition("}")
        if f"{ns}}}" not in main:
            return
        if local == "si":
            state["index"] += 1
            texts.clear()
        elif local == "rPh":
            state["phonetic"] += 1
        elif local == "t" and not state["phonetic"]:
            parser.CharacterDataHandler = texts.append

    def end(name: str) -> None:
        ns, _, local = name.rpartition("}")
        if f"{ns}}}" not in main:
            return
        if local == "t":
            parser.CharacterDataHandler = None
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "si":
            text = "".join(texts)
            if "_x" in text or "x005F_" in text:
                found[state["index"]] = unescape(text)

    def refuse(*_: Any) -> None:
        raise _doctype_error(label, excerpt(part))

    parser = _expat(refuse)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.buffer_text = True
    try:
        with zf.open(part) as stream:
            while chunk := stream.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except pyexpat.ExpatError as e:
        raise _not_xml(label, excerpt(part), e) from None
    return found


def _xml(zf: zipfile.ZipFile, part: str, label: str) -> Any:
    """A small part of the archive as an element tree (no DTDs, no entities)."""
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped,unused-ignore]
    from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped,unused-ignore]

    try:
        return fromstring(zf.read(part), forbid_dtd=True)
    except DefusedXmlException:
        raise ReaderError(
            label,
            f"part {part} has a document type declaration, which .xlsx never needs",
            code="xlsx.doctype",
            message_vi=f"phần {part} của tệp có khai báo kiểu tài liệu (DTD), điều mà tệp .xlsx"
            " không bao giờ cần",
        ) from None
    except Exception as e:
        shown = excerpt(str(e), width=80)
        raise _damaged(
            label,
            f"part {part} cannot be read: {shown}",
            f"không đọc được phần {part} của tệp (trình đọc báo: {shown}); hãy lưu lại sổ làm"
            " việc từ chương trình bảng tính",
        ) from None


def _target(base: str, target: str) -> str:
    """The part a relationship of `base` points to."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in (PurePosixPath(base).parent / target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _relationships(
    zf: zipfile.ZipFile, part: str, names: set[str], label: str
) -> dict[str, tuple[str, str]]:
    """Id -> (type, target part) of the relationships of `part`."""
    path = PurePosixPath(part)
    rels = str(path.parent / "_rels" / f"{path.name}.rels") if part else "_rels/.rels"
    if rels not in names:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for rel in _xml(zf, rels, label):
        if rel.tag == f"{{{_PKG_REL_NS}}}Relationship" and rel.get("TargetMode") != "External":
            out[rel.get("Id", "")] = (rel.get("Type", ""), _target(part, rel.get("Target", "")))
    return out


def _check_archive(data: bytes, label: str, suffix: str, lim: Limits) -> dict[str, _SheetScan]:
    """Check the archive and scan its worksheets; the scans by sheet title."""
    if data.startswith(_OLE2):
        kind = suffix if suffix in (".xls", ".xlt") else ".xls"
        raise FormatError.advise(
            label,
            kind,
            (
                " (a password-protected .xlsx file looks the same: remove the"
                " password / tệp .xlsx có mật khẩu cũng vậy: hãy bỏ mật khẩu)",
                " (tệp .xlsx có mật khẩu cũng trông như vậy: hãy bỏ mật khẩu)",
            ),
        )
    if data.count(b"PK\x01\x02") > lim.xlsx_parts:  # at least one per part, counted unparsed
        raise LimitError(
            label,
            "holds too many parts",
            limit="xlsx_parts",
            allowed=lim.xlsx_parts,
            message_vi="chứa quá nhiều phần",
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as e:
        shown = "text" if data[:512].isascii() and data[:1] not in (b"", b"PK") else "data"
        raise ReaderError(
            label,
            f"is not an .xlsx workbook: it is not a zip archive ({shown}; {e}); save it from"
            " the spreadsheet as Excel 2007-365 (.xlsx)",
            code="xlsx.not_zip",
            message_vi="không phải sổ làm việc .xlsx: tệp không phải tệp nén zip"
            f" ({'văn bản' if shown == 'text' else 'dữ liệu'}; {e}); hãy lưu tệp từ chương trình"
            " bảng tính dưới dạng Excel 2007-365 (.xlsx)",
        ) from None
    with zf:
        try:
            return _check_parts(zf, label, lim)
        except (ChinhQuyenError, _ScanError):
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError) as e:
            reason = f"{type(e).__name__}: {excerpt(str(e), width=80)}"
            raise _damaged(
                label,
                f"is damaged: a part cannot be read ({reason}); save the workbook again from the"
                " spreadsheet",
                f"tệp bị hỏng: không đọc được một phần của tệp ({reason}); hãy lưu lại sổ làm"
                " việc từ chương trình bảng tính",
            ) from None
        except NotImplementedError as e:  # e.g. a compression method zipfile does not know
            shown = excerpt(str(e), width=80)
            raise _damaged(
                label,
                f"cannot be read: {shown}",
                f"không đọc được tệp (trình đọc báo: {shown})",
                "xlsx.cannot_read",
            ) from None


def _check_parts(zf: zipfile.ZipFile, label: str, lim: Limits) -> dict[str, _SheetScan]:
    """The checks of `_check_archive` once the archive's directory is read."""
    infos = zf.infolist()
    if len(infos) > lim.xlsx_parts:
        raise LimitError(
            label,
            f"holds {len(infos):,} parts",
            limit="xlsx_parts",
            allowed=lim.xlsx_parts,
            message_vi=f"chứa {vi_number(len(infos))} phần",
            value=len(infos),
        )
    names: set[str] = set()
    total = 0
    for info in infos:
        part = info.filename
        shown = excerpt(part)
        if part in names:
            raise _damaged(
                label,
                f"holds the part {shown} twice; damaged or forged",
                f"chứa phần {shown} hai lần; tệp bị hỏng hoặc bị làm giả",
                "xlsx.duplicate_part",
            )
        names.add(part)
        if info.flag_bits & 0x1:
            raise _damaged(
                label,
                f"part {shown} is encrypted",
                f"phần {shown} của tệp bị mã hóa",
                "xlsx.encrypted",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _damaged(
                label,
                f"part {shown} uses compression method {info.compress_type}"
                ", which .xlsx files do not use",
                f"phần {shown} của tệp dùng phương pháp nén {info.compress_type}, điều mà tệp"
                " .xlsx không dùng",
                "xlsx.compression",
            )
        if info.file_size > lim.xlsx_part_bytes:
            raise LimitError(
                label,
                f"part {shown} inflates to {info.file_size:,} bytes",
                limit="xlsx_part_bytes",
                allowed=lim.xlsx_part_bytes,
                message_vi=f"phần {shown} khi giải nén dài {vi_number(info.file_size)} byte",
                value=info.file_size,
            )
        total += info.file_size
        if total > lim.xlsx_bytes:
            raise LimitError(
                label,
                "inflates to more bytes than allowed",
                limit="xlsx_bytes",
                allowed=lim.xlsx_bytes,
                message_vi="khi giải nén dài hơn số byte cho phép",
                value=total,
            )
        if info.file_size > MIB and info.file_size > lim.xlsx_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise LimitError(
                label,
                f"part {shown} inflates {ratio:,} times (a zip bomb?)",
                limit="xlsx_ratio",
                allowed=lim.xlsx_ratio,
                message_vi=f"phần {shown} nở ra {vi_number(ratio)} lần khi giải nén (một quả"
                " bom zip?)",
                value=ratio,
            )
    if "mimetype" in names and zf.read("mimetype").startswith(b"application/vnd.oasis"):
        raise FormatError.advise(label, ".ods")
    sheets, strings = _sheet_parts(zf, names, label)
    for part in sorted(names - set(sheets.values()) - {strings}):
        if part.endswith((".xml", ".rels", ".vml")):
            _no_doctype(zf, part, label)
    escaped = _escaped_strings(zf, strings, label) if strings else {}
    scans: dict[str, _SheetScan] = {}
    for title, part in sheets.items():
        with zf.open(part) as stream:
            scans[title] = _SheetScan(label, title, part, lim, escaped).run(stream)
    return scans


def _sheet_parts(
    zf: zipfile.ZipFile, names: set[str], label: str
) -> tuple[dict[str, str], str | None]:
    """The worksheet part of each worksheet by title, and the shared strings part.

    Refuses an archive that is not an `.xlsx` workbook.
    """
    if "[Content_Types].xml" not in names:
        raise _damaged(
            label,
            "is a zip archive but not an .xlsx workbook (it has no [Content_Types].xml)",
            "là tệp nén zip nhưng không phải sổ làm việc .xlsx (thiếu [Content_Types].xml)",
            "xlsx.not_workbook",
        )
    types = {
        el.get("PartName", "").lstrip("/"): el.get("ContentType", "")
        for el in _xml(zf, "[Content_Types].xml", label)
        if el.tag == f"{{{_CT_NS}}}Override"
    }
    main = next(
        (
            target
            for kind, target in _relationships(zf, "", names, label).values()
            if kind.endswith("/officeDocument")
        ),
        "xl/workbook.xml",
    )
    main_type = types.get(main, "")
    if main_type in _OTHER_TYPES:
        raise FormatError.advise(label, _OTHER_TYPES[main_type])
    if main_type not in _READABLE or main not in names:
        shown = excerpt(main_type, width=80)
        raise _damaged(
            label,
            "is a zip archive but not an .xlsx workbook"
            + (f" (its main part is {shown})" if main_type else ""),
            "là tệp nén zip nhưng không phải sổ làm việc .xlsx"
            + (f" (phần chính của tệp là {shown})" if main_type else ""),
            "xlsx.not_workbook",
        )
    rels = _relationships(zf, main, names, label)
    parts: dict[str, str] = {}
    for sheet in _xml(zf, main, label).iter():
        if sheet.tag not in {f"{{{ns}}}sheet" for ns in _MAIN_NS}:
            continue
        title = sheet.get("name", "")
        rid = next((sheet.get(f"{{{ns}}}id") for ns in _REL_NS if sheet.get(f"{{{ns}}}id")), "")
        kind, part = rels.get(rid or "", ("", ""))
        if kind.endswith("/worksheet") and part in names:
            parts[title] = part  # else a chart sheet, or a sheet openpyxl refuses as missing
    strings = next(
        (part for kind, part in rels.values() if kind.endswith("/sharedStrings") and part in names),
        None,
    )
    return parts, strings


# --- the workbook ------------------------------------------------------------------------------


def _source(
    source: str | os.PathLike[str] | bytes, name: str | None, lim: Limits
) -> tuple[str, bytes, str]:
    """The workbook's name in messages, its bytes and its suffix."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        label = name or "<xlsx>"
        if len(data) > lim.file_bytes:
            raise LimitError(
                label,
                f"is {len(data):,} bytes",
                limit="file_bytes",
                allowed=lim.file_bytes,
                message_vi=f"dài {vi_number(len(data))} byte",
                value=len(data),
            )
        return label, data, ""
    label = name or os.fspath(source)
    suffix = PurePosixPath(os.fspath(source)).suffix.lower()
    if suffix in OTHER_SPREADSHEETS:
        raise FormatError.advise(label, suffix)
    return label, read_file(source, name=label, limits=lim), suffix


def open_xlsx(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    limits: Limits | None = None,
) -> XlsxBook:
    """Check an `.xlsx` workbook against the limits, then open it for reading values.

    Args:
        source: the file (a path) or its content (`bytes`).
        name: how to name it in messages (default: its path, or `<xlsx>`).
        limits: the limits (default: those in force, see
            [`use_limits`][chinhquyen.readers.use_limits]).

    Returns:
        The workbook; its sheets give checked cell values.

    Raises:
        FormatError: an `.ods`, `.xls`, `.xlsm`, `.xlsb` (or similar) file, by name or by
            content; the message says how to save it as `.xlsx`.
        LimitError: the archive or a sheet goes beyond the limits (named, with the sheet and
            the range or cell).
        ReaderError: not a workbook, damaged, or with a document type declaration.
        MissingExtraError: openpyxl or defusedxml is not installed (the `excel` extra).
        ReaderSetupError: openpyxl does not parse XML through defusedxml.
    """
    openpyxl = _openpyxl()
    lim = resolve(limits)
    label, data, suffix = _source(source, name, lim)
    try:
        scans = _check_archive(data, label, suffix, lim)
    except _ScanError as stop:
        raise stop.error from None
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped,unused-ignore]

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
    except DefusedXmlException:
        raise _damaged(
            label,
            "declares XML entities, which .xlsx files never need; refused",
            "khai báo thực thể XML, điều mà tệp .xlsx không bao giờ cần; từ chối",
            "xlsx.doctype",
        ) from None
    except Exception as e:  # openpyxl raises many kinds of errors for a damaged file
        reason = f"{type(e).__name__}: {excerpt(str(e), width=100)}"
        raise _damaged(
            label,
            f"cannot be read as an .xlsx workbook ({reason}); open it in a spreadsheet and save"
            " it again",
            f"không đọc được như một sổ làm việc .xlsx ({reason}); hãy mở tệp bằng chương trình"
            " bảng tính và lưu lại",
            "xlsx.cannot_read",
        ) from None
    return XlsxBook(label, workbook, scans, lim)


class XlsxBook:
    """An open, checked workbook: its sheets give checked values.

    Made by [`open_xlsx`][chinhquyen.readers.open_xlsx].

    Attributes:
        name: the workbook's name in messages.
        limits: the limits it was checked against.
    """

    def __init__(
        self, name: str, workbook: Workbook, scans: dict[str, _SheetScan], limits: Limits
    ) -> None:
        self.name = name
        self.limits = limits
        self._workbook = workbook
        self._scans = scans

    @property
    def sheetnames(self) -> tuple[str, ...]:
        """The sheets' titles, in the workbook's order (chart sheets included)."""
        return tuple(self._workbook.sheetnames)

    @property
    def workbook(self) -> Workbook:
        """The openpyxl workbook, whose cells are not checked.

        Prefer [`XlsxBook.sheet`][chinhquyen.readers.XlsxBook.sheet].
        """
        return self._workbook

    def __contains__(self, title: object) -> bool:
        return title in self._workbook.sheetnames

    def sheet(self, title: str | None = None) -> XlsxSheet:
        """A worksheet by title; without a title, the workbook's only worksheet.

        Raises:
            ReaderError: no sheet has that title (the message lists them), it is a chart
                sheet, or no title was given and the workbook has several sheets.
        """
        names = self.sheetnames
        listed = ", ".join(map(repr, names))
        if title is None:
            if len(names) != 1:
                raise ReaderError(
                    self.name,
                    f"has {len(names)} sheets ({listed}); name the one to read",
                    code="xlsx.sheet_ambiguous",
                    message_vi=f"có {len(names)} trang tính ({listed}); hãy chỉ rõ trang cần đọc",
                    value=len(names),
                )
            title = names[0]
        if title not in names:
            raise ReaderError(
                self.name,
                f"has no sheet {title!r}; its sheets: {listed}",
                code="xlsx.no_sheet",
                message_vi=f"không có trang tính {title!r}; các trang tính của tệp: {listed}",
                value=title,
            )
        if title not in self._scans:
            raise ReaderError(
                self.name,
                f"sheet {title!r} is a chart sheet, not a table",
                code="xlsx.chart_sheet",
                message_vi=f"trang tính {title!r} là trang biểu đồ, không phải bảng",
                value=title,
            )
        return XlsxSheet(self.name, self._workbook[title], self._scans[title], self.limits)

    def close(self) -> None:
        """Release the workbook."""
        self._workbook.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class XlsxSheet:
    """A checked worksheet. Made by [`XlsxBook.sheet`][chinhquyen.readers.XlsxBook.sheet].

    Attributes:
        name: the workbook's name in messages.
        title: the sheet's title.
        max_row: the number of its last row holding a cell (0 for an empty sheet).
        max_column: the number of its last column holding a cell (0 for an empty sheet).
    """

    def __init__(self, name: str, worksheet: Worksheet, scan: _SheetScan, limits: Limits) -> None:
        self.name = name
        self.title = worksheet.title
        self.max_row = scan.max_row
        self.max_column = scan.max_column
        self.limits = limits
        self._ws = worksheet
        self._cells = worksheet._cells  # read without creating empty cells
        self._uncached = scan.uncached
        self._exact = scan.exact
        self._texts = scan.texts

    @property
    def worksheet(self) -> Worksheet:
        """The openpyxl worksheet, whose cells are not checked.

        Prefer [`XlsxSheet.value`][chinhquyen.readers.XlsxSheet.value].
        """
        return self._ws

    def where(self, ref: str, what: str | None = None) -> str:
        """A cell named for messages: `Tự chấm điểm!F12 (điểm tự chấm of tc-1)`."""
        return f"{self.title}!{ref}" + (f" ({what})" if what else "")

    def value(self, ref: str, what: str | None = None) -> CellValue:
        """The value of a cell, checked.

        Args:
            ref: the cell, e.g. `"B7"`.
            what: what the cell holds, for messages (e.g. `"mã xã"`).

        Returns:
            None for an empty cell; text (with `_xHHHH_` escapes decoded); an `int`; a
            `Decimal` for any other number (the decimal the file writes, not a binary
            float; a binary number written with spare digits, `7.2999999999999998`, is the
            decimal typed, 7.3); a `bool`; or a date, date-time, time or duration (a number
            in a cell formatted as a date).

        Raises:
            ReaderError: an error value (`#VALUE!`, `#NAME?`...) or a formula whose result
                was never saved; the message names the sheet and cell and how to fix it.
            LimitError: text longer than `cell_chars`, or a number with more than `digits`
                digits.
            InvalidInputError: `ref` is not a cell reference.
        """
        cell = _cell(ref)
        if cell is None:
            raise InvalidInputError(
                "cell reference", [("ref", f"{ref!r} is not a cell such as 'B7'")]
            )
        return self._value(cell[0], cell[1], what)

    def _value(self, row: int, column: int, what: str | None) -> CellValue:
        at = (row, column)
        if at in self._uncached:
            raise ReaderError(
                self.name,
                "holds a formula whose result was never saved (the file was written by a program"
                " that does not compute formulas, e.g. openpyxl or pandas); open the file in"
                " Excel or LibreOffice and save it, or type the value itself",
                self.where(ref_of(row, column), what),
                code="xlsx.uncached_formula",
                message_vi="ô chứa công thức mà kết quả chưa từng được lưu (tệp được ghi bởi một"
                " chương trình không tính công thức, ví dụ openpyxl hoặc pandas); hãy mở tệp bằng"
                " Excel hoặc LibreOffice rồi lưu lại, hoặc gõ thẳng giá trị vào ô",
            )
        cell = self._cells.get(at)
        if cell is None:
            return None
        value = cell.value
        if value is None:
            return None
        if cell.data_type == "e":
            code = str(value)
            meaning = ERROR_CODES.get(code, "an error value")
            meaning_vi = ERROR_CODES_VI.get(code, "một giá trị lỗi")
            shown = excerpt(code, width=20)
            raise ReaderError(
                self.name,
                f"holds the error value {shown}, not a value: {meaning}; type"
                " the value itself (to type a text that starts with '=', begin it with an"
                " apostrophe: '=...)",
                self.where(ref_of(row, column), what),
                code="xlsx.error_cell",
                message_vi=f"ô chứa giá trị lỗi {shown}, không phải một giá trị: {meaning_vi};"
                " hãy gõ thẳng giá trị vào ô (để gõ một văn bản bắt đầu bằng '=', hãy gõ dấu"
                " nháy đơn trước: '=...)",
                value=code,
            )
        if isinstance(value, str):
            text = self._texts.get(at) if cell.data_type == "s" else None
            if text is None:
                text = unescape(value)
            if len(text) > self.limits.cell_chars:
                raise LimitError(
                    self.name,
                    f"holds {len(text):,} characters",
                    self.where(ref_of(row, column), what),
                    limit="cell_chars",
                    allowed=self.limits.cell_chars,
                    message_vi=f"ô chứa {vi_number(len(text))} ký tự",
                    value=len(text),
                )
            return text
        if isinstance(value, bool | int):
            return value
        if isinstance(value, float):
            raw = self._exact.get(at)
            number = Decimal(raw) if raw is not None else Decimal(repr(value))
            if not number.is_finite():
                raise ReaderError(
                    self.name,
                    f"holds {value!r}, not a number",
                    self.where(ref_of(row, column), what),
                    code="xlsx.not_finite",
                    message_vi=f"ô chứa {value!r}, không phải một số",
                    value=repr(value),
                )
            if (digits := len(number.as_tuple().digits)) > self.limits.digits:
                raise LimitError(
                    self.name,
                    f"holds a number with {digits:,} digits",
                    self.where(ref_of(row, column), what),
                    limit="digits",
                    allowed=self.limits.digits,
                    message_vi=f"ô chứa một số có {vi_number(digits)} chữ số",
                    value=digits,
                )
            return number
        if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
            return value
        raise ReaderError(  # pragma: no cover - openpyxl gives no other type
            self.name,
            f"holds a value of type {type(value).__name__}",
            self.where(ref_of(row, column), what),
            code="xlsx.value_type",
            message_vi=f"ô chứa một giá trị kiểu {type(value).__name__}",
        )

    def text(self, ref: str, what: str | None = None) -> str | None:
        """The text of a cell that must hold text (a code, a name), or None if it is empty.

        A number is refused rather than turned into text: a code typed as a number has lost
        its leading zeros (`00127` is stored as 127).

        Raises:
            ReaderError: the cell holds a number, a date or a truth value (the message says
                how to type it as text), or anything
                [`XlsxSheet.value`][chinhquyen.readers.XlsxSheet.value] refuses.
        """
        value = self.value(ref, what)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            raise ReaderError(
                self.name,
                f"holds the number {value}, not text: a code typed as a number loses its leading"
                " zeros (00127 becomes 127); type it as text: begin it with an apostrophe"
                " ('00127), or format the cell as Text before typing / ô chứa số, không phải"
                " văn bản: hãy gõ dấu nháy đơn trước mã ('00127) hoặc định dạng ô là Văn bản",
                self.where(ref, what),
                code="xlsx.number_not_text",
                message_vi=f"ô chứa số {value}, không phải văn bản: mã gõ dưới dạng số sẽ mất các"
                " số 0 ở đầu (00127 thành 127); hãy gõ mã dưới dạng văn bản: gõ dấu nháy đơn"
                " trước mã ('00127), hoặc định dạng ô là Văn bản (Text) trước khi gõ",
                value=value,
            )
        raise ReaderError(
            self.name,
            f"holds {type(value).__name__} {value!s}, not text",
            self.where(ref, what),
            code="xlsx.not_text",
            message_vi=f"ô chứa {_KINDS_VI.get(type(value).__name__, type(value).__name__)}"
            f" {value!s}, không phải văn bản",
            value=value,
        )

    def rows(
        self,
        min_row: int = 1,
        max_row: int | None = None,
        min_col: int = 1,
        max_col: int | None = None,
    ) -> Iterator[tuple[int, tuple[CellValue, ...]]]:
        """The checked values of a block of rows, row by row, with each row's number.

        Args:
            min_row: the first row (1-based).
            max_row: the last row; by default the sheet's last row
                (`max_row`).
            min_col: the first column (1 is column A).
            max_col: the last column; by default the sheet's last column.

        Yields:
            `(row number, values)`, one value per column (None for an empty cell), for every
            row of the block, empty rows included.

        Raises:
            ReaderError: at the first cell [`XlsxSheet.value`][chinhquyen.readers.XlsxSheet.value]
                refuses.
        """
        last_row = self.max_row if max_row is None else min(max_row, self.max_row)
        last_col = self.max_column if max_col is None else max_col
        if last_col > self.limits.columns:
            raise InvalidInputError(
                "max_col", [("max_col", f"{last_col} is more than Limits.columns")]
            )
        columns = range(min_col, last_col + 1)
        for row in range(min_row, last_row + 1):
            yield row, tuple(self._value(row, column, None) for column in columns)
