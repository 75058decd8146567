"""Small helpers shared by the tests: reading output, comparing builds."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from collections.abc import Iterator

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def warnings_of(app) -> str:  # type: ignore[no-untyped-def]
    """The build's warnings as plain text, colour codes removed."""
    return ANSI.sub("", app.warning.getvalue())


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def output_files(outdir: Path, suffixes: tuple[str, ...] = (".html",)) -> dict[str, str]:
    """Relative path -> text of every output file with one of the suffixes."""
    return {
        str(path.relative_to(outdir)): path.read_text(encoding="utf-8")
        for path in sorted(outdir.rglob("*"))
        if path.suffix in suffixes and "_static" not in path.parts
    }


def normalized(html: str) -> str:
    """Strip what Sphinx itself varies between builds (asset cache-busting hashes)."""
    return re.sub(r"\?v=[0-9a-f]+", "", html)


def write_site(srcdir: Path, pages: dict[str, str], conf: str = "") -> None:
    """Write a MyST site: conf.py, an index with a glob toctree, and the pages."""
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(
        'project = "Generated"\nauthor = "Tester"\n'
        'extensions = ["myst_parser", "sphinx_recap"]\n' + conf,
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text("# Home\n\n```{toctree}\n:glob:\n\n*\n```\n", encoding="utf-8")
    for name, text in pages.items():
        (srcdir / f"{name}.md").write_text(text, encoding="utf-8")


def recap_page(number: int, speakers: list[str], tags: list[str], talks: int = 3) -> str:
    """One recap with a few talks, each naming the given speakers and tags."""
    talk_blocks = "\n".join(
        f"```{{talk}} Talk {number}.{index}\n:speaker: {speakers[index % len(speakers)]}\n"
        f":tags: {', '.join(tags)}\n:time: 1{index}:00-1{index}:30\n\nNotes on talk {index}.\n```\n"
        for index in range(talks)
    )
    return (
        f"---\ndate: 2024-05-{number % 28 + 1:02d}\ntags: [{', '.join(tags)}]\n"
        f"event: Conf {number % 3}\n---\n# Recap {number}\n\nSummary of day {number}.\n\n"
        + talk_blocks
    )


SAFE_SCHEMES = ("http", "https", "mailto")
EMBEDDING_TAGS = ("iframe", "object", "embed", "frame", "applet", "base")


def _scheme(url: str) -> str:
    cleaned = re.sub(r"[\x00-\x20\x7f-\x9f]", "", url)
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
    return match[1].lower() if match else ""


def unsafe_markup(html: str) -> list[str]:
    """Everything in a page that could run code or load a foreign frame.

    JSON-LD blocks are data and must hold no ``<``; inline scripts are checked
    for payloads here and for being one fixed text across pages elsewhere.
    """
    problems: list[str] = []
    page = BeautifulSoup(html, "html.parser")
    for tag in page.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                problems.append(f"<{tag.name} {name}=...>")
            is_url = name in ("href", "src", "action", "formaction", "xlink:href")
            if is_url and isinstance(value, str) and _scheme(value) not in ("", *SAFE_SCHEMES):
                problems.append(f"<{tag.name} {name}={value[:40]!r}>")
        if tag.name in EMBEDDING_TAGS:
            problems.append(f"<{tag.name}>")
        if tag.name == "script":
            text = tag.string or ""
            if tag.get("type") == "application/ld+json":
                if "<" in text:
                    problems.append("'<' inside JSON-LD")
            elif re.search(r"alert|msgbox", text):
                problems.append(f"inline <script>: {text.strip()[:60]!r}")
    return problems


def inline_scripts(html: str) -> set[str]:
    """Texts of inline (non-JSON-LD) scripts: the theme's fixed code at most."""
    page = BeautifulSoup(html, "html.parser")
    return {
        tag.string.strip()
        for tag in page.find_all("script")
        if tag.string and tag.string.strip() and tag.get("type") != "application/ld+json"
    }


def dangling_links(outdir: Path) -> list[str]:
    """Relative links and images in the HTML output whose target file is missing."""
    from urllib.parse import unquote, urlsplit

    missing: list[str] = []
    for page in outdir.rglob("*.html"):
        for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(
            ["a", "link", "img", "script"]
        ):
            url = tag.get("href") or tag.get("src")
            if not url or _scheme(url) or url.startswith(("#", "//")):
                continue
            path = unquote(urlsplit(url).path)
            if not path:
                continue
            target = (page.parent / path).resolve()
            if path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                missing.append(f"{page.relative_to(outdir)} -> {url}")
    return missing


def ics_problems(data: bytes) -> list[str]:
    """RFC 5545 basics: CRLF lines of at most 75 octets, balanced BEGIN/END, required props."""
    problems: list[str] = []
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    lines = data.split(b"\r\n")[:-1]
    stack: list[bytes] = []
    for number, line in enumerate(lines, 1):
        if len(line) > 75:
            problems.append(f"line {number} is {len(line)} octets")
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number} has a bare line break")
        if line.startswith(b"BEGIN:"):
            stack.append(line[6:])
        elif line.startswith(b"END:") and (not stack or stack.pop() != line[4:]):
            problems.append(f"line {number}: unbalanced {line.decode()}")
    if stack:
        problems.append(f"unclosed {stack}")
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    for required in ("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:"):
        if required not in unfolded:
            problems.append(f"missing {required}")
    for event in unfolded.split("BEGIN:VEVENT")[1:]:
        for required in ("UID:", "DTSTAMP:", "DTSTART"):
            if required not in event:
                problems.append(f"event without {required}")
    return problems


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request to the test output."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path, handler: type = QuietHandler) -> Iterator[str]:
    """Serve ``folder`` over HTTP on localhost, for the browser; yields the base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def built(root: Path, tmp: Path, **overrides: object) -> Iterator[Any]:
    """Copy the test root ``root`` under ``tmp`` and build it as HTML with ``overrides``;
    yields the ``SphinxTestApp``, cleaned up afterwards."""
    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp / "src"
    shutil.copytree(root, srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides=overrides)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


@contextlib.contextmanager
def built_and_served(root: Path, tmp: Path, **overrides: object) -> Iterator[tuple[Path, str]]:
    """:func:`built`, then its output served; yields the output folder and its base URL."""
    with built(root, tmp, **overrides) as app:
        outdir = Path(app.outdir)
        with served(outdir) as base:
            yield outdir, base
