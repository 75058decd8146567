"""The ``recap_*`` settings: one dataclass declares each value, its type and default.

``register`` adds them to Sphinx; ``validate`` runs on ``config-inited`` and puts
back the default, with a ``recap.config`` warning, where a value has the wrong type.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from .paths import RESERVED_NAMES
from .values import BadValue, parse_date, safe_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


@dataclass
class RecapConfig:
    """Every setting of sphinx-recap, named here without the ``recap_`` prefix."""

    #: Author(s) of recaps whose front matter names none; empty: Sphinx's ``author``.
    author: str | list[str] = ""
    #: strftime-style format of dates on pages (localised with ``language``).
    date_format: str = "%b %-d, %Y"
    #: Also register ``talk``, ``keynote``, ``speaker`` (directives and roles) without
    #: the ``recap:`` prefix. Turn off when another extension owns those names.
    short_names: bool = True
    #: Absolute URL of the published site, for feeds; empty: ``html_baseurl``.
    site_url: str = ""
    #: Output folder of tag pages.
    tags_path: str = "tags"
    #: Output folder of speaker pages.
    speakers_path: str = "speakers"
    #: Output folder of event pages.
    events_path: str = "events"
    #: Output folder of author pages.
    authors_path: str = "authors"
    #: Page name of the talk index.
    talks_page: str = "talks"
    #: Page name of the archive.
    archive_page: str = "archive"
    #: Generate tag, speaker, event, talk-index and archive pages (HTML builders).
    generate_pages: bool = True
    #: Write the Atom feeds (site-wide and one per tag).
    feeds: bool = True
    #: Write ``talks.ics`` and ``recap.json`` (HTML builders that get generated pages).
    exports: bool = True
    #: How many recaps a feed holds, newest first (0: all).
    feed_length: int = 20
    #: Personal attendance and rating are shown on pages; ``False`` hides them.
    show_personal: bool = True
    #: Author name (as front matter writes it) -> ``{"name", "url", "avatar", "bio"}``,
    #: each optional: how the author is shown and linked.
    authors: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Where "by <author>" links: ``"page"`` (their author page) or ``"url"`` (their
    #: ``url`` from ``recap_authors``, else their page).
    author_links: str = "page"
    #: Deprecated: author name -> URL; use ``recap_authors``.
    author_urls: dict[str, str] = field(default_factory=dict)
    #: Show drafts (``draft: true`` or a future ``date``) everywhere, for previews.
    show_drafts: bool = False
    #: A recap dated after today is a draft until that day.
    future_drafts: bool = True
    #: The build's day for drafts (``YYYY-MM-DD``); empty: ``SOURCE_DATE_EPOCH``'s day
    #: when that is set, else today.
    today: str = ""
    #: Older/newer links at the end of each recap: ``"auto"`` (with the ``recap`` theme),
    #: ``"always"`` or ``"never"``.
    pager: str = "auto"
    #: Reading speed for "6 min read".
    words_per_minute: int = 200
    #: Opt-in for very large sites: raise Python's garbage-collector thresholds during
    #: the build and freeze the environment while writing (see gctune).
    tune_gc: bool = False
    #: Opt-in for very large sites: drop pages with talks from memory between reading
    #: and writing; Sphinx reads them back from its doctree pickles (see doctreecache).
    release_doctrees: bool = False


#: Settings that change how the build runs, not what it makes: no rebuild.
NO_REBUILD = frozenset({"tune_gc", "release_doctrees"})


def _types_of(value: Any) -> tuple[type, ...]:
    if isinstance(value, bool):
        return (bool,)
    if isinstance(value, (str, list)):
        return (str, list, tuple)
    return (type(value),)


def _defaults() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in fields(RecapConfig):
        if spec.default is not MISSING:
            values[spec.name] = spec.default
        elif spec.default_factory is not MISSING:
            values[spec.name] = spec.default_factory()
    return values


def register(app: Sphinx) -> None:
    """Add every ``recap_*`` value to Sphinx's configuration."""
    for name, default in _defaults().items():
        kinds = frozenset(_types_of(default))
        if name in NO_REBUILD:
            app.add_config_value(f"recap_{name}", default, "", kinds)
        else:
            app.add_config_value(f"recap_{name}", default, "env", kinds)
    app.connect("config-inited", validate)
    app.connect("config-inited", fold_author_urls, priority=600)


def _check(name: str, value: Any) -> None:
    """Raise ``BadValue`` when one setting cannot be used as written."""
    if name == "author" and isinstance(value, (list, tuple)):
        if not all(isinstance(v, str) for v in value):
            raise BadValue("recap_author must be a string or a list of strings")
    elif name == "site_url" and value:
        safe_url(value, ("http", "https"))
    elif name == "feed_length" and value < 0:
        raise BadValue("recap_feed_length must be 0 (all) or more")
    elif name.endswith(("_path", "_page")):
        _check_page_path(name, value)
    elif name == "author_urls":
        for url in value.values():
            safe_url(url)
    elif name == "authors":
        _check_authors(value)
    elif name == "author_links" and value not in ("page", "url"):
        raise BadValue("recap_author_links must be 'page' or 'url'")
    elif name == "pager" and value not in ("auto", "always", "never"):
        raise BadValue("recap_pager must be 'auto', 'always' or 'never'")
    elif name == "words_per_minute" and value < 1:
        raise BadValue("recap_words_per_minute must be 1 or more")
    elif name == "today" and value:
        try:
            parse_date(value)
        except BadValue as error:
            raise BadValue(f"recap_today: {error}") from None


#: What ``recap_authors`` may say of an author.
AUTHOR_KEYS = frozenset({"name", "url", "avatar", "bio"})


def _check_authors(value: dict[str, Any]) -> None:
    for author, info in value.items():
        if not isinstance(info, dict) or not set(info) <= AUTHOR_KEYS:
            keys = ", ".join(sorted(AUTHOR_KEYS))
            raise BadValue(f"recap_authors[{author!r}] must be a dict with keys among {keys}")
        if not all(isinstance(v, str) for v in info.values()):
            raise BadValue(f"recap_authors[{author!r}]: every value must be a string")
        if info.get("url"):
            safe_url(info["url"])
        if info.get("avatar"):
            safe_url(info["avatar"], ("https",))


def fold_author_urls(app: Sphinx, config: Config) -> None:
    """``recap_author_urls`` still works: each URL becomes its author's ``url`` in
    ``recap_authors`` (which wins), with a warning that says how to move it."""
    if not config.recap_author_urls:
        return
    logger.warning(
        "recap_author_urls is deprecated; write recap_authors = {name: {'url': ...}} instead",
        type="recap",
        subtype="config",
    )
    authors = {name: dict(info) for name, info in config.recap_authors.items()}
    for name, url in config.recap_author_urls.items():
        authors.setdefault(name, {}).setdefault("url", url)
    config.recap_authors = authors


def _check_page_path(name: str, value: str) -> None:
    """A folder or page name for generated pages: relative, plain segments, and none of
    Sphinx's own pages or folders (they would be replaced)."""
    segments = value.replace("\\", "/").split("/")
    if not value.strip() or value.startswith(("/", "\\")) or ":" in value:
        raise BadValue(f"recap_{name} must be a relative path inside the output folder")
    if any(segment in ("", ".", "..") for segment in segments):
        raise BadValue(f"recap_{name} {value!r} has an empty, '.' or '..' part")
    if value in RESERVED_NAMES or segments[0] in RESERVED_NAMES:
        raise BadValue(f"recap_{name} {value!r} names one of Sphinx's own pages or folders")


def validate(app: Sphinx, config: Config) -> None:
    """Put back the default, with a warning, for each value that cannot be used."""
    for name, default in _defaults().items():
        value = getattr(config, f"recap_{name}")
        try:
            if not isinstance(value, _types_of(default)):
                kinds = " or ".join(t.__name__ for t in _types_of(default))
                raise BadValue(f"recap_{name} must be {kinds}, not {type(value).__name__}")
            _check(name, value)
        except BadValue as error:
            logger.warning(
                "%s; using the default %r", error, default, type="recap", subtype="config"
            )
            setattr(config, f"recap_{name}", default)
