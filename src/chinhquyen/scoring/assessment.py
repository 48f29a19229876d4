"""A commune's self-assessment: which framework, which unit, which period, and its answers.

Since 1/7/2025 Vietnam has two levels of local government, province and commune (xã, phường,
đặc khu); the district level ended on that day (Luật Tổ chức chính quyền địa phương số
72/2025/QH15; NQ 202/2025/QH15 of 12/6/2025). A district can therefore only be recorded as a
dated historical attribute of a unit, valid until 30/6/2025 at the latest.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

import pydantic

from chinhquyen.model import Model
from chinhquyen.scoring.answers import Answer
from chinhquyen.scoring.fields import IsoDate
from chinhquyen.scoring.period import Period, period_bounds, period_label

__all__ = ["DISTRICT_LEVEL_ENDED", "LegacyDistrict", "Period", "SelfAssessment", "Unit"]

#: The last day district-level units existed (the two-level local government began 1/7/2025).
DISTRICT_LEVEL_ENDED = dt.date(2025, 6, 30)

_Text = Annotated[str, pydantic.StringConstraints(min_length=1)]
_Year = Annotated[int, pydantic.Field(ge=1990, le=2100)]


class LegacyDistrict(Model):
    """The district (huyện, thị xã, quận, thành phố thuộc tỉnh) a unit belonged to before 1/7/2025.

    Attributes:
        code: the district's statistical code, e.g. ``"734"`` for the former huyện Tân Phú.
        name: the district's name, e.g. ``"huyện Tân Phú"``.
        valid_to: the last day the attribute held; at most 30/6/2025.
    """

    code: _Text | None = None
    name: _Text
    valid_to: IsoDate = DISTRICT_LEVEL_ENDED

    @pydantic.field_validator("valid_to")
    @classmethod
    def _ended(cls, valid_to: dt.date) -> dt.date:
        if valid_to > DISTRICT_LEVEL_ENDED:
            raise ValueError(
                f"{valid_to.isoformat()} is after 2025-06-30: the district level ended on"
                " 1/7/2025, so a district can only be a historical attribute valid until then"
            )
        return valid_to


class Unit(Model):
    """The unit that assesses itself: a commune-level unit, unless it says it is a province.

    A unit is at commune level (xã, phường, đặc khu; thị trấn before 1/7/2025) unless `level`
    says `"province"`: the province or centrally run city as a whole, or one of its agencies
    (sở, ban, ngành), as a nationwide index such as QĐ 766/QĐ-TTg scores them. The level
    decides which criteria apply (a criterion's `scope`) and which frameworks may score the
    unit (their jurisdiction's level).

    Attributes:
        code: the unit's statistical code (e.g. ``"26299"``; a province's two digits, e.g.
            ``"25"``; an agency's own code).
        name: the unit's name, e.g. ``"Xã Thống Nhất"``.
        province: the province or centrally run city, e.g. ``"Đồng Nai"``.
        type: ``"xã"``, ``"phường"`` or ``"đặc khu"``; ``"thị trấn"`` only for periods that
            ended by 30/6/2025 (the type no longer exists after the 2025 rearrangement).
        district: the pre-2025 district, as a historical attribute only.
        former_code: the unit's code before the 2025 rearrangement, if it changed.
        level: ``"province"`` for a province-level unit; left out for a commune-level one
            (the default, so that one fact has one spelling and one digest).
    """

    code: _Text
    name: _Text
    province: _Text
    type: Literal["xã", "phường", "đặc khu", "thị trấn"] | None = None
    district: LegacyDistrict | None = None
    former_code: _Text | None = None
    level: Literal["province"] | None = None

    @pydantic.model_validator(mode="after")
    def _level_fits(self) -> Unit:
        if self.level == "province":
            if self.type is not None:
                raise ValueError(
                    f"a province-level unit has no commune type: leave type {self.type!r} out,"
                    " or leave level out for a commune-level unit"
                )
            if self.district is not None:
                raise ValueError("a province-level unit belongs to no district: leave it out")
        return self

    @property
    def administrative_level(self) -> Literal["province", "commune"]:
        """The unit's level: `"province"` if it says so, else `"commune"`."""
        return "province" if self.level == "province" else "commune"


def _period_kind(value: object) -> str:
    """Tell a year from a start/end pair, so errors name one form, not both."""
    return "year" if isinstance(value, int) and not isinstance(value, bool) else "dates"


class SelfAssessment(Model):
    """A commune's self-assessment against one framework, for one period.

    Attributes:
        framework: the framework id, e.g. ``"dong-nai/qd-54-2025"``.
        framework_version: the framework version assessed against, if pinned.
        unit: the commune.
        period: a calendar year (`2025`) or a [`Period`][chinhquyen.scoring.Period].
        submitted: the date the assessment was submitted.
        answers: the answers keyed by criterion id; a criterion left out is "not reported".
        disqualifiers: yes/no facts keyed by the framework's disqualifier ids (true means
            the disqualifying fact occurred).
        note: anything the commune adds in words.
    """

    framework: _Text
    framework_version: _Text | None = None
    unit: Unit
    period: Annotated[
        Annotated[_Year, pydantic.Tag("year")] | Annotated[Period, pydantic.Tag("dates")],
        pydantic.Discriminator(_period_kind),
    ]
    submitted: IsoDate | None = None
    answers: dict[_Text, Answer] = pydantic.Field(default_factory=dict)
    disqualifiers: dict[_Text, bool] = pydantic.Field(default_factory=dict)
    note: _Text | None = None

    #: JSON is read by the library's readers: a criterion answered twice is refused and a
    #: self-score keeps every digit written (see `Model.model_validate_json`).
    exact_json: ClassVar[bool] = True

    @pydantic.model_validator(mode="after")
    def _consistent(self) -> SelfAssessment:
        start, end = self.period_bounds
        if self.unit.type == "thị trấn" and end > DISTRICT_LEVEL_ENDED:
            raise ValueError(
                f"unit.type 'thị trấn' does not exist in period {self.period_label}: since"
                " 1/7/2025 commune-level units are xã, phường or đặc khu"
            )
        if self.submitted is not None and self.submitted < start:
            raise ValueError(
                f"submitted {self.submitted.isoformat()} is before the period starts"
                f" ({start.isoformat()})"
            )
        return self

    @property
    def period_bounds(self) -> tuple[dt.date, dt.date]:
        """The first and last day of the period (a year runs 1 January to 31 December)."""
        return period_bounds(self.period)

    @property
    def period_label(self) -> str:
        """The period in words: ``"2025"`` or ``"2025-01-01 – 2025-06-30"``."""
        return period_label(self.period)
