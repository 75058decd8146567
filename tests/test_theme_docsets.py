"""Real documentation sets build the same with ``recap`` as with Alabaster.

Runs ``benchmarks/docsets.py`` once per set (one build per theme) on the trimmed copies of
packaging's and pluggy's documentation in ``tests/fixtures/docsets/`` (see ``SOURCES.md``). Both
themes must write the same pages and the same warnings: the theme adds none of its own. Times are
printed by the script, never asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import soup

ROOT = Path(__file__).parents[1]
SCRIPT = ROOT / "benchmarks" / "docsets.py"
#: The documentation pages of each set (search and index pages come on top).
DOCS_PAGES = {
    "packaging": ["errors", "index", "markers", "ranges", "specifiers", "utils", "version"],
    "pluggy": ["api_reference", "index"],
}


@pytest.fixture(scope="module")
def docsets(tmp_path_factory):
    out = tmp_path_factory.mktemp("docsets")
    command = [sys.executable, str(SCRIPT), "--repeat", "1"]
    command += ["--json", str(out / "figures.json"), "--keep", str(out / "html")]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    print(result.stdout)  # the timing table, shown with -s or on failure
    rows = {row["docset"]: row for row in json.loads((out / "figures.json").read_text())}
    return rows, out / "html", result.stdout


def test_every_docset_is_measured(docsets):
    rows, _html, table = docsets
    assert sorted(rows) == sorted(DOCS_PAGES)
    for name in DOCS_PAGES:
        assert name in table
    assert "recap <= alabaster:" in table


@pytest.mark.parametrize("name", sorted(DOCS_PAGES))
def test_recap_writes_the_same_pages_and_warnings_as_alabaster(docsets, name):
    row = docsets[0][name]
    assert row["pages"]["recap"] == row["pages"]["alabaster"]
    for page in DOCS_PAGES[name]:
        assert f"{page}.html" in row["pages"]["recap"]
    assert row["warnings"]["recap"] == row["warnings"]["alabaster"]
    assert not any("recap" in line.lower() for line in row["warnings"]["recap"])
    assert row["seconds"]["recap"] > 0
    assert row["seconds"]["alabaster"] > 0


@pytest.mark.parametrize("name", sorted(DOCS_PAGES))
def test_recap_gives_real_docs_navigation_and_prev_next(docsets, name):
    html = docsets[1] / name / "html-recap"
    home = soup(html / "index.html")
    assert "recap-theme" in home.body["class"]
    assert home.select_one("aside nav.recap-sidebar-nav a")  # no nav_links: the home page has it
    assert home.select_one("details.recap-menu nav.recap-menu-nav")
    assert home.select_one("nav.recap-prev-next a[rel=next]")
    inner = soup(html / f"{'api_reference' if name == 'pluggy' else 'version'}.html")
    assert inner.select_one("nav.recap-prev-next a[rel=prev]")
    assert inner.select_one("nav.recap-sidebar-nav a.current")
