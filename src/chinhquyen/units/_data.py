"""Reading the units' data files strictly: every key checked, every problem naming file and key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, get_args

import attrs

from chinhquyen.errors import DataFileError
from chinhquyen.units.sources import Basis, Source

__all__ = ["Table", "data_text", "read_data"]

_BASES: dict[str, Basis] = {b: b for b in get_args(Basis)}


def data_text(name: str) -> str:
    """Return the text of a shipped data file of `chinhquyen.units`."""
    from importlib import resources  # on first use: importing chinhquyen.units stays light

    path = resources.files("chinhquyen.units") / "data" / name
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:  # pragma: no cover - a broken install
        raise DataFileError(f"chinhquyen:units/data/{name}", f"cannot be read: {e}") from None


@attrs.frozen(slots=True)
class Table:
    """One TOML table being read, named for messages (`file [key]`)."""

    file: str
    where: str
    data: Mapping[str, Any]

    def fail(self, key: str, message: str) -> DataFileError:
        """An error naming the file and this table's `key`."""
        at = f"{self.where}.{key}" if self.where else key
        return DataFileError(self.file, message, key=at)

    def only(self, *keys: str) -> None:
        """Refuse keys other than `keys` (a misspelt key is not silently ignored)."""
        unknown = sorted(set(self.data) - set(keys))
        if unknown:
            raise self.fail(unknown[0], f"unknown key; valid keys here: {', '.join(keys)}")

    def text(self, key: str, *, required: bool = True) -> str | None:
        """A non-empty string value (or `None` if optional and absent)."""
        value = self.data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"a non-empty string is required, got {value!r}")
        return value

    def day(self, key: str, *, required: bool = True) -> dt.date | None:
        """An unquoted TOML date (or `None` if optional and absent)."""
        value = self.data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise self.fail(
                key, f"an unquoted TOML date such as 2025-07-01 is required, not {value!r}"
            )
        return value

    def tables(self, key: str) -> list[Table]:
        """The tables of an array of tables (`[[key]]`), each named with its index."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, "an array of tables is required")
        prefix = f"{self.where}.{key}" if self.where else key
        return [Table(self.file, f"{prefix}[{i}]", v) for i, v in enumerate(value)]

    def sources(self, key: str, known: Mapping[str, Source]) -> tuple[Source, ...]:
        """The sources named by key in `key` (at least one, each defined under `[sources]`)."""
        value = self.data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "a non-empty list of source keys is required")
        missing = [v for v in value if v not in known]
        if missing:
            raise self.fail(key, f"unknown source {missing[0]!r}; defined: {', '.join(known)}")
        return tuple(known[v] for v in value)


def read_data(name: str) -> tuple[Table, dict[str, Source]]:
    """Read a shipped TOML data file: its root table and its `[sources]`."""
    import tomllib  # on first use: importing chinhquyen.units stays light

    file = f"chinhquyen:units/data/{name}"
    try:
        data = tomllib.loads(data_text(name))
    except tomllib.TOMLDecodeError as e:  # pragma: no cover - the shipped file is tested
        raise DataFileError(file, f"not valid TOML: {e}") from None
    root = Table(file, "", data)
    raw = data.get("sources")
    if not isinstance(raw, dict):
        raise root.fail("sources", "a table of sources is required")
    sources: dict[str, Source] = {}
    for key, value in raw.items():
        if not isinstance(value, dict):
            raise root.fail(f"sources.{key}", "a table is required")
        t = Table(file, f"sources.{key}", value)
        t.only("document", "article", "date", "url", "basis", "note")
        basis = t.text("basis")
        if basis not in _BASES:
            raise t.fail("basis", f"{basis!r} is not one of {', '.join(sorted(_BASES))}")
        sources[key] = Source(
            document=t.text("document") or "",
            article=t.text("article", required=False),
            date=t.day("date", required=False),
            url=t.text("url", required=False),
            basis=_BASES[basis or ""],
            note=t.text("note", required=False),
        )
    return root, sources
