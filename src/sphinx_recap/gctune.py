"""Fewer and cheaper garbage collections while Sphinx builds.

Docutils trees are full of reference cycles (every node points at its parent),
so what a build allocates is left to Python's cyclic garbage collector, while a
big site keeps hundreds of megabytes alive: the environment and every
document's tree between reading and writing. With Python's default thresholds
the collector walks all of that again and again; on the 300-recap benchmark
site that was 40 % of the build, with or without this extension, and the share
grows with the site. Two measures, both measured by timing each collection
(``gc.callbacks``) on the benchmark sites:

- Larger thresholds let short-lived trees die young and make full collections
  rarer: at 300 recaps the collector's time fell from about 20 s to 7 s with no
  higher peak memory (larger values saved a little more time but cost a quarter
  more memory, and at 1,000 recaps made the young collections dearer than what
  they saved).
- Writing does not change the environment, yet at 1,000 recaps each full
  collection walked it again: 42 of them, 37 s of a 265 s build. When writing
  starts, one full collection frees what reading left behind and ``gc.freeze``
  moves every survivor out of the collector's sight until the build ends, so
  later collections walk only what writing allocates (the full ones fell to
  24 s). Sphinx's ``-j`` writers, forked after that, inherit the frozen heap.

The thresholds are set when the configuration is read (so ``-j`` workers, which
Sphinx forks, inherit them); thresholds and frozen objects are put back when
the build ends, so a process that runs Sphinx in-process, like a test suite,
gets its own setting back. A process that froze objects itself is left alone.
``recap_tune_gc = False`` leaves the collector alone.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

__all__ = ["BUILD_THRESHOLDS", "setup_gc_tuning"]

#: (young generation allocations, young collections per middle, middle per full)
BUILD_THRESHOLDS = (10_000, 10, 10)


class CollectorTuning:
    """Tunes the collector for one build and puts it back after."""

    def __init__(self) -> None:
        self.saved: tuple[int, int, int] | None = None
        self.froze = False

    def start(self, app: Sphinx, config: Config) -> None:
        if config.recap_tune_gc and self.saved is None:
            self.saved = gc.get_threshold()
            gc.set_threshold(*BUILD_THRESHOLDS)

    def freeze_environment(self, app: Sphinx, builder: Builder) -> None:
        """``write-started``: keep the environment out of every later collection."""
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
    app.connect("config-inited", tuning.start)
    # After the other handlers have set up what writing needs.
    app.connect("write-started", tuning.freeze_environment, priority=900)
    # Last, after every other handler has done its work.
    app.connect("build-finished", tuning.stop, priority=900)
