"""Self-assessments: unit, legacy district, period, and the loaders (JSON, TOML, Excel)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from chinhquyen.errors import DataFileError, InvalidInputError
from chinhquyen.scoring import (
    Period,
    SelfAssessment,
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
    with pytest.raises(DataFileError, match="not a folder"):
        load_assessments(tmp_path / "missing")
