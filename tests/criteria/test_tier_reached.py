"""The tier rule, written once (`tier_reached`), against the bands of the shipped frameworks.

A tier's band runs from its `min_points` up to the next tier's; a total below 0 (penalties)
falls in the lowest tier. The expected tier is found here by bisecting the minimums, a
different computation from the rule's own walk.
"""

from __future__ import annotations

import bisect
from decimal import Decimal

import pytest
from hypothesis import given
from tests.strategies import tier_totals

from chinhquyen import criteria
from chinhquyen.criteria.framework import tier_reached

TIERED = [fid for fid in criteria.available() if criteria.load(fid).tiers]


@pytest.mark.parametrize("fid", TIERED)
@given(total=tier_totals)
def test_a_total_is_placed_in_the_band_holding_it(fid: str, total: Decimal) -> None:
    fw = criteria.load(fid)
    mins = [t.min_points for t in fw.tiers]
    expected = fw.tiers[max(bisect.bisect_right(mins, total) - 1, 0)]
    assert tier_reached(fw.tiers, total) == expected
    assert fw.tier_for(total) == expected


@pytest.mark.parametrize(
    ("total", "label"),
    [("-5", "1 sao"), ("0", "1 sao"), ("79.99", "1 sao"), ("80", "2 sao"), ("89.99", "2 sao"),
     ("90", "3 sao"), ("94.99", "3 sao"), ("95", "4 sao"), ("100", "4 sao")],
)  # fmt: skip
def test_star_bands_of_dong_nai_qd_54(total: str, label: str) -> None:
    # QĐ 54/2025 (Đồng Nai): 1 star from 0, 2 from 80, 3 from 90, 4 from 95 points
    fw = criteria.load("dong-nai/qd-54-2025")
    found = tier_reached(fw.tiers, Decimal(total))
    assert found is not None and found.label == label


def test_no_tiers_no_tier() -> None:
    assert tier_reached((), Decimal(10)) is None
