"""Random sequences of edits, built incrementally, give the same site as one clean build.

Compared: every generated page, feed and export byte for byte, the set of output
files (stale pages must go), and the body of every document. The navigation chrome
around document bodies (global toctree, prev/next) is left out: plain Sphinx does
not rewrite unchanged pages when another page is added or removed, with or without
this extension, so that part varies with Sphinx's own incremental builds.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from io import StringIO
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from helpers import normalized

NAMES = ["Kelsey Hightower", "Joe Beda", "Björn Rabenstein", "Ada Lovelace", "李 明"]
TAGS = ["kubernetes", "Kubernetes", "C", "C++", "go", "observability", "東京"]
OPERATIONS = [
    "add_recap",
    "remove_recap",
    "rename_recap",
    "add_talk",
    "remove_talk",
    "rename_speaker",
    "retag_recap",
    "retag_talk",
    "define_speaker",
]
GENERATED = ("tags", "speakers", "events")
GENERATED_FILES = ("talks.html", "archive.html", "atom.xml", "talks.ics", "recap.json")


def initial_state() -> dict:
    recaps = {
        f"r{n}": {
            "title": f"Recap {n}",
            "day": n + 1,
            "tags": [TAGS[n], TAGS[n + 2]],
            "talks": [
                {"speakers": [NAMES[(n + k) % 5]], "tags": [TAGS[(n + k) % 7]]} for k in range(2)
            ],
        }
        for n in range(4)
    }
    return {"recaps": recaps, "speakers": {"Kelsey Hightower": "Google"}, "next": 4}


def apply(state: dict, operation: str, number: int) -> None:
    """Change the site model; indices wrap so every drawn number means something."""
    recaps = state["recaps"]
    names = sorted(recaps)
    recap = recaps[names[number % len(names)]] if names else None
    name, tag = NAMES[number % len(NAMES)], TAGS[number % len(TAGS)]
    if operation == "add_recap" or recap is None:
        recaps[f"r{state['next']}"] = {
            "title": f"New {state['next']}",
            "day": number % 27 + 1,
            "tags": [tag],
            "talks": [{"speakers": [name], "tags": []}],
        }
        state["next"] += 1
    elif operation == "remove_recap" and len(recaps) > 1:
        del recaps[names[number % len(names)]]
    elif operation == "rename_recap":
        recap["title"] = f"{recap['title']} (renamed {number})"
    elif operation == "add_talk":
        recap["talks"].append({"speakers": [name, NAMES[(number + 1) % 5]], "tags": [tag]})
    elif operation == "remove_talk" and recap["talks"]:
        recap["talks"].pop(number % len(recap["talks"]))
    elif operation == "rename_speaker":
        for each in recaps.values():
            for talk in each["talks"]:
                talk["speakers"] = [f"{s} Jr" if s == name else s for s in talk["speakers"]]
    elif operation == "retag_recap":
        recap["tags"] = [tag, TAGS[(number + 3) % 7]]
    elif operation == "retag_talk" and recap["talks"]:
        recap["talks"][number % len(recap["talks"])]["tags"] = [tag]
    elif operation == "define_speaker":
        state["speakers"][name] = f"Org {number}"


def files_of(state: dict) -> dict[str, str]:
    files = {
        "conf.py": 'project = "Edits"\nauthor = "Tester"\nextensions = ["myst_parser", '
        '"sphinx_recap"]\nhtml_baseurl = "https://edits.example.org/"\n',
        "index.md": "# Home\n\n```{recaplist}\n```\n\n```{toctree}\n:glob:\n\n*\n```\n",
        "speakers.md": "# Speakers\n\n"
        + "\n".join(
            f"```{{speaker}} {name}\n:affiliation: {org}\n\nBio of {name}.\n```\n"
            for name, org in sorted(state["speakers"].items())
        ),
    }
    for key, recap in state["recaps"].items():
        talks = "\n".join(
            f"```{{talk}} Talk {key}.{i}\n:speaker: {'; '.join(t['speakers'])}\n"
            + (f":tags: {', '.join(t['tags'])}\n" if t["tags"] else "")
            + f"\nNotes {i}.\n```\n"
            for i, t in enumerate(recap["talks"])
        )
        files[f"{key}.md"] = (
            f"---\ndate: 2024-04-{recap['day']:02d}\ntags: [{', '.join(recap['tags'])}]\n"
            f"event: Edit Conf\n---\n# {recap['title']}\n\nIntro.\n\n{talks}"
        )
    return files


class Site:
    """A source folder written file by file, touching only what changed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.tick = 0
        folder.mkdir(parents=True)

    def write(self, files: dict[str, str]) -> None:
        for path in self.folder.glob("*.md"):
            if path.name not in files:
                path.unlink()
        for name, text in files.items():
            path = self.folder / name
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                self.tick += 1  # strictly newer mtimes, however fast the edits come
                stamp = 2_000_000_000 + self.tick
                os.utime(path, (stamp, stamp))

    def build(self) -> SphinxTestApp:
        app = SphinxTestApp("html", srcdir=self.folder, status=StringIO(), warning=StringIO())
        app.build()
        app.cleanup()
        return app


def snapshot(app: SphinxTestApp) -> dict[str, str]:
    """Generated output in full; documents by their body only (see the module docstring).

    Pages of deleted documents are left out too: Sphinx never removes a document's
    old output, but our generated pages must disappear, so those are all compared.
    """
    result: dict[str, str] = {}
    for path in sorted(app.outdir.rglob("*")):
        relative = str(path.relative_to(app.outdir))
        if path.is_dir() or relative.startswith(("_", ".")) or path.name == "searchindex.js":
            continue
        text = normalized(path.read_text(encoding="utf-8", errors="replace"))
        generated = relative.startswith(GENERATED) or relative in GENERATED_FILES
        if path.suffix == ".html" and not generated:
            if not (app.srcdir / relative).with_suffix(".md").exists():
                continue
            text = str(BeautifulSoup(text, "html.parser").select_one("div.body, main"))
        result[relative] = text
    return result


@settings(
    max_examples=6,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 50)), min_size=2, max_size=5
    )
)
def test_incremental_builds_after_random_edits_equal_a_clean_build(edits):
    root = Path(tempfile.mkdtemp(prefix="recap-edits-"))
    try:
        state = initial_state()
        site = Site(root / "incremental")
        site.write(files_of(state))
        site.build()
        for operation, number in edits:
            apply(state, operation, number)
            site.write(files_of(state))
            incremental = site.build()
        clean_site = Site(root / "clean")
        clean_site.write(files_of(copy.deepcopy(state)))
        clean = clean_site.build()
        assert snapshot(incremental) == snapshot(clean)
    finally:
        shutil.rmtree(root, ignore_errors=True)
