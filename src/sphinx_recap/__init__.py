"""sphinx-recap: write up conferences and events with Sphinx.

``setup`` only wires the parts together; each concern lives in its own module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import config
from .domain import RecapDomain, recap_domain
from .metadata import read_recap
from .nodes import setup_nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

#: Bumped whenever what we store in the environment changes shape.
ENV_VERSION = 1


def _register_short_names(app: Sphinx, conf: Config) -> None:
    """``talk``/``keynote``/``speaker`` without the ``recap:`` prefix, unless turned off."""
    if not conf.recap_short_names:
        return
    for name, directive in RecapDomain.directives.items():
        app.add_directive(name, directive, override=True)
    for name in ("speaker", "talk", "tag"):
        app.add_role(name, _prefixed_role(name), override=True)


def _prefixed_role(name: str):  # type: ignore[no-untyped-def]
    role = RecapDomain.roles[name]

    def short_role(_name, rawtext, text, lineno, inliner, options=None, content=()):  # type: ignore[no-untyped-def]
        return role(f"recap:{name}", rawtext, text, lineno, inliner, options or {}, content)

    return short_role


def _check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    recap_domain(env).check_consistency()


def setup(app: Sphinx) -> ExtensionMetadata:
    app.require_sphinx("8.1")
    config.register(app)
    app.add_domain(RecapDomain)
    setup_nodes(app)
    app.connect("config-inited", _register_short_names)
    # Before Sphinx's metadata collector (priority 500) removes the docinfo node.
    app.connect("doctree-read", read_recap, priority=450)
    app.connect("env-check-consistency", _check_consistency)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
