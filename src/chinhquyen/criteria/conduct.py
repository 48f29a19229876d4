"""Conduct codes: named sets of rules for civil servants ("4 xin, 4 luôn, 5 không", ...)."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, model_validator

from chinhquyen.criteria._problems import Problems
from chinhquyen.criteria._types import CODE_ID, Id, Text
from chinhquyen.criteria.citations import Citation
from chinhquyen.errors import UnknownConductCodeError
from chinhquyen.model import Model

__all__ = ["ConductCode", "Rule", "RuleGroup"]


class Rule(Model):
    """One rule of a conduct code, addressed as ``"<code id>#<rule id>"``."""

    id: Id
    text: Text
    text_en: str | None = None


class RuleGroup(Model):
    """A named group of rules, titled as the source writes it (e.g. ``4 xin``, ``5 không``)."""

    id: Id
    title: Text
    title_en: str | None = None
    rules: Annotated[list[Rule], Field(min_length=1)]
    sources: Annotated[list[Citation], Field(min_length=1)]


class ConductCode(Model):
    """A conduct code made of groups of rules.

    Attributes:
        id: e.g. ``dong-nai/4-xin-4-luon-5-khong``.
        issuer: the body that adopted it.
        jurisdiction: the province (and unit) where it applies, as the source names it.
        motto: the code's motto (phương châm), if the source gives one.
        notes: what the sources leave open, in Vietnamese; ``notes_en`` beside it.
    """

    id: Annotated[str, Field(pattern=CODE_ID)]
    title: Text
    title_en: str | None = None
    issuer: Text
    jurisdiction: Text
    motto: str | None = None
    groups: Annotated[list[RuleGroup], Field(min_length=1)]
    sources: Annotated[list[Citation], Field(min_length=1)]
    notes: str | None = None
    notes_en: str | None = None

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        problems: list[tuple[str, str]] = []
        if self.notes_en and not self.notes:
            problems.append(
                ("notes_en", "an English notes_en needs the Vietnamese notes beside it; add notes")
            )
        seen_groups: set[str] = set()
        seen_rules: set[str] = set()
        for i, g in enumerate(self.groups):
            if g.id in seen_groups:
                problems.append((f"groups[{i}].id", f"group id {g.id!r} is used twice"))
            seen_groups.add(g.id)
            for j, r in enumerate(g.rules):
                if r.id in seen_rules:
                    problems.append(
                        (f"groups[{i}].rules[{j}].id", f"rule id {r.id!r} is used twice")
                    )
                seen_rules.add(r.id)
        if problems:
            raise Problems(problems)
        return self

    def rules(self) -> list[Rule]:
        """Return every rule, in group order."""
        return [r for g in self.groups for r in g.rules]

    def rule(self, ref: str) -> Rule:
        """Return the rule addressed by ``ref`` (``"<rule id>"`` or ``"<code id>#<rule id>"``).

        Raises:
            UnknownConductCodeError: if the code id or the rule id is not this code's.
        """
        code, sep, rule_id = ref.rpartition("#")
        if sep and code != self.id:
            raise UnknownConductCodeError(f"{ref!r} does not belong to conduct code {self.id!r}")
        for r in self.rules():
            if r.id == rule_id:
                return r
        valid = ", ".join(f"{self.id}#{r.id}" for r in self.rules())
        raise UnknownConductCodeError(f"no rule {rule_id!r} in {self.id!r}; valid: {valid}")

    def refs(self) -> list[str]:
        """Return the full address ``"<code id>#<rule id>"`` of every rule."""
        return [f"{self.id}#{r.id}" for r in self.rules()]
