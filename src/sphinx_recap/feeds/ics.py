"""``talks.ics``: every talk with a date and a start time, for calendar apps.

Written with the ``icalendar`` library. A talk of a recap whose front matter names
its ``timezone`` gets that zone (``TZID`` and a ``VTIMEZONE`` for the dates in
use); others keep floating local times, as the schedule shows them. Stamps come
from the recap's dates, never the clock, so a rebuild writes the same bytes; a talk's
event is kept next to the doctrees and made again only when what it shows changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..i18n import _
from ..model import slugify
from ..version import __version__
from .addresses import absolute

if TYPE_CHECKING:
    from collections.abc import Iterator

    import icalendar
    from sphinx.builders import Builder

    from ..index import SiteIndex
    from ..model import Talk

__all__ = ["CALENDAR_FILE", "Calendar"]

CALENDAR_FILE = "talks.ics"


class Calendar:
    """The calendar of a site's talks, written a talk at a time."""

    def __init__(self, builder: Builder, index: SiteIndex, base: str) -> None:
        self.builder = builder
        self.index = index
        self.base = base
        self.authority = urlsplit(base).hostname or slugify(builder.config.project)
        #: Each talk's event as the last build wrote it, by what it was made from.
        self.cache = Path(builder.doctreedir, f"recap-calendar-{builder.name}.pickle")
        self.previous = self.load()
        self.kept: dict[str, bytes] = {}
        config = builder.config
        self.made_with = (__version__, base, builder.name, config.project, config.language)

    def zone(self, talk: Talk) -> str:
        recap = self.index.recap_of.get(talk.docname)
        return recap.timezone if recap else ""

    def moment(self, talk: Talk, date: dt.date, time: dt.time) -> dt.datetime:
        zone = self.zone(talk)
        return dt.datetime.combine(date, time, ZoneInfo(zone) if zone else None)

    def event(self, talk: Talk, date: dt.date, start: dt.time) -> icalendar.Event:
        recap = self.index.recap_of.get(talk.docname)
        stamp = (recap.updated or recap.date) if recap else date
        import icalendar  # noqa: PLC0415 (see chunks)

        event = icalendar.Event()
        event.add("uid", f"{talk.docname}/{talk.label}@{self.authority}")
        event.add("dtstamp", dt.datetime.combine(stamp, dt.time(), dt.UTC))
        event.add("dtstart", self.moment(talk, date, start))
        if talk.end:
            event.add("dtend", self.moment(talk, date, talk.end))
        event.add("summary", f"{_('Keynote')}: {talk.title}" if talk.keynote else talk.title)
        description = "\n\n".join(v for v in (", ".join(talk.speakers), talk.summary) if v)
        if description:
            event.add("description", description)
        where = ", ".join(v for v in (talk.room, recap.location if recap else "") if v)
        if where:
            event.add("location", where)
        if talk.tags:
            event.add("categories", list(talk.tags))
        if self.base:
            event.add("url", absolute(self.base, self.builder, talk.docname, talk.label))
        return event

    def event_bytes(self, talk: Talk, date: dt.date, start: dt.time) -> bytes:
        """A talk's ``VEVENT``, from the last build's when nothing it shows changed
        (icalendar takes about half a millisecond a talk)."""
        recap = self.index.recap_of.get(talk.docname)
        key = hashlib.sha256(repr((talk, recap, self.made_with)).encode()).hexdigest()
        if key not in self.previous:
            self.previous[key] = self.event(talk, date, start).to_ical()
        self.kept[key] = self.previous[key]
        return self.kept[key]

    def chunks(self) -> Iterator[bytes]:
        """The file a talk at a time: a big site's calendar is never in memory whole."""
        # Imported here: icalendar takes a fifth of a second to import, and a rebuild
        # whose calendar did not change never comes this far.
        import icalendar  # noqa: PLC0415

        talks = sorted(
            (t for t in self.index.talks if t.date and t.start),
            key=lambda t: (t.date, t.start, t.docname, t.lineno),
        )
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//sphinx-recap//talks//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", self.builder.config.project)
        head = calendar.to_ical()
        yield head.removesuffix(b"END:VCALENDAR\r\n")
        yield from self.time_zones(talks)
        for talk in talks:
            if talk.date and talk.start:
                yield self.event_bytes(talk, talk.date, talk.start)
        yield b"END:VCALENDAR\r\n"
        self.save()

    def load(self) -> dict[str, bytes]:
        try:
            with self.cache.open("rb") as stream:
                events = pickle.load(stream)
        except (OSError, pickle.PickleError, EOFError, ValueError, AttributeError):
            return {}
        return events if isinstance(events, dict) else {}

    def save(self) -> None:
        self.cache.parent.mkdir(parents=True, exist_ok=True)
        with self.cache.open("wb") as stream:
            pickle.dump(self.kept, stream, pickle.HIGHEST_PROTOCOL)

    def time_zones(self, talks: list[Talk]) -> Iterator[bytes]:
        """A ``VTIMEZONE`` for each zone in use, covering the dates of its talks."""
        dates: dict[str, list[dt.date]] = {}
        for talk in talks:
            if (zone := self.zone(talk)) and talk.date:
                dates.setdefault(zone, []).append(talk.date)
        for zone, days in sorted(dates.items()):
            first, last = min(days), max(days) + dt.timedelta(days=2)
            import icalendar  # noqa: PLC0415 (see chunks)

            yield icalendar.Timezone.from_tzid(zone, first_date=first, last_date=last).to_ical()
