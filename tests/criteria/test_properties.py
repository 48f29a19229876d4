"""Invariants of generated frameworks, and robustness against malformed input."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import framework_data, frameworks

from chinhquyen import criteria
from chinhquyen.criteria.loader import framework_from_toml
from chinhquyen.errors import ChinhQuyenError, DataFileError

_VALIDATOR = jsonschema.Draft202012Validator(criteria.json_schema())

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(frameworks())
def test_maxima_add_up(fw: Any) -> None:
    assert sum((g.max_points for g in fw.groups), Decimal(0)) == fw.max_points
    for g in fw.groups:
        assert sum((c.max_points for c in g.criteria), Decimal(0)) == g.max_points


@SETTINGS
@given(frameworks(), st.data())
def test_tiers_partition_the_score_range(fw: Any, data: st.DataObject) -> None:
    if not fw.tiers:
        assert fw.tier_for(Decimal(0)) is None
        return
    halves = data.draw(st.integers(min_value=0, max_value=int(fw.max_points * 200)))
    points = Decimal(halves) / 200
    holders = [
        t
        for i, t in enumerate(fw.tiers)
        if t.min_points <= points
        and (i + 1 == len(fw.tiers) or points < fw.tiers[i + 1].min_points)
    ]
    assert len(holders) == 1
    assert fw.tier_for(points) == holders[0]


@SETTINGS
@given(frameworks(), st.data())
def test_tier_is_monotonic(fw: Any, data: st.DataObject) -> None:
    a, b = sorted(
        data.draw(st.lists(st.integers(0, int(fw.max_points * 10)), min_size=2, max_size=2))
    )
    ta, tb = fw.tier_for(Decimal(a) / 10), fw.tier_for(Decimal(b) / 10)
    if fw.tiers:
        assert fw.tiers.index(ta) <= fw.tiers.index(tb)


@SETTINGS
@given(frameworks())
def test_json_round_trip_and_schema(fw: Any) -> None:
    text = fw.model_dump_json()
    assert criteria.Framework.model_validate_json(text) == fw
    _VALIDATOR.validate(json.loads(text))


@SETTINGS
@given(frameworks())
def test_diff_with_itself_is_empty(fw: Any) -> None:
    assert fw.diff(fw) == []
    assert fw.to_markdown().startswith(f"# {fw.title}")


@SETTINGS
@given(frameworks(), st.data())
def test_every_criterion_is_found_by_id(fw: Any, data: st.DataObject) -> None:
    ids = [c.id for c in fw.criteria()]
    assert len(ids) == len(set(ids))
    pick = data.draw(st.sampled_from(ids))
    assert fw.criterion(pick).id == pick


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.dates(),
)


@SETTINGS
@given(framework_data(), st.data())
def test_malformed_data_raises_only_chinhquyen_errors(data: Any, draw: st.DataObject) -> None:
    broken = copy.deepcopy(data)
    path = draw.draw(st.sampled_from(_paths(broken)))
    parent = broken
    for part in path[:-1]:
        parent = parent[part]
    if draw.draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw.draw(_JUNK)
    with contextlib.suppress(ChinhQuyenError):
        criteria.Framework.model_validate(broken)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_text_file_raises_only_data_file_errors(tmp_path_factory: Any, text: str) -> None:
    path = Path(tmp_path_factory.mktemp("toml")) / "x.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError):
        framework_from_toml(path)


def _jsonable(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _jsonable(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_jsonable(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


@pytest.mark.parametrize("fid", criteria.available())
def test_json_schema_validates_shipped_toml(fid: str) -> None:
    import tomllib
    from importlib import resources

    text = (
        resources.files("chinhquyen.criteria") / "data" / "frameworks" / f"{fid}.toml"
    ).read_text(encoding="utf-8")
    jsonschema.Draft202012Validator(criteria.json_schema()).validate(_jsonable(tomllib.loads(text)))


@pytest.mark.parametrize("cid", criteria.conduct_codes())
def test_json_schema_validates_shipped_conduct_codes(cid: str) -> None:
    import tomllib
    from importlib import resources

    text = (resources.files("chinhquyen.criteria") / "data" / "conduct" / f"{cid}.toml").read_text(
        encoding="utf-8"
    )
    jsonschema.Draft202012Validator(criteria.json_schema("conduct_code")).validate(
        _jsonable(tomllib.loads(text))
    )


def test_json_schema_rejects_a_float() -> None:
    import tomllib

    fixture = Path(__file__).with_name("fixtures") / "good_every_kind.toml"
    data = _jsonable(tomllib.loads(fixture.read_text(encoding="utf-8")))
    validator = jsonschema.Draft202012Validator(criteria.json_schema())
    validator.validate(data)
    data["groups"][0]["criteria"][0]["max_points"] = 10.5
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(data)


@pytest.mark.parametrize("kind", ["framework", "conduct_code"])
def test_shipped_schema_files_are_current(kind: str) -> None:
    from importlib import resources

    shipped = resources.files("chinhquyen.criteria") / "schemas" / f"{kind}.schema.json"
    assert json.loads(shipped.read_text(encoding="utf-8")) == criteria.json_schema(kind)  # type: ignore[arg-type]
