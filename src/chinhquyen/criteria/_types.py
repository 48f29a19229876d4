"""Field types shared by the criteria models: exact decimals, ids and non-empty text."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema

__all__ = ["CODE_ID", "FRAMEWORK_ID", "LOCAL_ID", "Id", "Points", "Share", "Text", "exact_decimal"]

#: A framework or conduct-code id: lower-case slug segments joined by ``/``.
FRAMEWORK_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:[-.][a-z0-9]+)*)+$"
#: Conduct-code ids follow the same pattern as framework ids.
CODE_ID = FRAMEWORK_ID
#: Ids inside a file (groups, criteria, items, rules): a lower-case slug, dots allowed.
LOCAL_ID = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"

_DECIMAL_TEXT = re.compile(r"^-?\d+(?:\.\d+)?$")


def exact_decimal(value: Any) -> Any:
    """Turn an int or a decimal string into a `Decimal`; refuse floats.

    A TOML or JSON float such as ``19.5`` has already lost its decimal text by the time it
    arrives, so points must be written as an integer (``20``) or a string (``"19.5"``).
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


_DECIMAL_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "integer"},
        {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"},
    ]
}

#: Exact points: written as an integer or a decimal string, never a float.
Points = Annotated[Decimal, BeforeValidator(exact_decimal), WithJsonSchema(_DECIMAL_SCHEMA)]
#: A share in (0, 1], e.g. a threshold of ``"0.8"`` for 80 %.
Share = Annotated[
    Decimal,
    BeforeValidator(exact_decimal),
    Field(gt=0, le=1),
    WithJsonSchema(_DECIMAL_SCHEMA),
]
#: Non-empty text (titles, labels, rule texts).
Text = Annotated[str, Field(min_length=1)]
#: An id local to a file.
Id = Annotated[str, Field(pattern=LOCAL_ID)]
