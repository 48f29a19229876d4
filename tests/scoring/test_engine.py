"""The scoring engine: hand-computed cases per measure kind, tiers, knockouts, gaps, properties.

Every expected number below is computed by hand from the rule written next to it, not by
running the code.
"""

from __future__ import annotations

import json
import random
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import all_kinds_framework_data, scoring_assessments

from chinhquyen import criteria
from chinhquyen.errors import (
    AnswerError,
    AssessmentError,
    ChinhQuyenError,
    UnknownCriterionError,
)
from chinhquyen.scoring import CriterionStatus as Status
from chinhquyen.scoring import Scorecard, SelfAssessment, score
from chinhquyen.scoring.answers import SurveyValue

FW = criteria.Framework.model_validate(all_kinds_framework_data())
FW3 = criteria.Framework.model_validate(all_kinds_framework_data(places=3))
D = Decimal

#: Every criterion at full points (hand-checked: 30 + 40 + 30 = 100).
FULL: dict[str, dict[str, Any]] = {
    "self": {"self_score": 10},
    "yes": {"value": {"kind": "yes_no", "value": True}},
    "check-all": {"value": {"kind": "checklist", "done": ["i1", "i2", "i3"]}},
    "check-item": {"value": {"kind": "checklist", "done": ["i1", "i2"]}},
    "check-prop": {"value": {"kind": "checklist", "done": ["i1", "i2", "i3", "i4"]}},
    "ratio": {"value": {"kind": "ratio", "numerator": 6, "denominator": 6}},
    "ratio-t": {"value": {"kind": "ratio", "numerator": 8, "denominator": 10}},
    "quota": {"value": {"kind": "quota", "count": 2}},
    "quota-none": {"value": {"kind": "quota", "count": 4}},
    "cov": {"value": {"kind": "coverage", "answered": 420, "required": 420}},
    "survey": {"value": {"kind": "survey", "satisfied": 90, "responses": 100}},
    "ext": {"value": {"kind": "external_index", "score": 100}},
    "ded": {"value": {"kind": "deduction", "violations": 0}},
    "bonus": {"value": {"kind": "quota", "count": 0}},
    "penalty": {"value": {"kind": "deduction", "violations": 0}},
}


def assessment(
    answers: dict[str, dict[str, Any]] | None = None,
    *,
    disqualifiers: dict[str, bool] | None = None,
    framework: str = "test/all-kinds",
    period: Any = 2025,
    **changes: dict[str, Any] | None,
) -> SelfAssessment:
    merged = dict(FULL if answers is None else answers)
    for cid, answer in changes.items():
        key = cid.replace("_", "-")
        if answer is None:
            merged.pop(key, None)
        else:
            merged[key] = answer
    return SelfAssessment.model_validate(
        {
            "framework": framework,
            "unit": {"code": "99901", "name": "Xã Thử", "province": "Thử nghiệm"},
            "period": period,
            "answers": merged,
            "disqualifiers": {"ky-luat": False} if disqualifiers is None else disqualifiers,
        }
    )


def one(cid: str, answer: dict[str, Any], fw: criteria.Framework = FW) -> Any:
    card = score(fw, assessment(**{cid.replace("-", "_"): answer}))
    return card.criterion(cid)


# -- the full assessment ----------------------------------------------------------------------


def test_full_marks_everywhere() -> None:
    card = score(FW, assessment())
    assert card.total == D(100)
    assert [g.points for g in card.groups] == [D(30), D(40), D(30)]
    assert all(r.status is Status.MET for r in card.criteria)
    assert card.tier == "4 sao"
    assert not card.tier_provisional
    assert card.not_reported == ()


# -- one rule per kind, hand-computed ---------------------------------------------------------


@pytest.mark.parametrize(
    ("cid", "answer", "points", "status"),
    [
        # ratio without threshold: 10 × 5/6 = 8.3333… -> 8.33
        (
            "ratio",
            {"value": {"kind": "ratio", "numerator": 5, "denominator": 6}},
            "8.33",
            "partial",
        ),
        # ratio with 80 % threshold: 10 × 0.7 / 0.8 = 8.75
        (
            "ratio-t",
            {"value": {"kind": "ratio", "numerator": 7, "denominator": 10}},
            "8.75",
            "partial",
        ),
        # above the threshold saturates: min(10, 10 × 0.9 / 0.8) = 10
        ("ratio-t", {"value": {"kind": "ratio", "numerator": 9, "denominator": 10}}, "10", "met"),
        # quota proportional: 10 × min(1, 1/2) = 5
        ("quota", {"value": {"kind": "quota", "count": 1}}, "5", "partial"),
        # quota proportional beyond target: 10 × min(1, 5/2) = 10
        ("quota", {"value": {"kind": "quota", "count": 5}}, "10", "met"),
        # quota all-or-nothing: 3 < 4 -> 0
        ("quota-none", {"value": {"kind": "quota", "count": 3}}, "0", "unmet"),
        # coverage: 10 × 417/420 = 9.92857… -> 9.93 (Cẩm Thủy's 417 condolence letters)
        (
            "cov",
            {"value": {"kind": "coverage", "answered": 417, "required": 420}},
            "9.93",
            "partial",
        ),
        # survey with 90 % threshold: 220/226 = 97.3 % >= 90 % -> 10 (Xuân Tây's 226 answers)
        ("survey", {"value": {"kind": "survey", "satisfied": 220, "responses": 226}}, "10", "met"),
        # survey: 27/40 = 0.675; 10 × 0.675 / 0.9 = 7.5
        (
            "survey",
            {"value": {"kind": "survey", "satisfied": 27, "responses": 40}},
            "7.5",
            "partial",
        ),
        # external index: 5 × 88.6 / 100 = 4.43
        ("ext", {"value": {"kind": "external_index", "score": "88.6"}}, "4.43", "partial"),
        # deduction: 5 − 2 × 1 = 3
        ("ded", {"value": {"kind": "deduction", "violations": 2}}, "3", "partial"),
        # deduction floor: max(0, 5 − 7) = 0
        ("ded", {"value": {"kind": "deduction", "violations": 7}}, "0", "unmet"),
        # checklist all-or-nothing with 2 of 3 done -> 0
        ("check-all", {"value": {"kind": "checklist", "done": ["i1", "i3"]}}, "0", "unmet"),
        # checklist per item: item i2 is worth 3
        ("check-item", {"value": {"kind": "checklist", "done": ["i2"]}}, "3", "partial"),
        # checklist proportional: 5 × 3/4 = 3.75
        (
            "check-prop",
            {"value": {"kind": "checklist", "done": ["i4", "i1", "i2"]}},
            "3.75",
            "partial",
        ),
        ("yes", {"value": {"kind": "yes_no", "value": False}}, "0", "unmet"),
        ("self", {"self_score": "7.5"}, "7.5", "partial"),
        ("self", {"self_score": 0}, "0", "unmet"),
    ],
)
def test_rule_per_kind(cid: str, answer: dict[str, Any], points: str, status: str) -> None:
    r = one(cid, answer)
    assert r.points == D(points)
    assert r.status == Status(status)
    assert r.shortfall == r.max_points - D(points)


def test_reason_in_words() -> None:
    r = one("quota", {"value": {"kind": "quota", "count": 1}})
    assert "1 of 2 hội nghị đối thoại held" in r.reason_en
    assert "1/2 hội nghị đối thoại" in r.reason
    r = one("ratio", {"value": {"kind": "ratio", "numerator": 5, "denominator": 6}})
    assert "5 of 6" in r.reason_en and "83.33%" in r.reason_en
    r = one("check-all", {"value": {"kind": "checklist", "done": ["i1", "i3"]}})
    assert "not done: i2" in r.reason_en


def test_rounding_mode_follows_the_framework() -> None:
    # 10 × 5/6 = 8.333…: down -> 8.33, up -> 8.34; 5 × 88.65/100 = 4.4325 -> half_up 4.43
    down = criteria.Framework.model_validate(all_kinds_framework_data(mode="down"))
    up = criteria.Framework.model_validate(all_kinds_framework_data(mode="up"))
    ans = {"value": {"kind": "ratio", "numerator": 5, "denominator": 6}}
    assert one("ratio", ans, down).points == D("8.33")
    assert one("ratio", ans, up).points == D("8.34")
    # a tie: 5 × 80.25 / 100 = 4.0125 -> 3 places: half_even 4.012, half_up 4.013
    even = criteria.Framework.model_validate(all_kinds_framework_data(places=3, mode="half_even"))
    tie = {"value": {"kind": "external_index", "score": "80.25"}}
    assert one("ext", tie, even).points == D("4.012")
    assert one("ext", tie, FW3).points == D("4.013")


def test_penalty_and_bonus_outside_the_max() -> None:
    card = score(
        FW,
        assessment(
            bonus={"value": {"kind": "quota", "count": 1}},
            penalty={"value": {"kind": "deduction", "violations": 2}},
        ),
    )
    # groups 100, bonus +5, penalty max(-5, 0 − 2) = −2
    assert card.base_total == D(100)
    assert card.criterion("bonus").points == D(5)
    assert card.criterion("penalty").points == D(-2)
    assert card.total == D(103)


# -- empty denominators under each policy -------------------------------------------------------


def test_empty_denominator_zero_policy() -> None:
    r = one("ratio", {"value": {"kind": "ratio", "numerator": 0, "denominator": 0}})
    assert (r.points, r.status) == (D(0), Status.UNMET)
    assert "zero points by rule" in r.reason_en


def test_empty_denominator_full_policy() -> None:
    r = one("ratio-t", {"value": {"kind": "ratio", "numerator": 0, "denominator": 0}})
    assert (r.points, r.status) == (D(10), Status.MET)
    assert "full points by rule" in r.reason_en


def test_empty_denominator_not_applicable_policy() -> None:
    card = score(FW, assessment(cov={"value": {"kind": "coverage", "answered": 0, "required": 0}}))
    r = card.criterion("cov")
    assert r.points is None
    assert r.status is Status.NOT_APPLICABLE
    assert card.not_applicable == ("cov",)
    # 100 − 10 not applicable; nothing else missing, so the tier is not provisional
    assert card.total == D(90)
    assert card.reported_max == D(90)
    assert not card.tier_provisional


def test_too_few_survey_responses_is_not_reported() -> None:
    r = one("survey", {"value": {"kind": "survey", "satisfied": 25, "responses": 25}})
    assert r.points is None
    assert r.status is Status.NOT_REPORTED
    assert "at least 30" in r.reason_en
    assert r.reason == "Chỉ có 25 câu trả lời, cần ít nhất 30"  # answers, not forms


def test_minimum_responses_counts_forms_when_given() -> None:
    # 9 questions pooled: 25 forms give 225 answers, still fewer than 30 forms
    few = {"kind": "survey", "satisfied": 200, "responses": 225, "forms": 25}
    r = one("survey", {"value": few})
    assert (r.points, r.status) == (None, Status.NOT_REPORTED)
    assert (r.reason, r.reason_en) == (
        "Chỉ có 25 phiếu, cần ít nhất 30 phiếu",
        "only 25 forms; at least 30 are required",
    )
    enough = one("survey", {"value": {**few, "responses": 270, "satisfied": 243, "forms": 30}})
    # 243/270 = 90% reaches the 0.9 threshold: full 10 points
    assert (enough.points, enough.status) == (D(10), Status.MET)


@pytest.mark.parametrize(("responses", "forms"), [(10, 11), (10, 0)])
def test_forms_must_fit_the_responses(responses: int, forms: int) -> None:
    with pytest.raises(ChinhQuyenError, match="forms"):
        SurveyValue.model_validate({"satisfied": 0, "responses": responses, "forms": forms})


# -- missing answers ----------------------------------------------------------------------------


def test_missing_answer_is_not_reported_not_zero() -> None:
    card = score(FW, assessment(yes=None))
    r = card.criterion("yes")
    assert r.points is None
    assert r.status is Status.NOT_REPORTED
    assert r.shortfall is None
    assert card.not_reported == ("yes",)
    assert card.groups[0].not_reported == ("yes",)
    # the total is the sum of the points obtained: 100 − 5, and the reported max says so
    assert card.total == D(95)
    assert card.reported_max == D(95)
    # nothing shows "yes" reaches its 50 % floor, so the floor caps the tier at 2 sao
    assert card.tier_before_knockouts == "4 sao"
    assert card.tier == "2 sao"
    assert card.tier_provisional


def test_self_score_without_measured_value() -> None:
    card = score(FW, assessment(ratio={"self_score": 9}))
    r = card.criterion("ratio")
    assert r.points is None
    assert r.status is Status.NOT_REPORTED
    assert r.reason_en == "self-score given without the measured value"
    assert r.self_score == D(9)


def test_self_score_kept_beside_computed_points() -> None:
    card = score(
        FW,
        assessment(
            ratio={"self_score": 10, "value": {"kind": "ratio", "numerator": 5, "denominator": 6}}
        ),
    )
    r = card.criterion("ratio")
    assert (r.points, r.self_score, r.self_difference) == (D("8.33"), D(10), D("1.67"))
    # self-scores are given for "self" (10) and "ratio" (10) only
    assert card.self_total == D(20)
    # the difference compares criteria that have both: self 10 − 10, ratio 10 − 8.33
    assert card.self_difference == D("1.67")


# -- tiers and knockouts ------------------------------------------------------------------------


def test_total_of_94_995_is_3_sao_not_4() -> None:
    # places = 3: self 6 + 4 × 5 = 26; g2 40; cov 10 + survey 10 + ext 5 × 99.9/100 = 4.995
    # + ded 5 − 1 = 4 -> 28.995; total 94.995, in [90, 95)
    card = score(
        FW3,
        assessment(
            self={"self_score": 6},
            ext={"value": {"kind": "external_index", "score": "99.9"}},
            ded={"value": {"kind": "deduction", "violations": 1}},
        ),
    )
    assert card.total == D("94.995")
    assert card.tier == "3 sao"
    assert card.tier_before_knockouts == "3 sao"


def test_rounding_to_two_places_is_per_criterion() -> None:
    # the same answers under 2 places: ext 4.995 -> 5.00, total 95 -> 4 sao
    card = score(
        FW,
        assessment(
            self={"self_score": 6},
            ext={"value": {"kind": "external_index", "score": "99.9"}},
            ded={"value": {"kind": "deduction", "violations": 1}},
        ),
    )
    assert card.criterion("ext").points == D("5.00")
    assert card.total == D(95)
    assert card.tier == "4 sao"


def test_criterion_floor_lowers_the_tier() -> None:
    # self 4 < 50 % of 10; total 94 + bonus 5 = 99 -> 4 sao before, capped at 2 sao
    card = score(
        FW,
        assessment(self={"self_score": 4}, bonus={"value": {"kind": "quota", "count": 1}}),
    )
    assert card.total == D(99)
    assert card.tier_before_knockouts == "4 sao"
    assert card.tier == "2 sao"
    floor = next(k for k in card.knockouts if k.kind == "criterion_floor")
    assert floor.triggered and floor.applied
    assert floor.criterion_ids == ("self",)


def test_floor_cap_does_not_raise_a_lower_tier() -> None:
    # self 4, ratio 0/6: total 100 − 6 − 10 = 84 -> 2 sao; the cap at 2 sao changes nothing
    card = score(
        FW,
        assessment(
            self={"self_score": 4},
            ratio={"value": {"kind": "ratio", "numerator": 0, "denominator": 6}},
        ),
    )
    assert card.tier == "2 sao"
    floor = next(k for k in card.knockouts if k.kind == "criterion_floor")
    assert floor.triggered and not floor.applied
    assert floor.criterion_ids == ("self", "ratio")


def test_disqualifier_removes_the_tier() -> None:
    card = score(FW, assessment(disqualifiers={"ky-luat": True}))
    assert card.total == D(100)
    assert card.tier_before_knockouts == "4 sao"
    assert card.tier is None


def test_unreported_disqualifier_makes_the_tier_provisional() -> None:
    card = score(FW, assessment(disqualifiers={}))
    k = next(k for k in card.knockouts if k.kind == "disqualifier")
    assert k.triggered is None
    assert card.tier == "4 sao"
    assert card.tier_provisional


def test_minimum_total_knockout() -> None:
    data = all_kinds_framework_data(knockouts=False)
    data["knockouts"] = [
        {
            "kind": "minimum_total",
            "points": 80,
            "effect": {"no_tier": True},
            "sources": [{"document": "test"}],
        }
    ]
    fw = criteria.Framework.model_validate(data)
    # 100 − 10 (ratio) − 10 (quota-none) − 5 (yes) = 75 < 80
    card = score(
        fw,
        assessment(
            ratio={"value": {"kind": "ratio", "numerator": 0, "denominator": 3}},
            quota_none={"value": {"kind": "quota", "count": 0}},
            yes={"value": {"kind": "yes_no", "value": False}},
            disqualifiers={},
        ),
    )
    assert card.total == D(75)
    assert card.tier_before_knockouts == "1 sao"
    assert card.tier is None


# -- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "error", "needle"),
    [
        ({"nope": {"self_score": 1}}, UnknownCriterionError, "nope"),
        ({"ratio": {"value": {"kind": "quota", "count": 1}}}, AnswerError, "ratio"),
        ({"self": {"self_score": 11}}, AnswerError, "self"),
        ({"self": {"self_score": "7.3"}}, AnswerError, "multiple of 0.5"),
        (
            {
                "ratio": {
                    "self_score": 12,
                    "value": {"kind": "ratio", "numerator": 1, "denominator": 1},
                }
            },
            AnswerError,
            "0..10",
        ),
        (
            {
                "ratio": {
                    "self_score": "8.333",
                    "value": {"kind": "ratio", "numerator": 1, "denominator": 1},
                }
            },
            AnswerError,
            "decimal place",
        ),
        ({"check-all": {"value": {"kind": "checklist", "done": ["i9"]}}}, AnswerError, "i9"),
        ({"ext": {"value": {"kind": "external_index", "score": 101}}}, AnswerError, "ext"),
        (
            {"self": {"self_score": 5, "value": {"kind": "yes_no", "value": True}}},
            AnswerError,
            "self-scored",
        ),
        (
            {
                "ded": {
                    "value": {
                        "kind": "deduction",
                        "records": [{"rule": "other/code#x", "date": "2025-05-02"}],
                    }
                }
            },
            AnswerError,
            "test/code#",
        ),
    ],
)
def test_refusals_name_the_criterion(
    changes: dict[str, Any], error: type[Exception], needle: str
) -> None:
    answers = {**FULL, **changes}
    doc = {
        "framework": "test/all-kinds",
        "unit": {"code": "1", "name": "x", "province": "Thử nghiệm"},
        "period": 2025,
        "answers": answers,
    }
    a = SelfAssessment.model_validate_json(json.dumps(doc))
    with pytest.raises(error) as info:
        score(FW, a)
    assert needle in str(info.value)
    assert isinstance(info.value, ChinhQuyenError)


def test_several_bad_answers_are_reported_together() -> None:
    with pytest.raises(AnswerError) as info:
        score(FW, assessment(self={"self_score": 11}, yes={"value": {"kind": "quota", "count": 1}}))
    assert "self" in str(info.value) and "yes" in str(info.value)


def test_wrong_framework_and_period_are_refused() -> None:
    with pytest.raises(AssessmentError, match="dong-nai/qd-54-2025"):
        score(FW, assessment(framework="dong-nai/qd-54-2025"))
    with pytest.raises(AssessmentError, match="2020-01-01"):
        score(FW, assessment(period=2019))
    with pytest.raises(AssessmentError, match="unknown disqualifier"):
        score(FW, assessment(disqualifiers={"ky-luat": False, "other": True}))


def test_score_by_registered_id() -> None:
    fw = criteria.load("dong-nai/qd-54-2025")
    a = SelfAssessment.model_validate(
        {
            "framework": fw.id,
            "unit": {"code": "26299", "name": "Xã Thống Nhất", "province": "Đồng Nai"},
            "period": 2025,
            "answers": {"tuyen-truyen": {"self_score": "13.5"}},
        }
    )
    card = score("dong-nai/qd-54-2025", a)
    assert card.total == D("13.5")
    assert set(card.not_reported) == {"van-hoa-cong-so", "hai-long", "cai-cach-hanh-chinh"}
    assert card.tier == "1 sao" and card.tier_provisional


# -- properties ---------------------------------------------------------------------------------

SHIPPED = [criteria.load(fid) for fid in criteria.available()]
ALL = [FW, FW3, *SHIPPED]


@st.composite
def framework_and_assessment(draw: st.DrawFn) -> tuple[criteria.Framework, SelfAssessment]:
    fw = draw(st.sampled_from(ALL))
    year = max(fw.effective_from.year, 2025)
    data = draw(scoring_assessments(fw, period=year))
    return fw, SelfAssessment.model_validate(data)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(framework_and_assessment())
def test_points_within_range_and_totals_add_up(
    case: tuple[criteria.Framework, SelfAssessment],
) -> None:
    fw, a = case
    card = score(fw, a)
    for r in card.criteria:
        assert r.points is None or D(0) <= r.points <= r.max_points
        assert (r.points is None) == (r.status in (Status.NOT_REPORTED, Status.NOT_APPLICABLE))
    for g in card.groups:
        inside = [card.criterion(c).points for c in g.criterion_ids]
        assert g.points == sum((p for p in inside if p is not None), D(0))
        assert D(0) <= g.points <= g.max_points
    assert card.base_total == sum((g.points for g in card.groups), D(0))
    assert card.total == card.base_total + sum(
        (r.points for r in card.bonus_penalty if r.points is not None), D(0)
    )
    assert Scorecard.from_json(card.to_json()) == card
    assert set(card.not_reported) == {
        r.criterion_id
        for r in (*card.criteria, *card.bonus_penalty)
        if r.status is Status.NOT_REPORTED
    }


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(framework_and_assessment(), st.randoms(use_true_random=False))
def test_answer_order_does_not_matter(
    case: tuple[criteria.Framework, SelfAssessment], rnd: random.Random
) -> None:
    fw, a = case
    items = list(a.answers.items())
    rnd.shuffle(items)
    shuffled = a.model_copy(update={"answers": dict(items)})
    assert score(fw, shuffled) == score(fw, a)


def _improve(value: dict[str, Any], measure: Any) -> dict[str, Any] | None:
    """One step more of what is required (or one violation fewer); None if already best."""
    v = dict(value)
    kind = v["kind"]
    if kind == "yes_no":
        return None if v["value"] else {**v, "value": True}
    if kind == "checklist":
        rest = [i.id for i in measure.items if i.id not in v["done"]]
        return {**v, "done": [*v["done"], rest[0]]} if rest else None
    pairs = {
        "ratio": ("numerator", "denominator"),
        "coverage": ("answered", "required"),
        "survey": ("satisfied", "responses"),
    }
    if kind in pairs:
        part, whole = pairs[kind]
        return {**v, part: v[part] + 1} if v[part] < v[whole] else None
    if kind == "quota":
        return {**v, "count": v["count"] + 1}
    if kind == "external_index":
        up = D(str(v["score"])) + D("0.1")
        return {**v, "score": up} if up <= measure.scale_max else None
    if kind == "deduction":
        return {**v, "violations": v["violations"] - 1} if v["violations"] > 0 else None
    if kind == "tally":
        return None  # a figure reported, not scored: no amount is better than another
    raise AssertionError(kind)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(framework_and_assessment(), st.data())
def test_improving_a_measured_value_never_lowers_the_score(
    case: tuple[criteria.Framework, SelfAssessment], data: st.DataObject
) -> None:
    fw, a = case
    measured = [cid for cid, ans in a.answers.items() if ans.value is not None]
    if not measured:
        return
    cid = data.draw(st.sampled_from(sorted(measured)))
    answer = a.answers[cid]
    assert answer.value is not None
    better = _improve(answer.value.model_dump(), fw.criterion(cid).measure)
    if better is None:
        return
    improved = a.model_copy(
        update={
            "answers": {
                **a.answers,
                cid: answer.model_copy(update={"value": type(answer.value).model_validate(better)}),
            }
        }
    )
    before, after = score(fw, a), score(fw, improved)
    assert after.total >= before.total
    p0, p1 = before.criterion(cid).points, after.criterion(cid).points
    assert p0 is None or (p1 is not None and p1 >= p0)


def test_unscored_items_are_judged_by_fulfilment() -> None:
    # dong-nai/ct-33-2024 lists items with 0 points: "no" must not show as met
    fw = criteria.load("dong-nai/ct-33-2024")
    a = SelfAssessment.model_validate(
        {
            "framework": fw.id,
            "unit": {"code": "1", "name": "Xã Thử", "province": "Đồng Nai"},
            "period": 2024,
            "answers": {
                "so-dien-thoai-lanh-dao": {"value": {"kind": "yes_no", "value": False}},
                "ma-qr-tra-cuu": {"value": {"kind": "yes_no", "value": True}},
            },
        }
    )
    card = score(fw, a)
    assert card.criterion("so-dien-thoai-lanh-dao").status is Status.UNMET
    assert card.criterion("ma-qr-tra-cuu").status is Status.MET
    assert card.criterion("ma-qr-tra-cuu").points == D(0)


def test_period_given_by_dates_round_trips() -> None:
    card = score(FW, assessment(period={"start": "2025-07-01", "end": "2025-12-31"}))
    assert card.period_label == "2025-07-01 – 2025-12-31"
    again = Scorecard.from_json(card.to_json())
    assert again == card
    assert again.period == card.period


def _in(province: str, fid: str = "dong-nai/qd-54-2025") -> SelfAssessment:
    return SelfAssessment.model_validate(
        {
            "framework": fid,
            "unit": {"code": "26299", "name": "Xã Thống Nhất", "province": province},
            "period": 2025 if fid == "dong-nai/qd-54-2025" else 2024,
        }
    )


@pytest.mark.parametrize(
    "written",
    [
        "Đồng Nai",
        "Tỉnh Đồng Nai",
        "tỉnh  đồng nai ",
        "ĐỒNG NAI",
        unicodedata.normalize("NFD", "Đồng Nai"),  # accents as combining marks
        "Thành phố Đồng Nai",
    ],
)
def test_a_provincial_framework_accepts_its_province_however_written(written: str) -> None:
    assert score("dong-nai/qd-54-2025", _in(written)).unit.province == written


@pytest.mark.parametrize("other", ["Bắc Ninh", "Đồng Tháp", "Nai", "Tây Ninh"])
def test_a_provincial_framework_refuses_another_province(other: str) -> None:
    with pytest.raises(AssessmentError) as e:
        score("dong-nai/qd-54-2025", _in(other))
    assert repr(other) in str(e.value) and "'Đồng Nai'" in str(e.value)


def test_a_former_province_is_its_successor_after_the_merger() -> None:
    # Bình Phước merged into Đồng Nai on 1/7/2025 (NQ 202/2025/QH15): for a period ending
    # after that day, a commune still writing its former province is in Đồng Nai
    assert score("dong-nai/qd-54-2025", _in("Bình Phước")).unit.province == "Bình Phước"


def test_a_nationwide_framework_takes_any_province() -> None:
    card = score("national/qd-766-2022", _in("Thanh Hóa", "national/qd-766-2022"))
    assert card.unit.province == "Thanh Hóa"


def _with_dong_nai_code() -> criteria.Framework:
    data = all_kinds_framework_data()
    code = "dong-nai/4-xin-4-luon-5-khong"
    data["conduct_codes"] = [code]
    ded = data["groups"][2]["criteria"][3]  # type: ignore[index]
    assert ded["id"] == "ded"
    ded["measure"]["conduct_code"] = code
    return criteria.Framework.model_validate(data)


def test_violation_records_must_name_a_rule_of_a_catalogued_code() -> None:
    fw = _with_dong_nai_code()
    code = "dong-nai/4-xin-4-luon-5-khong"

    def records(*rules: str) -> dict[str, Any]:
        recs = [{"rule": r, "date": "2025-03-01"} for r in rules]
        return {"value": {"kind": "deduction", "records": recs}}

    # "xin lỗi" is one of the 4 xin; "xin tiền" is not a rule of the code
    ok = one("ded", records(f"{code}#xin-loi"), fw)
    assert ok.points is not None and ok.points < ok.max_points
    with pytest.raises(AnswerError) as e:
        one("ded", records(f"{code}#xin-loi", f"{code}#xin-tien"), fw)
    msg = str(e.value)
    assert "ded" in msg and f"{code}#xin-tien" in msg and f"valid: {code}#" in msg
    assert f"{code}#xin-loi," not in msg.split("valid:")[0]  # only the wrong rule is named


def test_violations_outside_the_period_are_refused() -> None:
    recs = [{"date": "2025-03-01"}, {"date": "2024-12-31"}, {"date": "2026-01-01"}]
    with pytest.raises(AnswerError) as e:
        one("ded", {"value": {"kind": "deduction", "records": recs}})
    msg = str(e.value)
    assert "ded" in msg and "2024-12-31" in msg and "2026-01-01" in msg and "2025" in msg
    # one problem per record outside the period, at the record's date
    assert [(p.location, p.code, p.value.isoformat()) for p in e.value.problems] == [
        ("answers/ded/value/records/1/date", "deduction.outside_period", "2024-12-31"),
        ("answers/ded/value/records/2/date", "deduction.outside_period", "2026-01-01"),
    ]
    inside = one("ded", {"value": {"kind": "deduction", "records": recs[:1]}})
    assert inside.points is not None


#: a real unit of each province (the registry checks units for periods from 1/7/2025)
_REAL = {"Thanh Hóa": ("15148", "Xã Cẩm Tú"), "Khánh Hòa": ("22333", "Phường Bắc Nha Trang")}


@pytest.mark.parametrize(
    ("framework_province", "written", "same"),
    [
        ("Thanh Hóa", "Thanh Hoá", True),  # the tone mark on the other vowel: one name
        ("Khánh Hòa", "tỉnh Khánh Hoà", True),
        ("Thanh Hóa", "Thanh Hòa", False),  # another tone: another name
    ],
)
def test_province_spelled_with_either_tone_placement(
    framework_province: str, written: str, same: bool
) -> None:
    data = all_kinds_framework_data()
    data["jurisdiction"] = {"province": framework_province, "level": "commune"}
    fw = criteria.Framework.model_validate(data)
    code, name = _REAL[framework_province]
    a = assessment().model_copy(
        update={
            "unit": assessment().unit.model_copy(
                update={"province": written, "code": code, "name": name}
            )
        }
    )
    if same:
        assert score(fw, a).unit.province == written
    else:
        with pytest.raises(AssessmentError, match=repr(written)):
            score(fw, a)
