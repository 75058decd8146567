"""Generated output made in Sphinx's worker processes when a build runs with ``-j``.

Sphinx writes documents in forked workers, but what extensions add at the end
(pages from ``html-collect-pages``, files at ``build-finished``) runs in the main
process while the other cores idle: about 30 % of a ``-j 2`` build of a 300-recap
site with the ``recap`` theme. Such work is handed, in chunks, to the
machinery Sphinx forks its own writers with (``sphinx.util.parallel``), and only
when Sphinx itself writes in parallel: an extension that is not
``parallel_write_safe`` keeps everything in one process. Workers are forked, so
they see the whole build as it is; what they return comes back pickled, and their
warnings are replayed in the main process by Sphinx.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, TypeVar

from sphinx.util.parallel import ParallelTasks

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sphinx.application import Sphinx

__all__ = ["parallel_workers", "run_all"]

T = TypeVar("T")
R = TypeVar("R")

#: Chunks per worker: enough to even out unequal chunks, few enough forks.
CHUNKS_PER_WORKER = 4


def parallel_workers(app: Sphinx) -> int:
    """How many processes may share the work: 1 unless Sphinx writes in parallel."""
    if app.parallel > 1 and app.builder.parallel_ok:
        return app.parallel
    return 1


def run_all(app: Sphinx, items: Sequence[T], work: Callable[[T], R]) -> list[R]:
    """``[work(item) for item in items]``, in forked workers when the build allows.

    ``work`` runs in a copy of this process: its side effects on files are kept,
    those on memory are not; what it returns must pickle.
    """
    workers = parallel_workers(app)
    if workers == 1 or len(items) < 2:
        return [work(item) for item in items]
    results: dict[int, list[R]] = {}
    tasks = ParallelTasks(workers)
    for number, chunk in enumerate(chunked(items, workers * CHUNKS_PER_WORKER)):
        tasks.add_task(
            functools.partial(_work_through, work),
            chunk,
            functools.partial(_keep, results, number),
        )
    tasks.join()
    return [result for number in sorted(results) for result in results[number]]


def chunked(items: Sequence[T], count: int) -> list[list[T]]:
    """``items`` in at most ``count`` consecutive chunks of nearly equal size."""
    size, extra = divmod(len(items), count)
    chunks, start = [], 0
    for number in range(count):
        end = start + size + (number < extra)
        if end > start:
            chunks.append(list(items[start:end]))
        start = end
    return chunks


def _work_through(work: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [work(item) for item in chunk]


def _keep(results: dict[int, list[R]], number: int, chunk: object, result: list[R]) -> None:
    results[number] = result
