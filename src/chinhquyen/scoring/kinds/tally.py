"""Tally (số liệu): a figure reported, not scored — how many or how much, in a unit."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

import pydantic

from chinhquyen.criteria.measures import PER_WORDS, Tally
from chinhquyen.model import Model
from chinhquyen.scoring.fields import ExactDecimal
from chinhquyen.scoring.kinds.base import (
    FormCells,
    FormHooks,
    MeasureKind,
    Rounder,
    Rule,
    Scored,
    exact,
)
from chinhquyen.scoring.numbers import decimal_text

__all__ = ["KIND", "TallyValue"]

#: The largest figure the Excel form's data validation lets a commune type.
_FORM_MAX = Decimal(10) ** 15


class TallyValue(Model):
    """A figure a commune reports, e.g. 12.5 tonnes of sorted waste in the year.

    Attributes:
        kind: always `"tally"`.
        amount: how many or how much, in the measure's unit (0 or more, exact).
    """

    kind: Literal["tally"] = "tally"
    amount: Annotated[ExactDecimal, pydantic.Field(ge=0)]


def compile_rule(m: Tally, max_points: Decimal, rnd: Rounder, criterion_id: str) -> Rule:
    """The criterion's max (always 0: a tally is not scored) once the figure is reported.

    A reported figure meets the criterion; an answer without one leaves it not reported.
    """
    full = rnd(*exact(max_points))
    per_vi, per_en = PER_WORDS[m.per]
    unit = m.unit

    def rule(v: TallyValue) -> Scored:
        shown = decimal_text(v.amount)
        return (
            full,
            None,
            f"Báo cáo {shown} {unit} ({per_vi})",
            f"{shown} {unit} reported (per {per_en})",
        )

    return rule


def _digest(v: TallyValue) -> str:
    return f'{{"amount":"{decimal_text(v.amount)}","kind":"tally"}}'


def _how(m: Tally) -> str:
    return f"Số liệu (J): {m.unit}, mỗi {PER_WORDS[m.per][0]}; không tính điểm"


def _write(v: TallyValue) -> dict[str, int | str | Decimal]:
    return {"J": v.amount}


def _read(cells: FormCells, m: Tally) -> dict[str, Any] | None:
    if not cells.filled("J"):
        return None
    amount = cells.decimal("J")
    if amount < 0:
        raise cells.error("J", f"{decimal_text(amount)} is below 0; a figure is 0 or more")
    return {"kind": "tally", "amount": amount}


KIND: MeasureKind[Tally] = MeasureKind(
    name="tally",
    measure=Tally,
    value=TallyValue,
    label="số liệu",
    label_en="tally",
    compile=compile_rule,
    digest=_digest,
    digest_fields=frozenset({"kind", "amount"}),
    form=FormHooks(
        columns=("J",),
        how=_how,
        write=_write,
        read=_read,
        bounds=lambda m: {"J": (Decimal(0), _FORM_MAX)},
    ),
)
