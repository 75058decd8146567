"""The benchmark runner still runs end to end on a small site (no timing is checked).

50 recaps, as the benchmark issue asks: big enough for every row to mean something,
small enough to run once per test session (a few minutes).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "benchmarks" / "run.py"
RECAPS = 50

#: Every row the table prints; ABlog rows may instead say it is not available.
ROWS = (
    "full build, plain Sphinx (alabaster)",
    "full build, sphinx-recap (alabaster)",
    "full build, sphinx-recap, recap_tune_gc",
    "full build, sphinx-recap (recap theme)",
    "full build, ABlog",
    "no-op rebuild, plain Sphinx",
    "no-op rebuild, sphinx-recap",
    "one page edited, plain Sphinx",
    "one recap edited, sphinx-recap",
    "ratio sphinx-recap / plain Sphinx (wall)",
    "ratio sphinx-recap / plain Sphinx (CPU)",
    "ratio recap_tune_gc / plain Sphinx (wall)",
    "ratio recap theme / alabaster (wall)",
    "ratio sphinx-recap / ABlog",
    "ratio edit rebuild sphinx-recap / plain (wall)",
    "ratio no-op rebuild sphinx-recap / plain (wall)",
    "listing pages after the edit rebuild",
    "peak memory sphinx-recap / plain Sphinx",
    "generated pages: share of a full build",
    "feeds and exports: share of a full build",
    "all sphinx-recap code: share of a full build",
    "CSS+JS per page, recap",
    "CSS+JS per page, furo",
    "CSS+JS per page, alabaster",
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    done = subprocess.run(
        [sys.executable, str(RUNNER), "--recaps", str(RECAPS), "--repeat", "1", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout, json.loads(out.read_text(encoding="utf-8"))


def test_runner_prints_every_row(report):
    stdout, _data = report
    lines = stdout.splitlines()
    for row in ROWS:
        assert any(line.startswith(row) for line in lines), f"missing row: {row}\n{stdout}"


def test_runner_names_the_machine_and_versions(report):
    stdout, data = report
    assert stdout.startswith(f"sphinx-recap benchmark: {RECAPS} recaps")
    assert "Sphinx" in stdout.splitlines()[1]
    assert data["machine"]["cores"] >= 1
    assert data["versions"]["sphinx"]


def test_ablog_is_measured_or_said_unavailable(report):
    stdout, data = report
    ablog_line = next(line for line in stdout.splitlines() if line.startswith("full build, ABlog"))
    if "ablog_unavailable" in data:
        assert "ABlog: not available (" in ablog_line
    else:
        assert "s wall" in ablog_line


def test_listing_pages_match_a_clean_build_after_an_edit(report):
    _stdout, data = report
    assert data["listings"]["compared"] > 0
    assert data["listings"]["correct"], data["listings"]
