"""What importing the library costs, beside importing its dependencies, in fresh interpreters.

Target: `import chinhquyen, chinhquyen.criteria, chinhquyen.scoring, chinhquyen.calendar` costs
at most 1.75× importing its dependencies (pydantic with `BaseModel`, attrs, pendulum), and pulls
in neither numpy nor pandas. Run: `python benchmarks/import_bench.py`, or with
`--baseline ../old-checkout/src` to print another version's numbers from the same run.

The packages load their submodules when a name is first used, so the import itself is cheap;
the columns after it show where the cost went — the first real use: loading a shipped framework,
then scoring the example submission (its models' validators are built on first use too). Each
figure is the median of `RUNS` fresh interpreters (wall clock: imports are I/O and CPU alike);
versions alternate so a slow moment of the machine hits both.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

RUNS = 15

DEPS = "import pydantic; from pydantic import BaseModel; import attrs, pendulum"
LIBRARY = "import chinhquyen, chinhquyen.criteria, chinhquyen.scoring, chinhquyen.calendar"
FRAMEWORK = "chinhquyen.criteria.load('dong-nai/qd-54-2025')"
SCORE = (
    "s = chinhquyen.scoring; a = s.load_assessment(s.example_path('dong-nai-2025.json'));"
    " s.score(a.framework, a)"
)

_PROBE = """
import sys, time
t0 = time.perf_counter()
{deps}
t1 = time.perf_counter()
{library}
t2 = time.perf_counter()
{framework}
t3 = time.perf_counter()
{score}
t4 = time.perf_counter()
heavy = [m for m in ("numpy", "pandas") if m in sys.modules]
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, ",".join(heavy) or "-")
"""


def _probe(src: str) -> tuple[float, float, float, float, str]:
    code = _PROBE.format(deps=DEPS, library=LIBRARY, framework=FRAMEWORK, score=SCORE)
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1]), float(out[2]), float(out[3]), out[4]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="the src folder of another version to compare with")
    args = parser.parse_args()
    here = str(Path(__file__).resolve().parents[1] / "src")
    versions = {"this": here} if args.baseline is None else {"before": args.baseline, "this": here}
    runs: dict[str, list[tuple[float, float, float, float, str]]] = {v: [] for v in versions}
    for _ in range(RUNS):
        for name, src in versions.items():
            runs[name].append(_probe(src))
    print(
        f"{'version':8} {'deps ms':>8} {'import ms':>9} {'total/deps':>10}"
        f" {'+framework ms':>13} {'+score ms':>9}  heavy modules imported"
    )
    for name, rows in runs.items():
        deps = statistics.median(r[0] for r in rows)
        own = statistics.median(r[1] for r in rows)
        framework = statistics.median(r[2] for r in rows)
        first = statistics.median(r[3] for r in rows)
        heavy = sorted({r[4] for r in rows})
        print(
            f"{name:8} {deps * 1e3:8.1f} {own * 1e3:9.1f} {(deps + own) / deps:10.2f}"
            f" {framework * 1e3:13.1f} {first * 1e3:9.1f}  {', '.join(heavy)}"
        )


if __name__ == "__main__":
    main()
