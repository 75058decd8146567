"""The ``sphinx-recap`` command: scaffold a site, start a recap, import a schedule.

Every error is one line on stderr, ``sphinx-recap: error: <file>: <problem>``, with
exit status 2, and nothing is written: files are written to a temporary name first and
renamed into place only when everything has been read and checked.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import shlex
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .model import slugify
from .scaffold import (
    existing_labels,
    merged_speakers,
    people_file,
    recap_text,
    site_files,
    skeleton_text,
)
from .schedule import Schedule, ScheduleError, Session, parse_schedule
from .schedule.model import clean_text
from .schedule.source import read_source
from .serve import serve
from .values import BadValue, parse_date, parse_list, safe_url
from .version import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]

# Words of a schedule's file name that say nothing about the event.
_GENERIC_WORDS = {"all", "export", "fahrplan", "frab", "json", "pretalx", "schedule", "sessionize"}


class CommandError(Exception):
    """Ends the command with a one-line message and exit status 2."""


def refuse_overwrite(paths: list[Path], force: bool) -> None:
    existing = [path for path in paths if path.exists()]
    if existing and not force:
        raise CommandError(f"{existing[0]}: already exists (use --force to overwrite)")


def _new_file_mode() -> int:
    # What open() would give a new file: 0666 less the umask (mkstemp gives 0600).
    # os.umask can only be read by setting it, so it is set back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_files(files: dict[Path, str]) -> None:
    """Write every file or none: each goes to a temporary name, then all are renamed.

    A new file gets the usual permissions (the umask's); a replaced one keeps its own.
    """
    for path in files:
        if path.exists() and not path.is_file():
            raise CommandError(f"{path}: not a regular file; nothing was written")
    staged: list[tuple[str, Path]] = []
    new_mode = _new_file_mode()
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else new_mode
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            staged.append((temporary, path))
            os.chmod(temporary, mode)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        for temporary, path in staged:
            os.replace(temporary, path)
    except OSError as error:
        raise CommandError(f"{error.filename or ''}: {error.strerror or error}") from None
    finally:
        for temporary, _path in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: cannot read ({getattr(error, 'strerror', error)})") from None


def find_site(folder: Path) -> Path | None:
    """The site folder: the nearest of ``folder`` and its parents with a ``conf.py``."""
    start = folder.resolve()
    return next((f for f in (start, *start.parents) if (f / "conf.py").is_file()), None)


def site_or_error(folder: Path) -> Path:
    site = find_site(folder)
    if site is None:
        raise CommandError(
            f"{folder.resolve()}: not in a recap site (no conf.py here or above); "
            "run 'sphinx-recap init DIR' first, or give --out FILE"
        )
    return site


def site_labels(site: Path | None, out: Path) -> set[str]:
    """Talk labels used by the site's recaps and by pages next to ``out`` (not ``out``)."""
    pages = set(out.parent.glob("*.md")) if out.parent.is_dir() else set()
    if site is not None and (site / "recaps").is_dir():
        pages |= set((site / "recaps").rglob("*.md"))
    replaced = out.resolve()
    labels: set[str] = set()
    for page in pages:
        if page.is_file() and page.resolve() != replaced:
            # A page that cannot be read cannot hold labels the build would see either.
            with contextlib.suppress(OSError):
                labels |= existing_labels(page.read_text(encoding="utf-8", errors="replace"))
    return labels


def event_from_file_name(source: str) -> str:
    """``global-azure-linz-2024.sessionize.json`` -> ``Global Azure Linz 2024``."""
    if source.startswith(("http://", "https://")):
        return ""
    words = [w for w in re.split(r"[\s._-]+", Path(source).name) if w]
    while words and words[-1].casefold() in _GENERIC_WORDS:
        words.pop()
    return clean_text(" ".join(w[:1].upper() + w[1:] for w in words))


def _start_key(session: Session) -> tuple[bool, dt.datetime, str, str]:
    # Wall-clock order; naive so that schedules mixing offsets still sort.
    start = session.start.replace(tzinfo=None) if session.start else dt.datetime.min
    return (session.start is None, start, session.room, session.title)


def selected_sessions(schedule: Schedule, args: argparse.Namespace) -> tuple[list[Session], int]:
    """The sessions to write, in time order, and how many breaks were left out."""
    days = schedule.days
    if args.day is not None:
        days = [d for d in days if d.index == args.day]
        if not days:
            numbers = ", ".join(str(d.index) for d in schedule.days) or "none"
            raise CommandError(f"{args.source}: no day {args.day} (days: {numbers})")
    sessions = [s for day in days for s in day.sessions]
    breaks = 0
    if not args.include_breaks and not args.talk:
        breaks = sum(s.service for s in sessions)
        sessions = [s for s in sessions if not s.service]
    if args.track:
        sessions = [s for s in sessions if s.track.casefold() == args.track.casefold()]
    if args.room:
        sessions = [s for s in sessions if s.room.casefold() == args.room.casefold()]
    if args.talk:
        wanted = set(args.talk)
        sessions = [s for s in sessions if s.code in wanted]
        missing = wanted - {s.code for s in sessions}
        if missing:
            raise CommandError(f"{args.source}: no session {', '.join(sorted(missing))}")
    return sorted(sessions, key=_start_key), breaks


def recap_date(schedule: Schedule, sessions: list[Session], args: argparse.Namespace) -> dt.date:
    if args.date is not None:
        return args.date  # type: ignore[no-any-return]
    if not schedule.days:
        raise CommandError(f"{args.source}: the schedule has no sessions")
    if args.day is not None:
        day = next(d.date for d in schedule.days if d.index == args.day)
    else:
        day = next((s.start.date() for s in sessions if s.start), schedule.days[0].date)
    # Nothing has a time yet (an early Sessionize export): today, like `new`.
    return day or dt.date.today()


def command_import(args: argparse.Namespace) -> str:
    try:
        schedule = parse_schedule(read_source(args.source), args.timezone or "")
    except ScheduleError as error:
        raise CommandError(f"{args.source}: {error}") from None
    sessions, breaks = selected_sessions(schedule, args)
    date = recap_date(schedule, sessions, args)
    named = args.event or schedule.event
    event = named or event_from_file_name(args.source)
    day_part = f" — Day {args.day}" if args.day is not None else ""
    title = f"{event or 'Conference'}{day_part} Recap"
    name = f"{slugify(event or 'conference')}{f'-day-{args.day}' if args.day else ''}.md"
    site = find_site(Path(args.dir))
    out = Path(args.out) if args.out else site_or_error(Path(args.dir)) / "recaps" / name
    refuse_overwrite([out], args.force)
    text = skeleton_text(
        event,
        date,
        sessions,
        args.tags or [],
        title,
        timezone=schedule.timezone,
        taken=site_labels(site, out),
    )
    files = {out: text}
    # Outside a site (--out), speakers go beside the recap, not into the current folder.
    speakers_path = Path(args.speakers or people_file(site or out.parent))
    current = read_text(speakers_path) if speakers_path.is_file() else ""
    merged = merged_speakers(current, [p for s in sessions for p in s.speakers])
    if merged != current:
        files[speakers_path] = merged
    write_files(files)
    lines = [f"Found a {schedule.format}; wrote {len(sessions)} sessions to {out}"]
    if speakers_path in files:
        lines[0] += f" and speakers to {speakers_path}"
    if not named:
        lines.append(
            f"The schedule names no event; used {event or 'none'!r} (set it with --event)."
        )
    if breaks:
        lines.append(
            f"Left out {breaks} breaks and service sessions (--include-breaks keeps them)."
        )
    if schedule.unscheduled:
        lines.append(f"Left out {schedule.unscheduled} sessions that have no time yet.")
    return "\n".join(lines)


def command_new(args: argparse.Namespace) -> str:
    title = clean_text(args.title)
    if not title:
        raise CommandError("the recap's title is empty; give it a title")
    name = f"{args.date.isoformat()}-{slugify(title)}.md"
    path = Path(args.out) if args.out else site_or_error(Path(args.dir)) / "recaps" / name
    refuse_overwrite([path], args.force)
    text = recap_text(
        title,
        args.date,
        args.event or "",
        args.tags or [],
        args.author or "",
        args.location or "",
    )
    write_files({path: text})
    return f"Wrote {path}"


def command_init(args: argparse.Namespace) -> str:
    folder = Path(args.dir)
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{folder}: exists and is not a folder")
    if folder.exists() and any(folder.iterdir()) and not args.force:
        raise CommandError(f"{folder}: not empty (use --force to add the site files anyway)")
    default = folder.resolve().name.replace("-", " ").title() or "Recaps"
    title = clean_text(args.title) or default
    files = site_files(title, args.author, dt.date.today(), args.base_url)
    targets = {folder / name: text for name, text in files.items()}
    refuse_overwrite(list(targets), args.force)
    write_files(targets)
    source, out = shlex.quote(str(folder)), shlex.quote(str(folder / "_build" / "html"))
    lines = [
        f"Created a recap site in {folder}. Build it with:",
        f"  sphinx-build -W -b html {source} {out}",
    ]
    lines += ["Or preview it live while you write:", f"  sphinx-recap serve {source}"]
    return "\n".join(lines)


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except BadValue as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _tags(text: str) -> list[str]:
    return parse_list(text, ",")


def _base_url(text: str) -> str:
    try:
        url = safe_url(text, ("http", "https"))
    except BadValue as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if any(c.isspace() or not c.isprintable() for c in text):
        raise argparse.ArgumentTypeError(f"{text!r} contains white space")
    return url


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line too, like every other error of the command."""

    def error(self, message: str) -> NoReturn:
        raise CommandError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sphinx-recap", description="Write up conferences and events with Sphinx."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="create a ready-to-build recap site")
    init.add_argument("dir", help="folder for the site (created if missing)")
    init.add_argument("--title", help="site title (default: from the folder name)")
    init.add_argument("--author", default="Your Name", help="author of the site")
    init.add_argument(
        "--base-url",
        type=_base_url,
        default="https://example.org/",
        help="published http(s) address, for feeds (default: %(default)s)",
    )
    init.add_argument("--force", action="store_true", help="write into a non-empty folder")
    init.set_defaults(run=command_init)

    new = commands.add_parser("new", help="start a new recap under the site's recaps/")
    new.add_argument("title", help="title of the recap")
    new.add_argument(
        "--date", type=_date, default=dt.date.today(), help="ISO date (default: today)"
    )
    new.add_argument("--event", help="name of the conference")
    new.add_argument("--tags", type=_tags, help="comma-separated tags")
    new.add_argument("--author", help="author (default: the site's recap_author/author)")
    new.add_argument("--location", help="where it took place")
    new.add_argument("--dir", default=".", help="a folder of the site (default: here)")
    new.add_argument("--out", help="recap file, also outside a site")
    new.add_argument("--force", action="store_true", help="overwrite an existing recap")
    new.set_defaults(run=command_new)

    imp = commands.add_parser(
        "import",
        help="write a recap skeleton from a pretalx, frab, Pentabarf or Sessionize schedule",
    )
    imp.add_argument("source", help="schedule file or http(s) URL")
    imp.add_argument("--day", type=int, help="only this day (1, 2, …)")
    imp.add_argument("--track", help="only sessions of this track")
    imp.add_argument("--room", help="only sessions in this room")
    imp.add_argument("--talk", nargs="+", metavar="CODE", help="only these session codes/ids")
    imp.add_argument(
        "--include-breaks",
        action="store_true",
        help="keep breaks, lunch and other service sessions (Sessionize)",
    )
    imp.add_argument("--event", help="event name (default: from the schedule)")
    imp.add_argument("--date", type=_date, help="the recap's date (default: the day's)")
    imp.add_argument("--tags", type=_tags, help="comma-separated tags for the recap")
    imp.add_argument(
        "--timezone",
        help="IANA zone of the event, e.g. Europe/Berlin "
        "(times are shown in it; Sessionize times are taken as local)",
    )
    imp.add_argument("--out", help="recap file (default: recaps/<event>[-day-N].md)")
    imp.add_argument(
        "--speakers", help="speakers file to merge into (default: the site's people.md)"
    )
    imp.add_argument("--dir", default=".", help="a folder of the site (default: here)")
    imp.add_argument("--force", action="store_true", help="overwrite an existing recap")
    imp.set_defaults(run=command_import)

    live = commands.add_parser("serve", help="preview the site live while you write")
    live.add_argument("dir", nargs="?", default=".", help="a folder of the site (default: here)")
    live.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    live.add_argument("--open", action="store_true", help="open the preview in a browser")
    live.set_defaults(run=command_serve)
    return parser


def command_serve(args: argparse.Namespace) -> int:
    site = find_site(Path(args.dir))
    if site is None:
        raise CommandError(
            f"{Path(args.dir).resolve()}: not in a recap site (no conf.py here or above); "
            "run 'sphinx-recap init DIR' first"
        )
    if not 0 < args.port < 65536:
        raise CommandError(f"--port {args.port}: not a port number (1 to 65535)")
    return serve(site, args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        outcome = args.run(args)
    except CommandError as error:
        text = " ".join(str(error).splitlines())
        print(f"sphinx-recap: error: {text}", file=sys.stderr)
        return 2
    if isinstance(outcome, int):
        return outcome
    print(outcome)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
