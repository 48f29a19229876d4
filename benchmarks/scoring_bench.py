"""Score 3,321 synthetic communes on each shipped framework; print throughput and peak memory.

3,321 is the number of commune-level units (xã, phường, đặc khu) since 1/7/2025. Target: the
whole country in under one second on one core. Run: ``python benchmarks/scoring_bench.py``.
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

COMMUNES = 3321


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
                    "unit": {"code": f"{i:05d}", "name": f"Xã {i}", "province": "Tổng hợp"},
                    "period": year,
                    "answers": answers,
                    "disqualifiers": disq,
                }
            )
        )
    return out


def main() -> None:
    print(
        f"{'framework':28} {'criteria':>8} {'cards':>6} {'seconds':>8}"
        f" {'cards/s':>9} {'peak MiB':>9}"
    )
    for fid in criteria.available():
        fw = criteria.load(fid)
        batch = synthetic(fw, COMMUNES)
        score(fw, batch[0])  # warm up lazy imports
        tracemalloc.start()
        start = time.perf_counter()
        cards = [score(fw, a) for a in batch]
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        # timing again without tracemalloc, whose hooks slow allocation down
        del cards
        gc.collect()
        start = time.perf_counter()
        cards = [score(fw, a) for a in batch]
        elapsed = time.perf_counter() - start
        n = len(list(fw.criteria())) + len(fw.adjustments)
        print(
            f"{fid:28} {n:8d} {len(cards):6d} {elapsed:8.3f} {len(cards) / elapsed:9.0f}"
            f" {peak / 2**20:9.1f}"
        )


if __name__ == "__main__":
    main()
