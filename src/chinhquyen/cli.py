"""The ``chinhquyen`` command: a thin layer over the public API.

Human output is plain-text tables in Vietnamese (``--lang en`` for English); machine output is
JSON (``--json``). Exit status: 0 on success, 1 on bad input (a
:class:`~chinhquyen.errors.ChinhQuyenError`, whose message goes to stderr), 2 on a usage error.
"""

from __future__ import annotations

from typing import Any

import click

from chinhquyen import __version__
from chinhquyen.errors import ChinhQuyenError

__all__ = ["main"]


class _Group(click.Group):
    """A command group that turns the library's input errors into exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; report a ``ChinhQuyenError`` as ``Error: <message>`` on stderr."""
        try:
            return super().invoke(ctx)
        except ChinhQuyenError as e:
            raise click.ClickException(str(e)) from None


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="chinhquyen")
def main() -> None:
    """Chính quyền thân thiện: criteria, scoring and the working-day calendar."""


@main.command()
def demo() -> None:
    """Run the demonstration on data shipped inside the package."""
    click.echo(f"chinhquyen {__version__}")
