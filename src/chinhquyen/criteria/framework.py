"""Frameworks: a province's (or the nation's) criteria set, with groups, tiers and knockouts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal, Self

from pydantic import Field, ValidationInfo, model_validator

from chinhquyen import units
from chinhquyen.criteria._deprecated import renamed
from chinhquyen.criteria._problems import Problems
from chinhquyen.criteria._types import CODE_ID, FRAMEWORK_ID, Id, Points, Text, exact_decimal
from chinhquyen.criteria.citations import Citation
from chinhquyen.criteria.diff import Change, diff
from chinhquyen.criteria.knockouts import Disqualifier, Knockout, MinimumTotal
from chinhquyen.criteria.measures import Checklist, Measure, Quota
from chinhquyen.criteria.render import framework_markdown
from chinhquyen.errors import InvalidInputError, UnitError, UnknownCriterionError
from chinhquyen.model import Model

__all__ = [
    "EXACT_KINDS",
    "Criterion",
    "Framework",
    "FrameworkStatus",
    "Group",
    "Jurisdiction",
    "Level",
    "Rounding",
    "Scope",
    "Tier",
    "tier_reached",
]

#: The administrative level of the unit assessed: `province` (the province or centrally run
#: city as a whole, or one of its agencies) or `commune` (a xã, phường or đặc khu; a thị trấn
#: before 1/7/2025).
Level = Literal["province", "commune"]

#: The levels each `Jurisdiction.level` judges.
_JUDGED: dict[str, tuple[Level, ...]] = {
    "commune": ("commune",),
    "province": ("province",),
    "all": ("province", "commune"),
}

#: How much of a framework is the issuing document's own: `official`, every value is the
#: document's; `partial`, the document's values are known only in part (see `status_note`);
#: `derived`, built from reports of a document or practice, not from its text. (It was called
#: `Status`, a name that clashed with a criterion result's status; the old name still works for
#: one release, with a `DeprecationWarning`.)
FrameworkStatus = Literal["official", "partial", "derived"]

if TYPE_CHECKING:  # pragma: no cover
    #: Deprecated: use `FrameworkStatus`.
    Status = FrameworkStatus
else:

    def __getattr__(name: str) -> object:
        if name == "Status":
            renamed(f"{__name__}.Status", "FrameworkStatus")
            return FrameworkStatus
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Jurisdiction(Model):
    """Where a framework applies.

    Attributes:
        province: the province as written in Vietnamese (`"Đồng Nai"`), as it was named when
            the framework was issued; `None` for a nationwide framework (leave the key out in
            TOML).
        level: the administrative level judged by it.
    """

    province: str | None = None
    level: Literal["commune", "province", "all"]

    def includes(self, province: str, *, on: dt.date) -> bool:
        """Return whether `province`, as written, is where this framework applies on `on`.

        A nationwide framework applies everywhere. Otherwise both names are read by the one
        province matcher, [`chinhquyen.units.same_province`][], on that day: "Tỉnh Đồng Nai",
        "Thành phố Đồng Nai" and "TP. Đồng Nai" are one province; a former province's name
        denotes, after a merger, the province that took it over (from 1/7/2025 "Bắc Giang" is
        Bắc Ninh). So a framework of Bắc Giang (effective before the merger) is, on a day from
        1/7/2025, a framework of the territory now in Bắc Ninh: `includes("Bắc Ninh", ...)` is
        then true, and whether it is still *in force* is a matter of its dates. A name the
        province table does not know on that day (a plug-in's test jurisdiction, a day before
        1/8/2008) is compared as written, with [`chinhquyen.units.province_key`][].
        """
        if self.province is None:
            return True
        try:
            return units.same_province(self.province, province, on=on)
        except UnitError:
            return units.province_key(self.province) == units.province_key(province)

    def levels(self) -> tuple[Level, ...]:
        """Return the levels of unit this framework judges: `("commune",)` for `commune`, ..."""
        return _JUDGED[self.level]

    def describe(self) -> str:
        """Return e.g. ``Đồng Nai, commune level`` or ``nationwide, all levels``."""
        where = self.province or "nationwide"
        level = "all levels" if self.level == "all" else f"{self.level} level"
        return f"{where}, {level}"


#: The measure kinds whose points are always exact decimals, whatever the answer (the max, 0,
#: a self-score as written, a sum or difference of given points) — the only kinds a framework
#: that rounds nothing (`Rounding.mode` `"none"`) may score with. The other kinds give
#: fractions (`2 × 1/3`), which must be rounded by a rule.
EXACT_KINDS: frozenset[str] = frozenset({"self_scored", "yes_no", "deduction", "tally"})


class Rounding(Model):
    """How a criterion's computed points are rounded: to `places` decimals with `mode`.

    Points are rounded once per criterion; group subtotals and the total are exact sums. A
    self-score, or an appraiser's points, may have at most `places` decimals.

    Mode `"none"` says that nothing is rounded, because no source sets a rule: points are kept
    exactly as written, a self-score may have any number of decimals, and `places` is left out.
    Only a framework whose every points value is an exact decimal can say so (see
    `EXACT_KINDS`; a checklist `all_or_nothing` or `per_item` and a quota with `partial =
    "none"` also qualify, and any criterion worth 0 points).

    Attributes:
        places: the decimals kept; `None` (left out) with mode `"none"`.
        mode: `half_up`, `half_even`, `down`, `up`, or `none`.
        sources: where the rule comes from, if a source gives it (the frameworks' status notes
            say where it is an assumption).
    """

    places: Annotated[int, Field(ge=0, le=6)] | None = None
    mode: Literal["half_up", "half_even", "down", "up", "none"]
    sources: list[Citation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _places_with_mode(self) -> Self:
        if self.mode == "none" and self.places is not None:
            raise Problems(
                [("places", "mode 'none' rounds nothing: leave places out, or pick a mode")]
            )
        if self.mode != "none" and self.places is None:
            raise Problems([("places", f"mode {self.mode!r} needs places (0 to 6 decimals)")])
        return self

    def describe(self) -> str:
        """Return e.g. `2 decimals, half_up`, or `not rounded (exact)`."""
        if self.mode == "none":
            return "not rounded (exact)"
        return f"{self.places} decimals, {self.mode}"


class Scope(Model):
    """The levels of unit a criterion applies to, when it is not every level its framework judges.

    A unit of another level is not scored on the criterion: its result is *not applicable*,
    with a reason naming the scope and its source, and the criterion's points are left out of
    what that unit could reach (`reported_max`). It is never counted as 0.

    Attributes:
        levels: the levels it applies to (`province`, `commune`), each once.
        sources: where the scope comes from.
    """

    levels: Annotated[list[Level], Field(min_length=1)]
    sources: Annotated[list[Citation], Field(min_length=1)]

    @model_validator(mode="after")
    def _once_each(self) -> Self:
        if len(set(self.levels)) != len(self.levels):
            raise Problems([("levels", f"a level is named twice: {self.levels}")])
        return self


class Tier(Model):
    """A recognition tier; its band runs from ``min_points`` up to the next tier's ``min_points``.

    Attributes:
        label: the tier as the source writes it, e.g. ``4 sao``.
        label_en: the label in English.
        min_points: the lowest total in the band (included).
        sources: where the band is defined.
    """

    label: Text
    label_en: str | None = None
    min_points: Points
    sources: Annotated[list[Citation], Field(min_length=1)]


def tier_reached(tiers: Sequence[Tier], points: Decimal) -> Tier | None:
    """Return the tier whose band holds the exact total `points`: the last one it reaches.

    `tiers` are in ascending order of `min_points`, as a framework keeps them. A total below
    the lowest minimum (possible with penalties) falls in the lowest tier; `None` when there
    are no tiers. [`Framework.tier_for`][chinhquyen.criteria.Framework.tier_for] and scoring
    both place a total with this rule.
    """
    if not tiers:
        return None
    found = tiers[0]
    for tier in tiers:
        if points >= tier.min_points:
            found = tier
    return found


class Criterion(Model):
    """A criterion: what is judged, how it is measured and where the rule comes from.

    Attributes:
        id: unique inside the framework.
        title: the criterion in Vietnamese; ``title_en`` beside it.
        max_points: the most points it gives (0 for an unscored item of a derived set).
        measure: how it is measured and scored (see `chinhquyen.criteria.measures`).
        evidence: the records a commune must keep or attach.
        sources: where the criterion and its points come from (at least one).
        scope: the levels of unit it applies to, when not every level the framework judges
            (`None`: every level).
        notes: what is known to be missing or assumed, in Vietnamese; ``notes_en`` beside it.
    """

    id: Id
    title: Text
    title_en: str | None = None
    max_points: Annotated[Points, Field(ge=0)]
    measure: Measure
    evidence: list[Text] = Field(default_factory=list)
    sources: Annotated[list[Citation], Field(min_length=1)]
    scope: Scope | None = None
    notes: str | None = None
    notes_en: str | None = None

    def applies_to(self, level: Level) -> bool:
        """Return whether a unit of `level` is scored on this criterion (its scope allows it)."""
        return self.scope is None or level in self.scope.levels


class Group(Model):
    """A group of criteria whose maxima add up to the group's max.

    ``notes`` (Vietnamese) and ``notes_en`` (English) say what is missing or assumed.
    """

    id: Id
    title: Text
    title_en: str | None = None
    max_points: Annotated[Points, Field(ge=0)]
    criteria: Annotated[list[Criterion], Field(min_length=1)]
    sources: Annotated[list[Citation], Field(min_length=1)]
    notes: str | None = None
    notes_en: str | None = None


class Framework(Model):
    """A criteria set as issued (or reported) for one jurisdiction and period.

    The group maxima add up to `max_points`; tiers, if any, partition the score range from 0;
    `bonus_penalty` holds the bonus and penalty items (điểm cộng, điểm trừ) scored outside the
    max. A `derived` set whose source gives no points has `max_points` 0: a checklist of what
    is required, with no tiers.

    The bonus and penalty items were called `adjustments` (TOML key `[[adjustments]]`); that
    key is still read for one release, with a `DeprecationWarning`, and so is the attribute
    `Framework.adjustments`. "Adjustment" now means only an appraiser's change of points.

    ``status_note`` says, in Vietnamese, what is not official or is assumed (required unless
    ``status`` is ``official``); ``status_note_en`` is the same note in English, beside it like
    ``title_en`` beside ``title``.

    ``evidence_formats``, when set, lists the file formats (lower-case extensions such as
    ``"pdf"``) an answer's evidence files may have, as the issuer's own system accepts them;
    a file of another format is refused when scored. Its source is cited in ``legal_basis``.
    """

    id: Annotated[str, Field(pattern=FRAMEWORK_ID)]
    version: Text
    title: Text
    title_en: str | None = None
    issuer: Text
    jurisdiction: Jurisdiction
    legal_basis: Annotated[list[Citation], Field(min_length=1)]
    effective_from: dt.date
    effective_to: dt.date | None = None
    status: FrameworkStatus
    status_note: str | None = None
    status_note_en: str | None = None
    max_points: Annotated[Points, Field(ge=0)]
    rounding: Rounding
    tiers: list[Tier] = Field(default_factory=list)
    knockouts: list[Knockout] = Field(default_factory=list)
    groups: Annotated[list[Group], Field(min_length=1)]
    bonus_penalty: list[Criterion] = Field(default_factory=list)
    conduct_codes: list[Annotated[str, Field(pattern=CODE_ID)]] = Field(default_factory=list)
    evidence_formats: (
        Annotated[list[Annotated[str, Field(pattern=r"^[a-z0-9]+$")]], Field(min_length=1)] | None
    ) = None
    #: The items of a file that still uses the deprecated key `[[adjustments]]`, as read;
    #: validation moves them to `bonus_penalty` and leaves `None` here. Removed next release.
    deprecated_adjustments: list[Criterion] | None = Field(
        default=None,
        validation_alias="adjustments",
        exclude=True,
        repr=False,
        json_schema_extra={"deprecated": True},
    )

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Self:
        old = self.deprecated_adjustments
        if old is not None:
            if "bonus_penalty" in self.model_fields_set:
                raise Problems(
                    [
                        (
                            "adjustments",
                            "give the bonus and penalty items once, under bonus_penalty "
                            "(adjustments is its deprecated name)",
                        )
                    ]
                )
            source = (info.context or {}).get("source")
            where = f"{source}: the key" if source else "the framework key"
            renamed(f"{where} 'adjustments'", "'bonus_penalty' ([[bonus_penalty]] in TOML)", 5)
            # the model is frozen: the items move to their new name once, here
            self.__dict__["bonus_penalty"] = old
            self.__dict__["deprecated_adjustments"] = None
            self.__pydantic_fields_set__.discard("deprecated_adjustments")
            self.__pydantic_fields_set__.add("bonus_penalty")
        problems = _framework_problems(self)
        known = (info.context or {}).get("known_conduct_codes")
        if known is not None:
            for i, code in enumerate(self.conduct_codes):
                if code not in known:
                    problems.append(
                        (
                            f"conduct_codes[{i}]",
                            f"unknown conduct code {code!r}; known codes: "
                            f"{', '.join(sorted(known))}",
                        )
                    )
        if problems:
            raise Problems(problems)
        return self

    # -- lookups ------------------------------------------------------------------------------

    @property
    def adjustments(self) -> list[Criterion]:
        """Deprecated: the bonus and penalty items, now `Framework.bonus_penalty`."""
        renamed("Framework.adjustments", "Framework.bonus_penalty")
        return self.bonus_penalty

    def criteria(self) -> Iterator[Criterion]:
        """Iterate over the criteria of every group, in group order (bonus/penalty excluded)."""
        for g in self.groups:
            yield from g.criteria

    def criterion(self, criterion_id: str) -> Criterion:
        """Return the criterion (or bonus/penalty item) with id `criterion_id`.

        Raises:
            UnknownCriterionError: naming the valid ids.
        """
        for c in [*self.criteria(), *self.bonus_penalty]:
            if c.id == criterion_id:
                return c
        valid = ", ".join(c.id for c in [*self.criteria(), *self.bonus_penalty])
        raise UnknownCriterionError(
            f"framework {self.id!r} has no criterion {criterion_id!r}; valid ids: {valid}"
        )

    def group_of(self, criterion_id: str) -> Group | None:
        """Return the group holding `criterion_id`, or `None` for a bonus/penalty item.

        Raises:
            UnknownCriterionError: if the id is not this framework's.
        """
        self.criterion(criterion_id)
        for g in self.groups:
            if any(c.id == criterion_id for c in g.criteria):
                return g
        return None

    def tier_for(self, points: Decimal | int | str) -> Tier | None:
        """Return the tier whose band holds ``points``, or ``None`` if there are no tiers.

        Totals below 0 (possible with penalties) fall in the lowest tier; totals above the
        max in the highest.

        Raises:
            InvalidInputError: if ``points`` is a float or not a number.
        """
        if isinstance(points, bool) or not isinstance(points, Decimal | int | str):
            raise InvalidInputError(
                "tier_for", [("points", f"a Decimal, int or decimal string, got {points!r}")]
            )
        try:
            value = Decimal(exact_decimal(points))
        except ValueError as e:
            raise InvalidInputError("tier_for", [("points", str(e))]) from None
        return tier_reached(self.tiers, value)

    def tier(self, label: str) -> Tier:
        """Return the tier labelled ``label``.

        Raises:
            InvalidInputError: naming the valid labels.
        """
        for t in self.tiers:
            if t.label == label:
                return t
        valid = ", ".join(t.label for t in self.tiers) or "(none)"
        raise InvalidInputError("tier", [("label", f"no tier {label!r}; valid: {valid}")])

    def in_force(self, on: dt.date) -> bool:
        """Return whether the framework is in force on ``on``."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    # -- views --------------------------------------------------------------------------------

    def diff(self, other: Framework) -> list[Change]:
        """List what changed from this framework to ``other`` (e.g. a newer version)."""
        return diff(self, other)

    def to_markdown(self) -> str:
        """Render the framework as a readable Markdown page, every number with its source."""
        return framework_markdown(self)


def _framework_problems(fw: Framework) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    add = problems.append
    if fw.effective_to is not None and fw.effective_to < fw.effective_from:
        add(("effective_to", f"{fw.effective_to} is before effective_from {fw.effective_from}"))
    if fw.status != "official" and not fw.status_note:
        add(("status_note", f"a {fw.status!r} framework must say what is missing in status_note"))
    if fw.status_note_en and not fw.status_note:
        add(
            (
                "status_note_en",
                "an English status_note_en needs the Vietnamese status_note beside it "
                "(Vietnamese first); add status_note",
            )
        )

    group_ids: set[str] = set()
    criterion_ids: set[str] = set()
    total = Decimal(0)
    for i, g in enumerate(fw.groups):
        where = f"groups[{i}]"
        if g.id in group_ids:
            add((f"{where}.id", f"group id {g.id!r} is used twice; ids must be unique"))
        group_ids.add(g.id)
        problems += _english_only(g.notes, g.notes_en, f"{where}.notes_en")
        total += g.max_points
        inside = sum((c.max_points for c in g.criteria), Decimal(0))
        if inside != g.max_points:
            add(
                (
                    f"{where}.max_points",
                    f"group {g.id!r} has max_points {g.max_points} but its criteria add up to "
                    f"{inside}",
                )
            )
        for j, c in enumerate(g.criteria):
            problems += _criterion_problems(fw, c, f"{where}.criteria[{j}]", criterion_ids, False)
    if total != fw.max_points:
        add(("max_points", f"max_points is {fw.max_points} but the groups add up to {total}"))
    for j, c in enumerate(fw.bonus_penalty):
        problems += _criterion_problems(fw, c, f"bonus_penalty[{j}]", criterion_ids, True)

    formats = fw.evidence_formats or []
    if len(set(formats)) != len(formats):
        add(("evidence_formats", f"a format is named twice: {formats}"))
    if fw.max_points == 0 and (fw.tiers or fw.knockouts):
        add(("max_points", "an unscored framework (max_points 0) can have no tiers or knockouts"))
    problems += _tier_problems(fw)
    problems += _knockout_problems(fw)
    return problems


def _criterion_problems(
    fw: Framework, c: Criterion, where: str, seen: set[str], bonus_penalty: bool
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if c.id in seen:
        out.append((f"{where}.id", f"criterion id {c.id!r} is used twice; ids must be unique"))
    seen.add(c.id)
    out += _english_only(c.notes, c.notes_en, f"{where}.notes_en")
    if c.scope is not None:
        judged = fw.jurisdiction.levels()
        outside = [lv for lv in c.scope.levels if lv not in judged]
        if outside:
            out.append(
                (
                    f"{where}.scope.levels",
                    f"{outside} not judged by this framework (jurisdiction level "
                    f"{fw.jurisdiction.level!r}: {', '.join(judged)})",
                )
            )
    if fw.rounding.mode == "none" and not _exact_points(c):
        out.append(
            (
                f"{where}.measure.kind",
                f"a {c.measure.kind} of {c.max_points} points gives fractions of points, but the "
                "framework rounds nothing (rounding mode 'none'); give [rounding] places and mode",
            )
        )
    at = f"{where}.measure"
    for key, message in c.measure.problems(
        c.max_points, bonus_penalty=bonus_penalty, conduct_codes=fw.conduct_codes
    ):
        out.append((f"{at}.{key}", message))
    return out


def _exact_points(c: Criterion) -> bool:
    """Whether every points value of `c` is an exact decimal, whatever the answer."""
    m = c.measure
    if c.max_points == 0 or m.kind in EXACT_KINDS:
        return True
    if isinstance(m, Checklist):
        return m.rule != "proportional"
    if isinstance(m, Quota):
        return m.partial == "none"
    return False


def _english_only(vi: str | None, en: str | None, where: str) -> list[tuple[str, str]]:
    """A note may not be English only: Vietnamese first, English beside it."""
    if en and not vi:
        return [(where, "an English notes_en needs the Vietnamese notes beside it; add notes")]
    return []


def _tier_problems(fw: Framework) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if not fw.tiers:
        return out
    if fw.tiers[0].min_points != 0:
        out.append(
            (
                "tiers[0].min_points",
                f"the lowest tier must start at 0 so that every total has a tier, got "
                f"{fw.tiers[0].min_points} (add a tier for the band below it)",
            )
        )
    labels: set[str] = set()
    for i, t in enumerate(fw.tiers):
        if t.label in labels:
            out.append((f"tiers[{i}].label", f"tier label {t.label!r} is used twice"))
        labels.add(t.label)
        if t.min_points > fw.max_points:
            out.append(
                (f"tiers[{i}].min_points", f"{t.min_points} is above max_points {fw.max_points}")
            )
        if i and t.min_points <= fw.tiers[i - 1].min_points:
            out.append(
                (
                    f"tiers[{i}].min_points",
                    f"tiers must be in increasing order of min_points: {t.min_points} follows "
                    f"{fw.tiers[i - 1].min_points}",
                )
            )
    return out


def _knockout_problems(fw: Framework) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    labels = [t.label for t in fw.tiers]
    ids: set[str] = set()
    for i, k in enumerate(fw.knockouts):
        cap = k.effect.cap_tier
        if cap is not None and cap not in labels:
            out.append(
                (
                    f"knockouts[{i}].effect.cap_tier",
                    f"{cap!r} is not a tier of this framework; valid: {labels or '(no tiers)'}",
                )
            )
        if isinstance(k, MinimumTotal) and k.points > fw.max_points:
            out.append((f"knockouts[{i}].points", f"{k.points} is above max {fw.max_points}"))
        if isinstance(k, Disqualifier):
            if k.id in ids:
                out.append((f"knockouts[{i}].id", f"disqualifier id {k.id!r} is used twice"))
            ids.add(k.id)
    return out
