"""JSON Schemas of the self-assessment and the scorecard, for apps that build or read them.

[`assessment_schema`][chinhquyen.scoring.schema.assessment_schema] gives the shape every
self-assessment has; given a framework, it also names that framework's criterion ids (no
other is accepted), each one's measure kind and the range of its self-score, the checklist
items, an index's top score and a conduct code's rules, so that a browser form can check a
submission before it is sent. What a schema cannot say — a self-score's decimal places or step,
a number written as text being in range, dates inside the period — only
[`score`][chinhquyen.scoring.score] checks.

The schemas have no `$id`: no site publishes them at a fixed address; an app that serves them
gives them its own.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chinhquyen.model import json_schema_of
from chinhquyen.scoring.assessment import SelfAssessment
from chinhquyen.scoring.fields import DECIMAL_PATTERN
from chinhquyen.scoring.kinds import KINDS
from chinhquyen.scoring.kinds.base import json_number
from chinhquyen.scoring.ranges import lowest
from chinhquyen.scoring.scorecard import Scorecard

if TYPE_CHECKING:  # pragma: no cover
    from chinhquyen.criteria.framework import Criterion, Framework

__all__ = ["assessment_schema", "scorecard_schema", "write_schemas"]

#: A decimal written as text with no minus sign.
_NOT_NEGATIVE = DECIMAL_PATTERN.replace("[+-]?", "[+]?", 1)


def assessment_schema(framework: Framework | str | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) a self-assessment document must satisfy.

    Args:
        framework: a framework or a registered id: the schema then accepts only that
            framework's id and version, its criterion ids (each answer's self-score within the
            criterion's range, its value of the criterion's kind) and its disqualifier ids.
            `None` for the schema of every self-assessment.

    Raises:
        UnknownFrameworkError: no framework has the id given.
    """
    schema = json_schema_of(SelfAssessment)
    if framework is None:
        return schema
    if isinstance(framework, str):
        from chinhquyen.criteria.registry import load

        framework = load(framework)
    return _for_framework(schema, framework)


def _answer(c: Criterion) -> dict[str, Any]:
    """The schema of one criterion's answer: its self-score's range and its value's kind."""
    kind = KINDS[c.measure.kind]
    low, top = lowest(c), c.max_points
    number: dict[str, Any] = {
        "type": "number",
        "minimum": json_number(low),
        "maximum": json_number(top),
    }
    text = {"type": "string", "pattern": DECIMAL_PATTERN if low < 0 else _NOT_NEGATIVE}
    value = kind.value_schema(c.measure)
    shown = f"{low}..{top}"
    return {
        "title": c.title,
        "description": (
            f"{c.title_en or c.title}. Đo bằng: {kind.label}; điểm {shown}."
            f" Measured as: {kind.label_en} (`{kind.name}`); points {shown}."
        ),
        "allOf": [
            {"$ref": "#/$defs/Answer"},
            {
                "properties": {
                    "self_score": {"anyOf": [number, text, {"type": "null"}]},
                    "value": {"type": "null"}
                    if value is None
                    else {"anyOf": [value, {"type": "null"}]},
                }
            },
        ],
    }


def _for_framework(schema: dict[str, Any], fw: Framework) -> dict[str, Any]:
    props = schema["properties"]
    everything = [*fw.criteria(), *fw.bonus_penalty]
    props["framework"] = {"const": fw.id, "description": f"{fw.title} ({fw.id})"}
    props["framework_version"] = {
        "anyOf": [{"const": fw.version}, {"type": "null"}],
        "default": None,
        "description": f"The framework's version, if pinned: {fw.version}.",
    }
    props["answers"] = {
        "type": "object",
        "description": (
            f"The answers keyed by criterion id: {', '.join(c.id for c in everything)}."
            " A criterion left out is not reported."
        ),
        "properties": {c.id: _answer(c) for c in everything},
        "additionalProperties": False,
        "default": {},
    }
    disqualifiers = [k for k in fw.knockouts if k.kind == "disqualifier"]
    props["disqualifiers"] = {
        "type": "object",
        "description": "Yes/no facts keyed by the framework's disqualifier ids (true: occurred).",
        "properties": {
            k.id: {"type": "boolean", "title": getattr(k, "title", k.id)} for k in disqualifiers
        },
        "additionalProperties": False,
        "default": {},
    }
    schema["title"] = f"SelfAssessment for {fw.id} {fw.version}"
    return schema


def scorecard_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scorecard as written by `Scorecard.to_json`."""
    return json_schema_of(Scorecard, "serialization")


def write_schemas(folder: str | os.PathLike[str]) -> list[Path]:
    """Write `self-assessment.schema.json` and `scorecard.schema.json` into `folder`."""
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
