"""Let go of recap doctrees between reading and writing.

A serial Sphinx build keeps every document's doctree in memory from the moment it
is read until the page is written, so the whole site is in memory at once. A
recap's doctree is large for its text: every speaker, tag, time and link of a
talk is a node, and a recap page takes about 3.5 times the memory of the same
text as plain sections. On the 1,000-recap benchmark those trees were most of
the peak memory. Sphinx also stores every doctree as a pickle on disk, and reads
it back when it is not in memory (as it always does after a ``-j`` read), so a
page with talks is dropped from memory as soon as the next document is read,
and read back when it is written. Reading a pickle back costs about 2 ms a
page; the garbage collector, with fewer live objects to walk, gives more back.
When a page has been resolved for writing, the pickle's bytes, which Sphinx
also keeps for the rest of the build, are let go as well.

Opt-in (``recap_release_doctrees = True``), for very large sites: the caches are
Sphinx's private ``env._write_doc_doctree_cache`` and ``env._pickled_doctree_cache``,
checked on Sphinx 8.1.3, 8.2.3 and 9.0.4 (a test runs on each). If a Sphinx release
renames them, this does nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .domain import recap_domain

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["setup_doctree_release"]

_CACHE_ATTRIBUTE = "_write_doc_doctree_cache"
_PICKLE_ATTRIBUTE = "_pickled_doctree_cache"


class DoctreeRelease:
    """Drops cached doctrees of documents that hold recaps, talks or speakers."""

    def __init__(self) -> None:
        #: Documents of ours read since the last release.
        self.pending: list[str] = []

    def note(self, app: Sphinx, doctree: nodes.document) -> None:
        """``doctree-read``: remember the document if it holds anything of ours."""
        if recap_domain(app.env).holds(app.env.docname):
            self.pending.append(app.env.docname)

    def release(self, env: BuildEnvironment) -> None:
        cache = getattr(env, _CACHE_ATTRIBUTE, None)
        if isinstance(cache, dict) and env.config.recap_release_doctrees:
            for docname in self.pending:
                cache.pop(docname, None)
        self.pending.clear()

    def before_next_document(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        # Sphinx caches a doctree after its last event, so the previous one goes here.
        self.release(env)

    def after_reading(self, app: Sphinx, env: BuildEnvironment) -> None:
        self.release(env)

    def after_resolving(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        """``doctree-resolved``: the page is about to be written; drop the pickle's bytes."""
        cache = getattr(app.env, _PICKLE_ATTRIBUTE, None)
        if (
            isinstance(cache, dict)
            and app.config.recap_release_doctrees
            and recap_domain(app.env).holds(docname)
        ):
            cache.pop(docname, None)


def setup_doctree_release(app: Sphinx) -> None:
    release = DoctreeRelease()
    app.connect("doctree-read", release.note)
    app.connect("env-purge-doc", release.before_next_document)
    app.connect("env-updated", release.after_reading)
    app.connect("doctree-resolved", release.after_resolving)
