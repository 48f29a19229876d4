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


def _framework_option(f: F) -> F:
    return click.option(
        "--framework",
        "framework",
        metavar="ID_OR_TOML",
        help="Score against this framework (an id or a .toml file) instead of the one the "
        "assessment names (their ids must match).",
    )(f)


def _load_framework(framework: str) -> Any:
    """Load the ``--framework`` value: a registered id, or a ``.toml`` file."""
    from pathlib import Path

    from chinhquyen import criteria

    return criteria.load(Path(framework) if framework.lower().endswith(".toml") else framework)


def _scored(path: str, framework: str | None) -> tuple[Any, Any]:
    """Load a self-assessment and score it; ``framework`` overrides the registry look-up."""
    from chinhquyen import scoring

    assessment = scoring.load_assessment(path)
    if framework is None:
        return assessment, scoring.score(assessment.framework, assessment)
    return assessment, scoring.score(_load_framework(framework), assessment)


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
@_lang_option
def demo(lang: str) -> None:
    """Score the example self-assessment shipped inside the package and print its scorecard."""
    from chinhquyen.scoring import demo_text

    click.echo(demo_text(lang))


# --- criteria ---------------------------------------------------------------------------------


def _points(value: Any) -> str:
    """A Decimal without trailing zeros (``15``, ``2.5``)."""
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
                    _points(f.max_points),
                    f.effective_from.isoformat(),
                    _title(lang, f.title, f.title_en),
                ]
                for f in fws
            ],
        )
    )
    click.echo()
    click.echo(_tr(lang, "Bộ quy tắc ứng xử", "Conduct codes"))
    click.echo(
        _table(
            [_tr(lang, "Mã", "Id"), _tr(lang, "Tên", "Title")],
            [[c.id, _title(lang, c.title, c.title_en)] for c in codes],
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
        click.echo(f"  {note}")
    click.echo(f"{_tr(lang, 'Tổng điểm tối đa', 'Maximum')}: {_points(fw.max_points)}")
    click.echo()
    rows = []
    for g in fw.groups:
        for c in g.criteria:
            kind = c.measure.kind
            how = describe(c.measure, c.max_points) if lang == "en" else KINDS[kind].label
            rows.append([g.id, c.id, _points(c.max_points), how, _title(lang, c.title, c.title_en)])
    for c in fw.bonus_penalty:
        how = describe(c.measure, c.max_points) if lang == "en" else KINDS[c.measure.kind].label
        rows.append(["±", c.id, _points(c.max_points), how, _title(lang, c.title, c.title_en)])
    click.echo(
        _table(
            [
                _tr(lang, "Nhóm", "Group"),
                _tr(lang, "Tiêu chí", "Criterion"),
                _tr(lang, "Tối đa", "Max"),
                _tr(lang, "Cách đo", "How scored"),
                _tr(lang, "Tên", "Title"),
            ],
            rows,
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
        obj = criteria.load(ident)
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
    """What a .toml file holds: ``"assessment"``, ``"conduct_code"`` or ``"framework"``.

    An assessment has ``unit`` or ``answers``; a conduct code has groups of ``rules``; anything
    else is read as a framework (whose loader then names what is wrong). ``None`` if the file is
    not .toml.
    """
    import tomllib
    from pathlib import Path

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
    from pathlib import Path

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


def _score_table(card: Any, lang: str) -> None:
    def num(value: Any) -> str:
        return "—" if value is None else _points(value)

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
                num(r.max_points),
                num(r.self_score),
                num(r.computed_points),
                num(r.appraised_points),
                num(r.points),
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
        )
    )
    tier = (card.tier_en if lang == "en" and card.tier_en else card.tier) or "—"
    click.echo()
    click.echo(
        f"{_tr(lang, 'Tổng điểm', 'Total')}: {num(card.total)}/{num(card.max_points)}"
        f" — {_tr(lang, 'tự chấm', 'self-assessed')} {num(card.self_total)}"
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
@_lang_option
@_json_option
def score(path: str, explain: bool, framework: str | None, lang: str, as_json: bool) -> None:
    """Recompute a self-assessment (.json, .toml, .xlsx) against its framework."""
    _, card = _scored(path, framework)
    if as_json:
        click.echo(card.to_json(indent=2))
    elif explain:
        click.echo(card.trace(lang))
    else:
        _score_table(card, lang)


@main.command()
@click.argument("source", metavar="FOLDER", type=click.Path(file_okay=False))
@_framework_option
@_lang_option
@_json_option
def cohort(source: str, framework: str | None, lang: str, as_json: bool) -> None:
    """Score every self-assessment in FOLDER (.json, .toml, .xlsx) and rank the communes."""
    from chinhquyen import criteria, scoring

    assessments = scoring.load_assessments(source)
    if framework is not None:
        fw = _load_framework(framework)
    else:
        ids = sorted({a.framework for a in assessments})
        if len(ids) > 1:
            from chinhquyen.errors import AssessmentError

            raise AssessmentError(
                f"{source} holds assessments for {len(ids)} frameworks ({', '.join(ids)}); a"
                " cohort is scored against one: put each framework's in its own folder"
            )
        fw = criteria.load(ids[0])
    group = scoring.Cohort(scoring.score_many(fw, assessments))
    if as_json:
        click.echo("[" + ",".join(card.to_json() for card in group) + "]")
        return
    rows = []
    for ranked in group.ranking():
        card = ranked.scorecard
        gap = card.self_difference
        tier = card.tier if lang == "vi" else (card.tier_en or card.tier)
        rows.append(
            [
                str(ranked.rank),
                card.unit.code,
                card.unit.name,
                _points(card.total),
                "—" if gap is None else ("+" if gap > 0 else "") + _points(gap),
                (tier or "—") + (" *" if card.tier_provisional else ""),
            ]
        )
    click.echo(f"{fw.id}: {len(group)} {_tr(lang, 'xã', 'communes')}")
    click.echo(
        _table(
            [
                _tr(lang, "Hạng", "Rank"),
                _tr(lang, "Mã", "Code"),
                _tr(lang, "Tên", "Name"),
                _tr(lang, "Tổng điểm", "Total"),
                _tr(lang, "Tự chấm chênh", "Self-score gap"),
                _tr(lang, "Xếp hạng", "Tier"),
            ],
            rows,
        )
    )
    if any(card.tier_provisional for card in group):
        click.echo(
            _tr(
                lang,
                "* tạm tính: có tiêu chí chưa báo cáo",
                "* provisional: some criteria were not reported",
            )
        )


@main.command()
@click.argument("ident", metavar="ID")
@click.option(
    "--xlsx",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="Where to write the Excel form (needs the excel extra).",
)
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
@_lang_option
def template(ident: str, out: str, force: bool, lang: str) -> None:
    """Write the Excel self-assessment form of framework ID to OUT."""
    from pathlib import Path

    from chinhquyen import criteria
    from chinhquyen.errors import DataFileError
    from chinhquyen.scoring import excel

    fw = criteria.load(ident)
    target = Path(out)
    if target.exists() and not force:
        raise DataFileError(out, "already exists; pass --force to overwrite it")
    if target.suffix.lower() != ".xlsx":
        raise DataFileError(out, "the form is an Excel workbook: give a file name ending in .xlsx")
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


@main.command()
@click.argument("year", type=int)
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


@main.command()
@click.argument("date")
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


@main.command("add-days", context_settings=_NEGATIVE_N)
@click.argument("date")
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


@main.command(context_settings=_NEGATIVE_N)
@click.argument("received_at", metavar="RECEIVED_AT")
@click.argument("n", type=int)
@click.option(
    "--cutoff",
    callback=_parse_cutoff,
    metavar="HH:MM",
    help="The procedure's daily cut-off (e.g. 15:00): later receipts count from the next day.",
)
@_culture_option
@_lang_option
@_json_option
def deadline(
    received_at: str,
    n: int,
    cutoff: dt.time | None,
    culture_day: bool,
    lang: str,
    as_json: bool,
) -> None:
    """Due date of a procedure of N working days received at RECEIVED_AT.

    RECEIVED_AT is YYYY-MM-DD or YYYY-MM-DDTHH:MM (Vietnamese time unless an offset is given).
    """
    cal = _calendar(culture_day)
    d = cal.deadline(received_at, n, cutoff=cutoff)
    if as_json:
        _echo_json(
            {
                "received_at": d.received_at.isoformat(),
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
