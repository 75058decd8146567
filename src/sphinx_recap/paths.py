"""Names of the generated pages, and which builders get them.

Page names are Sphinx page names (no suffix); the builder's own URI functions turn
them into links, so ``dirhtml`` gets ``tags/kubernetes/`` for free. The author's
documents and Sphinx's own pages always keep their output files: a generated page
that would write the same file moves to a name of its own (:class:`PageNames`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .index import SiteIndex

__all__ = [
    "RESERVED_NAMES",
    "Moved",
    "PageNames",
    "author_feed",
    "generates_pages",
    "page_names",
    "protected_outputs",
    "tag_feed",
]

#: Names a ``recap_*_path`` or ``recap_*_page`` setting must not take: Sphinx's own
#: pages and folders, and the home page.
RESERVED_NAMES = frozenset(
    {"index", "search", "genindex", "py-modindex", "_static", "_sources", "_images", "_downloads"}
)
#: Sphinx's own pages besides its domains' indices and ``html_additional_pages``.
_SPHINX_PAGES = ("genindex", "search", "opensearch")
#: What a moved page's name says it is: ``tags/index`` -> ``tags/index-tag``.
_MOVED_WORDS = {
    "tag": "tag",
    "speaker": "speaker",
    "event": "event",
    "author": "author",
    "authors": "all-authors",
    "tags": "all-tags",
    "speakers": "all-speakers",
    "talks": "all-talks",
    "archive": "all-recaps",
}


def generates_pages(builder: Builder) -> bool:
    """Multi-page HTML builders get tag, speaker and index pages; others don't.

    singlehtml and epub have no room for extra pages, so links there fall back
    to anchors on the page or to plain text: never a dangling link.
    """
    return (
        isinstance(builder, StandaloneHTMLBuilder)
        and not isinstance(builder, (SingleFileHTMLBuilder, Epub3Builder))
        and bool(builder.config.recap_generate_pages)
    )


def tag_feed(config: Config, slug: str) -> str:
    return f"{config.recap_tags_path}/{slug}.xml"


def author_feed(config: Config, slug: str) -> str:
    return f"{config.recap_authors_path}/{slug}.xml"


@dataclass(frozen=True)
class Moved:
    """A generated page that could not have its usual name."""

    kind: str
    wanted: str
    name: str
    #: The document (or Sphinx page, or generated page) that has the file.
    holder: str


@dataclass
class PageNames:
    """Where each generated page goes in one build: its usual name, or a moved one."""

    config: Config
    names: dict[tuple[str, str], str] = field(default_factory=dict)
    moved: list[Moved] = field(default_factory=list)

    def name(self, kind: str, slug: str = "") -> str:
        return self.names.get((kind, slug)) or usual_name(self.config, kind, slug)

    def tag(self, slug: str) -> str:
        return self.name("tag", slug)

    def speaker(self, slug: str) -> str:
        return self.name("speaker", slug)

    def event(self, slug: str) -> str:
        return self.name("event", slug)

    def author(self, slug: str) -> str:
        return self.name("author", slug)


def usual_name(config: Config, kind: str, slug: str = "") -> str:
    """A page's name before any collision: from the ``recap_*`` settings."""
    folders = {
        "tag": config.recap_tags_path,
        "speaker": config.recap_speakers_path,
        "event": config.recap_events_path,
        "author": config.recap_authors_path,
    }
    if kind in folders:
        return f"{folders[kind]}/{slug}"
    pages = {
        "tags": f"{config.recap_tags_path}/index",
        "speakers": f"{config.recap_speakers_path}/index",
        "authors": f"{config.recap_authors_path}/index",
        "talks": str(config.recap_talks_page),
        "archive": str(config.recap_archive_page),
    }
    return pages[kind]


def wanted_pages(config: Config, index: SiteIndex) -> Iterator[tuple[str, str]]:
    """Every generated page as (kind, slug); index pages first, so that they keep their
    names when an entry's slug is ``index``."""
    yield from (("tags", ""), ("speakers", ""), ("authors", ""), ("talks", ""), ("archive", ""))
    yield from (("tag", entry.slug) for entry in index.tags.values())
    yield from (("speaker", entry.slug) for entry in index.speakers.values())
    yield from (("event", entry.slug) for entry in index.events.values())
    yield from (("author", entry.slug) for entry in index.authors.values())


def sphinx_pages(builder: Builder, env: BuildEnvironment) -> list[str]:
    """The pages Sphinx itself may write into the output folder."""
    pages = list(_SPHINX_PAGES)
    pages += [f"{d.name}-{i.name}" for d in env.domains.sorted() for i in d.indices]
    pages += list(builder.config.html_additional_pages)
    return pages


def protected_outputs(builder: Builder, env: BuildEnvironment) -> set[str]:
    """Output files of documents and of Sphinx's own pages, relative to the output folder."""
    if not generates_pages(builder):
        return set()
    html: StandaloneHTMLBuilder = builder  # type: ignore[assignment]
    holders = [*env.found_docs, *sphinx_pages(builder, env)]
    return {os.path.relpath(html.get_outfilename(name), html.outdir) for name in holders}


def page_names(builder: Builder, env: BuildEnvironment, index: SiteIndex) -> PageNames:
    """Each generated page's name for this builder, none taking another's output file."""
    names = PageNames(builder.config)
    if not generates_pages(builder):
        return names
    html: StandaloneHTMLBuilder = builder  # type: ignore[assignment]
    taken: dict[str, str] = {}
    for holder in [*sorted(env.found_docs), *sphinx_pages(builder, env)]:
        taken.setdefault(os.path.normpath(html.get_outfilename(holder)), holder)
    for kind, slug in wanted_pages(builder.config, index):
        wanted = usual_name(builder.config, kind, slug)
        name, number = wanted, 1
        while (output := os.path.normpath(html.get_outfilename(name))) in taken:
            number += 1
            suffix = _MOVED_WORDS[kind] + (f"-{number - 1}" if number > 2 else "")
            name = moved_name(kind, wanted, suffix)
        if name != wanted:
            holder = taken[os.path.normpath(html.get_outfilename(wanted))]
            names.moved.append(Moved(kind, wanted, name, holder))
        names.names[kind, slug] = name
        taken[output] = name
    return names


def moved_name(kind: str, wanted: str, suffix: str) -> str:
    """``tags/index`` -> ``tags/index-tag``; ``speakers/index`` -> ``speakers/all-speakers``;
    ``talks`` -> ``all-talks``."""
    folder, _, last = wanted.rpartition("/")
    last = f"{last}-{suffix}" if kind in ("tag", "speaker", "event", "author") else suffix
    return f"{folder}/{last}" if folder else last
