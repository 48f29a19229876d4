"""Charts for notebooks and reports: a scorecard's groups, and a cohort's ranking.

Needs the ``plot`` extra: ``pip install 'chinhquyen[plot]'``. The functions build a
:class:`matplotlib.figure.Figure` directly, without ``pyplot``, so they work with any backend
(including Agg on a server) and never open a window; in Jupyter the returned figure displays
itself. Points are converted to floats only to draw them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chinhquyen.extras import require
from chinhquyen.scoring.numbers import display as fmt

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from chinhquyen.scoring.cohort import Cohort
    from chinhquyen.scoring.scorecard import Scorecard

__all__ = ["cohort_chart", "group_chart"]

_MAX_COLOR = "#d9d9d9"
_POINTS_COLOR = "#2f6f9f"
_SELF_COLOR = "#c0392b"


def _figure(height: float, feature: str) -> Figure:
    figure_mod = require("matplotlib.figure", "plot", feature)
    fig: Figure = figure_mod.Figure(figsize=(8.0, height), layout="constrained")
    return fig


def group_chart(card: Scorecard, *, lang: str = "vi") -> Figure:
    """Horizontal bars of each group's points against its maximum.

    The grey bar is the group's max, the blue bar the points obtained; a group with
    unreported criteria is marked "(chưa đủ)" / "(incomplete)" so a gap is not read as a zero.

    Args:
        card: the scorecard.
        lang: ``"vi"`` (Vietnamese titles) or ``"en"`` (English where the framework gives it).
    """
    groups = list(card.groups)
    fig = _figure(1.2 + 0.6 * max(1, len(groups)), "group_chart()")
    ax = fig.add_subplot()
    vi = lang != "en"
    labels = []
    for g in groups:
        title = g.title if vi or not g.title_en else g.title_en
        if g.not_reported:
            title += " (chưa đủ)" if vi else " (incomplete)"
        labels.append(title)
    y = list(range(len(groups)))[::-1]
    ax.barh(y, [float(g.max_points) for g in groups], color=_MAX_COLOR,
            label="Điểm tối đa" if vi else "Maximum")  # fmt: skip
    bars = ax.barh(y, [float(g.points) for g in groups], color=_POINTS_COLOR, height=0.5,
                   label="Điểm đạt" if vi else "Points")  # fmt: skip
    ax.bar_label(bars, labels=[f"{fmt(g.points)}/{fmt(g.max_points)}" for g in groups], padding=3)
    ax.set_yticks(y, labels)
    ax.set_xlabel("Điểm" if vi else "Points")
    head = f"{card.unit.name} — {card.period_label}: {fmt(card.total)}/{fmt(card.max_points)}"
    if card.tier:
        head += f" ({card.tier})"
    ax.set_title(head)
    ax.legend(loc="lower right")
    ax.set_xlim(0, float(max((g.max_points for g in groups), default=1)) * 1.15)
    return fig


def cohort_chart(cohort: Cohort, *, top: int | None = None, lang: str = "vi") -> Figure:
    """The communes ranked by total, with each one's self-assessed total as a red mark.

    Args:
        cohort: the communes' scorecards.
        top: show only the first ``top`` of the ranking.
        lang: ``"vi"`` or ``"en"`` for the axis and legend text.
    """
    ranked = cohort.ranking()
    if top is not None:
        ranked = ranked[:top]
    vi = lang != "en"
    fig = _figure(1.2 + 0.35 * max(1, len(ranked)), "cohort_chart()")
    ax = fig.add_subplot()
    y = list(range(len(ranked)))[::-1]
    cards = [r.scorecard for r in ranked]
    labels = [f"{r.rank}. {c.unit.name}" + (f" ({c.tier})" if c.tier else "")
              for r, c in zip(ranked, cards, strict=True)]  # fmt: skip
    bars = ax.barh(y, [float(c.total) for c in cards], color=_POINTS_COLOR,
                   label="Tổng điểm" if vi else "Total")  # fmt: skip
    ax.bar_label(bars, labels=[fmt(c.total) for c in cards], padding=3)
    selfs = [(yy, float(c.self_total)) for yy, c in zip(y, cards, strict=True)
             if c.self_total is not None]  # fmt: skip
    if selfs:
        ax.scatter([s for _, s in selfs], [yy for yy, _ in selfs], color=_SELF_COLOR, marker="|",
                   s=200, zorder=3, label="Tự chấm" if vi else "Self-assessed")  # fmt: skip
    ax.set_yticks(y, labels)
    ax.set_xlabel("Điểm" if vi else "Points")
    if cards:
        ax.set_title(f"{cards[0].framework_title} — {cards[0].period_label}")
        top_points = max([float(c.max_points) for c in cards] + [s for _, s in selfs])
        ax.set_xlim(0, top_points * 1.12)
    ax.legend(loc="lower right")
    return fig
