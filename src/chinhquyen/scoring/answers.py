"""What a commune answers for one criterion: its self-score, the measured value, its evidence.

The measured value is a tagged union on `kind` that mirrors the criterion's measure kind: a
yes/no fact, the checklist items done, a numerator over a denominator, a count, an
answered-over-required coverage, survey responses, an external index score, or violations.
Each value model lives in its kind's module ([`chinhquyen.scoring.kinds`][]) and checks only
what it can check alone (counts are not negative, a part is not larger than its whole); whether
it fits its criterion is decided when it is scored.

Evidence (minh chứng) here means the documents an answer cites. Measuring raw records (dossier
logs, survey answers, activity ledgers) is `chinhquyen.scoring.measurements`.

Numbers are read as exact decimals (see `chinhquyen.scoring.fields`).
"""

from __future__ import annotations

from typing import Annotated

import pydantic

from chinhquyen.model import Model
from chinhquyen.scoring.fields import ExactDecimal, IsoDate, Text, as_tuple
from chinhquyen.scoring.kinds import (
    AnswerValue,
    ChecklistValue,
    CoverageValue,
    DeductionValue,
    ExternalIndexValue,
    QuotaValue,
    RatioValue,
    SurveyValue,
    ViolationRecord,
    YesNoValue,
)

__all__ = [
    "Answer",
    "AnswerValue",
    "ChecklistValue",
    "CoverageValue",
    "DeductionValue",
    "Evidence",
    "ExactDecimal",
    "ExternalIndexValue",
    "IsoDate",
    "QuotaValue",
    "RatioValue",
    "SurveyValue",
    "ViolationRecord",
    "YesNoValue",
]


class Evidence(Model):
    """A reference to a document that supports an answer (minh chứng).

    At least one of `document`, `file` and `url` is required.

    Attributes:
        document: the document's number and symbol, e.g. `"63/KH-UBND"`.
        file: a file name or path inside the submission, e.g. `"minh-chung/tc1.pdf"`.
        url: a link to the document.
        title: what the document is, in words.
        date: the document's date.
    """

    document: Text | None = None
    file: Text | None = None
    url: Text | None = None
    title: Text | None = None
    date: IsoDate | None = None

    @pydantic.model_validator(mode="after")
    def _has_reference(self) -> Evidence:
        if self.document is None and self.file is None and self.url is None:
            raise ValueError("evidence needs at least one of document, file or url")
        return self


class Answer(Model):
    """A commune's answer for one criterion.

    Attributes:
        self_score: the points the commune gave itself, or None if it gave none (checked
            against the criterion's range when scored).
        value: the measured value, needed by every criterion kind except `self_scored`.
        evidence: references to the supporting documents.
        note: anything the commune adds in words.
    """

    self_score: ExactDecimal | None = None
    value: AnswerValue | None = None
    evidence: Annotated[tuple[Evidence, ...], pydantic.BeforeValidator(as_tuple)] = ()
    note: Text | None = None
