"""The errors of the readers: every one is a [`ChinhQuyenError`][chinhquyen.errors.ChinhQuyenError].

A file that is refused raises a [`ReaderError`][chinhquyen.readers.ReaderError] (a
[`DataFileError`][chinhquyen.errors.DataFileError]): its message names the file, where in it
(key path, row and column, sheet and cell) and what would be valid. A file beyond a limit
raises a [`LimitError`][chinhquyen.readers.LimitError], which also names the limit and how to change
it; a file in a format the library does not read raises a
[`FormatError`][chinhquyen.readers.FormatError], which says how to convert it. A value that cannot
be written into a workbook raises a [`WriteError`][chinhquyen.readers.WriteError]; a Python
environment that cannot read a format safely raises a
[`ReaderSetupError`][chinhquyen.readers.ReaderSetupError].
"""

from __future__ import annotations

from collections.abc import Sequence

from chinhquyen.errors import ChinhQuyenError, DataFileError

__all__ = [
    "FormatError",
    "LimitError",
    "ReaderError",
    "ReaderSetupError",
    "WriteError",
    "list_problems",
]

#: A problem: where it is (`"row 5, column C (points)"`, `"answers.tc-1"`) and what is wrong.
Problem = tuple[str, str]


def list_problems(problems: Sequence[Problem], listed: int) -> str:
    """One message line per problem, at most `listed` of them, then how many more there are.

    Args:
        problems: `(location, message)` pairs; an empty location is shown as `<root>`.
        listed: how many to show.

    Returns:
        `"N problems:"` followed by the lines, or the single problem as `[location] message`.
    """
    if len(problems) == 1:
        key, message = problems[0]
        return f"[{key or '<root>'}] {message}"
    lines = [f"{len(problems):,} problems:"]
    lines += [f"  - [{key or '<root>'}] {message}" for key, message in problems[:listed]]
    if len(problems) > listed:
        more = len(problems) - listed
        lines.append(f"  ... and {more:,} more (every one is in the error's `problems`)")
    return "\n".join(lines)


class ReaderError(DataFileError):
    """A file (or a document given as text) is refused: its content, encoding or layout.

    Attributes:
        path: the file, or the name the caller gave the document.
        key: where the (first) problem is: a key path such as `answers.tc-1.self_score`, a
            location such as `row 5, column C (points)` or `Vi phạm!D12`, or None.
        problems: every problem found, as `(location, message)` pairs; the message lists at
            most [`Limits.listed`][chinhquyen.readers.Limits] of them.
    """

    def __init__(
        self,
        path: str,
        message: str,
        key: str | None = None,
        *,
        problems: Sequence[Problem] = (),
    ) -> None:
        super().__init__(path, message, key)
        self.problems = tuple(problems) or ((key or "", message),)

    @classmethod
    def of(cls, path: str, problems: Sequence[Problem], listed: int) -> ReaderError:
        """The error for several problems, listing at most `listed` of them in its message.

        With one problem, the message is that problem and `key` its location; with several,
        `key` is the first one's location.
        """
        if len(problems) == 1:
            key, message = problems[0]
            return cls(path, message, key or None, problems=problems)
        return cls(path, list_problems(problems, listed), problems[0][0] or None, problems=problems)


class LimitError(ReaderError):
    """A file goes beyond one of the [`Limits`][chinhquyen.readers.Limits] (size, rows, depth...).

    The message names the limit and how to raise it, for a file that is genuinely that large.

    Attributes:
        limit: the name of the limit, e.g. `"csv_rows"`.
        allowed: its value when the file was read.
    """

    def __init__(
        self, path: str, message: str, key: str | None = None, *, limit: str, allowed: int
    ) -> None:
        self.limit = limit
        self.allowed = allowed
        hint = (
            f" (limit Limits.{limit} = {allowed:,}; if the file is genuine, raise the limit:"
            f" limits=Limits({limit}=...) or `with use_limits({limit}=...)`)"
        )
        super().__init__(path, message + hint, key)


class FormatError(ReaderError):
    """A file is in a format the library does not read (`.ods`, `.xls`, `.xlsm`, `.xlsb`...).

    The message, in Vietnamese and English, says how to convert it.
    """


class WriteError(ChinhQuyenError, ValueError):
    """A value cannot be written into a workbook cell so that it reads back the same.

    Attributes:
        field: what the value is (e.g. `ghi chú of tc-1`), as the caller named it.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class ReaderSetupError(ChinhQuyenError, RuntimeError):
    """The Python environment cannot read a format safely.

    Raised when openpyxl does not parse XML through defusedxml; the message says which setting
    to change. (A package that is not installed is a
    [`MissingExtraError`][chinhquyen.errors.MissingExtraError].)
    """
