"""The MyST text the command line writes: sites, new recaps, imported schedules.

Everything that comes from a schedule is treated as untrusted text: HTML is
stripped when read, Markdown syntax is escaped here, options are kept to one
line, URLs pass only with http(s) schemes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING

from .model import name_key, slugify
from .values import BadValue, safe_url

if TYPE_CHECKING:
    from .schedule import Person, Session

__all__ = [
    "existing_speakers",
    "recap_text",
    "site_files",
    "skeleton_text",
    "speaker_block",
]

# CommonMark lets any ASCII punctuation be escaped; these can start markup in MyST.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>()#+\-!|~$%&:=^])")
_SPEAKER_FENCE = re.compile(r"^\s*(?:`{3,}|:{3,})\{(?:recap:)?speaker\}\s*(.+?)\s*$", re.M)


def escape_markdown(text: str) -> str:
    """Text that MyST shows literally: no HTML, roles, directives or links."""
    escaped = _MARKUP.sub(r"\\\1", " ".join(text.split()))
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", escaped)


def one_line(text: str) -> str:
    """A directive argument or option value: one line, no stray quotes at the ends."""
    return " ".join(text.split()).strip("'\"")


def fence_for(*texts: str) -> str:
    """A backtick fence longer than any backtick run in the content."""
    longest = max((len(run) for t in texts for run in re.findall(r"`+", t)), default=0)
    return "`" * max(3, longest + 1)


def front_matter(fields: dict[str, object]) -> str:
    """YAML front matter; JSON scalars and lists are valid YAML, quoted safely."""
    lines = [
        f"{key}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in fields.items()
        if value not in ("", None, [])
    ]
    return "---\n" + "\n".join(lines) + "\n---\n"


def directive(name: str, argument: str, options: dict[str, str], body: str = "") -> str:
    option_lines = [
        f":{key}: {one_line(value)}" for key, value in options.items() if one_line(value)
    ]
    fence = fence_for(argument, body, *option_lines)
    inner = "\n".join(option_lines)
    parts = (
        [f"{fence}{{{name}}} {one_line(argument)}", inner]
        if inner
        else [f"{fence}{{{name}}} {one_line(argument)}"]
    )
    if body:
        parts += ["", body]
    return "\n".join([*parts, fence]) + "\n"


def _http_url(url: str) -> str:
    try:
        return safe_url(url, ("http", "https")) if url else ""
    except BadValue:
        return ""


def recap_text(
    title: str,
    date: dt.date,
    event: str = "",
    tags: list[str] | None = None,
    author: str = "",
    location: str = "",
) -> str:
    """A new, empty recap page."""
    fields: dict[str, object] = {
        "date": date.isoformat(),
        "author": author,
        "event": event,
        "location": location,
        "tags": tags or [],
    }
    return (
        front_matter(fields) + f"# {escape_markdown(title)}\n\n"
        "% Your notes: what you saw, what you took away.\n\n"
        "Write a short introduction here; it becomes the summary in lists and feeds.\n"
    )


def _talk_block(session: Session, day_date: dt.date | None) -> str:
    options = {
        "speaker": "; ".join(p.name for p in session.speakers if p.name),
        "track": session.track,
        "room": session.room,
    }
    if session.start:
        if day_date is None or session.start.date() != day_date:
            options["date"] = session.start.date().isoformat()
        span = session.start.strftime("%H:%M")
        if (
            session.end
            and session.end > session.start
            and session.end.date() == session.start.date()
        ):
            span += "-" + session.end.strftime("%H:%M")
        options["time"] = span
    options["url"] = _http_url(session.url)
    options["name"] = slugify(session.title)
    return directive("keynote" if session.keynote else "talk", session.title, options)


def skeleton_text(
    event: str,
    date: dt.date,
    sessions: list[Session],
    tags: list[str],
    title: str = "",
    location: str = "",
) -> str:
    """A recap skeleton with one talk or keynote per session and empty notes."""
    heading = title or (f"{event} — Recap" if event else "Conference recap")
    keynotes = [s for s in sessions if s.keynote]
    talks = [s for s in sessions if not s.keynote]
    parts = [
        front_matter(
            {"date": date.isoformat(), "event": event, "location": location, "tags": tags}
        ),
        f"# {escape_markdown(heading)}\n",
        "% Write your introduction here; it becomes the summary in lists and feeds.\n",
    ]
    for section, group in (("Keynotes", keynotes), ("Talks", talks)):
        if group:
            parts.append(f"## {section}\n")
            parts.extend(_talk_block(s, date) for s in group)
    return "\n".join(parts)


def _speaker_links(person: Person) -> dict[str, str]:
    options: dict[str, str] = {}
    for _title, raw in person.links:
        url = _http_url(raw)
        host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0].lower()
        key = {"github.com": "github", "linkedin.com": "linkedin"}.get(host, "url")
        if url and key not in options:
            options[key] = url
    return options


def speaker_block(person: Person) -> str:
    avatar = ""
    if person.avatar:
        try:
            avatar = safe_url(person.avatar, ("https",))
        except BadValue:
            avatar = ""
    options = {**_speaker_links(person), "avatar": avatar}
    return directive("speaker", person.name, options, escape_markdown(person.bio))


def existing_speakers(text: str) -> set[str]:
    """Name keys of the speakers a speakers file already defines."""
    return {name_key(match) for match in _SPEAKER_FENCE.findall(text)}


def merged_speakers(current: str, people: list[Person]) -> str:
    """The speakers file with new people appended; existing entries stay untouched."""
    known = existing_speakers(current)
    blocks: list[str] = []
    for person in people:
        if person.name and name_key(person.name) not in known:
            known.add(name_key(person.name))
            blocks.append(speaker_block(person))
    if not blocks:
        return current
    head = current.rstrip("\n") + "\n\n" if current.strip() else "# Speakers\n\n"
    return head + "\n".join(blocks)


def site_files(title: str, author: str, today: dt.date, base_url: str) -> dict[str, str]:
    """Every file of a new site, by path relative to its folder."""
    first = recap_text(f"{title}: my first recap", today, tags=["recap"])
    conf = f'''"""Sphinx configuration of {title!r}, made by ``sphinx-recap init``."""

import os

project = {title!r}
author = {author!r}
copyright = f"{today.year}, {{author}}"

extensions = ["myst_parser", "sphinx_recap"]
exclude_patterns = ["_build", ".venv", "README.md"]

html_theme = "recap"
html_title = project
# Read the Docs sets this; feeds and canonical links need an absolute address.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", {base_url!r})
'''
    index = (
        f"# {escape_markdown(title)}\n\n```{{recaplist}}\n```\n\n"
        "```{toctree}\n:hidden:\n:glob:\n:reversed:\n\nrecaps/*\n```\n\n"
        "```{toctree}\n:hidden:\n\nspeakers\n```\n"
    )
    readme = (
        f"# {title}\n\nA conference recap site made with sphinx-recap.\n\n"
        "- Live preview while you write: `sphinx-autobuild . _build/html`\n"
        "- Build once: `sphinx-build -W -b html . _build/html`\n"
        '- New recap: `sphinx-recap new "KubeCon day 1" --event KubeCon`\n'
        "- Import a schedule: `sphinx-recap import schedule.json --day 1`\n"
    )
    readthedocs = (
        'version: 2\nbuild:\n  os: ubuntu-24.04\n  tools:\n    python: "3.12"\n'
        "sphinx:\n  configuration: conf.py\n  fail_on_warning: true\n"
        "python:\n  install:\n    - requirements: requirements.txt\n"
    )
    return {
        "conf.py": conf,
        "index.md": index,
        f"recaps/{today.isoformat()}-first-recap.md": first,
        "speakers.md": "# Speakers\n\nEach speaker gets a card here and a page of their own.\n",
        "README.md": readme,
        ".readthedocs.yaml": readthedocs,
        "requirements.txt": "sphinx-recap\n",
        ".gitignore": "_build/\n.venv/\n",
    }
