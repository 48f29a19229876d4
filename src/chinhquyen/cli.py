"""The ``chinhquyen`` command: a thin layer over the public API.

Human output is plain-text tables in Vietnamese (``--lang en`` for English); machine output is
JSON (``--json``). Exit status: 0 on success, 1 on bad input (a
:class:`~chinhquyen.errors.ChinhQuyenError`, whose message goes to stderr), 2 on a usage error
(unknown command or option, missing argument, an argument of the wrong form).

The library is imported inside each command, so one command never pays for another's imports.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from chinhquyen import __version__
from chinhquyen.errors import ChinhQuyenError

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])

_WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_KINDS = {
    "statutory": ("Nghỉ lễ, Tết", "Public holiday"),
    "compensatory": ("Nghỉ bù", "Compensatory day off"),
    "swapped": ("Nghỉ hoán đổi", "Swapped day off"),
    "makeup_working_day": ("Làm bù", "Make-up working day"),
    "local_day_off": ("Nghỉ (địa phương)", "Local day off"),
    "local_working_day": ("Làm việc (địa phương)", "Local working day"),
}


class _Group(click.Group):
    """A command group that turns the library's input errors into exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; report a ``ChinhQuyenError`` as ``Error: <message>`` on stderr."""
        try:
            return super().invoke(ctx)
        except ChinhQuyenError as e:
            raise click.ClickException(str(e)) from None


def _lang_option(f: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(["vi", "en"]),
        default="vi",
        show_default=True,
        envvar="CHINHQUYEN_LANG",
        help="Language of the human output (tiếng Việt or English).",
    )(f)


def _json_option(f: F) -> F:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print machine-readable JSON instead of a table."
    )(f)


def _tr(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


def _weekday(day: dt.date, lang: str) -> str:
    return (_WEEKDAYS_EN if lang == "en" else _WEEKDAYS_VI)[day.weekday()]


def _day_text(day: dt.date, lang: str) -> str:
    """``Thứ Sáu 02/05/2025`` or ``Friday 2025-05-02``."""
    if lang == "en":
        return f"{_weekday(day, lang)} {day.isoformat()}"
    return f"{_weekday(day, lang)} {day:%d/%m/%Y}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table whose columns are as wide as their widest cell."""
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=False)]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def _parse_cutoff(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.time | None:
    if value is None:
        return None
    m = _HHMM.fullmatch(value)
    if m is None:
        raise click.BadParameter(f"{value!r} is not a time HH:MM (e.g. 15:00)")
    return dt.time(int(m.group(1)), int(m.group(2)))


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="chinhquyen")
def main() -> None:
    """Chính quyền thân thiện: criteria, scoring and the working-day calendar."""


@main.command()
def demo() -> None:
    """Run the demonstration on data shipped inside the package."""
    click.echo(f"chinhquyen {__version__}")
