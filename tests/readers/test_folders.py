from __future__ import annotations

import os
from pathlib import Path

import pytest

from chinhquyen.readers import LimitError, Limits, ReaderError, list_files, read_file

SUBMISSIONS = (".json", ".toml", ".xlsx")


def test_every_entry_is_read_or_reported(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    folder = tmp_path / "nop"
    folder.mkdir()
    for name in ("b.json", "a.toml", "C.XLSX", "x.ods", "y.xls", "z.xlsm", "w.xlsb", "note.txt"):
        (folder / name).write_bytes(b"{}")
    (folder / ".hidden.json").write_text("{}")
    (folder / "~$C.xlsx").write_text("lock")
    (folder / "sub").mkdir()
    (folder / "link-in.json").symlink_to(folder / "b.json")
    (folder / "link-out.json").symlink_to(outside)
    (folder / "link-dir").symlink_to(tmp_path)
    (folder / "dangling.json").symlink_to(folder / "missing.json")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.json")
    listing = list_files(folder, suffixes=SUBMISSIONS)
    assert [p.name for p in listing.files] == ["C.XLSX", "a.toml", "b.json", "link-in.json"]
    kinds = {s.path.name: s.kind for s in listing.skipped}
    assert kinds == {
        ".hidden.json": "hidden",
        "dangling.json": "broken",
        "link-dir": "outside",
        "link-out.json": "outside",
        "note.txt": "suffix",
        "sub": "folder",
        "w.xlsb": "format",
        "x.ods": "format",
        "y.xls": "format",
        "z.xlsm": "format",
        "~$C.xlsx": "lock",
    } | ({"pipe.json": "special"} if hasattr(os, "mkfifo") else {})
    reasons = {s.path.name: str(s) for s in listing.skipped}
    assert "Excel 2007-365" in reasons["x.ods"] and "macros are not kept" in reasons["z.xlsm"]
    assert "outside the folder" in reasons["link-out.json"]
    assert str(outside) not in " ".join(reasons.values())  # where a link leads is not shown
    refused = {s.path.name for s in listing.refused()}
    assert refused == {
        "dangling.json",
        "link-dir",
        "link-out.json",
        "w.xlsb",
        "x.ods",
        "y.xls",
        "z.xlsm",
    } | ({"pipe.json"} if hasattr(os, "mkfifo") else set())


def test_a_spreadsheet_in_another_format_is_only_advice_when_xlsx_is_read(tmp_path: Path) -> None:
    (tmp_path / "x.ods").write_text("")
    [skipped] = list_files(tmp_path, suffixes=[".csv"]).skipped
    assert skipped.kind == "suffix"


def test_a_folder_that_is_not_one(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="no such folder"):
        list_files(tmp_path / "missing", suffixes=SUBMISSIONS)
    (tmp_path / "f.json").write_text("{}")
    with pytest.raises(ReaderError, match="not a folder"):
        list_files(tmp_path / "f.json", suffixes=SUBMISSIONS)


def test_read_file_reads_regular_files_within_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"x" * 100)
    assert read_file(path) == b"x" * 100
    assert read_file(path, limits=Limits(file_bytes=100)) == b"x" * 100
    with pytest.raises(LimitError) as e:
        read_file(path, name="nộp/a.json", limits=Limits(file_bytes=99))
    assert e.value.path == "nộp/a.json" and e.value.limit == "file_bytes"
    with pytest.raises(ReaderError, match="folder"):
        read_file(tmp_path)
    with pytest.raises(ReaderError, match="no such file"):
        read_file(tmp_path / "missing.json")
