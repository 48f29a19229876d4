"""Exceptions raised by chinhquyen, and the problems they carry.

Every error the library raises on bad input is a
[`ChinhQuyenError`][chinhquyen.errors.ChinhQuyenError]. It carries a list of
[`Problem`][chinhquyen.errors.Problem]s: each names *where* the input is wrong (a path such as
`answers/tuyen-truyen/self_score`, or a file's sheet, row and column), a stable machine `code`
(e.g. `self_score.out_of_range`), the offending `value`, and what is wrong and what would be
valid in Vietnamese and in English. A web form highlights the field at each problem's
`location`; `str(error)` is the readable text, in the language chosen by
[`use_language`][chinhquyen.errors.use_language] (see
[`language`][chinhquyen.errors.language]).

An error raised with a message only (`AnswerError("...")`) still carries one problem: its
location is empty, its code the class's `code`, and its message the one given (in both
languages, as written).
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar, Literal

__all__ = [
    "LANGUAGES",
    "AnswerError",
    "AssessmentError",
    "CalendarError",
    "ChinhQuyenError",
    "DataFileError",
    "DateOutOfRangeError",
    "DateParseError",
    "DeadlineError",
    "InvalidInputError",
    "Language",
    "LunarDateError",
    "MissingExtraError",
    "Problem",
    "UnitDateError",
    "UnitError",
    "UnitMismatchError",
    "UnknownConductCodeError",
    "UnknownCriterionError",
    "UnknownFrameworkError",
    "UnknownProvinceError",
    "UnknownUnitError",
    "language",
    "pointer",
    "set_language",
    "use_language",
]

# --- the language of messages ------------------------------------------------------------------

#: A language messages are written in: Vietnamese or English.
Language = Literal["vi", "en"]

#: The languages messages are written in.
LANGUAGES: tuple[Language, ...] = ("vi", "en")

#: The environment variable read when no language was set in the program.
ENVIRONMENT_VARIABLE = "CHINHQUYEN_LANG"

_chosen: contextvars.ContextVar[Language | None] = contextvars.ContextVar(
    "chinhquyen_language", default=None
)


def _parse_language(text: str) -> Language | None:
    """`"vi"`, `"en"`, or a locale such as `"vi_VN.UTF-8"`, as a language; `None` otherwise."""
    head = text.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    return "vi" if head == "vi" else "en" if head == "en" else None


def language() -> Language:
    """The language `str(error)` is written in now.

    In order: the language set with [`use_language`][chinhquyen.errors.use_language] or
    [`set_language`][chinhquyen.errors.set_language]; else the environment variable
    `CHINHQUYEN_LANG` (`vi` or `en`, a locale such as `vi_VN.UTF-8` also read; any other value
    is ignored, since formatting an error must not itself fail); else English, the language of
    the messages before release 0.3.
    """
    chosen = _chosen.get()
    if chosen is not None:
        return chosen
    from_env = _parse_language(os.environ.get(ENVIRONMENT_VARIABLE, ""))
    return from_env or "en"


def _checked(lang: str) -> Language:
    parsed = lang.strip().lower() if isinstance(lang, str) else None
    if parsed == "vi":
        return "vi"
    if parsed == "en":
        return "en"
    raise InvalidInputError(
        "language",
        [
            Problem(
                "language",
                "language.unknown",
                f"{lang!r} is not a language of the messages; valid: vi, en",
                f"{lang!r} không phải ngôn ngữ của thông báo; hợp lệ: vi, en",
                lang,
            )
        ],
    )


def set_language(lang: str | None) -> None:
    """Write error messages in `lang` (`"vi"` or `"en"`) from now on, in this context.

    `None` goes back to the environment variable `CHINHQUYEN_LANG`, or English. The setting
    is a context variable: each thread and each asyncio task started after it sees it.

    Raises:
        InvalidInputError: `lang` is not `"vi"`, `"en"` or `None`.
    """
    _chosen.set(None if lang is None else _checked(lang))


@contextlib.contextmanager
def use_language(lang: str) -> Iterator[None]:
    """Write error messages in `lang` (`"vi"` or `"en"`) inside a `with` block.

    Examples:
        >>> from chinhquyen.errors import AnswerError, Problem, use_language
        >>> e = AnswerError(problems=[Problem("answers/tc-1", "x", "wrong", "sai")])
        >>> with use_language("vi"):
        ...     print(e)
        sai

    Raises:
        InvalidInputError: `lang` is not `"vi"` or `"en"`.
    """
    token = _chosen.set(_checked(lang))
    try:
        yield
    finally:
        _chosen.reset(token)


# --- problems ------------------------------------------------------------------------------------


def pointer(*parts: str | int) -> str:
    """A location made of path parts: `pointer("answers", "tc-1", "self_score")`.

    Gives `"answers/tc-1/self_score"`. Each part is escaped as in a JSON Pointer (RFC 6901:
    `~` as `~0`, `/` as `~1`), so `"/" + location` is a JSON Pointer into the submitted
    document.
    """
    return "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class Problem:
    """One thing wrong with an input: where, a stable code, the value, and the message.

    For compatibility with release 0.2, where `problems` were `(location, message)` pairs, a
    problem still unpacks as a pair and compares equal to one: `loc, msg = problem` gives its
    [`key`][chinhquyen.errors.Problem.key] and its [`message`][chinhquyen.errors.Problem.message].
    New code should read the attributes.

    Attributes:
        location: where the problem is: a path into the document, its parts joined by `/`
            (`answers/tuyen-truyen/self_score`; see [`pointer`][chinhquyen.errors.pointer]),
            or a place in a file (`Tự chấm điểm!F9`, `row 5, column C`); `""` for the input
            as a whole.
        code: a stable machine code, e.g. `self_score.out_of_range`; pydantic's error type
            (`missing`, `extra_forbidden`, ...) for a value the models refuse.
        message_en: what is wrong and what would be valid, in English.
        message_vi: the same in Vietnamese.
        value: the offending value, `None` when there is none (e.g. a missing field).
        path: the parts of `location` when it is a path into the document, else `None`.
    """

    __slots__ = ("_key", "code", "location", "message_en", "message_vi", "path", "value")

    location: str
    code: str
    message_en: str
    message_vi: str
    value: Any
    path: tuple[str | int, ...] | None
    _key: str | None

    def __init__(
        self,
        location: str,
        code: str,
        message_en: str,
        message_vi: str | None = None,
        value: Any = None,
        *,
        path: Sequence[str | int] | None = None,
        key: str | None = None,
    ) -> None:
        for name, given in (
            ("_key", key),
            ("location", location),
            ("code", code),
            ("message_en", message_en),
            ("path", None if path is None else tuple(path)),
            ("message_vi", message_en if message_vi is None else message_vi),
            ("value", value),
        ):
            object.__setattr__(self, name, given)

    @classmethod
    def at(
        cls,
        path: Sequence[str | int],
        code: str,
        message_en: str,
        message_vi: str,
        value: Any = None,
        *,
        key: str | None = None,
    ) -> Problem:
        """A problem at a path into the document, e.g. `("answers", "tc-1", "self_score")`.

        `key` is the location as release 0.2 wrote it, if it differs from the path's parts
        joined by dots (pydantic's locations named the tags of union members).
        """
        return cls(pointer(*path), code, message_en, message_vi, value, path=path, key=key)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a Problem is immutable; cannot set {name!r}")

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    @property
    def message(self) -> str:
        """The message in the current [`language`][chinhquyen.errors.language]."""
        return self.message_vi if language() == "vi" else self.message_en

    def text(self, lang: str | None = None) -> str:
        """The message in `lang` (`"vi"` or `"en"`), or in the current language."""
        chosen = language() if lang is None else _checked(lang)
        return self.message_vi if chosen == "vi" else self.message_en

    @property
    def key(self) -> str:
        """The location as release 0.2 wrote it: path parts joined by dots (deprecated form).

        `answers.tc-1.self_score` for the path `answers/tc-1/self_score`; a location that is
        not a path (`Tự chấm điểm!F9`) as it is.
        """
        if self._key is not None:
            return self._key
        if self.path is None:
            return self.location
        return ".".join(str(p) for p in self.path)

    def to_dict(self) -> dict[str, Any]:
        """The problem as JSON-ready data, e.g. for an HTTP 422 response.

        Keys: `location`, `code`, `value` (a JSON value: numbers and dates that JSON has no
        type for become text), `message` (in the current language), `message_vi`,
        `message_en`.
        """
        return {
            "location": self.location,
            "code": self.code,
            "value": _jsonable(self.value),
            "message": self.message,
            "message_vi": self.message_vi,
            "message_en": self.message_en,
        }

    # the (location, message) pair of release 0.2
    def __iter__(self) -> Iterator[str]:
        return iter((self.key, self.message))

    def __len__(self) -> int:
        return 2

    def __getitem__(self, index: int) -> str:
        return (self.key, self.message)[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Problem):
            return self.__getstate__() == other.__getstate__()
        if isinstance(other, tuple) and len(other) == 2:
            return (self.key, self.message) == other or (self.location, self.message_en) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.location, self.code, self.message_en))

    def __repr__(self) -> str:
        return (
            f"Problem(location={self.location!r}, code={self.code!r},"
            f" value={self.value!r}, message_en={self.message_en!r})"
        )


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    iso = getattr(value, "isoformat", None)
    if callable(iso):
        return iso()
    if type(value).__name__ == "Decimal":
        return format(value, "f")
    return str(value)


def _as_problem(item: Problem | tuple[str, str], code: str) -> Problem:
    if isinstance(item, Problem):
        return item
    location, message = item
    return Problem(location, code, message, message)


# --- the errors ----------------------------------------------------------------------------------


def _restore(cls: type[ChinhQuyenError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Rebuild a pickled error without calling its `__init__` (whose signature varies)."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class ChinhQuyenError(Exception):
    """Base class of every error chinhquyen raises on bad input.

    Raise it with a message (`AnswerError("...")`, as before) or with its problems
    (`AnswerError(problems=[...])`); both may be given. `str(error)` is the message given,
    or else the problems written in the current [`language`][chinhquyen.errors.language].

    Attributes:
        problems: every problem found, in order (at least one).
        code: the class's machine code, given to a problem raised with a message only.
    """

    code: ClassVar[str] = "error"
    #: the heading of several problems in `str(error)`, in English and Vietnamese
    heading: ClassVar[tuple[str, str]] = ("{n} problems:", "{n} vấn đề:")

    def __init__(self, *args: Any, problems: Sequence[Problem | tuple[str, str]] = ()) -> None:
        super().__init__(*args)
        if problems:  # a subclass may have set them before calling this
            self.problems = problems

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem found (at least one); see [`Problem`][chinhquyen.errors.Problem]."""
        found: tuple[Problem, ...] = self.__dict__.get("_problems", ())
        if not found:
            text = str(self.args[0]) if self.args else type(self).__name__
            return (Problem("", self.code, text, text),)
        return found

    @problems.setter
    def problems(self, items: Sequence[Problem | tuple[str, str]]) -> None:
        # subclasses of release 0.2 assign (location, message) pairs: they become problems
        self.__dict__["_problems"] = tuple(_as_problem(p, self.code) for p in items)

    def __str__(self) -> str:
        if self.args:
            return super().__str__()
        return self.render()

    def render(self, lang: str | None = None) -> str:
        """The problems as text in `lang` (`"vi"` or `"en"`; the current language if `None`).

        One problem is its message; several are a heading and one line per problem.
        """
        problems = self.problems
        if len(problems) == 1:
            return problems[0].text(lang)
        vi = (language() if lang is None else _checked(lang)) == "vi"
        head = self.heading[1 if vi else 0].format(n=len(problems))
        return "\n".join([head, *(f"  - {p.text(lang)}" for p in problems)])

    def to_dict(self) -> dict[str, Any]:
        """The error as JSON-ready data: `error` (the class name), `message` and `problems`."""
        return {
            "error": type(self).__name__,
            "message": str(self),
            "problems": [p.to_dict() for p in self.problems],
        }

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class InvalidInputError(ChinhQuyenError, ValueError):
    """A value given to a model or function does not satisfy its schema.

    A model's validation error (see `chinhquyen.model.Model`) keeps pydantic's own list:
    [`errors`][chinhquyen.errors.InvalidInputError.errors] gives it as
    `pydantic.ValidationError.errors()` would, so an app treats both alike.

    Attributes:
        what: what was validated, e.g. `"SelfAssessment"`.
        problems: one [`Problem`][chinhquyen.errors.Problem] per problem, located by a path
            such as `answers/ttdn-1/self_score`. (Before release 0.3 they were
            `(location, message)` pairs with dotted locations, `answers.ttdn-1.self_score`;
            a problem still unpacks as such a pair.)
    """

    code: ClassVar[str] = "invalid_input"

    def __init__(
        self,
        what: str,
        problems: Sequence[Problem | tuple[str, str]],
        *,
        errors: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        super().__init__(problems=problems)
        self.what = what
        self._errors = None if errors is None else list(errors)

    def render(self, lang: str | None = None) -> str:
        """A heading naming what was validated, then one line per problem."""
        vi = (language() if lang is None else _checked(lang)) == "vi"
        n = len(self.problems)
        lines = [f"{self.what}: {n} vấn đề" if vi else f"{self.what}: {n} problem(s)"]
        lines += [f"  - {p.location or '<root>'}: {p.text(lang)}" for p in self.problems]
        return "\n".join(lines)

    def errors(self) -> list[dict[str, Any]]:
        """The problems as pydantic's `ValidationError.errors()` lists them.

        For a model's validation error, pydantic's own list (`type`, `loc`, `msg`, `input`,
        `ctx`; no `url`); otherwise one entry per problem, with `type` its code and `loc` its
        path parts.
        """
        if self._errors is not None:
            return [dict(e) for e in self._errors]
        return [
            {
                "type": p.code,
                "loc": p.path if p.path is not None else ((p.location,) if p.location else ()),
                "msg": p.message_en,
                "input": p.value,
            }
            for p in self.problems
        ]


class DataFileError(ChinhQuyenError, ValueError):
    """A data file (framework, conduct code, calendar schedule, assessment) is malformed.

    Attributes:
        path: the file, as given or as shipped.
        key: the key path or `line N` inside the file where the problem is, if known.
    """

    code: ClassVar[str] = "data_file.invalid"
    key: str | None

    def __init__(self, path: str, message: str, key: str | None = None) -> None:
        self.path = path
        self.key = key
        where = f"{path} [{key}]" if key else path
        super().__init__(f"{where}: {message}")
        if key and not self.__dict__.get("_problems"):
            self.problems = [Problem(key, self.code, message, message)]


class UnknownFrameworkError(ChinhQuyenError, LookupError):
    """No framework with the requested id is registered."""

    code: ClassVar[str] = "framework.unknown"


class UnknownConductCodeError(ChinhQuyenError, LookupError):
    """No conduct code with the requested id is registered."""

    code: ClassVar[str] = "conduct_code.unknown"


class UnknownCriterionError(ChinhQuyenError, LookupError):
    """A criterion id is not part of the framework it was used with."""

    code: ClassVar[str] = "criterion.unknown"


class AnswerError(ChinhQuyenError, ValueError):
    """An answer does not fit its criterion (wrong kind, out of range, unknown item).

    When several answers do not fit, one error carries a problem for each.
    """

    code: ClassVar[str] = "answer.invalid"
    heading: ClassVar[tuple[str, str]] = (
        "{n} problems with the answers:",
        "{n} vấn đề trong các câu trả lời:",
    )


class AssessmentError(ChinhQuyenError, ValueError):
    """A self-assessment as a whole cannot be scored (wrong framework, bad period)."""

    code: ClassVar[str] = "assessment.invalid"


class CalendarError(ChinhQuyenError, ValueError):
    """Base class of the calendar's errors."""

    code: ClassVar[str] = "calendar.invalid"


class DateParseError(CalendarError):
    """A date string is not an ISO `YYYY-MM-DD` date (or a value is not a date at all)."""

    code: ClassVar[str] = "date.invalid"


class DateOutOfRangeError(CalendarError):
    """A date lies outside the range the calendar has data or rules for."""

    code: ClassVar[str] = "date.out_of_range"


class LunarDateError(CalendarError):
    """A lunar date does not exist (e.g. a leap month the year does not have)."""

    code: ClassVar[str] = "lunar_date.invalid"


class DeadlineError(CalendarError):
    """A deadline or period cannot be computed from its inputs.

    Raised for a negative length, a supplement pause that ends before it starts or lies outside
    the dossier's handling, or an extension that does not move the due date later.
    """

    code: ClassVar[str] = "deadline.invalid"


class MissingExtraError(ChinhQuyenError, ImportError):
    """A feature needs an optional dependency that is not installed.

    The message names the `pip install 'chinhquyen[<extra>]'` command that installs it.
    """

    code: ClassVar[str] = "extra.missing"


class UnitError(ChinhQuyenError, ValueError):
    """Base class of the administrative units' errors (`chinhquyen.units`)."""

    code: ClassVar[str] = "unit.invalid"


class UnknownProvinceError(UnitError, LookupError):
    """A name is not a province or centrally run city on the given date.

    The message names the valid provinces on that date, the nearest matches first.
    """

    code: ClassVar[str] = "province.unknown"


class UnknownUnitError(UnitError, LookupError):
    """A commune-level unit code does not exist on the given date (nearest codes named)."""

    code: ClassVar[str] = "unit.unknown"


class UnitMismatchError(UnitError):
    """A unit's code, name and province do not agree on the given date."""

    code: ClassVar[str] = "unit.mismatch"


class UnitDateError(UnitError):
    """A date lies outside what the units' data can answer for (e.g. before 1/7/2025)."""

    code: ClassVar[str] = "unit.date_out_of_range"
