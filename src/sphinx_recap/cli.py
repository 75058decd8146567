"""The ``sphinx-recap`` command: scaffold a site, start a recap, import a schedule.

Errors are one line on stderr, ``sphinx-recap: error: <file>: <problem>``, with exit
status 2, and nothing is written: files are written to a temporary name first and
renamed into place only when everything has been read and checked.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

from .model import slugify
from .scaffold import merged_speakers, recap_text, site_files, skeleton_text
from .schedule import Schedule, ScheduleError, Session, parse_schedule
from .values import BadValue, parse_date, parse_list
from .version import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]

FETCH_TIMEOUT = 20  # seconds; a schedule is small
MAX_SCHEDULE_BYTES = 50 * 1024 * 1024


class CommandError(Exception):
    """Ends the command with a one-line message and exit status 2."""


def refuse_overwrite(paths: list[Path], force: bool) -> None:
    existing = [path for path in paths if path.exists()]
    if existing and not force:
        raise CommandError(f"{existing[0]}: already exists (use --force to overwrite)")


def write_files(files: dict[Path, str]) -> None:
    """Write every file or none: each goes to a temporary name, then all are renamed."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            staged.append((temporary, path))
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        for temporary, _path in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)


def read_source(source: str) -> str:
    """A schedule from a file or an http(s) URL."""
    if source.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(source, timeout=FETCH_TIMEOUT) as response:
                data: bytes = response.read(MAX_SCHEDULE_BYTES + 1)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise CommandError(f"{source}: cannot download ({reason}); are you offline?") from None
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            raise CommandError(f"{source}: {error.strerror or error}") from None
    if len(data) > MAX_SCHEDULE_BYTES:
        raise CommandError(f"{source}: larger than 50 MB, not a schedule")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{source}: not UTF-8 text") from None


def selected_sessions(schedule: Schedule, args: argparse.Namespace) -> list[Session]:
    days = schedule.days
    if args.day is not None:
        days = [d for d in days if d.index == args.day]
        if not days:
            numbers = ", ".join(str(d.index) for d in schedule.days) or "none"
            raise CommandError(f"{args.source}: no day {args.day} (days: {numbers})")
    sessions = [s for day in days for s in day.sessions]
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
    return sorted(sessions, key=lambda s: (s.start or dt.datetime.min, s.room, s.title))


def command_import(args: argparse.Namespace) -> str:
    text = read_source(args.source)
    try:
        schedule = parse_schedule(text, args.timezone or "")
    except ScheduleError as error:
        raise CommandError(f"{args.source}: {error}") from None
    sessions = selected_sessions(schedule, args)
    if args.day is not None:
        date = next(d.date for d in schedule.days if d.index == args.day)
    elif sessions and sessions[0].start:
        date = sessions[0].start.date()
    elif schedule.days:
        date = schedule.days[0].date
    else:
        raise CommandError(f"{args.source}: the schedule has no days")
    event = args.event or schedule.event
    day_part = f" — Day {args.day}" if args.day is not None else ""
    title = f"{event or 'Conference'}{day_part} Recap"
    base = Path(args.dir)
    name = f"{slugify(event or 'conference')}{f'-day-{args.day}' if args.day else ''}.md"
    out = Path(args.out) if args.out else base / "recaps" / name
    refuse_overwrite([out], args.force)
    files = {out: skeleton_text(event, date, sessions, args.tags or [], title)}
    speakers_path = Path(args.speakers) if args.speakers else base / "speakers.md"
    current = speakers_path.read_text(encoding="utf-8") if speakers_path.exists() else ""
    merged = merged_speakers(current, [p for s in sessions for p in s.speakers])
    if merged != current:
        files[speakers_path] = merged
    write_files(files)
    return f"Found a {schedule.format}; wrote {len(sessions)} sessions to {out}" + (
        f" and speakers to {speakers_path}" if speakers_path in files else ""
    )


def command_new(args: argparse.Namespace) -> str:
    path = Path(args.dir) / "recaps" / f"{args.date.isoformat()}-{slugify(args.title)}.md"
    refuse_overwrite([path], args.force)
    text = recap_text(
        args.title,
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
    if folder.exists() and any(folder.iterdir()) and not args.force:
        raise CommandError(f"{folder}: not empty (use --force to add the site files anyway)")
    title = args.title or folder.resolve().name.replace("-", " ").title()
    files = site_files(title, args.author, dt.date.today(), args.base_url)
    targets = {folder / name: text for name, text in files.items()}
    refuse_overwrite(list(targets), args.force)
    write_files(targets)
    return (
        f"Created a recap site in {folder}. Preview it with:\n"
        f"  sphinx-autobuild {folder} {folder / '_build' / 'html'}"
    )


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except BadValue as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _tags(text: str) -> list[str]:
    return parse_list(text, ",")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
        default="https://example.org/",
        help="published address, for feeds (default: %(default)s)",
    )
    init.add_argument("--force", action="store_true", help="write into a non-empty folder")
    init.set_defaults(run=command_init)

    new = commands.add_parser("new", help="start a new recap under recaps/")
    new.add_argument("title", help="title of the recap")
    new.add_argument(
        "--date", type=_date, default=dt.date.today(), help="ISO date (default: today)"
    )
    new.add_argument("--event", help="name of the conference")
    new.add_argument("--tags", type=_tags, help="comma-separated tags")
    new.add_argument("--author", help="author (default: the site's recap_author/author)")
    new.add_argument("--location", help="where it took place")
    new.add_argument("--dir", default=".", help="the site folder (default: here)")
    new.add_argument("--force", action="store_true", help="overwrite an existing recap")
    new.set_defaults(run=command_new)

    imp = commands.add_parser(
        "import", help="write a recap skeleton from a pretalx, frab or Sessionize schedule"
    )
    imp.add_argument("source", help="schedule file or http(s) URL")
    imp.add_argument("--day", type=int, help="only this day (1, 2, …)")
    imp.add_argument("--track", help="only sessions of this track")
    imp.add_argument("--room", help="only sessions in this room")
    imp.add_argument("--talk", nargs="+", metavar="CODE", help="only these session codes/ids")
    imp.add_argument("--event", help="event name (default: from the schedule)")
    imp.add_argument("--tags", type=_tags, help="comma-separated tags for the recap")
    imp.add_argument(
        "--timezone",
        help="IANA zone of the event, e.g. Europe/Berlin "
        "(times are shown in it; Sessionize times are taken as local)",
    )
    imp.add_argument("--out", help="recap file (default: recaps/<event>[-day-N].md)")
    imp.add_argument("--speakers", help="speakers file to merge into (default: speakers.md)")
    imp.add_argument("--dir", default=".", help="the site folder (default: here)")
    imp.add_argument("--force", action="store_true", help="overwrite an existing recap")
    imp.set_defaults(run=command_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        message = args.run(args)
    except CommandError as error:
        print(f"sphinx-recap: error: {error}", file=sys.stderr)
        return 2
    print(message)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
