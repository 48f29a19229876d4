"""What a commune answers for one criterion: its self-score, the measured value, its evidence.

The measured value is a tagged union on ``kind`` that mirrors the criterion's measure kind
(see ``CONTRACT.md``): a yes/no fact, the checklist items done, a numerator over a denominator,
a count, an answered-over-required coverage, survey responses, an external index score, or
violations. Each value type checks only what it can check alone (counts are not negative, a
part is not larger than its whole); whether it fits its criterion is the engine's job.

Decimals are exact. From JSON a number such as ``19.5`` is read as the decimal written; from
Python an ``int``, a ``Decimal``, a decimal string or a ``float`` is accepted, a float being
read as its shortest round-trip representation (``19.5`` -> ``Decimal("19.5")``). Pass strings
for more than 15 significant digits. ``NaN`` and infinities are refused.
"""

from __future__ import annotations

from typing import Annotated, Literal

import pydantic

from chinhquyen.model import Model
from chinhquyen.scoring.fields import Count, ExactDecimal, IsoDate, Text, as_tuple

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


_Count = Count
_Text = Text
_list_to_tuple = as_tuple


class Evidence(Model):
    """A reference to a document that supports an answer.

    At least one of ``document``, ``file`` and ``url`` is required.

    Attributes:
        document: the document's number and symbol, e.g. ``"63/KH-UBND"``.
        file: a file name or path inside the submission, e.g. ``"minh-chung/tc1.pdf"``.
        url: a link to the document.
        title: what the document is, in words.
        date: the document's date.
    """

    document: _Text | None = None
    file: _Text | None = None
    url: _Text | None = None
    title: _Text | None = None
    date: IsoDate | None = None

    @pydantic.model_validator(mode="after")
    def _has_reference(self) -> Evidence:
        if self.document is None and self.file is None and self.url is None:
            raise ValueError("evidence needs at least one of document, file or url")
        return self


class YesNoValue(Model):
    """A yes/no fact, e.g. the conduct-code panel is posted at the commune's gate.

    Attributes:
        kind: always ``"yes_no"``.
        value: whether the requirement is met.
    """

    kind: Literal["yes_no"] = "yes_no"
    value: bool


class ChecklistValue(Model):
    """The checklist items the commune has done, by item id.

    Attributes:
        kind: always ``"checklist"``.
        done: ids of the items done, each at most once (order does not matter).
    """

    kind: Literal["checklist"] = "checklist"
    done: Annotated[tuple[_Text, ...], pydantic.BeforeValidator(_list_to_tuple)]

    @pydantic.field_validator("done")
    @classmethod
    def _unique(cls, done: tuple[str, ...]) -> tuple[str, ...]:
        seen: set[str] = set()
        for item in done:
            if item in seen:
                raise ValueError(f"item {item!r} is listed twice")
            seen.add(item)
        return done


class RatioValue(Model):
    """A count of what met the requirement over the count of what was considered.

    Attributes:
        kind: always ``"ratio"``.
        numerator: how many met the requirement (e.g. dossiers resolved on time).
        denominator: how many were considered (e.g. dossiers received); may be 0.
    """

    kind: Literal["ratio"] = "ratio"
    numerator: _Count
    denominator: _Count

    @pydantic.model_validator(mode="after")
    def _part_of_whole(self) -> RatioValue:
        if self.numerator > self.denominator:
            raise ValueError(
                f"numerator {self.numerator} exceeds denominator {self.denominator};"
                " the numerator counts part of the denominator"
            )
        return self


class QuotaValue(Model):
    """How many times an activity was held in the period, e.g. dialogue conferences.

    Attributes:
        kind: always ``"quota"``.
        count: the number held.
    """

    kind: Literal["quota"] = "quota"
    count: _Count


class CoverageValue(Model):
    """Events answered by the required action over events that required it.

    Example: 417 condolence letters sent for 420 deaths (answered=417, required=420).

    Attributes:
        kind: always ``"coverage"``.
        answered: events answered by the action.
        required: events that required the action; may be 0.
    """

    kind: Literal["coverage"] = "coverage"
    answered: _Count
    required: _Count

    @pydantic.model_validator(mode="after")
    def _part_of_whole(self) -> CoverageValue:
        if self.answered > self.required:
            raise ValueError(
                f"answered {self.answered} exceeds required {self.required};"
                " count each event that required the action once"
            )
        return self


class SurveyValue(Model):
    """Satisfied responses over all valid responses of a satisfaction survey.

    A rate pooled over several questions counts every answer as a response (a form answering
    10 questions gives 10); ``forms`` then says how many forms (phiếu) they came from, which
    is what a criterion's minimum number of responses counts when it is given.

    Attributes:
        kind: always ``"survey"``.
        satisfied: responses at a level the criterion counts as satisfied.
        responses: all valid responses; may be 0.
        forms: the forms with at least one of those responses, if known; at most
            ``responses``, and 0 only when there are no responses.
    """

    kind: Literal["survey"] = "survey"
    satisfied: _Count
    responses: _Count
    forms: _Count | None = None

    @pydantic.model_validator(mode="after")
    def _part_of_whole(self) -> SurveyValue:
        if self.satisfied > self.responses:
            raise ValueError(
                f"satisfied {self.satisfied} exceeds responses {self.responses};"
                " satisfied responses are part of all responses"
            )
        f = self.forms
        if f is not None and (f > self.responses or (f == 0 and self.responses > 0)):
            raise ValueError(
                f"forms {f} does not fit responses {self.responses}: each form counted gives"
                f" at least one response, so forms lies in 1..{self.responses}"
                + (" (or is 0 with no responses)" if self.responses else "")
            )
        return self


class ExternalIndexValue(Model):
    """A score the commune obtained on another index (e.g. the province's PAR index).

    Attributes:
        kind: always ``"external_index"``.
        score: the score on the index's own scale (checked against the scale by the engine).
        source: where the score was published, if known.
    """

    kind: Literal["external_index"] = "external_index"
    score: Annotated[ExactDecimal, pydantic.Field(ge=0)]
    source: _Text | None = None


class ViolationRecord(Model):
    """One recorded breach of a conduct rule.

    Attributes:
        rule: the rule, addressed as ``"<conduct code id>#<rule id>"``, if known.
        date: when it happened.
        note: what happened.
    """

    rule: _Text | None = None
    date: IsoDate
    note: _Text | None = None


class DeductionValue(Model):
    """Violations recorded in the period for a criterion scored by deduction.

    Give ``violations``, ``records`` or both; with both, ``violations`` must equal the
    number of records. With no records, ``violations`` is required (0 if none).

    Attributes:
        kind: always ``"deduction"``.
        violations: the number of violations.
        records: the violations one by one.
    """

    kind: Literal["deduction"] = "deduction"
    violations: _Count | None = None
    records: Annotated[tuple[ViolationRecord, ...], pydantic.BeforeValidator(_list_to_tuple)] = ()

    @pydantic.model_validator(mode="after")
    def _consistent(self) -> DeductionValue:
        if self.violations is None and not self.records:
            raise ValueError("give violations (0 if there were none) or the records")
        if self.violations is not None and self.records and self.violations != len(self.records):
            raise ValueError(
                f"violations is {self.violations} but {len(self.records)} record(s) are given;"
                " make them equal or omit violations"
            )
        return self

    @property
    def count(self) -> int:
        """The number of violations, from ``violations`` or else the records."""
        return self.violations if self.violations is not None else len(self.records)


#: A measured value, tagged by ``kind`` like the criterion's measure.
AnswerValue = Annotated[
    YesNoValue
    | ChecklistValue
    | RatioValue
    | QuotaValue
    | CoverageValue
    | SurveyValue
    | ExternalIndexValue
    | DeductionValue,
    pydantic.Field(discriminator="kind"),
]


class Answer(Model):
    """A commune's answer for one criterion.

    Attributes:
        self_score: the points the commune gave itself, or None if it gave none (checked
            against the criterion's 0..max range when scored).
        value: the measured value, needed by every criterion kind except ``self_scored``.
        evidence: references to the supporting documents.
        note: anything the commune adds in words.
    """

    self_score: ExactDecimal | None = None
    value: AnswerValue | None = None
    evidence: Annotated[tuple[Evidence, ...], pydantic.BeforeValidator(_list_to_tuple)] = ()
    note: _Text | None = None
