"""What a generated page's template sees: plain data from the site index.

Every value is a string, number, boolean, list or dict, with links already made
relative to the page and labels already translated, so a template (ours, a
theme's or the user's) only lays it out, and the data doubles as the page's
fingerprint for incremental builds. Text is raw: templates escape it.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from itertools import groupby
from typing import TYPE_CHECKING

from sphinx.util.i18n import format_date
from sphinx.util.osutil import relative_uri

from ..i18n import _
from ..listing import display_name
from ..model import url_quote
from ..presentation import author_info, author_name, speaker_link_label
from .pieces import Data, Pieces

if TYPE_CHECKING:
    from ..index import AuthorEntry, EventEntry, SpeakerEntry, TagEntry

__all__ = ["PageData"]


def _count(number: int, one: str, many: str) -> str:
    return (one if number == 1 else many) % {"n": number}


def recaps_count(number: int) -> str:
    return _count(number, _("%(n)d recap"), _("%(n)d recaps"))


def talks_count(number: int) -> str:
    return _count(number, _("%(n)d talk"), _("%(n)d talks"))


class PageData(Pieces):
    """Builds the template data of one build's generated pages from the site index."""

    # -- pages ---------------------------------------------------------------------

    def tag_page(self, pagename: str, entry: TagEntry) -> Data:
        data = {
            **self.tag(pagename, entry.name),
            "recaps": self.cards(pagename, entry.recaps),
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

    def author_page(self, pagename: str, entry: AuthorEntry) -> Data:
        info = author_info(self.config, entry.name)
        data = {
            "name": author_name(self.config, entry.name),
            "slug": entry.slug,
            "url": info.get("url", ""),
            "avatar": self.image(pagename, info.get("avatar", "")),
            "bio": info.get("bio", ""),
            "recaps": self.cards(pagename, entry.recaps),
        }
        title = author_name(self.config, entry.name)
        return self.context("author", title, recaps_count(len(entry.recaps)), data)

    def authors_page(self, pagename: str) -> Data:
        people = [
            {
                "name": author_name(self.config, e.name),
                "url": self.url(pagename, self.names.author(e.slug)),
                "slug": e.slug,
                "recaps": len(e.recaps),
                "count": recaps_count(len(e.recaps)),
            }
            for e in self.index.authors.values()
        ]
        subtitle = _count(len(people), _("%(n)d author"), _("%(n)d authors"))
        return self.context("authors", _("Authors"), subtitle, {"authors": people})

    def event_page(self, pagename: str, entry: EventEntry) -> Data:
        places = sorted({r.location for r in entry.recaps if r.location})
        data = {
            "name": entry.name,
            "slug": entry.slug,
            "locations": places,
            "recaps": self.cards(pagename, entry.recaps),
            "talks": self.table(pagename, entry.talks, event=False, full=False),
        }
        return self.context("event", entry.name, " · ".join(places), data)
