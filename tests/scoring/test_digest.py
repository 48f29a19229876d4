"""The assessment digest: a documented canonical JSON, recomputable with any SHA-256 tool."""

from __future__ import annotations

import hashlib
import json
import random
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import all_kinds_framework_data, digest_assessments, scoring_assessments

from chinhquyen import criteria
from chinhquyen.scoring import SelfAssessment, canonical_json, digest, score

FW = criteria.Framework.model_validate(all_kinds_framework_data())


def minimal(self_score: str) -> SelfAssessment:
    return SelfAssessment.model_validate(
        {
            "framework": "test/all-kinds",
            "unit": {"code": "1", "name": "Xã Ánh", "province": "Thử nghiệm"},
            "period": 2025,
            "answers": {"self": {"self_score": self_score, "note": None}},
        }
    )


# Written by hand from the rules in chinhquyen.scoring.digest: nulls left out, defaults kept
# ("evidence": [], "disqualifiers": {}), sorted keys, no spaces, decimals as normalised strings.
EXPECTED = (
    '{"answers":{"self":{"evidence":[],"self_score":"7.5"}},"disqualifiers":{},'
    '"framework":"test/all-kinds","period":2025,'
    '"unit":{"code":"1","name":"Xã Ánh","province":"Thử nghiệm"}}'
)


def test_canonical_json_matches_the_documented_form() -> None:
    assert canonical_json(minimal("7.50")) == EXPECTED.encode("utf-8")
    assert digest(minimal("7.50")) == hashlib.sha256(EXPECTED.encode("utf-8")).hexdigest()


def test_equal_decimals_written_differently_give_one_digest() -> None:
    assert digest(minimal("7.5")) == digest(minimal("7.500"))
    assert digest(minimal("10")) == digest(minimal("1E+1"))
    assert digest(minimal("7.5")) != digest(minimal("7.6"))


def test_scorecard_carries_the_digest() -> None:
    a = minimal("7.5")
    assert score(FW, a).digest == digest(a)


ASSESSMENTS = scoring_assessments(FW).map(SelfAssessment.model_validate)


@settings(max_examples=100)
@given(ASSESSMENTS, st.randoms(use_true_random=False))
def test_digest_ignores_answer_order(a: SelfAssessment, rnd: random.Random) -> None:
    items = list(a.answers.items())
    rnd.shuffle(items)
    assert digest(a.model_copy(update={"answers": dict(items)})) == digest(a)


@settings(max_examples=150)
@given(ASSESSMENTS, st.data())
def test_digest_changes_whenever_an_answer_changes(a: SelfAssessment, data: st.DataObject) -> None:
    if not a.answers:
        return
    cid = data.draw(st.sampled_from(sorted(a.answers)))
    answer = a.answers[cid]
    how = data.draw(st.sampled_from(["note", "self_score", "drop", "evidence"]))
    answers = dict(a.answers)
    if how == "drop":
        del answers[cid]
    elif how == "note":
        answers[cid] = answer.model_copy(update={"note": (answer.note or "") + "x"})
    elif how == "self_score":
        bumped = (answer.self_score or Decimal(0)) + Decimal("0.01")
        answers[cid] = answer.model_copy(update={"self_score": bumped})
    else:
        answers[cid] = answer.model_validate(
            {**answer.model_dump(), "evidence": [{"file": "new.pdf"}]}
        )
    changed = a.model_copy(update={"answers": answers})
    assert digest(changed) != digest(a)


RICH = digest_assessments(FW).map(SelfAssessment.model_validate)


@settings(max_examples=300)
@given(RICH)
def test_canonical_json_equals_pydantics_dump_sorted(a: SelfAssessment) -> None:
    # The documented form, produced the slow way: pydantic's JSON-mode dump without nulls,
    # written with sorted keys and no whitespace by the standard library.
    expected = json.dumps(
        a.model_dump(mode="json", exclude_none=True),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    assert canonical_json(a) == expected.encode("utf-8")


# The digests of the example submissions shipped with release 0.1.0 as release 0.1.0 computed
# them (commit 888a115, before scoring was reorganised by measure kind): the canonical JSON must
# not drift, or every scorecard an auditor kept would stop matching its submission. The examples
# have since changed (real unit codes, the portal's published figures), so the files as they were
# then are kept in tests/scoring/fixtures/ and pinned here: they prove the digest *algorithm* is
# unchanged.
FIXTURES = Path(__file__).with_name("fixtures")
RELEASED_DIGESTS = {
    "bac-giang-2024.toml": "b8f08332f7eb8ffe6001a13fba80c07ec8b27e921b2ba4993d444e9b3bffbcc9",
    "dong-nai-2025.json": "65c46bef4d4ee6a67252f8f704a16726b56eaff5d1ae69556ea08f4c45cd3082",
    "thanh-hoa-2024-qd766.toml": "1d66fb0d811d4aa9d332360e446b45e6d9cd59685827b8147098a688739f27fe",
}


def test_the_shipped_examples_keep_their_digests() -> None:
    from chinhquyen.scoring import load_assessment

    for name, expected in RELEASED_DIGESTS.items():
        a = load_assessment(FIXTURES / name)
        assert digest(a) == expected, name


def test_the_shipped_examples_carry_their_digest_on_the_scorecard() -> None:
    from chinhquyen.scoring import example_path, examples, load_assessment

    for name in examples():
        a = load_assessment(example_path(name))
        expected = hashlib.sha256(canonical_json(a)).hexdigest()
        assert score(a.framework, a).digest == digest(a) == expected
