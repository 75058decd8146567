"""The bundled ``recap`` HTML theme (the Pudhina Fresh look)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

THEME_PATH = Path(__file__).parent / "recap"


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_html_theme("recap", str(THEME_PATH))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
