"""The shipped examples and the demo scorecard."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

import pytest

from chinhquyen import criteria
from chinhquyen.errors import InvalidInputError
from chinhquyen.scoring import (
    Scorecard,
    SelfAssessment,
    assessment_schema,
    canonical_json,
    demo_text,
    example_path,
    examples,
    load_assessment,
    score,
    scorecard_schema,
    write_schemas,
)


def test_examples_are_shipped() -> None:
    assert examples() == ["bac-giang-2024.toml", "dong-nai-2025.json", "thanh-hoa-2024-qd766.toml"]
    valid = r"no example 'nope'; examples: .*dong-nai-2025\.json"
    with pytest.raises(InvalidInputError, match=valid):
        example_path("nope")  # a ChinhQuyenError naming the examples (was FileNotFoundError)


@pytest.mark.parametrize("name", examples())
def test_every_example_scores_and_round_trips(name: str) -> None:
    a = load_assessment(example_path(name))
    assert a.framework in criteria.available()
    assert "minh họa" in (a.note or "").lower()  # says it is illustrative
    card = score(a.framework, a)
    assert card.not_reported == ()
    assert Scorecard.from_json(card.to_json()) == card
    assert SelfAssessment.model_validate_json(a.model_dump_json()) == a
    assert card.digest == hashlib.sha256(canonical_json(a)).hexdigest()


def test_dong_nai_demo_by_hand() -> None:
    # 14 + 14.5 + 19 + 50 × 88.6 / 100 (= 44.3) = 91.8 -> 3 sao (90 to under 95)
    text = demo_text()
    assert "Xã Minh Họa" in text
    assert "91.8/100" in text
    assert "3 sao" in text
    assert "44.3/50" in text
    english = demo_text("en")
    assert "3 stars" in english and "Total: 91.8/100" in english


def test_qd766_example_by_hand() -> None:
    card = score("national/qd-766-2022", load_assessment(example_path("thanh-hoa-2024-qd766.toml")))
    # 6 × 136/140 = 5.828… -> 5.83; 2 × (35/140) / 0.8 = 0.625 -> 0.63; 6 × (63/140) / 0.5 = 5.4
    assert card.criterion("ho-so-dong-bo").points == Decimal("5.83")
    assert card.criterion("tai-su-dung").points == Decimal("0.63")
    assert card.criterion("ho-so-truc-tuyen").points == Decimal("5.4")
    assert card.not_applicable == ("tthc-cong-bo-dung-han",)
    assert card.criterion("pakn-dung-han").points == Decimal(6)  # no petitions: full by rule
    assert card.unit.district is not None and card.unit.district.name == "huyện Cẩm Thủy"


def test_schemas_validate_the_examples(tmp_path: object) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    a = load_assessment(example_path("dong-nai-2025.json"))
    raw = json.loads(example_path("dong-nai-2025.json").read_text("utf-8"))
    jsonschema.validate(raw, assessment_schema())
    jsonschema.validate(json.loads(a.model_dump_json()), assessment_schema())
    card = score(a.framework, a)
    jsonschema.validate(json.loads(card.to_json()), scorecard_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**raw, "period": "2025"}, assessment_schema())
    written = write_schemas(tmp_path)  # type: ignore[arg-type]
    assert [p.name for p in written] == ["self-assessment.schema.json", "scorecard.schema.json"]


def test_bac_giang_example_by_hand() -> None:
    card = score("bac-giang/cqtt", load_assessment(example_path("bac-giang-2024.toml")))
    # 19.5 + 23 + 18.5 + 14 + 18 = 93; the set has no tiers
    assert card.total == Decimal(93)
    assert card.self_total == Decimal(93)
    assert card.tier is None
