"""The ``chinhquyen`` command, invoked as a subprocess exactly as a user would run it.

Expected values come from the sources, not from running the code: the Đồng Nai tiers and
maxima from the press report of QĐ 54/2025/QĐ-UBND (15/15/20/50, 4 sao from 95), and the demo
total added up by hand from the shipped example's answers; calendar dates from the official
schedules, counted by hand. The property tests at the end check, in-process, that the command
is a faithful layer over the calendar.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import (
    calendar_dates,
    calendar_years,
    cutoff_times,
    receipt_moments,
    schedule_era_dates,
    working_day_counts,
    working_day_offsets,
)

import chinhquyen
from chinhquyen.calendar import WorkingCalendar
from chinhquyen.cli import main
from chinhquyen.errors import ChinhQuyenError

EXAMPLE = Path(chinhquyen.__file__).parent / "scoring" / "examples" / "dong-nai-2025.json"
DONG_NAI = "dong-nai/qd-54-2025"


def run(
    *args: str, columns: int | None = 200, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command as a user would, its tables `columns` wide (wide: no line wraps)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "CHINHQUYEN_LANG")}
    if columns is not None:
        environ["COLUMNS"] = str(columns)
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "chinhquyen", *args],
        capture_output=True,
        text=True,
        check=False,
        env=environ,
    )


def cells(line: str) -> list[str]:
    """The cells of a table row (columns are separated by at least two spaces)."""
    return re.split(r"\s{2,}", line.strip())


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0
    assert chinhquyen.__version__ in out.stdout


def test_unknown_command_is_a_usage_error() -> None:
    out = run("no-such-command")
    assert out.returncode == 2
    assert "no-such-command" in out.stderr


def test_unknown_language_is_a_usage_error() -> None:
    out = run("frameworks", "--lang", "fr")
    assert out.returncode == 2
    assert "--lang" in out.stderr
    out = run("--lang", "fr", "frameworks")
    assert out.returncode == 2 and "--lang" in out.stderr
    out = run("frameworks", env={"CHINHQUYEN_LANG": "fr"})
    assert out.returncode == 2 and "CHINHQUYEN_LANG" in out.stderr


# --- demo -------------------------------------------------------------------------------------


def test_demo_prints_the_example_scorecard() -> None:
    out = run("demo")
    assert out.returncode == 0, out.stderr
    # 14 + 14.5 + 19 self-scored, plus 50 × 88.6 / 100 = 44.3 for the PAR index: 91.8,
    # which is 3 sao (90 to below 95) in QĐ 54/2025.
    assert "91.8/100" in out.stdout
    assert "3 sao" in out.stdout
    assert "Xã Thống Nhất" in out.stdout


def test_demo_in_english() -> None:
    out = run("demo", "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert "Total: 91.8/100" in out.stdout
    assert "3 stars" in out.stdout


# --- criteria ---------------------------------------------------------------------------------


def test_frameworks_lists_the_shipped_catalogue() -> None:
    out = run("frameworks")
    assert out.returncode == 0, out.stderr
    assert DONG_NAI in out.stdout
    assert "dong-nai/4-xin-4-luon-5-khong" in out.stdout
    assert "Bộ tiêu chí" in out.stdout


def test_frameworks_marks_an_unscored_framework_and_says_why() -> None:
    # a framework whose sources give no points has max 0: shown as "—" with a note, not as 0
    out = run("frameworks", "--lang", "en")
    assert out.returncode == 0, out.stderr
    row = next(line for line in out.stdout.splitlines() if line.startswith("dong-nai/ct-33-2024"))
    assert cells(row)[2] == "—"
    assert "—: not scored" in out.stdout
    qd54 = next(line for line in out.stdout.splitlines() if line.startswith(DONG_NAI))
    assert cells(qd54)[2] == "100"
    vi = run("frameworks")
    assert "—: không chấm điểm" in vi.stdout


def test_frameworks_json() -> None:
    out = run("frameworks", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    by_id = {f["id"]: f for f in data["frameworks"]}
    assert by_id[DONG_NAI]["max_points"] == "100"
    assert by_id[DONG_NAI]["status"] == "partial"
    assert "dong-nai/4-xin-4-luon-5-khong" in {c["id"] for c in data["conduct_codes"]}


def test_show_framework_gives_criteria_and_tiers() -> None:
    out = run("show", DONG_NAI)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    rows = {
        cells(line)[0]: cells(line)[1]
        for line in lines
        if line.startswith(("tuyen-truyen", "van-hoa-cong-so", "hai-long", "cai-cach-hanh-chinh"))
    }
    assert rows == {
        "tuyen-truyen": "15",
        "van-hoa-cong-so": "15",
        "hai-long": "20",
        "cai-cach-hanh-chinh": "50",
    }
    assert any(line.split()[:4] == ["4", "sao", "95", "—"] for line in lines)
    assert any(line.split()[:4] == ["3", "sao", "90", "95"] for line in lines)


def _shipped_ids() -> list[str]:
    from chinhquyen import criteria

    return criteria.available() + criteria.conduct_codes()


@pytest.mark.parametrize("ident", _shipped_ids())
def test_show_every_shipped_id(ident: str) -> None:
    out = run("show", ident, "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert ident in out.stdout


def test_show_gives_the_status_note_in_the_language_asked() -> None:
    from chinhquyen import criteria

    fw = criteria.load(DONG_NAI)
    assert fw.status_note and fw.status_note_en
    vi, en = run("show", DONG_NAI), run("show", DONG_NAI, "--lang", "en")
    # the note is a paragraph wrapped at spaces: compare its words
    vi_words, en_words = " ".join(vi.stdout.split()), " ".join(en.stdout.split())
    assert fw.status_note in vi_words and fw.status_note_en not in vi_words
    assert fw.status_note_en in en_words and fw.status_note not in en_words


def test_show_conduct_code_lists_rule_addresses() -> None:
    out = run("show", "dong-nai/4-xin-4-luon-5-khong", "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert "[dong-nai/4-xin-4-luon-5-khong#xin-loi]" in out.stdout


def test_show_json_round_trips_into_the_model() -> None:
    from chinhquyen import criteria

    out = run("show", DONG_NAI, "--json")
    assert out.returncode == 0, out.stderr
    assert criteria.Framework.model_validate_json(out.stdout) == criteria.load(DONG_NAI)


def test_show_unknown_id_is_a_usage_error() -> None:
    out = run("show", "no/such-framework")
    assert out.returncode == 2
    assert "Giá trị không hợp lệ cho 'ID'" in out.stderr
    assert "no/such-framework" in out.stderr
    assert DONG_NAI in out.stderr  # the message lists what would be valid
    assert out.stdout == ""


@pytest.mark.parametrize("name", ["framework", "conduct-code", "assessment", "scorecard"])
def test_schema_is_json_schema(name: str) -> None:
    out = run("schema", name)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["type"] == "object"
    assert data["properties"]


def test_schema_validates_the_example_assessment() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    out = run("schema", "assessment")
    jsonschema.validate(json.loads(EXAMPLE.read_text(encoding="utf-8")), json.loads(out.stdout))


def test_unknown_schema_is_a_usage_error() -> None:
    out = run("schema", "nope")
    assert out.returncode == 2


def test_validate_shipped_framework_file() -> None:
    path = Path(chinhquyen.__file__).parent / "criteria" / "data" / "frameworks" / "dong-nai"
    out = run("validate", str(path / "qd-54-2025.toml"), "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"Valid: framework {DONG_NAI}, 4 criteria, maximum 100")


def test_validate_broken_framework_names_file_and_key(tmp_path: Path) -> None:
    path = Path(chinhquyen.__file__).parent / "criteria" / "data" / "frameworks" / "dong-nai"
    text = (path / "qd-54-2025.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('status = "partial"', 'status = "maybe"', 1), encoding="utf-8")
    assert bad.read_text(encoding="utf-8") != text
    out = run("validate", str(bad))
    assert out.returncode == 1
    assert "bad.toml" in out.stderr
    assert "status" in out.stderr


def test_validate_and_score_example_assessment() -> None:
    out = run("validate", str(EXAMPLE))
    assert out.returncode == 0, out.stderr
    assert "Xã Thống Nhất" in out.stdout
    assert "91.8" in out.stdout
    out = run("score", str(EXAMPLE), "--json")
    assert out.returncode == 0, out.stderr
    card = json.loads(out.stdout)
    assert Decimal(card["total"]) == Decimal("91.8")
    assert card["tier"] == "3 sao"


def test_validate_assessment_with_out_of_range_self_score(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["answers"]["tuyen-truyen"]["self_score"] = 16  # the criterion's max is 15
    bad = tmp_path / "over.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = run("validate", str(bad))
    assert out.returncode == 1
    assert "tuyen-truyen" in out.stderr
    assert out.stdout == ""


def test_validate_malformed_json_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"framework": ', encoding="utf-8")
    out = run("validate", str(bad))
    assert out.returncode == 1
    assert "broken.json" in out.stderr


def test_score_missing_file_is_bad_input(tmp_path: Path) -> None:
    out = run("score", str(tmp_path / "absent.json"))
    assert out.returncode == 1
    assert "absent.json" in out.stderr


# --- calendar ---------------------------------------------------------------------------------
# Golden dates: the official 2025 and 2026 schedules (CV 8726/VPCP-KGVX, CV 12729/VPCP-KGVX,
# TB 9441/TB-BNV as summarised in the reference notes), counted by hand.


def test_holidays_2025_json_matches_the_official_schedule() -> None:
    out = run("holidays", "2025", "--json")
    assert out.returncode == 0, out.stderr
    days = {d["date"]: d for d in json.loads(out.stdout)}
    off = {d for d, v in days.items() if v["day_off"]}
    weekdays_off = {d for d in off if dt.date.fromisoformat(d).weekday() < 5}
    assert weekdays_off == {
        "2025-01-01",
        "2025-01-27",
        "2025-01-28",
        "2025-01-29",
        "2025-01-30",
        "2025-01-31",
        "2025-04-07",
        "2025-04-30",
        "2025-05-01",
        "2025-05-02",
        "2025-09-01",
        "2025-09-02",
    }
    assert days["2025-04-26"]["day_off"] is False  # make-up Saturday
    assert not any(v["provisional"] for v in days.values())


def test_holidays_table_in_vietnamese_marks_the_swap() -> None:
    out = run("holidays", "2025")
    assert out.returncode == 0, out.stderr
    swap = next(line for line in out.stdout.splitlines() if "02/05/2025" in cells(line)[0])
    assert "Nghỉ hoán đổi" in swap
    makeup = next(line for line in out.stdout.splitlines() if line.startswith("Thứ Bảy 26/04"))
    assert "Làm bù" in makeup


def test_provisional_year_is_flagged() -> None:
    out = run("holidays", "2030", "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert "provisional" in out.stdout
    # Tết 2030 is 2 February in the Vietnamese (UTC+7) calendar, 3 February in the Chinese one.
    tet = next(line for line in out.stdout.splitlines() if "day 1 of the 1st lunar" in line)
    assert "2030-02-02" in tet


def test_culture_day_only_when_asked() -> None:
    plain = json.loads(run("holidays", "2026", "--json").stdout)
    assert "2026-11-24" not in {d["date"] for d in plain}
    opted = json.loads(run("holidays", "2026", "--json", "--culture-day").stdout)
    entry = next(d for d in opted if d["date"] == "2026-11-24")
    assert entry["provisional"] is True


@pytest.mark.parametrize(
    ("date", "working"),
    [
        ("2025-05-02", False),  # swapped day off
        ("2025-04-26", True),  # make-up Saturday
        ("2025-05-03", False),  # ordinary Saturday
        ("2026-02-16", False),  # Tết 2026, 29 tháng Chạp
        ("2026-02-23", True),  # first working day after Tết 2026
    ],
)
def test_workday(date: str, working: bool) -> None:
    out = run("workday", date, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["working_day"] is working


def test_workday_explains_in_words() -> None:
    out = run("workday", "2025-05-02")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Thứ Sáu 02/05/2025: không phải ngày làm việc")
    assert "Nguồn:" in out.stdout


def test_workday_refuses_ambiguous_dates() -> None:
    out = run("workday", "02/05/2025")
    assert out.returncode == 2  # an argument of the wrong form: a usage error
    assert "YYYY-MM-DD" in out.stderr
    assert "Giá trị không hợp lệ cho 'DATE'" in out.stderr


@pytest.mark.parametrize("date", ["1850-01-01", "2200-01-01"])
def test_workday_out_of_range(date: str) -> None:
    out = run("workday", date, "--lang", "en")
    assert out.returncode == 2
    error = out.stderr.splitlines()[-1]
    assert error == (
        f"Error: Invalid value for 'DATE': {date} is outside the calendar's range"
        " 1900-01-01 .. 2199-12-31"
    )  # the argument's name, not the library's parameter ("d: ...")


@pytest.mark.parametrize(
    ("date", "n", "expected"),
    [
        ("2025-04-25", "3", "2025-04-29"),  # Sat 26/4 is a make-up working day
        ("2026-02-13", "5", "2026-02-27"),  # across the 14-22/2 Tết break
        ("2025-05-05", "-1", "2025-04-29"),  # backwards over 30/4-4/5
        ("2025-05-03", "0", "2025-05-05"),  # n = 0 on a rest day: the next working day
    ],
)
def test_add_days(date: str, n: str, expected: str) -> None:
    out = run("add-days", date, n, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["result"] == expected


def test_add_days_needs_an_integer() -> None:
    out = run("add-days", "2025-04-25", "three")
    assert out.returncode == 2


def test_deadline_with_cutoff_moves_the_receipt_day() -> None:
    late = json.loads(
        run("deadline", "2025-04-29T16:00", "1", "--cutoff", "15:00", "--json").stdout
    )
    assert late["receipt_day"] == "2025-05-05"
    assert late["due_date"] == "2025-05-06"
    plain = json.loads(run("deadline", "2025-04-29T16:00", "1", "--json").stdout)
    assert plain["due_date"] == "2025-05-05"


def test_deadline_human_output_cites_the_cutoff_rule() -> None:
    out = run("deadline", "2025-04-29T16:00", "1", "--cutoff", "15:00")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Hạn trả kết quả: Thứ Ba 06/05/2025")
    assert "NĐ 23/2015/NĐ-CP" in out.stdout


@pytest.mark.parametrize("cutoff", ["25:00", "3pm", "15"])
def test_deadline_bad_cutoff_is_a_usage_error(cutoff: str) -> None:
    out = run("deadline", "2025-04-29", "1", "--cutoff", cutoff)
    assert out.returncode == 2
    assert "--cutoff" in out.stderr


def test_deadline_negative_days_is_a_usage_error() -> None:
    out = run("deadline", "2025-04-29", "-2", "--lang", "en")
    assert out.returncode == 2
    assert "Invalid value for 'N'" in out.stderr and "working_days" not in out.stderr


# --- Excel form -------------------------------------------------------------------------------


def test_template_writes_a_form_that_reads_back(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "mau.xlsx"
    res = run("template", DONG_NAI, "--xlsx", str(out))
    assert res.returncode == 0, res.stderr
    assert out.is_file()
    wb = openpyxl.load_workbook(out)
    cells = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    for criterion_id in ("tuyen-truyen", "van-hoa-cong-so", "hai-long", "cai-cach-hanh-chinh"):
        assert criterion_id in cells


def test_template_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "mau.xlsx"
    out.write_bytes(b"keep me")
    res = run("template", DONG_NAI, "--xlsx", str(out))
    assert res.returncode == 2  # the argument names a file that exists: a usage error
    assert "--force" in res.stderr
    assert out.read_bytes() == b"keep me"


def test_template_needs_xlsx_option() -> None:
    assert run("template", DONG_NAI).returncode == 2


def test_template_unknown_framework(tmp_path: Path) -> None:
    res = run("template", "no/such", "--xlsx", str(tmp_path / "x.xlsx"))
    assert res.returncode == 2
    assert not (tmp_path / "x.xlsx").exists()


def test_template_help_names_the_option_it_has() -> None:
    out = run("template", "--help")
    assert out.returncode == 0
    assert "--xlsx FILE" in out.stdout
    assert "OUT" not in out.stdout


def test_score_reads_a_filled_excel_form(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    from chinhquyen import criteria, scoring
    from chinhquyen.scoring import excel

    filled = excel.template(criteria.load(DONG_NAI), scoring.load_assessment(EXAMPLE))
    path = tmp_path / "xa-minh-hoa.xlsx"
    filled.save(path)
    out = run("score", str(path), "--json")
    assert out.returncode == 0, out.stderr
    card = json.loads(out.stdout)
    assert Decimal(card["total"]) == Decimal("91.8")  # same answers as the JSON example
    assert card["unit"]["name"] == "Xã Thống Nhất"


# --- properties: the command is a faithful, thin layer over the calendar ----------------------
# Run in-process (click's CliRunner) so hypothesis can try many inputs; the subprocess tests above
# cover the real entry point.

NATIONAL = WorkingCalendar.national()


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@settings(max_examples=60, deadline=None)
@given(calendar_dates, working_day_offsets)
def test_add_days_agrees_with_the_calendar(d: dt.date, n: int) -> None:
    code, out = invoke("add-days", d.isoformat(), str(n), "--json")
    assert code == 0, out
    assert json.loads(out)["result"] == NATIONAL.add_working_days(d, n).isoformat()


@settings(max_examples=60, deadline=None)
@given(schedule_era_dates)
def test_workday_agrees_with_the_calendar(d: dt.date) -> None:
    code, out = invoke("workday", d.isoformat(), "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["working_day"] is NATIONAL.is_working_day(d)
    assert data["provisional"] is NATIONAL.is_provisional(d)


@settings(max_examples=30, deadline=None)
@given(calendar_years)
def test_holidays_lists_every_entry_of_the_year(year: int) -> None:
    code, out = invoke("holidays", str(year), "--json")
    assert code == 0, out
    shown = [(h["date"], h["day_off"]) for h in json.loads(out)]
    assert shown == [(h.date.isoformat(), h.is_day_off) for h in NATIONAL.holidays(year)]


@settings(max_examples=60, deadline=None)
@given(
    receipt_moments,
    working_day_counts,
    cutoff_times.map(lambda t: None if t is None else t.replace(second=0, microsecond=0)),
)
def test_deadline_agrees_with_the_calendar(
    moment: dt.datetime, n: int, cutoff: dt.time | None
) -> None:
    args = ["deadline", moment.isoformat(), str(n), "--json"]
    if cutoff is not None:
        args += ["--cutoff", cutoff.strftime("%H:%M")]
    code, out = invoke(*args)
    try:
        expected = NATIONAL.deadline(moment, n, cutoff=cutoff)
    except ChinhQuyenError as e:
        assert code == 1
        assert str(e).splitlines()[0] in out
        return
    assert code == 0, out
    data = json.loads(out)
    assert data["due_date"] == expected.due_date.isoformat()
    assert data["receipt_day"] == expected.receipt_day.isoformat()
    assert len(data["steps"]) == len(expected.steps)
    # The due date is never before the receipt, and a positive limit is always after it.
    assert data["due_date"] >= moment.date().isoformat()
    if n > 0:
        assert data["due_date"] > data["receipt_day"]


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=12).filter(lambda s: not s.startswith("-")))
def test_garbage_dates_are_bad_input_never_a_crash(text: str) -> None:
    code, out = invoke("workday", text)
    if code == 0:
        assert dt.date.fromisoformat(text)  # only a real ISO date may succeed
    else:
        assert code == 2, out  # the argument is refused: a usage error
        assert "Lỗi: Giá trị không hợp lệ cho 'DATE': " in out


def test_validate_conduct_code_file_counts_its_rules() -> None:
    import tomllib

    path = (
        Path(chinhquyen.__file__).parent
        / "criteria"
        / "data"
        / "conduct"
        / "dong-nai"
        / "4-xin-4-luon-5-khong.toml"
    )
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    n = sum(len(g["rules"]) for g in raw["groups"])  # counted from the file, not the loader
    assert n >= 13  # 4 xin + 4 luôn + 5 không, at least
    out = run("validate", str(path), "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"Valid: conduct code dong-nai/4-xin-4-luon-5-khong, {n} rules"


def test_score_table_shows_self_and_computed_points() -> None:
    out = run("score", str(EXAMPLE))
    assert out.returncode == 0, out.stderr
    rows = {cells(line)[0]: cells(line) for line in out.stdout.splitlines() if line}
    # cai-cach-hanh-chinh: max 50, self-scored 45, computed 50 × 88.6 / 100 = 44.3
    assert rows["cai-cach-hanh-chinh"][1:4] == ["50", "45", "44.3"]
    assert "Tổng điểm: 91.8/100 — tự chấm 92.5" in out.stdout
    assert "Xếp hạng: 3 sao" in out.stdout


def test_score_explain_prints_the_trace_with_sources() -> None:
    out = run("score", str(EXAMPLE), "--explain", "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert "Total: 91.8/100" in out.stdout
    assert "Source:" in out.stdout


# --- a province's own framework file ----------------------------------------------------------

SAMPLE_FRAMEWORK = """
id = "vi-du/bo-tieu-chi-mau"
version = "2026"
title = "Bộ tiêu chí mẫu (minh họa)"
issuer = "Kiểm thử chinhquyen"
effective_from = 2026-01-01
status = "derived"
status_note = "Minh họa cho kiểm thử; mọi giá trị là giả định."
max_points = 30

[jurisdiction]
province = "Tỉnh Mẫu"
level = "commune"

[rounding]
places = 2
mode = "half_up"

[[legal_basis]]
document = "Kiểm thử (minh họa)"
basis = "assumption"

[[tiers]]
label = "Chưa đạt"
min_points = 0
sources = [{ document = "Kiểm thử (minh họa)", basis = "assumption" }]

[[tiers]]
label = "Đạt"
min_points = 24
sources = [{ document = "Kiểm thử (minh họa)", basis = "assumption" }]

[[knockouts]]
kind = "minimum_total"
points = 29
effect = { no_tier = true }
sources = [{ document = "Kiểm thử (minh họa)", basis = "assumption" }]

[[groups]]
id = "mot-cua"
title = "Giải quyết thủ tục hành chính"
max_points = 20
sources = [{ document = "Kiểm thử (minh họa)", basis = "assumption" }]

[[groups.criteria]]
id = "dung-han"
title = "Tỷ lệ hồ sơ trước và đúng hạn"
max_points = 20
sources = [{ document = "Kiểm thử (minh họa)", basis = "assumption" }]

[groups.criteria.measure]
kind = "ratio"
numerator = "hồ sơ đúng hạn"
denominator = "hồ sơ"
threshold = "0.9"
on_empty = "not_applicable"

[[groups]]
id = "cong-khai"
title = "Công khai"
max_points = 10
sources = [{ document = "Kiểm thử (minh họa)", basis = "assumption" }]

[[groups.criteria]]
id = "so-dien-thoai"
title = "Công khai số điện thoại của lãnh đạo xã"
max_points = 10
measure = { kind = "yes_no" }
sources = [{ document = "Kiểm thử (minh họa)", basis = "assumption" }]
"""


def _sample_files(tmp_path: Path) -> tuple[Path, Path]:
    fw = tmp_path / "bo-tieu-chi-mau.toml"
    fw.write_text(SAMPLE_FRAMEWORK, encoding="utf-8")
    answers = {
        "framework": "vi-du/bo-tieu-chi-mau",
        "unit": {"code": "00001", "name": "Xã A", "province": "Tỉnh Mẫu"},
        "period": 2026,
        "answers": {
            "dung-han": {"value": {"kind": "ratio", "numerator": 81, "denominator": 100}},
            "so-dien-thoai": {"value": {"kind": "yes_no", "value": True}},
        },
    }
    a = tmp_path / "xa-a.json"
    a.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return fw, a


def test_score_against_a_framework_file_with_a_knockout(tmp_path: Path) -> None:
    fw, a = _sample_files(tmp_path)
    out = run("score", str(a), "--framework", str(fw))
    assert out.returncode == 0, out.stderr
    # 20 × 0.81 / 0.9 = 18, plus 10: 28 — "Đạt" from 24, but below the 29-point minimum.
    assert "Tổng điểm: 28/30" in out.stdout
    assert "Xếp hạng: —" in out.stdout
    assert "Điều kiện loại:" in out.stdout
    data = json.loads(run("score", str(a), "--framework", str(fw), "--json").stdout)
    assert data["tier_before_knockouts"] == "Đạt"
    assert data["tier"] is None


def test_validate_against_a_framework_file(tmp_path: Path) -> None:
    fw, a = _sample_files(tmp_path)
    out = run("validate", str(a), "--framework", str(fw), "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert "computed total 28" in out.stdout
    unknown = run("validate", str(a))  # not in the catalogue: the message says what exists
    assert unknown.returncode == 1
    assert "vi-du/bo-tieu-chi-mau" in unknown.stderr


def _cohort_folder(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    base = json.loads(EXAMPLE.read_text("utf-8"))
    b = json.loads(json.dumps(base))
    # three real units of Đồng Nai (scoring checks a 2025 unit against the registry)
    b["unit"].update(code="26359", name="Xã Xuân Đông")
    b["answers"]["cai-cach-hanh-chinh"]["value"]["score"] = 100
    c = json.loads(json.dumps(base))
    c["unit"].update(code="25210", name="Phường Đồng Xoài", type="phường")
    del c["answers"]["hai-long"]
    for name, doc in (("a.json", base), ("b.json", b), ("c.json", c)):
        (tmp_path / name).write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return tmp_path


def test_cohort_ranks_a_folder_of_submissions(tmp_path: Path) -> None:
    out = run("cohort", str(_cohort_folder(tmp_path)), "--lang", "en")
    assert out.returncode == 0, out.stderr
    rows = [cells(line) for line in out.stdout.splitlines() if line.strip()[:1].isdigit()]
    # by hand: B gets 50 for an index of 100/100 (14 + 14.5 + 19 + 50 = 97.5, self 92.5);
    # A is the example (91.8, self 92.5); C has no satisfaction answer (14 + 14.5 + 44.3)
    # rank, code, name, self, total, gap, tier
    assert [(r[0], r[1], r[4], r[5], r[6]) for r in rows] == [
        ("1", "26359", "97.5", "-5", "4 stars"),
        ("2", "26299", "91.8", "+0.7", "3 stars"),
        ("3", "25210", "72.8", "+0.7", "1 star *"),
    ]
    assert "provisional" in out.stdout
    as_json = run("cohort", str(tmp_path), "--json")
    # written with the framework's 2 decimal places
    assert [card["total"] for card in json.loads(as_json.stdout)] == ["91.80", "97.50", "72.80"]


def test_cohort_refuses_a_folder_of_mixed_frameworks(tmp_path: Path) -> None:
    _cohort_folder(tmp_path)
    other = Path(chinhquyen.__file__).parent / "scoring" / "examples" / "bac-giang-2023.toml"
    (tmp_path / "d.toml").write_text(other.read_text("utf-8"), "utf-8")
    out = run("cohort", str(tmp_path), "--lang", "en")
    assert out.returncode == 1
    assert "2 frameworks" in out.stderr and "bac-giang/cqtt" in out.stderr
    vi = run("cohort", str(tmp_path))
    assert vi.returncode == 1
    assert vi.stderr.startswith("Lỗi: ") and "2 bộ tiêu chí" in vi.stderr


# --- tables that fit the terminal --------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize(
    "args",
    [
        ("frameworks",),
        ("frameworks", "--lang", "en"),
        ("show", DONG_NAI),
        ("show", DONG_NAI, "--lang", "en"),
        ("show", "bac-giang/cqtt", "--lang", "en"),
        ("show", "national/qd-766-2022"),
        ("score", str(EXAMPLE)),
        ("holidays", "2025"),
        ("holidays", "2026", "--lang", "en"),
    ],
    ids=" ".join,
)
def test_tables_fit_80_columns_without_breaking_words(args: tuple[str, ...]) -> None:
    narrow = run(*args, columns=80)
    wide = run(*args, columns=1000)
    assert narrow.returncode == wide.returncode == 0, narrow.stderr
    assert all(len(line) <= 80 for line in narrow.stdout.splitlines() if line.startswith("  "))
    table_lines = narrow.stdout.splitlines()
    rules = [line for line in narrow.stdout.splitlines() if set(line) == {"─"}]
    assert rules, "a table has a rule under its headings"
    for line in rules:
        assert len(line) <= 80  # each rule is one line: it never wraps
    tables = [line for line in table_lines if line in rules or "   " in line]
    assert all(len(line) <= 80 for line in tables), max(tables, key=len)
    # every word printed at 80 columns is a word of the unwrapped output: nothing is cut
    # in the middle of a word or shortened with "…"
    whole = set(_words(wide.stdout))
    broken = [w for w in _words(narrow.stdout) if w not in whole and set(w) != {"─"}]
    assert broken == []
    assert sorted(w for w in _words(narrow.stdout) if set(w) != {"─"}) == sorted(
        w for w in _words(wide.stdout) if set(w) != {"─"}
    )


def test_cohort_and_appraise_tables_fit_80_columns(tmp_path: Path) -> None:
    folder = _cohort_folder(tmp_path / "nop")
    table = _appraisal_table(tmp_path)
    for args in (("cohort", str(folder)), ("appraise", str(folder), str(table), "--lang", "en")):
        narrow, wide = run(*args, columns=80), run(*args, columns=1000)
        assert narrow.returncode == 0, narrow.stderr
        assert all(len(line) <= 80 for line in narrow.stdout.splitlines() if "   " in line)
        rules = {"─" * n for n in range(1, 200)}
        assert sorted(w for w in _words(narrow.stdout) if w not in rules) == sorted(
            w for w in _words(wide.stdout) if w not in rules
        )  # the same words: none cut, none shortened with "…"


# --- the language: global, from the environment, Vietnamese by default --------------------------


def test_lang_before_the_command_and_from_the_environment() -> None:
    after = run("frameworks", "--lang", "en")
    before = run("--lang", "en", "frameworks")
    from_env = run("frameworks", env={"CHINHQUYEN_LANG": "en"})
    assert after.returncode == before.returncode == from_env.returncode == 0
    assert after.stdout == before.stdout == from_env.stdout
    assert after.stdout.startswith("Frameworks\n")
    assert run("frameworks").stdout.startswith("Bộ tiêu chí\n")  # Vietnamese by default
    # the command's own --lang wins over the one before it and over the environment
    mixed = run("--lang", "en", "frameworks", "--lang", "vi", env={"CHINHQUYEN_LANG": "en"})
    assert mixed.stdout.startswith("Bộ tiêu chí\n")
    assert run("--lang", "vi", "demo", env={"CHINHQUYEN_LANG": "en"}).stdout.count("Tổng điểm")


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (("no-such",), "Lỗi: Không có lệnh 'no-such'.", "Error: No such command 'no-such'."),
        (
            ("add-days", "2025-01-01", "x"),
            "Lỗi: Giá trị không hợp lệ cho 'N': 'x' không phải là số nguyên.",
            "Error: Invalid value for 'N': 'x' is not a valid integer.",
        ),
        (
            ("deadline", "2025-04-29", "1", "--cutoff", "3pm"),
            "Lỗi: Giá trị không hợp lệ cho '--cutoff': '3pm' không phải giờ dạng HH:MM"
            " (ví dụ 15:00)",
            "Error: Invalid value for '--cutoff': '3pm' is not a time HH:MM (e.g. 15:00)",
        ),
        (
            ("add-days", "2199-12-30", "5"),
            "Lỗi: kết quả nằm ngoài phạm vi của lịch (1900-01-01 .. 2199-12-31); chọn ngày"
            " hoặc số ngày khác",
            "Error: the answer falls outside the calendar's range 1900-01-01 .. 2199-12-31;"
            " choose another date or number of days",
        ),
        (
            ("score",),
            "Lỗi: Thiếu đối số 'PATH'.",
            "Error: Missing argument 'PATH'.",
        ),
    ],
)
def test_the_commands_own_messages_in_both_languages(
    args: tuple[str, ...], vi: str, en: str
) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert out.stderr.splitlines()[-1] == vi
    assert run(*args, env={"CHINHQUYEN_LANG": "en"}).stderr.splitlines()[-1] == en
    assert run("--lang", "en", *args).stderr.splitlines()[-1] == en
    if args[0] != "add-days" or args[2] == "x":  # a refused answer is not a usage mistake
        usage = run(*args).stderr.splitlines()
        assert usage[0].startswith("Cách dùng: chinhquyen ")
        assert usage[1].startswith("Xem 'chinhquyen ") and usage[1].endswith("để biết cách dùng.")


def test_a_library_error_is_reported_in_the_language_asked(tmp_path: Path) -> None:
    vi = run("score", str(tmp_path / "absent.json"))
    en = run("score", str(tmp_path / "absent.json"), "--lang", "en")
    assert vi.returncode == en.returncode == 1
    assert vi.stderr.startswith("Lỗi: ") and en.stderr.startswith("Error: ")
    assert "absent.json" in vi.stderr


# --- exit status: 2 for what was typed, 1 for what a file holds -------------------------------


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("workday", "02/05/2025"), 2),  # a date of the wrong form
        (("workday", "2025-02-30"), 2),  # not a real date
        (("workday", "2200-01-01"), 2),  # outside the calendar
        (("holidays", "99999"), 2),  # a year outside the calendar
        (("holidays", "abc"), 2),
        (("add-days", "2025-13-01", "1"), 2),
        (("deadline", "2025-04-29T25:00", "1"), 2),
        (("deadline", "2025-04-29", "1", "--cutoff", "25:00"), 2),
        (("show", "no/such"), 2),  # an unknown framework id
        (("score", str(EXAMPLE), "--framework", "no/such"), 2),
        (("score", str(EXAMPLE), "--csv", "{tmp}/out.txt"), 2),  # an output of the wrong type
        (("score", "{tmp}/absent.json"), 1),  # an input file that does not exist
        (("cohort", "{tmp}/absent-folder"), 1),
        (("validate", "{tmp}/absent.toml"), 1),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else str(v),
)
def test_exit_status(args: tuple[str, ...], status: int, tmp_path: Path) -> None:
    out = run(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert out.returncode == status, out.stderr
    assert out.stdout == ""
    assert " d: " not in out.stderr and "add_working_days" not in out.stderr


# --- writing tables to files -------------------------------------------------------------------


def test_score_writes_csv_and_xlsx_with_codes_as_text(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from chinhquyen import scoring

    # a 2023 submission (before the registry of units starts, so the code is taken as written)
    example = scoring.load_assessment(scoring.example_path("bac-giang-2023.toml"))
    data = json.loads(example.model_dump_json())
    data["unit"]["code"] = "00006"
    path = tmp_path / "xa.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    csv_file, xlsx = tmp_path / "phieu.csv", tmp_path / "phieu.xlsx"
    out = run("score", str(path), "--json", "--csv", str(csv_file), "--xlsx", str(xlsx))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["unit"]["code"] == "00006"  # standard output stays JSON
    assert f"Đã ghi {csv_file}" in out.stderr and f"Đã ghi {xlsx}" in out.stderr
    text = csv_file.read_text("utf-8-sig").splitlines()
    assert text[0].startswith("unit_code,unit_name,period,criterion_id,")
    assert text[1].startswith(f"00006,{example.unit.name},2023,")
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet["A2"].value == "00006" and sheet["A2"].data_type == "s"
    again = run("score", str(path), "--csv", str(csv_file))
    assert again.returncode == 2 and "--force" in again.stderr  # nothing overwritten silently
    assert run("score", str(path), "--csv", str(csv_file), "--force").returncode == 0


def test_cohort_writes_its_ranking(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    import pandas as pd

    from chinhquyen.scoring.export import TEXT_COLUMNS

    folder = _cohort_folder(tmp_path / "nop")
    xlsx = tmp_path / "xep-hang.xlsx"
    out = run("cohort", str(folder), "--xlsx", str(xlsx), "--csv", str(tmp_path / "x.csv"))
    assert out.returncode == 0, out.stderr
    frame = pd.read_excel(xlsx, dtype=TEXT_COLUMNS)
    assert list(frame["unit_code"]) == ["26359", "26299", "25210"]
    assert list(frame["total"]) == [97.5, 91.8, 72.8]
    bad = run("cohort", str(folder), "--xlsx", str(tmp_path / "x.xls"))
    assert bad.returncode == 2 and ".xlsx" in bad.stderr


# --- appraise: a council's table applied to a folder ------------------------------------------


def _appraisal_table(tmp_path: Path) -> Path:
    table = tmp_path / "tham-dinh.csv"
    table.write_text(
        "Mã xã,Mã tiêu chí,Điểm thẩm định,Lý do,Người thẩm định\n"
        "26299,tuyen-truyen,12,Thiếu minh chứng 2 đợt tuyên truyền,Đoàn thẩm định\n",
        "utf-8",
    )
    return table


def test_appraise_applies_the_table_and_shows_three_totals(tmp_path: Path) -> None:
    folder = _cohort_folder(tmp_path / "nop")
    out = run("appraise", str(folder), str(_appraisal_table(tmp_path)), "--lang", "en")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    head = next(cells(line) for line in lines if line.startswith("Rank"))
    assert head == ["Rank", "Code", "Name", "Self", "Computed", "Appraised", "Total", "Gap", "Tier"]
    rows = [cells(line) for line in lines if line.strip()[:1].isdigit()]
    # 26299: tuyen-truyen 14 appraised as 12: 91.8 - 2 = 89.8, below 90: 2 stars; the self
    # total 92.5 and the computed 91.8 are kept beside it
    assert rows[1] == [
        "2",
        "26299",
        "Xã Thống Nhất",
        "92.5",
        "91.8",
        "89.8",
        "89.8",
        "+2.7",
        "2 stars",
    ]
    assert rows[0] == ["1", "26359", "Xã Xuân Đông", "92.5", "97.5", "97.5", "-5", "4 stars"]
    assert "1 of 3 communes appraised" in out.stdout
    cards = json.loads(
        run("appraise", str(folder), str(_appraisal_table(tmp_path)), "--json").stdout
    )
    appraised = {c["unit"]["code"]: c["appraised"] for c in cards}
    assert appraised == {"26299": True, "26359": False, "25210": False}


def test_appraise_names_a_refused_row(tmp_path: Path) -> None:
    folder = _cohort_folder(tmp_path / "nop")
    table = tmp_path / "tham-dinh.csv"
    table.write_text(
        "Mã xã,Mã tiêu chí,Điểm thẩm định,Lý do\n26299,tuyen-truyen,16,quá điểm tối đa\n", "utf-8"
    )
    out = run("appraise", str(folder), str(table), "--lang", "en")
    assert out.returncode == 1
    assert "tham-dinh.csv" in out.stderr and "row 2" in out.stderr
    assert out.stdout == ""


# --- cohort --skip-invalid ----------------------------------------------------------------------
# Built on `load_assessments(folder, errors="collect")`, which gives the assessments read, the
# file of each, the files that could not be read (each with its error) and the blank forms.


@attrs.frozen
class _Problem:
    path: Path
    error: ChinhQuyenError


@attrs.frozen
class _Loaded:
    assessments: tuple[object, ...]
    files: tuple[Path, ...]
    problems: tuple[_Problem, ...]
    blank: tuple[Path, ...]


def _folder_with_bad_files(tmp_path: Path) -> Path:
    folder = _cohort_folder(tmp_path / "nop")
    (folder / "d.json").write_text('{"framework": ', "utf-8")  # cannot be read
    over = json.loads(EXAMPLE.read_text("utf-8"))
    over["unit"].update(code="25246", name="Xã Bình Tân")
    over["answers"]["tuyen-truyen"]["self_score"] = 16  # read, but the criterion's max is 15
    (folder / "e.json").write_text(json.dumps(over, ensure_ascii=False), "utf-8")
    return folder


def test_cohort_skip_invalid_lists_each_problem_on_its_own_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command's side, against a stand-in with the collecting loader's shape."""
    from chinhquyen import scoring
    from chinhquyen.errors import DataFileError

    folder = _folder_with_bad_files(tmp_path)
    blank = folder / "mau-trong.xlsx"
    real = scoring.load_assessment

    def collect(source: str, *, errors: str = "raise") -> _Loaded:
        assert errors == "collect"
        good = [folder / n for n in ("a.json", "b.json", "c.json", "e.json")]
        bad = folder / "d.json"
        error = DataFileError(str(bad), "not valid JSON:\nline 1, column 15: expected a value")
        return _Loaded(tuple(real(p) for p in good), tuple(good), (_Problem(bad, error),), (blank,))

    monkeypatch.setattr(scoring, "load_assessments", collect)
    result = CliRunner().invoke(main, ["--lang", "en", "cohort", str(folder), "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert [line.split()[1] for line in result.stdout.splitlines() if line.strip()[:1] == "1"] == [
        "26359"
    ]
    assert "3 communes" in result.stdout  # a, b, c: d cannot be read, e cannot be scored
    assert result.stderr.splitlines() == [
        "Left out 2 files that cannot be read or scored:",
        f"  - {folder / 'd.json'}: not valid JSON:",
        "    line 1, column 15: expected a value",
        f"  - {folder / 'e.json'}: criterion tuyen-truyen: self-score 16 is outside 0..15",
        f"Not filled in (a blank form): {blank}",
    ]


def test_cohort_without_skip_invalid_stops_at_a_bad_file(tmp_path: Path) -> None:
    out = run("cohort", str(_folder_with_bad_files(tmp_path)))
    assert out.returncode == 1
    assert "d.json" in out.stderr and out.stdout == ""


@pytest.mark.skipif(
    not hasattr(__import__("chinhquyen.scoring").scoring, "LoadedAssessments"),
    reason="load_assessments(errors='collect') has not landed yet",
)
def test_cohort_skip_invalid_end_to_end(tmp_path: Path) -> None:
    out = run("cohort", str(_folder_with_bad_files(tmp_path)), "--skip-invalid", "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert "3 communes" in out.stdout
    assert "d.json" in out.stderr and "e.json" in out.stderr
