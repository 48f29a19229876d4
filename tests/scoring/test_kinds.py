"""Each measure kind's one rule, against its documented formula computed independently here.

The oracles below compute points with `fractions.Fraction` and round with the `decimal`
module's own `quantize`, straight from the formulas the criteria documentation states (see
`chinhquyen.criteria.measures`); the library computes them with integer arithmetic in the kind's
module. Invariants (bounds, monotonicity, saturation) are checked beside them.
"""

from __future__ import annotations

import decimal
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chinhquyen.criteria.measures import (
    Checklist,
    Coverage,
    Deduction,
    ExternalIndex,
    Quota,
    Ratio,
    SelfScored,
    Survey,
    YesNo,
)
from chinhquyen.errors import AnswerError
from chinhquyen.scoring import kinds
from chinhquyen.scoring.kinds import (
    KINDS,
    ChecklistValue,
    CoverageValue,
    DeductionValue,
    ExternalIndexValue,
    QuotaValue,
    RatioValue,
    SurveyValue,
    YesNoValue,
)
from chinhquyen.scoring.kinds.base import FormHooks, MeasureKind
from chinhquyen.scoring.numbers import MODES, rounder
from chinhquyen.scoring.status import CriterionStatus

_ROUNDING = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
}
_SRC = [{"document": "Test source", "basis": "assumption"}]


def _round(value: Fraction, places: int, mode: str) -> Decimal:
    with decimal.localcontext() as ctx:
        ctx.prec = 100
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(Decimal(1).scaleb(-places), rounding=_ROUNDING[mode])


def _points(max_points: Decimal) -> st.SearchStrategy[Decimal]:
    return st.integers(1, 10_000).map(lambda n: Decimal(n) / 100)


_MAX = st.integers(1, 10_000).map(lambda n: Decimal(n).scaleb(-2))
_PLACES = st.integers(0, 4)
_MODES = st.sampled_from(MODES)
_SHARES = st.integers(1, 100).map(lambda n: Decimal(n) / 100)


def _rule(measure: Any, max_points: Decimal, places: int, mode: str) -> Any:
    kind = KINDS[measure.kind]
    return kind.compile(measure, max_points, rounder(places, mode), "c1")


# --- the part-of-whole kinds: ratio, coverage, survey -------------------------------------------


@st.composite
def _part_whole(draw: st.DrawFn) -> tuple[int, int]:
    whole = draw(st.integers(1, 10**6))
    return draw(st.integers(0, whole)), whole


@given(_MAX, st.none() | _SHARES, _part_whole(), _PLACES, _MODES)
def test_ratio_is_max_times_rate_saturating_at_the_threshold(
    top: Decimal, threshold: Decimal | None, pw: tuple[int, int], places: int, mode: str
) -> None:
    part, whole = pw
    m = Ratio(kind="ratio", numerator="a", denominator="b", threshold=threshold, on_empty="zero")
    points, status, reason, reason_en = _rule(m, top, places, mode)(
        RatioValue(numerator=part, denominator=whole)
    )
    exact = Fraction(top) * Fraction(part, whole)
    if threshold is not None:
        exact = min(Fraction(top), exact / Fraction(threshold))
    assert points == _round(exact, places, mode)
    assert status is None
    assert reason.startswith(f"{part}/{whole} (") and reason_en.startswith(f"{part} of {whole} (")


@given(_MAX, st.none() | _SHARES, _part_whole(), _PLACES)
def test_coverage_and_survey_score_like_a_ratio(
    top: Decimal, threshold: Decimal | None, pw: tuple[int, int], places: int
) -> None:
    part, whole = pw
    ratio = Ratio(
        kind="ratio", numerator="a", denominator="b", threshold=threshold, on_empty="zero"
    )
    coverage = Coverage(
        kind="coverage", event="e", action="a", threshold=threshold, on_empty="zero"
    )
    survey = Survey(kind="survey", threshold=threshold, on_empty="zero")
    expected = _rule(ratio, top, places, "half_up")(RatioValue(numerator=part, denominator=whole))
    got_c = _rule(coverage, top, places, "half_up")(CoverageValue(answered=part, required=whole))
    got_s = _rule(survey, top, places, "half_up")(SurveyValue(satisfied=part, responses=whole))
    assert got_c[0] == got_s[0] == expected[0]


@given(_MAX, _SHARES, st.integers(1, 10**4), _PLACES)
def test_a_rate_rule_is_monotone_and_bounded(
    top: Decimal, threshold: Decimal, whole: int, places: int
) -> None:
    m = Ratio(kind="ratio", numerator="a", denominator="b", threshold=threshold, on_empty="zero")
    rule = _rule(m, top, places, "half_up")
    full = _round(Fraction(top), places, "half_up")  # the max at the framework's precision
    step = max(1, whole // 50)
    previous = Decimal(-1)
    for part in range(0, whole + 1, step):
        points = rule(RatioValue(numerator=part, denominator=whole))[0]
        assert Decimal(0) <= points <= full
        assert points >= previous
        previous = points
        if Fraction(part, whole) >= Fraction(threshold):
            assert points == full  # saturated


@pytest.mark.parametrize(
    ("on_empty", "points", "status"),
    [
        ("full", Decimal("12.00"), None),
        ("zero", Decimal("0.00"), None),
        ("not_applicable", None, CriterionStatus.NOT_APPLICABLE),
    ],
)
def test_an_empty_denominator_follows_on_empty(
    on_empty: str, points: Decimal | None, status: CriterionStatus | None
) -> None:
    m = Ratio(kind="ratio", numerator="a", denominator="hồ sơ", on_empty=on_empty)
    got = _rule(m, Decimal(12), 2, "half_up")(RatioValue(numerator=0, denominator=0))
    assert got[:2] == (points, status)
    assert got[2].startswith("Không phát sinh (hồ sơ: 0)")


def test_survey_minimum_counts_forms_when_given_else_responses() -> None:
    m = Survey(kind="survey", min_responses=30, on_empty="not_applicable")
    rule = _rule(m, Decimal(10), 2, "half_up")
    # 120 answers pooled from 12 forms: too few forms, although the answers are many
    few = rule(SurveyValue(satisfied=100, responses=120, forms=12))
    assert few == (
        None,
        CriterionStatus.NOT_REPORTED,
        "Chỉ có 12 phiếu, cần ít nhất 30 phiếu",
        "only 12 forms; at least 30 are required",
    )
    assert rule(SurveyValue(satisfied=25, responses=29))[1] is CriterionStatus.NOT_REPORTED
    # 29/30 = 96.666…% of 10 = 9.6666… → 9.67 (hand-computed)
    assert rule(SurveyValue(satisfied=29, responses=30))[0] == Decimal("9.67")


# --- the other kinds ------------------------------------------------------------------------------


@given(_MAX, st.integers(1, 50), st.integers(0, 100), _PLACES, _MODES, st.booleans())
def test_quota(
    top: Decimal, target: int, count: int, places: int, mode: str, proportional: bool
) -> None:
    m = Quota(
        kind="quota",
        target=target,
        per="year",
        unit="hội nghị",
        partial="proportional" if proportional else "none",
    )
    points = _rule(m, top, places, mode)(QuotaValue(count=count))[0]
    if count >= target:
        expected = Fraction(top)
    elif proportional:
        expected = Fraction(top) * Fraction(count, target)
    else:
        expected = Fraction(0)
    assert points == _round(expected, places, mode)


@st.composite
def _checklists(draw: st.DrawFn) -> tuple[Checklist, Decimal, list[str]]:
    n = draw(st.integers(1, 8))
    rule = draw(st.sampled_from(["all_or_nothing", "per_item", "proportional"]))
    worth = [Decimal(draw(st.integers(0, 400))) / 4 for _ in range(n)]
    items = [
        {
            "id": f"i{i}",
            "title": f"Mục {i}",
            "points": str(worth[i]) if rule == "per_item" else None,
            "sources": _SRC,
        }
        for i in range(n)
    ]
    top = sum(worth, Decimal(0)) if rule == "per_item" else draw(_MAX)
    done = draw(st.lists(st.sampled_from([f"i{i}" for i in range(n)]), unique=True))
    m = Checklist.model_validate({"kind": "checklist", "items": items, "rule": rule})
    return m, top, done


@given(_checklists(), _PLACES)
def test_checklist(case: tuple[Checklist, Decimal, list[str]], places: int) -> None:
    m, top, done = case
    points, _, reason, _ = _rule(m, top, places, "half_up")(ChecklistValue(done=done))
    n = len(m.items)
    if m.rule == "all_or_nothing":
        expected = Fraction(top) if len(done) == n else Fraction(0)
    elif m.rule == "per_item":
        expected = sum((Fraction(it.points or 0) for it in m.items if it.id in done), Fraction(0))
    else:
        expected = Fraction(top) * Fraction(len(done), n)
    assert points == _round(expected, places, "half_up")
    assert reason.startswith(f"Hoàn thành {len(done)}/{n} nội dung")


def test_checklist_refuses_an_unknown_item_naming_the_valid_ones() -> None:
    m = Checklist.model_validate(
        {
            "kind": "checklist",
            "rule": "proportional",
            "items": [{"id": "a", "title": "A", "sources": _SRC}],
        }
    )
    with pytest.raises(AnswerError, match=r"criterion c1: unknown checklist item z; valid") as e:
        _rule(m, Decimal(5), 2, "half_up")(ChecklistValue(done=["a", "z", "y"]))
    # one problem per unknown item, at its place in `done`
    assert [(p.location, p.code, p.value) for p in e.value.problems] == [
        ("answers/c1/value/done/1", "checklist.unknown_item", "z"),
        ("answers/c1/value/done/2", "checklist.unknown_item", "y"),
    ]


@given(
    _MAX,
    st.integers(1, 1000).map(lambda n: Decimal(n) / 10),
    st.integers(0, 10**4),
    _PLACES,
    _MODES,
)
def test_external_index_is_linear(
    top: Decimal, scale_max: Decimal, raw: int, places: int, mode: str
) -> None:
    score = min(scale_max, Decimal(raw) / 100)
    m = ExternalIndex(kind="external_index", index="PAR", scale_max=scale_max, conversion="linear")
    points = _rule(m, top, places, mode)(ExternalIndexValue(score=score))[0]
    assert points == _round(Fraction(top) * Fraction(score) / Fraction(scale_max), places, mode)
    with pytest.raises(AnswerError, match="above the index's top score"):
        _rule(m, top, places, mode)(ExternalIndexValue(score=scale_max + Decimal("0.01")))


@given(_MAX, st.integers(1, 200).map(lambda n: Decimal(n) / 4), st.integers(0, 60), _PLACES)
def test_deduction_stops_at_the_floor(
    top: Decimal, per: Decimal, violations: int, places: int
) -> None:
    floor = -(top // 2)
    m = Deduction(kind="deduction", per_violation=per, floor=floor)
    points = _rule(m, top, places, "half_up")(DeductionValue(violations=violations))[0]
    assert points == _round(
        max(Fraction(floor), Fraction(top) - violations * Fraction(per)), places, "half_up"
    )


def test_yes_no_and_self_scored() -> None:
    yes = _rule(YesNo(kind="yes_no"), Decimal(5), 2, "half_up")
    assert yes(YesNoValue(value=True))[0] == Decimal("5.00")
    assert yes(YesNoValue(value=False))[0] == Decimal("0.00")
    stepped = _rule(SelfScored(kind="self_scored", step=Decimal("0.5")), Decimal(10), 2, "half_up")
    assert stepped(Decimal("7.5"))[:3] == (Decimal("7.5"), None, "Tự chấm 7.5/10 điểm")
    assert stepped(None)[1] is CriterionStatus.NOT_REPORTED
    with pytest.raises(AnswerError, match=r"not a multiple of 0\.5"):
        stepped(Decimal("7.3"))
    # a self-score written with an exponent is shown as the plain number it is (issue 10)
    assert stepped(Decimal("1E+1"))[2] == "Tự chấm 10/10 điểm"


# --- the registry -------------------------------------------------------------------------------


def test_every_criteria_measure_has_exactly_one_kind_module() -> None:
    from typing import get_args

    from chinhquyen.criteria.measures import Measure

    measures = {
        get_args(m.model_fields["kind"].annotation)[0] for m in get_args(get_args(Measure)[0])
    }
    assert measures == set(KINDS)
    for name, k in KINDS.items():
        assert k.name == name
        assert isinstance(k.form, FormHooks)
        assert k.label and k.label_en
        assert (k.value is None) == (k.digest is None)


def test_a_kind_whose_digest_misses_a_field_fails_at_construction() -> None:
    ratio = KINDS["ratio"]
    with pytest.raises(TypeError, match="the digest writes"):
        MeasureKind(
            name="ratio",
            measure=ratio.measure,
            value=ratio.value,
            label="x",
            label_en="x",
            compile=ratio.compile,
            digest=ratio.digest,
            digest_fields=frozenset({"kind", "numerator"}),  # "denominator" forgotten
            form=ratio.form,
        )
    with pytest.raises(TypeError, match="kind differs"):
        MeasureKind(
            name="quota",  # the Ratio measure's kind is "ratio"
            measure=ratio.measure,
            value=ratio.value,
            label="x",
            label_en="x",
            compile=ratio.compile,
            digest=ratio.digest,
            digest_fields=ratio.digest_fields,
            form=ratio.form,
        )


def test_an_unknown_kind_is_refused_naming_the_valid_ones() -> None:
    from chinhquyen.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="valid kinds: self_scored, yes_no"):
        kinds.kind("figure")
    assert kinds.kind("ratio") is KINDS["ratio"]


# --- the tally: a figure reported, not scored ---------------------------------------------------


def _tally_framework() -> Any:
    from chinhquyen import criteria

    src = [{"document": "Test source", "basis": "assumption"}]
    return criteria.Framework.model_validate_json(
        json.dumps(
            {
                "id": "test/tally",
                "version": "1",
                "title": "Mô hình phân loại rác (thử nghiệm)",
                "issuer": "Thử nghiệm",
                "jurisdiction": {"level": "commune"},
                "legal_basis": src,
                "effective_from": "2024-01-01",
                "status": "derived",
                "status_note": "Bộ thử nghiệm, không có điểm.",
                "max_points": "0",
                "rounding": {"places": 2, "mode": "half_up"},
                "groups": [
                    {
                        "id": "rac",
                        "title": "Phân loại rác",
                        "max_points": "0",
                        "sources": src,
                        "criteria": [
                            {
                                "id": "tan-rac",
                                "title": "Rác đã phân loại",
                                "max_points": "0",
                                "measure": {"kind": "tally", "unit": "tấn", "per": "year"},
                                "sources": src,
                            }
                        ],
                    }
                ],
            }
        )
    )


def test_a_tally_reports_its_figure_and_is_met_once_reported() -> None:
    from chinhquyen.scoring import SelfAssessment, score

    fw = _tally_framework()
    unit = {"code": "26299", "name": "Xã Thống Nhất", "province": "Đồng Nai"}
    reported = SelfAssessment.model_validate(
        {
            "framework": fw.id,
            "unit": unit,
            "period": 2025,
            "answers": {"tan-rac": {"value": {"kind": "tally", "amount": "12.50"}}},
        }
    )
    result = score(fw, reported).criterion("tan-rac")
    assert (result.points, result.status) == (Decimal(0), CriterionStatus.MET)
    assert result.reason == "Báo cáo 12.5 tấn (năm)"
    assert result.reason_en == "12.5 tấn reported (per year)"
    silent = SelfAssessment.model_validate({"framework": fw.id, "unit": unit, "period": 2025})
    assert score(fw, silent).criterion("tan-rac").status is CriterionStatus.NOT_REPORTED


def test_a_tally_goes_through_the_excel_form_and_the_digest() -> None:
    import json

    from chinhquyen.scoring import SelfAssessment, canonical_json, excel

    fw = _tally_framework()
    a = SelfAssessment.model_validate(
        {
            "framework": fw.id,
            "unit": {"code": "26299", "name": "Xã Thống Nhất", "province": "Đồng Nai"},
            "period": 2025,
            "answers": {"tan-rac": {"value": {"kind": "tally", "amount": "1234.567"}}},
        }
    )
    assert excel.read(excel.template(fw, a), fw).answers == a.answers
    documented = json.dumps(
        a.model_dump(mode="json", exclude_none=True),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    assert canonical_json(a) == documented


def test_a_tally_framework_worth_points_is_refused() -> None:
    from chinhquyen.errors import InvalidInputError

    data = _tally_framework().model_dump(mode="json")
    data["max_points"] = data["groups"][0]["max_points"] = "5"
    data["groups"][0]["criteria"][0]["max_points"] = "5"
    from chinhquyen import criteria

    with pytest.raises(InvalidInputError, match="a tally is reported, not scored"):
        criteria.Framework.model_validate_json(json.dumps(data))
