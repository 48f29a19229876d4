"""Reading self-assessments from files: one (`load_assessment`), or a folder of them.

Every file is read through [`chinhquyen.readers`][chinhquyen.readers], which trusts nothing it
reads: sizes and nesting are bounded, a key given twice is refused (two answers for one
criterion, two `framework` fields), and a number is the decimal written — in JSON,
`14.999999999999999999` stays that (it does not become 15, full marks) and `1e-400` is not 0,
so the digest of such a document is not that of the rounded one. A TOML float is the decimal
written too (an assessment is read by this library only; a framework, published for every
reader, is stricter).

A JSON document is validated as a [`SelfAssessment`][chinhquyen.scoring.SelfAssessment] from
the values the reader gives (objects, arrays, text, `int`, `Decimal`, true/false, null), the
way a TOML document is: the model accepts a JSON value in Python form wherever JSON could
hold it (dates as ISO strings, decimals, lists), so nothing passes through a binary float
and no duplicate key is ever lost.

An Excel form (`.xlsx`) is read by [`chinhquyen.scoring.excel.read`][chinhquyen.scoring.excel.read]
(the `excel` extra). A spreadsheet in another format (`.ods`, `.xls`, `.xlsm`...) is refused
with how to save it as `.xlsx`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, overload

import attrs

from chinhquyen import readers
from chinhquyen.errors import (
    ChinhQuyenError,
    DataFileError,
    InvalidInputError,
    MissingExtraError,
)
from chinhquyen.readers.text import open_regular
from chinhquyen.scoring.assessment import SelfAssessment
from chinhquyen.scoring.progress import track

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "FileProblem",
    "LoadedAssessments",
    "load_assessment",
    "load_assessments",
    "parse_assessment",
]

#: The file types read as self-assessments.
SUFFIXES = (".json", ".toml", ".xlsx")
#: The text formats [`parse_assessment`][chinhquyen.scoring.parse_assessment] reads.
FORMATS = ("json", "toml")
#: The entries of a folder that look like submissions but are not read: reported, never
#: passed over in silence.
_REFUSED: tuple[readers.SkipKind, ...] = ("format", "special", "outside", "broken", "unreadable")


def _invalid(name: str, error: InvalidInputError) -> readers.ReaderError:
    """The error naming the file and every problem of a document that is not an assessment."""
    # located, coded, in Vietnamese and English
    return readers.ReaderError.of(name, error.problems, readers.Limits.current().listed)


def parse_assessment(text: str | bytes, fmt: str, name: str = "<text>") -> SelfAssessment:
    """Parse a self-assessment from JSON or TOML text.

    Args:
        text: the document (bytes are UTF-8, with or without a byte-order mark).
        fmt: `"json"` or `"toml"`.
        name: what to call the document in error messages (a file name).

    Raises:
        ReaderError: (a `DataFileError`) the text is not valid JSON/TOML, gives a key twice,
            holds `NaN` or goes beyond the readers' limits, or is not a valid assessment; the
            message names the key path (e.g. `answers.tc-1.self_score`) or the line, at most
            `Limits.listed` problems (all are in its `problems`).
        InvalidInputError: `fmt` is not one of `FORMATS`.
    """
    if fmt == "json":
        data: Any = readers.read_json(text, name=name)
    elif fmt == "toml":
        data = readers.read_toml(text, name=name)
    else:
        valid = " or ".join(repr(f) for f in FORMATS)
        raise InvalidInputError(
            "parse_assessment",
            [("fmt", f"{fmt!r} is not a format this reads; give {valid}")],
        )
    try:
        return SelfAssessment.model_validate(data)
    except InvalidInputError as e:
        raise _invalid(name, e) from None


def load_assessment(path: str | os.PathLike[str]) -> SelfAssessment:
    """Read a self-assessment from a `.json`, `.toml` or `.xlsx` file.

    Args:
        path: the file.

    Returns:
        The validated self-assessment.

    Raises:
        ReaderError: the file is missing, not a regular file (a named pipe is never
            opened), beyond the readers' limits, or invalid; the message names the file and
            the key path (or, for Excel, the sheet and cell).
        FormatError: a spreadsheet in another format (`.ods`, `.xls`, `.xlsm`...); the
            message says how to save it as `.xlsx`.
        DataFileError: a file of another type.
        MissingExtraError: an `.xlsx` file without the `excel` extra.
    """
    p = Path(path)
    name = str(p)
    suffix = p.suffix.lower()
    if suffix in readers.OTHER_SPREADSHEETS:
        raise readers.FormatError(name, readers.convert_advice(suffix))
    if suffix == ".xlsx":
        with open_regular(p, name):  # a named pipe would block the spreadsheet reader
            pass
        from chinhquyen.scoring.excel import read

        assessment: SelfAssessment = read(p)
        return assessment
    if suffix not in (".json", ".toml"):
        raise DataFileError(
            name, f"unsupported file type {suffix or '(none)'!r}; use .json, .toml or .xlsx"
        )
    data: Any = (readers.read_json if suffix == ".json" else readers.read_toml)(p, name=name)
    try:
        return SelfAssessment.model_validate(data)
    except InvalidInputError as e:
        raise _invalid(name, e) from None


@attrs.frozen(slots=True)
class FileProblem:
    """A file of a batch that gave no assessment, and why.

    Attributes:
        path: the file.
        error: why: the error reading it raised, or (for an entry of a folder that is not
            read, such as an `.ods` file or a link leading outside the folder) the error
            saying why.
    """

    path: Path
    error: ChinhQuyenError

    @property
    def message(self) -> str:
        """The error's message, which names the file."""
        return str(self.error)

    def __str__(self) -> str:
        return self.message


@attrs.frozen(slots=True)
class LoadedAssessments:
    """What [`load_assessments`][chinhquyen.scoring.load_assessments] read, with `errors="collect"`.

    Every file given, or every entry of the folder, is in exactly one of `files`, `problems`,
    `blank` and `skipped`.

    Attributes:
        assessments: the assessments read, in the order of the files (name order for a
            folder).
        files: the file each assessment was read from, in the same order.
        problems: the files that could not be read, each with its error, in the order of
            the files: invalid documents, and the folder's entries that look like
            submissions but are not read (a spreadsheet in another format, with how to save
            it as `.xlsx`; a named pipe; a link leading outside the folder or nowhere).
        blank: the Excel forms not filled in (a template saved into the folder as it was
            made: no unit code or name, and no answer); not errors, but not submissions.
        skipped: the folder's other entries, not read because they are not submissions
            (other files, such as evidence PDFs; subfolders; hidden files; Excel's `~$`
            lock files), each with why. Empty for a list of files.

    Examples:
        ```python
        batch = scoring.load_assessments("nop-2025/", errors="collect")
        cards = scoring.score_many("dong-nai/qd-54-2025", batch.assessments)
        for problem in batch.problems:
            print(problem)  # the file and what is wrong with it
        ```
    """

    assessments: tuple[SelfAssessment, ...]
    files: tuple[Path, ...]
    problems: tuple[FileProblem, ...]
    blank: tuple[Path, ...] = ()
    skipped: tuple[readers.Skipped, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether every file was read (blank forms and skipped entries aside)."""
        return not self.problems


#: What a form not filled in is called in messages.
_BLANK = (
    "chưa điền: biểu mẫu trống (không có mã xã, tên xã, câu trả lời nào) / not filled in: a"
    " blank form (no unit code or name, no answer); fill it in, or take it out of the folder"
)


@overload
def load_assessments(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    errors: Literal["raise"] = "raise",
    progress: bool | None = None,
) -> list[SelfAssessment]: ...


@overload
def load_assessments(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    errors: Literal["collect"],
    progress: bool | None = None,
) -> LoadedAssessments: ...


def load_assessments(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    errors: Literal["raise", "collect"] = "raise",
    progress: bool | None = None,
) -> list[SelfAssessment] | LoadedAssessments:
    """Read many self-assessments, e.g. a province's submissions, with `load_assessment`.

    Every file is tried, so one call reports every file that cannot be read, not just the
    first. In a folder, every entry is either read or accounted for (see
    [`chinhquyen.readers.list_files`][chinhquyen.readers.list_files]): only regular files are
    read, a symbolic link is followed only to a file inside the folder, and a spreadsheet in
    another format is reported with how to save it as `.xlsx`.

    Args:
        source: a folder, whose `.json`, `.toml` and `.xlsx` files are read in name order
            (not its subfolders; other files, hidden files and Excel's `~$` lock files are
            not submissions), or the files themselves, in the order given.
        errors: `"raise"` (the default): all or nothing, the assessments only if every file
            is read. `"collect"`: the assessments that could be read, and every file that
            could not, with why, in a
            [`LoadedAssessments`][chinhquyen.scoring.LoadedAssessments].
        progress: `True` to draw a progress bar, `False` never to; `None` (the default) draws
            one on a terminal or in a notebook once the reading takes more than half a second
            (see `chinhquyen.scoring.progress`).

    Returns:
        With `errors="raise"`, the assessments (a `list`), in the order of the files. With
        `errors="collect"`, a `LoadedAssessments`.

    Raises:
        ReaderError: (a `DataFileError`) with `errors="raise"`, files cannot be read, or the
            folder holds a form not filled in, or an entry that looks like a submission but is
            not read: one file's own error, or one error naming each file with its problem
            (at most `Limits.listed` of them in the message; all in its `problems`, as
            `(file, message)` pairs). With either mode: the folder does not exist, or holds
            no submission at all.
        MissingExtraError: an `.xlsx` file without the `excel` extra (no other would read).
        InvalidInputError: `errors` is neither `"raise"` nor `"collect"`.
    """
    if errors not in ("raise", "collect"):
        raise InvalidInputError(
            "load_assessments", [("errors", f"{errors!r}: give 'raise' or 'collect'")]
        )
    failed: list[FileProblem] = []
    others: tuple[readers.Skipped, ...] = ()
    if isinstance(source, str | os.PathLike):
        listing = readers.list_files(source, suffixes=SUFFIXES)
        refused = listing.refused(_REFUSED)
        where = str(listing.folder)
        if not listing.files and not refused:
            raise readers.ReaderError(where, "holds no .json, .toml or .xlsx file")
        paths: list[Path] = list(listing.files)
        others = tuple(s for s in listing.skipped if s not in refused)
        failed += [FileProblem(s.path, _refusal(s)) for s in refused]
    else:
        paths, where = [Path(p) for p in source], "the files given"
    read: list[SelfAssessment] = []
    files: list[Path] = []
    blank: list[Path] = []
    for p in track(paths, label="Đọc tệp (reading files)", show=progress):
        try:
            read.append(load_assessment(p))
            files.append(p)
        except MissingExtraError:
            raise  # the environment, not the file: no other .xlsx file would read either
        except ChinhQuyenError as e:
            if p.suffix.lower() == ".xlsx" and _blank_form(p):
                blank.append(p)
            else:
                failed.append(FileProblem(p, e))
    total = len(paths) + len(failed) - sum(f.path in paths for f in failed)
    if isinstance(source, str | os.PathLike):
        failed.sort(key=lambda f: f.path.name)  # a folder's entries in name order
    if errors == "collect":
        return LoadedAssessments(tuple(read), tuple(files), tuple(failed), tuple(blank), others)
    failed += [FileProblem(p, readers.ReaderError(str(p), _BLANK)) for p in blank]
    if len(failed) == 1:
        raise failed[0].error
    if failed:
        raise _many(where, failed, total)
    return read


def _refusal(entry: readers.Skipped) -> ChinhQuyenError:
    """The error for an entry of a folder that looks like a submission but is not read."""
    if entry.kind == "format":
        return readers.FormatError(str(entry.path), entry.reason)
    return readers.ReaderError(str(entry.path), entry.reason)


def _many(where: str, failed: Sequence[FileProblem], total: int) -> readers.ReaderError:
    listed = readers.Limits.current().listed
    lines = [f"{len(failed)} of {total} files cannot be read:"]
    for f in failed[:listed]:
        text = str(f.error).replace("\n", "\n    ")  # a file's own list stays under it
        lines.append(f"  - {text}")
    if len(failed) > listed:
        more = len(failed) - listed
        lines.append(f"  ... and {more:,} more (every one is in the error's `problems`)")
    problems = [(str(f.path), str(f.error)) for f in failed]
    return readers.ReaderError(where, "\n".join(lines), problems=problems)


def _blank_form(path: Path) -> bool:
    """Whether an `.xlsx` file is a self-assessment form not filled in.

    Blank means: the form's sheet has its unit code and name cells (found by their labels)
    empty, no criterion row with a value in an answer column, no violation row and no
    disqualifier answered. Anything that cannot be read this way is not blank (its own
    error is reported).
    """
    from chinhquyen.scoring import excel

    try:
        with readers.open_xlsx(path) as book:
            if excel.SHEET not in book:
                return False
            sheet = book.sheet(excel.SHEET)
            labels: dict[str, tuple[int, int] | None] = {"mã xã": None, "tên xã": None}
            for row, values in sheet.rows(max_row=excel.FIRST_ROW - 1):
                for column, value in enumerate(values, start=1):
                    key = value.strip().casefold() if isinstance(value, str) else None
                    if key in labels and column < len(values):
                        labels[key] = (row, column + 1)
            if any(cell is None for cell in labels.values()):
                return False  # not the form as the library writes it
            for row, column in (c for c in labels.values() if c is not None):
                if sheet.value(f"{readers.column_letter(column - 1)}{row}") not in (None, ""):
                    return False
            letters = list(excel.COLUMNS)
            first, last = letters.index("F") + 1, letters.index("O") + 1
            for _, values in sheet.rows(min_row=excel.FIRST_ROW, max_col=len(letters)):
                if values[1] is None:
                    break  # the criteria end at the first row without an id
                if any(v is not None and v != "" for v in values[first - 1 : last]):
                    return False
            if excel.SHEET_VIOLATIONS in book:
                records = book.sheet(excel.SHEET_VIOLATIONS)
                width = len(excel.VIOLATION_COLUMNS)
                for _, values in records.rows(min_row=excel.VIOLATIONS_FIRST_ROW, max_col=width):
                    if any(v is not None and v != "" for v in values):
                        return False
            if excel.SHEET_DISQUALIFIERS in book:
                for _, values in book.sheet(excel.SHEET_DISQUALIFIERS).rows(2, None, 3, 3):
                    if values[0] is not None and values[0] != "":
                        return False
    except (ChinhQuyenError, ValueError, IndexError):
        return False
    return True
