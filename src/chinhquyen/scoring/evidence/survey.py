"""Deprecated: renamed `chinhquyen.scoring.measurements.survey` (kept for one release)."""

from __future__ import annotations

from typing import Any

from chinhquyen.scoring.evidence import _warn_renamed
from chinhquyen.scoring.measurements import survey as _new

__all__ = list(_new.__all__)

_warn_renamed(__name__, "chinhquyen.scoring.measurements.survey")


def __getattr__(name: str) -> Any:
    """Every name of `chinhquyen.scoring.measurements.survey`."""
    return getattr(_new, name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(dir(_new)))
