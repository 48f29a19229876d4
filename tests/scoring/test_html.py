"""HTML for notebooks: Vietnamese labels, tier, not-reported shown as such, text escaped."""

from __future__ import annotations

import re
from decimal import Decimal

from tests.scoring.test_cohort import DD, A, B
from tests.scoring.test_engine import FULL, FW

from chinhquyen.scoring import Adjustment, Cohort, SelfAssessment, review, score


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


def test_cohort_html_marks_appraised_rows_and_shows_three_totals() -> None:
    plain = Cohort([A, B, DD])._repr_html_()
    assert "Tính lại" not in plain and "appraised" not in plain  # no appraisal, no extra columns
    d = review(
        DD,
        [Adjustment(criterion_id="ratio", points=Decimal(5), reason="minh chứng")],
        framework=FW,
    )
    html = Cohort([A, B, d])._repr_html_()
    assert "Đã thẩm định (appraised): 1/3" in html
    rows = html.split("<tr")[2:]  # after the heading row, in rank order: A 100, B 95, D 85
    assert ["đã thẩm định" in r for r in rows] == [False, False, True]
    assert "background:#fff4d6" in rows[2] and "background:#fff4d6" not in rows[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", rows[2])
    # rank, commune, self 30 (ratio 10 + quota 10 + self 10), computed 80, appraised 85, total
    assert cells[2:6] == ["30", "80", "85", "<b>85</b>"]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", rows[0])
    assert cells[3:6] == ["100", "", "<b>100</b>"]  # A is not appraised: no appraised total
