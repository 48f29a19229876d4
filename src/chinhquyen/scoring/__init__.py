"""Self-assessments, the scoring engine, scorecards, appraisal and cohorts.

Example:
    >>> from chinhquyen import scoring
    >>> a = scoring.load_assessment(scoring.example_path("dong-nai-2025.json"))
    >>> card = scoring.score("dong-nai/qd-54-2025", a)
    >>> card.tier
    '3 sao'

The scoring rules per measure kind, and what "not reported" means, are documented in
:mod:`chinhquyen.scoring.engine`; the digest in :mod:`chinhquyen.scoring.digest`.
"""

from __future__ import annotations

import warnings

from chinhquyen.scoring import review as _review_module  # noqa: F401 - deprecated module path
from chinhquyen.scoring.answers import (
    Answer,
    AnswerValue,
    ChecklistValue,
    CoverageValue,
    DeductionValue,
    Evidence,
    ExternalIndexValue,
    QuotaValue,
    RatioValue,
    SurveyValue,
    ViolationRecord,
    YesNoValue,
)
from chinhquyen.scoring.appraisal import (
    Adjustment,
    AppraisalRow,
    AppraisalTable,
    AppraisalTableError,
    read_appraisals,
    review,
    review_all,
)
from chinhquyen.scoring.assessment import LegacyDistrict, Period, SelfAssessment, Unit
from chinhquyen.scoring.cohort import Cohort, GroupSummary, Ranked
from chinhquyen.scoring.demo import demo_text, example_path, examples
from chinhquyen.scoring.digest import canonical_json, digest
from chinhquyen.scoring.engine import score, score_many
from chinhquyen.scoring.loading import load_assessment, load_assessments, parse_assessment
from chinhquyen.scoring.schema import assessment_schema, scorecard_schema, write_schemas
from chinhquyen.scoring.scorecard import (
    CriterionResult,
    GroupResult,
    KnockoutResult,
    Scorecard,
    SourceRef,
)
from chinhquyen.scoring.status import CriterionStatus

__all__ = [
    "Adjustment",
    "Answer",
    "AnswerValue",
    "AppraisalRow",
    "AppraisalTable",
    "AppraisalTableError",
    "ChecklistValue",
    "Cohort",
    "CoverageValue",
    "CriterionResult",
    "CriterionStatus",
    "DeductionValue",
    "Evidence",
    "ExternalIndexValue",
    "GroupResult",
    "GroupSummary",
    "KnockoutResult",
    "LegacyDistrict",
    "Period",
    "QuotaValue",
    "Ranked",
    "RatioValue",
    "Scorecard",
    "SelfAssessment",
    "SourceRef",
    "SurveyValue",
    "Unit",
    "ViolationRecord",
    "YesNoValue",
    "assessment_schema",
    "canonical_json",
    "demo_text",
    "digest",
    "example_path",
    "examples",
    "load_assessment",
    "load_assessments",
    "parse_assessment",
    "read_appraisals",
    "review",
    "review_all",
    "score",
    "score_many",
    "scorecard_schema",
    "write_schemas",
]


#: Names renamed in this release, still importable (with a DeprecationWarning) until the next.
_RENAMED = {"Status": ("CriterionStatus", CriterionStatus)}


def __getattr__(name: str) -> object:
    if name in _RENAMED:
        new, value = _RENAMED[name]
        warnings.warn(
            f"chinhquyen.scoring.{name} is renamed {new}; the old name goes away in the next"
            " release",
            DeprecationWarning,
            stacklevel=2,
        )
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
