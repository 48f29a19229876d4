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
    assert examples() == [
        "bac-giang-2023.toml",
        "cam-thuy-2024.toml",
        "dong-nai-2025.json",
        "dong-nai-dvk-chat-thai-2024-h1.toml",
        "phu-tho-2026-q3-qd766.toml",
    ]
    valid = r"no example 'nope'; examples: .*dong-nai-2025\.json"
    with pytest.raises(InvalidInputError, match=valid):
        example_path("nope")  # a ChinhQuyenError naming the examples (was FileNotFoundError)


@pytest.mark.parametrize("name", examples())
def test_every_example_scores_and_round_trips(name: str) -> None:
    a = load_assessment(example_path(name))
    assert a.framework in criteria.available()
    # says whether its figures are illustrative or real (and then where they come from)
    note = (a.note or "").lower()
    assert "minh họa" in note or "số liệu thật" in note
    card = score(a.framework, a)
    assert card.not_reported == ()
    assert Scorecard.from_json(card.to_json()) == card
    assert SelfAssessment.model_validate_json(a.model_dump_json()) == a
    assert card.digest == hashlib.sha256(canonical_json(a)).hexdigest()


def test_dong_nai_demo_by_hand() -> None:
    # 14 + 14.5 + 19 + 50 × 88.6 / 100 (= 44.3) = 91.8 -> 3 sao (90 to under 95)
    text = demo_text()
    assert "Xã Thống Nhất" in text
    assert "91.8/100" in text
    assert "3 sao" in text
    assert "44.3/50" in text
    english = demo_text("en")
    assert "3 stars" in english and "Total: 91.8/100" in english


def test_qd766_example_scores_what_the_portal_published() -> None:
    # The six group scores the National Public Service Portal published for UBND tỉnh Phú Thọ,
    # quarter 3 of 2026 (ChippedTopaz/qd766, tests/fixtures/*/quarter-all.json @ 72417cd9)
    a = load_assessment(example_path("phu-tho-2026-q3-qd766.toml"))
    card = score("national/qd-766-2022", a)
    published = ["7.96", "17.35", "8.41", "8.75", "12.25", "6.67"]
    assert [g.points for g in card.groups] == [Decimal(p) for p in published]
    assert card.total == Decimal("61.39") and card.reported_max == 100
    assert card.unit.level == "province" and card.not_applicable == ()


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
    card = score("bac-giang/cqtt", load_assessment(example_path("bac-giang-2023.toml")))
    # 19.5 + 23 + 18.125 + 14 + 18 = 92.625, kept exact (the QCDC system rounds nothing); no tiers
    assert card.total == Decimal("92.625")
    assert card.self_total == Decimal("92.625")
    assert card.tier is None
