"""Every builder builds the recap site; outside HTML talks degrade to plain text."""

from __future__ import annotations

import json
import pickle
import pickletools
import shutil
from pathlib import Path
from typing import Any, cast

import pytest

from helpers import warnings_of

BUILDERS = (
    "html",
    "dirhtml",
    "singlehtml",
    "epub",
    "latex",
    "text",
    "man",
    "texinfo",
    "xml",
    "json",
    "pickle",
)


#: sphinxcontrib-serializinghtml 2.0 (the json and pickle builders) reads the builder's
#: ``app``, which Sphinx 9 deprecates: its warning, not ours.
SERIALIZING_DEPRECATION = r"ignore:'sphinxcontrib\.serializinghtml\..*' is deprecated"


@pytest.mark.filterwarnings(SERIALIZING_DEPRECATION)
@pytest.mark.parametrize("buildername", BUILDERS)
def test_every_builder_builds_without_warnings(make_app, sphinx_test_tempdir, rootdir, buildername):
    srcdir = sphinx_test_tempdir / f"core-{buildername}"
    if not srcdir.exists():
        shutil.copytree(rootdir / "test-core", srcdir)
    app = make_app(buildername, srcdir=srcdir, confoverrides={"version": "1.0"})
    app.build()
    warnings = [w for w in warnings_of(app).splitlines() if "WARNING" in w]
    # epub lists build files it does not know; that is Sphinx's, not ours.
    warnings = [w for w in warnings if "epub.unknown_project_files" not in w]
    if buildername == "dirhtml":
        # speakers.md and the speaker index would both be speakers/index.html: the
        # document keeps it, the index moves, and the build says so.
        assert len(warnings) == 1
        assert "speakers.md" in warnings[0]
        assert "[recap.collision]" in warnings[0]
        return
    assert warnings == []


@pytest.mark.sphinx("text", testroot="core", srcdir="core-text-only")
def test_text_output_has_talks_speakers_badges_and_urls(app):
    app.build()
    text = (app.outdir / "day3.txt").read_text(encoding="utf-8")
    assert "#kubernetes #conference #recap" in text
    assert "Published Mar 30, 2017 by Lee Briggs, Ana Ops" in text
    assert "Writing a custom third-party resource\n---" in text
    assert "Aaron Schlesinger · Extending Kubernetes · A 03" in text
    assert "Partly attended · Rating: 5 out of 5" in text
    assert "Slides <https://slides.example.org/tpr>" in text
    assert "Room full" in text
    assert "★" not in text


@pytest.mark.sphinx("latex", testroot="core", srcdir="core-latex-only")
def test_latex_has_talk_sections_and_no_remote_downloads(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\subsection{Prometheus storage}" in tex
    assert "Rating: 5 out of 5" in tex
    assert r"\sphinxhref{https://slides.example.org/tpr}{Slides}" in tex
    # Remote avatars are decorative: dropped rather than downloaded.
    assert "kelsey.png" not in tex
    assert "Could not fetch remote image" not in warnings_of(app)


@pytest.mark.sphinx("singlehtml", testroot="core", srcdir="core-singlehtml-only")
def test_singlehtml_has_no_links_to_generated_pages(app):
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "tags/kubernetes" not in html
    assert "speakers/" not in html
    assert 'href="#kelsey-hightower"' in html


@pytest.mark.sphinx("man", testroot="core", srcdir="core-man-only")
def test_man_page_shows_link_targets(app):
    app.build()
    man = next(app.outdir.glob("*.1")).read_text(encoding="utf-8")
    assert "https://slides.example.org/tpr" in man
    # A man page has no anchors: links to speaker cards and talks are plain names.
    assert "#\\:" not in man
    assert "Joe Beda (Heptio)" in man


def stored_context(path: Path) -> dict[str, Any]:
    """A page's context as the ``json`` or ``pickle`` builder stored it."""
    if path.suffix == ".fjson":
        return cast(dict[str, Any], json.loads(path.read_text(encoding="utf-8")))
    return cast(dict[str, Any], pickle.loads(path.read_bytes()))


def pickled_names(path: Path) -> list[str]:
    """Every string a pickle holds, the modules of the classes it loads among them."""
    return [arg for _op, arg, _pos in pickletools.genops(path.read_bytes()) if isinstance(arg, str)]


@pytest.mark.filterwarnings(SERIALIZING_DEPRECATION)
@pytest.mark.parametrize("buildername", ["json", "pickle"])
def test_serializing_builders_store_plain_contexts(make_app, tmp_path, rootdir, buildername):
    """``json`` and ``pickle`` store each page's context for another program to lay out:
    under the ``recap`` theme too, every page is stored, generated pages hold their data
    as plain JSON values, and nothing stored needs sphinx-recap to be loaded."""
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-theme", srcdir)
    app = make_app(buildername, srcdir=srcdir)
    app.build()
    assert [w for w in warnings_of(app).splitlines() if "WARNING" in w] == []
    suffix = ".fjson" if buildername == "json" else ".fpickle"
    stored = sorted(app.outdir.rglob(f"*{suffix}"))
    assert app.outdir / f"day3{suffix}" in stored
    for path in stored:
        if buildername == "pickle":
            assert not [n for n in pickled_names(path) if n.startswith("sphinx_recap")], path
        context = stored_context(path)
        assert "recap_theme" not in context, "the theme's settings are for its templates"
        if "recap_page" in context:
            assert type(context["recap_data"]) is dict
            json.dumps(context["recap_data"])  # plain values only: no lazy translations
    tag = stored_context(app.outdir / f"tags/conference{suffix}")
    assert tag["recap_page"] == "tag"
    assert tag["recap_data"]["slug"] == "conference"
    assert "recap-card" in tag["body"]
