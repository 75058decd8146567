"""The bundled ``recap`` HTML theme (the Pudhina Fresh look).

``setup`` registers the theme; it is also the ``sphinx.html_themes`` entry point. Theme options
are validated once per build (``builder-inited``); each page then only receives the ready-made
settings. :func:`setup_extension_css` lets the extension style its own HTML under other themes.
"""

from __future__ import annotations

import os
import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pygments.formatters import HtmlFormatter

from ..files import write_if_changed
from .navigation import captions_with_levels, site_navigation, toc_with_break_points
from .options import PAGE_TOC_MIN_ENTRIES, ThemeSettings, validate
from .pygments_styles import RecapDarkStyle

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.util.typing import ExtensionMetadata

THEME_PATH = Path(__file__).parent / "recap"
#: The extension's own stylesheet (its HTML contract), shared by every theme.
EXTENSION_STATIC = Path(__file__).parent.parent / "static"
EXTENSION_CSS = "recap.css"
DARK_PYGMENTS_CSS = "recap-pygments-dark.css"
LINENOS_RULE = re.compile(r"(td|span)\.linenos\b")


def uses_recap_theme(builder: Builder) -> bool:
    """Whether *builder* renders with ``recap`` or a theme that inherits from it."""
    theme = getattr(builder, "theme", None)
    if theme is None:
        return False
    return any(Path(path) == THEME_PATH for path in theme.get_theme_dirs())


def copy_extension_css(app: Sphinx, builder: Builder) -> None:
    """``write-started``: put the extension's stylesheet into ``_static``.

    Before pages are written, so their links carry its checksum; written by us rather
    than added to ``html_static_path``, which would change the user's configuration
    (and make every incremental build report it as changed).
    """
    if builder.format == "html":
        source = EXTENSION_STATIC / EXTENSION_CSS
        write_if_changed(Path(builder.outdir, "_static", EXTENSION_CSS), source.read_bytes())


def _extension_css_for_other_themes(app: Sphinx) -> None:
    if app.builder.format != "html" or uses_recap_theme(app.builder):
        return
    app.add_css_file(EXTENSION_CSS)
    app.connect("write-started", copy_extension_css)


def setup_extension_css(app: Sphinx) -> None:
    """Style the extension's HTML under any theme other than ``recap``.

    Call from the extension's ``setup``. The ``recap`` theme loads the same file itself.
    """
    app.connect("builder-inited", _extension_css_for_other_themes)


def _theme_options(builder: Builder) -> dict[str, Any]:
    """The theme's defaults with the user's ``html_theme_options`` on top.

    Unknown keys are left to Sphinx, which already warns about them.
    """
    defaults: dict[str, Any] = builder.theme.get_options({})  # type: ignore[attr-defined]
    user: dict[str, Any] = builder.config.html_theme_options
    return defaults | {key: value for key, value in user.items() if key in defaults}


def _html_tag(context: dict[str, Any], settings: ThemeSettings) -> str:
    attributes = []
    if context.get("language"):
        attributes.append(f'lang="{escape(context["language"])}"')
    attributes.append(f'data-content_root="{escape(context.get("content_root", ""))}"')
    if settings.dark_mode != "auto":
        # Set on the server so the page has the right colours before (and without) JavaScript.
        forced = "light" if settings.dark_mode == "off" else settings.dark_mode
        attributes.append(f'data-theme="{forced}"')
    return f"<html {' '.join(attributes)}>"


class _PageContext:
    """Adds the validated settings to every page; holds no state beyond one build's settings."""

    def __init__(self, settings: ThemeSettings) -> None:
        self.settings = settings

    def __call__(
        self,
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: nodes.document | None,
    ) -> None:
        settings = self.settings
        context["recap_theme"] = settings
        context["recap_is_post"] = _is_recap(app, pagename)
        context["html_tag"] = _html_tag(context, settings)
        toc = context.get("toc") or ""
        context["recap_show_page_toc"] = bool(context.get("display_toc")) and (
            settings.page_toc == "always"
            or (settings.page_toc == "auto" and toc.count("<li>") >= PAGE_TOC_MIN_ENTRIES)
        )
        context["recap_site_nav"] = site_navigation(app, pagename, context, settings)
        if context.get("body"):
            context["body"] = captions_with_levels(context["body"], level=2)
        if "<code" in toc:
            context["toc"] = toc_with_break_points(toc)
        context["recap_readthedocs"] = bool(
            context.get("READTHEDOCS") or os.environ.get("READTHEDOCS")
        )


def _is_recap(app: Sphinx, pagename: str) -> bool:
    """Whether *pagename* is a recap, read from the extension's domain when it is loaded."""
    try:
        domain = app.env.domains["recap"]
    except KeyError:
        return False
    return pagename in getattr(domain, "recaps", {})


def _scoped(css: str) -> str:
    """Pygments' rules without its unscoped line-number rules.

    Pygments writes ``td.linenos``/``span.linenos`` rules without the given prefix, so the dark
    file would paint dark boxes behind line numbers in light mode; ``recap-theme.css`` styles
    line numbers itself, with the palette's custom properties.
    """
    return "\n".join(line for line in css.splitlines() if not LINENOS_RULE.match(line))


def _write_dark_pygments_css(app: Sphinx, builder: Builder) -> None:
    """Dark code colours that follow both ``prefers-color-scheme`` and the toggle.

    Sphinx's own ``pygments_dark_style`` only follows the media query, so the theme writes its
    own file with the rules scoped to the active colour scheme. Written when writing starts,
    so pages link it with its checksum.
    """
    formatter = HtmlFormatter(style=RecapDarkStyle)
    forced = _scoped(formatter.get_style_defs('html[data-theme="dark"] .highlight'))  # type: ignore[no-untyped-call]
    automatic = _scoped(formatter.get_style_defs('html:not([data-theme="light"]) .highlight'))  # type: ignore[no-untyped-call]
    css = f"{forced}\n@media (prefers-color-scheme: dark) {{\n{automatic}\n}}\n"
    write_if_changed(Path(builder.outdir, "_static", DARK_PYGMENTS_CSS), css.encode())


def renders_templates(builder: Builder) -> bool:
    """Whether *builder* lays pages out with the theme's templates: the ``json`` and
    ``pickle`` builders store each page's context instead, for another program to lay
    out, and our settings object is neither JSON nor theirs to load."""
    from sphinxcontrib.serializinghtml import SerializingHTMLBuilder  # noqa: PLC0415

    return not isinstance(builder, SerializingHTMLBuilder)


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html" or not uses_recap_theme(app.builder):
        return
    settings = validate(_theme_options(app.builder))
    app.add_css_file(EXTENSION_CSS, priority=450)
    app.connect("write-started", copy_extension_css)
    if settings.dark_mode != "off":
        app.add_css_file(DARK_PYGMENTS_CSS, priority=460)
        app.add_js_file("recap-theme.js", loading_method="defer")
    if renders_templates(app.builder):
        app.connect("html-page-context", _PageContext(settings))
    app.connect("write-started", _write_dark_pygments_css)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_html_theme("recap", str(THEME_PATH))
    app.connect("builder-inited", _builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
