"""The state agencies' working-day calendar of Vietnam, its holidays and the lunar calendar.

* :class:`WorkingCalendar` - working days of state agencies (``WorkingCalendar.national()``),
  with local variants; ``add_working_days``, ``count_working_days``, batch forms, ``deadline``.
* :class:`Holiday`, :class:`HolidayKind` - one day that differs from the ordinary working week,
  from an official yearly schedule (``data/<year>.toml``) or, for years without one, from the
  Labor Code rules (then marked provisional).
* :func:`compute_deadline` results: :class:`Deadline`, :class:`Timeliness`, :class:`Pause`.
* :func:`civil_period_end` - Civil Code (BLDS 2015 Arts. 144-148) periods in calendar days.
* :func:`to_lunar`, :func:`from_lunar`, :class:`LunarDate` - the Vietnamese lunar calendar (UTC+7).

Importing this package does not import numpy; the batch methods load it on first use.
"""

from __future__ import annotations

from chinhquyen.calendar.civil import civil_period_end
from chinhquyen.calendar.deadlines import Deadline, DeadlineBatch, Pause, Timeliness
from chinhquyen.calendar.holidays import Holiday, HolidayKind
from chinhquyen.calendar.lunar import LunarDate, from_lunar, to_lunar
from chinhquyen.calendar.working import WorkingCalendar

__all__ = [
    "Deadline",
    "DeadlineBatch",
    "Holiday",
    "HolidayKind",
    "LunarDate",
    "Pause",
    "Timeliness",
    "WorkingCalendar",
    "civil_period_end",
    "from_lunar",
    "to_lunar",
]
