"""Run a reader on a file in a forked child bounded in memory (RLIMIT_AS) and in time.

The child may allocate at most `MEMORY` bytes more than the test process holds when it forks
(the limit is on its address space), and is killed after `SECONDS`. It reads the whole input
the way a caller would (every CSV row, every cell of every sheet) and sends back what
happened: a summary of the value it read, or the exception's class, whether it is a
ChinhQuyenError, its message and its `key`.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from chinhquyen import readers
from chinhquyen.errors import ChinhQuyenError

#: Generous bounds: the readers refuse every attack in milliseconds; before this layer they
#: used 1-3 GB, ran 30-60 s, or blocked forever.
MEMORY = 1024 * 2**20
SECONDS = 60

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows
    resource = None  # type: ignore[assignment]


def _address_space() -> int:
    status = Path("/proc/self/status").read_text()
    match = re.search(r"VmSize:\s+(\d+) kB", status)
    assert match, "no VmSize in /proc/self/status"
    return int(match.group(1)) * 1024


def _run(kind: str, path: str, options: dict[str, Any]) -> Any:
    if kind == "json":
        readers.read_json(Path(path), **options)
        return None
    if kind == "toml":
        readers.read_toml(Path(path), **options)
        return None
    if kind == "csv":
        with readers.read_csv(path, **options) as table:
            rows = 0
            last: list[list[str]] = []
            for row in table:
                rows += 1
                last = [list(row.cells)]
        return {"header": list(table.header), "rows": rows, "last": last}
    if kind == "xlsx":
        cells = 0
        with readers.open_xlsx(path, **options) as book:
            for title in book.sheetnames:
                for _, values in book.sheet(title).rows():
                    cells += len(values)
        return {"cells": cells}
    if kind == "folder":
        listing = readers.list_files(path, **options)
        return {
            "files": [p.name for p in listing.files],
            "skipped": [[s.path.name, s.kind, s.reason] for s in listing.skipped],
        }
    if kind == "file":
        return len(readers.read_file(path))
    raise AssertionError(f"unknown kind {kind}")


def _child(pipe: Connection, kind: str, path: str, options: dict[str, Any], memory: int) -> None:
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    start = time.monotonic()
    try:
        out: dict[str, Any] = {"ok": True, "value": _run(kind, path, options)}
    except BaseException as e:
        out = {
            "ok": False,
            "error": type(e).__name__,
            "chinhquyen": isinstance(e, ChinhQuyenError),
            "message": str(e)[:5000],
            "key": getattr(e, "key", None),
        }
    out["seconds"] = time.monotonic() - start
    pipe.send(out)
    pipe.close()


def bounded(
    kind: str, path: str | os.PathLike[str], *, memory: int = MEMORY, **options: Any
) -> dict[str, Any]:
    """What reading `path` as `kind` gives, in a child bounded by `memory` and SECONDS."""
    if resource is None or not Path("/proc/self/status").exists():  # pragma: no cover
        pytest.skip("needs fork, RLIMIT_AS and /proc (Linux)")
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, kind, os.fspath(path), options, memory))
    child.start()
    send.close()
    try:
        if not receive.poll(SECONDS):
            child.kill()
            pytest.fail(f"reading {path} as {kind} took more than {SECONDS} s")
        result: dict[str, Any] = receive.recv()
    except EOFError:
        child.join()
        pytest.fail(f"the child reading {path} died (exit code {child.exitcode})")
    finally:
        child.join(5)
    return result


def refused(kind: str, path: str | os.PathLike[str], error: str, **options: Any) -> dict[str, Any]:
    """Assert that reading `path` is refused with a ChinhQuyenError named `error`."""
    out = bounded(kind, path, **options)
    assert not out["ok"], f"accepted: {out}"
    assert out["chinhquyen"], f"not a ChinhQuyenError: {out['error']}: {out['message'][:500]}"
    assert out["error"] == error, out
    return out
