"""The ``recap`` theme on a documentation site, in headless Chromium.

Uses the ``theme-docs`` root (see ``test_theme_docs.py``) and the browser, axe and page helpers of
``test_theme_browser.py``. The site is built twice: with Sphinx's default inline line numbers and
with ``html_codeblock_linenos_style = "table"``.
"""

from __future__ import annotations

import pytest

from helpers import built_and_served
from sphinx_recap.theme.options import contrast_ratio
from test_theme_browser import (  # the shared fixtures and helpers
    SCREENSHOTS,
    _overflow,
    axe,  # noqa: F401
    browser,  # noqa: F401
    nu_errors,
    open_page,
)

pytestmark = pytest.mark.browser

#: Page roles the issue asks axe to check, with their file.
DOCS_ROOT = "test-theme-docs"
PAGES = {"api": "api.html", "code": "code.html", "tables": "tables.html", "toctree": "index.html"}
#: A 2x1 PNG, to check a raster logo gets the same height as the SVG one.
PNG_2X1 = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR4nGNg"
    "YGD4z8DAwMAAAAUEAQC2Q1ZpAAAAAElFTkSuQmCC"
)


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    with built_and_served(rootdir / DOCS_ROOT, tmp_path_factory.mktemp("docs-browser")) as site:
        yield site


@pytest.fixture(scope="module")
def table_site(rootdir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("docs-browser-table")
    with built_and_served(rootdir / DOCS_ROOT, tmp, html_codeblock_linenos_style="table") as site:
        yield site


def _hex(rgb: str) -> str:
    """``rgb(1, 2, 3)`` (as computed styles give it) as ``#010203``."""
    parts = rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]
    return "#" + "".join(f"{int(float(p)):02x}" for p in parts)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("role", list(PAGES))
def test_docs_page_passes_axe_without_overflow(site, browser, axe, role, width, scheme):  # noqa: F811
    _outdir, base = site
    with open_page(browser, base + PAGES[role], width=width, scheme=scheme) as (page, foreign):
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"docsite-{role}-{width}-{scheme}.png", full_page=True)
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()
        assert _overflow(page) <= 0
        assert foreign == []


@pytest.mark.parametrize("width", [1280, 390])
def test_viewbox_only_svg_and_png_logos_get_a_height(site, browser, width):  # noqa: F811
    _outdir, base = site
    with open_page(browser, base + "api.html", width=width, scheme="light") as (page, _foreign):
        box = page.locator("img.recap-logo-image").bounding_box()
        assert 40 <= box["height"] <= 64
        assert box["width"] > box["height"]  # the viewBox's 160:48 shape, not a square
        page.evaluate(f"document.querySelector('img.recap-logo-image').src = {PNG_2X1!r}")
        page.wait_for_function("document.querySelector('img.recap-logo-image').complete")
        png = page.locator("img.recap-logo-image").bounding_box()
        assert png["height"] == box["height"]
        assert png["width"] == pytest.approx(2 * png["height"], abs=1)


def test_prev_next_links_are_visible_at_the_end_of_the_article(site, browser):  # noqa: F811
    _outdir, base = site
    with open_page(browser, base + "code.html", width=390, scheme="light") as (page, _foreign):
        prev = page.locator("a[rel=prev]")
        assert prev.is_visible()
        assert "API reference" in prev.inner_text()
        article = page.locator("main article").bounding_box()
        links = page.locator("nav.recap-prev-next").bounding_box()
        assert links["y"] + links["height"] <= article["y"] + article["height"] + 1
        prev.click()
        page.wait_for_url("**/api.html")


def test_menu_opens_the_site_navigation_without_javascript(site, browser):  # noqa: F811
    _outdir, base = site
    with open_page(browser, base + "code.html", width=390, scheme="light", javascript=False) as (
        page,
        _foreign,
    ):
        summary = page.locator("details.recap-menu > summary")
        box = summary.bounding_box()
        assert summary.is_visible()
        assert box["y"] + box["height"] <= 900  # on the first screen
        link = page.locator("nav.recap-menu-nav a", has_text="Tables")
        assert not link.is_visible()
        summary.click()
        assert link.is_visible()
        assert _overflow(page) <= 0
    with open_page(browser, base + "code.html", width=1280, scheme="light") as (page, _foreign):
        assert not page.locator("details.recap-menu").is_visible()  # the sidebar has it


def test_sidebar_stays_in_view_on_wide_screens(site, browser):  # noqa: F811
    _outdir, base = site
    with open_page(browser, base + "api.html", width=1280, scheme="light") as (page, _foreign):
        sidebar = page.locator("aside.recap-sidebar")
        assert sidebar.evaluate("e => getComputedStyle(e).position") == "sticky"
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_function("window.scrollY > 0")
        box = sidebar.bounding_box()
        assert box["y"] >= 0
        assert box["y"] + box["height"] <= 900 + 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_signature_links_meet_contrast(site, browser, scheme):  # noqa: F811
    _outdir, base = site
    with open_page(browser, base + "api.html", width=1280, scheme=scheme) as (page, _foreign):
        pairs = page.evaluate(
            """() => [...document.querySelectorAll('dt.sig a:not(.headerlink)')].map(a => [
                getComputedStyle(a.querySelector('span') || a).color,
                getComputedStyle(a.closest('dt')).backgroundColor])"""
        )
        assert len(pairs) >= 6  # [source] links and type cross-references
        for colour, background in pairs:
            assert contrast_ratio(_hex(colour), _hex(background)) >= 4.5, (colour, background)


def test_source_link_stays_inside_the_class_signature_at_390px(site, browser):  # noqa: F811
    _outdir, base = site
    with open_page(browser, base + "api.html", width=390, scheme="light") as (page, _foreign):
        for signature in page.locator("dt.sig:has(.viewcode-link)").all():
            bar = signature.bounding_box()
            link = signature.locator(".viewcode-link").bounding_box()
            assert bar["x"] <= link["x"]
            assert link["x"] + link["width"] <= bar["x"] + bar["width"] + 0.5
            assert bar["y"] <= link["y"]
            assert link["y"] + link["height"] <= bar["y"] + bar["height"] + 0.5
        assert _overflow(page) <= 0


BROKEN_WORDS = """() => {
  const broken = [];
  for (const code of document.querySelectorAll('.recap-page-toc code')) {
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const tops = new Set();
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getBoundingClientRect();
        if (rect.width) tops.add(Math.round(rect.top));
      }
      if (tops.size > 1) broken.push(node.data);
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [1280, 1100, 390])
def test_page_toc_code_wraps_only_at_punctuation(site, browser, width):  # noqa: F811
    _outdir, base = site
    with open_page(browser, base + "api.html", width=width, scheme="light") as (page, _foreign):
        toc = page.locator("nav.recap-page-toc")
        assert toc.is_visible()
        assert page.evaluate(BROKEN_WORDS) == []
        long_entry = toc.locator("code", has_text="configure_")
        assert long_entry.bounding_box()["width"] <= toc.bounding_box()["width"] + 0.5


@pytest.mark.parametrize("style", ["inline", "table"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_line_numbers_are_quiet_and_not_copied(site, table_site, browser, axe, style, scheme):  # noqa: F811
    _outdir, base = site if style == "inline" else table_site
    with open_page(browser, base + "code.html", width=1280, scheme=scheme) as (page, _foreign):
        selector = "span.linenos" if style == "inline" else "td.linenos"
        numbers = page.locator(selector)
        assert numbers.count() >= 1
        look = numbers.first.evaluate(
            """e => { const s = getComputedStyle(e); return [s.userSelect, s.backgroundColor,
                s.borderTopStyle, s.color, s.fontWeight]; }"""
        )
        user_select, background, border, colour, weight = look
        assert user_select == "none"
        assert background == "rgba(0, 0, 0, 0)"
        assert border == "none"
        code = "div.highlight pre" if style == "inline" else "td.code pre"
        code_colour = page.locator(code).first.evaluate("e => getComputedStyle(e).color")
        assert colour != code_colour  # muted
        assert weight == "400"
        block = "div.highlight-python" if style == "inline" else "table.highlighttable"
        copied = page.locator(block).first.evaluate(
            """e => { const range = document.createRange(); range.selectNodeContents(e);
                const selection = getSelection(); selection.removeAllRanges();
                selection.addRange(range); return selection.toString(); }"""
        )
        assert copied.lstrip().startswith("def area")
        assert not any(line[:1].isdigit() for line in copied.splitlines())
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()


def test_docs_pages_pass_the_nu_html_checker(site):
    outdir, _base = site
    # viewcode's _modules pages put <div> inside <pre>: Sphinx's markup, not the theme's.
    pages = sorted(str(p) for p in outdir.rglob("*.html") if "_modules" not in p.parts)
    assert len(pages) >= 8
    assert nu_errors(pages) == []
