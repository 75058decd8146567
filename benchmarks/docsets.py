"""Real third-party documentation sets built with ``recap`` and with Alabaster.

``python benchmarks/docsets.py`` builds every set under ``tests/fixtures/docsets/`` (each a
trimmed copy of a project's published ``docs/``, see ``SOURCES.md`` there) once per theme, with
``python -m sphinx -b html -E -q`` in a child process, and prints for each set the wall and CPU
time of ``--repeat`` builds per theme, the number of pages and warnings, and whether both themes
wrote the same pages and the same warnings. ``--json FILE`` writes the same figures and
``--keep DIR`` keeps the HTML; the test suite (``tests/test_theme_docsets.py``) runs it that way.

Each theme's figures come from its build with the least CPU time (user + system of the child),
which a busy machine disturbs far less than wall time; both are printed. Nothing here asserts
on time: "recap <= alabaster" (by CPU time) is printed as met or missed.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOCSETS = ROOT / "tests" / "fixtures" / "docsets"
THEMES = ("recap", "alabaster")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def docsets() -> list[str]:
    """The names of the documentation sets: folders holding ``docs/conf.py``."""
    return sorted(path.parent.parent.name for path in DOCSETS.glob("*/docs/conf.py"))


def build(source: Path, theme: str, workdir: Path) -> dict[str, Any]:
    """One clean HTML build of *source* with *theme*: time, pages and warnings."""
    outdir = workdir / f"html-{theme}"
    shutil.rmtree(outdir, ignore_errors=True)
    warnfile = workdir / f"warnings-{theme}.txt"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-q"]
    command += ["-D", f"html_theme={theme}", "-d", str(outdir / ".doctrees")]
    command += ["-w", str(warnfile), str(source), str(outdir)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    warnings = ANSI.sub("", warnfile.read_text(encoding="utf-8")).replace(str(source), "<src>")
    pages = sorted(
        str(page.relative_to(outdir))
        for page in outdir.rglob("*.html")
        if "_static" not in page.parts and ".doctrees" not in page.parts
    )
    return {"seconds": seconds, "cpu": cpu, "pages": pages, "warnings": warnings.splitlines()}


def measure(name: str, repeat: int, keep: Path | None = None) -> dict[str, Any]:
    """Both themes on one set, alternating, keeping each theme's fastest build (by CPU time).

    With *keep*, the last HTML output of each theme is copied to ``keep/<name>/html-<theme>``.
    """
    with tempfile.TemporaryDirectory(prefix=f"docset-{name}-") as tmp:
        work = Path(tmp)
        # Built from a copy, so nothing is ever written into the fixtures.
        source = work / name
        shutil.copytree(DOCSETS / name, source, ignore=shutil.ignore_patterns("__pycache__"))
        docs = source / "docs"
        results: dict[str, dict[str, Any]] = {}
        for _ in range(repeat):
            for theme in THEMES:
                result = build(docs, theme, work)
                best = results.get(theme)
                if best is None or result["cpu"] < best["cpu"]:
                    results[theme] = result
        if keep:
            for theme in THEMES:
                target = keep / name / f"html-{theme}"
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(work / f"html-{theme}", target)
    recap, alabaster = results["recap"], results["alabaster"]
    return {
        "docset": name,
        "seconds": {theme: round(results[theme]["seconds"], 3) for theme in THEMES},
        "cpu_seconds": {theme: round(results[theme]["cpu"], 3) for theme in THEMES},
        "pages": {theme: results[theme]["pages"] for theme in THEMES},
        "warnings": {theme: results[theme]["warnings"] for theme in THEMES},
        "same_pages": recap["pages"] == alabaster["pages"],
        "same_warnings": recap["warnings"] == alabaster["warnings"],
        "recap_not_slower": recap["cpu"] <= alabaster["cpu"],
    }


def _times(row: dict[str, Any], theme: str) -> str:
    return f"{row['seconds'][theme]:.2f} / {row['cpu_seconds'][theme]:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds per theme (best counts)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", type=Path, help="copy the HTML of each build here")
    parser.add_argument("names", nargs="*", help="documentation sets (default: all)")
    args = parser.parse_args(argv)
    rows = [measure(name, max(args.repeat, 1), args.keep) for name in args.names or docsets()]
    print(
        f"{'docset':<12} {'recap wall/cpu s':>17} {'alabaster wall/cpu s':>21} "
        f"{'pages':>6} {'warnings':>9}  checks"
    )
    for row in rows:
        checks = [
            "same pages" if row["same_pages"] else "PAGES DIFFER",
            "same warnings" if row["same_warnings"] else "WARNINGS DIFFER",
            "recap <= alabaster: " + ("met" if row["recap_not_slower"] else "missed"),
        ]
        print(
            f"{row['docset']:<12} {_times(row, 'recap'):>17} {_times(row, 'alabaster'):>21} "
            f"{len(row['pages']['recap']):>6} {len(row['warnings']['recap']):>9}  "
            + ", ".join(checks)
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
