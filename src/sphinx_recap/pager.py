"""Older/newer links at the end of each recap: ``nav.recap-pager``.

By date, newest first as the archive lists them, and, when the recap's event has
several recaps, the previous and next recap of that event first ("← Day 2 · Day 4
→"). Drafts are in neither. The links are written when the page is written (HTML
only: a printed or plain-text recap reads on without them); a recap whose neighbours
changed is written again on an incremental build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from .domain import recap_domain
from .i18n import _
from .model import url_quote
from .recaplist import listing_store

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

    from .index import SiteIndex
    from .model import Recap

__all__ = ["neighbours", "pager_on", "recap_pager", "setup_pager"]

#: (rel, docname, title) of one link.
Link = tuple[str, str, str]


class recap_pager(nodes.General, nodes.Element):
    """The pager of one recap: ``groups`` of ``Link``s, each with a label."""


def pager_on(config: Config) -> bool:
    """``recap_pager``: ``"always"``, ``"never"``, or ``"auto"`` (the ``recap`` theme)."""
    if config.recap_pager == "auto":
        return str(config.html_theme) == "recap"
    return bool(config.recap_pager == "always")


def _around(recaps: list[Recap], docname: str) -> list[Link]:
    """The older and newer neighbours of ``docname`` in a newest-first list."""
    places = [r.docname for r in recaps]
    if docname not in places:
        return []
    at = places.index(docname)
    links: list[Link] = []
    if at + 1 < len(recaps):
        links.append(("prev", recaps[at + 1].docname, recaps[at + 1].title))
    if at > 0:
        links.append(("next", recaps[at - 1].docname, recaps[at - 1].title))
    return links


def neighbours(index: SiteIndex, docname: str) -> list[tuple[str, list[Link]]]:
    """(label, links) groups: the recap's event first, then the whole site."""
    recap = index.recap_of.get(docname)
    if recap is None:
        return []
    groups: list[tuple[str, list[Link]]] = []
    event = index.event(recap.event) if recap.event else None
    if event is not None and len(event.recaps) > 1:
        groups.append((event.name, _around(event.recaps, docname)))
    links = _around(index.recaps, docname)
    if links and (not groups or links != groups[0][1]):
        groups.append((str(_("More recaps")), links))
    return [(label, links) for label, links in groups if links]


def visit_pager_html(translator: HTML5Translator, node: recap_pager) -> None:
    builder = translator.builder
    here = builder.current_docname
    label = str(_("Recaps"))
    parts = [f'<nav class="recap-pager" aria-label="{translator.attval(label)}">']
    for label, links in node["groups"]:
        parts.append(f'<p><span class="recap-pager-label">{translator.encode(label)}</span>')
        for rel, docname, title in links:
            href = url_quote(builder.get_relative_uri(here, docname))
            arrow = ("← ", "") if rel == "prev" else ("", " →")
            text = translator.encode(title)
            parts.append(
                f' <a class="recap-pager-{rel}" rel="{rel}" href="{translator.attval(href)}">'
                f"{arrow[0]}{text}{arrow[1]}</a>"
            )
        parts.append("</p>")
    parts.append("</nav>\n")
    translator.body.append("".join(parts))
    raise nodes.SkipNode


def skip_pager(translator: Any, node: recap_pager) -> None:
    raise nodes.SkipNode


def changed_neighbours(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: recaps whose pager links changed are written again."""
    store = listing_store(env)
    before: dict[str, Any] = store.data.setdefault("pagers", {})
    if not pager_on(app.config):
        store.data["pagers"] = {}
        return []
    index = recap_domain(env).index
    now = {docname: repr(neighbours(index, docname)) for docname in index.recap_of}
    store.data["pagers"] = now
    return sorted(d for d in now if before.get(d) != now[d] and d in env.found_docs)


def setup_pager(app: Sphinx) -> None:
    skip = (skip_pager, None)
    app.add_node(
        recap_pager, html=(visit_pager_html, None), latex=skip, text=skip, man=skip, texinfo=skip
    )
    app.connect("env-get-updated", changed_neighbours)
