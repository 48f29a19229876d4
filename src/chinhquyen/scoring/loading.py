"""``load_assessment(path)``: read a self-assessment from JSON, TOML or Excel; many at once.

JSON numbers such as ``19.5`` are read as the decimal written; TOML floats are parsed straight
to decimals. Excel (``.xlsx``) is read by :func:`chinhquyen.scoring.excel.read`, which needs the
``excel`` extra and reports the sheet, row and column of each problem.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from chinhquyen.errors import ChinhQuyenError, DataFileError, InvalidInputError, MissingExtraError
from chinhquyen.scoring.assessment import SelfAssessment
from chinhquyen.scoring.progress import track

__all__ = ["load_assessment", "load_assessments", "parse_assessment"]

#: The file types read as self-assessments.
SUFFIXES = (".json", ".toml", ".xlsx")


def _problems(path: str, error: InvalidInputError) -> DataFileError:
    if len(error.problems) == 1:
        key, message = error.problems[0]
        return DataFileError(path, message, key=key or None)
    listed = "; ".join(f"[{key or '<root>'}] {message}" for key, message in error.problems)
    return DataFileError(path, f"{len(error.problems)} problems: {listed}")


def parse_assessment(text: str | bytes, fmt: str, name: str = "<text>") -> SelfAssessment:
    """Parse a self-assessment from JSON or TOML text.

    Args:
        text: the document.
        fmt: ``"json"`` or ``"toml"``.
        name: what to call the document in error messages (a file name).

    Raises:
        DataFileError: the text is not valid JSON/TOML or not a valid assessment; the
            message names the key path (e.g. ``answers.tc-1.self_score``) or the line.
    """
    try:
        if fmt == "json":
            return SelfAssessment.model_validate_json(text)
        if fmt == "toml":
            raw = text.decode("utf-8") if isinstance(text, bytes) else text
            try:
                data = tomllib.loads(raw, parse_float=Decimal)
            except tomllib.TOMLDecodeError as e:
                raise DataFileError(name, f"not valid TOML: {e}") from None
            return SelfAssessment.model_validate(data)
    except InvalidInputError as e:
        raise _problems(name, e) from None
    raise ValueError(f"fmt must be 'json' or 'toml', not {fmt!r}")


def load_assessment(path: str | os.PathLike[str]) -> SelfAssessment:
    """Read a self-assessment from a ``.json``, ``.toml`` or ``.xlsx`` file.

    Args:
        path: the file.

    Returns:
        The validated self-assessment.

    Raises:
        DataFileError: the file is missing, of an unsupported type, or invalid; the message
            names the file and the JSON/TOML key path (or, for Excel, sheet, row and column).
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".xlsx":
        from chinhquyen.scoring.excel import read  # type: ignore[import-not-found,unused-ignore]

        assessment: SelfAssessment = read(p)
        return assessment
    if suffix not in (".json", ".toml"):
        raise DataFileError(
            str(p), f"unsupported file type {suffix or '(none)'!r}; use .json, .toml or .xlsx"
        )
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise DataFileError(str(p), "no such file") from None
    except OSError as e:
        raise DataFileError(str(p), f"cannot be read: {e.strerror or e}") from None
    return parse_assessment(data, suffix[1:], str(p))


def load_assessments(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    progress: bool | None = None,
) -> list[SelfAssessment]:
    """Read many self-assessments, e.g. a province's submissions, with :func:`load_assessment`.

    Every file is tried, so one call reports every file that cannot be read, not just the
    first.

    Args:
        source: a folder, whose ``.json``, ``.toml`` and ``.xlsx`` files are read in name
            order (not its subfolders; other files, hidden files and Excel's ``~$`` lock
            files are not submissions), or the files themselves, in the order given.
        progress: `True` to draw a progress bar, `False` never to; `None` (the default) draws
            one on a terminal or in a notebook once the reading takes more than half a second
            (see `chinhquyen.scoring.progress`).

    Returns:
        The assessments, in the order of the files.

    Raises:
        DataFileError: the folder holds no submission, or files cannot be read; the message
            names each such file with its problem.
    """
    if isinstance(source, str | os.PathLike):
        folder = Path(source)
        if not folder.is_dir():
            raise DataFileError(str(folder), "not a folder; give a folder or a list of files")
        paths = sorted(
            p
            for p in folder.iterdir()
            if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$"))
        )
        if not paths:
            raise DataFileError(str(folder), "holds no .json, .toml or .xlsx file")
        where = str(folder)
    else:
        paths = [Path(p) for p in source]
        where = "the files given"
    out: list[SelfAssessment] = []
    failed: list[ChinhQuyenError] = []
    for p in track(paths, label="Đọc tệp (reading files)", show=progress):
        try:
            out.append(load_assessment(p))
        except MissingExtraError:
            raise  # the environment, not the file: no other .xlsx file would read either
        except ChinhQuyenError as e:
            failed.append(e)
    if len(failed) == 1:
        raise failed[0]
    if failed:
        listed = "; ".join(str(e) for e in failed)
        raise DataFileError(where, f"{len(failed)} of {len(paths)} files cannot be read: {listed}")
    return out
