"""Score 3,321 synthetic communes on each shipped framework; print throughput and peak memory.

3,321 is the number of commune-level units (xã, phường, đặc khu) since 1/7/2025. Target: the
whole country in under one second on one core. Run: ``python benchmarks/scoring_bench.py``.
The submissions are shaped like real ones: about 3% of criteria unanswered, half the measured
answers self-scored too, and 80% of the answers citing a document (which the digest covers).

Columns: ``country s`` times ``score_many(fw, batch)``, the batch API a province- or
country-wide run uses (``chinhquyen cohort`` too): the number to compare with the target;
``cards/s`` is its throughput and ``cpu s`` its CPU time (one core: scoring is
single-threaded; on a busy machine the CPU time is steadier than the wall clock). ``loop s``
times a plain loop ``[score(fw, a) for a in batch]``: the same scorecards, plus Python's
cyclic garbage collector walking the whole heap (inputs and cards) as the cards pile up,
which ``score_many`` pauses. Peers measured in the same run, as ratios: ``×validate`` is the
batch scoring time over the time pydantic takes to validate the same submissions
(``SelfAssessment.model_validate`` of the plain data, the cost of reading them in);
``general×`` is how many times slower the engine's general (reference) path is than the
compiled plan, both in plain loops. Every timing is the best of ``REPEAT`` runs over the same
inputs, built beforehand; ``peak MiB`` is the peak traced memory of one plain loop (traced
separately: tracing slows allocation down).
"""

from __future__ import annotations

import gc
import random
import time
import tracemalloc
from decimal import Decimal
from typing import Any

from chinhquyen import criteria
from chinhquyen.scoring import Scorecard, SelfAssessment, engine, score
from chinhquyen.scoring.digest import digest
from chinhquyen.scoring.engine import score_many

COMMUNES = 3321
REPEAT = 5


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


def synthetic_data(fw: criteria.Framework, n: int, seed: int = 2025) -> list[dict[str, Any]]:
    """``n`` submissions for ``fw`` as plain data (what a JSON file holds)."""
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
            if rnd.random() < 0.8:  # most answers cite a document, as real submissions do
                answer["evidence"] = [
                    {"document": f"{rnd.randint(1, 300)}/KH-UBND", "file": f"minh-chung/{c.id}.pdf"}
                ]
            answers[c.id] = answer
        disq = {k.id: rnd.random() < 0.02 for k in fw.knockouts if k.kind == "disqualifier"}
        out.append(
            {
                "framework": fw.id,
                "unit": {"code": f"{i:05d}", "name": f"Xã {i}", "province": province},
                "period": year,
                "answers": answers,
                "disqualifiers": disq,
            }
        )
    return out


def synthetic(fw: criteria.Framework, n: int, seed: int = 2025) -> list[SelfAssessment]:
    """``n`` validated self-assessments for ``fw``."""
    return [SelfAssessment.model_validate(d) for d in synthetic_data(fw, n, seed)]


def general(fw: criteria.Framework, a: SelfAssessment) -> Scorecard:
    """``score`` by the engine's general (reference) path alone, criterion by criterion."""
    engine.check_assessment(fw, a)
    results = [
        [engine._criterion_result(fw, c, a.answers.get(c.id)) for c in part]
        for part in (list(fw.criteria()), fw.adjustments)
    ]
    return engine.assemble(
        fw,
        results[0],
        results[1],
        unit=a.unit,
        period=a.period,
        submitted=a.submitted,
        disqualifiers=a.disqualifiers,
        assessment_digest=digest(a),
    )


def _best(run: Any) -> tuple[float, float]:
    """The fastest of REPEAT timed runs (the others were slowed by something else): wall, CPU."""
    walls, cpus = [], []
    for _ in range(REPEAT):
        gc.collect()  # start each run from the same heap: no garbage left by the previous one
        start, cpu = time.perf_counter(), time.process_time()
        cards = run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        assert len(cards) == COMMUNES
        del cards
    return min(walls), min(cpus)


def main() -> None:
    print(
        f"{'framework':24} {'criteria':>8} {'cards':>6} {'country s':>9} {'cpu s':>6}"
        f" {'cards/s':>8} {'loop s':>7} {'×validate':>9} {'general×':>8} {'peak MiB':>8}"
    )
    for fid in criteria.available():
        fw = criteria.load(fid)
        data = synthetic_data(fw, COMMUNES)
        batch = [SelfAssessment.model_validate(d) for d in data]
        assert general(fw, batch[0]) == score(fw, batch[0])  # the peer gives the same card
        tracemalloc.start()
        cards = [score(fw, a) for a in batch]
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del cards
        many, cpu = _best(lambda fw=fw, batch=batch: score_many(fw, batch))
        loop, _ = _best(lambda fw=fw, batch=batch: [score(fw, a) for a in batch])
        validate, _ = _best(lambda data=data: [SelfAssessment.model_validate(d) for d in data])
        slow, _ = _best(lambda fw=fw, batch=batch: [general(fw, a) for a in batch])
        n = len(list(fw.criteria())) + len(fw.adjustments)
        print(
            f"{fid:24} {n:8d} {COMMUNES:6d} {many:9.3f} {cpu:6.3f} {COMMUNES / many:8.0f}"
            f" {loop:7.3f} {many / validate:9.2f} {slow / loop:8.1f} {peak / 2**20:8.1f}"
        )


if __name__ == "__main__":
    main()
