"""How a criterion is measured: one model per measure kind, each stating its scoring rule.

The formulas are fixed per kind (see each class); the data gives their parameters. Points are
exact decimals. The scoring package applies them to a commune's answers. Each kind says its
rule in words with its own `describe(max_points)`; the module function
[`describe`][chinhquyen.criteria.measures.describe] asks the measure it is given.
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


def _share(threshold: Decimal | None) -> str:
    return f"{format((threshold * 100).normalize(), 'f')}%" if threshold is not None else ""


def _rate_rule(m: Decimal, threshold: Decimal | None, on_empty: str) -> str:
    """The wording shared by the kinds scored like a ratio (ratio, coverage, survey)."""
    rule = f"min({m}, {m} × rate / {_share(threshold)})" if threshold is not None else f"{m} × rate"
    return f"{rule}; empty denominator: {on_empty.replace('_', ' ')}"


_UNSCORED = "not scored (no points in the source)"

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

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points`."""
        extra = f", in steps of {self.step}" if self.step is not None else ""
        return f"self-scored from 0 to {max_points} with evidence{extra}"


class YesNo(Model):
    """Points are the criterion's max if the fact holds, else 0."""

    kind: Literal["yes_no"]

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points` (0: not scored)."""
        if max_points == 0:
            return f"{_UNSCORED}: yes / no"
        return f"{max_points} if yes, else 0"


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

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points` (0: not scored)."""
        n = len(self.items)
        if max_points == 0:
            return f"{_UNSCORED}: {n} items to tick"
        if self.rule == "all_or_nothing":
            return f"{max_points} if all {n} items are done, else 0"
        if self.rule == "per_item":
            return "sum of the points of the items done"
        return f"{max_points} × items done / {n}"


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

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points`."""
        return _rate_rule(max_points, self.threshold, self.on_empty)


class Quota(Model):
    """A count of activities per period against a target.

    ``proportional``: max × min(1, count / target); ``none``: max if count >= target, else 0.
    """

    kind: Literal["quota"]
    target: Annotated[int, Field(ge=1)]
    per: Literal["year", "half_year", "quarter", "month", "period"]
    unit: Text
    partial: Literal["proportional", "none"]

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points`."""
        m, target, per = max_points, self.target, self.per.replace("_", " ")
        if self.partial == "proportional":
            return f"{m} × min(1, count / {target}) — {target} {self.unit} per {per}"
        return f"{m} if at least {target} {self.unit} per {per}, else 0"


class Coverage(Model):
    """Events answered by an action over the events that required it, scored like a ratio.

    E.g. condolence letters sent per death in the commune.
    """

    kind: Literal["coverage"]
    event: Text
    action: Text
    threshold: Share | None = None
    on_empty: OnEmpty

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points`."""
        return _rate_rule(max_points, self.threshold, self.on_empty)


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

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points`."""
        return _rate_rule(max_points, self.threshold, self.on_empty)


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

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points`."""
        return f"{max_points} × score / {self.scale_max} on {self.index}"


class Deduction(Model):
    """Points lost per violation: ``max(floor, max − violations × per_violation)``.

    Attributes:
        conduct_code: the conduct code whose rules the violations break, if any.
    """

    kind: Literal["deduction"]
    per_violation: Annotated[Points, Field(gt=0)]
    floor: Points = Decimal(0)
    conduct_code: str | None = None

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points`."""
        return f"max({self.floor}, {max_points} − {self.per_violation} × violations)"


#: A criterion's measure, told apart by its ``kind``.
Measure = Annotated[
    SelfScored | YesNo | Checklist | Ratio | Quota | Coverage | Survey | ExternalIndex | Deduction,
    Field(discriminator="kind"),
]


def describe(measure: Measure, max_points: Decimal) -> str:
    """Return the scoring rule of `measure` for a criterion worth `max_points`, in words.

    Each measure kind words its own rule (its `describe` method); this asks the one given.
    """
    return measure.describe(max_points)
