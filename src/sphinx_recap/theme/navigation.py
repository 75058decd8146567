"""Site navigation for the ``recap`` theme: one toctree per page, shared by sidebar and menu.

The toctree is collapsed to the current page's branch; it shows ``navigation_depth`` levels and,
on deeper pages, enough levels to reach the current page and its children. It is rendered at most
once per page, only when a template asks for it (the sidebar and the phone menu both do).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .options import ThemeSettings

#: Sphinx writes toctree captions as ``role="heading"`` without the ``aria-level`` it needs.
CAPTION_OR_HEADING = re.compile(r'<h([1-6])[\s>]|class="caption" role="heading"(?! aria-level)')
#: Break points in code shown in the page TOC: after each dot, and after an underscore inside a
#: name (``snake_case``, not the ones around ``__init__``).
CODE_TEXT = re.compile(r'(<span class="pre">)([^<]*)(</span>)')
BREAK_AFTER = re.compile(r"(\.(?=.)|(?<=[A-Za-z0-9])_(?=[A-Za-z0-9]))")


def _no_navigation() -> str:
    return ""


def _depth(app: Sphinx, pagename: str) -> int:
    """How many toctree levels lie between the root document and *pagename*."""
    relations: dict[str, list[str | None]] = getattr(app.builder, "relations", {})
    depth, seen = 0, {pagename}
    parent = relations.get(pagename, [None])[0]
    while parent and parent not in seen:
        seen.add(parent)
        depth += 1
        parent = relations.get(parent, [None])[0]
    return depth


def site_navigation(
    app: Sphinx, pagename: str, context: dict[str, Any], settings: ThemeSettings
) -> Callable[[], str]:
    """A function that renders this page's site navigation once, or ``""`` where it has none.

    Recaps and generated pages keep the single column of the design, and so does the home page
    when the header already has menu links.
    """
    toctree = context.get("toctree")
    if (
        not callable(toctree)
        or context.get("recap_is_post")
        or context.get("recap_page")
        or (pagename == app.config.root_doc and settings.nav_links)
    ):
        return _no_navigation
    maxdepth = max(settings.navigation_depth, _depth(app, pagename) + 1)

    @functools.cache
    def render() -> str:
        html = toctree(collapse=True, maxdepth=maxdepth, titles_only=True, includehidden=True)
        return captions_with_levels(str(html or ""), level=3)  # below the sidebar's <h2>

    return render


def toc_with_break_points(toc: str) -> str:
    """The page TOC with ``<wbr>`` after dots and inner underscores inside code.

    Long API names can then wrap at their punctuation in the narrow sidebar instead of
    breaking in the middle of a word.
    """
    return CODE_TEXT.sub(lambda m: m[1] + BREAK_AFTER.sub(r"\1<wbr>", m[2]) + m[3], toc)


def captions_with_levels(html: str, level: int) -> str:
    """*html* with an ``aria-level`` on each toctree caption.

    A caption is one level below the heading before it, or at *level* when none precedes it.
    """
    if 'role="heading"' not in html:
        return html
    current = level - 1

    def add_level(match: re.Match[str]) -> str:
        nonlocal current
        if match[1]:
            current = int(match[1])
            return match[0]
        return f'{match[0]} aria-level="{min(current + 1, 6)}"'

    return CAPTION_OR_HEADING.sub(add_level, html)
