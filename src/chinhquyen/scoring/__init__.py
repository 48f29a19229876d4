"""Self-assessments, the scoring engine, scorecards, appraisal and cohorts.

Examples:
    >>> from chinhquyen import scoring
    >>> a = scoring.load_assessment(scoring.example_path("dong-nai-2025.json"))
    >>> card = scoring.score("dong-nai/qd-54-2025", a)
    >>> card.tier
    '3 sao'

The scoring rules per measure kind, and what "not reported" means, are documented in
`chinhquyen.scoring.engine`; the digest in `chinhquyen.scoring.digest`.
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

import lazy_loader

# The deprecated module path chinhquyen.scoring.review is imported here, once, so that a later
# `import chinhquyen.scoring.review` cannot rebind the name `review` (the function) to it.
importlib.import_module("chinhquyen.scoring.review")
del globals()["review"]  # the module; `review` the function is found below, on first use

if TYPE_CHECKING:  # pragma: no cover - the names below are loaded on first use
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
    from chinhquyen.scoring.assessment import (
        LegacyDistrict,
        SelfAssessment,
        Unit,
    )
    from chinhquyen.scoring.cohort import (
        Cohort,
        GroupSummary,
        Ranked,
    )
    from chinhquyen.scoring.demo import (
        demo_text,
        example_path,
        examples,
    )
    from chinhquyen.scoring.digest import (
        canonical_json,
        digest,
    )
    from chinhquyen.scoring.engine import (
        score,
        score_many,
    )
    from chinhquyen.scoring.loading import (
        FileProblem,
        LoadedAssessments,
        load_assessment,
        load_assessments,
        parse_assessment,
    )
    from chinhquyen.scoring.period import (
        Period,
    )
    from chinhquyen.scoring.schema import (
        assessment_schema,
        scorecard_schema,
        write_schemas,
    )
    from chinhquyen.scoring.scorecard import (
        CriterionResult,
        GroupResult,
        KnockoutResult,
        Scorecard,
        SourceRef,
    )
    from chinhquyen.scoring.status import (
        CriterionStatus,
    )

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
    "FileProblem",
    "GroupResult",
    "GroupSummary",
    "KnockoutResult",
    "LegacyDistrict",
    "LoadedAssessments",
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

#: Submodules are imported when one of their names is first used, so `import chinhquyen.scoring`
#: stays light (the Excel form, exports and tables load on demand).
_lazy_getattr, __dir__, _ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "answers": [
            "Answer",
            "AnswerValue",
            "ChecklistValue",
            "CoverageValue",
            "DeductionValue",
            "Evidence",
            "ExternalIndexValue",
            "QuotaValue",
            "RatioValue",
            "SurveyValue",
            "ViolationRecord",
            "YesNoValue",
        ],
        "appraisal": [
            "Adjustment",
            "AppraisalRow",
            "AppraisalTable",
            "AppraisalTableError",
            "read_appraisals",
            "review",
            "review_all",
        ],
        "assessment": [
            "LegacyDistrict",
            "SelfAssessment",
            "Unit",
        ],
        "cohort": [
            "Cohort",
            "GroupSummary",
            "Ranked",
        ],
        "demo": [
            "demo_text",
            "example_path",
            "examples",
        ],
        "digest": [
            "canonical_json",
            "digest",
        ],
        "engine": [
            "score",
            "score_many",
        ],
        "loading": [
            "FileProblem",
            "LoadedAssessments",
            "load_assessment",
            "load_assessments",
            "parse_assessment",
        ],
        "period": [
            "Period",
        ],
        "schema": [
            "assessment_schema",
            "scorecard_schema",
            "write_schemas",
        ],
        "scorecard": [
            "CriterionResult",
            "GroupResult",
            "KnockoutResult",
            "Scorecard",
            "SourceRef",
        ],
        "status": [
            "CriterionStatus",
        ],
    },
)

#: Names renamed in this release, still importable (with a DeprecationWarning) until the next.
_RENAMED = {"Status": ("CriterionStatus", "status")}


def __getattr__(name: str) -> Any:
    if name in _RENAMED:
        new, module = _RENAMED[name]
        warnings.warn(
            f"chinhquyen.scoring.{name} is renamed {new}; the old name goes away in the next"
            " release",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(f"chinhquyen.scoring.{module}"), new)
    return _lazy_getattr(name)
