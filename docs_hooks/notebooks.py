"""MkDocs hook: keep the notebooks pages after mkdocs-static-i18n has rebuilt the file list.

mkdocs-static-i18n (event priority -100) recreates every File object; a plain ``.ipynb`` File is
not a documentation page, so mkdocs-jupyter's wrapping (made earlier, at priority 0) is lost and
the notebook would be copied raw, never executed. Re-applying mkdocs-jupyter's ``on_files`` after
i18n restores the pages, so the tutorial is executed (and a failing cell fails the build).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files


@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Wrap the notebooks again with mkdocs-jupyter's page type."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return files
    from mkdocs_jupyter.plugin import NotebookFile

    # Replace in place: the i18n plugin's Files subclass maps page paths to each language.
    for file in list(files):
        if not isinstance(file, NotebookFile) and jupyter.should_include(file):
            files.remove(file)
            files.append(NotebookFile(file, **config))
    return files
