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

from chinhquyen import scoring
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


def test_asked_for_it_is_drawn_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    assert list(progress.track(range(2), label="x", show=True, delay=60)) == [0, 1]
    assert "2/2" in err.getvalue()


def test_loading_and_scoring_draw_a_bar_when_asked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    example = scoring.example_path("dong-nai-2025.json").read_text("utf-8")
    for n in (1, 2):
        (tmp_path / f"{n}.json").write_text(example.replace("99901", f"9990{n + 1}"), "utf-8")
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    assessments = scoring.load_assessments(tmp_path, progress=True)
    assert "Đọc tệp (reading files)" in err.getvalue() and "2/2" in err.getvalue()
    err.seek(0)
    err.truncate()
    cards = scoring.score_many("dong-nai/qd-54-2025", assessments, progress=True)
    assert "Chấm điểm (scoring)" in err.getvalue() and "2/2" in err.getvalue()
    assert [c.total for c in cards] == [
        scoring.score(c.framework, a).total for c, a in zip(cards, assessments, strict=True)
    ]
    err.seek(0)
    err.truncate()
    scoring.score_many("dong-nai/qd-54-2025", assessments, progress=False)
    scoring.load_assessments(tmp_path, progress=False)
    assert err.getvalue() == ""


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
