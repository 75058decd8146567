"""One full build in this process, timing the time spent in sphinx-recap's code.

``python benchmarks/pageshare.py SRCDIR OUTDIR [--theme NAME]`` builds HTML with
:class:`sphinx.application.Sphinx` and prints JSON: the total build time and,
per area, the time inside sphinx-recap's event handlers, directives and
reference resolution. ``html-collect-pages`` handlers are generators that
Sphinx drains while it renders and writes each page, so their share is
measured twice: the time inside our generator (building the page bodies) and
the wall time from the first page to the last (bodies plus templates and
writing: what generating the pages costs the build).

The run.py runner calls this in a child process, so its own timings stay clean.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import io
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

#: area name -> seconds, filled by the wrappers below.
TIMES: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def _ours(handler: Any) -> bool:
    return str(getattr(handler, "__module__", "")).startswith("sphinx_recap")


def _name(event: str, handler: Any) -> str:
    qualname = getattr(handler, "__qualname__", None) or type(handler).__qualname__
    module = str(getattr(handler, "__module__", "")).removeprefix("sphinx_recap.")
    return f"{event}: {module}.{qualname}"


def _timed_call(area: str, func: Any) -> Any:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            TIMES[area] += time.perf_counter() - start
            CALLS[area] += 1

    return wrapper


def _timed_generator(area: str, func: Any) -> Any:
    """Time inside the generator, and the span from its first to its last page."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        first = time.perf_counter()
        inner = func(*args, **kwargs)
        pages = 0
        while True:
            start = time.perf_counter()
            try:
                page = next(inner)
            except StopIteration:
                TIMES[f"{area} [page bodies]"] += time.perf_counter() - start
                break
            TIMES[f"{area} [page bodies]"] += time.perf_counter() - start
            pages += 1
            yield page
        TIMES[f"{area} [bodies + templates + writing]"] += time.perf_counter() - first
        CALLS[f"{area} [bodies + templates + writing]"] += pages

    return wrapper


def instrument(app: Sphinx) -> None:
    """Wrap every sphinx-recap event listener, directive and resolver with a timer."""
    for event, listeners in app.events.listeners.items():
        for number, listener in enumerate(listeners):
            if not _ours(listener.handler):
                continue
            area = _name(event, listener.handler)
            target = getattr(listener.handler, "__func__", listener.handler)
            if inspect.isgeneratorfunction(target):
                wrapped = _timed_generator(area, listener.handler)
            else:
                wrapped = _timed_call(area, listener.handler)
            listeners[number] = listener._replace(handler=wrapped)
    from sphinx_recap import directives, domain, recaplist  # noqa: PLC0415

    for cls in (
        directives.TalkDirective,
        directives.KeynoteDirective,
        directives.SpeakerDirective,
        recaplist.RecapListDirective,
        recaplist.TalkListDirective,
    ):
        if "run" in vars(cls):
            cls.run = _timed_call(f"directive: {cls.__name__}.run", cls.run)
    domain.RecapDomain.resolve_xref = _timed_call(
        "resolve: RecapDomain.resolve_xref", domain.RecapDomain.resolve_xref
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("srcdir", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--theme", default="")
    args = parser.parse_args(argv)
    overrides = {"html_theme": args.theme} if args.theme else {}
    start = time.perf_counter()
    app = Sphinx(
        args.srcdir,
        args.srcdir,
        args.outdir,
        args.outdir / ".doctrees",
        "html",
        confoverrides=overrides,
        status=None,
        warning=io.StringIO(),
        freshenv=True,
        parallel=1,
    )
    instrument(app)
    app.build()
    total = time.perf_counter() - start
    json.dump(
        {"total": total, "times": dict(TIMES), "calls": dict(CALLS), "status": app.statuscode},
        sys.stdout,
        indent=1,
    )
    return app.statuscode


if __name__ == "__main__":
    sys.exit(main())
