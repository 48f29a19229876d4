"""Renamed names keep working for one release, with a `DeprecationWarning` (issue 9)."""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path

import pytest

from chinhquyen import criteria
from chinhquyen.errors import DataFileError

FIXTURE = Path(__file__).with_name("fixtures") / "good_every_kind.toml"


def _old_file(tmp_path: Path, text: str | None = None) -> Path:
    path = tmp_path / "old.toml"
    text = FIXTURE.read_text(encoding="utf-8") if text is None else text
    path.write_text(text.replace("[[bonus_penalty]]", "[[adjustments]]"), encoding="utf-8")
    return path


@pytest.mark.parametrize("module", ["chinhquyen.criteria", "chinhquyen.criteria.framework"])
def test_status_is_frameworkstatus_under_its_old_name(module: str) -> None:
    mod = importlib.import_module(module)
    with pytest.warns(DeprecationWarning, match="Status is deprecated.*use FrameworkStatus"):
        old = mod.Status
    assert old is criteria.FrameworkStatus
    with pytest.warns(DeprecationWarning):
        exec(f"from {module} import Status", {})


def test_the_new_names_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from chinhquyen.criteria import FrameworkStatus  # noqa: F401

        fw = criteria.load(FIXTURE)
        assert [c.id for c in fw.bonus_penalty] == ["sang-kien", "vi-pham"]


def test_an_unknown_module_attribute_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="Statuses"):
        _ = criteria.Statuses  # type: ignore[attr-defined]


def test_the_old_key_is_read_and_names_the_file(tmp_path: Path) -> None:
    path = _old_file(tmp_path)
    with pytest.warns(DeprecationWarning, match=r"old\.toml.*'adjustments'.*bonus_penalty"):
        old = criteria.load(path)
    new = criteria.load(FIXTURE)
    assert old.bonus_penalty == new.bonus_penalty
    assert old == new
    assert "adjustments" not in old.model_dump()


def test_the_old_attribute_returns_the_items_with_a_warning() -> None:
    fw = criteria.load(FIXTURE)
    with pytest.warns(DeprecationWarning, match=r"Framework\.adjustments.*bonus_penalty"):
        items = fw.adjustments
    assert items == fw.bonus_penalty
    assert [c.id for c in items] == ["sang-kien", "vi-pham"]


def test_both_keys_at_once_are_refused(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    block = text[text.index("[[bonus_penalty]]") :]
    path = tmp_path / "both.toml"
    path.write_text(text + "\n" + block.replace("[[bonus_penalty]]", "[[adjustments]]"), "utf-8")
    with pytest.raises(DataFileError, match=r"adjustments.*once, under bonus_penalty"):
        criteria.load(path)


def test_a_problem_under_the_old_key_is_located_as_written(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("floor = -5", "floor = 1")
    path = _old_file(tmp_path, text)
    with (
        pytest.warns(DeprecationWarning),
        pytest.raises(DataFileError, match=r"adjustments\[1\]\.measure\.floor \(line \d+\)"),
    ):
        criteria.load(path)


def test_diff_names_bonus_penalty_items() -> None:
    fw = criteria.load(FIXTURE)
    fewer = fw.model_copy(update={"bonus_penalty": fw.bonus_penalty[:1]})
    assert [str(c) for c in fw.diff(fewer)] == [f"- bonus_penalty.vi-pham: {fw.bonus_penalty[1]!r}"]


def test_the_shipped_schema_marks_the_old_key_deprecated() -> None:
    props = criteria.json_schema()["properties"]
    assert "bonus_penalty" in props
    assert props["adjustments"]["deprecated"] is True


def test_the_old_attribute_follows_the_items_of_a_copy() -> None:
    fw = criteria.load(FIXTURE)
    fewer = fw.model_copy(update={"bonus_penalty": fw.bonus_penalty[:1]})
    with pytest.warns(DeprecationWarning):
        assert fewer.adjustments == fw.bonus_penalty[:1]


def test_a_dict_with_the_old_key_validates_too() -> None:
    fw = criteria.load(FIXTURE)
    data = fw.model_dump()
    data["adjustments"] = data.pop("bonus_penalty")
    with pytest.warns(DeprecationWarning, match="the framework key 'adjustments'"):
        again = criteria.Framework.model_validate(data)
    assert again == fw
    assert "bonus_penalty" in again.model_fields_set
    assert "deprecated_adjustments" not in again.model_fields_set


def test_the_old_key_is_not_offered_as_a_valid_key(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text(
        FIXTURE.read_text(encoding="utf-8").replace("[[bonus_penalty]]", "[[bonus_penalties]]"),
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as e:
        criteria.load(path)
    assert "bonus_penalty" in str(e.value)
    assert "deprecated_adjustments" not in str(e.value)


def test_walking_the_fields_warns_nothing() -> None:
    fw = criteria.load(FIXTURE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = [getattr(fw, name) for name in type(fw).model_fields]
    assert values[list(type(fw).model_fields).index("deprecated_adjustments")] is None
