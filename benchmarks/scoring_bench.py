"""Score 3,321 synthetic communes on each shipped framework; print throughput and peak memory.

3,321 is the number of commune-level units (xã, phường, đặc khu) since 1/7/2025. Target: the
whole country in under one second on one core. Run: ``python benchmarks/scoring_bench.py``.

Columns: ``seconds`` and ``cards/s`` time the plain ``score(fw, a)`` per assessment (the
number to compare with the target); ``many s`` times ``score_many(fw, batch)``, which gives
the same scorecards with the cyclic garbage collector paused for the batch. Every timing is
the best of ``REPEAT`` runs over the same inputs, built beforehand; ``peak MiB`` is the peak
traced memory of one plain run (traced separately: tracing slows allocation down).
"""

from __future__ import annotations

import gc
import random
import time
import tracemalloc
from decimal import Decimal
from typing import Any

from chinhquyen import criteria
from chinhquyen.scoring import SelfAssessment, score
from chinhquyen.scoring.engine import score_many

COMMUNES = 3321
REPEAT = 3


def _value(rnd: random.Random, measure: Any) -> dict[str, Any] | None:
    kind = measure.kind
    if kind == "self_scored":
        return None
    if kind == "yes_no":
        return {"kind": kind, "value": rnd.random() < 0.8}
    if kind == "checklist":
        ids = [i.id for i in measure.items]
        return {"kind": kind, "done": rnd.sample(ids, rnd.randint(0, len(ids)))}
    if kind in ("ratio", "coverage", "survey"):
        whole = rnd.randint(0, 400)
        part = rnd.randint(int(whole * 0.7), whole) if whole else 0
        names = {
            "ratio": ("numerator", "denominator"),
            "coverage": ("answered", "required"),
            "survey": ("satisfied", "responses"),
        }[kind]
        return {"kind": kind, names[0]: part, names[1]: whole}
    if kind == "quota":
        return {"kind": kind, "count": rnd.randint(0, 2 * measure.target)}
    if kind == "external_index":
        top = int(measure.scale_max * 10)
        return {"kind": kind, "score": Decimal(rnd.randint(top // 2, top)) / 10}
    if kind == "deduction":
        return {"kind": kind, "violations": rnd.choice([0, 0, 0, 1, 2])}
    raise AssertionError(kind)


def synthetic(fw: criteria.Framework, n: int, seed: int = 2025) -> list[SelfAssessment]:
    rnd = random.Random(seed)
    province = fw.jurisdiction.province or "Tổng hợp"
    year = max(fw.effective_from.year, 2024)
    if fw.effective_to is not None:
        year = min(year, fw.effective_to.year)
    out = []
    for i in range(n):
        answers: dict[str, Any] = {}
        for c in [*fw.criteria(), *fw.adjustments]:
            if rnd.random() < 0.03:
                continue  # some criteria not reported
            value = _value(rnd, c.measure)
            answer: dict[str, Any] = {} if value is None else {"value": value}
            if value is None or rnd.random() < 0.5:
                step = Decimal("0.5")
                answer["self_score"] = step * rnd.randint(
                    int(c.max_points / step * 6 / 10), int(c.max_points / step)
                )
            answers[c.id] = answer
        disq = {k.id: rnd.random() < 0.02 for k in fw.knockouts if k.kind == "disqualifier"}
        out.append(
            SelfAssessment.model_validate(
                {
                    "framework": fw.id,
                    "unit": {"code": f"{i:05d}", "name": f"Xã {i}", "province": province},
                    "period": year,
                    "answers": answers,
                    "disqualifiers": disq,
                }
            )
        )
    return out


def _best(run: Any) -> float:
    """The fastest of REPEAT timed runs (the others were slowed by something else)."""
    times = []
    for _ in range(REPEAT):
        gc.collect()  # start each run from the same heap: no garbage left by the previous one
        start = time.perf_counter()
        cards = run()
        times.append(time.perf_counter() - start)
        assert len(cards) == COMMUNES
        del cards
    return min(times)


def main() -> None:
    print(
        f"{'framework':28} {'criteria':>8} {'cards':>6} {'seconds':>8}"
        f" {'cards/s':>9} {'many s':>7} {'peak MiB':>9}"
    )
    for fid in criteria.available():
        fw = criteria.load(fid)
        batch = synthetic(fw, COMMUNES)
        score(fw, batch[0])  # warm up lazy imports
        tracemalloc.start()
        cards = [score(fw, a) for a in batch]
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del cards
        elapsed = _best(lambda fw=fw, batch=batch: [score(fw, a) for a in batch])
        many = _best(lambda fw=fw, batch=batch: score_many(fw, batch))
        n = len(list(fw.criteria())) + len(fw.adjustments)
        print(
            f"{fid:28} {n:8d} {COMMUNES:6d} {elapsed:8.3f} {COMMUNES / elapsed:9.0f}"
            f" {many:7.3f} {peak / 2**20:9.1f}"
        )


if __name__ == "__main__":
    main()
