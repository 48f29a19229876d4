"""Listing a folder's files safely, giving every entry a fate.

[`list_files`][chinhquyen.readers.list_files] lists what to read and what not, and why.

Every entry of the folder is either listed as a file to read or reported with the reason it
is not read, so no submission drops out silently:

- only regular files are read; a named pipe (FIFO), socket or device is reported and never
  opened (opening a FIFO blocks until another program writes to it);
- a symbolic link is followed only if it leads to a regular file inside the folder; a link
  leading outside it (to `/etc/passwd`, say) or nowhere is reported, never read;
- a spreadsheet in another format (`.ods`, `.xls`, `.xlsm`, `.xlsb`...) is reported with how
  to save it as `.xlsx`; other files, subfolders, hidden files and Excel's `~$` lock files are
  reported as such.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection
from pathlib import Path
from typing import Literal

import attrs

from chinhquyen.readers.errors import ReaderError
from chinhquyen.readers.formats import OTHER_SPREADSHEETS, convert_advice
from chinhquyen.readers.text import kind_of

__all__ = ["FolderListing", "SkipKind", "Skipped", "list_files"]

#: Why an entry is not read: `format` (a spreadsheet in another format), `suffix` (another
#: kind of file), `hidden`, `lock` (an Excel lock file `~$...`), `folder`, `special` (a FIFO,
#: socket or device), `outside` (a link leading out of the folder), `broken` (a link leading
#: nowhere), `unreadable` (its type cannot be found).
SkipKind = Literal[
    "format", "suffix", "hidden", "lock", "folder", "special", "outside", "broken", "unreadable"
]


@attrs.frozen(slots=True)
class Skipped:
    """An entry of a folder that is not read, and why.

    Attributes:
        path: the entry.
        kind: why, as a `SkipKind`.
        reason: why, in words (for a spreadsheet in another format, how to convert it).
    """

    path: Path
    kind: SkipKind
    reason: str

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}"


@attrs.frozen(slots=True)
class FolderListing:
    """What [`list_files`][chinhquyen.readers.list_files] found in a folder.

    Attributes:
        folder: the folder.
        files: the files to read, in name order.
        skipped: every other entry, in name order, with why it is not read.
    """

    folder: Path
    files: tuple[Path, ...]
    skipped: tuple[Skipped, ...]

    def refused(
        self, kinds: Collection[SkipKind] = ("format", "special", "outside", "broken")
    ) -> tuple[Skipped, ...]:
        """The skipped entries of the given kinds: by default those that look like submissions.

        A caller reading a folder of submissions should report these as errors: they are
        files a person put there to be read.
        """
        return tuple(s for s in self.skipped if s.kind in kinds)


def list_files(folder: str | os.PathLike[str], *, suffixes: Collection[str]) -> FolderListing:
    """The files of a folder that may be read, and every other entry with why it is not.

    Subfolders are not entered.

    Args:
        folder: the folder.
        suffixes: the suffixes of the files to read, e.g. `(".json", ".toml", ".xlsx")`
            (compared ignoring case).

    Returns:
        The listing; nothing in the folder is opened.

    Raises:
        ReaderError: the folder does not exist, is not a folder, or cannot be listed.
    """
    root = Path(folder)
    wanted = {s.lower() for s in suffixes}
    try:
        real_root = root.resolve(strict=True)
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except FileNotFoundError:
        raise ReaderError(
            str(root), "no such folder", code="folder.not_found", message_vi="không có thư mục này"
        ) from None
    except NotADirectoryError:
        raise ReaderError(
            str(root),
            "is not a folder; give a folder or a list of files",
            code="folder.not_folder",
            message_vi="không phải một thư mục; hãy đưa một thư mục hoặc một danh sách tệp",
        ) from None
    except OSError as e:
        raise ReaderError(
            str(root),
            f"cannot be listed: {e.strerror or e}",
            code="folder.cannot_list",
            message_vi=f"không liệt kê được thư mục (hệ thống báo: {e.strerror or e})",
        ) from None
    files: list[Path] = []
    skipped: list[Skipped] = []
    for entry in entries:
        path = root / entry.name
        fate = _fate(entry, path, real_root, wanted)
        if fate is None:
            files.append(path)
        else:
            skipped.append(Skipped(path, *fate))
    return FolderListing(root, tuple(files), tuple(skipped))


def _fate(
    entry: os.DirEntry[str], path: Path, real_root: Path, wanted: set[str]
) -> tuple[SkipKind, str] | None:
    """None for a file to read, else (kind, reason)."""
    name = entry.name
    suffix = Path(name).suffix.lower()
    try:
        if entry.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                return "broken", "a symbolic link that leads nowhere; not read"
            if not target.is_relative_to(real_root):
                return "outside", "a symbolic link that leads outside the folder; not followed"
        mode = path.stat().st_mode  # through a link that stays inside the folder
    except OSError as e:
        return "unreadable", f"cannot be examined: {e.strerror or e}"
    if stat.S_ISDIR(mode):
        return "folder", "a folder; subfolders are not read"
    if not stat.S_ISREG(mode):
        return "special", f"{kind_of(mode)}, not a regular file; never opened"
    if name.startswith("~$"):
        return "lock", "an Excel lock file (the workbook is open in Excel); not read"
    if name.startswith("."):
        return "hidden", "a hidden file; not read"
    if suffix in wanted:
        return None
    if suffix in OTHER_SPREADSHEETS and ".xlsx" in wanted:
        return "format", convert_advice(suffix)
    listed = ", ".join(sorted(wanted))
    return "suffix", f"not a {listed} file; not read"
