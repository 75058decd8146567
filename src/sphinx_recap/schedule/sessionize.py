"""Sessionize ``view/All`` JSON: sessions, speakers, rooms and category items by id."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .model import (
    Day,
    Person,
    Schedule,
    ScheduleError,
    Session,
    clean_text,
    is_keynote,
    moment,
    plain_text,
)

__all__ = ["read_sessionize"]


def _person(data: dict[str, Any]) -> Person:
    name = data.get("fullName") or f"{data.get('firstName', '')} {data.get('lastName', '')}"
    links = [
        (plain_text(link.get("title")), clean_text(link.get("url")))
        for link in data.get("links") or []
        if isinstance(link, dict)
    ]
    return Person(
        plain_text(name),
        plain_text(data.get("bio")),
        clean_text(data.get("profilePicture")),
        [lk for lk in links if lk[1]],
    )


def _session(
    data: dict[str, Any],
    rooms: dict[object, str],
    people: dict[object, Person],
    categories: dict[object, tuple[str, str]],
) -> Session:
    where = f"session {data.get('id', '?')}"
    start = moment(data["startsAt"], where) if data.get("startsAt") else None
    end = moment(data["endsAt"], where) if data.get("endsAt") else None
    labels = [categories.get(i, ("", "")) for i in data.get("categoryItems") or []]
    track = next((name for title, name in labels if "track" in title.casefold()), "")
    kind = next(
        (
            name
            for title, name in labels
            if "format" in title.casefold() or "type" in title.casefold()
        ),
        "",
    )
    title = plain_text(data["title"])
    # isPlenumSession only says everyone is in one room (lunch is too); a keynote
    # says so in its title or format.
    keynote = is_keynote(title, track, kind)
    return Session(
        code=clean_text(data.get("id")),
        title=title,
        start=start,
        end=end,
        room=rooms.get(data.get("roomId"), ""),
        track=track,
        kind=kind,
        speakers=[people[s] for s in data.get("speakers") or [] if s in people],
        keynote=keynote,
        # Breaks, lunch, "after party": kept out of recaps unless asked for. A
        # service slot called "Keynote" is still the keynote.
        service=bool(data.get("isServiceSession")) and not keynote,
    )


def read_sessionize(data: dict[str, Any]) -> Schedule:
    rooms = {r.get("id"): plain_text(r.get("name")) for r in data.get("rooms") or []}
    people = {p.get("id"): _person(p) for p in data.get("speakers") or []}
    categories = {
        item.get("id"): (plain_text(category.get("title")), plain_text(item.get("name")))
        for category in data.get("categories") or []
        for item in category.get("items") or []
    }
    sessions: list[Session] = []
    for raw in data.get("sessions") or []:
        if not isinstance(raw, dict) or not raw.get("title"):
            raise ScheduleError("a session has no title")
        sessions.append(_session(raw, rooms, people, categories))
    scheduled = [s for s in sessions if s.start]
    if sessions and not scheduled:
        # An early export: nothing has a time yet. All sessions make one undated day,
        # so the talks can be written up; the command line picks the recap's date.
        return Schedule("Sessionize view/All JSON", "", [Day(1, None, sessions)])
    by_date: dict[dt.date, list[Session]] = {}
    for session in sessions:
        if session.start is not None:
            by_date.setdefault(session.start.date(), []).append(session)
    days = [Day(n, date, by_date[date]) for n, date in enumerate(sorted(by_date), start=1)]
    return Schedule(
        "Sessionize view/All JSON", "", days, unscheduled=len(sessions) - len(scheduled)
    )
