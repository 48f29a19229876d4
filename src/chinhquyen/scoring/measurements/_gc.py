"""Pausing Python's cyclic garbage collector while a large dossier log is read or measured."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (restored afterwards, also on error).

    A log's millions of small objects would make it walk the whole heap again and again;
    none of them is part of a reference cycle, so memory is freed as usual meanwhile.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
