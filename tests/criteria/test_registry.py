"""Plug-ins through entry points, look-ups by date, diff and the Markdown page."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from collections.abc import Iterator
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from chinhquyen import criteria
from chinhquyen.criteria import PluginWarning, registry
from chinhquyen.criteria._lines import key_lines, line_of
from chinhquyen.errors import UnknownFrameworkError

FIXTURES = Path(__file__).parent / "fixtures"


class _FakeEntryPoint:
    def __init__(self, name: str, target: Any) -> None:
        self.name = name
        self.value = f"fake_plugin:{name}"
        self._target = target

    def load(self) -> Any:
        return self._target


@pytest.fixture
def plugin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A fake installed package whose entry point gives a folder of TOML files."""
    root = tmp_path / "plugin_data"
    (root / "conduct").mkdir(parents=True)
    shutil.copy(FIXTURES / "good_every_kind.toml", root / "every-kind.toml")
    code = (
        Path(criteria.__file__).parent
        / "data"
        / "conduct"
        / "dong-nai"
        / "4-xin-4-luon-5-khong.toml"
    ).read_text(encoding="utf-8")
    (root / "conduct" / "code.toml").write_text(
        code.replace('id = "dong-nai/4-xin-4-luon-5-khong"', 'id = "test-province/code"'),
        encoding="utf-8",
    )

    def fake(group: str) -> list[_FakeEntryPoint]:
        if group != "chinhquyen.frameworks":
            return []  # pydantic looks for its own plug-ins
        return [_FakeEntryPoint("test", lambda: str(root))]

    monkeypatch.setattr(metadata, "entry_points", fake)
    criteria.clear_cache()
    yield root
    criteria.clear_cache()


def test_plugin_frameworks_and_codes_are_listed(plugin: Path) -> None:
    assert "test-province/every-kind" in criteria.available()
    assert "dong-nai/qd-54-2025" in criteria.available()
    assert "test-province/code" in criteria.conduct_codes()
    fw = criteria.load("test-province/every-kind")
    assert fw.tier_for(Decimal("92.5")).label == "Xuất sắc"  # type: ignore[union-attr]
    assert criteria.conduct_code("test-province/code").rule("xin-loi").text == "Xin lỗi"
    found = criteria.for_date("Thử Nghiệm", on=dt.date(2025, 6, 1))
    assert [f.id for f in found] == ["test-province/every-kind"]


def test_a_plug_in_framework_may_name_a_plug_in_conduct_code(plugin: Path) -> None:
    text = (plugin / "every-kind.toml").read_text(encoding="utf-8")
    own = text.replace("dong-nai/4-xin-4-luon-5-khong", "test-province/code")
    (plugin / "own-code.toml").write_text(
        own.replace("test-province/every-kind", "test-province/own-code"), encoding="utf-8"
    )
    criteria.clear_cache()
    assert criteria.load("test-province/own-code").conduct_codes == ["test-province/code"]
    # a file given by path sees the plug-ins' codes too
    assert criteria.load(plugin / "own-code.toml").id == "test-province/own-code"


class _BrokenEntryPoint(_FakeEntryPoint):
    def load(self) -> Any:
        raise ImportError("No module named 'chinhquyen_tinh_hong'")


def _entry_points(monkeypatch: pytest.MonkeyPatch, *points: _FakeEntryPoint) -> list[str]:
    """Install fake entry points; the returned list records each time they are asked for."""
    asked: list[str] = []

    def fake(group: str) -> list[_FakeEntryPoint]:
        if group != "chinhquyen.frameworks":
            return []  # pydantic looks for its own plug-ins
        asked.append(group)
        return list(points)

    monkeypatch.setattr(metadata, "entry_points", fake)
    criteria.clear_cache()
    return asked


@pytest.fixture
def fresh() -> Iterator[None]:
    criteria.clear_cache()
    yield
    criteria.clear_cache()


def test_a_shipped_framework_loads_without_asking_for_plug_ins(
    monkeypatch: pytest.MonkeyPatch, fresh: None
) -> None:
    asked = _entry_points(monkeypatch, _BrokenEntryPoint("hong", None))
    assert criteria.load("dong-nai/qd-54-2025").id == "dong-nai/qd-54-2025"
    assert criteria.conduct_code("dong-nai/4-xin-4-luon-5-khong").id
    assert asked == []  # no plug-in imported: loading is lazy


def test_a_broken_plug_in_is_set_aside_and_reported(
    monkeypatch: pytest.MonkeyPatch, fresh: None, plugin: Path
) -> None:
    good = _FakeEntryPoint("test", lambda: str(plugin))
    _entry_points(monkeypatch, _BrokenEntryPoint("hong", None), good)
    with pytest.warns(PluginWarning, match=r"plug-in 'hong' .*ImportError: No module named"):
        ids = criteria.available()
    assert {"dong-nai/qd-54-2025", "test-province/every-kind"} <= set(ids)
    assert criteria.load("test-province/every-kind").id == "test-province/every-kind"
    [problem] = criteria.plugin_problems()
    assert (problem.plugin, problem.source) == ("hong", "hong = fake_plugin:hong")
    with pytest.raises(UnknownFrameworkError, match=r"no framework 'nope'.*1 plug-in problem"):
        criteria.load("nope")


def test_plug_in_id_clashes_are_set_aside(
    monkeypatch: pytest.MonkeyPatch, fresh: None, tmp_path: Path
) -> None:
    text = (FIXTURES / "good_every_kind.toml").read_text(encoding="utf-8")
    clash = tmp_path / "clash.toml"
    clash.write_text(text.replace("test-province/every-kind", "dong-nai/qd-54-2025"), "utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "twice.toml").write_text(text, "utf-8")
    (tmp_path / "b" / "twice.toml").write_text(text, "utf-8")
    _entry_points(
        monkeypatch,
        _FakeEntryPoint("clash", clash),
        _FakeEntryPoint("a", tmp_path / "a"),
        _FakeEntryPoint("b", tmp_path / "b"),
    )
    with pytest.warns(PluginWarning):
        ids = criteria.available()
    assert "test-province/every-kind" not in ids  # which of the two was meant cannot be told
    assert criteria.load("dong-nai/qd-54-2025").title.startswith("Tiêu chí và")  # the shipped one
    messages = [p.message for p in criteria.plugin_problems()]
    assert "already defined by chinhquyen:data/frameworks/dong-nai/qd-54-2025.toml" in messages[0]
    assert sum("defined by several plug-in files" in m for m in messages) == 2


@pytest.mark.parametrize(
    ("target", "words"),
    [
        (42, "must give a path"),
        ("/nowhere/at/all", "points to a missing path"),
        (lambda: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_a_plug_in_giving_no_path_is_set_aside(
    monkeypatch: pytest.MonkeyPatch, fresh: None, target: Any, words: str
) -> None:
    _entry_points(monkeypatch, _FakeEntryPoint("bad", target))
    with pytest.warns(PluginWarning, match=words):
        assert "dong-nai/qd-54-2025" in criteria.available()
    assert words in criteria.plugin_problems()[0].message


def test_unreadable_plug_in_files_are_set_aside_one_by_one(
    monkeypatch: pytest.MonkeyPatch, fresh: None, tmp_path: Path
) -> None:
    text = (FIXTURES / "good_every_kind.toml").read_text(encoding="utf-8")
    (tmp_path / "good.toml").write_text(text, "utf-8")
    (tmp_path / "deep.toml").write_text("x = " + "[" * 5000 + "]" * 5000, "utf-8")
    (tmp_path / "latin.toml").write_bytes('id = "test/latin"\ntitle = "Đông"'.encode("cp1258"))
    (tmp_path / "noid.toml").write_text('title = "no id"\n', "utf-8")
    (tmp_path / "loop").symlink_to(tmp_path)  # a folder linking to itself is not entered
    invalid = text.replace("test-province/every-kind", "test-province/invalid")
    (tmp_path / "invalid.toml").write_text(invalid.replace("max_points = 100", "max_points = 7"))
    _entry_points(monkeypatch, _FakeEntryPoint("mixed", tmp_path))
    with pytest.warns(PluginWarning):
        ids = criteria.available()
    assert {"test-province/every-kind", "test-province/invalid"} <= set(ids)
    found = {Path(p.source).name: p.message for p in criteria.plugin_problems()}
    assert set(found) == {"deep.toml", "latin.toml", "noid.toml"}
    assert "nests" in found["deep.toml"] and "utf-8" in found["latin.toml"]
    checked = {Path(p.source).name: p.message for p in criteria.plugin_problems(validate=True)}
    assert "groups add up to" in checked["invalid.toml"]
    assert "good.toml" not in checked


def test_entry_point_group_name() -> None:
    assert registry.ENTRY_POINT_GROUP == "chinhquyen.frameworks"


# --- for_date -------------------------------------------------------------------------------


def test_bac_giang_ends_with_the_merger() -> None:
    found = criteria.for_date("Bắc Giang", on=dt.date(2025, 6, 30))
    assert [f.id for f in found] == ["bac-giang/cqtt"]
    with pytest.raises(UnknownFrameworkError, match=r"bac-giang/cqtt \(2023-01-01 to 2025-06-30\)"):
        criteria.for_date("bắc giang", on=dt.date(2025, 7, 1))


def test_dong_nai_before_and_after_qd_54() -> None:
    before = [f.id for f in criteria.for_date("Đồng Nai", on=dt.date(2024, 6, 21))]
    # Chỉ thị 33-CT/TU and the two "Dân vận khéo" models (seed 000), all unscored or derived
    assert before == [
        "dong-nai/buoi-sang-voi-nhan-dan-2024",
        "dong-nai/ct-33-2024",
        "dong-nai/dvk-phan-loai-chat-thai-2024",
    ]
    # the day before Chỉ thị 33-CT/TU only the waste-sorting model (from 1/1/2024, assumed)
    early = [f.id for f in criteria.for_date("Đồng Nai", on=dt.date(2024, 3, 11))]
    assert early == ["dong-nai/dvk-phan-loai-chat-thai-2024"]
    with pytest.raises(UnknownFrameworkError, match="in force on 2023-12-31"):
        criteria.for_date("Đồng Nai", on=dt.date(2023, 12, 31))


def test_national_index() -> None:
    ids = [f.id for f in criteria.for_date("national", on=dt.date(2022, 6, 23))]
    assert ids == ["national/qd-766-2022"]


@pytest.mark.parametrize(
    ("name", "on"),
    [
        ("Tỉnh Đồng Nai", dt.date(2026, 6, 1)),  # a city since 30/4/2026, still written so
        ("Thành phố Đồng Nai", dt.date(2026, 6, 1)),
        ("Thành phố Đồng Nai", dt.date(2025, 12, 1)),  # a province then: one unit
        ("TP. Đồng Nai", dt.date(2025, 12, 1)),
        ("Bình Phước", dt.date(2025, 12, 1)),  # merged into Đồng Nai on 1/7/2025
    ],
)
def test_dong_nai_by_any_of_its_names(name: str, on: dt.date) -> None:
    ids = [f.id for f in criteria.for_date(name, on=on)]
    assert "dong-nai/qd-54-2025" in ids


def test_a_former_province_after_the_merger() -> None:
    """bac-giang/cqtt belongs to Bắc Ninh's territory from 1/7/2025, no longer in force."""
    with pytest.raises(UnknownFrameworkError, match=r"'Bắc Ninh'.*bac-giang/cqtt \(2023-01-01"):
        criteria.for_date("Bắc Ninh", on=dt.date(2025, 8, 1))
    with pytest.raises(UnknownFrameworkError, match="no framework for jurisdiction 'Bắc Ninh'"):
        criteria.for_date("Bắc Ninh", on=dt.date(2024, 8, 1))  # the former Bắc Ninh: none


def test_jurisdiction_includes_uses_the_one_matcher() -> None:
    bac_giang = criteria.load("bac-giang/cqtt").jurisdiction
    assert bac_giang.includes("Tỉnh Bắc Giang", on=dt.date(2024, 1, 1))
    assert not bac_giang.includes("Bắc Ninh", on=dt.date(2025, 6, 30))
    assert bac_giang.includes("Bắc Ninh", on=dt.date(2025, 7, 1))
    dong_nai = criteria.load("dong-nai/qd-54-2025").jurisdiction
    assert dong_nai.includes("Thành phố Đồng Nai", on=dt.date(2025, 11, 10))
    assert not dong_nai.includes("Hà Tây", on=dt.date(2025, 11, 10))  # unknown: as written
    assert criteria.load("national/qd-766-2022").jurisdiction.includes(
        "Huế", on=dt.date(2023, 1, 1)
    )
    test = criteria.Jurisdiction(province="Thử nghiệm", level="commune")
    assert test.includes("thử  NGHIỆM", on=dt.date(2025, 1, 1))  # a name outside the table


def test_for_date_needs_a_date() -> None:
    with pytest.raises(UnknownFrameworkError, match=r"datetime\.date"):
        criteria.for_date("Đồng Nai", on="2025-01-01")  # type: ignore[arg-type]


# --- diff -------------------------------------------------------------------------------------


def test_diff_lists_changed_points_and_tiers(tmp_path: Path) -> None:
    text = (FIXTURES / "good_every_kind.toml").read_text(encoding="utf-8")
    newer = text.replace('min_points = "92.5"', "min_points = 95").replace(
        'version = "1"', 'version = "2"'
    )
    path = tmp_path / "v2.toml"
    path.write_text(newer, encoding="utf-8")
    old, new = criteria.load(FIXTURES / "good_every_kind.toml"), criteria.load(path)
    changes = {c.path: c for c in old.diff(new)}
    assert set(changes) == {"version", "tiers.Xuất sắc.min_points"}
    assert changes["tiers.Xuất sắc.min_points"].old == Decimal("92.5")
    assert changes["tiers.Xuất sắc.min_points"].new == Decimal(95)
    assert str(changes["version"]) == "~ version: '1' -> '2'"


def test_diff_lists_added_and_removed_criteria() -> None:
    bac_giang = criteria.load("bac-giang/cqtt")
    dong_nai = criteria.load("dong-nai/qd-54-2025")
    kinds = {(c.kind, c.path) for c in bac_giang.diff(dong_nai)}
    assert ("removed", "criteria.dan-chu-tuyen-truyen") in kinds
    assert ("added", "criteria.tuyen-truyen") in kinds
    assert ("changed", "criteria.cai-cach-hanh-chinh.max_points") in kinds


# --- markdown -------------------------------------------------------------------------------


@pytest.mark.parametrize("fid", criteria.available())
def test_every_number_on_the_page_names_a_source(fid: str) -> None:
    page = criteria.load(fid).to_markdown()
    notes = page.split("## Nguồn / Sources")[1]
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", page.split("## Nguồn / Sources")[0])}
    listed = {int(n) for n in re.findall(r"^(\d+)\. ", notes, flags=re.MULTILINE)}
    assert cited == listed
    for line in page.splitlines():
        if line.startswith("| `") or line.startswith("### "):
            assert re.search(r"\[\d+\]", line), line


def test_dong_nai_page_shows_the_star_bands() -> None:
    page = criteria.load("dong-nai/qd-54-2025").to_markdown()
    assert "| 3 sao (3 stars) | ≥ 90 < 95 |" in page
    assert "50 × score / 100" in page


def test_conduct_code_page_lists_rule_addresses() -> None:
    from chinhquyen.criteria.render import conduct_code_markdown

    page = conduct_code_markdown(
        criteria.conduct_code("dong-nai/gia-tan-2/5-xin-5-luon-5-hon-3-khong")
    )
    assert "`dong-nai/gia-tan-2/5-xin-5-luon-5-hon-3-khong#xin-moi`: Xin mời" in page
    assert "Thân thiện - kỷ cương - trách nhiệm - tận tình" in page


# --- key lines --------------------------------------------------------------------------------


def test_key_lines_follow_arrays_of_tables() -> None:
    text = "\n".join(
        [
            'id = "x"',  # 1
            "[[groups]]",  # 2
            'id = "a"',  # 3
            "[[groups.criteria]]",  # 4
            'id = "a1"',  # 5
            "[[groups.criteria]]",  # 6
            'notes = """',  # 7
            "id = not a key",  # 8
            '"""',  # 9
            "[groups.criteria.measure]",  # 10
            "threshold = 2",  # 11
            "[[groups]]",  # 12
            "max_points = 3",  # 13
        ]
    )
    lines = key_lines(text)
    assert lines["id"] == 1
    assert lines["groups[0].criteria[1].measure.threshold"] == 11
    assert lines["groups[1].max_points"] == 13
    assert "groups[0].criteria[1].id" not in lines
    assert line_of(lines, "groups[0].criteria[1].measure.threshold") == 11
    assert line_of(lines, "groups[0].criteria[0].sources[2].url") == 4
    assert line_of(lines, "nothing.here") is None


def test_page_shows_the_status_note_in_vietnamese_then_english() -> None:
    fw = criteria.load("dong-nai/qd-54-2025")
    assert fw.status_note and fw.status_note_en
    page = fw.to_markdown()
    vi, en = page.find(fw.status_note), page.find(fw.status_note_en)
    assert 0 < vi < en


@pytest.mark.parametrize(("lang", "first"), [("vi", "status_note"), ("en", "status_note_en")])
def test_catalogue_page_leads_with_the_page_language_note(lang: str, first: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "docs_hooks"))
    import render_catalogue  # the docs catalogue's pure page writer

    fw = criteria.load("national/qd-766-2022")
    second = "status_note_en" if first == "status_note" else "status_note"
    page = render_catalogue.framework_page(fw, lang)
    a, b = page.find(getattr(fw, first)), page.find(getattr(fw, second))
    assert 0 < a < b
    # Both sit inside the status admonition (indented by four spaces).
    for note in (getattr(fw, first), getattr(fw, second)):
        line = next(ln for ln in page.splitlines() if note in ln)
        assert line.startswith("    "), line
