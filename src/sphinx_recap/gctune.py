"""Fewer and cheaper garbage collections while Sphinx builds.

Docutils trees are full of reference cycles (every node points at its parent),
so what a build allocates is left to Python's cyclic garbage collector, while a
big site keeps hundreds of megabytes alive: the environment and every
document's tree between reading and writing. With Python's default thresholds
the collector walks all of that again and again; on the 300-recap benchmark
site that was 40 % of the build, with or without this extension, and the share
grows with the site. Three measures, each measured by timing every collection
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
- What an HTML page allocates (its tree, and with a theme like alabaster the
  whole site's navigation, 69,000 objects a page at 1,000 recaps) dies when the
  page is written. Collections counted by allocations came in the middle of a
  page, found its trees alive and moved them to older generations, to be walked
  again there: at 1,000 recaps 5,500 young, 500 middle and 45 full collections
  took 72 s while pages were written. So while an HTML builder writes, the
  collector runs once per page instead (``html-page-context``), when the last
  page's objects are all garbage, with a full collection every 50 pages for the
  trees of pages that were still being written at a boundary; the young
  threshold is raised so that only a page allocating far more than usual
  triggers a collection of its own. The same build: 37 s, and 60 MiB less
  peak memory. Sphinx's ``-j`` writers (and sphinx-recap's own) are forked
  with a chunk of pages each: at its first page a writer freezes what it
  inherited (the environment, its chunk's documents: kept until it exits
  anyway; garbage among it goes when the writer exits), then paces its own
  pages the same way, while the main process, which resolves documents
  meanwhile, keeps counted collections. Paced without that freeze, each
  writer walked, and so copied, what it inherited, and ``-j 2`` took 1.2 to
  1.5 times as long as ``-j 1``; with it, alabaster's ``-j 2`` at 1,000
  recaps went from 297 s to 208 s.

The thresholds are set when the configuration is read (so ``-j`` workers, which
Sphinx forks, inherit them); thresholds and frozen objects are put back when
the build ends, so a process that runs Sphinx in-process, like a test suite,
gets its own setting back. A process that froze objects itself is left alone.
``recap_tune_gc = False`` leaves the collector alone.
"""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING, Any

from sphinx.builders.html import StandaloneHTMLBuilder

from .workers import parallel_workers

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

__all__ = ["BUILD_THRESHOLDS", "PAGES_PER_FULL_COLLECTION", "PAGE_THRESHOLDS", "setup_gc_tuning"]

#: (young generation allocations, young collections per middle, middle per full)
BUILD_THRESHOLDS = (10_000, 10, 10)
#: While HTML pages are written: collections come with the pages, and the young
#: threshold only bounds what one page may allocate before the collector runs.
PAGE_THRESHOLDS = (200_000, 10, 10)
#: A full collection every so many pages.
PAGES_PER_FULL_COLLECTION = 50


class CollectorTuning:
    """Tunes the collector for one build and puts it back after."""

    def __init__(self) -> None:
        self.saved: tuple[int, int, int] | None = None
        self.froze = False
        self.pages = 0
        #: The process whose HTML pages pace the collector (0: none); a process
        #: other than this one is a forked ``-j`` writer.
        self.pacing_pid = 0

    def start(self, app: Sphinx, config: Config) -> None:
        if config.recap_tune_gc and self.saved is None:
            self.saved = gc.get_threshold()
            gc.set_threshold(*BUILD_THRESHOLDS)

    def start_writing(self, app: Sphinx, builder: Builder) -> None:
        """``write-started``: keep the environment out of every later collection,
        and let HTML pages pace the collector."""
        if self.saved is None:
            return
        if not self.froze and gc.get_freeze_count() == 0:
            gc.collect()
            gc.freeze()
            self.froze = True
        if isinstance(builder, StandaloneHTMLBuilder):
            self.pages, self.pacing_pid = 0, os.getpid()
            # With -j the main process resolves documents for forked writers,
            # with few pages of its own: it keeps counted collections.
            if parallel_workers(app) == 1:
                gc.set_threshold(*PAGE_THRESHOLDS)

    def between_pages(self, app: Sphinx, *page: Any) -> None:
        """``html-page-context``: the previous page is written, its objects are garbage."""
        if not self.pacing_pid:
            return
        if os.getpid() != self.pacing_pid:
            # The first page of a forked writer: walking what it inherited would
            # copy it into this process, and it is kept until the writer exits.
            gc.freeze()
            gc.set_threshold(*PAGE_THRESHOLDS)
            self.pages, self.pacing_pid = 0, os.getpid()
        self.pages += 1
        gc.collect(2 if self.pages % PAGES_PER_FULL_COLLECTION == 0 else 1)

    def stop(self, app: Sphinx, exception: Exception | None) -> None:
        self.pacing_pid = 0
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
    app.connect("write-started", tuning.start_writing, priority=900)
    # First, before the page's own handlers allocate anything.
    app.connect("html-page-context", tuning.between_pages, priority=100)
    # Last, after every other handler has done its work.
    app.connect("build-finished", tuning.stop, priority=900)
