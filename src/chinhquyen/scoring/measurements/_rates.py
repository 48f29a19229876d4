"""Exact rates of counts, and percentages of them (rounded by `scoring.numbers`)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from chinhquyen.errors import InvalidInputError
from chinhquyen.scoring import numbers

__all__ = ["percent", "rate"]


def rate(part: int, whole: int) -> Fraction | None:
    """Return `part / whole` exactly, or `None` when `whole` is 0 (no rate, not 0 %)."""
    return None if whole == 0 else Fraction(part, whole)


def percent(value: Fraction | None, places: object, owner: str) -> Decimal | None:
    """Return a rate as a percentage rounded half-up to `places` decimals (`None` stays `None`).

    Raises:
        InvalidInputError: naming `owner` when `places` is not a whole number from 0 up.
    """
    if isinstance(places, bool) or not isinstance(places, int) or places < 0:
        raise InvalidInputError(owner, [("places", f"got {places!r}; expected an int from 0 up")])
    return numbers.percent(value, places)
