"""Names of the generated pages, and which builders get them.

Page names are Sphinx page names (no suffix); the builder's own URI functions
turn them into links, so ``dirhtml`` gets ``tags/kubernetes/`` for free.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config

__all__ = [
    "event_page",
    "generates_pages",
    "speaker_page",
    "tag_feed",
    "tag_page",
]


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


def tag_page(config: Config, slug: str) -> str:
    return f"{config.recap_tags_path}/{slug}"


def tags_index_page(config: Config) -> str:
    return f"{config.recap_tags_path}/index"


def tag_feed(config: Config, slug: str) -> str:
    return f"{config.recap_tags_path}/{slug}.xml"


def speaker_page(config: Config, slug: str) -> str:
    return f"{config.recap_speakers_path}/{slug}"


def speakers_index_page(config: Config) -> str:
    return f"{config.recap_speakers_path}/index"


def event_page(config: Config, slug: str) -> str:
    return f"{config.recap_events_path}/{slug}"
