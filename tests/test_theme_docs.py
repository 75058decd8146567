"""The ``recap`` theme carrying ordinary documentation: logo, previous/next, navigation, API.

Built from the ``theme-docs`` root (a small documentation site with a viewBox-only SVG logo, a
three-level guide, autodoc with viewcode, numbered code and tables) and, for the blog pages, the
``theme`` root. The browser checks live in ``test_theme_docs_browser.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import built, soup, warnings_of
from sphinx_recap.theme.navigation import captions_with_levels, toc_with_break_points


@pytest.fixture(scope="module")
def docs(rootdir, tmp_path_factory):
    with built(rootdir / "test-theme-docs", tmp_path_factory.mktemp("docs")) as app:
        yield app


@pytest.fixture(scope="module")
def blog(rootdir, tmp_path_factory):
    with built(rootdir / "test-theme", tmp_path_factory.mktemp("blog")) as app:
        yield app


def page(app, name: str):  # type: ignore[no-untyped-def]
    return soup(Path(app.outdir) / name)


def test_docs_site_builds_without_warnings(docs):
    assert warnings_of(docs) == ""


def test_logo_image_replaces_the_text(docs):
    logo = page(docs, "api.html").select_one("a.recap-logo img.recap-logo-image")
    assert logo["src"] == "_static/logo.svg"
    assert logo["alt"] == "Widget Kit"


# -- previous / next ----------------------------------------------------------------


def test_prev_next_links_carry_the_neighbours_titles(docs):
    nav = page(docs, "api.html").select_one("article nav.recap-prev-next")
    prev, next_ = nav.select_one("a[rel=prev]"), nav.select_one("a[rel=next]")
    assert prev["href"] == "guide/advanced/tuning.html"
    assert prev.select_one(".recap-prev-next-title").get_text() == "Tuning"
    assert next_["href"] == "code.html"
    assert next_.select_one(".recap-prev-next-title").get_text() == "Code samples"


def test_first_and_last_pages_have_one_neighbour(docs):
    first = page(docs, "index.html").select_one("nav.recap-prev-next")
    assert [a["rel"] for a in first.find_all("a")] == [["next"]]
    last = page(docs, "tables.html").select_one("nav.recap-prev-next")
    assert [a["rel"] for a in last.find_all("a")] == [["prev"]]


def test_recaps_generated_pages_and_a_blog_home_get_no_prev_next(blog):
    recap = page(blog, "day3.html")
    assert not recap.select_one("nav.recap-prev-next")
    assert recap.select_one("nav.recap-pager")
    for name in ("tags/kubernetes.html", "talks.html", "speakers/joe-beda.html", "index.html"):
        assert not page(blog, name).select_one("nav.recap-prev-next"), name
    assert page(blog, "docs.html").select_one("nav.recap-prev-next a[rel=prev]")


# -- navigation -----------------------------------------------------------------------


def test_root_gets_site_navigation_when_the_header_has_no_links(docs):
    home = page(docs, "index.html")
    assert not home.select_one("nav.recap-nav")
    nav = home.select_one("aside.recap-sidebar nav.recap-sidebar-nav")
    assert [a["href"] for a in nav.find_all("a")] == [
        "guide/index.html",
        "api.html",
        "code.html",
        "tables.html",
    ]


def test_navigation_opens_the_current_branch_below_navigation_depth(docs):
    nav = page(docs, "guide/advanced/tuning.html").select_one("nav.recap-sidebar-nav")
    current = nav.select_one("a.current")
    assert current.get_text() == "Tuning"
    assert current.find_parent("li")["class"] == ["toctree-l3", "current"]
    # Other branches stay collapsed.
    api = page(docs, "api.html").select_one("nav.recap-sidebar-nav")
    assert not api.find("a", href="guide/install.html")


def test_navigation_captions_have_a_heading_level(docs, blog):
    for app, name in ((docs, "api.html"), (docs, "index.html"), (blog, "docs.html")):
        for chrome in page(app, name).select("header, aside"):
            for heading in chrome.select("[role=heading]"):
                assert heading.get("aria-level") == "3", (name, heading)


def test_menu_is_a_details_holding_the_site_navigation(docs, blog):
    menu = page(docs, "code.html").select_one("header details.recap-menu")
    assert menu.summary.get_text() == "Menu"
    nav = menu.select_one("nav.recap-menu-nav")
    assert nav["aria-label"] == "Site"
    assert nav.select_one("a.current").get_text() == "Code samples"
    # Recaps and generated pages keep the header of the design.
    for name in ("day3.html", "tags/kubernetes.html", "index.html"):
        assert not page(blog, name).select_one("details.recap-menu"), name


# -- API pages ------------------------------------------------------------------------


def test_page_toc_code_can_wrap_after_dots_and_underscores(docs):
    toc = page(docs, "api.html").select_one("nav.recap-page-toc")
    code = next(c for c in toc.select("code") if "configure" in c.get_text())
    assert str(code.span).startswith('<span class="pre">Widget.<wbr/>configure_<wbr/>rendering_')
    assert code.get_text() == "Widget.configure_rendering_pipeline_with_extra_options()"


def test_break_points_only_touch_code_text():
    toc = '<a href="#a.b">a_b <code><span class="pre">x.y_z</span></code></a>'
    assert toc_with_break_points(toc) == (
        '<a href="#a.b">a_b <code><span class="pre">x.<wbr>y_<wbr>z</span></code></a>'
    )
    pre = '<span class="pre">{}</span>'
    dunder = pre.format("Version.__init__()") + pre.format("__match_args__")
    assert toc_with_break_points(dunder) == (
        pre.format("Version.<wbr>__init__()") + pre.format("__match_<wbr>args__")
    )


def test_dark_code_colours_leave_line_numbers_to_the_theme(docs):
    css = (Path(docs.outdir) / "_static/recap-pygments-dark.css").read_text()
    assert "linenos" not in css
    assert 'html[data-theme="dark"] .highlight .k' in css


def test_toctree_captions_in_the_body_are_one_level_below_their_heading(docs):
    captions = page(docs, "index.html").select("main p.caption[role=heading]")
    assert [c.get("aria-level") for c in captions] == ["2", "2"]
    caption = '<p class="caption" role="heading">'
    nested = f"<h2>A</h2>{caption}B</p><h3>C</h3>{caption}D</p>"
    assert captions_with_levels(nested, level=2).count('aria-level="') == 2
    assert 'role="heading" aria-level="4">D' in captions_with_levels(nested, level=2)
