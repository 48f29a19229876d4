"""Many communes' scorecards on one framework: ranking, tier counts, group summaries, gaps."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import attrs

from chinhquyen.errors import AssessmentError
from chinhquyen.scoring.numbers import display as fmt
from chinhquyen.scoring.scorecard import Scorecard

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    import pandas as pd

    from chinhquyen.criteria.framework import Framework
    from chinhquyen.scoring.appraisal import Adjustment, AppraisalTable

__all__ = ["Cohort", "GroupSummary", "Ranked"]

#: Rows of the ranking that `str(cohort)` shows.
_SHOWN = 10


@attrs.frozen(slots=True)
class Ranked:
    """One commune in the ranking.

    Attributes:
        rank: 1 for the highest total; equal totals share a rank ("1, 2, 2, 4").
        scorecard: the commune's scorecard.
    """

    rank: int
    scorecard: Scorecard


@attrs.frozen(slots=True)
class GroupSummary:
    """How the cohort did on one group of criteria.

    Attributes:
        group_id: the group's id.
        title: the group's title (Vietnamese).
        max_points: the group's max.
        mean: the mean of the group's points over the cohort (exact; ``None`` if empty).
        minimum: the lowest group points.
        maximum: the highest group points.
        full: how many communes reached the group's max.
        not_reported: how many communes left at least one of its criteria unreported.
    """

    group_id: str
    title: str
    max_points: Decimal
    mean: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    full: int
    not_reported: int


def _key(card: Scorecard) -> tuple[str, str]:
    return card.unit.code, card.period_label


def _as_tuple(scorecards: Iterable[Scorecard]) -> tuple[Scorecard, ...]:
    return tuple(scorecards)


@attrs.frozen(slots=True)
class Cohort:
    """The scorecards of many communes scored against the same framework and version.

    Raises:
        AssessmentError: scorecards of different frameworks or versions are mixed, or one
            commune appears twice for the same period.
    """

    scorecards: tuple[Scorecard, ...] = attrs.field(converter=_as_tuple)

    def __attrs_post_init__(self) -> None:
        frameworks = sorted({(c.framework, c.framework_version) for c in self.scorecards})
        if len(frameworks) > 1:
            shown = ", ".join(f"{i} v{v}" for i, v in frameworks)
            raise AssessmentError(
                f"a cohort compares communes on one framework; these scorecards use {shown}"
            )
        seen: set[tuple[str, str]] = set()
        for card in self.scorecards:
            key = _key(card)
            if key in seen:
                raise AssessmentError(
                    f"commune {card.unit.code} ({card.unit.name}) appears twice for period"
                    f" {card.period_label}"
                )
            seen.add(key)

    def __len__(self) -> int:
        return len(self.scorecards)

    def __iter__(self) -> Iterator[Scorecard]:
        return iter(self.scorecards)

    @property
    def framework_id(self) -> str | None:
        """The framework's id, ``None`` for an empty cohort."""
        return self.scorecards[0].framework if self.scorecards else None

    def ranking(self) -> list[Ranked]:
        """The communes from the highest total down; ties share a rank, then go by unit code."""
        ordered = sorted(self.scorecards, key=lambda c: (-c.total, c.unit.code))
        out: list[Ranked] = []
        for i, card in enumerate(ordered):
            tied = bool(out) and card.total == out[-1].scorecard.total
            rank = out[-1].rank if tied else i + 1
            out.append(Ranked(rank, card))
        return out

    def tier_counts(self) -> dict[str | None, int]:
        """How many communes are in each tier (``None``: no tier), highest tier first."""
        counts = Counter(c.tier for c in self.scorecards)
        best: dict[str | None, Decimal] = {}
        for c in self.scorecards:
            best[c.tier] = max(best.get(c.tier, c.total), c.total)
        order = sorted(counts, key=lambda t: (t is None, -best[t]))
        return {t: counts[t] for t in order}

    def group_summary(self) -> list[GroupSummary]:
        """Per group: mean, lowest and highest points, communes at full points, gaps."""
        if not self.scorecards:
            return []
        out: list[GroupSummary] = []
        for i, g in enumerate(self.scorecards[0].groups):
            points = [c.groups[i].points for c in self.scorecards]
            out.append(
                GroupSummary(
                    group_id=g.group_id,
                    title=g.title,
                    max_points=g.max_points,
                    mean=sum(points, Decimal(0)) / len(points),
                    minimum=min(points),
                    maximum=max(points),
                    full=sum(p >= g.max_points for p in points),
                    not_reported=sum(bool(c.groups[i].not_reported) for c in self.scorecards),
                )
            )
        return out

    def over_scored(self, n: int | None = None) -> list[Scorecard]:
        """The communes whose self-scores exceed the computed (or appraised) total the most.

        Only communes with a positive gap are listed, the largest gap first.

        Args:
            n: list at most this many; all by default.
        """
        gaps = [
            c for c in self.scorecards if c.self_difference is not None and c.self_difference > 0
        ]
        gaps.sort(key=lambda c: (-(c.self_difference or Decimal(0)), c.unit.code))
        return gaps if n is None else gaps[:n]

    def review(
        self,
        appraisals: AppraisalTable | Mapping[str, Iterable[Adjustment]],
        *,
        framework: Framework | None = None,
    ) -> Cohort:
        """The cohort with the communes of an appraisal table appraised (the others as they are).

        Args:
            appraisals: a table from
                [`read_appraisals`][chinhquyen.scoring.appraisal.read_appraisals], or a mapping
                from commune code to that commune's adjustments.
            framework: the cohort's framework; loaded from the registry when not given.

        Raises:
            ChinhQuyenError: as [`review_all`][chinhquyen.scoring.appraisal.review_all] raises,
                naming the row.
        """
        from chinhquyen.scoring.appraisal import review_all

        return Cohort(review_all(self.scorecards, appraisals, framework=framework))

    def _repr_html_(self) -> str:
        from chinhquyen.scoring.html import cohort_html

        html: str = cohort_html(self)
        return html

    def to_dataframe(self, *, numbers: Literal["decimal", "float"] = "decimal") -> pd.DataFrame:
        """One row per commune in rank order, as a pandas DataFrame (needs the `pandas` extra).

        The columns are those of `chinhquyen.scoring.export.cohort_frame`: rank, unit, the
        totals (self, computed, appraised and the one that counts), tier, knockouts, gaps, and
        one `group:<id>` column per group.

        Args:
            numbers: `"decimal"` (the default): points as the exact `Decimal` objects the
                engine computed, in `object` columns, a missing value as `None`; `"float"`:
                `float64` columns, a missing value as `NaN`, for `describe()` and plots
                (`df.plot.bar(x="unit_name", y="total")`).
        """
        from chinhquyen.scoring.export import cohort_frame  # type: ignore[import-not-found,unused-ignore]

        frame: pd.DataFrame = cohort_frame(self, numbers=numbers)
        return frame

    def to_xlsx(self, path: str | os.PathLike[str]) -> Path:
        """Write the ranking to a workbook, codes as text (see `export.write_xlsx`; excel extra)."""
        from chinhquyen.scoring.export import write_xlsx

        return write_xlsx(self, path)

    def to_csv(self, path: str | os.PathLike[str]) -> Path:
        """Write the ranking as UTF-8 CSV with a byte-order mark (see `export.write_csv`)."""
        from chinhquyen.scoring.export import write_csv

        return write_csv(self, path)

    def __repr__(self) -> str:
        if not self.scorecards:
            return "<Cohort: 0 communes>"
        first = self.scorecards[0]
        totals = [c.total for c in self.scorecards]
        text = (
            f"<Cohort {first.framework} v{first.framework_version}: {len(self)}"
            f" {'commune' if len(self) == 1 else 'communes'},"
            f" totals {fmt(min(totals))}–{fmt(max(totals))}"
        )
        appraised = sum(c.appraised for c in self.scorecards)
        if appraised:
            text += f", {appraised} appraised"
        return text + ">"

    def __str__(self) -> str:
        """A short summary: the framework, the tiers and the first rows of the ranking."""
        if not self.scorecards:
            return "Nhóm xã trống (empty cohort)"
        first = self.scorecards[0]
        counts = ", ".join(
            f"{t if t is not None else 'không xếp hạng (no tier)'}: {n}"
            for t, n in self.tier_counts().items()
        )
        lines = [
            f"Nhóm xã (cohort): {first.framework} v{first.framework_version} —"
            f" {len(self)} đơn vị (communes)",
            f"Xếp hạng (tiers): {counts}",
        ]
        ranked = self.ranking()
        width = max(len(str(r.rank)) for r in ranked)
        for r in ranked[:_SHOWN]:
            c = r.scorecard
            line = f"  {r.rank:>{width}}. {c.unit.name} ({c.unit.code}): {fmt(c.total)}"
            if c.appraised:
                line += f" (thẩm định / appraised; tính lại / computed {fmt(c.computed_total)})"
            if c.tier:
                line += f" — {c.tier}" + (" *" if c.tier_provisional else "")
            lines.append(line)
        if len(ranked) > _SHOWN:
            lines.append(f"  … {len(ranked) - _SHOWN} nữa (more): cohort.ranking()")
        if any(c.tier_provisional for c in self.scorecards):
            lines.append("* tạm tính (provisional): có tiêu chí chưa báo cáo")
        return "\n".join(lines)

    @classmethod
    def of(cls, scorecards: Iterable[Scorecard]) -> Cohort:
        """Build a cohort from any iterable of scorecards."""
        return cls(_as_tuple(scorecards))
