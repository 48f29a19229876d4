"""The official yearly holiday schedules for state agencies, read from the shipped data files.

One TOML file per year (``data/2025.toml``), written from the Government's yearly decisions (VPCP
công văn, Ministry thông báo) with each day's sources. Entries are keyed by date and a year's file
may hold a day of the adjacent year when that year's decision moved it there (the 2019 file holds
the swapped Monday 31/12/2018; the 2015 file the make-up Saturday 27/12/2014). A date may appear
in one file only.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import cast

import attrs

from chinhquyen.errors import DataFileError

from .holidays import Holiday, HolidayKind, TetPattern

__all__ = [
    "OfficialSchedule",
    "load_schedule",
    "load_schedules",
    "official_schedules",
    "parse_schedule",
    "tet_patterns",
]

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
_KINDS = ("statutory", "compensatory", "swapped", "makeup_working_day")
_STATUSES = ("official", "partial")
_URL = re.compile(r"https?://\S+")

# The schema of a yearly file, checked by hand (a few dozen lines, so that reading the calendar
# never imports pydantic): every key is required, no other key is allowed, nothing is coerced.
_FILE_KEYS = ("year", "status", "note", "sources", "days")
_SOURCE_KEYS = ("title", "url")
_DAY_KEYS = ("date", "kind", "name", "name_en", "sources", "confidence")


class _Problems:
    """The schema problems of one file, as `(location, message)` pairs."""

    __slots__ = ("found",)

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []

    def add(self, where: str, message: str) -> None:
        self.found.append((where, message))

    def table(self, value: object, where: str, keys: tuple[str, ...]) -> Mapping[str, object]:
        """`value` as a table with exactly `keys` (an empty one, after a problem, if it is not)."""
        if not isinstance(value, Mapping):
            self.add(where, f"expected a table, got {_kind(value)}")
            return {}
        for key in keys:
            if key not in value:
                self.add(_at(where, key), "field required")
        for key in value:
            if key not in keys:
                self.add(_at(where, str(key)), f"unknown field; expected only {', '.join(keys)}")
        return value

    def text(self, table: Mapping[str, object], key: str, where: str) -> str:
        value = table.get(key)
        if key in table and (not isinstance(value, str) or not value.strip()):
            self.add(_at(where, key), f"expected non-empty text, got {_kind(value)}")
        return value if isinstance(value, str) else ""

    def choice(
        self, table: Mapping[str, object], key: str, where: str, allowed: tuple[str, ...]
    ) -> str:
        value = table.get(key)
        if key in table and value not in allowed:
            self.add(_at(where, key), f"expected one of {', '.join(allowed)}, got {value!r}")
        return value if isinstance(value, str) else ""


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _kind(value: object) -> str:
    if isinstance(value, str):
        return repr(value[:40])
    return type(value).__name__


def _check_file(raw: object) -> _Problems:
    """Check the parsed TOML of a yearly file against the schema; return what is wrong."""
    p = _Problems()
    top = p.table(raw, "", _FILE_KEYS)
    year = top.get("year")
    if "year" in top and (type(year) is not int or not 1900 <= year <= 2199):
        p.add("year", f"expected a whole year 1900..2199, got {_kind(year)}")
    p.choice(top, "status", "", _STATUSES)
    p.text(top, "note", "")
    sources = top.get("sources")
    if "sources" in top:
        if not isinstance(sources, Mapping):
            p.add("sources", f"expected a table of sources, got {_kind(sources)}")
        else:
            for key, source in sources.items():
                where = f"sources.{key}"
                entry = p.table(source, where, _SOURCE_KEYS)
                p.text(entry, "title", where)
                url = p.text(entry, "url", where)
                if url and not _URL.fullmatch(url):
                    p.add(f"{where}.url", f"expected an http(s) URL, got {_kind(url)}")
    days = top.get("days")
    if "days" in top:
        if not isinstance(days, list) or not days:
            p.add("days", f"expected a non-empty array of days, got {_kind(days)}")
        else:
            for n, item in enumerate(days):
                where = f"days.{n}"
                day = p.table(item, where, _DAY_KEYS)
                date = day.get("date")
                if "date" in day and (type(date) is not dt.date):
                    p.add(f"{where}.date", f"expected a date (YYYY-MM-DD), got {_kind(date)}")
                p.choice(day, "kind", where, _KINDS)
                p.text(day, "name", where)
                p.text(day, "name_en", where)
                p.choice(day, "confidence", where, tuple(_CONFIDENCE_NOTES))
                cited = day.get("sources")
                if "sources" in day and (
                    not isinstance(cited, list)
                    or not cited
                    or not all(isinstance(s, str) for s in cited)
                ):
                    p.add(
                        f"{where}.sources",
                        f"expected a non-empty array of source keys, got {_kind(cited)}",
                    )
    return p


@attrs.frozen(slots=True)
class OfficialSchedule:
    """One year's published schedule for state agencies.

    Attributes:
        year: the year the decisions are for.
        status: ``"official"`` when every weekday off and make-up day is stated in a cited
            schedule source; ``"partial"`` when some days are derived from the Labor Code or
            known only from a secondary source (each such `Holiday` says so in `note`).
        note: what the file's sources do and do not cover.
        days: the entries, sorted by date (weekend statutory days included).
    """

    year: int
    status: str
    note: str
    days: tuple[Holiday, ...]


def parse_schedule(raw: Mapping[str, object], *, path: str) -> OfficialSchedule:
    """Validate the parsed TOML of one yearly file and turn it into an `OfficialSchedule`.

    Raises:
        DataFileError: naming ``path`` and the entry, when the file breaks the schema, cites an
            unknown source, repeats a date, puts a date outside the year +/- 1, puts a
            compensatory or swapped day on a weekend, or a make-up working day on a weekday.
    """
    problems = _check_file(raw).found
    if problems:
        shown = "; ".join(f"{loc}: {msg}" for loc, msg in problems)
        raise DataFileError(path, f"not a valid schedule file: {shown}")
    # the checks above make these casts true
    year = cast(int, raw["year"])
    sources = cast(Mapping[str, Mapping[str, str]], raw["sources"])
    days = cast(list[Mapping[str, object]], raw["days"])
    seen: set[dt.date] = set()
    out: list[Holiday] = []
    for n, day in enumerate(days):
        date = cast(dt.date, day["date"])
        kind = cast(str, day["kind"])
        cites = cast(list[str], day["sources"])
        key = f"days[{n}] {date.isoformat()}"
        if date in seen:
            raise DataFileError(path, "date listed twice; one entry per date", key)
        seen.add(date)
        if abs(date.year - year) > 1:
            raise DataFileError(path, f"date is not within {year} +/- 1 year", key)
        weekend = date.weekday() >= 5
        if kind in _WEEKDAY_KINDS and weekend:
            raise DataFileError(path, f"a {kind} day must be Monday-Friday", key)
        if kind == "makeup_working_day" and not weekend:
            raise DataFileError(path, "a make-up working day must be a Saturday or Sunday", key)
        unknown = [s for s in cites if s not in sources]
        if unknown:
            raise DataFileError(
                path, f"unknown source key(s) {unknown}; known: {sorted(sources)}", key
            )
        cited = "; ".join(f"{sources[s]['title']} — {sources[s]['url']}" for s in cites)
        out.append(
            Holiday(
                date=date,
                name=str(day["name"]),
                name_en=str(day["name_en"]),
                kind=HolidayKind(kind),
                source=cited,
                provisional=False,
                note=_CONFIDENCE_NOTES[str(day["confidence"])],
            )
        )
    out.sort(key=lambda h: h.date)
    return OfficialSchedule(year, str(raw["status"]), str(raw["note"]), tuple(out))


def load_schedule(text: str, *, path: str) -> OfficialSchedule:
    """Parse and validate one yearly schedule file's TOML text.

    Raises:
        DataFileError: if the TOML is malformed or the content invalid (see `parse_schedule`).
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise DataFileError(path, f"not valid TOML: {e}") from None
    return parse_schedule(raw, path=path)


def load_schedules(folder: Traversable | Path) -> Mapping[int, OfficialSchedule]:
    """Read every `<year>.toml` schedule file of `folder`, by year.

    Adding a year's published schedule is adding its file: nothing else names the years.

    Raises:
        DataFileError: if a file is invalid, its name is not its ``year``, or two files list
            the same date.
    """
    found: dict[int, OfficialSchedule] = {}
    owner: dict[dt.date, int] = {}
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if not item.name.endswith(".toml"):
            continue
        path = str(item) if isinstance(folder, Path) else f"chinhquyen/calendar/data/{item.name}"
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


@cache
def official_schedules() -> Mapping[int, OfficialSchedule]:
    """Return the shipped schedules by year (read once from the package's `data` folder).

    Raises:
        DataFileError: if a shipped file is invalid, its name is not its ``year``, or two files
            list the same date.
    """
    return load_schedules(resources.files("chinhquyen.calendar").joinpath("data"))


def tet_patterns(
    schedules: Mapping[int, OfficialSchedule] | None = None,
) -> Mapping[int, TetPattern]:
    """Return the Tết days years without a schedule get, by number of Tết days, from the record.

    For each schedule of status `official`, its Tết days are its statutory days within a week
    of mùng 1 tháng Giêng, counted from mùng 1 (-2 = two days before). For each number of Tết
    days, the pattern is the set of days the most official schedules chose; a tie goes to the
    set chosen most recently. With the shipped schedules 2015-2026 (five Tết days): two days
    before mùng 1 and mùng 1, 2, 3. Numbers of days no official schedule has (the four Tết
    days before 1/5/2013) get no pattern here.

    Args:
        schedules: the schedules to learn from (default: the shipped ones).
    """
    from chinhquyen.calendar.lunar import from_lunar  # the lunar tables are heavy: on use

    chosen: dict[int, dict[tuple[int, ...], list[int]]] = {}
    for year, sched in sorted((schedules or official_schedules()).items()):
        if sched.status != "official":
            continue
        tet = from_lunar(year, 1, 1)
        offsets = tuple(
            sorted(
                (h.date - tet).days
                for h in sched.days
                if h.kind is HolidayKind.STATUTORY and abs((h.date - tet).days) <= 7
            )
        )
        if offsets:
            chosen.setdefault(len(offsets), {}).setdefault(offsets, []).append(year)
    patterns: dict[int, TetPattern] = {}
    for size, by_offsets in chosen.items():
        offsets, years = max(by_offsets.items(), key=lambda kv: (len(kv[1]), kv[1][-1]))
        total = sum(len(y) for y in by_offsets.values())
        before = sum(1 for o in offsets if o < 0)
        shown, used = ", ".join(str(y) for y in years), len(years)
        patterns[size] = TetPattern(
            offsets,
            f"{before} ngày trước mùng 1 và {size - before} ngày từ mùng 1, như {used}/{total} "
            f"lịch chính thức có {size} ngày Tết ({shown}). {before} days before day 1 and "
            f"{size - before} from it, as in {used} of the {total} official schedules with "
            f"{size} Tết days ({shown}).",
        )
    return MappingProxyType(patterns)
