"""The MyST text the command line writes: sites, new recaps, imported schedules.

Everything that comes from a schedule or the command line is untrusted text. It
reaches the page literally: unprintable characters are dropped, Markdown is escaped
where Markdown is parsed (headings, bios), directive arguments sit behind a fence their
text cannot close, option values are quoted when MyST would read them as syntax, and
URLs pass only with http(s) schemes. ``conf.py`` holds user text only as ``repr()``
literals.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from docutils.nodes import make_id

from .model import name_key, slugify
from .schedule.model import clean_text
from .values import BadValue, profile_url, safe_url

if TYPE_CHECKING:
    from .schedule import Person, Session

__all__ = [
    "existing_labels",
    "existing_speakers",
    "people_file",
    "recap_text",
    "site_files",
    "skeleton_text",
    "speaker_block",
    "talk_labels",
]

# CommonMark lets any ASCII punctuation be escaped; these can start markup in MyST.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>()#+\-!|~$%&:=^])")
_FENCE = r"(?:`{3,}|~{3,}|:{3,})"
_SPEAKER_FENCE = re.compile(rf"^\s*{_FENCE}\{{(?:recap:)?speaker\}}\s*(.+?)\s*$", re.M)
# A talk's opening line and the option lines right after it.
_TALK_BLOCK = re.compile(
    rf"^[ \t]*{_FENCE}\{{(?:recap:)?(?:talk|keynote)\}}[ \t]*(.*?)[ \t]*\n((?:[ \t]*:.*\n?)*)",
    re.M,
)
_NAME_OPTION = re.compile(r"^[ \t]*:name:[ \t]*(.+?)[ \t]*$", re.M)
# Option values MyST's option parser would not read as plain text: quotes, block
# scalars, comments, and what older YAML-based parsers treat as flow syntax.
_NEEDS_QUOTES = re.compile(r"""^[-'"|>#@`!&*%{}\[\]?,]|\s#|:\s|:$""")
# Characters YAML does not allow unescaped in front matter.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")
#: Longest label in characters, as the extension bounds slugs.
_LABEL_MAX = 80


def escape_markdown(text: str) -> str:
    """Text that MyST shows literally: no HTML, roles, directives or links."""
    escaped = _MARKUP.sub(r"\\\1", clean_text(text))
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", escaped)


def one_line(text: str) -> str:
    """A directive argument or option value: one line, the text otherwise as it is."""
    return clean_text(text)


def option_value(text: str) -> str:
    """An option value MyST reads back as exactly ``text`` (double-quoted if needed)."""
    value = one_line(text)
    if not _NEEDS_QUOTES.search(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unicode_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def front_matter(fields: dict[str, object]) -> str:
    """YAML front matter; JSON strings and lists are valid YAML, quoted safely."""
    lines = []
    for key, value in fields.items():
        cleaned = [clean_text(v) for v in value] if isinstance(value, list) else clean_text(value)
        if cleaned in ("", []):
            continue
        scalar = _YAML_UNSAFE.sub(_unicode_escape, json.dumps(cleaned, ensure_ascii=False))
        lines.append(f"{key}: {scalar}")
    return "---\n" + "\n".join(lines) + "\n---\n"


def directive(name: str, argument: str, options: dict[str, str], body: str = "") -> str:
    """A fenced directive whose fence no argument, option or body text can close.

    CommonMark forbids backticks in a backtick fence's info string (the fence would
    turn into a paragraph), so an argument with a backtick gets a tilde fence.
    """
    argument = one_line(argument)
    lines = [f":{key}: {option_value(value)}" for key, value in options.items() if one_line(value)]
    marker = "~" if "`" in argument else "`"
    runs = re.findall(re.escape(marker) + "+", "\n".join([argument, *lines, body]))
    fence = marker * max(3, max(map(len, runs), default=0) + 1)
    opening = f"{fence}{{{name}}} {argument}".rstrip()
    parts = [opening, *lines, *(["", body] if body else []), fence]
    return "\n".join(parts) + "\n"


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


def speaker_list(names: list[str]) -> str:
    """The ``:speaker:`` value: names split by ``;``, or a JSON list when a name holds
    a ``;`` or the whole would read as one (the extension accepts both)."""
    names = [n for n in map(one_line, names) if n]
    joined = "; ".join(names)
    if any(";" in n for n in names) or (joined.startswith("[") and joined.endswith("]")):
        return json.dumps(names, ensure_ascii=False)
    return joined


def existing_labels(text: str) -> set[str]:
    """The labels of a page's talks: their ``:name:``, else their title's slug."""
    labels = set()
    for title, options in _TALK_BLOCK.findall(text):
        name = _NAME_OPTION.search(options)
        value = name[1] if name else title
        if name and len(value) > 1 and value[0] == value[-1] == '"':
            value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        labels.add(slugify(value))
    return labels


def talk_labels(titles: list[str], taken: set[str]) -> list[str]:
    """A label per title, none in ``taken`` nor repeated: ``-2``, ``-3`` … added.

    A talk's section also gets the id ``recap-<label>``, so a label and another's
    ``recap-`` id must not meet on a page either.
    """
    used = set(taken)
    labels: list[str] = []
    for title in titles:
        base = label = slugify(title)
        number = 2
        while label in used or f"recap-{label}" in used:
            suffix = f"-{number}"
            # The extension slugifies :name: again and bounds its length: the label
            # is made a slug here so that it stays exactly as written.
            label = slugify(base[: _LABEL_MAX - len(suffix)].rstrip("-") + suffix)
            number += 1
        used |= {label, f"recap-{label}"}
        labels.append(label)
    return labels


def _title(session: Session) -> str:
    # A title of only spaces or control characters would leave the talk without one.
    return one_line(session.title) or "Untitled session"


def _talk_block(session: Session, day_date: dt.date, label: str) -> str:
    options = {
        "speaker": speaker_list([p.name for p in session.speakers]),
        "track": session.track,
        "room": session.room,
    }
    body = ""
    start, end = session.start, session.end
    if start:
        if start.date() != day_date:
            options["date"] = start.date().isoformat()
        span = start.strftime("%H:%M")
        if end and end > start and end.date() == start.date():
            span += "-" + end.strftime("%H:%M")
        elif end and end > start:
            # :time: is one day's range; the end after midnight is kept as a sentence.
            body = f"Ends at {end:%H:%M} on {end.date().isoformat()}, after midnight."
        options["time"] = span
    options["url"] = _http_url(session.url)
    options["name"] = label
    kind = "keynote" if session.keynote else "talk"
    return directive(kind, _title(session), options, body)


def skeleton_text(
    event: str,
    date: dt.date,
    sessions: list[Session],
    tags: list[str],
    title: str = "",
    location: str = "",
    *,
    timezone: str = "",
    taken: set[str] | None = None,
) -> str:
    """A recap skeleton with one talk or keynote per session and empty notes.

    Labels avoid ``taken`` (the site's other talks) and this page's own section ids.
    """
    heading = title or (f"{event} — Recap" if event else "Conference recap")
    keynotes = [s for s in sessions if s.keynote]
    talks = [s for s in sessions if not s.keynote]
    page_ids = {make_id(clean_text(heading)), "keynotes", "talks"}
    labels = iter(talk_labels([_title(s) for s in keynotes + talks], (taken or set()) | page_ids))
    parts = [
        front_matter(
            {
                "date": date.isoformat(),
                "event": event,
                "location": location,
                "timezone": timezone,
                "tags": tags,
            }
        ),
        f"# {escape_markdown(heading)}\n",
        "% Write your introduction here; it becomes the summary in lists and feeds.\n",
    ]
    for section, group in (("Keynotes", keynotes), ("Talks", talks)):
        if group:
            parts.append(f"## {section}\n")
            parts.extend(_talk_block(s, date, next(labels)) for s in group)
    return "\n".join(parts)


_PROFILE_HOSTS = {"github.com": "github", "linkedin.com": "linkedin"}


def _speaker_links(person: Person) -> dict[str, str]:
    """Profile options the ``speaker`` directive accepts, else the link as ``:url:``."""
    options: dict[str, str] = {}
    for _title, raw in person.links:
        url = _http_url(raw)
        host = (urlsplit(url).hostname or "").lower()
        kind = next(
            (k for h, k in _PROFILE_HOSTS.items() if host == h or host.endswith(f".{h}")), "url"
        )
        if url and kind != "url":
            try:
                url = profile_url(kind, url)  # the directive's own check; http -> https
            except BadValue:
                kind = "url"
        if url and kind not in options:
            options[kind] = url
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


def conf_text(title: str, author: str, year: int, base_url: str) -> str:
    """``conf.py``: user text only as ``repr()`` literals, never inside a docstring."""
    return (
        "# Sphinx configuration, made by `sphinx-recap init`.\n\n"
        "import os\n\n"
        f"project = {title!r}\n"
        f"author = {author!r}\n"
        f'copyright = f"{year}, {{author}}"\n\n'
        'extensions = ["myst_parser", "sphinx_recap"]\n'
        'exclude_patterns = ["_build", ".venv", "README.md"]\n\n'
        'html_theme = "recap"\n'
        "html_title = project\n"
        "# Read the Docs sets this; feeds and canonical links need an absolute address.\n"
        f'html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", {base_url!r})\n'
    )


#: The file ``init`` makes for speaker cards, and ``import`` merges new speakers into.
PEOPLE = "people.md"


def people_file(folder: Path) -> Path:
    """The speakers file of the site in ``folder``: ``people.md``, or a ``speakers.md``
    when the site has only that one (what development builds of ``init`` wrote)."""
    people, older = folder / PEOPLE, folder / "speakers.md"
    return older if older.is_file() and not people.is_file() else people


def site_files(title: str, author: str, today: dt.date, base_url: str) -> dict[str, str]:
    """Every file of a new site, by path relative to its folder."""
    title, author = clean_text(title), clean_text(author)
    first = recap_text(f"{title}: my first recap", today, tags=["recap"])
    index = (
        f"# {escape_markdown(title)}\n\n```{{recaplist}}\n```\n\n"
        "```{toctree}\n:hidden:\n:glob:\n:reversed:\n\nrecaps/*\n```\n\n"
        "```{toctree}\n:hidden:\n\npeople\n```\n"
    )
    readme = (
        f"# {escape_markdown(title)}\n\nA conference recap site made with sphinx-recap.\n\n"
        "- Build: `sphinx-build -W -b html . _build/html`\n"
        "- Live preview while you write: `sphinx-recap serve`\n"
        '- New recap: `sphinx-recap new "KubeCon day 1" --event KubeCon`\n'
        "- Import a schedule: `sphinx-recap import schedule.json --day 1`\n"
    )
    readthedocs = (
        'version: 2\nbuild:\n  os: ubuntu-24.04\n  tools:\n    python: "3.12"\n'
        "sphinx:\n  configuration: conf.py\n  fail_on_warning: true\n"
        "python:\n  install:\n    - requirements: requirements.txt\n"
    )
    return {
        "conf.py": conf_text(title, author, today.year, base_url),
        "index.md": index,
        f"recaps/{today.isoformat()}-first-recap.md": first,
        # Not speakers.md: under dirhtml that takes speakers/index.html, the speaker index.
        PEOPLE: "# People\n\nEach speaker gets a card here and a page of their own.\n",
        "README.md": readme,
        ".readthedocs.yaml": readthedocs,
        "requirements.txt": "sphinx-recap\n",
        ".gitignore": "_build/\n.venv/\n",
    }
