"""Every shipped file loads, validates, round-trips through JSON and names its sources."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from chinhquyen import criteria
from chinhquyen.errors import ChinhQuyenError, UnknownConductCodeError, UnknownFrameworkError

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
    assert fw.status_note and "GIẢ ĐỊNH" in fw.status_note
    assert fw.status_note_en and "ASSUMES" in fw.status_note_en
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


# --- the other shipped sets, against their sources ----------------------------------------------


def test_bac_giang_maxima_from_the_qcdc_form() -> None:
    fw = criteria.load("bac-giang/cqtt")
    assert [g.max_points for g in fw.groups] == [20, 25, 20, 15, 20]
    assert all(c.measure.kind == "self_scored" for c in fw.criteria())
    assert fw.tiers == []
    assert fw.status == "derived"
    assert fw.effective_to == dt.date(2025, 6, 30)


def test_qd_766_group_weights_and_reconstruction_marks() -> None:
    fw = criteria.load("national/qd-766-2022")
    # the portal's six groups: the decision's 22-point online group split 12 + 10
    assert [g.max_points for g in fw.groups] == [18, 20, 12, 22, 18, 10]
    assert fw.jurisdiction.province is None
    for c in fw.criteria():
        assert any(s.basis == "reconstruction" for s in c.sources), c.id
        # every indicator says what its points, its formula and its empty case rest on
        covered = {a for s in c.sources for a in (s.covers or [])}
        assert {"max", "formula", "empty"} <= covered, c.id
    # thresholds reported for the portal's formulas: 80 %, 50 %, 90 %
    thresholds = {c.id: c.measure.threshold for c in fw.criteria()}  # type: ignore[union-attr]
    assert thresholds["tai-su-dung"] == Decimal("0.8")
    assert thresholds["ho-so-truc-tuyen"] == Decimal("0.5")
    assert thresholds["hai-long-tthc"] == Decimal("0.9")
    on_empty = {c.id: c.measure.on_empty for c in fw.criteria()}  # type: ignore[union-attr]
    assert on_empty["pakn-dung-han"] == "full"
    assert on_empty["hai-long-tthc"] == "zero"
    assert on_empty["ho-so-dung-han"] == "zero"  # no dossier: 0 of 20, as published


def test_ct_33_is_an_unscored_checklist_citing_seeds() -> None:
    fw = criteria.load("dong-nai/ct-33-2024")
    assert fw.status == "derived"
    assert fw.max_points == 0
    assert len(fw.groups) == 5
    for c in fw.criteria():
        assert c.max_points == 0
        assert all(s.note and "Seed 00" in s.note for s in c.sources), c.id
        if c.measure.kind == "checklist":
            for item in c.measure.items:
                assert all(s.note and "Seed 00" in s.note for s in item.sources)
    four = fw.criterion("mot-cua-4-tieu-chi").measure
    assert [i.title for i in four.items] == [  # type: ignore[union-attr]
        "Nhanh hơn",
        "Tiết kiệm hơn",
        "Hợp lý hơn",
        "Thân thiện hơn",
    ]


def test_conduct_codes_have_the_seed_items() -> None:
    dn = criteria.conduct_code("dong-nai/4-xin-4-luon-5-khong")
    assert [(g.title, len(g.rules)) for g in dn.groups] == [
        ("4 xin", 4),
        ("4 luôn", 4),
        ("5 không", 5),
        ("Nụ cười công sở", 2),
    ]
    gt = criteria.conduct_code("dong-nai/gia-tan-2/5-xin-5-luon-5-hon-3-khong")
    assert [(g.title, len(g.rules)) for g in gt.groups] == [
        ("5 xin", 5),
        ("5 luôn", 5),
        ("5 hơn", 5),
        ("3 không", 3),
    ]
    assert [r.text for r in gt.groups[0].rules] == [
        "Xin chào",
        "Xin mời",
        "Xin phép",
        "Xin lỗi",
        "Xin cảm ơn",
    ]


@pytest.mark.parametrize("fid", FRAMEWORKS)
def test_non_official_sets_say_what_is_missing(fid: str) -> None:
    fw = criteria.load(fid)
    assert fw.status != "official"
    assert fw.status_note and len(fw.status_note) > 100


#: Letters with Vietnamese diacritics (plain English has none).
_MARKED = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def _marked_share(text: str) -> float:
    # Ids such as dong-nai/4-xin-4-luon-5-khong are ASCII in both languages: leave them out.
    prose = re.sub(r"[a-z0-9]+(?:[-/.][a-z0-9]+)+", " ", text)
    letters = [c for c in prose.lower() if c.isalpha()]
    return sum(c in _MARKED for c in letters) / len(letters)


@pytest.mark.parametrize("fid", FRAMEWORKS)
def test_status_note_is_vietnamese_with_english_beside_it(fid: str) -> None:
    fw = criteria.load(fid)
    assert fw.status_note and fw.status_note_en
    # Vietnamese prose marks about a quarter of its letters; English quoting a few Vietnamese
    # names or document titles stays far below that.
    assert _marked_share(fw.status_note) > 0.15, fid
    assert _marked_share(fw.status_note_en) < 0.10, fid
    # The two say the same things: every figure of one appears in the other.
    figures = set(re.findall(r"\d+(?:/\d+)+", fw.status_note))
    assert figures == set(re.findall(r"\d+(?:/\d+)+", fw.status_note_en)), fid


def test_qd_766_group_weights_link_the_published_full_text() -> None:
    # Sở Nội vụ Nam Định republished the decision with the five groups' maxima 18/20/22/22/18;
    # the online-services and payment groups (12 + 10 = 22) cite the decision and the sheet.
    fw = criteria.load("national/qd-766-2022")
    decision = {g.id for g in fw.groups if g.id not in {"truc-tuyen", "thanh-toan"}}
    for g in fw.groups:
        urls = {c.url for c in g.sources}
        if g.id in decision:
            assert any(u and u.startswith("https://sonoivu.namdinh.gov.vn/") for u in urls), g.id
        else:
            assert {c.basis for c in g.sources} == {"text", "specification"}, g.id
    split = sum(g.max_points for g in fw.groups if g.id in {"truc-tuyen", "thanh-toan"})
    assert split == 22


def _notes_of(obj: Any) -> Iterator[tuple[str, str | None, str | None]]:
    if isinstance(obj, criteria.ConductCode):
        yield obj.id, obj.notes, obj.notes_en
        return
    for g in obj.groups:
        yield f"{obj.id} group {g.id}", g.notes, g.notes_en
    for c in [*obj.criteria(), *obj.bonus_penalty]:
        yield f"{obj.id} criterion {c.id}", c.notes, c.notes_en


@pytest.mark.parametrize(
    "obj",
    [criteria.load(f) for f in FRAMEWORKS] + [criteria.conduct_code(c) for c in CODES],
    ids=lambda o: o.id,
)
def test_every_note_is_vietnamese_with_english_beside_it(obj: Any) -> None:
    for where, vi, en in _notes_of(obj):
        assert bool(vi) == bool(en), where
        if vi and en:
            assert _marked_share(vi) > 0.15, where
            assert _marked_share(en) < 0.10, where


def test_an_english_only_conduct_note_is_refused() -> None:
    data = criteria.conduct_code("dong-nai/4-xin-4-luon-5-khong").model_dump()
    data.pop("notes")
    with pytest.raises(ChinhQuyenError, match="needs the Vietnamese notes beside it"):
        criteria.ConductCode.model_validate(data)
