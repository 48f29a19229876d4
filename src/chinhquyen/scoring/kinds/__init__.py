"""The measure kinds as scoring knows them: one module per kind, and their registry.

Each kind's module (see [`chinhquyen.scoring.kinds.base`][]) holds everything the kind means
to scoring — its answer value, its one scoring rule, its wording, its digest form and its Excel
form — and builds one [`MeasureKind`][chinhquyen.scoring.kinds.base.MeasureKind]. The engine,
the digest, the Excel form, the command line and the docs find a kind here, by name.

The registry is checked when this package is imported: every measure kind of
`chinhquyen.criteria.measures` must have its module here and every kind here a measure, and
the answer values here must be exactly those of `AnswerValue`. A kind that is missing a
part fails at import, never silently at scoring time.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, get_args

import pydantic

from chinhquyen.criteria.measures import Measure
from chinhquyen.errors import InvalidInputError
from chinhquyen.scoring.kinds import (
    checklist,
    coverage,
    deduction,
    external_index,
    quota,
    ratio,
    self_scored,
    survey,
    tally,
    yes_no,
)
from chinhquyen.scoring.kinds.base import MeasureKind
from chinhquyen.scoring.kinds.checklist import ChecklistValue
from chinhquyen.scoring.kinds.coverage import CoverageValue
from chinhquyen.scoring.kinds.deduction import DeductionValue, ViolationRecord
from chinhquyen.scoring.kinds.external_index import ExternalIndexValue
from chinhquyen.scoring.kinds.quota import QuotaValue
from chinhquyen.scoring.kinds.ratio import RatioValue
from chinhquyen.scoring.kinds.survey import SurveyValue
from chinhquyen.scoring.kinds.tally import TallyValue
from chinhquyen.scoring.kinds.yes_no import YesNoValue

__all__ = [
    "KINDS",
    "AnswerValue",
    "ChecklistValue",
    "CoverageValue",
    "DeductionValue",
    "ExternalIndexValue",
    "MeasureKind",
    "QuotaValue",
    "RatioValue",
    "SurveyValue",
    "TallyValue",
    "ViolationRecord",
    "YesNoValue",
    "kind",
]

#: Every measure kind, by name, in the order the docs list them.
KINDS: Mapping[str, MeasureKind[Any]] = MappingProxyType(
    {
        k.name: k
        for k in (
            self_scored.KIND,
            yes_no.KIND,
            checklist.KIND,
            ratio.KIND,
            quota.KIND,
            coverage.KIND,
            survey.KIND,
            external_index.KIND,
            deduction.KIND,
            tally.KIND,
        )
    }
)

#: A measured value, tagged by `kind` like the criterion's measure.
AnswerValue = Annotated[
    YesNoValue
    | ChecklistValue
    | RatioValue
    | QuotaValue
    | CoverageValue
    | SurveyValue
    | ExternalIndexValue
    | DeductionValue
    | TallyValue,
    pydantic.Field(discriminator="kind"),
]


def kind(name: str) -> MeasureKind[Any]:
    """Return the measure kind called `name` (e.g. `"ratio"`).

    Raises:
        InvalidInputError: no such kind; the message lists the valid ones.
    """
    found = KINDS.get(name)
    if found is None:
        raise InvalidInputError(
            "measure kind", [("kind", f"{name!r} is unknown; valid kinds: {', '.join(KINDS)}")]
        )
    return found


def _check_registry() -> None:
    """Every criteria measure has its kind here, and the answer values are the kinds' values."""
    classes = get_args(get_args(Measure)[0])
    measures = {get_args(m.model_fields["kind"].annotation)[0]: m for m in classes}
    if set(measures) != set(KINDS):
        raise ImportError(
            f"measure kinds without a scoring module: {sorted(set(measures) - set(KINDS))};"
            f" scoring modules without a measure: {sorted(set(KINDS) - set(measures))}"
        )
    for name, k in KINDS.items():
        if k.measure is not measures[name]:
            raise ImportError(f"measure kind {name!r}: its module names another measure class")
    values = set(get_args(get_args(AnswerValue)[0]))
    declared = {k.value for k in KINDS.values() if k.value is not None}
    if values != declared:
        raise ImportError(
            "AnswerValue and the kinds' values differ:"
            f" {sorted(c.__name__ for c in values ^ declared)}"
        )


_check_registry()
