"""Recap cards, talk tables and links, described once for every output.

Generated pages and the ``recaplist``/``talklist`` directives share these
builders, written against :class:`~.markup.Markup`. For the directives they
make plain docutils nodes (lists, paragraphs, tables), so every builder can
write them; HTML gets cards through a few node subclasses whose HTML visitors
write ``<div>``/``<article>``/``<h2>``, while other builders fall back along
the class hierarchy to bullet lists and paragraphs. Generated pages (HTML
only) get the same markup as text, without the trees.

The directives leave a placeholder while reading and are filled on
``doctree-resolved``, when every document's data is known. Documents holding a
placeholder are rewritten whenever that data changes (``env-get-updated``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.domains import Domain
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, new_document
from sphinx.util.osutil import relative_uri

from .directives import ATTENDANCE_LABELS
from .domain import recap_domain
from .i18n import _
from .markup import Markup, NodeMarkup
from .model import name_key, tag_hue_class, tag_key, url_quote
from .paths import event_page, generates_pages, speaker_page, tag_page
from .values import format_day

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence, Set

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec
    from sphinx.writers.html5 import HTML5Translator

    from .index import SiteIndex
    from .model import Recap, Talk

__all__ = [
    "Listing",
    "filter_recaps",
    "filter_talks",
    "setup_listing",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

# -- nodes -------------------------------------------------------------------


class recap_listing(nodes.General, nodes.Element):
    """Where a ``recaplist``/``talklist`` goes, filled once all documents are read."""


def skip_node(translator: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def render_html(builder: Builder, pagename: str, node: nodes.Element) -> str:
    """``node`` as HTML for the page ``pagename``, by the builder's own translator.

    The translator reads per-page state (section and figure numbers, the paths of
    images and downloads) that the builder sets only while writing a document;
    set it for ``pagename`` and put the previous values back afterwards.
    """
    html_builder = cast("StandaloneHTMLBuilder", builder)
    names = ("secnumbers", "fignumbers", "imgpath", "dlpath", "current_docname")
    saved = {name: getattr(html_builder, name, None) for name in names}
    here = html_builder.get_target_uri(pagename)
    html_builder.secnumbers = builder.env.toc_secnumbers.get(pagename, {})
    html_builder.fignumbers = builder.env.toc_fignumbers.get(pagename, {})
    html_builder.imgpath = relative_uri(here, html_builder.imagedir)
    html_builder.dlpath = relative_uri(here, "_downloads")
    html_builder.current_docname = pagename
    try:
        # What ``render_partial`` does, minus its reader transforms: these trees
        # are built here and need none, and pages must stay cheap.
        document = new_document("<recap page>", html_builder.docsettings)
        document += node
        translator = cast("HTML5Translator", html_builder.create_translator(document, html_builder))
        document.walkabout(translator)
        return "".join(translator.fragment)
    finally:
        for name, value in saved.items():
            if value is not None:
                setattr(html_builder, name, value)


# -- building ------------------------------------------------------------------


def _text_paragraph(text: str, classes: list[str]) -> nodes.paragraph:
    return nodes.paragraph(text, text, classes=classes)


def display_name(name: str) -> str:
    """A tag or name as shown: runs of white space become one space."""
    return " ".join(name.split())


@dataclass
class Listing(Generic[T]):
    """Describes the listings of one output page, linking with its builder.

    Written against :class:`~.markup.Markup`, so the same description gives
    docutils nodes (documents, every builder) or HTML text (generated pages).
    """

    builder: Builder
    docname: str
    index: SiteIndex
    markup: Markup[T]

    @property
    def config(self) -> Config:
        return self.builder.config

    @property
    def pages(self) -> bool:
        return generates_pages(self.builder)

    # -- links -----------------------------------------------------------------

    def page_link(self, page: str, child: T, classes: list[str]) -> T:
        """A link to a generated page, or the bare text where there are none."""
        if not self.pages:
            return child
        uri = url_quote(self.builder.get_relative_uri(self.docname, page))
        return self.markup.link([child], classes, uri=uri)

    def doc_link(self, docname: str, anchor: str, child: T, classes: Sequence[str] = ()) -> T:
        """A link to a document (and an anchor in it) that works in every builder;
        what Sphinx's ``make_refnode`` makes."""
        if anchor and (docname == self.docname or isinstance(self.builder, SingleFileHTMLBuilder)):
            return self.markup.link([child], [*classes], uri="", refid=anchor)
        uri = self.builder.get_relative_uri(self.docname, docname)
        if anchor:
            uri += "#" + anchor
        if isinstance(self.builder, StandaloneHTMLBuilder):
            uri = url_quote(uri)
        return self.markup.link([child], [*classes], uri=uri)

    def tag_link(self, tag: str) -> T:
        entry = self.index.tag(tag)
        text = self.markup.text(f"#{display_name(entry.name if entry else tag)}")
        if entry is None:
            return text
        classes = ["recap-tag", tag_hue_class(entry.name)]
        return self.page_link(tag_page(self.config, entry.slug), text, classes)

    def tags_line(self, tags: Iterable[str], classes: list[str]) -> T:
        return self.markup.paragraph(
            self.markup.join([self.tag_link(t) for t in tags], " "), classes
        )

    def speaker_link(self, name: str) -> T:
        entry = self.index.speaker(name)
        text = self.markup.text(entry.name if entry else name)
        if entry is None:
            return text
        if self.pages:
            return self.page_link(
                speaker_page(self.config, entry.slug), text, ["recap-speaker-link"]
            )
        if entry.definition is not None:
            return self.doc_link(entry.definition.docname, entry.slug, text, ["recap-speaker-link"])
        return text

    def event_link(self, name: str) -> T:
        entry = self.index.event(name)
        text = self.markup.text(name)
        if entry is None:
            return text
        return self.page_link(event_page(self.config, entry.slug), text, ["recap-event-link"])

    def recap_link(self, recap: Recap) -> T:
        return self.doc_link(recap.docname, "", self.markup.text(recap.title))

    def talk_link(self, talk: Talk) -> T:
        return self.doc_link(talk.docname, talk.label, self.markup.text(talk.title))

    # -- blocks ----------------------------------------------------------------

    def heading(self, text: str, level: int, classes: list[str]) -> T:
        return self.markup.heading([self.markup.text(text)], level, classes)

    def day(self, date: Any) -> T:
        return self.markup.time(format_day(date, self.config), date.isoformat())

    def published_line(self, recap: Recap) -> T:
        markup = self.markup
        authors = [markup.span(a, ["recap-author"]) for a in recap.authors]
        template = _("Published %(date)s by %(authors)s") if authors else _("Published %(date)s")
        parts = {"date": [self.day(recap.date)], "authors": markup.join(authors, ", ")}
        return markup.paragraph(markup.template(template, parts), ["recap-meta"])

    def card(self, recap: Recap) -> T:
        markup = self.markup
        parts: list[T] = []
        if recap.image:
            parts.append(self.image(recap.image))
        if recap.tags:
            parts.append(self.tags_line(recap.tags, ["recap-tags"]))
        parts.append(markup.heading([self.recap_link(recap)], 2, ["recap-card-title"]))
        parts.append(self.published_line(recap))
        if recap.summary:
            parts.append(markup.paragraph([markup.text(recap.summary)], ["recap-card-summary"]))
        return markup.card(parts)

    def image(self, uri: str) -> T:
        """The card image; a path inside the site is taken from the output root."""
        if ":" not in uri.split("/", maxsplit=1)[0]:
            here = self.builder.get_target_uri(self.docname)
            uri = url_quote(relative_uri(here, uri.lstrip("/")))
        return self.markup.image(uri, ["recap-card-image"])

    def cards(self, recaps: Iterable[Recap]) -> T:
        return self.markup.cards([self.card(recap) for recap in recaps])

    # -- talk tables -----------------------------------------------------------

    def talk_columns(self, *, event: bool = True, full: bool = True) -> list[tuple[str, str]]:
        """The full table's columns, or the compact ones (talk with summary, who, when)."""
        columns = [("title" if full else "talk", _("Talk")), ("speakers", _("Speakers"))]
        if event:
            columns.append(("event", _("Event")))
        columns.append(("date", _("Date")))
        if not full:
            return columns
        columns.append(("where", _("Track / room")))
        if self.config.recap_show_personal:
            columns += [("attendance", _("Attendance")), ("rating", _("Rating"))]
        columns.append(("tags", _("Tags")))
        return columns

    def talk_cell(self, talk: Talk, column: str) -> list[T]:
        """The content of one cell; empty when the talk has no such value."""
        markup = self.markup
        if column == "talk" and talk.summary:
            summary = markup.span(talk.summary, ["recap-talk-summary"])
            return [*self.talk_cell(talk, "title"), markup.text(" "), summary]
        if column in ("title", "talk"):
            title = self.talk_link(talk)
            if talk.keynote:
                return [title, markup.text(" "), markup.span(_("Keynote"), ["recap-kind"])]
            return [title]
        if column == "speakers":
            return markup.join([self.speaker_link(name) for name in talk.speakers], ", ")
        if column == "event":
            event = self.index.event_of(talk)
            return [self.event_link(event)] if event else []
        if column == "date":
            return [self.day(talk.date)] if talk.date else []
        if column == "where":
            where = " · ".join(v for v in (talk.track, talk.room) if v)
            return [markup.text(where)] if where else []
        if column == "attendance" and talk.attendance:
            label = ATTENDANCE_LABELS[talk.attendance]
            classes = ["recap-attendance", f"recap-attendance-{talk.attendance}"]
            return [markup.span(label, classes)]
        if column == "rating" and talk.rating is not None:
            spoken = _("%(stars)d out of 5") % {"stars": talk.rating}
            return [markup.rating(spoken, talk.rating)]
        if column == "tags":
            return markup.join([self.tag_link(t) for t in talk.tags], " ")
        return []

    def talk_table(self, talks: Iterable[Talk], *, event: bool = True, full: bool = True) -> T:
        columns = self.talk_columns(event=event, full=full)
        rows = [
            (
                [self.talk_cell(talk, key) for key, _label in columns],
                "recap-keynote-row" if talk.keynote else "recap-talk-row",
            )
            for talk in talks
        ]
        return self.markup.table(
            [label for _key, label in columns],
            rows,
            [f"recap-col-{key}" for key, _label in columns],
            ["recap-talk-table"],
        )


# -- filtering -------------------------------------------------------------------

SORT_ORDERS = ("newest", "oldest", "title")


def _ordered(items: list[Any], sort: str, title: Any) -> list[Any]:
    """``items`` come newest first; ``oldest`` reverses, ``title`` sorts by title."""
    if sort == "oldest":
        return items[::-1]
    if sort == "title":
        return sorted(items, key=lambda item: (title(item).casefold(), item.docname))
    return items


def _limited(items: list[Any], limit: int) -> list[Any]:
    return items[:limit] if limit else items


def filter_recaps(index: SiteIndex, options: dict[str, Any]) -> list[Recap]:
    """The recaps a ``recaplist`` with these options shows."""
    recaps = index.recaps
    if options.get("tag"):
        key = tag_key(options["tag"])
        recaps = [r for r in recaps if key in {tag_key(t) for t in r.tags}]
    if options.get("event"):
        key = tag_key(options["event"])
        recaps = [r for r in recaps if tag_key(r.event) == key]
    if options.get("author"):
        key = name_key(options["author"])
        recaps = [r for r in recaps if key in {name_key(a) for a in r.authors}]
    recaps = _ordered(recaps, options.get("sort", "newest"), lambda r: r.title)
    return _limited(recaps, options.get("limit", 0))


def filter_talks(index: SiteIndex, options: dict[str, Any]) -> list[Talk]:
    """The talks a ``talklist`` with these options shows."""
    talks = index.talks
    if options.get("tag"):
        key = tag_key(options["tag"])
        talks = [t for t in talks if key in {tag_key(x) for x in t.tags}]
    if options.get("speaker"):
        entry = index.speaker(options["speaker"])
        chosen = {id(t) for t in entry.talks} if entry else set()
        talks = [t for t in talks if id(t) in chosen]
    if options.get("event"):
        key = tag_key(options["event"])
        talks = [t for t in talks if tag_key(index.event_of(t)) == key]
    if options.get("track"):
        key = tag_key(options["track"])
        talks = [t for t in talks if tag_key(t.track) == key]
    talks = _ordered(talks, options.get("sort", "newest"), lambda t: t.title)
    return _limited(talks, options.get("limit", 0))


def unknown_filters(index: SiteIndex, options: dict[str, Any]) -> list[str]:
    """Filter values that name no tag, event or speaker of the site (likely typos)."""
    lookups = {"tag": index.tag, "event": index.event, "speaker": index.speaker}
    return [
        f":{name}: {options[name]!r}"
        for name, lookup in lookups.items()
        if options.get(name) and lookup(options[name]) is None
    ]


# -- directives --------------------------------------------------------------------


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


def listing_nodes(listing: Listing[Node], kind: str, options: dict[str, Any]) -> nodes.Element:
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
    listing = Listing(app.builder, docname, recap_domain(app.env).index, NodeMarkup())
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
        content["classes"].extend(placeholder["classes"])
        placeholder.replace_self(content)


# -- which documents hold a listing -----------------------------------------------------


class ListingStore(Domain):
    """Documents with a ``recaplist``/``talklist``, and the data they last showed.

    A domain only for its storage: Sphinx pickles its data with the environment,
    purges it per document and merges it after parallel reading.
    """

    name = "recaplisting"
    label = "Recap listings"
    initial_data: ClassVar[dict[str, Any]] = {"docs": {}, "fingerprint": ""}
    data_version = 1

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


def fingerprint(index: SiteIndex) -> str:
    """Changes whenever anything a listing or generated page shows changes."""
    speakers = [(e.name, e.slug, e.definition) for e in index.speakers.values()]
    data = repr((index.recaps, index.talks, speakers))
    return hashlib.sha1(data.encode()).hexdigest()


def outdated_listings(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: documents with a listing, when the data they show changed."""
    store = listing_store(env)
    current = fingerprint(recap_domain(env).index)
    if current == store.data["fingerprint"]:
        return []
    store.data["fingerprint"] = current
    return sorted(store.docs)


def setup_listing(app: Sphinx) -> None:
    """The card and table nodes, the two directives and their refresh."""
    skip = (skip_node, None)
    app.add_node(recap_listing, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_domain(ListingStore)
    app.add_directive("recaplist", RecapListDirective)
    app.add_directive("talklist", TalkListDirective)
    app.connect("doctree-resolved", fill_listings)
    app.connect("env-get-updated", outdated_listings)
