"""Appraisal (thẩm định): an appraiser's decisions on a commune's points, one or many at once.

* [`review`][chinhquyen.scoring.appraisal.review] applies one commune's decisions
  ([`Adjustment`][chinhquyen.scoring.appraisal.Adjustment]) to its scorecard;
* [`read_appraisals`][chinhquyen.scoring.appraisal.read_appraisals] reads a council's appraisal
  table (CSV or XLSX), and [`review_all`][chinhquyen.scoring.appraisal.review_all] applies it to
  many scorecards.
"""

from __future__ import annotations

from chinhquyen.scoring.appraisal.bulk import review_all
from chinhquyen.scoring.appraisal.decision import Adjustment, review
from chinhquyen.scoring.appraisal.table import (
    COLUMNS,
    SHEET,
    AppraisalRow,
    AppraisalTable,
    AppraisalTableError,
    read_appraisals,
)

# shown where it is imported from (e.g. in tracebacks), not where it is defined
AppraisalTableError.__module__ = __name__

__all__ = [
    "COLUMNS",
    "SHEET",
    "Adjustment",
    "AppraisalRow",
    "AppraisalTable",
    "AppraisalTableError",
    "read_appraisals",
    "review",
    "review_all",
]
