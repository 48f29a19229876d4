"""The result of scoring one self-assessment: points, reasons, rules and sources per criterion.

Points of a criterion that is *not reported* or *not applicable* are ``None``, never 0. Group
points and the total are the sums of the points obtained; the criteria that gave no points
because they were not reported are listed beside them (``not_reported``) and the maximum those
reported could reach is shown (``reported_max``), so a reader never mistakes a gap for a zero.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import textwrap
import warnings
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, TextIO

import pydantic

from chinhquyen.errors import UnknownCriterionError
from chinhquyen.model import Model
from chinhquyen.scoring.answers import Evidence
from chinhquyen.scoring.assessment import Unit
from chinhquyen.scoring.fields import ExactDecimal
from chinhquyen.scoring.numbers import display as fmt
from chinhquyen.scoring.numbers import display_signed as signed
from chinhquyen.scoring.period import Period, period_label
from chinhquyen.scoring.status import STATUS_LABELS, CriterionStatus

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "STATUS_LABELS",
    "CriterionResult",
    "CriterionStatus",
    "GroupResult",
    "KnockoutResult",
    "Scorecard",
    "SourceRef",
]


def __getattr__(name: str) -> Any:
    if name == "Status":
        warnings.warn(
            "chinhquyen.scoring.scorecard.Status is renamed CriterionStatus;"
            " the old name goes away in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return CriterionStatus
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_Text = Annotated[str, pydantic.StringConstraints(min_length=1)]
_ZERO = Decimal(0)


def _points_text(value: Decimal) -> str:
    """Points as JSON text, with the digits they hold (`"91.80"`), never `-0`."""
    return format(value.copy_abs() if value.is_zero() else value, "f")


#: Points in a scorecard: exact, held with the framework's decimal places
#: (`Decimal("91.80")`) and written to JSON the same (`"91.80"`).
Points = Annotated[
    ExactDecimal,
    pydantic.PlainSerializer(_points_text, return_type=str, when_used="json"),
]


class SourceRef(Model):
    """A source cited by a rule, copied from the framework.

    Attributes:
        document: the document, e.g. ``"Quyết định 54/2025/QĐ-UBND"``.
        article: the article or clause, if any.
        url: where it can be read.
        date: the document's date.
    """

    document: _Text
    article: str | None = None
    url: str | None = None
    date: dt.date | None = None

    def short(self) -> str:
        """One line: document, article and date."""
        text = self.document + (f", {self.article}" if self.article else "")
        return text + (f" ({self.date.isoformat()})" if self.date else "")


class CriterionResult(Model):
    """The points of one criterion and why.

    `points` is what counts: the appraised points if an appraisal changed them (see
    `chinhquyen.scoring.review`), otherwise the computed points. The commune's
    self-score, the computed points and the appraised points are all kept.

    Attributes:
        criterion_id: the criterion's id.
        group_id: the group's id, or ``None`` for a bonus/penalty adjustment.
        title: the criterion's title (Vietnamese).
        title_en: its English title, if the framework gives one.
        kind: the measure kind, e.g. ``"ratio"``.
        max_points: the most the criterion can give.
        points: the points that count, ``None`` if not reported or not applicable.
        status: met, partial, unmet, not reported or not applicable.
        reason: why, in Vietnamese, e.g. ``"Tổ chức 1/2 hội nghị đối thoại"``.
        reason_en: why, in English, e.g. ``"1 of 2 dialogue conferences held"``.
        rule: the scoring rule applied, in words.
        sources: the sources of the criterion.
        computed_points: the points the engine computed (``None`` if it could not).
        self_score: the commune's self-score, if given.
        appraised_points: the points set by an appraisal, if any.
        appraisal_reason: the appraiser's reason, if appraised.
        appraiser: who appraised, if given.
        evidence: the evidence references of the answer.
        note: the commune's note.
    """

    criterion_id: _Text
    group_id: _Text | None
    title: _Text
    title_en: str | None = None
    kind: _Text
    max_points: Points
    points: Points | None
    status: CriterionStatus
    reason: _Text
    reason_en: _Text
    rule: _Text
    sources: tuple[SourceRef, ...] = ()
    computed_points: Points | None = None
    self_score: Points | None = None
    appraised_points: Points | None = None
    appraisal_reason: str | None = None
    appraiser: str | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None

    @property
    def shortfall(self) -> Decimal | None:
        """Points missing to reach the max; ``None`` when not reported or not applicable."""
        if self.points is None:
            return None
        return max(Decimal(0), self.max_points - self.points)

    @property
    def self_difference(self) -> Decimal | None:
        """Self-score minus the points that count; positive when the commune over-scored."""
        if self.self_score is None or self.points is None:
            return None
        return self.self_score - self.points


class GroupResult(Model):
    """The subtotal of one group of criteria.

    Attributes:
        group_id: the group's id.
        title: the group's title (Vietnamese).
        title_en: its English title, if given.
        max_points: the group's max.
        points: the sum of the points obtained by its criteria.
        reported_max: the sum of the max of the criteria that were scored.
        self_points: the sum of the self-scores given, ``None`` if none was given.
        criterion_ids: the group's criteria, in order.
        not_reported: the criteria that were not reported.
        not_applicable: the criteria that were not applicable.
    """

    group_id: _Text
    title: _Text
    title_en: str | None = None
    max_points: Points
    points: Points
    reported_max: Points
    self_points: Points | None = None
    criterion_ids: tuple[_Text, ...]
    not_reported: tuple[_Text, ...] = ()
    not_applicable: tuple[_Text, ...] = ()

    @property
    def shortfall(self) -> Decimal:
        """Points missing to reach the group's max (not-reported criteria count as missing)."""
        return max(Decimal(0), self.max_points - self.points)


class KnockoutResult(Model):
    """One knockout rule (điểm liệt) as checked against the scorecard.

    Attributes:
        id: the rule's id (the disqualifier's id, or the kind for floors and minimum totals).
        kind: ``"criterion_floor"``, ``"minimum_total"`` or ``"disqualifier"``.
        title: what the rule requires, in Vietnamese.
        title_en: the same in English.
        triggered: whether it applies; ``None`` when it cannot be decided because something
            it needs was not reported.
        effect: the effect in words.
        cap_tier: the tier label the effect caps at, if that is the effect.
        no_tier: whether the effect removes the tier.
        applied: whether the effect changed the tier.
        reason: why, in Vietnamese.
        reason_en: why, in English.
        criterion_ids: the criteria below the floor (criterion floors only).
        sources: the rule's sources.
    """

    id: _Text
    kind: _Text
    title: _Text
    title_en: str | None = None
    triggered: bool | None
    effect: _Text
    cap_tier: str | None = None
    no_tier: bool = False
    applied: bool = False
    reason: _Text
    reason_en: _Text
    criterion_ids: tuple[_Text, ...] = ()
    sources: tuple[SourceRef, ...] = ()


class Scorecard(Model):
    """The scored self-assessment of one commune against one framework.

    Attributes:
        framework: the framework's id, as the self-assessment's `framework` names it (called
            `framework_id` before release 0.3; that name is read, with a
            `DeprecationWarning`, until the next release).
        framework_version: the framework's version.
        framework_title: the framework's title.
        framework_status: ``"official"``, ``"partial"`` or ``"derived"`` (see the framework's
            ``status_note`` for what is not official).
        unit: the commune.
        period: the assessment period (a year or a start/end pair).
        submitted: the submission date, if given.
        max_points: the framework's max (bonuses may exceed it).
        criteria: every criterion of every group, in the framework's order.
        groups: the group subtotals.
        bonus_penalty: the bonus and penalty items (điểm cộng, điểm trừ) outside the max.
        base_total: the sum of the groups' points.
        total: `base_total` plus the bonus and penalty items' points.
        reported_max: the sum of the max of the criteria that were scored.
        self_total: the sum of all self-scores given, ``None`` if none was given (compare it
            with ``total`` only when every criterion was self-scored; ``self_difference``
            compares criterion by criterion).
        tier: the tier after knockouts, ``None`` if none is reached or a knockout removed it.
        tier_en: the tier's English label.
        tier_before_knockouts: the tier the total alone reaches.
        tier_provisional: true when something was not reported, so the tier could change
            once it is.
        nothing_reported: true when no criterion and no bonus/penalty item was reported (an
            empty submission): the total of 0 measured nothing, and there is no tier.
        knockouts: every knockout rule of the framework, checked.
        not_reported: ids of the criteria that were not reported.
        not_applicable: ids of the criteria that were not applicable.
        rounding: the framework's rounding rule, in words.
        appraised: whether an appraisal has been applied (see ``review``).
        digest: SHA-256 (hex) of the canonical assessment (see ``chinhquyen.scoring.digest``).
    """

    framework: _Text
    framework_version: _Text
    framework_title: _Text
    framework_status: str | None = None
    unit: Unit
    period: int | Period
    submitted: dt.date | None = None
    max_points: Points
    criteria: tuple[CriterionResult, ...]
    groups: tuple[GroupResult, ...]
    bonus_penalty: tuple[CriterionResult, ...] = ()
    base_total: Points
    total: Points
    reported_max: Points
    self_total: Points | None = None
    tier: str | None = None
    tier_en: str | None = None
    tier_before_knockouts: str | None = None
    tier_provisional: bool = False
    nothing_reported: bool = False
    knockouts: tuple[KnockoutResult, ...] = ()
    not_reported: tuple[_Text, ...] = ()
    not_applicable: tuple[_Text, ...] = ()
    rounding: _Text
    appraised: bool = False
    digest: Annotated[str, pydantic.StringConstraints(pattern=r"^[0-9a-f]{64}$")]

    @property
    def framework_id(self) -> str:
        """Deprecated: the framework's id is `framework`, as in the self-assessment."""
        warnings.warn(
            "Scorecard.framework_id is renamed framework (the name the self-assessment uses);"
            " the old name goes away in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.framework

    @property
    def adjustments(self) -> tuple[CriterionResult, ...]:
        """Deprecated: the bonus and penalty items are `bonus_penalty`."""
        warnings.warn(
            "Scorecard.adjustments is renamed bonus_penalty; the old name goes away in the"
            " next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.bonus_penalty

    @property
    def self_difference(self) -> Decimal | None:
        """How far the self-scores exceed the points that count; positive when over-scored.

        Summed over the criteria (and bonus/penalty items) that have both a self-score and
        points, so a criterion the commune did not self-score does not count as a gap. `None`
        when no criterion has both.
        """
        gaps = [
            r.self_difference
            for r in (*self.criteria, *self.bonus_penalty)
            if r.self_difference is not None
        ]
        return sum(gaps, Decimal(0)) if gaps else None

    @property
    def computed_total(self) -> Decimal:
        """The total the engine computed, before any appraisal: the sum of the computed points.

        Equal to `total` until an appraisal changes a criterion's points; then `total` counts
        the appraised points and this keeps the engine's.
        """
        results = (*self.criteria, *self.bonus_penalty)
        return sum((r.computed_points for r in results if r.computed_points is not None), _ZERO)

    @property
    def triggered_knockouts(self) -> tuple[KnockoutResult, ...]:
        """The knockouts that apply."""
        return tuple(k for k in self.knockouts if k.triggered)

    @property
    def period_label(self) -> str:
        """The period in words."""
        return period_label(self.period)

    def criterion(self, criterion_id: str) -> CriterionResult:
        """Return the result of one criterion (group criterion or adjustment).

        Raises:
            UnknownCriterionError: the id is not in this scorecard.
        """
        for result in (*self.criteria, *self.bonus_penalty):
            if result.criterion_id == criterion_id:
                return result
        known = ", ".join(r.criterion_id for r in (*self.criteria, *self.bonus_penalty))
        raise UnknownCriterionError(
            f"criterion {criterion_id!r} is not in framework {self.framework}; known: {known}"
        )

    def trace(self, lang: str = "vi") -> str:
        """Return the full trace: every criterion's points, reason, rule and sources.

        Args:
            lang: ``"vi"`` (Vietnamese, English beside titles) or ``"en"``.
        """
        if lang not in ("vi", "en"):
            raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
        return "\n".join(_trace_lines(self, lang == "vi"))

    def explain(self, lang: str = "vi", file: TextIO | None = None) -> None:
        """Print the full trace (see `trace`) to ``file`` (standard output by default)."""
        print(self.trace(lang), file=file or sys.stdout)

    def __repr__(self) -> str:
        text = (
            f"<Scorecard {self.framework} v{self.framework_version}: {self.unit.name}"
            f" ({self.unit.code}), {self.period_label}: {fmt(self.total)}/{fmt(self.max_points)}"
        )
        if self.tier:
            text += f", {self.tier}"
        flags = []
        if self.tier_provisional:
            flags.append("provisional")
        if self.not_reported:
            flags.append(f"{len(self.not_reported)} not reported")
        if self.appraised:
            flags.append(f"appraised, computed {fmt(self.computed_total)}")
        return text + (f" ({'; '.join(flags)})" if flags else "") + ">"

    def __str__(self) -> str:
        """A short summary: the commune, the totals, the tier and each group's points."""
        u = self.unit
        total = f"{fmt(self.total)}/{fmt(self.max_points)}"
        if self.appraised:
            total += f" (thẩm định / appraised; tính lại / computed {fmt(self.computed_total)})"
        if self.self_total is not None:
            total += f" — tự chấm (self) {fmt(self.self_total)}, chênh (gap)"
            total += f" {signed(self.self_difference)}"
        tier = self.tier or "không xếp hạng (no tier)"
        if self.tier_provisional:
            tier += " — tạm tính (provisional)"
        lines = [
            f"{u.name} ({u.code}), {u.province} — kỳ (period) {self.period_label}",
            f"Bộ tiêu chí (framework): {self.framework} v{self.framework_version}",
            f"Tổng điểm (total): {total}",
            f"Xếp hạng (tier): {tier}",
        ]
        for k in self.triggered_knockouts:
            lines.append(f"Điểm liệt (knockout): {_short(k.title)} — {k.effect}")
        for g in self.groups:
            gap = f", chưa báo cáo (not reported) {len(g.not_reported)}" if g.not_reported else ""
            lines.append(f"  {_short(g.title)}: {fmt(g.points)}/{fmt(g.max_points)}{gap}")
        if self.bonus_penalty:
            lines.append(f"  Cộng/trừ (bonus/penalty): {signed(self.total - self.base_total)}")
        lines.append("Giải trình (trace): card.explain()")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from chinhquyen.scoring.html import scorecard_html

        html: str = scorecard_html(self)
        return html

    def to_dataframe(self, *, numbers: Literal["decimal", "float"] = "decimal") -> pd.DataFrame:
        """One row per criterion, as a pandas DataFrame (needs the `pandas` extra).

        Args:
            numbers: `"decimal"` (the default): points as the exact `Decimal` objects the
                engine computed, in `object` columns, a missing value as `None`; `"float"`:
                `float64` columns, a missing value as `NaN`, for `describe()` and plots.
        """
        from chinhquyen.scoring.export import scorecard_frame  # type: ignore[import-not-found,unused-ignore]

        frame: pd.DataFrame = scorecard_frame(self, numbers=numbers)
        return frame

    def to_json(self, **kwargs: Any) -> str:
        """Serialise to JSON; `from_json` reads it back."""
        return self.model_dump_json(**kwargs)

    @classmethod
    def from_json(cls, text: str | bytes) -> Scorecard:
        """Read a scorecard written by [`to_json`][chinhquyen.scoring.Scorecard.to_json].

        A scorecard written before release 0.2, with `adjustments` for `bonus_penalty`, or
        before release 0.3, with `framework_id` for `framework`, is still read until the next
        release (with a `DeprecationWarning`).
        """
        data = json.loads(text)
        if isinstance(data, dict) and "framework_id" in data and "framework" not in data:
            warnings.warn(
                "this scorecard was written before 'framework_id' was renamed 'framework';"
                " the old key is read until the next release",
                DeprecationWarning,
                stacklevel=2,
            )
            data = {("framework" if k == "framework_id" else k): v for k, v in data.items()}
            text = json.dumps(data, ensure_ascii=False)
        if isinstance(data, dict) and "adjustments" in data and "bonus_penalty" not in data:
            warnings.warn(
                "this scorecard was written before 'adjustments' was renamed 'bonus_penalty';"
                " the old key is read until the next release",
                DeprecationWarning,
                stacklevel=2,
            )
            data["bonus_penalty"] = data.pop("adjustments")
            text = json.dumps(data, ensure_ascii=False)
        return cls.model_validate_json(text)


def _short(text: str, width: int = 60) -> str:
    """`text` on one line of at most `width` characters, cut at a word with "…"."""
    return textwrap.shorten(text, width=width, placeholder="…")


def _title(vi: bool, title: str, title_en: str | None) -> str:
    if vi:
        return f"{title} ({title_en})" if title_en else title
    return title_en or title


def _criterion_lines(r: CriterionResult, number: str, vi: bool) -> list[str]:
    status = f"{r.status.label} ({r.status.label_en})" if vi else r.status.label_en
    lines = [f"  {number} [{r.criterion_id}] {_title(vi, r.title, r.title_en)}"]
    head = "Điểm" if vi else "Points"
    line = f"      {head}: {fmt(r.points)}/{fmt(r.max_points)} — {status}"
    if r.shortfall:
        line += f" — {'thiếu' if vi else 'short by'} {fmt(r.shortfall)}"
    lines.append(line)
    if vi:
        lines.append(f"      Lý do: {r.reason} / {r.reason_en}")
        lines.append(f"      Quy tắc (rule): {r.rule}")
    else:
        lines.append(f"      Reason: {r.reason_en}")
        lines.append(f"      Rule: {r.rule}")
    if r.self_score is not None:
        label = "Tự chấm (self-score)" if vi else "Self-score"
        diff = signed(r.self_difference)
        lines.append(
            f"      {label}: {fmt(r.self_score)} ({'chênh' if vi else 'difference'} {diff})"
        )
    if r.appraised_points is not None:
        label = "Thẩm định (appraised)" if vi else "Appraised"
        who = f", {r.appraiser}" if r.appraiser else ""
        lines.append(
            f"      {label}: {fmt(r.appraised_points)} (tính toán / computed"
            f" {fmt(r.computed_points)}{who}): {r.appraisal_reason}"
        )
    if r.evidence:
        refs = "; ".join(e.document or e.file or e.url or "" for e in r.evidence)
        lines.append(f"      {'Minh chứng' if vi else 'Evidence'}: {refs}")
    for source in r.sources:
        lines.append(f"      {'Nguồn' if vi else 'Source'}: {source.short()}")
    return lines


def _trace_lines(card: Scorecard, vi: bool) -> list[str]:
    u = card.unit
    lines = [
        (f"Phiếu chấm điểm — {u.name} ({u.code}), {u.province} — kỳ {card.period_label}")
        if vi
        else f"Scorecard — {u.name} ({u.code}), {u.province} — period {card.period_label}",
        f"{'Bộ tiêu chí' if vi else 'Framework'}: {card.framework}"
        f" ({'phiên bản' if vi else 'version'} {card.framework_version}) — {card.framework_title}",
    ]
    if card.framework_status not in (None, "official"):
        status = repr(card.framework_status)
        lines.append(
            f"  Lưu ý: bộ tiêu chí {status} — chưa hoàn toàn chính thức, xem status_note"
            if vi
            else f"  Note: framework status {status} — not fully official, see its status_note"
        )
    total = f"{fmt(card.total)}/{fmt(card.max_points)}"
    if card.self_total is not None:
        n = sum(r.self_score is not None for r in (*card.criteria, *card.bonus_penalty))
        total += (
            f" (tự chấm {fmt(card.self_total)} trên {n} tiêu chí,"
            f" chênh so với điểm tính {signed(card.self_difference)})"
            if vi
            else f" (self-scores {fmt(card.self_total)} on {n} criteria,"
            f" above the points by {signed(card.self_difference)})"
        )
    lines.append(f"{'Tổng điểm (total)' if vi else 'Total'}: {total}")
    if card.bonus_penalty:
        lines.append(
            f"  {'Điểm các nhóm' if vi else 'Groups'}: {fmt(card.base_total)};"
            f" {'cộng/trừ' if vi else 'bonus/penalty'}:"
            f" {signed(card.total - card.base_total)}"
        )
    if card.not_reported:
        lines.append(
            f"  {'Chưa báo cáo (tính 0 điểm)' if vi else 'Not reported (no points)'}:"
            f" {', '.join(card.not_reported)} —"
            f" {'điểm tối đa phần đã báo cáo' if vi else 'max of what was reported'}"
            f" {fmt(card.reported_max)}"
        )
    if card.nothing_reported:
        lines.append(
            "Chưa báo cáo tiêu chí nào: tổng điểm 0 không phải kết quả đo, không xếp hạng"
            if vi
            else "Nothing was reported: the total of 0 measures nothing; no tier"
        )
    if card.tier is None:
        tier = "không xếp hạng" if vi else "no tier"
    else:
        tier = _title(vi, card.tier, card.tier_en)
    if card.tier_before_knockouts and card.tier_before_knockouts != card.tier:
        tier += (
            f" ({'trước điểm liệt' if vi else 'before knockouts'}: {card.tier_before_knockouts})"
        )
    if card.tier_provisional:
        tier += " — tạm tính (provisional)" if vi else " — provisional"
    lines.append(f"{'Xếp hạng (tier)' if vi else 'Tier'}: {tier}")
    for k in card.knockouts:
        state = {True: "CÓ" if vi else "YES", False: "không" if vi else "no", None: "?"}
        lines.append(
            f"  {'Điểm liệt' if vi else 'Knockout'} [{state[k.triggered]}]"
            f" {_title(vi, k.title, k.title_en)}: {k.reason if vi else k.reason_en}"
            f" — {k.effect}{' (đã áp dụng / applied)' if k.applied else ''}"
        )
    if card.appraised:
        lines.append("Đã thẩm định (appraised)" if vi else "Appraised")
    lines.append(f"{'Mã kiểm chứng' if vi else 'Digest'} (SHA-256): {card.digest}")
    rounding = card.rounding if vi else card.rounding.split(" / ")[-1]
    lines.append(f"{'Làm tròn' if vi else 'Rounding'}: {rounding}")
    by_id = {r.criterion_id: r for r in card.criteria}
    for i, g in enumerate(card.groups, 1):
        lines.append("")
        lines.append(
            f"{i}. {_title(vi, g.title, g.title_en)} — {fmt(g.points)}/{fmt(g.max_points)}"
        )
        for j, cid in enumerate(g.criterion_ids, 1):
            lines += _criterion_lines(by_id[cid], f"{i}.{j}", vi)
    if card.bonus_penalty:
        lines.append("")
        lines.append("Điểm cộng, điểm trừ (bonus/penalty)" if vi else "Bonus and penalty items")
        for j, r in enumerate(card.bonus_penalty, 1):
            lines += _criterion_lines(r, f"+{j}", vi)
    return lines
