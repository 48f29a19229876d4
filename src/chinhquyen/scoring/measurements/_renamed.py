"""Old names of the measurements, kept for one release: a lookup that warns."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

__all__ = ["renamed"]


def renamed(module: str, name: str, names: Mapping[str, tuple[str, Any]]) -> Any:
    """Return the object an old `name` of `module` now has, warning that the name is deprecated.

    Args:
        module: the module asked (its `__name__`).
        name: the attribute asked.
        names: old name -> (new name, object), the module's renames.

    Raises:
        AttributeError: when `name` is not an old name of `module` either.
    """
    if name not in names:
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    new, value = names[name]
    # 3: this function, the module's __getattr__, the code that asked for the name
    warnings.warn(
        f"{module}.{name} is deprecated and will be removed in the next release; use {new}",
        DeprecationWarning,
        stacklevel=3,
    )
    return value
