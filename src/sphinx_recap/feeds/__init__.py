"""Atom feeds, JSON-LD and Open Graph meta, ``talks.ics`` and ``recap.json``.

Everything is derived from the recap model, never from the clock, so two builds
of the same sources give the same bytes. One module per output; this one wires
them to Sphinx's events.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx
from sphinx.util import logging

from ..domain import recap_domain
from ..files import write_chunks_if_changed, write_if_changed
from ..model import url_quote
from ..outputs import OutputManifest, settings_state
from ..paths import author_feed, generates_pages, tag_feed
from ..presentation import LIMIT, author_name
from ..version import __version__
from .addresses import site_url
from .atom import AtomFeed, EntryStore, entry_body, feed_docnames, tag_feed_recaps
from .export import EXPORT_FILE, Export
from .ics import CALENDAR_FILE, Calendar
from .jsonld import StructuredData, feed_link, meta_tags, script_json

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..index import SiteIndex
    from ..model import Recap

__all__ = ["setup_feeds"]

logger = logging.getLogger(__name__)

SITE_FEED = "atom.xml"


def feeds_on(builder: Builder) -> bool:
    config = builder.config
    return generates_pages(builder) and bool(config.recap_feeds) and bool(site_url(config))


def warn_without_address(app: Sphinx, builder: Builder) -> None:
    """``write-started``: feeds need the site's address; say so once."""
    config = builder.config
    if generates_pages(builder) and config.recap_feeds and not site_url(config):
        logger.warning(
            "feeds need the site's address: set html_baseurl (or "
            "recap_site_url) in conf.py; no feeds were written",
            location=f"{Path(app.confdir, 'conf.py')}:1",
            type="recap",
            subtype="feed",
        )


def bodiless_recaps(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: recaps a feed shows whose body is not kept (a first build
    with feeds, a lost file) are written again, which keeps their bodies."""
    if not feeds_on(app.builder):
        return []
    store = EntryStore(app.builder)
    index = recap_domain(env).index
    wanted = feed_docnames(index, app.config.recap_feed_length)
    return sorted(d for d in wanted if store.load(d) is None)


def page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: keep a recap's body for its feed entries; add feed links,
    and JSON-LD and Open Graph meta to recap pages."""
    builder = app.builder
    if not generates_pages(builder):
        return
    index = recap_domain(builder.env).index
    recap = index.recap_of.get(pagename) if doctree is not None else None
    on = feeds_on(builder)
    if recap is not None and on:
        EntryStore(builder).save(pagename, entry_body(str(context.get("body", ""))))
    config, base = builder.config, site_url(builder.config)
    tags = ""
    if on and index.recaps:
        tags += feed_link(config.project, base + SITE_FEED)
    kind = context.get("recap_page")
    if on and kind in ("tag", "author"):
        data = context["recap_data"]
        path = (tag_feed if kind == "tag" else author_feed)(config, data["slug"])
        href = base + url_quote(path)
        title = f"#{data['name']}" if kind == "tag" else data["name"]
        tags += feed_link(f"{config.project}: {title}", href)
        context["recap_feed"] = href
    if doctree is not None and pagename in index.drafts:
        # A draft's page is built for its author, not for search engines.
        tags += '<meta name="robots" content="noindex" />\n'
    if recap is not None:
        data = StructuredData(builder, index, base)
        tags += script_json(data.blog_posting(recap))
        loaded = "sphinxext.opengraph" in app.extensions
        tags += meta_tags(data.meta(recap, opengraph_loaded=loaded))
    if tags:
        context["metatags"] = context.get("metatags", "") + tags


class Outputs:
    """Writes each feed or export unless what it is made from is what it was last time
    (the records it shows, the bodies of its entries, the settings and versions)."""

    def __init__(self, builder: Builder, index: SiteIndex) -> None:
        self.builder = builder
        self.index = index
        self.base = site_url(builder.config)
        self.manifest = OutputManifest(builder)
        self.previous = self.manifest.fingerprints("feed-fingerprints")
        self.fingerprints: dict[str, str] = {}
        self.common = "\0".join(
            [sphinx.__display_version__, __version__, builder.name, settings_state(builder)]
        )

    def due(self, name: str, *inputs: str) -> bool:
        """Whether ``name`` must be written: remembers its fingerprint either way."""
        digest = hashlib.sha256("\0".join([self.common, name, *inputs]).encode()).hexdigest()
        self.fingerprints[name] = digest
        return self.previous.get(name) != digest or not Path(self.builder.outdir, name).is_file()

    def planned(self) -> list[tuple[str, list[Recap], str, str]]:
        """(path, recaps, title, page) of the site's feed, each tag's and each author's."""
        builder, index, config = self.builder, self.index, self.builder.config
        names = recap_domain(builder.env).pages(builder)

        def page(name: str) -> str:
            return self.base + url_quote(builder.get_target_uri(name))

        feeds = [(SITE_FEED, index.recaps, str(config.project), self.base)]
        for tag in index.tags.values():
            title = f"{config.project}: #{tag.name}"
            path = tag_feed(config, tag.slug)
            feeds.append((path, tag_feed_recaps(index, tag), title, page(names.tag(tag.slug))))
        for author in index.authors.values():
            title = f"{config.project}: {author_name(config, author.name)}"
            path = author_feed(config, author.slug)
            feeds.append((path, author.recaps, title, page(names.author(author.slug))))
        return feeds

    def feeds(self) -> list[Path]:
        """Every feed, one file at a time."""
        builder, index, config = self.builder, self.index, self.builder.config
        store = EntryStore(builder)
        store.keep_only(set(index.recap_of))
        atom = AtomFeed(builder, self.base, store)
        feeds = self.planned()
        # A recap in more tag feeds than LIMIT (a recap with thousands of tags) is an entry
        # with its summary there: its body in each would make the output grow as the
        # square of the input. The site's feed always has the body.
        appearances = Counter(r.docname for _path, recaps, _t, _a in feeds[1:] for r in recaps)
        crowded = frozenset(d for d, count in appearances.items() if count > LIMIT)
        written = []
        for number, (path, recaps, title, alternate) in enumerate(feeds):
            summary_only = crowded if number else frozenset()
            shown = recaps[: config.recap_feed_length] if config.recap_feed_length else recaps
            stamps = [f"{r!r}{store.stamp(r.docname)}{r.docname in summary_only}" for r in shown]
            if self.due(path, title, alternate, *stamps):
                text = atom.render(
                    recaps, path=path, title=title, alternate=alternate, summary_only=summary_only
                )
                write_if_changed(Path(builder.outdir, path), text.encode())
            written.append(Path(builder.outdir, path))
        return written

    def exports(self) -> list[Path]:
        """``talks.ics`` and ``recap.json``, a record at a time."""
        builder, index, base = self.builder, self.index, self.base
        outdir = Path(builder.outdir)
        if self.due(CALENDAR_FILE, index.digest):
            write_chunks_if_changed(outdir / CALENDAR_FILE, Calendar(builder, index, base).chunks())
        if self.due(EXPORT_FILE, index.digest):
            write_chunks_if_changed(outdir / EXPORT_FILE, Export(builder, index, base).chunks())
        return [outdir / CALENDAR_FILE, outdir / EXPORT_FILE]


def finish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the feeds and exports; remove those no longer made."""
    builder = app.builder
    if exception is not None or not generates_pages(builder):
        return
    outputs = Outputs(builder, recap_domain(builder.env).index)
    written: list[Path] = []
    if builder.config.recap_exports:
        written += outputs.exports()
    if feeds_on(builder) and outputs.index.recaps:
        written += outputs.feeds()
    outputs.manifest.sweep("feeds", written)
    outputs.manifest.save_fingerprints(outputs.fingerprints, "feed-fingerprints")


def setup_feeds(app: Sphinx) -> None:
    app.connect("write-started", warn_without_address)
    app.connect("env-get-updated", bodiless_recaps)
    app.connect("html-page-context", page_context)
    app.connect("build-finished", finish)
