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
