"""HTML tables for Jupyter: a scorecard and a cohort, Vietnamese labels with English beside.

Shortfalls are highlighted; a not-reported criterion shows "Chưa báo cáo", never a 0. All text
that comes from data is escaped.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from chinhquyen.scoring.numbers import display as fmt
from chinhquyen.scoring.numbers import display_signed as signed
from chinhquyen.scoring.status import CriterionStatus

if TYPE_CHECKING:  # pragma: no cover
    from chinhquyen.scoring.cohort import Cohort
    from chinhquyen.scoring.scorecard import CriterionResult, Scorecard

__all__ = ["cohort_html", "scorecard_html"]

_STATUS_STYLE = {
    CriterionStatus.MET: "color:#146c2e",
    CriterionStatus.PARTIAL: "color:#8a5a00",
    CriterionStatus.UNMET: "color:#b3261e",
    CriterionStatus.NOT_REPORTED: "color:#5f6368;font-style:italic",
    CriterionStatus.NOT_APPLICABLE: "color:#5f6368",
}
_SHORT = "background:#fde7e4"
_APPRAISED = "background:#fff4d6"
_TABLE = "border-collapse:collapse;font-size:13px"
_CELL = "border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top"
_NUM = "border:1px solid #ddd;padding:3px 6px;text-align:right;vertical-align:top"


def _td(text: str, style: str = _CELL, extra: str = "") -> str:
    return f'<td style="{style};{extra}">{text}</td>'


def _th(vi: str, en: str) -> str:
    return (
        f'<th style="{_CELL};background:#f3f3f3">{escape(vi)}<br><small>{escape(en)}</small></th>'
    )


def _tier(card: Scorecard) -> str:
    if card.tier is None:
        text = "không xếp hạng (no tier)"
    else:
        text = escape(card.tier) + (f" ({escape(card.tier_en)})" if card.tier_en else "")
    if card.tier_provisional:
        text += " — <em>tạm tính (provisional)</em>"
    return text


def _criterion_row(r: CriterionResult, number: str) -> str:
    short = r.shortfall
    title = escape(r.title) + (f"<br><small>{escape(r.title_en)}</small>" if r.title_en else "")
    status = f"{escape(r.status.label)}<br><small>{escape(r.status.label_en)}</small>"
    reason = escape(r.reason) + f"<br><small>{escape(r.reason_en)}</small>"
    if r.appraised_points is not None:
        reason += (
            f"<br><b>Thẩm định (appraised):</b> {escape(r.appraisal_reason or '')}"
            f" <small>(tính toán / computed {fmt(r.computed_points)})</small>"
        )
    return (
        "<tr>"
        + _td(escape(number))
        + _td(f"{title}<br><code>{escape(r.criterion_id)}</code>")
        + _td(fmt(r.points), _NUM)
        + _td(fmt(r.max_points), _NUM)
        + _td(fmt(short) if short else "", _NUM, _SHORT if short else "")
        + _td(fmt(r.self_score), _NUM)
        + _td(status, _CELL, _STATUS_STYLE[r.status])
        + _td(reason)
        + "</tr>"
    )


def scorecard_html(card: Scorecard) -> str:
    """Render a scorecard as an HTML table with a header of totals, tier and knockouts."""
    u = card.unit
    head = [
        f"<b>{escape(u.name)}</b> ({escape(u.code)}), {escape(u.province)} — kỳ (period)"
        f" {escape(card.period_label)}",
        f"Bộ tiêu chí (framework): <code>{escape(card.framework)}</code>"
        f" v{escape(card.framework_version)} — {escape(card.framework_title)}",
        f"Tổng điểm (total): <b>{fmt(card.total)}</b> / {fmt(card.max_points)}"
        + (
            f" — tự chấm (self-score) {fmt(card.self_total)},"
            f" chênh (difference) {signed(card.self_difference)}"
            if card.self_total is not None
            else ""
        ),
        f"Xếp hạng (tier): <b>{_tier(card)}</b>",
    ]
    if card.not_reported:
        head.append(
            "Chưa báo cáo (not reported): "
            + escape(", ".join(card.not_reported))
            + f" — điểm tối đa phần đã báo cáo (reported max) {fmt(card.reported_max)}"
        )
    for k in card.triggered_knockouts:
        head.append(
            f'<span style="color:#b3261e">Điểm liệt (knockout): {escape(k.title)} —'
            f" {escape(k.reason)} — {escape(k.effect)}</span>"
        )
    if card.appraised:
        head.append("Đã thẩm định (appraised)")
    head.append(f"<small>SHA-256: <code>{card.digest}</code></small>")
    rows = [
        "<tr>"
        + _th("#", "#")
        + _th("Tiêu chí", "criterion")
        + _th("Điểm", "points")
        + _th("Tối đa", "max")
        + _th("Thiếu", "shortfall")
        + _th("Tự chấm", "self-score")
        + _th("Kết quả", "status")
        + _th("Lý do", "reason")
        + "</tr>"
    ]
    by_id = {r.criterion_id: r for r in card.criteria}
    for i, g in enumerate(card.groups, 1):
        short = g.shortfall
        rows.append(
            '<tr style="background:#fafafa;font-weight:bold">'
            + _td(str(i))
            + _td(
                escape(g.title) + (f"<br><small>{escape(g.title_en)}</small>" if g.title_en else "")
            )
            + _td(fmt(g.points), _NUM)
            + _td(fmt(g.max_points), _NUM)
            + _td(fmt(short) if short else "", _NUM, _SHORT if short else "")
            + _td(fmt(g.self_points), _NUM)
            + _td("")
            + _td("")
            + "</tr>"
        )
        for j, cid in enumerate(g.criterion_ids, 1):
            rows.append(_criterion_row(by_id[cid], f"{i}.{j}"))
    for j, r in enumerate(card.bonus_penalty, 1):
        rows.append(_criterion_row(r, f"+{j}"))
    return (
        '<div class="chinhquyen-scorecard">'
        + "<br>".join(head)
        + f'<table style="{_TABLE}">'
        + "".join(rows)
        + "</table></div>"
    )


def cohort_html(cohort: Cohort) -> str:
    """Render a cohort as a ranking table with tier counts and the self-score gaps.

    Once a commune is appraised, its row is marked and the table shows the self-assessed, the
    computed and the appraised totals side by side, before the total that counts.
    """
    if not len(cohort):
        return "<p>Không có phiếu chấm nào (empty cohort)</p>"
    counts = ", ".join(
        f"{escape(t) if t is not None else 'không xếp hạng (no tier)'}: {n}"
        for t, n in cohort.tier_counts().items()
    )
    appraised = sum(c.appraised for c in cohort)
    head = (
        _th("Hạng", "rank")
        + _th("Đơn vị", "commune")
        + _th("Tự chấm", "self-score")
        + (_th("Tính lại", "computed") + _th("Thẩm định", "appraised") if appraised else "")
        + _th("Điểm", "total")
        + _th("Chênh", "difference")
        + _th("Xếp hạng", "tier")
        + _th("Chưa báo cáo", "not reported")
    )
    rows = ["<tr>" + head + "</tr>"]
    for ranked in cohort.ranking():
        c = ranked.scorecard
        gap = c.self_difference
        unit = f"{escape(c.unit.name)} <small>({escape(c.unit.code)})</small>"
        if c.appraised:
            unit += "<br><small><b>đã thẩm định (appraised)</b></small>"
        sides = ""
        if appraised:
            sides = _td(fmt(c.computed_total), _NUM) + _td(
                fmt(c.total) if c.appraised else "", _NUM
            )
        rows.append(
            (f'<tr style="{_APPRAISED}">' if c.appraised else "<tr>")
            + _td(str(ranked.rank), _NUM)
            + _td(unit)
            + _td(fmt(c.self_total), _NUM)
            + sides
            + _td(f"<b>{fmt(c.total)}</b>", _NUM)
            + _td(signed(gap), _NUM, _SHORT if gap is not None and gap > 0 else "")
            + _td(_tier(c))
            + _td(str(len(c.not_reported)) if c.not_reported else "", _NUM)
            + "</tr>"
        )
    first = cohort.scorecards[0]
    marked = f"<br>Đã thẩm định (appraised): {appraised}/{len(cohort)}" if appraised else ""
    return (
        '<div class="chinhquyen-cohort">'
        f"Bộ tiêu chí (framework): <code>{escape(first.framework)}</code>"
        f" v{escape(first.framework_version)} — {len(cohort)} đơn vị (communes)<br>"
        f"Số đơn vị theo xếp hạng (tiers): {counts}{marked}"
        f'<table style="{_TABLE}">' + "".join(rows) + "</table></div>"
    )
