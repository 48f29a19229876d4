from __future__ import annotations

import threading

import pytest

from chinhquyen.errors import ChinhQuyenError, InvalidInputError
from chinhquyen.readers import LimitError, Limits, ReaderError, list_problems, read_json, use_limits
from chinhquyen.readers.limits import MIB


def test_the_defaults_are_the_documented_ones() -> None:
    limits = Limits()
    assert (limits.file_bytes, limits.line_chars, limits.cell_chars) == (32 * MIB, MIB, 32_767)
    assert (limits.depth, limits.digits, limits.columns) == (32, 100, 1_000)
    assert (limits.csv_rows, limits.sheet_rows, limits.sheet_cells) == (
        10_000_000,
        200_000,
        2_000_000,
    )
    assert (limits.xlsx_parts, limits.xlsx_bytes, limits.xlsx_part_bytes) == (
        1_000,
        256 * MIB,
        128 * MIB,
    )
    assert (limits.xlsx_ratio, limits.listed) == (100, 20)


@pytest.mark.parametrize("value", [0, -1, True, 1.5, "10"])
def test_a_limit_is_a_whole_number_of_at_least_one(value: object) -> None:
    with pytest.raises(InvalidInputError, match="csv_rows"):
        Limits(csv_rows=value)  # type: ignore[arg-type]


def test_replace_names_what_is_not_a_limit() -> None:
    assert Limits().replace(csv_rows=5).csv_rows == 5
    with pytest.raises(InvalidInputError, match="rows: is not a limit"):
        Limits().replace(rows=5)


def test_use_limits_changes_the_limits_in_force_for_a_block() -> None:
    assert Limits.current() == Limits()
    with use_limits(depth=2) as outer:
        assert Limits.current() is outer
        with pytest.raises(LimitError):
            read_json("[[[1]]]")
        with use_limits(Limits(), digits=3):
            assert Limits.current() == Limits(digits=3)
            read_json("[[[1]]]")
        assert Limits.current().depth == 2
        assert read_json("[[[1]]]", limits=Limits()) == [[[1]]]  # an explicit argument wins
    assert Limits.current() == Limits()


def test_limits_in_force_are_per_thread() -> None:
    seen: list[Limits] = []
    with use_limits(depth=2):
        worker = threading.Thread(target=lambda: seen.append(Limits.current()))
        worker.start()
        worker.join()
    assert seen == [Limits()]


def test_a_limit_error_names_the_limit_and_how_to_raise_it() -> None:
    with pytest.raises(LimitError) as e:
        read_json("[[1]]", name="a.json", limits=Limits(depth=1))
    error = e.value
    assert isinstance(error, ReaderError) and isinstance(error, ChinhQuyenError)
    assert (error.limit, error.allowed, error.path) == ("depth", 1, "a.json")
    assert "Limits.depth = 1" in str(error)
    assert "use_limits(depth=...)" in str(error)


def test_list_problems_lists_at_most_so_many() -> None:
    problems = [(f"row {i}", "bad") for i in range(2, 60)]
    text = list_problems(problems, 5)
    assert text.splitlines()[0] == "58 problems:"
    assert text.count("  - [row") == 5
    assert text.endswith("and 53 more (every one is in the error's `problems`)")
    assert list_problems([("", "bad")], 5) == "[<root>] bad"
    error = ReaderError.of("t.csv", problems, 5)
    assert error.problems == tuple(problems) and error.key == "row 2"
    single = ReaderError.of("t.csv", problems[:1], 5)
    assert str(single) == "t.csv [row 2]: bad"
