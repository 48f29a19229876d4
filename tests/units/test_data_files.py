"""The units' data files are read strictly: a broken file is refused, naming the file and key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest

from chinhquyen import units
from chinhquyen.errors import DataFileError
from chinhquyen.units import _data, registry, succession

REAL = _data.data_text


@pytest.fixture
def edit(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, str, str], None]]:
    """Serve a shipped data file with one piece of text replaced by another."""

    def patch(name: str, old: str, new: str) -> None:
        text = REAL(name)
        assert old in text, old

        def fake(wanted: str) -> str:
            return text.replace(old, new, 1) if wanted == name else REAL(wanted)

        monkeypatch.setattr(_data, "data_text", fake)
        monkeypatch.setattr(registry, "data_text", fake)
        succession._table.cache_clear()
        registry._registry.cache_clear()

    yield patch
    monkeypatch.undo()
    succession._table.cache_clear()
    registry._registry.cache_clear()


DAY = dt.date(2025, 7, 1)


def test_a_misspelt_key_is_refused(edit: Callable[[str, str, str], None]) -> None:
    edit("provinces.toml", 'id = "ha-noi"', 'id = "ha-noi"\nkode = "01"')
    with pytest.raises(DataFileError, match=r"provinces\.toml \[provinces\[0\]\.kode\]"):
        units.province("Hà Nội", on=DAY)


def test_a_merger_into_an_unknown_unit_is_refused(edit: Callable[[str, str, str], None]) -> None:
    edit("provinces.toml", 'merged_into = "bac-ninh"', 'merged_into = "bac-ninh-moi"')
    with pytest.raises(DataFileError, match="'bac-giang-cu' merges into 'bac-ninh-moi'"):
        units.province("Bắc Giang", on=DAY)


def test_a_name_without_a_source_is_refused(edit: Callable[[str, str, str], None]) -> None:
    edit("provinces.toml", '"nq-30-2026"]', '"nq-30-2027"]')
    with pytest.raises(DataFileError, match="unknown source 'nq-30-2027'"):
        units.province("Đồng Nai", on=DAY)


def test_a_change_that_disagrees_with_the_snapshot_is_refused(
    edit: Callable[[str, str, str], None],
) -> None:
    edit("changes.toml", "from = 2026-04-30", "from = 2026-08-30")
    with pytest.raises(
        DataFileError, match=r"code 25270: communes\.csv \(2026-07-25\) says phường"
    ):
        units.lookup("26299", on=DAY)


def test_a_change_naming_another_unit_is_refused(edit: Callable[[str, str, str], None]) -> None:
    edit("changes.toml", 'name = "Lộc Ninh"', 'name = "Lộc Ninh 2"')
    with pytest.raises(DataFileError, match=r"code 25270 is 'Lộc Ninh' in communes\.csv"):
        units.lookup("26299", on=DAY)
