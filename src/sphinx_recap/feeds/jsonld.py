"""JSON-LD (schema.org) and Open Graph metadata of recap pages, and feed links."""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from ..domain import recap_domain
from ..model import url_quote
from ..presentation import author_url
from .addresses import absolute

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.builders import Builder

    from ..index import SiteIndex, SpeakerEntry
    from ..model import Recap, Talk

__all__ = ["OPENGRAPH_OWNS", "StructuredData", "feed_link", "meta_tags", "script_json"]

#: Meta properties sphinxext-opengraph writes itself; we leave them to it.
OPENGRAPH_OWNS = frozenset(
    {
        "og:title",
        "og:type",
        "og:url",
        "og:site_name",
        "og:description",
        "og:image",
        "og:image:alt",
        "og:locale",
    }
)


def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside ``<script>``: no ``<``, ``>`` or ``&`` can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>\n'


class StructuredData:
    """JSON-LD and meta properties of one recap page."""

    def __init__(self, builder: Builder, index: SiteIndex, base: str) -> None:
        self.builder = builder
        self.index = index
        self.base = base

    def url(self, docname: str, anchor: str = "") -> dict[str, str]:
        return {"url": absolute(self.base, self.builder, docname, anchor)} if self.base else {}

    def person(self, name: str) -> dict[str, Any]:
        person: dict[str, Any] = {"@type": "Person", "name": name}
        entry: SpeakerEntry | None = self.index.speaker(name)
        if entry is None:
            return person
        person["name"] = entry.name
        if entry.affiliation:
            person["affiliation"] = {"@type": "Organization", "name": entry.affiliation}
        if self.base:
            person["url"] = self.base + url_quote(
                self.builder.get_target_uri(
                    recap_domain(self.builder.env).pages(self.builder).speaker(entry.slug)
                )
            )
        if entry.definition and entry.definition.links:
            person["sameAs"] = [url for _kind, url in entry.definition.links]
        return person

    def talk_event(self, talk: Talk, recap: Recap) -> dict[str, Any]:
        event: dict[str, Any] = {"@type": "Event", "name": talk.title}
        if talk.date:
            event["startDate"] = talk.date.isoformat()
            if talk.start:
                event["startDate"] += "T" + talk.start.strftime("%H:%M")
            if talk.end:
                event["endDate"] = f"{talk.date.isoformat()}T{talk.end.strftime('%H:%M')}"
        place = ", ".join(v for v in (talk.room, recap.location) if v)
        if place:
            event["location"] = {"@type": "Place", "name": place}
        if talk.speakers:
            event["performer"] = [self.person(name) for name in talk.speakers]
        if talk.summary:
            event["description"] = talk.summary
        return event | self.url(talk.docname, talk.label)

    def about(self, recap: Recap, talks: list[Talk]) -> dict[str, Any] | list[Any] | None:
        """The conference as an Event with the talks as sub-events; never the recap."""
        sub_events = [self.talk_event(talk, recap) for talk in talks]
        if not recap.event:
            return sub_events or None
        event: dict[str, Any] = {"@type": "Event", "name": recap.event}
        if recap.location:
            event["location"] = {"@type": "Place", "name": recap.location}
        dates = sorted(t.date for t in talks if t.date)
        event["startDate"] = (dates[0] if dates else recap.date).isoformat()
        if dates and dates[-1] != dates[0]:
            event["endDate"] = dates[-1].isoformat()
        if sub_events:
            event["subEvent"] = sub_events
        return event

    def blog_posting(self, recap: Recap) -> dict[str, Any]:
        talks = self.index.talks_of.get(recap.docname, [])
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": recap.title,
            "datePublished": recap.date.isoformat(),
            "dateModified": (recap.updated or recap.date).isoformat(),
            "author": [{"@type": "Person", "name": a} | self.author_url(a) for a in recap.authors],
        }
        data |= self.url(recap.docname)
        if self.base:
            data["mainEntityOfPage"] = data["url"]
        if recap.summary:
            data["description"] = recap.summary
        if recap.tags:
            data["keywords"] = list(recap.tags)
        if recap.image and (":" in recap.image.split("/")[0] or self.base):
            data["image"] = urljoin(self.base, recap.image)
        about = self.about(recap, talks)
        if about:
            data["about"] = about
        return data

    def author_url(self, name: str) -> dict[str, str]:
        url = author_url(self.builder.config, name)
        return {"url": url} if url else {}

    def meta(self, recap: Recap, *, opengraph_loaded: bool) -> list[tuple[str, str]]:
        """Open Graph and ``article:*`` properties, minus those sphinxext-opengraph owns."""
        config = self.builder.config
        properties = [
            ("og:type", "article"),
            ("og:title", recap.title),
            ("og:site_name", config.project),
        ]
        if recap.summary:
            properties.append(("og:description", recap.summary))
        if self.base:
            properties.append(("og:url", absolute(self.base, self.builder, recap.docname)))
        if recap.image and (":" in recap.image.split("/")[0] or self.base):
            properties.append(("og:image", urljoin(self.base, recap.image)))
        properties.append(("article:published_time", recap.date.isoformat()))
        if recap.updated:
            properties.append(("article:modified_time", recap.updated.isoformat()))
        properties += [("article:author", a) for a in recap.authors]
        if recap.event:
            properties.append(("article:section", recap.event))
        properties += [("article:tag", t) for t in recap.tags]
        if opengraph_loaded:
            properties = [(k, v) for k, v in properties if k not in OPENGRAPH_OWNS]
        return properties


def meta_tags(properties: Iterable[tuple[str, str]]) -> str:
    return "".join(
        f'<meta property="{html.escape(key)}" content="{html.escape(value)}" />\n'
        for key, value in properties
    )


def feed_link(title: str, href: str) -> str:
    return (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{html.escape(title)}" href="{html.escape(href)}" />\n'
    )
