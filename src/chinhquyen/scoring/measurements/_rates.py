"""Exact rates and their display as percentages."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

__all__ = ["as_tuple", "percent", "rate"]


def rate(part: int, whole: int) -> Fraction | None:
    """Return ``part / whole`` exactly, or ``None`` when ``whole`` is 0 (no rate, not 0 %)."""
    return None if whole == 0 else Fraction(part, whole)


def percent(value: Fraction | None, places: int = 1) -> Decimal | None:
    """Return a rate as a percentage rounded half-up to ``places`` decimals (None stays None)."""
    if value is None:
        return None
    # integer arithmetic: no intermediate rounding before the half-up step
    scaled = value * 100 * 10**places
    units = (
        math.floor(scaled + Fraction(1, 2))
        if scaled >= 0
        else -math.floor(-scaled + Fraction(1, 2))
    )
    return Decimal(units).scaleb(-places)


def as_tuple(value: object) -> object:
    """Accept a list where a tuple is declared (TOML, JSON and dicts give lists)."""
    return tuple(value) if isinstance(value, list) else value
