"""sphinx-recap's garbage-collector tuning alone, as a Sphinx extension.

The benchmark adds it to the plain site for the "same GC tuning" build, so that
plain Sphinx runs with exactly what ``recap_tune_gc`` does (the same code, at
the same build events) and the ratio against it shows the extension's own cost.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from sphinx_recap import config
from sphinx_recap.gctune import setup_gc_tuning


def setup(app: Sphinx) -> dict[str, Any]:
    # sphinx-recap's own declaration of ``recap_tune_gc`` (and, unused here, the
    # other ``recap_*`` settings), so its default and type are not written twice.
    config.register(app)
    setup_gc_tuning(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
