"""Running large batches: Python's cyclic garbage collector paused while they run."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block; its state is restored afterwards.

    Scoring a province or measuring a dossier log creates many small objects and no reference
    cycles: without the pause the collector walks the whole heap again and again. Memory is
    still freed as usual (by reference counting) while it is paused, and the previous state is
    restored also when the block raises.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
