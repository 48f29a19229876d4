"""The Excel form of a 10,000-criterion framework: made, saved and read; CPU time beside a peer.

Issue 10 measured 66 s for `excel.template` of such a framework (a data validation per row,
each added cell checked against all the others). The peer is openpyxl writing the same cell
values with nothing else — no styles, validations or print setup: the floor a form of this
size costs. Columns (CPU seconds, best of `REPEAT`): `template` makes the form, `save` writes
it, `read` reads it back filled (through `chinhquyen.readers`), `bare` is the peer's make and
save; `form/bare` is (template + save) over the peer. Run:
`python benchmarks/excel_bench.py [--criteria N] [--baseline ../old-checkout/src]` — a baseline
is measured in the same run, in its own interpreter, alternating with this version.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPEAT = 3

#: A criterion of each measure kind the form writes differently (ids made unique per row).
_MEASURES: list[dict[str, Any]] = [
    {"kind": "self_scored", "step": "0.5"},
    {"kind": "yes_no"},
    {"kind": "ratio", "numerator": "hồ sơ đúng hạn", "denominator": "hồ sơ", "on_empty": "zero"},
    {"kind": "quota", "target": 2, "per": "year", "unit": "hội nghị", "partial": "proportional"},
    {"kind": "external_index", "index": "PAR", "scale_max": 100, "conversion": "linear"},
    {
        "kind": "checklist",
        "rule": "all_or_nothing",
        "items": [
            {"id": f"i{i}", "title": f"Nội dung {i}", "sources": [{"document": "x"}]}
            for i in (1, 2, 3)
        ],
    },
]


def framework(n: int) -> Any:
    """A framework of `n` criteria of 1 point, in 10 groups, cycling through the kinds."""
    from chinhquyen import criteria

    source = [{"document": "Benchmark (generated)", "basis": "assumption"}]
    groups = []
    per = n // 10
    for g in range(10):
        crits = [
            {
                "id": f"g{g}-c{i}",
                "title": f"Tiêu chí số {i} của nhóm {g}: nội dung được đánh giá theo quy định",
                "max_points": 1,
                "measure": _MEASURES[i % len(_MEASURES)],
                "sources": source,
            }
            for i in range(per)
        ]
        groups.append(
            {
                "id": f"g{g}",
                "title": f"Nhóm {g}",
                "max_points": per,
                "sources": source,
                "criteria": crits,
            }
        )
    return criteria.Framework.model_validate(
        {
            "id": "bench/excel",
            "version": "1",
            "title": "Bộ tiêu chí đo thời gian",
            "issuer": "benchmark",
            "jurisdiction": {"province": "Thử nghiệm", "level": "commune"},
            "legal_basis": source,
            "effective_from": dt.date(2025, 1, 1),
            "status": "derived",
            "status_note": "Generated for a benchmark.",
            "max_points": per * 10,
            "rounding": {"places": 2, "mode": "half_up"},
            "groups": groups,
        }
    )


def _best(run: Callable[[], Any]) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(REPEAT):
        start = time.process_time()
        out = run()
        best = min(best, time.process_time() - start)
    return best, out


def measure(n: int) -> dict[str, float]:
    """Best-of-REPEAT CPU seconds of the form's template, save and read, and the peer's."""
    import openpyxl

    from chinhquyen.scoring import excel

    fw = framework(n)
    template, wb = _best(lambda: excel.template(fw))

    def save() -> bytes:
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()

    saving, _ = _best(save)
    ws = wb[excel.SHEET]
    ws["B3"], ws["D3"], ws["B4"], ws["B5"] = "00127", "Xã A", "Thử nghiệm", 2025
    for r in range(excel.FIRST_ROW, excel.FIRST_ROW + n, 7):
        ws[f"F{r}"] = 0.5
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.xlsx"
        path.write_bytes(save())
        reading, _ = _best(lambda: excel.read(path, fw))

    rows = [
        (g.id, c.id, c.title, "Tự chấm điểm (F)", int(c.max_points))
        for g in fw.groups
        for c in g.criteria
    ]

    def bare() -> bytes:
        book = openpyxl.Workbook()
        sheet = book.active
        for r, values in enumerate(rows, start=9):
            for column, value in enumerate(values, start=1):
                sheet.cell(r, column, value)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    peer, _ = _best(bare)
    return {"criteria": n, "template": template, "save": saving, "read": reading, "bare": peer}


def _run(src: str, n: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run(
        [sys.executable, __file__, "--measure", str(n)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--criteria", type=int, default=10_000)
    parser.add_argument("--baseline", help="the src folder of another version to compare with")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    here = str(Path(__file__).resolve().parents[1] / "src")
    versions = {"this": here} if args.baseline is None else {"before": args.baseline, "this": here}
    print(
        f"{'version':>7} {'criteria':>8} {'template':>8} {'save':>6} {'read':>6} {'bare':>6}"
        f" {'form/bare':>9}"
    )
    for name, src in versions.items():
        r = _run(src, args.criteria)
        print(
            f"{name:>7} {int(r['criteria']):8d} {r['template']:8.2f} {r['save']:6.2f}"
            f" {r['read']:6.2f} {r['bare']:6.2f} {(r['template'] + r['save']) / r['bare']:9.1f}"
        )


if __name__ == "__main__":
    main()
