"""Quota (chỉ tiêu): how many times an activity was held in the period, against a target."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from chinhquyen.criteria.measures import Quota
from chinhquyen.model import Model
from chinhquyen.scoring.fields import Count
from chinhquyen.scoring.kinds.base import (
    FormCells,
    FormHooks,
    MeasureKind,
    Rounder,
    Rule,
    Scored,
    exact,
)

__all__ = ["KIND", "QuotaValue"]

_PER_VI = {
    "year": "năm",
    "half_year": "6 tháng",
    "quarter": "quý",
    "month": "tháng",
    "period": "kỳ đánh giá",
}


class QuotaValue(Model):
    """How many times an activity was held in the period, e.g. dialogue conferences.

    Attributes:
        kind: always `"quota"`.
        count: the number held.
    """

    kind: Literal["quota"] = "quota"
    count: Count


def compile_rule(m: Quota, max_points: Decimal, rnd: Rounder, criterion_id: str) -> Rule:
    """`max × min(1, count / target)` (`proportional`), or the max from the target (`none`)."""
    target = m.target
    mn, md = exact(max_points)
    full, zero = rnd(mn, md), rnd(0, 1)
    proportional = m.partial == "proportional"
    tail_vi = f"/{target} {m.unit} (chỉ tiêu {target}/{_PER_VI[m.per]})"
    tail_en = f" of {target} {m.unit} held (target {target} per {m.per.replace('_', ' ')})"

    def rule(v: QuotaValue) -> Scored:
        count = v.count
        if count >= target:
            points = full
        elif proportional:
            points = rnd(mn * count, md * target)
        else:
            points = zero
        return (points, None, f"Thực hiện {count}{tail_vi}", f"{count}{tail_en}")

    return rule


def _digest(v: QuotaValue) -> str:
    return f'{{"count":{v.count},"kind":"quota"}}'


def _how(m: Quota) -> str:
    return f"Số lượng (J): {m.unit}, chỉ tiêu {m.target}"


def _write(v: QuotaValue) -> dict[str, int | str | Decimal]:
    return {"J": v.count}


def _read(cells: FormCells, m: Quota) -> dict[str, Any] | None:
    if not cells.filled("J"):
        return None
    return {"kind": "quota", "count": cells.count("J")}


KIND: MeasureKind[Quota] = MeasureKind(
    name="quota",
    measure=Quota,
    value=QuotaValue,
    label="chỉ tiêu",
    label_en="quota",
    compile=compile_rule,
    digest=_digest,
    digest_fields=frozenset({"kind", "count"}),
    form=FormHooks(columns=("J",), how=_how, write=_write, read=_read),
)
