"""Citations: where a rule, threshold or point value comes from."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, field_validator

from chinhquyen.criteria._types import Text
from chinhquyen.model import Model

__all__ = ["Aspect", "Basis", "Citation"]

#: What kind of source a citation is. ``text``: the issuing document itself; ``press``: a
#: newspaper or portal report of it; ``specification``: the operator's own specification of how
#: a rule is computed (e.g. the indicator sheet of the National Public Service Portal), neither
#: the issuing text nor fitted to results; ``reconstruction``: derived from published results
#: (e.g. scores fitted to a formula); ``software``: a public system implementing the rule;
#: ``assumption``: a choice this library makes where no source settles the value.
Basis = Literal["text", "press", "specification", "reconstruction", "software", "assumption"]

#: What part of a rule a source supports: ``max``, the points; ``definition``, what is counted
#: (numerator, denominator, items); ``formula``, how the count becomes points (linear, a
#: threshold); ``empty``, what an empty denominator gives; ``scope``, the levels it applies to;
#: ``rounding``, how points are rounded; ``format``, the accepted evidence files.
Aspect = Literal["max", "definition", "formula", "empty", "scope", "rounding", "format"]


class Citation(Model):
    """A source for a value: a document, where in it, and how to find it.

    Attributes:
        document: the document or article cited, e.g. ``Quyết định 766/QĐ-TTg``.
        article: the article, clause or section inside it, if any.
        url: where it can be read.
        date: the document's date (signature or publication).
        note: what exactly the source says or why it is cited.
        basis: what kind of source this is (see `Basis`); ``None`` if not stated.
        covers: the parts of the rule this source supports (see `Aspect`), when a rule's parts
            rest on different sources (e.g. the points on the decision, the formula on a
            reconstruction); ``None`` if not stated.
    """

    document: Text
    article: str | None = None
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    date: dt.date | None = None
    note: str | None = None
    basis: Basis | None = None
    covers: Annotated[list[Aspect], Field(min_length=1)] | None = None

    @field_validator("covers")
    @classmethod
    def _once_each(cls, covers: list[Aspect] | None) -> list[Aspect] | None:
        if covers is not None and len(set(covers)) != len(covers):
            raise ValueError(f"covers names an aspect twice: {covers}")
        return covers

    def short(self) -> str:
        """Return a one-line human-readable form, e.g. ``QĐ 766/QĐ-TTg, Điều 2 (2022-06-23)``."""
        parts = [self.document]
        if self.article:
            parts.append(self.article)
        text = ", ".join(parts)
        if self.date:
            text += f" ({self.date.isoformat()})"
        return text
