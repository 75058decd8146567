"""Nothing the author wrote is lost: documents and Sphinx's own pages keep their files,
generated pages that would take them move, and path settings cannot name Sphinx's pages."""

from __future__ import annotations

import shutil

import pytest

from helpers import normalized, output_files, recap_page, soup, warnings_of, write_site

BASE = 'html_baseurl = "https://collide.example.org/"\n'


def recap_warnings(app) -> list[str]:
    return [line for line in warnings_of(app).splitlines() if "[recap." in line]


def colliding_site(srcdir, conf: str = "") -> None:
    """An author's ``speakers`` page, a tag named ``index``, a speaker named ``Index``."""
    pages = {
        f"r{n}": recap_page(n, ["Ada Byron", "Index"], ["kubernetes", "index"]) for n in range(2)
    }
    pages["speakers"] = "# Our speakers\n\nBios written by hand.\n"
    write_site(srcdir, pages, BASE + conf)


def page_of(outdir, name: str, builder: str):
    path = outdir / (f"{name}/index.html" if builder == "dirhtml" else f"{name}.html")
    if builder == "dirhtml" and name.endswith("/index"):
        path = outdir / f"{name.removesuffix('/index')}/index.html"
    return path


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_documents_keep_their_files_and_generated_pages_move(make_app, tmp_path, builder):
    colliding_site(tmp_path / "site")
    app = make_app(builder, srcdir=tmp_path / "site")
    app.build()
    out = app.outdir
    warnings = recap_warnings(app)
    moved = {
        "tags/index-tag": "#index",
        "speakers/index-speaker": "Index",
    }
    if builder == "dirhtml":
        # speakers.md and the speaker index would both be speakers/index.html.
        moved["speakers/all-speakers"] = "Speakers"
        assert "Bios written by hand." in (out / "speakers" / "index.html").read_text()
        assert any("speakers.md" in w and "all-speakers" in w for w in warnings), warnings
    else:
        assert "Bios written by hand." in (out / "speakers.html").read_text()
    for name, title in moved.items():
        page = soup(page_of(out, name, builder))
        assert page.select_one("h1.recap-page-title").get_text() == title, name
    assert soup(page_of(out, "tags/index", builder)).select("ul.recap-tag-cloud")
    assert all("[recap.collision]" in w for w in warnings), warnings
    assert len(warnings) == len(moved), warnings
    # Links go where the pages are: the recap's #index tag and Index speaker.
    recap = soup(out / ("r1.html" if builder == "html" else "r1/index.html"))
    hrefs = {a.get_text(): a["href"] for a in recap.select("a.recap-tag, a.recap-speaker-link")}
    assert "index-tag" in hrefs["#index"]
    assert "index-speaker" in hrefs["Index"]


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("recap_tags_path", "."),
        ("recap_tags_path", ""),
        ("recap_tags_path", "/abs"),
        ("recap_speakers_path", "people/../.."),
        ("recap_speakers_path", "_static"),
        ("recap_events_path", "_images/events"),
        ("recap_talks_page", "genindex"),
        ("recap_archive_page", "search"),
        ("recap_archive_page", "index"),
        ("recap_talks_page", "py-modindex"),
    ],
)
def test_path_settings_that_would_replace_sphinxs_pages_fall_back(
    make_app, tmp_path, setting, value
):
    colliding_site(tmp_path / "site", f"{setting} = {value!r}\n")
    app = make_app("html", srcdir=tmp_path / "site")
    app.build()
    config_warnings = [w for w in recap_warnings(app) if "[recap.config]" in w]
    assert len(config_warnings) == 1, config_warnings
    assert setting in config_warnings[0]
    assert (app.outdir / "genindex.html").read_text().count("recap-page") == 0
    assert "Our speakers" in (app.outdir / "speakers.html").read_text()
    assert soup(app.outdir / "index.html").select_one("h1").get_text().startswith("Home")


def test_a_document_added_for_an_existing_tag_is_kept_by_an_incremental_build(make_app, tmp_path):
    colliding_site(tmp_path / "site")
    first = make_app("html", srcdir=tmp_path / "site")
    first.build()
    assert soup(first.outdir / "tags" / "kubernetes.html").select("div.recap-page-tag")
    (tmp_path / "site" / "tags").mkdir()
    (tmp_path / "site" / "tags" / "kubernetes.md").write_text(
        "# About Kubernetes\n\nOur own words on the tag.\n", encoding="utf-8"
    )
    again = make_app("html", srcdir=tmp_path / "site")
    again.build()
    assert "Our own words" in (again.outdir / "tags" / "kubernetes.html").read_text()
    assert soup(again.outdir / "tags" / "kubernetes-tag.html").select("div.recap-page-tag")
    shutil.copytree(tmp_path / "site", tmp_path / "clean", ignore=shutil.ignore_patterns("_build"))
    clean = make_app("html", srcdir=tmp_path / "clean")
    clean.build()
    files = {k: normalized(v) for k, v in output_files(again.outdir).items()}
    assert files == {k: normalized(v) for k, v in output_files(clean.outdir).items()}


def test_collisions_resolve_the_same_way_in_parallel(make_app, tmp_path):
    colliding_site(tmp_path / "serial")
    shutil.copytree(tmp_path / "serial", tmp_path / "parallel")
    serial = make_app("dirhtml", srcdir=tmp_path / "serial")
    serial.build()
    parallel = make_app("dirhtml", srcdir=tmp_path / "parallel", parallel=2)
    parallel.build()
    ours = {k: normalized(v) for k, v in output_files(parallel.outdir).items()}
    assert ours == {k: normalized(v) for k, v in output_files(serial.outdir).items()}
