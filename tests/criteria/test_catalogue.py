"""Every shipped file loads, validates, round-trips through JSON and names its sources."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chinhquyen import criteria
from chinhquyen.errors import UnknownConductCodeError, UnknownFrameworkError

FRAMEWORKS = criteria.available()
CODES = criteria.conduct_codes()


def test_catalogue_is_not_empty() -> None:
    assert "dong-nai/qd-54-2025" in FRAMEWORKS
    assert "dong-nai/4-xin-4-luon-5-khong" in CODES


@pytest.mark.parametrize("fid", FRAMEWORKS)
def test_framework_round_trips_through_json(fid: str) -> None:
    fw = criteria.load(fid)
    assert fw.id == fid
    again = criteria.Framework.model_validate_json(fw.model_dump_json())
    assert again == fw


@pytest.mark.parametrize("fid", FRAMEWORKS)
def test_every_value_names_a_source(fid: str) -> None:
    fw = criteria.load(fid)
    assert fw.legal_basis
    for t in fw.tiers:
        assert t.sources
    for g in fw.groups:
        assert g.sources
        for c in g.criteria:
            assert c.sources, c.id
            assert c.title_en, c.id


@pytest.mark.parametrize("fid", FRAMEWORKS)
def test_group_maxima_add_up(fid: str) -> None:
    fw = criteria.load(fid)
    assert sum(g.max_points for g in fw.groups) == fw.max_points
    for g in fw.groups:
        assert sum(c.max_points for c in g.criteria) == g.max_points


@pytest.mark.parametrize("cid", CODES)
def test_conduct_code_round_trips(cid: str) -> None:
    code = criteria.conduct_code(cid)
    assert code.id == cid
    assert criteria.ConductCode.model_validate_json(code.model_dump_json()) == code
    refs = code.refs()
    assert len(refs) == len(set(refs))


def test_load_is_cached() -> None:
    assert criteria.load("dong-nai/qd-54-2025") is criteria.load("dong-nai/qd-54-2025")


def test_unknown_framework_lists_the_valid_ids() -> None:
    with pytest.raises(UnknownFrameworkError, match="dong-nai/qd-54-2025"):
        criteria.load("dong-nai/qd-99-2030")


def test_unknown_conduct_code_lists_the_valid_ids() -> None:
    with pytest.raises(UnknownConductCodeError, match="4-xin-4-luon-5-khong"):
        criteria.conduct_code("dong-nai/nope")


# --- Đồng Nai QĐ 54/2025: values from the Báo Đại biểu Nhân dân report of 10/11/2025 ---------


def test_dong_nai_54_points_as_reported() -> None:
    fw = criteria.load("dong-nai/qd-54-2025")
    assert [g.max_points for g in fw.groups] == [15, 15, 20, 50]
    assert fw.status == "partial"
    assert fw.status_note and "ASSUMES" in fw.status_note
    par = fw.criterion("cai-cach-hanh-chinh")
    assert par.measure.kind == "external_index"


@pytest.mark.parametrize(
    ("points", "label"),
    [
        (Decimal("0"), "1 sao"),
        (Decimal("79.99"), "1 sao"),
        (Decimal("80"), "2 sao"),
        (Decimal("89.99"), "2 sao"),
        (Decimal("90"), "3 sao"),
        (Decimal("94.995"), "3 sao"),
        (Decimal("95"), "4 sao"),
        (Decimal("100"), "4 sao"),
    ],
)
def test_dong_nai_54_star_bands(points: Decimal, label: str) -> None:
    tier = criteria.load("dong-nai/qd-54-2025").tier_for(points)
    assert tier is not None
    assert tier.label == label


def test_for_date_finds_the_dong_nai_framework() -> None:
    found = criteria.for_date("Đồng Nai", on=dt.date(2026, 1, 15))
    assert "dong-nai/qd-54-2025" in [fw.id for fw in found]
    assert criteria.for_date("dong-nai", on=dt.date(2026, 1, 15)) == found


def test_for_date_refuses_unknown_jurisdiction() -> None:
    with pytest.raises(UnknownFrameworkError, match="known"):
        criteria.for_date("Atlantis", on=dt.date(2026, 1, 1))
