"""Appraising many communes at once (thẩm định hàng loạt): a table's decisions, commune by commune.

[`review_all`][chinhquyen.scoring.appraisal.review_all] applies an appraisal table (or a mapping
of decisions per commune code) to many scorecards, each commune's through
[`review`][chinhquyen.scoring.appraisal.review], checking what the table says of each commune
(its name, a criterion's title, the self-score) against the scorecards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NoReturn

import attrs

from chinhquyen.criteria.framework import Framework
from chinhquyen.errors import (
    AnswerError,
    AssessmentError,
    ChinhQuyenError,
    InvalidInputError,
    Problem,
    UnknownCriterionError,
)
from chinhquyen.readers import excerpt
from chinhquyen.scoring.appraisal.decision import Adjustment, review
from chinhquyen.scoring.appraisal.table import AppraisalRow, AppraisalTable, AppraisalTableError
from chinhquyen.scoring.engine import resolve
from chinhquyen.scoring.scorecard import CriterionResult, Scorecard
from chinhquyen.units import name_key

__all__ = ["review_all"]


@attrs.frozen(slots=True)
class _Item:
    unit_code: str
    adjustment: Adjustment
    row: AppraisalRow | None  # the table's row; None for a mapping given in code
    index: int  # the position among the commune's adjustments, for a mapping
    order: int  # the position in the whole table or mapping


@attrs.frozen(slots=True)
class _Problem:
    item: _Item
    field: str
    kind: type[ChinhQuyenError]  # raised for a mapping; a table's problems are DataFileErrors
    code: str
    message: str  # English
    message_vi: str
    value: object = None


def _misused(where: str, got: object, wanted: str) -> InvalidInputError:
    return InvalidInputError(
        "review_all", [(where, f"got {type(got).__name__} {excerpt(repr(got))}; {wanted}")]
    )


_ADJUSTMENT = (
    "give Adjustment objects, e.g. Adjustment(criterion_id=..., points=..., reason=...), or"
    " Adjustment.model_validate(a_dict) for a dict"
)


def _items(appraisals: AppraisalTable | Mapping[str, Iterable[Adjustment]]) -> list[_Item]:
    if isinstance(appraisals, AppraisalTable):
        return [_Item(r.unit_code, r.adjustment, r, 0, n) for n, r in enumerate(appraisals.rows)]
    if not isinstance(appraisals, Mapping):
        raise _misused(
            "appraisals",
            appraisals,
            "give a table from read_appraisals, or a mapping {commune code: [Adjustment, ...]}",
        )
    out: list[_Item] = []
    for code, adjustments in appraisals.items():
        where = f"appraisals[{code!r}]"
        if not isinstance(code, str):
            raise _misused(where, code, "a commune code is text, e.g. '26299'")
        if isinstance(adjustments, Adjustment | str | Mapping) or not isinstance(
            adjustments, Iterable
        ):
            raise _misused(
                where, adjustments, f"give a list of the commune's adjustments; {_ADJUSTMENT}"
            )
        seen: dict[str, int] = {}
        for i, adj in enumerate(adjustments):
            if not isinstance(adj, Adjustment):
                raise _misused(f"{where}[{i}]", adj, _ADJUSTMENT)
            if adj.criterion_id in seen:
                raise AnswerError(
                    f"appraisals[{code!r}][{i}]: commune {code!r}, criterion"
                    f" {adj.criterion_id!r} is appraised again"
                    f" (first at [{seen[adj.criterion_id]}])"
                )
            seen[adj.criterion_id] = i
            out.append(_Item(code, adj, None, i, len(out)))
    return out


def _number(item: _Item) -> int:
    return item.row.row if item.row is not None else 0  # a table's items all have a row


def _raise(table: AppraisalTable | None, problems: list[_Problem]) -> NoReturn:
    problems.sort(key=lambda p: p.item.order)  # stable: a row's problems keep their order
    if table is not None:
        raise AppraisalTableError(
            table.source,
            [
                Problem(
                    table.where(_number(p.item), p.field), p.code, p.message, p.message_vi, p.value
                )
                for p in problems
            ],
        )
    first = problems[0]
    code, index = first.item.unit_code, first.item.index
    where = f"appraisals[{code!r}][{index}] ({first.field})"
    raise first.kind(
        problems=[
            Problem.at(
                ("appraisals", code, index, first.field),
                first.code,
                f"{where}: {first.message}",
                f"{where}: {first.message_vi}",
                first.value,
            )
        ]
    )


def review_all(
    scorecards: Iterable[Scorecard],
    appraisals: AppraisalTable | Mapping[str, Iterable[Adjustment]],
    *,
    framework: Framework | None = None,
) -> list[Scorecard]:
    """Appraise many communes at once: apply each commune's rows with `review`.

    A table's optional cells are checked against the scorecards: the commune's name
    (`Tên xã`) against the scorecard's unit name, the criterion's title (`Tên tiêu chí`)
    against the framework's title (Vietnamese or English), both ignoring case, spacing and the
    Unicode form of the accents; the self-score (`Điểm tự chấm`) against the scorecard's, as
    exact decimals (`14` equals `14.0`). The row label (`STT`) is not checked.

    Args:
        scorecards: the communes' scorecards; a commune appraised by the table must appear in
            them once (one period).
        appraisals: a table from `read_appraisals`, or a mapping from commune code to
            that commune's adjustments.
        framework: the framework the scorecards were scored with; loaded from the registry by
            each scorecard's framework id when not given.

    Returns:
        The scorecards in the order given: appraised where the table has rows for the commune,
        the very same scorecard otherwise.

    Raises:
        AppraisalTableError: for a table, naming the file and, for every refused row in the
            table's order, the row, the column and the commune: a commune not among the
            scorecards (or with several scorecards; a code that lost its leading zeros in a
            workbook's number cell is pointed out), a name, title or self-score that differs
            from the scorecard's, a criterion not in the framework, or points that
            `review` refuses (outside the criterion's range or finer than the
            framework's precision).
        AssessmentError: for a mapping, a commune not among the scorecards, or with several;
            for either, a framework given that is not the scorecards'.
        UnknownCriterionError: for a mapping, a criterion not in the framework.
        AnswerError: for a mapping, points `review` refuses, or a criterion appraised
            twice for one commune.
        InvalidInputError: `appraisals` is neither a table nor a mapping of commune codes to
            lists of `Adjustment`s (e.g. a dict where an `Adjustment` belongs).

    Nothing is appraised unless every row is accepted. For a mapping, the first refused
    adjustment is reported.
    """
    cards = list(scorecards)
    table = appraisals if isinstance(appraisals, AppraisalTable) else None
    items = _items(appraisals)
    positions: dict[str, list[int]] = {}
    for i, card in enumerate(cards):
        positions.setdefault(card.unit.code, []).append(i)
    problems: list[_Problem] = []
    grouped: dict[int, list[_Item]] = {}
    for item in items:
        found = positions.get(item.unit_code)
        if found is None:
            en, vi = _not_found(item, positions, table)
            code = "appraisal.unknown_unit"
            problems.append(
                _Problem(item, "unit_code", AssessmentError, code, en, vi, item.unit_code)
            )
            continue
        if len(found) > 1:
            periods = ", ".join(cards[i].period_label for i in found)
            en = (
                f"commune {item.unit_code!r} has {len(found)} scorecards (periods {periods});"
                " appraise one period at a time"
            )
            vi = (
                f"xã {item.unit_code!r} có {len(found)} phiếu điểm (các kỳ {periods}); hãy thẩm"
                " định từng kỳ một"
            )
            problems.append(
                _Problem(
                    item,
                    "unit_code",
                    AssessmentError,
                    "appraisal.several_periods",
                    en,
                    vi,
                    item.unit_code,
                )
            )
            continue
        card = cards[found[0]]
        if item.row is not None:
            problems += _name_differs(item, item.row, card)
        try:
            result = card.criterion(item.adjustment.criterion_id)
        except UnknownCriterionError as e:
            unknown = e.problems[0]
            problems.append(
                _Problem(
                    item,
                    "criterion_id",
                    UnknownCriterionError,
                    "appraisal.unknown_criterion",
                    f"commune {item.unit_code!r}: {unknown.message_en}",
                    f"xã {item.unit_code!r}: {unknown.message_vi}",
                    item.adjustment.criterion_id,
                )
            )
            continue
        if item.row is not None:
            problems += _criterion_differs(item, item.row, result)
        grouped.setdefault(found[0], []).append(item)

    frameworks: dict[str, Framework] = {}
    out = list(cards)
    for i in sorted(grouped):
        card, rows = cards[i], grouped[i]
        fw = framework
        if fw is None:
            if card.framework not in frameworks:
                frameworks[card.framework] = resolve(card.framework)
            fw = frameworks[card.framework]
        try:
            out[i] = review(card, [r.adjustment for r in rows], framework=fw)
        except AnswerError as e:
            problems += _refused(card, rows, fw, e)
        except AssessmentError as e:  # the framework given is not the scorecard's
            raise AssessmentError(f"commune {card.unit.code!r}: {e}") from None
    if problems:
        _raise(table, problems)
    return out


def _not_found(
    item: _Item, positions: Mapping[str, object], table: AppraisalTable | None
) -> tuple[str, str]:
    code = item.unit_code
    number = item.row.code_number if item.row is not None else None
    if number is not None:
        # a number cell drops a code's leading zeros: point at the codes it would pad to
        padded = sorted(c for c in positions if len(c) > len(code) and code.zfill(len(c)) == c)
        if padded:
            column = dict(table.columns).get("unit_code", "") if table is not None else ""
            letter = f"column {column.partition(' ')[0]}" if column else "the code column"
            codes = ", ".join(padded)
            has = "the commune code {} has" if len(padded) == 1 else "the commune codes {} have"
            cot = f"cột {letter.partition(' ')[2]}" if column else "cột mã xã"
            return (
                f"commune {code!r} is not among the scorecards: the cell holds the number"
                f" {number}; {has.format(codes)} leading zeros — format {letter} as Text and"
                f" type {' or '.join(padded)}",
                f"xã {code!r} không có trong các phiếu điểm: ô ghi số {number}; mã xã {codes} có"
                f" số 0 ở đầu — hãy định dạng {cot} là Văn bản (Text) và gõ"
                f" {' hoặc '.join(padded)}",
            )
    known = ", ".join(sorted(positions)) or "(none)"
    return (
        f"commune {code!r} is not among the scorecards; their communes: {known}",
        f"xã {code!r} không có trong các phiếu điểm; các xã có phiếu điểm: {known}",
    )


def _name_differs(item: _Item, row: AppraisalRow, card: Scorecard) -> list[_Problem]:
    if row.unit_name is None or name_key(row.unit_name) == name_key(card.unit.name):
        return []
    en = (
        f"commune {item.unit_code!r}: the table names it {row.unit_name!r}; the scorecard's"
        f" unit name is {card.unit.name!r} (compared ignoring case, spacing and the Unicode"
        " form of the accents)"
    )
    vi = (
        f"xã {item.unit_code!r}: bảng ghi tên {row.unit_name!r}; tên đơn vị trong phiếu điểm là"
        f" {card.unit.name!r} (so sánh không phân biệt chữ hoa, khoảng trắng và cách mã hóa dấu)"
    )
    code = "appraisal.unit_name_differs"
    return [_Problem(item, "unit_name", AssessmentError, code, en, vi, row.unit_name)]


def _criterion_differs(item: _Item, row: AppraisalRow, result: CriterionResult) -> list[_Problem]:
    out: list[_Problem] = []
    which = f"commune {item.unit_code!r}, criterion {result.criterion_id!r}"
    which_vi = f"xã {item.unit_code!r}, tiêu chí {result.criterion_id!r}"
    titles = {name_key(t) for t in (result.title, result.title_en) if t}
    if row.criterion_title is not None and name_key(row.criterion_title) not in titles:
        english = f" (in English {result.title_en!r})" if result.title_en else ""
        tieng_anh = f" (tiếng Anh {result.title_en!r})" if result.title_en else ""
        en = (
            f"{which}: the table gives the title {row.criterion_title!r}; the framework's title"
            f" is {result.title!r}{english} (compared ignoring case, spacing and the Unicode"
            " form of the accents)"
        )
        vi = (
            f"{which_vi}: bảng ghi tên {row.criterion_title!r}; tên trong bộ tiêu chí là"
            f" {result.title!r}{tieng_anh} (so sánh không phân biệt chữ hoa, khoảng trắng và"
            " cách mã hóa dấu)"
        )
        code = "appraisal.criterion_title_differs"
        out.append(
            _Problem(item, "criterion_title", AnswerError, code, en, vi, row.criterion_title)
        )
    if row.self_score is not None and row.self_score != result.self_score:
        theirs = (
            "the scorecard has no self-score for it"
            if result.self_score is None
            else f"the scorecard's self-score is {result.self_score}"
        )
        theirs_vi = (
            "phiếu điểm không có điểm tự chấm cho tiêu chí này"
            if result.self_score is None
            else f"điểm tự chấm trong phiếu điểm là {result.self_score}"
        )
        en = f"{which}: the table gives the self-score {row.self_score}; {theirs}"
        vi = f"{which_vi}: bảng ghi điểm tự chấm {row.self_score}; {theirs_vi}"
        code = "appraisal.self_score_differs"
        out.append(_Problem(item, "self_score", AnswerError, code, en, vi, row.self_score))
    return out


def _refused(
    card: Scorecard, rows: Sequence[_Item], fw: Framework, error: AnswerError
) -> list[_Problem]:
    """A problem for each of the commune's rows that review refuses on its own."""
    code = card.unit.code
    out: list[_Problem] = []
    for item in rows:
        try:
            review(card, [item.adjustment], framework=fw)
        except AnswerError as e:
            p = e.problems[0]
            en, vi = f"commune {code!r}: {p.message_en}", f"xã {code!r}: {p.message_vi}"
            out.append(_Problem(item, "points", AnswerError, p.code, en, vi, p.value))
    if not out:  # pragma: no cover - review refuses single criteria; were it a set, name all
        shown = ", ".join(str(r.row.row if r.row is not None else r.index) for r in rows)
        p = error.problems[0]
        en = f"commune {code!r} (rows {shown}): {p.message_en}"
        vi = f"xã {code!r} (các dòng {shown}): {p.message_vi}"
        out.append(_Problem(rows[0], "points", AnswerError, p.code, en, vi, p.value))
    return out
