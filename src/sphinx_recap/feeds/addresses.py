"""Absolute addresses for feeds, calendars and structured data."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from ..model import url_quote

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config

__all__ = ["absolute", "absolute_links", "site_url"]

_LINK_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


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
