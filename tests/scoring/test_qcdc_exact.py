"""Bắc Giang's QCDC set scored as the province's system takes it: exact self-scores, PDF evidence.

The system (sontx13/laravel-backend, ChinhQuyenThanThienController.php) checks a self-score only
against 0 and the criterion's maximum, adds the stored scores, and accepts only .pdf uploads.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chinhquyen import criteria
from chinhquyen.errors import AnswerError
from chinhquyen.scoring import SelfAssessment, review, score
from chinhquyen.scoring.appraisal import Adjustment

FW = criteria.load("bac-giang/cqtt")
MAXIMA = {c.id: c.max_points for c in FW.criteria()}
UNIT = {"code": "07330", "name": "Xã Hợp Đức", "province": "Bắc Giang", "type": "xã"}


def filing(answers: dict[str, Any]) -> SelfAssessment:
    return SelfAssessment.model_validate(
        {"framework": FW.id, "unit": UNIT, "period": 2024, "answers": answers}
    )


def test_a_self_score_with_three_decimals_is_kept_and_summed_exactly() -> None:
    answers = {"cai-cach-hanh-chinh": {"self_score": "12.345"}, "hai-long": {"self_score": "0.005"}}
    card = score(FW, filing(answers))
    assert card.criterion("cai-cach-hanh-chinh").points == Decimal("12.345")
    assert card.total == Decimal("12.350")  # 12.345 + 0.005, not rounded
    assert "not rounded" in card.rounding


def test_the_range_is_still_checked() -> None:
    with pytest.raises(AnswerError, match=r"self-score 25.0001 is outside 0..25"):
        score(FW, filing({"cai-cach-hanh-chinh": {"self_score": "25.0001"}}))


def test_an_appraiser_may_write_any_precision_too() -> None:
    card = score(FW, filing({"hai-long": {"self_score": "18"}}))
    adj = Adjustment(criterion_id="hai-long", points=Decimal("17.125"), reason="PKS07 thiếu phiếu")
    assert review(card, [adj], framework=FW).total == Decimal("17.125")


@settings(max_examples=80, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(sorted(MAXIMA)),
        st.integers(min_value=0, max_value=10**6),
        min_size=1,
    ),
    st.integers(min_value=0, max_value=6),
)
def test_the_total_is_the_exact_sum_of_the_scores_as_written(
    thousandths: dict[str, int], places: int
) -> None:
    scores = {cid: min(MAXIMA[cid], Decimal(k).scaleb(-places)) for cid, k in thousandths.items()}
    card = score(FW, filing({cid: {"self_score": str(s)} for cid, s in scores.items()}))
    assert card.total == sum(scores.values(), Decimal(0))
    assert [card.criterion(c).points for c in scores] == list(scores.values())


def test_evidence_files_must_be_pdf_naming_the_criterion_and_the_formats() -> None:
    ok = {"self_score": "14", "evidence": [{"file": "minh-chung/TC4.PDF"}, {"url": "https://x.vn"}]}
    assert score(FW, filing({"doi-thoai-don-thu": ok})).total == 14
    bad = {"self_score": "14", "evidence": [{"file": "minh-chung/tc4.docx"}]}
    with pytest.raises(AnswerError) as e:
        score(FW, filing({"doi-thoai-don-thu": bad}))
    text = str(e.value)
    assert "criterion doi-thoai-don-thu" in text
    assert "'minh-chung/tc4.docx' has format 'docx'; accepted: pdf" in text


@pytest.mark.parametrize("name", ["tc4", ".pdf", "tc4.pdf.exe", "thu-muc\\tc4.jpg"])
def test_a_file_without_the_accepted_extension_is_refused(name: str) -> None:
    with pytest.raises(AnswerError, match="accepted: pdf"):
        score(FW, filing({"hai-long": {"self_score": "1", "evidence": [{"file": name}]}}))


def test_every_bad_file_is_listed_in_one_error() -> None:
    answers = {
        cid: {"self_score": "1", "evidence": [{"file": f"{cid}.jpg"}]} for cid in list(MAXIMA)[:3]
    }
    with pytest.raises(AnswerError, match=r"^3 problems with the answers:"):
        score(FW, filing(answers))


def test_a_framework_without_evidence_formats_takes_any_file() -> None:
    dong_nai = criteria.load("dong-nai/qd-54-2025")
    assert dong_nai.evidence_formats is None
    a = SelfAssessment.model_validate(
        {
            "framework": dong_nai.id,
            "unit": {"code": "26299", "name": "Xã Thống Nhất", "province": "Đồng Nai"},
            "period": 2025,
            "answers": {"hai-long": {"self_score": "19", "evidence": [{"file": "anh.jpg"}]}},
        }
    )
    assert score(dong_nai, a).total == 19
