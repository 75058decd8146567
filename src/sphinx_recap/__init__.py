"""sphinx-recap: write up conferences and events with Sphinx.

The extension's parts are imported when Sphinx sets it up (:mod:`.extension`), not when
the package is: a site that uses only the ``recap`` theme (``sphinx_recap.theme``) does
not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__all__ = ["__version__", "setup"]


def setup(app: Sphinx) -> ExtensionMetadata:
    from .extension import setup as setup_extension  # noqa: PLC0415 (see above)

    return setup_extension(app)
