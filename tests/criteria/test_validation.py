"""Each validation rule has a negative fixture; its error names file, key, line and what is valid.

The expected line is the one the fixture marks with ``# expect-error`` (found by reading the
file here, not by the code under test).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chinhquyen import criteria
from chinhquyen.errors import ChinhQuyenError, DataFileError

FIXTURES = Path(__file__).parent / "fixtures"

#: fixture -> (key path the error must name, words of the message saying what is wrong/valid)
CASES: dict[str, tuple[str, str]] = {
    "bad_cap_tier": ("knockouts[1].effect.cap_tier", "valid: ['Không đạt', 'Đạt', 'Xuất sắc']"),
    "bad_conduct_ref": ("conduct_codes[1]", "known codes: dong-nai/4-xin-4-luon-5-khong"),
    "bad_date_string": ("effective_from", "unquoted TOML date"),
    "bad_deduction_floor": ("groups[1].criteria[4].measure.floor", "only allowed for a penalty"),
    "bad_duplicate_criterion_id": ("groups[0].criteria[1].id", "'tu-cham' is used twice"),
    "bad_duplicate_group_id": ("groups[1].id", "'nhom-1' is used twice"),
    "bad_effect_both": ("knockouts[1].effect", "either { cap_tier"),
    "bad_effective_range": ("effective_to", "before effective_from 2025-01-01"),
    "bad_float_points": ("groups[0].criteria[3].max_points", 'as a string ("15.0")'),
    "bad_group_sum": ("groups[0].max_points", "its criteria add up to 40"),
    "bad_id_format": ("id", "should match pattern"),
    "bad_measure_kind": ("groups[0].criteria[1].measure", "'self_scored', 'yes_no'"),
    "bad_missing_key": ("issuer", "required"),
    "bad_notes_en": ("groups[0].criteria[1].notes_en", "needs the Vietnamese notes beside it"),
    "bad_missing_source": ("groups[0].criteria[1].sources", "at least 1 item"),
    "bad_on_empty": ("groups[0].criteria[3].measure.on_empty", "'full', 'zero' or"),
    "bad_per_item_sum": ("groups[0].criteria[2].measure.items", "add up to 9, not"),
    "bad_quota_target": ("groups[1].criteria[0].measure.target", "greater than or equal to 1"),
    "bad_status_note": ("status_note", "must say what is missing"),
    "bad_status_note_en": ("status_note_en", "needs the Vietnamese status_note beside it"),
    "bad_step": ("groups[0].criteria[0].measure.step", "not a multiple of step 3"),
    "bad_survey_levels": ("groups[1].criteria[2].measure.satisfied_levels", "['Tuyệt vời']"),
    "bad_syntax": ("", "not valid TOML"),
    "bad_threshold_range": ("groups[0].criteria[3].measure.threshold", "less than or equal to 1"),
    "bad_tier_above_max": ("tiers[2].min_points", "above max_points 100"),
    "bad_tier_gap": ("tiers[0].min_points", "must start at 0"),
    "bad_tier_order": ("tiers[2].min_points", "increasing order"),
    "bad_total": ("max_points", "groups add up to 100"),
    "bad_unknown_key": ("groups[0].criteria[1].max_point", "valid keys here: id, title"),
}


def _marked_line(path: Path) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if "# expect-error" in line:
            return number
    return None


def test_every_negative_fixture_is_covered() -> None:
    on_disk = {p.stem for p in FIXTURES.glob("bad_*.toml")}
    assert on_disk == set(CASES)


def test_the_good_fixture_loads() -> None:
    fw = criteria.load(FIXTURES / "good_every_kind.toml")
    kinds = {c.measure.kind for c in [*fw.criteria(), *fw.bonus_penalty]}
    assert kinds == {
        "self_scored",
        "yes_no",
        "checklist",
        "ratio",
        "quota",
        "coverage",
        "survey",
        "external_index",
        "deduction",
    }
    assert {k.kind for k in fw.knockouts} == {"criterion_floor", "minimum_total", "disqualifier"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_negative_fixture(name: str) -> None:
    path = FIXTURES / f"{name}.toml"
    key, words = CASES[name]
    with pytest.raises(DataFileError) as info:
        criteria.load(path)
    message = str(info.value)
    assert str(path) in message
    assert words in message
    if key:
        assert f"{key} (line" in message or f"{key}:" in message
    line = _marked_line(path)
    if line is not None:
        assert f"line {line}" in message


def test_missing_file_is_a_data_file_error() -> None:
    with pytest.raises(DataFileError, match="no such file"):
        criteria.load(FIXTURES / "does_not_exist.toml")


def test_non_utf8_file_is_a_data_file_error(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('title = "Đồng Nai"'.encode("utf-16"))
    with pytest.raises(DataFileError, match="UTF-8"):
        criteria.load(bad)


@pytest.mark.parametrize(
    "value",
    [None, 3, 2.5, ["dong-nai/qd-54-2025"], {"id": "x"}],
)
def test_load_refuses_non_ids(value: object) -> None:
    with pytest.raises(ChinhQuyenError):
        criteria.load(value)  # type: ignore[arg-type]


def test_tier_for_refuses_floats() -> None:
    fw = criteria.load("dong-nai/qd-54-2025")
    with pytest.raises(ChinhQuyenError, match="a Decimal, int or decimal string"):
        fw.tier_for(94.5)  # type: ignore[arg-type]


def test_unknown_criterion_names_the_valid_ids() -> None:
    fw = criteria.load("dong-nai/qd-54-2025")
    with pytest.raises(ChinhQuyenError, match="tuyen-truyen, van-hoa-cong-so"):
        fw.criterion("nope")


def test_conduct_rule_lookup() -> None:
    code = criteria.conduct_code("dong-nai/4-xin-4-luon-5-khong")
    assert code.rule("dong-nai/4-xin-4-luon-5-khong#xin-loi").text == "Xin lỗi"
    assert code.rule("luon-lang-nghe").text == "Luôn lắng nghe"
    with pytest.raises(ChinhQuyenError, match="valid"):
        code.rule("dong-nai/4-xin-4-luon-5-khong#xin-moi")
    with pytest.raises(ChinhQuyenError):
        code.rule("dong-nai/gia-tan-2/5-xin-5-luon-5-hon-3-khong#xin-moi")


def test_model_validate_raises_chinhquyen_errors() -> None:
    data = criteria.load("dong-nai/qd-54-2025").model_dump(mode="json")
    data["groups"][0]["max_points"] = "16"
    with pytest.raises(ChinhQuyenError, match="groups add up to 101"):
        criteria.Framework.model_validate_json(__import__("json").dumps(data))
