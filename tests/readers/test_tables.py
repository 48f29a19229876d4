from __future__ import annotations

import io
from pathlib import Path

import pytest

from chinhquyen.readers import CsvRow, LimitError, Limits, ReaderError, read_csv


def rows(data: bytes, **options: object) -> list[CsvRow]:
    with read_csv(data, **options) as table:  # type: ignore[arg-type]
        return list(table)


@pytest.mark.parametrize("end", [b"\r\n", b"\n", b"\r"])
def test_every_line_ending_reads_the_same(end: bytes) -> None:
    data = end.join([b"id,note", b'HS-1,"two', b'lines"', b"HS-2,x", b""])
    got = rows(data)
    assert [r.cells for r in got] == [("HS-1", f"two{end.decode()}lines"), ("HS-2", "x")]
    assert [(r.row, r.line) for r in got] == [(2, 2), (3, 4)]


def test_blank_rows_are_skipped_counted_and_keep_their_numbers() -> None:
    with read_csv(b"id,x\n1,a\n\n , \n2,b\n") as table:
        got = list(table)
        assert table.blank_rows == 2
        assert table.rows_read == 4
    assert [(r.row, r.cells) for r in got] == [(2, ("1", "a")), (5, ("2", "b"))]
    kept = rows(b"id,x\n1,a\n\n2,b\n", skip_blank=False)
    assert [r.cells for r in kept] == [("1", "a"), ("", ""), ("2", "b")]


def test_cells_are_given_as_written() -> None:
    assert rows(b"a,b\n  x , 007 \n")[0].cells == ("  x ", " 007 ")


def test_headings_are_trimmed_and_repeats_found_as_a_person_reads_them() -> None:
    with read_csv(b" id , Ngay tra \n1,2\n") as table:
        assert table.header == ("id", "Ngay tra")
    with pytest.raises(ReaderError) as e:
        read_csv("Mã xã,MÃ  XÃ\n1,2\n".encode())
    assert e.value.key == "row 1, column B"
    assert "column A" in str(e.value)
    with pytest.raises(ReaderError) as e:
        read_csv(b"a,b,a,b\n")
    assert len(e.value.problems) == 2


def test_blank_headings_are_allowed_only_over_blank_columns() -> None:
    assert [r.cells for r in rows(b"a,,b,\n1,,2,\n")] == [("1", "", "2", "")]
    with pytest.raises(ReaderError, match="blank heading") as e:
        rows(b"a,,b\n1,x,2\n")
    assert e.value.key == "row 2, column B"


def test_rows_of_the_wrong_length() -> None:
    with pytest.raises(ReaderError, match="1 cell"):
        rows(b"a,b\n1\n")
    with pytest.raises(ReaderError, match="no heading") as e:
        rows(b"a,b\n1,2,3\n")
    assert e.value.key == "row 2, column C"
    assert [r.cells for r in rows(b"a,b\n1,2,,\n")] == [("1", "2")]  # blank cells past the end


def test_the_delimiter_can_be_guessed() -> None:
    with read_csv("Mã xã;Điểm\n1;12,5\n".encode(), delimiter=None) as table:
        assert table.delimiter == ";"
        assert [r.cells for r in table] == [("1", "12,5")]
    with read_csv(b"a\tb\n1\t2\n", delimiter=None) as table:
        assert table.delimiter == "\t"
    with read_csv(b"a,b;c\n1,2\n", delimiter=None) as table:
        assert table.delimiter == ","
    with pytest.raises(ReaderError):
        read_csv(b"a\n", delimiter=";;")


def test_encodings() -> None:
    text = "Mã,Tên\n1,Xã\n"
    assert [r.cells for r in rows(text.encode("utf-8-sig"))] == [("1", "Xã")]
    with read_csv(text.encode("utf-8-sig"), encoding="utf-8") as table:
        assert table.header == ("Mã", "Tên")  # a BOM is never part of a heading
    assert [r.cells for r in rows(text.encode("utf-16"), encoding="utf-16")] == [("1", "Xã")]
    decomposed = "Ma\u0303,Tên\n1,Xa\u0303\n".encode("cp1258")
    assert rows(decomposed, encoding="cp1258")[0].cells == ("1", "Xa\u0303")
    with pytest.raises(ReaderError, match="not a known text encoding"):
        read_csv(b"a\n", encoding="bogus")
    with pytest.raises(ReaderError, match="not a text encoding"):
        read_csv(b"a\n", encoding="base64")


def test_undecodable_bytes_name_line_row_and_column() -> None:
    with pytest.raises(ReaderError) as e:
        rows(b"a,b\n1,2\n3,\xff\xfe\n")
    assert e.value.key == "line 3, row 3, column B (b)"
    assert "b'\\xff\\xfe'" in str(e.value)
    with pytest.raises(ReaderError) as e:
        read_csv(b"a,\xe9\n")
    assert e.value.key == "line 1"


def test_limits_rows_columns_cells_lines() -> None:
    with pytest.raises(LimitError) as e:
        rows(b"a\n1\n2\n3\n", limits=Limits(csv_rows=2))
    assert e.value.limit == "csv_rows" and e.value.key == "row 4"
    assert len(rows(b"a\n1\n2\n", limits=Limits(csv_rows=2))) == 2
    with pytest.raises(LimitError) as e:
        read_csv(b"a,b,c\n", limits=Limits(columns=2))
    assert e.value.limit == "columns"
    with pytest.raises(LimitError) as e:
        rows(b"a,b\n1," + b"x" * 11 + b"\n", limits=Limits(cell_chars=10))
    assert e.value.key == "row 2, column B (b)"
    with pytest.raises(LimitError) as e:
        rows(b"a\n" + b"x" * 11 + b"\n", limits=Limits(line_chars=10))
    assert e.value.key == "line 2"
    assert len(rows(b"a\r\n" + b"x" * 10 + b"\r\n", limits=Limits(line_chars=10))) == 1


def test_an_unclosed_quote_is_bounded() -> None:
    with pytest.raises(LimitError):
        rows(b'a,b\n1,"never closed\n' + b"x,y\n" * 40_000)


def test_the_file_is_closed_after_an_error_and_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"a\n1\n")
    table = read_csv(path)
    list(table)
    assert table._closed
    given = io.BytesIO(b"a,b\n1\n")
    with pytest.raises(ReaderError), read_csv(given) as table:
        list(table)
    assert not given.closed  # a file object given by the caller stays open


def test_empty_files_and_missing_files() -> None:
    with pytest.raises(ReaderError, match="empty"):
        read_csv(b"")
    with pytest.raises(ReaderError, match="empty"):
        read_csv(b"\n\n")
    with pytest.raises(ReaderError, match="no such file"):
        read_csv("/nonexistent/x.csv")


def test_where_names_row_column_and_heading() -> None:
    with read_csv(b"id,returned_at\n") as table:
        assert table.where(5, 1) == "row 5, column B (returned_at)"
        assert table.column(30) == "column AE"
