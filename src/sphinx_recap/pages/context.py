"""What a generated page's template sees: plain data from the site index.

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
from itertools import groupby
from typing import TYPE_CHECKING, Any, cast

from sphinx.util.i18n import format_date
from sphinx.util.osutil import relative_uri

from ..domain import recap_domain
from ..i18n import _
from ..listing import display_name
from ..model import tag_hue_class, tag_key, url_quote
from ..presentation import (
    ATTENDANCE_LABELS,
    more_text,
    rating_text,
    shown,
    speaker_link_label,
    talk_columns,
)
from ..values import format_day

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.builders.html import StandaloneHTMLBuilder

    from ..index import EventEntry, SiteIndex, SpeakerEntry, TagEntry
    from ..model import Recap, Talk

__all__ = ["Data", "PageData"]

#: A template context, or a part of one.
Data = dict[str, Any]


def _count(number: int, one: str, many: str) -> str:
    return (one if number == 1 else many) % {"n": number}


def recaps_count(number: int) -> str:
    return _count(number, _("%(n)d recap"), _("%(n)d recaps"))


def talks_count(number: int) -> str:
    return _count(number, _("%(n)d talk"), _("%(n)d talks"))


class PageData:
    """Builds the template data of one build's generated pages from the site index.

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
            "authors": [{"name": name, "url": ""} for name in shown(recap.authors)[0]],
            "authors_more": self.more(recap.authors),
            "tags": [self.tag(pagename, t) for t in shown(recap.tags)[0]],
            "tags_more": self.more(recap.tags),
            "event": self.event(pagename, recap.event),
            "location": recap.location,
            "summary": recap.summary,
            "image": self.image(pagename, recap.image),
        }

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
                {"value": talk.attendance, "label": ATTENDANCE_LABELS[talk.attendance]}
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
            "recap_data": data,
            "display_toc": False,
        }

    # -- pages ---------------------------------------------------------------------

    def tag_page(self, pagename: str, entry: TagEntry) -> Data:
        data = {
            **self.tag(pagename, entry.name),
            "recaps": [self.recap(pagename, r) for r in entry.recaps],
            "talks": self.table(pagename, entry.talks, full=False),
        }
        subtitle = " · ".join([recaps_count(len(entry.recaps)), talks_count(len(entry.talks))])
        return self.context("tag", f"#{display_name(entry.name)}", subtitle, data)

    def tags_page(self, pagename: str) -> Data:
        entries = self.index.tags.values()
        most = max((len(e.recaps) + len(e.talks) for e in entries), default=1)
        tags = [
            {
                **self.tag(pagename, e.name),
                "recaps": len(e.recaps),
                "talks": len(e.talks),
                "count": ", ".join([recaps_count(len(e.recaps)), talks_count(len(e.talks))]),
                "weight": 1 + 4 * (len(e.recaps) + len(e.talks)) // most,
            }
            for e in entries
        ]
        subtitle = _count(len(tags), _("%(n)d tag"), _("%(n)d tags"))
        return self.context("tags", _("Tags"), subtitle, {"tags": tags})

    def speaker_page(self, pagename: str, entry: SpeakerEntry) -> Data:
        definition = entry.definition
        role = definition.role if definition else ""
        data = {
            "name": entry.name,
            "slug": entry.slug,
            "affiliation": entry.affiliation,
            "role": role,
            "defined": definition is not None,
            "avatar": self.avatar(pagename, definition.docname, definition.avatar)
            if definition
            else "",
            "bio": [p for p in definition.bio.split("\n\n") if p] if definition else [],
            "links": [
                {"kind": kind, "label": speaker_link_label(kind), "url": url}
                for kind, url in (definition.links if definition else ())
            ],
            "talks": self.table(pagename, entry.talks, full=False),
        }
        position = ", ".join(v for v in (role, entry.affiliation) if v)
        return self.context("speaker", entry.name, position, data)

    def avatar(self, pagename: str, docname: str, avatar: str) -> str:
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

    def speakers_page(self, pagename: str) -> Data:
        people = [
            {
                **self.person(pagename, e.name),
                "slug": e.slug,
                "affiliation": e.affiliation,
                "talks": len(e.talks),
                "count": talks_count(len(e.talks)),
            }
            for e in self.index.speakers.values()
        ]
        subtitle = _count(len(people), _("%(n)d speaker"), _("%(n)d speakers"))
        return self.context("speakers", _("Speakers"), subtitle, {"speakers": people})

    def events_newest_first(self) -> list[EventEntry]:
        return sorted(
            self.index.events.values(), key=lambda e: max(r.date for r in e.recaps), reverse=True
        )

    def talks_page(self, pagename: str) -> Data:
        events = [
            {
                **(self.event(pagename, e.name) or {}),
                "slug": e.slug,
                "table": self.table(pagename, e.talks, event=False),
            }
            for e in self.events_newest_first()
            if e.talks
        ]
        loose = [t for t in self.index.talks if not self.index.event_of(t)]
        data = {"events": events, "other": self.table(pagename, loose, event=False)}
        subtitle = talks_count(len(self.index.talks))
        return self.context("talks", _("Talks"), subtitle, data)

    def archive_page(self, pagename: str) -> Data:
        language = self.config.language or "en"
        years = []
        for year, in_year in groupby(self.index.recaps, key=lambda r: r.date.year):
            months = []
            for _month, in_month in groupby(in_year, key=lambda r: r.date.month):
                recaps = list(in_month)
                moment = dt.datetime.combine(recaps[0].date, dt.time())
                months.append(
                    {
                        "name": format_date("%B %Y", date=moment, language=language),
                        "recaps": [self.recap(pagename, r) for r in recaps],
                    }
                )
            years.append({"year": year, "months": months})
        subtitle = recaps_count(len(self.index.recaps))
        return self.context("archive", _("Archive"), subtitle, {"years": years})

    def event_page(self, pagename: str, entry: EventEntry) -> Data:
        places = sorted({r.location for r in entry.recaps if r.location})
        data = {
            "name": entry.name,
            "slug": entry.slug,
            "locations": places,
            "recaps": [self.recap(pagename, r) for r in entry.recaps],
            "talks": self.table(pagename, entry.talks, event=False, full=False),
        }
        return self.context("event", entry.name, " · ".join(places), data)
