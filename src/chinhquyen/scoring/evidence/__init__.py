"""Evidence measured from the raw records a commune keeps.

* :mod:`~chinhquyen.scoring.evidence.survey` - satisfaction surveys (Google Form exports).
* :mod:`~chinhquyen.scoring.evidence.timeliness` - early / on-time / late dossiers, apology slips.
* :mod:`~chinhquyen.scoring.evidence.activities` - visits, letters, dialogues, trainings.
* :mod:`~chinhquyen.scoring.period` - reporting periods.

Every helper's result has a ``to_value()`` giving an answer value that
:class:`chinhquyen.scoring.answers.Answer` accepts directly.
"""

from __future__ import annotations

from chinhquyen.scoring.evidence.activities import (
    ActivityLedger,
    ActivityRecord,
    Coverage,
    EventRecord,
    count_activities,
    read_ledger,
)
from chinhquyen.scoring.evidence.survey import (
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
from chinhquyen.scoring.evidence.timeliness import (
    DossierPause,
    DossierRecord,
    DossierResult,
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
    "Coverage",
    "DossierPause",
    "DossierRecord",
    "DossierResult",
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
