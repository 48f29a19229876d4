"""Exact numbers in scoring: rounding, percentages and decimal text, each written once.

Points and rates are computed as exact fractions (`(numerator, denominator)` pairs of
integers, or `fractions.Fraction`) and rounded once, at the end, by
[`round_exact`][chinhquyen.scoring.numbers.round_exact] with a framework's rounding rule. Every
other rounding in the library (a percentage in a reason, a rate in a report) goes through the
same function.

Rounding modes have the meanings of Python's `decimal` module: `half_up` rounds ties away from
zero, `half_even` to the even digit, `down` toward zero, `up` away from zero.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from functools import cache, lru_cache
from typing import Literal

__all__ = [
    "MODES",
    "Exact",
    "Mode",
    "decimal_text",
    "display",
    "display_signed",
    "percent",
    "percent_text",
    "round_exact",
    "rounder",
]

#: An exact rational number as `(numerator, denominator)`, the denominator not zero.
Exact = tuple[int, int]

#: A rounding mode, as a framework's `[rounding]` table names it.
Mode = Literal["half_up", "half_even", "down", "up"]

#: The rounding modes a framework may name.
MODES: tuple[Mode, ...] = ("half_up", "half_even", "down", "up")


def _rounded_units(num: int, den: int, scale: int, mode: str) -> int:
    """`|num| / den × scale` (`den > 0`) rounded to an integer by `mode`; the caller signs it."""
    whole, rest = divmod(abs(num) * scale, den)
    if rest:
        twice = 2 * rest
        if mode == "half_up":
            whole += twice >= den
        elif mode == "half_even":
            whole += twice > den or (twice == den and whole % 2 == 1)
        elif mode == "up":
            whole += 1
        elif mode != "down":
            raise ValueError(f"unknown rounding mode {mode!r}; valid: {', '.join(MODES)}")
    return whole


def round_exact(num: int, den: int, places: int, mode: str = "half_up") -> Decimal:
    """Round the exact value `num / den` to `places` decimals with `mode`.

    Args:
        num: the numerator.
        den: the denominator (not zero; its sign counts).
        places: decimals to keep (0 or more).
        mode: one of `MODES`.

    Returns:
        The rounded value, with exactly `places` decimals (`Decimal("1.50")` for 1.5 at 2).
    """
    if den < 0:
        num, den = -num, -den
    value = Decimal(_rounded_units(num, den, 10**places, mode)).scaleb(-places)
    return -value if num < 0 else value


def rounder(places: int, mode: str) -> Callable[[int, int], Decimal]:
    """Return `round_exact` with `places` and `mode` fixed, for a positive denominator.

    The integer rounding is done on every call; the `Decimal` of each rounded value is made
    once and shared (a framework's points take few values: at most max × 10^places + 1).
    """
    if mode not in MODES:
        raise ValueError(f"unknown rounding mode {mode!r}; valid: {', '.join(MODES)}")
    scale = 10**places

    @cache
    def decimal_of(units: int) -> Decimal:
        return Decimal(units).scaleb(-places)

    def rnd(num: int, den: int) -> Decimal:
        value = decimal_of(_rounded_units(num, den, scale, mode))
        return -value if num < 0 else value

    return rnd


def percent(value: Fraction | None, places: int = 1) -> Decimal | None:
    """A rate as a percentage rounded half-up to `places` decimals; `None` stays `None`.

    Raises:
        ValueError: if `places` is negative.
    """
    if value is None:
        return None
    if places < 0:
        raise ValueError(f"places must be 0 or more, not {places}")
    return round_exact(value.numerator * 100, value.denominator, places, "half_up")


#: The text after the units of a percentage, by hundredths 0..99: "%", ".5%", ".05%", ".25%".
_CENTS = tuple(
    "%" if c == 0 else f".{c // 10}%" if c % 10 == 0 else f".{c:02d}%" for c in range(100)
)


def percent_text(part: int, whole: int) -> str:
    """`part / whole` as a percentage rounded half-up to at most 2 decimals, e.g. `"83.33%"`.

    `whole` must be positive; `"50%"` and `"12.5%"` are written without trailing zeros.
    """
    units, cents = divmod(_rounded_units(100 * part, whole, 100, "half_up"), 100)
    return f"{'-' if part < 0 else ''}{units}{_CENTS[cents]}"


@lru_cache(maxsize=4096)  # equal decimals write alike, and figures repeat from card to card
def decimal_text(value: Decimal) -> str:
    """A decimal in plain notation without trailing zeros (`2.50` -> `"2.5"`, `1E+1` -> `"10"`)."""
    if not value:
        return "0"  # also turns -0 and 0E-3 into "0"
    return format(value.normalize(), "f")


def display(value: Decimal | None) -> str:
    """A decimal for display: plain notation, no trailing zeros; `"—"` for `None`."""
    return "—" if value is None else decimal_text(value)


def display_signed(value: Decimal | None) -> str:
    """A difference for display with its sign, e.g. `"+2.5"`; `"—"` for `None`."""
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + decimal_text(value)
