"""The problems every error carries: locations, codes, values and messages in two languages."""

from __future__ import annotations

import copy
import json
import pickle
from decimal import Decimal
from typing import Any

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chinhquyen import scoring
from chinhquyen.errors import (
    AnswerError,
    AssessmentError,
    ChinhQuyenError,
    DataFileError,
    InvalidInputError,
    Problem,
    UnknownCriterionError,
    language,
    pointer,
    set_language,
    use_language,
)
from chinhquyen.model import problems_of
from chinhquyen.scoring import SelfAssessment
from strategies import error_paths

EXAMPLE = json.loads(scoring.example_path("dong-nai-2025.json").read_text(encoding="utf-8"))


def submission(**answers: Any) -> dict[str, Any]:
    doc = copy.deepcopy(EXAMPLE)
    doc["answers"].update(answers)
    return doc


def scored(doc: dict[str, Any]) -> scoring.Scorecard:
    return scoring.score("dong-nai/qd-54-2025", SelfAssessment.model_validate(doc))


# --- the problem ---------------------------------------------------------------------------------


def test_a_problem_has_a_location_a_code_a_value_and_two_messages() -> None:
    p = Problem.at(("answers", "tc-1", "self_score"), "self_score.out_of_range", "en", "vi", 17)
    assert (p.location, p.code, p.value, p.message_en, p.message_vi) == (
        "answers/tc-1/self_score",
        "self_score.out_of_range",
        17,
        "en",
        "vi",
    )
    assert p.path == ("answers", "tc-1", "self_score")
    assert p.to_dict() == {
        "location": "answers/tc-1/self_score",
        "code": "self_score.out_of_range",
        "value": 17,
        "message": "en",
        "message_vi": "vi",
        "message_en": "en",
    }
    with pytest.raises(AttributeError):
        p.code = "x"  # type: ignore[misc]


def test_a_problem_still_unpacks_as_the_pair_of_release_0_2() -> None:
    p = Problem.at(("answers", "tc-1", "self_score"), "c", "too high", "quá cao")
    loc, msg = p
    assert (loc, msg) == ("answers.tc-1.self_score", "too high")
    assert p[0] == "answers.tc-1.self_score" and p[1] == "too high" and len(p) == 2
    assert p == ("answers.tc-1.self_score", "too high")
    assert p == ("answers/tc-1/self_score", "too high")
    assert p != ("answers.tc-1", "too high")
    with use_language("vi"):
        assert tuple(p) == ("answers.tc-1.self_score", "quá cao")


def test_values_json_has_no_type_for_are_written_as_text() -> None:
    p = Problem("x", "c", "m", "m", {"score": Decimal("120.5"), "on": [pydantic.BaseModel]})
    value = p.to_dict()["value"]
    assert value["score"] == "120.5"
    json.dumps(p.to_dict())  # every value is JSON


@given(error_paths())
def test_a_location_is_a_json_pointer_into_the_document(path: tuple[str | int, ...]) -> None:
    # RFC 6901: "/" + location is a JSON Pointer; decoding it gives the parts back
    location = pointer(*path)
    decoded = [s.replace("~1", "/").replace("~0", "~") for s in location.split("/")]
    assert decoded == [str(p) for p in path]


# --- errors raised with a message only (release 0.2) ---------------------------------------------


def test_an_error_raised_with_a_message_carries_one_problem_with_the_class_code() -> None:
    e = AnswerError("criterion x: wrong")
    assert str(e) == "criterion x: wrong"
    [p] = e.problems
    assert (p.location, p.code, p.message_en, p.message_vi) == (
        "",
        "answer.invalid",
        "criterion x: wrong",
        "criterion x: wrong",
    )
    assert UnknownCriterionError("no").problems[0].code == "criterion.unknown"
    assert ChinhQuyenError().problems[0].message_en == "ChinhQuyenError"


def test_a_data_file_error_is_located_at_its_key() -> None:
    e = DataFileError("a.toml", "bad", key="groups[0].id")
    assert str(e) == "a.toml [groups[0].id]: bad"
    assert e.problems == (("groups[0].id", "bad"),)
    assert e.problems[0].code == "data_file.invalid"


def test_pairs_assigned_by_a_subclass_become_problems() -> None:
    class TableError(DataFileError):
        def __init__(self, path: str, problems: list[tuple[str, str]]) -> None:
            self.problems = problems  # what the errors of release 0.2 did
            super().__init__(path, "several")

    e = TableError("t.csv", [("row 2", "bad"), ("row 3", "worse")])
    assert [(p.location, p.code, p.message_en) for p in e.problems] == [
        ("row 2", "data_file.invalid", "bad"),
        ("row 3", "data_file.invalid", "worse"),
    ]


@pytest.mark.parametrize(
    "error",
    [
        AnswerError(problems=[Problem.at(("answers", "a"), "c", "en", "vi", Decimal(3))]),
        AnswerError("message only"),
        DataFileError("f.json", "bad", key="unit"),
        InvalidInputError("Thing", [("a", "bad")]),
    ],
    ids=["problems", "message", "data-file", "invalid-input"],
)
def test_errors_survive_pickling(error: ChinhQuyenError) -> None:
    # errors cross process boundaries (multiprocessing, dask) by pickle
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error)
    assert back.problems == error.problems


# --- the language of the messages ----------------------------------------------------------------


def test_str_follows_the_language_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHINHQUYEN_LANG", raising=False)
    e = AnswerError(problems=[Problem("a", "c", "too high", "quá cao")])
    assert language() == "en" and str(e) == "too high"
    with use_language("vi"):
        assert language() == "vi" and str(e) == "quá cao"
        assert e.problems[0].message == "quá cao"
    assert str(e) == "too high"
    assert e.render("vi") == "quá cao"


def test_the_environment_variable_sets_the_default_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    e = AnswerError(problems=[Problem("a", "c", "too high", "quá cao")])
    monkeypatch.setenv("CHINHQUYEN_LANG", "vi_VN.UTF-8")
    assert str(e) == "quá cao"
    with use_language("en"):  # a language set in the program comes first
        assert str(e) == "too high"
    monkeypatch.setenv("CHINHQUYEN_LANG", "fr")  # not a language of the messages: ignored
    assert str(e) == "too high"


def test_set_language_and_its_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHINHQUYEN_LANG", raising=False)
    try:
        set_language("vi")
        assert language() == "vi"
        set_language(None)
        assert language() == "en"
    finally:
        set_language(None)
    with pytest.raises(InvalidInputError) as e:
        set_language("fr")
    assert e.value.problems[0].code == "language.unknown"


def test_several_problems_are_listed_one_per_line_in_either_language() -> None:
    e = AnswerError(problems=[Problem("a", "c", "A", "Â"), Problem("b", "c", "B", "Ƀ")])
    assert str(e) == "2 problems with the answers:\n  - A\n  - B"
    assert e.render("vi") == "2 vấn đề trong các câu trả lời:\n  - Â\n  - Ƀ"


# --- the scoring engine's problems ---------------------------------------------------------------


def test_three_bad_answers_are_three_problems_each_at_its_field() -> None:
    doc = submission(
        **{
            "tuyen-truyen": {"self_score": 16},
            "van-hoa-cong-so": {"self_score": "14.555"},
            "cai-cach-hanh-chinh": {"value": {"kind": "external_index", "score": 120}},
        }
    )
    with pytest.raises(AnswerError) as info:
        scored(doc)
    e = info.value
    assert [(p.location, p.code, p.value) for p in e.problems] == [
        ("answers/tuyen-truyen/self_score", "self_score.out_of_range", Decimal(16)),
        ("answers/van-hoa-cong-so/self_score", "self_score.too_precise", Decimal("14.555")),
        (
            "answers/cai-cach-hanh-chinh/value/score",
            "external_index.above_scale",
            Decimal(120),
        ),
    ]
    assert e.problems[0].message_en == "criterion tuyen-truyen: self-score 16 is outside 0..15"
    assert e.problems[0].message_vi == (
        "tiêu chí tuyen-truyen: điểm tự chấm 16 nằm ngoài khoảng 0..15"
    )
    lines = str(e).splitlines()
    assert lines[0] == "3 problems with the answers:" and len(lines) == 4
    assert "; " not in lines[1]


def test_a_value_of_the_wrong_kind_is_located_at_its_kind() -> None:
    doc = submission(
        **{"cai-cach-hanh-chinh": {"value": {"kind": "yes_no", "value": True}}},
    )
    with pytest.raises(AnswerError) as e:
        scored(doc)
    [p] = e.value.problems
    assert (p.location, p.code, p.value) == (
        "answers/cai-cach-hanh-chinh/value/kind",
        "value.wrong_kind",
        "yes_no",
    )
    doc = submission(**{"hai-long": {"value": {"kind": "yes_no", "value": True}}})
    with pytest.raises(AnswerError) as e:
        scored(doc)
    assert [(p.location, p.code) for p in e.value.problems] == [
        ("answers/hai-long/value", "value.not_expected")
    ]


def test_whole_assessment_problems_are_located() -> None:
    doc = submission()
    doc["framework_version"] = "1999"
    doc["period"] = 2019
    with pytest.raises(AssessmentError) as e:
        scored(doc)
    assert [(p.location, p.code, p.value) for p in e.value.problems] == [
        ("framework_version", "framework_version.mismatch", "1999"),
        ("period", "period.outside_framework", 2019),
    ]
    doc = submission()
    doc["unit"]["province"] = "Hà Nội"
    with pytest.raises(AssessmentError) as e:
        scored(doc)
    assert [(p.location, p.code) for p in e.value.problems] == [
        ("unit/province", "unit.province_mismatch")
    ]
    with pytest.raises(AssessmentError) as e:
        scoring.score("bac-giang/cqtt", SelfAssessment.model_validate(submission()))
    assert e.value.problems[0].location == "framework"


def test_unknown_ids_are_one_problem_each() -> None:
    doc = submission(**{"nope": {"self_score": 1}, "zzz": {"self_score": 1}})
    with pytest.raises(UnknownCriterionError) as e:
        scored(doc)
    assert [(p.location, p.code, p.value) for p in e.value.problems] == [
        ("answers/nope", "answers.unknown_criterion", "nope"),
        ("answers/zzz", "answers.unknown_criterion", "zzz"),
    ]
    doc = submission()
    doc["disqualifiers"] = {"bi-ky-luat": True}
    with pytest.raises(AssessmentError) as e:
        scored(doc)
    assert [(p.location, p.code) for p in e.value.problems] == [
        ("disqualifiers/bi-ky-luat", "disqualifiers.unknown")
    ]


@given(st.lists(st.sampled_from(["tuyen-truyen", "van-hoa-cong-so", "hai-long"]), unique=True))
def test_every_self_score_above_its_max_is_a_problem_of_its_own(ids: list[str]) -> None:
    doc = submission(**{cid: {"self_score": 21} for cid in ids})
    if not ids:
        assert scored(doc).total is not None
        return
    with pytest.raises(AnswerError) as e:
        scored(doc)
    order = ["tuyen-truyen", "van-hoa-cong-so", "hai-long"]  # the framework's order
    assert [p.location for p in e.value.problems] == [
        f"answers/{cid}/self_score" for cid in order if cid in ids
    ]
    assert {p.code for p in e.value.problems} == {"self_score.out_of_range"}


# --- validation: the library's error and pydantic's ----------------------------------------------


BAD = {
    "framework": "dong-nai/qd-54-2025",
    "unit": {"code": "1", "name": "Xã A", "province": "Đồng Nai", "extra": 1},
    "period": {"start": "2025-13-01", "end": "2025-12-31"},
    "answers": {
        "a": {"self_score": "abc"},
        "b": {"value": {"kind": "ratio", "numerator": 5, "denominator": 3}},
        "c": {"value": {"kind": "nope"}},
    },
}


def test_invalid_input_is_a_value_error_carrying_pydantics_list() -> None:
    with pytest.raises(InvalidInputError) as ours:
        SelfAssessment.model_validate(BAD)
    assert isinstance(ours.value, ValueError)
    with pytest.raises(pydantic.ValidationError) as theirs:
        pydantic.TypeAdapter(SelfAssessment).validate_python(BAD)
    strip = [{k: v for k, v in e.items() if k != "ctx"} for e in theirs.value.errors()]
    assert [{k: v for k, v in e.items() if k != "ctx"} for e in ours.value.errors()] == [
        {k: v for k, v in e.items() if k != "url"} for e in strip
    ]
    # the same problems from either error
    assert problems_of(theirs.value, BAD) == list(ours.value.problems)


def test_pydantic_problems_are_located_in_the_document_and_coded() -> None:
    with pytest.raises(InvalidInputError) as e:
        SelfAssessment.model_validate_json(json.dumps(BAD))
    found = [(p.location, p.code) for p in e.value.problems]
    assert found == [
        ("unit/extra", "extra_forbidden"),
        ("period/start", "date_parsing"),
        ("answers/a/self_score", "decimal_parsing"),
        ("answers/b/value", "ratio.part_above_whole"),
        ("answers/c/value", "union_tag_invalid"),
    ]
    ratio = e.value.problems[3]
    assert ratio.message_vi.startswith("tử số 5 lớn hơn mẫu số 3")
    assert ratio.value == {"kind": "ratio", "numerator": 5, "denominator": 3}
    assert e.value.problems[0].message_vi.startswith("trường này không có trong mẫu")
    # release 0.2's dotted key, with pydantic's tags, is kept for code that unpacks the pairs
    assert e.value.problems[3].key == "answers.b.value.ratio"


def test_a_missing_field_is_located_at_the_field() -> None:
    with pytest.raises(InvalidInputError) as e:
        SelfAssessment.model_validate({"framework": "x", "period": 2025})
    [p] = e.value.problems
    assert (p.location, p.code, p.value) == ("unit", "missing", None)
    assert str(e.value) == "SelfAssessment: 1 problem(s)\n  - unit: Field required"
    assert e.value.render("vi") == "SelfAssessment: 1 vấn đề\n  - unit: thiếu trường bắt buộc"
