"""Cohorts: ranking with ties, tier counts, group summaries, the largest self-score gaps."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.scoring.test_engine import FULL, FW
from tests.strategies import scoring_assessments

from chinhquyen import criteria
from chinhquyen.errors import AssessmentError
from chinhquyen.scoring import Adjustment, Cohort, SelfAssessment, review, score

D = Decimal


def card(code: str, **answers: dict[str, Any]) -> Any:
    merged = {**FULL, **{k.replace("_", "-"): v for k, v in answers.items()}}
    a = SelfAssessment.model_validate(
        {
            "framework": "test/all-kinds",
            "unit": {"code": code, "name": f"Xã {code}", "province": "Thử nghiệm"},
            "period": 2025,
            "answers": merged,
            "disqualifiers": {"ky-luat": False},
        }
    )
    return score(FW, a)


# totals by hand: A 100; B 100 − 5 (yes) = 95; C 95 likewise; D 100 − 10 − 10 = 80
A = card("A")
B = card("B", yes={"self_score": 5, "value": {"kind": "yes_no", "value": False}})
C = card("C", yes={"value": {"kind": "yes_no", "value": False}})
DD = card(
    "D",
    ratio={"self_score": 10, "value": {"kind": "ratio", "numerator": 0, "denominator": 4}},
    quota_none={"self_score": 10, "value": {"kind": "quota", "count": 0}},
)


def test_ranking_shares_ranks_on_ties() -> None:
    ranked = Cohort([C, DD, A, B]).ranking()
    assert [(r.rank, r.scorecard.unit.code) for r in ranked] == [
        (1, "A"),
        (2, "B"),
        (2, "C"),
        (4, "D"),
    ]


def test_tier_counts_highest_first() -> None:
    # B, C (yes = 0) and D (ratio = 0) fall below the 50 % floor: capped at 2 sao
    assert Cohort([C, DD, A, B]).tier_counts() == {"4 sao": 1, "2 sao": 3}


def test_group_summary() -> None:
    g1, g2, _ = Cohort([A, B, C, DD]).group_summary()
    # g1: 30, 25, 25, 30 -> mean 27.5; g2: 40, 40, 40, 20 -> mean 35
    assert (g1.mean, g1.minimum, g1.maximum, g1.full) == (D("27.5"), D(25), D(30), 2)
    assert (g2.mean, g2.minimum, g2.full) == (D(35), D(20), 3)


def test_over_scored_largest_gap_first() -> None:
    # D claims 20 more than it gets (ratio 10 vs 0, quota 10 vs 0); B claims 5 more; A and C
    # self-score only "self" (10 vs 10), no gap
    assert [c.unit.code for c in Cohort([A, B, C, DD]).over_scored()] == ["D", "B"]
    assert [c.unit.code for c in Cohort([A, B, C, DD]).over_scored(1)] == ["D"]


def test_mixed_frameworks_and_duplicates_are_refused() -> None:
    with pytest.raises(AssessmentError, match="appears twice"):
        Cohort([A, A])
    fw = criteria.load("dong-nai/qd-54-2025")
    other = score(
        fw,
        SelfAssessment.model_validate(
            {
                "framework": fw.id,
                "unit": {"code": "26299", "name": "Xã Thống Nhất", "province": "Đồng Nai"},
                "period": 2025,
            }
        ),
    )
    with pytest.raises(AssessmentError, match="one framework"):
        Cohort([A, other])


def test_empty_cohort() -> None:
    empty = Cohort([])
    assert len(empty) == 0 and empty.ranking() == [] and empty.group_summary() == []
    assert "empty" in empty._repr_html_()


# --- the computed total beside the appraised one ------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_computed_total_is_the_total_until_appraised(data: st.DataObject) -> None:
    a = SelfAssessment.model_validate(data.draw(scoring_assessments(FW)))
    card = score(FW, a)
    assert card.computed_total == card.total
    assert not card.appraised


def test_computed_total_keeps_the_engines_after_an_appraisal() -> None:
    # D: ratio computed 0 (0 of 4), appraised 5; the total 80 becomes 85, the computed stays 80
    appraised = review(
        DD, [Adjustment(criterion_id="ratio", points=D(5), reason="minh chứng")], framework=FW
    )
    assert (appraised.total, appraised.computed_total) == (D(85), D(80))
    assert DD.computed_total == DD.total == D(80)


# --- short text forms for print() and the notebook's plain repr ---------------------------------


def test_print_a_scorecard_is_short_and_readable() -> None:
    text = str(A)
    assert len(text) < 800 and "criterion_id=" not in text and "CriterionResult" not in text
    lines = text.splitlines()
    assert lines[0] == "Xã A (A), Thử nghiệm — kỳ (period) 2025"
    assert "Tổng điểm (total): 100/100" in text and "Xếp hạng (tier): 4 sao" in text
    assert [line.strip() for line in lines if line.startswith("  Nhóm")] == [
        "Nhóm 1: 30/30",
        "Nhóm 2: 40/40",
        "Nhóm 3: 30/30",
    ]
    assert repr(A) == "<Scorecard test/all-kinds v1: Xã A (A), 2025: 100/100, 4 sao>"
    assert "\n" not in repr(DD) and len(repr(DD)) < 200


def test_print_an_appraised_scorecard_says_so() -> None:
    d = review(
        DD, [Adjustment(criterion_id="ratio", points=D(5), reason="minh chứng")], framework=FW
    )
    assert "85/100 (thẩm định / appraised; tính lại / computed 80)" in str(d)
    assert repr(d).endswith("(appraised, computed 80)>")


def test_print_a_cohort_shows_the_top_of_the_ranking() -> None:
    cohort = Cohort([C, DD, A, B])
    assert repr(cohort) == "<Cohort test/all-kinds v1: 4 communes, totals 80–100>"
    lines = str(cohort).splitlines()
    assert lines[:2] == [
        "Nhóm xã (cohort): test/all-kinds v1 — 4 đơn vị (communes)",
        "Xếp hạng (tiers): 4 sao: 1, 2 sao: 3",
    ]
    assert lines[2:] == [
        "  1. Xã A (A): 100 — 4 sao",
        "  2. Xã B (B): 95 — 2 sao",
        "  2. Xã C (C): 95 — 2 sao",
        "  4. Xã D (D): 80 — 2 sao",
    ]
    many = Cohort([card(f"{i:05d}") for i in range(12)])
    text = str(many)
    assert len(text.splitlines()) == 2 + 10 + 1 and text.endswith(
        "… 2 nữa (more): cohort.ranking()"
    )
    assert len(text) < 1000
    assert repr(Cohort([])) == "<Cohort: 0 communes>"
