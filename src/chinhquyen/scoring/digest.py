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
from collections.abc import Callable
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from chinhquyen.model import Model
from chinhquyen.scoring.answers import (
    Answer,
    ChecklistValue,
    CoverageValue,
    DeductionValue,
    Evidence,
    ExternalIndexValue,
    QuotaValue,
    RatioValue,
    SurveyValue,
    YesNoValue,
)
from chinhquyen.scoring.assessment import LegacyDistrict, SelfAssessment, Unit
from chinhquyen.scoring.numbers import decimal_text as _decimal_text
from chinhquyen.scoring.period import Period

__all__ = ["canonical_json", "digest"]


def canonical_json(assessment: SelfAssessment) -> bytes:
    """Return the canonical JSON of an assessment as UTF-8 bytes (see the module docs)."""
    if not _DIRECT:
        return _generic(assessment.model_dump(mode="json", exclude_none=True)).encode()
    keys = _KEYS
    parts = []
    for cid, answer in sorted(assessment.answers.items()):  # ids are unique: sorted by id
        key = keys.get(cid)
        if key is None:
            key = _string(cid) + ":"
            if len(keys) < 4096:  # criterion ids repeat from card to card
                keys[cid] = key
        parts.append(key + _answer_json(answer))
    # the assessment's keys in sorted order: answers, disqualifiers, framework,
    # framework_version, note, period, submitted, unit
    a = assessment
    text = '{"answers":{' + ",".join(parts) + '},"disqualifiers":'
    text += _flags(a.disqualifiers) + ',"framework":' + _string(a.framework)
    if a.framework_version is not None:
        text += ',"framework_version":' + _string(a.framework_version)
    if a.note is not None:
        text += ',"note":' + _string(a.note)
    p = a.period
    if isinstance(p, int):
        text += f',"period":{p}'
    else:
        label = "" if p.label is None else ',"label":' + _string(p.label)
        text += f',"period":{{"end":"{p.end.isoformat()}"{label},"start":"{p.start.isoformat()}"}}'
    if a.submitted is not None:
        text += f',"submitted":"{a.submitted.isoformat()}"'
    return (text + ',"unit":' + _unit_json(a.unit) + "}").encode()


def _generic(data: object) -> str:
    # mode="json" writes decimals through ExactDecimal's serializer (plain, normalised text)
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def _flags(flags: dict[str, bool]) -> str:
    if not flags:
        return "{}"
    items = sorted(flags.items())
    return "{" + ",".join(_string(k) + (":true" if v else ":false") for k, v in items) + "}"


def _unit_json(u: Unit) -> str:
    text = '{"code":' + _string(u.code)
    d = u.district
    if d is not None:
        text += ',"district":{'
        if d.code is not None:
            text += '"code":' + _string(d.code) + ","
        text += f'"name":{_string(d.name)},"valid_to":"{d.valid_to.isoformat()}"}}'
    if u.former_code is not None:
        text += ',"former_code":' + _string(u.former_code)
    text += ',"name":' + _string(u.name) + ',"province":' + _string(u.province)
    if u.type is not None:
        text += ',"type":' + _string(u.type)
    return text + "}"


# Every model is written directly, keys in sorted order. If a model gains a field this writer
# does not know, _DIRECT turns false and everything goes through _generic (pydantic's dump).
_string = encode_basestring
_KEYS: dict[str, str] = {}
_WRITTEN: dict[Decimal, str] = {}
_SHAPES: dict[type[Model], frozenset[str]] = {
    SelfAssessment: frozenset(
        {"framework", "framework_version", "unit", "period", "submitted", "answers"}
        | {"disqualifiers", "note"}
    ),
    Unit: frozenset({"code", "name", "province", "type", "district", "former_code"}),
    LegacyDistrict: frozenset({"code", "name", "valid_to"}),
    Period: frozenset({"start", "end", "label"}),
    Evidence: frozenset({"document", "file", "url", "title", "date"}),
    Answer: frozenset({"self_score", "value", "evidence", "note"}),
    YesNoValue: frozenset({"kind", "value"}),
    ChecklistValue: frozenset({"kind", "done"}),
    RatioValue: frozenset({"kind", "numerator", "denominator"}),
    QuotaValue: frozenset({"kind", "count"}),
    CoverageValue: frozenset({"kind", "answered", "required"}),
    SurveyValue: frozenset({"kind", "satisfied", "responses", "forms"}),
    ExternalIndexValue: frozenset({"kind", "score", "source"}),
    DeductionValue: frozenset({"kind", "violations", "records"}),
}
_DIRECT = all(set(cls.model_fields) == names for cls, names in _SHAPES.items())


def _ratio(v: RatioValue) -> str:
    return f'{{"denominator":{v.denominator},"kind":"ratio","numerator":{v.numerator}}}'


def _yes_no(v: YesNoValue) -> str:
    return '{"kind":"yes_no","value":true}' if v.value else '{"kind":"yes_no","value":false}'


def _checklist(v: ChecklistValue) -> str:
    return f'{{"done":[{",".join(map(_string, v.done))}],"kind":"checklist"}}'


def _quota(v: QuotaValue) -> str:
    return f'{{"count":{v.count},"kind":"quota"}}'


def _coverage(v: CoverageValue) -> str:
    return f'{{"answered":{v.answered},"kind":"coverage","required":{v.required}}}'


def _survey(v: SurveyValue) -> str:
    forms = "" if v.forms is None else f'"forms":{v.forms},'
    return f'{{{forms}"kind":"survey","responses":{v.responses},"satisfied":{v.satisfied}}}'


def _external_index(v: ExternalIndexValue) -> str:
    source = "" if v.source is None else f',"source":{_string(v.source)}'
    return f'{{"kind":"external_index","score":"{_decimal_text(v.score)}"{source}}}'


def _deduction(v: DeductionValue) -> str:
    if v.records or v.violations is None:
        return _generic(v.model_dump(mode="json", exclude_none=True))
    return f'{{"kind":"deduction","records":[],"violations":{v.violations}}}'


_WRITERS: dict[type[Model], Callable[[Any], str]] = {
    RatioValue: _ratio,
    YesNoValue: _yes_no,
    ChecklistValue: _checklist,
    QuotaValue: _quota,
    CoverageValue: _coverage,
    SurveyValue: _survey,
    ExternalIndexValue: _external_index,
    DeductionValue: _deduction,
}


def _evidence(e: Evidence) -> str:
    # keys in sorted order: date, document, file, title, url; at least one is set
    text = "" if e.date is None else f',"date":"{e.date.isoformat()}"'
    if e.document is not None:
        text += ',"document":' + _string(e.document)
    if e.file is not None:
        text += ',"file":' + _string(e.file)
    if e.title is not None:
        text += ',"title":' + _string(e.title)
    if e.url is not None:
        text += ',"url":' + _string(e.url)
    return "{" + text[1:] + "}"


def _answer_json(answer: Answer) -> str:
    # keys in sorted order: evidence, note, self_score, value
    evidence = answer.evidence
    listed = ",".join(map(_evidence, evidence)) if evidence else ""
    note = "" if answer.note is None else ',"note":' + _string(answer.note)
    score = answer.self_score
    written = "" if score is None else _WRITTEN.get(score)
    if written is None:
        assert score is not None
        written = ',"self_score":"' + _decimal_text(score) + '"'
        if len(_WRITTEN) < 4096:  # self-scores take few values; equal ones write alike
            _WRITTEN[score] = written
    v = answer.value
    if v is None:
        return f'{{"evidence":[{listed}]{note}{written}}}'
    write = _WRITERS.get(type(v))
    if write is None:  # a subclass of a value model: let pydantic write it
        return _generic(answer.model_dump(mode="json", exclude_none=True))
    return f'{{"evidence":[{listed}]{note}{written},"value":{write(v)}}}'


def digest(assessment: SelfAssessment) -> str:
    """Return the SHA-256 (lower-case hex) of the assessment's canonical JSON."""
    return hashlib.sha256(canonical_json(assessment)).hexdigest()
