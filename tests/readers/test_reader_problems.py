"""Every refusal of the readers is a located, coded problem in Vietnamese and English.

Each case below feeds a reader a hostile input and checks the problem it reports: its stable
code, its location (a `/`-joined key path into a JSON or TOML document, or the place in a file),
the offending value, and a Vietnamese message beside the English one. The property at the end
breaks documents at random and checks every problem of every refusal the same way.
"""

from __future__ import annotations

import io
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from tests.readers import _hostile as hostile
from tests.strategies import reader_small_limits, refused_documents

from chinhquyen import scoring
from chinhquyen.errors import ChinhQuyenError, Problem, pointer, use_language
from chinhquyen.readers import (
    FormatError,
    LimitError,
    Limits,
    ReaderError,
    WriteError,
    list_files,
    open_xlsx,
    read_csv,
    read_file,
    read_json,
    read_toml,
    write_cell,
)

#: The codes a problem gets when the code that raised it gave no specific one.
GENERIC = {"data_file.invalid", "limit.exceeded", "write.invalid", "error"}


def refused(read: Callable[[], Any]) -> ChinhQuyenError:
    """The error `read()` raises (it must raise one)."""
    with pytest.raises(ChinhQuyenError) as e:
        read()
    return e.value


def rows(data: bytes, **options: Any) -> Callable[[], Any]:
    """Reading every row of a CSV file given as bytes."""

    def read() -> Any:
        with read_csv(data, **options) as table:
            return list(table)

    return read


def uncached_formula() -> bytes:
    """A workbook written by openpyxl, which saves a formula without its result."""

    def fill(wb: openpyxl.Workbook) -> None:
        wb.active["B2"] = "=1+1"

    return hostile.workbook_bytes(fill)


def two_sheets() -> bytes:
    def fill(wb: openpyxl.Workbook) -> None:
        wb.active.title = "Tự chấm điểm"
        wb.create_sheet("Vi phạm")

    return hostile.workbook_bytes(fill)


def twice_part() -> bytes:
    good = hostile.one_cell("x")
    out = io.BytesIO()
    import warnings
    import zipfile

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                dst.writestr(info.filename, src.read(info))
            dst.writestr(hostile.SHEET1, src.read(hostile.SHEET1))
    return out.getvalue()


DEEP = b"[" * 40 + b"]" * 40
#: (reader, error class, code, location, value); the value `...` is not checked.
CASES: dict[str, tuple[Callable[[], Any], type[ChinhQuyenError], str, str, Any]] = {
    # JSON: key paths joined by "/"
    "json duplicate key": (
        lambda: read_json(b'{"answers": {"tc-1": 1, "tc-1": 2}}'),
        ReaderError,
        "json.duplicate_key",
        "answers/tc-1",
        "tc-1",
    ),
    "json NaN in an array": (
        lambda: read_json(b'{"a": [1, NaN]}'),
        ReaderError,
        "json.nan",
        "a/1",
        "NaN",
    ),
    "json Infinity": (
        lambda: read_json(b'{"x": -Infinity}'),
        ReaderError,
        "json.nan",
        "x",
        "-Infinity",
    ),
    "json exponent": (
        lambda: read_json(b"[1e9999999]"),
        ReaderError,
        "json.exponent",
        "0",
        "1e9999999",
    ),
    "json lone surrogate under a key with a slash": (
        lambda: read_json(b'{"a": {"b/c": "\\ud800"}}'),
        ReaderError,
        "json.surrogate",
        "a/b~1c",
        "U+D800",
    ),
    "json lone surrogate in a key": (
        lambda: read_json(b'{"\\udc00": 1}'),
        ReaderError,
        "json.surrogate",
        "\udc00",
        "U+DC00",
    ),
    "json syntax": (
        lambda: read_json(b'{"a": 1,,}'),
        ReaderError,
        "json.syntax",
        "line 1, column 9",
        None,
    ),
    "json not UTF-8": (
        lambda: read_json(b'{"a": "\xff"}'),
        ReaderError,
        "text.encoding",
        "line 1, column 8",
        b"\xff",
    ),
    # the 33rd array, inside 32 others, is beyond Limits.depth = 32
    "json depth": (lambda: read_json(DEEP), LimitError, "limit.depth", "/".join(["0"] * 32), 33),
    "json digits": (
        lambda: read_json(b'{"n": [1' + b"0" * 120 + b"]}"),
        LimitError,
        "limit.digits",
        "n/0",
        121,
    ),
    "json long string": (
        lambda: read_json(b'{"a": "abcdefgh"}', limits=Limits(cell_chars=5)),
        LimitError,
        "limit.cell_chars",
        "a",
        8,
    ),
    "json file bytes": (
        lambda: read_json(b"[1, 2, 3]", limits=Limits(file_bytes=4)),
        LimitError,
        "limit.file_bytes",
        "",
        9,
    ),
    # TOML
    "toml table twice": (
        lambda: read_toml(b"[x]\n[x]\n"),
        ReaderError,
        "toml.duplicate_key",
        "line 2, column 3",
        None,
    ),
    "toml nan": (lambda: read_toml(b"a = [nan]\n"), ReaderError, "toml.nan", "a/0", "nan"),
    "toml inf": (lambda: read_toml(b"[t]\nb = -inf\n"), ReaderError, "toml.nan", "t/b", "-inf"),
    "toml syntax": (
        lambda: read_toml(b"a = 1\nb = = 2\n"),
        ReaderError,
        "toml.syntax",
        "line 2, column 5",
        None,
    ),
    "toml long line": (
        lambda: read_toml(b"a = 1\nb = '" + b"x" * 60 + b"'\n", limits=Limits(line_chars=40)),
        LimitError,
        "limit.line_chars",
        "line 2",
        66,
    ),
    "toml dotted key too deep": (
        lambda: read_toml(b".".join([b"k"] * 40) + b" = 1\n"),
        LimitError,
        "limit.depth",
        "line 1",
        None,
    ),
    # files and folders
    "file missing": (
        lambda: read_file(Path("/nonexistent/xa.json")),
        ReaderError,
        "file.not_found",
        "",
        None,
    ),
    "folder missing": (
        lambda: list_files("/nonexistent/folder", suffixes=[".json"]),
        ReaderError,
        "folder.not_found",
        "",
        None,
    ),
    # CSV: rows and columns as a spreadsheet shows them
    "csv repeated heading": (
        lambda: read_csv(b"ma_xa,diem,MA_XA\n1,2,3\n"),
        ReaderError,
        "csv.duplicate_heading",
        "row 1, column C",
        "MA_XA",
    ),
    "csv row too short": (
        rows(b"a,b,c\n1,2,3\n1,2\n"),
        ReaderError,
        "csv.row_length",
        "row 3",
        2,
    ),
    "csv value without heading": (
        rows(b"a,b\n1,2,x\n"),
        ReaderError,
        "csv.unheaded_value",
        "row 2, column C",
        "x",
    ),
    "csv value under a blank heading": (
        rows(b"a,,c\n1,x,3\n"),
        ReaderError,
        "csv.blank_heading_value",
        "row 2, column B",
        "x",
    ),
    "csv empty": (lambda: read_csv(b"\n"), ReaderError, "csv.empty", "row 1", None),
    "csv not UTF-8": (
        rows(b"a,b\n1,\xff\n"),
        ReaderError,
        "text.encoding",
        "line 2, row 2, column B (b)",
        b"\xff",
    ),
    "csv unknown encoding": (
        lambda: read_csv(b"a\n1\n", encoding="tcvn-3-nope"),
        ReaderError,
        "text.unknown_encoding",
        "",
        "tcvn-3-nope",
    ),
    "csv not a text encoding": (
        lambda: read_csv(b"a\n1\n", encoding="rot13"),
        ReaderError,
        "text.not_text_encoding",
        "",
        "rot13",
    ),
    "csv delimiter": (
        lambda: read_csv(b"a\n1\n", delimiter=";;"),
        ReaderError,
        "csv.delimiter",
        "",
        ";;",
    ),
    "csv rows": (
        rows(b"a\n1\n2\n3\n", limits=Limits(csv_rows=2)),
        LimitError,
        "limit.csv_rows",
        "row 4",
        None,
    ),
    "csv columns": (
        lambda: read_csv(b"a,b,c\n", limits=Limits(columns=2)),
        LimitError,
        "limit.columns",
        "row 1",
        3,
    ),
    # XLSX: sheet and cell
    "xlsx error cell": (
        lambda: open_xlsx(hostile.one_cell("#N/A", "C4")).sheet().value("C4", "điểm"),
        ReaderError,
        "xlsx.error_cell",
        "Sheet!C4 (điểm)",
        "#N/A",
    ),
    "xlsx uncached formula": (
        lambda: open_xlsx(uncached_formula()).sheet().value("B2"),
        ReaderError,
        "xlsx.uncached_formula",
        "Sheet!B2",
        None,
    ),
    "xlsx code typed as a number": (
        lambda: open_xlsx(hostile.one_cell(127, "A1")).sheet().text("A1", "mã xã"),
        ReaderError,
        "xlsx.number_not_text",
        "Sheet!A1 (mã xã)",
        127,
    ),
    "xlsx not text": (
        lambda: open_xlsx(hostile.one_cell(True, "A1")).sheet().text("A1"),
        ReaderError,
        "xlsx.not_text",
        "Sheet!A1",
        True,
    ),
    "xlsx sheet missing": (
        lambda: open_xlsx(two_sheets()).sheet("Bảng điểm"),
        ReaderError,
        "xlsx.no_sheet",
        "",
        "Bảng điểm",
    ),
    "xlsx which sheet": (
        lambda: open_xlsx(two_sheets()).sheet(),
        ReaderError,
        "xlsx.sheet_ambiguous",
        "",
        2,
    ),
    "xlsx not a zip": (
        lambda: open_xlsx(b"Ma xa,Diem\n001,12\n"),
        ReaderError,
        "xlsx.not_zip",
        "",
        None,
    ),
    "xlsx part twice": (
        lambda: open_xlsx(twice_part()),
        ReaderError,
        "xlsx.duplicate_part",
        "",
        None,
    ),
    "xlsx entities in a sheet": (
        lambda: open_xlsx(hostile.entity_bomb("sheet")),
        ReaderError,
        "xlsx.doctype",
        "Sheet",
        None,
    ),
    "xlsx malformed reference": (
        lambda: open_xlsx(
            hostile.with_sheet_xml(
                hostile.one_cell("x"),
                lambda xml: xml.replace(b'r="A1"', b'r="1A"', 1),
            )
        ),
        ReaderError,
        "xlsx.malformed_reference",
        "Sheet",
        "1A",
    ),
    "xlsx used range": (
        lambda: open_xlsx(hostile.far_dimension()),
        LimitError,
        "limit.sheet_rows",
        "Sheet!A1:XFD1048576",
        1_048_576,
    ),
    "xlsx zip bomb": (
        lambda: open_xlsx(hostile.zip_bomb()),
        LimitError,
        "limit.xlsx_part_bytes",
        "",
        1536 * hostile.MIB,
    ),
    "ods": (lambda: open_xlsx(hostile.ods_bytes()), FormatError, "format.unsupported", "", ".ods"),
    "xls": (lambda: open_xlsx(hostile.xls_bytes()), FormatError, "format.unsupported", "", ".xls"),
    "xlsm": (
        lambda: open_xlsx(hostile.macro_bytes()),
        FormatError,
        "format.unsupported",
        "",
        ".xlsm",
    ),
    # writing a workbook
    "write a control character": (
        lambda: write_cell(openpyxl.Workbook().active["A1"], "a\x0bb", field="ghi chú of tc-1"),
        WriteError,
        "write.control_char",
        "ghi chú of tc-1",
        "U+000B (LINE TABULATION)",
    ),
    "write too many digits": (
        lambda: write_cell(openpyxl.Workbook().active["A1"], 10**20 + 1, field="điểm"),
        WriteError,
        "write.digits",
        "điểm",
        ...,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_refusal_is_a_coded_located_problem(case: str) -> None:
    read, kind, code, location, value = CASES[case]
    error = refused(read)
    assert type(error) is kind
    [problem] = error.problems
    assert (problem.code, problem.location) == (code, location)
    if value is not ...:
        assert problem.value == value
    assert problem.message_vi and problem.message_vi != problem.message_en
    if problem.path is not None:
        assert pointer(*problem.path) == problem.location
    # str(error) follows the language; the English text is as it was
    with use_language("en"):
        english = str(error)
    with use_language("vi"):
        vietnamese = str(error)
    assert problem.message_en in english
    if kind is not FormatError:  # whose English message also says it in Vietnamese
        assert problem.message_vi not in english
    assert problem.message_vi in vietnamese and problem.message_en not in vietnamese
    assert error.render("vi") == vietnamese and error.render("en") == english
    assert error.to_dict()["problems"][0]["code"] == code
    assert pickle.loads(pickle.dumps(error)).problems == error.problems


def test_a_limit_names_itself_in_both_languages() -> None:
    error = refused(lambda: read_json(DEEP))
    assert isinstance(error, LimitError) and (error.limit, error.allowed) == ("depth", 32)
    [problem] = error.problems
    assert "Limits.depth = 32" in problem.message_en and "Limits.depth = 32" in problem.message_vi
    assert "raise the limit" in problem.message_en and "nâng giới hạn" in problem.message_vi


def test_a_duplicate_key_through_a_self_assessment() -> None:
    text = (
        b'{"framework": "dong-nai/qd-54-2025", "unit": {"code": "26299", "name": "X\xc3\xa3'
        b' Th\xe1\xbb\x91ng Nh\xe1\xba\xa5t", "province": "\xc4\x90\xe1\xbb\x93ng Nai"},'
        b' "period": 2025, "answers": {"tuyen-truyen": {"self_score": 3},'
        b' "tuyen-truyen": {"self_score": 15}}}'
    )
    with pytest.raises(ChinhQuyenError) as e:
        scoring.SelfAssessment.model_validate_json(text)
    [problem] = e.value.problems
    assert problem.code == "json.duplicate_key"
    assert problem.location == "answers/tuyen-truyen"
    assert problem.path == ("answers", "tuyen-truyen")
    assert problem.key == "answers.tuyen-truyen"  # the location of release 0.2
    assert problem.value == "tuyen-truyen"
    assert problem.message_vi.startswith("khóa này được ghi hai lần trong cùng một đối tượng")
    assert problem.message_en.startswith("this key is given twice in one object")
    # still a (location, message) pair
    location, message = problem
    assert location == "answers.tuyen-truyen" and message in (
        problem.message_en,
        problem.message_vi,
    )


def test_several_problems_are_listed_in_each_language() -> None:
    error = refused(lambda: read_json(b'{"a": NaN, "b": {"c": 1, "c": 2}, "d": Infinity}'))
    assert [(p.code, p.location) for p in error.problems] == [
        ("json.nan", "a"),
        ("json.duplicate_key", "b/c"),
        ("json.nan", "d"),
    ]
    with use_language("en"):
        assert str(error).startswith("<json> [a]: 3 problems:")
    with use_language("vi"):
        text = str(error)
    assert text.startswith("<json> [a]: 3 vấn đề:")
    assert all(p.message_vi in text for p in error.problems)
    listed = refused(lambda: read_json(b"[NaN, NaN, NaN]", limits=Limits(listed=1)))
    with use_language("vi"):
        assert "và 2 vấn đề nữa" in str(listed)


def test_a_callers_long_list_is_cut_at_the_limit_in_vietnamese_too() -> None:
    pairs = [(f"row {n}", "wrong") for n in range(2, 32)]
    error = ReaderError("bang.csv", "30 problems", "row 2", problems=pairs)
    with use_language("vi"):
        text = str(error)
    assert text.count("  - [row") == 20 and "và 10 vấn đề nữa" in text


def test_a_dotted_key_keeps_its_old_form() -> None:
    error = refused(lambda: read_json(b'{"groups": [{"a.b": NaN}]}'))
    [problem] = error.problems
    assert problem.path == ("groups", 0, "a.b")
    assert problem.location == "groups/0/a.b"
    assert problem.key == 'groups[0]."a.b"' == error.key


def test_pairs_given_by_callers_are_still_accepted() -> None:
    error = ReaderError("bang.csv", "wrong", "row 2", problems=[("row 2", "wrong")])
    [problem] = error.problems
    assert (problem.location, problem.code, problem.message_en) == (
        "row 2",
        "data_file.invalid",
        "wrong",
    )
    assert problem == ("row 2", "wrong")
    several = ReaderError.of("bang.csv", [("row 2", "wrong"), ("row 3", "worse")], 20)
    assert [p.code for p in several.problems] == ["data_file.invalid"] * 2
    assert str(several) == "bang.csv [row 2]: 2 problems:\n  - [row 2] wrong\n  - [row 3] worse"


def test_a_fifo_and_a_folder_are_refused_as_such(tmp_path: Path) -> None:
    assert refused(lambda: read_file(tmp_path)).problems[0].code == "file.not_regular"
    assert refused(lambda: list_files(tmp_path / "x", suffixes=[".json"])).problems[0].code == (
        "folder.not_found"
    )
    (tmp_path / "f.json").write_text("{}")
    not_folder = refused(lambda: list_files(tmp_path / "f.json", suffixes=[".json"]))
    assert not_folder.problems[0].code == "folder.not_folder"
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.json")
        [problem] = refused(lambda: read_file(tmp_path / "pipe.json")).problems
        assert problem.code == "file.not_regular"
        assert "FIFO" in problem.message_vi and problem.message_vi != problem.message_en


# --- any refusal of a broken document ------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(refused_documents(), reader_small_limits())
def test_every_problem_of_a_broken_document_is_coded_in_both_languages(
    document: tuple[str, bytes], limits: Limits
) -> None:
    fmt, text = document
    read = read_json if fmt == "json" else read_toml
    try:
        read(text, limits=limits)
    except ReaderError as e:
        problems: tuple[Problem, ...] = e.problems
    else:
        return
    assert problems
    for p in problems:
        assert p.code not in GENERIC and "." in p.code
        assert p.message_vi.strip() and p.message_en.strip()
        if p.path is not None:
            assert pointer(*p.path) == p.location
        else:  # a place in the file, or the file as a whole
            assert p.location == "" or p.location.startswith("line ")


def test_an_appraisal_table_keeps_the_readers_problems(tmp_path: Path) -> None:
    from chinhquyen.scoring.appraisal import AppraisalTableError, read_appraisals

    def fill(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws.append(["unit_code", "criterion_id", "points", "reason"])
        ws.append(["99901", "hai-long", "=1/0", "x"])  # openpyxl saves no result for it
        ws.append(["99902", "hai-long", "#DIV/0!", "y"])

    path = tmp_path / "tham-dinh.xlsx"
    path.write_bytes(hostile.workbook_bytes(fill))
    with pytest.raises(AppraisalTableError) as e:
        read_appraisals(path)
    assert [(p.code, p.location) for p in e.value.problems] == [
        ("xlsx.uncached_formula", "Sheet!C2"),
        ("xlsx.error_cell", "Sheet!C3"),
    ]
    with use_language("vi"):
        text = str(e.value)
    assert text.startswith(f"{path} [Sheet!C2]: 2 vấn đề:")
    assert "giá trị lỗi '#DIV/0!'" in text
