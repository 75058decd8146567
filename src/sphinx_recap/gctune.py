"""Opt-in (``recap_tune_gc = True``): fewer garbage collections in very large builds.

Docutils trees are full of reference cycles, so what a build allocates is left to
Python's cyclic collector, while a big site keeps hundreds of megabytes alive (the
environment and the documents between reading and writing). With Python's default
thresholds the collector walks all of that again and again: at 1,000 recaps that
is a large part of a build, with or without this extension. Two measures:

- larger thresholds while the build runs, so short-lived trees die young and full
  collections are rare;
- when writing starts, one full collection, then ``gc.freeze``: what reading left
  alive (the environment) is kept out of every later collection.

Both change the collector of the whole process, which is why they are off by
default: turn them on for sites of many hundreds of recaps. They are put back when
the build ends, on success or failure (``build-finished``); objects the host froze
itself are left alone.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

__all__ = ["BUILD_THRESHOLDS", "setup_gc_tuning"]

#: (young generation allocations, young collections per middle, middle per full)
BUILD_THRESHOLDS = (50_000, 20, 20)


class CollectorTuning:
    """Tunes the collector for one build and puts it back after."""

    def __init__(self) -> None:
        self.saved: tuple[int, int, int] | None = None
        self.froze = False

    def start(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """``env-before-read-docs``: the build has begun (``build-finished`` will come)."""
        if app.config.recap_tune_gc and self.saved is None:
            self.saved = gc.get_threshold()
            gc.set_threshold(*BUILD_THRESHOLDS)

    def start_writing(self, app: Sphinx, builder: Builder) -> None:
        """``write-started``: keep what reading left alive out of later collections."""
        if self.saved is not None and not self.froze and gc.get_freeze_count() == 0:
            gc.collect()
            gc.freeze()
            self.froze = True

    def stop(self, app: Sphinx, exception: Exception | None) -> None:
        if self.froze:
            gc.unfreeze()
            self.froze = False
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None


def setup_gc_tuning(app: Sphinx) -> None:
    tuning = CollectorTuning()
    app.connect("env-before-read-docs", tuning.start)
    # After the other handlers have set up what writing needs.
    app.connect("write-started", tuning.start_writing, priority=900)
    # Last, after every other handler has done its work.
    app.connect("build-finished", tuning.stop, priority=900)
