"""Hypothesis strategies shared by the whole test suite.

One module, one section per package area. Keep strategies here rather than in test files.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

# --- calendar ---------------------------------------------------------------------------------

#: Any Gregorian date inside the lunar calendar's supported range.
lunar_range_dates = st.dates(min_value=dt.date(1900, 1, 31), max_value=dt.date(2199, 12, 31))

#: Any lunar year of the supported range (numbered as the Gregorian year of its Tết).
lunar_years = st.integers(min_value=1900, max_value=2199)

#: Naive (Vietnamese wall-clock) receipt moments inside the test calendars' 2023–mid-2026 span.
receipt_moments = st.datetimes(
    min_value=dt.datetime(2023, 1, 1), max_value=dt.datetime(2026, 6, 30, 23, 59, 59)
)

#: Procedure time limits in working days (0 = same-day procedure).
working_day_counts = st.integers(min_value=0, max_value=30)

#: A procedure's daily cut-off time, or none.
cutoff_times = st.none() | st.times(min_value=dt.time(7), max_value=dt.time(17))

# --- criteria ---------------------------------------------------------------------------------

# --- scoring ----------------------------------------------------------------------------------

# scoring: evidence (surveys, activities, timeliness) -----------------------------------------

#: Populations (number of transactions) for the survey sample-size formula.
survey_populations = st.integers(min_value=0, max_value=10**7)

#: Margins of error e in (0, 1) with up to three decimals.
survey_margins = st.integers(min_value=1, max_value=999).map(lambda k: Decimal(k).scaleb(-3))


@st.composite
def survey_answer_grids(
    draw: st.DrawFn, labels: tuple[str, ...], max_questions: int = 5, max_rows: int = 30
) -> list[list[str | None]]:
    """Rows of answers (a label or None for blank), all rows of the same width."""
    width = draw(st.integers(min_value=1, max_value=max_questions))
    cell = st.one_of(st.none(), st.sampled_from(labels))
    return draw(st.lists(st.lists(cell, min_size=width, max_size=width), max_size=max_rows))


#: Activity kinds of the ledger.
activity_kinds = st.sampled_from(
    [
        "visit",
        "letter_congratulation",
        "letter_thanks",
        "letter_apology",
        "letter_condolence",
        "dialogue_conference",
        "training",
    ]
)


@st.composite
def activity_rows(draw: st.DrawFn, year: int = 2023) -> dict[str, object]:
    """A plain-dict ledger line dated inside ``year`` (no related event)."""
    return {
        "date": draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31))),
        "kind": draw(activity_kinds),
        "unit": draw(st.sampled_from(["cam-tu", "cam-son", "cam-binh"])),
        "count": draw(st.integers(min_value=1, max_value=50)),
    }


@st.composite
def simple_dossier_rows(draw: st.DrawFn) -> dict[str, object]:
    """A dossier with no cut-off or pause, received and returned in 2024 (plain dict)."""
    received = draw(st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2024, 10, 31, 23, 59)))
    returned = received.date() + dt.timedelta(days=draw(st.integers(0, 40)))
    return {
        "id": draw(st.uuids()).hex,
        "procedure": draw(st.sampled_from(["chung-thuc", "ho-tich", "dat-dai"])),
        "received_at": received,
        "working_days": draw(st.integers(0, 15)),
        "returned_at": draw(st.one_of(st.none(), st.just(returned))),
        "apology_slip_issued": draw(st.booleans()),
    }
