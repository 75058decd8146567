"""Incremental and parallel builds give the same pages, feeds and exports as a clean build."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from helpers import normalized, output_files, recap_page, write_site

OUTPUTS = (".html", ".xml", ".ics", ".json")


def copy_root(rootdir: Path, target: Path, extra: int = 0) -> Path:
    shutil.copytree(rootdir / "test-pages", target)
    for number in range(extra):
        text = recap_page(number, ["Kelsey Hightower", "Ada Byron"], ["kubernetes", "extra"])
        (target / f"extra{number}.md").write_text(text, encoding="utf-8")
    return target


def build(make_app, srcdir: Path, parallel: int = 0):
    app = make_app("html", srcdir=srcdir, parallel=parallel)
    app.build()
    return app


def outputs(app) -> dict[str, str]:
    return {name: normalized(text) for name, text in output_files(app.outdir, OUTPUTS).items()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    later = time.time_ns() + 2_000_000_000  # a clearly newer mtime than the last build
    os.utime(path, ns=(later, later))


def change_day1(srcdir: Path) -> None:
    """Drop a tag, remove a talk, rename a speaker."""
    day1 = srcdir / "kubecon-day1.md"
    edit(day1, "tags: [Kubernetes, C++, Machine Learning]", "tags: [Kubernetes, Machine Learning]")
    text = day1.read_text(encoding="utf-8")
    start = text.index("```{talk} Scaling etcd")
    end = text.index("```", text.index("About etcd.")) + 3
    edit(day1, text[start:end], "")
    edit(day1, "Priyanka Sharma", "Priyanka S. Sharma")


def test_incremental_build_equals_clean_build(make_app, rootdir, tmp_path):
    incremental = copy_root(rootdir, tmp_path / "incremental")
    first = build(make_app, incremental)
    assert (first.outdir / "tags" / "c-plus-plus.html").is_file()
    change_day1(incremental)
    again = build(make_app, incremental)

    clean = copy_root(rootdir, tmp_path / "clean")
    change_day1(clean)
    fresh = build(make_app, clean)

    assert outputs(again) == outputs(fresh)
    assert not (again.outdir / "tags" / "c-plus-plus.html").exists(), "stale tag page removed"
    assert not (again.outdir / "tags" / "c-plus-plus.xml").exists(), "stale tag feed removed"
    assert not (again.outdir / "speakers" / "priyanka-sharma.html").exists()
    assert (again.outdir / "speakers" / "priyanka-s-sharma.html").is_file()
    home = (again.outdir / "index.html").read_text(encoding="utf-8")
    assert "Scaling etcd" not in home, "the talklist on the unchanged home page was refreshed"


def test_a_build_with_nothing_to_do_keeps_every_page(make_app, rootdir, tmp_path):
    """Sphinx 8.1 ends such a build before the writing phase: nothing may be swept."""
    srcdir = copy_root(rootdir, tmp_path / "site")
    first = outputs(build(make_app, srcdir))
    again = build(make_app, srcdir)
    assert outputs(again) == first
    assert (again.outdir / "tags" / "index.html").is_file()


def test_unchanged_data_does_not_rewrite_listing_pages(make_app, rootdir, tmp_path):
    srcdir = copy_root(rootdir, tmp_path / "site")
    (srcdir / "latest.md").write_text("# Latest\n\n```{recaplist}\n```\n", encoding="utf-8")
    first = build(make_app, srcdir)
    latest = first.outdir / "latest.html"
    before = latest.stat().st_mtime_ns
    edit(srcdir / "notes.md", "Not a recap.", "Still not a recap.")
    build(make_app, srcdir)
    assert latest.stat().st_mtime_ns == before, "no recap data changed: not rewritten"
    edit(srcdir / "fosdem.md", "# FOSDEM 2023", "# FOSDEM 2023 in Brussels")
    again = build(make_app, srcdir)
    assert latest.stat().st_mtime_ns != before
    assert "FOSDEM 2023 in Brussels" in latest.read_text(encoding="utf-8")
    assert again.outdir == first.outdir


def test_parallel_build_equals_serial_build(make_app, rootdir, tmp_path):
    serial = build(make_app, copy_root(rootdir, tmp_path / "serial", extra=12))
    parallel = build(make_app, copy_root(rootdir, tmp_path / "parallel", extra=12), parallel=2)
    assert outputs(serial) == outputs(parallel)
    assert "extra11" in (parallel.outdir / "tags" / "extra.html").read_text(encoding="utf-8")


def test_navigation_of_generated_pages_equals_sphinxs_own(make_app, tmp_path):
    write_site(
        tmp_path / "src",
        {f"r{n}": recap_page(n, ["Ada Byron"], ["kubernetes"]) for n in range(3)},
        conf='html_baseurl = "https://nav.example.org/"\n',
    )
    app = make_app("html", srcdir=tmp_path / "src")
    compared: list[str] = []

    def compare(app, pagename, templatename, context, doctree):
        if "recap_page" in context:
            for kwargs in ({}, {"collapse": False, "maxdepth": 2, "includehidden": True}):
                ours = context["toctree"](**kwargs)
                theirs = app.builder._get_local_toctree(pagename, **kwargs)
                assert ours == theirs, pagename
            compared.append(pagename)

    app.connect("html-page-context", compare)
    app.build()
    assert "tags/kubernetes" in compared
    assert "speakers/ada-byron" in compared


def test_unchanged_generated_pages_are_not_rendered_again(make_app, tmp_path):
    pages = {
        f"r{n}": recap_page(n, ["Ada Byron", "Kelsey Hightower"], ["kubernetes", f"t{n}"])
        for n in range(3)
    }
    write_site(tmp_path / "src", pages, conf='html_baseurl = "https://skip.example.org/"\n')

    def rendered_pages() -> set[str]:
        app = make_app("html", srcdir=tmp_path / "src")
        seen: set[str] = set()
        app.connect(
            "html-page-context",
            lambda app, name, tpl, ctx, tree: seen.add(name) if "recap_page" in ctx else None,
        )
        app.build()
        app.cleanup()
        return seen

    first = rendered_pages()
    assert {"tags/kubernetes", "tags/t0", "speakers/ada-byron", "talks"} <= first
    assert rendered_pages() == set()
    page = tmp_path / "src" / "r1.md"
    page.write_text(page.read_text(encoding="utf-8").replace("t1", "t1b"), encoding="utf-8")
    again = rendered_pages()
    assert {"tags/t1b", "tags/index", "talks"} <= again
    assert "tags/t0" not in again
    assert not (tmp_path / "src" / "_build" / "html" / "tags" / "t1.html").exists()


# -- what a generated page depends on --------------------------------------------------------

ASSET_CONF = """
html_baseurl = "https://assets.example.org/"
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_theme_options = {"show_powered_by": True}
"""


def site_with_assets(srcdir: Path) -> Path:
    pages = {f"r{n}": recap_page(n, ["Ada Byron"], ["kubernetes", f"t{n}"]) for n in range(3)}
    write_site(srcdir, pages, conf=ASSET_CONF)
    (srcdir / "_templates").mkdir()
    (srcdir / "_templates" / "layout.html").write_text(
        '{% extends "!layout.html" %}{% block footer %}{{ super() }}'
        '<p class="marker">first</p>{% endblock %}\n',
        encoding="utf-8",
    )
    (srcdir / "_static").mkdir()
    (srcdir / "_static" / "custom.css").write_text("body { margin: 0 }\n", encoding="utf-8")
    return srcdir


CHANGES = {
    "data": ("r1.md", "tags: [kubernetes, t1]", "tags: [kubernetes, t1, added]"),
    "template": ("_templates/layout.html", "first", "second"),
    "theme options": ("conf.py", '"show_powered_by": True', '"show_powered_by": False'),
    "static file": ("_static/custom.css", "margin: 0", "margin: 1px"),
}


def build_cli(srcdir: Path) -> Path:
    """A build as ``sphinx-build`` runs it: in a process of its own (Sphinx caches static
    files' checksums for the life of a process)."""
    import subprocess
    import sys

    outdir = srcdir / "_build" / "html"
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(srcdir), str(outdir)]
    subprocess.run(command, check=True, capture_output=True)
    return outdir


def generated(outdir: Path) -> dict[str, str]:
    return {
        name: text
        for name, text in output_files(outdir).items()
        if name.startswith(("tags/", "speakers/", "events/"))
        or name in ("talks.html", "archive.html")
    }


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_generated_pages_follow_data_templates_theme_and_static_files(tmp_path, change):
    """After each kind of change an incremental build writes what a clean build writes."""
    path, old, new = CHANGES[change]
    incremental = site_with_assets(tmp_path / "incremental")
    before = generated(build_cli(incremental))
    edit(incremental / path, old, new)
    after = generated(build_cli(incremental))
    clean = site_with_assets(tmp_path / "clean")
    edit(clean / path, old, new)
    fresh = generated(build_cli(clean))
    assert after == fresh
    changed = {name for name in fresh if before.get(name) != fresh[name]}
    assert changed, "the change shows on generated pages"
    if change != "data":
        assert changed == set(fresh), "every generated page shows it"


@pytest.mark.parametrize(
    ("module", "attribute"),
    [("sphinx", "__display_version__"), ("sphinx_recap.pages.incremental", "__version__")],
)
def test_generated_pages_are_rendered_again_for_a_new_version(
    make_app, tmp_path, monkeypatch, module, attribute
):
    import importlib

    srcdir = site_with_assets(tmp_path / "site")

    def rendered_pages() -> set[str]:
        app = make_app("html", srcdir=srcdir)
        seen: set[str] = set()
        app.connect(
            "html-page-context",
            lambda app, name, tpl, ctx, tree: seen.add(name) if "recap_page" in ctx else None,
        )
        app.build()
        return seen

    first = rendered_pages()
    assert len(first) > 5
    assert rendered_pages() == set()
    monkeypatch.setattr(importlib.import_module(module), attribute, "99.0.0")
    assert rendered_pages() == first


def test_rebuilds_make_only_the_feeds_and_events_that_changed(make_app, tmp_path, monkeypatch):
    from sphinx_recap.feeds.atom import AtomFeed
    from sphinx_recap.feeds.ics import Calendar

    made: dict[str, list[str]] = {"feeds": [], "events": []}
    render, event = AtomFeed.render, Calendar.event

    def counted_render(self, recaps, *, path, **kwargs):
        made["feeds"].append(path)
        return render(self, recaps, path=path, **kwargs)

    def counted_event(self, talk, date, start):
        made["events"].append(talk.title)
        return event(self, talk, date, start)

    monkeypatch.setattr(AtomFeed, "render", counted_render)
    monkeypatch.setattr(Calendar, "event", counted_event)
    pages = {f"r{n}": recap_page(n, ["Ada Byron"], ["kubernetes", f"t{n}"]) for n in range(3)}
    write_site(tmp_path / "src", pages, conf='html_baseurl = "https://feeds.example.org/"\n')

    def rebuild() -> dict[str, list[str]]:
        for kind in made.values():
            kind.clear()
        app = make_app("html", srcdir=tmp_path / "src")
        app.build()
        return {kind: sorted(names) for kind, names in made.items()}

    first = rebuild()
    assert "atom.xml" in first["feeds"]
    assert len(first["events"]) == 9
    assert rebuild() == {"feeds": [], "events": []}, "nothing changed: nothing made"
    edit(tmp_path / "src" / "r1.md", "Notes on talk 1.", "Notes on talk one.")
    again = rebuild()
    assert again["events"] == ["Talk 1.1"], "only the edited talk's event"
    # The author of every recap (Sphinx's ``author``) has a feed of them too.
    assert set(again["feeds"]) == {
        "atom.xml",
        "tags/kubernetes.xml",
        "tags/t1.xml",
        "authors/tester.xml",
    }
