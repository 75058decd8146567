"""Parsing and checking of the values authors write: dates, times, lists, URLs, profiles.

Each parser raises :class:`BadValue` with a message that says what was wrong
and how to fix it; callers turn that into a located ``recap.*`` warning.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sphinx.util.i18n import format_date

if TYPE_CHECKING:
    from sphinx.config import Config

__all__ = [
    "PROFILE_TITLES",
    "BadValue",
    "build_day",
    "format_day",
    "parse_date",
    "parse_list",
    "parse_rating",
    "parse_time_range",
    "profile_url",
    "safe_url",
]

# Quotes that smart-quote transforms may have put around JSON list items.
_QUOTES = "\"'“”‘’«»"  # noqa: RUF001
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


class BadValue(ValueError):
    """An author-written value that cannot be used; the message says why."""


def parse_date(text: str) -> dt.date:
    """An ISO 8601 date (``2017-03-30``), optionally with a time of day."""
    value = text.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise BadValue(f"{value!r} is not a date on the calendar")
    raise BadValue(f"{value!r} is not an ISO 8601 date; write it as YYYY-MM-DD")


def _parse_clock(text: str) -> dt.time:
    match = _TIME.match(text.strip())
    if not match:
        raise BadValue(f"{text.strip()!r} is not a time; write HH:MM or HH:MM-HH:MM")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise BadValue(f"{text.strip()!r} is not a time of day (00:00 to 23:59)")
    return dt.time(hour, minute)


def parse_time_range(text: str) -> tuple[dt.time, dt.time | None]:
    """``HH:MM`` or ``HH:MM-HH:MM`` (an en dash works too)."""
    parts = re.split(r"\s*[-–]\s*", text.strip())  # noqa: RUF001
    if len(parts) > 2:
        raise BadValue(f"{text!r} is not a time; write HH:MM or HH:MM-HH:MM")
    start = _parse_clock(parts[0])
    end = _parse_clock(parts[1]) if len(parts) == 2 else None
    if end is not None and end <= start:
        raise BadValue(f"{text!r} ends before it starts")
    return start, end


def parse_list(text: str, separators: str = ",") -> list[str]:
    """A YAML/JSON list (as MyST front matter gives it) or a separated string."""
    value = text.strip()
    if value.startswith("[") and value.endswith("]"):
        try:
            items = json.loads(value)
        except ValueError:
            items = value[1:-1].split(",")
        if isinstance(items, list):
            return [s for s in (str(i).strip().strip(_QUOTES).strip() for i in items) if s]
    pattern = "[" + re.escape(separators) + "]"
    return [s for s in (part.strip() for part in re.split(pattern, value)) if s]


def parse_rating(text: str) -> int:
    """A whole number of stars from 1 to 5."""
    try:
        rating = int(text.strip())
    except ValueError:
        raise BadValue(f"rating {text.strip()!r} is not a whole number from 1 to 5") from None
    if not 1 <= rating <= 5:
        raise BadValue(f"rating {rating} is outside 1-5")
    return rating


def safe_url(text: str, schemes: tuple[str, ...] = ("http", "https", "mailto")) -> str:
    """An absolute URL whose scheme is allowed; anything else is refused.

    Control characters and white space are removed first, as browsers do, so
    ``" jav\\tascript:"`` cannot slip through as a harmless-looking string.
    """
    url = _CONTROL.sub("", text)
    scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    if not scheme:
        raise BadValue(f"{text.strip()!r} is not an absolute URL (start it with https://)")
    if scheme not in schemes:
        allowed = ", ".join(f"{s}:" for s in schemes)
        raise BadValue(f"URL scheme {scheme + ':'!r} is not allowed (use {allowed})")
    parts = urlsplit(url)
    if scheme in ("http", "https") and not parts.netloc:
        raise BadValue(f"{text.strip()!r} has no host name")
    return url


#: Names of the profiles a speaker or the site may link to.
PROFILE_TITLES = {"github": "GitHub", "mastodon": "Mastodon", "linkedin": "LinkedIn"}

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HANDLE = re.compile(r"^@?([A-Za-z0-9][A-Za-z0-9_.-]{0,99})$")
_MASTODON = re.compile(r"^@?([A-Za-z0-9_]{1,64})@([A-Za-z0-9.-]+\.[A-Za-z]{2,})$")
_PROFILE_BASES = {"github": "https://github.com/", "linkedin": "https://www.linkedin.com/in/"}


def profile_url(kind: str, value: str) -> str:
    """A profile's address from a handle (``octocat``, ``@me@hachyderm.io``, ``in/jane``)
    or a URL; raises :class:`BadValue` for anything else.

    Handles become ``https://`` addresses; a URL must be ``https:``, except that an
    ``http://`` address is upgraded when the host serves https (GitHub, LinkedIn and
    Mastodon servers all do), so an old export still links.
    """
    text = value.strip()
    if _SCHEME.match(text):
        if text.lower().startswith("http://"):
            text = "https://" + text[len("http://") :]
        return safe_url(text, ("https",))
    if kind == "mastodon":
        match = _MASTODON.match(text)
        if not match:
            raise BadValue(f"{text!r} is neither an https URL nor a @user@server handle")
        return f"https://{match[2]}/@{match[1]}"
    match = _HANDLE.match(text.removeprefix("in/") if kind == "linkedin" else text)
    if not match:
        raise BadValue(f"{text!r} is neither an https URL nor a user name")
    return _PROFILE_BASES[kind] + match[1]


def build_day(config: Config) -> dt.date:
    """The day a build counts as today, for drafts: ``recap_today``, else the day of
    ``SOURCE_DATE_EPOCH`` (reproducible builds), else today."""
    if config.recap_today:
        return parse_date(config.recap_today)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def format_day(date: dt.date, config: Config) -> str:
    """A date for people, in ``recap_date_format`` and the project's language."""
    return _format_day(date, config.recap_date_format, config.language or "en")


@functools.lru_cache(maxsize=4096)
def _format_day(date: dt.date, date_format: str, language: str) -> str:
    # Pure, and Babel is slow: a date is shown on many listing rows.
    return format_date(date_format, date=dt.datetime.combine(date, dt.time()), language=language)
