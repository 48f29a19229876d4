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

import importlib
import warnings
from typing import TYPE_CHECKING, Any

# The deprecated module path chinhquyen.scoring.review is imported here, once, so that a later
# `import chinhquyen.scoring.review` cannot rebind the name `review` (the function) to it.
importlib.import_module("chinhquyen.scoring.review")
del globals()["review"]  # the module; `review` the function is found below, on first use

# `digest` is both a submodule and a function: bound here, the function wins for good.
from chinhquyen.scoring.digest import canonical_json, digest  # noqa: E402

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
    from chinhquyen.scoring.engine import (
        score,
        score_many,
    )
    from chinhquyen.scoring.loading import (
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

#: Where each public name is defined: submodules are imported when a name is first used, so
#: `import chinhquyen.scoring` stays light (the Excel form, exports and tables load on demand).
_WHERE: dict[str, str] = {
    "Answer": "answers",
    "AnswerValue": "answers",
    "ChecklistValue": "answers",
    "CoverageValue": "answers",
    "DeductionValue": "answers",
    "Evidence": "answers",
    "ExternalIndexValue": "answers",
    "QuotaValue": "answers",
    "RatioValue": "answers",
    "SurveyValue": "answers",
    "ViolationRecord": "answers",
    "YesNoValue": "answers",
    "Adjustment": "appraisal",
    "AppraisalRow": "appraisal",
    "AppraisalTable": "appraisal",
    "AppraisalTableError": "appraisal",
    "read_appraisals": "appraisal",
    "review": "appraisal",
    "review_all": "appraisal",
    "LegacyDistrict": "assessment",
    "SelfAssessment": "assessment",
    "Unit": "assessment",
    "Period": "period",
    "Cohort": "cohort",
    "GroupSummary": "cohort",
    "Ranked": "cohort",
    "demo_text": "demo",
    "example_path": "demo",
    "examples": "demo",
    "score": "engine",
    "score_many": "engine",
    "load_assessment": "loading",
    "load_assessments": "loading",
    "parse_assessment": "loading",
    "assessment_schema": "schema",
    "scorecard_schema": "schema",
    "write_schemas": "schema",
    "CriterionResult": "scorecard",
    "GroupResult": "scorecard",
    "KnockoutResult": "scorecard",
    "Scorecard": "scorecard",
    "SourceRef": "scorecard",
    "CriterionStatus": "status",
}

#: Names renamed in this release, still importable (with a DeprecationWarning) until the next.
_RENAMED = {"Status": ("CriterionStatus", "status")}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f"chinhquyen.scoring.{module}"), name)
        globals()[name] = value  # found directly from now on
        return value
    if name in _RENAMED:
        new, module = _RENAMED[name]
        warnings.warn(
            f"chinhquyen.scoring.{name} is renamed {new}; the old name goes away in the next"
            " release",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(f"chinhquyen.scoring.{module}"), new)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
