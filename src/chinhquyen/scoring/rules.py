"""One scoring function per measure kind: measured value in, exact points and reasons out.

Points are computed as exact fractions and rounded once, by the framework's rounding rule, in
:func:`round_points`. Each function returns an :class:`Outcome`; a value that cannot fit its
criterion raises :class:`~chinhquyen.errors.AnswerError` naming the criterion.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from chinhquyen.criteria.measures import (
    Checklist,
    Coverage,
    Deduction,
    ExternalIndex,
    Quota,
    Ratio,
    SelfScored,
    Survey,
    YesNo,
)
from chinhquyen.errors import AnswerError
from chinhquyen.scoring.answers import (
    ChecklistValue,
    CoverageValue,
    DeductionValue,
    ExternalIndexValue,
    QuotaValue,
    RatioValue,
    SurveyValue,
    YesNoValue,
)
from chinhquyen.scoring.scorecard import Status

#: An exact rational number as ``(numerator, denominator)``, the denominator positive. Plain
#: integers keep the hot path fast; values are rounded once, by :func:`round_points`.
Exact = tuple[int, int]

__all__ = [
    "Compiled",
    "Exact",
    "Outcome",
    "Scored",
    "compile_rule",
    "percent",
    "round_points",
    "rounder",
    "score_checklist",
    "score_coverage",
    "score_deduction",
    "score_external_index",
    "score_quota",
    "score_ratio",
    "score_self",
    "score_survey",
    "score_yes_no",
]

_PER_VI = {
    "year": "năm",
    "half_year": "6 tháng",
    "quarter": "quý",
    "month": "tháng",
    "period": "kỳ đánh giá",
}
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


@attrs.frozen(slots=True)
class Outcome:
    """What a measure gives before rounding.

    Attributes:
        points: exact points as ``(numerator, denominator)``, or ``None`` when not reported
            or not applicable.
        status: set only when ``points`` is ``None``; otherwise derived from the rounded points.
        reason: why, in Vietnamese.
        reason_en: why, in English.
    """

    points: Exact | None
    status: Status | None
    reason: str
    reason_en: str


def round_points(value: Exact, places: int, mode: str) -> Decimal:
    """Round an exact ``(numerator, denominator)`` value to ``places`` decimals.

    ``half_up`` rounds ties away from zero, ``half_even`` to the even digit, ``down`` toward
    zero and ``up`` away from zero (the meanings of Python's ``decimal`` rounding modes).
    """
    num, den = value
    if den < 0:
        num, den = -num, -den
    whole, rest = divmod(abs(num) * 10**places, den)
    if rest:
        twice = 2 * rest
        if mode == "up":
            whole += 1
        elif mode == "half_up":
            whole += twice >= den
        elif mode == "half_even":
            whole += twice > den or (twice == den and whole % 2 == 1)
        elif mode != "down":
            raise ValueError(f"unknown rounding mode {mode!r}")
    result = Decimal(whole).scaleb(-places)
    return -result if num < 0 else result


def percent(part: int, whole: int) -> str:
    """A share as a percentage with up to 2 decimals, e.g. ``83.33%``."""
    shown = round_points((100 * part, whole), 2, "half_up").normalize()
    return f"{format(shown, 'f')}%"


def _q(value: Decimal) -> Exact:
    return value.as_integer_ratio()


def _min(a: Exact, b: Exact) -> Exact:
    """The smaller of two exact values (denominators are positive)."""
    return a if a[0] * b[1] <= b[0] * a[1] else b


_ZERO: Exact = (0, 1)


def score_self(
    criterion_id: str, measure: SelfScored, max_points: Decimal, self_score: Decimal | None
) -> Outcome:
    """A self-scored criterion: the self-score, checked against 0..max and the step."""
    if self_score is None:
        return Outcome(None, Status.NOT_REPORTED, "Chưa tự chấm điểm", "no self-score given")
    if measure.step is not None and self_score % measure.step != 0:
        raise AnswerError(
            f"criterion {criterion_id}: self-score {self_score} is not a multiple of"
            f" {measure.step} (valid: 0, {measure.step}, … up to {max_points})"
        )
    return Outcome(
        _q(self_score),
        None,
        f"Tự chấm {self_score}/{max_points} điểm",
        f"self-scored {self_score} of {max_points}",
    )


def score_yes_no(
    criterion_id: str, measure: YesNo, max_points: Decimal, value: YesNoValue
) -> Outcome:
    """A yes/no criterion: the max if the fact holds, else 0."""
    if value.value:
        return Outcome(_q(max_points), None, "Có (đáp ứng yêu cầu)", "yes (requirement met)")
    return Outcome(_ZERO, None, "Không (chưa đáp ứng)", "no (requirement not met)")


def score_checklist(
    criterion_id: str, measure: Checklist, max_points: Decimal, value: ChecklistValue
) -> Outcome:
    """A checklist: all-or-nothing, per-item points, or proportional to the items done."""
    ids = [item.id for item in measure.items]
    unknown = [item for item in value.done if item not in ids]
    if unknown:
        raise AnswerError(
            f"criterion {criterion_id}: unknown checklist item(s) {', '.join(unknown)};"
            f" valid items: {', '.join(ids)}"
        )
    done = set(value.done)
    missing = [i for i in ids if i not in done]
    total = len(ids)
    n = len(done)
    points: Exact
    if measure.rule == "all_or_nothing":
        points = _q(max_points) if not missing else _ZERO
    elif measure.rule == "per_item":
        got = (item.points or Decimal(0) for item in measure.items if item.id in done)
        points = _q(sum(got, Decimal(0)))
    else:
        mn, md = _q(max_points)
        points = (mn * n, md * total)
    reason = f"Hoàn thành {n}/{total} nội dung"
    reason_en = f"{n} of {total} items done"
    if missing:
        reason += f"; chưa hoàn thành: {', '.join(missing)}"
        reason_en += f"; not done: {', '.join(missing)}"
    return Outcome(points, None, reason, reason_en)


def _rate_points(part: int, whole: int, max_points: Decimal, threshold: Decimal | None) -> Exact:
    mn, md = _q(max_points)
    if threshold is None:
        return (mn * part, md * whole)
    tn, td = _q(threshold)
    return _min((mn, md), (mn * part * td, md * whole * tn))


def _empty(on_empty: str, max_points: Decimal, what_vi: str, what_en: str) -> Outcome:
    reason = f"Không phát sinh ({what_vi}: 0): {_EMPTY_VI[on_empty]}"
    reason_en = f"nothing to count ({what_en}: 0): {_EMPTY_EN[on_empty]}"
    if on_empty == "full":
        return Outcome(_q(max_points), None, reason, reason_en)
    if on_empty == "zero":
        return Outcome(_ZERO, None, reason, reason_en)
    return Outcome(None, Status.NOT_APPLICABLE, reason, reason_en)


def _threshold_note(threshold: Decimal | None) -> tuple[str, str]:
    if threshold is None:
        return "", ""
    shown = format((threshold * 100).normalize(), "f")
    return f"; đạt tối đa từ {shown}%", f"; full points from {shown}%"


def score_ratio(
    criterion_id: str, measure: Ratio, max_points: Decimal, value: RatioValue
) -> Outcome:
    """A ratio: max × rate, or saturating at a threshold; an empty denominator by policy."""
    if value.denominator == 0:
        return _empty(measure.on_empty, max_points, measure.denominator, "denominator")
    points = _rate_points(value.numerator, value.denominator, max_points, measure.threshold)
    pct = percent(value.numerator, value.denominator)
    t_vi, t_en = _threshold_note(measure.threshold)
    return Outcome(
        points,
        None,
        f"{value.numerator}/{value.denominator} ({pct}) {measure.numerator}"
        f" trên {measure.denominator}{t_vi}",
        f"{value.numerator} of {value.denominator} ({pct}){t_en}",
    )


def score_quota(
    criterion_id: str, measure: Quota, max_points: Decimal, value: QuotaValue
) -> Outcome:
    """A quota: proportional up to the target, or all-or-nothing at the target."""
    count, target = value.count, measure.target
    if measure.partial == "proportional":
        mn, md = _q(max_points)
        points = (mn, md) if count >= target else (mn * count, md * target)
    else:
        points = _q(max_points) if count >= target else _ZERO
    per = _PER_VI[measure.per]
    return Outcome(
        points,
        None,
        f"Thực hiện {count}/{target} {measure.unit} (chỉ tiêu {target}/{per})",
        f"{count} of {target} {measure.unit} held (target {target} per"
        f" {measure.per.replace('_', ' ')})",
    )


def score_coverage(
    criterion_id: str, measure: Coverage, max_points: Decimal, value: CoverageValue
) -> Outcome:
    """A coverage: events answered over events that required the action, like a ratio."""
    if value.required == 0:
        return _empty(measure.on_empty, max_points, measure.event, "events requiring the action")
    points = _rate_points(value.answered, value.required, max_points, measure.threshold)
    pct = percent(value.answered, value.required)
    t_vi, t_en = _threshold_note(measure.threshold)
    return Outcome(
        points,
        None,
        f"{value.answered}/{value.required} {measure.event} có {measure.action} ({pct}){t_vi}",
        f"{value.answered} of {value.required} events answered ({pct}){t_en}",
    )


def _too_few(responses: int, forms: int | None, least: int) -> tuple[str, str] | None:
    """The reasons when a survey has fewer forms (else responses) than ``least``, else None."""
    if forms is not None:
        if forms >= least:
            return None
        return (
            f"Chỉ có {forms} phiếu, cần ít nhất {least} phiếu",
            f"only {forms} forms; at least {least} are required",
        )
    if responses >= least:
        return None
    return (
        f"Chỉ có {responses} câu trả lời, cần ít nhất {least}",
        f"only {responses} responses; at least {least} are required",
    )


def score_survey(
    criterion_id: str, measure: Survey, max_points: Decimal, value: SurveyValue
) -> Outcome:
    """A survey: satisfied over responses, like a ratio; too few responses is not reported."""
    if value.responses == 0:
        return _empty(measure.on_empty, max_points, "phiếu khảo sát", "survey responses")
    if measure.min_responses is not None:
        few = _too_few(value.responses, value.forms, measure.min_responses)
        if few is not None:
            return Outcome(None, Status.NOT_REPORTED, *few)
    points = _rate_points(value.satisfied, value.responses, max_points, measure.threshold)
    pct = percent(value.satisfied, value.responses)
    t_vi, t_en = _threshold_note(measure.threshold)
    return Outcome(
        points,
        None,
        f"{value.satisfied}/{value.responses} phiếu hài lòng ({pct}){t_vi}",
        f"{value.satisfied} of {value.responses} responses satisfied ({pct}){t_en}",
    )


def score_external_index(
    criterion_id: str, measure: ExternalIndex, max_points: Decimal, value: ExternalIndexValue
) -> Outcome:
    """An external index score converted linearly: max × score / scale_max."""
    if value.score > measure.scale_max:
        raise AnswerError(
            f"criterion {criterion_id}: score {value.score} on {measure.index} is above the"
            f" index's top score {measure.scale_max} (valid: 0 to {measure.scale_max})"
        )
    (mn, md), (sn, sd), (cn, cd) = _q(max_points), _q(value.score), _q(measure.scale_max)
    points = (mn * sn * cd, md * sd * cn)
    return Outcome(
        points,
        None,
        f"{measure.index}: {value.score}/{measure.scale_max} điểm",
        f"{measure.index}: {value.score} of {measure.scale_max}",
    )


@functools.cache
def _conduct_refs(code_id: str) -> frozenset[str] | None:
    """The rule addresses of a catalogued conduct code; ``None`` for a code not catalogued.

    A framework built in memory may name a code the catalogue does not hold: its records are
    then checked for the ``<code>#`` prefix only.
    """
    from chinhquyen.criteria import conduct_code, conduct_codes

    if code_id not in conduct_codes():
        return None
    return frozenset(conduct_code(code_id).refs())


def score_deduction(
    criterion_id: str, measure: Deduction, max_points: Decimal, value: DeductionValue
) -> Outcome:
    """A deduction: points lost per violation, not below the floor."""
    if measure.conduct_code is not None:
        prefix = f"{measure.conduct_code}#"
        refs = _conduct_refs(measure.conduct_code)
        wrong = [
            r.rule
            for r in value.records
            if r.rule is not None
            and (not r.rule.startswith(prefix) or (refs is not None and r.rule not in refs))
        ]
        if wrong:
            valid = f"; valid: {', '.join(sorted(refs))}" if refs is not None else ""
            raise AnswerError(
                f"criterion {criterion_id}: violation rule(s) {', '.join(wrong)} are not rules of"
                f" {measure.conduct_code}; write them as '{prefix}<rule id>'{valid}"
            )
    count = value.count
    points = _q(max(measure.floor, max_points - measure.per_violation * count))
    return Outcome(
        points,
        None,
        f"{count} vi phạm × {measure.per_violation} điểm trừ",
        f"{count} violation(s) × {measure.per_violation} points deducted",
    )


# --- compiled rules: the same rules, with everything fixed by the framework worked out once ---

#: Rounded points (``None`` if not reported or not applicable), the status when there are no
#: points, and the reasons (Vietnamese, English).
Scored = tuple[Decimal | None, Status | None, str, str]

#: A criterion's rule compiled for one framework: the measured value in, the outcome out, or
#: ``None`` when the value needs the general path (it is refused there, with its message).
Compiled = Callable[[Any], Scored | None]

_CACHE_LIMIT = 4096


def rounder(places: int, mode: str) -> Callable[[int, int], Decimal]:
    """Return ``round_points`` for fixed ``places`` and ``mode`` and a positive denominator.

    Rounded values are remembered (a framework's criteria take few distinct values), so the
    same :class:`~decimal.Decimal` is returned for the same points.
    """
    if mode not in ("up", "half_up", "half_even", "down"):
        raise ValueError(f"unknown rounding mode {mode!r}")
    scale = 10**places
    cache: dict[int, Decimal] = {}

    def rnd(num: int, den: int) -> Decimal:
        whole, rest = divmod(-num * scale if num < 0 else num * scale, den)
        if rest:
            twice = 2 * rest
            if mode == "up":
                whole += 1
            elif mode == "half_up":
                whole += twice >= den
            elif mode == "half_even":
                whole += twice > den or (twice == den and whole % 2 == 1)
        key = -whole if num < 0 else whole
        hit = cache.get(key)
        if hit is None:
            hit = Decimal(whole).scaleb(-places)
            if num < 0:
                hit = -hit
            if len(cache) < _CACHE_LIMIT:
                cache[key] = hit
        return hit

    return rnd


#: The text after the units of a percentage, by hundredths 0..99: "%", ".5%", ".05%", ".25%".
_CENTS = tuple(
    "%" if c == 0 else f".{c // 10}%" if c % 10 == 0 else f".{c:02d}%" for c in range(100)
)


def _percent_text(part: int, whole: int) -> str:
    """:func:`percent` in integer arithmetic (``part >= 0``, ``whole > 0``)."""
    units, cents = divmod((20000 * part + whole) // (2 * whole), 100)  # half up, like percent()
    return f"{units}{_CENTS[cents]}"


def _fixed(value: Exact | None, status: Status | None, vi: str, en: str, rnd: Any) -> Scored:
    return (None if value is None else rnd(*value), status, vi, en)


#: How a part-of-whole rule writes its reason: ``f"{part}{sep}{whole}{before}{percent}{tail}"``.
Wording = tuple[str, str, str]


def _compile_rate(
    names: tuple[str, str],
    empty: Outcome,
    min_responses: int | None,
    max_points: Decimal,
    threshold: Decimal | None,
    rnd: Callable[[int, int], Decimal],
    vi: Wording,
    en: Wording,
) -> Compiled:
    """A part-of-whole rule; ``vi``/``en`` say how its reasons are written (:data:`Wording`)."""
    get = operator.attrgetter(*names)
    on_empty = _fixed(empty.points, empty.status, empty.reason, empty.reason_en, rnd)
    mn, md = _q(max_points)
    full = rnd(mn, md)
    tn, td = _q(threshold) if threshold is not None else (1, 1)
    fn, fd = mn * td, md * tn  # points = part/whole × max / threshold, capped at the max
    sep_vi, before_vi, tail_vi = vi
    sep_en, before_en, tail_en = en
    cents = _CENTS

    def run(v: Any) -> Scored:
        part, whole = get(v)
        if whole == 0:
            return on_empty
        if min_responses is not None:  # a survey: the value has forms
            few = _too_few(whole, v.forms, min_responses)
            if few is not None:
                return (None, Status.NOT_REPORTED, *few)
        a, b = fn * part, fd * whole
        points = full if a * md >= mn * b else rnd(a, b)
        units, c = divmod((20000 * part + whole) // (2 * whole), 100)  # _percent_text, inlined
        pct = f"{units}{cents[c]}"
        return (
            points,
            None,
            f"{part}{sep_vi}{whole}{before_vi}{pct}{tail_vi}",
            f"{part}{sep_en}{whole}{before_en}{pct}{tail_en}",
        )

    return run


def compile_rule(
    criterion_id: str, measure: Any, max_points: Decimal, rnd: Callable[[int, int], Decimal]
) -> Compiled | None:
    """Compile the rule of one criterion for the engine's fast path.

    The compiled rule gives exactly what the ``score_*`` function of its kind gives, rounded
    with ``rnd``; it returns ``None`` for values it leaves to them (invalid values, whose
    errors they raise). ``None`` instead of a function: no fast path for this measure.
    """
    m = measure
    if isinstance(m, YesNo):
        yes = score_yes_no(criterion_id, m, max_points, YesNoValue(value=True))
        no = score_yes_no(criterion_id, m, max_points, YesNoValue(value=False))
        yes_s = _fixed(yes.points, yes.status, yes.reason, yes.reason_en, rnd)
        no_s = _fixed(no.points, no.status, no.reason, no.reason_en, rnd)
        return lambda v: yes_s if v.value else no_s
    if isinstance(m, Ratio):
        t_vi, t_en = _threshold_note(m.threshold)
        return _compile_rate(
            ("numerator", "denominator"),
            _empty(m.on_empty, max_points, m.denominator, "denominator"),
            None,
            max_points,
            m.threshold,
            rnd,
            ("/", " (", f") {m.numerator} trên {m.denominator}{t_vi}"),
            (" of ", " (", f"){t_en}"),
        )
    if isinstance(m, Coverage):
        t_vi, t_en = _threshold_note(m.threshold)
        return _compile_rate(
            ("answered", "required"),
            _empty(m.on_empty, max_points, m.event, "events requiring the action"),
            None,
            max_points,
            m.threshold,
            rnd,
            ("/", f" {m.event} có {m.action} (", f"){t_vi}"),
            (" of ", " events answered (", f"){t_en}"),
        )
    if isinstance(m, Survey):
        t_vi, t_en = _threshold_note(m.threshold)
        return _compile_rate(
            ("satisfied", "responses"),
            _empty(m.on_empty, max_points, "phiếu khảo sát", "survey responses"),
            m.min_responses,
            max_points,
            m.threshold,
            rnd,
            ("/", " phiếu hài lòng (", f"){t_vi}"),
            (" of ", " responses satisfied (", f"){t_en}"),
        )
    if isinstance(m, Quota):
        return _compile_quota(m, max_points, rnd)
    if isinstance(m, Checklist):
        return _compile_checklist(m, max_points, rnd)
    if isinstance(m, ExternalIndex):
        return _compile_external_index(m, max_points, rnd)
    if isinstance(m, Deduction):
        return _compile_deduction(m, max_points, rnd)
    return None


def _compile_quota(m: Quota, max_points: Decimal, rnd: Callable[[int, int], Decimal]) -> Compiled:
    target = m.target
    mn, md = _q(max_points)
    full = rnd(mn, md)
    zero = rnd(0, 1)
    proportional = m.partial == "proportional"
    tail_vi = f"/{target} {m.unit} (chỉ tiêu {target}/{_PER_VI[m.per]})"
    tail_en = f" of {target} {m.unit} held (target {target} per {m.per.replace('_', ' ')})"

    def run(v: QuotaValue) -> Scored:
        count = v.count
        points = full if count >= target else zero
        if proportional and count < target:
            points = rnd(mn * count, md * target)
        return (points, None, f"Thực hiện {count}{tail_vi}", f"{count}{tail_en}")

    return run


def _compile_checklist(
    m: Checklist, max_points: Decimal, rnd: Callable[[int, int], Decimal]
) -> Compiled:
    ids = tuple(item.id for item in m.items)
    known = frozenset(ids)
    worth = {item.id: item.points or Decimal(0) for item in m.items}
    mn, md = _q(max_points)
    total = len(ids)
    full, zero = rnd(mn, md), rnd(0, 1)

    def run(v: ChecklistValue) -> Scored | None:
        done = v.done
        if not known.issuperset(done):
            return None  # unknown items: refused by score_checklist
        n = len(done)
        missing = [i for i in ids if i not in done] if n < total else []
        if m.rule == "all_or_nothing":
            points = zero if missing else full
        elif m.rule == "per_item":
            points = rnd(*_q(sum((worth[i] for i in ids if i in done), Decimal(0))))
        else:
            points = rnd(mn * n, md * total)
        reason = f"Hoàn thành {n}/{total} nội dung"
        reason_en = f"{n} of {total} items done"
        if missing:
            reason += f"; chưa hoàn thành: {', '.join(missing)}"
            reason_en += f"; not done: {', '.join(missing)}"
        return (points, None, reason, reason_en)

    return run


def _compile_external_index(
    m: ExternalIndex, max_points: Decimal, rnd: Callable[[int, int], Decimal]
) -> Compiled:
    (mn, md), (cn, cd) = _q(max_points), _q(m.scale_max)
    top, index = m.scale_max, m.index

    def run(v: ExternalIndexValue) -> Scored | None:
        s = v.score
        if s > top:
            return None  # above the scale: refused by score_external_index
        sn, sd = s.as_integer_ratio()
        return (
            rnd(mn * sn * cd, md * sd * cn),
            None,
            f"{index}: {s}/{top} điểm",
            f"{index}: {s} of {top}",
        )

    return run


def _compile_deduction(
    m: Deduction, max_points: Decimal, rnd: Callable[[int, int], Decimal]
) -> Compiled:
    checked = m.conduct_code is not None
    per, floor = m.per_violation, m.floor

    def run(v: DeductionValue) -> Scored | None:
        if checked and v.records:
            return None  # record rules are checked against the conduct code there
        count = v.count
        return (
            rnd(*_q(max(floor, max_points - per * count))),
            None,
            f"{count} vi phạm × {per} điểm trừ",
            f"{count} violation(s) × {per} points deducted",
        )

    return run
