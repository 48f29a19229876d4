"""Measurements from the raw records a commune keeps (đo từ hồ sơ, sổ sách gốc).

* `survey`: satisfaction surveys (Google Form
  exports).
* [`timeliness`][chinhquyen.scoring.measurements.timeliness]: early / on-time / late dossiers,
  apology slips; for a province's or the country's log,
  [`timeliness_tables`][chinhquyen.scoring.measurements.timeliness_tables] (CSV, Parquet and
  tables read column by column) and
  [`timeliness_dask`][chinhquyen.scoring.measurements.timeliness_dask] (a Dask cluster).
* `activities`: visits, letters, dialogues,
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
    DossierCounts,
    DossierPause,
    DossierRecord,
    DossierResult,
    DossierStatus,
    Rejection,
    TimelinessReport,
    measure_dossier_log,
    measure_dossier_records,
    measure_timeliness,
    read_dossier_log,
    read_dossier_records,
)
from chinhquyen.scoring.measurements.timeliness_dask import measure_dossier_dataset
from chinhquyen.scoring.measurements.timeliness_tables import measure_dossier_table
from chinhquyen.scoring.period import Period, as_period

__all__ = [
    "ActivityLedger",
    "ActivityRecord",
    "DossierCounts",
    "DossierPause",
    "DossierRecord",
    "DossierResult",
    "DossierStatus",
    "EventCoverage",
    "EventRecord",
    "Period",
    "Question",
    "QuestionResult",
    "Rejection",
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
    "measure_dossier_dataset",
    "measure_dossier_log",
    "measure_dossier_records",
    "measure_dossier_table",
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
