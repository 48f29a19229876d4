"""Scoring many assessments at once, and the digest's canonical JSON against its definition."""

from __future__ import annotations

import gc
import json
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.strategies import all_kinds_framework_data, scoring_assessments

from chinhquyen import criteria
from chinhquyen.errors import AnswerError
from chinhquyen.scoring import SelfAssessment, canonical_json, engine

FRAMEWORKS = [
    criteria.Framework.model_validate(all_kinds_framework_data(places=p, mode=m))
    for p, m in ((2, "half_up"), (3, "half_even"), (0, "down"), (1, "up"))
] + [criteria.load(fid) for fid in criteria.available()]


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
