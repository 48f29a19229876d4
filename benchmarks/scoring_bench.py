"""Score 3,321 synthetic communes on each shipped framework; print CPU time beside peers.

3,321 is the number of commune-level units (xã, phường, đặc khu) since 1/7/2025. Targets: the
whole country in under one second of CPU on one core per shipped framework, with
`score_many` and with a plain `score` loop, and scoring at most 0.6× the time pydantic takes to
validate the same submissions. Run: `python benchmarks/scoring_bench.py`, or, to print the
numbers of another version of the library measured in the same run beside this one,
`python benchmarks/scoring_bench.py --baseline ../old-checkout/src`.

The submissions are shaped like real ones: about 3% of criteria unanswered, half the measured
answers self-scored too, and 80% of the answers citing a document (which the digest covers).

Columns (CPU seconds for the whole country; one core: scoring is single-threaded, and on a
busy machine CPU time is steadier than the wall clock): `score_many` is the batch API a
province- or country-wide run uses (`chinhquyen cohort` too); `loop` is a plain loop
`[score(fw, a) for a in batch]`, which also pays for Python's cyclic garbage collector walking
the heap as the cards pile up (`score_many` pauses it); `validate` is the peer,
`SelfAssessment.model_validate` of the plain data (the cost of reading the submissions in);
`many/val` and `loop/val` are the ratios. Every figure is the best of `REPEAT` runs over the
same inputs, built beforehand, each in a fresh interpreter per version (versions alternate, so
a slow minute of this machine hits both).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from chinhquyen import criteria, units
from chinhquyen.scoring import SelfAssessment, score, score_many

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
    if kind == "tally":
        return {"kind": kind, "amount": Decimal(rnd.randint(0, 5000)) / 10}
    raise AssertionError(kind)


def _units(fw: criteria.Framework, year: int, n: int) -> list[dict[str, str]]:
    """``n`` units scoring accepts for ``fw`` in ``year``: the registry's, once it covers the year.

    Scoring checks a unit against the registry of commune-level units for periods ending on or
    after 1/7/2025, so the submissions name real communes of the framework's province (of the
    country for a nationwide framework), repeated as needed; before that, made-up codes.
    """
    end = dt.date(year, 12, 31)
    province = fw.jurisdiction.province
    if end < units.registry_dates()[0]:
        return [
            {"code": f"{i:05d}", "name": f"Xã {i}", "province": province or "Tổng hợp"}
            for i in range(n)
        ]
    pool = units.communes(on=end, province=province)
    return [
        {"code": u.code, "name": u.full_name, "province": province or u.province.full_name}
        for u in (pool[i % len(pool)] for i in range(n))
    ]


def _bonus_penalty(fw: Any) -> list[Any]:
    """The framework's bonus and penalty items (`adjustments` before release 0.2)."""
    items = getattr(fw, "bonus_penalty", None)
    return list(fw.adjustments if items is None else items)


def synthetic_data(fw: criteria.Framework, n: int, seed: int = 2025) -> list[dict[str, Any]]:
    """``n`` submissions for ``fw`` as plain data (what a JSON file holds)."""
    rnd = random.Random(seed)
    year = max(fw.effective_from.year, 2024)
    if fw.effective_to is not None:
        year = min(year, fw.effective_to.year)
    unit_list = _units(fw, year, n)
    out = []
    for i in range(n):
        answers: dict[str, Any] = {}
        for c in [*fw.criteria(), *_bonus_penalty(fw)]:
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
                "unit": unit_list[i],
                "period": year,
                "answers": answers,
                "disqualifiers": disq,
            }
        )
    return out


def synthetic(fw: criteria.Framework, n: int, seed: int = 2025) -> list[SelfAssessment]:
    """``n`` validated self-assessments for ``fw``."""
    return [SelfAssessment.model_validate(d) for d in synthetic_data(fw, n, seed)]


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


def measure(fid: str) -> dict[str, float]:
    """Best-of-REPEAT CPU seconds of score_many, a plain loop and validation for one framework."""
    fw = criteria.load(fid)
    data = synthetic_data(fw, COMMUNES)
    batch = [SelfAssessment.model_validate(d) for d in data]
    score(fw, batch[0])  # the framework's plan is built once, outside the timings
    _, many = _best(lambda: score_many(fw, batch))
    _, loop = _best(lambda: [score(fw, a) for a in batch])
    _, validate = _best(lambda: [SelfAssessment.model_validate(d) for d in data])
    n = len(list(fw.criteria())) + len(_bonus_penalty(fw))
    return {"criteria": n, "many": many, "loop": loop, "validate": validate}


def _run(src: str, fid: str) -> dict[str, float]:
    """`measure(fid)` in a fresh interpreter importing the library from `src`."""
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run(
        [sys.executable, __file__, "--measure", fid],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="the src folder of another version to compare with")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    here = str(Path(__file__).resolve().parents[1] / "src")
    versions = {"this": here} if args.baseline is None else {"before": args.baseline, "this": here}
    print(
        f"{'framework':24} {'criteria':>8} {'version':>7} {'score_many':>10} {'loop':>6}"
        f" {'validate':>8} {'many/val':>8} {'loop/val':>8}"
    )
    for fid in criteria.available():
        best: dict[str, dict[str, float]] = {}
        for _ in range(2):  # versions alternate; the best of each is kept
            for name, src in versions.items():
                got = _run(src, fid)
                old = best.get(name)
                best[name] = got if old is None else {k: min(v, old[k]) for k, v in got.items()}
        for name, r in best.items():
            print(
                f"{fid:24} {int(r['criteria']):8d} {name:>7} {r['many']:10.3f} {r['loop']:6.3f}"
                f" {r['validate']:8.3f} {r['many'] / r['validate']:8.2f}"
                f" {r['loop'] / r['validate']:8.2f}"
            )


if __name__ == "__main__":
    main()
