"""Our few doctree nodes and how each builder writes them.

They subclass ``nodes.inline``: Sphinx's translators look a visitor up along the
class hierarchy, so every builder without a visitor of its own writes them as
plain inline text (the readable words they contain), and HTML gets markup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from docutils import nodes
from sphinx import addnodes
from sphinx.util.osutil import relative_uri

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

__all__ = [
    "filled",
    "placeholder",
    "prose_of",
    "rating",
    "rating_html",
    "recap_card",
    "recap_cards",
    "recap_heading",
    "recap_image",
    "recap_lines",
    "recap_scroll",
    "recap_splash",
    "recap_time",
    "recap_xref",
    "separated",
    "setup_nodes",
]


class rating(nodes.inline):
    """A 1-5 star rating; its text child says "3 out of 5" for every reader."""


class recap_time(nodes.inline):
    """A date and/or time; HTML writes ``<time datetime=...>``."""


class recap_cards(nodes.bullet_list):
    """Recap cards; HTML writes ``<div class="recap-cards">``, others a bullet list."""


class recap_card(nodes.list_item):
    """One recap; HTML writes ``<article class="recap-card">``, others a list item."""


class recap_heading(nodes.paragraph):
    """A heading outside the section tree (no TOC entry); HTML writes ``<hN>``."""


class recap_image(nodes.inline):
    """A decorative card image: HTML only; other builders write nothing."""


class recap_scroll(nodes.container):
    """A wide table's own scrolling region: HTML writes a focusable ``<div role="region">``
    labelled ``label``, so the table scrolls sideways instead of the page; others a container."""


class recap_splash(nodes.General, nodes.Element):
    """A recap's splash image: ``uri`` an https URL or a path from the output root.
    HTML only; other builders write nothing."""


def visit_splash_html(translator: HTML5Translator, node: recap_splash) -> None:
    uri = str(node["uri"])
    if ":" not in uri.split("/", maxsplit=1)[0]:
        builder = translator.builder
        here = builder.get_target_uri(builder.current_docname)
        uri = quote(relative_uri(here, uri.lstrip("/")), safe="/#:?=&%~+")
    tag = translator.emptytag(
        node, "img", "", src=uri, alt=node.get("alt", ""), CLASS="recap-splash"
    )
    translator.body.append(f'<figure class="recap-splash-figure">{tag}</figure>\n')
    raise nodes.SkipNode


def skip_splash(translator: object, node: recap_splash) -> None:
    raise nodes.SkipNode


class recap_lines(nodes.General, nodes.Element):
    """Where a talk's meta and tag lines (``head``), its links (``links``) or a recap's
    header (``header``) go; made when the page is resolved."""


def placeholder(
    part: str, docname: str, label: str, source: str, line: int, *, show_date: bool = False
) -> recap_lines:
    """A ``recap_lines`` placeholder, located where the directive or page is."""
    node = recap_lines(part=part, docname=docname, label=label, show_date=show_date)
    node.source, node.line = source, line
    return node


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


def prose_of(paragraph: nodes.Element) -> tuple[tuple[str, str], ...]:
    """A paragraph as text pieces, a reference to a talk kept as its label: at read time
    the talk may be on a page not read yet, so the site index puts its title in."""
    pieces: list[tuple[str, str]] = []

    def walk(node: Node) -> None:
        if isinstance(node, addnodes.pending_xref) and (
            node.get("refdomain"),
            node.get("reftype"),
            node.get("refexplicit"),
        ) == ("recap", "talk", False):
            pieces.append(("talk", str(node["reftarget"]).strip()))
        elif isinstance(node, nodes.Text):
            pieces.append(("text", str(node)))
        elif isinstance(node, nodes.Element):
            for child in node.children:
                walk(child)

    walk(paragraph)
    return tuple(pieces)


def separated(parts: Sequence[Node], separator: str = " · ") -> list[Node]:
    """``parts`` with ``separator`` text between them, as a meta line shows them."""
    result: list[Node] = []
    for part in parts:
        if result:
            result.append(nodes.Text(separator))
        result.append(part)
    return result


def filled(template: str, parts: Mapping[str, Sequence[Node]]) -> list[Node]:
    """A translated ``%(name)s`` template as nodes, each placeholder given by ``parts``."""
    result: list[Node] = []
    for number, piece in enumerate(re.split(r"%\((\w+)\)s", template)):
        if number % 2:
            result.extend(parts.get(piece, []))
        elif piece:
            result.append(nodes.Text(piece))
    return result


#: Black and white stars as character references: one literal star would make Python
#: hold a whole listing page (the talk index) at two bytes a character instead of one.
_STAR, _EMPTY_STAR = "&#9733;", "&#9734;"


def rating_html(spoken: str, stars: int) -> str:
    """Stars for the eye, words for screen readers; ``spoken`` is already escaped."""
    return (
        f'<span class="recap-rating" title="{spoken}">'
        f'<span aria-hidden="true">{_STAR * stars}{_EMPTY_STAR * (5 - stars)}</span>'
        f'<span class="recap-visually-hidden">{spoken}</span></span>'
    )


def visit_rating_html(translator: HTML5Translator, node: rating) -> None:
    translator.body.append(rating_html(translator.encode(node.astext()), int(node["stars"])))
    raise nodes.SkipNode


def visit_time_html(translator: HTML5Translator, node: recap_time) -> None:
    classes = " ".join(node["classes"])
    class_attr = f' class="{translator.attval(classes)}"' if classes else ""
    translator.body.append(f'<time datetime="{translator.attval(node["datetime"])}"{class_attr}>')


def depart_time_html(translator: HTML5Translator, node: recap_time) -> None:
    translator.body.append("</time>")


def visit_cards_html(translator: HTML5Translator, node: recap_cards) -> None:
    translator.body.append(translator.starttag(node, "div", CLASS="recap-cards"))


def visit_card_html(translator: HTML5Translator, node: recap_card) -> None:
    translator.body.append(translator.starttag(node, "article", CLASS="recap-card"))


def visit_scroll_html(translator: HTML5Translator, node: recap_scroll) -> None:
    attributes = {"role": "region", "tabindex": "0", "aria-label": node["label"]}
    translator.body.append(
        translator.starttag(node, "div", CLASS="recap-table-scroll", **attributes)
    )


def depart_div_html(translator: HTML5Translator, node: nodes.Element) -> None:
    translator.body.append("</div>\n")


def depart_article_html(translator: HTML5Translator, node: nodes.Element) -> None:
    translator.body.append("</article>\n")


def visit_heading_html(translator: HTML5Translator, node: recap_heading) -> None:
    translator.body.append(translator.starttag(node, f"h{node['level']}", ""))


def depart_heading_html(translator: HTML5Translator, node: recap_heading) -> None:
    translator.body.append(f"</h{node['level']}>\n")


def visit_image_html(translator: HTML5Translator, node: recap_image) -> None:
    translator.body.append(
        translator.emptytag(
            node, "img", "", src=node["uri"], alt=node.get("alt", ""), loading="lazy"
        )
    )
    raise nodes.SkipNode


def setup_nodes(app: Sphinx) -> None:
    app.add_node(rating, html=(visit_rating_html, None))
    app.add_node(recap_time, html=(visit_time_html, depart_time_html))
    app.add_node(recap_cards, html=(visit_cards_html, depart_div_html))
    app.add_node(recap_scroll, html=(visit_scroll_html, depart_div_html))
    app.add_node(recap_card, html=(visit_card_html, depart_article_html))
    app.add_node(recap_heading, html=(visit_heading_html, depart_heading_html))
    app.add_node(recap_image, html=(visit_image_html, None))
    skip = (skip_splash, None)
    app.add_node(
        recap_splash,
        html=(visit_splash_html, None),
        latex=skip,
        text=skip,
        man=skip,
        texinfo=skip,
    )
