"""What a measure kind means to scoring: the parts every kind's module provides.

A measure kind (`ratio`, `checklist`, ...) is defined twice over, in two packages with one
concern each: its *data model* — the parameters a framework file gives — is a class of
`chinhquyen.criteria.measures`, and everything it means to scoring lives in one module of
this package, which builds a [`MeasureKind`][chinhquyen.scoring.kinds.base.MeasureKind]:

* the answer value it accepts (a strict pydantic model tagged by `kind`);
* its one scoring rule, compiled once per criterion of a framework: a function from the
  measured value to rounded points, a status when there are none, and the reasons in
  Vietnamese and English. A value that cannot fit the criterion raises
  [`AnswerError`][chinhquyen.errors.AnswerError] naming the criterion;
* how its value is written in the digest's canonical JSON;
* its Excel form: the columns it uses, the instruction shown, how a value is written into the
  form and read back.

The parts shared by several kinds — the rule of a part over a whole (ratio, coverage, survey),
what an empty denominator gives — are here, written once.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any, Generic, Protocol, TypeVar, get_args

import attrs

from chinhquyen.errors import AnswerError, Problem
from chinhquyen.model import Model
from chinhquyen.scoring.numbers import Exact, decimal_text, percent_text
from chinhquyen.scoring.status import CriterionStatus

__all__ = [
    "FormCells",
    "FormHooks",
    "MeasureKind",
    "Rounder",
    "Rule",
    "Scored",
    "answer_problem",
    "empty_rule",
    "exact",
    "json_number",
    "json_string",
    "narrowed",
    "part_of_whole",
    "read_part_whole",
    "refuse",
    "threshold_note",
]

#: Rounds an exact `(numerator, denominator)` value (denominator > 0) by a framework's rule.
Rounder = Callable[[int, int], Decimal]

#: What a rule gives: the rounded points (`None` when not reported or not applicable), the
#: status when there are no points (`None` otherwise: it follows from the points), and the
#: reasons in Vietnamese and in English.
Scored = tuple[Decimal | None, CriterionStatus | None, str, str]

#: A criterion's rule, compiled for one framework: the measured value in (for the self-scored
#: kind, the self-score, possibly `None`), what it scores out. Raises `AnswerError`.
Rule = Callable[[Any], Scored]

M = TypeVar("M", bound=Model)


class FormCells(Protocol):
    """The cells of one criterion's row of the Excel form, as a kind's reader sees them.

    Letters are the form's columns. Every method that reads a cell refuses what it cannot
    read, raising the form's error that names the sheet, the cell and the criterion.
    """

    def filled(self, letter: str) -> bool:
        """Whether the cell holds anything."""
        ...

    def ref(self, letter: str) -> str:
        """The cell's reference, e.g. `"I9"`."""
        ...

    def raw(self, letter: str) -> object:
        """The cell's value as the workbook holds it (for messages)."""
        ...

    def text(self, letter: str) -> str | None:
        """The cell's text, stripped; `None` for an empty cell."""
        ...

    def count(self, letter: str) -> int:
        """The cell as a whole number, 0 or more."""
        ...

    def decimal(self, letter: str) -> Decimal:
        """The cell as an exact decimal (a comma or a point as the decimal mark)."""
        ...

    def error(self, letter: str, message: str) -> Exception:
        """The form's error for this cell (to be raised by the caller)."""
        ...


@attrs.frozen(slots=True)
class FormHooks(Generic[M]):
    """How a kind's answer appears in the Excel self-assessment form.

    Attributes:
        columns: the value columns the kind uses (the self-score, evidence and note columns
            are open to every kind).
        how: the instruction shown beside a criterion (Vietnamese), from its measure.
        write: the value's cells as `{letter: cell value}`.
        read: the value read back from the cells (as the dict an answer's `value` takes),
            `None` when none of the kind's columns is filled.
        bounds: the range a decimal cell must lie in (`{letter: (lowest, highest)}`), from
            the measure, for the form's data validation; counts are checked by the form.
    """

    columns: tuple[str, ...]
    how: Callable[[M], str]
    write: Callable[[Any], Mapping[str, int | str | Decimal]]
    read: Callable[[FormCells, M], dict[str, Any] | None]
    bounds: Callable[[M], Mapping[str, tuple[Decimal, Decimal]]] = lambda m: {}


@attrs.frozen(slots=True)
class MeasureKind(Generic[M]):
    """Everything one measure kind means to scoring (see the module documentation).

    Attributes:
        name: the kind, as `kind` in a framework file and in an answer's value.
        measure: its data model in `chinhquyen.criteria.measures`.
        value: the answer value it accepts; `None` for the self-scored kind, whose answer is
            the self-score itself.
        label: what the kind is called, in Vietnamese (e.g. `"tỷ lệ"`).
        label_en: the same in English.
        compile: builds a criterion's `Rule` from its
            measure, its max points, the framework's rounder and the criterion's id.
        digest: the value's canonical JSON (see [`chinhquyen.scoring.digest`][]); `None`
            when the kind has no value.
        digest_fields: the value's fields the digest writes; checked at import against the
            value model, so a new field cannot be left out of the digest unnoticed.
        form: the kind's Excel form.
        schema: narrows the JSON Schema of the kind's value (a `$ref` to the value model's
            schema, given) to what a criterion measured by a given measure accepts, e.g. the
            checklist's item ids or the index's top score; `None` when the value model's
            schema says it all. See `value_schema`.
        check_period: for a kind whose values record dated events (e.g. violations), the
            problems with a value given the criterion's id, the assessment's first day, last
            day and period label (an empty list when the value fits); `None` for kinds that
            record no dates.
    """

    name: str
    measure: type[M]
    value: type[Model] | None
    label: str
    label_en: str
    compile: Callable[[M, Decimal, Rounder, str], Rule]
    digest: Callable[[Any], str] | None
    digest_fields: frozenset[str]
    form: FormHooks[M]
    check_period: Callable[[Any, str, dt.date, dt.date, str], list[Problem]] | None = None
    schema: Callable[[M, dict[str, Any]], dict[str, Any]] | None = None

    def __attrs_post_init__(self) -> None:
        if get_args(self.measure.model_fields["kind"].annotation) != (self.name,):
            raise TypeError(f"measure kind {self.name!r}: {self.measure.__name__}.kind differs")
        if self.value is None:
            if self.digest is not None or self.digest_fields:
                raise TypeError(f"measure kind {self.name!r} has no value but a digest form")
            return
        fields = frozenset(self.value.model_fields)
        if self.digest is None or fields != self.digest_fields:
            raise TypeError(
                f"measure kind {self.name!r}: the digest writes {sorted(self.digest_fields)},"
                f" the value {self.value.__name__} has {sorted(fields)}"
            )

    def value_schema(self, measure: M) -> dict[str, Any] | None:
        """The JSON Schema of the answer value a criterion measured by `measure` accepts.

        It refers to the value model's schema as `#/$defs/<model name>`, so it belongs in a
        schema whose `$defs` hold the value models (the self-assessment's). `None` for the
        self-scored kind, whose answer has no value.
        """
        if self.value is None:
            return None
        base: dict[str, Any] = {"$ref": f"#/$defs/{self.value.__name__}"}
        return base if self.schema is None else self.schema(measure, base)


def json_number(value: Decimal) -> int | float:
    """A decimal as a JSON Schema number (an integer when it is whole)."""
    whole = value.to_integral_value()
    return int(whole) if value == whole else float(value)


def narrowed(base: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    """`base` (a value's schema) with further conditions on some of its properties."""
    return {"allOf": [base, {"properties": properties}]}


#: A text as a JSON string, characters outside ASCII written as themselves (the digest's form).
json_string: Callable[[str], str] = encode_basestring


def answer_problem(
    criterion_id: str,
    at: tuple[str | int, ...],
    code: str,
    value: Any,
    message_en: str,
    message_vi: str,
) -> Problem:
    """A problem with a criterion's answer, located under `answers/<criterion id>`.

    Args:
        criterion_id: the criterion.
        at: where in the answer, e.g. `("value", "score")`.
        code: the stable machine code, e.g. `"external_index.above_scale"`.
        value: the offending value.
        message_en: what is wrong and what would be valid, in English; the criterion is named
            before it (`criterion tc-1: ...`).
        message_vi: the same in Vietnamese (`tiêu chí tc-1: ...`).
    """
    return Problem.at(
        ("answers", criterion_id, *at),
        code,
        f"criterion {criterion_id}: {message_en}",
        f"tiêu chí {criterion_id}: {message_vi}",
        value,
    )


def refuse(
    criterion_id: str,
    message_en: str,
    message_vi: str,
    *,
    at: tuple[str | int, ...],
    code: str,
    value: Any,
) -> AnswerError:
    """The error for an answer that cannot fit its criterion (to be raised).

    Its one problem is [`answer_problem`][chinhquyen.scoring.kinds.base.answer_problem]'s.
    """
    problem = answer_problem(criterion_id, at, code, value, message_en, message_vi)
    return AnswerError(problems=[problem])


def exact(value: Decimal) -> Exact:
    """A decimal as an exact `(numerator, denominator)` pair."""
    return value.as_integer_ratio()


_EMPTY_VI = {
    "full": "đạt điểm tối đa theo quy định",
    "zero": "0 điểm theo quy định",
    "not_applicable": "không áp dụng theo quy định",
}
_EMPTY_EN = {
    "full": "full points by rule",
    "zero": "zero points by rule",
    "not_applicable": "not applicable by rule",
}


def empty_rule(
    on_empty: str, max_points: Decimal, rnd: Rounder, what_vi: str, what_en: str
) -> Scored:
    """What a part-of-whole rule gives when there is nothing to count (`on_empty`)."""
    reason = f"Không phát sinh ({what_vi}: 0): {_EMPTY_VI[on_empty]}"
    reason_en = f"nothing to count ({what_en}: 0): {_EMPTY_EN[on_empty]}"
    if on_empty == "full":
        return (rnd(*exact(max_points)), None, reason, reason_en)
    if on_empty == "zero":
        return (rnd(0, 1), None, reason, reason_en)
    return (None, CriterionStatus.NOT_APPLICABLE, reason, reason_en)


def threshold_note(threshold: Decimal | None) -> tuple[str, str]:
    """The reasons' note on a threshold, e.g. `"; đạt tối đa từ 95%"`; empty without one."""
    if threshold is None:
        return "", ""
    shown = decimal_text(threshold * 100)
    return f"; đạt tối đa từ {shown}%", f"; full points from {shown}%"


#: How a part-of-whole rule writes a reason: `f"{part}{sep}{whole}{before}{percent}{after}"`.
Wording = tuple[str, str, str]


def part_of_whole(
    max_points: Decimal,
    threshold: Decimal | None,
    rnd: Rounder,
    *,
    fields: tuple[str, str],
    empty: Scored,
    vi: Wording,
    en: Wording,
) -> Rule:
    """The rule of a part over a whole (ratio, coverage, survey), compiled for one criterion.

    Points are `max × part / whole`, or `min(max, max × part / whole / threshold)` when a
    threshold is set (full points from the threshold up); a whole of 0 gives `empty`.

    Args:
        max_points: the criterion's max.
        threshold: the share from which the max is given, if any.
        rnd: the framework's rounder.
        fields: the value's fields holding the part and the whole.
        empty: what a whole of 0 gives (see
            [`empty_rule`][chinhquyen.scoring.kinds.base.empty_rule]).
        vi: how the Vietnamese reason is written around the counts and the percentage.
        en: the same in English.

    Returns:
        The criterion's rule: a value in, what it scores out.
    """
    mn, md = exact(max_points)
    full = rnd(mn, md)
    tn, td = exact(threshold) if threshold is not None else (1, 1)
    fn, fd = mn * td, md * tn  # points = part/whole × max / threshold, capped at the max
    sep_vi, before_vi, after_vi = vi
    sep_en, before_en, after_en = en
    counts = operator.attrgetter(*fields)

    def rule(value: Any) -> Scored:
        part, whole = counts(value)
        if whole == 0:
            return empty
        a, b = fn * part, fd * whole
        points = full if a * md >= mn * b else rnd(a, b)
        pct = percent_text(part, whole)
        return (
            points,
            None,
            f"{part}{sep_vi}{whole}{before_vi}{pct}{after_vi}",
            f"{part}{sep_en}{whole}{before_en}{pct}{after_en}",
        )

    return rule


def read_part_whole(cells: FormCells) -> tuple[int, int] | None:
    """The part (H) and whole (I) counts of a part-of-whole kind's row; `None` if both empty.

    Both must be given, and the part may not exceed the whole.
    """
    if not cells.filled("H") and not cells.filled("I"):
        return None
    for letter in ("H", "I"):
        if not cells.filled(letter):
            raise cells.error(letter, "is empty; give both H and I, or neither")
    part, whole = cells.count("H"), cells.count("I")
    if part > whole:
        raise cells.error("H", f"{part} exceeds {whole} in {cells.ref('I')}")
    return part, whole
