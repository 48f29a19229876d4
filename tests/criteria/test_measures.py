"""Each measure kind states its rule; the wording is checked against hand-written formulas."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chinhquyen import criteria
from chinhquyen.criteria.measures import describe
from chinhquyen.errors import ChinhQuyenError

SRC = [criteria.Citation(document="Test")]


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        (criteria.SelfScored(kind="self_scored", step=Decimal("0.5")), "in steps of 0.5"),
        (criteria.YesNo(kind="yes_no"), "10 if yes, else 0"),
        (
            criteria.Ratio(
                kind="ratio",
                numerator="a",
                denominator="b",
                threshold=Decimal("0.8"),
                on_empty="full",
            ),
            "min(10, 10 × rate / 80%); empty denominator: full",
        ),
        (
            criteria.Quota(kind="quota", target=2, per="year", unit="hội nghị", partial="none"),
            "10 if at least 2 hội nghị per year, else 0",
        ),
        (
            criteria.ExternalIndex(
                kind="external_index", index="PAR", scale_max=Decimal(100), conversion="linear"
            ),
            "10 × score / 100 on PAR",
        ),
        (
            criteria.Deduction(kind="deduction", per_violation=Decimal("2.5")),
            "max(0, 10 − 2.5 × violations)",
        ),
    ],
)
def test_describe(measure: criteria.Measure, expected: str) -> None:
    assert expected in describe(measure, Decimal(10))


def test_points_refuse_floats_and_accept_strings() -> None:
    with pytest.raises(ChinhQuyenError, match="floats are not exact"):
        criteria.Deduction.model_validate({"kind": "deduction", "per_violation": 0.1})
    d = criteria.Deduction.model_validate({"kind": "deduction", "per_violation": "0.1"})
    assert d.per_violation == Decimal("0.1")
    with pytest.raises(ChinhQuyenError, match="not a decimal number"):
        criteria.Deduction.model_validate({"kind": "deduction", "per_violation": "1e3"})
    with pytest.raises(ChinhQuyenError, match="not a boolean"):
        criteria.Deduction.model_validate({"kind": "deduction", "per_violation": True})


def test_effect_is_exactly_one_of_two() -> None:
    assert criteria.KnockoutEffect.model_validate({"no_tier": True}).describe() == (
        "not recognised (no tier)"
    )
    assert criteria.KnockoutEffect.model_validate({"cap_tier": "2 sao"}).describe() == (
        "tier at most 2 sao"
    )
    with pytest.raises(ChinhQuyenError):
        criteria.KnockoutEffect.model_validate({})
    with pytest.raises(ChinhQuyenError):
        criteria.KnockoutEffect.model_validate({"no_tier": False})


_ITEMS = [
    criteria.ChecklistItem(id="a", title="A", sources=SRC),
    criteria.ChecklistItem(id="b", title="B", sources=SRC),
]
_POINTED = [
    criteria.ChecklistItem(id="a", title="A", sources=SRC, points=Decimal(4)),
    criteria.ChecklistItem(id="b", title="B", sources=SRC, points=Decimal(6)),
]

#: Every kind and variant with its full wording for a criterion worth 10 (and 0): the rule
#: each sentence states is the formula in the measure's docstring, written out by hand.
WORDING = [
    (criteria.SelfScored(kind="self_scored"), "self-scored from 0 to 10 with evidence"),
    (
        criteria.SelfScored(kind="self_scored", step=Decimal("0.5")),
        "self-scored from 0 to 10 with evidence, in steps of 0.5",
    ),
    (criteria.YesNo(kind="yes_no"), "10 if yes, else 0"),
    (
        criteria.Checklist(kind="checklist", items=_ITEMS, rule="all_or_nothing"),
        "10 if all 2 items are done, else 0",
    ),
    (
        criteria.Checklist(kind="checklist", items=_POINTED, rule="per_item"),
        "sum of the points of the items done",
    ),
    (
        criteria.Checklist(kind="checklist", items=_ITEMS, rule="proportional"),
        "10 × items done / 2",
    ),
    (
        criteria.Ratio(kind="ratio", numerator="a", denominator="b", on_empty="not_applicable"),
        "10 × rate; empty denominator: not applicable",
    ),
    (
        criteria.Coverage(kind="coverage", event="e", action="x", on_empty="zero"),
        "10 × rate; empty denominator: zero",
    ),
    (
        criteria.Coverage(
            kind="coverage", event="e", action="x", threshold=Decimal("0.5"), on_empty="zero"
        ),
        "min(10, 10 × rate / 50%); empty denominator: zero",
    ),
    (criteria.Survey(kind="survey", on_empty="zero"), "10 × rate; empty denominator: zero"),
    (
        criteria.Survey(kind="survey", threshold=Decimal("0.9"), on_empty="not_applicable"),
        "min(10, 10 × rate / 90%); empty denominator: not applicable",
    ),
    (
        criteria.Quota(
            kind="quota", target=2, per="half_year", unit="hội nghị", partial="proportional"
        ),
        "10 × min(1, count / 2) — 2 hội nghị per half year",
    ),
    (
        criteria.Quota(kind="quota", target=2, per="year", unit="hội nghị", partial="none"),
        "10 if at least 2 hội nghị per year, else 0",
    ),
    (
        criteria.ExternalIndex(
            kind="external_index", index="PAR", scale_max=Decimal(100), conversion="linear"
        ),
        "10 × score / 100 on PAR",
    ),
    (
        criteria.Deduction(kind="deduction", per_violation=Decimal(1), floor=Decimal(-5)),
        "max(-5, 10 − 1 × violations)",
    ),
    (
        criteria.Tally(kind="tally", unit="tấn", per="year"),
        "not scored (no points in the source): the figure reported, in tấn per year",
    ),
]


def test_the_wording_covers_every_kind() -> None:
    import typing

    kinds = typing.get_args(typing.get_args(criteria.Measure)[0])
    assert {type(m) for m, _ in WORDING} == set(kinds)


@pytest.mark.parametrize(("measure", "expected"), WORDING)
def test_the_whole_wording(measure: criteria.Measure, expected: str) -> None:
    assert describe(measure, Decimal(10)) == expected
    assert measure.describe(Decimal(10)) == expected


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        (criteria.YesNo(kind="yes_no"), "not scored (no points in the source): yes / no"),
        *[
            (
                criteria.Checklist(kind="checklist", items=_ITEMS, rule=rule),
                "not scored (no points in the source): 2 items to tick",
            )
            for rule in ("all_or_nothing", "proportional")
        ],
        (
            criteria.SelfScored(kind="self_scored"),
            "self-scored from 0 to 0 with evidence",
        ),
    ],
)
def test_an_unscored_item_says_so(measure: criteria.Measure, expected: str) -> None:
    assert describe(measure, Decimal(0)) == expected


def test_a_tally_is_explained_in_both_languages() -> None:
    tally = criteria.Tally(kind="tally", unit="tấn rác", per="half_year")
    assert tally.explain("vi") == "Số liệu báo cáo (tấn rác mỗi 6 tháng), không tính điểm"
    assert tally.explain("en") == "A figure reported (tấn rác per half-year), not scored"


def test_a_tally_worth_points_is_refused() -> None:
    tally = criteria.Tally(kind="tally", unit="hộ", per="year")
    assert tally.problems(Decimal(0), bonus_penalty=False, conduct_codes=()) == []
    [(key, message)] = tally.problems(Decimal(5), bonus_penalty=False, conduct_codes=())
    assert key == "kind" and "max_points must be 0, not 5" in message
