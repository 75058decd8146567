"""Generated pages in Sphinx's search: searching a speaker's name or a tag finds its page.

Each page gives the index its title and a short text: the line under the title and
the first titles it lists. Sphinx keeps only documents in the index it writes (it
prunes to ``env.all_docs`` before dumping, and when it loads last build's): the
indexer's pruning is told to keep our pages too, and every generated page is fed on
every build, from the manifest when the page itself is not rendered again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import new_document

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.builders.html import StandaloneHTMLBuilder

__all__ = ["SearchFeeder", "search_entry"]

#: How many listed titles a page's search text holds.
LISTED = 20


def _titles(value: Any, found: list[str]) -> None:
    """The ``title`` and ``name`` values inside a page's data, depth first."""
    if len(found) >= LISTED:
        return
    if isinstance(value, dict):
        for key in ("title", "name"):
            if isinstance(value.get(key), str) and len(found) < LISTED:
                found.append(value[key])
        for item in value.values():
            if isinstance(item, (dict, list)):
                _titles(item, found)
    elif isinstance(value, list):
        for item in value:
            _titles(item, found)


def search_entry(context: dict[str, Any]) -> list[str]:
    """[title, text] of a generated page, from its template context."""
    found: list[str] = []
    _titles(context.get("recap_data", {}), found)
    text = " · ".join([context.get("recap_subtitle", ""), *dict.fromkeys(found)])
    return [str(context.get("recap_title", "")), text.strip(" ·")]


class SearchFeeder:
    """Feeds generated pages to Sphinx's search index, one small tree reused for all
    (the indexer keeps words, not trees; a tree a page was garbage the collector had to
    find)."""

    def __init__(self, builder: StandaloneHTMLBuilder) -> None:
        self.builder = builder
        self.document = new_document("<recap pages>")

    def __call__(self, pagename: str, entry: list[str]) -> None:
        index_page(self.builder, pagename, entry, self.document)


def index_page(
    builder: StandaloneHTMLBuilder, pagename: str, entry: list[str], document: nodes.document
) -> None:
    """Feed one generated page to Sphinx's search index.

    ``builder.indexer`` is the index Sphinx's HTML builder fills while it writes (``None``
    when the search is off) and ``IndexBuilder.feed`` takes a doctree: both the same in
    Sphinx 8.1.3, 8.2.3 and 9.0.4, where a test checks the results land on the page.
    """
    indexer = getattr(builder, "indexer", None)
    if indexer is None or len(entry) != 2:
        return
    keep_when_pruned(indexer, pagename)
    title, text = entry
    document.children = []
    document += nodes.title(title, title)
    document += nodes.paragraph(text, text)
    indexer.feed(pagename, f"{pagename}{builder.out_suffix}", title, document)


def keep_when_pruned(indexer: Any, pagename: str) -> None:
    """Let ``pagename`` survive the indexer's ``prune(env.all_docs)`` before it is dumped.

    Only this indexer (this build) is changed: its ``prune`` gets our pages added to the
    names it keeps. ``IndexBuilder.prune(docnames)`` is the same in Sphinx 8.1.3, 8.2.3
    and 9.0.4 (a test checks the pages are in ``searchindex.js`` on each).
    """
    kept: set[str] | None = getattr(indexer, "recap_pages", None)
    if kept is None:
        kept = set()
        prune = indexer.prune

        def prune_keeping_pages(docnames: Iterable[str]) -> None:
            prune({*docnames, *kept})

        indexer.recap_pages = kept
        indexer.prune = prune_keeping_pages
    kept.add(pagename)
