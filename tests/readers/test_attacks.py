"""One regression test per attack of issue 10 that concerns a reader.

Each hostile input is built here, written to a temporary folder, and read in a child process
limited to 1 GiB of address space and 60 seconds (see `_bounded`): before the reader layer,
these inputs used 1-3 GB of memory, ran for 30-60 s, blocked forever, or escaped as
`RecursionError`, `ValueError`, `UnicodeDecodeError`, `LookupError` or `_csv.Error`. Each must
now be refused with a `ChinhQuyenError` (or, for what is valid, read in full).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.readers import _hostile as hostile
from tests.readers._bounded import bounded, refused

# --- .xlsx: resource exhaustion -----------------------------------------------------------------


def test_a_zip_bomb_is_refused_from_the_archive_directory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(hostile.zip_bomb())  # about 3 MB inflating to 3 GB
    assert path.stat().st_size < 4 * hostile.MIB
    out = refused("xlsx", path, "LimitError")
    assert "inflates" in out["message"]


def test_a_zip_bomb_under_the_size_limits_is_refused_by_its_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(hostile.zip_bomb(parts=1, inflated=64 * hostile.MIB))
    out = refused("xlsx", path, "LimitError")
    assert "xlsx_ratio" in out["message"]


def test_a_sheet_declaring_the_whole_grid_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "appraisal.xlsx"
    path.write_bytes(hostile.far_dimension())
    assert path.stat().st_size < 6_000
    out = refused("xlsx", path, "LimitError")
    assert "A1:XFD1048576" in out["message"]
    assert out["key"].startswith("Sheet!")


def test_one_far_cell_is_refused_naming_its_sheet(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(hostile.far_cell_form())
    out = refused("xlsx", path, "LimitError")
    assert out["key"].startswith("Vi phạm!")
    assert "1,048,576" in out["message"]
    assert "sheet_rows" in out["message"]


def test_one_far_cell_is_refused_even_when_the_declared_range_is_small(tmp_path: Path) -> None:
    data = hostile.with_sheet_xml(
        hostile.one_cell("x"),
        lambda xml: xml.replace(
            b"</sheetData>", b'<row r="1048576"><c r="D1048576"><v>1</v></c></row></sheetData>'
        ),
    )
    path = tmp_path / "lying.xlsx"
    path.write_bytes(data)
    out = refused("xlsx", path, "LimitError")
    assert out["key"] == "Sheet!D1048576"


def test_a_merged_range_over_the_whole_grid_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    path.write_bytes(hostile.far_merge())
    refused("xlsx", path, "LimitError")


@pytest.mark.parametrize("where", ["sheet", "strings"])
def test_xml_entity_expansion_is_refused(tmp_path: Path, where: str) -> None:
    path = tmp_path / "laughs.xlsx"
    path.write_bytes(hostile.entity_bomb(where))
    out = refused("xlsx", path, "ReaderError")
    assert "document type declaration" in out["message"]


# --- .xlsx: silent data loss --------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["#VALUE!", "#NAME?", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!"]
)
def test_error_cells_are_refused_naming_sheet_and_cell(tmp_path: Path, code: str) -> None:
    path = tmp_path / "errors.xlsx"
    path.write_bytes(hostile.one_cell(code, "B7"))
    out = refused("xlsx", path, "ReaderError")
    assert out["key"] == "Sheet!B7"
    assert code in out["message"]


def test_a_formula_without_a_saved_result_is_refused_not_read_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "formula.xlsx"
    path.write_bytes(hostile.one_cell("=SUM(1,2)", "F12"))
    out = refused("xlsx", path, "ReaderError")
    assert out["key"] == "Sheet!F12"
    assert "never saved" in out["message"]


@pytest.mark.parametrize(
    ("data", "suffix", "shown"),
    [
        (hostile.ods_bytes(), ".ods", "OpenDocument"),
        (hostile.xls_bytes(), ".xls", "Excel 97-2003"),
        (hostile.macro_bytes(), ".xlsm", "macro-enabled"),
        (hostile.macro_bytes(binary=True), ".xlsb", "binary Excel"),
    ],
)
def test_other_spreadsheet_formats_are_refused_with_how_to_convert(
    tmp_path: Path, data: bytes, suffix: str, shown: str
) -> None:
    for name in (f"form{suffix}", "form.xlsx"):  # by its name, and by its content
        path = tmp_path / name
        path.write_bytes(data)
        out = refused("xlsx", path, "FormatError")
        assert shown in out["message"]
        assert "Excel 2007-365" in out["message"]
        assert "lưu lại dưới dạng .xlsx" in out["message"]


# --- JSON ---------------------------------------------------------------------------------------


def test_duplicate_keys_are_refused_naming_the_key_path(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        '{"framework": "x", "answers": {"tc-1": {"self_score": 5}, "tc-1": {"self_score": 15}}}'
    )
    out = refused("json", path, "ReaderError")
    assert out["key"] == "answers.tc-1"
    path.write_text('{"framework": "a", "unit": {}, "framework": "b"}')
    assert refused("json", path, "ReaderError")["key"] == "framework"


@pytest.mark.parametrize(
    ("document", "error"),
    [
        ("[" * 100_000 + "]" * 100_000, "LimitError"),
        ('{"a":' * 50_000 + "1" + "}" * 50_000, "LimitError"),
        ("[" + "9" * 5_000 + "]", "LimitError"),
        ("[1e" + "9" * 20 + "]", "ReaderError"),
    ],
    ids=["deep-arrays", "deep-objects", "huge-integer", "huge-exponent"],
)
def test_json_nesting_and_numbers_are_bounded(tmp_path: Path, document: str, error: str) -> None:
    path = tmp_path / "a.json"
    path.write_text(document)
    refused("json", path, error)


def test_json_that_is_not_utf8_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes('{\n"note": "Xã"\n}'.encode("cp1258", errors="ignore").replace(b"X", b"X\xff"))
    out = refused("json", path, "ReaderError")
    assert out["key"].startswith("line 2")


# --- TOML ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "error"),
    [
        ("a = " + "[" * 50_000 + "]" * 50_000, "LimitError"),
        ("a = " + "{b = " * 20_000 + "1" + "}" * 20_000, "LimitError"),
        (".".join(["a"] * 10_000) + " = 1", "LimitError"),
        ("[" + ".".join(["t"] * 10_000) + "]\nx = 1", "LimitError"),
        ("a = " + "9" * 5_000, "LimitError"),
        ("a = " + "9" * 200, "LimitError"),
        ("a = 1\na = 2\n", "ReaderError"),
    ],
    ids=[
        "deep-arrays",
        "deep-inline-tables",
        "deep-dotted-key",
        "deep-table-header",
        "integer-over-4300-digits",
        "integer-over-the-limit",
        "duplicate-key",
    ],
)
def test_toml_nesting_numbers_and_duplicates(tmp_path: Path, document: str, error: str) -> None:
    path = tmp_path / "a.toml"
    path.write_text(document)
    refused("toml", path, error)


def test_toml_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "survey.toml"
    path.write_bytes('id = "khảo sát"\n'.encode("utf-16"))
    refused("toml", path, "ReaderError")
    path.write_bytes(b'id = "x"\ntitle = "Kh\xe1o s\xe1t"\n')  # Latin-1 bytes
    assert refused("toml", path, "ReaderError")["key"].startswith("line 2")


# --- CSV ----------------------------------------------------------------------------------------


def test_a_repeated_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "id,procedure,received_at,working_days,returned_at,returned_at\n"
        "HS-1,p,2025-03-03T09:00,5,2025-03-05,2025-03-20\n"
    )
    out = refused("csv", path, "ReaderError")
    assert "returned_at" in out["message"]
    assert out["key"] == "row 1, column F"


def test_a_cell_over_the_csv_module_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("id,note\nHS-1," + "x" * 131_073 + "\n")
    out = refused("csv", path, "LimitError")
    assert out["key"].startswith("row 2")


def test_cr_only_line_endings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(b"id,returned_at\rHS-1,2025-03-04\rHS-2,2025-03-05\r")
    out = bounded("csv", path)
    assert out["ok"], out
    assert out["value"] == {
        "header": ["id", "returned_at"],
        "rows": 2,
        "last": [["HS-2", "2025-03-05"]],
    }


def test_an_unknown_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("id\n1\n")
    out = refused("csv", path, "ReaderError", encoding="bogus")
    assert "'bogus'" in out["message"]


def test_undecodable_bytes_are_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_bytes("Câu 1,Câu 2\nRất hài lòng,Hài lòng\n".encode() + b"H\xe0i l\xf2ng,x\n")
    out = refused("csv", path, "ReaderError")
    assert out["key"] == "line 3, row 3, column A (Câu 1)"
    assert "cp1258" in out["message"]


def test_a_blank_row_drops_nothing_after_it(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("id,x\n1,a\n\n,\n2,b\n3,c\n")
    out = bounded("csv", path)
    assert out["ok"] and out["value"]["rows"] == 3, out


def test_a_long_csv_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    rows = 400_000  # about 22 MB: it would not fit in the child's memory if held whole
    with path.open("w") as fh:
        fh.write("id,procedure,received_at,working_days,returned_at\n")
        line = "HS-{0:07d},thu-tuc-cap-xa,2025-03-03T09:00,5,2025-03-05\n"
        fh.writelines(line.format(i) for i in range(rows))
    out = bounded("csv", path, memory=48 * hostile.MIB)  # the rows held whole take ~150 MB
    assert out["ok"], out
    assert out["value"]["rows"] == rows
    assert out["value"]["last"] == [[f"HS-{rows - 1:07d}", *line.split(",")[1:4], "2025-03-05"]]


# --- files and folders --------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_is_reported_never_opened(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{}")
    os.mkfifo(tmp_path / "b.json")
    out = bounded("folder", tmp_path, suffixes=[".json"])
    assert out["ok"], out
    assert out["value"]["files"] == ["a.json"]
    [[name, kind, reason]] = out["value"]["skipped"]
    assert (name, kind) == ("b.json", "special")
    assert "FIFO" in reason
    for kind in ("json", "toml", "csv", "xlsx", "file"):  # and no reader blocks on it
        refused(kind, tmp_path / "b.json", "ReaderError")


def test_a_symlink_out_of_the_folder_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text('{"password": "root:x:0:0"}')
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "a.json").symlink_to(secret)
    (folder / "b.json").write_text("{}")
    (folder / "c.json").symlink_to(folder / "b.json")  # inside: followed
    (folder / "d.json").symlink_to(tmp_path / "missing.json")
    out = bounded("folder", folder, suffixes=[".json"])
    assert out["value"]["files"] == ["b.json", "c.json"]
    skipped = {name: kind for name, kind, _ in out["value"]["skipped"]}
    assert skipped == {"a.json": "outside", "d.json": "broken"}
    assert "root:x" not in str(out)


def test_an_error_shows_one_short_escaped_line_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    secret = "root:x:0:0:root:/root:/bin/bash"
    path.write_text(
        '{"a": 1,\n "b": ' + "\x1b[2J\u202e" + "x" * 500 + ",\n" + f'"c": "{secret}"' + "}"
    )
    out = refused("json", path, "ReaderError")
    message = out["message"]
    assert secret not in message
    assert "\x1b" not in message and "\u202e" not in message
    assert "\\x1b" in message
    assert len(message) < 400
