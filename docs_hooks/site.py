"""MkDocs hook: a site that loads nothing from outside and whose own links work from any folder.

* No ``sitemap.xml`` while the site has no ``site_url``: a sitemap needs absolute addresses, and
  the one MkDocs wrote held relative ones. Set ``site_url`` in ``mkdocs.yml`` when the site is
  published and the sitemap comes back.
* One ``404.html``, in the default language: every language build wrote the site's single
  ``404.html`` and the last (English) one won.
* No ``<link rel="alternate" hreflang>`` in the pages' heads while there is no ``site_url``: such
  links must be absolute to mean anything to a search engine, and the theme fetched a
  ``sitemap.xml`` next to each of them on every page load (404s). The switcher in the header,
  which readers use, stays.
* A page that is a tab of its own (not in a section) has no left navigation sidebar on wide
  screens: with tabs, that sidebar held one link, to the page itself, and took 240 px from the
  text, so code blocks of 81 to 94 characters scrolled sideways at 1280 px. Narrow screens keep
  their navigation drawer.
* The language switcher of a language's home page linked to ``/`` and ``/en/`` (mkdocs-static-i18n
  writes the language roots as absolute paths), which break when the site is served from a
  sub-folder or opened from disk; they are made relative like every other link.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

#: The theme's hreflang links in a page's head (the header's switcher uses <a> elements).
HREFLANG_LINK = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def _languages(config: MkDocsConfig) -> tuple[str, str]:
    """The language being built and the default language."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        lang = str(config.theme.get("language") or "en")
        return lang, lang
    return str(i18n.current_language), str(i18n.default_language)


@event_priority(-150)  # after mkdocs-static-i18n (-100) has chosen the language being built
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Render the static pages this language's build should write."""
    lang, default = _languages(config)
    templates = config.theme.static_templates
    if not config.site_url:
        templates.discard("sitemap.xml")
    if lang == default:
        templates.add("404.html")
    else:
        templates.discard("404.html")
    return config


@event_priority(-150)  # after mkdocs-static-i18n (-100) has rebuilt the file list
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Without a site_url, do not copy the sitemap template either (it is no static template)."""
    if not config.site_url:
        for file in list(files):
            if file.src_uri == "sitemap.xml" and file.src_dir != config.docs_dir:
                files.remove(file)
    return files


@event_priority(0)  # after mkdocs-static-i18n (50) has set this page's alternate links
def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    """Hide a lone page's one-link sidebar; make the switcher's root-absolute links relative."""
    if page.parent is None and page in nav.pages:
        hide = list(page.meta.get("hide") or [])
        page.meta["hide"] = [*hide, "navigation"] if "navigation" not in hide else hide
    base_path = urlsplit(config.site_url or "").path.rstrip("/")
    # mkdocs-static-i18n sets the page's links as an attribute, which the template reads first.
    for alternate in getattr(config.extra, "alternate", None) or []:
        link = str(alternate.get("link", ""))
        if link.startswith("/") and not link.startswith("//"):
            # "/en/" -> "en/": the theme's url filter then makes it relative to the page.
            site_relative = link[len(base_path) :] if link.startswith(base_path) else link
            alternate["link"] = site_relative.lstrip("/") or "./"
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Without a site_url, drop the head's hreflang links (relative, and each one a fetch)."""
    if config.site_url:
        return output
    head, sep, body = output.partition("</head>")
    return HREFLANG_LINK.sub("", head) + sep + body
