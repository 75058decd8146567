"""How the ``recap`` domain resolves its references: speakers, talks, tags, events and
authors, to generated pages where the builder has them, else to anchors or plain text."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .model import tag_hue_class, url_quote
from .paths import generates_pages

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .index import SiteIndex
    from .paths import PageNames

__all__ = ["LINK_CLASSES", "RecapRole", "ReferenceResolver", "anchor_link"]

#: CSS class of the link each reference type makes (part of the HTML contract).
LINK_CLASSES = {
    "speaker": "recap-speaker-link",
    "talk": "recap-talk-link",
    "tag": "recap-tag",
    "event": "recap-event-link",
    "author": "recap-author-link",
}


def anchor_link(
    builder: Builder,
    fromdocname: str,
    docname: str,
    anchor: str,
    contnode: nodes.Element,
    title: str,
) -> nodes.reference:
    """A link to an anchor on a page; on the single HTML page, just the anchor."""
    if builder.format == "man":
        return contnode  # type: ignore[return-value]  # a man page has no anchors
    if isinstance(builder, SingleFileHTMLBuilder):
        reference = nodes.reference("", "", internal=True, refuri=f"#{anchor}", reftitle=title)
        reference += contnode
        return reference
    return make_refnode(builder, fromdocname, docname, anchor, contnode, title)


class RecapRole(XRefRole):
    """A cross-reference role whose inner class does not collide with the HTML contract.

    Sphinx would class the link text ``recap-speaker`` or ``recap-talk``: the names of
    the speaker card and the talk section. Ours say ``recap-role-<type>`` instead.
    """

    def create_xref_node(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.classes = ["xref", "recap", f"recap-role-{self.reftype}"]
        return super().create_xref_node()


class ReferenceResolver:
    """The resolving half of the domain: what it needs of the domain is declared here."""

    env: BuildEnvironment

    @property
    def index(self) -> SiteIndex:
        raise NotImplementedError

    @property
    def full_index(self) -> SiteIndex:
        raise NotImplementedError

    def pages(self, builder: Builder) -> PageNames:
        raise NotImplementedError

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        resolver = {
            "speaker": self._resolve_speaker,
            "talk": self._resolve_talk,
            "tag": self._resolve_tag,
            "event": self._resolve_event,
            "author": self._resolve_author,
        }.get(typ)
        if resolver is None:
            return None
        found = resolver(fromdocname, builder, target, node, contnode)
        if found is None and self.only_in_drafts(typ, target):
            # Named only on drafts: no page lists it yet, and the draft is not an error.
            return contnode  # type: ignore[return-value]
        if isinstance(found, nodes.reference):
            found["classes"].append(LINK_CLASSES[typ])
        # ``None`` lets intersphinx try other projects; ``warn_missing`` reports the rest.
        # A plain node is an honest answer where the builder has no page to link to.
        return cast("nodes.reference | None", found)

    def _page_link(
        self, builder: Builder, fromdocname: str, page: str, contnode: nodes.Element
    ) -> nodes.reference:
        uri = builder.get_relative_uri(fromdocname, page)
        reference = nodes.reference("", "", internal=True, refuri=url_quote(uri))
        reference += contnode
        return reference

    def _resolve_speaker(
        self,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        entry = self.index.speaker(target)
        if entry is None:
            return None
        if generates_pages(builder):
            return self._page_link(
                builder, fromdocname, self.pages(builder).speaker(entry.slug), contnode
            )
        if entry.definition is not None:
            return anchor_link(
                builder,
                fromdocname,
                entry.definition.docname,
                entry.definition.anchor or entry.slug,
                contnode,
                entry.name,
            )
        return contnode

    def _resolve_talk(
        self,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        talks = self.index.talks_by_label.get(target.strip())
        if not talks:
            return None
        # An auto label may repeat on other pages: prefer the referring page.
        talk = next((t for t in talks if t.docname == fromdocname), talks[0])
        if not node.get("refexplicit"):
            contnode = nodes.inline(talk.title, talk.title, classes=contnode["classes"])
        return anchor_link(builder, fromdocname, talk.docname, talk.label, contnode, talk.title)

    def _resolve_tag(
        self,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        entry = self.index.tag(target)
        if entry is None:
            return None
        if generates_pages(builder):
            link = self._page_link(
                builder, fromdocname, self.pages(builder).tag(entry.slug), contnode
            )
            link["classes"].append(tag_hue_class(entry.name))
            return link
        return contnode

    def _resolve_event(
        self,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        entry = self.index.event(target)
        if entry is None:
            return None
        if generates_pages(builder):
            return self._page_link(
                builder, fromdocname, self.pages(builder).event(entry.slug), contnode
            )
        return contnode

    def only_in_drafts(self, typ: str, target: str) -> bool:
        """Whether ``target`` is a talk, speaker, tag, event or author of drafts alone."""
        full = self.full_index
        if full is self.index:
            return False
        if typ == "talk":
            return target.strip() in full.talks_by_label
        lookups: dict[str, Callable[[str], object]] = {
            "speaker": full.speaker,
            "tag": full.tag,
            "event": full.event,
            "author": full.author,
        }
        return typ in lookups and lookups[typ](target) is not None

    def _resolve_author(
        self,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        entry = self.index.author(target)
        if entry is None:
            return None
        if generates_pages(builder):
            page = self.pages(builder).author(entry.slug)
            return self._page_link(builder, fromdocname, page, contnode)
        return contnode

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        results: list[tuple[str, nodes.reference]] = []
        for typ, resolver in (("talk", self._resolve_talk), ("speaker", self._resolve_speaker)):
            found = resolver(fromdocname, builder, target, node, contnode.deepcopy())
            if isinstance(found, nodes.reference):
                found["classes"].append(LINK_CLASSES[typ])
                results.append((f"recap:{typ}", found))
        return results
