"""MkDocs hook: the catalogue pages, generated from the shipped data files at build time.

One page per framework (``catalogue/<id>.md``) and per conduct code
(``catalogue/conduct/<id>.md``), each in Vietnamese (the default language) and English
(``.en.md``), so the mkdocs-static-i18n plugin (suffix structure) picks the right one per build.
The list on ``catalogue/index.md`` replaces the ``<!-- catalogue:list -->`` marker.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from render_catalogue import (
    LANGS,
    conduct_page,
    conduct_path,
    framework_page,
    framework_path,
    index_list,
    load_catalogue,
)

MARKER = "<!-- catalogue:list -->"
NAV_SECTION = "Danh mục"


# --- MkDocs events ----------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Add one navigation entry per generated page under the catalogue section."""
    cat = load_catalogue()
    wanted = [framework_path(f) for f in cat.frameworks] + [
        conduct_path(c) for c in cat.conduct_codes
    ]
    for entry in config.nav or []:
        if isinstance(entry, dict) and NAV_SECTION in entry:
            section = entry[NAV_SECTION]
            for path in wanted:
                if path not in section:
                    section.append(path)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages, in both languages, to the site's files."""
    cat = load_catalogue()
    for lang in LANGS:
        for fid, fw in cat.frameworks.items():
            uri = framework_path(fid, lang)
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=framework_page(fw, lang)))
        for cid, code in cat.conduct_codes.items():
            uri = conduct_path(cid, lang)
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=conduct_page(code, lang)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill the catalogue index's marker with the list of generated pages."""
    if MARKER not in markdown:
        return markdown
    lang = "en" if page.file.src_uri.endswith(".en.md") else "vi"
    return markdown.replace(MARKER, index_list(load_catalogue(), lang))
