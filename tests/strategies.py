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

# --- criteria ---------------------------------------------------------------------------------

# --- scoring ----------------------------------------------------------------------------------
