"""Field types shared by the criteria models: exact decimals, ids and non-empty text.

Points and shares are exact decimals within `POINTS_BOUND` and `POINTS_PLACES`: every
sum of a framework's points (a group's criteria, the groups' total, a commune's score) and
every quotient by a step is then exact in Python's default 28-digit decimal context, so no
framework can be accepted, or a score computed, through a rounded sum.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

__all__ = [
    "CODE_ID",
    "FRAMEWORK_ID",
    "LOCAL_ID",
    "POINTS_BOUND",
    "POINTS_PLACES",
    "Id",
    "Points",
    "Share",
    "Text",
    "bounded_points",
    "exact_decimal",
]

#: A framework or conduct-code id: lower-case slug segments joined by ``/``.
FRAMEWORK_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:[-.][a-z0-9]+)*)+$"
#: Conduct-code ids follow the same pattern as framework ids.
CODE_ID = FRAMEWORK_ID
#: Ids inside a file (groups, criteria, items, rules): a lower-case slug, dots allowed.
LOCAL_ID = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"

_DECIMAL_TEXT = re.compile(r"^-?\d+(?:\.\d+)?$")


def exact_decimal(value: Any) -> Any:
    """Turn an int or a decimal string into a `Decimal`; refuse floats.

    A Python float (and a JSON float parsed by pydantic) such as `19.5` has lost its decimal
    text by the time it arrives, so points are given as an integer (`20`), a decimal string
    (`"19.5"`) or a `Decimal`. (The framework loader refuses TOML floats before this.)
    """
    if isinstance(value, bool):
        raise ValueError("a number is required, not a boolean")
    if isinstance(value, float):
        raise ValueError(
            f'floats are not exact: write {value!r} as a string ("{value!r}") or an integer'
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        if not _DECIMAL_TEXT.match(value.strip()):
            raise ValueError(f'{value!r} is not a decimal number such as "19.5" or "20"')
        try:
            return Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the pattern already excludes this
            raise ValueError(f"{value!r} is not a decimal number") from None
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return value


#: Points and shares are below this in size: 10^12 (a framework's whole score is a few hundred).
POINTS_BOUND = Decimal(10) ** 12
#: The most decimal places of points and shares, as many as a framework's rounding may keep.
POINTS_PLACES = 6


def bounded_points(value: Decimal) -> Decimal:
    """Refuse a decimal whose sums with others like it could be rounded.

    A value below `POINTS_BOUND` with at most `POINTS_PLACES` decimal places has at most 18
    significant digits, so sums of up to 10^10 of them, and their quotients by a step, are
    exact in the default 28-digit context (`10**28` plus `0.4` would be rounded to `10**28`).
    """
    shown = format(value, "f") if -30 < value.adjusted() < 30 else str(value)
    if abs(value) >= POINTS_BOUND:
        raise ValueError(
            f"{shown} is too large: points and shares are below 10^12 (1,000,000,000,000), so"
            " that every sum of them is exact"
        )
    _, digits, exponent = value.as_tuple()
    if not any(digits):
        return value  # zero, however many zeros it is written with
    assert isinstance(exponent, int)  # finite: refused before otherwise
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    places = -(exponent + trailing)
    if places > POINTS_PLACES:
        raise ValueError(
            f"{shown} has {places} decimal places; points and shares have at most"
            f" {POINTS_PLACES}, as many as a framework's rounding keeps"
        )
    return value


_DECIMAL_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "integer"},
        {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"},
    ]
}

#: Exact points: written as an integer or a decimal string, never a float.
Points = Annotated[
    Decimal,
    BeforeValidator(exact_decimal),
    AfterValidator(bounded_points),
    WithJsonSchema(_DECIMAL_SCHEMA),
]
#: A share in (0, 1], e.g. a threshold of ``"0.8"`` for 80 %.
Share = Annotated[
    Decimal,
    BeforeValidator(exact_decimal),
    AfterValidator(bounded_points),
    Field(gt=0, le=1),
    WithJsonSchema(_DECIMAL_SCHEMA),
]
#: Non-empty text (titles, labels, rule texts).
Text = Annotated[str, Field(min_length=1)]
#: An id local to a file.
Id = Annotated[str, Field(pattern=LOCAL_ID)]
