"""When a generated page must be rendered again: its fingerprint.

A page is rendered again whenever anything that can change its bytes changed: its
own data (the template context, which holds every text and link it shows), the
templates (the user's ``templates_path``, the theme and its parents, ours), the
theme and its options, the static files its links carry checksums of, the site's
settings and navigation, or the version of Sphinx or sphinx-recap. What every
page shares is hashed once per build (:func:`site_digest`); each page adds its
data.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx
from sphinx import addnodes

from ..outputs import OutputManifest, settings_state
from ..paths import generates_pages
from ..version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment

__all__ = [
    "SITE",
    "STATE",
    "TEMPLATES",
    "build_state",
    "page_fingerprint",
    "site_digest",
    "writing_for_pages",
]

#: Our templates, the last place a generated page's template is looked for.
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
#: The extension's stylesheet, linked from pages under themes other than ``recap``.
EXTENSION_STATIC = Path(__file__).resolve().parent.parent / "static"

#: Where a node came from: not part of what the navigation shows.
_NODE_PLACES = ("source", "line", "rawentries", "parent")


def navigation_state(env: BuildEnvironment) -> str:
    """What a generated page's site navigation is made of: the toctree and the titles.

    Cheaper than rendering the navigation, and it changes whenever any rendering of it
    could.
    """
    includes = sorted((doc, tuple(children)) for doc, children in env.toctree_includes.items())
    titles = sorted((doc, title.astext()) for doc, title in env.titles.items())
    sections = sorted((doc, toc.astext()) for doc, toc in env.tocs.items())
    toctrees = sorted(
        (
            doc,
            [
                repr({k: v for k, v in node.attributes.items() if k not in _NODE_PLACES})
                for node in toc.findall(addnodes.toctree)
            ],
        )
        for doc, toc in env.tocs.items()
    )
    return repr((includes, titles, sections, toctrees))


def _folders(builder: StandaloneHTMLBuilder) -> Iterator[Path]:
    """Every folder whose files can change a generated page's bytes."""
    confdir = Path(builder.confdir)
    for folder in builder.config.templates_path:
        yield confdir / folder
    theme = getattr(builder, "theme", None)
    if theme is not None:
        yield from map(Path, theme.get_theme_dirs())
    yield TEMPLATES
    yield EXTENSION_STATIC
    for folder in builder.config.html_static_path:
        yield confdir / folder


def files_state(folders: Iterable[Path]) -> str:
    """Each file's path, size and modification time, in a stable order."""
    entries: list[tuple[str, int, int]] = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = Path(root, name)
                try:
                    stat = path.stat()
                except OSError:
                    continue
                entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return repr(entries)


def site_digest(builder: StandaloneHTMLBuilder) -> str:
    """The digest of everything every generated page depends on."""
    parts = [
        sphinx.__display_version__,
        __version__,
        builder.name,
        settings_state(builder),
        navigation_state(builder.env),
        files_state(_folders(builder)),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


#: The key, among the page fingerprints, of the state they were all made in.
STATE = "<state>"
#: The key of the site digest they were made with.
SITE = "<site>"

#: Sphinx before 8.2 ends a build that has no document to write before the writing
#: phase, so ``html-collect-pages`` never comes (checked on 8.1.3; 8.2.3 and 9.0 go on).
STOPS_EARLY = sphinx.version_info < (8, 2)


def writing_for_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: on Sphinx 8.1, when a template, the theme, a static file,
    a setting or a version changed but no document did, ask for the root document to
    be written, so that the build reaches the generated pages."""
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    if not STOPS_EARLY or not generates_pages(builder):
        return []
    manifest = OutputManifest(builder)
    previous = manifest.fingerprints()
    complete = all(path.is_file() for path in manifest.files("pages"))
    if previous.get(SITE) == site_digest(builder) and complete:
        return []
    return [app.config.root_doc]


def build_state(site: str, index: str, env: BuildEnvironment) -> str:
    """Everything generated pages are made from, at once: when it is what it was last
    time, no page can have changed. Besides the site and the records: which documents
    exist (a document takes a page's name) and the images Sphinx copied (avatars)."""
    images = sorted((source, entry[1]) for source, entry in env.images.items())
    parts = [site, index, repr(sorted(env.all_docs)), repr(images)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def page_fingerprint(site: str, name: str, template: str, context: dict[str, Any]) -> str:
    """Changes whenever the page's data, template or anything in ``site`` changes."""
    digest = hashlib.sha256("\0".join([site, name, template, ""]).encode())
    for key in sorted(context):
        value = context[key]
        digest.update(f"\0{key}{'[' if isinstance(value, list) else ''}\0".encode())
        # An item at a time: the talk index of a big site is megabytes of data. Each
        # item goes through ``json.dumps`` whole, which uses the C encoder (the
        # piecewise ``iterencode`` is pure Python and cost a second per 1,500 pages).
        for item in value if isinstance(value, list) else [value]:
            digest.update(_encode(item).encode())
            digest.update(b"\n")
    return digest.hexdigest()


def _encode(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
