"""Translatable labels: the ``sphinx_recap`` message catalog.

Labels are marked with ``_`` from here (not Sphinx's own catalog, which does not
hold our strings), so translators can add ``locale/<lang>/LC_MESSAGES/sphinx_recap.po``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["MESSAGE_CATALOG", "_", "setup_i18n"]

MESSAGE_CATALOG = "sphinx_recap"
LOCALE_DIR = Path(__file__).parent / "locale"

_ = get_translation(MESSAGE_CATALOG)


def setup_i18n(app: Sphinx) -> None:
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
