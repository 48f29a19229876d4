"""The points a criterion can take: its range and the framework's precision.

One rule for every number that stands for a criterion's points — a commune's self-score, an
appraiser's points, a cell of the Excel form: it lies between the criterion's lowest points (0,
or a penalty's floor below 0) and its max, and has no more decimals than the framework's
rounding `places`.
"""

from __future__ import annotations

from decimal import Decimal

from chinhquyen.criteria.framework import Criterion
from chinhquyen.criteria.measures import Deduction

__all__ = ["lowest", "points_fault", "points_problem", "within_precision"]

_ZERO = Decimal(0)


def lowest(criterion: Criterion) -> Decimal:
    """The lowest points the criterion can give: a penalty's floor below 0, else 0."""
    m = criterion.measure
    return m.floor if isinstance(m, Deduction) and m.floor < 0 else _ZERO


def within_precision(value: Decimal, places: int | None) -> bool:
    """Whether `value` has at most `places` decimals once trailing zeros are dropped.

    `places` `None` (a framework that rounds nothing) allows any number of decimals.
    """
    if places is None:
        return True
    scale: int = 10**places
    return scale % value.as_integer_ratio()[1] == 0


def points_fault(value: Decimal, low: Decimal, high: Decimal, places: int | None) -> str | None:
    """Which rule `value` breaks as points of range `low..high`: a code suffix, or `None`.

    `"out_of_range"` when it lies outside `low..high`, `"too_precise"` when it has more
    decimals than `places`.
    """
    if not low <= value <= high:
        return "out_of_range"
    if not within_precision(value, places):
        return "too_precise"
    return None


def points_problem(
    subject: str,
    value: Decimal,
    low: Decimal,
    high: Decimal,
    places: int | None,
    *,
    plural: bool = False,
) -> str | None:
    """What is wrong with `value` as points of a criterion of range `low..high`, or `None`.

    Args:
        subject: what the value is, e.g. `"self-score"` or `"appraised points"`.
        value: the points.
        low: the criterion's lowest points (see [`lowest`][chinhquyen.scoring.ranges.lowest]).
        high: the criterion's max.
        places: the framework's decimal places (`None`: it rounds nothing, any precision).
        plural: whether `subject` takes a plural verb ("are", "have").

    Returns:
        E.g. `"self-score 17 is outside 0..15"`, or `None` when the value fits.
    """
    fault = points_fault(value, low, high, places)
    if fault == "out_of_range":
        return f"{subject} {value} {'are' if plural else 'is'} outside {low}..{high}"
    if fault == "too_precise":
        return (
            f"{subject} {value} {'have' if plural else 'has'} more than {places}"
            " decimal place(s), the framework's precision"
        )
    return None
