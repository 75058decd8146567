"""Generated pages: tags, speakers, events, the talk index and the archive.

They come from ``html-collect-pages``, so nothing is written into the source
folder, and they are rendered with the active theme's ``page.html``. Each page's
body is described once by :mod:`.listing` and written straight as HTML by
:class:`~.markup.HtmlMarkup`: byte for byte what Sphinx's HTML translator writes
for the same listing as docutils nodes (a test compares the two), without
building thousands of trees. The site index is built once per build by the
domain; each page only walks its own entries.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import json
import posixpath
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util import logging
from sphinx.util.i18n import format_date
from sphinx.util.osutil import relative_uri

from .directives import speaker_links_line
from .domain import recap_domain
from .i18n import _
from .listing import Listing, display_name, render_html
from .markup import HtmlMarkup, Markup
from .model import Recap, Talk, tag_hue_class, url_quote
from .paths import (
    event_page,
    generates_pages,
    speaker_page,
    speakers_index_page,
    tag_page,
    tags_index_page,
)
from .version import __version__
from .workers import parallel_workers, run_all

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment

    from .index import EventEntry, SiteIndex, SpeakerEntry, TagEntry

__all__ = ["OutputManifest", "PageCollector", "PageWriter", "setup_pages"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: (page name, template context, template): what ``html-collect-pages`` yields.
Page = tuple[str, dict[str, Any], str]


def _count(number: int, one: str, many: str) -> str:
    return (one if number == 1 else many) % {"n": number}


def recaps_count(number: int) -> str:
    return _count(number, _("%(n)d recap"), _("%(n)d recaps"))


def talks_count(number: int) -> str:
    return _count(number, _("%(n)d talk"), _("%(n)d talks"))


@dataclass
class PageWriter(Generic[T]):
    """Builds the pages of one build from the site index.

    ``markup_for`` gives the markup for a page: HTML text when generating (fast),
    docutils nodes in the test that checks both write the same bytes.
    """

    builder: StandaloneHTMLBuilder
    index: SiteIndex
    markup_for: Callable[[str], Markup[T]]

    def listing(self, pagename: str) -> Listing[T]:
        return Listing(self.builder, pagename, self.index, self.markup_for(pagename))

    def page(
        self,
        pagename: str,
        kind: str,
        title: str,
        blocks: list[T],
        data: dict[str, Any],
        subtitle: str = "",
    ) -> Page:
        """Put ``blocks`` under a title into a ``page.html`` context."""
        listing = self.listing(pagename)
        markup = listing.markup
        parts = [listing.heading(title, 1, ["recap-page-title"])]
        if subtitle:
            parts.append(markup.paragraph([markup.text(subtitle)], ["recap-page-subtitle"]))
        parts.extend(blocks)
        body = markup.container(parts, ["recap-page", f"recap-page-{kind}"])
        context = {
            "title": html.escape(title),
            "body": markup.html(body),
            "recap_page": kind,
            "recap_data": data,
            "display_toc": False,
        }
        return pagename, context, "page.html"

    def uri(self, pagename: str, target: str) -> str:
        return url_quote(self.builder.get_relative_uri(pagename, target))

    def recap_data(self, pagename: str, recap: Recap) -> dict[str, Any]:
        return {
            "title": recap.title,
            "date": recap.date.isoformat(),
            "url": self.uri(pagename, recap.docname),
            "docname": recap.docname,
        }

    def talk_data(self, pagename: str, talk: Talk) -> dict[str, Any]:
        url = self.uri(pagename, talk.docname) + "#" + url_quote(talk.label)
        return {
            "title": talk.title,
            "date": talk.date.isoformat() if talk.date else "",
            "speakers": list(talk.speakers),
            "url": url,
            "keynote": talk.keynote,
        }

    def section(self, pagename: str, title: str, block: T, kind: str) -> list[T]:
        heading = self.listing(pagename).heading(
            title, 2, ["recap-section-title", f"recap-section-{kind}"]
        )
        return [heading, block]

    def recaps_and_talks(
        self, pagename: str, recaps: list[Recap], talks: list[Talk], *, event_column: bool = True
    ) -> list[T]:
        listing = self.listing(pagename)
        blocks: list[T] = []
        if recaps:
            blocks.append(listing.cards(recaps))
        if talks:
            table = listing.talk_table(talks, event=event_column, full=False)
            blocks += self.section(pagename, _("Talks"), table, "talks")
        return blocks

    # -- tags ------------------------------------------------------------------

    def tag_pages(self) -> Iterator[Page]:
        for entry in self.index.tags.values():
            yield self.tag(entry)
        yield self.tags_index()

    def tag(self, entry: TagEntry) -> Page:
        pagename = tag_page(self.builder.config, entry.slug)
        subtitle = " · ".join([recaps_count(len(entry.recaps)), talks_count(len(entry.talks))])
        data = {
            "name": display_name(entry.name),
            "slug": entry.slug,
            "hue": tag_hue_class(entry.name),
            "recaps": [self.recap_data(pagename, r) for r in entry.recaps],
            "talks": [self.talk_data(pagename, t) for t in entry.talks],
        }
        blocks = self.recaps_and_talks(pagename, entry.recaps, entry.talks)
        return self.page(pagename, "tag", f"#{display_name(entry.name)}", blocks, data, subtitle)

    def tags_index(self) -> Page:
        pagename = tags_index_page(self.builder.config)
        listing = self.listing(pagename)
        markup = listing.markup
        most = max((len(e.recaps) + len(e.talks) for e in self.index.tags.values()), default=1)
        lines = []
        for entry in self.index.tags.values():
            uses = len(entry.recaps) + len(entry.talks)
            count = ", ".join([recaps_count(len(entry.recaps)), talks_count(len(entry.talks))])
            line = [
                listing.tag_link(entry.name),
                markup.text(" "),
                markup.span(count, ["recap-tag-count"]),
            ]
            lines.append((line, [f"recap-tag-weight-{1 + 4 * uses // most}"]))
        cloud = markup.items(lines, ["recap-tag-cloud"])
        data = {
            "tags": [
                {
                    "name": display_name(e.name),
                    "slug": e.slug,
                    "recaps": len(e.recaps),
                    "talks": len(e.talks),
                    "hue": tag_hue_class(e.name),
                    "url": self.uri(pagename, tag_page(self.builder.config, e.slug)),
                }
                for e in self.index.tags.values()
            ]
        }
        subtitle = _count(len(self.index.tags), _("%(n)d tag"), _("%(n)d tags"))
        return self.page(pagename, "tags", _("Tags"), [cloud], data, subtitle)

    # -- speakers ----------------------------------------------------------------

    def speaker_pages(self) -> Iterator[Page]:
        for entry in self.index.speakers.values():
            yield self.speaker(entry)
        yield self.speakers_index()

    def speaker(self, entry: SpeakerEntry) -> Page:
        pagename = speaker_page(self.builder.config, entry.slug)
        definition = entry.definition
        position = ", ".join(
            v for v in (definition.role if definition else "", entry.affiliation) if v
        )
        blocks: list[T] = [self.speaker_card(pagename, entry)]
        if entry.talks:
            table = self.listing(pagename).talk_table(entry.talks, full=False)
            blocks += self.section(pagename, _("Talks"), table, "talks")
        data = {
            "name": entry.name,
            "slug": entry.slug,
            "affiliation": entry.affiliation,
            "role": definition.role if definition else "",
            "links": dict(definition.links) if definition else {},
            "talks": [self.talk_data(pagename, t) for t in entry.talks],
        }
        return self.page(pagename, "speaker", entry.name, blocks, data, position)

    def speaker_card(self, pagename: str, entry: SpeakerEntry) -> T:
        classes = ["recap-speaker", "recap-speaker-page"]
        definition = entry.definition
        markup = self.markup_for(pagename)
        if definition is None:
            return markup.container([], classes)
        card = nodes.container(classes=classes)
        avatar = self.avatar_uri(pagename, definition.docname, definition.avatar)
        if avatar:
            card += nodes.image(
                uri=avatar, alt="", classes=["recap-speaker-avatar"], candidates={"?": avatar}
            )
        for paragraph in definition.bio.split("\n\n"):
            if paragraph:
                card += nodes.paragraph(paragraph, paragraph, classes=["recap-speaker-bio"])
        if definition.links:
            card += speaker_links_line(definition.links)
        return markup.node(card)

    def avatar_uri(self, pagename: str, docname: str, avatar: str) -> str:
        """An avatar URL, or the copy Sphinx made of a project image (else nothing)."""
        if not avatar or ":" in avatar.split("/", maxsplit=1)[0]:
            return avatar
        if avatar.startswith("/"):
            source = avatar.lstrip("/")
        else:
            source = posixpath.normpath(posixpath.join(posixpath.dirname(docname), avatar))
        images = self.builder.env.images
        if source not in images:
            return ""
        copied = f"{self.builder.imagedir}/{images[source][1]}"
        return url_quote(relative_uri(self.builder.get_target_uri(pagename), copied))

    def speakers_index(self) -> Page:
        pagename = speakers_index_page(self.builder.config)
        listing = self.listing(pagename)
        markup = listing.markup
        lines: list[tuple[list[T], list[str]]] = []
        for entry in self.index.speakers.values():
            line = [listing.speaker_link(entry.name)]
            if entry.affiliation:
                line += [markup.text(" · "), markup.span(entry.affiliation, ["recap-affiliation"])]
            count = talks_count(len(entry.talks))
            line += [markup.text(" · "), markup.span(count, ["recap-talk-count"])]
            lines.append((line, []))
        people = markup.items(lines, ["recap-speaker-list"])
        data = {
            "speakers": [
                {
                    "name": e.name,
                    "slug": e.slug,
                    "affiliation": e.affiliation,
                    "talks": len(e.talks),
                    "url": self.uri(pagename, speaker_page(self.builder.config, e.slug)),
                }
                for e in self.index.speakers.values()
            ]
        }
        subtitle = _count(len(self.index.speakers), _("%(n)d speaker"), _("%(n)d speakers"))
        return self.page(pagename, "speakers", _("Speakers"), [people], data, subtitle)

    # -- talks, archive, events ------------------------------------------------------

    def events_newest_first(self) -> list[EventEntry]:
        return sorted(
            self.index.events.values(), key=lambda e: max(r.date for r in e.recaps), reverse=True
        )

    def talks(self) -> Page:
        pagename = self.builder.config.recap_talks_page
        listing = self.listing(pagename)
        blocks: list[T] = []
        for entry in self.events_newest_first():
            if entry.talks:
                heading = listing.markup.heading(
                    [listing.event_link(entry.name)],
                    2,
                    ["recap-section-title", "recap-section-event"],
                )
                blocks += [heading, listing.talk_table(entry.talks, event=False)]
        loose = [t for t in self.index.talks if not self.index.event_of(t)]
        if loose:
            blocks += self.section(
                pagename, _("Other talks"), listing.talk_table(loose, event=False), "other"
            )
        data = {
            "events": [
                {
                    "name": e.name,
                    "slug": e.slug,
                    "talks": [self.talk_data(pagename, t) for t in e.talks],
                }
                for e in self.events_newest_first()
            ]
        }
        return self.page(
            pagename, "talks", _("Talks"), blocks, data, talks_count(len(self.index.talks))
        )

    def archive(self) -> Page:
        pagename = self.builder.config.recap_archive_page
        listing = self.listing(pagename)
        language = self.builder.config.language or "en"
        blocks: list[T] = []
        for year, in_year in groupby(self.index.recaps, key=lambda r: r.date.year):
            blocks.append(listing.heading(str(year), 2, ["recap-archive-year"]))
            for _month, in_month in groupby(in_year, key=lambda r: r.date.month):
                recaps = list(in_month)
                moment = dt.datetime.combine(recaps[0].date, dt.time())
                month = format_date("%B %Y", date=moment, language=language)
                blocks.append(listing.heading(month, 3, ["recap-archive-month"]))
                blocks.append(self.archive_list(listing, recaps))
        data = {"recaps": [self.recap_data(pagename, r) for r in self.index.recaps]}
        return self.page(
            pagename, "archive", _("Archive"), blocks, data, recaps_count(len(self.index.recaps))
        )

    def archive_list(self, listing: Listing[T], recaps: list[Recap]) -> T:
        markup = listing.markup
        lines: list[tuple[list[T], list[str]]] = []
        for recap in recaps:
            line = [listing.day(recap.date), markup.text(" "), listing.recap_link(recap)]
            if recap.event:
                line += [markup.text(" · "), listing.event_link(recap.event)]
            lines.append((line, []))
        return markup.items(lines, ["recap-archive-list"])

    def event(self, entry: EventEntry) -> Page:
        pagename = event_page(self.builder.config, entry.slug)
        places = sorted({r.location for r in entry.recaps if r.location})
        blocks = self.recaps_and_talks(pagename, entry.recaps, entry.talks, event_column=False)
        data = {
            "name": entry.name,
            "slug": entry.slug,
            "locations": places,
            "recaps": [self.recap_data(pagename, r) for r in entry.recaps],
            "talks": [self.talk_data(pagename, t) for t in entry.talks],
        }
        return self.page(pagename, "event", entry.name, blocks, data, " · ".join(places))

    def plans(self) -> Iterator[PlannedPage]:
        """Every page, with the data it shows, rendered only when asked."""
        config, index = self.builder.config, self.index
        for entry in index.tags.values():
            yield PlannedPage(
                tag_page(config, entry.slug), "tag", entry, functools.partial(self.tag, entry)
            )
        yield PlannedPage(tags_index_page(config), "tags", index.tags, self.tags_index)
        for person in index.speakers.values():
            yield PlannedPage(
                speaker_page(config, person.slug),
                "speaker",
                person,
                functools.partial(self.speaker, person),
            )
        yield PlannedPage(
            speakers_index_page(config), "speakers", index.speakers, self.speakers_index
        )
        for event in index.events.values():
            yield PlannedPage(
                event_page(config, event.slug), "event", event, functools.partial(self.event, event)
            )
        yield PlannedPage(config.recap_talks_page, "talks", (index.talks, index.events), self.talks)
        yield PlannedPage(config.recap_archive_page, "archive", index.recaps, self.archive)

    def shared_inputs(self) -> str:
        """What every page may show of the whole site: events (talk rows show them)."""
        index = self.index
        return repr(
            (
                [(entry.name, entry.slug) for entry in index.events.values()],
                sorted((r.docname, r.event) for r in index.recaps),
            )
        )

    def referenced(self, inputs: object) -> str:
        """How the tags and speakers a page links to are shown: name and slug.

        Both come from the site index (first spelling, slug collisions), so they can
        change without the page's own records changing.
        """
        tags: set[tuple[str, str]] = set()
        people: set[tuple[str, str]] = set()
        for record in _records(inputs):
            for tag in record.tags:
                entry = self.index.tag(tag)
                tags.add((entry.name, entry.slug) if entry else (tag, ""))
            for name in getattr(record, "speakers", ()):
                person = self.index.speaker(name)
                people.add((person.name, person.slug) if person else (name, ""))
        return repr((sorted(tags), sorted(people)))


def _records(value: object) -> Iterator[Recap | Talk]:
    """The recaps and talks inside a page's inputs, however they are nested."""
    if isinstance(value, (Recap, Talk)):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _records(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _records(item)
    else:
        yield from getattr(value, "recaps", ())
        yield from getattr(value, "talks", ())


@dataclass(frozen=True)
class PlannedPage:
    """A generated page before rendering: its name, kind, and the data it shows."""

    name: str
    kind: str
    inputs: object
    render: Callable[[], Page]


class OutputManifest:
    """The files we generated last time, so those no longer generated are removed.

    Sphinx leaves the output of deleted documents behind; for pages we generate
    (a dropped tag, a renamed speaker) a stale page would still be linked from
    search engines and feeds, so we sweep them. Only files we listed are touched.
    """

    def __init__(self, builder: Builder) -> None:
        self.outdir = Path(builder.outdir).resolve()
        self.path = Path(builder.doctreedir, f"recap-outputs-{builder.name}.json")

    def load(self) -> dict[str, dict[str, list[str]]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def sweep(self, group: str, current: list[Path]) -> None:
        data = self.load()
        groups = data.setdefault(str(self.outdir), {})
        now = sorted({Path(p).resolve().relative_to(self.outdir).as_posix() for p in current})
        for stale in sorted(set(groups.get(group, [])) - set(now)):
            self.remove(self.outdir / stale)
        groups[group] = now
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")

    def fingerprints(self) -> dict[str, str]:
        """Page name -> fingerprint of what was written last time, for this output."""
        stored: object = self.load().get(str(self.outdir), {}).get("fingerprints", {})
        return stored if isinstance(stored, dict) else {}

    def save_fingerprints(self, fingerprints: dict[str, str]) -> None:
        data = self.load()
        data.setdefault(str(self.outdir), {})["fingerprints"] = fingerprints  # type: ignore[assignment]
        self.path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")

    def remove(self, path: Path) -> None:
        path = path.resolve()
        if not path.is_relative_to(self.outdir) or not path.is_file():
            return
        path.unlink()
        folder = path.parent
        while folder != self.outdir and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


class FolderToctrees:
    """The site navigation (``toctree()`` in templates) for generated pages.

    Generated pages are in no toctree, so every page of one output folder gets the
    same navigation; Sphinx would rebuild the whole site's tree for each of them,
    which made generated pages most of a build. Rendered once per folder instead.
    """

    def __init__(self, builder: StandaloneHTMLBuilder) -> None:
        self.builder = builder
        self.rendered: dict[tuple[str, str], str] = {}

    def folder(self, pagename: str) -> str:
        return posixpath.dirname(self.builder.get_target_uri(pagename))

    def render(self, pagename: str, collapse: bool = True, **kwargs: Any) -> str:
        key = (self.folder(pagename), repr((collapse, sorted(kwargs.items()))))
        if key not in self.rendered:
            kwargs.setdefault("includehidden", False)
            if kwargs.get("maxdepth") == "":
                kwargs.pop("maxdepth")
            tree = global_toctree_for_doc(
                self.builder.env,
                pagename,
                self.builder,
                tags=self.builder.tags,
                collapse=collapse,
                **kwargs,
            )
            self.rendered[key] = self.builder.render_partial(tree)["fragment"] if tree else ""
        return self.rendered[key]

    def for_page(self, pagename: str) -> Callable[..., str]:
        return functools.partial(self.render, pagename)


def navigation_state(env: BuildEnvironment) -> str:
    """What the site navigation of a generated page is made of: the toctree and the titles.

    Part of every page's fingerprint; cheaper than rendering the navigation, and it
    changes whenever any rendering of it could (the page's folder is in its name).
    """
    includes = sorted((doc, tuple(children)) for doc, children in env.toctree_includes.items())
    titles = sorted((doc, title.astext()) for doc, title in env.titles.items())
    sections = sorted((doc, toc.astext()) for doc, toc in env.tocs.items())
    toctrees = sorted(
        (
            doc,
            [
                repr({k: v for k, v in node.attributes.items() if k not in _NODE_PLACES})
                for node in toc.findall(addnodes.toctree)
            ],
        )
        for doc, toc in env.tocs.items()
    )
    return repr((includes, titles, sections, toctrees, env.config.root_doc))


#: Where a node came from: not part of what the navigation shows.
_NODE_PLACES = ("source", "line", "rawentries", "parent")


def site_settings(app: Sphinx) -> str:
    """The settings every generated page depends on, as stable text."""
    names = sorted(
        name
        for name in (value.name for value in app.config)
        if name.startswith(("html_", "recap_"))
        or name in ("project", "author", "copyright", "language", "release", "version")
    )
    return repr([__version__, *((name, app.config[name]) for name in names)])


def fingerprint(plan: PlannedPage, common: str, referenced: str) -> str:
    """Changes whenever anything the page shows may have changed.

    ``common`` is the digest of what every page depends on (settings, navigation,
    events), hashed once rather than once per page.
    """
    text = "\0".join([common, referenced, plan.name, repr(plan.inputs)])
    return hashlib.sha256(text.encode()).hexdigest()


def common_digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def html_page_writer(builder: StandaloneHTMLBuilder, index: SiteIndex) -> PageWriter[str]:
    """The writer the build uses: page bodies written straight as HTML."""

    def markup_for(pagename: str) -> Markup[str]:
        return HtmlMarkup(functools.partial(render_html, builder, pagename))

    return PageWriter(builder, index, markup_for)


class PageCollector:
    """Yields the pages on ``html-collect-pages`` and sweeps stale ones afterwards.

    On an incremental build a page whose data, navigation and settings are the same
    as last time is not even rendered: its file is already right.
    """

    def __init__(self) -> None:
        self.written: list[str] = []
        self.fingerprints: dict[str, str] = {}

    def collect(self, app: Sphinx) -> Iterator[Page]:
        """Every generated page, unless a document already has its name."""
        self.written, self.fingerprints = [], {}
        builder = app.builder
        if not generates_pages(builder):
            return
        writer = html_page_writer(builder, recap_domain(app.env).index)  # type: ignore[arg-type]
        due: list[PlannedPage] = []
        previous = OutputManifest(builder).fingerprints()
        common = common_digest(
            site_settings(app), navigation_state(app.env), writer.shared_inputs()
        )
        for plan in writer.plans():
            if plan.name in app.env.all_docs:
                logger.warning(
                    "the document %r has the name of a generated %s page; the "
                    "document is kept and the page is not generated (rename the "
                    "document or set another recap_*_path)",
                    plan.name,
                    plan.kind,
                    location=plan.name,
                    type="recap",
                    subtype="page",
                )
                continue
            self.written.append(plan.name)
            digest = fingerprint(plan, common, writer.referenced(plan.inputs))
            self.fingerprints[plan.name] = digest
            output = Path(builder.get_outfilename(plan.name))  # type: ignore[attr-defined]
            if previous.get(plan.name) != digest or not output.is_file():
                due.append(plan)
        yield from self.render(app, due, FolderToctrees(builder))  # type: ignore[arg-type]

    def render(
        self, app: Sphinx, due: list[PlannedPage], toctrees: FolderToctrees
    ) -> Iterator[Page]:
        """Yield the pages for Sphinx to write or, in a ``-j`` build, write most of
        them in its workers: first one page per output folder here, so that every
        worker inherits the folder's navigation and the compiled templates."""

        def page(plan: PlannedPage) -> Page:
            rendered = plan.render()
            rendered[1]["toctree"] = toctrees.for_page(plan.name)
            return rendered

        if parallel_workers(app) == 1:
            yield from map(page, due)
            return
        placed = [(toctrees.folder(plan.name), plan) for plan in due]
        firsts: dict[str, PlannedPage] = {}
        for folder, plan in placed:
            firsts.setdefault(folder, plan)
        yield from map(page, firsts.values())
        rest = [plan for folder, plan in placed if firsts[folder] is not plan]
        run_all(app, rest, lambda plan: app.builder.handle_page(*page(plan)))  # type: ignore[attr-defined]

    def sweep(self, app: Sphinx, exception: Exception | None) -> None:
        builder = app.builder
        if exception is not None or not generates_pages(builder):
            return
        outputs = [Path(builder.get_outfilename(name)) for name in self.written]  # type: ignore[attr-defined]
        manifest = OutputManifest(builder)
        manifest.sweep("pages", outputs)
        manifest.save_fingerprints(self.fingerprints)


def setup_pages(app: Sphinx) -> None:
    collector = PageCollector()
    app.connect("html-collect-pages", collector.collect)
    app.connect("build-finished", collector.sweep)
