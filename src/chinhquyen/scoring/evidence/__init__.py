"""Deprecated: renamed [`chinhquyen.scoring.measurements`][chinhquyen.scoring.measurements].

What a commune's raw records measure (surveys, dossier timeliness, activity ledgers) is not
*evidence*, which in this library means the documents an answer cites
([`Evidence`][chinhquyen.scoring.answers.Evidence]). This package and its modules `survey`,
`timeliness` and `activities` re-export the new ones for one release and warn on import.
"""

from __future__ import annotations

import warnings
from typing import Any

from chinhquyen.scoring import measurements as _new

__all__ = list(_new.__all__)


def _warn_renamed(old: str, new: str) -> None:
    """Warn that module `old` is deprecated, pointing at the line that imported it."""
    # 3: this function, the shim module, its importer (warnings skips the import machinery)
    warnings.warn(
        f"{old} is deprecated and will be removed in the next release; import {new} instead",
        DeprecationWarning,
        stacklevel=3,
    )


_warn_renamed("chinhquyen.scoring.evidence", "chinhquyen.scoring.measurements")


def __getattr__(name: str) -> Any:
    """Every name of [`chinhquyen.scoring.measurements`][chinhquyen.scoring.measurements]."""
    return getattr(_new, name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(dir(_new)))
