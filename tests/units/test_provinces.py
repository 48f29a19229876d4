"""The province succession table and the one matcher, against the resolutions' facts.

Golden facts (not produced by the code): NQ 202/2025/QH15 as reported by Lao Động (13/6/2025)
and VietnamPlus (34 units, 6 cities and 28 provinces from 1/7/2025; the 11 units not
rearranged; Bắc Giang into Bắc Ninh, Bình Phước into Đồng Nai); NQ 30/2026/QH16 (Thành phố Đồng
Nai from 30/4/2026, code 75); NQ 175/2024/QH15 (Thành phố Huế from 1/1/2025).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import UNIT_REFORM_DAYS, province_spellings, unit_days

from chinhquyen import units
from chinhquyen.errors import UnitDateError, UnknownProvinceError

D = dt.date
BEFORE, AFTER = D(2025, 6, 30), D(2025, 7, 1)

#: The 11 units NQ 202/2025/QH15 did not rearrange (Lao Động, 13/6/2025).
NOT_REARRANGED = [
    "Cao Bằng",
    "Điện Biên",
    "Hà Tĩnh",
    "Lai Châu",
    "Lạng Sơn",
    "Nghệ An",
    "Quảng Ninh",
    "Thanh Hóa",
    "Sơn La",
    "Hà Nội",
    "Huế",
]

#: Every name the table knows, with the last day it was in force (or a day it is in force).
ALL_NAMES = sorted(
    {(n, day) for c in units.province_changes() for n, day in [(c.after, c.date)]}
    | {(n, c.date - dt.timedelta(days=1)) for c in units.province_changes() for n in c.before}
    | {(p.full_name, AFTER) for p in units.provinces(on=AFTER)}
    | {(p.full_name, BEFORE) for p in units.provinces(on=BEFORE)}
)


def test_34_units_from_1_7_2025_and_63_before() -> None:
    after = units.provinces(on=AFTER)
    assert len(after) == 34
    assert sum(p.kind == "thành phố" for p in after) == 6
    assert len(units.provinces(on=BEFORE)) == 63
    assert len(units.provinces(on=D(2008, 8, 1))) == 63


@pytest.mark.parametrize("name", NOT_REARRANGED)
def test_a_unit_not_rearranged_is_the_same_unit_on_either_side(name: str) -> None:
    assert units.province(name, on=BEFORE).id == units.province(name, on=AFTER).id


@pytest.mark.parametrize(
    ("former", "now"),
    [
        ("Bắc Giang", "Bắc Ninh"),
        ("Bình Phước", "Đồng Nai"),
        ("Bình Dương", "Hồ Chí Minh"),
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("Hải Dương", "Hải Phòng"),
        ("Hà Giang", "Tuyên Quang"),
        ("Hậu Giang", "Cần Thơ"),
        ("Kiên Giang", "An Giang"),
    ],
)
def test_a_merged_province_names_the_province_that_took_it_over(former: str, now: str) -> None:
    before = units.province(former, on=BEFORE)
    assert before.name == former and before.code is None and before.until == BEFORE
    after = units.province(former, on=AFTER)
    assert after.name == now
    assert units.same_province(former, now, on=AFTER)
    assert not units.same_province(former, now, on=BEFORE)


def test_dong_nai_province_then_city_is_one_unit() -> None:
    eve, first = D(2026, 4, 29), D(2026, 4, 30)
    assert units.province("Đồng Nai", on=eve).full_name == "Tỉnh Đồng Nai"
    city = units.province("Đồng Nai", on=first)
    assert (city.full_name, city.kind, city.code, city.since) == (
        "Thành phố Đồng Nai",
        "thành phố",
        "75",
        first,
    )
    for day in (eve, first, D(2025, 7, 1), D(2026, 12, 1)):
        assert units.same_province("Tỉnh Đồng Nai", "Thành phố Đồng Nai", on=day)
        assert units.same_province("TP. Đồng Nai", "đồng  nai", on=day)
    assert units.province("Tỉnh Đồng Nai", on=eve).id == units.province("TP.Đồng Nai", on=first).id


def test_hue_became_a_city_on_1_1_2025() -> None:
    assert units.province("Huế", on=D(2024, 12, 31)).full_name == "Tỉnh Thừa Thiên Huế"
    assert units.province("Thừa Thiên - Huế", on=D(2025, 1, 1)).full_name == "Thành phố Huế"
    assert units.province("Huế", on=AFTER).code == "46"


def test_quang_ninh_and_bac_ninh_cities_are_marked_unconfirmed() -> None:
    qn = units.province("Quảng Ninh", on=D(2026, 9, 1))
    bn = units.province("Bắc Giang", on=D(2026, 9, 20))
    assert (qn.full_name, bn.full_name) == ("Thành phố Quảng Ninh", "Thành phố Bắc Ninh")
    assert qn.unconfirmed and bn.unconfirmed
    assert all(s.basis == "compilation" for s in qn.sources + bn.sources)
    assert units.province("Đồng Nai", on=D(2026, 9, 1)).unconfirmed is None


def test_the_mergers_of_1_7_2025() -> None:
    changes = units.province_changes()
    mergers = [c for c in changes if c.kind == "merger"]
    assert len(mergers) == 23
    assert {c.date for c in mergers} == {AFTER}
    before = [n for c in mergers for n in c.before]
    assert len(before) == len(set(before)) == 52
    by_after = {c.after: set(c.before) for c in mergers}
    assert by_after["Tỉnh Bắc Ninh"] == {"Tỉnh Bắc Giang", "Tỉnh Bắc Ninh"}
    assert by_after["Tỉnh Đồng Nai"] == {"Tỉnh Bình Phước", "Tỉnh Đồng Nai"}
    assert by_after["Thành phố Hồ Chí Minh"] == {
        "Tỉnh Bà Rịa - Vũng Tàu",
        "Tỉnh Bình Dương",
        "Thành phố Hồ Chí Minh",
    }
    assert all(any("202/2025/QH15" in s.document for s in c.sources) for c in mergers)
    renamings = [(c.date, c.after) for c in changes if c.kind == "renaming"]
    assert renamings == [
        (D(2025, 1, 1), "Thành phố Huế"),
        (D(2026, 4, 30), "Thành phố Đồng Nai"),
        (D(2026, 9, 1), "Thành phố Quảng Ninh"),
        (D(2026, 9, 20), "Thành phố Bắc Ninh"),
    ]


def test_every_source_names_a_document_and_how_it_was_used() -> None:
    for p in [*units.provinces(on=BEFORE), *units.provinces(on=D(2026, 12, 1))]:
        assert p.sources
        for s in p.sources:
            assert s.document and s.basis in {"text", "press", "compilation"}


def test_an_unknown_name_lists_the_units_of_that_day_nearest_first() -> None:
    with pytest.raises(UnknownProvinceError) as e:
        units.province("Dong Nai", on=AFTER)
    message = str(e.value)
    assert "the 34 of that day, nearest first: Đồng Nai," in message
    with pytest.raises(UnknownProvinceError) as e:
        units.province("Hà Tây", on=BEFORE)  # merged into Hà Nội in 2008, before the table
    listed = str(e.value).split("the 63 of that day, nearest first: ")[1].split(", ")
    assert sorted(listed) == sorted(p.name for p in units.provinces(on=BEFORE))
    assert listed[0].startswith("Hà ")
    with pytest.raises(UnknownProvinceError, match="nearest first: Hồ Chí Minh"):
        units.province("TP.HCM", on=AFTER)
    with pytest.raises(UnknownProvinceError, match="non-empty string"):
        units.province("  ", on=AFTER)


def test_days_the_table_does_not_answer_for_are_refused() -> None:
    with pytest.raises(UnitDateError, match="starts on 2008-08-01"):
        units.province("Hà Nội", on=D(2008, 7, 31))
    with pytest.raises(UnitDateError, match=r"datetime\.date"):
        units.province("Hà Nội", on=dt.datetime(2025, 7, 1, 12))  # type: ignore[arg-type]
    assert units.province_table_dates()[0] == D(2008, 8, 1)


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=300)
@given(st.sampled_from(ALL_NAMES), st.data())
def test_every_spelling_of_every_name_is_one_unit(
    name_day: tuple[str, dt.date], data: st.DataObject
) -> None:
    name, _ = name_day
    day = data.draw(unit_days())
    spelt = data.draw(province_spellings(name))
    assert units.province(spelt, on=day) == units.province(name, on=day)


@given(st.sampled_from(ALL_NAMES), unit_days())
def test_no_name_is_lost_after_a_change(name_day: tuple[str, dt.date], day: dt.date) -> None:
    found = units.province(name_day[0], on=day)
    assert found in units.provinces(on=day)


@given(unit_days())
def test_each_unit_of_a_day_is_found_by_its_names_of_that_day(day: dt.date) -> None:
    for p in units.provinces(on=day):
        assert units.province(p.full_name, on=day) == p
        assert units.province(p.name, on=day) == p
        assert p.since <= day and (p.until is None or day <= p.until)


@given(st.sampled_from(ALL_NAMES), st.sampled_from(ALL_NAMES), unit_days())
def test_same_province_is_symmetric(
    a: tuple[str, dt.date], b: tuple[str, dt.date], day: dt.date
) -> None:
    assert units.same_province(a[0], b[0], on=day) == units.same_province(b[0], a[0], on=day)
    assert units.same_province(a[0], a[0], on=day)


@pytest.mark.parametrize("day", UNIT_REFORM_DAYS)
def test_no_two_units_of_a_day_share_a_name(day: dt.date) -> None:
    keys = [units.province_key(p.name) for p in units.provinces(on=day)]
    assert len(keys) == len(set(keys))
