"""Optional dependencies (pandas, openpyxl, matplotlib), imported only when a feature needs them."""

from __future__ import annotations

import importlib
from types import ModuleType

from chinhquyen.errors import ChinhQuyenError

__all__ = ["MissingExtraError", "require"]


class MissingExtraError(ChinhQuyenError, ImportError):
    """A feature needs an optional dependency that is not installed.

    The message names the ``pip install 'chinhquyen[<extra>]'`` command that installs it.
    """


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingExtraError` naming the extra to install.

    Args:
        module: the module to import, e.g. ``"pandas"``.
        extra: the chinhquyen extra that provides it, e.g. ``"pandas"``.
        feature: what the caller wanted, for the message (e.g. ``"Scorecard.to_dataframe()"``).
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"{feature} needs {module.split('.')[0]}, which is not installed; "
            f"install it with: pip install 'chinhquyen[{extra}]'"
        ) from None
