"""Numbers written by people in cells and text: one rule for every reader.

A decimal is written with one decimal point or one decimal comma (Vietnamese spreadsheets write
`12,5`), an optional leading `-`, and no thousands separators: a criterion's points, a count or
an index score is far below a thousand units of grouping, and a separator cannot be told from a
decimal mark. A value that could be read two ways is refused: one separator followed by exactly
three digits after one to three leading digits (`1,500` or `1.500`: one and a half, or fifteen
hundred?).
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["parse_decimal"]

_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
# "1,500" / "1.500": a thousands group or a decimal fraction, the reader cannot tell
_AMBIGUOUS = re.compile(r"-?[1-9][0-9]{0,2}[.,][0-9]{3}")


def parse_decimal(text: str, *, what: str = "a number") -> Decimal:
    """Read a decimal written as text (see the module documentation) exactly.

    Args:
        text: the text, e.g. `"12,5"`; spaces around it are ignored.
        what: what the number is, for the message (e.g. `"a number of points"`).

    Raises:
        ValueError: the text is not such a number, or is ambiguous; the message says how to
            write it.
    """
    value = text.strip()
    if not _NUMBER.fullmatch(value):
        raise ValueError(
            f"{value!r} is not {what}; write e.g. 12.5 or 12,5"
            " (one decimal point or comma, no thousands separators)"
        )
    if _AMBIGUOUS.fullmatch(value):
        whole, frac = re.split(r"[.,]", value.lstrip("-"))
        raise ValueError(
            f"{value!r} is ambiguous: a separator before three digits may group thousands;"
            f" write {whole}.{frac.rstrip('0') or '0'} for the decimal or {whole}{frac} for the"
            " whole number"
        )
    return Decimal(value.replace(",", "."))
