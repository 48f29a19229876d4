"""The official yearly holiday schedules for state agencies, read from the shipped data files.

One TOML file per year (``data/2025.toml``), written from the Government's yearly decisions (VPCP
công văn, Ministry thông báo) with each day's sources. Entries are keyed by date and a year's file
may hold a day of the adjacent year when that year's decision moved it there (the 2019 file holds
the swapped Monday 31/12/2018; the 2015 file the make-up Saturday 27/12/2014). A date may appear
in one file only.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Literal

import attrs
import pydantic

from chinhquyen.errors import DataFileError, InvalidInputError
from chinhquyen.model import Model

from .holidays import Holiday, HolidayKind

__all__ = ["OfficialSchedule", "load_schedule", "official_schedules", "parse_schedule"]

_WEEKDAY_KINDS = {"compensatory", "swapped"}
_CONFIDENCE_NOTES = {
    "confirmed": None,
    "derived": (
        "Suy ra từ Bộ luật Lao động; không tìm thấy văn bản lịch nghỉ nêu ngày này. "
        "Derived from the Labor Code; no schedule document stating this day was found."
    ),
    "secondary": (
        "Chỉ có nguồn thứ cấp; chưa tìm thấy văn bản gốc. "
        "Only a secondary source states this day; the primary document was not found."
    ),
}


class _Source(Model):
    title: str = pydantic.Field(min_length=1)
    url: str = pydantic.Field(pattern=r"^https?://")


class _Day(Model):
    date: dt.date
    kind: Literal["statutory", "compensatory", "swapped", "makeup_working_day"]
    name: str = pydantic.Field(min_length=1)
    name_en: str = pydantic.Field(min_length=1)
    sources: list[str] = pydantic.Field(min_length=1)
    confidence: Literal["confirmed", "derived", "secondary"]


class _YearFile(Model):
    year: int = pydantic.Field(ge=1900, le=2199)
    status: Literal["official", "partial"]
    note: str = pydantic.Field(min_length=1)
    sources: dict[str, _Source]
    days: list[_Day] = pydantic.Field(min_length=1)


@attrs.frozen(slots=True)
class OfficialSchedule:
    """One year's published schedule for state agencies.

    Attributes:
        year: the year the decisions are for.
        status: ``"official"`` when every weekday off and make-up day is stated in a cited
            schedule source; ``"partial"`` when some days are derived from the Labor Code or
            known only from a secondary source (each such :class:`Holiday` says so in ``note``).
        note: what the file's sources do and do not cover.
        days: the entries, sorted by date (weekend statutory days included).
    """

    year: int
    status: str
    note: str
    days: tuple[Holiday, ...]


def parse_schedule(raw: Mapping[str, object], *, path: str) -> OfficialSchedule:
    """Validate the parsed TOML of one yearly file and turn it into an :class:`OfficialSchedule`.

    Raises:
        DataFileError: naming ``path`` and the entry, when the file breaks the schema, cites an
            unknown source, repeats a date, puts a date outside the year +/- 1, puts a
            compensatory or swapped day on a weekend, or a make-up working day on a weekday.
    """
    try:
        data = _YearFile.model_validate(dict(raw))
    except InvalidInputError as e:
        problems = "; ".join(f"{loc}: {msg}" for loc, msg in e.problems)
        raise DataFileError(path, f"not a valid schedule file: {problems}") from None
    seen: set[dt.date] = set()
    out: list[Holiday] = []
    for n, day in enumerate(data.days):
        key = f"days[{n}] {day.date.isoformat()}"
        if day.date in seen:
            raise DataFileError(path, "date listed twice; one entry per date", key)
        seen.add(day.date)
        if abs(day.date.year - data.year) > 1:
            raise DataFileError(path, f"date is not within {data.year} +/- 1 year", key)
        weekend = day.date.weekday() >= 5
        if day.kind in _WEEKDAY_KINDS and weekend:
            raise DataFileError(path, f"a {day.kind} day must be Monday-Friday", key)
        if day.kind == "makeup_working_day" and not weekend:
            raise DataFileError(path, "a make-up working day must be a Saturday or Sunday", key)
        unknown = [s for s in day.sources if s not in data.sources]
        if unknown:
            raise DataFileError(
                path, f"unknown source key(s) {unknown}; known: {sorted(data.sources)}", key
            )
        cited = "; ".join(f"{data.sources[s].title} — {data.sources[s].url}" for s in day.sources)
        out.append(
            Holiday(
                date=day.date,
                name=day.name,
                name_en=day.name_en,
                kind=HolidayKind(day.kind),
                source=cited,
                provisional=False,
                note=_CONFIDENCE_NOTES[day.confidence],
            )
        )
    out.sort(key=lambda h: h.date)
    return OfficialSchedule(data.year, data.status, data.note, tuple(out))


def load_schedule(text: str, *, path: str) -> OfficialSchedule:
    """Parse and validate one yearly schedule file's TOML text.

    Raises:
        DataFileError: if the TOML is malformed or the content invalid (see :func:`parse_schedule`).
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise DataFileError(path, f"not valid TOML: {e}") from None
    return parse_schedule(raw, path=path)


@lru_cache(maxsize=1)
def official_schedules() -> Mapping[int, OfficialSchedule]:
    """Return the shipped schedules by year (read once).

    Raises:
        DataFileError: if a shipped file is invalid, its name is not its ``year``, or two files
            list the same date.
    """
    folder = resources.files("chinhquyen.calendar").joinpath("data")
    found: dict[int, OfficialSchedule] = {}
    owner: dict[dt.date, int] = {}
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if not item.name.endswith(".toml"):
            continue
        path = f"chinhquyen/calendar/data/{item.name}"
        sched = load_schedule(item.read_text(encoding="utf-8"), path=path)
        if item.name != f"{sched.year}.toml":
            raise DataFileError(path, f"file holds year {sched.year}; name it {sched.year}.toml")
        for h in sched.days:
            if h.date in owner:
                raise DataFileError(
                    path,
                    f"also listed in {owner[h.date]}.toml; a date belongs to one file",
                    h.date.isoformat(),
                )
            owner[h.date] = sched.year
        found[sched.year] = sched
    return MappingProxyType(found)
