"""Generated pages: tags, speakers, events, the talk index and the archive.

Each body is a Jinja template, ``recap/<kind>.html``, rendered with plain data from
the site index (:mod:`.context`) and laid out by the theme's ``page.html``; a
project's ``templates_path`` or a theme can override any of them (:mod:`.render`).
They come from ``html-collect-pages``, so nothing is written into the source
folder, and an incremental build renders only the pages whose fingerprint changed
(:mod:`.incremental`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .collect import FolderNavigation, PageCollector
from .incremental import writing_for_pages
from .labels import resolve_page_label

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["setup_pages"]


def setup_pages(app: Sphinx) -> None:
    collector = PageCollector()
    navigation = FolderNavigation()
    app.connect("html-collect-pages", collector.collect)
    app.connect("write-started", navigation.reset)
    app.connect("html-page-context", navigation.page_context)
    app.connect("build-finished", collector.sweep)
    app.connect("env-get-updated", writing_for_pages)
    # Before intersphinx, which would look for the labels in other projects.
    app.connect("missing-reference", resolve_page_label, priority=400)
