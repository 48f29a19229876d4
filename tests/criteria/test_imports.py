"""The import graph of `criteria` and `units`: no circles, and no package they must not use.

Every import counts, including those inside functions; imports under `if TYPE_CHECKING:` do
not (they never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _runtime_imports(path: Path, known: set[str]) -> set[str]:
    mod = _module(path)
    package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", None) == "TYPE_CHECKING":
                for c in child.orelse:
                    visit(c)
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - child.level + 1]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                for a in child.names:
                    sub = f"{target}.{a.name}"
                    found.add(sub if sub in known else target)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in found if m in known and m != mod}


def _graph() -> dict[str, set[str]]:
    files = sorted((SRC / "chinhquyen").rglob("*.py"))
    known = {_module(f) for f in files}
    return {_module(f): _runtime_imports(f, known) for f in files}


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        here = todo.pop()
        for nxt in graph[here]:
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


@pytest.mark.parametrize("package", ["chinhquyen.criteria", "chinhquyen.units"])
def test_no_module_of_the_package_is_on_a_circle(package: str) -> None:
    graph = _graph()
    mine = [m for m in graph if m == package or m.startswith(package + ".")]
    assert mine, package
    on_circle = [m for m in mine if _reaches(graph, m, m)]
    assert on_circle == []


def test_units_imports_nothing_of_chinhquyen_but_errors() -> None:
    graph = _graph()
    outside = {
        (m, t)
        for m, targets in graph.items()
        if m.startswith("chinhquyen.units")
        for t in targets
        if not t.startswith("chinhquyen.units") and t != "chinhquyen.errors"
    }
    assert outside == set()


def test_criteria_imports_no_other_package_but_units_readers_errors_and_model() -> None:
    graph = _graph()
    allowed = (
        "chinhquyen.criteria",
        "chinhquyen.units",
        "chinhquyen.readers",  # every file is read through the readers
        "chinhquyen.errors",
        "chinhquyen.model",
    )
    outside = {
        (m, t)
        for m, targets in graph.items()
        if m.startswith("chinhquyen.criteria")
        for t in targets
        if not t.startswith(allowed)
    }
    assert outside == set()
