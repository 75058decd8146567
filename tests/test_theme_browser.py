"""The ``recap`` theme in a real browser and a real validator.

Headless Chromium (Debian's ``chromium``, driven by Playwright, never a downloaded browser) runs
axe-core on the main page types in light and dark mode at desktop and phone widths, checks for
sideways scrolling, and writes screenshots to ``tests/screenshots/`` for review. The Nu HTML
Checker validates every generated page. Missing tools skip these tests locally and fail them in
CI (``CI`` set).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import built_and_served

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("RECAP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).parents[1]
VNU_JAR = Path(
    os.environ.get("RECAP_VNU_JAR", REPO / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
)
SCREENSHOTS = Path(__file__).parent / "screenshots"
#: The page types the issue asks for, by role.
PAGES = {
    "recap": "day3.html",
    "tag": "tags/kubernetes.html",
    "speaker": "speakers/joe-beda.html",
    "talks": "talks.html",
    "home": "index.html",
    "docs": "docs.html",
    "search": "search.html?q=kubernetes",
}
WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")


def missing(reason: str) -> None:
    """Skip locally, but fail in CI where the tools must be installed."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    """The ``theme`` root built once, served over HTTP on localhost."""
    with built_and_served(rootdir / "test-theme", tmp_path_factory.mktemp("browser")) as site:
        yield site


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        missing("axe-playwright-python is not installed")
    return Axe()


@contextlib.contextmanager
def open_page(browser, url: str, *, width: int, scheme: str, javascript: bool = True):
    """The page at *url* in a fresh context; yields it and the requests that left localhost."""
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
        java_script_enabled=javascript,
    )
    page = context.new_page()
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url) if not request.url.startswith("http://127.0.0.1:") else None
        ),
    )
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        yield page, foreign
    finally:
        context.close()


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", list(PAGES))
def test_page_passes_axe_without_overflow(site, browser, axe, role, width, scheme):
    _outdir, base = site
    with open_page(browser, base + PAGES[role], width=width, scheme=scheme) as (page, foreign):
        if role == "search":
            page.wait_for_selector("#search-results ul.search li", timeout=10_000)
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{role}-{width}-{scheme}.png", full_page=True)
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()
        assert _overflow(page) <= 0
        assert foreign == []
        theme = page.evaluate("getComputedStyle(document.documentElement).colorScheme")
        assert theme == scheme


@pytest.mark.parametrize("role", list(PAGES))
def test_no_sideways_scrolling_at_320px(site, browser, role):
    _outdir, base = site
    with open_page(browser, base + PAGES[role], width=320, scheme="light") as (page, _foreign):
        assert _overflow(page) <= 0


def test_recap_layout_matches_the_design(site, browser):
    _outdir, base = site
    with open_page(browser, base + "day3.html", width=1280, scheme="light") as (page, _foreign):
        tags = page.locator(".recap-post .recap-header .recap-tags").bounding_box()
        title = page.locator(".recap-post > h1").bounding_box()
        meta = page.locator(".recap-post .recap-meta").bounding_box()
        body = page.locator(".recap-post > p").first.bounding_box()
        assert tags["y"] + tags["height"] <= title["y"] < meta["y"]
        assert title["x"] == body["x"]  # the title lines up with the body column
        column = page.locator("main").bounding_box()
        assert column["width"] <= 800
        size = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.recap-post > p')).fontSize)"
        )
        assert size >= 16


def test_header_stacks_on_phones(site, browser):
    _outdir, base = site
    with open_page(browser, base + "docs.html", width=390, scheme="light") as (page, _foreign):
        brand = page.locator(".recap-brand").bounding_box()
        tools = page.locator(".recap-header-tools").bounding_box()
        assert tools["y"] >= brand["y"] + brand["height"]


def test_toggle_switches_and_remembers_dark_mode(site, browser):
    _outdir, base = site
    with open_page(browser, base + "day3.html", width=1280, scheme="light") as (page, _foreign):
        toggle = page.get_by_role("button", name="Dark mode")
        assert toggle.get_attribute("aria-pressed") == "false"
        toggle.click()
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        assert toggle.get_attribute("aria-pressed") == "true"
        page.goto(base + "docs.html")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(22, 24, 27)"
        page.get_by_role("button", name="Dark mode").click()
        assert page.evaluate("localStorage.getItem('recap-theme')") == "light"


def test_page_works_without_javascript(site, browser):
    _outdir, base = site
    with open_page(browser, base + "day3.html", width=390, scheme="dark", javascript=False) as (
        page,
        _foreign,
    ):
        assert not page.locator("button.recap-mode-toggle").is_visible()
        assert page.locator("main h1").is_visible()
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(22, 24, 27)"  # follows the system setting
        assert _overflow(page) <= 0


def nu_errors(pages: list[str]) -> list[str]:
    """The Nu HTML Checker's errors on ``pages``, as ``url:line: message``; the test is
    reported missing where Java or the checker is not installed."""
    java = shutil.which("java")
    if not java:
        missing("no Java runtime for the Nu HTML Checker")
    if not VNU_JAR.is_file():
        missing(f"no vnu.jar at {VNU_JAR} (npm install vnu-jar)")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages]


def test_every_page_passes_the_nu_html_checker(site):
    outdir, _base = site
    pages = sorted(str(path) for path in outdir.rglob("*.html"))
    assert len(pages) > 10
    assert nu_errors(pages) == []
