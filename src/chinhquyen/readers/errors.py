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

Every problem a reader reports is a [`Problem`][chinhquyen.errors.Problem] with a stable code
naming the kind of refusal (`area.what`), its place, the offending value where there is one
(for a limit, the size measured), and its message in Vietnamese and English:

- `file.*`, `folder.*`: `file.not_found`, `file.is_folder`, `file.not_regular`,
  `file.cannot_open`, `file.cannot_read`; `folder.not_found`, `folder.not_folder`,
  `folder.cannot_list`.
- `text.*`: `text.encoding` (bytes not valid in the encoding), `text.unknown_encoding`,
  `text.not_text_encoding`.
- `json.*`, `toml.*`: `syntax`, `duplicate_key`, `nan` (`NaN`, `Infinity`, `nan`, `inf`),
  `exponent` (a number too large or too small), `surrogate` (a lone surrogate), `number`.
- `csv.*`: `empty`, `syntax`, `cell_too_long` (beyond what Python's `csv` module reads),
  `duplicate_heading`, `row_length` (a cell missing), `unheaded_value`, `blank_heading_value`,
  `delimiter`.
- `xlsx.*`: `not_zip`, `not_workbook`, `damaged`, `cannot_read`, `duplicate_part`,
  `encrypted`, `compression`, `doctype`, `xml`, `malformed_range`, `malformed_reference`,
  `row_number`, `no_sheet`, `sheet_ambiguous`, `chart_sheet`, `error_cell`,
  `uncached_formula`, `not_finite`, `value_type`, `number_not_text`, `not_text`.
- `limit.<name>` for a [`LimitError`][chinhquyen.readers.LimitError], `<name>` being the limit
  (`limit.depth`, `limit.file_bytes`, `limit.csv_rows`...).
- `format.unsupported` for a [`FormatError`][chinhquyen.readers.FormatError].

A location is a path into the document, its parts joined by `/`, for JSON and TOML values
(`answers/tc-1/self_score`; [`Problem.key`][chinhquyen.errors.Problem.key] still gives the
dotted form `answers.tc-1.self_score` of earlier releases), or a place in the file
(`line 3, column 7`, `row 5, column C (points)`, `Vi phạm!D12`), or `""` for the file as a
whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from chinhquyen.errors import ChinhQuyenError, DataFileError, Problem, language
from chinhquyen.readers.formats import advice
from chinhquyen.readers.limits import Limits

__all__ = [
    "FormatError",
    "LimitError",
    "ReaderError",
    "ReaderSetupError",
    "WriteError",
    "list_problems",
]

#: What a caller may give as a problem: a `Problem`, or a `(location, message)` pair.
Given = Problem | tuple[str, str]


def vi_number(n: int) -> str:
    """A whole number as Vietnamese writes it: `1.234.567`."""
    return f"{n:,}".replace(",", ".")


def list_problems(problems: Sequence[Given], listed: int, lang: str | None = None) -> str:
    """One message line per problem, at most `listed` of them, then how many more there are.

    Args:
        problems: problems, or `(location, message)` pairs; an empty location is shown as
            `<root>`.
        listed: how many to show.
        lang: `"vi"` or `"en"`: the language of the lines (a pair's message is shown as
            given); `None` shows each problem's message in the current language.

    Returns:
        `"N problems:"` followed by the lines, or the single problem as `[location] message`.
    """
    vi = lang == "vi"
    pairs = [
        (p.key, p.message if lang is None else p.text(lang)) if isinstance(p, Problem) else p
        for p in problems[:listed]
    ]
    if len(problems) == 1:
        key, message = pairs[0]
        return f"[{key or '<root>'}] {message}"
    n = len(problems)
    lines = [f"{vi_number(n)} vấn đề:" if vi else f"{n:,} problems:"]
    lines += [f"  - [{key or '<root>'}] {message}" for key, message in pairs]
    if n > listed:
        more = n - listed
        lines.append(
            f"  ... và {vi_number(more)} vấn đề nữa (tất cả đều có trong `problems` của lỗi)"
            if vi
            else f"  ... and {more:,} more (every one is in the error's `problems`)"
        )
    return "\n".join(lines)


class ReaderError(DataFileError):
    """A file (or a document given as text) is refused: its content, encoding or layout.

    `str(error)` names the file and the place, then what is wrong, in the current
    [`language`][chinhquyen.errors.language].

    Attributes:
        path: the file, or the name the caller gave the document.
        key: where the (first) problem is: a key path such as `answers.tc-1.self_score`, a
            location such as `row 5, column C (points)` or `Vi phạm!D12`, or None.
        problems: every problem found, each a [`Problem`][chinhquyen.errors.Problem] with a
            code such as `json.duplicate_key` (see the module `chinhquyen.readers.errors`);
            the message lists at most [`Limits.listed`][chinhquyen.readers.Limits] of them.
            (`(location, message)` pairs given by a caller become problems with the code
            `data_file.invalid`; a problem still unpacks as such a pair.)
    """

    def __init__(
        self,
        path: str,
        message: str,
        key: str | None = None,
        *,
        problems: Sequence[Given] = (),
        code: str | None = None,
        message_vi: str | None = None,
        value: Any = None,
        parts: Sequence[str | int] | None = None,
        listed: int | None = None,
    ) -> None:
        super().__init__(path, message, key)
        self.listed = listed
        if problems:
            self.problems = problems
        elif parts is not None:
            self.problems = [
                Problem.at(parts, code or self.code, message, message_vi or message, value, key=key)
            ]
        else:
            self.problems = [
                Problem(key or "", code or self.code, message, message_vi or message, value)
            ]

    @classmethod
    def of(cls, path: str, problems: Sequence[Given], listed: int) -> ReaderError:
        """The error for several problems, listing at most `listed` of them in its message.

        With one problem, the message is that problem and `key` its location; with several,
        `key` is the first one's location. The message is in English (each problem's
        `message_en`; a pair's message as given); `str(error)` in Vietnamese lists the
        problems' `message_vi`.
        """
        first = problems[0]
        key = first.key if isinstance(first, Problem) else first[0]
        if len(problems) == 1:
            message = first.message_en if isinstance(first, Problem) else first[1]
            return cls(path, message, key or None, problems=problems, listed=listed)
        text = list_problems(problems, listed, "en")
        return cls(path, text, key or None, problems=problems, listed=listed)

    def __str__(self) -> str:
        return self.render()

    def render(self, lang: str | None = None) -> str:
        """The file, the place and what is wrong, in `lang` (`"vi"`, `"en"`, or the current).

        In English, the message as raised; in Vietnamese, the same layout with the problems'
        Vietnamese messages.
        """
        problems = self.problems
        chosen = language() if lang is None else lang
        problems[0].text(chosen)  # refuses a language that is not one of the messages'
        if chosen != "vi":
            return super().__str__()
        where = f"{self.path} [{self.key}]" if self.key else self.path
        if len(problems) == 1:
            return f"{where}: {problems[0].message_vi}"
        listed = self.listed if self.listed is not None else Limits.current().listed
        return f"{where}: {list_problems(problems, listed, 'vi')}"


def limit_hint(limit: str, allowed: int, lang: str) -> str:
    """What a limit's message adds: the limit, its value, and how to raise it."""
    if lang == "vi":
        return (
            f" (giới hạn Limits.{limit} = {vi_number(allowed)}; nếu tệp là thật, hãy nâng giới"
            f" hạn: limits=Limits({limit}=...) hoặc `with use_limits({limit}=...)`)"
        )
    return (
        f" (limit Limits.{limit} = {allowed:,}; if the file is genuine, raise the limit:"
        f" limits=Limits({limit}=...) or `with use_limits({limit}=...)`)"
    )


class LimitError(ReaderError):
    """A file goes beyond one of the [`Limits`][chinhquyen.readers.Limits] (size, rows, depth...).

    The message names the limit and how to raise it, for a file that is genuinely that large.
    Its problem's code is `limit.<name>` (e.g. `limit.csv_rows`); its value, when known, the
    size measured.

    Attributes:
        limit: the name of the limit, e.g. `"csv_rows"`.
        allowed: its value when the file was read.
    """

    code: ClassVar[str] = "limit.exceeded"

    def __init__(
        self,
        path: str,
        message: str,
        key: str | None = None,
        *,
        limit: str,
        allowed: int,
        message_vi: str | None = None,
        value: Any = None,
        parts: Sequence[str | int] | None = None,
    ) -> None:
        self.limit = limit
        self.allowed = allowed
        super().__init__(
            path,
            message + limit_hint(limit, allowed, "en"),
            key,
            code=f"limit.{limit}",
            message_vi=(message_vi or message) + limit_hint(limit, allowed, "vi"),
            value=value,
            parts=parts,
        )


class FormatError(ReaderError):
    """A file is in a format the library does not read (`.ods`, `.xls`, `.xlsm`, `.xlsb`...).

    The message, in Vietnamese and English, says how to convert it; its problem's code is
    `format.unsupported`.
    """

    code: ClassVar[str] = "format.unsupported"

    @classmethod
    def advise(cls, path: str, suffix: str, note: tuple[str, str] = ("", "")) -> FormatError:
        """The error for a spreadsheet in the format of `suffix` (`.ods`, `.xls`...).

        The message is [`convert_advice`][chinhquyen.readers.convert_advice]'s, then `note`'s
        English; the problem's Vietnamese message is the Vietnamese advice and `note`'s
        Vietnamese.

        Args:
            path: the file.
            suffix: the format's suffix, or `""` when the content showed the format.
            note: more to say, `(English, Vietnamese)`.
        """
        vi, en = advice(suffix)
        return cls(
            path,
            f"{vi} / {en}{note[0]}",
            message_vi=f"{vi}{note[1]}",
            value=suffix or None,
        )


class WriteError(ChinhQuyenError, ValueError):
    """A value cannot be written into a workbook cell so that it reads back the same.

    Its problem is located at `field`, with a code `write.*` (`write.too_long`,
    `write.control_char`, `write.not_text`, `write.time_zone`, `write.type`, `write.not_finite`,
    `write.digits`, `write.binary`); `str(error)` follows the current
    [`language`][chinhquyen.errors.language].

    Attributes:
        field: what the value is (e.g. `ghi chú of tc-1`), as the caller named it.
    """

    code: ClassVar[str] = "write.invalid"

    def __init__(
        self,
        field: str,
        message: str,
        *,
        code: str | None = None,
        message_vi: str | None = None,
        value: Any = None,
    ) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")
        self.problems = [Problem(field, code or self.code, message, message_vi or message, value)]

    def __str__(self) -> str:
        return self.render()

    def render(self, lang: str | None = None) -> str:
        """The field, then what is wrong, in `lang` (`"vi"`, `"en"`, or the current language)."""
        problem = self.problems[0]
        return f"{self.field}: {problem.text(lang)}"


class ReaderSetupError(ChinhQuyenError, RuntimeError):
    """The Python environment cannot read a format safely.

    Raised when openpyxl does not parse XML through defusedxml; the message says which setting
    to change. (A package that is not installed is a
    [`MissingExtraError`][chinhquyen.errors.MissingExtraError].)
    """

    code: ClassVar[str] = "reader.setup"
