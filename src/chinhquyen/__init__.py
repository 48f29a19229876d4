"""chinhquyen: Vietnam's "Chính quyền thân thiện" criteria, scoring and working-day calendar.

Subpackages are imported on first use so that `import chinhquyen` stays light:

* [`chinhquyen.criteria`][chinhquyen.criteria] - the rulebook: frameworks, criteria, conduct codes.
* [`chinhquyen.scoring`][chinhquyen.scoring] - self-assessments, scorecards, appraisal, cohorts,
  measurements of raw records.
* [`chinhquyen.calendar`][chinhquyen.calendar] - the state agencies' working-day calendar and legal
  deadlines.
* [`chinhquyen.units`][chinhquyen.units] - provinces through their mergers and the registry of
  commune-level units.
* [`chinhquyen.readers`][chinhquyen.readers] - bounded, strict readers of the files people send.
* [`chinhquyen.errors`][chinhquyen.errors] - the exceptions raised on bad input.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"
__all__ = ["__version__", "calendar", "criteria", "errors", "scoring"]

if TYPE_CHECKING:  # pragma: no cover
    from chinhquyen import calendar, criteria, errors, scoring

_SUBMODULES = frozenset({"calendar", "criteria", "errors", "scoring"})


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"chinhquyen.{name}")
    raise AttributeError(f"module 'chinhquyen' has no attribute {name!r}")
