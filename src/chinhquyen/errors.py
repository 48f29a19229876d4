"""Exceptions raised by chinhquyen.

Every error the library raises on bad input is a :class:`ChinhQuyenError`. Each message names
what was wrong (the file, field, criterion or date) and what would have been valid, so it can be
shown to a user as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AnswerError",
    "AssessmentError",
    "CalendarError",
    "ChinhQuyenError",
    "DataFileError",
    "DateOutOfRangeError",
    "DateParseError",
    "DeadlineError",
    "InvalidInputError",
    "LunarDateError",
    "MissingExtraError",
    "UnitDateError",
    "UnitError",
    "UnitMismatchError",
    "UnknownConductCodeError",
    "UnknownCriterionError",
    "UnknownFrameworkError",
    "UnknownProvinceError",
    "UnknownUnitError",
]


class ChinhQuyenError(Exception):
    """Base class of every error chinhquyen raises on bad input."""


class InvalidInputError(ChinhQuyenError, ValueError):
    """A value given to a model or function does not satisfy its schema.

    Attributes:
        problems: one ``(location, message)`` pair per problem, where ``location`` is a
            dotted path such as ``answers.ttdn-1.self_score``.
    """

    def __init__(self, what: str, problems: Sequence[tuple[str, str]]) -> None:
        self.what = what
        self.problems = tuple(problems)
        lines = [f"{what}: {len(self.problems)} problem(s)"]
        lines += [f"  - {loc or '<root>'}: {msg}" for loc, msg in self.problems]
        super().__init__("\n".join(lines))


class DataFileError(ChinhQuyenError, ValueError):
    """A data file (framework, conduct code, calendar schedule, assessment) is malformed.

    Attributes:
        path: the file, as given or as shipped.
        key: the key path or ``line N`` inside the file where the problem is, if known.
    """

    def __init__(self, path: str, message: str, key: str | None = None) -> None:
        self.path = path
        self.key = key
        where = f"{path} [{key}]" if key else path
        super().__init__(f"{where}: {message}")


class UnknownFrameworkError(ChinhQuyenError, LookupError):
    """No framework with the requested id is registered."""


class UnknownConductCodeError(ChinhQuyenError, LookupError):
    """No conduct code with the requested id is registered."""


class UnknownCriterionError(ChinhQuyenError, LookupError):
    """A criterion id is not part of the framework it was used with."""


class AnswerError(ChinhQuyenError, ValueError):
    """An answer does not fit its criterion (wrong kind, out of range, unknown item)."""


class AssessmentError(ChinhQuyenError, ValueError):
    """A self-assessment as a whole cannot be scored (wrong framework, bad period)."""


class CalendarError(ChinhQuyenError, ValueError):
    """Base class of the calendar's errors."""


class DateParseError(CalendarError):
    """A date string is not an ISO ``YYYY-MM-DD`` date (or a value is not a date at all)."""


class DateOutOfRangeError(CalendarError):
    """A date lies outside the range the calendar has data or rules for."""


class LunarDateError(CalendarError):
    """A lunar date does not exist (e.g. a leap month the year does not have)."""


class DeadlineError(CalendarError):
    """A deadline or period cannot be computed from its inputs.

    Raised for a negative length, a supplement pause that ends before it starts or lies outside
    the dossier's handling, or an extension that does not move the due date later.
    """


class MissingExtraError(ChinhQuyenError, ImportError):
    """A feature needs an optional dependency that is not installed.

    The message names the `pip install 'chinhquyen[<extra>]'` command that installs it.
    """


class UnitError(ChinhQuyenError, ValueError):
    """Base class of the administrative units' errors (`chinhquyen.units`)."""


class UnknownProvinceError(UnitError, LookupError):
    """A name is not a province or centrally run city on the given date.

    The message names the valid provinces on that date, the nearest matches first.
    """


class UnknownUnitError(UnitError, LookupError):
    """A commune-level unit code does not exist on the given date (nearest codes named)."""


class UnitMismatchError(UnitError):
    """A unit's code, name and province do not agree on the given date."""


class UnitDateError(UnitError):
    """A date lies outside what the units' data can answer for (e.g. before 1/7/2025)."""
