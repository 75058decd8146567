"""Labels for the generated pages, so ``{ref}`recap-tags``` links to the tag index.

Generated pages are not documents, so Sphinx's standard domain does not know them:
its ``ref`` role reaches ``missing-reference``, which resolves these labels. Builders
without generated pages get the plain text, without a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..domain import recap_domain
from ..i18n import _
from ..paths import generates_pages

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["LABELS", "resolve_page_label"]

#: Label -> (page kind, link text when the reference names none).
LABELS = {
    "recap-tags": ("tags", _("Tags")),
    "recap-speakers": ("speakers", _("Speakers")),
    "recap-talks": ("talks", _("Talks")),
    "recap-archive": ("archive", _("Archive")),
    "recap-authors": ("authors", _("Authors")),
}


def resolve_page_label(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.Node | None:
    """``missing-reference``: a link to a generated page for one of our labels."""
    if node.get("refdomain") != "std" or node.get("reftype") not in ("ref", "any"):
        return None
    target = str(node.get("reftarget", "")).lower()
    if target not in LABELS:
        return None
    kind, title = LABELS[target]
    text: nodes.Node = contnode
    if not node.get("refexplicit"):
        text = nodes.inline(str(title), str(title), classes=contnode.get("classes", []))
    builder = app.builder
    if not generates_pages(builder):
        return text
    page = recap_domain(env).pages(builder).name(kind)
    uri = builder.get_relative_uri(node.get("refdoc", env.docname), page)
    reference = nodes.reference("", "", internal=True, refuri=uri, reftitle=str(title))
    reference += text
    return reference
