"""Citations: where a rule, threshold or point value comes from."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from chinhquyen.criteria._types import Text
from chinhquyen.model import Model

__all__ = ["Basis", "Citation"]

#: What kind of source a citation is. ``text``: the issuing document itself; ``press``: a
#: newspaper or portal report of it; ``reconstruction``: derived from published results (e.g.
#: scores fitted to a formula); ``software``: a public system implementing the rule;
#: ``assumption``: a choice this library makes where no source settles the value.
Basis = Literal["text", "press", "reconstruction", "software", "assumption"]


class Citation(Model):
    """A source for a value: a document, where in it, and how to find it.

    Attributes:
        document: the document or article cited, e.g. ``Quyết định 766/QĐ-TTg``.
        article: the article, clause or section inside it, if any.
        url: where it can be read.
        date: the document's date (signature or publication).
        note: what exactly the source says or why it is cited.
        basis: what kind of source this is (see :data:`Basis`); ``None`` if not stated.
    """

    document: Text
    article: str | None = None
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    date: dt.date | None = None
    note: str | None = None
    basis: Basis | None = None

    def short(self) -> str:
        """Return a one-line human-readable form, e.g. ``QĐ 766/QĐ-TTg, Điều 2 (2022-06-23)``."""
        parts = [self.document]
        if self.article:
            parts.append(self.article)
        text = ", ".join(parts)
        if self.date:
            text += f" ({self.date.isoformat()})"
        return text
