"""Coverage (độ phủ): events answered by the required action over the events that required it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import pydantic

from chinhquyen.criteria.measures import Coverage
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

__all__ = ["KIND", "CoverageValue"]


class CoverageValue(Model):
    """Events answered by the required action over events that required it.

    Example: 417 condolence letters sent for 420 deaths (answered=417, required=420).

    Attributes:
        kind: always `"coverage"`.
        answered: events answered by the action.
        required: events that required the action; may be 0.
    """

    kind: Literal["coverage"] = "coverage"
    answered: Count
    required: Count

    @pydantic.model_validator(mode="after")
    def _part_of_whole(self) -> CoverageValue:
        if self.answered > self.required:
            raise refusal(
                "coverage.part_above_whole",
                f"answered {self.answered} exceeds required {self.required};"
                " count each event that required the action once",
                f"số đã thực hiện {self.answered} lớn hơn số phải thực hiện {self.required};"
                " mỗi trường hợp phải thực hiện chỉ đếm một lần",
            )
        return self


def compile_rule(m: Coverage, max_points: Decimal, rnd: Rounder, criterion_id: str) -> Rule:
    """Scored like a ratio of answered over required events."""
    t_vi, t_en = threshold_note(m.threshold)
    rate = part_of_whole(
        max_points,
        m.threshold,
        rnd,
        fields=("answered", "required"),
        empty=empty_rule(m.on_empty, max_points, rnd, m.event, "events requiring the action"),
        vi=("/", f" {m.event} có {m.action} (", f"){t_vi}"),
        en=(" of ", " events answered (", f"){t_en}"),
    )
    return rate


def _digest(v: CoverageValue) -> str:
    return f'{{"answered":{v.answered},"kind":"coverage","required":{v.required}}}'


def _how(m: Coverage) -> str:
    return f"Tỷ lệ đáp ứng: H = số {m.event} đã {m.action}; I = số {m.event}"


def _write(v: CoverageValue) -> dict[str, int | str | Decimal]:
    return {"H": v.answered, "I": v.required}


def _read(cells: FormCells, m: Coverage) -> dict[str, Any] | None:
    pair = read_part_whole(cells)
    if pair is None:
        return None
    return {"kind": "coverage", "answered": pair[0], "required": pair[1]}


KIND: MeasureKind[Coverage] = MeasureKind(
    name="coverage",
    measure=Coverage,
    value=CoverageValue,
    label="độ phủ",
    label_en="coverage",
    compile=compile_rule,
    digest=_digest,
    digest_fields=frozenset({"kind", "answered", "required"}),
    form=FormHooks(columns=("H", "I"), how=_how, write=_write, read=_read),
)
