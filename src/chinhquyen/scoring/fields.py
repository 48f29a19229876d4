"""Field types of the models that scoring reads and writes: exact decimals, ISO dates, counts.

Decimals are exact. From JSON a number such as `19.5` is read as the decimal written; from
Python an `int`, a `Decimal`, a decimal string or a `float` is accepted, a float being read as
its shortest round-trip representation (`19.5` -> `Decimal("19.5")`). Pass strings for more than
15 significant digits. A decimal string is ASCII digits with an optional sign, point and
exponent (`DECIMAL_PATTERN`, also the pattern of the JSON Schemas); `NaN` and infinities are
refused. Decimals are written to JSON as strings in plain notation without trailing zeros
(`19.50` -> `"19.5"`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated

import pydantic

from chinhquyen.model import refusal
from chinhquyen.scoring.numbers import decimal_text

__all__ = [
    "DATE_PATTERN",
    "DECIMAL_PATTERN",
    "Count",
    "ExactDecimal",
    "IsoDate",
    "Text",
    "as_tuple",
]

#: A decimal as text: ASCII digits, an optional sign, point and exponent, spaces around
#: allowed (`"19.5"`, `"-2"`, `".5"`, `"1e3"`). The JSON Schemas use the same pattern.
DECIMAL_PATTERN = r"^[ \t\n\r]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r]*$"

#: An ISO date as text, `YYYY-MM-DD`, spaces around allowed. The JSON Schemas use it too.
DATE_PATTERN = r"^[ \t\n\r]*[0-9]{4}-[0-9]{2}-[0-9]{2}[ \t\n\r]*$"

_DECIMAL_TEXT = re.compile(DECIMAL_PATTERN)


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
        if not _DECIMAL_TEXT.match(value):
            raise refusal(
                "decimal_parsing",
                f"{value!r} is not a decimal number (e.g. 19.5)",
                f"{value!r} không phải số thập phân (ví dụ 19.5)",
            )
        try:
            number = Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the pattern already excludes it
            raise ValueError(f"{value!r} is not a decimal number (e.g. 19.5)") from None
    else:
        return value
    if not number.is_finite():
        raise refusal(
            "finite_number",
            "must be a finite decimal number, not NaN or infinity",
            "phải là số hữu hạn, không phải NaN hay vô cực",
        )
    return number


_ISO_DATE = re.compile(DATE_PATTERN)


def _iso_date(value: object) -> object:
    """Read an ISO `YYYY-MM-DD` string as a date; refuse datetimes (a time is not a date)."""
    if isinstance(value, dt.datetime):
        raise refusal(
            "date_from_datetime_inexact",
            "a date is required, not a date and time",
            "cần một ngày, không kèm giờ",
        )
    if isinstance(value, str):
        if not _ISO_DATE.match(value):
            raise refusal(
                "date_parsing",
                f"{value!r} is not an ISO date such as 2025-12-31",
                f"{value!r} không phải ngày dạng ISO, ví dụ 2025-12-31",
            )
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as e:
            raise refusal(
                "date_parsing",
                f"{value!r} is not a date: {e}",
                f"{value!r} không phải một ngày có thật",
            ) from None
    return value


def as_tuple(value: object) -> object:
    """Accept a list where a tuple is stored: JSON, TOML and Python users write lists."""
    return tuple(value) if isinstance(value, list) else value


#: A date, also accepted as an ISO `YYYY-MM-DD` string (from Python, JSON or a spreadsheet).
IsoDate = Annotated[
    dt.date,
    pydantic.BeforeValidator(_iso_date),
    pydantic.WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]

#: A finite, exact decimal accepted from int, Decimal, decimal string or float (see module doc).
ExactDecimal = Annotated[
    Decimal,
    pydantic.BeforeValidator(_to_decimal),
    pydantic.PlainSerializer(decimal_text, return_type=str, when_used="json"),
    pydantic.WithJsonSchema(
        {"anyOf": [{"type": "number"}, {"type": "string", "pattern": DECIMAL_PATTERN}]},
        mode="validation",
    ),
    pydantic.WithJsonSchema({"type": "string", "pattern": DECIMAL_PATTERN}, mode="serialization"),
]

#: A count of things: an integer, 0 or more.
Count = Annotated[int, pydantic.Field(ge=0)]

#: A non-empty text.
Text = Annotated[str, pydantic.StringConstraints(min_length=1)]
