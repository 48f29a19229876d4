"""The README's example runs and prints what its comments promise."""

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_example_runs_and_matches_its_comments() -> None:
    blocks = _python_blocks()
    assert blocks, "README.md has no python example"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, str(README), "exec"), {})
    lines = out.getvalue().splitlines()
    # 14 + 14.5 + 19 + 50 x 88.6 / 100 = 91.8, which is 3 sao (90 <= total < 95, QĐ 54/2025).
    assert lines[0] == "91.80 3 sao"
    # Received Fri 13/2/2026 after 15:00; Tết 2026 ran Sat 14/2 - Sun 22/2, so counting starts
    # Mon 23/2 and five working days later is Mon 2/3/2026 (counted by hand).
    assert lines[-1] == "2026-03-02"
    assert any("SHA-256" in line for line in lines)
