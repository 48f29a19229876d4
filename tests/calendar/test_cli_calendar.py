"""The calendar commands of the CLI (deadline, add-days, workday): provisional results, refusals.

The shipped official schedules cover 2010-2026; 2009 and 2027 are provisional years.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from chinhquyen.cli import main


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("received", "n", "due", "provisional"),
    [
        # Wed 30/12/2009 + 3 counts through the provisional Thu 31/12/2009 -> Tue 5/1/2010
        ("2009-12-30T09:00", "3", "2010-01-05", True),
        ("2010-01-05T09:00", "3", "2010-01-08", False),
        # Mon 28/12/2026 + 5 runs into 2027
        ("2026-12-28T09:00", "5", "2027-01-05", True),
    ],
)
def test_deadline_says_when_the_count_is_provisional(
    received: str, n: str, due: str, provisional: bool
) -> None:
    code, out = _run("deadline", received, n, "--json")
    assert code == 0, out
    data = json.loads(out)
    assert (data["due_date"], data["provisional"]) == (due, provisional)
    code, out = _run("deadline", received, n, "--lang", "en")
    assert code == 0, out
    assert ("Provisional: the count runs through" in out) is provisional
    code, out = _run("deadline", received, n)
    assert ("Tạm tính: phép đếm đi qua" in out) is provisional


@pytest.mark.parametrize(
    ("date", "n", "result", "provisional"),
    [
        ("2009-12-30", "3", "2010-01-05", True),
        ("2010-01-08", "-3", "2010-01-05", False),
        ("2010-01-05", "-3", "2009-12-30", True),
        ("2026-12-31", "1", "2027-01-04", True),
        ("2026-12-30", "0", "2026-12-30", False),
    ],
)
def test_add_days_says_when_the_count_is_provisional(
    date: str, n: str, result: str, provisional: bool
) -> None:
    code, out = _run("add-days", date, n, "--json")
    assert code == 0, out
    assert json.loads(out) == {
        "date": date,
        "n": int(n),
        "result": result,
        "provisional": provisional,
    }
    code, out = _run("add-days", date, n, "--lang", "en")
    assert ("Provisional" in out) is provisional


def test_deadline_channel_options() -> None:
    # Fri 13/2/2026 16:00, cut-off 15:00, 5 working days (Tết off 16-20/2): by post the postmark's
    # day counts (27/2); online as the caller chooses; online with a cut-off and no choice refused.
    code, out = _run(
        "deadline", "2026-02-13T16:00", "5", "--cutoff", "15:00", "--channel", "post", "--json"
    )
    assert code == 0 and '"due_date": "2026-02-27"' in out and '"channel": "post"' in out
    code, out = _run(
        "deadline",
        "2026-02-13T16:00",
        "5",
        "--cutoff",
        "15:00",
        "--channel",
        "online",
        "--online-cutoff",
        "--json",
    )
    assert code == 0 and '"due_date": "2026-03-02"' in out
    code, out = _run(
        "deadline", "2026-02-13T16:00", "5", "--cutoff", "15:00", "--channel", "online"
    )
    assert code != 0 and "online_cutoff" in out
