from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from chinhquyen.errors import ChinhQuyenError, DataFileError
from chinhquyen.readers import LimitError, Limits, ReaderError, read_json, read_toml


def test_json_numbers_are_the_decimals_written() -> None:
    data = read_json(b'{"a": 14.999999999999999999, "b": 1e-400, "c": 19.50, "d": 12, "e": -0.0}')
    assert data == {
        "a": Decimal("14.999999999999999999"),
        "b": Decimal("1E-400"),
        "c": Decimal("19.50"),
        "d": 12,
        "e": Decimal("-0.0"),
    }
    assert str(data["c"]) == "19.50"  # as written, trailing zero kept
    assert type(data["d"]) is int
    assert data["b"] != 0


def test_json_keeps_integers_up_to_the_digit_limit() -> None:
    assert read_json(b"[" + b"9" * 100 + b"]") == [int("9" * 100)]
    with pytest.raises(LimitError) as e:
        read_json(b"[" + b"9" * 101 + b"]")
    assert e.value.limit == "digits" and e.value.key == "[0]"
    assert read_json(b"[" + b"9" * 101 + b"]", limits=Limits(digits=200)) == [int("9" * 101)]


def test_json_decimal_digits_and_exponents_are_bounded() -> None:
    with pytest.raises(LimitError):
        read_json(b"[0." + b"1" * 101 + b"]")
    with pytest.raises(ReaderError, match="exponent"):
        read_json(b"[1e1000000]")
    assert read_json(b"[1e999999]") == [Decimal("1E+999999")]


@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
def test_json_non_finite_numbers_are_refused(word: str) -> None:
    with pytest.raises(ReaderError, match="not a JSON number") as e:
        read_json(f'{{"x": [1, {word}]}}')
    assert e.value.key == "x[1]"


def test_json_duplicate_keys_name_the_full_key_path() -> None:
    with pytest.raises(ReaderError) as e:
        read_json('{"answers": {"tc-1": {"self_score": 5, "self_score": 15}}}')
    assert e.value.key == "answers.tc-1.self_score"
    assert isinstance(e.value, DataFileError) and isinstance(e.value, ChinhQuyenError)


def test_json_key_paths_quote_unusual_keys() -> None:
    with pytest.raises(ReaderError) as e:
        read_json('{"a.b": [{"x y": 1, "x y": 2}]}')
    assert e.value.key == '"a.b"[0]."x y"'


def test_json_depth_is_bounded_at_the_limit() -> None:
    ok = "[" * 32 + "]" * 32
    assert read_json(ok) is not None
    with pytest.raises(LimitError) as e:
        read_json("[" + ok + "]")
    assert e.value.limit == "depth"
    assert read_json("[" + ok + "]", limits=Limits(depth=33)) is not None


def test_json_strings_are_bounded_and_must_be_characters() -> None:
    with pytest.raises(LimitError) as e:
        read_json('{"note": "' + "x" * 32_768 + '"}')
    assert e.value.key == "note"
    with pytest.raises(ReaderError, match="surrogate"):
        read_json('{"note": "\\ud800"}')
    assert read_json('{"note": "\\ud83d\\ude00"}') == {"note": "\U0001f600"}  # a pair is fine


def test_json_size_is_bounded() -> None:
    with pytest.raises(LimitError) as e:
        read_json(b" " * 101 + b"1", limits=Limits(file_bytes=100))
    assert e.value.limit == "file_bytes"


def test_json_errors_name_line_and_column_and_show_the_line() -> None:
    with pytest.raises(ReaderError) as e:
        read_json('{\n  "a": 1,\n  "b": tru\n}', name="xa.json")
    assert e.value.path == "xa.json"
    assert e.value.key == "line 3, column 8"
    assert "'  \"b\": tru'" in str(e.value)


def test_json_accepts_a_utf8_bom_and_refuses_other_encodings(tmp_path: Path) -> None:
    assert read_json(b"\xef\xbb\xbf[1]") == [1]
    with pytest.raises(ReaderError, match="not valid utf-8"):
        read_json('["Xã"]'.encode("utf-16"))
    path = tmp_path / "a.json"
    path.write_bytes(b'["Xa\xf5"]')
    with pytest.raises(ReaderError) as e:
        read_json(path)
    assert e.value.path == str(path) and e.value.key == "line 1, column 5"


def test_many_problems_are_listed_up_to_the_limit_and_kept_whole() -> None:
    document = "[" + ", ".join('{"k": 1, "k": 2}' for _ in range(1000)) + "]"
    with pytest.raises(ReaderError) as e:
        read_json(document)
    assert len(e.value.problems) == 1000
    message = str(e.value)
    assert message.count("\n  - [") == 20
    assert "and 980 more" in message
    with pytest.raises(ReaderError) as e:
        read_json(document, limits=Limits(listed=3))
    assert "and 997 more" in str(e.value)


# --- TOML ---------------------------------------------------------------------------------------


def test_toml_floats_are_the_decimals_written() -> None:
    data = read_toml("a = 0.1\nb = 1_000.50\nc = 1e-400\nd = 7\ne = 2025-11-10\n[t]\nx = -2.5E3")
    assert data == {
        "a": Decimal("0.1"),
        "b": Decimal("1000.50"),
        "c": Decimal("1E-400"),
        "d": 7,
        "e": dt.date(2025, 11, 10),
        "t": {"x": Decimal("-2.5E3")},
    }
    assert str(data["b"]) == "1000.50"


@pytest.mark.parametrize("word", ["nan", "inf", "+inf", "-inf", "-nan"])
def test_toml_non_finite_floats_are_refused(word: str) -> None:
    with pytest.raises(ReaderError, match="not a finite number") as e:
        read_toml(f"[t]\nx = {word}")
    assert e.value.key == "t.x"


def test_toml_errors_name_line_and_column_with_an_escaped_excerpt() -> None:
    with pytest.raises(ReaderError) as e:
        read_toml('id = "x"\ntitle = \x01"y"\n', name="fw.toml")
    assert e.value.key == "line 2, column 9"
    assert "\x01" not in str(e.value) and "\\x01" in str(e.value)


def test_toml_duplicate_keys_are_refused() -> None:
    with pytest.raises(ReaderError, match="not valid TOML"):
        read_toml("[a]\nx = 1\n[a]\ny = 2\n")


def test_toml_hex_integers_are_bounded_too() -> None:
    with pytest.raises(LimitError) as e:
        read_toml("x = 0x" + "f" * 5000)
    assert e.value.limit == "digits"


def test_toml_lines_are_bounded() -> None:
    with pytest.raises(LimitError) as e:
        read_toml('x = "' + "a" * 200 + '"', limits=Limits(line_chars=100))
    assert e.value.limit == "line_chars" and e.value.key == "line 1"


def test_toml_dotted_keys_within_the_depth_limit_are_read() -> None:
    key = ".".join(["a"] * 31)
    data = read_toml(f"{key} = 1")
    for _ in range(31):
        data = data["a"]
    assert data == 1
    with pytest.raises(LimitError):
        read_toml(f"{key}.a.a = 1")


def test_toml_dots_in_strings_and_numbers_are_not_keys() -> None:
    dots = ".".join(["v"] * 50)
    numbers = ", ".join(["1.5"] * 50)
    assert read_toml(f'x = "{dots}"\ny = [{numbers}]')["x"] == dots


# --- the shipped data files ---------------------------------------------------------------------

SHIPPED = sorted(
    p
    for p in (Path(__file__).resolve().parents[2] / "src" / "chinhquyen").rglob("*")
    if p.suffix in (".toml", ".json")
)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_file_reads_as_the_standard_parsers_read_it(path: Path) -> None:
    import json
    import tomllib

    if path.suffix == ".toml":
        expected = tomllib.loads(path.read_text("utf-8"), parse_float=Decimal)
        assert read_toml(path) == expected
    else:
        expected = json.loads(path.read_text("utf-8"), parse_float=Decimal)
        assert read_json(path) == expected
