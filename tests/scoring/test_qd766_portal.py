"""QĐ 766 as the National Public Service Portal scores it: hand-computed golden examples.

Independent sources of every expected value (none computed by this library):

* W1-W3, W7: the points the portal published for Phú Thọ, quarter 3 of 2026, in the raw API
  responses kept in the public repository ChippedTopaz/qd766 (``tests/fixtures/*/quarter-all.json``
  and ``quarter-formality.json`` at commit 72417cd9a343422ef3cf62e563714d6e72d1357e), as recomputed
  by hand in the project's research notes of 2026-12-03 (each indicator rounded to 2 decimals
  half-up, groups the exact sums of the rounded indicators).
* W4-W6: synthetic communes whose figures were chosen for exact arithmetic, computed by hand in
  the same notes (§4), including the sheet-literal readings S (province-only indicators left out).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from chinhquyen import criteria
from chinhquyen.errors import AnswerError, AssessmentError
from chinhquyen.scoring import Adjustment, SelfAssessment, review, score
from chinhquyen.scoring.status import CriterionStatus

D = Decimal
FW = criteria.load("national/qd-766-2022")
Q3 = {"start": "2026-07-01", "end": "2026-09-30"}
GROUPS = ["cong-khai", "tien-do", "truc-tuyen", "so-hoa", "hai-long", "thanh-toan"]
#: the criteria in file order, as the research notes list their inputs
ORDER = [
    "tthc-cong-bo-dung-han",
    "tthc-cong-khai-dung-han",
    "tthc-cong-khai-day-du",
    "ho-so-dong-bo",
    "ho-so-dung-han",
    "tthc-co-dvctt",
    "dvctt-phat-sinh",
    "ho-so-truc-tuyen",
    "ket-qua-dien-tu",
    "so-hoa-thanh-phan",
    "chung-thuc-dien-tu",
    "tai-su-dung",
    "so-hoa-ket-noi",
    "ho-so-du-lieu-dan-cu",
    "tthc-ket-noi-dan-cu",
    "pakn-dung-han",
    "hai-long-pakn",
    "hai-long-tthc",
    "ho-so-thanh-toan",
    "tthc-giao-dich-thanh-toan",
    "tthc-nghia-vu-tai-chinh",
]
ONLINE = ["tthc-co-dvctt", "dvctt-phat-sinh", "ho-so-truc-tuyen"]


def ratios(pairs: dict[str, tuple[int, int]]) -> dict[str, Any]:
    return {
        cid: {"value": {"kind": "ratio", "numerator": n, "denominator": d}}
        for cid, (n, d) in pairs.items()
    }


def assessment(unit: dict[str, Any], pairs: dict[str, tuple[int, int]], period: Any = None) -> Any:
    return SelfAssessment.model_validate(
        {
            "framework": FW.id,
            "unit": unit,
            "period": Q3 if period is None else period,
            "answers": ratios(pairs),
        }
    )


def groups(card: Any) -> dict[str, Decimal]:
    return {g.group_id: g.points for g in card.groups}


PHU_THO = {"code": "25", "name": "UBND tỉnh Phú Thọ", "province": "Phú Thọ", "level": "province"}
VIET_TRI = {"code": "07900", "name": "Phường Việt Trì", "province": "Phú Thọ", "type": "phường"}
VAN_PHU = {"code": "07918", "name": "Phường Vân Phú", "province": "Phú Thọ", "type": "phường"}
#: a provincial agency is scored at province level; its code is its own
SO_CONG_THUONG = {
    "code": "H44.07",
    "name": "Sở Công Thương tỉnh Phú Thọ",
    "province": "Phú Thọ",
    "level": "province",
}
#: a real commune for the synthetic examples (scoring checks units against the registry)
XA = {"code": "26299", "name": "Xã Thống Nhất", "province": "Đồng Nai", "type": "xã"}

W1 = dict(
    zip(
        ORDER,
        [
            (0, 54),
            (0, 68),
            (87, 89),
            (339457, 339457),
            (403016, 464494),
            (52, 89),
            (449, 1884),
            (435258, 440558),
            (334358, 464494),
            (83994, 464494),
            (148, 148),  # the portal shows ratio 100 with no counts
            (64382, 464494),
            (0, 464494),
            (192191, 464494),
            (342, 1300),
            (300, 499),
            (238, 499),
            (402886, 464494),
            (233203, 268066),
            (115, 311),
            (66, 311),
        ],
        strict=True,
    )
)
W1_POINTS = [
    "0.00", "0.00", "1.96", "6.00", "17.35", "1.46", "0.95", "6.00", "4.32", "0.72", "2.00",
    "0.35", "0.00", "0.83", "0.53", "3.61", "2.86", "5.78", "5.22", "0.92", "0.53",
]  # fmt: skip


def test_w1_phu_tho_province_q3_2026_equals_the_published_points() -> None:
    card = score(FW, assessment(PHU_THO, W1))
    assert [card.criterion(c).points for c in ORDER] == [D(p) for p in W1_POINTS]
    published = ["7.96", "17.35", "8.41", "8.75", "12.25", "6.67"]
    assert [groups(card)[g] for g in GROUPS] == [D(p) for p in published]
    assert card.total == D("61.39") and card.reported_max == 100


def test_w1_the_sheet_literal_denominators_would_not_give_the_published_points() -> None:
    # electronic results over the 375,592 completed dossiers: 6 × 0.890216 = 5.34, not 4.32
    over_completed = {**W1, "ket-qua-dien-tu": (334358, 375592)}
    assert score(FW, assessment(PHU_THO, over_completed)).criterion("ket-qua-dien-tu").points == D(
        "5.34"
    )


W2 = {
    **dict.fromkeys(["tthc-cong-bo-dung-han"], (0, 54)),
    "tthc-cong-khai-dung-han": (0, 68),
    "tthc-cong-khai-day-du": (87, 89),
    "ho-so-dong-bo": (5150, 5150),
    "ho-so-dung-han": (5830, 6684),
    "ket-qua-dien-tu": (5511, 6684),
    "so-hoa-thanh-phan": (1169, 6684),
    "chung-thuc-dien-tu": (1, 1),
    "tai-su-dung": (508, 6684),
    "so-hoa-ket-noi": (0, 6684),
    "ho-so-du-lieu-dan-cu": (2463, 6684),
    "tthc-ket-noi-dan-cu": (54, 385),
    "pakn-dung-han": (0, 3),
    "hai-long-pakn": (0, 3),
    "hai-long-tthc": (5828, 6684),
    "ho-so-thanh-toan": (3082, 3816),
    "tthc-giao-dich-thanh-toan": (17, 37),
    "tthc-nghia-vu-tai-chinh": (10, 37),
}


def test_w2_a_commune_is_scored_on_the_population_indicators_as_published() -> None:
    # Phường Việt Trì: the commune row is scored on 4.5a/4.5b with its own data (0.74, 0.28).
    # The online group's commune rows carry only their total (6.52), so it is left unanswered.
    card = score(FW, assessment(VIET_TRI, W2))
    assert card.criterion("ho-so-du-lieu-dan-cu").points == D("0.74")
    assert card.criterion("tthc-ket-noi-dan-cu").points == D("0.28")
    got = groups(card)
    assert [got[g] for g in GROUPS if g != "truc-tuyen"] == [
        D("7.96"), D("17.44"), D("8.86"), D("5.81"), D("6.68")
    ]  # fmt: skip
    assert card.not_reported == tuple(ONLINE) and card.not_applicable == ()
    # with the published online score, the portal's total
    assert card.total + D("6.52") == D("53.27")


W3 = {
    "tthc-cong-bo-dung-han": (0, 54),
    "tthc-cong-khai-dung-han": (0, 68),
    "tthc-cong-khai-day-du": (87, 89),
    "ho-so-dong-bo": (656, 656),
    "ho-so-dung-han": (998, 1271),
    "ket-qua-dien-tu": (937, 1271),
    "so-hoa-thanh-phan": (449, 1271),
    "chung-thuc-dien-tu": (1, 1),
    "tai-su-dung": (0, 1271),
    "so-hoa-ket-noi": (0, 1271),
    "ho-so-du-lieu-dan-cu": (1271, 1271),
    "tthc-ket-noi-dan-cu": (13, 74),
    "pakn-dung-han": (0, 0),
    "hai-long-pakn": (0, 0),
    "hai-long-tthc": (998, 1271),
    "ho-so-thanh-toan": (110, 110),
    "tthc-giao-dich-thanh-toan": (12, 13),
    "tthc-nghia-vu-tai-chinh": (0, 13),
}


def test_w3_no_petitions_gives_both_petition_indicators_full_points_as_published() -> None:
    # Sở Công Thương: 6 + 6 + 5.23 = 17.23 published; the sheet's split would give 16.85/16.47
    card = score(FW, assessment(SO_CONG_THUONG, W3))
    got = groups(card)
    assert [got[g] for g in GROUPS if g != "truc-tuyen"] == [
        D("7.96"), D("15.70"), D("10.18"), D("17.23"), D("8.00")
    ]  # fmt: skip
    assert card.criterion("hai-long-tthc").points == D("5.23")


def _w4() -> dict[str, tuple[int, int]]:
    return {
        "tthc-cong-bo-dung-han": (9, 10),
        "tthc-cong-khai-dung-han": (8, 10),
        "tthc-cong-khai-day-du": (45, 50),
        "ho-so-dong-bo": (400, 400),
        "ho-so-dung-han": (380, 400),
        "tthc-co-dvctt": (30, 40),
        "dvctt-phat-sinh": (10, 25),
        "ho-so-truc-tuyen": (180, 400),
        "ket-qua-dien-tu": (300, 400),
        "so-hoa-thanh-phan": (100, 400),
        "chung-thuc-dien-tu": (1, 1),
        "tai-su-dung": (60, 400),
        "so-hoa-ket-noi": (0, 400),
        "ho-so-du-lieu-dan-cu": (200, 400),
        "tthc-ket-noi-dan-cu": (77, 385),
        "pakn-dung-han": (3, 4),
        "hai-long-pakn": (2, 4),
        "hai-long-tthc": (340, 400),
        "ho-so-thanh-toan": (150, 200),
        "tthc-giao-dich-thanh-toan": (20, 40),
        "tthc-nghia-vu-tai-chinh": (10, 40),
    }


def test_w4_synthetic_commune_with_three_exact_ties_rounded_half_up() -> None:
    card = score(FW, assessment(XA, _w4()))
    # 2 × 0.75 / 0.8 = 1.875, 2 × 0.15 / 0.8 = 0.375, 2 × 0.25 / 0.8 = 0.625: ties, half-up
    assert card.criterion("tthc-co-dvctt").points == D("1.88")
    assert card.criterion("tai-su-dung").points == D("0.38")
    assert card.criterion("tthc-nghia-vu-tai-chinh").points == D("0.63")
    assert [groups(card)[g] for g in GROUPS] == [
        D("16.40"), D("19.00"), D("8.88"), D("9.28"), D("13.17"), D("6.38")
    ]  # fmt: skip
    assert card.total == D("73.11") and card.reported_max == 100


def test_w4_the_rounding_mode_is_the_frameworks_data() -> None:
    # half-even makes the payment tie 0.62: total 73.10 (research notes §4, W4)
    half_even = FW.model_copy(
        update={"rounding": FW.rounding.model_copy(update={"mode": "half_even"})}
    )
    card = score(half_even, assessment(XA, _w4()))
    assert card.criterion("tthc-nghia-vu-tai-chinh").points == D("0.62")
    assert card.total == D("73.10")


W5 = {
    "tthc-cong-bo-dung-han": (9, 10),
    "tthc-cong-khai-dung-han": (8, 10),
    "tthc-cong-khai-day-du": (45, 50),
    "ho-so-dong-bo": (0, 0),  # no dossier and no previous-year count: rate 0 (formula doc 1.4)
    "ho-so-dung-han": (0, 0),
    "tthc-co-dvctt": (30, 40),
    "dvctt-phat-sinh": (0, 25),
    "ho-so-truc-tuyen": (0, 0),
    "ket-qua-dien-tu": (0, 0),
    "so-hoa-thanh-phan": (0, 0),
    "chung-thuc-dien-tu": (1, 1),
    "tai-su-dung": (0, 0),
    "so-hoa-ket-noi": (0, 0),
    "ho-so-du-lieu-dan-cu": (0, 0),
    "tthc-ket-noi-dan-cu": (77, 385),
    "pakn-dung-han": (0, 0),
    "hai-long-pakn": (0, 0),
    "hai-long-tthc": (0, 0),
    "ho-so-thanh-toan": (0, 0),
    "tthc-giao-dich-thanh-toan": (0, 40),
    "tthc-nghia-vu-tai-chinh": (0, 40),
}


def test_w5_an_idle_month_scores_zero_on_timeliness_not_not_applicable() -> None:
    month = {"start": "2026-08-01", "end": "2026-08-31"}
    card = score(FW, assessment(XA, W5, month))
    on_time = card.criterion("ho-so-dung-han")
    assert on_time.points == D(0) and on_time.status is not CriterionStatus.NOT_APPLICABLE
    assert [groups(card)[g] for g in GROUPS] == [
        D("10.40"), D("0.00"), D("1.88"), D("2.40"), D("12.00"), D("0.00")
    ]  # fmt: skip
    # 26.68 of 100, as the portal would show it (the earlier file: 24.68 of a maximum of 48)
    assert card.total == D("26.68") and card.reported_max == 100
    assert card.not_applicable == ()


def test_w6_no_petitions_and_procedure_satisfaction_80_percent() -> None:
    pairs = {"pakn-dung-han": (0, 0), "hai-long-pakn": (0, 0), "hai-long-tthc": (320, 400)}
    card = score(FW, assessment(XA, pairs))
    assert groups(card)["hai-long"] == D("17.33")  # 6 + 6 + 5.33


def test_w7_van_phu_payment_rounds_each_indicator_then_adds() -> None:
    pairs = {
        "ho-so-thanh-toan": (4151, 4369),
        "tthc-giao-dich-thanh-toan": (8, 32),
        "tthc-nghia-vu-tai-chinh": (6, 32),
    }
    card = score(FW, assessment(VAN_PHU, pairs))
    assert [card.criterion(c).points for c in pairs] == [D("5.70"), D("0.63"), D("0.47")]
    assert groups(card)["thanh-toan"] == D("6.80")  # published 6.8; one rounding would give 6.79


def test_the_scope_data_records_the_sheets_province_only_indicators() -> None:
    # follow the points: every level, with the sheet's "Tỉnh" cited in the scope's source
    scoped = {c.id: c.scope for c in FW.criteria() if c.scope is not None}
    assert set(scoped) == {*ONLINE, "ho-so-du-lieu-dan-cu", "tthc-ket-noi-dan-cu"}
    for cid, scope in scoped.items():
        assert scope.levels == ["province", "commune"], cid
        assert any("Tỉnh only" in (s.note or "") for s in scope.sources), cid


# --- the sheet-literal reading: province-only indicators out of a commune's maximum -------------


def sheet_literal() -> criteria.Framework:
    """The sheet's reading S: STT 6, 16, 17 province only, one 10-point payment ratio."""
    data = FW.model_dump(exclude_none=True)
    sheet = {
        "document": "Cổng Dịch vụ công quốc gia: bảng chỉ số “Công thức 766.xlsx”",
        "basis": "specification",
        "covers": ["scope"],
        "note": "Tỉnh only",
    }
    for g in data["groups"]:
        for c in g["criteria"]:
            if c["id"] in {*ONLINE, "ho-so-du-lieu-dan-cu", "tthc-ket-noi-dan-cu"}:
                c["scope"] = {"levels": ["province"], "sources": [sheet]}
        if g["id"] == "thanh-toan":
            one = g["criteria"][0]
            one.update(id="thanh-toan-mot-ty-le", max_points="10")
            g["criteria"] = [one]
    return criteria.Framework.model_validate(data)


def test_w4_under_the_sheet_leaves_the_province_only_indicators_out_of_the_communes_max() -> None:
    fw = sheet_literal()
    pairs = _w4()
    for cid in (*ONLINE, "ho-so-du-lieu-dan-cu", "tthc-ket-noi-dan-cu"):
        del pairs[cid]
    for cid in ("ho-so-thanh-toan", "tthc-giao-dich-thanh-toan", "tthc-nghia-vu-tai-chinh"):
        del pairs[cid]
    pairs["thanh-toan-mot-ty-le"] = (150, 200)
    pairs["ket-qua-dien-tu"] = (300, 360)  # the sheet's denominator: completed dossiers
    card = score(fw, assessment(XA, pairs))
    got = groups(card)
    assert got["truc-tuyen"] == 0 and got["so-hoa"] == D("8.38") and got["thanh-toan"] == D("7.50")
    assert card.total == D("64.45") and card.reported_max == 84  # 100 − 12 − 2 − 2
    out = card.criterion("tthc-co-dvctt")
    assert out.status is CriterionStatus.NOT_APPLICABLE and out.points is None
    assert "commune-level unit" in out.reason_en and "province level only" in out.reason_en
    assert "Công thức 766.xlsx" in out.reason_en  # the scope's source, named
    assert set(card.not_applicable) == {*ONLINE, "ho-so-du-lieu-dan-cu", "tthc-ket-noi-dan-cu"}
    assert {g.group_id: g.reported_max for g in card.groups}["truc-tuyen"] == 0
    assert card.not_reported == ()


def test_a_province_is_scored_on_the_province_only_indicators() -> None:
    card = score(sheet_literal(), assessment(PHU_THO, {"tthc-co-dvctt": (52, 89)}))
    assert card.criterion("tthc-co-dvctt").points == D("1.46")
    assert card.not_applicable == ()


def test_an_answer_to_an_indicator_outside_the_units_level_is_refused() -> None:
    with pytest.raises(AnswerError, match=r"criterion tthc-co-dvctt applies at province level"):
        score(sheet_literal(), assessment(XA, {"tthc-co-dvctt": (30, 40)}))


def test_a_province_level_unit_is_refused_by_a_commune_framework() -> None:
    a = SelfAssessment.model_validate(
        {"framework": "dong-nai/qd-54-2025", "period": 2025, "unit": {**PHU_THO, "code": "75",
         "name": "Thành phố Đồng Nai", "province": "Đồng Nai"}}
    )  # fmt: skip
    with pytest.raises(AssessmentError, match=r"province-level unit.*commune-level units only"):
        score("dong-nai/qd-54-2025", a)


def test_the_period_of_the_examples_is_one_the_registry_answers_for() -> None:
    from chinhquyen import units

    assert dt.date(2026, 9, 30) >= units.registry_dates()[0]
    assert units.lookup(VAN_PHU["code"], on=dt.date(2026, 9, 30)).full_name == VAN_PHU["name"]


def test_an_appraisal_cannot_award_an_indicator_outside_the_units_level() -> None:
    # an appraiser's points for a province-only indicator of a commune would count what the
    # commune is not judged on (its maximum leaves the indicator out)
    fw = sheet_literal()
    commune = score(fw, assessment(XA, {"ket-qua-dien-tu": (300, 360)}))
    assert commune.criterion("tthc-co-dvctt").status is CriterionStatus.NOT_APPLICABLE
    cut = Adjustment(criterion_id="tthc-co-dvctt", points=D("1"), reason="thẩm định")
    with pytest.raises(AnswerError, match=r"not applicable to a commune-level unit"):
        review(commune, [cut], framework=fw)
    # the same indicator of the province is appraised as any other
    province = score(fw, assessment(PHU_THO, {"tthc-co-dvctt": (52, 89)}))
    appraised = review(province, [cut], framework=fw)
    assert appraised.criterion("tthc-co-dvctt").points == 1
    assert appraised.total == province.total - D("1.46") + 1
