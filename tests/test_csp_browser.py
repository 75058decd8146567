"""The Content-Security-Policy documented in docs/explanation/security.md holds in a browser."""

from __future__ import annotations

import http.server
import re
from pathlib import Path

import pytest

import helpers
from test_theme_browser import browser  # noqa: F401  (the shared Chromium fixture)

pytestmark = pytest.mark.browser

SECURITY_DOC = Path(__file__).parents[1] / "docs" / "explanation" / "security.md"
POLICY = re.search(
    r"^Content-Security-Policy: (.+)$", SECURITY_DOC.read_text(encoding="utf-8"), re.MULTILINE
)[1]
PAGES = [
    "day3.html",
    "tags/kubernetes.html",
    "speakers/joe-beda.html",
    "docs.html",
    "index.html",
    "search.html?q=kubernetes",
]
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


class _PolicyHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", POLICY)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(rootdir, tmp_path_factory):
    with (
        helpers.built(rootdir / "test-theme", tmp_path_factory.mktemp("csp")) as app,
        helpers.served(app.outdir, _PolicyHandler) as base,
    ):
        yield base


@pytest.mark.parametrize("path", PAGES)
def test_pages_work_under_the_documented_policy(served, browser, path):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    try:
        page.goto(served + path, wait_until="networkidle")
        toggle = page.locator(".recap-mode-toggle")
        if toggle.count() and toggle.first.is_visible():
            toggle.first.click()
            assert page.evaluate("document.documentElement.dataset.theme") in ("dark", "light")
        if path.startswith("search"):
            page.wait_for_selector("#search-results li, .search-summary", timeout=10_000)
        assert page.evaluate("window.__violations") == []
        assert [e for e in errors if "Content Security Policy" in e] == []
    finally:
        context.close()
