"""DataFrames of scorecards, cohorts, assessments and evidence (pandas extra)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.scoring._cards import FW, assessment, card
from tests.strategies import scoring_assessments

from chinhquyen import scoring
from chinhquyen.errors import InvalidInputError, MissingExtraError
from chinhquyen.scoring import export
from chinhquyen.scoring.measurements import survey as sv
from chinhquyen.scoring.measurements.timeliness import measure_timeliness, read_dossier_records


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


def test_measurements_frames() -> None:
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


# --- numbers="float" on every to_dataframe, for pandas' statistics and plots --------------------


def test_to_dataframe_gives_exact_decimals_by_default_and_floats_on_request() -> None:
    cohort = scoring.Cohort([card("00006", "Xã Sáu"), card("00010", "Xã Mười", "2")])
    exact = cohort.to_dataframe()
    assert exact["total"].dtype == object and list(exact["total"]) == [Decimal(53), Decimal("47.5")]
    floats = cohort.to_dataframe(numbers="float")
    assert floats["total"].dtype == "float64" and list(floats["total"]) == [53.0, 47.5]
    described = floats.describe()
    assert described.loc["mean", "total"] == (53 + 47.5) / 2
    assert "total" not in exact.describe().columns  # why the option exists
    ax = floats.plot.bar(x="unit_name", y="total")
    assert sorted(p.get_height() for p in ax.patches) == [47.5, 53.0]
    c = card()
    assert c.to_dataframe(numbers="float")["points"].dtype == "float64"
    assert c.to_dataframe(numbers="float").equals(export.scorecard_frame(c, numbers="float"))
    assert c.to_dataframe().equals(export.scorecard_frame(c))


def test_cohort_frame_shows_self_computed_and_appraised_totals() -> None:
    one, two = card("00006", "Xã Sáu"), card("00010", "Xã Mười", "2")
    # "ratio" computed 5 (3 of 6 of 10 points), appraised 8: 53 becomes 56
    appraised = scoring.review(
        one,
        [scoring.Adjustment(criterion_id="ratio", points=Decimal(8), reason="minh chứng")],
        framework=FW,
    )
    frame = scoring.Cohort([appraised, two]).to_dataframe().set_index("unit_code")
    assert frame.loc[
        "00006", ["self_total", "computed_total", "appraised_total", "total"]
    ].tolist() == [Decimal("21.5"), Decimal(53), Decimal(56), Decimal(56)]
    assert frame.loc["00006", "appraised"] and not frame.loc["00010", "appraised"]
    assert frame.loc["00010", "appraised_total"] is None  # not appraised: missing, not 0
    assert frame.loc["00010", "computed_total"] == frame.loc["00010", "total"] == Decimal("47.5")
    floats = scoring.Cohort([appraised, two]).to_dataframe(numbers="float")
    assert math.isnan(floats.set_index("unit_code").loc["00010", "appraised_total"])


# --- codes stay text in every export ----------------------------------------------------------


def _cohort_with_codes() -> scoring.Cohort:
    return scoring.Cohort([card("00006", "Xã Sáu"), card("00010", '=HYPERLINK("http://x")', "2")])


def test_dataframe_codes_survive_to_excel_and_read_excel(tmp_path: Path) -> None:
    path = tmp_path / "frame.xlsx"
    _cohort_with_codes().to_dataframe().to_excel(path, index=False)
    back = pd.read_excel(path, dtype=export.TEXT_COLUMNS)
    assert list(back["unit_code"]) == ["00006", "00010"]
    # pandas guesses numbers in text cells without dtype: why TEXT_COLUMNS is given
    assert list(pd.read_excel(path)["unit_code"]) == [6, 10]


def test_write_xlsx_keeps_codes_as_text_and_never_writes_a_formula(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = _cohort_with_codes().to_xlsx(tmp_path / "xep-hang.xlsx")
    sheet = openpyxl.load_workbook(path).active
    headings = [c.value for c in sheet[1]]
    code = headings.index("unit_code") + 1
    cells = [sheet.cell(row=r, column=code) for r in (2, 3)]
    assert [c.value for c in cells] == ["00006", "00010"]
    assert all(c.data_type == "s" and c.number_format == "@" for c in cells)
    name = sheet.cell(row=3, column=headings.index("unit_name") + 1)
    assert name.data_type == "s" and name.value == '=HYPERLINK("http://x")'  # text, not a formula
    total = sheet.cell(row=2, column=headings.index("total") + 1)
    assert total.value == 53 and total.data_type == "n"
    appraised_total = sheet.cell(row=2, column=headings.index("appraised_total") + 1)
    assert appraised_total.value is None  # missing is an empty cell, never 0
    assert sheet.freeze_panes == "A2"
    back = pd.read_excel(path, dtype=export.TEXT_COLUMNS)
    assert list(back["unit_code"]) == ["00006", "00010"]
    assert list(back["total"]) == [53.0, 47.5]
    # the library's own strict reader reads the codes as the text they are
    from chinhquyen.readers import column_letter, open_xlsx

    with open_xlsx(path) as book:
        assert book.sheet().value(f"{column_letter(code - 1)}2") == "00006"


def test_write_csv_keeps_codes_and_exact_points(tmp_path: Path) -> None:
    path = _cohort_with_codes().to_csv(tmp_path / "xep-hang.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["unit_code"] for r in rows] == ["00006", "00010"]
    assert [r["total"] for r in rows] == ["53.00", "47.50"]  # the framework's 2 places
    assert rows[0]["appraised_total"] == "" and rows[0]["appraised"] == "false"
    back = pd.read_csv(path, dtype=export.TEXT_COLUMNS)
    assert list(back["unit_code"]) == ["00006", "00010"]
    assert list(back["total"]) == [53.0, 47.5]


def test_a_scorecard_file_names_its_commune_on_every_row(tmp_path: Path) -> None:
    c = card("00006", "Xã Sáu")
    rows = list(
        csv.DictReader(
            io.StringIO(export.write_csv(c, tmp_path / "phieu.csv").read_text("utf-8-sig"))
        )
    )
    assert len(rows) == len(c.criteria) + len(c.bonus_penalty)
    assert {(r["unit_code"], r["unit_name"], r["period"]) for r in rows} == {
        ("00006", "Xã Sáu", "2025")
    }
    by_id = {r["criterion_id"]: r for r in rows}
    assert by_id["self"]["points"] == "7.50" and by_id["cov"]["points"] == ""
    pytest.importorskip("openpyxl")
    back = pd.read_excel(export.write_xlsx(c, tmp_path / "phieu.xlsx"), dtype=export.TEXT_COLUMNS)
    assert list(back.columns[:3]) == ["unit_code", "unit_name", "period"]
    assert set(back["unit_code"]) == {"00006"}
    assert back.set_index("criterion_id").loc["ratio", "self_score"] == 9
