"""The shape of the package: one-way imports, no private names across package lines.

Every `import` in `src/chinhquyen` counts, those inside functions too (a lazy import still ties
two modules together at run time); imports under `if TYPE_CHECKING:` do not (they never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / "chinhquyen").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()
PACKAGES = {name for name, path in MODULES.items() if path.name == "__init__.py"}


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(module: str) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) for every import that runs."""
    path = MODULES[module]
    package = module if module in PACKAGES else module.rpartition(".")[0]
    found: list[tuple[str, list[str]]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child.test):
                for other in child.orelse:
                    visit_one(other)
                continue
            visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub, []) if sub in MODULES else (target, [alias.name]))
        else:
            visit(node)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return [(target, names) for target, names in found if target in MODULES]


GRAPH = {module: _imports(module) for module in MODULES}


def _package_of(module: str) -> str:
    return module if module in PACKAGES else module.rpartition(".")[0]


def test_the_whole_package_is_read() -> None:
    assert len(MODULES) > 50 and "chinhquyen.scoring.engine" in MODULES


def test_no_import_circles() -> None:
    edges = {m: {t for t, _ in GRAPH[m] if t != m} for m in GRAPH}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def strong(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    assert circles == []


def test_no_private_name_crosses_a_package_line() -> None:
    crossings = []
    for module, imports in GRAPH.items():
        for target, names in imports:
            if _package_of(module) == _package_of(target):
                continue
            private = [n for n in names if n.startswith("_")]
            if target.rpartition(".")[2].startswith("_") and not target.endswith("__init__"):
                private.append(f"module {target}")
            crossings += [f"{module} imports {target}: {name}" for name in private]
    assert crossings == []


def test_the_packages_import_one_way() -> None:
    # units, calendar and readers use nothing of the library but its errors (and the optional
    # extras helper); criteria uses units;
    # nothing imports the command line
    allowed = {
        "chinhquyen.units": {"chinhquyen.errors", "chinhquyen.units"},
        "chinhquyen.calendar": {"chinhquyen.errors", "chinhquyen.extras", "chinhquyen.calendar"},
        "chinhquyen.readers": {"chinhquyen.errors", "chinhquyen.extras", "chinhquyen.readers"},
    }
    wrong = []
    for module, imports in GRAPH.items():
        for top, permitted in allowed.items():
            if module == top or module.startswith(top + "."):
                wrong += [
                    f"{module} -> {t}"
                    for t, _ in imports
                    if t != "chinhquyen"
                    and not any(t == p or t.startswith(p + ".") for p in permitted)
                ]
        if module != "chinhquyen.__main__":  # `python -m chinhquyen` is the command itself
            wrong += [f"{module} -> {t}" for t, _ in imports if t == "chinhquyen.cli"]
        if module.startswith("chinhquyen.criteria"):
            wrong += [f"{module} -> {t}" for t, _ in imports if t.startswith("chinhquyen.scoring")]
    assert wrong == []
