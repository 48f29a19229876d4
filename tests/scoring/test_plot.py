"""Charts (plot extra): figures built without pyplot, one bar per group or commune."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from tests.scoring._cards import card

from chinhquyen import scoring
from chinhquyen.errors import MissingExtraError
from chinhquyen.scoring import plot


def test_group_chart_draws_max_and_points_per_group() -> None:
    fig = plot.group_chart(card())
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == sorted([30.0, 40.0, 30.0, 23.0, 30.0, 0.0])
    at = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels()), strict=True))
    assert [at[y] for y in sorted(at)] == ["Nhóm 3 (chưa đủ)", "Nhóm 2", "Nhóm 1"]  # bottom up
    assert "53/100" in ax.get_title()


def test_cohort_chart_ranks_and_marks_self_totals() -> None:
    cohort = scoring.Cohort([card("00001", "Xã Một"), card("00002", "Xã Hai", "2")])
    fig = plot.cohort_chart(cohort)
    (ax,) = fig.axes
    assert sorted(p.get_width() for p in ax.patches) == [47.5, 53.0]
    at = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels()), strict=True))
    assert [at[y] for y in sorted(at)] == ["2. Xã Hai (1 sao)", "1. Xã Một (1 sao)"]
    assert len(plot.cohort_chart(cohort, top=1).axes[0].patches) == 1


def test_charts_never_import_pyplot() -> None:
    code = (
        "import sys; from tests.scoring._cards import card; from chinhquyen.scoring import plot;"
        "fig = plot.group_chart(card()); print('matplotlib.pyplot' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "False"


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'chinhquyen\[plot\]'"):
        plot.group_chart(card())
