"""Conference schedules -> one neutral model, from pretalx, frab/c3voc, Pentabarf and
Sessionize exports.

Every reader raises :class:`ScheduleError` with a one-line message for bad input;
the command line turns that into ``sphinx-recap: error: FILE: message``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING

from .frab import read_frab_json, read_frab_xml
from .model import Day, Person, Schedule, ScheduleError, Session, plain_text, zone
from .sessionize import read_sessionize

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

__all__ = [
    "Day",
    "Person",
    "Schedule",
    "ScheduleError",
    "Session",
    "parse_schedule",
    "plain_text",
]


def _local_times(session: Session, event_zone: ZoneInfo | None) -> None:
    """Show times in the event's zone.

    Hand-written exports put ``Z`` on local times (``09:00:00Z`` with ``<start>09:00``
    in Leipzig). When a UTC time's wall clock is exactly the schedule's own local start,
    and the event's zone is not UTC then, the ``Z`` is wrong: the clock is kept.
    """
    start, end = session.start, session.end
    if start is None:
        return
    length = end - start if end is not None else None
    shown = start.astimezone(event_zone) if event_zone and start.tzinfo else start
    mislabelled = (
        start.utcoffset() == dt.timedelta(0)
        and start.strftime("%H:%M") == session.clock
        and shown.utcoffset() != dt.timedelta(0)
    )
    if mislabelled:
        shown = start.replace(tzinfo=event_zone)
    session.start = shown
    session.end = shown + length if length is not None else None


def parse_schedule(text: str, timezone: str = "") -> Schedule:
    """Detect the format, read it, and express times in the event's time zone."""
    try:
        schedule = _read_any(text.lstrip("\ufeff \t\r\n"))
    except RecursionError:
        raise ScheduleError("nested too deeply to be a schedule") from None
    except ScheduleError:
        raise
    except (LookupError, TypeError, AttributeError, ValueError, ArithmeticError) as error:
        raise ScheduleError(f"unexpected structure ({type(error).__name__}: {error})") from None
    if timezone:
        schedule.timezone = timezone
    try:
        event_zone = zone(schedule.timezone)
    except ScheduleError:
        if timezone:
            raise
        # The export's own zone name is unusable: times stay as written, and the recap
        # gets no zone rather than one its build would warn about.
        schedule.timezone, event_zone = "", None
    for day in schedule.days:
        for session in day.sessions:
            _local_times(session, event_zone)
    return schedule


def _json_error(error: json.JSONDecodeError) -> str:
    # Some messages end in "starting at"; the position completes them.
    message = re.sub(r"\s+at$", "", error.msg)
    return f"malformed JSON ({message} at line {error.lineno}, column {error.colno})"


def _read_any(stripped: str) -> Schedule:
    if stripped.startswith("<"):
        return read_frab_xml(stripped)
    if not stripped.startswith("{"):
        raise ScheduleError("not a schedule: expected pretalx JSON, frab XML or Sessionize JSON")
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError as error:
        raise ScheduleError(_json_error(error)) from None
    if isinstance(data, dict) and "schedule" in data:
        return read_frab_json(data)
    if isinstance(data, dict) and "sessions" in data and "speakers" in data:
        return read_sessionize(data)
    raise ScheduleError("JSON is neither a pretalx schedule nor a Sessionize export")
