"""Measurements from the raw records a commune keeps (đo từ hồ sơ, sổ sách gốc).

* [`survey`][chinhquyen.scoring.measurements.survey]: satisfaction surveys (Google Form
  exports).
* [`timeliness`][chinhquyen.scoring.measurements.timeliness]: early / on-time / late dossiers,
  apology slips.
* [`activities`][chinhquyen.scoring.measurements.activities]: visits, letters, dialogues,
  trainings.
* [`Period`][chinhquyen.scoring.period.Period]: reporting periods.

Every result has a `to_value()` giving an answer value that
[`Answer`][chinhquyen.scoring.answers.Answer] accepts directly. What is measured here is not
*evidence* in the library's sense: the documents (minh chứng) an answer cites are
[`Evidence`][chinhquyen.scoring.answers.Evidence].
"""

from __future__ import annotations

from typing import Any

from chinhquyen.scoring.measurements._renamed import renamed
from chinhquyen.scoring.measurements.activities import (
    ActivityLedger,
    ActivityRecord,
    EventCoverage,
    EventRecord,
    count_activities,
    read_ledger,
)
from chinhquyen.scoring.measurements.survey import (
    Question,
    QuestionResult,
    Scale,
    ScaleLevel,
    SurveyDefinition,
    SurveyResponse,
    SurveyResponses,
    SurveyResult,
    adequate,
    available_scales,
    available_surveys,
    load_scale,
    load_survey,
    read_google_form_csv,
    sample_size,
)
from chinhquyen.scoring.measurements.timeliness import (
    DossierPause,
    DossierRecord,
    DossierResult,
    DossierStatus,
    TimelinessReport,
    measure_dossier_log,
    measure_dossier_records,
    measure_timeliness,
    read_dossier_log,
    read_dossier_records,
)
from chinhquyen.scoring.period import Period, as_period

__all__ = [
    "ActivityLedger",
    "ActivityRecord",
    "DossierPause",
    "DossierRecord",
    "DossierResult",
    "DossierStatus",
    "EventCoverage",
    "EventRecord",
    "Period",
    "Question",
    "QuestionResult",
    "Scale",
    "ScaleLevel",
    "SurveyDefinition",
    "SurveyResponse",
    "SurveyResponses",
    "SurveyResult",
    "TimelinessReport",
    "adequate",
    "as_period",
    "available_scales",
    "available_surveys",
    "count_activities",
    "load_scale",
    "load_survey",
    "measure_dossier_log",
    "measure_dossier_records",
    "measure_timeliness",
    "read_dossier_log",
    "read_dossier_records",
    "read_google_form_csv",
    "read_ledger",
    "sample_size",
]


def __getattr__(name: str) -> Any:
    """Old names, kept for one release: `Coverage` is now [`EventCoverage`][]."""
    return renamed(__name__, name, {"Coverage": ("EventCoverage", EventCoverage)})
