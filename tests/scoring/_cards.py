"""Hand-made scorecards on the all-kinds test framework, shared by the export and plot tests."""

from __future__ import annotations

from decimal import Decimal

from tests.strategies import all_kinds_framework_data

from chinhquyen import criteria, scoring

FW = criteria.Framework.model_validate(all_kinds_framework_data())


def assessment(code: str, name: str, self_points: str = "7.5") -> scoring.SelfAssessment:
    """Answers for g1 and g2 only (g3 and the adjustments are left unreported)."""
    return scoring.SelfAssessment.model_validate(
        {
            "framework": FW.id,
            "unit": {"code": code, "name": name, "province": "Thử nghiệm"},
            "period": 2025,
            "answers": {
                "self": {"self_score": Decimal(self_points)},
                "yes": {"value": {"kind": "yes_no", "value": True}, "self_score": 5},
                "check-all": {"value": {"kind": "checklist", "done": ["i1", "i2", "i3"]}},
                "check-item": {"value": {"kind": "checklist", "done": ["i2"]}},
                "check-prop": {"value": {"kind": "checklist", "done": ["i1", "i2"]}},
                "ratio": {
                    "value": {"kind": "ratio", "numerator": 3, "denominator": 6},
                    "self_score": 9,
                },
                "ratio-t": {"value": {"kind": "ratio", "numerator": 4, "denominator": 5}},
                "quota": {"value": {"kind": "quota", "count": 1}},
                "quota-none": {"value": {"kind": "quota", "count": 4}},
            },
        }
    )


def card(code: str = "00001", name: str = "Xã Một", self_points: str = "7.5") -> scoring.Scorecard:
    """Score :func:`assessment`.

    By hand: g1 = 7.5 + 5 + 5 (all 3 items) + 3 (item i2) + 2.5 (2 of 4 of 5) = 23;
    g2 = 10 x 3/6 = 5, + 10 (0.8 / 0.8 threshold) + 10 x 1/2 = 5, + 10 (4 of 4) = 30; g3 = 0
    reported. Total 53.
    """
    return scoring.score(FW, assessment(code, name, self_points))
