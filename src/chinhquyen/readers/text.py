"""Bytes to text, safely: reading a file, checking an encoding, decoding, quoting an excerpt."""

from __future__ import annotations

import codecs
import os
import stat
import unicodedata
from typing import BinaryIO

from chinhquyen.readers.errors import LimitError, ReaderError, vi_number
from chinhquyen.readers.limits import Limits, resolve

__all__ = [
    "ENCODING_HINT",
    "ENCODING_HINT_VI",
    "cannot_read",
    "char_name",
    "check_encoding",
    "decode",
    "excerpt",
    "kind_of",
    "open_regular",
    "read_file",
    "undecodable",
]

#: What to try when a file is not in the encoding it was read with.
ENCODING_HINT = (
    "save the file as UTF-8 (Excel: Save As -> 'CSV UTF-8'; LibreOffice: character set"
    " 'Unicode (UTF-8)'), or give its encoding, e.g. encoding='cp1258' (Windows Vietnamese)"
    " or encoding='utf-16'"
)


#: The same in Vietnamese.
ENCODING_HINT_VI = (
    "hãy lưu tệp dưới dạng UTF-8 (Excel: Save As -> 'CSV UTF-8'; LibreOffice: bộ ký tự"
    " 'Unicode (UTF-8)'), hoặc cho biết bảng mã của tệp, ví dụ encoding='cp1258' (tiếng Việt"
    " của Windows) hoặc encoding='utf-16'"
)


def undecodable(
    name: str, raw: bytes, codec: str, where: str, *, cls: type[ReaderError] = ReaderError
) -> ReaderError:
    """The error for bytes `raw` that are not valid `codec` text, at `where` (`text.encoding`)."""
    return cls(
        name,
        f"bytes {raw!r} are not valid {codec} text; {ENCODING_HINT}",
        where,
        code="text.encoding",
        message_vi=f"các byte {raw!r} không phải văn bản {codec} hợp lệ; {ENCODING_HINT_VI}",
        value=raw,
    )


def excerpt(text: str, column: int | None = None, *, width: int = 60) -> str:
    r"""A short, quoted and escaped excerpt of one line of text, safe to put in a message.

    Control, format and invisible characters are shown as escapes (`\x0b`, `\u202e`), never
    as themselves, and at most `width` characters are shown.

    Args:
        text: the line (only its first line is used).
        column: the 1-based column of interest; the excerpt is centred on it.
        width: the most characters shown.
    """
    line = text.split("\n", 1)[0].split("\r", 1)[0]
    start = 0
    if len(line) > width:
        if column is not None:
            start = max(0, min(column - 1 - width // 2, len(line) - width))
        line = line[start : start + width]
    shown = repr(line)
    before = "…" if start > 0 else ""
    after = "…" if start + width < len(text.split("\n", 1)[0].split("\r", 1)[0]) else ""
    return f"{before}{shown}{after}"


def char_name(ch: str) -> str:
    """`U+000B (LINE TABULATION)`: a character's code point and name, for messages."""
    name = unicodedata.name(ch, "")
    if not name and unicodedata.category(ch) == "Cc":
        name = {"\x0b": "LINE TABULATION", "\x0c": "FORM FEED"}.get(ch, "control character")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def check_encoding(encoding: str, name: str) -> str:
    """The canonical name of a text encoding, e.g. `utf-8-sig` for `UTF-8-SIG`.

    Raises:
        ReaderError: the encoding is unknown, or is not a text encoding (`base64`, `rot13`).
    """
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise ReaderError(
            name,
            f"{encoding!r} is not a known text encoding; use e.g. 'utf-8-sig' (the default:"
            " UTF-8 with or without a byte-order mark), 'utf-8', 'cp1258' or 'utf-16'",
            code="text.unknown_encoding",
            message_vi=f"{encoding!r} không phải bảng mã văn bản đã biết; hãy dùng chẳng hạn"
            " 'utf-8-sig' (mặc định: UTF-8 có hoặc không có dấu BOM), 'utf-8', 'cp1258' hoặc"
            " 'utf-16'",
            value=encoding,
        ) from None
    try:
        codecs.getincrementaldecoder(info.name)
        "".encode(info.name)
    except (LookupError, TypeError):  # a bytes-to-bytes or text-to-text codec
        raise ReaderError(
            name,
            f"{encoding!r} is not a text encoding; use e.g. 'utf-8-sig' or 'cp1258'",
            code="text.not_text_encoding",
            message_vi=f"{encoding!r} không phải bảng mã văn bản; hãy dùng chẳng hạn"
            " 'utf-8-sig' hoặc 'cp1258'",
            value=encoding,
        ) from None
    return info.name


def decode(data: bytes, *, name: str, encoding: str = "utf-8") -> str:
    """`data` as text in `encoding`, refusing any byte sequence that is not valid in it.

    In UTF-8, a byte-order mark at the start is dropped (Windows Notepad writes one).

    Raises:
        ReaderError: naming the line and column of the first undecodable bytes, showing them
            (escaped), and saying how to fix the file.
    """
    codec = check_encoding(encoding, name)
    if data.startswith(codecs.BOM_UTF8) and codec in ("utf-8", "utf-8-sig"):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return codecs.decode(data, codec)
    except UnicodeDecodeError as e:
        bad = data[e.start : min(e.end, e.start + 8)]
        if codec in ("utf-8", "utf-8-sig") or codec.startswith(("cp", "iso", "latin")):
            line = data.count(b"\n", 0, e.start) + 1
            start = data.rfind(b"\n", 0, e.start) + 1
            column = len(codecs.decode(data[start : e.start], codec, "replace")) + 1
            where = f"line {line}, column {column}"
        else:  # multi-byte encodings: a byte offset is the honest location
            where = f"byte {e.start + 1}"
        raise undecodable(name, bad, codec, where) from None


def open_regular(path: str | os.PathLike[str], name: str) -> BinaryIO:
    """A regular file opened for reading in binary, without ever blocking on a named pipe.

    Raises:
        ReaderError: the file does not exist, cannot be opened, or is not a regular file.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise ReaderError(
            name, "no such file", code="file.not_found", message_vi="không có tệp này"
        ) from None
    except IsADirectoryError:
        raise ReaderError(
            name,
            "is a folder, not a file",
            code="file.is_folder",
            message_vi="là một thư mục, không phải một tệp",
        ) from None
    except OSError as e:
        raise ReaderError(
            name,
            f"cannot be opened: {e.strerror or e}",
            code="file.cannot_open",
            message_vi=f"không mở được tệp (hệ thống báo: {e.strerror or e})",
        ) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ReaderError(
                name,
                f"is {kind_of(mode)}, not a regular file; not read",
                code="file.not_regular",
                message_vi=f"là {kind_of(mode, 'vi')}, không phải tệp thông thường; không đọc",
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_file(
    path: str | os.PathLike[str], *, name: str | None = None, limits: Limits | None = None
) -> bytes:
    """The bytes of a regular file, at most [`Limits.file_bytes`][chinhquyen.readers.Limits].

    A named pipe (FIFO), socket or device is refused without being read (reading a FIFO
    blocks until another program writes to it).

    Args:
        path: the file.
        name: how to name the file in messages (default: its path).
        limits: the limits (default: those in force).

    Raises:
        ReaderError: the file does not exist, is not a regular file, or cannot be read.
        LimitError: the file is larger than `file_bytes`.
    """
    label = name or os.fspath(path)
    lim = resolve(limits)
    with open_regular(path, label) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            if size > lim.file_bytes:
                raise LimitError(
                    label,
                    f"is {size:,} bytes",
                    limit="file_bytes",
                    allowed=lim.file_bytes,
                    message_vi=f"dài {vi_number(size)} byte",
                    value=size,
                )
            data = fh.read(lim.file_bytes + 1)
        except OSError as e:
            raise cannot_read(label, e) from None
    if len(data) > lim.file_bytes:  # it grew while being read
        raise LimitError(
            label,
            "is larger",
            limit="file_bytes",
            allowed=lim.file_bytes,
            message_vi="lớn hơn thế (tệp lớn lên trong khi đang đọc)",
        )
    return data


def cannot_read(name: str, error: OSError) -> ReaderError:
    """The error for a file that could be opened but not read (`file.cannot_read`)."""
    reason = error.strerror or error
    return ReaderError(
        name,
        f"cannot be read: {reason}",
        code="file.cannot_read",
        message_vi=f"không đọc được tệp (hệ thống báo: {reason})",
    )


def kind_of(mode: int, lang: str = "en") -> str:
    """What a non-regular file is, in words: `a named pipe (FIFO)`, `a folder`...

    `lang="vi"` gives the words in Vietnamese: `một ống có tên (FIFO)`, `một thư mục`...
    """
    if stat.S_ISDIR(mode):
        kind = ("a folder", "một thư mục")
    elif stat.S_ISFIFO(mode):
        kind = ("a named pipe (FIFO)", "một ống có tên (FIFO)")
    elif stat.S_ISSOCK(mode):
        kind = ("a socket", "một socket")
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = ("a device", "một thiết bị")
    elif stat.S_ISLNK(mode):
        kind = ("a symbolic link", "một liên kết tượng trưng")
    else:
        kind = ("not a regular file", "không phải tệp thông thường")
    return kind[1] if lang == "vi" else kind[0]
