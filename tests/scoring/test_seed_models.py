"""The seeds' models: Cẩm Thủy's plan (seed 002) and the "Dân vận khéo" models (seed 000).

Expected figures are the seeds' own (read from ``../shared/seeds`` when the project was written):
seed 002 reports 2,380 dossiers (36 % early, 64 % on time), 1,432 / 82 / 32 / 417 letters, 2
dialogue conferences per commune of 17 and 8 trainings for more than 750 attendances; seed 000
reports 73 Union units, 118 points, nearly 7,700 households, over 21 tonnes and over 131 million
đồng in the first half of 2024. Due dates checked by hand use the official 2023 schedule
(``calendar/data/2023.toml``: 29/4-3/5 and 1-4/9/2023 off).
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from tests.scoring._cam_thuy import UNITS, dossier_log, ledger

from chinhquyen import criteria
from chinhquyen.errors import UnknownFrameworkError
from chinhquyen.scoring import Answer, SelfAssessment, example_path, load_assessment, score
from chinhquyen.scoring.kinds.tally import TallyValue
from chinhquyen.scoring.measurements import measure_dossier_log, read_ledger
from chinhquyen.scoring.period import Period
from chinhquyen.scoring.status import CriterionStatus

D = Decimal
DATA = Path(str(resources.files("chinhquyen.scoring.data") / "examples"))
LOG = DATA / "cam-thuy-2380-dossiers.csv"
LEDGER = DATA / "cam-thuy-ledger.csv"
PERIOD = Period.between(dt.date(2023, 3, 3), dt.date(2024, 3, 31))
CAM_THUY = criteria.load("thanh-hoa/cam-thuy-kh-103-2023")
CAM_TU = "15154"


# --- the records ------------------------------------------------------------------------------


def test_the_shipped_records_are_exactly_what_the_recipe_writes() -> None:
    assert LOG.read_text(encoding="utf-8") == dossier_log()
    assert LEDGER.read_text(encoding="utf-8") == ledger()


def test_the_dossier_log_has_the_seeds_counts_and_split() -> None:
    report = measure_dossier_log(LOG)
    assert (report.decided, report.early, report.on_time, report.late) == (2380, 857, 1523, 0)
    assert (report.pending, report.overdue) == (0, 0)
    assert (report.percent("early"), report.percent("on_time")) == (D("36.0"), D("64.0"))
    assert report.units() == sorted(code for code, _ in UNITS)
    assert all(report.for_unit(code).decided == 140 for code, _ in UNITS)


def _row(dossier_id: str) -> dict[str, str]:
    with LOG.open(encoding="utf-8") as f:
        return next(r for r in csv.DictReader(f) if r["id"] == dossier_id)


@pytest.mark.parametrize(
    ("dossier", "returned", "why"),
    [
        # received Thursday 27/4/2023 at 15:29, after the 15:00 cut-off: counted from Friday 28/4
        ("CT-15133-022", "2023-04-28", "on time"),
        # 3 working days from Thursday 31/8/2023: 1, 2 and 4/9 are off, so 5/9, 6/9, 7/9: due 7/9
        ("CT-15148-068", "2023-09-07", "on time"),
        ("CT-15154-068", "2023-09-06", "early: the working day before 7/9"),
    ],
)
def test_due_dates_checked_by_hand_against_the_2023_schedule(
    dossier: str, returned: str, why: str
) -> None:
    assert _row(dossier)["returned_at"] == returned, why


def test_the_ledger_has_the_seeds_figures() -> None:
    book = read_ledger(LEDGER)
    counts = book.counts(PERIOD)
    assert counts["letter_congratulation"] == 1432
    assert counts["letter_thanks"] == 82
    assert counts["letter_apology"] == 32
    assert counts["letter_condolence"] == 417
    assert counts["dialogue_conference"] == 34 and counts["training"] == 8
    assert book.participants("training", PERIOD) == 756  # "hơn 750 lượt người"
    assert all(book.count("dialogue_conference", PERIOD, code) == 2 for code, _ in UNITS)
    assert book.count("training", PERIOD, "huyện Cẩm Thủy") == 8


# --- the framework and its example ------------------------------------------------------------


def test_cam_thuy_is_unscored_and_cites_the_seed_everywhere() -> None:
    fw = CAM_THUY
    assert (fw.status, fw.max_points, fw.tiers, fw.knockouts) == ("derived", 0, [], [])
    assert (fw.effective_from, fw.effective_to) == (dt.date(2023, 3, 3), dt.date(2025, 6, 30))
    for c in fw.criteria():
        assert c.max_points == 0
        assert all("seed 002" in s.document for s in c.sources), c.id
    kinds = {c.id: c.measure.kind for c in fw.criteria()}
    assert [k for k, v in kinds.items() if v == "tally"] == [
        "ho-so-truoc-han",
        "thu-chuc-mung",
        "thu-cam-on",
        "thu-xin-loi",
        "thu-chia-buon",
    ]


def test_the_cam_tu_example_is_what_the_records_measure() -> None:
    a = load_assessment(example_path("cam-thuy-2024.toml"))
    book = read_ledger(LEDGER)
    report = measure_dossier_log(LOG).for_unit(CAM_TU)
    measured = {
        "giai-quyet-dung-han": report.to_value(),
        "ho-so-truoc-han": TallyValue(amount=D(report.early)),
        "thu-chuc-mung": TallyValue(amount=D(book.count("letter_congratulation", PERIOD, CAM_TU))),
        "thu-cam-on": TallyValue(amount=D(book.count("letter_thanks", PERIOD, CAM_TU))),
        "thu-xin-loi": TallyValue(amount=D(book.count("letter_apology", PERIOD, CAM_TU))),
        "thu-chia-buon": TallyValue(amount=D(book.count("letter_condolence", PERIOD, CAM_TU))),
        "hoi-nghi-doi-thoai": book.quota_value("dialogue_conference", PERIOD, CAM_TU),
    }
    for cid, value in measured.items():
        assert a.answers[cid].value == value, cid
    # the first unit gets the larger shares: 1,432 = 4 × 85 + 13 × 84, 82 = 14 × 5 + 3 × 4, ...
    assert [a.answers[c].value.amount for c in ("thu-chuc-mung", "thu-cam-on")] == [85, 5]  # type: ignore[union-attr]
    assert report.early == 51  # 857 = 7 × 51 + 10 × 50


def test_the_cam_tu_example_meets_every_reference_level_and_scores_nothing() -> None:
    a = load_assessment(example_path("cam-thuy-2024.toml"))
    card = score(CAM_THUY, a)
    assert (card.total, card.reported_max, card.not_reported) == (0, 0, ())
    assert all(r.status is CriterionStatus.MET for r in card.criteria)


def test_below_a_reference_level_is_shown_as_not_reached_and_still_scores_nothing() -> None:
    a = load_assessment(example_path("cam-thuy-2024.toml"))
    answers = dict(a.answers)
    answers["hoi-nghi-doi-thoai"] = Answer.model_validate({"value": {"kind": "quota", "count": 1}})
    answers["hai-long-thai-do"] = Answer.model_validate(
        {"value": {"kind": "survey", "satisfied": 90, "responses": 100}}
    )
    card = score(CAM_THUY, a.model_copy(update={"answers": answers}))
    assert card.criterion("hoi-nghi-doi-thoai").status is CriterionStatus.PARTIAL
    assert card.criterion("hai-long-thai-do").status is CriterionStatus.PARTIAL
    assert card.total == 0


def test_cam_thuy_applies_in_thanh_hoa_until_the_district_level_ended() -> None:
    ids = [f.id for f in criteria.for_date("Thanh Hóa", on=dt.date(2024, 4, 1))]
    assert "thanh-hoa/cam-thuy-kh-103-2023" in ids
    with pytest.raises(UnknownFrameworkError, match=r"cam-thuy-kh-103-2023 \(2023-03-03 to 2025"):
        criteria.for_date("Thanh Hóa", on=dt.date(2025, 7, 1))


# --- "Dân vận khéo" -------------------------------------------------------------------------


WASTE = criteria.load("dong-nai/dvk-phan-loai-chat-thai-2024")
MORNING = criteria.load("dong-nai/buoi-sang-voi-nhan-dan-2024")


def test_the_waste_example_carries_the_seeds_figures_as_printed() -> None:
    a = load_assessment(example_path("dong-nai-dvk-chat-thai-2024-h1.toml"))
    assert a.unit.level == "province"
    figures = {cid: ans.value.amount for cid, ans in a.answers.items() if ans.value.kind == "tally"}  # type: ignore[union-attr]
    assert figures == {
        "to-chuc-hoi-trien-khai": 73,
        "diem-thu-gom": 118,
        "ho-dang-ky": 7700,
        "khoi-luong": 21,
        "so-tien-quy-doi": 131_000_000,
    }
    # the source's rounding ("gần", "trên") is said beside each rounded figure
    assert "gần" in (a.answers["ho-dang-ky"].note or "")
    assert all("trên" in (a.answers[c].note or "") for c in ("khoi-luong", "so-tien-quy-doi"))
    card = score(WASTE, a)
    assert (card.total, card.reported_max, card.not_reported) == (0, 0, ())
    assert card.criterion("khoi-luong").reason_en == "21 tấn reported (per assessment period)"


@pytest.mark.parametrize("fw", [WASTE, MORNING], ids=lambda f: f.id)
def test_the_dan_van_kheo_models_are_unscored_at_every_level(fw: criteria.Framework) -> None:
    assert (fw.status, fw.max_points, fw.jurisdiction.level) == ("derived", 0, "all")
    assert all(c.max_points == 0 for c in fw.criteria())
    assert fw.status_note is not None and "GIẢ ĐỊNH" in fw.status_note  # the start date


def test_a_commune_reports_the_morning_receptions_with_its_own_figures() -> None:
    a = SelfAssessment.model_validate(
        {
            "framework": MORNING.id,
            "unit": {"code": "26299", "name": "Xã Thống Nhất", "province": "Đồng Nai"},
            "period": 2025,
            "answers": {
                "buoi-tiep-dan": {"value": {"kind": "tally", "amount": 12}},
                "y-kien-da-xu-ly": {"value": {"kind": "ratio", "numerator": 0, "denominator": 0}},
            },
        }
    )
    card = score(MORNING, a)
    assert card.criterion("y-kien-da-xu-ly").status is CriterionStatus.NOT_APPLICABLE
    assert card.criterion("buoi-tiep-dan").status is CriterionStatus.MET
    assert card.total == 0
