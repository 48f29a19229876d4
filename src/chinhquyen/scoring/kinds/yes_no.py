"""Yes/no (có/không): the criterion's max if the fact holds, else 0."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from chinhquyen.criteria.measures import YesNo
from chinhquyen.model import Model
from chinhquyen.scoring.kinds.base import (
    FormCells,
    FormHooks,
    MeasureKind,
    Rounder,
    Rule,
    Scored,
    exact,
)

__all__ = ["KIND", "NO", "YES", "YesNoValue"]

#: How the Excel form writes yes and no.
YES, NO = "Có", "Không"


class YesNoValue(Model):
    """A yes/no fact, e.g. the conduct-code panel is posted at the commune's gate.

    Attributes:
        kind: always `"yes_no"`.
        value: whether the requirement is met.
    """

    kind: Literal["yes_no"] = "yes_no"
    value: bool


def compile_rule(m: YesNo, max_points: Decimal, rnd: Rounder, criterion_id: str) -> Rule:
    """The max if the fact holds, else 0."""
    yes: Scored = (rnd(*exact(max_points)), None, "Có (đáp ứng yêu cầu)", "yes (requirement met)")
    no: Scored = (rnd(0, 1), None, "Không (chưa đáp ứng)", "no (requirement not met)")

    def rule(v: YesNoValue) -> Scored:
        return yes if v.value else no

    return rule


def _digest(v: YesNoValue) -> str:
    return '{"kind":"yes_no","value":true}' if v.value else '{"kind":"yes_no","value":false}'


def _how(m: YesNo) -> str:
    return f"Có/Không (G): {YES} = điểm tối đa"


def _write(v: YesNoValue) -> dict[str, int | str | Decimal]:
    return {"G": YES if v.value else NO}


def _read(cells: FormCells, m: YesNo) -> dict[str, Any] | None:
    if not cells.filled("G"):
        return None
    text = cells.text("G")
    if text not in (YES, NO):
        raise cells.error("G", f"{cells.raw('G')!r} is not {YES} or {NO}")
    return {"kind": "yes_no", "value": text == YES}


KIND: MeasureKind[YesNo] = MeasureKind(
    name="yes_no",
    measure=YesNo,
    value=YesNoValue,
    label="có/không",
    label_en="yes/no",
    compile=compile_rule,
    digest=_digest,
    digest_fields=frozenset({"kind", "value"}),
    form=FormHooks(columns=("G",), how=_how, write=_write, read=_read),
)
