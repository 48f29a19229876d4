"""The date and time inputs the calendar accepts, and how they are read (Asia/Ho_Chi_Minh)."""

from __future__ import annotations

import datetime as dt
import re

import pendulum

from chinhquyen.errors import DateOutOfRangeError, DateParseError

__all__ = ["VN_TZ", "DateLike", "DateTimeLike", "as_date", "as_local_datetime"]

#: The time zone every date and time of the calendar is expressed in.
VN_TZ = pendulum.timezone("Asia/Ho_Chi_Minh")

#: What the calendar accepts where a date is expected.
DateLike = dt.date | str
#: What the calendar accepts where a moment (receipt or return of a dossier) is expected.
DateTimeLike = dt.datetime | dt.date | str

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def as_date(value: object, *, field: str = "date") -> dt.date:
    """Return the calendar day of ``value`` in Asia/Ho_Chi_Minh.

    Args:
        value: a ``datetime.date`` (``pendulum.Date`` included), an ISO ``YYYY-MM-DD`` string, or
            a ``datetime``: an aware one is converted to Asia/Ho_Chi_Minh first, a naive one is read
            as Vietnamese wall-clock time.
        field: the name of the argument, used in the error message.

    Raises:
        DateParseError: for any other type, or a string that is not an ISO date (``02/09/2024``
            style strings are refused because their day/month order is ambiguous).
    """
    if isinstance(value, dt.datetime):
        return as_local_datetime(value, field=field).date()
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, str):
        if not _ISO_DATE.fullmatch(value):
            raise DateParseError(
                f"{field}: {value!r} is not an ISO date; write it as YYYY-MM-DD (e.g. 2024-09-02)"
            )
        try:
            return dt.date.fromisoformat(value)
        except ValueError as e:
            raise DateParseError(f"{field}: {value!r} is not a real date ({e})") from None
    raise DateParseError(
        f"{field}: expected a date, datetime or 'YYYY-MM-DD' string, got {type(value).__name__}"
    )


def as_local_datetime(value: object, *, field: str = "datetime") -> dt.datetime:
    """Return ``value`` as an aware datetime in Asia/Ho_Chi_Minh.

    Args:
        value: an aware ``datetime`` (converted), a naive ``datetime`` (read as Vietnamese
            wall-clock time), or an ISO 8601 string with a time (``2024-04-26T15:30``, an offset
            such as ``+07:00`` or ``Z`` is honoured).
        field: the name of the argument, used in the error message.

    Raises:
        DateParseError: for any other type or an unparsable string.
        DateOutOfRangeError: for an aware moment whose Asia/Ho_Chi_Minh day is before year 1
            or after year 9999.
    """
    if type(value) is dt.datetime and value.tzinfo is None:  # the common case, quickly
        # (combine is several times faster than replace(tzinfo=...) on CPython 3.11)
        return dt.datetime.combine(value.date(), value.time(), VN_TZ)
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise DateParseError(
                f"{field}: {value!r} is not an ISO date-time; "
                "write it as YYYY-MM-DDTHH:MM[:SS][+07:00]"
            ) from None
    if not isinstance(value, dt.datetime):
        raise DateParseError(
            f"{field}: expected a datetime or an ISO date-time string, got {type(value).__name__}"
        )
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=VN_TZ)
    try:
        return value.astimezone(VN_TZ)
    except OverflowError:  # e.g. 9999-12-31T23:00-05:00 is in year 10000 in Hà Nội
        side = "after 9999-12-31" if value.year > 5000 else "before 0001-01-01"
        raise DateOutOfRangeError(
            f"{field}: {value.isoformat()} falls {side} in Asia/Ho_Chi_Minh time, outside the "
            "dates Python can represent; give a moment inside the calendar's range"
        ) from None
