"""Answer value types: what each checks alone, exact decimals, lists and ISO dates accepted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chinhquyen.errors import ChinhQuyenError, InvalidInputError
from chinhquyen.scoring import (
    Answer,
    ChecklistValue,
    CoverageValue,
    DeductionValue,
    Evidence,
    ExternalIndexValue,
    QuotaValue,
    RatioValue,
    SurveyValue,
    YesNoValue,
)


def test_issue_example_json() -> None:
    a = Answer.model_validate_json('{"self_score": 19.5, "evidence": [{"document": "63/KH-UBND"}]}')
    assert a.self_score == Decimal("19.5")
    assert a.value is None
    assert a.evidence[0].document == "63/KH-UBND"


@pytest.mark.parametrize(
    ("given_", "expected"),
    [(20, "20"), (19.5, "19.5"), ("19.50", "19.50"), (Decimal("0.1"), "0.1"), (0.1, "0.1")],
)
def test_self_score_is_exact(given_: object, expected: str) -> None:
    score = Answer.model_validate({"self_score": given_}).self_score
    assert score == Decimal(expected)
    assert str(score) == expected


@pytest.mark.parametrize("bad", [True, "abc", float("nan"), float("inf"), "NaN", [1]])
def test_self_score_refuses_non_numbers(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="self_score"):
        Answer.model_validate({"self_score": bad})


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ({"kind": "ratio", "numerator": 7, "denominator": 6}, "exceeds denominator"),
        ({"kind": "coverage", "answered": 5, "required": 4}, "exceeds required"),
        ({"kind": "survey", "satisfied": 227, "responses": 226}, "exceeds responses"),
        ({"kind": "ratio", "numerator": -1, "denominator": 6}, "greater than or equal to 0"),
        ({"kind": "quota", "count": -1}, "greater than or equal to 0"),
        ({"kind": "quota", "count": 1.0}, "count"),
        ({"kind": "quota", "count": True}, "count"),
        ({"kind": "checklist", "done": ["a", "a"]}, "listed twice"),
        ({"kind": "external_index", "score": -1}, "greater than or equal to 0"),
        ({"kind": "deduction"}, "give violations"),
        (
            {"kind": "deduction", "violations": 2, "records": [{"date": "2024-05-02"}]},
            "1 record",
        ),
        ({"kind": "shrug"}, "does not match"),
        ({"kind": "yes_no", "value": "yes"}, "value"),
        ({"kind": "quota", "count": 1, "extra": 1}, "extra"),
    ],
)
def test_values_check_themselves(value: dict[str, object], needle: str) -> None:
    with pytest.raises(ChinhQuyenError, match=needle):
        Answer.model_validate({"value": value})


def test_deduction_counts_records() -> None:
    v = DeductionValue.model_validate(
        {
            "records": [
                {"rule": "dong-nai/4-xin-4-luon-5-khong#xin-loi", "date": "2024-05-02"},
                {"date": dt.date(2024, 6, 1), "note": "thái độ chưa đúng mực"},
            ]
        }
    )
    assert v.count == 2
    assert v.records[0].date == dt.date(2024, 5, 2)
    assert DeductionValue.model_validate({"violations": 0}).count == 0


@pytest.mark.parametrize("bad", ["2024-5-2", "02/05/2024", "2024-02-30"])
def test_dates_are_iso_only(bad: str) -> None:
    with pytest.raises(InvalidInputError, match="date"):
        DeductionValue.model_validate({"records": [{"date": bad}]})


def test_a_datetime_is_not_a_date() -> None:
    with pytest.raises(InvalidInputError, match="not a date and time"):
        Evidence.model_validate({"file": "a.pdf", "date": dt.datetime(2024, 5, 2, 8, 0)})


def test_evidence_needs_a_reference() -> None:
    with pytest.raises(InvalidInputError, match="at least one of document, file or url"):
        Evidence.model_validate({"title": "Báo cáo"})


def test_lists_and_tuples_both_accepted() -> None:
    assert ChecklistValue.model_validate({"done": ["a", "b"]}).done == ("a", "b")
    assert ChecklistValue.model_validate({"done": ("a",)}).done == ("a",)


VALUES = st.one_of(
    st.builds(YesNoValue, value=st.booleans()),
    st.lists(st.text("abc", min_size=1), unique=True).map(lambda d: ChecklistValue(done=tuple(d))),
    st.integers(0, 99).flatmap(
        lambda n: st.integers(n, 200).map(lambda d: RatioValue(numerator=n, denominator=d))
    ),
    st.integers(0, 99).map(lambda n: QuotaValue(count=n)),
    st.integers(0, 9).map(lambda n: CoverageValue(answered=n, required=n + 1)),
    st.integers(0, 9).map(lambda n: SurveyValue(satisfied=n, responses=2 * n)),
    st.decimals(0, 100, places=3).map(lambda d: ExternalIndexValue(score=d)),
    st.integers(0, 9).map(lambda n: DeductionValue(violations=n)),
)


@given(VALUES, st.none() | st.decimals(0, 50, places=2), st.none() | st.text(min_size=1))
def test_answers_round_trip_through_json(value: object, self_score: object, note: object) -> None:
    a = Answer.model_validate({"value": value.model_dump(), "self_score": self_score, "note": note})  # type: ignore[attr-defined]
    assert Answer.model_validate_json(a.model_dump_json()) == a
