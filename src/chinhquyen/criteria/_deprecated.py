"""Old names kept for one release: one message for every rename of the criteria package."""

from __future__ import annotations

import warnings

__all__ = ["renamed"]


def renamed(old: str, new: str, stacklevel: int = 3) -> None:
    """Warn (`DeprecationWarning`) that `old` is now called `new` and will be removed."""
    warnings.warn(
        f"{old} is deprecated and will be removed in the next release: use {new}",
        DeprecationWarning,
        stacklevel=stacklevel,
    )
