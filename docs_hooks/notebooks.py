"""MkDocs hook: keep the notebooks pages after mkdocs-static-i18n has rebuilt the file list.

mkdocs-static-i18n (event priority -100) recreates every File object; a plain ``.ipynb`` File is
not a documentation page, so mkdocs-jupyter's wrapping (made earlier, at priority 0) is lost and
the notebook would be copied raw, never executed. Re-applying mkdocs-jupyter's wrapping after
i18n restores the pages, so the tutorial is executed (and a failing cell fails the build).

i18n does not know a notebook is a page: it treats it as an asset, which every language shares
at the site's root, and the wrapper computes its destination from the source path alone. The
English build then wrote its tutorial over the Vietnamese one (``/tutorial/`` served with English
menus and ``lang="en"``, ``/en/tutorial/`` missing, so the language switcher led to a 404). The
wrapper is therefore placed where i18n's own alternate for the language being built lives (the
file the switcher links to): ``tutorial/`` for Vietnamese, ``en/tutorial/`` for English.

nbconvert's page template also loads MathJax (an empty ``<script src="">`` here) and a Mermaid
loader that imports its code from a CDN when a diagram is present. The tutorial has neither maths
nor diagrams, and the site must load nothing from outside: both scripts are removed from notebook
pages.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

#: nbconvert's MathJax loader when no MathJax URL is configured.
EMPTY_MATHJAX = re.compile(r'<script src="">\s*</script>')
#: nbconvert's Mermaid loader: an inline module script importing from a CDN.
CDN_MODULE = re.compile(
    r'<script type="module">(?:(?!</script>).)*?import\("https://(?:(?!</script>).)*?</script>',
    re.DOTALL,
)


@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Wrap the notebooks again with mkdocs-jupyter's page type, in the language's folder."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return files
    from mkdocs_jupyter.plugin import NotebookFile

    i18n = config.plugins.get("i18n")
    language = getattr(i18n, "current_language", None)
    # Replace in place: the i18n plugin's Files subclass maps page paths to each language.
    for file in list(files):
        if not isinstance(file, NotebookFile) and jupyter.should_include(file):
            placed = getattr(file, "alternates", {}).get(language, file)
            page = NotebookFile(file, **config)
            page.dest_path = placed.dest_path
            page.abs_dest_path = placed.abs_dest_path
            page.url = placed.url
            files.remove(file)
            files.append(page)
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Drop the external and empty script loaders nbconvert puts in a notebook page."""
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    html = EMPTY_MATHJAX.sub("", html)
    return CDN_MODULE.sub("", html)
