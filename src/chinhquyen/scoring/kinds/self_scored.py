"""Self-scored (tự chấm): the points are the commune's own score, backed by evidence."""

from __future__ import annotations

from decimal import Decimal

from chinhquyen.criteria.measures import SelfScored
from chinhquyen.scoring.kinds.base import (
    FormCells,
    FormHooks,
    MeasureKind,
    Rounder,
    Rule,
    Scored,
    refuse,
)
from chinhquyen.scoring.numbers import decimal_text
from chinhquyen.scoring.status import CriterionStatus

__all__ = ["KIND"]

_NOT_SCORED: Scored = (
    None,
    CriterionStatus.NOT_REPORTED,
    "Chưa tự chấm điểm",
    "no self-score given",
)


def compile_rule(m: SelfScored, max_points: Decimal, rnd: Rounder, criterion_id: str) -> Rule:
    """The self-score, a multiple of the measure's step if it has one.

    The engine has already checked it against 0..max and the framework's decimal places.
    """
    top = str(max_points)
    step = m.step

    def rule(self_score: Decimal | None) -> Scored:
        if self_score is None:
            return _NOT_SCORED
        if step is not None and self_score % step != 0:
            raise refuse(
                criterion_id,
                f"self-score {self_score} is not a multiple of {step}"
                f" (valid: 0, {step}, … up to {max_points})",
                f"điểm tự chấm {self_score} không phải bội số của {step}"
                f" (hợp lệ: 0, {step}, … đến {max_points})",
                at=("self_score",),
                code="self_score.not_a_multiple",
                value=self_score,
            )
        shown = format(self_score, "f")
        return (self_score, None, f"Tự chấm {shown}/{top} điểm", f"self-scored {shown} of {top}")

    return rule


def _how(m: SelfScored) -> str:
    return "Tự chấm điểm (F)" + (f", bước {decimal_text(m.step)}" if m.step else "")


def _write(value: object) -> dict[str, int | str | Decimal]:
    return {}


def _read(cells: FormCells, m: SelfScored) -> None:
    return None


KIND: MeasureKind[SelfScored] = MeasureKind(
    name="self_scored",
    measure=SelfScored,
    value=None,
    label="tự chấm",
    label_en="self-scored",
    compile=compile_rule,
    digest=None,
    digest_fields=frozenset(),
    form=FormHooks(columns=(), how=_how, write=_write, read=_read),
)
