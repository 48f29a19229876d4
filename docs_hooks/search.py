"""MkDocs hook: one search index per language, and search that ignores accents.

The theme's search plugin indexes the pages of the build in progress, and mkdocs-static-i18n
merges every language's entries into the one ``search/search_index.json`` that all pages load:
a Vietnamese search returned English pages, and the reverse. Lunr also matches words exactly, so
"tet" (as typed on a keyboard without a Vietnamese input method) found nothing while "Tết" found
five pages.

This hook:

* keeps each build's entries apart and, once every language is built, writes the default
  language's index to ``search/search_index.json`` and each other language's index to
  ``<lang>/search/search_index.json``, each configured for its own language only;
* points the pages of the other languages to their folder: the theme loads
  ``search/search_index.json`` relative to the page's ``base``, which is the site's root for
  every page, so an English page's base becomes ``en/`` (its search results' locations are
  written relative to that folder). The pages keep one storage scope (the site's root) so a
  reader's settings, such as the colour scheme, follow them from one language to the other;
* adds the accent-free spelling of every accented word of each entry's title and text as two
  more indexed fields, so "tet" finds "Tết" and "dong nai" finds "Đồng Nai"; the shown title
  and text keep their accents.
"""

from __future__ import annotations

import json
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from material.plugins.search.plugin import SearchIndex
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

#: The indexed copies without accents, and the shown field each one copies.
FOLDED_FIELDS = {"title_folded": "title", "text_folded": "text"}

#: Letters that Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSED = str.maketrans({"đ": "d", "Đ": "D"})

#: Each built language's own search index (the theme's class), filled as its pages are rendered.
_indexes: dict[str, SearchIndex] = {}


def fold(text: str) -> str:
    """Return ``text`` without its accents ("Tết Đồng Nai" -> "Tet Dong Nai")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_UNDECOMPOSED))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare)


class _Text(HTMLParser):
    """The text of an HTML fragment (a search entry keeps some markup)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """Return the text of an HTML fragment, without its tags."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def folded_words(html: str) -> str:
    """Return the accent-free spelling of each word of ``html``'s text that has accents.

    Words without accents are already indexed as written, so only the others are copied (in
    order, repeats kept): "Tết Nguyên Đán 2026" -> "Tet Nguyen Dan".
    """
    return " ".join(bare for word in plain_text(html).split() if (bare := fold(word)) != word)


def with_folded_fields(entry: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of a search entry with the accent-free words of its title and text."""
    out = dict(entry)
    for folded, shown in FOLDED_FIELDS.items():
        out[folded] = folded_words(str(entry.get(shown, "")))
    return out


def _search(config: MkDocsConfig) -> Any:
    return config.plugins.get("material/search")


def _languages(config: MkDocsConfig) -> tuple[str, str]:
    """The language being built and the default language."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        lang = str(config.theme.get("language") or "en")
        return lang, lang
    return str(i18n.current_language), str(i18n.default_language)


def on_pre_build(config: MkDocsConfig) -> None:
    """Start an empty index for the language about to be built."""
    search = _search(config)
    lang, _ = _languages(config)
    if search is not None and search.config.enabled:
        _indexes[lang] = SearchIndex(**search.config)


@event_priority(10)  # before the theme's search plugin (0) strips the data-search-* attributes
def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any
) -> dict[str, Any]:
    """Index the page in its language; point a non-default language's page to its folder."""
    lang, default = _languages(config)
    if lang in _indexes:
        _indexes[lang].add_entry_from_context(page)
    if lang != default:
        # The theme scopes its stored settings by base_url unless extra.scope is set: keep the
        # site's root, so settings are shared by the languages (undone in on_post_page).
        config.extra["scope"] = context["base_url"]
        context["base_url"] = get_relative_url(f"{lang}/", page.url)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop the page's storage scope, so the next page or template computes its own."""
    config.extra.pop("scope", None)
    return output


@event_priority(-200)  # after mkdocs-static-i18n (-100) has written its merged index
def on_post_build(config: MkDocsConfig) -> None:
    """Write one index per language built so far (the last build writes them all)."""
    _, default = _languages(config)
    write_indexes(Path(config.site_dir), default)


def write_indexes(site_dir: Path, default: str) -> dict[str, Path]:
    """Write one search index per built language; return the file written for each."""
    written: dict[str, Path] = {}
    for lang, index in _indexes.items():
        settings = index.config
        prefix = "" if lang == default else f"{lang}/"
        docs = []
        for entry in index.entries:
            location = str(entry["location"])
            if prefix and location.startswith(prefix):
                location = location[len(prefix) :]
            docs.append({**with_folded_fields(entry), "location": location})
        fields = {name: dict(value) for name, value in settings["fields"].items()}
        for folded, shown in FOLDED_FIELDS.items():
            fields[folded] = dict(fields.get(shown, {"boost": 1.0}))
        index_config = {
            "lang": [lang],
            "separator": settings["separator"],
            "pipeline": settings["pipeline"],
            "fields": fields,
        }
        path = site_dir / prefix / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"config": index_config, "docs": docs}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
        path.write_text(text, encoding="utf-8")
        written[lang] = path
    return written
