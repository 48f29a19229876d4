"""Evidence measured from the raw records a commune keeps.

* :mod:`~chinhquyen.scoring.evidence.activities` - visits, letters, dialogues, trainings.
* :mod:`~chinhquyen.scoring.evidence.period` - reporting periods.

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
)
from chinhquyen.scoring.evidence.period import Period

__all__ = [
    "ActivityLedger",
    "ActivityRecord",
    "Coverage",
    "EventRecord",
    "Period",
    "count_activities",
]
