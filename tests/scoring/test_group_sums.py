"""A group's sums keep the digits its criteria's points were written with, card after card.

Groups of one criterion have results that repeat from commune to commune, and the engine shares
them between cards; equal values written differently (`19.5`, `19.50`, `1.95E+1`) must still
give each card its own digits, since a scorecard shows and writes points as they are held.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import written_self_scores

from chinhquyen import criteria
from chinhquyen.scoring import GroupResult, Scorecard, SelfAssessment, score

BAC_GIANG = criteria.load("bac-giang/cqtt")  # not rounded: sums start from a plain 0
DONG_NAI = criteria.load("dong-nai/qd-54-2025")  # 2 places: sums start from 0.00


def group(card: Scorecard, gid: str) -> GroupResult:
    return next(g for g in card.groups if g.group_id == gid)


def filing(fw: criteria.Framework, answers: dict[str, str]) -> SelfAssessment:
    unit = (
        {"code": "07330", "name": "Xã Hợp Đức", "province": "Bắc Giang"}
        if fw is BAC_GIANG
        else {"code": "26299", "name": "Xã Thống Nhất", "province": "Đồng Nai"}
    )
    return SelfAssessment.model_validate(
        {
            "framework": fw.id,
            "unit": unit,
            "period": 2024 if fw is BAC_GIANG else 2025,
            "answers": {cid: {"self_score": text} for cid, text in answers.items()},
        }
    )


def test_equal_scores_written_differently_keep_their_own_digits() -> None:
    texts = ["19.5", "19.50", "1.95E+1", "19.500", "19.5"]
    cards = [score(BAC_GIANG, filing(BAC_GIANG, {"hai-long": t})) for t in texts]
    shown = [str(group(c, "hai-long").points) for c in cards]
    assert shown == ["19.5", "19.50", "19.5", "19.500", "19.5"]
    assert [str(group(c, "hai-long").self_points) for c in cards] == shown
    assert group(cards[0], "hai-long").model_dump_json() == (
        group(cards[-1], "hai-long").model_dump_json()
    )
    assert '"points":"19.50"' in group(cards[1], "hai-long").model_dump_json()
    dong_nai = [score(DONG_NAI, filing(DONG_NAI, {"hai-long": t})) for t in texts]
    assert {str(group(c, "hai-long").points) for c in dong_nai} == {"19.50"}


def _self_scored(fw: criteria.Framework) -> dict[str, int]:
    return {c.id: int(c.max_points) for c in fw.criteria() if c.measure.kind == "self_scored"}


@st.composite
def filings(draw: st.DrawFn, fw: criteria.Framework) -> dict[str, str]:
    tops = _self_scored(fw)
    chosen = draw(st.lists(st.sampled_from(sorted(tops)), unique=True))
    return {cid: draw(written_self_scores(tops[cid])) for cid in chosen}


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([BAC_GIANG, DONG_NAI]).flatmap(
        lambda fw: st.tuples(st.just(fw), st.lists(filings(fw), min_size=1, max_size=8))
    )
)
def test_every_group_sum_is_its_criterion_as_written(
    case: tuple[criteria.Framework, list[dict[str, str]]],
) -> None:
    fw, batch = case
    places = fw.rounding.places
    zero = Decimal(0) if places is None else Decimal("0.00")
    for answers in batch:
        card = score(fw, filing(fw, answers))
        for g in card.groups:
            (cid,) = g.criterion_ids
            text = answers.get(cid)
            if text is None:
                assert (g.points, g.self_points, g.not_reported) == (zero, None, (cid,))
                assert str(g.points) == str(zero) and str(g.reported_max) == str(zero)
                continue
            written = Decimal(text)
            # a self-scored criterion's points: the self-score, with the framework's places
            points = written if places is None else written.quantize(Decimal("0.01"))
            assert str(card.criterion(cid).points) == str(points)
            assert str(g.points) == str(zero + points)
            mine = zero + written
            assert str(g.self_points) == str(mine if places is None else mine.quantize(zero))
            assert g.reported_max == card.criterion(cid).max_points and g.not_reported == ()
