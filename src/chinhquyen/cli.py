"""The ``chinhquyen`` command: a thin layer over the public API."""

from __future__ import annotations

import click

from chinhquyen import __version__


@click.group()
@click.version_option(__version__, prog_name="chinhquyen")
def main() -> None:
    """Chính quyền thân thiện: criteria, scoring and the working-day calendar."""


@main.command()
def demo() -> None:
    """Run the demonstration on data shipped inside the package."""
    click.echo(f"chinhquyen {__version__}")
