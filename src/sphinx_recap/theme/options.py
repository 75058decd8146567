"""Validation of the ``recap`` theme options.

Sphinx hands theme options to templates untouched, so a typo would silently vanish. Here each
option is checked once per build; a bad value is reported as a ``recap.theme`` warning and the
option falls back to its default. The result is a plain mapping the templates read as
``recap_theme``: URLs already built, icons already chosen.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from sphinx.util import logging

from ..values import PROFILE_TITLES, BadValue, profile_url, safe_url
from .icons import icon

logger = logging.getLogger(__name__)

DARK_MODES = ("auto", "light", "dark", "off")
PAGE_TOC_MODES = ("auto", "always", "never")
#: ``page_toc = "auto"`` shows the page TOC once a page has at least this many headings.
PAGE_TOC_MIN_ENTRIES = 4

_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
_EMAIL = re.compile(r"[^@\s/]+@[^@\s/]+\.[^@\s/]+")
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0", ""})


def warn(message: str) -> None:
    logger.warning(message, type="recap", subtype="theme")


@dataclass(frozen=True)
class Link:
    """A header link. ``kind`` says how templates turn ``target`` into an href.

    ``external``: used as is; ``page``: a page name for ``pathto(target)``; ``file``: a path
    inside the output folder for ``pathto(target, 1)``.
    """

    title: str
    target: str
    kind: str
    icon: str = ""
    rel: str = ""


@dataclass(frozen=True)
class ThemeSettings:
    """Every theme option after validation, plus what the templates derive from them."""

    logo_text: str = ""
    logo_text_short: str = ""
    nav_links: tuple[Link, ...] = ()
    social_links: tuple[Link, ...] = ()
    feed: Link | None = None
    accent_color: str = ""
    accent_color_dark: str = ""
    show_theme_credit: bool = True
    footer_text: str = ""
    dark_mode: str = "auto"
    navigation_depth: int = 2
    page_toc: str = "auto"
    show_search: bool = True
    icons: dict[str, str] = field(default_factory=dict)

    @property
    def style(self) -> str:
        """Inline custom properties for the accent colours (empty when unset)."""
        rules = []
        if self.accent_color:
            rules.append(f":root{{--recap-accent:{self.accent_color}}}")
        if self.accent_color_dark:
            dark = f"--recap-accent:{self.accent_color_dark}"
            rules.append(f'html[data-theme="dark"]{{{dark}}}')
            if self.dark_mode == "auto":
                rules.append(
                    "@media (prefers-color-scheme: dark)"
                    f'{{html:not([data-theme="light"]){{{dark}}}}}'
                )
        return "".join(rules)


#: The URL schemes a link of the theme may use.
SAFE_SCHEMES = ("http", "https", "mailto")


def _link_kind(target: str) -> tuple[str, str]:
    """How a templates turns ``target`` into a link; raises BadValue for a URL whose
    scheme could run code or embed data (``javascript:``, ``data:``, ``vbscript:``)."""
    cleaned = re.sub(r"[\x00-\x20\x7f-\x9f]", "", target)
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", cleaned):
        return "external", safe_url(cleaned, SAFE_SCHEMES)
    if target.startswith("//"):
        return "external", safe_url("https:" + cleaned, ("https",)).removeprefix("https:")
    target = target.lstrip("/")
    last = target.rsplit("/", 1)[-1]
    if not last or "." in last or "#" in target or "?" in target:
        return "file", target
    return "page", target


def _as_text(name: str, value: Any, default: str = "") -> str:
    if value is None:
        return default
    if not isinstance(value, str):
        warn(f"theme option {name!r} must be a string, not {type(value).__name__}")
        return default
    return value.strip()


def _as_bool(name: str, value: Any, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    warn(f"theme option {name!r} must be true or false, not {value!r}")
    return default


def _as_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    text = value.strip().lower() if isinstance(value, str) else value
    if text in choices:
        return str(text)
    warn(f"theme option {name!r} must be one of {', '.join(choices)}, not {value!r}")
    return choices[0]


def _as_depth(value: Any) -> int:
    try:
        depth = int(value)
    except (TypeError, ValueError):
        depth = 0
    if isinstance(value, bool) or depth < 1:
        warn(f"theme option 'navigation_depth' must be a whole number of 1 or more, not {value!r}")
        return 2
    return depth


def _relative_luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rgb``/``#rrggbb`` colours."""
    lighter, darker = sorted(
        (_relative_luminance(foreground), _relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def _as_colour(name: str, value: Any, background: str) -> str:
    text = _as_text(name, value)
    if not text:
        return ""
    if not _HEX_COLOUR.fullmatch(text):
        warn(f"theme option {name!r} must be a hex colour such as '#12866f', not {text!r}")
        return ""
    # The accent colours the logo, which is large bold text: WCAG AA asks for 3:1.
    if contrast_ratio(text, background) < 3:
        warn(
            f"theme option {name!r}: {text} has too little contrast with the page "
            f"background {background} (needs 3:1 for the logo); using the default"
        )
        return ""
    return text


def _parse_nav_links(value: Any) -> tuple[Link, ...]:
    if value in (None, "", [], {}):
        return ()
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            warn(
                "theme option 'nav_links' is a string but not JSON; expected a list of "
                "[title, url] pairs"
            )
            return ()
    pairs: list[Any]
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list | tuple):
        pairs = list(value)
    else:
        warn(
            f"theme option 'nav_links' must be a list of [title, url] pairs, not "
            f"{type(value).__name__}"
        )
        return ()
    links = []
    for pair in pairs:
        if isinstance(pair, dict) and set(pair) == {"title", "url"}:
            pair = (pair["title"], pair["url"])  # noqa: PLW2901
        if (
            not isinstance(pair, list | tuple)
            or len(pair) != 2
            or not all(isinstance(part, str) and part.strip() for part in pair)
        ):
            warn(f"theme option 'nav_links': ignoring {pair!r}, expected [title, url]")
            continue
        try:
            kind, target = _link_kind(pair[1].strip())
        except BadValue as error:
            warn(f"theme option 'nav_links': ignoring {pair[0].strip()!r}: {error}")
            continue
        links.append(Link(pair[0].strip(), target, kind))
    return tuple(links)


def _social_link(name: str, value: Any) -> Link | None:
    text = _as_text(name, value)
    if not text:
        return None
    titles = {"email": "Email", **PROFILE_TITLES}
    title = titles[name]
    if name == "email":
        address = text.removeprefix("mailto:")
        if not _EMAIL.fullmatch(address):
            warn(f"theme option 'email': {text!r} is not an email address")
            return None
        return Link(title, "mailto:" + address, "external", icon(name))
    try:
        url = profile_url(name, text)
    except BadValue as error:
        warn(f"theme option {name!r}: {error}")
        return None
    return Link(title, url, "external", icon(name), "me" if name == "mastodon" else "")


def _feed_link(value: Any) -> Link | None:
    text = _as_text("feed", value)
    if not text:
        return None
    try:
        kind, target = _link_kind(text)
    except BadValue as error:
        warn(f"theme option 'feed': {error}; no feed link")
        return None
    if kind == "page":
        warn(f"theme option 'feed': {text!r} should name the feed file, e.g. 'atom.xml'")
        kind = "file"
    return Link("Atom feed", target, kind, icon("feed"), "alternate")


def validate(options: dict[str, Any]) -> ThemeSettings:
    """Check every option in *options* (defaults merged with the user's) once per build."""
    dark_mode = _as_choice("dark_mode", options.get("dark_mode", "auto"), DARK_MODES)
    social = (
        _social_link(name, options.get(name))
        for name in ("email", "github", "mastodon", "linkedin")
    )
    return ThemeSettings(
        logo_text=_as_text("logo_text", options.get("logo_text")),
        logo_text_short=_as_text("logo_text_short", options.get("logo_text_short")),
        nav_links=_parse_nav_links(options.get("nav_links")),
        social_links=tuple(link for link in social if link),
        feed=_feed_link(options.get("feed")),
        accent_color=_as_colour("accent_color", options.get("accent_color"), "#ffffff"),
        accent_color_dark=_as_colour(
            "accent_color_dark", options.get("accent_color_dark"), "#16181b"
        ),
        show_theme_credit=_as_bool(
            "show_theme_credit", options.get("show_theme_credit", True), default=True
        ),
        footer_text=_as_text("footer_text", options.get("footer_text")),
        dark_mode=dark_mode,
        navigation_depth=_as_depth(options.get("navigation_depth", 2)),
        page_toc=_as_choice("page_toc", options.get("page_toc", "auto"), PAGE_TOC_MODES),
        show_search=_as_bool("show_search", options.get("show_search", True), default=True),
        icons={name: icon(name) for name in ("sun", "moon", "search")},
    )
