"""How much a reader will read: the limits, and how to change them.

[`Limits`][chinhquyen.readers.Limits] holds them; [`use_limits`][chinhquyen.readers.use_limits]
changes them for a block of code.

Every reader of [`chinhquyen.readers`][chinhquyen.readers] takes `limits=`; without it, the limits
in force are those of the innermost `with use_limits(...)` block (per thread and per asyncio task),
or the defaults. The defaults are sized for real commune and province data with a wide margin; the
page "What the library refuses and why" gives the reason for each.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import attrs

from chinhquyen.errors import InvalidInputError

__all__ = ["MIB", "Limits", "use_limits"]

#: One mebibyte (1,048,576 bytes).
MIB = 2**20


def _positive(instance: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(
            "Limits", [(attribute.name, f"must be a whole number >= 1, not {value!r}")]
        )


def _field(default: int) -> Any:
    return attrs.field(default=default, validator=_positive, kw_only=True)


@attrs.frozen(slots=True)
class Limits:
    """The most a reader will read from one file or document.

    Beyond a limit, a reader raises a [`LimitError`][chinhquyen.readers.LimitError].

    Give a changed copy to a reader (`limits=Limits(csv_rows=50_000_000)`), or change the
    limits in force for a block of code with [`use_limits`][chinhquyen.readers.use_limits].

    Attributes:
        file_bytes: bytes of a file read whole: JSON, TOML, and the `.xlsx` archive itself.
            Default 32 MiB (a commune's form is about 50 KB; a province's appraisal table of
            every commune about 5 MB).
        line_chars: characters in one line of a CSV or TOML file. Default 1,048,576; it bounds
            what one row of a CSV file can hold in memory.
        cell_chars: characters in one cell or string value (CSV, XLSX, JSON, TOML). Default
            32,767, the most an Excel cell holds. A CSV cell can in any case hold at most
            131,072 characters, the limit of Python's `csv` module (which is process-wide,
            so the library leaves it alone).
        depth: nesting of arrays and tables/objects in JSON and TOML. Default 32 (the deepest
            shipped file nests 10 levels).
        digits: digits of an integer, and significant digits of a decimal, in JSON and TOML.
            Default 100 (points, counts and years have fewer than 20).
        columns: columns of a CSV file or a worksheet. Default 1,000 (Excel allows 16,384;
            the widest real tables, survey exports, have a few hundred).
        csv_rows: data rows of a CSV file. Default 10,000,000: five to ten times a large
            province's yearly dossier log. CSV files are read row by row, so a larger limit
            costs time, not memory.
        sheet_rows: rows of a worksheet (the number of its last row). Default 200,000, twice a
            country-wide appraisal table (3,321 communes x 25-30 criteria).
        sheet_cells: cells of a worksheet's used range (its rows times its columns, merged
            ranges included). Default 2,000,000. An `.xlsx` sheet is held in memory whole: on a
            slow 2-core machine, a 100,000 x 9 table (900,000 cells) takes about 450 MB and a
            minute to open, so a sheet at the limit about 1 GB and two minutes.
        xlsx_parts: files (parts) inside an `.xlsx` archive. Default 1,000 (a form has 10-15).
        xlsx_bytes: uncompressed bytes of all the parts of an `.xlsx` archive. Default
            256 MiB (a 100,000-row table is about 50 MB of XML).
        xlsx_part_bytes: uncompressed bytes of one part. Default 128 MiB.
        xlsx_ratio: how many times larger than compressed a part over 1 MiB may be. Default
            100 (real parts compress 3 to 20 times; a zip bomb about 1,000 times).
        listed: problems listed in one error message; the exception keeps them all in
            `problems`. Default 20.
    """

    file_bytes: int = _field(32 * MIB)
    line_chars: int = _field(MIB)
    cell_chars: int = _field(32_767)
    depth: int = _field(32)
    digits: int = _field(100)
    columns: int = _field(1_000)
    csv_rows: int = _field(10_000_000)
    sheet_rows: int = _field(200_000)
    sheet_cells: int = _field(2_000_000)
    xlsx_parts: int = _field(1_000)
    xlsx_bytes: int = _field(256 * MIB)
    xlsx_part_bytes: int = _field(128 * MIB)
    xlsx_ratio: int = _field(100)
    listed: int = _field(20)

    @classmethod
    def current(cls) -> Limits:
        """The limits in force: those of the innermost `use_limits` block, or the defaults."""
        return _CURRENT.get()

    def replace(self, **changes: int) -> Limits:
        """A copy with some limits changed, e.g. `limits.replace(csv_rows=50_000_000)`.

        Raises:
            InvalidInputError: a name that is not a limit, or a value that is not a whole
                number >= 1.
        """
        names = attrs.fields_dict(Limits)
        valid = ", ".join(names)
        unknown = [(n, f"is not a limit; the limits: {valid}") for n in changes if n not in names]
        if unknown:
            raise InvalidInputError("Limits", unknown)
        return attrs.evolve(self, **changes)


_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar(
    "chinhquyen_readers_limits",
    default=Limits(),  # noqa: B039 - frozen: no one can change it in place
)


@contextmanager
def use_limits(limits: Limits | None = None, /, **changes: int) -> Iterator[Limits]:
    """Change the limits in force inside a `with` block, for this thread or asyncio task.

    Args:
        limits: the limits to use; by default, the ones in force.
        **changes: limits to change on top of them, e.g. `csv_rows=50_000_000`.

    Yields:
        The limits in force inside the block.

    Examples:
        ```pycon
        >>> with use_limits(csv_rows=50_000_000):
        ...     Limits.current().csv_rows
        50000000
        >>> Limits.current().csv_rows
        10000000
        ```
    """
    chosen = (limits or Limits.current()).replace(**changes)
    token = _CURRENT.set(chosen)
    try:
        yield chosen
    finally:
        _CURRENT.reset(token)


def resolve(limits: Limits | None) -> Limits:
    """`limits`, or the limits in force when it is None."""
    return _CURRENT.get() if limits is None else limits
