"""A scorecard's output: nothing reported, the framework's decimal places, one name for the id."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import all_kinds_framework_data, scoring_assessments

from chinhquyen import criteria, scoring
from chinhquyen.errors import ChinhQuyenError
from chinhquyen.scoring import Scorecard, SelfAssessment

EMPTY = {
    "framework": "dong-nai/qd-54-2025",
    "unit": {"code": "26299", "name": "Xã Thống Nhất", "province": "Đồng Nai"},
    "period": 2025,
    "answers": {},
}


def example_card() -> Scorecard:
    path = scoring.example_path("dong-nai-2025.json")
    return scoring.score("dong-nai/qd-54-2025", scoring.load_assessment(path))


# --- an empty submission --------------------------------------------------------------------------


def test_an_empty_submission_says_nothing_was_reported_and_has_no_tier() -> None:
    card = scoring.score("dong-nai/qd-54-2025", SelfAssessment.model_validate(EMPTY))
    assert card.nothing_reported is True
    assert card.tier is None and card.tier_before_knockouts is None
    assert card.tier_provisional is True
    assert card.not_reported == (
        "tuyen-truyen",
        "van-hoa-cong-so",
        "hai-long",
        "cai-cach-hanh-chinh",
    )
    assert json.loads(card.to_json())["nothing_reported"] is True
    assert "Nothing was reported" in card.trace("en")
    assert "Chưa báo cáo tiêu chí nào" in card.trace("vi")


def test_one_answer_is_something_reported() -> None:
    doc = {**EMPTY, "answers": {"tuyen-truyen": {"self_score": 0}}}
    card = scoring.score("dong-nai/qd-54-2025", SelfAssessment.model_validate(doc))
    assert card.nothing_reported is False
    assert card.tier == "1 sao" and card.tier_provisional is True  # a measured 0, provisional


def test_a_complete_submission_is_not_nothing() -> None:
    card = example_card()
    assert card.nothing_reported is False and card.tier == "3 sao"


# --- the framework's decimal places in Python and in JSON -----------------------------------------


def test_points_keep_the_frameworks_places_in_python_and_json() -> None:
    card = example_card()
    data = json.loads(card.to_json())
    # hand-computed: 14 + 14.5 + 19 + 50 × 88.6/100 = 91.8, written with 2 places
    assert repr(card.total) == "Decimal('91.80')" and data["total"] == "91.80"
    assert data["max_points"] == "100.00" and str(card.max_points) == "100.00"
    first = data["criteria"][0]
    # the points with the framework's places; the self-score as the commune wrote it
    assert (first["points"], first["max_points"], first["self_score"]) == ("14.00", "15.00", "14")
    assert [g["points"] for g in data["groups"]] == [str(g.points) for g in card.groups]
    back = Scorecard.from_json(card.to_json())
    assert back == card and str(back.total) == "91.80"


def _points_texts(data: Any, found: list[str]) -> list[str]:
    names = {"points", "max_points", "total", "base_total", "reported_max", "self_total"}
    names |= {"computed_points", "self_points"}
    if isinstance(data, dict):
        for k, v in data.items():
            if k in names and isinstance(v, str):
                found.append(v)
            else:
                _points_texts(v, found)
    elif isinstance(data, list):
        for v in data:
            _points_texts(v, found)
    return found


@pytest.mark.parametrize("places", [0, 1, 2, 3])
@given(data=st.data())
@settings(max_examples=25, deadline=None)
def test_every_points_value_is_written_with_the_frameworks_places(
    places: int, data: st.DataObject
) -> None:
    fw = criteria.Framework.model_validate(all_kinds_framework_data(places=places))
    raw = data.draw(scoring_assessments(fw))
    try:
        card = scoring.score(fw, SelfAssessment.model_validate(raw))
    except ChinhQuyenError:
        return  # a drawn self-score with more places than the framework's
    texts = _points_texts(json.loads(card.to_json()), [])
    assert texts
    shape = re.compile(r"^-?\d+$" if places == 0 else rf"^-?\d+\.\d{{{places}}}$")
    assert [t for t in texts if not shape.match(t)] == []
    assert [t for t in texts if t.startswith("-") and Decimal(t) == 0] == []
    # the same digits in Python
    assert str(card.total) == json.loads(card.to_json())["total"]


# --- one name for the framework's id --------------------------------------------------------------


def test_the_scorecard_names_the_framework_as_the_assessment_does() -> None:
    card = example_card()
    data = json.loads(card.to_json())
    assert data["framework"] == "dong-nai/qd-54-2025" and "framework_id" not in data
    with pytest.warns(DeprecationWarning, match="framework_id is renamed framework"):
        assert card.framework_id == "dong-nai/qd-54-2025"


def test_a_scorecard_written_with_framework_id_is_still_read() -> None:
    card = example_card()
    data = json.loads(card.to_json())
    data = {("framework_id" if k == "framework" else k): v for k, v in data.items()}
    with pytest.warns(DeprecationWarning, match="'framework_id' was renamed 'framework'"):
        back = Scorecard.from_json(json.dumps(data, ensure_ascii=False))
    assert back == card
