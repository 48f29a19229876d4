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

from chinhquyen.scoring.answers import _decimal_text
from chinhquyen.scoring.assessment import SelfAssessment

__all__ = ["canonical_json", "decimal_text", "digest"]


def decimal_text(value: Decimal) -> str:
    """Write a decimal in plain notation without trailing zeros (``2.50`` -> ``"2.5"``)."""
    return _decimal_text(value)


def canonical_json(assessment: SelfAssessment) -> bytes:
    """Return the canonical JSON of an assessment as UTF-8 bytes (see the module docs)."""
    # mode="json" writes decimals through ExactDecimal's serializer (plain, normalised text)
    data = assessment.model_dump(mode="json", exclude_none=True)
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def digest(assessment: SelfAssessment) -> str:
    """Return the SHA-256 (lower-case hex) of the assessment's canonical JSON."""
    return hashlib.sha256(canonical_json(assessment)).hexdigest()
