"""Activity ledger: counts per period, quotas and coverage of events.

The golden case is huyện Cẩm Thủy (Thanh Hóa), seed 002: from the plan of 3/3/2023 to April
2024 its 17 communes sent 1,432 congratulation letters, 82 thank-you letters, 32 apology
letters and 417 condolence letters, each commune held 2 dialogue conferences, and the district
ran 8 training sessions for 750 attendances.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import activity_rows

from chinhquyen.errors import DataFileError, InvalidInputError
from chinhquyen.scoring.answers import CoverageValue, QuotaValue
from chinhquyen.scoring.measurements.activities import ActivityLedger, count_activities, read_ledger
from chinhquyen.scoring.period import Period

COMMUNES = [f"xa-{i:02d}" for i in range(1, 18)]  # 17 communes and townships
ROLLOUT = Period.between(dt.date(2023, 3, 3), dt.date(2024, 4, 30), "KH 103-KH/HU đến 4/2024")


def _spread(total: int) -> list[int]:
    """Split ``total`` over the 17 communes as evenly as possible."""
    base, extra = divmod(total, len(COMMUNES))
    return [base + (1 if i < extra else 0) for i in range(len(COMMUNES))]


def _cam_thuy() -> ActivityLedger:
    day = dt.date(2023, 6, 1)
    acts: list[dict[str, object]] = []
    events: list[dict[str, object]] = []
    for kind, total in [
        ("letter_congratulation", 1432),
        ("letter_thanks", 82),
        ("letter_apology", 32),
    ]:
        for unit, n in zip(COMMUNES, _spread(total), strict=True):
            acts.append({"date": day, "kind": kind, "unit": unit, "count": n})
    for unit, n in zip(COMMUNES, _spread(417), strict=True):
        for j in range(n):
            eid = f"{unit}/tu-{j}"
            events.append({"id": eid, "date": day, "kind": "death", "unit": unit})
            acts.append(
                {"date": day, "kind": "letter_condolence", "unit": unit, "related_event": eid}
            )
    for unit in COMMUNES:
        acts.append({"date": dt.date(2023, 9, 1), "kind": "dialogue_conference", "unit": unit})
        acts.append({"date": dt.date(2024, 3, 1), "kind": "dialogue_conference", "unit": unit})
    for i, people in enumerate([100, 90, 95, 95, 90, 100, 90, 90]):
        acts.append(
            {
                "date": dt.date(2023, 4, 3 + i),
                "kind": "training",
                "unit": "huyen-cam-thuy",
                "participants": people,
            }
        )
    return ActivityLedger.from_records(acts, events)


def test_cam_thuy_counts_match_the_seed() -> None:
    ledger = _cam_thuy()
    assert ledger.counts(ROLLOUT) == {
        "visit": 0,
        "letter_congratulation": 1432,
        "letter_thanks": 82,
        "letter_apology": 32,
        "letter_condolence": 417,
        "dialogue_conference": 34,
        "training": 8,
    }
    assert ledger.participants("training", ROLLOUT) == 750


def test_cam_thuy_two_dialogues_per_commune() -> None:
    ledger = _cam_thuy()
    for unit in COMMUNES:
        assert ledger.quota_value("dialogue_conference", ROLLOUT, unit) == QuotaValue(count=2)
    # only one of the two falls in 2023's second half
    assert ledger.count("dialogue_conference", Period.half_year(2023, 2), "xa-05") == 1


def test_cam_thuy_every_death_got_a_condolence_letter() -> None:
    ledger = _cam_thuy()
    cov = ledger.coverage("letter_condolence", "death", ROLLOUT)
    assert (cov.answered, cov.required, cov.unanswered) == (417, 417, ())
    assert ledger.coverage_value("letter_condolence", "death", ROLLOUT) == CoverageValue(
        answered=417, required=417
    )


def test_unanswered_events_are_listed_and_answers_after_the_period_count() -> None:
    ledger = ActivityLedger.from_records(
        activities=[
            {"date": "2024-01-03", "kind": "letter_condolence", "unit": "a", "related_event": "d1"},
            {"date": "2023-12-30", "kind": "letter_apology", "unit": "a", "related_event": "d2"},
        ],
        events=[
            {"id": "d1", "date": "2023-12-30", "kind": "death", "unit": "a"},
            {"id": "d2", "date": "2023-12-28", "kind": "death", "unit": "a"},
            {"id": "d3", "date": "2024-01-02", "kind": "death", "unit": "a"},
        ],
    )
    cov = ledger.coverage("letter_condolence", "death", Period.year(2023))
    # d1 answered in January 2024; d2 got a letter of the wrong kind; d3 is outside 2023
    assert (cov.answered, cov.required, cov.unanswered) == (1, 2, ("d2",))


def test_empty_period_has_zero_required() -> None:
    assert _cam_thuy().coverage_value("letter_condolence", "death", Period.year(2020)) == (
        CoverageValue(answered=0, required=0)
    )


def test_reference_to_an_unknown_event_is_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"activities\.0\.related_event 'x'"):
        ActivityLedger.from_records(
            [{"date": "2024-01-03", "kind": "letter_condolence", "unit": "a", "related_event": "x"}]
        )


def test_answer_dated_before_its_event_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="before the event"):
        ActivityLedger.from_records(
            [
                {
                    "date": "2024-01-01",
                    "kind": "letter_condolence",
                    "unit": "a",
                    "related_event": "d",
                }
            ],
            [{"id": "d", "date": "2024-01-02", "kind": "death", "unit": "a"}],
        )


def test_repeated_event_ids_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="repeats"):
        ActivityLedger.from_records(
            events=[
                {"id": "d", "date": "2024-01-02", "kind": "death", "unit": "a"},
                {"id": "d", "date": "2024-01-03", "kind": "death", "unit": "b"},
            ]
        )


def test_batch_line_cannot_answer_one_event() -> None:
    with pytest.raises(InvalidInputError, match="count == 1"):
        ActivityLedger.from_records(
            [
                {
                    "date": "2024-01-05",
                    "kind": "letter_condolence",
                    "unit": "a",
                    "count": 3,
                    "related_event": "d",
                }
            ],
            [{"id": "d", "date": "2024-01-02", "kind": "death", "unit": "a"}],
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "letter_birthday"), ("date", "02/01/2024"), ("count", 0), ("unit", "")],
)
def test_bad_lines_are_refused_naming_the_field(field: str, value: object) -> None:
    row: dict[str, object] = {"date": "2024-01-02", "kind": "visit", "unit": "a"}
    row[field] = value
    with pytest.raises(InvalidInputError, match=field):
        ActivityLedger.from_records([row])


def test_unknown_attendance_is_not_zero() -> None:
    ledger = ActivityLedger.from_records([{"date": "2024-01-02", "kind": "training", "unit": "a"}])
    with pytest.raises(InvalidInputError, match="participants"):
        ledger.participants("training", Period.year(2024))


def test_unknown_kind_in_a_query_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="dialogue_conference"):
        _cam_thuy().count("dialogue", ROLLOUT)


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period.year(2024), dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        (Period.quarter(2024, 1), dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        (Period.month(2024, 2), dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        (Period.month(2023, 2), dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        (Period.half_year(2023, 2), dt.date(2023, 7, 1), dt.date(2023, 12, 31)),
    ],
)
def test_period_bounds(period: Period, start: dt.date, end: dt.date) -> None:
    assert (period.start, period.end) == (start, end)


def test_period_refuses_end_before_start_and_bad_quarters() -> None:
    with pytest.raises(InvalidInputError, match="before start"):
        Period.between(dt.date(2024, 2, 1), dt.date(2024, 1, 31))
    with pytest.raises(InvalidInputError, match="quarter"):
        Period.quarter(2024, 5)


@given(st.lists(activity_rows(), max_size=40))
def test_quarters_add_up_to_the_year(rows: list[dict[str, object]]) -> None:
    ledger = ActivityLedger.from_records(rows)
    year = ledger.counts(Period.year(2023))
    quarters = [ledger.counts(Period.quarter(2023, q)) for q in (1, 2, 3, 4)]
    assert year == {k: sum(q[k] for q in quarters) for k in year}
    assert sum(year.values()) == sum(int(r["count"]) for r in rows)  # type: ignore[call-overload]


@given(st.lists(activity_rows(), max_size=40))
def test_units_add_up_to_the_whole(rows: list[dict[str, object]]) -> None:
    ledger = ActivityLedger.from_records(rows)
    whole = count_activities(ledger.activities, Period.year(2023))
    per_unit = [ledger.counts(Period.year(2023), u) for u in ledger.units()]
    assert whole == {k: sum(u[k] for u in per_unit) for k in whole}


def test_period_may_be_a_year_or_an_assessment_period() -> None:
    from chinhquyen import scoring

    ledger = _cam_thuy()
    assert ledger.count("dialogue_conference", 2024) == 17  # the March 2024 round
    half = scoring.Period(start=dt.date(2023, 7, 1), end=dt.date(2023, 12, 31))
    assert ledger.count("dialogue_conference", half) == 17  # the September 2023 round
    with pytest.raises(InvalidInputError, match="start and end"):
        ledger.count("dialogue_conference", "2024")  # type: ignore[arg-type]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_ledger_from_csv_with_vietnamese_kind_names(tmp_path: Path) -> None:
    acts = _write(
        tmp_path / "a.csv",
        "date,kind,unit,count,participants,related_event\n"
        "2024-01-05,Thư chia buồn,cam-tu,1,,d1\n"
        "2024-01-06,letter_congratulation,cam-tu,12,,\n"
        "2024-02-01,Tập huấn,cam-tu,1,95,\n",
    )
    evs = _write(
        tmp_path / "e.csv",
        "id,date,kind,unit\nd1,2024-01-04,death,cam-tu\nd2,2024-01-20,Qua đời,cam-tu\n",
    )
    ledger = read_ledger(acts, evs)
    assert ledger.count("letter_congratulation", 2024) == 12
    assert ledger.participants("training", 2024) == 95
    cov = ledger.coverage("letter_condolence", "death", 2024)
    assert (cov.answered, cov.required, cov.unanswered) == (1, 2, ("d2",))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("date,kind,unit\n05/01/2024,visit,a\n", "row 2, column A (date)"),
        ("date,kind,unit\n2024-01-05,thăm,a\n", "row 2, column B (kind)"),
        ("date,kind,unit,count\n2024-01-05,visit,a,hai\n", "row 2, column D (count)"),
        ("date,kind,unit,related_event\n2024-01-01,visit,a,\n2024-01-05,visit,a,x\n", "row 3"),
        ("date,kind\n", "missing column(s) unit"),
        ("date,kind,unit,ngay\n", "unknown column"),
    ],
)
def test_ledger_csv_errors_name_row_and_column(tmp_path: Path, text: str, where: str) -> None:
    path = _write(tmp_path / "a.csv", text)
    with pytest.raises(DataFileError) as info:
        read_ledger(path)
    assert where in str(info.value) and "a.csv" in str(info.value)
