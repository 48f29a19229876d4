"""Periods: the days an assessment covers, or over which records are counted (kỳ báo cáo).

One model serves both: a self-assessment's period given by its dates, and the reporting period
of a measurement (a year, half-year, quarter or month, with a label shown in reports).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from typing import Any, Protocol, Self

import pydantic

from chinhquyen.errors import InvalidInputError
from chinhquyen.model import Model
from chinhquyen.scoring.fields import IsoDate

__all__ = ["Bounded", "Period", "PeriodLike", "as_period", "period_bounds", "period_label"]


class Period(Model):
    """An inclusive range of calendar days, e.g. a year or a quarter.

    Attributes:
        start: the first day (a date, or an ISO `YYYY-MM-DD` string).
        end: the last day, included, not before `start`.
        label: a name shown in reports (e.g. `"Năm 2023"`), if any; left out of JSON when
            absent, so an assessment's period without a label is written as before.
    """

    start: IsoDate
    end: IsoDate
    label: str | None = pydantic.Field(default=None, exclude_if=lambda v: v is None)

    @pydantic.model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(
                f"end {self.end.isoformat()} is before start {self.start.isoformat()}; "
                "a period needs start <= end"
            )
        return self

    @classmethod
    def between(cls, start: dt.date, end: dt.date, label: str | None = None) -> Period:
        """Return the period from ``start`` to ``end``, both included."""
        return cls.model_validate({"start": start, "end": end, "label": label})

    @classmethod
    def year(cls, year: int) -> Period:
        """Return calendar year ``year`` (1 January to 31 December)."""
        _check_year(year)
        return cls.between(dt.date(year, 1, 1), dt.date(year, 12, 31), f"Năm {year}")

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        """Return the first (``half=1``) or second (``half=2``) half of ``year``."""
        _check_year(year)
        if half not in (1, 2):
            raise _bad("half", half, "1 (January-June) or 2 (July-December)")
        if half == 1:
            return cls.between(dt.date(year, 1, 1), dt.date(year, 6, 30), f"6 tháng đầu năm {year}")
        return cls.between(dt.date(year, 7, 1), dt.date(year, 12, 31), f"6 tháng cuối năm {year}")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Return quarter ``quarter`` (1-4) of ``year``."""
        _check_year(year)
        if quarter not in (1, 2, 3, 4):
            raise _bad("quarter", quarter, "1, 2, 3 or 4")
        first = 3 * quarter - 2
        last_day = _stdlib_calendar.monthrange(year, first + 2)[1]
        return cls.between(
            dt.date(year, first, 1), dt.date(year, first + 2, last_day), f"Quý {quarter}/{year}"
        )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """Return month ``month`` (1-12) of ``year``."""
        _check_year(year)
        if not 1 <= month <= 12:
            raise _bad("month", month, "1 to 12")
        last_day = _stdlib_calendar.monthrange(year, month)[1]
        return cls.between(
            dt.date(year, month, 1), dt.date(year, month, last_day), f"Tháng {month}/{year}"
        )

    def __contains__(self, day: object) -> bool:
        """Tell whether a date lies in the period (datetimes are refused: pass ``.date()``)."""
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise InvalidInputError(
                "Period", [("day", f"expected a datetime.date, got {type(day).__name__}")]
            )
        return self.start <= day <= self.end

    def __str__(self) -> str:
        """Return the label, or ``start..end``."""
        return self.label or f"{self.start.isoformat()}..{self.end.isoformat()}"


def _check_year(year: Any) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
        raise _bad("year", year, "an int from 1 to 9999")


def _bad(field: str, value: object, valid: str) -> InvalidInputError:
    return InvalidInputError("Period", [(field, f"got {value!r}; expected {valid}")])


def period_bounds(period: int | Period) -> tuple[dt.date, dt.date]:
    """The first and last day of an assessment's period (a year runs 1 January to 31 December)."""
    if isinstance(period, Period):
        return period.start, period.end
    return dt.date(period, 1, 1), dt.date(period, 12, 31)


def period_label(period: int | Period) -> str:
    """An assessment's period in words: `"2025"` or `"2025-01-01 – 2025-06-30"`."""
    if isinstance(period, Period):
        return f"{period.start.isoformat()} – {period.end.isoformat()}"
    return str(period)


class Bounded(Protocol):
    """Anything with a first and a last day, such as an assessment's period."""

    @property
    def start(self) -> dt.date:
        """The first day."""
        ...

    @property
    def end(self) -> dt.date:
        """The last day (included)."""
        ...


#: A period given as a `Period`, a year, or anything with ``start`` and ``end`` dates.
PeriodLike = Period | int | Bounded


def as_period(value: PeriodLike) -> Period:
    """Return `value` as a [`Period`][chinhquyen.scoring.Period].

    Accepts a `Period`, a year (`2025`), or any object with ``start`` and ``end``
    dates, such as an assessment's `period`.

    Raises:
        InvalidInputError: for anything else.
    """
    if isinstance(value, Period):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Period.year(value)
    start, end = getattr(value, "start", None), getattr(value, "end", None)
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        return Period.between(start, end)
    raise InvalidInputError(
        "Period",
        [("period", f"got {value!r}; expected a Period, a year or an object with start and end")],
    )
