"""Hypothesis strategies shared by the whole test suite.

One module, one section per package area. Keep strategies here rather than in test files.
"""

from __future__ import annotations

import datetime as dt

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
