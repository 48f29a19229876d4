"""Scoring remembers whether a unit, period and pinned version fit a framework: never wrongly.

The verdict is remembered per framework (its plan) and per the unit's code, name, province and
level, the period and the pinned version. These tests score the same unit where one of those
differs, in both orders, so a verdict carried over from the wrong key would show. Expected
facts: Bình Phước merged into Đồng Nai on 1/7/2025 (NQ 202/2025/QH15), so before that day a
unit written "Bình Phước" is not Đồng Nai's, after it it is; 26299 is Xã Thống Nhất of Đồng Nai
in the registry, which starts on 1/7/2025.
"""

from __future__ import annotations

from typing import Any

import pytest

from chinhquyen import criteria
from chinhquyen.errors import AssessmentError
from chinhquyen.scoring import SelfAssessment, score

CT_33 = criteria.load("dong-nai/ct-33-2024")  # Đồng Nai, in force from 12/3/2024
THANH_HOA = criteria.load("thanh-hoa/cam-thuy-kh-103-2023")  # Thanh Hóa, to 30/6/2025
THONG_NHAT = {"code": "26299", "name": "Xã Thống Nhất", "province": "Đồng Nai"}


def submission(fw: criteria.Framework, unit: dict[str, Any], period: Any, **more: Any) -> Any:
    return SelfAssessment.model_validate(
        {"framework": fw.id, "unit": unit, "period": period, **more}
    )


def codes(e: pytest.ExceptionInfo[AssessmentError]) -> list[str]:
    return [p.code for p in e.value.problems]


@pytest.mark.parametrize("first", ["before", "after"])
def test_a_province_renamed_between_periods_gets_each_periods_verdict(first: str) -> None:
    unit = {**THONG_NHAT, "province": "Bình Phước"}
    before, after = submission(CT_33, unit, 2024), submission(CT_33, unit, 2026)
    for which in [first, "after" if first == "before" else "before"] * 2:
        if which == "after":  # from 1/7/2025 Bình Phước is part of Đồng Nai
            assert score(CT_33, after).unit.province == "Bình Phước"
        else:
            with pytest.raises(AssessmentError) as e:
                score(CT_33, before)
            assert codes(e) == ["unit.province_mismatch"]


@pytest.mark.parametrize("first", [0, 1])
def test_a_made_up_code_is_checked_only_where_the_registry_answers(first: int) -> None:
    made_up = {"code": "00001", "name": "Xã A", "province": "Đồng Nai"}
    early = submission(CT_33, made_up, {"start": "2025-01-01", "end": "2025-06-30"})
    late = submission(CT_33, made_up, {"start": "2025-01-01", "end": "2025-07-01"})
    for i in [first, 1 - first, first]:
        if i == 0:
            assert score(CT_33, early).unit.code == "00001"
        else:
            with pytest.raises(AssessmentError, match="no commune-level unit has code '00001'"):
                score(CT_33, late)


@pytest.mark.parametrize("first", [0, 1])
def test_two_frameworks_do_not_share_a_verdict(first: int) -> None:
    # the same unit and period: Đồng Nai's framework takes it, Thanh Hóa's refuses it
    for i in [first, 1 - first, first]:
        if i == 0:
            assert score(CT_33, submission(CT_33, THONG_NHAT, 2024)).unit.code == "26299"
        else:
            with pytest.raises(AssessmentError) as e:
                score(THANH_HOA, submission(THANH_HOA, THONG_NHAT, 2024))
            assert codes(e) == ["unit.province_mismatch"]


@pytest.mark.parametrize("first", [0, 1])
def test_two_versions_of_one_framework_do_not_share_a_verdict(first: int) -> None:
    other = CT_33.model_copy(update={"version": "2099"})
    pinned = submission(CT_33, THONG_NHAT, 2024, framework_version=CT_33.version)
    for i in [first, 1 - first, first]:
        if i == 0:
            assert score(CT_33, pinned).framework_version == CT_33.version
        else:
            with pytest.raises(AssessmentError) as e:
                score(other, pinned)
            assert codes(e) == ["framework_version.mismatch"]
            assert "the framework given is version '2099'" in str(e.value)


def test_a_unit_of_the_other_level_is_judged_by_its_level() -> None:
    # same code, name, province and period; only the level differs
    province = {"code": "75", "name": "UBND tỉnh Đồng Nai", "province": "Đồng Nai"}
    with pytest.raises(AssessmentError) as e:
        score(CT_33, submission(CT_33, province, 2026))
    assert codes(e) == ["unit.unknown"]
    national = criteria.load("national/qd-766-2022")
    card = score(national, submission(national, {**province, "level": "province"}, 2026))
    assert card.unit.level == "province"
    with pytest.raises(AssessmentError):
        score(national, submission(national, province, 2026))


def test_each_refusal_has_problems_of_its_own() -> None:
    a = submission(THANH_HOA, THONG_NHAT, 2024)
    errors = []
    for _ in range(2):
        with pytest.raises(AssessmentError) as e:
            score(THANH_HOA, a)
        errors.append(e.value.problems)
    assert [p.message_en for p in errors[0]] == [p.message_en for p in errors[1]]
    assert errors[0][0] is not errors[1][0]
