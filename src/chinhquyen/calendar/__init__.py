"""The state agencies' working-day calendar of Vietnam, its holidays and the lunar calendar.

* :class:`Holiday`, :class:`HolidayKind` - one day that differs from the ordinary working week,
  from an official yearly schedule (``data/<year>.toml``) or, for years without one, from the
  Labor Code rules (then marked provisional).
* :func:`to_lunar`, :func:`from_lunar`, :class:`LunarDate` - the Vietnamese lunar calendar (UTC+7).

Importing this package does not import numpy; the batch methods load it on first use.
"""

from __future__ import annotations

from chinhquyen.calendar.holidays import Holiday, HolidayKind
from chinhquyen.calendar.lunar import LunarDate, from_lunar, to_lunar

__all__ = ["Holiday", "HolidayKind", "LunarDate", "from_lunar", "to_lunar"]
