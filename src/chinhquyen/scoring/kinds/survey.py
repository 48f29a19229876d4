"""Survey (khảo sát): satisfied responses over all valid responses, scored like a ratio."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import pydantic

from chinhquyen.criteria.measures import Survey
from chinhquyen.model import Model, refusal
from chinhquyen.scoring.fields import Count
from chinhquyen.scoring.kinds.base import (
    FormCells,
    FormHooks,
    MeasureKind,
    Rounder,
    Rule,
    Scored,
    empty_rule,
    part_of_whole,
    read_part_whole,
    threshold_note,
)
from chinhquyen.scoring.status import CriterionStatus

__all__ = ["KIND", "SurveyValue"]


class SurveyValue(Model):
    """Satisfied responses over all valid responses of a satisfaction survey.

    A rate pooled over several questions counts every answer as a response (a form answering
    10 questions gives 10); `forms` then says how many forms (phiếu) they came from, which
    is what a criterion's minimum number of responses counts when it is given.

    Attributes:
        kind: always `"survey"`.
        satisfied: responses at a level the criterion counts as satisfied.
        responses: all valid responses; may be 0.
        forms: the forms with at least one of those responses, if known; at most
            `responses`, and 0 only when there are no responses.
    """

    kind: Literal["survey"] = "survey"
    satisfied: Count
    responses: Count
    forms: Count | None = None

    @pydantic.model_validator(mode="after")
    def _part_of_whole(self) -> SurveyValue:
        if self.satisfied > self.responses:
            raise refusal(
                "survey.part_above_whole",
                f"satisfied {self.satisfied} exceeds responses {self.responses};"
                " satisfied responses are part of all responses",
                f"số ý kiến hài lòng {self.satisfied} lớn hơn tổng số ý kiến {self.responses};"
                " ý kiến hài lòng là một phần của tổng số ý kiến",
            )
        f = self.forms
        if f is not None and (f > self.responses or (f == 0 and self.responses > 0)):
            raise refusal(
                "survey.forms_mismatch",
                f"forms {f} does not fit responses {self.responses}: each form counted gives"
                f" at least one response, so forms lies in 1..{self.responses}"
                + (" (or is 0 with no responses)" if self.responses else ""),
                f"số phiếu {f} không khớp với số ý kiến {self.responses}: mỗi phiếu có ít nhất"
                f" một ý kiến, nên số phiếu nằm trong khoảng 1..{self.responses}"
                + (" (hoặc 0 khi không có ý kiến nào)" if self.responses else ""),
            )
        return self


def _too_few(responses: int, forms: int | None, least: int) -> Scored | None:
    """Not reported when a survey has fewer forms (else responses) than `least`, else None."""
    if forms is not None:
        if forms >= least:
            return None
        return (
            None,
            CriterionStatus.NOT_REPORTED,
            f"Chỉ có {forms} phiếu, cần ít nhất {least} phiếu",
            f"only {forms} forms; at least {least} are required",
        )
    if responses >= least:
        return None
    return (
        None,
        CriterionStatus.NOT_REPORTED,
        f"Chỉ có {responses} câu trả lời, cần ít nhất {least}",
        f"only {responses} responses; at least {least} are required",
    )


def compile_rule(m: Survey, max_points: Decimal, rnd: Rounder, criterion_id: str) -> Rule:
    """Scored like a ratio of satisfied over all responses.

    With fewer forms (or, when the forms are not known, responses) than the measure's
    minimum, the criterion is not reported.
    """
    t_vi, t_en = threshold_note(m.threshold)
    rate = part_of_whole(
        max_points,
        m.threshold,
        rnd,
        fields=("satisfied", "responses"),
        empty=empty_rule(m.on_empty, max_points, rnd, "phiếu khảo sát", "survey responses"),
        vi=("/", " phiếu hài lòng (", f"){t_vi}"),
        en=(" of ", " responses satisfied (", f"){t_en}"),
    )
    least = m.min_responses
    if least is None:
        return rate

    def rule(v: SurveyValue) -> Scored:
        if v.responses:
            few = _too_few(v.responses, v.forms, least)
            if few is not None:
                return few
        return rate(v)

    return rule


def _digest(v: SurveyValue) -> str:
    forms = "" if v.forms is None else f'"forms":{v.forms},'
    return f'{{{forms}"kind":"survey","responses":{v.responses},"satisfied":{v.satisfied}}}'


def _how(m: Survey) -> str:
    return "Khảo sát: H = số phiếu hài lòng; I = tổng số phiếu hợp lệ"


def _write(v: SurveyValue) -> dict[str, int | str | Decimal]:
    cells: dict[str, int | str | Decimal] = {"H": v.satisfied, "I": v.responses}
    if v.forms is not None:
        cells["J"] = v.forms
    return cells


def _read(cells: FormCells, m: Survey) -> dict[str, Any] | None:
    if cells.filled("J") and not (cells.filled("H") or cells.filled("I")):
        raise cells.error("H", "is empty; give both H and I, or neither")
    pair = read_part_whole(cells)
    if pair is None:
        return None
    satisfied, responses = pair
    value: dict[str, Any] = {"kind": "survey", "satisfied": satisfied, "responses": responses}
    if cells.filled("J"):
        forms = cells.count("J")
        if forms > responses or (forms == 0 and responses > 0):
            raise cells.error(
                "J",
                f"{forms} forms do not fit {responses} responses in {cells.ref('I')}: each form"
                f" gives at least one response, so J lies in 1..{responses}",
            )
        value["forms"] = forms
    return value


KIND: MeasureKind[Survey] = MeasureKind(
    name="survey",
    measure=Survey,
    value=SurveyValue,
    label="khảo sát",
    label_en="survey",
    compile=compile_rule,
    digest=_digest,
    digest_fields=frozenset({"kind", "satisfied", "responses", "forms"}),
    form=FormHooks(columns=("H", "I", "J"), how=_how, write=_write, read=_read),
)
