"""Sphinx's own machinery: parallel reads and incremental rebuilds match a clean serial build."""

from __future__ import annotations

import shutil

from helpers import normalized, output_files, recap_page, write_site

SPEAKERS = ["Kelsey Hightower", "Joe Beda", "Björn Rabenstein", "Aaron Schlesinger"]
TAGS = ["kubernetes", "prometheus", "go", "networking", "C++", "c#"]


def site_pages(count: int = 10) -> dict[str, str]:
    pages = {
        f"recap-{n:02d}": recap_page(
            n, SPEAKERS[n % 4 :] + SPEAKERS[: n % 4], TAGS[n % 3 : n % 3 + 3]
        )
        for n in range(count)
    }
    pages["speakers"] = (
        "# Speakers\n\n```{speaker} Kelsey Hightower\n:affiliation: Google\n\nBio.\n```\n\n"
        "```{speaker} Joe Beda\n:affiliation: Heptio\n\nCo-founder.\n```\n"
    )
    return pages


def build(make_app, srcdir, **kwargs):
    app = make_app("html", srcdir=srcdir, **kwargs)
    app.build()
    return app


def html_of(app, suffixes: tuple[str, ...] = (".html",)) -> dict[str, str]:
    return {name: normalized(text) for name, text in output_files(app.outdir, suffixes).items()}


def domain_data(app) -> dict[str, object]:
    data = app.env.domains["recap"].data
    return {key: dict(sorted(data[key].items())) for key in ("recaps", "talks", "speakers")}


#: Every kind of file we generate: pages, feeds, the calendar and the export.
GENERATED = (".html", ".xml", ".ics", ".json")


class PageRecorder:
    """Another extension's state, kept in memory across ``html-page-context`` calls."""

    def __init__(self) -> None:
        self.pages: set[str] = set()
        self.at_end: set[str] = set()

    def page(self, _app, pagename, _template, context, _doctree) -> None:
        if "recap_page" in context:
            self.pages.add(pagename)

    def finished(self, _app, _exception) -> None:
        self.at_end = set(self.pages)


def test_parallel_build_equals_serial_build(make_app, tmp_path):
    """Documents, generated pages and feeds; generated pages are written in the main
    process, so another extension's state about them is all there at the end."""
    write_site(tmp_path / "serial", site_pages(), 'html_baseurl = "https://example.org/"\n')
    shutil.copytree(tmp_path / "serial", tmp_path / "parallel")
    serial = build(make_app, tmp_path / "serial")
    recorder = PageRecorder()
    parallel = make_app("html", srcdir=tmp_path / "parallel", parallel=2)
    parallel.connect("html-page-context", recorder.page)
    parallel.connect("build-finished", recorder.finished)
    parallel.build()
    assert parallel.parallel == 2
    assert parallel.is_parallel_allowed("read")
    assert parallel.is_parallel_allowed("write")
    assert domain_data(parallel) == domain_data(serial)
    files = html_of(serial, GENERATED)
    assert html_of(parallel, GENERATED) == files
    assert {"atom.xml", "talks.ics", "recap.json", "tags/kubernetes.xml"} <= files.keys()
    generated = {
        name.removesuffix(".html")
        for name in files
        if name.startswith(("tags/", "speakers/", "events/", "authors/")) and name.endswith(".html")
    } | {"talks", "archive"}
    assert len(generated) > 15
    assert recorder.at_end == generated


def edit_talk(srcdir) -> None:
    """Change one talk's speakers and tags, and drop another talk."""
    page = srcdir / "recap-03.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace(":speaker: Kelsey Hightower", ":speaker: Ada Lovelace; Joe Beda", 1)
    text = text.replace(":tags: kubernetes, prometheus, go", ":tags: rust, networking", 1)
    head, _, rest = text.partition("```{talk} Talk 3.2")
    text = head + rest.partition("```\n")[2]
    page.write_text(text, encoding="utf-8")


def test_incremental_rebuild_equals_clean_build(make_app, tmp_path):
    write_site(tmp_path / "incremental", site_pages())
    build(make_app, tmp_path / "incremental")
    original = (tmp_path / "incremental" / "recap-03.md").read_text(encoding="utf-8")
    edit_talk(tmp_path / "incremental")
    assert (tmp_path / "incremental" / "recap-03.md").read_text(encoding="utf-8") != original
    incremental = build(make_app, tmp_path / "incremental")

    shutil.copytree(
        tmp_path / "incremental", tmp_path / "clean", ignore=shutil.ignore_patterns("_build")
    )
    clean = build(make_app, tmp_path / "clean")

    assert domain_data(incremental) == domain_data(clean)
    assert html_of(incremental) == html_of(clean)
    talks = {t.label: t for t in incremental.env.domains["recap"].talks["recap-03"]}
    assert "talk-3-2" not in talks
    assert [t.speakers for t in talks.values() if "Ada Lovelace" in t.speakers] == [
        ("Ada Lovelace", "Joe Beda")
    ]
    assert ("rust", "networking") in [t.tags for t in talks.values()]


def test_nothing_is_written_into_the_source_folder(make_app, tmp_path):
    write_site(tmp_path / "site", site_pages(3))
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "site").rglob("*"))
    app = make_app("html", srcdir=tmp_path / "site", builddir=tmp_path / "out")
    app.build()
    after = sorted(p.relative_to(tmp_path) for p in (tmp_path / "site").rglob("*"))
    assert after == before


def collector_during_build(
    make_app, srcdir, builder: str = "html", **kwargs
) -> dict[str, tuple[object, ...]]:
    """The collector's thresholds and frozen-object count while documents are read,
    while they are written, and after the build."""
    import gc

    seen: dict[str, tuple[object, ...]] = {}

    def note(phase: str) -> None:
        seen.setdefault(phase, (gc.get_threshold(), gc.get_freeze_count()))

    app = make_app(builder, srcdir=srcdir, **kwargs)
    app.connect("env-updated", lambda _app, _env: note("reading"))
    app.connect("doctree-resolved", lambda _app, _tree, _name: note("writing"))
    app.build()
    note("after")
    return seen


TUNED = {"recap_tune_gc": True}


def test_gc_is_left_alone_by_default(make_app, tmp_path):
    import gc

    write_site(tmp_path / "site", site_pages(2))
    before = gc.get_threshold()
    seen = collector_during_build(make_app, tmp_path / "site")
    assert seen == {"reading": (before, 0), "writing": (before, 0), "after": (before, 0)}


def test_gc_tuning_is_opt_in_and_restored(make_app, tmp_path):
    import gc

    from sphinx_recap.gctune import BUILD_THRESHOLDS

    for name in ("html", "text", "parallel"):
        write_site(tmp_path / name, site_pages(2))
    before = gc.get_threshold()
    assert before != BUILD_THRESHOLDS
    assert gc.get_freeze_count() == 0
    for name, builder, options in (
        ("html", "html", {}),
        ("text", "text", {}),
        ("parallel", "html", {"parallel": 2}),
    ):
        seen = collector_during_build(
            make_app, tmp_path / name, builder, confoverrides=TUNED, **options
        )
        assert seen["reading"] == (BUILD_THRESHOLDS, 0), name
        threshold, frozen = seen["writing"]
        assert threshold == BUILD_THRESHOLDS, name
        assert isinstance(frozen, int)
        assert frozen > 1000, f"{name}: the environment is out of the collector's way"
        assert seen["after"] == (before, 0), name


def test_gc_is_restored_when_the_build_fails(make_app, tmp_path):
    import gc

    import pytest
    from sphinx.errors import ExtensionError

    write_site(tmp_path / "site", site_pages(2))
    before = gc.get_threshold()
    app = make_app("html", srcdir=tmp_path / "site", confoverrides=TUNED)

    def fail(_app, _doctree, _docname) -> None:
        raise RuntimeError("a broken extension")

    app.connect("doctree-resolved", fail)
    with pytest.raises(ExtensionError):
        app.build()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_gc_leaves_objects_frozen_by_the_host_process_alone(make_app, tmp_path):
    import gc

    write_site(tmp_path / "site", site_pages(2))
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        seen = collector_during_build(make_app, tmp_path / "site", confoverrides=TUNED)
        # Frozen objects freed by reference counting leave the count, none join it.
        assert 0 < seen["writing"][1] <= frozen, "the build froze nothing of its own"
        assert 0 < gc.get_freeze_count() <= frozen, "the host's frozen objects stay frozen"
    finally:
        gc.unfreeze()


def cached_doctrees_while_building(make_app, srcdir, **kwargs):
    """Which documents Sphinx holds in memory after reading, and as pickles at the end."""
    app = make_app("html", srcdir=srcdir, **kwargs)
    seen: list[set[str]] = []
    # After sphinx-recap's own env-updated handler (default priority 500).
    app.connect(
        "env-updated", lambda _app, env: seen.append(set(env._write_doc_doctree_cache)), 900
    )
    app.build()
    return app, seen[0], set(app.env._pickled_doctree_cache)


def test_recap_doctrees_are_released_between_reading_and_writing(make_app, tmp_path):
    pages = site_pages(4) | {"about": "# About\n\nNo talks here.\n"}
    write_site(tmp_path / "released", pages)
    write_site(tmp_path / "kept", pages)
    released, in_memory, pickles = cached_doctrees_while_building(
        make_app, tmp_path / "released", confoverrides={"recap_release_doctrees": True}
    )
    ours = {f"recap-{n:02d}" for n in range(4)} | {"speakers"}
    assert ours.isdisjoint(in_memory)
    assert ours.isdisjoint(pickles)
    assert "about" in in_memory  # pages without talks are Sphinx's business

    kept, in_memory, _ = cached_doctrees_while_building(make_app, tmp_path / "kept")
    assert ours <= in_memory
    # Read back from the pickles, the pages come out the same.
    assert html_of(released) == html_of(kept)
    assert "Talk 3.2" in html_of(released)["recap-03.html"]


def test_parallel_build_with_released_doctrees_equals_serial(make_app, tmp_path):
    write_site(tmp_path / "serial", site_pages(6))
    shutil.copytree(tmp_path / "serial", tmp_path / "parallel")
    serial = build(make_app, tmp_path / "serial")
    released = {"recap_release_doctrees": True}
    parallel = build(make_app, tmp_path / "parallel", parallel=2, confoverrides=released)
    assert html_of(parallel) == html_of(serial)


def test_search_stems_with_the_c_stemmer_and_the_same_stems():
    """PyStemmer (the ``speed`` extra) gives Sphinx's search indexer the C build of the
    Snowball stemmer; its stems must be snowballstemmer's own, which the browser's
    stemmer expects."""
    import re
    from pathlib import Path

    import pytest

    stemmer = pytest.importorskip("Stemmer")
    from snowballstemmer.english_stemmer import EnglishStemmer
    from sphinx.search.en import SearchEnglish

    assert isinstance(SearchEnglish({}).stemmer, stemmer.Stemmer)
    docs = Path(__file__).parent.parent / "docs"
    words: set[str] = set()
    for page in docs.rglob("*.md"):
        if "_build" not in page.parts:
            words |= set(re.findall(r"[^\W\d_]+", page.read_text(encoding="utf-8").lower()))
    assert len(words) > 1000
    in_c, in_python = stemmer.Stemmer("english"), EnglishStemmer()
    assert {w: in_c.stemWord(w) for w in words} == {w: in_python.stemWord(w) for w in words}
