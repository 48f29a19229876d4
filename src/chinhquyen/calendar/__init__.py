"""The state agencies' working-day calendar of Vietnam, its holidays and the lunar calendar.

* [`WorkingCalendar`][chinhquyen.calendar.WorkingCalendar] - working days of state agencies
  (`WorkingCalendar.national()`), with local variants; `add_working_days`,
  `count_working_days`, `deadline`, and batch forms over numpy arrays (`deadlines_many`).
* [`Holiday`][chinhquyen.calendar.Holiday], [`HolidayKind`][chinhquyen.calendar.HolidayKind] -
  one day that differs from the ordinary working week, from an official yearly schedule
  (`data/<year>.toml`) or, for years without one, from the Labor Code rules (then marked
  provisional).
* [`compute_deadline`][chinhquyen.calendar.compute_deadline] and its results:
  [`Deadline`][chinhquyen.calendar.Deadline], [`Timeliness`][chinhquyen.calendar.Timeliness],
  [`Pause`][chinhquyen.calendar.Pause]; [`DeadlineBatch`][chinhquyen.calendar.DeadlineBatch] for
  many dossiers; [`receipt_rank`][chinhquyen.calendar.receipt_rank], the receipt-day rule both
  apply; [`ReceiptChannel`][chinhquyen.calendar.ReceiptChannel] and
  [`cutoff_applies`][chinhquyen.calendar.cutoff_applies], how a dossier came (in person, by
  post, online) and whether a procedure's cut-off applies to it.
* `WorkingCalendar.to_arrow` - the calendar as a table, one row per day, and
  `chinhquyen.calendar.table.DUE_DATE_SQL`, due dates from it in SQL.
* [`civil_period_end`][chinhquyen.calendar.civil_period_end] - Civil Code (BLDS 2015 Arts.
  144-148) periods in calendar days.
* [`to_lunar`][chinhquyen.calendar.to_lunar], [`from_lunar`][chinhquyen.calendar.from_lunar],
  [`LunarDate`][chinhquyen.calendar.LunarDate] - the Vietnamese lunar calendar (UTC+7).
* `chinhquyen.calendar.dates` - how dates and moments are read (`as_date`, `as_local_datetime`,
  `VN_TZ`), shared with the other packages.

Importing this package imports neither numpy (the batch methods load it on first use) nor
pydantic (the schedule files are checked by hand).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:  # pragma: no cover - loaded on first use
    from chinhquyen.calendar.civil import (
        civil_period_end,
    )
    from chinhquyen.calendar.deadlines import (
        Deadline,
        DeadlineBatch,
        Pause,
        ReceiptChannel,
        Timeliness,
        compute_deadline,
        cutoff_applies,
        receipt_rank,
    )
    from chinhquyen.calendar.holidays import (
        Holiday,
        HolidayKind,
    )
    from chinhquyen.calendar.lunar import (
        LunarDate,
        from_lunar,
        to_lunar,
    )
    from chinhquyen.calendar.working import (
        WorkingCalendar,
    )

__all__ = [
    "Deadline",
    "DeadlineBatch",
    "Holiday",
    "HolidayKind",
    "LunarDate",
    "Pause",
    "ReceiptChannel",
    "Timeliness",
    "WorkingCalendar",
    "civil_period_end",
    "compute_deadline",
    "cutoff_applies",
    "from_lunar",
    "receipt_rank",
    "to_lunar",
]

#: Submodules are imported when one of their names is first used (`import chinhquyen.calendar` stays
#: light); every name below is importable as usual.
__getattr__, __dir__, _ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "civil": [
            "civil_period_end",
        ],
        "deadlines": [
            "Deadline",
            "DeadlineBatch",
            "Pause",
            "ReceiptChannel",
            "Timeliness",
            "compute_deadline",
            "cutoff_applies",
            "receipt_rank",
        ],
        "holidays": [
            "Holiday",
            "HolidayKind",
        ],
        "lunar": [
            "LunarDate",
            "from_lunar",
            "to_lunar",
        ],
        "working": [
            "WorkingCalendar",
        ],
    },
)
