"""Knockout rules (điểm liệt): conditions that cap or remove a commune's tier."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from chinhquyen.criteria._types import Id, Points, Share, Text
from chinhquyen.criteria.citations import Citation
from chinhquyen.model import Model

__all__ = ["CriterionFloor", "Disqualifier", "Knockout", "KnockoutEffect", "MinimumTotal"]


class KnockoutEffect(Model):
    """What a knockout does: cap the tier at a label, or give no tier at all.

    Exactly one of the two is set, e.g. ``{ cap_tier = "2 sao" }`` or ``{ no_tier = true }``.
    """

    cap_tier: str | None = None
    no_tier: Literal[True] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.cap_tier is None) == (self.no_tier is None):
            raise ValueError(
                'an effect is either { cap_tier = "<tier label>" } or { no_tier = true }'
            )
        return self

    def describe(self) -> str:
        """Return the effect in words."""
        if self.no_tier:
            return "not recognised (no tier)"
        return f"tier at most {self.cap_tier}"


class CriterionFloor(Model):
    """Every criterion must reach ``share`` × its max (QĐ 25/2021/QĐ-TTg pattern: 50 %)."""

    kind: Literal["criterion_floor"]
    share: Share
    effect: KnockoutEffect
    sources: Annotated[list[Citation], Field(min_length=1)]


class MinimumTotal(Model):
    """The total must reach ``points``."""

    kind: Literal["minimum_total"]
    points: Annotated[Points, Field(ge=0)]
    effect: KnockoutEffect
    sources: Annotated[list[Citation], Field(min_length=1)]


class Disqualifier(Model):
    """A yes/no fact that, when true, triggers the effect.

    The assessment reports it under ``disqualifiers: {id: bool}``; e.g. the head of the
    commune disciplined in the evaluation year.
    """

    kind: Literal["disqualifier"]
    id: Id
    title: Text
    title_en: str | None = None
    effect: KnockoutEffect
    sources: Annotated[list[Citation], Field(min_length=1)]


#: A knockout rule, told apart by its ``kind``.
Knockout = Annotated[CriterionFloor | MinimumTotal | Disqualifier, Field(discriminator="kind")]
