"""`SelfAssessment.model_validate_json` reads a document as the library's readers do.

pydantic's own JSON parser keeps the last of two equal keys and reads a number as a binary float
first (`14.999999999999999999` becomes 15, full marks). The library's route must read what the
commune wrote, or refuse it.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from tests.inputs import _writers as write
from tests.strategies import all_kinds_framework_data, input_assessments

from chinhquyen.criteria import Framework
from chinhquyen.errors import AnswerError, InvalidInputError
from chinhquyen.readers import ReaderError
from chinhquyen.scoring import SelfAssessment, parse_assessment, score

FRAMEWORK = Framework.model_validate(all_kinds_framework_data())

DONG_NAI = {
    "framework": "dong-nai/qd-54-2025",
    "unit": {"code": "26299", "name": "Xã Thống Nhất", "province": "Đồng Nai"},
    "period": 2025,
}


def _document(answers: str) -> bytes:
    head = json.dumps(DONG_NAI, ensure_ascii=False)[:-1]
    return f'{head}, "answers": {answers}}}'.encode()


def test_a_criterion_answered_twice_is_refused_naming_it() -> None:
    text = _document('{"tuyen-truyen": {"self_score": 3}, "tuyen-truyen": {"self_score": 15}}')
    with pytest.raises(ReaderError) as e:
        SelfAssessment.model_validate_json(text)
    assert "answers.tuyen-truyen" in str(e.value)
    assert "twice" in str(e.value)


def test_a_self_score_keeps_every_digit_written() -> None:
    text = _document('{"tuyen-truyen": {"self_score": 14.999999999999999999}}')
    a = SelfAssessment.model_validate_json(text)
    assert a.answers["tuyen-truyen"].self_score == Decimal("14.999999999999999999")
    # scored, it is refused for its precision: it never becomes 15, the criterion's max
    with pytest.raises(AnswerError) as e:
        score("dong-nai/qd-54-2025", a)
    assert [p.code for p in e.value.problems] == ["self_score.too_precise"]


def test_a_bytearray_and_text_read_the_same() -> None:
    text = _document('{"tuyen-truyen": {"self_score": 14.5}}')
    assert SelfAssessment.model_validate_json(bytearray(text)) == (
        SelfAssessment.model_validate_json(text.decode())
    )


def test_a_document_that_is_not_an_assessment_is_refused_by_the_model() -> None:
    with pytest.raises(InvalidInputError) as e:
        SelfAssessment.model_validate_json(_document('{"tuyen-truyen": {"score": 1}}'))
    assert any("score" in p.location for p in e.value.problems)


@settings(max_examples=60, deadline=None)
@given(input_assessments(FRAMEWORK))
def test_it_reads_what_parse_assessment_reads(data: dict[str, object]) -> None:
    written = data.pop("__written__", None)
    text = write.json_document(data)
    if written is not None:  # the odd self-score as the document writes it
        cid, number = written  # type: ignore[misc]
        value = data["answers"][cid]["self_score"]  # type: ignore[index]
        key = write.json_document(cid)
        text = text.replace(f'{key}: {{"self_score": {value}', f'{key}: {{"self_score": {number}')
    doc = text.encode()
    a = SelfAssessment.model_validate_json(doc)
    assert a == parse_assessment(doc, "json")
    if written is not None:
        cid, number = written  # type: ignore[misc]
        assert a.answers[cid].self_score == Decimal(number)
