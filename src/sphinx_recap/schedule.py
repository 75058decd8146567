"""Conference schedules -> one neutral model, from pretalx, frab/c3voc and Sessionize exports.

Every reader raises :class:`ScheduleError` with a one-line message for bad input;
the command line turns that into ``sphinx-recap: error: FILE: message``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

__all__ = ["Person", "Schedule", "ScheduleError", "Session", "parse_schedule", "plain_text"]


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


@dataclass
class Day:
    index: int
    date: dt.date
    sessions: list[Session] = field(default_factory=list)


@dataclass
class Schedule:
    format: str
    event: str
    days: list[Day]
    timezone: str = ""


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(value: object) -> str:
    """Text without HTML tags, white space collapsed (schedule fields may hold HTML)."""
    if value is None:
        return ""
    parser = _TextOnly()
    parser.feed(str(value))
    parser.close()
    return " ".join("".join(parser.parts).split())


def _is_keynote(*labels: str) -> bool:
    return any("keynote" in label.casefold() for label in labels)


def _duration(text: str) -> dt.timedelta:
    """frab durations: ``HH:MM`` or ``D:HH:MM``."""
    parts = [int(p) for p in re.findall(r"\d+", text or "")]
    if not parts:
        return dt.timedelta()
    minutes = parts[-1] + 60 * (parts[-2] if len(parts) > 1 else 0)
    return dt.timedelta(minutes=minutes, days=parts[-3] if len(parts) > 2 else 0)


def _datetime(text: object, where: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise ScheduleError(f"{where}: {text!r} is not an ISO 8601 date and time") from None


def _localize(moment: dt.datetime | None, zone: ZoneInfo | None) -> dt.datetime | None:
    if moment is None or zone is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(zone)


def _zone(name: str) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"unknown time zone {name!r}") from None


# -- frab JSON (pretalx's schedule.json) ----------------------------------------------


def _frab_person(data: dict[str, Any]) -> Person:
    name = plain_text(data.get("public_name") or data.get("name") or data.get("full_public_name"))
    return Person(
        name=name,
        bio=plain_text(data.get("biography") or data.get("bio")),
        avatar=str(data.get("avatar") or data.get("image") or ""),
    )


def _frab_json_session(data: dict[str, Any], room: str) -> Session:
    where = f"session {data.get('id', '?')}"
    if "title" not in data or "date" not in data:
        raise ScheduleError(f"{where} has no title or date")
    start = _datetime(data["date"], where)
    track, kind = plain_text(data.get("track")), plain_text(data.get("type"))
    return Session(
        code=str(data.get("code") or data.get("guid") or data.get("id") or ""),
        title=plain_text(data["title"]),
        start=start,
        end=start + _duration(str(data.get("duration", ""))),
        room=plain_text(data.get("room") or room),
        track=track,
        kind=kind,
        speakers=[_frab_person(p) for p in data.get("persons") or [] if isinstance(p, dict)],
        url=str(data.get("url") or ""),
        keynote=_is_keynote(track, kind),
    )


def _read_pretalx(data: dict[str, Any]) -> Schedule:
    try:
        conference = data["schedule"]["conference"]
        days = conference["days"]
    except (KeyError, TypeError):
        raise ScheduleError("no schedule.conference.days: not a pretalx schedule.json") from None
    result: list[Day] = []
    for number, day in enumerate(days, start=1):
        sessions = [
            _frab_json_session(session, room)
            for room, room_sessions in (day.get("rooms") or {}).items()
            for session in room_sessions
        ]
        date = dt.date.fromisoformat(str(day.get("date", ""))[:10])
        result.append(Day(int(day.get("index", number)), date, sessions))
    return Schedule(
        "pretalx schedule.json",
        plain_text(conference.get("title")),
        result,
        str(conference.get("time_zone_name") or ""),
    )


# -- frab XML (frab, c3voc, pretalx schedule.xml) --------------------------------------


def _text(element: Any, tag: str) -> str:
    child = element.find(tag)
    return plain_text(child.text if child is not None else "")


def _frab_xml_session(event: Any, room: str) -> Session:
    where = f"event {event.get('id', '?')}"
    title, when = _text(event, "title"), _text(event, "date")
    if not title or not when:
        raise ScheduleError(f"{where} has no title or date")
    start = _datetime(when, where)
    track, kind = _text(event, "track"), _text(event, "type")
    persons = [Person(plain_text(p.text)) for p in event.findall("persons/person")]
    return Session(
        code=event.get("guid") or event.get("id") or "",
        title=title,
        start=start,
        end=start + _duration(_text(event, "duration")),
        room=_text(event, "room") or room,
        track=track,
        kind=kind,
        speakers=[p for p in persons if p.name],
        url=_text(event, "url"),
        keynote=_is_keynote(track, kind),
    )


def _read_frab_xml(text: str) -> Schedule:
    try:
        root = ElementTree.fromstring(text)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise ScheduleError(f"malformed XML ({error})") from None
    if root.tag != "schedule" or root.find("conference") is None:
        raise ScheduleError("no <schedule><conference>: not a frab schedule.xml")
    days: list[Day] = []
    for number, day in enumerate(root.findall("day"), start=1):
        sessions = [
            _frab_xml_session(event, room.get("name", ""))
            for room in day.findall("room")
            for event in room.findall("event")
        ]
        try:
            date = dt.date.fromisoformat(day.get("date", ""))
        except ValueError:
            raise ScheduleError(f"day {number} has no valid date") from None
        days.append(Day(int(day.get("index") or number), date, sessions))
    conference = root.find("conference")
    return Schedule(
        "frab schedule.xml", _text(conference, "title"), days, _text(conference, "time_zone_name")
    )


# -- Sessionize view/All JSON ---------------------------------------------------------


def _sessionize_person(data: dict[str, Any]) -> Person:
    name = data.get("fullName") or f"{data.get('firstName', '')} {data.get('lastName', '')}"
    links = [
        (plain_text(link.get("title")), str(link.get("url") or ""))
        for link in data.get("links") or []
        if isinstance(link, dict)
    ]
    return Person(
        plain_text(name),
        plain_text(data.get("bio")),
        str(data.get("profilePicture") or ""),
        [lk for lk in links if lk[1]],
    )


def _read_sessionize(data: dict[str, Any]) -> Schedule:
    rooms = {r.get("id"): plain_text(r.get("name")) for r in data.get("rooms") or []}
    people = {p.get("id"): _sessionize_person(p) for p in data.get("speakers") or []}
    category_items = {
        item.get("id"): (plain_text(category.get("title")), plain_text(item.get("name")))
        for category in data.get("categories") or []
        for item in category.get("items") or []
    }
    by_date: dict[dt.date, list[Session]] = {}
    for session in data.get("sessions") or []:
        if not isinstance(session, dict) or not session.get("title"):
            raise ScheduleError("a session has no title")
        if not session.get("startsAt"):
            continue  # not scheduled yet
        where = f"session {session.get('id', '?')}"
        start = _datetime(session["startsAt"], where)
        end = _datetime(session["endsAt"], where) if session.get("endsAt") else None
        labels = [category_items.get(i, ("", "")) for i in session.get("categoryItems") or []]
        track = next((name for title, name in labels if "track" in title.casefold()), "")
        kind = next(
            (
                name
                for title, name in labels
                if "format" in title.casefold() or "type" in title.casefold()
            ),
            "",
        )
        by_date.setdefault(start.date(), []).append(
            Session(
                code=str(session.get("id", "")),
                title=plain_text(session["title"]),
                start=start,
                end=end,
                room=rooms.get(session.get("roomId"), ""),
                track=track,
                kind=kind,
                speakers=[people[s] for s in session.get("speakers") or [] if s in people],
                keynote=bool(session.get("isPlenumSession"))
                or _is_keynote(track, kind, *(name for _title, name in labels)),
            )
        )
    days = [Day(n, date, by_date[date]) for n, date in enumerate(sorted(by_date), start=1)]
    return Schedule("Sessionize view/All JSON", "", days)


# -- detection ------------------------------------------------------------------------


def parse_schedule(text: str, timezone: str = "") -> Schedule:
    """Detect the format, read it, and express times in the event's time zone."""
    try:
        schedule = _read_any(text.lstrip())
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        if isinstance(error, ScheduleError):
            raise
        raise ScheduleError(f"unexpected structure ({type(error).__name__}: {error})") from None
    zone = _zone(timezone or schedule.timezone)
    for day in schedule.days:
        for session in day.sessions:
            session.start = _localize(session.start, zone)
            session.end = _localize(session.end, zone)
    schedule.timezone = timezone or schedule.timezone
    return schedule


def _read_any(stripped: str) -> Schedule:
    if stripped.startswith("<"):
        schedule = _read_frab_xml(stripped)
    elif stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise ScheduleError(f"malformed JSON ({error.msg} at line {error.lineno})") from None
        if isinstance(data, dict) and "schedule" in data:
            schedule = _read_pretalx(data)
        elif isinstance(data, dict) and "sessions" in data and "speakers" in data:
            schedule = _read_sessionize(data)
        else:
            raise ScheduleError("JSON is neither a pretalx schedule nor a Sessionize export")
    else:
        raise ScheduleError("not a schedule: expected pretalx JSON, frab XML or Sessionize JSON")
    return schedule
