"""An evidence file's format, as a framework that limits formats checks it (Bắc Giang: PDF)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from tests.strategies import evidence_file_names

from chinhquyen import criteria
from chinhquyen.errors import AnswerError
from chinhquyen.scoring import SelfAssessment, score

FW = criteria.load("bac-giang/cqtt")
UNIT = {"code": "07330", "name": "Xã Hợp Đức", "province": "Bắc Giang", "type": "xã"}


def with_file(name: str) -> SelfAssessment:
    answer = {"self_score": "1", "evidence": [{"file": name}]}
    return SelfAssessment.model_validate(
        {"framework": FW.id, "unit": UNIT, "period": 2024, "answers": {"hai-long": answer}}
    )


def format_of(name: str) -> str | None:
    """The rule as the framework's docs state it, written plainly: the last part of the path
    (split at `/` and `\\`), what follows its last dot when something precedes that dot."""
    last = name.replace("\\", "/").split("/")[-1]
    if "." not in last:
        return None
    stem, ext = last.rsplit(".", 1)
    return ext.lower() if stem else None


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("minh-chung/tc4.PDF", None),
        ("a..pdf", None),
        ("thu-muc/..pdf", None),
        ("tc4", "no format (no extension)"),
        (".pdf", "no format (no extension)"),
        ("minh-chung/.pdf", "no format (no extension)"),
        ("thu-muc\\.pdf", "no format (no extension)"),
        ("ho.so/tc4", "no format (no extension)"),
        ("ho.so\\tc4", "no format (no extension)"),
        ("tc4.", "format ''"),
        ("tc4.pdf.exe", "format 'exe'"),
        ("thu-muc\\tc4.JPG", "format 'jpg'"),
    ],
)
def test_hand_picked_names(name: str, shown: str | None) -> None:
    if shown is None:
        assert score(FW, with_file(name)).criterion("hai-long").points == 1
        return
    with pytest.raises(AnswerError) as e:
        score(FW, with_file(name))
    assert f"evidence file {name!r} has {shown}; accepted: pdf" in str(e.value)


@settings(max_examples=300)
@given(evidence_file_names)
def test_a_file_is_taken_exactly_when_its_format_is_accepted(name: str) -> None:
    fmt = format_of(name)
    if fmt == "pdf":
        assert score(FW, with_file(name)).criterion("hai-long").evidence[0].file == name
        return
    shown = "no format (no extension)" if fmt is None else f"format {fmt!r}"
    with pytest.raises(AnswerError) as e:
        score(FW, with_file(name))
    message = str(e.value)
    assert "criterion hai-long" in message
    assert f"evidence file {name!r} has {shown}; accepted: pdf" in message
