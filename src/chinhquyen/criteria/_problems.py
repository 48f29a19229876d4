"""A ValueError that carries several located problems through pydantic's validation."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["Problems"]


class Problems(ValueError):  # noqa: N818 - a carrier, never raised to users
    """Problems found by a cross-field check, each as ``(key path, message)``.

    Raised inside a model validator; pydantic wraps it, and the file loader unwraps it to
    point at each key (and its line) instead of at the file's root.
    """

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{key}: {msg}" if key else msg for key, msg in self.problems))
