"""Reading the CSV tables the measurements accept, and naming their cells spreadsheet-style.

Shared with other tables of scoring (an appraisal table names its cells the same way);
`column_letter` is the readers' ([`chinhquyen.readers.column_letter`][]), given here too.
"""

from __future__ import annotations

import csv
from pathlib import Path

from chinhquyen.errors import DataFileError
from chinhquyen.readers import column_letter

__all__ = ["column_letter", "read_rows"]


def read_rows(path: str | Path, encoding: str) -> list[list[str]]:
    """Return all rows of a CSV file, the header first.

    Raises:
        DataFileError: naming the file when it cannot be read or decoded, or is empty.
    """
    name = str(path)
    try:
        with Path(path).open(encoding=encoding, newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(name, f"cannot read the CSV file: {e}") from None
    if not rows:
        raise DataFileError(name, "the file is empty; expected a header row")
    return rows
