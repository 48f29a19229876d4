"""Exact rounding and percentages, checked against Python's decimal module and by hand."""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chinhquyen.scoring.numbers import (
    MODES,
    decimal_text,
    display,
    display_signed,
    percent,
    percent_text,
    round_exact,
    rounder,
)

_DECIMAL_MODES = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
}


def _oracle(num: int, den: int, places: int, mode: str) -> Decimal:
    """The decimal module's own rounding of num/den, computed with ample precision."""
    with decimal.localcontext() as ctx:
        ctx.prec = 200
        exact = Decimal(num) / Decimal(den)
        return exact.quantize(Decimal(1).scaleb(-places), rounding=_DECIMAL_MODES[mode])


@given(
    st.integers(-(10**12), 10**12),
    st.integers(1, 10**7),
    st.integers(0, 6),
    st.sampled_from(MODES),
)
def test_round_exact_is_the_decimal_modules_rounding(
    num: int, den: int, places: int, mode: str
) -> None:
    expected = _oracle(num, den, places, mode)
    got = round_exact(num, den, places, mode)
    assert got == expected
    assert got.as_tuple().exponent == -places
    assert rounder(places, mode)(num, den) == expected


@given(st.integers(-(10**9), 10**9), st.integers(1, 10**6), st.integers(0, 4))
def test_a_negative_denominator_means_the_same_value(num: int, den: int, places: int) -> None:
    assert round_exact(num, -den, places) == round_exact(-num, den, places)


def test_round_exact_by_hand() -> None:
    # 94.995 stays below 95 at 3 places and becomes 95.00 at 2 (half up), 94.99 (half even)
    assert round_exact(94995, 1000, 3) == Decimal("94.995")
    assert round_exact(94995, 1000, 2, "half_up") == Decimal("95.00")
    assert round_exact(94995, 1000, 2, "half_even") == Decimal("95.00")
    assert round_exact(94985, 1000, 2, "half_even") == Decimal("94.98")
    assert round_exact(2, 3, 2, "down") == Decimal("0.66")
    assert round_exact(2, 3, 2, "up") == Decimal("0.67")
    assert round_exact(-1, 3, 2) == Decimal("-0.33")


def test_unknown_modes_and_negative_places_are_refused() -> None:
    with pytest.raises(ValueError, match="ceiling"):
        rounder(2, "ceiling")
    with pytest.raises(ValueError, match="ceiling"):
        round_exact(1, 3, 2, "ceiling")
    with pytest.raises(ValueError, match="places"):
        percent(Fraction(1, 3), places=-1)


def test_percent_text_by_hand() -> None:
    # hand-computed: 1/3 = 33.333…%, 2/3 = 66.666…% rounds up, 1/8 = 12.5%, 1/1 = 100%
    assert percent_text(1, 3) == "33.33%"
    assert percent_text(2, 3) == "66.67%"
    assert percent_text(1, 8) == "12.5%"
    assert percent_text(1, 1) == "100%"
    assert percent_text(0, 7) == "0%"
    assert percent_text(1, 200) == "0.5%"
    assert percent_text(1, 400) == "0.25%"
    assert percent_text(2379, 2380) == "99.96%"


@given(st.integers(1, 10**6).flatmap(lambda w: st.tuples(st.integers(0, w), st.just(w))))
def test_percent_text_is_the_rounded_percentage(pair: tuple[int, int]) -> None:
    part, whole = pair
    expected = decimal_text(_oracle(100 * part, whole, 2, "half_up")) + "%"
    assert percent_text(part, whole) == expected


def test_percent_of_a_rate() -> None:
    # seed 002 (Cẩm Thủy): 36% of 2,380 dossiers early = 857/2380 = 36.0084…%
    assert percent(Fraction(857, 2380)) == Decimal("36.0")
    assert percent(Fraction(857, 2380), places=3) == Decimal("36.008")
    assert percent(None) is None


def test_display() -> None:
    assert decimal_text(Decimal("2.50")) == "2.5"
    assert decimal_text(Decimal("1E+1")) == "10"
    assert decimal_text(Decimal("-0.00")) == "0"
    assert display(None) == "—"
    assert display_signed(Decimal("2.5")) == "+2.5"
    assert display_signed(Decimal("-2.50")) == "-2.5"
    assert display_signed(Decimal(0)) == "0"
