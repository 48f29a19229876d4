"""The JSON Schemas match what the library accepts; a framework's schema names its criteria."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from decimal import Decimal
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import all_kinds_framework_data, scoring_assessments

from chinhquyen import criteria, scoring
from chinhquyen.errors import ChinhQuyenError, InvalidInputError, UnknownFrameworkError
from chinhquyen.scoring import SelfAssessment

# every shipped example, with the framework it names
EXAMPLES = {
    name: scoring.load_assessment(scoring.example_path(name)).framework
    for name in scoring.examples()
}
ALL_KINDS = criteria.Framework.model_validate(all_kinds_framework_data())


def example(name: str) -> dict[str, Any]:
    doc = json.loads(scoring.load_assessment(scoring.example_path(name)).model_dump_json())
    assert isinstance(doc, dict)
    return doc


_CHECKED: dict[str, jsonschema.Draft202012Validator] = {}


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    key = json.dumps(schema, sort_keys=True)
    if key not in _CHECKED:
        jsonschema.Draft202012Validator.check_schema(schema)
        _CHECKED[key] = jsonschema.Draft202012Validator(schema)
    return _CHECKED[key]


def failures(schema: dict[str, Any], doc: Any) -> list[list[str | int]]:
    return sorted(list(e.absolute_path) for e in validator(schema).iter_errors(doc))


# --- what every schema is -------------------------------------------------------------------------

SCHEMAS = {
    "assessment": scoring.assessment_schema,
    "scorecard": scoring.scorecard_schema,
    "framework": lambda: criteria.json_schema("framework"),
    "conduct_code": lambda: criteria.json_schema("conduct_code"),
    "assessment dong-nai": lambda: scoring.assessment_schema("dong-nai/qd-54-2025"),
}


@pytest.mark.parametrize("name", SCHEMAS)
def test_schemas_have_no_id_and_plain_descriptions(name: str) -> None:
    schema = SCHEMAS[name]()
    text = json.dumps(schema, ensure_ascii=False)
    assert "$id" not in schema
    assert "readthedocs" not in text
    assert not re.search(r":[a-z]+:`", text), "a reST role in a description"
    assert "``" not in text
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_properties_are_described_by_their_attributes() -> None:
    unit = scoring.assessment_schema()["$defs"]["Unit"]
    assert unit["properties"]["code"]["description"].startswith("the unit's statistical code")
    assert "Attributes:" not in unit["description"]


@pytest.mark.parametrize("text", ["abc", "1_000", "١٢", "12,5", "NaN", "Infinity", "", "1.2.3"])
def test_a_decimal_the_library_refuses_the_schema_refuses(text: str) -> None:
    doc = example("dong-nai-2025.json")
    doc["answers"]["tuyen-truyen"]["self_score"] = text
    assert failures(scoring.assessment_schema(), doc) == [["answers", "tuyen-truyen", "self_score"]]
    with pytest.raises(InvalidInputError) as e:
        SelfAssessment.model_validate(doc)
    assert [p.location for p in e.value.problems] == ["answers/tuyen-truyen/self_score"]


@pytest.mark.parametrize("text", ["12", "12.5", " 12.5 ", "+3", ".5", "5.", "1e1", "-0"])
def test_a_decimal_the_library_accepts_the_schema_accepts(text: str) -> None:
    doc = example("dong-nai-2025.json")
    doc["answers"]["tuyen-truyen"]["self_score"] = text
    assert failures(scoring.assessment_schema(), doc) == []
    SelfAssessment.model_validate(doc)


@given(
    st.one_of(
        st.text(alphabet="0123456789+-.eE _,", max_size=8),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.text(max_size=6),
    )
)
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_schema_and_the_model_agree_on_every_decimal_text(text: str) -> None:
    doc = {
        "framework": "x/y",
        "unit": {"code": "1", "name": "Xã A", "province": "Đồng Nai"},
        "period": 2025,
        "answers": {"a": {"self_score": text}},
    }
    schema_says = not failures(_GENERIC_SCHEMA, doc)
    try:
        SelfAssessment.model_validate(doc)
        model_says = True
    except InvalidInputError:
        model_says = False
    assert schema_says == model_says


def test_a_date_the_schema_refuses_the_library_refuses() -> None:
    doc = example("dong-nai-2025.json")
    doc["submitted"] = "5/12/2025"
    assert failures(scoring.assessment_schema(), doc) == [["submitted"]]
    with pytest.raises(InvalidInputError):
        SelfAssessment.model_validate(doc)


def test_a_scorecards_decimals_are_decimal_text() -> None:
    card = scoring.score("dong-nai/qd-54-2025", scoring.load_assessment(EXAMPLE_PATH))
    data = json.loads(card.to_json())
    assert failures(scoring.scorecard_schema(), data) == []
    data["total"] = "abc"
    assert failures(scoring.scorecard_schema(), data) == [["total"]]


EXAMPLE_PATH = scoring.example_path("dong-nai-2025.json")


# --- the schema of one framework -----------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_shipped_example_passes_its_frameworks_schema(name: str) -> None:
    schema = scoring.assessment_schema(EXAMPLES[name])
    assert failures(schema, example(name)) == []


def test_the_schema_names_the_criteria_their_kinds_and_ranges() -> None:
    schema = scoring.assessment_schema("dong-nai/qd-54-2025")
    answers = schema["properties"]["answers"]
    assert answers["additionalProperties"] is False
    assert list(answers["properties"]) == [
        "tuyen-truyen",
        "van-hoa-cong-so",
        "hai-long",
        "cai-cach-hanh-chinh",
    ]
    tt = answers["properties"]["tuyen-truyen"]
    assert "tự chấm" in tt["description"] and "self_scored" in tt["description"]
    narrowed = tt["allOf"][1]["properties"]
    assert narrowed["self_score"]["anyOf"][0] == {"type": "number", "minimum": 0, "maximum": 15}
    assert narrowed["value"] == {"type": "null"}  # a self-scored criterion has no value
    index = answers["properties"]["cai-cach-hanh-chinh"]["allOf"][1]["properties"]["value"]
    assert index["anyOf"][0]["allOf"][0] == {"$ref": "#/$defs/ExternalIndexValue"}
    assert schema["properties"]["framework"] == {
        "const": "dong-nai/qd-54-2025",
        "description": schema["properties"]["framework"]["description"],
    }


def _bad(doc: dict[str, Any], **answers: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    out["answers"].update(answers)
    return out


def test_out_of_range_unknown_and_wrong_kind_answers_fail_the_framework_schema() -> None:
    schema = scoring.assessment_schema("dong-nai/qd-54-2025")
    doc = example("dong-nai-2025.json")
    cases = {
        "above max": (_bad(doc, **{"tuyen-truyen": {"self_score": 16}}), "tuyen-truyen"),
        "below 0": (_bad(doc, **{"hai-long": {"self_score": -1}}), "hai-long"),
        "negative text": (_bad(doc, **{"hai-long": {"self_score": "-1"}}), "hai-long"),
        "index above scale": (
            _bad(
                doc,
                **{"cai-cach-hanh-chinh": {"value": {"kind": "external_index", "score": 101}}},
            ),
            "cai-cach-hanh-chinh",
        ),
        "wrong kind": (
            _bad(doc, **{"cai-cach-hanh-chinh": {"value": {"kind": "yes_no", "value": True}}}),
            "cai-cach-hanh-chinh",
        ),
        "value for self-scored": (
            _bad(doc, **{"hai-long": {"value": {"kind": "yes_no", "value": True}}}),
            "hai-long",
        ),
    }
    for what, (bad, cid) in cases.items():
        found = failures(schema, bad)
        assert found and all(p[:2] == ["answers", cid] for p in found), what
        # and the library refuses it too, at the same answer
        try:
            scoring.score("dong-nai/qd-54-2025", SelfAssessment.model_validate(bad))
        except ChinhQuyenError as e:
            assert any(p.location.startswith(f"answers/{cid}") for p in e.problems), what
        else:  # pragma: no cover - the test fails
            raise AssertionError(f"{what}: the library scored it")
    unknown = _bad(doc, nope={"self_score": 1})
    assert failures(schema, unknown) == [["answers"]]
    other = copy.deepcopy(doc)
    other["framework"] = "bac-giang/cqtt"
    assert failures(schema, other) == [["framework"]]
    # the generic schema accepts them all: it knows no framework
    assert failures(scoring.assessment_schema(), unknown) == []


def test_checklist_items_and_conduct_rules_are_named() -> None:
    schema = scoring.assessment_schema(ALL_KINDS)
    by_kind = {c.measure.kind: c for c in ALL_KINDS.criteria()}
    checklist = by_kind["checklist"]
    ids = [item.id for item in checklist.measure.items]
    base = {
        "framework": ALL_KINDS.id,
        "unit": {"code": "1", "name": "Xã A", "province": "Thử nghiệm"},
        "period": 2025,
    }
    good = {**base, "answers": {checklist.id: {"value": {"kind": "checklist", "done": ids[:1]}}}}
    bad = {**base, "answers": {checklist.id: {"value": {"kind": "checklist", "done": ["zz"]}}}}
    assert failures(schema, good) == []
    assert failures(schema, bad) == [["answers", checklist.id, "value"]]


def test_an_unknown_framework_is_refused() -> None:
    with pytest.raises(UnknownFrameworkError):
        scoring.assessment_schema("nope/none")


@given(data=st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_what_the_library_scores_passes_the_frameworks_schema(data: st.DataObject) -> None:
    raw = data.draw(scoring_assessments(ALL_KINDS))
    assessment = SelfAssessment.model_validate(raw)
    try:
        scoring.score(ALL_KINDS, assessment)
    except ChinhQuyenError:
        return  # some drawn answers do not fit (precision, step): the schema may pass them
    doc = json.loads(assessment.model_dump_json())
    assert failures(_ALL_KINDS_SCHEMA, doc) == []


@given(st.decimals(min_value=Decimal(-1000), max_value=Decimal(1000), places=2))
@settings(max_examples=80, deadline=None)
def test_a_self_score_passes_the_schema_exactly_when_it_is_in_range(score: Decimal) -> None:
    cid = "tuyen-truyen"  # 0..15
    doc = example("dong-nai-2025.json")
    doc["answers"][cid] = {"self_score": float(score)}
    passes = failures(_DONG_NAI_SCHEMA, doc) == []
    assert passes == (Decimal(0) <= score <= 15)


_GENERIC_SCHEMA = scoring.assessment_schema()
_ALL_KINDS_SCHEMA = scoring.assessment_schema(ALL_KINDS)
_DONG_NAI_SCHEMA = scoring.assessment_schema("dong-nai/qd-54-2025")


# --- the command ----------------------------------------------------------------------------------


def test_the_command_prints_a_frameworks_schema() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "chinhquyen", "schema", "--framework", "dong-nai/qd-54-2025"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == scoring.assessment_schema("dong-nai/qd-54-2025")
    usage = subprocess.run(
        [sys.executable, "-m", "chinhquyen", "schema", "scorecard", "--framework", "x/y"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert usage.returncode == 2 and "--framework" in usage.stderr
