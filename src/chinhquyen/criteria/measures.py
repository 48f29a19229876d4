"""How a criterion is measured: one model per measure kind, each stating its scoring rule.

The formulas are fixed per kind (see each class); the data gives their parameters. Points are
exact decimals. The scoring package applies them to a commune's answers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from chinhquyen.criteria._types import Id, Points, Share, Text
from chinhquyen.criteria.citations import Citation
from chinhquyen.model import Model

__all__ = [
    "Checklist",
    "ChecklistItem",
    "Coverage",
    "Deduction",
    "ExternalIndex",
    "Measure",
    "OnEmpty",
    "Quota",
    "Ratio",
    "SelfScored",
    "Survey",
    "YesNo",
    "describe",
]

#: What an empty denominator gives: the full points, zero, or "not applicable" (the criterion
#: is left out of the assessment and reported as such).
OnEmpty = Literal["full", "zero", "not_applicable"]


class SelfScored(Model):
    """Points are the commune's own score in ``[0, max]`` backed by evidence.

    Attributes:
        step: if set, the score must be a multiple of it (e.g. ``"0.5"``).
    """

    kind: Literal["self_scored"]
    step: Annotated[Points, Field(gt=0)] | None = None


class YesNo(Model):
    """Points are the criterion's max if the fact holds, else 0."""

    kind: Literal["yes_no"]


class ChecklistItem(Model):
    """A named item of a checklist.

    Attributes:
        points: the item's points under the ``per_item`` rule; ``None`` under other rules.
    """

    id: Id
    title: Text
    title_en: str | None = None
    points: Annotated[Points, Field(ge=0)] | None = None
    sources: Annotated[list[Citation], Field(min_length=1)]


class Checklist(Model):
    """A list of named items.

    ``all_or_nothing``: max if every item is done, else 0. ``per_item``: the sum of the done
    items' points (the items' points add up to the max). ``proportional``: max × done / total.
    """

    kind: Literal["checklist"]
    items: Annotated[list[ChecklistItem], Field(min_length=1)]
    rule: Literal["all_or_nothing", "per_item", "proportional"]


class Ratio(Model):
    """A ratio numerator / denominator turned into points.

    Points are ``max × ratio``, or ``min(max, max × ratio / threshold)`` when a threshold is
    set (full points from the threshold up). An empty denominator follows ``on_empty``.
    """

    kind: Literal["ratio"]
    numerator: Text
    denominator: Text
    threshold: Share | None = None
    on_empty: OnEmpty


class Quota(Model):
    """A count of activities per period against a target.

    ``proportional``: max × min(1, count / target); ``none``: max if count >= target, else 0.
    """

    kind: Literal["quota"]
    target: Annotated[int, Field(ge=1)]
    per: Literal["year", "half_year", "quarter", "month", "period"]
    unit: Text
    partial: Literal["proportional", "none"]


class Coverage(Model):
    """Events answered by an action over the events that required it, scored like a ratio.

    E.g. condolence letters sent per death in the commune.
    """

    kind: Literal["coverage"]
    event: Text
    action: Text
    threshold: Share | None = None
    on_empty: OnEmpty


class Survey(Model):
    """A satisfaction rate computed from survey answers, scored like a ratio.

    Attributes:
        scale: the answer levels, lowest first, if the source gives them.
        satisfied_levels: the levels counted as satisfied (a subset of ``scale``).
        min_responses: the fewest responses for the rate to count, if the source sets one:
            the forms (phiếu) when the answer gives them, else the answers.
    """

    kind: Literal["survey"]
    scale: Annotated[list[Text], Field(min_length=2)] | None = None
    satisfied_levels: Annotated[list[Text], Field(min_length=1)] | None = None
    threshold: Share | None = None
    min_responses: Annotated[int, Field(ge=1)] | None = None
    on_empty: OnEmpty


class ExternalIndex(Model):
    """Points converted from an external index: ``max × score / scale_max``.

    Attributes:
        index: the index's name, e.g. the provincial PAR index.
        scale_max: the index's top score.
    """

    kind: Literal["external_index"]
    index: Text
    scale_max: Annotated[Points, Field(gt=0)]
    conversion: Literal["linear"]


class Deduction(Model):
    """Points lost per violation: ``max(floor, max − violations × per_violation)``.

    Attributes:
        conduct_code: the conduct code whose rules the violations break, if any.
    """

    kind: Literal["deduction"]
    per_violation: Annotated[Points, Field(gt=0)]
    floor: Points = Decimal(0)
    conduct_code: str | None = None


#: A criterion's measure, told apart by its ``kind``.
Measure = Annotated[
    SelfScored | YesNo | Checklist | Ratio | Quota | Coverage | Survey | ExternalIndex | Deduction,
    Field(discriminator="kind"),
]


def _share(threshold: Decimal | None) -> str:
    return f"{format((threshold * 100).normalize(), 'f')}%" if threshold is not None else ""


def describe(measure: Measure, max_points: Decimal) -> str:
    """Return the scoring rule of ``measure`` for a criterion worth ``max_points``, in words."""
    m = max_points
    if m == 0 and isinstance(measure, YesNo | Checklist):
        what = "yes / no" if isinstance(measure, YesNo) else f"{len(measure.items)} items to tick"
        return f"not scored (no points in the source): {what}"
    match measure:
        case SelfScored(step=step):
            extra = f", in steps of {step}" if step is not None else ""
            return f"self-scored from 0 to {m} with evidence{extra}"
        case YesNo():
            return f"{m} if yes, else 0"
        case Checklist(rule="all_or_nothing", items=items):
            return f"{m} if all {len(items)} items are done, else 0"
        case Checklist(rule="per_item"):
            return "sum of the points of the items done"
        case Checklist(items=items):
            return f"{m} × items done / {len(items)}"
        case (
            Ratio(threshold=t, on_empty=e)
            | Coverage(threshold=t, on_empty=e)
            | Survey(threshold=t, on_empty=e)
        ):
            rule = f"min({m}, {m} × rate / {_share(t)})" if t is not None else f"{m} × rate"
            return f"{rule}; empty denominator: {e.replace('_', ' ')}"
        case Quota(target=target, per=per, unit=unit, partial="proportional"):
            return f"{m} × min(1, count / {target}) — {target} {unit} per {per.replace('_', ' ')}"
        case Quota(target=target, per=per, unit=unit):
            return f"{m} if at least {target} {unit} per {per.replace('_', ' ')}, else 0"
        case ExternalIndex(index=index, scale_max=scale_max):
            return f"{m} × score / {scale_max} on {index}"
        case Deduction(per_violation=per, floor=floor):
            return f"max({floor}, {m} − {per} × violations)"
    raise AssertionError(f"unknown measure {measure!r}")  # pragma: no cover
