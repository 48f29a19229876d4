"""Where the units' data comes from: one citation per fact, as the data files give it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs

__all__ = ["Basis", "Source"]

#: How a source was used: its own text, a press report of it, or a third-party compilation.
Basis = Literal["text", "press", "compilation"]


@attrs.frozen(slots=True)
class Source:
    """Where a fact of the units' data comes from.

    Attributes:
        document: the document (number and title), or the compilation and its file.
        article: the article or part, if known.
        date: the document's date, if known.
        url: where it can be read, if known.
        basis: `text` (the document's own text), `press` (a press report of it) or
            `compilation` (a third-party compilation, not an official export).
        note: what the source says that matters here, and what was not confirmed.
    """

    document: str
    article: str | None = None
    date: dt.date | None = None
    url: str | None = None
    basis: Basis = "text"
    note: str | None = None
