"""Optional dependencies (pandas, openpyxl, matplotlib, ...), imported when a feature needs them."""

from __future__ import annotations

import importlib
from types import ModuleType

from chinhquyen.errors import MissingExtraError

__all__ = ["MissingExtraError", "require"]


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import `module`, or raise [`MissingExtraError`][chinhquyen.errors.MissingExtraError].

    Args:
        module: the module to import, e.g. `"pandas"`.
        extra: the chinhquyen extra that provides it, e.g. `"pandas"`.
        feature: what the caller wanted, for the message (e.g. `"Scorecard.to_dataframe()"`).
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"{feature} needs {module.split('.')[0]}, which is not installed; "
            f"install it with: pip install 'chinhquyen[{extra}]'"
        ) from None
