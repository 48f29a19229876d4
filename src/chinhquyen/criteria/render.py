"""Markdown pages for frameworks and conduct codes (the docs catalogue is generated from them)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from chinhquyen.criteria.citations import Citation
from chinhquyen.criteria.knockouts import CriterionFloor, Disqualifier, MinimumTotal
from chinhquyen.criteria.measures import Checklist, describe

if TYPE_CHECKING:  # pragma: no cover
    from chinhquyen.criteria.conduct import ConductCode
    from chinhquyen.criteria.framework import Criterion, Framework

__all__ = ["conduct_code_markdown", "framework_markdown"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _points(value: Decimal) -> str:
    return format(value.normalize(), "f")


class _Notes:
    """Numbered source notes: each citation is printed once and referred to as [n]."""

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def ref(self, sources: list[Citation]) -> str:
        refs = []
        for c in sources:
            if c not in self.items:
                self.items.append(c)
            refs.append(f"[{self.items.index(c) + 1}]")
        return "".join(refs)

    def render(self) -> list[str]:
        lines = ["## Nguồn / Sources", ""]
        for i, c in enumerate(self.items, start=1):
            text = c.short()
            if c.basis:
                text += f" — *{c.basis}*"
            if c.covers:
                text += f" ({', '.join(c.covers)})"
            if c.url:
                text += f" — <{c.url}>"
            if c.note:
                text += f" — {c.note}"
            lines.append(f"{i}. {_cell(text)}")
        return lines


def framework_markdown(fw: Framework) -> str:
    """Return a Markdown page for ``fw``.

    The page has the header, tiers, knockouts, groups and criteria; every number is followed by
    the numbers of its source notes, listed at the end.
    """
    n = _Notes()
    out = [f"# {fw.title}", ""]
    if fw.title_en:
        out += [f"*{fw.title_en}*", ""]
    until = fw.effective_to.isoformat() if fw.effective_to else "—"
    out += [
        f"- **id**: `{fw.id}` (version {fw.version})",
        f"- **Cơ quan ban hành / Issuer**: {fw.issuer}",
        f"- **Phạm vi / Jurisdiction**: {fw.jurisdiction.describe()}",
        f"- **Hiệu lực / In force**: {fw.effective_from.isoformat()} → {until}",
        f"- **Căn cứ / Legal basis**: {n.ref(fw.legal_basis)}",
        f"- **Tổng điểm / Max points**: {_points(fw.max_points)}",
        f"- **Làm tròn / Rounding**: {fw.rounding.describe()}"
        + (f" {n.ref(fw.rounding.sources)}" if fw.rounding.sources else ""),
        f"- **Trạng thái / Status**: {fw.status}",
    ]
    if fw.evidence_formats:
        out.append("- **Tệp minh chứng / Evidence files**: " + ", ".join(fw.evidence_formats))
    if fw.conduct_codes:
        out.append(
            "- **Quy tắc ứng xử / Conduct codes**: " + ", ".join(f"`{c}`" for c in fw.conduct_codes)
        )
    out.append("")
    if fw.status_note:
        out += [f"> **{fw.status}**: {fw.status_note}", ""]
    if fw.status_note_en:
        out += [f"> *{fw.status_note_en}*", ""]
    if fw.tiers:
        out += ["## Xếp hạng / Tiers", "", "| tier | points | source |", "|---|---|---|"]
        for i, t in enumerate(fw.tiers):
            upper = f"< {_points(fw.tiers[i + 1].min_points)}" if i + 1 < len(fw.tiers) else ""
            band = f"≥ {_points(t.min_points)} {upper}".strip()
            label = f"{t.label} ({t.label_en})" if t.label_en else t.label
            out.append(f"| {_cell(label)} | {band} | {n.ref(t.sources)} |")
        out.append("")
    if fw.knockouts:
        out += ["## Điểm liệt / Knockouts", ""]
        for k in fw.knockouts:
            if isinstance(k, CriterionFloor):
                what = f"every criterion ≥ {_points(k.share * 100)}% of its max"
            elif isinstance(k, MinimumTotal):
                what = f"total ≥ {_points(k.points)}"
            else:
                assert isinstance(k, Disqualifier)
                what = f"`{k.id}`: {k.title}"
            out.append(f"- {what} — otherwise {k.effect.describe()} {n.ref(k.sources)}")
        out.append("")
    out += ["## Tiêu chí / Criteria", ""]
    for g in fw.groups:
        out += [f"### {g.title} — {_points(g.max_points)} {n.ref(g.sources)}", ""]
        if g.title_en:
            out += [f"*{g.title_en}*", ""]
        out += [
            "| id | tiêu chí / criterion | max | how scored | source |",
            "|---|---|---|---|---|",
        ]
        for c in g.criteria:
            out.append(_criterion_row(c, n))
        out.append("")
        for c in g.criteria:
            out += _criterion_details(c, n)
    if fw.bonus_penalty:
        out += ["## Điểm cộng, điểm trừ / Bonus and penalty (outside the max)", ""]
        out += ["| id | item | max | how scored | source |", "|---|---|---|---|---|"]
        out += [_criterion_row(c, n) for c in fw.bonus_penalty]
        out.append("")
    out += n.render()
    return "\n".join(out) + "\n"


def _criterion_row(c: Criterion, n: _Notes) -> str:
    title = c.title + (f" / *{c.title_en}*" if c.title_en else "")
    how = describe(c.measure, c.max_points)
    return (
        f"| `{c.id}` | {_cell(title)} | {_points(c.max_points)} | {_cell(how)} "
        f"| {n.ref(c.sources)} |"
    )


def _criterion_details(c: Criterion, n: _Notes) -> list[str]:
    lines: list[str] = []
    if isinstance(c.measure, Checklist):
        lines += [f"`{c.id}` items:", ""]
        for it in c.measure.items:
            pts = f" — {_points(it.points)}" if it.points is not None else ""
            lines.append(f"- `{it.id}` {it.title}{pts} {n.ref(it.sources)}")
        lines.append("")
    if c.evidence:
        lines += [f"`{c.id}` evidence: " + "; ".join(c.evidence), ""]
    if c.scope is not None:
        levels = ", ".join(c.scope.levels)
        lines += [f"`{c.id}` cấp áp dụng / levels: {levels} {n.ref(c.scope.sources)}", ""]
    if c.notes:
        lines += [f"`{c.id}` ghi chú / note: {c.notes}", ""]
    if c.notes_en:
        lines += [f"*{c.notes_en}*", ""]
    return lines


def conduct_code_markdown(code: ConductCode) -> str:
    """Return a Markdown page for a conduct code, each rule with its address."""
    n = _Notes()
    out = [f"# {code.title}", ""]
    if code.title_en:
        out += [f"*{code.title_en}*", ""]
    out += [
        f"- **id**: `{code.id}`",
        f"- **Ban hành / Issuer**: {code.issuer}",
        f"- **Phạm vi / Jurisdiction**: {code.jurisdiction}",
    ]
    if code.motto:
        out.append(f"- **Phương châm / Motto**: {code.motto}")
    out += [f"- **Nguồn / Sources**: {n.ref(code.sources)}", ""]
    for g in code.groups:
        head = f"## {g.title}" + (f" ({g.title_en})" if g.title_en else "")
        out += [head + f" {n.ref(g.sources)}", ""]
        for r in g.rules:
            en = f" — *{r.text_en}*" if r.text_en else ""
            out.append(f"- `{code.id}#{r.id}`: {r.text}{en}")
        out.append("")
    if code.notes:
        out += [f"> {code.notes}", ""]
    if code.notes_en:
        out += [f"> *{code.notes_en}*", ""]
    out += n.render()
    return "\n".join(out) + "\n"
