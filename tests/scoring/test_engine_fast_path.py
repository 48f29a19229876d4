"""The engine's compiled fast path gives exactly what the general path gives.

The general path (``_criterion_result``, ``score_*`` in ``rules``) is the reference; the fast
path must either return the identical result (same fields, same decimal representation) or
decline and leave the answer to the general path, which then raises its own error.
"""

from __future__ import annotations

import gc
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.strategies import all_kinds_framework_data, scoring_answers, scoring_assessments

from chinhquyen import criteria
from chinhquyen.errors import AnswerError, InvalidInputError
from chinhquyen.scoring import SelfAssessment, canonical_json, engine, rules
from chinhquyen.scoring.answers import Answer

FRAMEWORKS = [
    criteria.Framework.model_validate(all_kinds_framework_data(places=p, mode=m))
    for p, m in ((2, "half_up"), (3, "half_even"), (0, "down"), (1, "up"))
] + [criteria.load(fid) for fid in criteria.available()]


def _fields(result: Any) -> dict[str, str]:
    # repr keeps the decimal's representation: 1.0 and 1.00 are different results here
    return {k: repr(v) for k, v in result.__dict__.items()}


@st.composite
def _wild_answers(draw: st.DrawFn, criterion: Any, places: int) -> dict[str, object] | None:
    """A valid answer, or one bent to break one rule (kind, range, decimals, items, scale)."""
    if draw(st.integers(0, 9)) == 0:
        return None
    answer = draw(scoring_answers(criterion, places))
    bend = draw(st.integers(0, 7))
    if bend == 1:
        answer["self_score"] = draw(
            st.sampled_from(
                [
                    criterion.max_points + 1,
                    Decimal(-1),
                    Decimal("0.0001"),
                    Decimal("0.5"),
                    Decimal("1.50"),
                    Decimal("0.3"),  # not a multiple of a 0.5 step
                    Decimal("2.25"),
                    Decimal(0),
                ]
            )
        )
    elif bend == 2:
        answer["value"] = draw(
            st.sampled_from(
                [
                    None,
                    {"kind": "yes_no", "value": True},
                    {"kind": "quota", "count": 3},
                    {"kind": "ratio", "numerator": 0, "denominator": 0},
                ]
            )
        )
    elif bend == 3 and criterion.measure.kind == "checklist":
        answer["value"] = {"kind": "checklist", "done": ["i1", "nope"]}
    elif bend == 4 and criterion.measure.kind == "external_index":
        top = criterion.measure.scale_max
        answer["value"] = {"kind": "external_index", "score": top + Decimal("0.001")}
    elif bend == 5:
        answer.pop("self_score", None)
    elif bend == 6 and criterion.measure.kind == "deduction":
        answer["value"] = {
            "kind": "deduction",
            "records": [{"rule": "other#1", "date": "2025-03-01"}],
        }
    elif bend == 7:
        answer["note"] = "ghi chú"
        answer["evidence"] = [{"document": "12/BC-UBND"}]
    return answer


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_fast_path_matches_the_general_path(data: st.DataObject) -> None:
    fw = data.draw(st.sampled_from(FRAMEWORKS))
    plan = engine.plan_for(fw)
    for _, _, step in (*plan.steps, *plan.adjustment_steps):
        raw = data.draw(_wild_answers(step.criterion, fw.rounding.places))
        try:
            answer = None if raw is None else Answer.model_validate(raw)
        except InvalidInputError:
            continue  # refused on the way in: never reaches the engine
        fast = step.fast(answer)
        try:
            general = engine._criterion_result(fw, step.criterion, answer)
        except AnswerError:
            assert fast is None, f"{step.criterion.id}: fast path accepted a refused answer"
            continue
        if fast is not None:
            assert _fields(fast) == _fields(general), step.criterion.id


@given(
    st.integers(-(10**9), 10**9),
    st.integers(1, 10**6),
    st.integers(0, 6),
    st.sampled_from(["half_up", "half_even", "down", "up"]),
)
def test_rounder_is_round_points(num: int, den: int, places: int, mode: str) -> None:
    rnd = rules.rounder(places, mode)
    expected = rules.round_points((num, den), places, mode)
    for _ in range(2):  # computed, then remembered
        got = rnd(num, den)
        assert repr(got) == repr(expected)


def test_rounder_refuses_an_unknown_mode() -> None:
    with pytest.raises(ValueError, match="ceiling"):
        rules.rounder(2, "ceiling")


@given(st.integers(1, 10**6).flatmap(lambda w: st.tuples(st.integers(0, w), st.just(w))))
def test_percent_text_is_percent(pair: tuple[int, int]) -> None:
    part, whole = pair
    assert rules._percent_text(part, whole) == rules.percent(part, whole)


def test_percent_text_by_hand() -> None:
    # hand-computed: 1/3 = 33.333…%, 2/3 = 66.666…% rounds up, 1/8 = 12.5%, 1/1 = 100%
    assert rules._percent_text(1, 3) == "33.33%"
    assert rules._percent_text(2, 3) == "66.67%"
    assert rules._percent_text(1, 8) == "12.5%"
    assert rules._percent_text(1, 1) == "100%"
    assert rules._percent_text(0, 7) == "0%"
    assert rules._percent_text(1, 200) == "0.5%"
    assert rules._percent_text(1, 400) == "0.25%"


def _documented_canonical_json(a: SelfAssessment) -> bytes:
    """The canonical JSON exactly as chinhquyen.scoring.digest's module docs define it."""
    data = a.model_dump(mode="json", exclude_none=True)
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


_TEXTS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_canonical_json_is_the_documented_form(data: st.DataObject) -> None:
    fw = data.draw(st.sampled_from(FRAMEWORKS[:2] + FRAMEWORKS[4:]))
    raw = data.draw(scoring_assessments(fw))
    for answer in raw["answers"].values():  # type: ignore[attr-defined]
        # notes, evidence, sources and records exercise the escaping and the fallbacks
        if data.draw(st.booleans()):
            answer["note"] = data.draw(_TEXTS)
        if data.draw(st.integers(0, 4)) == 0:
            answer["evidence"] = [{"document": data.draw(_TEXTS), "date": "2025-02-03"}]
        value = answer.get("value")
        if (
            isinstance(value, dict)
            and value["kind"] == "external_index"
            and data.draw(st.booleans())
        ):
            value["source"] = data.draw(_TEXTS)
        if isinstance(value, dict) and value["kind"] == "deduction" and data.draw(st.booleans()):
            value.pop("violations")
            value["records"] = [{"date": "2025-01-0" + str(i + 1)} for i in range(2)]
    if data.draw(st.booleans()):
        raw["note"] = data.draw(_TEXTS)
        raw["submitted"] = "2025-12-31"
        raw["unit"]["name"] = data.draw(_TEXTS)  # type: ignore[index]
    a = SelfAssessment.model_validate(raw)
    assert canonical_json(a) == _documented_canonical_json(a)


def test_canonical_json_escapes_like_json() -> None:
    fw = FRAMEWORKS[0]
    a = SelfAssessment.model_validate(
        {
            "framework": fw.id,
            "unit": {"code": "00001", "name": 'Xã "Quote" \\ \n', "province": "Tỉnh Thử nghiệm"},
            "period": 2025,
            "answers": {"yes": {"value": {"kind": "yes_no", "value": True}, "note": 'a"b\\c\x01'}},
        }
    )
    # written by hand: the note's quote, backslash and control character are escaped
    assert b'"note":"a\\"b\\\\c\\u0001"' in canonical_json(a)
    assert canonical_json(a) == _documented_canonical_json(a)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_score_many_is_score_for_each(data: st.DataObject) -> None:
    fw = data.draw(st.sampled_from(FRAMEWORKS))
    batch = [
        SelfAssessment.model_validate(data.draw(scoring_assessments(fw)))
        for _ in range(data.draw(st.integers(0, 4)))
    ]
    try:
        expected = [engine.score(fw, a).model_dump_json() for a in batch]
    except AnswerError as e:  # some drawn answers do not fit (e.g. 0.5 with 0 places)
        with pytest.raises(AnswerError) as raised:
            engine.score_many(fw, batch)
        assert str(raised.value) == str(e)
        return
    assert [c.model_dump_json() for c in engine.score_many(fw, batch)] == expected


def _assessment(fw: Any, answers: dict[str, object]) -> SelfAssessment:
    return SelfAssessment.model_validate(
        {
            "framework": fw.id,
            "unit": {"code": "00001", "name": "Xã Thử", "province": "Tỉnh Thử nghiệm"},
            "period": 2025,
            "answers": answers,
        }
    )


@pytest.mark.parametrize("enabled", [True, False])
def test_score_many_restores_the_collector(enabled: bool) -> None:
    fw = FRAMEWORKS[0]
    good = _assessment(fw, {"yes": {"value": {"kind": "yes_no", "value": True}}})
    bad = _assessment(fw, {"yes": {"self_score": "99"}})
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        assert len(engine.score_many(fw, [good, good])) == 2
        assert gc.isenabled() is enabled
        with pytest.raises(AnswerError, match="yes"):
            engine.score_many(fw, [good, bad])
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_score_many_reads_its_input_with_the_collector_running() -> None:
    # the input may be a generator reading files; only scoring runs with the collector paused
    fw = FRAMEWORKS[0]
    good = _assessment(fw, {"yes": {"value": {"kind": "yes_no", "value": True}}})
    seen: list[bool] = []

    def read() -> Any:
        for _ in range(3):
            seen.append(gc.isenabled())
            yield good

    was = gc.isenabled()
    try:
        gc.enable()
        assert len(engine.score_many(fw, read())) == 3
        assert seen == [True, True, True]
    finally:
        gc.enable() if was else gc.disable()


@settings(max_examples=20, deadline=None)
@given(st.data())
def test_scoring_leaves_no_cycles_for_the_collector(data: st.DataObject) -> None:
    # score_many pauses the collector on the grounds that scoring creates no reference cycles
    fw = data.draw(st.sampled_from(FRAMEWORKS))
    batch = [
        SelfAssessment.model_validate(data.draw(scoring_assessments(fw, complete=True)))
        for _ in range(5)
    ]
    try:
        for a in batch:  # warm up: plans and lazy imports are built once
            engine.score(fw, a)
    except AnswerError:
        assume(False)  # some drawn answers do not fit this framework (e.g. 0.5 with 0 places)
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        cards = [engine.score(fw, a) for a in batch]
        assert len(cards) == 5
        del cards
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
