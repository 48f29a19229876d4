"""The ``chinhquyen`` command, invoked as a subprocess exactly as a user would run it."""

from __future__ import annotations

import subprocess
import sys

import chinhquyen


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chinhquyen", *args], capture_output=True, text=True, check=False
    )


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0
    assert chinhquyen.__version__ in out.stdout


def test_unknown_command_is_a_usage_error() -> None:
    out = run("no-such-command")
    assert out.returncode == 2
    assert "no-such-command" in out.stderr


def test_demo_runs() -> None:
    out = run("demo")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip()
