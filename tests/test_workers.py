"""Generated output made in Sphinx's forked workers in ``-j`` builds."""

from __future__ import annotations

import os

import pytest
from sphinx.util import logging

from helpers import write_site
from sphinx_recap.workers import chunked, parallel_workers, run_all

logger = logging.getLogger(__name__)


@pytest.mark.parametrize(
    ("count", "chunks", "sizes"),
    [(10, 4, [3, 3, 2, 2]), (3, 8, [1, 1, 1]), (0, 4, []), (8, 8, [1] * 8)],
)
def test_chunked_keeps_order_and_evens_sizes(count, chunks, sizes):
    parts = chunked(list(range(count)), chunks)
    assert [len(part) for part in parts] == sizes
    assert [item for part in parts for item in part] == list(range(count))


def built(make_app, srcdir, **kwargs):
    write_site(srcdir, {"notes": "# Notes\n\nText.\n"})
    app = make_app("html", srcdir=srcdir, **kwargs)
    app.build()
    return app


def square_and_process(number: int) -> tuple[int, int]:
    if number == 5:
        logger.warning("from a worker", type="recap", subtype="test")
    return number * number, os.getpid()


def test_parallel_build_spreads_work_over_forked_workers(make_app, tmp_path):
    app = built(make_app, tmp_path / "site", parallel=2)
    assert parallel_workers(app) == 2
    results = run_all(app, list(range(20)), square_and_process)
    assert [square for square, _ in results] == [n * n for n in range(20)]
    processes = {process for _, process in results}
    assert os.getpid() not in processes
    assert len(processes) > 1
    # Sphinx replays what a worker logged in the main process.
    assert "from a worker" in app.warning.getvalue()


def test_serial_build_keeps_work_in_this_process(make_app, tmp_path):
    app = built(make_app, tmp_path / "site")
    assert parallel_workers(app) == 1
    results = run_all(app, list(range(6)), square_and_process)
    assert results == [(n * n, os.getpid()) for n in range(6)]
