"""External index (chỉ số ngoài): a score on another index, converted linearly to points."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

import pydantic

from chinhquyen.criteria.measures import ExternalIndex
from chinhquyen.model import Model
from chinhquyen.scoring.fields import ExactDecimal, Text
from chinhquyen.scoring.kinds.base import (
    FormCells,
    FormHooks,
    MeasureKind,
    Rounder,
    Rule,
    Scored,
    exact,
    json_number,
    json_string,
    narrowed,
    refuse,
)
from chinhquyen.scoring.numbers import decimal_text

__all__ = ["KIND", "ExternalIndexValue"]


class ExternalIndexValue(Model):
    """A score the commune obtained on another index (e.g. the province's PAR index).

    Attributes:
        kind: always `"external_index"`.
        score: the score on the index's own scale (checked against the scale when scored).
        source: where the score was published, if known.
    """

    kind: Literal["external_index"] = "external_index"
    score: Annotated[ExactDecimal, pydantic.Field(ge=0)]
    source: Text | None = None


def compile_rule(m: ExternalIndex, max_points: Decimal, rnd: Rounder, criterion_id: str) -> Rule:
    """`max × score / scale_max`; a score above the index's top score is refused."""
    (mn, md), (cn, cd) = exact(max_points), exact(m.scale_max)
    top, index = m.scale_max, m.index

    def rule(v: ExternalIndexValue) -> Scored:
        s = v.score
        if s > top:
            raise refuse(
                criterion_id,
                f"score {s} on {index} is above the index's top score {top} (valid: 0 to {top})",
                f"điểm {s} theo {index} vượt điểm cao nhất của chỉ số là {top}"
                f" (hợp lệ: 0 đến {top})",
                at=("value", "score"),
                code="external_index.above_scale",
                value=s,
            )
        sn, sd = s.as_integer_ratio()
        return (
            rnd(mn * sn * cd, md * sd * cn),
            None,
            f"{index}: {s}/{top} điểm",
            f"{index}: {s} of {top}",
        )

    return rule


def _digest(v: ExternalIndexValue) -> str:
    source = "" if v.source is None else f',"source":{json_string(v.source)}'
    return f'{{"kind":"external_index","score":"{decimal_text(v.score)}"{source}}}'


def _how(m: ExternalIndex) -> str:
    return f"Chỉ số {m.index} (K, thang {decimal_text(m.scale_max)}); nguồn (L)"


def _write(v: ExternalIndexValue) -> dict[str, int | str | Decimal]:
    cells: dict[str, int | str | Decimal] = {"K": v.score}
    if v.source is not None:
        cells["L"] = v.source
    return cells


def _read(cells: FormCells, m: ExternalIndex) -> dict[str, Any] | None:
    if not cells.filled("K") and not cells.filled("L"):
        return None
    if not cells.filled("K"):
        raise cells.error("K", "is empty; the index score is required")
    score = cells.decimal("K")
    if not Decimal(0) <= score <= m.scale_max:
        raise cells.error(
            "K", f"{decimal_text(score)} is outside the scale 0-{decimal_text(m.scale_max)}"
        )
    value: dict[str, Any] = {"kind": "external_index", "score": score}
    source = cells.text("L")
    if source is not None:
        value["source"] = source
    return value


def _schema(m: ExternalIndex, base: dict[str, Any]) -> dict[str, Any]:
    top = json_number(m.scale_max)
    # a number is checked against the scale; a decimal string only by its form
    return narrowed(base, {"score": {"maximum": top}})


KIND: MeasureKind[ExternalIndex] = MeasureKind(
    name="external_index",
    measure=ExternalIndex,
    value=ExternalIndexValue,
    label="chỉ số ngoài",
    label_en="external index",
    compile=compile_rule,
    digest=_digest,
    digest_fields=frozenset({"kind", "score", "source"}),
    form=FormHooks(
        columns=("K", "L"),
        how=_how,
        write=_write,
        read=_read,
        bounds=lambda m: {"K": (Decimal(0), m.scale_max)},
    ),
    schema=_schema,
)
