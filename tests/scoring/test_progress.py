"""The progress bar of long batches: drawn on a terminal, silent in a pipe, items unchanged."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chinhquyen.scoring import progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@given(st.lists(st.integers()), st.sampled_from([None, False]))
def test_items_pass_through_unchanged(items: list[int], show: bool | None) -> None:
    assert list(progress.track(items, label="x", show=show)) == items
    assert list(progress.track(iter(items), label="x", show=show)) == items


def test_silent_when_nobody_watches(capsys: pytest.CaptureFixture[str]) -> None:
    assert not progress.interactive()  # pytest captures standard error: not a terminal
    assert list(progress.track(range(5), label="Đọc tệp", delay=0)) == list(range(5))
    assert capsys.readouterr() == ("", "")


def test_drawn_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    assert progress.interactive()
    assert list(progress.track(range(7), label="Đọc tệp (reading)", delay=0)) == list(range(7))
    drawn = err.getvalue()
    assert "Đọc tệp (reading)" in drawn
    assert "7/7" in drawn


def test_a_quick_batch_shows_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    assert list(progress.track(range(3), label="Chấm điểm", delay=60)) == [0, 1, 2]
    assert err.getvalue() == ""


def test_a_bar_without_a_length(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)

    def items() -> Iterator[int]:
        yield from range(4)

    assert list(progress.track(items(), label="Chấm", total=4, show=True, delay=0)) == [0, 1, 2, 3]
    assert "4/4" in err.getvalue()


def test_the_bar_stops_when_the_loop_is_left(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    batch = progress.track(range(10), label="x", delay=0)
    for i in batch:
        if i == 3:
            break
    batch.close()  # type: ignore[attr-defined]
    drawn = err.getvalue()
    assert "3/10" in drawn and "4/10" not in drawn  # items 0, 1, 2 done when 3 was taken
    assert drawn.rfind("\x1b[?25h") > drawn.rfind("3/10")  # stopped: the cursor is shown again


def test_rich_is_not_imported_when_nobody_watches() -> None:
    code = (
        "import sys; from chinhquyen.scoring import progress;"
        "list(progress.track(range(3), label='x', delay=0));"
        "print('rich' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "False"
