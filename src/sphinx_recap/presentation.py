"""How recap data is presented, for every output: labels, link kinds, table columns.

Directives, listings, generated pages, feeds and the theme all show the same links,
badges and columns; they take the words and the rules from here, so a talk reads the
same on its page, in a table and in a feed. Profile handles (GitHub, Mastodon,
LinkedIn) become URLs in one place, :func:`sphinx_recap.values.profile_url`, which the
theme uses too without importing this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from babel.numbers import format_decimal

from .i18n import _
from .model import name_key
from .values import PROFILE_TITLES, profile_url, safe_url

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.config import Config

__all__ = [
    "ATTENDANCE_LABELS",
    "LIMIT",
    "SHOWN",
    "SPEAKER_LINKS",
    "TALK_LINKS",
    "attendance_label",
    "author_info",
    "author_name",
    "author_url",
    "more_text",
    "rating_text",
    "reading_time",
    "shown",
    "speaker_link_label",
    "talk_columns",
    "website_url",
]

#: Link options of talks, in the order they are shown, with their labels.
TALK_LINKS = {
    "slides": _("Slides"),
    "video": _("Video"),
    "repo": _("Code"),
    "url": _("Talk page"),
}

ATTENDANCE_LABELS = {
    "full": _("Attended"),
    "partial": _("Partly attended"),
    "missed": _("Missed"),
    "overflow": _("Room full"),
}


def website_url(value: str) -> str:
    return safe_url(value, ("http", "https"))


def _profile_parser(kind: str) -> Callable[[str], str]:
    return lambda value: profile_url(kind, value)


#: Speaker link options, in the order shown: label and the parser of the value.
SPEAKER_LINKS: dict[str, tuple[str, Callable[[str], str]]] = {
    "url": (_("Website"), website_url),
    **{kind: (title, _profile_parser(kind)) for kind, title in PROFILE_TITLES.items()},
}


def speaker_link_label(kind: str) -> str:
    """The label, translated now: the table holds lazy translations, made at import."""
    return str(SPEAKER_LINKS[kind][0])


def attendance_label(value: str) -> str:
    """The attendance word, translated now (as :func:`speaker_link_label`)."""
    return str(ATTENDANCE_LABELS[value])


def talk_columns(config: Config, *, event: bool = True, full: bool = True) -> list[tuple[str, str]]:
    """A talk table's columns as (key, label): the full table, or the compact one
    (talk with its summary, speakers, event, date) of tag, speaker and event pages."""
    columns = [("title" if full else "talk", _("Talk")), ("speakers", _("Speakers"))]
    if event:
        columns.append(("event", _("Event")))
    columns.append(("date", _("Date")))
    if not full:
        return columns
    columns.append(("where", _("Track / room")))
    if config.recap_show_personal:
        columns += [("attendance", _("Attendance")), ("rating", _("Rating"))]
    columns.append(("tags", _("Tags")))
    return columns


#: Tags and speakers a card or a table row shows; the rest is counted ("+ 12 more"),
#: so that a recap with thousands of tags does not repeat them on each tag's page.
SHOWN = 10
#: More tags or speakers than this on one recap or talk warn ``recap.limit``.
LIMIT = 100


def shown(items: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
    """The items a card or row shows, and how many it leaves out."""
    return items[:SHOWN], max(0, len(items) - SHOWN)


def more_text(count: int, config: Config) -> str:
    """ "+ 1,987 more", the number written for the project's language."""
    number = format_decimal(count, locale=config.language or "en")
    return _("+ %(count)s more") % {"count": number}


def rating_text(stars: int) -> str:
    return _("%(stars)d out of 5") % {"stars": stars}


def author_info(config: Config, name: str) -> dict[str, str]:
    """What ``recap_authors`` says of ``name`` (matched ignoring case and spacing)."""
    key = name_key(name)
    for written, info in config.recap_authors.items():
        if name_key(written) == key:
            return dict(info)
    return {}


def author_name(config: Config, name: str) -> str:
    """How an author is shown: ``recap_authors``' ``name``, else as written."""
    return author_info(config, name).get("name") or " ".join(name.split())


def author_url(config: Config, name: str) -> str:
    """The author's own address from ``recap_authors`` (feeds and JSON-LD name it)."""
    return author_info(config, name).get("url", "")


def reading_time(words: int, config: Config) -> str:
    """ "6 min read": at least one minute."""
    minutes = max(1, -(-words // config.recap_words_per_minute))
    return _("%(minutes)d min read") % {"minutes": minutes}
