"""HTML for notebooks: Vietnamese labels, tier, not-reported shown as such, text escaped."""

from __future__ import annotations

from tests.scoring.test_cohort import DD, A, B
from tests.scoring.test_engine import FULL, FW

from chinhquyen.scoring import Cohort, SelfAssessment, score


def test_scorecard_html() -> None:
    answers = {k: v for k, v in FULL.items() if k != "yes"}
    answers["ratio"] = {"value": {"kind": "ratio", "numerator": 5, "denominator": 6}}
    a = SelfAssessment.model_validate(
        {
            "framework": "test/all-kinds",
            "unit": {"code": "1", "name": "Xã <script>alert(1)</script>", "province": "Thử nghiệm"},
            "period": 2025,
            "answers": answers,
            "disqualifiers": {"ky-luat": False},
        }
    )
    html = score(FW, a)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Chưa báo cáo" in html  # the missing "yes"
    assert "Tổng điểm" in html and "Xếp hạng" in html
    assert "Thiếu" in html and "background:#fde7e4" in html  # shortfall highlighted
    assert "8.33" in html and "1.67" in html  # ratio points and its shortfall
    assert "tạm tính" in html  # provisional, because "yes" is missing


def test_cohort_html() -> None:
    html = Cohort([A, B, DD])._repr_html_()
    assert "Hạng" in html and "Xã A" in html
    assert "4 sao: 1" in html and "2 sao: 2" in html
    assert "+20" in html  # D's self-score gap
