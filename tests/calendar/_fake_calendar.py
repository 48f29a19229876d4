"""A small hand-written working-day calendar for 2023-01-01 .. 2026-10-31, used as a test double.

Every non-working weekday and make-up Saturday below was typed in from the official schedules in
/work/shared/reference/calendar-law.md §2 (sources [20]–[31] there), not produced by chinhquyen.
"""

from __future__ import annotations

import datetime as dt

from chinhquyen.errors import DateOutOfRangeError

FIRST = dt.date(2023, 1, 1)
LAST = dt.date(2026, 10, 31)


def _days(*isos: str) -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(s) for s in isos)


def _span(first: str, last: str) -> list[str]:
    """The Monday–Friday days of an announced holiday period."""
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    days = (a + dt.timedelta(days=i) for i in range((b - a).days + 1))
    return [d.isoformat() for d in days if d.weekday() < 5]


#: Monday–Friday dates on which state agencies did not work.
OFF_WEEKDAYS = _days(
    # 2023: New Year bù Mon 2/1; Tết 20–26/1; Giỗ Tổ Sat 29/4 → Tue 2/5, 30/4 Sun → Wed 3/5,
    # 1/5; Quốc khánh Fri 1/9 + Sat 2/9 → bù Mon 4/9.
    "2023-01-02",
    *_span("2023-01-20", "2023-01-26"),
    "2023-05-01",
    "2023-05-02",
    "2023-05-03",
    "2023-09-01",
    "2023-09-04",
    # 2024: New Year Mon 1/1; Tết 8–14/2; Giỗ Tổ Thu 18/4; 27/4–1/5 with Mon 29/4 swapped;
    # Quốc khánh Mon 2 + Tue 3/9.
    "2024-01-01",
    *_span("2024-02-08", "2024-02-14"),
    "2024-04-18",
    "2024-04-29",
    "2024-04-30",
    "2024-05-01",
    "2024-09-02",
    "2024-09-03",
    # 2025: Wed 1/1; Tết Mon 27/1–Fri 31/1; Giỗ Tổ Mon 7/4; 30/4, 1/5 and Fri 2/5 swapped;
    # Quốc khánh Mon 1 + Tue 2/9.
    "2025-01-01",
    *_span("2025-01-27", "2025-01-31"),
    "2025-04-07",
    "2025-04-30",
    "2025-05-01",
    "2025-05-02",
    "2025-09-01",
    "2025-09-02",
    # 2026: 1/1 and Fri 2/1 swapped; Tết Mon 16/2–Fri 20/2; Giỗ Tổ Sun 26/4 → Mon 27/4;
    # Thu 30/4, Fri 1/5; Mon 31/8 swapped, Tue 1/9, Wed 2/9.
    "2026-01-01",
    "2026-01-02",
    *_span("2026-02-16", "2026-02-20"),
    "2026-04-27",
    "2026-04-30",
    "2026-05-01",
    "2026-08-31",
    "2026-09-01",
    "2026-09-02",
)

#: Saturdays worked in exchange for a swapped weekday.
MAKEUP_SATURDAYS = _days("2024-05-04", "2025-04-26", "2026-01-10", "2026-08-22")


class FakeCalendar:
    """Implements the WorkingDays protocol with the semantics of DESIGN.md, by plain iteration."""

    def is_working_day(self, d: dt.date) -> bool:
        if not FIRST <= d <= LAST:
            raise DateOutOfRangeError(f"{d} outside the fake calendar {FIRST}..{LAST}")
        if d in MAKEUP_SATURDAYS:
            return True
        return d.weekday() < 5 and d not in OFF_WEEKDAYS

    def add_working_days(self, d: dt.date, n: int) -> dt.date:
        step = dt.timedelta(days=1 if n >= 0 else -1)
        if n == 0:
            while not self.is_working_day(d):
                d += step
            return d
        left = abs(n)
        while left:
            d += step
            left -= self.is_working_day(d)
        return d
