"""Checklist (danh mục): named items done, scored all-or-nothing, per item or in proportion."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

import pydantic

from chinhquyen.criteria.measures import Checklist
from chinhquyen.errors import AnswerError
from chinhquyen.model import Model, refusal
from chinhquyen.scoring.fields import Text, as_tuple
from chinhquyen.scoring.kinds.base import (
    FormCells,
    FormHooks,
    MeasureKind,
    Rounder,
    Rule,
    Scored,
    answer_problem,
    exact,
    json_string,
    narrowed,
)

__all__ = ["KIND", "NONE_DONE", "ChecklistValue"]

#: What the form's checklist cell holds when no item was done (an empty cell: not reported).
NONE_DONE = "Không"


class ChecklistValue(Model):
    """The checklist items the commune has done, by item id.

    Attributes:
        kind: always `"checklist"`.
        done: ids of the items done, each at most once (order does not matter).
    """

    kind: Literal["checklist"] = "checklist"
    done: Annotated[tuple[Text, ...], pydantic.BeforeValidator(as_tuple)]

    @pydantic.field_validator("done")
    @classmethod
    def _unique(cls, done: tuple[str, ...]) -> tuple[str, ...]:
        seen: set[str] = set()
        for item in done:
            if item in seen:
                raise refusal(
                    "checklist.repeated_item",
                    f"item {item!r} is listed twice",
                    f"mục {item!r} được ghi hai lần",
                )
            seen.add(item)
        return done


def compile_rule(m: Checklist, max_points: Decimal, rnd: Rounder, criterion_id: str) -> Rule:
    """The checklist rule: all items for the max, the done items' points, or in proportion.

    `all_or_nothing`: the max if every item is done, else 0; `per_item`: the sum of the done
    items' points; `proportional`: max × done / items. An unknown item is refused.
    """
    ids = tuple(item.id for item in m.items)
    known = frozenset(ids)
    worth = {item.id: item.points or Decimal(0) for item in m.items}
    mn, md = exact(max_points)
    total = len(ids)
    full, zero = rnd(mn, md), rnd(0, 1)
    rule_kind = m.rule

    def rule(v: ChecklistValue) -> Scored:
        done = v.done
        if not known.issuperset(done):
            valid = ", ".join(ids)
            raise AnswerError(
                problems=[
                    answer_problem(
                        criterion_id,
                        ("value", "done", i),
                        "checklist.unknown_item",
                        item,
                        f"unknown checklist item {item}; valid items: {valid}",
                        f"mục {item} không có trong danh mục; các mục hợp lệ: {valid}",
                    )
                    for i, item in enumerate(done)
                    if item not in known
                ]
            )
        n = len(done)
        missing = [i for i in ids if i not in done] if n < total else []
        if rule_kind == "all_or_nothing":
            points = zero if missing else full
        elif rule_kind == "per_item":
            points = rnd(*exact(sum((worth[i] for i in ids if i in done), Decimal(0))))
        else:
            points = rnd(mn * n, md * total)
        reason = f"Hoàn thành {n}/{total} nội dung"
        reason_en = f"{n} of {total} items done"
        if missing:
            reason += f"; chưa hoàn thành: {', '.join(missing)}"
            reason_en += f"; not done: {', '.join(missing)}"
        return (points, None, reason, reason_en)

    return rule


def _digest(v: ChecklistValue) -> str:
    return f'{{"done":[{",".join(map(json_string, v.done))}],"kind":"checklist"}}'


def _how(m: Checklist) -> str:
    ids = ", ".join(item.id for item in m.items)
    return (
        f"Danh mục (M): mã các mục đã làm, cách nhau bởi dấu phẩy ({ids}); "
        f"'{NONE_DONE}' nếu chưa làm mục nào"
    )


def _write(v: ChecklistValue) -> dict[str, int | str | Decimal]:
    return {"M": ", ".join(v.done) if v.done else NONE_DONE}


def _read(cells: FormCells, m: Checklist) -> dict[str, Any] | None:
    if not cells.filled("M"):
        return None
    text = cells.text("M") or ""
    if text == NONE_DONE:
        return {"kind": "checklist", "done": []}
    ids = [p.strip() for p in text.split(",") if p.strip()]
    valid = [item.id for item in m.items]
    for item in ids:
        if item not in valid:
            raise cells.error("M", f"{item!r} is not an item; valid items: {', '.join(valid)}")
    if len(set(ids)) != len(ids):
        raise cells.error("M", "an item is listed twice")
    return {"kind": "checklist", "done": ids}


def _schema(m: Checklist, base: dict[str, Any]) -> dict[str, Any]:
    ids = [item.id for item in m.items]
    return narrowed(base, {"done": {"items": {"enum": ids}, "maxItems": len(ids)}})


KIND: MeasureKind[Checklist] = MeasureKind(
    name="checklist",
    measure=Checklist,
    value=ChecklistValue,
    label="danh mục",
    label_en="checklist",
    compile=compile_rule,
    digest=_digest,
    digest_fields=frozenset({"kind", "done"}),
    form=FormHooks(columns=("M",), how=_how, write=_write, read=_read),
    schema=_schema,
)
