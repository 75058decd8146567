"""The ``recaplist`` and ``talklist`` directives.

They leave a placeholder while reading, filled on ``doctree-resolved`` when every
document's data is known. Documents holding a placeholder are rewritten whenever
that data changes (``env-get-updated``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.domains import Domain
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .domain import recap_domain
from .i18n import _
from .listing import SORT_ORDERS, ListingNodes, filter_recaps, filter_talks, unknown_filters
from .nodes import recap_scroll
from .paths import generates_pages

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

__all__ = ["setup_listing_directives"]

logger = logging.getLogger(__name__)


class recap_listing(nodes.General, nodes.Element):
    """Where a ``recaplist``/``talklist`` goes, filled once all documents are read."""


def skip_node(translator: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def _text_paragraph(text: str, classes: list[str]) -> nodes.paragraph:
    return nodes.paragraph(text, text, classes=classes)


def _sort_order(argument: str | None) -> str:
    return directives.choice(argument or "", SORT_ORDERS)


class ListingDirective(SphinxDirective):
    """Leaves a placeholder that is filled once every document has been read."""

    kind: ClassVar[str] = ""
    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "limit": directives.nonnegative_int,
        "sort": _sort_order,
        "class": directives.class_option,
    }

    def run(self) -> list[Node]:
        options = {
            k: " ".join(v.split()) if isinstance(v, str) else v
            for k, v in self.options.items()
            if k != "class"
        }
        placeholder = recap_listing(
            kind=self.kind, options=options, classes=self.options.get("class", [])
        )
        self.set_source_info(placeholder)
        listing_store(self.env).note(self.env.docname)
        return [placeholder]


class RecapListDirective(ListingDirective):
    """``recaplist``: recap cards, filtered by tag, event or author."""

    kind = "recaps"
    option_spec: ClassVar[OptionSpec] = {
        **ListingDirective.option_spec,
        "tag": directives.unchanged_required,
        "event": directives.unchanged_required,
        "author": directives.unchanged_required,
    }


class TalkListDirective(ListingDirective):
    """``talklist``: the talk table, filtered by tag, speaker, event or track."""

    kind = "talks"
    option_spec: ClassVar[OptionSpec] = {
        **ListingDirective.option_spec,
        "tag": directives.unchanged_required,
        "speaker": directives.unchanged_required,
        "event": directives.unchanged_required,
        "track": directives.unchanged_required,
    }


def listing_nodes(listing: ListingNodes, kind: str, options: dict[str, Any]) -> nodes.Element:
    """What a placeholder becomes: cards, a talk table, or a line saying "none"."""
    if kind == "recaps":
        recaps = filter_recaps(listing.index, options)
        if recaps:
            return cast("nodes.Element", listing.cards(recaps))
        return _text_paragraph(_("No recaps to list."), ["recap-empty"])
    talks = filter_talks(listing.index, options)
    if talks:
        return cast("nodes.Element", listing.talk_table(talks))
    return _text_paragraph(_("No talks to list."), ["recap-empty"])


def fill_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each placeholder with its content, for whichever builder writes."""
    placeholders = list(doctree.findall(recap_listing))
    if not placeholders:
        return
    listing = ListingNodes(app.builder, docname, recap_domain(app.env).index)
    for placeholder in placeholders:
        options = placeholder["options"]
        for unknown in unknown_filters(listing.index, options):
            logger.warning(
                "%s: %s matches nothing on this site; check the spelling",
                "recaplist" if placeholder["kind"] == "recaps" else "talklist",
                unknown,
                location=placeholder,
                type="recap",
                subtype="listing",
            )
        content = listing_nodes(listing, placeholder["kind"], options)
        # ``:class:`` goes on the cards or the table itself, not on the table's scroll region.
        styled = cast("nodes.Element", content[0]) if isinstance(content, recap_scroll) else content
        styled["classes"].extend(placeholder["classes"])
        placeholder["classes"] = []  # replace_self would copy them onto the region too
        placeholder.replace_self(content)


# -- which documents hold a listing -----------------------------------------------------


class ListingStore(Domain):
    """Documents with a ``recaplist``/``talklist``, and the data they last showed.

    A domain only for its storage: Sphinx pickles its data with the environment,
    purges it per document and merges it after parallel reading.
    """

    name = "recaplisting"
    label = "Recap listings"
    initial_data: ClassVar[dict[str, Any]] = {
        "docs": {},
        "fingerprint": "",
        "names": {},
        "drafts": [],
        "pagers": {},
    }
    data_version = 3

    @property
    def docs(self) -> dict[str, bool]:
        return cast("dict[str, bool]", self.data["docs"])

    def note(self, docname: str) -> None:
        self.docs[docname] = True

    def clear_doc(self, docname: str) -> None:
        self.docs.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in otherdata["docs"]:
            if docname in docnames:
                self.docs[docname] = True

    def resolve_any_xref(self, *args: Any) -> list[tuple[str, nodes.reference]]:
        return []


def listing_store(env: BuildEnvironment) -> ListingStore:
    return cast("ListingStore", env.domains[ListingStore.name])


def outdated_listings(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: documents with a listing, when the data they show changed."""
    store = listing_store(env)
    current = recap_domain(env).index.digest
    if current == store.data["fingerprint"]:
        return []
    store.data["fingerprint"] = current
    return sorted(store.docs)


def renamed_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: every document, when a generated page that existed before has a new
    name (a document took its file, or gave it back): links to it are everywhere."""
    if not generates_pages(app.builder):
        return []
    store = listing_store(env)
    names = recap_domain(env).pages(app.builder).names
    now = {f"{kind}/{slug}": name for (kind, slug), name in names.items()}
    before: dict[str, str] = store.data.get("names", {})
    store.data["names"] = now
    if any(before[key] != now[key] for key in before.keys() & now.keys()):
        return sorted(env.found_docs)
    return []


def changed_drafts(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: recaps that became drafts or stopped being drafts (their notice
    comes or goes; a scheduled recap's day has come) are written again."""
    store = listing_store(env)
    now = sorted(recap_domain(env).index.drafts)
    before = set(store.data.get("drafts", []))
    store.data["drafts"] = now
    return sorted((before ^ set(now)) & env.found_docs)


def setup_listing_directives(app: Sphinx) -> None:
    """The card and table nodes, the two directives and their refresh."""
    skip = (skip_node, None)
    app.add_node(recap_listing, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_domain(ListingStore)
    app.add_directive("recaplist", RecapListDirective)
    app.add_directive("talklist", TalkListDirective)
    app.connect("doctree-resolved", fill_listings)
    app.connect("env-get-updated", outdated_listings)
    app.connect("env-get-updated", renamed_pages)
    app.connect("env-get-updated", changed_drafts)
