"""The neutral schedule model every reader fills, and the text and time helpers they share."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..model import clean_text as usable_text

__all__ = [
    "Day",
    "Person",
    "Schedule",
    "ScheduleError",
    "Session",
    "clean_text",
    "plain_text",
]


class ScheduleError(ValueError):
    """The schedule cannot be read; the message says why, in one line."""


@dataclass
class Person:
    name: str
    bio: str = ""
    avatar: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Session:
    code: str
    title: str
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    room: str = ""
    track: str = ""
    kind: str = ""
    speakers: list[Person] = field(default_factory=list)
    url: str = ""
    keynote: bool = False
    #: A break, lunch or other slot the schedule marks as not a talk (Sessionize).
    service: bool = False
    #: The schedule's own local start ("HH:MM", frab ``start``), to catch wrong offsets.
    clock: str = ""


@dataclass
class Day:
    index: int
    #: ``None`` only for a schedule where nothing has a time yet.
    date: dt.date | None
    sessions: list[Session] = field(default_factory=list)


@dataclass
class Schedule:
    format: str
    event: str
    days: list[Day]
    timezone: str = ""
    #: Sessions left out because they have no time yet (others do).
    unscheduled: int = 0


def clean_text(value: object) -> str:
    """Schedule text on one line: characters no output can hold dropped (as the
    extension does), white space collapsed."""
    if value is None:
        return ""
    return " ".join(usable_text(str(value)).split())


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(value: object) -> str:
    """Text without HTML tags, on one line (schedule fields may hold HTML)."""
    if value is None:
        return ""
    parser = _TextOnly()
    parser.feed(str(value))
    parser.close()
    return clean_text("".join(parser.parts))


_KEYNOTE_WORD = re.compile(r"^keynotes?\b|\bkeynotes?$", re.I)


def is_keynote(title: str, *labels: str) -> bool:
    """A type, track or format saying "keynote", or a title that starts or ends with it."""
    return bool(_KEYNOTE_WORD.search(title.strip(" :-–—"))) or any(  # noqa: RUF001
        "keynote" in label.casefold() for label in labels
    )


_BREAK_WORDS = {"break", "breaks", "coffee break", "kaffeepause", "lunch", "mittagspause", "pause"}


def is_break(*labels: str) -> bool:
    """A track or type that names a break (frab has no flag for it, unlike Sessionize)."""
    return any(label.casefold() in _BREAK_WORDS for label in labels)


def duration(text: str) -> dt.timedelta:
    """frab durations: ``HH:MM`` or ``D:HH:MM``."""
    parts = [int(p) for p in re.findall(r"\d+", text or "")]
    if not parts:
        return dt.timedelta()
    minutes = parts[-1] + 60 * (parts[-2] if len(parts) > 1 else 0)
    return dt.timedelta(minutes=minutes, days=parts[-3] if len(parts) > 2 else 0)


def clock(text: str) -> dt.time | None:
    """A wall-clock ``HH:MM`` (seconds ignored), or ``None``."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::\d{2})?\s*", text or "")
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return dt.time(int(match[1]), int(match[2]))


def moment(text: object, where: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
    except ValueError:
        raise ScheduleError(f"{where}: {text!r} is not an ISO 8601 date and time") from None


def iso_date(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text or "").strip()[:10])
    except ValueError:
        return None


def zone(name: str) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"unknown time zone {name!r}") from None
