"""Reading a dossier log row by row: the reference reader.

A CSV row becomes a record through its cells, and an error names the file, row and column; a
dict row is validated as given, and an error names its position. The columnar reader
(`_dossier_columns`) reads the rows it does not take with these functions.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from chinhquyen.errors import DataFileError, InvalidInputError
from chinhquyen.scoring.measurements._dossier_model import DossierRecord
from chinhquyen.scoring.measurements.tables import column_letter

__all__ = [
    "REQUIRED",
    "checked_header",
    "parse_cell",
    "read_log",
    "record_from_cells",
    "validated_record",
]

#: columns a CSV log must have (only returned_at may be blank)
REQUIRED = ("id", "procedure", "received_at", "working_days", "returned_at")
_OPTIONAL = (
    "unit",
    "cutoff",
    "pauses",
    "resume_after_pause",
    "apology_slip_issued",
    "extended_to",
)


def validated_record(i: int, row: Mapping[str, Any]) -> DossierRecord:
    """The record of the `i`-th dict row; an error names its position and field."""
    try:
        return DossierRecord.model_validate(dict(row))
    except InvalidInputError as e:
        raise InvalidInputError(
            f"dossier record {i}", [(f"[{i}].{loc}", msg) for loc, msg in e.problems]
        ) from None


def checked_header(name: str, header: list[str] | None) -> list[str]:
    """The column names of a header row; refuses missing, unknown and repeated columns."""
    if header is None:
        raise DataFileError(name, "the file is empty; expected a header row")
    cols = [h.strip() for h in header]
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise DataFileError(name, f"missing column(s) {', '.join(missing)}", key="row 1")
    unknown = [c for c in cols if c not in REQUIRED + _OPTIONAL]
    if unknown:
        raise DataFileError(
            name,
            f"unknown column(s) {', '.join(map(repr, unknown))}; valid columns: "
            f"{', '.join(REQUIRED + _OPTIONAL)}",
            key="row 1",
        )
    repeated = sorted({c for c in cols if cols.count(c) > 1})
    if repeated:
        raise DataFileError(
            name,
            f"column(s) {', '.join(map(repr, repeated))} appear more than once; which one holds "
            "the value cannot be told",
            key="row 1",
        )
    return cols


def read_log(path: str | Path, encoding: str) -> list[DossierRecord]:
    """The log read row by row (the reference reader)."""
    name = str(path)
    try:
        with Path(path).open(encoding=encoding, newline="") as fh:
            reader = csv.reader(fh)
            cols = checked_header(name, next(reader, None))
            records: list[DossierRecord] = []
            for line, cells in enumerate(reader, start=2):
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(cols):
                    raise DataFileError(
                        name,
                        f"has {len(cells)} cells, the header has {len(cols)}",
                        key=f"row {line}",
                    )
                records.append(record_from_cells(name, line, cols, cells))
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(name, f"cannot read the CSV file: {e}") from None
    return records


def record_from_cells(
    name: str, line: int, cols: Sequence[str], cells: Sequence[str]
) -> DossierRecord:
    """The record of CSV row `line`; an error names the file, row and column."""
    where = {c: f"row {line}, column {column_letter(i)} ({c})" for i, c in enumerate(cols)}
    data: dict[str, Any] = {}
    for col, raw in zip(cols, cells, strict=True):
        cell = raw.strip()
        if not cell:
            if col in REQUIRED and col != "returned_at":
                raise DataFileError(name, "is blank; a value is required", key=where[col])
            continue
        try:
            data[col] = parse_cell(col, cell)
        except ValueError as e:
            raise DataFileError(name, str(e), key=where[col]) from None
    try:
        return DossierRecord.model_validate(data)
    except InvalidInputError as e:
        loc, msg = e.problems[0]
        key = where.get(loc.split(".")[0], f"row {line}")
        raise DataFileError(name, msg, key=key) from None


def parse_cell(col: str, cell: str) -> Any:
    """A stripped, non-blank cell as the record field `col` takes it.

    Raises:
        ValueError: saying what the cell should look like.
    """
    if col == "working_days":
        if not cell.isdigit():
            raise ValueError(f"{cell!r} is not a whole number of working days (e.g. 5)")
        return int(cell)
    if col in ("apology_slip_issued", "resume_after_pause"):
        if cell.lower() not in ("true", "false"):
            raise ValueError(f"{cell!r} is not true or false")
        return cell.lower() == "true"
    if col == "pauses":
        pauses = []
        for part in cell.split(";"):
            pieces = part.strip().split("/")
            if len(pieces) != 2:
                raise ValueError(
                    f"{part.strip()!r} is not requested_on/completed_on "
                    "(e.g. 2024-03-05/2024-03-07T10:00)"
                )
            pauses.append({"requested_on": pieces[0].strip(), "completed_on": pieces[1].strip()})
        return pauses
    if col in ("received_at", "returned_at", "extended_to"):
        _check_iso(cell)
    return cell


def _check_iso(cell: str) -> None:
    # ISO only: 03/04/2024 could be 3 April or 4 March
    try:
        dt.datetime.fromisoformat(cell)
    except ValueError:
        raise ValueError(f"{cell!r} is not an ISO date or date-time (YYYY-MM-DD[THH:MM])") from None
    if "/" in cell:
        raise ValueError(f"{cell!r} is not an ISO date (YYYY-MM-DD)")
