"""Every code example on the documentation site runs here, so the docs cannot rot.

Rules for the fenced blocks in ``docs/**/*.md`` (both languages):

* ``python`` blocks are executed in order, one shared namespace per page; a block that raises
  fails the page.
* ``pycon`` blocks (``>>>`` prompts) are run as doctests in the same namespace, so the output the
  reader sees is the output the code gives.
* ``console`` blocks hold ``$ chinhquyen ...`` lines followed by their exact output; each command
  is run as a subprocess and its stdout compared.
* ``json`` and ``toml`` blocks must parse; ``sh`` blocks must be one of the README's commands
  (which CI runs verbatim); any other language, or a block without one, is refused.

The notebook tutorial is executed by the documentation build itself (mkdocs-jupyter with
``allow_errors: false``).
"""

from __future__ import annotations

import doctest
import json
import re
import shlex
import subprocess
import sys
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs_hooks"))
import render_catalogue  # the catalogue hook's pure page writer

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
KNOWN = {"python", "pycon", "console", "json", "toml", "sh"}


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    lang: str
    body: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks_of(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    out = []
    for m in FENCE.finditer(text):
        body = textwrap.dedent(m.group("body"))
        line = text.count("\n", 0, m.start()) + 1
        out.append(Block(page, line, m.group("lang"), body))
    return out


#: Folders the catalogue hook writes at build time (git-ignored): not hand-written pages.
GENERATED = (DOCS / "catalogue" / "frameworks", DOCS / "catalogue" / "conduct")
PAGES = sorted(p for p in DOCS.rglob("*.md") if not any(p.is_relative_to(g) for g in GENERATED))


def test_the_docs_have_pages_in_both_languages() -> None:
    vi = {p for p in PAGES if not p.name.endswith(".en.md")}
    en = {p.with_name(p.name[: -len(".en.md")] + ".md") for p in PAGES if p.name.endswith(".en.md")}
    assert vi, "no documentation pages found"
    assert vi == en, f"pages without a translation: {sorted(map(str, vi ^ en))}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_block_has_a_known_language(page: Path) -> None:
    for b in blocks_of(page):
        assert b.lang in KNOWN, f"{b.where}: code block language {b.lang!r} is not tested"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_data_and_shell_blocks(page: Path) -> None:
    for b in blocks_of(page):
        if b.lang == "json":
            json.loads(b.body)
        elif b.lang == "toml":
            tomllib.loads(b.body)
        elif b.lang == "sh":
            for cmd in b.body.strip().splitlines():
                assert cmd in README, f"{b.where}: shell command not in README: {cmd}"


def run_python_blocks(blocks: list[Block]) -> None:
    namespace: dict[str, object] = {"__name__": "__docs__"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS, verbose=False
    )
    for b in blocks:
        if b.lang == "python":
            code = compile(b.body, b.where, "exec")
            exec(code, namespace)
        elif b.lang == "pycon":
            test = parser.get_doctest(b.body, namespace, b.where, str(b.page), b.line)
            # DocTest works on a copy of the namespace: keep its globals for the next blocks.
            result = runner.run(test, out=lambda s: print(s, end=""), clear_globs=False)
            assert result.failed == 0, f"{b.where}: {result.failed} doctest example(s) failed"
            namespace.update(test.globs)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_python_examples_run(page: Path) -> None:
    run_python_blocks([b for b in blocks_of(page) if b.lang in {"python", "pycon"}])


def console_sessions(block: Block) -> list[tuple[str, str]]:
    sessions: list[tuple[str, list[str]]] = []
    for line in block.body.splitlines():
        if line.startswith("$ "):
            sessions.append((line[2:], []))
        else:
            assert sessions, f"{block.where}: output before the first '$ ' command"
            sessions[-1][1].append(line)
    return [(cmd, "\n".join(lines)) for cmd, lines in sessions]


def lines_match(shown: list[str], want: list[str]) -> bool:
    """Exact line-by-line match, where a line ``...`` on the page stands for one or more lines.

    The page elides long rule citations this way (the calendar page gives the rules in full);
    every other line must be printed exactly.
    """
    if not want:
        return not shown
    if want[0] == "...":
        return any(lines_match(shown[k:], want[1:]) for k in range(1, len(shown) + 1))
    return bool(shown) and shown[0] == want[0] and lines_match(shown[1:], want[1:])


def test_lines_match() -> None:
    assert lines_match(["a", "b", "c"], ["a", "...", "c"])
    assert lines_match(["a", "b", "x", "c"], ["a", "...", "c"])
    assert not lines_match(["a", "c"], ["a", "...", "c"])  # ... is at least one line
    assert not lines_match(["a", "b"], ["a", "c"])
    assert not lines_match(["a", "b", "c"], ["a", "b"])


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_console_examples_print_what_the_page_shows(page: Path) -> None:
    for b in blocks_of(page):
        if b.lang != "console":
            continue
        for cmd, expected in console_sessions(b):
            argv = shlex.split(cmd)
            assert argv[0] == "chinhquyen", f"{b.where}: only chinhquyen commands are run"
            out = subprocess.run(
                [sys.executable, "-m", "chinhquyen", *argv[1:]],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
            shown = [line.rstrip() for line in (out.stdout + out.stderr).splitlines()]
            want = [line.rstrip() for line in expected.splitlines()]
            printed, page = "\n".join(shown), "\n".join(want)
            assert lines_match(shown, want), (
                f"{b.where}: `{cmd}` printed:\n{printed}\n--- page shows:\n{page}"
            )


# --- the generated catalogue ------------------------------------------------------------------


def _walk_citations(obj: object) -> list[object]:
    """Every Citation-like object (has ``document``) reachable from a model."""
    found: list[object] = []
    seen: set[int] = set()

    def visit(o: object) -> None:
        if id(o) in seen or o is None or isinstance(o, str | int | float):
            return
        seen.add(id(o))
        if hasattr(o, "document") and hasattr(o, "url"):
            found.append(o)
            return
        if isinstance(o, list | tuple):
            for x in o:
                visit(x)
        elif hasattr(o, "__pydantic_fields__"):
            for name in type(o).__pydantic_fields__:  # type: ignore[attr-defined]
                visit(getattr(o, name))

    visit(obj)
    return found


def test_the_catalogue_lists_every_shipped_framework_and_code() -> None:
    criteria = pytest.importorskip("chinhquyen.criteria")
    cat = render_catalogue.load_catalogue()
    assert sorted(cat.frameworks) == sorted(criteria.available())
    assert sorted(cat.conduct_codes) == sorted(criteria.conduct_codes())
    for lang in ("vi", "en"):
        listing = render_catalogue.index_list(cat, lang)
        for fid in cat.frameworks:
            assert f"(frameworks/{fid}.md)" in listing
        for cid in cat.conduct_codes:
            assert f"(conduct/{cid}.md)" in listing


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_framework_pages_show_every_criterion_and_link_every_citation(lang: str) -> None:
    cat = render_catalogue.load_catalogue()
    for fid, fw in cat.frameworks.items():
        page = render_catalogue.framework_page(fw, lang)
        title = fw.title_en if lang == "en" and fw.title_en else fw.title
        assert page.startswith(f"# {title}\n"), fid
        for c in fw.criteria():
            assert f"`{c.id}`" in page, (fid, c.id)
        for tier in fw.tiers:
            assert tier.label in page, (fid, tier.label)
        for cit in _walk_citations(fw):
            if cit.url:  # type: ignore[attr-defined]
                assert f"]({cit.url})" in page, (fid, cit.url)  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_conduct_pages_show_every_rule_and_link_every_citation(lang: str) -> None:
    cat = render_catalogue.load_catalogue()
    for cid, code in cat.conduct_codes.items():
        page = render_catalogue.conduct_page(code, lang)
        for ref in code.refs():
            assert f"`{ref}`" in page, ref
        for rule in code.rules():
            shown = rule.text_en if lang == "en" and rule.text_en else rule.text
            assert shown in page, (cid, rule.id)
        for cit in _walk_citations(code):
            if cit.url:  # type: ignore[attr-defined]
                assert f"]({cit.url})" in page, (cid, cit.url)  # type: ignore[attr-defined]
