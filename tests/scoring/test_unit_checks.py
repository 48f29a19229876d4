"""A submission's unit, checked against the registry of administrative units when it is scored.

Expected facts come from the registry's data file (the QĐ 19/2025/QĐ-TTg codes as compiled in
``units/data/communes.csv``): 26299 is Xã Thống Nhất of Đồng Nai, 07900 Phường Việt Trì of Phú
Thọ; the registry starts on 1/7/2025.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import all_kinds_framework_data

from chinhquyen import criteria, units
from chinhquyen.errors import AssessmentError, InvalidInputError
from chinhquyen.scoring import SelfAssessment, canonical_json, score

NATIONAL = criteria.load("national/qd-766-2022")
DONG_NAI = criteria.load("dong-nai/qd-54-2025")
ON = dt.date(2026, 12, 31)
ALL = units.communes(on=ON)
PROVINCE = {"code": "25", "name": "UBND tỉnh Phú Thọ", "province": "Phú Thọ", "level": "province"}
THONG_NHAT = {"code": "26299", "name": "Xã Thống Nhất", "province": "Đồng Nai"}


def submission(unit: dict[str, Any], period: Any = 2026, fid: str = NATIONAL.id) -> Any:
    return SelfAssessment.model_validate({"framework": fid, "unit": unit, "period": period})


def test_a_real_unit_is_accepted_with_its_name_and_province_as_people_write_them() -> None:
    for province in ("Đồng Nai", "Thành phố Đồng Nai", "tỉnh đồng nai"):
        unit = {"code": "26299", "name": "xã  Thống Nhất", "province": province}
        assert score(NATIONAL, submission(unit)).unit.code == "26299"


def test_an_unknown_code_is_refused_naming_the_units_own_code() -> None:
    # the name and province as written find the unit: its code is the hint
    unit = {"code": "26298", "name": "Xã Thống Nhất", "province": "Đồng Nai"}
    with pytest.raises(AssessmentError) as e:
        score(NATIONAL, submission(unit))
    text = str(e.value)
    assert "no commune-level unit has code '26298' on 2026-12-31" in text
    assert text.endswith("Xã Thống Nhất of Thành phố Đồng Nai has code 26299"), text


def test_an_unknown_code_and_name_are_refused_naming_the_provinces_nearest_codes() -> None:
    unit = {"code": "26298", "name": "Xã Không Có", "province": "Đồng Nai"}
    with pytest.raises(AssessmentError) as e:
        score(NATIONAL, submission(unit))
    text = str(e.value)
    assert "no commune-level unit has code '26298' on 2026-12-31" in text
    # the province's nearest codes (which ones is the registry's choice)
    named = text.split("nearest in Thành phố Đồng Nai: ")[1].split("; ")
    assert 1 <= len(named) <= 5
    assert all(
        units.lookup(n.split("(")[1][:5], on=ON).province.full_name == "Thành phố Đồng Nai"
        for n in named
    )


def test_a_wrong_name_or_province_is_refused() -> None:
    with pytest.raises(AssessmentError, match="its name is 'Xã Thống Nhất', not 'Xã Gia Tân 2'"):
        score(NATIONAL, submission({**THONG_NHAT, "name": "Xã Gia Tân 2"}))
    with pytest.raises(AssessmentError, match="province is 'Thành phố Đồng Nai', not 'Phú Thọ'"):
        score(NATIONAL, submission({**THONG_NHAT, "province": "Phú Thọ"}))


def test_before_the_registrys_first_day_the_unit_is_taken_as_written() -> None:
    # the registry starts on 1/7/2025: a period ending on 30/6/2025 is not checked
    assert units.registry_dates()[0] == dt.date(2025, 7, 1)
    made_up = {"code": "00001", "name": "Xã A", "province": "Đồng Nai"}
    first_half = {"start": "2025-01-01", "end": "2025-06-30"}
    assert score(NATIONAL, submission(made_up, first_half)).unit.code == "00001"
    with pytest.raises(AssessmentError, match="no commune-level unit has code '00001'"):
        score(NATIONAL, submission(made_up, {"start": "2025-01-01", "end": "2025-07-01"}))


def test_a_test_jurisdiction_unknown_to_the_province_table_is_not_checked() -> None:
    fw = criteria.Framework.model_validate(all_kinds_framework_data())
    unit = {"code": "1", "name": "Xã Thử", "province": fw.jurisdiction.province}
    assert score(fw, submission(unit, 2026, fw.id)).unit.code == "1"


def test_a_province_level_unit_must_name_a_province() -> None:
    province = PROVINCE
    assert score(NATIONAL, submission(province)).unit.level == "province"
    with pytest.raises(AssessmentError, match="Tỉnh Mẫu"):
        score(NATIONAL, submission({**province, "province": "Tỉnh Mẫu"}))


def test_a_province_level_unit_has_no_commune_type_or_district() -> None:
    province = PROVINCE
    with pytest.raises(InvalidInputError, match="no commune type"):
        submission({**province, "type": "xã"})
    with pytest.raises(InvalidInputError, match="belongs to no district"):
        submission({**province, "district": {"name": "huyện X"}}, 2024)
    with pytest.raises(InvalidInputError, match="level"):
        submission({**province, "level": "commune"})  # one spelling: leave it out


def test_the_level_is_written_in_the_digest_only_when_given() -> None:
    assert b'"level"' not in canonical_json(submission(THONG_NHAT))
    province = PROVINCE
    assert b',"level":"province","name"' in canonical_json(submission(province))


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(ALL))
def test_every_unit_of_the_registry_is_accepted_as_listed(unit: units.CommuneUnit) -> None:
    written = {"code": unit.code, "name": unit.full_name, "province": unit.province.full_name}
    assert score(NATIONAL, submission(written)).unit.code == unit.code


@settings(max_examples=40, deadline=None)
@given(st.from_regex(r"[0-9]{5}", fullmatch=True))
def test_a_code_is_accepted_exactly_when_the_registry_has_it(code: str) -> None:
    known = {u.code: u for u in ALL}
    if code in known:
        written = {"code": code, "name": known[code].full_name, "province": "Việt Nam"}
        with pytest.raises(AssessmentError):  # "Việt Nam" is not a province
            score(NATIONAL, submission(written))
    else:
        with pytest.raises(AssessmentError, match=f"code '{code}'"):
            score(NATIONAL, submission({"code": code, "name": "Xã A", "province": "Đồng Nai"}))
