"""How recap content degrades in builders that are not multi-page HTML.

Plain-text formats cannot show a link target, so resource links get their URL
written out; formats that cannot fetch remote images lose remote avatars and
card images, which are decorative (empty alt text), instead of downloading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

__all__ = ["setup_degrade"]

#: Containers whose links are resources the reader may want to visit.
LINK_LINES = ("recap-links", "recap-speaker-links")
#: Images that only decorate and can be left out.
DECORATIVE_IMAGES = ("recap-speaker-avatar", "recap-card-image")


class ShowResourceURLs(SphinxPostTransform):
    """``Slides`` -> ``Slides <https://...>`` in text and man pages."""

    default_priority = 400
    formats = ("text", "man")

    def run(self, **kwargs: Any) -> None:
        for line in self.document.findall(nodes.paragraph):
            if not set(line["classes"]) & set(LINK_LINES):
                continue
            for reference in list(line.findall(nodes.reference)):
                uri = reference.get("refuri", "")
                if uri and uri != reference.astext():
                    reference.parent.insert(
                        reference.parent.index(reference) + 1, nodes.Text(f" <{uri}>")
                    )


class DropRemoteDecorations(SphinxPostTransform):
    """Runs before Sphinx's image downloader (priority 100) would fetch them."""

    default_priority = 50

    def run(self, **kwargs: Any) -> None:
        if _builder_class(self).supported_remote_images:
            return
        for image in list(self.document.findall(nodes.image)):
            remote = "://" in image.get("uri", "")
            if remote and set(image["classes"]) & set(DECORATIVE_IMAGES):
                image.parent.remove(image)


def _builder_class(transform: SphinxPostTransform) -> type[Builder]:
    """The active builder's class; ``env._builder_cls`` since Sphinx 8.2 (``app`` is
    deprecated there), ``app.builder`` before."""
    builder_class = getattr(transform.env, "_builder_cls", None)
    return builder_class or type(transform.app.builder)


def setup_degrade(app: Sphinx) -> None:
    app.add_post_transform(ShowResourceURLs)
    app.add_post_transform(DropRemoteDecorations)
