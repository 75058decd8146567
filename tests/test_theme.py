"""The bundled ``recap`` theme: page structure, options, colours and weight."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pygments.style import StyleMeta
from pygments.token import Text

import helpers
from sphinx_recap.theme import options as theme_options
from sphinx_recap.theme.options import contrast_ratio, validate
from sphinx_recap.theme.pygments_styles import RecapDarkStyle, RecapLightStyle

THEME_STATIC = Path(__file__).parents[1] / "src/sphinx_recap/theme/recap/static"
EXTENSION_CSS = Path(__file__).parents[1] / "src/sphinx_recap/static/recap.css"
#: The theme's own CSS and JS that every page loads, in bytes after gzip.
BUDGET_GZIPPED = 20 * 1024


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def built(rootdir, tmp_path_factory):
    """The ``theme`` root built once for the structure tests, which only read it."""
    with helpers.built(rootdir / "test-theme", tmp_path_factory.mktemp("theme")) as app:
        yield app


# -- page shell --------------------------------------------------------------


def test_skip_link_targets_main_landmark(built):
    page = soup(built, "day3.html")
    skip = page.body.find("a")
    assert skip["class"] == ["recap-skip-link"]
    assert skip["href"] == "#recap-main"
    main = page.find(id="recap-main")
    assert main.name == "main"
    assert main["role"] == "main"  # Sphinx's search summaries look for [role=main]
    assert len(page.find_all("main")) == 1


def test_header_has_logo_nav_landmark_and_search(built):
    page = soup(built, "day3.html")
    header = page.find("header", class_="recap-site-header")
    assert header.find("a", class_="recap-logo").get_text(strip=True) == "TN."
    nav = header.find("nav", class_="recap-nav")
    assert nav["aria-label"] == "Main"
    assert [a.get_text() for a in nav.find_all("a")] == ["home", "talks", "tags", "docs"]
    assert [a["href"] for a in nav.find_all("a")] == [
        "index.html",
        "talks.html",
        "tags/index.html",
        "docs.html",
    ]
    form = header.find("search").find("form")
    assert form["action"] == "search.html"
    assert form.find("input", attrs={"name": "q"})["aria-label"] == "Search"


def test_home_shows_full_logo_and_marks_current_page(built):
    page = soup(built, "index.html")
    logo = page.find("a", class_="recap-logo")
    assert logo.get_text(strip=True) == "Theme Notes"
    assert logo["aria-current"] == "page"
    current = page.select("nav.recap-nav a[aria-current=page]")
    assert [a.get_text() for a in current] == ["home"]


def test_nav_links_are_relative_from_nested_pages(built):
    page = soup(built, "tags/kubernetes.html")
    hrefs = [a["href"] for a in page.select("nav.recap-nav a")]
    assert hrefs == ["../index.html", "../talks.html", "index.html", "../docs.html"]
    assert not page.select_one("nav.recap-nav a[aria-current=page]")
    index = soup(built, "tags/index.html")
    assert index.select_one("nav.recap-nav a[aria-current=page]").get_text() == "tags"


def test_social_links_have_accessible_names(built):
    page = soup(built, "day3.html")
    links = page.select("ul.recap-social a")
    assert [(a["aria-label"], a["href"]) for a in links] == [
        ("Email", "mailto:lee@example.org"),
        ("GitHub", "https://github.com/leebriggs"),
        ("Mastodon", "https://hachyderm.io/@lee"),
        ("LinkedIn", "https://www.linkedin.com/in/lee-briggs"),
        ("Atom feed", "atom.xml"),
    ]
    assert page.select_one("a[aria-label=Mastodon]")["rel"] == ["me"]
    assert page.select_one("a.recap-feed-link")["type"] == "application/atom+xml"
    for svg in page.select("ul.recap-social svg"):
        assert svg["aria-hidden"] == "true"
        assert svg["focusable"] == "false"


def test_dark_mode_toggle_is_a_button_hidden_without_javascript(built):
    page = soup(built, "day3.html")
    toggle = page.select_one("button.recap-mode-toggle")
    assert toggle["type"] == "button"
    assert toggle["aria-label"] == "Dark mode"
    assert toggle["aria-pressed"] == "false"
    assert toggle.has_attr("hidden")
    head_script = page.head.find("script", string=re.compile("localStorage"))
    assert "recap-theme" in head_script.string
    assert "data-theme" not in str(page.html.attrs)


def test_footer_is_built_from_copyright_and_project(built):
    footer = soup(built, "docs.html").find("footer")
    assert footer.select_one(".recap-footer-rule")["aria-hidden"] == "true"
    text = " ".join(footer.select_one(".recap-footer-credit").get_text().split())
    assert text == "© 2026, Lee Briggs | Theme Notes, recap theme for Sphinx."
    assert footer.select_one(".recap-footer-credit a")["href"].startswith("https://")


def test_canonical_link_comes_from_html_baseurl(built):
    link = soup(built, "day3.html").find("link", rel="canonical")
    assert link["href"] == "https://recap.example.org/day3.html"


def test_stylesheets_and_script_are_local_and_loaded_once(built):
    page = soup(built, "day3.html")
    css = [link["href"].split("?")[0] for link in page.find_all("link", rel="stylesheet")]
    assert css.count("_static/recap.css") == 1
    assert "_static/recap-theme.css" in css
    assert "_static/recap-pygments-dark.css" in css
    assert "_static/basic.css" not in css
    script = page.find("script", src=re.compile("recap-theme.js"))
    assert script.has_attr("defer")
    for tag in page.find_all(["link", "script", "img"]):
        url = tag.get("src") or (
            tag.get("href") if tag.name != "link" or "stylesheet" in tag.get("rel", []) else None
        )
        assert not url or not re.match(r"(https?:)?//", url), url


def test_dark_code_colours_follow_toggle_and_system(built):
    css = (Path(built.outdir) / "_static/recap-pygments-dark.css").read_text()
    assert 'html[data-theme="dark"] .highlight .k' in css
    assert "@media (prefers-color-scheme: dark)" in css
    assert 'html:not([data-theme="light"]) .highlight' in css


# -- recap pages ------------------------------------------------------------


def test_recap_keeps_title_first_and_tags_have_a_hue(built):
    page = soup(built, "day3.html")
    post = page.select_one("section.recap-post")
    assert post.find(recursive=False).name == "h1"
    tags = post.select(".recap-header .recap-tags a.recap-tag")
    assert [t.get_text() for t in tags] == ["#kubernetes", "#conference", "#recap"]
    for tag in page.select("a.recap-tag"):
        assert any(re.fullmatch(r"recap-tag-hue-[0-7]", c) for c in tag["class"])
    assert "recap-is-post" in page.body["class"]


def test_long_recap_gets_page_toc_but_no_site_navigation(built):
    page = soup(built, "day3.html")
    assert page.select_one("aside.recap-sidebar nav.recap-page-toc")
    assert not page.select_one("nav.recap-sidebar-nav")
    short = soup(built, "day2.html")
    assert not short.select_one("aside.recap-sidebar")
    assert "recap-with-sidebar" not in short.select_one(".recap-layout")["class"]


def test_docs_page_gets_toctree_navigation(built):
    page = soup(built, "docs.html")
    nav = page.select_one("aside.recap-sidebar nav.recap-sidebar-nav")
    assert nav["aria-labelledby"] == "recap-sidebar-nav-title"
    assert nav.select_one("a.current")["href"] == "#"
    assert "recap-with-sidebar" in page.select_one(".recap-layout")["class"]


def test_generated_pages_use_the_theme_layout(built):
    for name, kind in (("tags/kubernetes.html", "tag"), ("talks.html", "talks")):
        page = soup(built, name)
        assert f"recap-is-{kind}" in page.body["class"]
        assert page.select_one("main#recap-main article.recap-article")
        assert page.find("footer", class_="recap-site-footer")


def test_search_page_keeps_sphinx_search(built):
    page = soup(built, "search.html")
    assert page.find(id="search-results")
    assert page.find("script", src=re.compile("searchtools.js"))
    assert page.select_one("main#recap-main h1").get_text() == "Search"


# -- options ------------------------------------------------------------------


def test_options_build_links_from_handles():
    settings = validate(
        {
            "email": "mailto:a@example.org",
            "github": "@octo",
            "mastodon": "ana@fosstodon.org",
            "linkedin": "https://www.linkedin.com/in/ana",
            "feed": "https://example.org/feed.xml",
            "nav_links": '{"posts": "archive", "about": "https://example.org/about"}',
        }
    )
    assert [link.target for link in settings.social_links] == [
        "mailto:a@example.org",
        "https://github.com/octo",
        "https://fosstodon.org/@ana",
        "https://www.linkedin.com/in/ana",
    ]
    assert settings.feed.kind == "external"
    assert [(link.title, link.kind) for link in settings.nav_links] == [
        ("posts", "page"),
        ("about", "external"),
    ]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("dark_mode", "sepia", "'dark_mode' must be one of auto, light, dark, off"),
        ("page_toc", True, "'page_toc' must be one of auto, always, never"),
        ("accent_color", "mint", "must be a hex colour"),
        ("accent_color", "#eeeeee", "too little contrast"),
        ("show_theme_credit", "maybe", "must be true or false"),
        ("navigation_depth", 0, "whole number of 1 or more"),
        ("nav_links", [["home"]], "expected [title, url]"),
        ("nav_links", "home=index", "not JSON"),
        ("email", "lee.example.org", "not an email address"),
        ("mastodon", "lee", "neither an https URL nor a @user@server handle"),
        ("github", "a b", "neither an https URL nor a user name"),
        ("nav_links", [["Home", "javascript:alert(1)"]], "'javascript:' is not allowed"),
        ("nav_links", [["Data", " data:text/html,<b>x</b>"]], "'data:' is not allowed"),
        ("nav_links", [["VB", "vbscript:msgbox(1)"]], "'vbscript:' is not allowed"),
        ("feed", "javascript:alert(1)", "'javascript:' is not allowed"),
        ("github", "javascript:alert(1)", "'javascript:' is not allowed"),
        ("mastodon", "data:text/html,x", "'data:' is not allowed"),
        ("linkedin", "vbscript:x", "'vbscript:' is not allowed"),
        ("logo_text", 3, "must be a string"),
    ],
)
def test_bad_option_warns_and_falls_back(option, value, message, caplog, monkeypatch):
    warnings: list[tuple[str, dict]] = []
    monkeypatch.setattr(
        theme_options.logger, "warning", lambda msg, **kw: warnings.append((msg, kw))
    )
    settings = validate({option: value})
    assert len(warnings) == 1
    text, kwargs = warnings[0]
    assert message in text
    assert kwargs == {"type": "recap", "subtype": "theme"}
    defaults = validate({})
    field = option if hasattr(defaults, option) else None
    if option in {"email", "mastodon", "github", "linkedin"}:
        assert settings.social_links == ()
    elif field:
        assert getattr(settings, field) == getattr(defaults, field)


@pytest.mark.sphinx(
    "html",
    testroot="theme",
    confoverrides={"html_theme_options": {"dark_mode": "night", "accent_color": "pink"}},
)
def test_bad_options_are_reported_as_recap_theme_warnings(app, warning):
    app.build()
    log = warning.getvalue()
    assert re.search(r"WARNING: theme option 'dark_mode'.*\[recap\.theme\]", log)
    assert re.search(r"WARNING: theme option 'accent_color'.*\[recap\.theme\]", log)
    assert log.count("[recap.theme]") == 2  # once per build, not once per page
    assert not soup(app, "day3.html").find("style")


@pytest.mark.sphinx(
    "html",
    testroot="theme",
    confoverrides={
        "html_theme_options": {
            "dark_mode": "off",
            "show_theme_credit": False,
            "footer_text": "Written on trains.",
            "accent_color": "#0b6e5a",
            "show_search": "no",
            "page_toc": "never",
        }
    },
)
def test_options_change_the_page(app, warning):
    app.build()
    assert "[recap.theme]" not in warning.getvalue()
    page = soup(app, "day3.html")
    assert page.html["data-theme"] == "light"
    assert page.html["lang"] == "en"
    assert not page.select_one("button.recap-mode-toggle")
    assert not page.find("script", src=re.compile("recap-theme.js"))
    assert not page.find("link", href=re.compile("recap-pygments-dark"))
    assert "--recap-accent:#0b6e5a" in page.head.find("style").string
    footer = page.find("footer")
    assert not footer.select_one(".recap-footer-credit a")
    assert footer.select_one(".recap-footer-text").get_text() == "Written on trains."
    assert not page.select_one("header search")
    assert not page.select_one("nav.recap-page-toc")


@pytest.mark.sphinx(
    "html", testroot="theme", confoverrides={"html_theme_options": {"dark_mode": "dark"}}
)
def test_dark_default_is_set_on_the_server(app):
    app.build()
    page = soup(app, "docs.html")
    assert page.html["data-theme"] == "dark"
    assert page.select_one("button.recap-mode-toggle")


@pytest.mark.sphinx("html", testroot="theme-alabaster")
def test_other_themes_get_the_extension_stylesheet_only(app):
    app.build()
    page = soup(app, "index.html")
    css = [link["href"].split("?")[0] for link in page.find_all("link", rel="stylesheet")]
    assert css.count("_static/recap.css") == 1
    assert not any("recap-theme" in href for href in css)
    assert (Path(app.outdir) / "_static/recap.css").is_file()


# -- colours and weight ---------------------------------------------------------


def _custom_properties(css: str, selector: str) -> dict[str, str]:
    block = re.search(re.escape(selector) + r"\s*\{(.*?)\}", css, re.DOTALL).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\b", block))


@pytest.mark.parametrize("selector", [":root", 'html[data-theme="dark"]'])
def test_palette_meets_wcag_aa(selector):
    palette = _custom_properties((THEME_STATIC / "recap-theme.css").read_text(), selector)
    bg = palette["recap-bg"]
    for surface in (bg, palette["recap-code-bg"], palette["recap-quote-bg"]):
        for role in ("recap-text", "recap-link-hover"):
            assert contrast_ratio(palette[role], surface) >= 4.5, (role, surface)
    # Links and grey text sit on the page and in quotes; on code panels links use the hover
    # shade and headerlinks the code text colour.
    for surface in (bg, palette["recap-quote-bg"]):
        for role in ("recap-link", "recap-muted", "recap-caption"):
            assert contrast_ratio(palette[role], surface) >= 4.5, (role, surface)
    assert contrast_ratio(palette["recap-code-text"], palette["recap-code-bg"]) >= 4.5
    assert contrast_ratio(palette["recap-star"], bg) >= 4.5
    assert contrast_ratio(palette["recap-accent"], bg) >= 3  # 48px bold logo
    assert contrast_ratio(palette["recap-icon-accent"], bg) >= 3  # UI icons
    hues = [palette[f"recap-hue-{n}"] for n in range(8)] + [palette["recap-hue-default"]]
    assert len(set(hues[:8])) == 8
    for hue in hues:
        assert contrast_ratio("#ffffff", hue) >= 4.5, hue


def test_dark_palette_is_the_same_for_toggle_and_system():
    css = (THEME_STATIC / "recap-theme.css").read_text()
    toggled = _custom_properties(css, 'html[data-theme="dark"]')
    system = _custom_properties(css, 'html:not([data-theme="light"])')
    assert toggled == system


def test_extension_stylesheet_badges_meet_wcag_aa():
    css = EXTENSION_CSS.read_text()
    backgrounds = re.findall(r"(?:background|--recap-tag-bg):[^;]*?(#[0-9a-fA-F]{6})", css)
    assert len(backgrounds) >= 14
    for colour in backgrounds:
        assert contrast_ratio("#ffffff", colour) >= 4.5, colour


@pytest.mark.parametrize("style", [RecapLightStyle, RecapDarkStyle])
def test_code_token_colours_meet_wcag_aa(style: StyleMeta):
    background = style.background_color
    for token, rules in style:
        if rules["color"]:
            assert contrast_ratio("#" + rules["color"], background) >= 4.5, token
    base = style.style_for_token(Text)
    assert contrast_ratio("#" + base["color"], style.highlight_color) >= 4.5


def test_css_and_js_fit_the_budget(built):
    static = Path(built.outdir) / "_static"
    files = [
        "recap-theme.css",
        "recap.css",
        "recap-pygments-dark.css",
        "pygments.css",
        "recap-theme.js",
    ]
    total = sum(len(gzip.compress((static / name).read_bytes(), 9)) for name in files)
    assert total <= BUDGET_GZIPPED
