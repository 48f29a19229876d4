"""Deprecated: appraisal now lives in [`chinhquyen.scoring.appraisal`][].

`from chinhquyen.scoring.review import review, Adjustment` still works in this release, with a
`DeprecationWarning`; import them from `chinhquyen.scoring` or `chinhquyen.scoring.appraisal`.
"""

from __future__ import annotations

import warnings
from typing import Any

__all__: list[str] = []


def __getattr__(name: str) -> Any:
    if name in ("Adjustment", "review"):
        warnings.warn(
            f"chinhquyen.scoring.review.{name} moved to chinhquyen.scoring.appraisal.{name};"
            " the old module goes away in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        from chinhquyen.scoring import appraisal

        return getattr(appraisal, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
