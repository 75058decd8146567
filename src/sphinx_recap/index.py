"""The site-wide view of the model: tags, speakers, events and talks, cross-linked.

Built from the per-document records the domain keeps, once per change of the
data, so pages, feeds and reference resolution never recompute it per page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
from dataclasses import dataclass, field

from .model import (
    Prose,
    Recap,
    Speaker,
    Talk,
    name_key,
    slugify,
    summary_text,
    tag_key,
    unique_slugs,
)

__all__ = [
    "AuthorEntry",
    "EventEntry",
    "SiteIndex",
    "SpeakerEntry",
    "TagEntry",
    "build_index",
    "pinned_first",
]


@dataclass
class TagEntry:
    """One tag: the first spelling seen, its slug, and what carries it."""

    name: str
    slug: str
    recaps: list[Recap] = field(default_factory=list)
    talks: list[Talk] = field(default_factory=list)


@dataclass
class SpeakerEntry:
    """A person who spoke: defined with the directive, or only named in talks."""

    name: str
    slug: str
    definition: Speaker | None = None
    talks: list[Talk] = field(default_factory=list)

    @property
    def affiliation(self) -> str:
        if self.definition and self.definition.affiliation:
            return self.definition.affiliation
        return next((t.affiliation for t in self.talks if t.affiliation), "")


@dataclass
class EventEntry:
    """An event named in recaps' ``event`` field."""

    name: str
    slug: str
    recaps: list[Recap] = field(default_factory=list)
    talks: list[Talk] = field(default_factory=list)


@dataclass
class AuthorEntry:
    """Someone who wrote recaps (front matter ``author``)."""

    name: str
    slug: str
    recaps: list[Recap] = field(default_factory=list)


@dataclass
class SiteIndex:
    """Everything the generated pages and references need, keyed for lookup."""

    recaps: list[Recap]
    talks: list[Talk]
    tags: dict[str, TagEntry]
    speakers: dict[str, SpeakerEntry]
    events: dict[str, EventEntry]
    speaker_keys: dict[str, str]
    talks_by_label: dict[str, list[Talk]]
    recap_of: dict[str, Recap]
    #: Each document's talks, in the order written.
    talks_of: dict[str, list[Talk]]
    authors: dict[str, AuthorEntry] = field(default_factory=dict)
    #: Recaps left out because they are drafts (their own pages are still built).
    drafts: frozenset[str] = frozenset()

    @functools.cached_property
    def digest(self) -> str:
        """Changes whenever any record of the site changes: what listings, generated
        pages, feeds and exports are made from."""
        speakers = [(e.name, e.slug, e.definition) for e in self.speakers.values()]
        data = repr((self.recaps, self.talks, speakers, sorted(self.drafts)))
        return hashlib.sha256(data.encode()).hexdigest()

    def tag(self, text: str) -> TagEntry | None:
        return self.tags.get(tag_key(text))

    def speaker(self, text: str) -> SpeakerEntry | None:
        """Find a speaker by name (any case and spacing) or by slug."""
        key = name_key(text)
        slug = self.speaker_keys.get(key) or self.speaker_keys.get(slugify(text))
        return self.speakers.get(slug) if slug else None

    def author(self, text: str) -> AuthorEntry | None:
        return self.authors.get(name_key(text))

    def event(self, text: str) -> EventEntry | None:
        return self.events.get(tag_key(text))

    def event_of(self, talk: Talk) -> str:
        recap = self.recap_of.get(talk.docname)
        return recap.event if recap else ""


def pinned_first(recaps: list[Recap]) -> list[Recap]:
    """Newest-first recaps with the pinned ones first (each group keeps its order)."""
    return [r for r in recaps if r.pinned] + [r for r in recaps if not r.pinned]


def _recap_order(recap: Recap) -> tuple[dt.date, str]:
    return recap.date, recap.docname


def _talk_order(talk: Talk) -> tuple[dt.date, dt.time, str, int]:
    return (talk.date or dt.date.min, talk.start or dt.time.min, talk.docname, talk.lineno)


def _first_spellings(recaps: list[Recap], talks: list[Talk]) -> dict[str, str]:
    """Tag key -> the spelling of its earliest use (by date, page, line)."""
    uses = [(r.date, r.docname, 0, r.tags) for r in recaps]
    uses += [(t.date or dt.date.min, t.docname, t.lineno, t.tags) for t in talks]
    spellings: dict[str, str] = {}
    for *_order, tags in sorted(uses, key=lambda use: use[:3]):
        for tag in tags:
            spellings.setdefault(tag_key(tag), tag)
    return spellings


def _index_tags(recaps: list[Recap], talks: list[Talk]) -> dict[str, TagEntry]:
    spellings = _first_spellings(recaps, talks)
    entries = {key: TagEntry(name, "") for key, name in spellings.items()}
    for recap in recaps:
        for tag in recap.tags:
            entries[tag_key(tag)].recaps.append(recap)
    for talk in talks:
        for tag in talk.tags:
            entries[tag_key(tag)].talks.append(talk)
    slugs = unique_slugs(list(entries), {key: slugify(key) for key in entries})
    for key, entry in entries.items():
        entry.slug = slugs[key]
    return dict(sorted(entries.items()))


def _index_events(recaps: list[Recap], talks: list[Talk]) -> dict[str, EventEntry]:
    entries: dict[str, EventEntry] = {}
    recap_of = {r.docname: r for r in recaps}
    for recap in reversed(recaps):  # oldest first: the first spelling names the event
        if recap.event:
            entries.setdefault(tag_key(recap.event), EventEntry(recap.event, ""))
    for recap in recaps:
        if recap.event:
            entries[tag_key(recap.event)].recaps.append(recap)
    for talk in talks:
        owner = recap_of.get(talk.docname)
        if owner and owner.event:
            entries[tag_key(owner.event)].talks.append(talk)
    slugs = unique_slugs(list(entries), {key: slugify(key) for key in entries})
    for key, entry in entries.items():
        entry.slug = slugs[key]
    return dict(sorted(entries.items()))


def _index_speakers(
    definitions: list[Speaker], talks: list[Talk]
) -> tuple[dict[str, SpeakerEntry], dict[str, str]]:
    """Key every speaker by slug; ``keys`` maps names and slugs to that slug."""
    keys: dict[str, str] = {}
    entries: dict[str, SpeakerEntry] = {}
    for speaker in definitions:  # the first definition wins; conflicts are warned elsewhere
        key = name_key(speaker.name)
        if key in keys or speaker.slug in entries:
            continue
        keys[key] = keys[speaker.slug] = speaker.slug
        entries[speaker.slug] = SpeakerEntry(speaker.name, speaker.slug, speaker)
    named: dict[str, str] = {}
    for talk in reversed(talks):  # oldest first: the first spelling names the speaker
        for name in talk.speakers:
            key = name_key(name)
            if key not in keys and slugify(name) not in entries:
                named.setdefault(key, name)
    taken = {slug: slug for slug in entries}
    slugs = unique_slugs([*named, *taken], {**{k: slugify(k) for k in named}, **taken})
    for key, name in named.items():
        keys[key] = slugs[key]
        keys.setdefault(slugs[key], slugs[key])
        entries[slugs[key]] = SpeakerEntry(name, slugs[key])
    for talk in talks:
        for name in talk.speakers:
            slug = keys.get(name_key(name)) or keys[slugify(name)]
            entries[slug].talks.append(talk)
    return dict(sorted(entries.items())), keys


def _with_summaries(recaps: list[Recap], talks: list[Talk]) -> tuple[list[Recap], list[Talk]]:
    """Summaries made from prose, references to talks shown as the talks' titles (a
    talk on the same page first, as the ``talk`` role resolves them)."""
    first: dict[str, str] = {}
    on_page: dict[tuple[str, str], str] = {}
    for talk in sorted(talks, key=lambda t: (t.docname, t.lineno)):
        first.setdefault(talk.label, talk.title)
        on_page.setdefault((talk.docname, talk.label), talk.title)

    def summary(docname: str, prose: Prose) -> str:
        labels = {value for kind, value in prose if kind == "talk"}
        titles = {
            label: on_page.get((docname, label)) or first.get(label, label) for label in labels
        }
        return summary_text(prose, titles)

    recaps = [
        dataclasses.replace(r, summary=summary(r.docname, r.summary_prose))
        if r.summary_prose and not r.summary
        else r
        for r in recaps
    ]
    talks = [
        dataclasses.replace(t, summary=summary(t.docname, t.summary_prose))
        if t.summary_prose
        else t
        for t in talks
    ]
    return recaps, talks


def _index_authors(recaps: list[Recap]) -> dict[str, AuthorEntry]:
    entries: dict[str, AuthorEntry] = {}
    for recap in reversed(recaps):  # oldest first: the first spelling names the author
        for name in recap.authors:
            entries.setdefault(name_key(name), AuthorEntry(" ".join(name.split()), ""))
    for recap in recaps:
        for name in dict.fromkeys(name_key(a) for a in recap.authors):
            entries[name].recaps.append(recap)
    slugs = unique_slugs(list(entries), {key: slugify(key) for key in entries})
    for key, entry in entries.items():
        entry.slug = slugs[key]
    return dict(sorted(entries.items()))


def build_index(
    recaps: list[Recap],
    talks: list[Talk],
    speakers: list[Speaker],
    drafts: frozenset[str] = frozenset(),
) -> SiteIndex:
    """Cross-link all records but those of ``drafts`` (documents); lists come out newest
    first, keys sorted."""
    recaps = [r for r in recaps if r.docname not in drafts]
    talks = [t for t in talks if t.docname not in drafts]
    speakers = [s for s in speakers if s.docname not in drafts]
    recaps, talks = _with_summaries(recaps, talks)
    recaps = sorted(recaps, key=_recap_order, reverse=True)
    talks = sorted(talks, key=_talk_order, reverse=True)
    definitions = sorted(speakers, key=lambda s: (s.docname, s.lineno))
    speaker_entries, speaker_keys = _index_speakers(definitions, talks)
    by_label: dict[str, list[Talk]] = {}
    by_doc: dict[str, list[Talk]] = {}
    for talk in sorted(talks, key=lambda t: (t.docname, t.lineno)):
        by_label.setdefault(talk.label, []).append(talk)
        by_doc.setdefault(talk.docname, []).append(talk)
    return SiteIndex(
        recaps=recaps,
        talks=talks,
        tags=_index_tags(recaps, talks),
        speakers=speaker_entries,
        events=_index_events(recaps, talks),
        speaker_keys=speaker_keys,
        talks_by_label=by_label,
        recap_of={r.docname: r for r in recaps},
        talks_of=by_doc,
        authors=_index_authors(recaps),
        drafts=drafts,
    )
