"""Each validation rule has a negative fixture; its error names file, key, line and what is valid.

The expected line is the one the fixture marks with ``# expect-error`` (found by reading the
file here, not by the code under test).
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from chinhquyen import criteria
from chinhquyen.errors import ChinhQuyenError, DataFileError
from chinhquyen.readers import LimitError, ReaderError

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


# --- issue 10: what the framework reader refuses ------------------------------------------------

TINY = """\
id = "test/tiny"
version = "1"
title = "Bộ tiêu chí thử"
issuer = "UBND"
effective_from = 2025-01-01
status = "official"
max_points = {total}

[jurisdiction]
province = "Thử Nghiệm"
level = "commune"

[rounding]
places = 2
mode = "half_up"

[[legal_basis]]
document = "QĐ 1"

[[groups]]
id = "g"
title = "Nhóm"
max_points = {total}
sources = [{{ document = "QĐ 1" }}]

[[groups.criteria]]
id = "a"
title = "A"
max_points = {a}
measure = {{ kind = "self_scored"{step} }}
sources = [{{ document = "QĐ 1" }}]

[[groups.criteria]]
id = "b"
title = "B"
max_points = {b}
measure = {{ kind = "self_scored" }}
sources = [{{ document = "QĐ 1" }}]
"""


def tiny(tmp_path: Path, total: str, a: str, b: str, step: str = "") -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY.format(total=total, a=a, b=b, step=step), encoding="utf-8")
    return path


def test_the_tiny_framework_loads(tmp_path: Path) -> None:
    fw = criteria.load(tiny(tmp_path, "10", "5", '"5"', ', step = "0.5"'))
    assert fw.max_points == 10


@pytest.mark.parametrize(
    ("total", "a", "b"),
    [
        # 10**28 + 0.4 is 10**28 in the 28-digit context: the sum looked right
        ("10000000000000000000000000000", "10000000000000000000000000000", '"0.4"'),
        ('"10000000000000000000000000000.4"', "10000000000000000000000000000", '"0.4"'),
    ],
)
def test_points_whose_sums_would_be_rounded_are_refused(
    tmp_path: Path, total: str, a: str, b: str
) -> None:
    with pytest.raises(DataFileError) as info:
        criteria.load(tiny(tmp_path, total, a, b))
    message = str(info.value)
    assert "max_points (line 7): " in message
    assert "groups[0].criteria[0].max_points (line 29): 10000000000000000000000000000 is too" in (
        message
    )
    assert "below 10^12" in message


def test_points_with_more_places_than_any_rounding_keeps_are_refused(tmp_path: Path) -> None:
    where = r"criteria\[1\].max_points \(line 36\): 0.0000001 has 7"
    with pytest.raises(DataFileError, match=where):
        criteria.load(tiny(tmp_path, '"5.0000001"', "5", '"0.0000001"'))
    # trailing zeros are not places: 0.5000000 is 0.5
    assert criteria.load(tiny(tmp_path, '"5.5"', "5", '"0.5000000"')).max_points == Decimal("5.5")


def test_a_huge_max_with_a_step_is_a_clear_error(tmp_path: Path) -> None:
    big = "1" + "0" * 40  # max_points % step raised decimal.InvalidOperation
    with pytest.raises(DataFileError, match="is too large"):
        criteria.load(tiny(tmp_path, big, big, "0", ', step = "0.3"'))


@pytest.mark.parametrize(
    ("text", "error", "words"),
    [
        ("x = " + "[" * 5000 + "]" * 5000, LimitError, "nests"),
        ("a = {" * 2000 + "}" * 2000, LimitError, "nests"),
        ("x = 1" + "0" * 5000, LimitError, "digits"),
        ("x = " + "1" * 120, LimitError, "digits"),
    ],
)
def test_hostile_toml_is_refused_naming_the_file(
    tmp_path: Path, text: str, error: type[Exception], words: str
) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(error, match=words) as info:
        criteria.load(path)
    assert isinstance(info.value, ChinhQuyenError)
    assert str(path) in str(info.value)


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(ReaderError, match="named pipe"):
        criteria.load(fifo)


def test_a_float_is_refused_as_written_with_its_key_and_line(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as info:
        criteria.load(tiny(tmp_path, "10", "5", "14.999999999999999999"))
    message = str(info.value)
    assert "groups[0].criteria[1].max_points (line 36)" in message
    assert 'write 14.999999999999999999 as a string ("14.999999999999999999")' in message
    with pytest.raises(DataFileError) as info:
        criteria.load(tiny(tmp_path, "10", "5", "5.5"))
    message = str(info.value)
    assert "max_points (line 36): a TOML float is not allowed" in message
    # the rest of the file is still checked: the group no longer adds up
    assert "groups[0].max_points (line 23): group 'g' has max_points 10 but" in message
    with pytest.raises(DataFileError, match=r'write 5.0 as a string \("5.0"\) or the integer 5'):
        criteria.load(tiny(tmp_path, "10", "5", "5.0"))


def test_many_problems_are_listed_up_to_the_limit(tmp_path: Path) -> None:
    text = TINY.format(total="10", a="5", b="5", step="")
    extra = "".join(
        f'\n[[groups.criteria]]\nid = "c{i}"\ntitle = "C"\nmax_points = -{i + 1}\n'
        'measure = { kind = "yes_no" }\nsources = [{ document = "QĐ 1" }]\n'
        for i in range(30)
    )
    path = tmp_path / "many.toml"
    path.write_text(text + extra, encoding="utf-8")
    with pytest.raises(ReaderError) as info:
        criteria.load(path)
    assert len(info.value.problems) == 30
    assert "and 10 more (every one is in the error's `problems`)" in str(info.value)
    assert str(info.value).count("\n  - ") == 20
