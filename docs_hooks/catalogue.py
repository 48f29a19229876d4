"""MkDocs hook: the catalogue pages, generated from the shipped data files at build time.

One page per framework (``catalogue/frameworks/<id>.md``) and per conduct code
(``catalogue/conduct/<id>.md``), each in Vietnamese (the default language) and English
(``.en.md``), so the mkdocs-static-i18n plugin (suffix structure) picks the right one per build.
The list on ``catalogue/index.md`` replaces the ``<!-- catalogue:list -->`` marker.

The pages are written to disk under ``docs/`` before MkDocs collects its files, because the i18n
plugin re-reads every page from the docs folder (in-memory generated files are not localised).
Those two folders are wholly generated: they are emptied of stale pages on each build, ignored by
git, and a file is rewritten only when its content changed (so ``mkdocs serve`` does not loop).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
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
GENERATED_DIRS = ("catalogue/frameworks", "catalogue/conduct")


def _write_pages(docs_dir: Path) -> None:
    cat = load_catalogue()
    wanted: dict[Path, str] = {}
    for lang in LANGS:
        for fid, fw in cat.frameworks.items():
            wanted[docs_dir / framework_path(fid, lang)] = framework_page(fw, lang)
        for cid, code in cat.conduct_codes.items():
            wanted[docs_dir / conduct_path(cid, lang)] = conduct_page(code, lang)
    for folder in GENERATED_DIRS:
        for stale in sorted((docs_dir / folder).rglob("*.md")):
            if stale not in wanted:
                stale.unlink()
    for path, text in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Write the pages and add one navigation entry per page under the catalogue section."""
    _write_pages(Path(config.docs_dir))
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


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill the catalogue index's marker with the list of generated pages."""
    if MARKER not in markdown:
        return markdown
    lang = "en" if page.file.src_uri.endswith(".en.md") else "vi"
    return markdown.replace(MARKER, index_list(load_catalogue(), lang))
