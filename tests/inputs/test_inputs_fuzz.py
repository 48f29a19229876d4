"""Fuzzing the library's readers of frameworks, assessments and appraisal tables (issue 10).

Valid inputs of every reader are written as files, read back exactly, then mutated at random
(bytes flipped, inserted, deleted, repeated or cut; see `tests.strategies.byte_edits`). Every
outcome must be a valid result or a `ChinhQuyenError` subclass, never another exception, and
what was accepted must round-trip: written again, it reads back the same (nothing read is
lost or changed on the way).

Each test runs its examples in a forked child bounded in memory (`RLIMIT_AS`, see
`_bounded_calls`) and in time (the whole run, and each example within `EXAMPLE_SECONDS`), so
a reader that blows up or hangs fails the test instead of the machine. The numbers of
examples keep the module at a few tens of seconds on a 2-core machine; the readers' own
fuzzing is `tests/readers/test_fuzz.py`, the resource attacks `tests/readers/test_attacks.py`.
"""

from __future__ import annotations

import tempfile
import time
import warnings
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from tests.inputs import _writers as write
from tests.inputs._bounded_calls import bounded
from tests.readers._hostile import with_sheet_xml
from tests.strategies import (
    all_kinds_framework_data,
    apply_edits,
    appraisal_maps,
    byte_edits,
    framework_data,
    input_assessments,
    text_swaps,
)

from chinhquyen import criteria
from chinhquyen.criteria import Framework
from chinhquyen.criteria.loader import framework_from_toml
from chinhquyen.errors import ChinhQuyenError
from chinhquyen.readers import WriteError
from chinhquyen.scoring import (
    Adjustment,
    AppraisalTable,
    SelfAssessment,
    canonical_json,
    parse_assessment,
    read_appraisals,
)

#: The most one example may take: a reader that is quadratic or hangs on a mutated input is
#: caught (real readings take milliseconds).
EXAMPLE_SECONDS = 10.0

Edits = list[tuple[str, int, int, bytes]]


def fuzz(examples: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Hypothesis settings of the suite: a failing example is reported as found.

    Shrinking is left out: on these large inputs it can run for minutes, past the child's
    time bound; the example found, with its edits, is enough to reproduce a failure.
    """
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,  # the child's findings are printed, not stored
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def in_bounds(run: Callable[[], None]) -> None:
    """Run a hypothesis test in a bounded child; fail with its falsifying example."""

    def child() -> str | None:
        try:
            run()
        except BaseException as e:  # the failure, with hypothesis's notes
            notes = "\n".join(getattr(e, "__notes__", []))
            return f"{type(e).__name__}: {e}\n{notes}"
        return None

    out = bounded(child)
    assert out["ok"], f"the run escaped the child: {out}"
    assert out["value"] is None, out["value"]


def outcome(read: Callable[[], Any]) -> Any:
    """What a reader gives for a mutated input: a result, or None for a ChinhQuyenError."""
    start = time.monotonic()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a deprecated key a mutation may produce
            return read()
    except ChinhQuyenError:
        return None
    finally:
        assert time.monotonic() - start < EXAMPLE_SECONDS


def swap_texts(data: Any, swaps: list[tuple[int, str]]) -> Any:
    """`data` with some of its texts (values, not keys) replaced, as `text_swaps` says."""
    copy = json_copy(data)
    places: list[tuple[Any, Any]] = []  # (container, key) of every text, in document order

    def walk(value: Any) -> None:
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(item, str):
                places.append((value, key))
            elif isinstance(item, dict | list):
                walk(item)

    walk(copy)
    for which, text in swaps:
        if places:
            container, key = places[which % len(places)]
            container[key] = text
    return copy


def json_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: json_copy(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_copy(v) for v in value]
    return value


def temp_file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# --- frameworks (TOML) -----------------------------------------------------------------------


def framework_toml(fw: Framework) -> bytes:
    data = fw.model_dump(mode="python", exclude_none=True)
    return write.toml_document(data, decimals_as_strings=True).encode()


@fuzz(80)
@given(framework_data(), text_swaps, byte_edits)
def _frameworks(data: dict[str, Any], swaps: list[tuple[int, str]], edits: Edits) -> None:
    expected = Framework.model_validate(data)
    text = write.toml_document(data, decimals_as_strings=True).encode()
    with tempfile.TemporaryDirectory() as folder:
        assert framework_from_toml(temp_file(Path(folder), "fw.toml", text)) == expected
        changed = swap_texts(data, swaps)
        swapped = write.toml_document(changed, decimals_as_strings=True).encode()
        for name, variant in (("swapped", swapped), ("broken", apply_edits(text, edits))):
            path = temp_file(Path(folder), f"{name}.toml", variant)
            got = outcome(lambda p=path: framework_from_toml(p))
            if got is None:
                continue
            if name == "swapped":  # every text read as written
                assert got == Framework.model_validate(changed)
            again = temp_file(Path(folder), "again.toml", framework_toml(got))
            assert framework_from_toml(again) == got


def test_framework_toml() -> None:
    in_bounds(_frameworks)


# --- assessments (JSON, TOML) ----------------------------------------------------------------

FRAMEWORK = Framework.model_validate(all_kinds_framework_data())


def _document(data: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, str] | None]:
    """The assessment without the writer's note, and where the odd self-score is written."""
    data = dict(data)
    written = data.pop("__written__", None)
    return data, written


def _json_text(data: dict[str, Any], written: tuple[str, str] | None) -> bytes:
    text = write.json_document(data)
    if written is not None:  # the self-score as the document writes it, not as Python would
        cid, number = written
        value = data["answers"][cid]["self_score"]
        before = f'{write.json_document(cid)}: {{"self_score": {value}'
        assert before in text
        text = text.replace(before, f'{write.json_document(cid)}: {{"self_score": {number}', 1)
    return text.encode()


def round_trips(a: SelfAssessment) -> None:
    """An accepted assessment reads back the same from its JSON and its canonical JSON."""
    assert parse_assessment(a.model_dump_json(), "json") == a
    again = parse_assessment(canonical_json(a), "json")
    assert again == a and canonical_json(again) == canonical_json(a)


@fuzz(80)
@given(input_assessments(FRAMEWORK), text_swaps, byte_edits)
def _assessments_json(data: dict[str, Any], swaps: list[tuple[int, str]], edits: Edits) -> None:
    doc, written = _document(data)
    text = _json_text(doc, written)
    a = parse_assessment(text, "json")
    assert a == SelfAssessment.model_validate(doc)
    if written is not None:  # the decimal written, not a binary float's
        cid, number = written
        score = a.answers[cid].self_score
        assert score == Decimal(number)
        if not number.lstrip("-").isdigit():  # a JSON integer is an int: -0 is 0
            assert str(score) == str(Decimal(number))
    round_trips(a)
    changed = swap_texts(doc, swaps)
    swapped = outcome(lambda: parse_assessment(write.json_document(changed), "json"))
    if swapped is not None:  # every text read as written
        assert swapped == SelfAssessment.model_validate(changed)
        round_trips(swapped)
    got = outcome(lambda: parse_assessment(apply_edits(text, edits), "json"))
    if got is not None:
        round_trips(got)


def test_assessment_json() -> None:
    in_bounds(_assessments_json)


@fuzz(70)
@given(input_assessments(FRAMEWORK), text_swaps, byte_edits)
def _assessments_toml(data: dict[str, Any], swaps: list[tuple[int, str]], edits: Edits) -> None:
    doc, _ = _document(data)
    text = write.toml_document(doc, decimals_as_strings=False).encode()
    a = parse_assessment(text, "toml")
    assert a == SelfAssessment.model_validate(doc)
    round_trips(a)
    changed = swap_texts(doc, swaps)
    swapped = write.toml_document(changed, decimals_as_strings=False).encode()
    for variant in (swapped, apply_edits(text, edits)):
        got = outcome(lambda v=variant: parse_assessment(v, "toml"))
        if got is not None:
            if variant is swapped:  # every text read as written
                assert got == SelfAssessment.model_validate(changed)
            round_trips(got)
            dumped = got.model_dump(mode="python", exclude_none=True)  # and as TOML again
            again = write.toml_document(dumped, decimals_as_strings=False)
            assert parse_assessment(again, "toml") == got


def test_assessment_toml() -> None:
    in_bounds(_assessments_toml)


# --- appraisal tables (CSV, XLSX) ------------------------------------------------------------

UNITS = ["00001", "99901", "26734"]
CRITERIA = [(c.id, c.max_points) for c in FRAMEWORK.criteria()][:5]


def _rows(maps: dict[str, list[dict[str, Any]]], comma: bool) -> list[list[str]]:
    rows = []
    for code, adjustments in maps.items():
        for r in adjustments:
            points = format(r["points"], "f")
            rows.append(
                [
                    code,
                    r["criterion_id"],
                    points.replace(".", ",") if comma else points,
                    r["reason"],
                    r["appraiser"] or "",
                ]
            )
    return rows


def _adjustments(maps: dict[str, list[dict[str, Any]]]) -> dict[str, list[Adjustment]]:
    return {code: [Adjustment.model_validate(r) for r in rs] for code, rs in maps.items()}


def _written_back(table: AppraisalTable) -> list[list[Any]]:
    """A table's rows as cells under `write.HEADINGS` (the optional ones it has beside)."""
    return [
        [
            r.unit_code,
            r.adjustment.criterion_id,
            r.adjustment.points,
            r.adjustment.reason,
            r.adjustment.appraiser or "",
        ]
        for r in table.rows
    ]


def _same(table: AppraisalTable, again: AppraisalTable) -> None:
    """Every row read again as it was read (the rows numbered anew: no blank rows now)."""
    assert [(r.unit_code, r.adjustment) for r in again.rows] == [
        (r.unit_code, r.adjustment) for r in table.rows
    ]


@fuzz(150)
@given(
    appraisal_maps(UNITS, CRITERIA), st.booleans(), st.sampled_from([",", ";", "\t"]), byte_edits
)
def _appraisals_csv(
    maps: dict[str, list[dict[str, Any]]], comma: bool, delimiter: str, edits: Edits
) -> None:
    rows = _rows(maps, comma and delimiter != ",")
    text = write.csv_table(rows, delimiter)
    with tempfile.TemporaryDirectory() as folder:
        table = read_appraisals(temp_file(Path(folder), "t.csv", text))
        assert table.by_unit() == _adjustments(maps)
        assert [r.row for r in table.rows] == list(range(2, len(rows) + 2))
        broken = temp_file(Path(folder), "broken.csv", apply_edits(text, edits))
        got = outcome(lambda: read_appraisals(broken))
        if got is None:
            return
        cells = [
            [format(c, "f") if isinstance(c, Decimal) else c for c in r] for r in _written_back(got)
        ]
        again = read_appraisals(temp_file(Path(folder), "again.csv", write.csv_table(cells)))
        _same(got, again)


def test_appraisal_csv() -> None:
    in_bounds(_appraisals_csv)


@fuzz(30)
@given(appraisal_maps(UNITS, CRITERIA), st.booleans(), byte_edits)
def _appraisals_xlsx(maps: dict[str, list[dict[str, Any]]], inside: bool, edits: Edits) -> None:
    rows: list[list[Any]] = [
        [code, cid, Decimal(points.replace(",", ".")), reason, who or None]
        for code, cid, points, reason, who in _rows(maps, False)
    ]
    try:
        data = write.xlsx_table(rows)
    except WriteError:  # a text no workbook can keep (a control character)
        assume(False)
        return
    with tempfile.TemporaryDirectory() as folder:
        table = read_appraisals(temp_file(Path(folder), "t.xlsx", data))
        assert table.by_unit() == _adjustments(maps)
        if inside:  # break the sheet's XML, not the archive around it
            broken_data = with_sheet_xml(data, lambda xml: apply_edits(xml, edits))
        else:
            broken_data = apply_edits(data, edits)
        broken = temp_file(Path(folder), "broken.xlsx", broken_data)
        got = outcome(lambda: read_appraisals(broken))
        if got is None:
            return
        try:
            again_data = write.xlsx_table(_written_back(got))
        except WriteError:
            return  # e.g. a number a damaged sheet holds that a workbook cannot keep exactly
        again = read_appraisals(temp_file(Path(folder), "again.xlsx", again_data))
        _same(got, again)


def test_appraisal_xlsx() -> None:
    in_bounds(_appraisals_xlsx)


def test_the_suite_covers_every_shipped_framework_file() -> None:
    """The shipped frameworks read back the same through the writer the suite uses."""
    for ident in criteria.available():
        fw = criteria.load(ident)
        with tempfile.TemporaryDirectory() as folder:
            path = temp_file(Path(folder), "fw.toml", framework_toml(fw))
            assert framework_from_toml(path) == fw
