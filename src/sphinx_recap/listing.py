"""Recap cards and talk tables as docutils nodes, and the filters that choose them.

The ``recaplist`` and ``talklist`` directives put these into documents, which every
builder writes: plain docutils nodes (lists, paragraphs, tables), with a few node
subclasses whose HTML visitors write ``<div>``/``<article>``/``<hN>`` while other
builders fall back along the class hierarchy to bullet lists and paragraphs.
Generated pages show the same cards and tables from Jinja templates
(``templates/recap/``) with the same HTML classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.util.osutil import relative_uri

from .domain import recap_domain
from .i18n import _
from .index import pinned_first
from .model import name_key, tag_hue_class, tag_key, url_quote
from .nodes import (
    filled,
    rating,
    recap_card,
    recap_cards,
    recap_heading,
    recap_image,
    recap_scroll,
    recap_time,
    separated,
)
from .paths import PageNames, generates_pages
from .presentation import (
    attendance_label,
    author_name,
    author_url,
    more_text,
    rating_text,
    reading_time,
    shown,
    talk_columns,
)
from .values import format_day

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from docutils.nodes import Node
    from sphinx.builders import Builder
    from sphinx.config import Config

    from .index import SiteIndex
    from .model import Recap, Talk

__all__ = ["ListingNodes", "display_name", "filter_recaps", "filter_talks", "unknown_filters"]


def display_name(name: str) -> str:
    """A tag or name as shown: runs of white space become one space."""
    return " ".join(name.split())


def _text(text: str) -> nodes.Text:
    return nodes.Text(text)


def _span(text: str, classes: list[str]) -> nodes.inline:
    return nodes.inline(text, text, classes=classes)


def _paragraph(children: Sequence[Node], classes: list[str]) -> nodes.paragraph:
    return nodes.paragraph("", "", *children, classes=classes)


#: Relative column widths, in characters where a builder lays tables out itself (text,
#: LaTeX); HTML sizes the columns to their content (``colwidths-auto``).
COLUMN_WIDTHS = {
    "title": 30,
    "talk": 30,
    "speakers": 20,
    "event": 16,
    "date": 12,
    "where": 14,
    "attendance": 10,
    "rating": 10,
    "tags": 16,
}


@dataclass
class ListingNodes:
    """Cards and talk tables for one document, linked with its builder."""

    builder: Builder
    docname: str
    index: SiteIndex

    @property
    def config(self) -> Config:
        return self.builder.config

    @property
    def names(self) -> PageNames:
        return recap_domain(self.builder.env).pages(self.builder)

    # -- links -----------------------------------------------------------------

    def link(self, child: Node, classes: Sequence[str], uri: str = "", refid: str = "") -> Node:
        reference = nodes.reference("", "", child, internal=True, classes=[*classes])
        if refid:
            reference["refid"] = refid
        else:
            reference["refuri"] = uri
        return reference

    def page_link(self, page: str, child: Node, classes: list[str]) -> Node:
        """A link to a generated page, or the bare text where there are none."""
        if not generates_pages(self.builder):
            return child
        uri = url_quote(self.builder.get_relative_uri(self.docname, page))
        return self.link(child, classes, uri)

    def doc_link(self, docname: str, anchor: str, child: Node, classes: Sequence[str] = ()) -> Node:
        """A link to a document (and an anchor in it) that works in every builder;
        what Sphinx's ``make_refnode`` makes."""
        if anchor and (docname == self.docname or isinstance(self.builder, SingleFileHTMLBuilder)):
            return self.link(child, classes, refid=anchor)
        uri = self.builder.get_relative_uri(self.docname, docname)
        if anchor:
            uri += "#" + anchor
        if isinstance(self.builder, StandaloneHTMLBuilder):
            uri = url_quote(uri)
        return self.link(child, classes, uri)

    def tag_link(self, tag: str) -> Node:
        entry = self.index.tag(tag)
        text = _text(f"#{display_name(entry.name if entry else tag)}")
        if entry is None:
            return text
        classes = ["recap-tag", tag_hue_class(entry.name)]
        return self.page_link(self.names.tag(entry.slug), text, classes)

    def speaker_link(self, name: str) -> Node:
        entry = self.index.speaker(name)
        text = _text(entry.name if entry else name)
        if entry is None:
            return text
        if generates_pages(self.builder):
            return self.page_link(self.names.speaker(entry.slug), text, ["recap-speaker-link"])
        if entry.definition is not None:
            definition = entry.definition
            anchor = definition.anchor or entry.slug
            return self.doc_link(definition.docname, anchor, text, ["recap-speaker-link"])
        return text

    def event_link(self, name: str) -> Node:
        entry = self.index.event(name)
        if entry is None:
            return _text(name)
        page = self.names.event(entry.slug)
        return self.page_link(page, _text(name), ["recap-event-link"])

    # -- cards -----------------------------------------------------------------

    def day(self, date: dt.date) -> Node:
        shown = format_day(date, self.config)
        return recap_time(shown, shown, datetime=date.isoformat())

    def more(self, items: tuple[str, ...]) -> list[Node]:
        """ " + 12 more" after what a card or row shows, or nothing."""
        left_out = shown(items)[1]
        if not left_out:
            return []
        return [_text(" "), _span(more_text(left_out, self.config), ["recap-more"])]

    def author_link(self, name: str) -> Node:
        """An author's name, linked as ``recap_author_links`` asks (their page, else
        their own address)."""
        text = _span(author_name(self.config, name), ["recap-author"])
        url = author_url(self.config, name)
        if url and (self.config.recap_author_links == "url" or not generates_pages(self.builder)):
            return nodes.reference("", "", text, refuri=url)
        entry = self.index.author(name)
        if entry is None:
            return text
        return self.page_link(self.names.author(entry.slug), text, ["recap-author-link"])

    def published_line(self, recap: Recap) -> Node:
        names = [self.author_link(a) for a in shown(recap.authors)[0]]
        authors = [*separated(names, ", "), *self.more(recap.authors)]
        template = _("Published %(date)s by %(authors)s") if names else _("Published %(date)s")
        parts = {"date": [self.day(recap.date)], "authors": authors}
        return _paragraph(filled(template, parts), ["recap-meta"])

    def image(self, uri: str) -> Node:
        """The card image; a path inside the site is taken from the output root."""
        if ":" not in uri.split("/", maxsplit=1)[0]:
            here = self.builder.get_target_uri(self.docname)
            uri = url_quote(relative_uri(here, uri.lstrip("/")))
        return recap_image(uri=uri, alt="", classes=["recap-card-image"])

    def card(self, recap: Recap) -> Node:
        parts: list[Node] = []
        if recap.image:
            parts.append(self.image(recap.image))
        if recap.tags:
            tags = separated([self.tag_link(t) for t in shown(recap.tags)[0]], " ")
            parts.append(_paragraph([*tags, *self.more(recap.tags)], ["recap-tags"]))
        title = self.doc_link(recap.docname, "", _text(recap.title))
        parts.append(recap_heading("", "", title, level=2, classes=["recap-card-title"]))
        parts.append(self.published_line(recap))
        minutes = reading_time(recap.words, self.config)
        parts.append(_paragraph([_text(minutes)], ["recap-reading-time"]))
        if recap.pinned:
            parts.insert(
                0, _paragraph([_span(_("Pinned"), ["recap-pinned"])], ["recap-card-flags"])
            )
        if recap.summary:
            parts.append(_paragraph([_text(recap.summary)], ["recap-card-summary"]))
        return recap_card("", *parts, classes=["recap-card"])

    def cards(self, recaps: Iterable[Recap]) -> Node:
        return recap_cards("", *(self.card(recap) for recap in recaps), classes=["recap-cards"])

    # -- talk tables -----------------------------------------------------------

    def talk_cell(self, talk: Talk, column: str) -> list[Node]:
        """The content of one cell; empty when the talk has no such value."""
        if column in ("title", "talk"):
            cell = [self.doc_link(talk.docname, talk.label, _text(talk.title))]
            if talk.keynote:
                cell += [_text(" "), _span(_("Keynote"), ["recap-kind"])]
            if column == "talk" and talk.summary:
                cell += [_text(" "), _span(talk.summary, ["recap-talk-summary"])]
            return cell
        if column == "speakers":
            people = separated([self.speaker_link(n) for n in shown(talk.speakers)[0]], ", ")
            return [*people, *self.more(talk.speakers)]
        if column == "event":
            event = self.index.event_of(talk)
            return [self.event_link(event)] if event else []
        if column == "date":
            return [self.day(talk.date)] if talk.date else []
        if column == "where":
            where = " · ".join(v for v in (talk.track, talk.room) if v)
            return [_text(where)] if where else []
        if column == "attendance" and talk.attendance:
            classes = ["recap-attendance", f"recap-attendance-{talk.attendance}"]
            return [_span(attendance_label(talk.attendance), classes)]
        if column == "rating" and talk.rating is not None:
            spoken = rating_text(talk.rating)
            return [rating(spoken, spoken, stars=talk.rating)]
        if column == "tags":
            tags = separated([self.tag_link(t) for t in shown(talk.tags)[0]], " ")
            return [*tags, *self.more(talk.tags)]
        return []

    def talk_table(self, talks: Iterable[Talk]) -> Node:
        columns = talk_columns(self.config)
        table = nodes.table(classes=["recap-talk-table", "colwidths-auto"])
        group = nodes.tgroup(cols=len(columns))
        table += group
        group.extend(nodes.colspec(colwidth=COLUMN_WIDTHS[key]) for key, _label in columns)
        head = nodes.row()
        for key, label in columns:
            head += nodes.entry("", _paragraph([_text(label)], []), classes=[f"recap-col-{key}"])
        group += nodes.thead("", head)
        body = nodes.tbody()
        for talk in talks:
            row = nodes.row(classes=["recap-keynote-row" if talk.keynote else "recap-talk-row"])
            for key, _label in columns:
                entry = nodes.entry(classes=[f"recap-col-{key}"])
                content = self.talk_cell(talk, key)
                if content:
                    entry += _paragraph(content, [])
                row += entry
            body += row
        group += body
        return recap_scroll("", table, label=_("Talks"))


# -- filtering -------------------------------------------------------------------

SORT_ORDERS = ("newest", "oldest", "title")


def _ordered(items: list[Any], sort: str) -> list[Any]:
    """``items`` come newest first; ``oldest`` reverses, ``title`` sorts by title."""
    if sort == "oldest":
        return items[::-1]
    if sort == "title":
        return sorted(items, key=lambda item: (item.title.casefold(), item.docname))
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
    sort = options.get("sort", "newest")
    ordered = pinned_first(recaps) if sort == "newest" else _ordered(recaps, sort)
    return _limited(ordered, options.get("limit", 0))


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
    return _limited(_ordered(talks, options.get("sort", "newest")), options.get("limit", 0))


def unknown_filters(index: SiteIndex, options: dict[str, Any]) -> list[str]:
    """Filter values that name no tag, event or speaker of the site (likely typos)."""
    lookups = {"tag": index.tag, "event": index.event, "speaker": index.speaker}
    return [
        f":{name}: {options[name]!r}"
        for name, lookup in lookups.items()
        if options.get(name) and lookup(options[name]) is None
    ]
