"""The digest of a self-assessment: proof of which submission a scorecard was computed from.

The digest is the SHA-256 (lower-case hex) of the assessment's *canonical JSON*, which is:

1. the assessment as validated, with every field (defaults included, e.g. `"evidence": []`
   and `"disqualifiers": {}`) as described by its JSON Schema;
2. members whose value is `null` left out (so an omitted optional field and an explicit
   `null` give the same digest);
3. decimal numbers (self-scores, external scores) written as JSON *strings* in plain notation
   with no trailing zeros and no exponent (`19.50` -> `"19.5"`, `20` -> `"20"`,
   `0.0` -> `"0"`); counts and years as JSON integers; dates as `"YYYY-MM-DD"`;
4. object keys sorted by code point, no whitespace (separators `,` and `:`), non-ASCII
   characters written as themselves, encoded in UTF-8.

That is exactly what `json.dumps(assessment.model_dump(mode="json", exclude_none=True),
sort_keys=True, separators=(",", ":"), ensure_ascii=False)` writes, so an auditor can recompute
it with any JSON tool, e.g. in Python:

    hashlib.sha256(canonical_json(assessment)).hexdigest()

or, with `canonical_json` written to a file, `sha256sum file.json`.

The library writes the canonical JSON directly, model by model, with one writer per model: the
assessment's own models here, each answer value by its measure kind
([`MeasureKind.digest`][chinhquyen.scoring.kinds.base.MeasureKind]). There is no other path. The
models' field sets are checked when this module is imported, so a field added to a model
without its writer fails loudly instead of being left out of the digest; a test checks the
writer against the generic form above on assessments using every field.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from chinhquyen.model import Model
from chinhquyen.scoring.answers import Answer, Evidence
from chinhquyen.scoring.assessment import LegacyDistrict, SelfAssessment, Unit
from chinhquyen.scoring.kinds import KINDS
from chinhquyen.scoring.kinds.base import json_string
from chinhquyen.scoring.numbers import decimal_text
from chinhquyen.scoring.period import Period

__all__ = ["canonical_json", "digest"]


def canonical_json(assessment: SelfAssessment) -> bytes:
    """Return the canonical JSON of an assessment as UTF-8 bytes (see the module docs)."""
    a = assessment
    answers = a.answers
    members = []
    for cid in sorted(answers):  # ids are unique: sorted by id
        # an answer's keys in sorted order: evidence, note, self_score, value; its fields read
        # from its `__dict__` (one attribute read instead of one per field)
        given = answers[cid].__dict__
        evidence, note = given["evidence"], given["note"]
        score, value = given["self_score"], given["value"]
        if not evidence:
            listed = ""
        elif len(evidence) == 1:  # the usual case: one document
            listed = _evidence(evidence[0])
        else:
            listed = ",".join(map(_evidence, evidence))
        members.append(
            f"{_opening(cid)}{listed}]"
            f"{'' if note is None else _NOTE + json_string(note)}"
            f"{'' if score is None else _self_score(score)}"
            f"{'' if value is None else _VALUE + _VALUE_WRITERS[type(value)](value)}}}"
        )
    # the assessment's keys in sorted order: answers, disqualifiers, framework,
    # framework_version, note, period, submitted, unit
    text = '{"answers":{' + ",".join(members) + '},"disqualifiers":' + _flags(a.disqualifiers)
    text += ',"framework":' + json_string(a.framework)
    if a.framework_version is not None:
        text += ',"framework_version":' + json_string(a.framework_version)
    if a.note is not None:
        text += ',"note":' + json_string(a.note)
    p = a.period
    text += f',"period":{p}' if isinstance(p, int) else ',"period":' + _period(p)
    if a.submitted is not None:
        text += f',"submitted":"{a.submitted.isoformat()}"'
    # encoded apart: the unit's Vietnamese name would make the whole text a wide string,
    # slower to build and to encode than the (usually ASCII) rest
    return (text + ',"unit":').encode() + (_unit(a.unit) + "}").encode()


def digest(assessment: SelfAssessment) -> str:
    """Return the SHA-256 (lower-case hex) of the assessment's canonical JSON."""
    return hashlib.sha256(canonical_json(assessment)).hexdigest()


_NOTE, _VALUE = ',"note":', ',"value":'


@lru_cache(maxsize=4096)
def _opening(cid: str) -> str:
    """An answer's member up to its evidence list (ids repeat from assessment to assessment)."""
    return json_string(cid) + ':{"evidence":['


@lru_cache(maxsize=4096)
def _self_score(score: Decimal) -> str:
    """The self-score member (self-scores take few distinct values; equal ones write alike)."""
    return ',"self_score":"' + decimal_text(score) + '"'


def _flags(flags: dict[str, bool]) -> str:
    if not flags:
        return "{}"
    items = sorted(flags.items())
    return "{" + ",".join(json_string(k) + (":true" if v else ":false") for k, v in items) + "}"


def _period(p: Period) -> str:
    label = "" if p.label is None else ',"label":' + json_string(p.label)
    return f'{{"end":"{p.end.isoformat()}"{label},"start":"{p.start.isoformat()}"}}'


def _unit(u: Unit) -> str:
    text = '{"code":' + json_string(u.code)
    d = u.district
    if d is not None:
        text += ',"district":{'
        if d.code is not None:
            text += '"code":' + json_string(d.code) + ","
        text += f'"name":{json_string(d.name)},"valid_to":"{d.valid_to.isoformat()}"}}'
    if u.former_code is not None:
        text += ',"former_code":' + json_string(u.former_code)
    if u.level is not None:
        text += ',"level":' + json_string(u.level)
    text += ',"name":' + json_string(u.name) + ',"province":' + json_string(u.province)
    if u.type is not None:
        text += ',"type":' + json_string(u.type)
    return text + "}"


def _evidence(e: Evidence) -> str:
    # keys in sorted order: date, document, file, title, url; at least one is set
    given = e.__dict__
    date, document, file = given["date"], given["document"], given["file"]
    if date is None and given["title"] is None and given["url"] is None:
        # the usual reference: a document's number, a file, or both
        if file is None:
            return '{"document":' + json_string(document) + "}"
        if document is None:
            return '{"file":' + json_string(file) + "}"
        return f'{{"document":{json_string(document)},"file":{json_string(file)}}}'
    text = "" if date is None else f',"date":"{date.isoformat()}"'
    if document is not None:
        text += ',"document":' + json_string(document)
    if file is not None:
        text += ',"file":' + json_string(file)
    if given["title"] is not None:
        text += ',"title":' + json_string(given["title"])
    if given["url"] is not None:
        text += ',"url":' + json_string(given["url"])
    return "{" + text[1:] + "}"


#: Each answer value's writer, by the value's model: a kind with a value has a digest form
#: (checked by `MeasureKind`).
_VALUE_WRITERS: dict[type[Model], Callable[[Any], str]] = {
    k.value: k.digest for k in KINDS.values() if k.value is not None and k.digest is not None
}


#: The fields each model's writer above writes; checked against the models at import.
_WRITTEN: dict[type[Model], frozenset[str]] = {
    SelfAssessment: frozenset(
        {"framework", "framework_version", "unit", "period", "submitted", "answers"}
        | {"disqualifiers", "note"}
    ),
    Unit: frozenset({"code", "name", "province", "type", "district", "former_code", "level"}),
    LegacyDistrict: frozenset({"code", "name", "valid_to"}),
    Period: frozenset({"start", "end", "label"}),
    Evidence: frozenset({"document", "file", "url", "title", "date"}),
    Answer: frozenset({"self_score", "value", "evidence", "note"}),
}


def _check_writers() -> None:
    for cls, written in _WRITTEN.items():
        fields = frozenset(cls.model_fields)
        if fields != written:
            raise ImportError(
                f"the digest writes {sorted(written)} of {cls.__name__}, which has"
                f" {sorted(fields)}: write the new field in chinhquyen.scoring.digest"
            )


_check_writers()
