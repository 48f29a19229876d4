"""DataFrames of scorecards, cohorts, assessments and evidence (pandas extra)."""

from __future__ import annotations

import datetime as dt
import math
import sys
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.scoring._cards import FW, assessment, card
from tests.strategies import scoring_assessments

from chinhquyen import scoring
from chinhquyen.errors import InvalidInputError, MissingExtraError
from chinhquyen.scoring import export
from chinhquyen.scoring.evidence import survey as sv
from chinhquyen.scoring.evidence.timeliness import measure_timeliness, read_dossier_records


def test_hand_scored_card_totals() -> None:
    c = card()
    assert [g.points for g in c.groups] == [Decimal(23), Decimal(30), Decimal(0)]
    assert c.total == Decimal(53)


def test_scorecard_frame_one_row_per_criterion_and_missing_is_not_zero() -> None:
    frame = export.scorecard_frame(card())
    assert len(frame) == 15  # 13 criteria + 2 adjustments
    rows = frame.set_index("criterion_id")
    assert rows.loc["self", "points"] == Decimal("7.5")
    assert rows.loc["ratio", "points"] == Decimal(5)
    assert rows.loc["ratio", "self_difference"] == Decimal(4)  # self 9 vs 5
    assert pd.isna(rows.loc["cov", "points"])  # pandas' missing marker, not 0
    assert rows.loc["cov", "status_label"] == "Chưa báo cáo"
    assert pd.isna(rows.loc["bonus", "group_id"])
    assert sum(p for p in frame["points"] if not pd.isna(p)) == Decimal(53)


def test_float_numbers_use_nan_for_missing() -> None:
    frame = export.scorecard_frame(card(), numbers="float")
    assert frame["points"].dtype == "float64"
    rows = frame.set_index("criterion_id")
    assert rows.loc["self", "points"] == 7.5
    assert math.isnan(rows.loc["cov", "points"])


def test_bad_numbers_option_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="numbers"):
        export.scorecard_frame(card(), numbers="int")  # type: ignore[arg-type]


def test_scorecard_to_dataframe_delegates_here() -> None:
    assert export.scorecard_frame(card()).equals(card().to_dataframe())


def test_group_frame() -> None:
    frame = export.group_frame(card())
    assert list(frame["group_id"]) == ["g1", "g2", "g3"]
    assert list(frame["max_points"]) == [Decimal(30), Decimal(40), Decimal(30)]
    assert list(frame["points"]) == [Decimal(23), Decimal(30), Decimal(0)]
    assert list(frame["not_reported"]) == [0, 0, 4]


def test_cohort_frame_ranks_with_ties_and_group_columns() -> None:
    cohort = scoring.Cohort(
        [card("00003", "Xã Ba", "2"), card("00001", "Xã Một"), card("00002", "Xã Hai")]
    )
    frame = export.cohort_frame(cohort)
    assert list(frame["unit_code"]) == ["00001", "00002", "00003"]
    assert list(frame["rank"]) == [1, 1, 3]  # 53, 53, 47.5
    assert list(frame["total"]) == [Decimal(53), Decimal(53), Decimal("47.5")]
    assert list(frame["group:g1"]) == [Decimal(23), Decimal(23), Decimal("17.5")]
    assert cohort.to_dataframe().equals(frame)


def test_assessment_frame() -> None:
    frame = export.assessment_frame(assessment("00001", "Xã Một")).set_index("criterion_id")
    assert frame.loc["ratio", "numerator"] == 3 and frame.loc["ratio", "denominator"] == 6
    assert frame.loc["check-prop", "done"] == "i1, i2"
    assert pd.isna(frame.loc["self", "kind"])
    assert frame.loc["yes", "value"] is True or frame.loc["yes", "value"] == True  # noqa: E712


def test_evidence_frames() -> None:
    report = measure_timeliness(
        read_dossier_records(
            [{"id": "1", "procedure": "p", "received_at": "2024-03-04T09:00",
              "working_days": 0, "returned_at": "2024-03-04"}]
        ),
        _Weekdays(),
    )  # fmt: skip
    frame = export.timeliness_frame(report)
    assert frame.loc[0, "status_label"] == "đúng hạn"
    assert frame.loc[0, "due_date"] == dt.date(2024, 3, 4)
    definition = sv.load_survey("xuan-tay-2023")
    responses = sv.SurveyResponses.model_validate(
        {
            "definition": definition,
            "responses": [sv.SurveyResponse(answers={"q01": "Hài lòng", "q02": "Bình thường"})],
        }
    )
    sframe = export.survey_frame(responses.result()).set_index("question_id")
    assert sframe.loc["q01", "Hài lòng"] == 1
    assert sframe.loc["q01", "rate"] == Decimal(1)
    assert sframe.loc["q02", "rate"] == Decimal(0)
    assert pd.isna(sframe.loc["q03", "rate"])
    assert "Đã giải quyết xong" in sframe.columns


class _Weekdays:
    def is_working_day(self, d: dt.date, /) -> bool:
        return d.weekday() < 5

    def add_working_days(self, d: dt.date, n: int, /) -> dt.date:
        while not self.is_working_day(d) if n == 0 else n:
            d += dt.timedelta(days=1)
            n -= n > 0 and self.is_working_day(d)
        return d


def test_missing_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'chinhquyen\[pandas\]'"):
        export.scorecard_frame(card())


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_points_column_sums_to_the_total(data: st.DataObject) -> None:
    a = scoring.SelfAssessment.model_validate(data.draw(scoring_assessments(FW)))
    c = scoring.score(FW, a)
    frame = export.scorecard_frame(c)
    assert sum((p for p in frame["points"] if not pd.isna(p)), Decimal(0)) == c.total
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(c.criteria) + len(c.bonus_penalty)
