"""Atom feeds, JSON-LD, Open Graph meta, ``talks.ics`` and ``recap.json``.

Everything is derived from the recap model, never from the clock, so two builds
of the same sources give the same bytes. Entry content is the recap's own
rendered body, saved as its page is written (by Sphinx's writer processes under
``-j``) in a file next to the doctrees, where it stays for incremental builds;
the feeds themselves are written on ``build-finished``.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import functools
import html
import json
import operator
import os
import re
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import sphinx
from docutils import nodes
from sphinx.util import logging

from .domain import recap_domain
from .i18n import _
from .listing import render_html
from .model import slugify, url_quote
from .pages import OutputManifest
from .paths import generates_pages, speaker_page, tag_feed, tag_page
from .workers import run_all

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from .index import SiteIndex, SpeakerEntry, TagEntry
    from .model import Recap, Talk

__all__ = ["FeedWriter", "setup_feeds"]

logger = logging.getLogger(__name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
SITE_FEED = "atom.xml"
CALENDAR_FILE = "talks.ics"
EXPORT_FILE = "recap.json"
#: Meta properties sphinxext-opengraph writes itself; we leave them to it.
OPENGRAPH_OWNS = frozenset(
    {
        "og:title",
        "og:type",
        "og:url",
        "og:site_name",
        "og:description",
        "og:image",
        "og:image:alt",
        "og:locale",
    }
)
_LINK_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>')


# -- addresses -------------------------------------------------------------------


def site_url(config: Config) -> str:
    """``recap_site_url`` or ``html_baseurl``, ending in ``/``; empty when neither is set."""
    base = str(config.recap_site_url or config.html_baseurl or "").strip()
    return base if not base or base.endswith("/") else base + "/"


def absolute(base: str, builder: Builder, docname: str, anchor: str = "") -> str:
    uri = base + url_quote(builder.get_target_uri(docname))
    return f"{uri}#{url_quote(anchor)}" if anchor else uri


def absolute_links(fragment: str, page: str) -> str:
    """Resolve every ``href``/``src`` of rendered HTML against the page's URL."""

    def resolve(match: re.Match[str]) -> str:
        target = urljoin(page, html.unescape(match[2]))
        return match[1] + html.escape(target, quote=True) + match[3]

    return _LINK_ATTRIBUTE.sub(resolve, fragment)


def timestamp(date: dt.date) -> str:
    """An RFC 3339 date-time at the start of the (UTC) day."""
    return f"{date.isoformat()}T00:00:00Z"


# -- entry content -------------------------------------------------------------------


def _is_heading(child: nodes.Node) -> bool:
    """The page title and the recap header: the feed entry has both as Atom elements."""
    return isinstance(child, nodes.title) or (
        isinstance(child, nodes.Element) and "recap-header" in child["classes"]
    )


def recap_body_html(builder: Builder, docname: str, doctree: nodes.document) -> str:
    """The recap's section without its title and header, as HTML for feed readers.

    The page's own nodes are lent to a section for the rendering (so headings inside
    keep their level, ``h2`` and below) and given back after; copying them cost more
    than rendering them. Links stay relative to the page: ``AtomFeed`` makes them
    absolute.
    """
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return ""
    lent = [child for child in section.children if not _is_heading(child)]
    body = nodes.section(classes=["recap-feed-content"])
    body.extend(lent)
    # Sphinx's translator reads an image's size again for ``:scale:`` and warns when it
    # cannot; the page's own rendering has warned already.
    unsized = [
        image
        for image in body.findall(nodes.image)
        if "scale" in image and not ("width" in image and "height" in image)
    ]
    scales = [image.attributes.pop("scale") for image in unsized]
    try:
        return _HEADERLINK.sub("", render_html(builder, docname, body))
    finally:
        for image, scale in zip(unsized, scales, strict=True):
            image["scale"] = scale
        for child in lent:
            child.parent = section


def resolved_doctree(builder: Builder, docname: str) -> nodes.document:
    """``get_and_resolve_doctree``, with the ``tags`` Sphinx 9 asks for (8.x has none)."""
    if sphinx.version_info >= (9,):
        return builder.env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
    return builder.env.get_and_resolve_doctree(docname, builder)


class EntryStore:
    """Entry content, a file a recap, next to Sphinx's doctrees.

    Each page's body is saved by the process that writes the page (a forked writer
    under ``-j``) and read back when the feeds are written; recaps not written again
    keep theirs from an earlier build.
    """

    def __init__(self, builder: Builder) -> None:
        self.folder = Path(builder.doctreedir, f"recap-feed-content-{builder.name}")

    def path(self, docname: str) -> Path:
        return self.folder / f"{docname}.html.z"

    def save(self, docname: str, html: str) -> bytes:
        """Saves the body packed, and returns what was saved."""
        packed = pack(html)
        path = self.path(docname)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(packed)
        return packed

    def load(self, docname: str) -> bytes | None:
        """The packed body, or ``None`` when there is none (or it cannot be read)."""
        try:
            packed = self.path(docname).read_bytes()
            unpack(packed)
        except (OSError, zlib.error, UnicodeDecodeError):
            return None
        return packed

    def keep_only(self, docnames: set[str]) -> None:
        """Remove bodies no feed shows: a recap that comes back is rendered afresh."""
        for path in self.folder.rglob("*.html.z"):
            if path.relative_to(self.folder).as_posix().removesuffix(".html.z") not in docnames:
                path.unlink()


# -- Atom ---------------------------------------------------------------------------


def _element(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attributes)
    if text:
        child.text = text
    return child


def _author(parent: ET.Element, name: str, config: Config) -> None:
    author = _element(parent, "author")
    _element(author, "name", name)
    if config.recap_author_urls.get(name):
        _element(author, "uri", config.recap_author_urls[name])


class AtomFeed:
    """One RFC 4287 feed: the site's or a tag's."""

    def __init__(self, builder: Builder, base: str, content: dict[str, bytes]) -> None:
        self.builder = builder
        self.config = builder.config
        self.base = base
        self.content = content
        self.authority = urlsplit(base).hostname or "localhost"
        # A recap is an entry of the site feed and of each of its tags' feeds:
        # make its links absolute once, not once per feed.
        self.absolute_content: dict[str, bytes] = {}

    def entry_id(self, recap: Recap) -> str:
        """A ``tag:`` URI (RFC 4151): stable even when the page's address style changes."""
        path = urlsplit(self.base).path
        return f"tag:{self.authority},{recap.date.isoformat()}:{path}{url_quote(recap.docname)}"

    def render(self, recaps: list[Recap], *, path: str, title: str, alternate: str) -> str:
        length = self.config.recap_feed_length
        recaps = recaps[:length] if length else recaps
        feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": self.config.language or "en"})
        _element(feed, "id", self.base + url_quote(path))
        _element(feed, "title", title)
        _element(feed, "updated", max(timestamp(r.updated or r.date) for r in recaps))
        _element(
            feed, "link", rel="self", type="application/atom+xml", href=self.base + url_quote(path)
        )
        _element(feed, "link", rel="alternate", type="text/html", href=alternate)
        _author(feed, self.config.author or self.config.project, self.config)
        _element(feed, "generator", "sphinx-recap", uri="https://sphinx-recap.readthedocs.io")
        for recap in recaps:
            self.entry(feed, recap)
        ET.indent(feed)
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(feed, encoding="unicode")
            + "\n"
        )

    def entry(self, feed: ET.Element, recap: Recap) -> None:
        url = absolute(self.base, self.builder, recap.docname)
        entry = _element(feed, "entry")
        _element(entry, "id", self.entry_id(recap))
        _element(entry, "title", recap.title, type="text")
        _element(entry, "link", rel="alternate", type="text/html", href=url)
        _element(entry, "published", timestamp(recap.date))
        _element(entry, "updated", timestamp(recap.updated or recap.date))
        for name in recap.authors:
            _author(entry, name, self.config)
        for tag in recap.tags:
            _element(entry, "category", term=tag)
        if recap.summary:
            _element(entry, "summary", recap.summary, type="text")
        if recap.docname not in self.absolute_content:
            content = unpack(self.content.get(recap.docname, b""))
            self.absolute_content[recap.docname] = pack(absolute_links(content, url))
        _element(entry, "content", unpack(self.absolute_content[recap.docname]), type="html")


def tag_feed_recaps(index: SiteIndex, entry: TagEntry) -> list[Recap]:
    """Recaps carrying the tag or holding a talk that does, newest first."""
    docnames = {r.docname for r in entry.recaps} | {t.docname for t in entry.talks}
    return [r for r in index.recaps if r.docname in docnames]


# -- JSON-LD and Open Graph -----------------------------------------------------------


def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside ``<script>``: no ``<``, ``>`` or ``&`` can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>\n'


class StructuredData:
    """JSON-LD and meta properties of one recap page."""

    def __init__(self, builder: Builder, index: SiteIndex, base: str) -> None:
        self.builder = builder
        self.index = index
        self.base = base

    def url(self, docname: str, anchor: str = "") -> dict[str, str]:
        return {"url": absolute(self.base, self.builder, docname, anchor)} if self.base else {}

    def person(self, name: str) -> dict[str, Any]:
        person: dict[str, Any] = {"@type": "Person", "name": name}
        entry: SpeakerEntry | None = self.index.speaker(name)
        if entry is None:
            return person
        person["name"] = entry.name
        if entry.affiliation:
            person["affiliation"] = {"@type": "Organization", "name": entry.affiliation}
        if self.base:
            person["url"] = self.base + url_quote(
                self.builder.get_target_uri(speaker_page(self.builder.config, entry.slug))
            )
        if entry.definition and entry.definition.links:
            person["sameAs"] = [url for _kind, url in entry.definition.links]
        return person

    def talk_event(self, talk: Talk, recap: Recap) -> dict[str, Any]:
        event: dict[str, Any] = {"@type": "Event", "name": talk.title}
        if talk.date:
            event["startDate"] = talk.date.isoformat()
            if talk.start:
                event["startDate"] += "T" + talk.start.strftime("%H:%M")
            if talk.end:
                event["endDate"] = f"{talk.date.isoformat()}T{talk.end.strftime('%H:%M')}"
        place = ", ".join(v for v in (talk.room, recap.location) if v)
        if place:
            event["location"] = {"@type": "Place", "name": place}
        if talk.speakers:
            event["performer"] = [self.person(name) for name in talk.speakers]
        if talk.summary:
            event["description"] = talk.summary
        return event | self.url(talk.docname, talk.label)

    def about(self, recap: Recap, talks: list[Talk]) -> dict[str, Any] | list[Any] | None:
        """The conference as an Event with the talks as sub-events; never the recap."""
        sub_events = [self.talk_event(talk, recap) for talk in talks]
        if not recap.event:
            return sub_events or None
        event: dict[str, Any] = {"@type": "Event", "name": recap.event}
        if recap.location:
            event["location"] = {"@type": "Place", "name": recap.location}
        dates = sorted(t.date for t in talks if t.date)
        event["startDate"] = (dates[0] if dates else recap.date).isoformat()
        if dates and dates[-1] != dates[0]:
            event["endDate"] = dates[-1].isoformat()
        if sub_events:
            event["subEvent"] = sub_events
        return event

    def blog_posting(self, recap: Recap) -> dict[str, Any]:
        talks = self.index.talks_of.get(recap.docname, [])
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": recap.title,
            "datePublished": recap.date.isoformat(),
            "dateModified": (recap.updated or recap.date).isoformat(),
            "author": [{"@type": "Person", "name": a} | self.author_url(a) for a in recap.authors],
        }
        data |= self.url(recap.docname)
        if self.base:
            data["mainEntityOfPage"] = data["url"]
        if recap.summary:
            data["description"] = recap.summary
        if recap.tags:
            data["keywords"] = list(recap.tags)
        if recap.image and (":" in recap.image.split("/")[0] or self.base):
            data["image"] = urljoin(self.base, recap.image)
        about = self.about(recap, talks)
        if about:
            data["about"] = about
        return data

    def author_url(self, name: str) -> dict[str, str]:
        url = self.builder.config.recap_author_urls.get(name)
        return {"url": url} if url else {}

    def meta(self, recap: Recap, *, opengraph_loaded: bool) -> list[tuple[str, str]]:
        """Open Graph and ``article:*`` properties, minus those sphinxext-opengraph owns."""
        config = self.builder.config
        properties = [
            ("og:type", "article"),
            ("og:title", recap.title),
            ("og:site_name", config.project),
        ]
        if recap.summary:
            properties.append(("og:description", recap.summary))
        if self.base:
            properties.append(("og:url", absolute(self.base, self.builder, recap.docname)))
        if recap.image and (":" in recap.image.split("/")[0] or self.base):
            properties.append(("og:image", urljoin(self.base, recap.image)))
        properties.append(("article:published_time", recap.date.isoformat()))
        if recap.updated:
            properties.append(("article:modified_time", recap.updated.isoformat()))
        properties += [("article:author", a) for a in recap.authors]
        if recap.event:
            properties.append(("article:section", recap.event))
        properties += [("article:tag", t) for t in recap.tags]
        if opengraph_loaded:
            properties = [(k, v) for k, v in properties if k not in OPENGRAPH_OWNS]
        return properties


def meta_tags(properties: Iterable[tuple[str, str]]) -> str:
    return "".join(
        f'<meta property="{html.escape(key)}" content="{html.escape(value)}" />\n'
        for key, value in properties
    )


def feed_link(title: str, href: str) -> str:
    return (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{html.escape(title)}" href="{html.escape(href)}" />\n'
    )


# -- iCalendar ------------------------------------------------------------------------


def ics_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line into lines of at most ``limit`` octets, never inside a character."""
    if len(line) * 4 <= limit or len(line.encode()) <= limit:
        return line  # most lines: no need to walk them character by character
    lines: list[str] = []
    current, size = "", 0
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            lines.append(current)
            current, size = " ", 1
        current += char
        size += octets
    lines.append(current)
    return "\r\n".join(lines)


def _ics_stamp(date: dt.date, time: dt.time | None = None) -> str:
    return f"{date:%Y%m%d}T{(time or dt.time()):%H%M%S}"


class Calendar:
    """``talks.ics``: every talk with a date and a start time, as floating local times."""

    def __init__(self, builder: Builder, index: SiteIndex, base: str) -> None:
        self.builder = builder
        self.index = index
        self.base = base
        self.authority = urlsplit(base).hostname or slugify(builder.config.project)

    def event(self, talk: Talk) -> list[str]:
        if talk.date is None or talk.start is None:
            return []
        recap = self.index.recap_of.get(talk.docname)
        stamp = (recap.updated or recap.date) if recap else talk.date
        lines = [
            "BEGIN:VEVENT",
            f"UID:{ics_text(f'{talk.docname}/{talk.label}@{self.authority}')}",
            f"DTSTAMP:{_ics_stamp(stamp)}Z",
            f"DTSTART:{_ics_stamp(talk.date, talk.start)}",
        ]
        if talk.end:
            lines.append(f"DTEND:{_ics_stamp(talk.date, talk.end)}")
        title = f"{_('Keynote')}: {talk.title}" if talk.keynote else talk.title
        lines.append(f"SUMMARY:{ics_text(title)}")
        description = "\n\n".join(v for v in (", ".join(talk.speakers), talk.summary) if v)
        if description:
            lines.append(f"DESCRIPTION:{ics_text(description)}")
        where = ", ".join(v for v in (talk.room, recap.location if recap else "") if v)
        if where:
            lines.append(f"LOCATION:{ics_text(where)}")
        if talk.tags:
            lines.append("CATEGORIES:" + ",".join(ics_text(t) for t in talk.tags))
        if self.base:
            lines.append(f"URL:{absolute(self.base, self.builder, talk.docname, talk.label)}")
        lines.append("END:VEVENT")
        return lines

    def chunks(self) -> Iterator[bytes]:
        """The file a talk at a time: a big site's calendar is never in memory whole."""
        talks = sorted(
            (t for t in self.index.talks if t.date and t.start),
            key=lambda t: (t.date, t.start, t.docname, t.lineno),
        )
        yield ics_lines(
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//sphinx-recap//talks//EN",
                "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH",
                f"X-WR-CALNAME:{ics_text(self.builder.config.project)}",
            ]
        )
        for talk in talks:
            yield ics_lines(self.event(talk))
        yield ics_lines(["END:VCALENDAR"])


def ics_lines(lines: list[str]) -> bytes:
    return "".join(fold(line) + "\r\n" for line in lines).encode()


# -- recap.json -------------------------------------------------------------------------


class Export:
    """``recap.json``: the whole model for other tools (personal fields only if shown)."""

    def __init__(self, builder: Builder, index: SiteIndex, base: str) -> None:
        self.builder = builder
        self.index = index
        self.base = base

    def where(self, page: str, anchor: str = "") -> dict[str, str]:
        path = url_quote(self.builder.get_target_uri(page))
        path = f"{path}#{url_quote(anchor)}" if anchor else path
        return {"path": path, "url": self.base + path} if self.base else {"path": path}

    def recap(self, recap: Recap) -> dict[str, Any]:
        return {
            "docname": recap.docname,
            "title": recap.title,
            "date": recap.date.isoformat(),
            "updated": recap.updated.isoformat() if recap.updated else None,
            "authors": list(recap.authors),
            "tags": list(recap.tags),
            "event": recap.event,
            "location": recap.location,
            "summary": recap.summary,
            "image": recap.image,
        } | self.where(recap.docname)

    def talk(self, talk: Talk) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": f"{talk.docname}#{talk.label}",
            "docname": talk.docname,
            "label": talk.label,
            "title": talk.title,
            "kind": talk.kind,
            "speakers": list(talk.speakers),
            "affiliation": talk.affiliation,
            "tags": list(talk.tags),
            "track": talk.track,
            "room": talk.room,
            "event": self.index.event_of(talk),
            "date": talk.date.isoformat() if talk.date else None,
            "start": talk.start.strftime("%H:%M") if talk.start else None,
            "end": talk.end.strftime("%H:%M") if talk.end else None,
            "links": dict(talk.links),
            "summary": talk.summary,
        }
        if self.builder.config.recap_show_personal:
            data |= {"attendance": talk.attendance, "rating": talk.rating}
        return data | self.where(talk.docname, talk.label)

    def speaker(self, entry: SpeakerEntry) -> dict[str, Any]:
        definition = entry.definition
        return {
            "name": entry.name,
            "slug": entry.slug,
            "affiliation": entry.affiliation,
            "role": definition.role if definition else "",
            "bio": definition.bio if definition else "",
            "links": dict(definition.links) if definition else {},
            "avatar": definition.avatar if definition else "",
            "talks": [f"{t.docname}#{t.label}" for t in entry.talks],
        } | self.where(speaker_page(self.builder.config, entry.slug))

    def chunks(self) -> Iterator[bytes]:
        """The file a record at a time: a big site's export is never in memory whole."""
        config = self.builder.config
        header = {"format": "sphinx-recap/1", "site": {"project": config.project, "url": self.base}}
        sections: dict[str, Iterable[dict[str, Any]]] = {
            "recaps": (self.recap(r) for r in self.index.recaps),
            "talks": (self.talk(t) for t in self.index.talks),
            "speakers": (self.speaker(e) for e in self.index.speakers.values()),
            "tags": (
                {
                    "name": e.name,
                    "slug": e.slug,
                    "recaps": [r.docname for r in e.recaps],
                    "talks": [f"{t.docname}#{t.label}" for t in e.talks],
                }
                | self.where(tag_page(config, e.slug))
                for e in self.index.tags.values()
            ),
        }
        for text in json_one_record_a_line(header, sections):
            yield text.encode()


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_one_record_a_line(
    header: dict[str, Any], sections: dict[str, Iterable[dict[str, Any]]]
) -> Iterator[str]:
    """A JSON object whose lists hold one record a line, in pieces: easy to read and to
    diff, and written by the json module's C encoder (an indented dump of a 10,000-talk
    site went through the pure-Python encoder and took five times the file's size)."""
    members = [f"{_compact(key)}: {_compact(value)}" for key, value in header.items()]
    yield "{\n" + ",\n".join(members)
    for key, records in sections.items():
        yield f",\n{_compact(key)}: ["
        separator = "\n"
        for record in records:
            yield separator + _compact(record)
            separator = ",\n"
        yield "\n]" if separator != "\n" else "]"
    yield "\n}\n"


# -- wiring ------------------------------------------------------------------------------


def feeds_on(builder: Builder) -> bool:
    return (
        generates_pages(builder)
        and bool(builder.config.recap_feeds)
        and bool(site_url(builder.config))
    )


def feed_docnames(index: SiteIndex, length: int) -> set[str]:
    """Recaps that appear in the site feed or in some tag's feed."""

    def newest(recaps: list[Recap]) -> list[Recap]:
        return recaps[:length] if length else recaps

    wanted = {r.docname for r in newest(index.recaps)}
    for entry in index.tags.values():
        wanted |= {r.docname for r in newest(tag_feed_recaps(index, entry))}
    return wanted


class FeedWriter:
    """Captures entry content while pages are written; writes the files at the end.

    One instance per application (its handlers are bound methods), so nothing is
    shared between builds or kept at module level.
    """

    def __init__(self) -> None:
        #: Recaps some feed shows: their bodies are saved as their pages are written.
        self.wanted: set[str] = set()

    def start(self, app: Sphinx, builder: Builder) -> None:
        """``write-started``: decide what to capture; warn once when feeds cannot work."""
        self.wanted = set()
        config = builder.config
        if generates_pages(builder) and config.recap_feeds and not site_url(config):
            logger.warning(
                "feeds need the site's address: set html_baseurl (or "
                "recap_site_url) in conf.py; no feeds were written",
                location=f"{Path(app.confdir, 'conf.py')}:1",
                type="recap",
                subtype="feed",
            )
        if feeds_on(builder):
            index = recap_domain(builder.env).index
            self.wanted = feed_docnames(index, config.recap_feed_length)

    def page_context(
        self,
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: nodes.document | None,
    ) -> None:
        """``html-page-context``: feed links everywhere; JSON-LD and meta on recaps;
        the body of a recap a feed shows, saved for its entries.

        Saved here, not on ``doctree-resolved``: under ``-j`` this runs in the writer,
        not in the main process that resolves every page for the writers and sets the
        pace.
        """
        builder = app.builder
        if doctree is not None and pagename in self.wanted:
            EntryStore(builder).save(pagename, recap_body_html(builder, pagename, doctree))
        if not generates_pages(builder):
            return
        index = recap_domain(builder.env).index
        base = site_url(builder.config)
        tags = ""
        if feeds_on(builder) and index.recaps:
            tags += feed_link(builder.config.project, base + SITE_FEED)
        if feeds_on(builder) and context.get("recap_page") == "tag":
            tag = context["recap_data"]
            href = base + url_quote(tag_feed(builder.config, tag["slug"]))
            tags += feed_link(f"{builder.config.project}: #{tag['name']}", href)
            context["recap_feed"] = href
        recap = index.recap_of.get(pagename) if doctree is not None else None
        if recap is not None:
            data = StructuredData(builder, index, base)
            tags += script_json(data.blog_posting(recap))
            loaded = "sphinxext.opengraph" in app.extensions
            tags += meta_tags(data.meta(recap, opengraph_loaded=loaded))
        if tags:
            context["metatags"] = context.get("metatags", "") + tags

    def finish(self, app: Sphinx, exception: Exception | None) -> None:
        """``build-finished``: write the feeds, ``talks.ics`` and ``recap.json``,
        in Sphinx's workers when it writes in parallel."""
        builder = app.builder
        if exception is not None or not generates_pages(builder):
            return
        index = recap_domain(builder.env).index
        base = site_url(builder.config)
        jobs: list[Callable[[], Path]] = []
        if builder.config.recap_exports:
            jobs += export_jobs(builder, index, base)
        if feeds_on(builder) and index.recaps:
            jobs += self.feed_jobs(builder, index, base)
        written = run_all(app, jobs, operator.call)
        OutputManifest(builder).sweep("feeds", written)

    def feed_jobs(self, builder: Builder, index: SiteIndex, base: str) -> list[Callable[[], Path]]:
        """Writing the site feed and each tag's, one job a file: a feed holds up to
        ``recap_feed_length`` full recaps, so keeping them all would cost memory."""
        atom = AtomFeed(builder, base, self.entry_content(builder))
        config = builder.config

        def site_feed() -> Path:
            text = atom.render(index.recaps, path=SITE_FEED, title=config.project, alternate=base)
            return write_if_changed(Path(builder.outdir, SITE_FEED), text.encode())

        def tag_feed_of(entry: TagEntry) -> Path:
            path = tag_feed(config, entry.slug)
            page = base + url_quote(builder.get_target_uri(tag_page(config, entry.slug)))
            text = atom.render(
                tag_feed_recaps(index, entry),
                path=path,
                title=f"{config.project}: #{entry.name}",
                alternate=page,
            )
            return write_if_changed(Path(builder.outdir, path), text.encode())

        tags = [functools.partial(tag_feed_of, entry) for entry in index.tags.values()]
        return [site_feed, *tags]

    def entry_content(self, builder: Builder) -> dict[str, bytes]:
        """Saved bodies, rendered now for recaps that have none (pages not written
        in this build that no feed showed before)."""
        store = EntryStore(builder)
        content: dict[str, bytes] = {}
        for docname in sorted(self.wanted):
            packed = store.load(docname)
            if packed is None:
                doctree = resolved_doctree(builder, docname)
                builder.post_process_images(doctree)  # as for a page being written
                packed = store.save(docname, recap_body_html(builder, docname, doctree))
            content[docname] = packed
        store.keep_only(self.wanted)
        return content


def export_jobs(builder: Builder, index: SiteIndex, base: str) -> list[Callable[[], Path]]:
    """Writing ``talks.ics`` and ``recap.json``, a record at a time."""

    def calendar() -> Path:
        chunks = Calendar(builder, index, base).chunks()
        return write_chunks_if_changed(Path(builder.outdir, CALENDAR_FILE), chunks)

    def export() -> Path:
        chunks = Export(builder, index, base).chunks()
        return write_chunks_if_changed(Path(builder.outdir, EXPORT_FILE), chunks)

    return [calendar, export]


def pack(html: str) -> bytes:
    """HTML text compressed: entry bodies wait in memory until the feeds are written."""
    return zlib.compress(html.encode("utf-8"), 1)


def unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8") if packed else ""


def write_if_changed(path: Path, data: bytes) -> Path:
    """Write ``data`` unless the file already holds it (keeps mtimes for rsync and caches)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
    return path


def write_chunks_if_changed(path: Path, chunks: Iterable[bytes]) -> Path:
    """``write_if_changed`` for a file made in pieces, which are never joined in memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(path.name + ".part")
    with draft.open("wb") as stream:
        stream.writelines(chunks)
    if path.exists() and filecmp.cmp(draft, path, shallow=False):
        draft.unlink()
    else:
        os.replace(draft, path)
    return path


def setup_feeds(app: Sphinx) -> None:
    writer = FeedWriter()
    app.connect("write-started", writer.start)
    app.connect("html-page-context", writer.page_context)
    app.connect("build-finished", writer.finish)
