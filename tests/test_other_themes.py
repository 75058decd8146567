"""The extension at home in popular third-party themes (issue #20).

Each theme installed here (``pip install sphinx-recap[themes]``; the others skip) builds the
``themes`` root with warnings as errors and nitpicky references. In headless Chromium the pages
must not scroll sideways, speaker and recap cards keep their text off their borders, four-column
talk tables fit the content column, the wide talk index scrolls in its own labelled, focusable
region, and our badges, tag pills and meta text reach WCAG AA contrast in the theme's light mode
and, where it has one, its dark mode.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import test_theme_browser
from helpers import ANSI, served
from test_theme_browser import open_page

#: Headless Chromium, shared with the ``recap`` theme's browser tests.
browser = test_theme_browser.browser


#: Theme name -> configuration it needs on top of the root's conf.py, and whether it has a
#: dark mode that follows the reader's colour-scheme setting.
THEMES: dict[str, tuple[dict, bool]] = {
    "furo": ({}, True),
    "pydata_sphinx_theme": ({}, True),
    "sphinx_rtd_theme": ({}, False),
    "sphinx_book_theme": ({}, True),
    "shibuya": ({}, True),
    "sphinx_immaterial": (
        {
            "extensions": ["myst_parser", "sphinx_recap", "sphinx_immaterial"],
            "html_theme_options": {
                # Google Fonts would be downloaded at build time; tests stay offline.
                "font": False,
                "palette": [
                    {"media": "(prefers-color-scheme: light)", "scheme": "default"},
                    {"media": "(prefers-color-scheme: dark)", "scheme": "slate"},
                ],
            },
        },
        True,
    ),
}
GENERATED = (
    "talks.html",
    "archive.html",
    "tags/index.html",
    "tags/kubernetes.html",
    "speakers/index.html",
    "speakers/kelsey-hightower.html",
    "events/kubecon-eu-2024.html",
    "authors/index.html",
)
WIDTHS = (1280, 390)
#: Our elements whose colours must reach AA: badges, tag pills and the muted meta text.
CONTRAST_TARGETS = (
    ".recap-kind",
    ".recap-tag",
    ".recap-attendance",
    ".recap-meta",
    ".recap-talk-meta",
    ".recap-speaker-affiliation",
    ".recap-page-subtitle",
    ".recap-more",
)
#: Pages that together show every element above.
CONTRAST_PAGES = (
    "day1.html",
    "speakers.html",
    "talks.html",
    "tags/index.html",
    "tags/kubernetes.html",
)


@dataclasses.dataclass(frozen=True)
class Build:
    statuscode: int
    warnings: str
    outdir: Path


#: Builds one site in a process of its own: themes patch Sphinx at setup (sphinx-immaterial
#: wraps its event handlers, and its helper process is forked), which must not leak into
#: the other tests of the session nor fork next to Playwright's threads.
BUILD_SCRIPT = """
import io, json, sys
from sphinx.application import Sphinx
srcdir, outdir, overrides = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
warning = io.StringIO()
app = Sphinx(srcdir, srcdir, outdir, outdir + "/.doctrees", "html", confoverrides=overrides,
             status=None, warning=warning, freshenv=True)
app.build()
print(json.dumps({"statuscode": app.statuscode, "warnings": warning.getvalue()}))
"""


def build(theme: str, srcdir: Path) -> Build:
    """The ``themes`` root built with *theme*, nitpicky, in a fresh Python process."""
    overrides, _dark = THEMES[theme]
    outdir = srcdir.parent / "html"
    confoverrides = {"html_theme": theme, "nitpicky": True, **overrides}
    result = subprocess.run(
        [sys.executable, "-c", BUILD_SCRIPT, str(srcdir), str(outdir), json.dumps(confoverrides)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return Build(report["statuscode"], ANSI.sub("", report["warnings"]), outdir)


@pytest.fixture(scope="module")
def builds(rootdir, tmp_path_factory):
    """Every installed theme's build."""
    builds = {}
    for theme in THEMES:
        if importlib.util.find_spec(theme) is None:
            continue
        srcdir = tmp_path_factory.mktemp(theme) / "src"
        shutil.copytree(rootdir / "test-themes", srcdir)
        builds[theme] = build(theme, srcdir)
    return builds


@pytest.fixture(scope="module", params=list(THEMES))
def site(request, builds):
    """The ``themes`` root as built with one theme, served over HTTP on localhost."""
    theme = request.param
    pytest.importorskip(theme)
    app = builds[theme]
    outdir = app.outdir
    with served(outdir) as base:
        yield theme, app, outdir, base


def test_builds_clean_with_nitpicky_references(site):
    theme, app, outdir, _base = site
    assert app.statuscode == 0
    assert app.warnings == "", theme
    for page in GENERATED:
        assert (outdir / page).is_file(), f"{theme}: {page}"
    assert (outdir / "_static" / "recap.css").is_file()
    assert "_static/recap.css" in (outdir / "tags" / "kubernetes.html").read_text("utf-8")


# -- in the browser --------------------------------------------------------------------------

OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"

#: The distance between a box's text and the inner edge of its border, the least of 4 sides.
INSET = """element => {
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const range = document.createRange();
  range.selectNodeContents(element);
  const text = range.getBoundingClientRect();
  return Math.min(
    text.left - (box.left + parseFloat(style.borderLeftWidth)),
    box.right - parseFloat(style.borderRightWidth) - text.right,
    text.top - (box.top + parseFloat(style.borderTopWidth)),
    box.bottom - parseFloat(style.borderBottomWidth) - text.bottom,
  );
}"""


def _pages(theme: str, width: int, scheme: str = "light") -> str:
    return f"{theme} at {width}px ({scheme})"


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(site, browser, width):
    theme, _app, _outdir, base = site
    for page_name in (*GENERATED, "day1.html", "speakers.html"):
        with open_page(browser, base + page_name, width=width, scheme="light") as (page, _):
            assert page.evaluate(OVERFLOW) <= 0, f"{page_name}: {_pages(theme, width)}"


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_card_text_keeps_off_the_border(site, browser, width):
    theme, _app, _outdir, base = site
    for page_name, selector in (
        ("speakers.html", ".recap-speaker"),
        ("speakers/kelsey-hightower.html", ".recap-speaker"),
        ("tags/kubernetes.html", ".recap-card"),
    ):
        with open_page(browser, base + page_name, width=width, scheme="light") as (page, _):
            cards = page.locator(selector)
            assert cards.count() > 0, f"{page_name}: {_pages(theme, width)}"
            for index in range(cards.count()):
                inset = cards.nth(index).evaluate(INSET)
                assert inset >= 8, f"{page_name} {selector} #{index}: {inset}px, {theme} {width}"


@pytest.mark.browser
def test_four_column_tables_fit_the_content_column(site, browser):
    theme, _app, _outdir, base = site
    for page_name in ("tags/kubernetes.html", "speakers/kelsey-hightower.html"):
        with open_page(browser, base + page_name, width=1280, scheme="light") as (page, _):
            table = page.locator("table.recap-talk-table").first
            assert table.locator("thead th").count() == 4
            fits = table.evaluate(
                """table => {
                  const region = table.closest('.recap-table-scroll') || table.parentElement;
                  const column = region.parentElement.getBoundingClientRect();
                  const box = table.getBoundingClientRect();
                  return region.scrollWidth <= region.clientWidth
                    && box.left >= column.left - 1 && box.right <= column.right + 1;
                }"""
            )
            assert fits, f"{page_name}: {theme}"
            # Cells wrap their text rather than cut it off.
            clipped = table.evaluate(
                """table => [...table.querySelectorAll('th, td')].filter(
                  cell => cell.scrollWidth > cell.clientWidth + 1).length"""
            )
            assert clipped == 0, f"{page_name}: {theme}"


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_wide_talk_index_scrolls_in_its_own_region(site, browser, width):
    theme, _app, _outdir, base = site
    with open_page(browser, base + "talks.html", width=width, scheme="light") as (page, _):
        tables = page.locator("table.recap-talk-table")
        assert tables.count() > 0
        for index in range(tables.count()):
            region = tables.nth(index).evaluate(
                """table => {
                  const region = table.closest('.recap-table-scroll');
                  if (!region) return null;
                  return {
                    tabindex: region.getAttribute('tabindex'),
                    role: region.getAttribute('role'),
                    label: region.getAttribute('aria-label'),
                    overflow: getComputedStyle(region).overflowX,
                    inside: region.getBoundingClientRect().right <= window.innerWidth,
                  };
                }"""
            )
            assert region is not None, f"{theme} {width}: table #{index} has no scroll region"
            assert region["tabindex"] == "0"
            assert region["role"] == "region"
            assert region["label"]
            assert region["overflow"] == "auto"
            assert region["inside"], f"{theme} {width}"
        assert page.evaluate(OVERFLOW) <= 0, f"{theme} {width}"


def _dark_active(page) -> bool:
    """Whether the page's background is dark (the theme followed the dark setting)."""
    return page.evaluate(
        """() => {
          for (const element of [document.querySelector('main, article, [role=main]'),
                                 document.body, document.documentElement]) {
            if (!element) continue;
            const colour = getComputedStyle(element).backgroundColor;
            const parts = colour.match(/[\\d.]+/g).map(Number);
            if (parts.length > 3 && parts[3] === 0) continue;
            const [r, g, b] = parts;
            return (0.2126 * r + 0.7152 * g + 0.0722 * b) < 128;
          }
          return false;
        }"""
    )


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_our_colours_reach_aa_contrast(site, browser, scheme):
    theme, _app, _outdir, base = site
    _overrides, has_dark = THEMES[theme]
    if scheme == "dark" and not has_dark:
        pytest.skip(f"{theme} has no dark mode")
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        pytest.skip("axe-playwright-python is not installed")
    axe = Axe()
    checked = 0
    for page_name in CONTRAST_PAGES:
        with open_page(browser, base + page_name, width=1280, scheme=scheme) as (page, _):
            assert _dark_active(page) == (scheme == "dark"), f"{theme}: not in {scheme} mode"
            present = [s for s in CONTRAST_TARGETS if page.locator(s).count()]
            if not present:
                continue
            results = axe.run(
                page,
                context={"include": [[selector] for selector in present]},
                options={"runOnly": ["color-contrast"]},
            )
            assert results.violations_count == 0, f"{theme} {scheme} {page_name}:\n" + (
                results.generate_report()
            )
            checked += sum(len(rule["nodes"]) for rule in results.response["passes"])
    assert checked > 20, f"{theme} {scheme}: only {checked} elements checked"


BADGE = """element => {
  const style = getComputedStyle(element);
  return [style.backgroundColor, style.color, style.fontSize, style.fontWeight, style.padding];
}"""


@pytest.mark.browser
def test_keynote_badge_looks_the_same_in_tables_and_on_pages(site, browser):
    theme, _app, _outdir, base = site
    looks = set()
    for page_name in ("day1.html", "talks.html", "tags/kubernetes.html"):
        with open_page(browser, base + page_name, width=1280, scheme="light") as (page, _):
            badges = page.locator(".recap-kind")
            assert badges.count() > 0, f"{theme}: no badge on {page_name}"
            looks |= {tuple(badges.nth(i).evaluate(BADGE)) for i in range(badges.count())}
    assert len(looks) == 1, f"{theme}: {looks}"
    assert next(iter(looks))[0] == "rgb(122, 75, 179)", theme  # the keynote colour, #7a4bb3


@pytest.mark.browser
def test_tag_cloud_is_rows_of_pills_without_bullets(site, browser):
    theme, _app, _outdir, base = site
    with open_page(browser, base + "tags/index.html", width=1280, scheme="light") as (page, _):
        cloud = page.locator("ul.recap-tag-cloud")
        assert cloud.evaluate("e => getComputedStyle(e).display") == "flex", theme
        items = page.locator("ul.recap-tag-cloud > li")
        assert items.count() >= 5
        for index in range(items.count()):
            item = items.nth(index)
            style = item.evaluate(
                """e => [getComputedStyle(e).listStyleType, getComputedStyle(e).marginLeft,
                        getComputedStyle(e, '::before').content]"""
            )
            assert style[0] == "none", theme
            assert style[1] == "0px", theme
            assert style[2] in ("none", "normal"), theme
        first, second = items.nth(0).bounding_box(), items.nth(1).bounding_box()
        assert second["x"] >= first["x"] + first["width"], f"{theme}: pills stack as a list"
        assert abs(second["y"] - first["y"]) < 2, f"{theme}: pills stack as a list"


@pytest.mark.browser
def test_screenshot_for_review(site, browser):
    """The Kubernetes tag page at 1280x800, written to tests/screenshots/themes/; the gallery
    in docs/howto/other-theme.md shows these (copied to docs/_static/themes/)."""
    theme, _app, _outdir, base = site
    folder = Path(__file__).parent / "screenshots" / "themes"
    folder.mkdir(parents=True, exist_ok=True)
    with open_page(browser, base + "tags/kubernetes.html", width=1280, scheme="light") as (
        page,
        _,
    ):
        page.set_viewport_size({"width": 1280, "height": 800})
        page.screenshot(path=folder / f"{theme}.png")
    assert (folder / f"{theme}.png").stat().st_size < 150_000
