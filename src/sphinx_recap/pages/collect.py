"""Which generated pages a build has, and handing the due ones to Sphinx.

Pages come from ``html-collect-pages`` as (name, context, ``page.html``): the body
rendered from ``recap/<kind>.html`` (:mod:`.render`), laid out by the active theme,
so nothing is written into the source folder. A page whose fingerprint is the one
its file was written with is not rendered at all on an incremental build.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from sphinx.util import logging

from ..domain import recap_domain
from ..outputs import OutputManifest
from ..paths import Moved, generates_pages, protected_outputs
from .context import PageData
from .incremental import SITE, STATE, build_state, page_fingerprint, site_digest
from .render import BodyTemplates
from .search import SearchFeeder, search_entry

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder

    from .pieces import Data

__all__ = ["FolderNavigation", "PageCollector", "PlannedPage", "planned_pages"]

logger = logging.getLogger(__name__)

#: (page name, template context, template): what ``html-collect-pages`` yields.
Page = tuple[str, dict[str, Any], str]


@dataclass(frozen=True)
class PlannedPage:
    """A generated page before its data is made: name, kind, and how to make the data."""

    name: str
    kind: str
    data: Callable[[], Data]

    @property
    def template(self) -> str:
        return f"recap/{self.kind}.html"


def planned_pages(builder: StandaloneHTMLBuilder, pages: PageData) -> Iterator[PlannedPage]:
    """Every generated page of the site, in a stable order."""
    names, index = pages.names, pages.index

    def plan(kind: str, slug: str, make: Callable[..., Data], *args: Any) -> PlannedPage:
        name = names.name(kind, slug)
        return PlannedPage(name, kind, functools.partial(make, name, *args))

    for tag in index.tags.values():
        yield plan("tag", tag.slug, pages.tag_page, tag)
    yield plan("tags", "", pages.tags_page)
    for person in index.speakers.values():
        yield plan("speaker", person.slug, pages.speaker_page, person)
    yield plan("speakers", "", pages.speakers_page)
    for event in index.events.values():
        yield plan("event", event.slug, pages.event_page, event)
    for author in index.authors.values():
        yield plan("author", author.slug, pages.author_page, author)
    yield plan("authors", "", pages.authors_page)
    yield plan("talks", "", pages.talks_page)
    yield plan("archive", "", pages.archive_page)


#: The setting that names each kind of page's folder or name.
SETTINGS = {
    "tag": "recap_tags_path",
    "tags": "recap_tags_path",
    "speaker": "recap_speakers_path",
    "speakers": "recap_speakers_path",
    "event": "recap_events_path",
    "author": "recap_authors_path",
    "authors": "recap_authors_path",
    "talks": "recap_talks_page",
    "archive": "recap_archive_page",
}


def warn_moved(app: Sphinx, moved: list[Moved]) -> None:
    """Say which generated pages gave their file to a document or another page."""
    for page in moved:
        holder = page.holder
        location = holder if holder in app.env.all_docs else f"{Path(app.confdir, 'conf.py')}:1"
        logger.warning(
            "the %s page %r would write the same file as %r, which keeps it; the page "
            "is at %r instead (rename %r or set another %s)",
            page.kind,
            page.wanted,
            holder,
            page.name,
            holder,
            SETTINGS[page.kind],
            location=location,
            type="recap",
            subtype="collision",
        )


def warn_template(plan: PlannedPage, error: jinja2.TemplateError) -> None:
    """A template that cannot be rendered: say where, and go on without the page."""
    where = getattr(error, "filename", None)
    line = getattr(error, "lineno", None)
    location = f"{where}:{line}" if where and line else where or plan.template
    logger.warning(
        "the template %s cannot be rendered for the page %r: %s; the page was left out",
        plan.template,
        plan.name,
        error,
        location=location,
        type="recap",
        subtype="template",
    )


class PageCollector:
    """Yields the due pages on ``html-collect-pages``; sweeps stale ones at the end."""

    def __init__(self) -> None:
        self.written: list[str] = []
        self.fingerprints: dict[str, str] = {}
        #: Page name -> [title, text] for Sphinx's search index.
        self.search: dict[str, list[str]] = {}
        #: Whether this build reached ``html-collect-pages`` (Sphinx 8.1 stops before it
        #: when no document is out of date): only then is there anything to sweep.
        self.collected = False
        #: Whether nothing any page shows changed since the last build: then the
        #: manifest already says what this build wrote.
        self.unchanged = False

    def collect(self, app: Sphinx) -> Iterator[Page]:
        self.written, self.fingerprints, self.search = [], {}, {}
        self.collected, self.unchanged = True, False
        builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
        if not generates_pages(builder):
            return
        domain = recap_domain(app.env)
        index = domain.index
        warn_moved(app, domain.pages(builder).moved)
        manifest = OutputManifest(builder)
        site = site_digest(builder)
        state = build_state(site, index.digest, app.env)
        previous = manifest.fingerprints()
        searched = manifest.fingerprints("search")
        index_page = SearchFeeder(builder)
        if previous.get(STATE) == state and all(p.is_file() for p in manifest.files("pages")):
            # Nothing any page shows changed and every page is there: not even its data.
            self.fingerprints, self.search = previous, searched
            self.written = [name for name in previous if name not in (STATE, SITE)]
            self.unchanged = True
            for name in self.written:
                index_page(name, searched.get(name, []))
            return
        self.fingerprints[STATE] = state
        self.fingerprints[SITE] = site
        pages = PageData(builder, index)
        templates = BodyTemplates(builder)
        for plan in planned_pages(builder, pages):
            context = plan.data()
            digest = page_fingerprint(site, plan.name, plan.template, context)
            self.written.append(plan.name)
            self.fingerprints[plan.name] = digest
            self.search[plan.name] = search_entry(context)
            index_page(plan.name, self.search[plan.name])
            output = Path(builder.get_outfilename(plan.name))
            if previous.get(plan.name) == digest and output.is_file():
                continue
            try:
                context["body"] = templates.render(plan.template, context)
            except jinja2.TemplateError as error:
                self.fingerprints.pop(plan.name)
                warn_template(plan, error)
                continue
            yield plan.name, context, "page.html"

    def sweep(self, app: Sphinx, exception: Exception | None) -> None:
        builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
        collected, self.collected = self.collected, False
        if exception is not None or not collected or self.unchanged:
            return  # nothing written, or exactly what the manifest already lists
        if not generates_pages(builder):
            return
        manifest = OutputManifest(builder)
        written = [Path(builder.get_outfilename(n)) for n in self.written]
        manifest.sweep("pages", written, keep=protected_outputs(builder, app.env))
        manifest.save_fingerprints(self.fingerprints)
        manifest.save_fingerprints(self.search, "search")


class FolderNavigation:
    """Renders a generated page's site navigation once per output folder.

    Generated pages are in no toctree, so pages of one folder get the same navigation
    (its links are relative to the folder), and a theme like alabaster would have
    Sphinx build the whole site's tree again for each of thousands of pages. The
    ``toctree`` Sphinx puts into the page's context is kept; its results are shared.
    """

    def __init__(self) -> None:
        self.rendered: dict[tuple[str, str], str] = {}

    def reset(self, app: Sphinx, builder: Builder) -> None:
        """``write-started``: a new build's navigation."""
        self.rendered.clear()

    def page_context(
        self,
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: nodes.document | None,
    ) -> None:
        toctree = context.get("toctree")
        if doctree is not None or "recap_page" not in context or not callable(toctree):
            return
        folder = self.folder(app.builder.get_target_uri(pagename))
        context["toctree"] = functools.partial(self.render, folder, toctree)

    @staticmethod
    def folder(uri: str) -> str:
        """What a page's relative links depend on: the folder of its file. ``tags/a.html``
        and ``tags/b.html`` share it; with ``dirhtml`` every page is a folder of its own."""
        return posixpath.dirname(uri)

    def render(self, folder: str, toctree: Callable[..., str], **options: Any) -> str:
        key = (folder, repr(sorted(options.items())))
        if key not in self.rendered:
            self.rendered[key] = toctree(**options)
        return self.rendered[key]
