"""The extension's ``setup``: it only wires the parts together; each concern lives in its
own module."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.roles import XRefRole

from . import config
from .degrade import setup_degrade
from .directives import DIRECTIVES
from .doctreecache import setup_doctree_release
from .domain import RecapDomain, forget_page_names, warn_missing
from .feeds import setup_feeds
from .gctune import setup_gc_tuning
from .i18n import setup_i18n
from .metadata import read_recap
from .nodes import setup_nodes
from .pager import setup_pager
from .pages import setup_pages
from .recaplist import setup_listing_directives
from .talklines import setup_lines
from .theme import setup_extension_css
from .version import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence

    from docutils.nodes import Node, system_message
    from docutils.parsers.rst.states import Inliner
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata, RoleFunction


#: Bumped whenever what we store in the environment changes shape.
ENV_VERSION = 4


def _register_short_names(app: Sphinx, conf: Config) -> None:
    """``talk``/``keynote``/``speaker`` without the ``recap:`` prefix, unless turned off."""
    if not conf.recap_short_names:
        return
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive, override=True)
    for name in ("speaker", "talk", "tag"):
        app.add_role(name, _prefixed_role(name), override=True)


def _prefixed_role(name: str) -> RoleFunction:
    """A top-level role that behaves exactly like ``recap:<name>``."""
    role: XRefRole = RecapDomain.roles[name]

    def short_role(
        _name: str,
        rawtext: str,
        text: str,
        lineno: int,
        inliner: Inliner,
        options: dict[str, Any] | None = None,
        content: Sequence[str] = (),
    ) -> tuple[list[Node], list[system_message]]:
        return role(f"recap:{name}", rawtext, text, lineno, inliner, options or {}, content)

    return short_role


def setup(app: Sphinx) -> ExtensionMetadata:
    app.require_sphinx("8.1")
    config.register(app)
    setup_gc_tuning(app)
    setup_doctree_release(app)
    setup_i18n(app)
    app.add_domain(RecapDomain)
    for name, directive in DIRECTIVES.items():
        app.add_directive_to_domain(RecapDomain.name, name, directive)
    setup_nodes(app)
    setup_lines(app)
    setup_pager(app)
    setup_listing_directives(app)
    setup_pages(app)
    setup_feeds(app)
    setup_degrade(app)
    setup_extension_css(app)
    app.connect("config-inited", _register_short_names)
    app.connect("warn-missing-reference", warn_missing)
    app.connect("env-updated", forget_page_names)
    # Before Sphinx's metadata collector (priority 500) removes the docinfo node.
    app.connect("doctree-read", read_recap, priority=450)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
