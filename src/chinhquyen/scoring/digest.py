"""The digest of a self-assessment: proof of which submission a scorecard was computed from.

The digest is the SHA-256 (lower-case hex) of the assessment's *canonical JSON*, which is:

1. the assessment as validated, with every field (defaults included, e.g. ``"evidence": []``
   and ``"disqualifiers": {}``) as described by its JSON Schema;
2. members whose value is ``null`` left out (so an omitted optional field and an explicit
   ``null`` give the same digest);
3. decimal numbers (self-scores, external scores) written as JSON *strings* in plain notation
   with no trailing zeros and no exponent (``19.50`` -> ``"19.5"``, ``20`` -> ``"20"``,
   ``0.0`` -> ``"0"``); counts and years as JSON integers; dates as ``"YYYY-MM-DD"``;
4. object keys sorted by code point, no whitespace (separators ``,`` and ``:``), non-ASCII
   characters written as themselves, encoded in UTF-8.

An auditor can recompute it with any JSON tool, e.g. in Python::

    hashlib.sha256(canonical_json(assessment)).hexdigest()

or, with ``canonical_json`` written to a file, ``sha256sum file.json``.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from json.encoder import encode_basestring

from chinhquyen._model import Model
from chinhquyen.scoring.answers import (
    Answer,
    ChecklistValue,
    CoverageValue,
    DeductionValue,
    ExternalIndexValue,
    QuotaValue,
    RatioValue,
    SurveyValue,
    YesNoValue,
    _decimal_text,
)
from chinhquyen.scoring.assessment import SelfAssessment

__all__ = ["canonical_json", "decimal_text", "digest"]


def decimal_text(value: Decimal) -> str:
    """Write a decimal in plain notation without trailing zeros (``2.50`` -> ``"2.5"``)."""
    return _decimal_text(value)


def canonical_json(assessment: SelfAssessment) -> bytes:
    """Return the canonical JSON of an assessment as UTF-8 bytes (see the module docs)."""
    # "answers" sorts first among the assessment's keys: write it, then the rest after it
    keys = _KEYS
    parts = []
    for cid, answer in sorted(assessment.answers.items()):  # ids are unique: sorted by id
        key = keys.get(cid)
        if key is None:
            key = _string(cid) + ":"
            if len(keys) < 4096:  # criterion ids repeat from card to card
                keys[cid] = key
        parts.append(key + _answer_json(answer))
    inner = ",".join(parts)
    rest = _generic(assessment.model_dump(mode="json", exclude_none=True, exclude={"answers"}))
    return f'{{"answers":{{{inner}}},{rest[1:]}'.encode()


def _generic(data: object) -> str:
    # mode="json" writes decimals through ExactDecimal's serializer (plain, normalised text)
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


# The common answers are written directly (keys in sorted order); anything else, and every
# answer if the models gain a field this writer does not know, goes through _generic.
_string = encode_basestring
_KEYS: dict[str, str] = {}
_SHAPES: dict[type[Model], frozenset[str]] = {
    Answer: frozenset({"self_score", "value", "evidence", "note"}),
    YesNoValue: frozenset({"kind", "value"}),
    ChecklistValue: frozenset({"kind", "done"}),
    RatioValue: frozenset({"kind", "numerator", "denominator"}),
    QuotaValue: frozenset({"kind", "count"}),
    CoverageValue: frozenset({"kind", "answered", "required"}),
    SurveyValue: frozenset({"kind", "satisfied", "responses"}),
    ExternalIndexValue: frozenset({"kind", "score", "source"}),
    DeductionValue: frozenset({"kind", "violations", "records"}),
}
_DIRECT = all(set(cls.model_fields) == names for cls, names in _SHAPES.items())


def _value_json(v: object) -> str | None:
    if isinstance(v, RatioValue):
        return f'{{"denominator":{v.denominator},"kind":"ratio","numerator":{v.numerator}}}'
    if isinstance(v, YesNoValue):
        return '{"kind":"yes_no","value":true}' if v.value else '{"kind":"yes_no","value":false}'
    if isinstance(v, ChecklistValue):
        return f'{{"done":[{",".join(map(_string, v.done))}],"kind":"checklist"}}'
    if isinstance(v, QuotaValue):
        return f'{{"count":{v.count},"kind":"quota"}}'
    if isinstance(v, CoverageValue):
        return f'{{"answered":{v.answered},"kind":"coverage","required":{v.required}}}'
    if isinstance(v, SurveyValue):
        return f'{{"kind":"survey","responses":{v.responses},"satisfied":{v.satisfied}}}'
    if isinstance(v, ExternalIndexValue):
        source = "" if v.source is None else f',"source":{_string(v.source)}'
        return f'{{"kind":"external_index","score":"{_decimal_text(v.score)}"{source}}}'
    if isinstance(v, DeductionValue) and not v.records and v.violations is not None:
        return f'{{"kind":"deduction","records":[],"violations":{v.violations}}}'
    return None


def _answer_json(answer: Answer) -> str:
    if not _DIRECT or answer.evidence:
        return _generic(answer.model_dump(mode="json", exclude_none=True))
    text = '{"evidence":[]'
    if answer.note is not None:
        text += f',"note":{_string(answer.note)}'
    if answer.self_score is not None:
        text += f',"self_score":"{_decimal_text(answer.self_score)}"'
    if answer.value is not None:
        value = _value_json(answer.value)
        if value is None:
            return _generic(answer.model_dump(mode="json", exclude_none=True))
        text += f',"value":{value}'
    return text + "}"


def digest(assessment: SelfAssessment) -> str:
    """Return the SHA-256 (lower-case hex) of the assessment's canonical JSON."""
    return hashlib.sha256(canonical_json(assessment)).hexdigest()
