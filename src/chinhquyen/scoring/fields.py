"""Field types of the models that scoring reads and writes: exact decimals, ISO dates, counts.

Decimals are exact. From JSON a number such as `19.5` is read as the decimal written; from
Python an `int`, a `Decimal`, a decimal string or a `float` is accepted, a float being read as
its shortest round-trip representation (`19.5` -> `Decimal("19.5")`). Pass strings for more than
15 significant digits. `NaN` and infinities are refused. Decimals are written to JSON as strings
in plain notation without trailing zeros (`19.50` -> `"19.5"`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated

import pydantic

from chinhquyen.scoring.numbers import decimal_text

__all__ = ["Count", "ExactDecimal", "IsoDate", "Text", "as_tuple"]


def _to_decimal(value: object) -> object:
    """Read a number as an exact, finite Decimal; anything else is left for pydantic to refuse."""
    if isinstance(value, bool):
        return value  # a bool is not a number here; the strict Decimal check refuses it
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # repr gives the shortest string that round-trips: the decimal the user wrote
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a decimal number (e.g. 19.5)") from None
    else:
        return value
    if not number.is_finite():
        raise ValueError("must be a finite decimal number, not NaN or infinity")
    return number


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: object) -> object:
    """Read an ISO `YYYY-MM-DD` string as a date; refuse datetimes (a time is not a date)."""
    if isinstance(value, dt.datetime):
        raise ValueError("a date is required, not a date and time")
    if isinstance(value, str):
        text = value.strip()
        if not _ISO_DATE.match(text):
            raise ValueError(f"{value!r} is not an ISO date such as 2025-12-31")
        return dt.date.fromisoformat(text)
    return value


def as_tuple(value: object) -> object:
    """Accept a list where a tuple is stored: JSON, TOML and Python users write lists."""
    return tuple(value) if isinstance(value, list) else value


#: A date, also accepted as an ISO `YYYY-MM-DD` string (from Python, JSON or a spreadsheet).
IsoDate = Annotated[dt.date, pydantic.BeforeValidator(_iso_date)]

#: A finite, exact decimal accepted from int, Decimal, decimal string or float (see module doc).
ExactDecimal = Annotated[
    Decimal,
    pydantic.BeforeValidator(_to_decimal),
    pydantic.PlainSerializer(decimal_text, return_type=str, when_used="json"),
]

#: A count of things: an integer, 0 or more.
Count = Annotated[int, pydantic.Field(ge=0)]

#: A non-empty text.
Text = Annotated[str, pydantic.StringConstraints(min_length=1)]
