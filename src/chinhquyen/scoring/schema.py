"""JSON Schemas of the self-assessment and the scorecard, for apps that build or read them."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from chinhquyen.scoring.assessment import SelfAssessment
from chinhquyen.scoring.scorecard import Scorecard

__all__ = ["assessment_schema", "scorecard_schema", "write_schemas"]

_BASE = "https://chinhquyen.readthedocs.io/schemas/"


def assessment_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) a self-assessment document must satisfy."""
    schema = SelfAssessment.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = _BASE + "self-assessment.schema.json"
    return schema


def scorecard_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scorecard as written by ``Scorecard.to_json``."""
    schema = Scorecard.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = _BASE + "scorecard.schema.json"
    return schema


def write_schemas(folder: str | os.PathLike[str]) -> list[Path]:
    """Write ``self-assessment.schema.json`` and ``scorecard.schema.json`` into ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in (
        ("self-assessment.schema.json", assessment_schema()),
        ("scorecard.schema.json", scorecard_schema()),
    ):
        target = out / name
        target.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", "utf-8")
        written.append(target)
    return written
