"""How a criterion is measured: one model per measure kind, each stating its scoring rule.

The formulas are fixed per kind (see each class); the data gives their parameters. Points are
exact decimals. The scoring package applies them to a commune's answers. Each kind holds what a
framework file says of it: its rule as a formula (`describe(max_points)`, the text a scorecard
cites), in plain words for readers (`explain(lang)`, Vietnamese or English), and what a
criterion using it must satisfy (`problems(...)`, checked when a framework is loaded). The module
function `describe` asks the measure it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from chinhquyen.criteria._types import Id, Points, Share, Text
from chinhquyen.criteria.citations import Citation
from chinhquyen.model import Model

__all__ = [
    "PER_WORDS",
    "Checklist",
    "ChecklistItem",
    "Coverage",
    "Deduction",
    "ExternalIndex",
    "Measure",
    "OnEmpty",
    "Quota",
    "Ratio",
    "SelfScored",
    "Survey",
    "Tally",
    "YesNo",
    "describe",
]


#: A key of a measure's parameters and what is wrong with it (see each class's `problems`).
Problem = tuple[str, str]

#: The periods a quota or a tally counts over, in Vietnamese and English.
PER_WORDS: dict[str, tuple[str, str]] = {
    "year": ("năm", "year"),
    "half_year": ("6 tháng", "half-year"),
    "quarter": ("quý", "quarter"),
    "month": ("tháng", "month"),
    "period": ("kỳ đánh giá", "assessment period"),
}

_ON_EMPTY_WORDS = {
    "full": ("đủ điểm", "full points"),
    "zero": ("0 điểm", "zero points"),
    "not_applicable": ("không áp dụng", "not applicable"),
}


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _plain_rate(
    m: Ratio | Coverage | Survey, head_vi: str, head_en: str, lang: str, max_points: Decimal | None
) -> str:
    """The plain wording shared by the kinds scored like a ratio: threshold and empty policy.

    For an unscored criterion (`max_points` 0) the threshold is a reference level: reached
    or not, it gives no points, and an empty denominator leaves the criterion not applicable
    or not (its `on_empty`), never "full points".
    """
    vi = lang == "vi"
    unscored = max_points == 0
    text = head_vi if vi else head_en
    if m.threshold is not None:
        pct = _num(m.threshold * 100)
        if unscored:
            text += f"; mức tham chiếu {pct}%" if vi else f"; reference level {pct}%"
        else:
            text += f"; đạt từ {pct}% trở lên là đủ điểm" if vi else f"; full points from {pct}% up"
    if unscored:
        if m.on_empty == "not_applicable":
            empty = "mẫu số bằng 0 → không áp dụng" if vi else "empty denominator → not applicable"
            text += f"; {empty}"
        return text + ("; không tính điểm" if vi else "; not scored")
    empty_vi, empty_en = _ON_EMPTY_WORDS[m.on_empty]
    return text + (f"; mẫu số bằng 0 → {empty_vi}" if vi else f"; empty denominator → {empty_en}")


def _share(threshold: Decimal | None) -> str:
    return f"{format((threshold * 100).normalize(), 'f')}%" if threshold is not None else ""


def _rate_rule(m: Decimal, threshold: Decimal | None, on_empty: str) -> str:
    """The wording shared by the kinds scored like a ratio (ratio, coverage, survey)."""
    if m == 0:
        level = f", reference level {_share(threshold)}" if threshold is not None else ""
        return f"{_UNSCORED}: the rate{level}; empty denominator: {on_empty.replace('_', ' ')}"
    rule = f"min({m}, {m} × rate / {_share(threshold)})" if threshold is not None else f"{m} × rate"
    return f"{rule}; empty denominator: {on_empty.replace('_', ' ')}"


_UNSCORED = "not scored (no points in the source)"

#: What an empty denominator gives: the full points, zero, or "not applicable" (the criterion
#: is left out of the assessment and reported as such).
OnEmpty = Literal["full", "zero", "not_applicable"]


class SelfScored(Model):
    """Points are the commune's own score in ``[0, max]`` backed by evidence.

    Attributes:
        step: if set, the score must be a multiple of it (e.g. ``"0.5"``).
    """

    kind: Literal["self_scored"]
    step: Annotated[Points, Field(gt=0)] | None = None

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points`."""
        extra = f", in steps of {self.step}" if self.step is not None else ""
        return f"self-scored from 0 to {max_points} with evidence{extra}"

    def explain(self, lang: str, max_points: Decimal | None = None) -> str:
        """How the criterion is measured, in plain words (`lang` is `"vi"` or `"en"`).

        `max_points`, if given, is the criterion's: 0 words it as not scored.
        """
        vi = lang == "vi"
        text = "Tự chấm, từ 0 đến điểm tối đa" if vi else "Self-scored, 0 to the maximum"
        if self.step is not None:
            text += f" (bước {_num(self.step)})" if vi else f" (in steps of {_num(self.step)})"
        return text

    def problems(
        self, max_points: Decimal, *, bonus_penalty: bool, conduct_codes: Sequence[str]
    ) -> list[Problem]:
        """What is wrong with these parameters for a criterion worth `max_points`."""
        if self.step is not None and max_points % self.step != 0:
            return [("step", f"max_points {max_points} is not a multiple of step {self.step}")]
        return []


class YesNo(Model):
    """Points are the criterion's max if the fact holds, else 0."""

    kind: Literal["yes_no"]

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points` (0: not scored)."""
        if max_points == 0:
            return f"{_UNSCORED}: yes / no"
        return f"{max_points} if yes, else 0"

    def explain(self, lang: str, max_points: Decimal | None = None) -> str:
        """How the criterion is measured, in plain words (`lang` is `"vi"` or `"en"`).

        `max_points`, if given, is the criterion's: 0 words it as not scored.
        """
        if max_points == 0:
            return "Có/không, không tính điểm" if lang == "vi" else "Yes/no, not scored"
        return "Có/không: đủ điểm nếu có" if lang == "vi" else "Yes/no: full points if yes"

    def problems(
        self, max_points: Decimal, *, bonus_penalty: bool, conduct_codes: Sequence[str]
    ) -> list[Problem]:
        """What is wrong with these parameters for a criterion worth `max_points` (nothing)."""
        return []


class ChecklistItem(Model):
    """A named item of a checklist.

    Attributes:
        points: the item's points under the ``per_item`` rule; ``None`` under other rules.
    """

    id: Id
    title: Text
    title_en: str | None = None
    points: Annotated[Points, Field(ge=0)] | None = None
    sources: Annotated[list[Citation], Field(min_length=1)]


class Checklist(Model):
    """A list of named items.

    ``all_or_nothing``: max if every item is done, else 0. ``per_item``: the sum of the done
    items' points (the items' points add up to the max). ``proportional``: max × done / total.
    """

    kind: Literal["checklist"]
    items: Annotated[list[ChecklistItem], Field(min_length=1)]
    rule: Literal["all_or_nothing", "per_item", "proportional"]

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points` (0: not scored)."""
        n = len(self.items)
        if max_points == 0:
            return f"{_UNSCORED}: {n} items to tick"
        if self.rule == "all_or_nothing":
            return f"{max_points} if all {n} items are done, else 0"
        if self.rule == "per_item":
            return "sum of the points of the items done"
        return f"{max_points} × items done / {n}"

    def explain(self, lang: str, max_points: Decimal | None = None) -> str:
        """How the criterion is measured, in plain words, with its items (`"vi"` or `"en"`).

        `max_points`, if given, is the criterion's: 0 words it as not scored.
        """
        vi = lang == "vi"
        rule_vi, rule_en = {
            "all_or_nothing": ("đủ điểm khi làm đủ mọi mục", "full points only if every item"),
            "per_item": ("cộng điểm từng mục đã làm", "sum of the items done"),
            "proportional": ("tỷ lệ số mục đã làm", "in proportion to the items done"),
        }[self.rule]
        names = "; ".join(
            _pick(item.title, item.title_en, lang)
            + (f" ({_num(item.points)})" if item.points is not None else "")
            for item in self.items
        )
        n = len(self.items)
        if max_points == 0:
            rule_vi, rule_en = "không tính điểm", "not scored"
        head = f"Danh mục {n} mục, {rule_vi}" if vi else f"Checklist of {n}, {rule_en}"
        return f"{head}: {names}"

    def problems(
        self, max_points: Decimal, *, bonus_penalty: bool, conduct_codes: Sequence[str]
    ) -> list[Problem]:
        """Item ids unique; points on every item under `per_item`, adding up to the max."""
        out: list[Problem] = []
        ids = [it.id for it in self.items]
        for k, it in enumerate(self.items):
            if ids.index(it.id) != k:
                out.append((f"items[{k}].id", f"item id {it.id!r} is used twice"))
        if self.rule == "per_item":
            missing = [it.id for it in self.items if it.points is None]
            if missing:
                out.append(("items", f"rule 'per_item' needs points on items {missing}"))
            else:
                total = sum((it.points or Decimal(0) for it in self.items), Decimal(0))
                if total != max_points:
                    out.append(
                        (
                            "items",
                            f"item points add up to {total}, not the criterion's max {max_points}",
                        )
                    )
        else:
            given = [it.id for it in self.items if it.points is not None]
            if given:
                out.append(
                    (
                        "items",
                        f"rule {self.rule!r} gives no points per item; remove points from"
                        f" {given} or use rule 'per_item'",
                    )
                )
        return out


def _pick(vi: str, en: str | None, lang: str) -> str:
    """A title in the page's language, the other beside it when both exist."""
    if lang == "en":
        return f"{en} (*{vi}*)" if en and en != vi else vi
    return f"{vi} (*{en}*)" if en and en != vi else vi


class Ratio(Model):
    """A ratio numerator / denominator turned into points.

    Points are ``max × ratio``, or ``min(max, max × ratio / threshold)`` when a threshold is
    set (full points from the threshold up). An empty denominator follows ``on_empty``.
    """

    kind: Literal["ratio"]
    numerator: Text
    denominator: Text
    threshold: Share | None = None
    on_empty: OnEmpty

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points`."""
        return _rate_rule(max_points, self.threshold, self.on_empty)

    def explain(self, lang: str, max_points: Decimal | None = None) -> str:
        """How the criterion is measured, in plain words (`lang` is `"vi"` or `"en"`).

        `max_points`, if given, is the criterion's: 0 words it as not scored.
        """
        n, d = self.numerator, self.denominator
        return _plain_rate(self, f"Tỷ lệ {n} / {d}", f"Ratio {n} / {d}", lang, max_points)

    def problems(
        self, max_points: Decimal, *, bonus_penalty: bool, conduct_codes: Sequence[str]
    ) -> list[Problem]:
        """What is wrong with these parameters for a criterion worth `max_points` (nothing)."""
        return []


class Quota(Model):
    """A count of activities per period against a target.

    ``proportional``: max × min(1, count / target); ``none``: max if count >= target, else 0.
    """

    kind: Literal["quota"]
    target: Annotated[int, Field(ge=1)]
    per: Literal["year", "half_year", "quarter", "month", "period"]
    unit: Text
    partial: Literal["proportional", "none"]

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points`."""
        m, target, per = max_points, self.target, self.per.replace("_", " ")
        if m == 0:
            return f"{_UNSCORED}: the count, reference level {target} {self.unit} per {per}"
        if self.partial == "proportional":
            return f"{m} × min(1, count / {target}) — {target} {self.unit} per {per}"
        return f"{m} if at least {target} {self.unit} per {per}, else 0"

    def explain(self, lang: str, max_points: Decimal | None = None) -> str:
        """How the criterion is measured, in plain words (`lang` is `"vi"` or `"en"`).

        `max_points`, if given, is the criterion's: 0 words it as not scored.
        """
        per_vi, per_en = PER_WORDS[self.per]
        proportional = self.partial == "proportional"
        if max_points == 0:
            if lang == "vi":
                return f"Mức tham chiếu {self.target} {self.unit} mỗi {per_vi}; không tính điểm"
            return f"Reference level of {self.target} {self.unit} per {per_en}; not scored"
        if lang == "vi":
            tail = "; chưa đủ thì tính theo tỷ lệ" if proportional else ""
            return f"Chỉ tiêu {self.target} {self.unit} mỗi {per_vi}{tail}"
        tail = "; partial credit in proportion" if proportional else ""
        return f"Quota of {self.target} {self.unit} per {per_en}{tail}"

    def problems(
        self, max_points: Decimal, *, bonus_penalty: bool, conduct_codes: Sequence[str]
    ) -> list[Problem]:
        """What is wrong with these parameters for a criterion worth `max_points` (nothing)."""
        return []


class Coverage(Model):
    """Events answered by an action over the events that required it, scored like a ratio.

    E.g. condolence letters sent per death in the commune.
    """

    kind: Literal["coverage"]
    event: Text
    action: Text
    threshold: Share | None = None
    on_empty: OnEmpty

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points`."""
        return _rate_rule(max_points, self.threshold, self.on_empty)

    def explain(self, lang: str, max_points: Decimal | None = None) -> str:
        """How the criterion is measured, in plain words (`lang` is `"vi"` or `"en"`).

        `max_points`, if given, is the criterion's: 0 words it as not scored.
        """
        e, a = self.event, self.action
        head_vi, head_en = f"Tỷ lệ {e} có {a}", f"Share of {e} answered by {a}"
        return _plain_rate(self, head_vi, head_en, lang, max_points)

    def problems(
        self, max_points: Decimal, *, bonus_penalty: bool, conduct_codes: Sequence[str]
    ) -> list[Problem]:
        """What is wrong with these parameters for a criterion worth `max_points` (nothing)."""
        return []


class Survey(Model):
    """A satisfaction rate computed from survey answers, scored like a ratio.

    Attributes:
        scale: the answer levels, lowest first, if the source gives them.
        satisfied_levels: the levels counted as satisfied (a subset of ``scale``).
        min_responses: the fewest responses for the rate to count, if the source sets one:
            the forms (phiếu) when the answer gives them, else the answers.
    """

    kind: Literal["survey"]
    scale: Annotated[list[Text], Field(min_length=2)] | None = None
    satisfied_levels: Annotated[list[Text], Field(min_length=1)] | None = None
    threshold: Share | None = None
    min_responses: Annotated[int, Field(ge=1)] | None = None
    on_empty: OnEmpty

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points`."""
        return _rate_rule(max_points, self.threshold, self.on_empty)

    def explain(self, lang: str, max_points: Decimal | None = None) -> str:
        """How the criterion is measured, in plain words (`lang` is `"vi"` or `"en"`).

        `max_points`, if given, is the criterion's: 0 words it as not scored.
        """
        vi = lang == "vi"
        head = "Khảo sát: tỷ lệ hài lòng" if vi else "Survey: satisfaction rate"
        if self.satisfied_levels:
            joined = ", ".join(self.satisfied_levels)
            head += f" (tính là hài lòng: {joined})" if vi else f" (counted as satisfied: {joined})"
        if self.min_responses:
            least = self.min_responses
            head += f" (ít nhất {least} phiếu)" if vi else f" (at least {least} answers)"
        return _plain_rate(self, head, head, lang, max_points)

    def problems(
        self, max_points: Decimal, *, bonus_penalty: bool, conduct_codes: Sequence[str]
    ) -> list[Problem]:
        """The satisfied levels must be levels of the scale."""
        if self.scale is not None and self.satisfied_levels is not None:
            unknown = [lv for lv in self.satisfied_levels if lv not in self.scale]
            if unknown:
                return [("satisfied_levels", f"levels {unknown} are not on the scale {self.scale}")]
        return []


class ExternalIndex(Model):
    """Points converted from an external index: ``max × score / scale_max``.

    Attributes:
        index: the index's name, e.g. the provincial PAR index.
        scale_max: the index's top score.
    """

    kind: Literal["external_index"]
    index: Text
    scale_max: Annotated[Points, Field(gt=0)]
    conversion: Literal["linear"]

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points`."""
        return f"{max_points} × score / {self.scale_max} on {self.index}"

    def explain(self, lang: str, max_points: Decimal | None = None) -> str:
        """How the criterion is measured, in plain words (`lang` is `"vi"` or `"en"`).

        `max_points`, if given, is the criterion's: 0 words it as not scored.
        """
        scale = _num(self.scale_max)
        if lang == "vi":
            return f"Quy đổi tuyến tính từ chỉ số {self.index} (thang {scale})"
        return f"Linear conversion of the index {self.index} (scale {scale})"

    def problems(
        self, max_points: Decimal, *, bonus_penalty: bool, conduct_codes: Sequence[str]
    ) -> list[Problem]:
        """What is wrong with these parameters for a criterion worth `max_points` (nothing)."""
        return []


class Deduction(Model):
    """Points lost per violation: ``max(floor, max − violations × per_violation)``.

    Attributes:
        conduct_code: the conduct code whose rules the violations break, if any.
    """

    kind: Literal["deduction"]
    per_violation: Annotated[Points, Field(gt=0)]
    floor: Points = Decimal(0)
    conduct_code: str | None = None

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words for a criterion worth `max_points`."""
        return f"max({self.floor}, {max_points} − {self.per_violation} × violations)"

    def explain(self, lang: str, max_points: Decimal | None = None) -> str:
        """How the criterion is measured, in plain words (`lang` is `"vi"` or `"en"`).

        `max_points`, if given, is the criterion's: 0 words it as not scored.
        """
        per, floor = _num(self.per_violation), _num(self.floor)
        if lang == "vi":
            text = f"Trừ {per} điểm mỗi vi phạm, thấp nhất {floor}"
        else:
            text = f"Minus {per} per violation, floor {floor}"
        return text + (f" (`{self.conduct_code}`)" if self.conduct_code else "")

    def problems(
        self, max_points: Decimal, *, bonus_penalty: bool, conduct_codes: Sequence[str]
    ) -> list[Problem]:
        """The floor within the points; below 0 only for a penalty; a listed conduct code."""
        out: list[Problem] = []
        if self.floor > max_points:
            out.append(("floor", f"floor {self.floor} is above max_points {max_points}"))
        if self.floor < 0 and not bonus_penalty:
            out.append(("floor", "a negative floor is only allowed for a penalty in bonus_penalty"))
        if self.conduct_code is not None and self.conduct_code not in conduct_codes:
            out.append(
                (
                    "conduct_code",
                    f"{self.conduct_code!r} is not listed in the framework's conduct_codes "
                    f"{list(conduct_codes)}",
                )
            )
        return out


class Tally(Model):
    """A figure reported, not scored: how many or how much, in a unit, per period.

    For a model whose source gives figures but no points (e.g. tonnes of waste sorted, money
    raised, households taking part in a "Dân vận khéo" model): the scorecard shows the figure
    reported; the criterion is worth 0 points, and it is met when the figure is reported.

    Attributes:
        unit: what is counted or measured, e.g. `"tấn"`, `"hộ"`, `"đồng"`.
        per: the period the figure covers.
    """

    kind: Literal["tally"]
    unit: Text
    per: Literal["year", "half_year", "quarter", "month", "period"]

    def describe(self, max_points: Decimal) -> str:
        """Return the rule in words (a tally is never scored)."""
        return f"{_UNSCORED}: the figure reported, in {self.unit} per {self.per.replace('_', ' ')}"

    def explain(self, lang: str, max_points: Decimal | None = None) -> str:
        """How the criterion is measured, in plain words (`lang` is `"vi"` or `"en"`).

        `max_points`, if given, is the criterion's: 0 words it as not scored.
        """
        per_vi, per_en = PER_WORDS[self.per]
        if lang == "vi":
            return f"Số liệu báo cáo ({self.unit} mỗi {per_vi}), không tính điểm"
        return f"A figure reported ({self.unit} per {per_en}), not scored"

    def problems(
        self, max_points: Decimal, *, bonus_penalty: bool, conduct_codes: Sequence[str]
    ) -> list[Problem]:
        """A tally gives no points: its criterion's max must be 0."""
        if max_points != 0:
            return [
                ("kind", f"a tally is reported, not scored: max_points must be 0, not {max_points}")
            ]
        return []


#: A criterion's measure, told apart by its ``kind``.
Measure = Annotated[
    SelfScored
    | YesNo
    | Checklist
    | Ratio
    | Quota
    | Coverage
    | Survey
    | ExternalIndex
    | Deduction
    | Tally,
    Field(discriminator="kind"),
]


def describe(measure: Measure, max_points: Decimal) -> str:
    """Return the scoring rule of `measure` for a criterion worth `max_points`, in words.

    Each measure kind words its own rule (its `describe` method); this asks the one given.
    """
    return measure.describe(max_points)
