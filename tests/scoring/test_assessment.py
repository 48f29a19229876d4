"""Self-assessments: unit, legacy district, period, and the loaders (JSON, TOML, Excel)."""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from chinhquyen.errors import ChinhQuyenError, DataFileError, InvalidInputError
from chinhquyen.readers import FormatError, LimitError, ReaderError
from chinhquyen.scoring import (
    LoadedAssessments,
    Period,
    SelfAssessment,
    digest,
    load_assessment,
    load_assessments,
    parse_assessment,
)


def doc(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "framework": "bac-giang/cqtt",
        "unit": {"code": "99903", "name": "Xã Minh Họa", "province": "Bắc Giang"},
        "period": 2024,
        "answers": {"tc-1": {"self_score": 19.5, "evidence": [{"file": "tc1.pdf"}]}},
    }
    base.update(changes)
    return base


def test_issue_example_shape() -> None:
    a = SelfAssessment.model_validate_json(json.dumps(doc()))
    assert a.framework == "bac-giang/cqtt"
    assert a.period == 2024
    assert a.period_bounds == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert a.answers["tc-1"].self_score == Decimal("19.5")


def test_period_as_dates() -> None:
    a = SelfAssessment.model_validate(doc(period={"start": "2025-07-01", "end": "2025-12-31"}))
    assert isinstance(a.period, Period)
    assert a.period_bounds == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    with pytest.raises(InvalidInputError, match="before start"):
        SelfAssessment.model_validate(doc(period={"start": "2025-07-01", "end": "2025-06-30"}))


def test_legacy_district_ends_with_the_district_level() -> None:
    unit = {
        "code": "99903",
        "name": "Xã Minh Họa",
        "province": "Đồng Nai",
        "district": {"code": "734", "name": "huyện Tân Phú"},
    }
    a = SelfAssessment.model_validate(doc(unit=unit))
    assert a.unit.district is not None
    assert a.unit.district.valid_to == dt.date(2025, 6, 30)
    late = {**unit, "district": {"name": "huyện Tân Phú", "valid_to": "2025-07-01"}}
    with pytest.raises(InvalidInputError, match="district level ended"):
        SelfAssessment.model_validate(doc(unit=late))


def test_thi_tran_only_before_july_2025() -> None:
    unit = {"code": "1", "name": "Thị trấn Minh Họa", "province": "Thanh Hóa", "type": "thị trấn"}
    assert SelfAssessment.model_validate(doc(unit=unit, period=2024)).unit.type == "thị trấn"
    with pytest.raises(InvalidInputError, match="thị trấn"):
        SelfAssessment.model_validate(doc(unit=unit, period=2025))


def test_submitted_not_before_the_period() -> None:
    with pytest.raises(InvalidInputError, match="before the period starts"):
        SelfAssessment.model_validate(doc(submitted="2023-12-31"))


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"period": 1800}, "period"),
        ({"period": "2025"}, "period"),
        ({"framework": ""}, "framework"),
        ({"surprise": 1}, "surprise"),
        ({"answers": {"tc-1": {"self_score": "x"}}}, "answers/tc-1/self_score"),
    ],
)
def test_problems_name_the_field(changes: dict[str, Any], where: str) -> None:
    # the location is the path in the document (a union member's tag, e.g. "year", is not)
    with pytest.raises(InvalidInputError, match=f"  - {where}: ") as e:
        SelfAssessment.model_validate(doc(**changes))
    assert [p.location for p in e.value.problems] == [where]


# -- loaders ------------------------------------------------------------------------------------


def test_load_json_and_toml_agree(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(doc(), ensure_ascii=False), "utf-8")
    (tmp_path / "a.toml").write_text(
        'framework = "bac-giang/cqtt"\nperiod = 2024\n'
        '[unit]\ncode = "99903"\nname = "Xã Minh Họa"\nprovince = "Bắc Giang"\n'
        '[answers.tc-1]\nself_score = 19.5\nevidence = [{ file = "tc1.pdf" }]\n',
        "utf-8",
    )
    assert load_assessment(tmp_path / "a.json") == load_assessment(str(tmp_path / "a.toml"))


def test_json_error_names_the_file_and_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc(answers={"tc-1": {"self_score": "abc"}})), "utf-8")
    with pytest.raises(DataFileError) as info:
        load_assessment(path)
    assert info.value.path == str(path)
    assert info.value.key == "answers.tc-1.self_score"


def test_broken_documents(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("{", "utf-8")
    with pytest.raises(DataFileError, match=r"x\.json"):
        load_assessment(tmp_path / "x.json")
    (tmp_path / "x.toml").write_text("period = = 1", "utf-8")
    with pytest.raises(DataFileError, match="not valid TOML"):
        load_assessment(tmp_path / "x.toml")
    with pytest.raises(DataFileError, match="no such file"):
        load_assessment(tmp_path / "missing.json")
    with pytest.raises(DataFileError, match=r"unsupported file type '\.csv'"):
        load_assessment(tmp_path / "a.csv")


def test_several_problems_are_listed_together() -> None:
    bad = json.dumps(doc(period=1800, framework=""))
    with pytest.raises(DataFileError, match="2 problems") as info:
        parse_assessment(bad, "json", "form.json")
    assert "[period.year]" in str(info.value) and "[framework]" in str(info.value)


def test_xlsx_is_read_by_the_excel_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    seen: list[Path] = []
    fake = types.ModuleType("chinhquyen.scoring.excel")

    def read(path: Path) -> SelfAssessment:
        seen.append(path)
        return SelfAssessment.model_validate(doc())

    fake.read = read  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "chinhquyen.scoring.excel", fake)
    (tmp_path / "form.XLSX").write_bytes(b"PK")
    a = load_assessment(tmp_path / "form.XLSX")
    assert seen == [tmp_path / "form.XLSX"]
    assert a.framework == "bac-giang/cqtt"


def _submit(folder: Path, name: str, code: str) -> None:
    unit = {"code": code, "name": f"Xã {code}", "province": "Bắc Giang"}
    (folder / name).write_text(json.dumps(doc(unit=unit), ensure_ascii=False), "utf-8")


def test_a_folder_of_submissions_is_read_in_name_order(tmp_path: Path) -> None:
    _submit(tmp_path, "b.json", "2")
    _submit(tmp_path, "a.json", "1")
    (tmp_path / "c.toml").write_text(
        'framework = "bac-giang/cqtt"\nperiod = 2024\n'
        '[unit]\ncode = "3"\nname = "Xã 3"\nprovince = "Bắc Giang"\n',
        "utf-8",
    )
    (tmp_path / "minh-chung.pdf").write_bytes(b"%PDF")  # evidence, not a submission
    (tmp_path / "~$c.xlsx").write_bytes(b"lock")  # Excel's lock file of an open form
    (tmp_path / "sub").mkdir()
    _submit(tmp_path / "sub", "d.json", "4")  # subfolders are not read
    got = load_assessments(tmp_path)
    assert [a.unit.code for a in got] == ["1", "2", "3"]
    assert [a.unit.code for a in load_assessments([tmp_path / "b.json", tmp_path / "a.json"])] == [
        "2",
        "1",
    ]


def test_every_unreadable_submission_is_named(tmp_path: Path) -> None:
    _submit(tmp_path, "a.json", "1")
    (tmp_path / "b.json").write_text("{", "utf-8")
    (tmp_path / "c.json").write_text(json.dumps(doc(period=1800)), "utf-8")
    with pytest.raises(DataFileError) as info:
        load_assessments(tmp_path)
    msg = str(info.value)
    assert "2 of 3 files cannot be read" in msg
    assert "b.json" in msg and "c.json" in msg and "period" in msg and "a.json" not in msg
    (tmp_path / "b.json").unlink()
    with pytest.raises(DataFileError) as one:  # a single failure is that file's own error
        load_assessments(tmp_path)
    assert one.value.path == str(tmp_path / "c.json")


def test_a_folder_without_submissions_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="holds no"):
        load_assessments(tmp_path)
    with pytest.raises(DataFileError, match="no such folder"):
        load_assessments(tmp_path / "missing")


# --- issue 10: what the readers refuse, and folders -------------------------------------------


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            '{"framework": "bac-giang/cqtt", "unit": {"code": "1", "name": "X", "province": "B"},'
            ' "period": 2024, "answers": {"tc-1": {"self_score": 5}, "tc-1": {"self_score": 20}}}',
            "answers.tc-1",
        ),
        (
            '{"framework": "bac-giang/cqtt", "framework": "dong-nai/qd-54-2025", "unit": {"code":'
            ' "1", "name": "X", "province": "B"}, "period": 2024}',
            "framework",
        ),
        ('{"framework": "x", "answers": {"a": {"self_score": 1, "self_score": 2}}}', None),
    ],
)
def test_a_key_given_twice_is_refused(tmp_path: Path, text: str, key: str | None) -> None:
    with pytest.raises(ReaderError, match="given twice") as info:
        parse_assessment(text, "json", "form.json")
    assert info.value.path == "form.json"
    if key is not None:
        assert info.value.key == key
    path = tmp_path / "form.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReaderError, match="given twice"):
        load_assessment(path)


def test_json_numbers_are_the_decimals_written() -> None:
    def answers(score: str) -> str:
        body = _json(doc(answers={}))
        return body[:-3] + f'{{"tc-1": {{"self_score": {score}}}}}}}'

    near = parse_assessment(answers("14.999999999999999999"), "json")
    full = parse_assessment(answers("15"), "json")
    tiny = parse_assessment(answers("1e-400"), "json")
    assert near.answers["tc-1"].self_score == Decimal("14.999999999999999999")
    assert tiny.answers["tc-1"].self_score == Decimal("1e-400") != 0
    # the digest proves which document was scored: not the rounded one
    assert digest(near) != digest(full)
    assert digest(tiny) != digest(parse_assessment(answers("0"), "json"))
    # a decimal in a TOML assessment is the decimal written too
    toml = 'framework = "x"\nperiod = 2024\nunit = {code = "1", name = "X", province = "B"}\n'
    got = parse_assessment(toml + "answers.tc-1.self_score = 14.999999999999999999\n", "toml")
    assert got.answers["tc-1"].self_score == Decimal("14.999999999999999999")


def test_python_json_route_agrees_with_the_json_schema_route() -> None:
    """Validating the reader's values gives what pydantic's own JSON parsing gives."""
    body = _json(
        doc(
            period={"start": "2024-01-01", "end": "2024-12-31"},
            submitted="2025-01-02",
            answers={
                "tc-1": {
                    "self_score": "19.5",
                    "value": {"kind": "ratio", "numerator": 3, "denominator": 4},
                    "evidence": [{"file": "a.pdf", "date": "2024-05-01"}],
                }
            },
            disqualifiers={"ky-luat": False},
        )
    )
    assert parse_assessment(body, "json") == SelfAssessment.model_validate_json(body)


@pytest.mark.parametrize("fmt", ["yaml", "JSON", "", None])
def test_an_unknown_format_names_the_valid_ones(fmt: Any) -> None:
    with pytest.raises(InvalidInputError, match="give 'json' or 'toml'"):
        parse_assessment("{}", fmt)


@pytest.mark.parametrize(
    ("name", "data", "error", "words"),
    [
        ("deep.toml", b"x = " + b"[" * 5000 + b"]" * 5000, LimitError, "nests"),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, LimitError, "nests"),
        ("long.toml", b"period = 1" + b"0" * 5000, LimitError, "digits"),
        ("long.json", b'{"period": 1' + b"0" * 5000 + b"}", LimitError, "digits"),
        ("latin.toml", 'note = "Xã"'.encode("utf-16"), ReaderError, "utf-8"),
        ("nan.json", b'{"period": NaN}', ReaderError, "NaN is not a JSON number"),
    ],
)
def test_hostile_documents_are_refused_naming_the_file(
    tmp_path: Path, name: str, data: bytes, error: type[Exception], words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error, match=words) as info:
        load_assessment(path)
    assert isinstance(info.value, ChinhQuyenError)
    assert str(path) in str(info.value)


def test_a_failed_file_is_quoted_by_a_short_escaped_excerpt_only(tmp_path: Path) -> None:
    secret = "root:x:0:0:root:/root:/bin/bash\x1b[31m" + "s" * 500
    (tmp_path / "passwd.json").write_text(secret + "\nline two\n", encoding="utf-8")
    with pytest.raises(ReaderError) as info:
        load_assessment(tmp_path / "passwd.json")
    message = str(info.value)
    assert "\x1b" not in message and "\\x1b" in message  # escaped, not written to a terminal
    assert "s" * 80 not in message and "line two" not in message


def test_other_spreadsheets_are_reported_with_how_to_save_them(tmp_path: Path) -> None:
    _submit(tmp_path, "a.json", "1")
    for name in ("b.ods", "c.xls", "d.xlsm"):
        (tmp_path / name).write_bytes(b"not read")
    with pytest.raises(ReaderError) as info:
        load_assessments(tmp_path)
    message = str(info.value)
    assert "3 of 4 files cannot be read" in message
    for name in ("b.ods", "c.xls", "d.xlsm"):
        assert name in message
    assert message.count("LibreOffice: File → Save As → Excel 2007-365 (.xlsx)") == 6  # vi, en
    with pytest.raises(FormatError, match="Excel 2007-365"):
        load_assessment(tmp_path / "b.ods")


def test_links_out_of_the_folder_and_pipes_are_never_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.json").write_text("root:x:0:0:root:/root:/bin/bash\n", "utf-8")
    folder = tmp_path / "submissions"
    folder.mkdir()
    _submit(folder, "a.json", "1")
    _submit(outside, "inside.json", "2")
    (folder / "b.json").symlink_to(outside / "passwd.json")
    (folder / "c.json").symlink_to(folder / "a.json")  # inside the folder: read
    os.mkfifo(folder / "d.json")
    with pytest.raises(ReaderError) as info:
        load_assessments(folder)
    message = str(info.value)
    assert "root:x" not in message and "passwd" not in message
    assert "b.json: a symbolic link that leads outside the folder; not followed" in message
    assert "d.json: a named pipe (FIFO), not a regular file; never opened" in message
    batch = load_assessments(folder, errors="collect")
    assert batch.files == (folder / "a.json", folder / "c.json")
    assert [p.path.name for p in batch.problems] == ["b.json", "d.json"]


def test_many_failures_are_listed_up_to_the_limit(tmp_path: Path) -> None:
    for i in range(25):
        (tmp_path / f"{i:02}.json").write_text("{", "utf-8")
    with pytest.raises(ReaderError) as info:
        load_assessments(tmp_path)
    assert "25 of 25 files cannot be read" in str(info.value)
    assert "... and 5 more (every one is in the error's `problems`)" in str(info.value)
    assert len(info.value.problems) == 25
    assert info.value.problems[0][0] == str(tmp_path / "00.json")


# --- the collecting mode (issue 12) ------------------------------------------------------------


def _form(folder: Path, name: str, **cells: object) -> Path:
    from chinhquyen import criteria
    from chinhquyen.scoring import excel

    wb = excel.template(criteria.load("dong-nai/qd-54-2025"))
    for ref, value in cells.items():
        wb[excel.SHEET][ref] = value
    path = folder / name
    wb.save(path)
    return path


def test_collect_gives_the_good_ones_and_every_problem(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    _submit(tmp_path, "a.json", "1")
    (tmp_path / "b.json").write_text("{", "utf-8")
    _form(tmp_path, "c-blank.xlsx")  # a template saved into the folder, not filled in
    _form(tmp_path, "d-half.xlsx", D3="Xã Có Tên")  # filled in part: an error
    _form(tmp_path, "e-answer.xlsx", F9=12)  # an answer without its unit: an error
    (tmp_path / "f.ods").write_bytes(b"ods")
    (tmp_path / "minh-chung.pdf").write_bytes(b"%PDF")
    batch = load_assessments(tmp_path, errors="collect")
    assert isinstance(batch, LoadedAssessments)
    assert [a.unit.code for a in batch.assessments] == ["1"]
    assert batch.files == (tmp_path / "a.json",)
    names = ["b.json", "d-half.xlsx", "e-answer.xlsx", "f.ods"]
    assert [p.path.name for p in batch.problems] == names
    assert "not valid JSON" in batch.problems[0].message
    assert isinstance(batch.problems[3].error, FormatError)
    assert batch.blank == (tmp_path / "c-blank.xlsx",)
    assert [s.path.name for s in batch.skipped] == ["minh-chung.pdf"]
    assert not batch.ok
    # all or nothing by default: the blank form is named as not filled in
    (tmp_path / "b.json").unlink()
    for name in ("d-half.xlsx", "e-answer.xlsx", "f.ods"):
        (tmp_path / name).unlink()
    with pytest.raises(ReaderError, match="not filled in") as info:
        load_assessments(tmp_path)
    assert info.value.path == str(tmp_path / "c-blank.xlsx")
    (tmp_path / "c-blank.xlsx").unlink()
    assert load_assessments(tmp_path, errors="collect").ok


def test_collect_keeps_the_order_of_files_given(tmp_path: Path) -> None:
    _submit(tmp_path, "a.json", "1")
    _submit(tmp_path, "b.json", "2")
    (tmp_path / "c.json").write_text("[]", "utf-8")
    batch = load_assessments(
        [tmp_path / "c.json", tmp_path / "b.json", tmp_path / "a.json"], errors="collect"
    )
    assert batch.files == (tmp_path / "b.json", tmp_path / "a.json")
    assert [p.path.name for p in batch.problems] == ["c.json"]
    assert batch.skipped == () and batch.blank == ()


def test_errors_must_be_raise_or_collect(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="give 'raise' or 'collect'"):
        load_assessments(tmp_path, errors="ignore")  # type: ignore[call-overload]
