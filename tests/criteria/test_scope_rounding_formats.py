"""What a framework file may say about scope, rounding and evidence formats, and what it may not."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from tests.strategies import all_kinds_framework_data

from chinhquyen import criteria
from chinhquyen.errors import ChinhQuyenError

SOURCE = {"document": "Nguồn thử", "basis": "assumption"}


def every_kind() -> dict[str, Any]:
    return all_kinds_framework_data()


def criterion(data: dict[str, Any], cid: str) -> dict[str, Any]:
    for g in data["groups"]:
        for c in g["criteria"]:
            if c["id"] == cid:
                return c  # type: ignore[no-any-return]
    raise AssertionError(cid)


def test_a_scope_names_levels_the_framework_judges() -> None:
    data = every_kind()
    data["jurisdiction"] = {**data["jurisdiction"], "level": "all"}
    criterion(data, "self")["scope"] = {"levels": ["province"], "sources": [SOURCE]}
    fw = criteria.Framework.model_validate(data)
    assert fw.criterion("self").applies_to("province")
    assert not fw.criterion("self").applies_to("commune")
    data["jurisdiction"]["level"] = "commune"  # a commune set cannot hold a province-only item
    with pytest.raises(ChinhQuyenError, match=r"scope\.levels.*\['province'\] not judged"):
        criteria.Framework.model_validate(data)


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        ({"levels": [], "sources": [SOURCE]}, "levels"),
        ({"levels": ["province", "province"], "sources": [SOURCE]}, "named twice"),
        ({"levels": ["district"], "sources": [SOURCE]}, "levels"),
        ({"levels": ["commune"]}, "sources"),
    ],
)
def test_a_bad_scope_is_refused(scope: dict[str, Any], message: str) -> None:
    data = every_kind()
    data["jurisdiction"] = {**data["jurisdiction"], "level": "all"}
    criterion(data, "self")["scope"] = scope
    with pytest.raises(ChinhQuyenError, match=message):
        criteria.Framework.model_validate(data)


def test_rounding_none_needs_no_places_and_refuses_them() -> None:
    assert criteria.Rounding.model_validate({"mode": "none"}).describe() == "not rounded (exact)"
    with pytest.raises(ChinhQuyenError, match="leave places out"):
        criteria.Rounding.model_validate({"mode": "none", "places": 2})
    with pytest.raises(ChinhQuyenError, match="needs places"):
        criteria.Rounding.model_validate({"mode": "half_up"})


def test_a_framework_that_rounds_nothing_may_only_hold_exact_points() -> None:
    data = every_kind()
    data["rounding"] = {"mode": "none"}
    with pytest.raises(ChinhQuyenError) as e:
        criteria.Framework.model_validate(data)
    text = str(e.value)
    # a ratio, a coverage, a survey and an external index give fractions of points
    for kind in ("a ratio", "a coverage", "a survey", "a external_index"):
        assert kind in text, kind
    assert "a self_scored" not in text and "a yes_no" not in text


def test_an_unscored_item_of_any_kind_is_exact() -> None:
    fw = criteria.load("dong-nai/ct-33-2024")
    data = fw.model_dump()
    data["rounding"] = {"mode": "none"}
    assert criteria.Framework.model_validate(data).rounding.mode == "none"


@pytest.mark.parametrize(
    ("formats", "message"),
    [([], "evidence_formats"), (["PDF"], "evidence_formats"), (["pdf", "pdf"], "named twice")],
)
def test_evidence_formats_are_distinct_lower_case_extensions(
    formats: list[str], message: str
) -> None:
    data = every_kind()
    data["evidence_formats"] = formats
    with pytest.raises(ChinhQuyenError, match=message):
        criteria.Framework.model_validate(data)


def test_covers_names_each_aspect_once() -> None:
    ok = criteria.Citation.model_validate({**SOURCE, "covers": ["max", "formula"]})
    assert ok.covers == ["max", "formula"]
    with pytest.raises(ChinhQuyenError, match="names an aspect twice"):
        criteria.Citation.model_validate({**SOURCE, "covers": ["max", "max"]})
    with pytest.raises(ChinhQuyenError, match="covers"):
        criteria.Citation.model_validate({**SOURCE, "covers": ["points"]})


def test_the_shipped_sets_say_what_the_new_keys_rest_on() -> None:
    bg = criteria.load("bac-giang/cqtt")
    assert bg.evidence_formats == ["pdf"] and bg.rounding.mode == "none"
    assert any("format" in (c.covers or []) for c in bg.legal_basis)
    assert [c.covers for c in bg.rounding.sources] == [["rounding"]]
    qd = criteria.load("national/qd-766-2022")
    assert qd.rounding.sources and qd.rounding.sources[0].basis == "reconstruction"


def test_unscored_measures_are_worded_as_not_scored() -> None:
    survey = criteria.Survey.model_validate(
        {"kind": "survey", "threshold": "0.95", "on_empty": "not_applicable"}
    )
    assert "reference level 95%" in survey.explain("en", max_points=Decimal(0))
    assert "full points" not in survey.explain("en", max_points=Decimal(0))
    assert "đủ điểm" in survey.explain("vi")
    assert survey.describe(Decimal(0)).startswith("not scored")
    quota = criteria.Quota.model_validate(
        {"kind": "quota", "target": 2, "per": "period", "unit": "hội nghị", "partial": "none"}
    )
    assert quota.explain("vi", max_points=Decimal(0)).startswith("Mức tham chiếu 2 hội nghị")
