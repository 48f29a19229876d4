"""The catalogue's index page shows the province succession table, in Vietnamese and English."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from chinhquyen import units

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "docs_hooks"))
import render_catalogue  # the docs catalogue's pure page writer


@pytest.mark.parametrize(
    ("lang", "title", "unconfirmed", "not_official"),
    [
        ("vi", "## Tỉnh, thành phố theo thời gian", "(*chưa xác nhận*)", "**không phải**"),
        ("en", "## Provinces over time", "(*unconfirmed*)", "**not** an official export"),
    ],
)
def test_the_index_shows_every_change_with_its_sources(
    lang: str, title: str, unconfirmed: str, not_official: str
) -> None:
    page = render_catalogue.index_list(render_catalogue.load_catalogue(), lang)
    assert title in page
    table = page.split(title)[1]
    changes = units.province_changes()
    rows = [ln for ln in table.splitlines() if ln.startswith("| ") and ln[2:4].isdigit()]
    assert len(rows) == len(changes)
    for change, row in zip(changes, rows, strict=True):
        assert row.startswith(f"| {change.date.strftime('%d/%m/%Y')} |")
        assert change.after in row and all(b in row for b in change.before)
        assert (unconfirmed in row) == bool(change.unconfirmed)
        for source in change.sources:
            assert source.url is None or f"]({source.url})" in table
    assert "Thang Le Quoc" in table and not_official in table
