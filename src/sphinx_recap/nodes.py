"""Our few doctree nodes and how each builder writes them.

They subclass ``nodes.inline``: Sphinx's translators look a visitor up along the
class hierarchy, so every builder without a visitor of its own writes them as
plain inline text (the readable words they contain), and HTML gets markup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

__all__ = ["fill_template", "rating", "recap_time", "recap_xref", "setup_nodes"]


class rating(nodes.inline):
    """A 1-5 star rating; its text child says "3 out of 5" for every reader."""


class recap_time(nodes.inline):
    """A date and/or time; HTML writes ``<time datetime=...>``."""


def recap_xref(
    reftype: str, target: str, text: str, *, docname: str, source: str, line: int
) -> addnodes.pending_xref:
    """A reference resolved at write time, so it sees every document's data."""
    xref = addnodes.pending_xref(
        "",
        refdomain="recap",
        reftype=reftype,
        reftarget=target,
        refdoc=docname,
        refexplicit=True,
        refwarn=False,
    )
    # Names and tags are data, not prose: Sphinx's smart quotes must not turn "--" into a dash.
    xref += nodes.inline(text, text, support_smartquotes=False)
    xref.source, xref.line = source, line
    return xref


def fill_template(template: str, parts: dict[str, list[nodes.Node]]) -> list[nodes.Node]:
    """A translated ``%(name)s`` template, its placeholders replaced by nodes."""
    result: list[nodes.Node] = []
    for number, piece in enumerate(re.split(r"%\((\w+)\)s", template)):
        if number % 2:
            result.extend(parts.get(piece, []))
        elif piece:
            result.append(nodes.Text(piece))
    return result


def visit_rating_html(translator: HTML5Translator, node: rating) -> None:
    stars = int(node["stars"])
    spoken = translator.encode(node.astext())
    translator.body.append(
        f'<span class="recap-rating" title="{spoken}">'
        f'<span aria-hidden="true">{"★" * stars}{"☆" * (5 - stars)}</span>'
        f'<span class="recap-visually-hidden">{spoken}</span></span>'
    )
    raise nodes.SkipNode


def visit_time_html(translator: HTML5Translator, node: recap_time) -> None:
    classes = " ".join(node["classes"])
    class_attr = f' class="{translator.attval(classes)}"' if classes else ""
    translator.body.append(f'<time datetime="{translator.attval(node["datetime"])}"{class_attr}>')


def depart_time_html(translator: HTML5Translator, node: recap_time) -> None:
    translator.body.append("</time>")


def setup_nodes(app: Sphinx) -> None:
    app.add_node(rating, html=(visit_rating_html, None))
    app.add_node(recap_time, html=(visit_time_html, depart_time_html))
