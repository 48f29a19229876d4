"""Appraisal: appraised points replace computed ones, everything is kept side by side."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.scoring.test_engine import FW, assessment

from chinhquyen import criteria
from chinhquyen.errors import AnswerError, AssessmentError, InvalidInputError, UnknownCriterionError
from chinhquyen.scoring import Adjustment, load_assessment, review, score
from chinhquyen.scoring import CriterionStatus as Status
from chinhquyen.scoring.demo import example_path

D = Decimal


def test_appraisal_lowers_points_and_recomputes_the_tier() -> None:
    card = score(
        FW,
        assessment(
            ratio={"self_score": 10, "value": {"kind": "ratio", "numerator": 6, "denominator": 6}}
        ),
    )
    assert card.total == D(100) and card.tier == "4 sao"
    # the appraiser finds one of the six dossiers late: 10 -> 8;
    # then sets "self" to 4 (< 50 % of 10): the criterion floor caps the tier at 2 sao
    done = review(
        card,
        [
            Adjustment(
                criterion_id="ratio", points=D(8), reason="1 hồ sơ trễ hạn", appraiser="Sở Nội vụ"
            ),
            Adjustment(criterion_id="self", points=D(4), reason="Thiếu minh chứng"),
        ],
        framework=FW,
    )
    r = done.criterion("ratio")
    assert (r.self_score, r.computed_points, r.appraised_points, r.points) == (
        D(10),
        D(10),
        D(8),
        D(8),
    )
    assert r.status is Status.PARTIAL
    assert r.appraiser == "Sở Nội vụ" and r.appraisal_reason == "1 hồ sơ trễ hạn"
    assert done.total == D(92)  # 100 − (10 − 8) − (10 − 4)
    assert done.tier_before_knockouts == "3 sao"
    assert done.tier == "2 sao"
    assert done.appraised
    assert done.digest == card.digest
    assert done.self_difference == D(2) + D(6)  # ratio 10 − 8, self 10 − 4
    # the input scorecard is unchanged
    assert card.total == D(100) and not card.appraised


def test_appraisal_can_score_a_not_reported_criterion() -> None:
    card = score(FW, assessment(yes=None))
    done = review(
        card,
        [Adjustment(criterion_id="yes", points=D(5), reason="Có biên bản kiểm tra")],
        framework=FW,
    )
    assert done.criterion("yes").points == D(5)
    assert done.criterion("yes").computed_points is None
    assert done.not_reported == ()
    assert done.total == D(100)


@pytest.mark.parametrize(
    ("adjustments", "error", "needle"),
    [
        ([Adjustment(criterion_id="nope", points=D(1), reason="x")], UnknownCriterionError, "nope"),
        ([Adjustment(criterion_id="yes", points=D(6), reason="x")], AnswerError, "0..5"),
        ([Adjustment(criterion_id="yes", points=D(-1), reason="x")], AnswerError, "outside"),
        (
            [Adjustment(criterion_id="yes", points=D("2.555"), reason="x")],
            AnswerError,
            "decimal place",
        ),
        (
            [
                Adjustment(criterion_id="yes", points=D(1), reason="x"),
                Adjustment(criterion_id="yes", points=D(2), reason="y"),
            ],
            AnswerError,
            "twice",
        ),
    ],
)
def test_adjustments_are_validated(
    adjustments: list[Adjustment], error: type[Exception], needle: str
) -> None:
    card = score(FW, assessment())
    with pytest.raises(error, match=needle):
        review(card, adjustments, framework=FW)


def test_every_refused_adjustment_is_one_located_coded_problem() -> None:
    # an app highlights each faulty row of the appraisal it sent: one problem per adjustment,
    # at its position, with a code and both languages (not one string joined with "; ")
    card = score(FW, assessment())
    given = [
        Adjustment(criterion_id="yes", points=D(6), reason="x"),  # 0: max 5
        Adjustment(criterion_id="self", points=D(4), reason="fine"),  # 1: accepted
        Adjustment(criterion_id="ratio", points=D("2.555"), reason="x"),  # 2: too precise
    ]
    with pytest.raises(AnswerError) as e:
        review(card, given, framework=FW)
    got = [(p.location, p.code, p.value) for p in e.value.problems]
    assert got == [
        ("adjustments/0/points", "appraised_points.out_of_range", D(6)),
        ("adjustments/2/points", "appraised_points.too_precise", D("2.555")),
    ]
    first = e.value.problems[0]
    assert first.message_en == "criterion yes: appraised points 6 are outside 0..5.00"
    assert first.message_vi == "tiêu chí yes: điểm thẩm định 6 nằm ngoài khoảng 0..5.00"
    assert str(e.value).startswith("2 problems")
    twice = [Adjustment(criterion_id="yes", points=D(1), reason="x")] * 2
    with pytest.raises(AnswerError) as e2:
        review(card, twice, framework=FW)
    assert [(p.location, p.code) for p in e2.value.problems] == [
        ("adjustments/1/points", "appraisal.twice")
    ]
    assert "adjustments 0 and 1" in str(e2.value)


def test_a_reason_is_required() -> None:
    with pytest.raises(InvalidInputError, match="reason"):
        Adjustment.model_validate({"criterion_id": "yes", "points": 1, "reason": ""})


def test_penalty_may_be_appraised_below_zero() -> None:
    card = score(FW, assessment())
    done = review(
        card, [Adjustment(criterion_id="penalty", points=D(-3), reason="3 vi phạm")], framework=FW
    )
    assert done.total == D(97)


def test_review_with_the_registered_framework() -> None:
    a = load_assessment(example_path("dong-nai-2025.json"))
    card = score(a.framework, a)
    done = review(
        card,
        [Adjustment(criterion_id="hai-long", points=D(17), reason="Khảo sát chưa đủ đối tượng")],
    )
    # 91.8 − (19 − 17) = 89.8 -> 2 sao (80 to under 90)
    assert done.total == D("89.8")
    assert done.tier == "2 sao"
    with pytest.raises(AssessmentError, match="scored with"):
        review(card, [], framework=FW)


def test_review_round_trips_through_json() -> None:
    card = score(FW, assessment())
    done = review(
        card, [Adjustment(criterion_id="yes", points=D(0), reason="Không có bảng")], framework=FW
    )
    assert type(done).model_validate_json(done.model_dump_json()) == done
    assert criteria.load("dong-nai/qd-54-2025").id == "dong-nai/qd-54-2025"


def test_explain_prints_the_full_trace(capsys: pytest.CaptureFixture[str]) -> None:
    card = score(FW, assessment())
    done = review(
        card,
        [
            Adjustment(
                criterion_id="self",
                points=D(4),
                reason="Thiếu minh chứng",
                appraiser="Đoàn thẩm định",
            )
        ],
        framework=FW,
    )
    done.explain()
    out = capsys.readouterr().out
    assert "Thẩm định (appraised): 4" in out and "Đoàn thẩm định" in out
    assert "Điểm liệt [CÓ]" in out  # the criterion floor, triggered by self = 4 < 5
    assert "2 sao (2 stars) (trước điểm liệt: 3 sao)" in out  # 100 − 6 = 94, capped
    assert done.digest in out
    done.explain(lang="en")
    english = capsys.readouterr().out
    assert "Appraised: 4" in english and "Knockout [YES]" in english
