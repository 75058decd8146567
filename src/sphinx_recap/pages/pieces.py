"""The parts of a generated page's data: a recap, a talk, a tag, a person, a date.

Every value is a string, number, boolean, list or dict, with links already made
relative to the page and labels already translated, so a template (ours, a
theme's or the user's) only lays it out, and the data doubles as the page's
fingerprint for incremental builds. Text is raw: templates escape it.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import posixpath
from typing import TYPE_CHECKING, Any, cast

from sphinx.util.osutil import relative_uri

from ..domain import recap_domain
from ..index import pinned_first
from ..listing import display_name
from ..model import tag_hue_class, tag_key, url_quote
from ..presentation import (
    attendance_label,
    author_name,
    author_url,
    more_text,
    rating_text,
    reading_time,
    shown,
    talk_columns,
)
from ..values import format_day

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.builders.html import StandaloneHTMLBuilder

    from ..index import SiteIndex
    from ..model import Recap, Talk

__all__ = ["Data", "PageValues", "Pieces"]

#: A template context, or a part of one.
Data = dict[str, Any]


class PageValues(dict[str, Any]):
    """A page's ``recap_data``: a plain dict whose ``repr`` is one line.

    Sphinx builds the ``repr`` of every event's arguments for its debug log, also when
    that log is off; the whole talk list of each of a big site's pages cost half a
    second of a 150-recap build there.
    """

    def __repr__(self) -> str:
        return f"<recap page data: {', '.join(self)}>"

    def __reduce__(self) -> tuple[type[dict[str, Any]], tuple[dict[str, Any]]]:
        # The pickle builder stores each page's context: a plain dict there, which its
        # readers can load without sphinx-recap.
        return dict, (dict(self),)


class Pieces:
    """The parts generated pages are made of (a recap, a talk, a tag…) as plain data.

    A talk, recap or tag reads the same on every page of one output folder (its links
    are relative to the folder), so each is made once per folder and shared.
    """

    def __init__(self, builder: StandaloneHTMLBuilder, index: SiteIndex) -> None:
        self.builder = builder
        self.config = builder.config
        self.index = index
        self.names = recap_domain(builder.env).pages(builder)
        self.made: dict[tuple[str, str, object], Any] = {}
        self.current = ""
        self.targets: dict[str, str] = {}
        self.links: dict[tuple[str, str], str] = {}

    # -- pieces ------------------------------------------------------------------

    def target(self, name: str) -> str:
        """The builder's address of a page or document, once per build."""
        if name not in self.targets:
            self.targets[name] = self.builder.get_target_uri(name)
        return self.targets[name]

    @functools.cache  # noqa: B019 (one PageData per build)
    def folder(self, pagename: str) -> str:
        """The folder of the page's file: what its relative links depend on."""
        return posixpath.dirname(self.target(pagename))

    def shared(self, kind: str, pagename: str, key: object, make: Callable[[], Any]) -> Any:
        """``make()`` once per folder for ``(kind, key)``. Pages come a folder at a time,
        so only the current folder's are kept."""
        folder = self.folder(pagename)
        if folder != self.current:
            self.made.clear()
            self.current = folder
        slot = (kind, folder, key)
        if slot not in self.made:
            self.made[slot] = make()
        return self.made[slot]

    def url(self, pagename: str, target: str, anchor: str = "") -> str:
        """A link from the page's folder to ``target`` (an anchor in it, if given)."""
        folder = self.folder(pagename)
        if (folder, target) not in self.links:
            base = f"{folder}/_" if folder else "_"
            self.links[folder, target] = url_quote(relative_uri(base, self.target(target)))
        uri = self.links[folder, target]
        return f"{uri}#{url_quote(anchor)}" if anchor else uri

    def tag(self, pagename: str, name: str) -> Data:
        return cast(
            Data, self.shared("tag", pagename, tag_key(name), lambda: self.make_tag(pagename, name))
        )

    def make_tag(self, pagename: str, name: str) -> Data:
        entry = self.index.tag(name)
        if entry is None:
            return {"name": display_name(name), "slug": "", "hue": "", "url": ""}
        return {
            "name": display_name(entry.name),
            "slug": entry.slug,
            "hue": tag_hue_class(entry.name),
            "url": self.url(pagename, self.names.tag(entry.slug)),
        }

    def person(self, pagename: str, name: str) -> Data:
        return cast(
            Data, self.shared("person", pagename, name, lambda: self.make_person(pagename, name))
        )

    def make_person(self, pagename: str, name: str) -> Data:
        entry = self.index.speaker(name)
        if entry is None:
            return {"name": name, "url": ""}
        return {
            "name": entry.name,
            "url": self.url(pagename, self.names.speaker(entry.slug)),
        }

    def event(self, pagename: str, name: str) -> Data | None:
        if not name:
            return None
        entry = self.index.event(name)
        url = self.url(pagename, self.names.event(entry.slug)) if entry else ""
        return {"name": name, "url": url}

    def day(self, date: dt.date | None) -> Data | None:
        if date is None:
            return None
        return {"iso": date.isoformat(), "text": format_day(date, self.config)}

    def image(self, pagename: str, uri: str) -> str:
        """A card image: an URL, or a path from the root of the output folder."""
        if not uri or ":" in uri.split("/", maxsplit=1)[0]:
            return uri
        return url_quote(relative_uri(self.target(pagename), uri.lstrip("/")))

    def recap(self, pagename: str, recap: Recap) -> Data:
        make = functools.partial(self.make_recap, pagename, recap)
        return cast(Data, self.shared("recap", pagename, recap.docname, make))

    def make_recap(self, pagename: str, recap: Recap) -> Data:
        return {
            "title": recap.title,
            "docname": recap.docname,
            "url": self.url(pagename, recap.docname),
            "date": self.day(recap.date),
            "authors": [self.author(pagename, name) for name in shown(recap.authors)[0]],
            "authors_more": self.more(recap.authors),
            "tags": [self.tag(pagename, t) for t in shown(recap.tags)[0]],
            "tags_more": self.more(recap.tags),
            "event": self.event(pagename, recap.event),
            "location": recap.location,
            "summary": recap.summary,
            "image": self.image(pagename, recap.image),
            "pinned": recap.pinned,
            "reading_time": reading_time(recap.words, self.config),
        }

    def author(self, pagename: str, name: str) -> Data:
        """An author's name, linked to their page, or to their own address when
        ``recap_author_links`` says so."""
        url = author_url(self.config, name)
        entry = self.index.author(name)
        if not (url and self.config.recap_author_links == "url") and entry is not None:
            url = self.url(pagename, self.names.author(entry.slug))
        return {"name": author_name(self.config, name), "url": url}

    def cards(self, pagename: str, recaps: list[Recap]) -> list[Data]:
        """Recaps as cards, newest first, pinned ones before the rest."""
        return [self.recap(pagename, r) for r in pinned_first(recaps)]

    def talk(self, pagename: str, talk: Talk) -> Data:
        make = functools.partial(self.make_talk, pagename, talk)
        return cast(Data, self.shared("talk", pagename, (talk.docname, talk.label), make))

    def make_talk(self, pagename: str, talk: Talk) -> Data:
        return {
            "title": talk.title,
            "label": talk.label,
            "url": self.url(pagename, talk.docname, talk.label),
            "keynote": talk.keynote,
            "summary": talk.summary,
            "speakers": [self.person(pagename, name) for name in shown(talk.speakers)[0]],
            "speakers_more": self.more(talk.speakers),
            "event": self.event(pagename, self.index.event_of(talk)),
            "date": self.day(talk.date),
            "where": " · ".join(v for v in (talk.track, talk.room) if v),
            "attendance": (
                {"value": talk.attendance, "label": attendance_label(talk.attendance)}
                if talk.attendance
                else None
            ),
            "rating": (
                {"stars": talk.rating, "text": rating_text(talk.rating)}
                if talk.rating is not None
                else None
            ),
            "tags": [self.tag(pagename, t) for t in shown(talk.tags)[0]],
            "tags_more": self.more(talk.tags),
        }

    def more(self, items: tuple[str, ...]) -> str:
        """ "+ 12 more" for what a card or row leaves out; empty when it shows all."""
        left_out = shown(items)[1]
        return more_text(left_out, self.config) if left_out else ""

    def columns(self, *, event: bool = True, full: bool = True) -> list[Data]:
        columns = talk_columns(self.config, event=event, full=full)
        return [{"key": key, "label": label} for key, label in columns]

    def table(
        self, pagename: str, talks: list[Talk], *, event: bool = True, full: bool = True
    ) -> Data:
        """A talk table: its columns and rows."""
        return {
            "columns": self.columns(event=event, full=full),
            "talks": [self.talk(pagename, t) for t in talks],
        }

    def context(self, kind: str, title: str, subtitle: str, data: Data) -> Data:
        """The context a page template gets, besides what Sphinx adds to every page."""
        return {
            "title": html.escape(title),
            "recap_page": kind,
            "recap_title": title,
            "recap_subtitle": subtitle,
            "recap_data": PageValues(data),
            "display_toc": False,
        }
