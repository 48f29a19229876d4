"""Vietnam's administrative units, for the whole library.

`name_key` compares Vietnamese names as people write them.
"""

from __future__ import annotations

from chinhquyen.units.names import name_key

__all__ = ["name_key"]
