"""Converters of a dossier record's date and time values.

`DossierRecord` validates its fields with them and the columnar path converts whole columns
with them, so both read a value the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from chinhquyen.calendar.dates import VN_TZ, as_date, as_local_datetime

__all__ = ["as_clock", "as_day", "as_moment"]


def as_moment(value: Any) -> Any:
    """A date-time in Asia/Ho_Chi_Minh (a date: the start of that day); others unchanged."""
    if isinstance(value, str | dt.datetime):
        return as_local_datetime(value, field="date-time")
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=VN_TZ)
    return value


def as_day(value: Any) -> Any:
    """A date (a date-time: its day in Asia/Ho_Chi_Minh); others unchanged."""
    if isinstance(value, str) and len(value) > 10:
        # a date-time: its day in Asia/Ho_Chi_Minh
        return as_local_datetime(value, field="date").date()
    return as_date(value) if isinstance(value, str | dt.date) else value


def as_clock(value: Any) -> Any:
    """A time of day from an ISO string (`15:00`); others unchanged.

    Raises:
        ValueError: when a string is not an ISO time.
    """
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not an ISO time; write it as HH:MM (e.g. 15:00)"
            ) from None
    return value
