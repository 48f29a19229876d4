"""A progress bar for long loads and scorings, shown only where someone is watching.

[`track`][chinhquyen.scoring.progress.track] wraps the items of a batch (the files of a folder,
the assessments of a province) and draws a bar with [rich](https://rich.readthedocs.io) on
standard error, so that standard output (a table, JSON) stays clean. By default the bar is shown
only

- on a terminal (standard error is one), or in a Jupyter notebook (which needs `ipywidgets`
  to draw it; without it the batch runs quietly),
- and once the batch has run longer than [`DELAY`][chinhquyen.scoring.progress.DELAY] seconds,
  so a quick batch never flashes a bar;

never in a pipe, a log file, a test run or a server. The bar disappears when the batch ends.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from collections.abc import Iterable, Iterator, Sized
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    from rich.progress import Progress

__all__ = ["DELAY", "interactive", "track"]

T = TypeVar("T")

#: Seconds a batch runs before its bar appears (when the bar is not asked for explicitly).
DELAY = 0.5


def interactive() -> bool:
    """Whether someone is watching: standard error is a terminal, or this is a Jupyter kernel.

    A Jupyter kernel counts only when `ipywidgets`, which draws the bar there, is installed.
    """
    stream = sys.stderr
    if stream is not None and getattr(stream, "isatty", lambda: False)():
        return True
    ipython = sys.modules.get("IPython")
    shell = getattr(ipython, "get_ipython", lambda: None)() if ipython is not None else None
    if shell is None or type(shell).__name__ != "ZMQInteractiveShell":
        return False
    return importlib.util.find_spec("ipywidgets") is not None


def track(
    items: Iterable[T],
    *,
    label: str,
    total: int | None = None,
    show: bool | None = None,
    delay: float = DELAY,
) -> Iterator[T]:
    """Give the items of `items` one by one, with a progress bar while they are worked on.

    Args:
        items: the batch; its length is the bar's total when it has one.
        label: what is being done, shown beside the bar (e.g. `"Đọc tệp (reading)"`).
        total: the number of items, when `items` has no length.
        show: `True` to draw the bar from the start, `False` never to; `None` (the default)
            draws it only when someone is watching
            ([`interactive`][chinhquyen.scoring.progress.interactive]), after `delay`.
        delay: with `show=None`, the seconds to wait before the bar appears; a batch done
            sooner shows none.

    Yields:
        The items, unchanged and in order.
    """
    if show is False or (show is None and not interactive()):
        yield from items
        return
    if total is None and isinstance(items, Sized):
        total = len(items)
    if show:
        delay = 0.0
    started = time.monotonic()
    bar: Progress | None = None
    done = 0
    try:
        for item in items:
            yield item
            done += 1
            if bar is not None:
                bar.update(bar.task_ids[0], completed=done)
            elif time.monotonic() - started >= delay:
                bar = _bar(label, total, done)
    finally:
        if bar is not None:
            bar.stop()


def _bar(label: str, total: int | None, done: int) -> Progress:
    """A started rich bar on standard error, `done` of `total` items already done."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    bar.add_task(label, total=total, completed=done)
    bar.start()
    return bar
