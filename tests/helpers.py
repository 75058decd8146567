"""Small helpers shared by the tests: reading output, comparing builds."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

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
