"""Surveys: shipped definitions, Google Form CSV reading, rates, sample size.

Golden numbers are hand-computed: the Xuân Tây-shaped example file was laid out by hand from
the seed article's figures (see data/examples/README.md), and the sample sizes are
N / (1 + N e^2) worked on paper.
"""

from __future__ import annotations

import csv
import unicodedata
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import survey_answer_grids, survey_margins, survey_populations

from chinhquyen.errors import ChinhQuyenError, DataFileError, InvalidInputError
from chinhquyen.scoring.answers import SurveyValue
from chinhquyen.scoring.measurements import survey as sv

EXAMPLE = resources.files("chinhquyen.scoring.data").joinpath(
    "examples", "xuan-tay-google-form.csv"
)
FIVE = ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng")


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _two_questions() -> sv.SurveyDefinition:
    return sv.SurveyDefinition.model_validate(
        {
            "id": "test",
            "title": "Khảo sát thử",
            "status": "example",
            "scale": sv.load_scale("hai-long-5-muc").model_dump(),
            "questions": [
                {"id": "a", "text": "Thái độ phục vụ"},
                {"id": "b", "text": "Cơ sở vật chất"},
            ],
        }
    )


# --- shipped data ---------------------------------------------------------------------------


def test_five_level_scale_is_the_published_labels_best_first() -> None:
    scale = sv.load_scale("hai-long-5-muc")
    assert scale.labels() == list(FIVE)
    assert [lv.satisfied for lv in scale.best_first()] == [True, True, False, False, False]
    assert scale.sources, "every shipped scale cites where it is used"


def test_every_shipped_scale_and_survey_loads_and_cites() -> None:
    assert {"hai-long-5-muc", "hai-long-3-muc", "ket-qua-giai-quyet"} <= set(sv.available_scales())
    for sid in sv.available_scales():
        assert sv.load_scale(sid).sources
    for sid in sv.available_surveys():
        assert sv.load_survey(sid).sources


def test_xuan_tay_definition_has_ten_questions_and_says_it_is_reconstructed() -> None:
    d = sv.load_survey("xuan-tay-2023")
    assert len(d.questions) == 10
    assert d.status == "reconstructed"
    assert d.note is not None and "not published" in d.note
    assert d.question("q04").in_overall is False
    assert d.scale_of(d.question("q04")).id == "ket-qua-giai-quyet"


def test_unknown_shipped_survey_is_refused_with_the_list() -> None:
    with pytest.raises(InvalidInputError, match="xuan-tay-2023"):
        sv.load_survey("khong-co")


# --- reading the Xuân Tây-shaped example ----------------------------------------------------


def test_example_export_reproduces_the_seed_figures() -> None:
    d = sv.load_survey("xuan-tay-2023")
    with resources.as_file(EXAMPLE) as path:
        result = sv.read_google_form_csv(path, d).result()
    assert result.respondents == 226
    q01 = result.question("q01")
    assert q01.counts == tuple(zip(FIVE, (150, 74, 2, 0, 0), strict=True))
    assert (q01.satisfied, q01.answered, q01.blank) == (224, 226, 0)
    assert q01.percent() == Decimal("99.1")
    assert result.question("q02").percent() == Decimal("98.2")
    assert result.question("q04").rate == 1
    assert result.question("q07").percent() == Decimal("90.3")
    assert result.question("q05").percent() == Decimal("96.0")
    # pooled over the nine questions of the overall (q04 excluded)
    assert (result.satisfied, result.answered) == (1937, 2034)
    assert result.rate == Fraction(1937, 2034)
    assert result.percent() == Decimal("95.2")
    # every form answered all nine: 2034 = 9 × 226
    assert result.answering == 226
    assert result.to_value() == SurveyValue(satisfied=1937, responses=2034, forms=226)
    assert result.to_value("q03") == SurveyValue(satisfied=223, responses=226, forms=226)


def test_percent_places_are_checked() -> None:
    d = sv.load_survey("xuan-tay-2023")
    with resources.as_file(EXAMPLE) as path:
        result = sv.read_google_form_csv(path, d).result()
    # 1937 / 2034 = 95.2311...%: whole percent 95, two places 95.23
    assert result.percent(0) == Decimal(95)
    assert result.percent(2) == Decimal("95.23")
    for places in (-1, 1.5, True):
        with pytest.raises(InvalidInputError, match=r"SurveyResult\.percent"):
            result.percent(places)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match=r"QuestionResult\.percent"):
            result.question("q01").percent(places)  # type: ignore[arg-type]


# --- rates ----------------------------------------------------------------------------------


def test_blank_is_no_answer_and_pooled_differs_from_mean(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "f.csv",
        [
            ["Dấu thời gian", "Thái độ phục vụ", "Cơ sở vật chất"],
            ["t1", "Rất hài lòng", "Hài lòng"],
            ["t2", "Hài lòng", "Không hài lòng"],
            ["t3", "", "Bình thường"],
            ["t4", "Hài lòng", "Rất hài lòng"],
        ],
    )
    result = sv.read_google_form_csv(path, _two_questions()).result()
    a, b = result.question("a"), result.question("b")
    assert (a.satisfied, a.answered, a.blank) == (3, 3, 1)
    assert (b.satisfied, b.answered, b.blank) == (2, 4, 0)
    assert result.rate == Fraction(5, 7)
    assert result.mean_of_question_rates == Fraction(3, 4)
    assert result.respondents == 4


def test_a_question_nobody_answered_has_no_rate(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "f.csv",
        [["Thái độ phục vụ", "Cơ sở vật chất"], ["Hài lòng", ""], ["Bình thường", ""]],
    )
    result = sv.read_google_form_csv(path, _two_questions()).result()
    assert result.question("b").rate is None
    assert result.question("b").percent() is None
    assert result.mean_of_question_rates == Fraction(1, 2)


# --- errors ---------------------------------------------------------------------------------


def test_answer_off_the_scale_names_row_column_and_valid_labels(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "f.csv",
        [
            ["Dấu thời gian", "Thái độ phục vụ", "Cơ sở vật chất"],
            ["t1", "Hài lòng", "Hài lòng"],
            ["t2", "Tạm được", "Hài lòng"],
        ],
    )
    with pytest.raises(DataFileError) as info:
        sv.read_google_form_csv(path, _two_questions())
    msg = str(info.value)
    assert "row 3, column B" in msg and "Tạm được" in msg
    assert "Rất hài lòng, Hài lòng, Bình thường, Không hài lòng, Rất không hài lòng" in msg
    assert str(path) in msg


def test_unknown_header_is_refused_unless_mapped_or_ignored(tmp_path: Path) -> None:
    rows = [
        ["Dấu thời gian", "Địa chỉ email", "Câu 1", "Cơ sở vật chất"],
        ["t1", "x@example.com", "Hài lòng", "Bình thường"],
    ]
    path = _write(tmp_path / "f.csv", rows)
    with pytest.raises(DataFileError, match=r"column B.*Địa chỉ email|Địa chỉ email.*column B"):
        sv.read_google_form_csv(path, _two_questions())
    result = sv.read_google_form_csv(
        path, _two_questions(), columns={"Địa chỉ email": None, "Câu 1": "a"}
    ).result()
    assert result.question("a").satisfied == 1
    assert result.question("b").satisfied == 0


def test_a_question_without_a_column_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "f.csv", [["Thái độ phục vụ"], ["Hài lòng"]])
    with pytest.raises(DataFileError, match="no column for question"):
        sv.read_google_form_csv(path, _two_questions())


def test_mapping_to_an_unknown_question_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "f.csv", [["Thái độ phục vụ", "Cơ sở vật chất"], ["Hài lòng", ""]])
    with pytest.raises(DataFileError, match="not a question id"):
        sv.read_google_form_csv(path, _two_questions(), columns={"Thái độ phục vụ": "zz"})


def test_row_of_the_wrong_width_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "f.csv", [["Thái độ phục vụ", "Cơ sở vật chất"], ["Hài lòng"]])
    with pytest.raises(DataFileError, match="row 2"):
        sv.read_google_form_csv(path, _two_questions())


def test_decomposed_vietnamese_matches_composed_labels(tmp_path: Path) -> None:
    nfd = [unicodedata.normalize("NFD", t) for t in ("Thái độ phục vụ", "Cơ sở vật chất")]
    answer = unicodedata.normalize("NFD", "Rất hài lòng")
    assert answer != "Rất hài lòng"
    path = _write(tmp_path / "f.csv", [nfd, [answer, answer]])
    result = sv.read_google_form_csv(path, _two_questions()).result()
    assert result.question("a").counts[0] == ("Rất hài lòng", 1)


def test_scale_with_satisfied_levels_not_at_the_best_end_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="best ones"):
        sv.Scale.model_validate(
            {
                "id": "x",
                "title": "x",
                "order": "worst_first",
                "levels": [
                    {"label": "Tệ", "satisfied": False},
                    {"label": "Được", "satisfied": True},
                    {"label": "Tốt", "satisfied": False},
                ],
            }
        )


def test_scale_with_repeated_labels_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="repeats"):
        sv.Scale.model_validate(
            {
                "id": "x",
                "title": "x",
                "order": "best_first",
                "levels": [
                    {"label": "Tốt", "satisfied": True},
                    {"label": unicodedata.normalize("NFD", "Tốt"), "satisfied": False},
                ],
            }
        )


def test_responses_built_in_python_are_checked_against_the_scale() -> None:
    with pytest.raises(InvalidInputError, match="valid answers"):
        sv.SurveyResponses.model_validate(
            {
                "definition": _two_questions(),
                "responses": [sv.SurveyResponse(answers={"a": "Tốt"})],
            }
        )


# --- sample size ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (2380, 343),  # 2380 / 6.95 = 342.45 -> 343 (Cẩm Thủy's dossier count)
        (1000, 286),  # 1000 / 3.5 = 285.71
        (400, 200),  # 400 / 2 exactly
        (100, 80),  # 100 / 1.25 exactly
        (1, 1),
        (0, 0),
    ],
)
def test_sample_size_by_hand(population: int, expected: int) -> None:
    assert sv.sample_size(population) == expected


def test_sample_size_with_another_margin() -> None:
    assert sv.sample_size(1000, Decimal("0.1")) == 91  # 1000 / 11 = 90.9


def test_adequacy_at_the_boundary() -> None:
    assert not sv.adequate(2380, 342)
    assert sv.adequate(2380, 343)


@pytest.mark.parametrize("bad", [Decimal(0), Decimal(1), Decimal("NaN"), 0.05])
def test_sample_size_refuses_bad_margins(bad: object) -> None:
    with pytest.raises(ChinhQuyenError, match="e"):
        sv.sample_size(100, bad)  # type: ignore[arg-type]


@given(survey_populations, survey_margins)
def test_sample_size_never_exceeds_population_nor_one_over_e_squared(n: int, e: Decimal) -> None:
    size = sv.sample_size(n, e)
    assert 0 <= size <= n
    assert size <= Fraction(1) / (Fraction(e) ** 2) + 1


@given(survey_populations)
def test_sample_size_grows_with_population(n: int) -> None:
    assert sv.sample_size(n) <= sv.sample_size(n + 1)


@given(st.data())
def test_tally_is_consistent(data: st.DataObject) -> None:
    grid = data.draw(survey_answer_grids(FIVE))
    width = len(grid[0]) if grid else 1
    definition = sv.SurveyDefinition.model_validate(
        {
            "id": "p",
            "title": "p",
            "status": "example",
            "scale": sv.load_scale("hai-long-5-muc").model_dump(),
            "questions": [{"id": f"q{i}", "text": f"Câu {i}"} for i in range(width)],
        }
    )
    responses = sv.SurveyResponses.model_validate(
        {
            "definition": definition,
            "responses": [
                sv.SurveyResponse(answers={f"q{i}": cell for i, cell in enumerate(row)})
                for row in grid
            ],
        }
    )
    result = responses.result()
    rates = []
    for i, q in enumerate(result.questions):
        column = [row[i] for row in grid]
        assert q.answered + q.blank == len(grid)
        assert sum(n for _, n in q.counts) == q.answered
        assert q.satisfied == sum(c in FIVE[:2] for c in column)
        if q.rate is not None:
            rates.append(q.rate)
    if result.rate is not None:
        assert min(rates) <= result.rate <= max(rates)
        assert result.mean_of_question_rates is not None
        assert min(rates) <= result.mean_of_question_rates <= max(rates)
    value = result.to_value()
    assert value.satisfied <= value.responses


def test_pooled_value_counts_the_forms_that_answered() -> None:
    # form 1 answers both questions, form 2 only b, form 3 neither: 3 answers from 2 forms
    d = _two_questions()
    answers = [
        {"a": "Hài lòng", "b": "Bình thường"},
        {"a": None, "b": "Rất hài lòng"},
        {"a": None, "b": None},
    ]
    result = sv.SurveyResponses.model_validate(
        {"definition": d, "responses": [{"answers": a} for a in answers]}
    ).result()
    assert (result.respondents, result.answering) == (3, 2)
    assert result.to_value() == SurveyValue(satisfied=2, responses=3, forms=2)
    assert result.to_value("b") == SurveyValue(satisfied=1, responses=2, forms=2)
