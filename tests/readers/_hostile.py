"""Hostile and damaged inputs, built in the tests (nothing is downloaded or stored)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable

import openpyxl

MIB = 2**20
SHEET1 = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
CONTENT_TYPES = "[Content_Types].xml"

#: Ten nested entities, each ten times the one before: 10**9 copies of "lol" when expanded.
BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def workbook_bytes(fill: Callable[[openpyxl.Workbook], None], *, strings: bool = False) -> bytes:
    """An .xlsx written by openpyxl after `fill(workbook)`; `strings` adds shared strings."""
    wb = openpyxl.Workbook()
    fill(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if strings:  # openpyxl writes inline strings; spreadsheets write a shared-strings table
        data = add_part(
            data,
            STRINGS,
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
            b' count="1" uniqueCount="1"><si><t>x</t></si></sst>',
        )
        data = replace_part(
            data,
            CONTENT_TYPES,
            lambda xml: xml.replace(
                b"</Types>",
                b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            ),
        )
        data = replace_part(
            data,
            "xl/_rels/workbook.xml.rels",
            lambda xml: xml.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
                b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
                b"</Relationships>",
            ),
        )
    return data


def replace_part(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The archive with one part's content changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == part:
                content = change(content)
            dst.writestr(info.filename, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def add_part(data: bytes, part: str, content: bytes) -> bytes:
    """The archive with one more part."""
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(part, content)
    return out.getvalue()


def one_cell(value: object, ref: str = "A1") -> bytes:
    """A workbook whose one sheet holds `value` in `ref`."""

    def fill(wb: openpyxl.Workbook) -> None:
        wb.active[ref] = value

    return workbook_bytes(fill)


def with_sheet_xml(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with its first sheet's XML changed."""
    return replace_part(data, SHEET1, change)


def far_dimension() -> bytes:
    """About 5 KB: a sheet declaring `A1:XFD1048576`, with one far cell there."""
    data = one_cell("Mã xã")
    return with_sheet_xml(
        data,
        lambda xml: (
            xml.replace(b'<dimension ref="A1:A1"', b'<dimension ref="A1:XFD1048576"')
            .replace(b'<dimension ref="A1"', b'<dimension ref="A1:XFD1048576"')
            .replace(
                b"</sheetData>",
                b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
                b"</sheetData>",
            )
        ),
    )


def far_cell_form() -> bytes:
    """A small form-like workbook (two sheets) with one cell at `D1048576` of its second sheet."""

    def fill(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws.title = "Tự chấm điểm"
        for r in range(1, 30):
            for c in range(1, 17):
                ws.cell(r, c, f"ô {r}-{c}")
        vs = wb.create_sheet("Vi phạm")
        for r in range(1, 20):
            vs.cell(r, 1, "tc-1")
        vs["D1048576"] = "xa"

    return workbook_bytes(fill)


def far_merge() -> bytes:
    """A sheet merging `A1:XFD1048576` (openpyxl would make a cell object for each cell)."""
    return with_sheet_xml(
        one_cell("x"),
        lambda xml: xml.replace(
            b"</sheetData>",
            b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
        ),
    )


def entity_bomb(where: str) -> bytes:
    """A workbook whose sheet (`where="sheet"`) or shared strings hold the billion laughs."""
    if where == "sheet":
        return with_sheet_xml(
            one_cell("x"),
            lambda xml: (
                xml.replace(b"<worksheet", BILLION_LAUGHS + b"<worksheet", 1)
                .replace(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', b"")
                .replace(b"<?xml version='1.0' encoding='UTF-8'?>", b"")
                .replace(
                    b"</sheetData>",
                    b'<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
                    b"</sheetData>",
                )
            ),
        )
    data = workbook_bytes(lambda wb: wb.active.__setitem__("A1", 1), strings=True)
    return replace_part(
        data,
        STRINGS,
        lambda xml: BILLION_LAUGHS + xml.split(b"?>", 1)[1].replace(b"<t>x</t>", b"<t>&lol9;</t>"),
    )


def _local_header(name: bytes, crc: int, compressed: int, size: int) -> bytes:
    return (
        struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, compressed, size, len(name), 0
        )
        + name
    )


def _central_header(name: bytes, crc: int, compressed: int, size: int, offset: int) -> bytes:
    return (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0x21,
            crc,
            compressed,
            size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        + name
    )


def zip_bomb(parts: int = 2, inflated: int = 1536 * MIB) -> bytes:
    """A valid .xlsx whose extra parts each inflate to `inflated` bytes of one letter.

    Built from one deflated block repeated (each block ends with a full flush, so every block
    compresses to the same bytes): about 1.5 MB per 1.5 GB, with correct sizes and CRCs.
    """
    base = one_cell("x")
    block_size = MIB
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"A" * block_size
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush(zlib.Z_FINISH)
    count = inflated // block_size
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    stream = block * count + end
    # the valid workbook's parts first, then the bombs; then one central directory for all
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        infos = [(i.filename.encode(), zf.read(i)) for i in zf.infolist()]
    body = io.BytesIO()
    central = b""
    entries = [(name, content, None) for name, content in infos] + [
        (f"xl/media/bomb{i}.bin".encode(), b"", stream) for i in range(parts)
    ]
    for name, content, raw in entries:
        offset = body.tell()
        if raw is None:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            raw_data = c.compress(content) + c.flush()
            size, sum32 = len(content), zlib.crc32(content)
        else:
            raw_data, size, sum32 = raw, count * block_size, crc
        body.write(_local_header(name, sum32, len(raw_data), size) + raw_data)
        central += _central_header(name, sum32, len(raw_data), size, offset)
    start = body.tell()
    body.write(central)
    n = len(entries)
    body.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(central), start, 0))
    return body.getvalue()


def ods_bytes() -> bytes:
    """A minimal OpenDocument spreadsheet archive (what LibreOffice saves as .ods)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def xls_bytes() -> bytes:
    """The start of an OLE2 compound file, as an Excel 97-2003 .xls (or an encrypted .xlsx)."""
    return bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)


def macro_bytes(binary: bool = False) -> bytes:
    """An archive declaring a macro-enabled (.xlsm) or binary (.xlsb) workbook."""
    kind = (
        b"application/vnd.ms-excel.sheet.binary.macroEnabled.main"
        if binary
        else b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    )
    return replace_part(
        one_cell("x"),
        CONTENT_TYPES,
        lambda xml: xml.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", kind
        ),
    )
