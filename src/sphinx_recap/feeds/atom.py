"""Atom feeds (RFC 4287): the site's and one per tag, with each recap's own body.

An entry's content is what the recap's page shows, taken from the page's rendered
body as Sphinx writes it (``html-page-context``, in Sphinx's writer processes under
``-j``), without the page title and recap header, which the entry has as Atom
elements. Bodies are kept a file a recap next to the doctrees, so recaps an
incremental build does not write again keep theirs.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..model import clean_text, url_quote
from ..presentation import LIMIT, author_url
from .addresses import absolute, absolute_links

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config

    from ..index import SiteIndex, TagEntry
    from ..model import Recap

__all__ = ["AtomFeed", "EntryStore", "entry_body", "feed_docnames", "tag_feed_recaps"]

ATOM_NS = "http://www.w3.org/2005/Atom"
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>')
_FIRST_H1 = re.compile(r"<h1\b[^>]*>.*?</h1>\s*", re.DOTALL)
_HEADER_START = re.compile(r'<div class="recap-header\b[^"]*"[^>]*>')
_DIV = re.compile(r"<div\b|</div>")


def _without_header(body: str) -> str:
    """``body`` without the ``div.recap-header`` (and whatever it holds)."""
    start = _HEADER_START.search(body)
    if start is None:
        return body
    depth = 1
    for tag in _DIV.finditer(body, start.end()):
        depth += 1 if tag[0] == "<div" else -1
        if depth == 0:
            return body[: start.start()] + body[tag.end() :].lstrip("\n")
    return body


def entry_body(body: str) -> str:
    """A recap page's body as feed content: no title, recap header or pilcrow links."""
    return clean_text(_HEADERLINK.sub("", _without_header(_FIRST_H1.sub("", body, count=1))))


def timestamp(date: dt.date) -> str:
    """An RFC 3339 date-time at the start of the (UTC) day."""
    return f"{date.isoformat()}T00:00:00Z"


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8")


class EntryStore:
    """Entry content, a compressed file a recap, next to Sphinx's doctrees."""

    def __init__(self, builder: Builder) -> None:
        self.folder = Path(builder.doctreedir, f"recap-feed-content-{builder.name}")

    def path(self, docname: str) -> Path:
        return self.folder / f"{docname}.html.z"

    def save(self, docname: str, body: str) -> None:
        path = self.path(docname)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pack(body))

    def load(self, docname: str) -> str | None:
        """The body, or ``None`` when there is none or it cannot be read."""
        try:
            return unpack(self.path(docname).read_bytes())
        except (OSError, zlib.error, UnicodeDecodeError):
            return None

    def stamp(self, docname: str) -> str:
        """Size and time of the kept body: it changes when the page is written again."""
        try:
            stat = self.path(docname).stat()
        except OSError:
            return ""
        return f"{stat.st_size}:{stat.st_mtime_ns}"

    def keep_only(self, docnames: set[str]) -> None:
        """Remove the bodies of pages that are no longer recaps."""
        for path in self.folder.rglob("*.html.z"):
            if path.relative_to(self.folder).as_posix().removesuffix(".html.z") not in docnames:
                path.unlink()


def _element(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attributes)
    if text:
        child.text = text
    return child


def _author(parent: ET.Element, name: str, config: Config) -> None:
    author = _element(parent, "author")
    _element(author, "name", name)
    if url := author_url(config, name):
        _element(author, "uri", url)


class AtomFeed:
    """Renders the site's feed and tag feeds from one store of entry bodies."""

    def __init__(self, builder: Builder, base: str, store: EntryStore) -> None:
        self.builder = builder
        self.config = builder.config
        self.base = base
        self.store = store
        self.authority = urlsplit(base).hostname or "localhost"
        #: A recap is an entry of the site's feed and of each of its tags' feeds: its
        #: content is made absolute once, and kept compressed until the last feed.
        self.contents: dict[str, bytes] = {}

    def content(self, recap: Recap, url: str) -> str:
        if recap.docname not in self.contents:
            body = self.store.load(recap.docname) or ""
            self.contents[recap.docname] = pack(absolute_links(body, url))
        return unpack(self.contents[recap.docname])

    def entry_id(self, recap: Recap) -> str:
        """A ``tag:`` URI (RFC 4151): stable even when the page's address style changes."""
        path = urlsplit(self.base).path
        return f"tag:{self.authority},{recap.date.isoformat()}:{path}{url_quote(recap.docname)}"

    def render(
        self,
        recaps: list[Recap],
        *,
        path: str,
        title: str,
        alternate: str,
        summary_only: frozenset[str] = frozenset(),
    ) -> str:
        """The feed; recaps named in ``summary_only`` get no ``content``."""
        length = self.config.recap_feed_length
        recaps = recaps[:length] if length else recaps
        feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": self.config.language or "en"})
        _element(feed, "id", self.base + url_quote(path))
        _element(feed, "title", title)
        _element(feed, "updated", max(timestamp(r.updated or r.date) for r in recaps))
        href = self.base + url_quote(path)
        _element(feed, "link", rel="self", type="application/atom+xml", href=href)
        _element(feed, "link", rel="alternate", type="text/html", href=alternate)
        _author(feed, self.config.author or self.config.project, self.config)
        _element(feed, "generator", "sphinx-recap", uri="https://sphinx-recap.readthedocs.io")
        for recap in recaps:
            self.entry(feed, recap, full=recap.docname not in summary_only)
        ET.indent(feed)
        body = ET.tostring(feed, encoding="unicode")
        return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'

    def entry(self, feed: ET.Element, recap: Recap, *, full: bool = True) -> None:
        url = absolute(self.base, self.builder, recap.docname)
        entry = _element(feed, "entry")
        _element(entry, "id", self.entry_id(recap))
        _element(entry, "title", recap.title, type="text")
        _element(entry, "link", rel="alternate", type="text/html", href=url)
        _element(entry, "published", timestamp(recap.date))
        _element(entry, "updated", timestamp(recap.updated or recap.date))
        for name in recap.authors:
            _author(entry, name, self.config)
        for tag in recap.tags[:LIMIT]:
            _element(entry, "category", term=tag)
        if recap.summary:
            _element(entry, "summary", recap.summary, type="text")
        content = self.content(recap, url) if full else ""
        if content:
            _element(entry, "content", content, type="html")


def tag_feed_recaps(index: SiteIndex, entry: TagEntry) -> list[Recap]:
    """Recaps carrying the tag or holding a talk that does, newest first."""
    docnames = {r.docname for r in entry.recaps} | {t.docname for t in entry.talks}
    return [r for r in index.recaps if r.docname in docnames]


def feed_docnames(index: SiteIndex, length: int) -> set[str]:
    """Recaps that appear in the site feed or in some tag's feed."""

    def newest(recaps: list[Recap]) -> list[Recap]:
        return recaps[:length] if length else recaps

    wanted = {r.docname for r in newest(index.recaps)}
    for entry in index.tags.values():
        wanted |= {r.docname for r in newest(tag_feed_recaps(index, entry))}
    return wanted
