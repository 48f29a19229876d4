"""Run a call in a forked child bounded in memory (RLIMIT_AS) and in time; say what it gave.

Like `tests/readers/_bounded.py`, for any reader of the library (frameworks, assessments,
appraisal tables): the child may allocate at most `MEMORY` bytes more than the test process
holds when it forks, and is killed after `SECONDS`. What comes back is a small dict: whether
the call returned, its summary (what the call returns, which must pickle), or the
exception's class, whether it is a `ChinhQuyenError`, and its message.
"""

from __future__ import annotations

import multiprocessing
import re
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from chinhquyen.errors import ChinhQuyenError

#: Bounds far above what any reader needs for the small files of the tests (a reader refuses
#: a hostile file in milliseconds); without the readers, such files took gigabytes or hung.
MEMORY = 768 * 2**20
SECONDS = 30

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows
    resource = None  # type: ignore[assignment]


def _address_space() -> int:
    match = re.search(r"VmSize:\s+(\d+) kB", Path("/proc/self/status").read_text())
    assert match, "no VmSize in /proc/self/status"
    return int(match.group(1)) * 1024


def _child(pipe: Connection, call: Callable[[], Any], memory: int) -> None:
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    start = time.monotonic()
    try:
        out: dict[str, Any] = {"ok": True, "value": call()}
    except BaseException as e:  # what escapes is the point of the test
        out = {
            "ok": False,
            "error": type(e).__name__,
            "chinhquyen": isinstance(e, ChinhQuyenError),
            "message": str(e)[:5000],
        }
    out["seconds"] = time.monotonic() - start
    pipe.send(out)
    pipe.close()


def bounded(call: Callable[[], Any], *, memory: int = MEMORY) -> dict[str, Any]:
    """What `call()` gives in a child bounded by `memory` bytes and `SECONDS`."""
    if resource is None or not Path("/proc/self/status").exists():  # pragma: no cover
        pytest.skip("needs fork, RLIMIT_AS and /proc (Linux)")
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, call, memory))
    child.start()
    send.close()
    try:
        if not receive.poll(SECONDS):
            child.kill()
            pytest.fail(f"the call took more than {SECONDS} s")
        result: dict[str, Any] = receive.recv()
    except EOFError:
        child.join()
        pytest.fail(f"the child died (exit code {child.exitcode})")
    finally:
        child.join(5)
    return result


def refused(call: Callable[[], Any], error: str) -> dict[str, Any]:
    """Assert that `call()` is refused, in bounds, with a ChinhQuyenError named `error`."""
    out = bounded(call)
    assert not out["ok"], f"accepted: {out}"
    assert out["chinhquyen"], f"not a ChinhQuyenError: {out['error']}: {out['message'][:500]}"
    assert out["error"] == error, out
    return out
