"""The `chinhquyen` command: a thin layer over the public API.

Human output is tables in Vietnamese, fitted to the terminal's width (`--lang en` for English,
before or after the command, or the environment variable `CHINHQUYEN_LANG`); machine output is
JSON (`--json`); `score`, `cohort` and `appraise` also write their table to a file (`--csv`,
`--xlsx`). Exit status: 0 on success; 1 when an input file (an assessment, a folder of them, a
framework or appraisal table) is missing or invalid, or the library refuses what a file holds
(a `ChinhQuyenError`, whose message goes to standard error); 2 on a usage error: an unknown
command or option, a missing argument, or an argument the command refuses (a date that is not
`YYYY-MM-DD` or lies outside the calendar, an unknown framework id, an output file that exists
without `--force`).

The library is imported inside each command, so one command never pays for another's imports.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from chinhquyen import __version__
from chinhquyen.errors import CalendarError, ChinhQuyenError, DateOutOfRangeError

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])

#: The languages of the human output.
LANGS = ("vi", "en")
#: The environment variable that sets the language when `--lang` is not given.
LANG_ENV = "CHINHQUYEN_LANG"

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

# --- language ---------------------------------------------------------------------------------

#: The language of the messages of the run under way (set by `main` from its arguments).
_LANG: ContextVar[str] = ContextVar("chinhquyen_cli_lang", default="vi")


def _lang_of(args: Sequence[str]) -> str:
    """The language a command line asks for: its last valid `--lang`, else the environment's.

    Read before click parses the line, so that even a line click refuses is answered in the
    language asked.
    """
    asked: str | None = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            asked = args[i + 1] if args[i + 1] in LANGS else asked
        elif arg.startswith("--lang=") and arg[7:] in LANGS:
            asked = arg[7:]
    if asked is not None:
        return asked
    env = os.environ.get(LANG_ENV, "")
    return env if env in LANGS else "vi"


def _tr(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


# click's own messages, in Vietnamese: (pattern, replacement), applied in order to each line.
_CLICK_VI: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"^Usage: ", "Cách dùng: "),
        (r"^Try '(.+) (-h|--help)' for help\.$", r"Xem '\1 \2' để biết cách dùng."),
        (r"^No such command '(.+)'\.$", r"Không có lệnh '\1'."),
        (r"^No such option: (.+)$", r"Không có tùy chọn \1"),
        (r"^Did you mean (.+)\?$", r"Có phải ý bạn là \1?"),
        (r"^\(Possible options: (.+)\)$", r"(Các tùy chọn có thể: \1)"),
        (r"^Missing argument '(.+)'\.", r"Thiếu đối số '\1'."),
        (r"^Missing option '(.+)'\.", r"Thiếu tùy chọn '\1'."),
        (r"^Missing parameter: (.+)$", r"Thiếu tham số \1"),
        (r"^Got unexpected extra arguments? \((.+)\)$", r"Thừa đối số (\1)."),
        (r"^Option '(.+)' requires an argument\.$", r"Tùy chọn '\1' cần một giá trị."),
        (r"^Option '(.+)' does not take a value\.$", r"Tùy chọn '\1' không nhận giá trị."),
        (r"^Invalid value for (.+?): ", r"Giá trị không hợp lệ cho \1: "),
        (r"^Invalid value: ", "Giá trị không hợp lệ: "),
        (r"'(.*)' is not a valid integer\.", r"'\1' không phải là số nguyên."),
        (r"'(.*)' is not one of (.+)\.$", r"'\1' không phải là một trong \2."),
        (r"(-?\d+) is not in the range (.+)\.$", r"\1 nằm ngoài khoảng \2."),
        (r"^Directory '(.+)' is a file\.$", r"'\1' là một tệp, không phải thư mục."),
        (r"^File '(.+)' is a directory\.$", r"'\1' là một thư mục, không phải tệp."),
        (r"^Aborted!$", "Đã dừng."),
    )
)


def _in_language(text: str, lang: str) -> str:
    """Click's English messages in `lang` (the lines it does not know are kept as they are)."""
    if lang != "vi":
        return text
    out = []
    for line in text.split("\n"):
        for pattern, replacement in _CLICK_VI:
            line = pattern.sub(replacement, line)
        out.append(line)
    return "\n".join(out)


def _library_message(error: ChinhQuyenError) -> str:
    """The message of one of the library's errors.

    The library words its errors in English for now: when `chinhquyen.errors` gives them in
    Vietnamese too, this is the one place where the command asks for the language.
    """
    return str(error)


class _Failed(click.ClickException):
    """A failure the command reports as `Lỗi: …` / `Error: …`, in the language asked."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi = vi
        self.en = en

    def format_message(self) -> str:
        return self.en if _LANG.get() == "en" else self.vi


class _Refused(_Failed):
    """A usage error found while working (status 2), without the usage lines."""

    exit_code = 2


class _BadValue(click.BadParameter):
    """An argument the command refuses (a usage error), with its message in both languages."""

    def __init__(self, vi: str, en: str, *, param_hint: str | None = None) -> None:
        super().__init__(en, param_hint=param_hint)
        self.vi = vi
        self.en = en

    def format_message(self) -> str:
        message = self.en if _LANG.get() == "en" else self.vi
        hint = self.param_hint
        if hint is None and self.param is not None:
            hint = self.param.get_error_hint(self.ctx) if self.ctx is not None else None
        if hint is None:
            return f"Invalid value: {message}"
        hint = hint if isinstance(hint, str) else " / ".join(repr(h) for h in hint)
        return f"Invalid value for {hint}: {message}"


def _show(error: click.ClickException) -> None:
    """Print an error the way click does, in the language of the run."""
    lang = _LANG.get()
    lines: list[str] = []
    if isinstance(error, click.UsageError) and error.ctx is not None:
        ctx = error.ctx
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(f"Try '{ctx.command_path} {ctx.help_option_names[0]}' for help.")
        lines.append("")
    lines = [_in_language(line, lang) for line in "\n".join(lines).split("\n")] if lines else []
    message = _in_language(error.format_message(), lang)
    lines.append(f"{_tr(lang, 'Lỗi', 'Error')}: {message}")
    click.echo("\n".join(lines), err=True)


class _Group(click.Group):
    """The command group: messages in the language asked, the library's errors as exit 1."""

    def main(  # type: ignore[override,unused-ignore]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; report errors in the language it asks for."""
        argv = list(sys.argv[1:] if args is None else args)
        token = _LANG.set(_lang_of(argv))
        try:
            if not standalone_mode:
                return super().main(argv, prog_name, complete_var, False, **extra)
            try:
                done = super().main(argv, prog_name, complete_var, False, **extra)
            except click.ClickException as e:
                _show(e)
                sys.exit(e.exit_code)
            except click.Abort:
                click.echo(_in_language("Aborted!", _LANG.get()), err=True)
                sys.exit(1)
            sys.exit(done if isinstance(done, int) else 0)
        finally:
            _LANG.reset(token)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a `ChinhQuyenError` is reported as `Lỗi: <message>`, status 1."""
        try:
            return super().invoke(ctx)
        except ChinhQuyenError as e:
            text = _library_message(e)
            raise _Failed(text, text) from None


def _resolve_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """A command's `--lang`: its own if given, else the one before the command (or default)."""
    if value is not None:
        _LANG.set(value)
        return value
    root: Any = ctx.find_root().params.get("lang")
    return root if root in LANGS else _LANG.get()


def _lang_option(f: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(LANGS),
        default=None,
        callback=_resolve_lang,
        help="Language of the output: vi (tiếng Việt, the default) or en; also accepted before "
        f"the command, or from {LANG_ENV}.",
    )(f)


def _json_option(f: F) -> F:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print machine-readable JSON instead of a table."
    )(f)


def _framework_option(f: F) -> F:
    return click.option(
        "--framework",
        "framework",
        metavar="ID_OR_TOML",
        help="Score against this framework (an id or a .toml file) instead of the one the "
        "assessment names (their ids must match).",
    )(f)


def _framework(ident: str, hint: str) -> Any:
    """The framework an argument names: a registered id, or a `.toml` file.

    An unknown id is a usage error naming the argument and the ids there are; a `.toml` file
    that is missing or invalid is bad input (status 1).
    """
    from chinhquyen import criteria
    from chinhquyen.errors import UnknownFrameworkError

    if ident.lower().endswith(".toml"):
        return criteria.load(Path(ident))
    try:
        return criteria.load(ident)
    except UnknownFrameworkError as e:
        known = ", ".join(criteria.available())
        raise _BadValue(
            f"không có bộ tiêu chí {ident!r}; các bộ có: {known} (hoặc đường dẫn một tệp .toml)",
            str(e),
            param_hint=hint,
        ) from None


def _scored(path: str, framework: str | None) -> tuple[Any, Any]:
    """Load a self-assessment and score it; `framework` overrides the registry look-up."""
    from chinhquyen import scoring

    assessment = scoring.load_assessment(path)
    if framework is None:
        return assessment, scoring.score(assessment.framework, assessment)
    return assessment, scoring.score(_framework(framework, "'--framework'"), assessment)


def _weekday(day: dt.date, lang: str) -> str:
    return (_WEEKDAYS_EN if lang == "en" else _WEEKDAYS_VI)[day.weekday()]


def _day_text(day: dt.date, lang: str) -> str:
    """`Thứ Sáu 02/05/2025` or `Friday 2025-05-02`."""
    if lang == "en":
        return f"{_weekday(day, lang)} {day.isoformat()}"
    return f"{_weekday(day, lang)} {day:%d/%m/%Y}"


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    wrap: Sequence[int] | None = None,
    right: Sequence[int] = (),
) -> str:
    """A table fitted to the terminal's width (`COLUMNS`, or 80 columns off a terminal).

    Args:
        headers: the column headings.
        rows: the cells, as text.
        wrap: the columns whose text may wrap onto several lines, at spaces (titles, names);
            the others keep each cell on one line (ids, codes, numbers, dates). By default,
            the last column.
        right: the columns aligned right (numbers).
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table

    if wrap is None:
        wrap = [len(headers) - 1]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, highlight=False)
    console = Console(markup=False, emoji=False, highlight=False)
    texts = [[str(cell) for cell in row] for row in rows]
    widths = _widths(headers, texts, wrap, console.width)
    if widths is None and wrap and len(wrap) < len(headers):
        return _table_with_text_below(headers, texts, wrap, right)
    for i, heading in enumerate(headers):
        table.add_column(
            heading,
            justify="right" if i in right else "left",
            no_wrap=widths is None and i not in wrap,
            overflow="fold" if widths is None else "ellipsis",
            width=None if widths is None else widths[i],
        )
    for row in texts:
        table.add_row(*row)
    with console.capture() as captured:
        console.print(table)
    return "\n".join(line.rstrip() for line in captured.get().rstrip("\n").split("\n"))


def _table_with_text_below(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    wrap: Sequence[int],
    right: Sequence[int],
) -> str:
    """A table too wide for the terminal: its text columns under each row, indented.

    The other columns keep one line per row (ids, codes, numbers, dates are never cut); each
    text column's heading is written under the headings, and its cells under their row.
    """
    keep = [i for i in range(len(headers)) if i not in wrap]
    table = _table(
        [headers[i] for i in keep],
        [[row[i] for i in keep] for row in rows],
        wrap=[],
        right=[keep.index(i) for i in right if i in keep],
    )
    lines = table.split("\n")
    head = lines.index(next(line for line in lines if line and set(line) == {"─"}))
    out = [*lines[:head], _paragraph(" ".join(headers[i] for i in wrap), "    "), lines[head]]
    for line, row in zip(lines[head + 1 :], rows, strict=True):
        out.append(line)
        out += [_paragraph(row[i], "    ") for i in wrap if row[i]]
    return "\n".join(out)


def _widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], wrap: Sequence[int], width: int
) -> list[int] | None:
    """The widths of a table's columns so that it fits `width` without cutting a word.

    Columns are 3 characters apart. Each column starts as wide as its widest cell or heading;
    while the table is too wide, in this order: the text columns (`wrap`) narrow down to 20
    characters, widest first; the headings of the other columns wrap at their spaces (their
    cells never do: they hold no space, or are kept on one line); the text columns narrow
    down to their longest word. `None` if even that does not fit (the table is then left to
    fold as it can).
    """
    n = len(headers)
    room = width - 3 * (n - 1)
    columns = [[row[i] for row in rows] for i in range(n)]
    natural = [max(len(t) for t in [headers[i], *columns[i]]) for i in range(n)]
    word = [
        max(len(w) for t in [headers[i], *columns[i]] for w in t.split() or [""]) for i in range(n)
    ]
    whole = [max([len(t) for t in columns[i]] or [0]) for i in range(n)]
    widths = list(natural)

    def narrow(floor: Callable[[int], int], among: Sequence[int]) -> None:
        while sum(widths) > room:
            wider = [i for i in among if widths[i] > floor(i)]
            if not wider:
                return
            widths[max(wider, key=lambda i: widths[i])] -= 1

    texts = [i for i in range(n) if i in wrap]
    narrow(lambda i: max(word[i], min(natural[i], 20)), texts)
    narrow(
        lambda i: max(whole[i], word[i] if " " not in "".join(columns[i]) else len(headers[i])),
        [i for i in range(n) if i not in wrap],
    )
    narrow(lambda i: word[i], texts)
    return widths if sum(widths) <= room else None


def _paragraph(text: str, indent: str = "  ") -> str:
    """`text` wrapped at spaces to the width tables take, each line indented."""
    import textwrap

    from rich.console import Console

    return textwrap.fill(
        text,
        width=Console().width,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


# --- arguments checked as arguments (a wrong one is a usage error, status 2) -------------------

_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def _parse_cutoff(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.time | None:
    if value is None:
        return None
    m = _HHMM.fullmatch(value)
    if m is None:
        raise _BadValue(
            f"{value!r} không phải giờ dạng HH:MM (ví dụ 15:00)",
            f"{value!r} is not a time HH:MM (e.g. 15:00)",
        )
    return dt.time(int(m.group(1)), int(m.group(2)))


if TYPE_CHECKING:  # click 8.2 made ParamType generic in its value and input types
    _Param = click.ParamType[Any, Any]
else:
    _Param = click.ParamType


def _bounds() -> tuple[dt.date, dt.date]:
    from chinhquyen.calendar import WorkingCalendar

    bounds: tuple[dt.date, dt.date] = WorkingCalendar.national().bounds
    return bounds


def _within_calendar(day: dt.date) -> None:
    """Refuse a day outside the calendar's range as a bad argument."""
    first, last = _bounds()
    if not first <= day <= last:
        raise _BadValue(
            f"{day.isoformat()} nằm ngoài phạm vi của lịch ({first.isoformat()} .."
            f" {last.isoformat()})",
            f"{day.isoformat()} is outside the calendar's range {first.isoformat()} .."
            f" {last.isoformat()}",
        )


class _Date(_Param):
    """A `YYYY-MM-DD` date inside the calendar's range; given to the command as written."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from chinhquyen.calendar.dates import as_date
        from chinhquyen.errors import DateParseError

        try:
            day = as_date(value, field="-")
        except DateParseError as e:
            iso = isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
            raise _BadValue(
                f"{value!r} không phải một ngày có thật"
                if iso
                else f"{value!r} không phải ngày dạng YYYY-MM-DD (ví dụ 2024-09-02); dạng"
                " 02/05/2025 không được nhận vì không rõ đâu là ngày, đâu là tháng",
                str(e).removeprefix("-: "),
            ) from None
        _within_calendar(day)
        return value


class _Moment(_Param):
    """A date (`YYYY-MM-DD`) or a moment (`YYYY-MM-DDTHH:MM`, with an optional offset)."""

    name = "moment"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from chinhquyen.calendar.dates import as_local_datetime
        from chinhquyen.errors import DateParseError

        if isinstance(value, str) and len(value) == 10:
            return _Date().convert(value, param, ctx)
        try:
            day = as_local_datetime(value, field="-").date()
        except DateParseError as e:
            raise _BadValue(
                f"{value!r} không phải ngày giờ dạng YYYY-MM-DDTHH:MM (có thể thêm +07:00)",
                str(e).removeprefix("-: "),
            ) from None
        except DateOutOfRangeError as e:
            raise _BadValue(
                f"{value} theo giờ Việt Nam nằm ngoài những ngày Python biểu diễn được",
                str(e).removeprefix("-: "),
            ) from None
        _within_calendar(day)
        return value


class _Year(_Param):
    """A year the calendar answers for."""

    name = "year"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        year = click.INT.convert(value, param, ctx)
        first, last = _bounds()
        if not first.year <= year <= last.year:
            raise _BadValue(
                f"năm {year} nằm ngoài phạm vi của lịch ({first.year}-{last.year})",
                f"{year} is outside the calendar's years {first.year}-{last.year}",
            )
        return year


DATE, MOMENT, YEAR = _Date(), _Moment(), _Year()


class _CalendarCommand(click.Command):
    """A calendar command: what the calendar refuses is a usage error (status 2).

    Its inputs are all arguments (no file), e.g. a count of days whose answer falls outside the
    calendar.
    """

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a `CalendarError` becomes a usage error."""
        try:
            return super().invoke(ctx)
        except DateOutOfRangeError:
            first, last = (d.isoformat() for d in _bounds())
            raise _Refused(
                f"kết quả nằm ngoài phạm vi của lịch ({first} .. {last}); chọn ngày hoặc số"
                " ngày khác",
                f"the answer falls outside the calendar's range {first} .. {last}; choose"
                " another date or number of days",
            ) from None
        except CalendarError as e:
            text = _library_message(e)
            raise _Refused(text, text) from None


def _output_file(path: str | None, suffix: str, force: bool, hint: str) -> Path | None:
    """Check an output file argument before any work: its suffix, and `--force` to replace."""
    if path is None:
        return None
    target = Path(path)
    if target.suffix.lower() != suffix:
        raise _BadValue(
            f"tên tệp phải có đuôi {suffix}: {path}",
            f"give a file name ending in {suffix}: {path}",
            param_hint=hint,
        )
    if target.exists() and not force:
        raise _BadValue(
            f"{path} đã có; thêm --force để ghi đè",
            f"{path} already exists; pass --force to overwrite it",
            param_hint=hint,
        )
    return target


def _export_options(f: F) -> F:
    f = click.option(
        "--force", is_flag=True, help="Overwrite the files of --csv and --xlsx if they exist."
    )(f)
    f = click.option(
        "--xlsx",
        "xlsx",
        metavar="FILE",
        type=click.Path(dir_okay=False),
        help="Also write the table to this Excel workbook: codes stay text (00006), points are "
        "numbers (needs the excel extra).",
    )(f)
    return click.option(
        "--csv",
        "csv_file",
        metavar="FILE",
        type=click.Path(dir_okay=False),
        help="Also write the table to this CSV file (UTF-8 with a BOM, codes as written).",
    )(f)


def _export(table: Any, csv_file: Path | None, xlsx: Path | None, lang: str) -> None:
    """Write the files asked for; say so on standard error (standard output stays the table)."""
    from chinhquyen.scoring import export

    for target, write in ((csv_file, export.write_csv), (xlsx, export.write_xlsx)):
        if target is not None:
            write(table, target)
            click.echo(_tr(lang, f"Đã ghi {target}", f"Wrote {target}"), err=True)


@click.group(cls=_Group)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="vi",
    show_default=True,
    envvar=LANG_ENV,
    show_envvar=True,
    help="Language of the output and of the messages: vi (tiếng Việt) or en.",
)
@click.version_option(__version__, prog_name="chinhquyen")
def main(lang: str) -> None:
    """Chính quyền thân thiện: criteria, scoring and the working-day calendar.

    Exit status: 0 success; 1 an input file (assessment, folder, framework or appraisal
    table) missing or invalid; 2 a usage error (unknown command or option, an argument
    refused).
    """
    _LANG.set(lang)


@main.command()
@_lang_option
def demo(lang: str) -> None:
    """Score the example self-assessment shipped inside the package and print its scorecard."""
    from chinhquyen.scoring import demo_text

    click.echo(demo_text(lang))


# --- criteria ---------------------------------------------------------------------------------


def _points(value: Any) -> str:
    """A Decimal without trailing zeros (`15`, `2.5`)."""
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    return text


def _title(lang: str, vi: str, en: str | None) -> str:
    return en if lang == "en" and en else vi


@main.command()
@_lang_option
@_json_option
def frameworks(lang: str, as_json: bool) -> None:
    """List the frameworks and conduct codes the library knows (shipped and plug-ins)."""
    from chinhquyen import criteria

    fws = [criteria.load(i) for i in criteria.available()]
    codes = [criteria.conduct_code(i) for i in criteria.conduct_codes()]
    if as_json:
        _echo_json(
            {
                "frameworks": [
                    {
                        "id": f.id,
                        "title": f.title,
                        "title_en": f.title_en,
                        "status": f.status,
                        "max_points": str(f.max_points),
                        "effective_from": f.effective_from.isoformat(),
                        "effective_to": f.effective_to.isoformat() if f.effective_to else None,
                    }
                    for f in fws
                ],
                "conduct_codes": [
                    {"id": c.id, "title": c.title, "title_en": c.title_en} for c in codes
                ],
            }
        )
        return
    click.echo(_tr(lang, "Bộ tiêu chí", "Frameworks"))
    click.echo(
        _table(
            [
                _tr(lang, "Mã", "Id"),
                _tr(lang, "Tình trạng", "Status"),
                _tr(lang, "Tối đa", "Max"),
                _tr(lang, "Hiệu lực từ", "In force from"),
                _tr(lang, "Tên", "Title"),
            ],
            [
                [
                    f.id,
                    f.status,
                    _points(f.max_points) if f.max_points else "—",
                    f.effective_from.isoformat(),
                    _title(lang, f.title, f.title_en),
                ]
                for f in fws
            ],
            wrap=[4],
            right=[2],
        )
    )
    if any(not f.max_points for f in fws):
        click.echo(
            _paragraph(
                _tr(
                    lang,
                    "—: không chấm điểm. Nguồn của bộ tiêu chí chỉ nêu nội dung, số liệu và mức"
                    " tham chiếu, không nêu điểm; xem `chinhquyen show MÃ`.",
                    "—: not scored. The framework's sources give contents, figures and reference"
                    " levels, not points; see `chinhquyen show ID`.",
                ),
                "",
            )
        )
    click.echo()
    click.echo(_tr(lang, "Bộ quy tắc ứng xử", "Conduct codes"))
    click.echo(
        _table(
            [_tr(lang, "Mã", "Id"), _tr(lang, "Tên", "Title")],
            [[c.id, _title(lang, c.title, c.title_en)] for c in codes],
            wrap=[1],
        )
    )


def _show_framework(fw: Any, lang: str) -> None:
    from chinhquyen.criteria.measures import describe
    from chinhquyen.scoring.kinds import KINDS

    click.echo(_title(lang, fw.title, fw.title_en))
    click.echo(
        f"{_tr(lang, 'Mã', 'Id')}: {fw.id} ({_tr(lang, 'phiên bản', 'version')} {fw.version})"
    )
    click.echo(f"{_tr(lang, 'Cơ quan ban hành', 'Issuer')}: {fw.issuer}")
    end = fw.effective_to.isoformat() if fw.effective_to else "—"
    click.echo(f"{_tr(lang, 'Hiệu lực', 'In force')}: {fw.effective_from.isoformat()} → {end}")
    click.echo(f"{_tr(lang, 'Tình trạng', 'Status')}: {fw.status}")
    note = _title(lang, fw.status_note, fw.status_note_en) if fw.status_note else None
    if note:
        click.echo(_paragraph(note))
    click.echo(f"{_tr(lang, 'Tổng điểm tối đa', 'Maximum')}: {_points(fw.max_points)}")
    click.echo()

    def how(c: Any) -> str:
        if lang == "en":
            return str(describe(c.measure, c.max_points))
        return str(KINDS[c.measure.kind].label)

    # a group of one criterion of the same id is one row; another group has a row of its own,
    # its criteria indented under it
    rows = []
    for g in fw.groups:
        if len(g.criteria) == 1 and g.criteria[0].id == g.id:
            c = g.criteria[0]
            rows.append([c.id, _points(c.max_points), how(c), _title(lang, c.title, c.title_en)])
            continue
        group = _tr(lang, "(nhóm)", "(group)")
        rows.append([g.id, _points(g.max_points), group, _title(lang, g.title, g.title_en)])
        for c in g.criteria:
            title = _title(lang, c.title, c.title_en)
            rows.append([f"  {c.id}", _points(c.max_points), how(c), title])
    for c in fw.bonus_penalty:
        rows.append([f"± {c.id}", _points(c.max_points), how(c), _title(lang, c.title, c.title_en)])
    click.echo(
        _table(
            [
                _tr(lang, "Tiêu chí", "Criterion"),
                _tr(lang, "Tối đa", "Max"),
                _tr(lang, "Cách đo", "How scored"),
                _tr(lang, "Tên", "Title"),
            ],
            rows,
            wrap=[2, 3],
            right=[1],
        )
    )
    if fw.tiers:
        click.echo()
        tiers = sorted(fw.tiers, key=lambda t: t.min_points)
        bands = []
        for i, t in enumerate(tiers):
            upper = _points(tiers[i + 1].min_points) if i + 1 < len(tiers) else "—"
            bands.append([_title(lang, t.label, t.label_en), _points(t.min_points), upper])
        click.echo(
            _table(
                [
                    _tr(lang, "Hạng", "Tier"),
                    _tr(lang, "Từ", "From"),
                    _tr(lang, "Đến dưới", "Below"),
                ],
                bands,
                right=[1, 2],
            )
        )


def _show_code(code: Any, lang: str) -> None:
    click.echo(_title(lang, code.title, code.title_en))
    click.echo(f"{_tr(lang, 'Mã', 'Id')}: {code.id}")
    click.echo(f"{_tr(lang, 'Cơ quan ban hành', 'Issuer')}: {code.issuer}")
    if code.motto:
        click.echo(f"{_tr(lang, 'Phương châm', 'Motto')}: {code.motto}")
    for g in code.groups:
        click.echo()
        click.echo(_title(lang, g.title, g.title_en))
        for r in g.rules:
            click.echo(f"  - {_title(lang, r.text, r.text_en)}  [{code.id}#{r.id}]")


@main.command()
@click.argument("ident", metavar="ID")
@_lang_option
@_json_option
def show(ident: str, lang: str, as_json: bool) -> None:
    """Show a framework or conduct code (ID from `frameworks`, or a framework .toml file)."""
    from chinhquyen import criteria

    obj: Any
    if ident in criteria.conduct_codes():
        obj = criteria.conduct_code(ident)
    else:
        obj = _framework(ident, "'ID'")
    if as_json:
        click.echo(obj.model_dump_json(indent=2))
    elif isinstance(obj, criteria.ConductCode):
        _show_code(obj, lang)
    else:
        _show_framework(obj, lang)


_SCHEMAS = ("framework", "conduct-code", "assessment", "scorecard")


@main.command()
@click.argument("name", type=click.Choice(_SCHEMAS), required=False)
@click.option(
    "--framework",
    "framework_id",
    metavar="ID",
    help="The self-assessment schema of one framework: its criterion ids, kinds and ranges.",
)
def schema(name: str | None, framework_id: str | None) -> None:
    """Print the JSON Schema of a data file: framework, conduct-code, assessment, scorecard.

    With --framework ID, the schema of a self-assessment for that framework (NAME may be left
    out or be `assessment`).
    """
    data: dict[str, Any]
    if framework_id is not None:
        if name not in (None, "assessment"):
            raise click.UsageError("--framework goes with the assessment schema only")
        name = "assessment"
    if name is None:
        raise click.UsageError("give a schema NAME, or --framework ID")
    if name in ("framework", "conduct-code"):
        from chinhquyen.criteria import json_schema

        data = json_schema("framework" if name == "framework" else "conduct_code")
    else:
        from chinhquyen.scoring import assessment_schema, scorecard_schema

        data = assessment_schema(framework_id) if name == "assessment" else scorecard_schema()
    _echo_json(data)


def _toml_kind(path: str) -> str | None:
    """What a .toml file holds: `"assessment"`, `"conduct_code"` or `"framework"`.

    An assessment has `unit` or `answers`; a conduct code has groups of `rules`; anything
    else is read as a framework (whose loader then names what is wrong). `None` if the file is
    not .toml.
    """
    import tomllib

    from chinhquyen.errors import DataFileError

    p = Path(path)
    if p.suffix.lower() != ".toml":
        return None
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(path, f"cannot be read: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise DataFileError(path, f"not valid TOML: {e}") from None
    if {"unit", "answers"} & set(data):
        return "assessment"
    groups = data.get("groups")
    if isinstance(groups, list) and any(isinstance(g, dict) and "rules" in g for g in groups):
        return "conduct_code"
    return "framework"


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@_framework_option
@_lang_option
def validate(path: str, framework: str | None, lang: str) -> None:
    """Check a framework or conduct code (.toml) or a self-assessment (.json, .toml, .xlsx).

    A self-assessment is also checked against its framework (every answer must fit its
    criterion). Problems are reported with the file, key or line, and exit status 1.
    """
    from chinhquyen import criteria

    kind = _toml_kind(path)
    if kind == "framework":
        fw = criteria.load(Path(path))
        n = sum(1 for _ in fw.criteria())
        click.echo(
            _tr(
                lang,
                f"Hợp lệ: bộ tiêu chí {fw.id}, {n} tiêu chí, tối đa {_points(fw.max_points)} điểm",
                f"Valid: framework {fw.id}, {n} criteria, maximum {_points(fw.max_points)} points",
            )
        )
        return
    if kind == "conduct_code":
        from chinhquyen.criteria.loader import conduct_code_from_toml

        code = conduct_code_from_toml(Path(path), path)
        n = len(code.rules())
        click.echo(
            _tr(
                lang,
                f"Hợp lệ: bộ quy tắc ứng xử {code.id}, {n} quy tắc",
                f"Valid: conduct code {code.id}, {n} rules",
            )
        )
        return
    assessment, card = _scored(path, framework)
    click.echo(
        _tr(
            lang,
            f"Hợp lệ: bản tự đánh giá của {assessment.unit.name} theo {assessment.framework}, "
            f"{len(assessment.answers)} câu trả lời, điểm tính lại {_points(card.total)}",
            f"Valid: self-assessment of {assessment.unit.name} against {assessment.framework}, "
            f"{len(assessment.answers)} answers, computed total {_points(card.total)}",
        )
    )


# --- scoring ----------------------------------------------------------------------------------


def _num(value: Any) -> str:
    return "—" if value is None else _points(value)


def _signed(value: Any) -> str:
    return "—" if value is None else ("+" if value > 0 else "") + _points(value)


def _score_table(card: Any, lang: str) -> None:
    click.echo(f"{card.unit.name} ({card.unit.code}), {card.unit.province} — {card.period_label}")
    click.echo(
        f"{_tr(lang, 'Bộ tiêu chí', 'Framework')}: {card.framework} ({card.framework_status})"
    )
    rows = []
    for r in (*card.criteria, *card.bonus_penalty):
        status = r.status.label if lang == "vi" else r.status.label_en
        rows.append(
            [
                r.criterion_id,
                _num(r.max_points),
                _num(r.self_score),
                _num(r.computed_points),
                _num(r.appraised_points),
                _num(r.points),
                status,
            ]
        )
    click.echo(
        _table(
            [
                _tr(lang, "Tiêu chí", "Criterion"),
                _tr(lang, "Tối đa", "Max"),
                _tr(lang, "Tự chấm", "Self"),
                _tr(lang, "Tính lại", "Computed"),
                _tr(lang, "Thẩm định", "Appraised"),
                _tr(lang, "Điểm", "Points"),
                _tr(lang, "Kết quả", "Result"),
            ],
            rows,
            wrap=[6],
            right=[1, 2, 3, 4, 5],
        )
    )
    tier = (card.tier_en if lang == "en" and card.tier_en else card.tier) or "—"
    click.echo()
    click.echo(
        f"{_tr(lang, 'Tổng điểm', 'Total')}: {_num(card.total)}/{_num(card.max_points)}"
        f" — {_tr(lang, 'tự chấm', 'self-assessed')} {_num(card.self_total)}"
    )
    if card.appraised:
        click.echo(
            f"{_tr(lang, 'Đã thẩm định; điểm tính lại', 'Appraised; computed total')}:"
            f" {_num(card.computed_total)}"
        )
    click.echo(f"{_tr(lang, 'Xếp hạng', 'Tier')}: {tier}")
    for k in card.triggered_knockouts:
        what = _title(lang, k.title, k.title_en)
        click.echo(f"{_tr(lang, 'Điều kiện loại', 'Knockout')}: {what} — {k.effect}")
    if card.not_reported:
        click.echo(f"{_tr(lang, 'Chưa báo cáo', 'Not reported')}: {', '.join(card.not_reported)}")


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--explain", is_flag=True, help="Print every number with its reason, rule and source."
)
@_framework_option
@_export_options
@_lang_option
@_json_option
def score(
    path: str,
    explain: bool,
    framework: str | None,
    csv_file: str | None,
    xlsx: str | None,
    force: bool,
    lang: str,
    as_json: bool,
) -> None:
    """Recompute a self-assessment (.json, .toml, .xlsx) against its framework."""
    csv_target = _output_file(csv_file, ".csv", force, "'--csv'")
    xlsx_target = _output_file(xlsx, ".xlsx", force, "'--xlsx'")
    _, card = _scored(path, framework)
    if as_json:
        click.echo(card.to_json(indent=2))
    elif explain:
        click.echo(card.trace(lang))
    else:
        _score_table(card, lang)
    _export(card, csv_target, xlsx_target, lang)


def _skip_invalid_option(f: F) -> F:
    return click.option(
        "--skip-invalid",
        is_flag=True,
        help="Leave out the files that cannot be read or scored (each is listed on standard "
        "error, one problem a line) instead of stopping; blank forms are listed as not filled in.",
    )(f)


def _problem_lines(problems: Sequence[tuple[str, str]], blank: Sequence[str], lang: str) -> None:
    """List the files left out on standard error, one problem a line."""
    if problems:
        click.echo(
            _tr(
                lang,
                f"Bỏ qua {len(problems)} tệp không đọc hoặc không chấm được:",
                f"Left out {len(problems)} files that cannot be read or scored:",
            ),
            err=True,
        )
        for path, message in problems:
            lines = [line for line in message.split("\n") if line.strip()]
            first = lines[0] if lines else ""
            shown = first if first.startswith(path) else f"{path}: {first}"
            click.echo(f"  - {shown}", err=True)
            for line in lines[1:]:
                click.echo(f"    {line.strip()}", err=True)
    for path in blank:
        click.echo(
            _tr(
                lang, f"Chưa điền (biểu mẫu trống): {path}", f"Not filled in (a blank form): {path}"
            ),
            err=True,
        )


def _score_folder(
    source: str, framework: str | None, skip_invalid: bool, lang: str
) -> tuple[Any, list[Any]]:
    """Read and score a folder of self-assessments against one framework.

    With `skip_invalid`, the files that cannot be read (as `load_assessments(errors="collect")`
    reports them) or scored are left out and listed; otherwise the first refusal stops the run.
    """
    from chinhquyen import scoring

    problems: list[tuple[str, str]] = []
    blank: list[str] = []
    if skip_invalid:
        # `errors="collect"` gives a LoadedAssessments: assessments, files, problems (each
        # with path and error) and blank forms
        load: Any = scoring.load_assessments
        batch = load(source, errors="collect")
        assessments = list(batch.assessments)
        files = [str(p) for p in batch.files]
        problems += [(str(p.path), str(p.error)) for p in batch.problems]
        blank += [str(p) for p in batch.blank]
        if not assessments:
            _problem_lines(problems, blank, lang)
            raise _Failed(
                f"{source}: không có bản tự đánh giá nào đọc được",
                f"{source}: no self-assessment could be read",
            )
    else:
        assessments = scoring.load_assessments(source)
        files = [""] * len(assessments)
    if framework is not None:
        fw = _framework(framework, "'--framework'")
    else:
        ids = sorted({a.framework for a in assessments})
        if len(ids) > 1:
            _problem_lines(problems, blank, lang)
            raise _Failed(
                f"{source} có bản tự đánh giá theo {len(ids)} bộ tiêu chí ({', '.join(ids)});"
                " mỗi lần chỉ chấm theo một bộ: để bản của mỗi bộ vào một thư mục riêng, hoặc"
                " chọn một bộ bằng --framework",
                f"{source} holds assessments for {len(ids)} frameworks ({', '.join(ids)}); a"
                " cohort is scored against one: put each framework's in its own folder, or pick"
                " one with --framework",
            )
        fw = _framework(ids[0], "'FOLDER'")
    if not skip_invalid:
        return fw, scoring.score_many(fw, assessments)
    from chinhquyen.scoring.progress import track

    cards = []
    pairs = zip(files, assessments, strict=True)
    for path, assessment in track(pairs, label="Chấm điểm (scoring)", total=len(files)):
        try:
            cards.append(scoring.score(fw, assessment))
        except ChinhQuyenError as e:
            problems.append((path, _library_message(e)))
    _problem_lines(problems, blank, lang)
    return fw, cards


def _cohort_table(group: Any, fw: Any, lang: str) -> None:
    appraised = sum(card.appraised for card in group)
    rows = []
    for ranked in group.ranking():
        card = ranked.scorecard
        tier = card.tier if lang == "vi" else (card.tier_en or card.tier)
        sides = [_num(card.computed_total), _num(card.total) if card.appraised else ""]
        rows.append(
            [
                str(ranked.rank),
                card.unit.code,
                card.unit.name,
                _num(card.self_total),
                *(sides if appraised else []),
                _num(card.total),
                _signed(card.self_difference),
                (tier or "—") + (" *" if card.tier_provisional else ""),
            ]
        )
    sides = [_tr(lang, "Tính lại", "Computed"), _tr(lang, "Thẩm định", "Appraised")]
    headers = [
        _tr(lang, "Hạng", "Rank"),
        _tr(lang, "Mã", "Code"),
        _tr(lang, "Tên", "Name"),
        _tr(lang, "Tự chấm", "Self"),
        *(sides if appraised else []),
        _tr(lang, "Tổng điểm", "Total"),
        _tr(lang, "Chênh", "Gap"),
        _tr(lang, "Xếp hạng", "Tier"),
    ]
    numbers = list(range(3, len(headers) - 1))
    click.echo(f"{fw.id}: {len(group)} {_tr(lang, 'xã', 'communes')}")
    click.echo(_table(headers, rows, wrap=[2], right=[0, *numbers]))
    if appraised:
        note = _tr(
            lang,
            f"Đã thẩm định {appraised}/{len(group)} xã: cột Thẩm định là tổng sau thẩm định, để"
            " trống nếu xã chưa được thẩm định; Tổng điểm là điểm được tính.",
            f"{appraised} of {len(group)} communes appraised: the Appraised column is the total"
            " after the appraisal, blank for a commune not appraised; Total is what counts.",
        )
        click.echo(_paragraph(note, ""))
    gap = _tr(
        lang,
        "Chênh = tự chấm − điểm được tính, trên các tiêu chí có cả hai.",
        "Gap = self-assessed − the points that count, over criteria that have both.",
    )
    click.echo(_paragraph(gap, ""))
    if any(card.tier_provisional for card in group):
        click.echo(
            _tr(
                lang,
                "* tạm tính: có tiêu chí chưa báo cáo",
                "* provisional: some criteria were not reported",
            )
        )


@main.command()
@click.argument("source", metavar="FOLDER", type=click.Path(file_okay=False))
@_framework_option
@_skip_invalid_option
@_export_options
@_lang_option
@_json_option
def cohort(
    source: str,
    framework: str | None,
    skip_invalid: bool,
    csv_file: str | None,
    xlsx: str | None,
    force: bool,
    lang: str,
    as_json: bool,
) -> None:
    """Score every self-assessment in FOLDER (.json, .toml, .xlsx) and rank the communes."""
    from chinhquyen import scoring

    csv_target = _output_file(csv_file, ".csv", force, "'--csv'")
    xlsx_target = _output_file(xlsx, ".xlsx", force, "'--xlsx'")
    fw, cards = _score_folder(source, framework, skip_invalid, lang)
    group = scoring.Cohort(cards)
    if as_json:
        click.echo("[" + ",".join(card.to_json() for card in group) + "]")
    else:
        _cohort_table(group, fw, lang)
    _export(group, csv_target, xlsx_target, lang)


@main.command()
@click.argument("source", metavar="FOLDER", type=click.Path(file_okay=False))
@click.argument("table", metavar="TABLE", type=click.Path(dir_okay=False))
@click.option(
    "--sheet",
    metavar="NAME",
    help="The worksheet of an .xlsx TABLE that holds the appraisals, if it has several.",
)
@_framework_option
@_skip_invalid_option
@_export_options
@_lang_option
@_json_option
def appraise(
    source: str,
    table: str,
    sheet: str | None,
    framework: str | None,
    skip_invalid: bool,
    csv_file: str | None,
    xlsx: str | None,
    force: bool,
    lang: str,
    as_json: bool,
) -> None:
    """Apply an appraisal table (.csv or .xlsx) to the communes of FOLDER and rank them.

    TABLE has one row per appraised criterion of a commune (Mã xã, Mã tiêu chí, Điểm thẩm
    định, Lý do, ...). Nothing is appraised unless every row is accepted; a refused row is
    named by its row and column.
    """
    from chinhquyen import scoring

    csv_target = _output_file(csv_file, ".csv", force, "'--csv'")
    xlsx_target = _output_file(xlsx, ".xlsx", force, "'--xlsx'")
    appraisals = scoring.read_appraisals(table, sheet=sheet)
    fw, cards = _score_folder(source, framework, skip_invalid, lang)
    group = scoring.Cohort(scoring.review_all(cards, appraisals, framework=fw))
    if as_json:
        click.echo("[" + ",".join(card.to_json() for card in group) + "]")
    else:
        _cohort_table(group, fw, lang)
    _export(group, csv_target, xlsx_target, lang)


@main.command()
@click.argument("ident", metavar="ID")
@click.option(
    "--xlsx",
    "out",
    metavar="FILE",
    required=True,
    type=click.Path(dir_okay=False),
    help="The Excel workbook to write, ending in .xlsx (needs the excel extra).",
)
@click.option("--force", is_flag=True, help="Overwrite the --xlsx file if it exists.")
@_lang_option
def template(ident: str, out: str, force: bool, lang: str) -> None:
    """Write the Excel self-assessment form of framework ID to the --xlsx file."""
    from chinhquyen.scoring import excel

    target = _output_file(out, ".xlsx", force, "'--xlsx'")
    assert target is not None  # a required option
    fw = _framework(ident, "'ID'")
    excel.template(fw).save(target)
    n = sum(1 for _ in fw.criteria())
    click.echo(
        _tr(
            lang,
            f"Đã ghi biểu mẫu {fw.id} ({n} tiêu chí) vào {out}",
            f"Wrote the {fw.id} form ({n} criteria) to {out}",
        )
    )


# --- calendar ---------------------------------------------------------------------------------


def _culture_option(f: F) -> F:
    return click.option(
        "--culture-day",
        is_flag=True,
        help="Count 24/11 (Ngày Văn hóa Việt Nam) as a holiday from 2026: not confirmed as law.",
    )(f)


def _calendar(culture_day: bool) -> Any:
    from chinhquyen.calendar import WorkingCalendar

    return WorkingCalendar.national(include_culture_day=culture_day)


def _holiday_json(h: Any) -> dict[str, Any]:
    return {
        "date": h.date.isoformat(),
        "name": h.name,
        "name_en": h.name_en,
        "kind": str(h.kind),
        "day_off": h.is_day_off,
        "provisional": h.provisional,
        "source": h.source,
        "note": h.note,
    }


@main.command(cls=_CalendarCommand)
@click.argument("year", type=YEAR)
@_culture_option
@_lang_option
@_json_option
def holidays(year: int, culture_day: bool, lang: str, as_json: bool) -> None:
    """List YEAR's holidays, compensatory and swapped days off and make-up working days."""
    cal = _calendar(culture_day)
    days = cal.holidays(year)
    if as_json:
        _echo_json([_holiday_json(h) for h in days])
        return
    provisional = any(h.provisional for h in days) or year not in cal.official_years
    rows = [
        [
            _day_text(h.date, lang),
            _tr(lang, *_KINDS.get(str(h.kind), (str(h.kind), str(h.kind)))),
            _title(lang, h.name, h.name_en) + (" *" if h.provisional else ""),
        ]
        for h in days
    ]
    click.echo(
        _table(
            [_tr(lang, "Ngày", "Date"), _tr(lang, "Loại", "Kind"), _tr(lang, "Tên", "Name")],
            rows,
        )
    )
    if provisional:
        click.echo()
        click.echo(
            _tr(
                lang,
                "* tạm tính: tính theo quy tắc của Bộ luật Lao động (chưa có lịch nghỉ chính "
                "thức) hoặc theo quy định chưa được xác nhận.",
                "* provisional: computed from the Labour Code (no official schedule) or from a "
                "rule not confirmed as law.",
            )
        )


@main.command(cls=_CalendarCommand)
@click.argument("date", type=DATE)
@_culture_option
@_lang_option
@_json_option
def workday(date: str, culture_day: bool, lang: str, as_json: bool) -> None:
    """Say whether DATE (YYYY-MM-DD) is a working day of state agencies, and why."""
    from chinhquyen.calendar.dates import as_date

    cal = _calendar(culture_day)
    day = as_date(date, field="DATE")
    working = cal.is_working_day(day)
    entry = next((h for h in cal.holidays(day.year) if h.date == day), None)
    provisional = cal.is_provisional(day)
    if as_json:
        _echo_json(
            {
                "date": day.isoformat(),
                "working_day": working,
                "provisional": provisional,
                "entry": _holiday_json(entry) if entry else None,
            }
        )
        return
    verdict = (
        _tr(lang, "ngày làm việc", "a working day")
        if working
        else _tr(lang, "không phải ngày làm việc", "not a working day")
    )
    line = f"{_day_text(day, lang)}: {verdict}"
    if entry is not None:
        kind = _tr(lang, *_KINDS.get(str(entry.kind), (str(entry.kind), str(entry.kind))))
        line += f" — {kind}: {_title(lang, entry.name, entry.name_en)}"
    elif not working:
        line += _tr(lang, " — nghỉ hằng tuần", " — weekly rest day")
    click.echo(line)
    if entry is not None:
        click.echo(f"{_tr(lang, 'Nguồn', 'Source')}: {entry.source}")
    if provisional:
        click.echo(
            _tr(
                lang,
                "Tạm tính: năm này chưa có lịch nghỉ chính thức.",
                "Provisional: this year has no official schedule.",
            )
        )


def _provisional_count(lang: str) -> str:
    return _tr(
        lang,
        "Tạm tính: phép đếm đi qua ngày chưa có lịch nghỉ chính thức (hoặc theo quy định chưa "
        "được xác nhận).",
        "Provisional: the count runs through a day without an official schedule (or one set by "
        "a rule not confirmed as law).",
    )


# N may be negative ("-1"): not an option, so unknown "-<digits>" tokens are kept as arguments.
_NEGATIVE_N = {"ignore_unknown_options": True}


@main.command("add-days", cls=_CalendarCommand, context_settings=_NEGATIVE_N)
@click.argument("date", type=DATE)
@click.argument("n", type=int)
@_culture_option
@_lang_option
@_json_option
def add_days(date: str, n: int, culture_day: bool, lang: str, as_json: bool) -> None:
    """Print the N-th working day after DATE (before it if N < 0; DATE itself never counts)."""
    from chinhquyen.calendar.dates import as_date

    cal = _calendar(culture_day)
    result = cal.add_working_days(date, n)
    first, last = sorted((as_date(date, field="DATE"), result))
    # counted across a provisional day (DATE itself included: it decides n = 0)
    provisional = cal.count_provisional_days(first, last + dt.timedelta(days=1)) > 0
    if as_json:
        _echo_json({"date": date, "n": n, "result": result.isoformat(), "provisional": provisional})
        return
    click.echo(_day_text(result, lang))
    if provisional:
        click.echo(_provisional_count(lang))


@main.command(cls=_CalendarCommand, context_settings=_NEGATIVE_N)
@click.argument("received_at", metavar="RECEIVED_AT", type=MOMENT)
@click.argument("n", type=click.IntRange(min=0))
@click.option(
    "--cutoff",
    callback=_parse_cutoff,
    metavar="HH:MM",
    help="The procedure's daily cut-off (e.g. 15:00): later receipts count from the next day.",
)
@click.option(
    "--channel",
    type=click.Choice(["in_person", "post", "online"]),
    default="in_person",
    show_default=True,
    help="How the dossier came: RECEIVED_AT is the desk's receipt, the arrival postmark's date "
    "(post: no cut-off) or the online system's record.",
)
@click.option(
    "--online-cutoff/--no-online-cutoff",
    default=None,
    help="Whether the cut-off applies to an online dossier (not settled by a source: required "
    "with --channel online and --cutoff).",
)
@_culture_option
@_lang_option
@_json_option
def deadline(
    received_at: str,
    n: int,
    cutoff: dt.time | None,
    channel: str,
    online_cutoff: bool | None,
    culture_day: bool,
    lang: str,
    as_json: bool,
) -> None:
    """Due date of a procedure of N working days received at RECEIVED_AT.

    RECEIVED_AT is YYYY-MM-DD or YYYY-MM-DDTHH:MM (Vietnamese time unless an offset is given).
    """
    cal = _calendar(culture_day)
    d = cal.deadline(received_at, n, cutoff=cutoff, channel=channel, online_cutoff=online_cutoff)
    if as_json:
        _echo_json(
            {
                "received_at": d.received_at.isoformat(),
                "channel": d.channel.value,
                "receipt_day": d.receipt_day.isoformat(),
                "working_days": d.working_days,
                "due_date": d.due_date.isoformat(),
                "provisional": d.provisional,
                "steps": [
                    {
                        "date": s.date.isoformat(),
                        "description": s.description,
                        "description_en": s.description_en,
                        "rule": s.rule,
                    }
                    for s in d.steps
                ],
            }
        )
        return
    click.echo(
        f"{_tr(lang, 'Hạn trả kết quả', 'Due date')}: {_day_text(d.due_date, lang)} "
        f"({n} {_tr(lang, 'ngày làm việc', 'working days')})"
    )
    for i, s in enumerate(d.steps, 1):
        click.echo(
            f"  {i}. {_day_text(s.date, lang)}: {_title(lang, s.description, s.description_en)}"
        )
        click.echo(f"     [{s.rule}]")
    if d.provisional:
        click.echo(_provisional_count(lang))
