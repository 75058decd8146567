"""Real, public schedule exports (tests/fixtures/real, see SOURCES.md) import and build.

Every file is imported whole and as ``--day 1`` into a fresh ``sphinx-recap init`` site,
which then builds with warnings as errors and nitpicky mode; every selected session is
a talk or keynote on its page. Several imports into one site keep labels unique.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docutils.utils.smartquotes import smartyPants

from helpers import soup, warnings_of
from sphinx_recap.cli import main
from sphinx_recap.model import slugify
from sphinx_recap.schedule import Session, parse_schedule
from sphinx_recap.schedule.source import read_source

REAL = Path(__file__).parent / "fixtures" / "real"
CORPUS = sorted(p.name for p in REAL.iterdir() if p.suffix in (".xml", ".json"))
BASE_URL = "https://recaps.example.org/"
LABEL = re.compile(r"^:name: (.+)$", re.M)


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def new_site(folder: Path) -> Path:
    assert run("init", folder, "--title", "Real schedules", "--base-url", BASE_URL) == 0
    return folder


def strict_build(make_app, folder: Path):
    """``sphinx-build -W -n``: any warning fails the build, and every reference must resolve."""
    app = make_app("html", srcdir=folder, warningiserror=True, confoverrides={"nitpicky": True})
    app.build()
    assert warnings_of(app) == ""
    return app


def selection(name: str, day: int | None = None) -> list[Session]:
    """The sessions an import writes: the day's (or all), breaks left out."""
    schedule = parse_schedule(read_source(str(REAL / name)))
    days = [d for d in schedule.days if day is None or d.index == day]
    return [s for d in days for s in d.sessions if not s.service]


def shown_titles(page: Path) -> list[tuple[str, bool]]:
    """(heading text, is keynote) of every talk section on a built page."""
    found = []
    for section in soup(page).select("section.recap-talk"):
        heading = section.find(["h2", "h3"])
        text = "".join(heading.find_all(string=True, recursive=False))
        found.append((text, "recap-keynote" in section["class"]))
    return found


def typographic(title: str) -> str:
    # Sphinx's default smartquotes turn "..." into curly quotes, ... into … and so on.
    return smartyPants(title, "qDe", "en")


def site_labels(folder: Path) -> list[str]:
    return [
        label
        for page in sorted((folder / "recaps").glob("*.md"))
        for label in LABEL.findall(page.read_text(encoding="utf-8"))
    ]


def test_the_corpus_has_at_least_ten_real_exports_of_every_format():
    assert len(CORPUS) >= 10
    formats = {parse_schedule(read_source(str(REAL / name))).format for name in CORPUS}
    assert formats == {"frab schedule.xml", "pretalx schedule.json", "Sessionize view/All JSON"}
    listed = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in listed for name in CORPUS)


@pytest.mark.parametrize("name", CORPUS)
def test_real_schedule_imports_whole_and_by_day_and_builds_strictly(name, tmp_path, make_app):
    site = new_site(tmp_path / "site")
    assert run("import", REAL / name, "--dir", site) == 0
    assert run("import", REAL / name, "--day", "1", "--dir", site) == 0
    imported = [p for p in (site / "recaps").glob("*.md") if not p.stem.endswith("first-recap")]
    first = next(p for p in imported if p.stem.endswith("-day-1"))
    (whole,) = [p for p in imported if p != first]
    app = strict_build(make_app, site)
    for page, day in ((whole, None), (first, 1)):
        expected = selection(name, day)
        assert expected, f"{name}: nothing selected"
        shown = shown_titles(app.outdir / "recaps" / f"{page.stem}.html")
        assert sorted(shown) == sorted((typographic(s.title), s.keynote) for s in expected)
    labels = site_labels(site)
    assert len(labels) == len(set(labels)), "labels must be unique site-wide"
    assert all(slugify(label) == label for label in labels)


def test_two_days_of_one_event_and_other_events_share_a_site(tmp_path, make_app):
    site = new_site(tmp_path / "site")
    imports = [
        ("38c3-2024.frab.xml", "--day", "1"),
        ("38c3-2024.frab.xml", "--day", "2"),
        ("froscon-2018.frab.json",),
        ("fosdem-2026.frab.xml", "--day", "1"),
        ("orlando-codecamp-2020.sessionize.json", "--include-breaks"),
        ("global-azure-linz-2024.sessionize.json",),
        ("lswt-2019.frab.xml", "--include-breaks"),
    ]
    for name, *extra in imports:
        assert run("import", REAL / name, *extra, "--dir", site) == 0, name
    labels = site_labels(site)
    assert len(labels) == len(set(labels))
    assert {"glasfaser-spleissworkshop", "glasfaser-spleissworkshop-2"} <= set(labels)
    assert {"keynote", "keynote-2", "keynote-3"} <= set(labels)  # FrOSCon twice, Orlando once
    strict_build(make_app, site)
    # A day imported again (--force) keeps its own labels instead of numbering past them.
    before = (site / "recaps" / "38c3-day-2.md").read_text(encoding="utf-8")
    assert run("import", REAL / "38c3-2024.frab.xml", "--day", "2", "--dir", site, "--force") == 0
    assert (site / "recaps" / "38c3-day-2.md").read_text(encoding="utf-8") == before


def test_importing_again_with_force_keeps_every_label(tmp_path):
    site = new_site(tmp_path / "site")
    day, whole = site / "recaps" / "38c3-day-1.md", site / "recaps" / "38c3.md"
    assert run("import", REAL / "38c3-2024.frab.xml", "--day", "1", "--dir", site) == 0
    assert run("import", REAL / "38c3-2024.frab.xml", "--dir", site) == 0
    first = {path: path.read_text(encoding="utf-8") for path in (day, whole)}
    for extra in (["--day", "1"], []):
        assert run("import", REAL / "38c3-2024.frab.xml", *extra, "--dir", site, "--force") == 0
    assert {path: path.read_text(encoding="utf-8") for path in (day, whole)} == first


def test_a_hand_written_talk_keeps_the_label_of_its_title(tmp_path):
    site = new_site(tmp_path / "site")
    (site / "recaps" / "mine.md").write_text(
        '---\ndate: "2024-12-27"\n---\n# Mine\n\n```{talk} 38C3: Opening Ceremony\n```\n',
        encoding="utf-8",
    )
    assert run("import", REAL / "38c3-2024.frab.xml", "--day", "1", "--dir", site) == 0
    text = (site / "recaps" / "38c3-day-1.md").read_text(encoding="utf-8")
    assert ":name: 38c3-opening-ceremony-2\n" in text
