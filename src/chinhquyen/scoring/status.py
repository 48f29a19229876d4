"""How a criterion fared: met, partially met, not met, not reported or not applicable."""

from __future__ import annotations

import enum
from decimal import Decimal

__all__ = ["STATUS_LABELS", "CriterionStatus", "status_for"]


class CriterionStatus(enum.StrEnum):
    """How a criterion fared in a scorecard (the status of a criterion's result)."""

    MET = "met"
    PARTIAL = "partial"
    UNMET = "unmet"
    NOT_REPORTED = "not_reported"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        """The Vietnamese label, e.g. `"Đạt"`."""
        return STATUS_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """The English label, e.g. `"met"`."""
        return STATUS_LABELS[self][1]


#: Vietnamese and English labels of each status.
STATUS_LABELS: dict[CriterionStatus, tuple[str, str]] = {
    CriterionStatus.MET: ("Đạt", "met"),
    CriterionStatus.PARTIAL: ("Đạt một phần", "partially met"),
    CriterionStatus.UNMET: ("Không đạt", "not met"),
    CriterionStatus.NOT_REPORTED: ("Chưa báo cáo", "not reported"),
    CriterionStatus.NOT_APPLICABLE: ("Không áp dụng", "not applicable"),
}


def status_for(points: Decimal, max_points: Decimal) -> CriterionStatus:
    """Met at the max, not met at (or below) 0, partially met in between."""
    if points >= max_points:
        return CriterionStatus.MET
    if points <= 0:
        return CriterionStatus.UNMET
    return CriterionStatus.PARTIAL
