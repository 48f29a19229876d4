"""Ratio (tỷ lệ): a count of what met the requirement over the count of what was considered."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import pydantic

from chinhquyen.criteria.measures import Ratio
from chinhquyen.model import Model, refusal
from chinhquyen.scoring.fields import Count
from chinhquyen.scoring.kinds.base import (
    FormCells,
    FormHooks,
    MeasureKind,
    Rounder,
    Rule,
    empty_rule,
    part_of_whole,
    read_part_whole,
    threshold_note,
)

__all__ = ["KIND", "RatioValue"]


class RatioValue(Model):
    """A count of what met the requirement over the count of what was considered.

    Attributes:
        kind: always `"ratio"`.
        numerator: how many met the requirement (e.g. dossiers resolved on time).
        denominator: how many were considered (e.g. dossiers received); may be 0.
    """

    kind: Literal["ratio"] = "ratio"
    numerator: Count
    denominator: Count

    @pydantic.model_validator(mode="after")
    def _part_of_whole(self) -> RatioValue:
        if self.numerator > self.denominator:
            raise refusal(
                "ratio.part_above_whole",
                f"numerator {self.numerator} exceeds denominator {self.denominator};"
                " the numerator counts part of the denominator",
                f"tử số {self.numerator} lớn hơn mẫu số {self.denominator};"
                " tử số đếm một phần của mẫu số",
            )
        return self


def compile_rule(m: Ratio, max_points: Decimal, rnd: Rounder, criterion_id: str) -> Rule:
    """`max × rate`, or saturating at the threshold; an empty denominator by `on_empty`."""
    t_vi, t_en = threshold_note(m.threshold)
    rate = part_of_whole(
        max_points,
        m.threshold,
        rnd,
        fields=("numerator", "denominator"),
        empty=empty_rule(m.on_empty, max_points, rnd, m.denominator, "denominator"),
        vi=("/", " (", f") {m.numerator} trên {m.denominator}{t_vi}"),
        en=(" of ", " (", f"){t_en}"),
    )
    return rate


def _digest(v: RatioValue) -> str:
    return f'{{"denominator":{v.denominator},"kind":"ratio","numerator":{v.numerator}}}'


def _how(m: Ratio) -> str:
    return f"Tỷ lệ: H = {m.numerator}; I = {m.denominator}"


def _write(v: RatioValue) -> dict[str, int | str | Decimal]:
    return {"H": v.numerator, "I": v.denominator}


def _read(cells: FormCells, m: Ratio) -> dict[str, Any] | None:
    pair = read_part_whole(cells)
    if pair is None:
        return None
    return {"kind": "ratio", "numerator": pair[0], "denominator": pair[1]}


KIND: MeasureKind[Ratio] = MeasureKind(
    name="ratio",
    measure=Ratio,
    value=RatioValue,
    label="tỷ lệ",
    label_en="ratio",
    compile=compile_rule,
    digest=_digest,
    digest_fields=frozenset({"kind", "numerator", "denominator"}),
    form=FormHooks(columns=("H", "I"), how=_how, write=_write, read=_read),
)
