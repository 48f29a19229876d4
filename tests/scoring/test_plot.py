"""Charts (plot extra): figures built without pyplot, laid out for long Vietnamese titles.

The layout tests draw each figure with the Agg renderer and read every text's box on the canvas
(the renderer's window extents): no two texts overlap, every text lies inside the figure, the
legend lies outside the plot, no value label touches a bar or a self-score mark, and the plot
keeps at least half of the figure's width. Drawing is done with warnings raised as errors, so a
`constrained_layout` warning (which prints the machine's paths in a notebook) fails the test.
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from tests.scoring._cards import card
from tests.strategies import all_kinds_framework_data

from chinhquyen import criteria, scoring
from chinhquyen.errors import MissingExtraError
from chinhquyen.scoring import plot

# Real names of the longest kind (the wards and communes of 2025 keep their old names).
LONG_NAMES = [
    "Xã Tân Hưng Đông Bắc Thượng",
    "Phường Nguyễn Thị Minh Khai",
    "Xã Minh Họa",
    "Đặc khu Côn Đảo",
    "Xã Ea Kiết",
    "Phường Bình Hưng Hòa Bắc Thượng Hạ Đông Tây Nam " * 4,  # far longer than any real name
]


def test_group_chart_draws_max_and_points_per_group() -> None:
    fig = plot.group_chart(card())
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == sorted([30.0, 40.0, 30.0, 23.0, 30.0, 0.0])
    at = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels()), strict=True))
    assert [at[y] for y in sorted(at)] == ["Nhóm 3 (chưa đủ)", "Nhóm 2", "Nhóm 1"]  # bottom up
    assert "53/100" in fig.get_suptitle()
    # each group's points beside its bar, as "points/max"
    assert sorted(t.get_text() for t in ax.texts) == ["0/30", "23/30", "30/40"]


def test_cohort_chart_ranks_and_marks_self_totals() -> None:
    cohort = scoring.Cohort([card("00001", "Xã Một"), card("00002", "Xã Hai", "2")])
    fig = plot.cohort_chart(cohort)
    (ax,) = fig.axes
    assert sorted(p.get_width() for p in ax.patches) == [47.5, 53.0]
    at = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels()), strict=True))
    assert [at[y] for y in sorted(at)] == ["2. Xã Hai (1 sao)", "1. Xã Một (1 sao)"]
    assert len(plot.cohort_chart(cohort, top=1).axes[0].patches) == 1
    english = plot.cohort_chart(cohort, lang="en").axes[0]
    top = max(zip(english.get_yticks(), english.get_yticklabels(), strict=True))[1]
    assert top.get_text() == "1. Xã Một (1 stars)"  # the test framework's English tier


def test_wrap_label_keeps_words_and_marks_a_cut() -> None:
    assert plot.wrap_label("Công tác cải cách hành chính", width=16) == (
        "Công tác cải\ncách hành chính"
    )
    long = "Mức độ hài lòng của cán bộ, công chức, người dân, tổ chức và doanh nghiệp " * 3
    lines = plot.wrap_label(long, width=30, lines=3).split("\n")
    assert len(lines) == 3 and lines[-1].endswith("…")
    marked = plot.wrap_label(long, width=30, lines=2, suffix=" (3 sao)").split("\n")
    assert len(marked) == 2 and marked[-1].endswith("… (3 sao)") and len(marked[-1]) <= 30
    assert plot.wrap_label("Xã A", suffix=" (3 sao)") == "Xã A (3 sao)"
    assert all(len(line) <= 30 for line in lines)
    words = set(long.split())
    assert all(w in words for line in lines for w in line.removesuffix("…").split())
    # a decomposed title (accents as separate marks) wraps as its composed form
    decomposed = "Công tác cải cách hành chính".encode().decode()
    import unicodedata

    nfd = unicodedata.normalize("NFD", decomposed)
    assert plot.wrap_label(nfd, width=16) == plot.wrap_label(decomposed, width=16)


# --- layout ------------------------------------------------------------------------------------


def _drawn(fig: Figure) -> Any:
    """Draw with Agg, warnings as errors; return the renderer."""
    canvas = FigureCanvasAgg(fig)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        canvas.draw()
    return canvas.get_renderer()


def _texts(fig: Figure, renderer: Any) -> list[tuple[str, Bbox]]:
    """Every text drawn, with its box: titles, axis labels, tick labels, values, legend."""
    (ax,) = fig.axes
    title = fig._suptitle  # the figure's title (matplotlib has no public getter for its box)
    texts = [
        *([title] if title is not None else []),
        ax.xaxis.label,
        *ax.get_yticklabels(),
        *ax.texts,
    ]
    low, high = ax.get_xlim()
    texts += [t for t, x in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True)
              if low <= x <= high]  # fmt: skip
    for legend in fig.legends:
        texts += legend.get_texts()
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_text()]


def _overlap(a: Bbox, b: Bbox) -> bool:
    return a.x0 < b.x1 - 0.5 and b.x0 < a.x1 - 0.5 and a.y0 < b.y1 - 0.5 and b.y0 < a.y1 - 0.5


def check_layout(fig: Figure) -> None:
    renderer = _drawn(fig)
    (ax,) = fig.axes
    boxes = _texts(fig, renderer)
    page = fig.bbox
    for text, box in boxes:
        assert page.x0 <= box.x0 and box.x1 <= page.x1, f"{text!r} leaves the figure sideways"
        assert page.y0 <= box.y0 and box.y1 <= page.y1, f"{text!r} leaves the figure"
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not _overlap(box_a, box_b), f"{a!r} overlaps {b!r}"
    plot_box = ax.get_window_extent(renderer)
    assert plot_box.width >= 0.5 * page.width, "the labels squeeze the plot"
    (legend,) = fig.legends
    legend_box = legend.get_window_extent(renderer)
    assert not _overlap(legend_box, plot_box), "the legend covers the plot"
    legend_texts = {t.get_text() for t in legend.get_texts()}
    for text, box in boxes:
        if text not in legend_texts:
            assert not _overlap(legend_box, box), f"the legend covers {text!r}"
    # values: inside the plot, right of every bar and mark on their row
    to_canvas = ax.transData.transform
    for value in ax.texts:
        box = value.get_window_extent(renderer)
        assert plot_box.x0 <= box.x0 and box.x1 <= plot_box.x1, f"{value.get_text()!r} is cut"
        for patch in ax.patches:
            bar = patch.get_window_extent(renderer)
            if _overlap(bar, box):
                raise AssertionError(f"{value.get_text()!r} is written over a bar")
        for collection in ax.collections:  # the self-score marks, 2 points wide
            for x, y in collection.get_offsets():
                mx, my = to_canvas((x, y))
                half_height = (collection.get_sizes()[0] ** 0.5) / 2 * fig.dpi / 72
                half_width = 1.0 * fig.dpi / 72
                mark = Bbox(
                    [[mx - half_width, my - half_height], [mx + half_width, my + half_height]]
                )
                assert not _overlap(mark, box), f"a self-score mark strikes {value.get_text()!r}"


def _bac_giang_cohort(names: list[str]) -> scoring.Cohort:
    base = scoring.load_assessment(scoring.example_path("bac-giang-2023.toml"))
    fw = criteria.load(base.framework)
    cards = []
    for i, name in enumerate(names):
        data = base.model_dump(mode="python")
        data["unit"] = {**data["unit"], "code": f"{i + 1:05d}", "name": name}
        # a spread of totals and self-scores: some over, some under, one equal
        first = data["answers"]["dan-chu-tuyen-truyen"]
        first["self_score"] = Decimal(20) - i % 8
        cards.append(scoring.score(fw, scoring.SelfAssessment.model_validate(data)))
    return scoring.Cohort(cards)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_group_chart_layout_with_real_titles(lang: str) -> None:
    cohort = _bac_giang_cohort(LONG_NAMES[:1])
    fig = plot.group_chart(cohort.scorecards[0], lang=lang)
    check_layout(fig)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any("\n" in label for label in labels)  # the long titles are wrapped


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cohort_chart_layout_with_long_names(lang: str) -> None:
    check_layout(plot.cohort_chart(_bac_giang_cohort(LONG_NAMES), lang=lang))


def test_cohort_chart_layout_with_many_communes() -> None:
    names = [f"{LONG_NAMES[i % 5]} {i}" for i in range(30)]
    fig = plot.cohort_chart(_bac_giang_cohort(names))
    check_layout(fig)
    assert len(fig.axes[0].patches) == 30


def test_group_chart_layout_with_absurdly_long_titles() -> None:
    data = all_kinds_framework_data()
    for group in data["groups"]:  # type: ignore[attr-defined]
        group["title"] = "Công tác xây dựng và thực hiện quy chế dân chủ ở cơ sở " * 6
    fw = criteria.Framework.model_validate(data)
    from tests.scoring._cards import assessment

    fig = plot.group_chart(scoring.score(fw, assessment("00001", LONG_NAMES[-1])))
    check_layout(fig)
    ax = fig.axes[0]
    at = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels()), strict=True))
    labels = [at[y] for y in sorted(at)]  # bottom up: g3, g2, g1
    assert all(label.count("\n") == 2 for label in labels)
    assert labels[0].endswith("… (chưa đủ)")  # the mark of a gap is never cut away
    assert labels[1].endswith("…") and labels[2].endswith("…")
    assert fig.get_suptitle().endswith("— 2025: 53/100 (1 sao)")


def test_charts_of_the_test_cards_are_laid_out() -> None:
    check_layout(plot.group_chart(card()))
    cohort = scoring.Cohort([card("00001", "Xã Một"), card("00002", "Xã Hai", "2")])
    check_layout(plot.cohort_chart(cohort))
    check_layout(plot.cohort_chart(scoring.Cohort([])))


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
