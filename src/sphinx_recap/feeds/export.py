"""``recap.json``: the whole model for other tools, one record a line."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..domain import recap_domain
from ..model import url_quote

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.builders import Builder

    from ..index import SiteIndex, SpeakerEntry
    from ..model import Recap, Talk

__all__ = ["EXPORT_FILE", "Export"]

EXPORT_FILE = "recap.json"


class Export:
    """``recap.json``: the whole model for other tools (personal fields only if shown)."""

    def __init__(self, builder: Builder, index: SiteIndex, base: str) -> None:
        self.builder = builder
        self.index = index
        self.base = base
        self.names = recap_domain(builder.env).pages(builder)

    def where(self, page: str, anchor: str = "") -> dict[str, str]:
        path = url_quote(self.builder.get_target_uri(page))
        path = f"{path}#{url_quote(anchor)}" if anchor else path
        return {"path": path, "url": self.base + path} if self.base else {"path": path}

    def recap(self, recap: Recap) -> dict[str, Any]:
        return {
            "docname": recap.docname,
            "title": recap.title,
            "date": recap.date.isoformat(),
            "updated": recap.updated.isoformat() if recap.updated else None,
            "authors": list(recap.authors),
            "tags": list(recap.tags),
            "event": recap.event,
            "location": recap.location,
            "summary": recap.summary,
            "image": recap.image,
        } | self.where(recap.docname)

    def talk(self, talk: Talk) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": f"{talk.docname}#{talk.label}",
            "docname": talk.docname,
            "label": talk.label,
            "title": talk.title,
            "kind": talk.kind,
            "speakers": list(talk.speakers),
            "affiliation": talk.affiliation,
            "tags": list(talk.tags),
            "track": talk.track,
            "room": talk.room,
            "event": self.index.event_of(talk),
            "date": talk.date.isoformat() if talk.date else None,
            "start": talk.start.strftime("%H:%M") if talk.start else None,
            "end": talk.end.strftime("%H:%M") if talk.end else None,
            "links": dict(talk.links),
            "summary": talk.summary,
        }
        if self.builder.config.recap_show_personal:
            data |= {"attendance": talk.attendance, "rating": talk.rating}
        return data | self.where(talk.docname, talk.label)

    def speaker(self, entry: SpeakerEntry) -> dict[str, Any]:
        definition = entry.definition
        return {
            "name": entry.name,
            "slug": entry.slug,
            "affiliation": entry.affiliation,
            "role": definition.role if definition else "",
            "bio": definition.bio if definition else "",
            "links": dict(definition.links) if definition else {},
            "avatar": definition.avatar if definition else "",
            "talks": [f"{t.docname}#{t.label}" for t in entry.talks],
        } | self.where(self.names.speaker(entry.slug))

    def chunks(self) -> Iterator[bytes]:
        """The file a record at a time: a big site's export is never in memory whole."""
        config = self.builder.config
        header = {"format": "sphinx-recap/1", "site": {"project": config.project, "url": self.base}}
        sections: dict[str, Iterable[dict[str, Any]]] = {
            "recaps": (self.recap(r) for r in self.index.recaps),
            "talks": (self.talk(t) for t in self.index.talks),
            "speakers": (self.speaker(e) for e in self.index.speakers.values()),
            "tags": (
                {
                    "name": e.name,
                    "slug": e.slug,
                    "recaps": [r.docname for r in e.recaps],
                    "talks": [f"{t.docname}#{t.label}" for t in e.talks],
                }
                | self.where(self.names.tag(e.slug))
                for e in self.index.tags.values()
            ),
        }
        for text in json_one_record_a_line(header, sections):
            yield text.encode()


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_one_record_a_line(
    header: dict[str, Any], sections: dict[str, Iterable[dict[str, Any]]]
) -> Iterator[str]:
    """A JSON object whose lists hold one record a line, in pieces: easy to read and to
    diff, and written by the json module's C encoder (an indented dump of a 10,000-talk
    site went through the pure-Python encoder and took five times the file's size)."""
    members = [f"{_compact(key)}: {_compact(value)}" for key, value in header.items()]
    yield "{\n" + ",\n".join(members)
    for key, records in sections.items():
        yield f",\n{_compact(key)}: ["
        separator = "\n"
        for record in records:
            yield separator + _compact(record)
            separator = ",\n"
        yield "\n]" if separator != "\n" else "]"
    yield "\n}\n"
