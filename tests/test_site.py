"""The documentation site as built: the site check's rules, and search per language.

The checks of a built site run on the folder named by ``CHINHQUYEN_SITE_DIR`` (default: ``site/``
at the repository's root, where ``mkdocs build`` writes) and are skipped, saying so, when no
site has been built there::

    .venv/bin/mkdocs build --strict --site-dir /tmp/site
    CHINHQUYEN_SITE_DIR=/tmp/site .venv/bin/python -m pytest tests/test_site.py

The rules themselves (``tests/site_check.py``) are tested on small hand-written sites, always.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_check  # the checker CI runs as a script

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("CHINHQUYEN_SITE_DIR", ROOT / "site"))
LANGUAGES = ["vi", "en"]  # default first, as in mkdocs.yml


# --- the rules, on hand-written sites ---------------------------------------------------------


def _page(lang: str, body: str, head: str = "") -> str:
    return f'<!doctype html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    for rel, html in pages.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return tmp_path


def _findings(site: Path) -> set[tuple[str, str]]:
    problems, _ = site_check.check_site(site, LANGUAGES)
    return {(p.rule, p.page) for p in problems}


def test_a_clean_site_passes(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {
            "index.html": _page(
                "vi",
                '<a href="en/">EN</a> <a href="calendar/#tet">Tết</a> <a href="#top">up</a>'
                '<p id="top">Xem <code>:class:`Foo`</code> và <a href="https://example.org/">'
                "nguồn</a>.</p><pre><code>&gt;&gt;&gt; 1 + 1\n2</code></pre>"
                "<blockquote><p>Trích dẫn luật.</p></blockquote>",
                head='<link rel="stylesheet" href="assets/site.css">',
            ),
            "calendar/index.html": _page("vi", '<h2 id="tet">Tết</h2><a href="../">home</a>'),
            "en/index.html": _page("en", '<a href="../">VI</a> <a href="../calendar/#tet">x</a>'),
            "assets/site.css": "body { background: url(data:image/png;base64,AAAA) }",
        },
    )
    assert _findings(site) == set()


def test_a_page_in_the_wrong_language_fails(tmp_path: Path) -> None:
    site = _site(tmp_path, {"index.html": _page("en", "x"), "en/index.html": _page("vi", "y")})
    assert _findings(site) == {("lang", "index.html"), ("lang", "en/index.html")}


@pytest.mark.parametrize(
    "body",
    [
        '<a href="en/tutorial/">missing page</a>',
        '<a href="#nowhere">missing anchor on this page</a>',
        '<a href="other/#nowhere">missing anchor on another page</a>',
        '<a href="/other/">root-absolute</a>',
        '<a href="../../outside/">outside the site</a>',
        '<img src="missing.png">',
        '<script src=""></script>',
    ],
)
def test_a_broken_internal_link_fails(tmp_path: Path, body: str) -> None:
    site = _site(
        tmp_path,
        {"index.html": _page("vi", body), "other/index.html": _page("vi", '<p id="here">')},
    )
    assert _findings(site) == {("link", "index.html")}


@pytest.mark.parametrize(
    ("head", "body"),
    [
        ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">', ""),
        ('<link rel="preconnect" href="https://fonts.gstatic.com">', ""),
        ("", '<script src="https://cdn.example.org/x.js"></script>'),
        ("", '<script type="module">await import("https://cdn.example.org/m.mjs")</script>'),
        ("<style>@import url(https://fonts.example.org/f.css);</style>", ""),
        ("", '<div style="background: url(//cdn.example.org/a.png)"></div>'),
        ("", '<img src="https://example.org/a.png">'),
    ],
)
def test_loading_from_outside_the_site_fails(tmp_path: Path, head: str, body: str) -> None:
    site = _site(tmp_path, {"index.html": _page("vi", body, head=head)})
    assert _findings(site) == {("external", "index.html")}


def test_a_style_sheet_loading_from_outside_fails(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {
            "index.html": _page("vi", "", head='<link rel="stylesheet" href="a.css">'),
            "a.css": "@font-face { src: url('https://fonts.example.org/r.woff2') }",
        },
    )
    assert _findings(site) == {("external", "a.css")}


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ("<p>Returns a :class:<code>Framework</code>.</p>", "rest-role"),
        ("<p>See :func:`load`.</p>", "rest-role"),
        ("<blockquote>\n<blockquote>\n<p>from x import y</p></blockquote></blockquote>", "doctest"),
        ("<p>&gt;&gt;&gt; fw.tier_for(95)</p>", "doctest"),
        ('<p>!!! warning "Fictional"\n    Six communes</p>', "admonition"),
    ],
)
def test_markup_left_as_text_fails(tmp_path: Path, body: str, rule: str) -> None:
    site = _site(tmp_path, {"index.html": _page("vi", body)})
    assert _findings(site) == {(rule, "index.html")}


def test_a_reported_rule_is_counted_without_failing(tmp_path: Path) -> None:
    site = _site(tmp_path, {"index.html": _page("vi", "<p>A :class:<code>X</code>, :mod:`y`</p>")})
    problems, counts = site_check.check_site(site, LANGUAGES, report_only=["rest-role"])
    assert problems == []
    assert counts["rest-role"] == 2


def test_the_command_line_exit_status(tmp_path: Path) -> None:
    good = _site(tmp_path / "good", {"index.html": _page("vi", "ok")})
    bad = _site(tmp_path / "bad", {"index.html": _page("vi", "<p>:exc:`E`</p>")})
    assert site_check.main([str(good), "--languages", "vi,en"]) == 0
    assert site_check.main([str(bad), "--languages", "vi,en"]) == 1
    assert site_check.main([str(bad), "--languages", "vi,en", "--report", "rest-role"]) == 0
    with pytest.raises(SystemExit) as exit_info:
        site_check.main([str(tmp_path / "missing")])
    assert exit_info.value.code == 2


# --- the built site ---------------------------------------------------------------------------

built = pytest.mark.skipif(
    not (SITE / "index.html").is_file(),
    reason=f"no built site in {SITE}: run mkdocs build --site-dir DIR, set CHINHQUYEN_SITE_DIR",
)


@built
def test_the_built_site_passes_the_site_check() -> None:
    problems, _ = site_check.check_site(SITE, LANGUAGES)
    assert not problems, "\n".join(map(str, problems[:40]))


@built
@pytest.mark.parametrize("rel", ["tutorial/index.html", "en/tutorial/index.html"])
def test_the_tutorial_is_built_in_each_language(rel: str) -> None:
    page = site_check.parse(SITE / rel)
    assert page.lang == site_check.page_language(rel, LANGUAGES)
    assert "Hướng dẫn cho người thẩm định" in "".join(page.text)


def _index(lang: str) -> dict[str, Any]:
    folder = SITE if lang == LANGUAGES[0] else SITE / lang
    data: dict[str, Any] = json.loads((folder / "search" / "search_index.json").read_text("utf-8"))
    return data


def _words(html: str, separator: re.Pattern[str]) -> set[str]:
    text = re.sub(r"<[^>]+>", " ", html)
    return {word.lower() for word in separator.split(text) if word}


def search(lang: str, query: str) -> set[str]:
    """The pages (locations without #anchor) having every word of ``query`` in a field.

    Matches as the site's search engine (lunr) does for whole words: the index's own separator,
    lower case, only the fields the index configures.
    """
    index = _index(lang)
    separator = re.compile(index["config"]["separator"])
    fields = index["config"]["fields"]
    words_of: dict[str, set[str]] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        for name in fields:
            words_of.setdefault(page, set()).update(_words(str(doc.get(name, "")), separator))
    wanted = {w.lower() for w in separator.split(query) if w}
    return {page for page, words in words_of.items() if wanted <= words}


@built
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_index(lang: str) -> None:
    index = _index(lang)
    assert index["config"]["lang"] == [lang]
    folder = SITE if lang == LANGUAGES[0] else SITE / lang
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "calendar/" in pages
    for page in pages:
        html = folder / page / "index.html" if page.endswith("/") or not page else folder / page
        assert html.is_file(), f"{lang} index: {page!r} is not a page of {folder}"
        parsed = site_check.parse(html)
        assert parsed.lang == lang, f"{lang} index lists {html.relative_to(SITE)} ({parsed.lang})"


@built
@pytest.mark.parametrize("rel", ["index.html", "calendar/index.html", "en/calendar/index.html"])
def test_each_page_searches_its_language(rel: str) -> None:
    html = (SITE / rel).read_text(encoding="utf-8")
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"{rel}: no theme config"
    base = json.loads(match.group(1))["base"]
    folder = posixpath.normpath(posixpath.join(posixpath.dirname(rel), base))
    lang = site_check.page_language(rel, LANGUAGES)
    assert folder == ("." if lang == LANGUAGES[0] else lang)
    assert (SITE / folder / "search" / "search_index.json").is_file()


@built
@pytest.mark.parametrize(
    ("lang", "bare", "accented", "page"),
    [
        ("vi", "tet", "Tết", "calendar/"),
        ("vi", "tham dinh", "thẩm định", "tutorial/"),
        ("vi", "bo luat lao dong", "Bộ luật Lao động", "calendar/"),
        ("vi", "ngay lam viec", "ngày làm việc", "calendar/"),
        ("en", "tet", "Tết", "calendar/"),
    ],
)
def test_search_ignores_accents(lang: str, bare: str, accented: str, page: str) -> None:
    with_accents = search(lang, accented)
    assert page in with_accents
    # Without accents a word also finds its other accented spellings, never fewer pages.
    assert with_accents <= search(lang, bare)


@built
def test_search_results_keep_their_accents() -> None:
    docs = _index("vi")["docs"]
    assert any("Tết" in doc["text"] for doc in docs)
    assert not any("Tết" in doc.get("text_folded", "") for doc in docs)
