"""Deduction (trừ điểm): points lost per violation of a conduct rule, not below a floor."""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

import pydantic

from chinhquyen.criteria.measures import Deduction
from chinhquyen.errors import AnswerError, Problem
from chinhquyen.model import Model, refusal
from chinhquyen.scoring.fields import Count, IsoDate, Text, as_tuple
from chinhquyen.scoring.kinds.base import (
    FormCells,
    FormHooks,
    MeasureKind,
    Rounder,
    Rule,
    Scored,
    answer_problem,
    exact,
    json_string,
    narrowed,
)
from chinhquyen.scoring.numbers import decimal_text

__all__ = ["KIND", "DeductionValue", "ViolationRecord"]


class ViolationRecord(Model):
    """One recorded breach of a conduct rule.

    Attributes:
        rule: the rule, addressed as `"<conduct code id>#<rule id>"`, if known.
        date: when it happened.
        note: what happened.
    """

    rule: Text | None = None
    date: IsoDate
    note: Text | None = None


class DeductionValue(Model):
    """Violations recorded in the period for a criterion scored by deduction.

    Give `violations`, `records` or both; with both, `violations` must equal the
    number of records. With no records, `violations` is required (0 if none).

    Attributes:
        kind: always `"deduction"`.
        violations: the number of violations.
        records: the violations one by one.
    """

    kind: Literal["deduction"] = "deduction"
    violations: Count | None = None
    records: Annotated[tuple[ViolationRecord, ...], pydantic.BeforeValidator(as_tuple)] = ()

    @pydantic.model_validator(mode="after")
    def _consistent(self) -> DeductionValue:
        if self.violations is None and not self.records:
            raise refusal(
                "deduction.no_count",
                "give violations (0 if there were none) or the records",
                "ghi số vi phạm (0 nếu không có) hoặc danh sách vi phạm",
            )
        if self.violations is not None and self.records and self.violations != len(self.records):
            raise refusal(
                "deduction.count_mismatch",
                f"violations is {self.violations} but {len(self.records)} record(s) are given;"
                " make them equal or omit violations",
                f"số vi phạm là {self.violations} nhưng có {len(self.records)} vi phạm được ghi;"
                " ghi hai số bằng nhau hoặc bỏ số vi phạm",
            )
        return self

    @property
    def count(self) -> int:
        """The number of violations, from `violations` or else the records."""
        return self.violations if self.violations is not None else len(self.records)


@functools.cache
def _conduct_refs(code_id: str) -> frozenset[str] | None:
    """The rule addresses of a catalogued conduct code; `None` for a code not catalogued.

    A framework built in memory may name a code the catalogue does not hold: its records are
    then checked for the `<code>#` prefix only.
    """
    from chinhquyen.criteria import conduct_code, conduct_codes

    if code_id not in conduct_codes():
        return None
    return frozenset(conduct_code(code_id).refs())


def compile_rule(m: Deduction, max_points: Decimal, rnd: Rounder, criterion_id: str) -> Rule:
    """`max(floor, max − violations × per_violation)`.

    Each violation record's rule must be a rule of the measure's conduct code.
    """
    code, per, floor = m.conduct_code, m.per_violation, m.floor

    def rule(v: DeductionValue) -> Scored:
        if code is not None and v.records:
            prefix = f"{code}#"
            refs = _conduct_refs(code)
            wrong = [
                (i, r.rule)
                for i, r in enumerate(v.records)
                if r.rule is not None
                and (not r.rule.startswith(prefix) or (refs is not None and r.rule not in refs))
            ]
            if wrong:
                listed = ", ".join(sorted(refs)) if refs is not None else ""
                valid = f"; valid: {listed}" if listed else ""
                valid_vi = f"; hợp lệ: {listed}" if listed else ""
                raise AnswerError(
                    problems=[
                        answer_problem(
                            criterion_id,
                            ("value", "records", i, "rule"),
                            "deduction.unknown_rule",
                            name,
                            f"violation rule {name} is not a rule of {code};"
                            f" write it as '{prefix}<rule id>'{valid}",
                            f"quy tắc vi phạm {name} không thuộc bộ quy tắc {code};"
                            f" ghi theo dạng '{prefix}<mã quy tắc>'{valid_vi}",
                        )
                        for i, name in wrong
                    ]
                )
        count = v.count
        return (
            rnd(*exact(max(floor, max_points - per * count))),
            None,
            f"{count} vi phạm × {per} điểm trừ",
            f"{count} violation(s) × {per} points deducted",
        )

    return rule


def outside_period(
    v: DeductionValue, criterion_id: str, start: dt.date, end: dt.date, label: str
) -> list[Problem]:
    """A problem for each violation record dated outside the assessment's period."""
    return [
        answer_problem(
            criterion_id,
            ("value", "records", i, "date"),
            "deduction.outside_period",
            r.date,
            f"violation record dated {r.date.isoformat()} lies outside the period {label};"
            " record only violations of the period",
            f"vi phạm ghi ngày {r.date.isoformat()} nằm ngoài kỳ đánh giá {label};"
            " chỉ ghi các vi phạm trong kỳ",
        )
        for i, r in enumerate(v.records)
        if not start <= r.date <= end
    ]


def _record_json(r: ViolationRecord) -> str:
    text = f'{{"date":"{r.date.isoformat()}"'
    if r.note is not None:
        text += ',"note":' + json_string(r.note)
    if r.rule is not None:
        text += ',"rule":' + json_string(r.rule)
    return text + "}"


def _digest(v: DeductionValue) -> str:
    records = ",".join(map(_record_json, v.records))
    count = "" if v.violations is None else f',"violations":{v.violations}'
    return f'{{"kind":"deduction","records":[{records}]{count}}}'


def _how(m: Deduction) -> str:
    code = f", theo bộ quy tắc {m.conduct_code}" if m.conduct_code else ""
    return (
        f"Số vi phạm (J), trừ {decimal_text(m.per_violation)} điểm/vi phạm{code}; "
        "từng vi phạm ghi ở trang 'Vi phạm' (J để trống hoặc bằng số dòng)"
    )


def _write(v: DeductionValue) -> dict[str, int | str | Decimal]:
    return {} if v.violations is None else {"J": v.violations}


def _read(cells: FormCells, m: Deduction) -> dict[str, Any] | None:
    if not cells.filled("J"):
        return None
    return {"kind": "deduction", "violations": cells.count("J")}


def _schema(m: Deduction, base: dict[str, Any]) -> dict[str, Any]:
    if m.conduct_code is None:
        return base
    refs = _conduct_refs(m.conduct_code)
    rule: dict[str, Any] = (
        {"type": "string", "pattern": "^" + re.escape(f"{m.conduct_code}#")}
        if refs is None
        else {"enum": sorted(refs)}
    )
    records = {"items": {"properties": {"rule": {"anyOf": [rule, {"type": "null"}]}}}}
    return narrowed(base, {"records": records})


KIND: MeasureKind[Deduction] = MeasureKind(
    name="deduction",
    measure=Deduction,
    value=DeductionValue,
    label="trừ điểm",
    label_en="deduction",
    compile=compile_rule,
    digest=_digest,
    digest_fields=frozenset({"kind", "violations", "records"}),
    form=FormHooks(columns=("J",), how=_how, write=_write, read=_read),
    check_period=outside_period,
    schema=_schema,
)
