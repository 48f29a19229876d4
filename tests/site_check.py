"""Check a built documentation site: what ``mkdocs build --strict`` lets through.

Run it on the folder ``mkdocs build`` wrote::

    python tests/site_check.py SITE_DIR [--report RULE[,RULE...]]

Every HTML page of the site is parsed (the standard library's ``html.parser``) and checked for:

``lang``
    ``<html lang>`` differs from the page's language: the default language at the site's root,
    another language in its own folder (``en/...``).
``link``
    an ``href``/``src`` inside the site whose page, file or ``#anchor`` does not exist (the
    language switcher's links included), or that starts with ``/`` (it breaks when the site is
    served from a sub-folder or opened from disk; only ``404.html`` may, being served at any
    depth).
``external``
    something a page loads from outside the site as it opens (scripts, style sheets, fonts,
    images, frames, ``@import``/``url()`` in styles, ``import()`` of an address): the site must
    work offline. Links a reader follows are not loads.
``rest-role``
    a literal reST role left in the text (``:class:`Foo```, ``:func:``, ``:mod:``, ``:meth:``,
    ``:attr:``, ``:data:``, ``:exc:``), outside code.
``doctest``
    a ``>>>`` example rendered as text: a block quote directly inside a block quote (how
    Markdown reads ``>>>``, e.g. under a Google-style ``Example:`` admonition, where
    ``Examples:`` makes a code block), or a ``>>>`` prompt outside a code block.
``admonition``
    a ``!!!`` admonition printed as text (a renderer that does not know them, e.g. a notebook).

``--report RULE`` counts a rule's findings without failing on them (for a rule whose cause is
being fixed elsewhere, e.g. ``--report rest-role`` while the docstrings are converted to
Markdown). The languages come from the ``i18n`` plugin in ``mkdocs.yml`` (``--languages vi,en``
overrides; the first is the default). Exit status: 0 if nothing failed, 1 otherwise, 2 for bad
arguments.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]

RULES = ("lang", "link", "external", "rest-role", "doctest", "admonition")

#: reST roles the docstrings used; Markdown docstrings use backticks and [name][] links.
REST_ROLE = re.compile(r":(?:class|func|mod|meth|attr|data|exc):(?=[`\x00])")
#: A doctest prompt at the start of a line of running text.
PROMPT = re.compile(r"(?:^|\n)[ \t]*>>>(?:[ \t]|$)")
#: An admonition marker at the start of a line of running text.
ADMONITION = re.compile(r"(?:^|\n)[ \t]*!!![ \t]*[\w-]+")
#: What a style sheet or a script fetches: url(...), @import, import(...), importScripts(...).
CSS_LOAD = re.compile(
    r"""(?:url\(\s*|@import\s+(?:url\(\s*)?)['"]?((?:https?:)?//[^'")\s]+)""", re.I
)
JS_LOAD = re.compile(r"""\b(?:import|importScripts)\s*\(\s*['"`]((?:https?:)?//[^'"`]+)""")

#: Elements whose URL attribute the browser fetches as the page loads.
LOADED = {
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("track", "src"),
    ("input", "src"),
}
#: <link rel> values that make the browser fetch (or connect to) the address.
LOADED_LINK_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "icon",
    "manifest",
}
#: Attributes holding a URL the checker resolves.
URL_ATTRS = {"href", "src", "data", "poster"}
#: Text inside these elements is not running text.
NOT_TEXT = {"pre", "code", "script", "style", "textarea", "kbd", "samp"}


@dataclass(frozen=True)
class Problem:
    """One finding: the rule, the page (relative to the site) and what was found."""

    rule: str
    page: str
    detail: str

    def __str__(self) -> str:
        return f"{self.page}: [{self.rule}] {self.detail}"


@dataclass
class Ref:
    """A URL in a page: the element, attribute, value and (for <link>) its rel values."""

    tag: str
    attr: str
    value: str
    rels: frozenset[str] = frozenset()


@dataclass
class Page:
    """What the checks need from one HTML file."""

    lang: str | None = None
    ids: set[str] = field(default_factory=set)
    refs: list[Ref] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # running text; \x00 marks where code starts
    styles: list[str] = field(default_factory=list)  # <style> contents and style attributes
    scripts: list[str] = field(default_factory=list)  # inline <script> contents
    nested_quotes: int = 0


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._open: list[str] = []  # open elements among NOT_TEXT and blockquote
        self._quote_just_opened = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if tag == "html" and self.page.lang is None:
            self.page.lang = values.get("lang", "")
        for key in ("id",) + (("name",) if tag == "a" else ()):
            if key in values:
                self.page.ids.add(values[key])
        rels = frozenset(values.get("rel", "").lower().split())
        for attr in URL_ATTRS & values.keys():
            self.page.refs.append(Ref(tag, attr, values[attr].strip(), rels))
        if "style" in values:
            self.page.styles.append(values["style"])
        if tag == "blockquote" and self._quote_just_opened:
            self.page.nested_quotes += 1
        self._quote_just_opened = tag == "blockquote"
        if tag in NOT_TEXT or tag == "blockquote":
            if tag in NOT_TEXT and not self._in_code():
                self.page.text.append("\x00")
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self._quote_just_opened = False
        if tag in self._open:
            # Close up to the last open element of that name (HTML lets some end tags be omitted).
            while self._open:
                if self._open.pop() == tag:
                    break
        if tag in {"p", "div", "li", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}:
            self.page.text.append("\n")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self._quote_just_opened = False
        top = self._open[-1] if self._open else None
        if top == "style":
            self.page.styles.append(data)
        elif top == "script":
            self.page.scripts.append(data)
        elif not self._in_code():
            self.page.text.append(data)

    def _in_code(self) -> bool:
        return any(tag in NOT_TEXT for tag in self._open)


def parse(path: Path) -> Page:
    """Parse one HTML file."""
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def languages_from_mkdocs(mkdocs_yml: Path) -> list[str]:
    """The i18n plugin's built languages, the default first."""
    import yaml  # PyYAML: installed with MkDocs, so wherever the site was built

    config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            langs = [lang for lang in plugin["i18n"]["languages"] if lang.get("build", True)]
            default = [lang["locale"] for lang in langs if lang.get("default")]
            others = [lang["locale"] for lang in langs if not lang.get("default")]
            return default + others
    return [str(config.get("theme", {}).get("language", "en"))]


def page_language(rel: str, languages: list[str]) -> str:
    """The language of a page from its path: its folder if a non-default language's."""
    first = rel.split("/", 1)[0]
    return first if first in languages[1:] else languages[0]


def _target(site: Path, rel_page: str, url: str) -> tuple[str | None, str, str | None]:
    """Resolve an internal URL: (file relative to the site or None, fragment, problem)."""
    parts = urlsplit(url)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return rel_page, fragment, None
    if path.startswith("/"):
        if rel_page != "404.html":
            return None, fragment, "starts with '/' (breaks when served from a sub-folder)"
        joined = path.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(rel_page), path)
    normal = posixpath.normpath(joined)
    if normal == ".." or normal.startswith("../"):
        return None, fragment, "points outside the site"
    if path.endswith("/") or (site / normal).is_dir():
        normal = posixpath.join(normal, "index.html") if normal != "." else "index.html"
    if not (site / normal).is_file():
        return None, fragment, "no such page or file"
    return normal, fragment, None


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme in {"http", "https"}


def _is_checked(url: str) -> bool:
    """Whether a URL points inside the site (not another scheme, not data, not empty '#')."""
    parts = urlsplit(url)
    return not (url in {"", "#"} or parts.scheme or parts.netloc)


def check_site(
    site: Path, languages: list[str], *, report_only: Iterable[str] = ()
) -> tuple[list[Problem], Counter[str]]:
    """Check every HTML page; return the failing problems and a count of findings per rule."""
    files = sorted(site.rglob("*.html"))
    pages = {f.relative_to(site).as_posix(): parse(f) for f in files}
    problems: list[Problem] = []
    counts: Counter[str] = Counter()
    reported = set(report_only)

    def found(rule: str, rel: str, detail: str) -> None:
        counts[rule] += 1
        if rule not in reported:
            problems.append(Problem(rule, rel, detail))

    for rel, page in pages.items():
        want = page_language(rel, languages)
        if page.lang != want:
            found("lang", rel, f'<html lang="{page.lang}">, expected "{want}"')
        for ref in page.refs:
            for problem in _ref_problems(site, pages, rel, ref):
                found(*problem)
        for css in page.styles:
            for url in CSS_LOAD.findall(css):
                found("external", rel, f"style loads {url}")
        for js in page.scripts:
            for url in JS_LOAD.findall(js):
                found("external", rel, f"script imports {url}")
        text = "".join(page.text)
        for match in REST_ROLE.finditer(text):
            found("rest-role", rel, f"{match.group(0)} {_context(text, match.end())}")
        for _ in range(page.nested_quotes):
            found("doctest", rel, "block quote directly inside a block quote (a '>>>' example)")
        for match in PROMPT.finditer(text):
            found("doctest", rel, f"'>>>' outside a code block: {_context(text, match.end())}")
        for match in ADMONITION.finditer(text):
            found("admonition", rel, f"printed as text: {match.group(0).strip()}")
    for css_file in sorted(site.rglob("*.css")):
        for url in CSS_LOAD.findall(css_file.read_text(encoding="utf-8", errors="replace")):
            found("external", css_file.relative_to(site).as_posix(), f"style sheet loads {url}")
    return problems, counts


def _ref_problems(
    site: Path, pages: dict[str, Page], rel: str, ref: Ref
) -> Iterator[tuple[str, str, str]]:
    loaded = (ref.tag, ref.attr) in LOADED or (
        ref.tag == "link" and ref.attr == "href" and ref.rels & LOADED_LINK_RELS
    )
    if _is_external(ref.value):
        if loaded:
            yield "external", rel, f"<{ref.tag} {ref.attr}> loads {ref.value}"
        return
    if ref.value == "" and loaded:
        yield "link", rel, f'<{ref.tag} {ref.attr}=""> (an empty address)'
        return
    if not _is_checked(ref.value):
        return
    target, fragment, problem = _target(site, rel, ref.value)
    if problem is not None:
        yield "link", rel, f"<{ref.tag} {ref.attr}={ref.value!r}> {problem}"
        return
    if fragment and target is not None and target.endswith(".html"):
        ids = pages[target].ids if target in pages else set()
        if fragment not in ids:
            yield "link", rel, f"<{ref.tag} {ref.attr}={ref.value!r}> no #{fragment} in {target}"


def _context(text: str, end: int, width: int = 50) -> str:
    snippet = text[end : end + width].replace("\x00", "`").replace("\n", " ")
    return repr(snippet.strip())


def summary(counts: Counter[str], report_only: Iterable[str] = ()) -> Iterable[str]:
    """One line per rule: how many findings, and whether they fail the check."""
    reported = set(report_only)
    for rule in RULES:
        note = " (reported, not failing)" if rule in reported else ""
        yield f"  {rule:<11} {counts[rule]}{note}"


def main(argv: list[str] | None = None) -> int:
    """Command line: check the site folder given, print the problems, exit 1 if any failed."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path, help="the folder mkdocs build wrote")
    ap.add_argument(
        "--languages",
        help="built languages, default first (default: from mkdocs.yml's i18n plugin)",
    )
    ap.add_argument(
        "--report",
        default="",
        metavar="RULE[,RULE]",
        help=f"count these rules' findings without failing ({', '.join(RULES)})",
    )
    args = ap.parse_args(argv)
    report_only = [rule.strip() for rule in args.report.split(",") if rule.strip()]
    unknown = sorted(set(report_only) - set(RULES))
    if unknown:
        ap.error(f"unknown rule(s) for --report: {', '.join(unknown)}; rules: {', '.join(RULES)}")
    if not (args.site / "index.html").is_file():
        ap.error(f"{args.site} has no index.html: build the site first")
    if args.languages:
        languages = [lang.strip() for lang in args.languages.split(",") if lang.strip()]
    else:
        languages = languages_from_mkdocs(ROOT / "mkdocs.yml")
    problems, counts = check_site(args.site, languages, report_only=report_only)
    for problem in problems:
        print(problem)
    pages = sum(1 for _ in args.site.rglob("*.html"))
    print(f"site check: {pages} pages, languages {', '.join(languages)}")
    print("\n".join(summary(counts, report_only)))
    print("site check: " + ("FAILED" if problems else "passed"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
