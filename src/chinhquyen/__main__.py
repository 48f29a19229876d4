"""``python -m chinhquyen``: the same as the ``chinhquyen`` command."""

from __future__ import annotations

from chinhquyen.cli import main

main(prog_name="chinhquyen")
