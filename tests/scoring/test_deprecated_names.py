"""Names renamed in release 0.2 still work for one release, with a DeprecationWarning."""

from __future__ import annotations

import json

import pytest

from chinhquyen import scoring
from chinhquyen.scoring import CriterionStatus, Scorecard


def _card() -> Scorecard:
    a = scoring.load_assessment(scoring.example_path("dong-nai-2025.json"))
    return scoring.score(a.framework, a)


def test_status_is_criterion_status() -> None:
    with pytest.warns(DeprecationWarning, match="renamed CriterionStatus"):
        assert scoring.Status is CriterionStatus
    from chinhquyen.scoring import scorecard

    with pytest.warns(DeprecationWarning, match="renamed CriterionStatus"):
        assert scorecard.Status is CriterionStatus


def test_adjustments_are_bonus_penalty() -> None:
    card = _card()
    with pytest.warns(DeprecationWarning, match="renamed bonus_penalty"):
        assert card.adjustments == card.bonus_penalty
    old = json.loads(card.to_json())
    old["adjustments"] = old.pop("bonus_penalty")
    with pytest.warns(DeprecationWarning, match="'bonus_penalty'"):
        assert Scorecard.from_json(json.dumps(old)) == card


def test_the_review_module_path() -> None:
    with pytest.warns(DeprecationWarning, match=r"moved to chinhquyen\.scoring\.appraisal"):
        from chinhquyen.scoring.review import Adjustment, review
    assert review is scoring.review
    assert Adjustment is scoring.Adjustment
    assert callable(scoring.review)  # the function, not the deprecated module of that name
