"""Charts for notebooks and reports: a scorecard's groups, and a cohort's ranking.

Needs the `plot` extra: `pip install 'chinhquyen[plot]'`. The functions build a
`matplotlib.figure.Figure` directly, without `pyplot`, so they work with any backend
(including Agg on a server) and never open a window; in Jupyter the returned figure displays
itself. Points are converted to floats only to draw them.

The charts are laid out for real Vietnamese titles, which are long: a label is wrapped onto at
most three lines (two for a commune) and shortened with "…" beyond that; the figure grows with
the number of lines; the legend sits below the plot, outside it; each value is written to the
right of its bar and of the self-score mark, so no mark crosses a number.
"""

from __future__ import annotations

import textwrap
import unicodedata
from typing import TYPE_CHECKING, Any

from chinhquyen.extras import require
from chinhquyen.scoring.numbers import display as fmt

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from chinhquyen.scoring.cohort import Cohort
    from chinhquyen.scoring.scorecard import Scorecard

__all__ = ["cohort_chart", "group_chart", "wrap_label"]

_MAX_COLOR = "#d9d9d9"
_POINTS_COLOR = "#2f6f9f"
_SELF_COLOR = "#c0392b"

#: The figure's width in inches; the height follows the number of rows and label lines.
WIDTH = 8.0
#: Characters per line of a row label and of the title.
LABEL_CHARS = 30
TITLE_CHARS = 60
#: Inches of figure height outside the rows (title, axis, legend), and per line of a row label.
_FRAME = 1.5
_ROW = 0.22
_LINE = 0.17
#: Points between a bar's end (or a self-score mark) and its value.
_PAD = 5.0


def wrap_label(text: str, width: int = LABEL_CHARS, lines: int = 3, *, suffix: str = "") -> str:
    """`text` and `suffix` wrapped onto at most `lines` lines of about `width` characters each.

    Words are never broken unless one is longer than a line. Text that does not fit is cut at
    a word and ends with "…", followed by `suffix`, which is always kept whole (a tier, or a
    "(chưa đủ)" mark, must not be cut away). The text is put in Unicode NFC first, so a letter
    with its accents counts once.

    Examples:
        >>> print(wrap_label("Công tác cải cách hành chính", width=16))
        Công tác cải
        cách hành chính
    """
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    suffix = unicodedata.normalize("NFC", suffix)
    options: dict[str, Any] = {"width": width, "break_on_hyphens": False}
    parts = textwrap.wrap(text + suffix, **options)
    if len(parts) > lines:
        parts = textwrap.wrap(text, **options)
        rest = " ".join(parts[lines - 1 :])
        last = textwrap.shorten(rest, width=max(1, width - len(suffix)), placeholder="…")
        parts = [*parts[: lines - 1], last + suffix]
    return "\n".join(parts)


def _figure(rows: list[str], feature: str) -> Figure:
    figure_mod = require("matplotlib.figure", "plot", feature)
    lines = sum(label.count("\n") + 1 for label in rows) if rows else 1
    height = _FRAME + _ROW * max(1, len(rows)) + _LINE * lines
    fig: Figure = figure_mod.Figure(figsize=(WIDTH, height), layout="constrained")
    return fig


def _value_labels(ax: Axes, ys: list[int], ends: list[float], texts: list[str]) -> None:
    """Write each value `_PAD` points right of its end (the bar's, or a mark beyond it)."""
    for y, x, text in zip(ys, ends, texts, strict=True):
        ax.annotate(
            text,
            xy=(x, y),
            xytext=(_PAD, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize="small",
        )


def _legend(fig: Figure, handles: list[Any]) -> None:
    """The legend below the plot, outside it, on one row, in the order of `handles`."""
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False)


def group_chart(card: Scorecard, *, lang: str = "vi") -> Figure:
    """Horizontal bars of each group's points against its maximum.

    The grey bar is the group's max, the blue bar the points obtained; a group with
    unreported criteria is marked "(chưa đủ)" / "(incomplete)" so a gap is not read as a zero.

    Args:
        card: the scorecard.
        lang: `"vi"` (Vietnamese titles) or `"en"` (English where the framework gives it).
    """
    groups = list(card.groups)
    vi = lang != "en"
    labels = []
    for g in groups:
        title = g.title if vi or not g.title_en else g.title_en
        mark = (" (chưa đủ)" if vi else " (incomplete)") if g.not_reported else ""
        labels.append(wrap_label(title, suffix=mark))
    fig = _figure(labels, "group_chart()")
    ax = fig.add_subplot()
    y = list(range(len(groups)))[::-1]
    tops = [float(max(g.max_points, g.points)) for g in groups]
    most = ax.barh(
        y,
        [float(g.max_points) for g in groups],
        color=_MAX_COLOR,
        label="Điểm tối đa" if vi else "Maximum",
    )
    got = ax.barh(
        y,
        [float(g.points) for g in groups],
        color=_POINTS_COLOR,
        height=0.5,
        label="Điểm đạt" if vi else "Points",
    )
    _value_labels(ax, y, tops, [f"{fmt(g.points)}/{fmt(g.max_points)}" for g in groups])
    ax.set_yticks(y, labels)
    ax.set_xlabel("Điểm" if vi else "Points")
    score = f" — {card.period_label}: {fmt(card.total)}/{fmt(card.max_points)}"
    tier = card.tier if vi or not card.tier_en else card.tier_en
    if tier:
        score += f" ({tier})"
    fig.suptitle(wrap_label(card.unit.name, TITLE_CHARS, 2, suffix=score))
    ax.set_xlim(0, max(tops, default=1.0) * 1.25 or 1.0)
    _legend(fig, [got, most])
    return fig


def cohort_chart(cohort: Cohort, *, top: int | None = None, lang: str = "vi") -> Figure:
    """The communes ranked by total, with each one's self-assessed total as a red mark.

    Args:
        cohort: the communes' scorecards.
        top: show only the first `top` of the ranking.
        lang: `"vi"` or `"en"` for the axis, legend and tier text.
    """
    ranked = cohort.ranking()
    if top is not None:
        ranked = ranked[:top]
    vi = lang != "en"
    cards = [r.scorecard for r in ranked]
    labels = []
    for r, c in zip(ranked, cards, strict=True):
        tier = c.tier if vi or not c.tier_en else c.tier_en
        labels.append(
            wrap_label(f"{r.rank}. {c.unit.name}", lines=2, suffix=f" ({tier})" if tier else "")
        )
    fig = _figure(labels, "cohort_chart()")
    ax = fig.add_subplot()
    y = list(range(len(ranked)))[::-1]
    handles: list[Any] = [
        ax.barh(
            y,
            [float(c.total) for c in cards],
            color=_POINTS_COLOR,
            label="Tổng điểm" if vi else "Total",
        )
    ]
    selfs = [
        (yy, float(c.self_total))
        for yy, c in zip(y, cards, strict=True)
        if c.self_total is not None
    ]
    if selfs:
        mark = ax.scatter(
            [s for _, s in selfs],
            [yy for yy, _ in selfs],
            color=_SELF_COLOR,
            marker="|",
            s=200,
            linewidths=2,
            zorder=3,
            label="Tự chấm" if vi else "Self-assessed",
        )
        handles.append(mark)
    ends = [max(float(c.total), float(c.self_total or 0)) for c in cards]
    _value_labels(ax, y, ends, [fmt(c.total) for c in cards])
    ax.set_yticks(y, labels)
    ax.set_xlabel("Điểm" if vi else "Points")
    if cards:
        title, period = cards[0].framework_title, cards[0].period_label
        fig.suptitle(wrap_label(title, TITLE_CHARS, 2, suffix=f" — {period}"))
        right = max([float(c.max_points) for c in cards] + ends)
        ax.set_xlim(0, right * 1.15 or 1.0)
    _legend(fig, handles)
    return fig
