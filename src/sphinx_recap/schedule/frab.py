"""frab-family schedules: pretalx/c3voc ``schedule.json``, frab/c3voc/pretalx ``schedule.xml``
and the older Pentabarf XML (FOSDEM), with the quirks of hand-written exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from .model import (
    Day,
    Person,
    Schedule,
    ScheduleError,
    Session,
    clean_text,
    clock,
    duration,
    is_break,
    is_keynote,
    iso_date,
    moment,
    plain_text,
)

__all__ = ["read_frab_json", "read_frab_xml"]


def _day_date(number: int, written: object, sessions: list[Session]) -> dt.date:
    """The day's own date, else its earliest session's (some exports leave it out)."""
    date = iso_date(written)
    if date is None:
        starts = [s.start.date() for s in sessions if s.start]
        if not starts:
            raise ScheduleError(f"day {number} has no valid date, and none of its sessions has one")
        date = min(starts)
    return date


def _merge_repeats(sessions: list[Session]) -> list[Session]:
    """One session per id and time: some exports copy a break into every room."""
    seen: dict[tuple[str, str, dt.datetime | None], Session] = {}
    for session in sessions:
        if not session.code:
            seen[(str(id(session)), "", None)] = session
            continue
        key = (session.code, session.title, session.start)
        first = seen.setdefault(key, session)
        if first is not session and session.room and session.room not in first.room.split(", "):
            first.room = f"{first.room}, {session.room}" if first.room else session.room
    return list(seen.values())


# -- frab JSON (pretalx's and c3voc's schedule.json) ----------------------------------


def _json_person(data: dict[str, Any]) -> Person:
    name = plain_text(data.get("public_name") or data.get("name") or data.get("full_public_name"))
    return Person(
        name=name,
        bio=plain_text(data.get("biography") or data.get("bio")),
        avatar=clean_text(data.get("avatar") or data.get("image")),
    )


def _json_session(data: dict[str, Any], room: str) -> Session:
    where = f"session {data.get('id', '?')}"
    if "title" not in data or "date" not in data:
        raise ScheduleError(f"{where} has no title or date")
    start = moment(data["date"], where)
    track, kind = plain_text(data.get("track")), plain_text(data.get("type"))
    title = plain_text(data["title"])
    keynote = is_keynote(title, track, kind)
    return Session(
        code=clean_text(data.get("code") or data.get("guid") or data.get("id")),
        title=title,
        start=start,
        end=start + duration(str(data.get("duration") or "")),
        room=plain_text(data.get("room") or room),
        track=track,
        kind=kind,
        speakers=[_json_person(p) for p in data.get("persons") or [] if isinstance(p, dict)],
        url=clean_text(data.get("url")),
        keynote=keynote,
        service=not keynote and is_break(track, kind),
        clock=clean_text(data.get("start")),
    )


def read_frab_json(data: dict[str, Any]) -> Schedule:
    try:
        conference = data["schedule"]["conference"]
        days = conference["days"]
    except (KeyError, TypeError):
        raise ScheduleError("no schedule.conference.days: not a pretalx schedule.json") from None
    result: list[Day] = []
    for number, day in enumerate(days, start=1):
        sessions = _merge_repeats(
            [
                _json_session(session, room)
                for room, room_sessions in (day.get("rooms") or {}).items()
                for session in room_sessions
            ]
        )
        date = _day_date(number, day.get("date"), sessions)
        result.append(Day(int(day.get("index", number)), date, sessions))
    return Schedule(
        "pretalx schedule.json",
        plain_text(conference.get("title")),
        result,
        clean_text(conference.get("time_zone_name") or conference.get("timezone")),
    )


# -- frab XML (frab, c3voc, pretalx schedule.xml; Pentabarf) ---------------------------


def _text(element: Any, tag: str) -> str:
    child = element.find(tag)
    return plain_text(child.text if child is not None else "")


def _xml_people(event: Any) -> list[Person]:
    names = [plain_text(p.text) for p in event.findall("persons/person")]
    # Hand-written exports put one <person> with "A, B" straight under <event>.
    names += [n for p in event.findall("person") for n in plain_text(p.text).split(",")]
    return [Person(clean_text(name)) for name in names if clean_text(name)]


def _xml_start(event: Any, where: str, day: dt.date | None, change: dt.time) -> dt.datetime:
    """``<date>``, or (Pentabarf) the day's date and ``<start>``; times before the
    conference's ``day_change`` belong to the next calendar day."""
    when = _text(event, "date")
    if when:
        return moment(when, where)
    start = clock(_text(event, "start"))
    if day is None or start is None:
        raise ScheduleError(f"{where} has no title or date")
    date = day + dt.timedelta(days=1) if start < change else day
    return dt.datetime.combine(date, start)


def _xml_session(event: Any, room: str, day: dt.date | None, change: dt.time) -> Session:
    where = f"event {event.get('id', '?')}"
    if event.find("title") is None:
        raise ScheduleError(f"{where} has no title or date")
    title = _text(event, "title")
    start = _xml_start(event, where, day, change)
    track, kind = _text(event, "track"), _text(event, "type")
    url = _text(event, "url") or _text(event, "slug")
    keynote = is_keynote(title, track, kind)
    return Session(
        code=clean_text(event.get("guid") or event.get("id")),
        title=title,
        start=start,
        end=start + duration(_text(event, "duration")),
        room=_text(event, "room") or room,
        track=track,
        kind=kind,
        speakers=_xml_people(event),
        url=url if url.startswith(("http://", "https://")) else "",
        keynote=keynote,
        service=not keynote and is_break(track, kind),
        clock=_text(event, "start"),
    )


def read_frab_xml(text: str) -> Schedule:
    try:
        root = ElementTree.fromstring(text)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise ScheduleError(f"malformed XML ({error})") from None
    conference = root.find("conference")
    if root.tag != "schedule" or conference is None:
        raise ScheduleError("no <schedule><conference>: not a frab schedule.xml")
    # Pentabarf's day_change: earlier times are after midnight. frab has none: 00:00.
    change = clock(_text(conference, "day_change")) or dt.time()
    days: list[Day] = []
    for number, day in enumerate(root.findall("day"), start=1):
        written = iso_date(day.get("date"))
        events = [(room.get("name", ""), e) for room in day.findall("room") for e in room]
        # Pentabarf puts <event> straight under <day>; the room is the event's <room>.
        events += [("", e) for e in day.findall("event")]
        sessions = _merge_repeats(
            [
                _xml_session(event, plain_text(room), written, change)
                for room, event in events
                if event.tag == "event"
            ]
        )
        date = _day_date(number, day.get("date"), sessions)
        days.append(Day(int(day.get("index") or number), date, sessions))
    return Schedule(
        "frab schedule.xml", _text(conference, "title"), days, _text(conference, "time_zone_name")
    )
