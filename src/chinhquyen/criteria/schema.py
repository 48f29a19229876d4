"""JSON Schemas of the data files, for editors and for validating files outside Python.

The same schemas are shipped as files in `chinhquyen/criteria/schemas/` (a test keeps them
equal to [`json_schema`][chinhquyen.criteria.json_schema]), so a TOML editor can point at them.
They have no `$id`: no site publishes them at a fixed address.
"""

from __future__ import annotations

from typing import Any, Literal

from chinhquyen.criteria.conduct import ConductCode
from chinhquyen.criteria.framework import Framework
from chinhquyen.model import json_schema_of

__all__ = ["json_schema"]


def json_schema(kind: Literal["framework", "conduct_code"] = "framework") -> dict[str, Any]:
    """Return the JSON Schema of a framework file (or of a conduct-code file).

    The schema describes the data as read from TOML or JSON: points are integers or decimal
    strings, dates are ISO strings.
    """
    return json_schema_of(Framework if kind == "framework" else ConductCode)
