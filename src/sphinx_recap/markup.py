"""Two ways to write the same listing: docutils nodes, or HTML text.

A ``recaplist`` or ``talklist`` goes into a document, which every builder
writes, so it is made of docutils nodes. Generated pages are HTML only and there
are thousands of them (a talk is listed on about five); building a tree for
each and walking it with the HTML translator was most of their cost. So
:class:`~.listing.Listing` describes a listing once, against the small
:class:`Markup` interface, and either backend writes it. :class:`HtmlMarkup`
writes exactly what Sphinx's HTML translator writes for the node tree
(a test renders every generated page both ways and compares the bytes);
anything rare and intricate (a speaker's card) it hands to the translator.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Generic, TypeVar

from docutils import nodes

from .nodes import (
    rating,
    rating_html,
    recap_card,
    recap_cards,
    recap_heading,
    recap_image,
    recap_time,
    template_pieces,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from docutils.nodes import Node

__all__ = ["HtmlMarkup", "Markup", "NodeMarkup"]

T = TypeVar("T")


class Markup(ABC, Generic[T]):
    """What a listing is made of; ``T`` is a docutils node or a piece of HTML."""

    @abstractmethod
    def text(self, text: str) -> T: ...

    @abstractmethod
    def span(self, text: str, classes: list[str]) -> T: ...

    @abstractmethod
    def link(self, children: Sequence[T], classes: list[str], *, uri: str, refid: str = "") -> T:
        """An internal link: to ``uri``, or to ``#refid`` on the same page."""

    @abstractmethod
    def time(self, shown: str, iso: str) -> T: ...

    @abstractmethod
    def rating(self, spoken: str, stars: int) -> T: ...

    @abstractmethod
    def paragraph(self, children: Sequence[T], classes: list[str]) -> T: ...

    @abstractmethod
    def heading(self, children: Sequence[T], level: int, classes: list[str]) -> T: ...

    @abstractmethod
    def image(self, uri: str, classes: list[str]) -> T: ...

    @abstractmethod
    def card(self, children: Sequence[T]) -> T: ...

    @abstractmethod
    def cards(self, children: Sequence[T]) -> T: ...

    @abstractmethod
    def container(self, children: Sequence[T], classes: list[str]) -> T: ...

    @abstractmethod
    def items(self, lines: Sequence[tuple[Sequence[T], list[str]]], classes: list[str]) -> T:
        """A bullet list of one-line items, each with its own classes."""

    @abstractmethod
    def table(
        self,
        head: Sequence[str],
        rows: Sequence[tuple[Sequence[Sequence[T]], str]],
        cell_classes: list[str],
        classes: list[str],
    ) -> T:
        """A table with a header row of labels; one class per column, one per row."""

    @abstractmethod
    def node(self, node: Node) -> T:
        """Anything else, given as a docutils node."""

    @abstractmethod
    def html(self, block: T) -> str:
        """A finished block as HTML, for a generated page's body."""

    def join(self, parts: Sequence[T], separator: str) -> list[T]:
        """``parts`` with ``separator`` text between them."""
        result: list[T] = []
        for part in parts:
            if result:
                result.append(self.text(separator))
            result.append(part)
        return result

    def template(self, template: str, parts: Mapping[str, Sequence[T]]) -> list[T]:
        """A translated ``%(name)s`` template with its placeholders filled."""
        result: list[T] = []
        for is_name, piece in template_pieces(template):
            result.extend(parts.get(piece, []) if is_name else [self.text(piece)])
        return result


class NodeMarkup(Markup["Node"]):
    """Docutils nodes, which every builder can write.

    ``render_node`` writes a node as HTML (for :meth:`html`); directives, whose
    nodes go into documents, need none.
    """

    def __init__(self, render_node: Callable[[Node], str] | None = None) -> None:
        self.render_node = render_node

    def text(self, text: str) -> Node:
        return nodes.Text(text)

    def span(self, text: str, classes: list[str]) -> Node:
        return nodes.inline(text, text, classes=classes)

    def link(
        self, children: Sequence[Node], classes: list[str], *, uri: str, refid: str = ""
    ) -> Node:
        reference = nodes.reference("", "", *children, internal=True, classes=classes)
        if refid:
            reference["refid"] = refid
        else:
            reference["refuri"] = uri
        return reference

    def time(self, shown: str, iso: str) -> Node:
        return recap_time(shown, shown, datetime=iso)

    def rating(self, spoken: str, stars: int) -> Node:
        return rating(spoken, spoken, stars=stars)

    def paragraph(self, children: Sequence[Node], classes: list[str]) -> Node:
        return nodes.paragraph("", "", *children, classes=classes)

    def heading(self, children: Sequence[Node], level: int, classes: list[str]) -> Node:
        return recap_heading("", "", *children, level=level, classes=classes)

    def image(self, uri: str, classes: list[str]) -> Node:
        return recap_image(uri=uri, alt="", classes=classes)

    def card(self, children: Sequence[Node]) -> Node:
        return recap_card("", *children, classes=["recap-card"])

    def cards(self, children: Sequence[Node]) -> Node:
        return recap_cards("", *children, classes=["recap-cards"])

    def container(self, children: Sequence[Node], classes: list[str]) -> Node:
        return nodes.container("", *children, classes=classes)

    def items(self, lines: Sequence[tuple[Sequence[Node], list[str]]], classes: list[str]) -> Node:
        return nodes.bullet_list(
            "",
            *(
                nodes.list_item("", nodes.paragraph("", "", *line), classes=item_classes)
                for line, item_classes in lines
            ),
            classes=classes,
        )

    def table(
        self,
        head: Sequence[str],
        rows: Sequence[tuple[Sequence[Sequence[Node]], str]],
        cell_classes: list[str],
        classes: list[str],
    ) -> Node:
        table = nodes.table(classes=[*classes, "colwidths-auto"])
        group = nodes.tgroup(cols=len(head))
        table += group
        group.extend(nodes.colspec(colwidth=1) for _label in head)
        group += nodes.thead("", self.row([[nodes.Text(label)] for label in head], cell_classes))
        body = nodes.tbody()
        for cells, row_class in rows:
            row = self.row(cells, cell_classes)
            row["classes"].append(row_class)
            body += row
        group += body
        return table

    def row(self, cells: Sequence[Sequence[Node]], classes: list[str]) -> nodes.row:
        row = nodes.row()
        for content, cls in zip(cells, classes, strict=True):
            entry = nodes.entry(classes=[cls])
            if content:
                entry += nodes.paragraph("", "", *content)
            row += entry
        return row

    def node(self, node: Node) -> Node:
        return node

    def html(self, block: Node) -> str:
        if self.render_node is None:
            raise TypeError("this NodeMarkup cannot write HTML")
        return self.render_node(block)


# What docutils' HTML writer escapes in text and attribute values ("@" against
# address harvesters); the output must be byte for byte what it writes.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", '"': "&quot;", ">": "&gt;", "@": "&#64;"})
_SPACE = re.compile("[\n\r\t\v\f]")


def escape(text: str) -> str:
    return text.translate(_ESCAPES)


def attribute(text: str) -> str:
    return _SPACE.sub(" ", text).translate(_ESCAPES)


def _class(classes: list[str]) -> str:
    return f' class="{attribute(" ".join(classes))}"' if classes else ""


class HtmlMarkup(Markup[str]):
    """HTML text, as Sphinx's HTML5 translator writes the same nodes."""

    def __init__(self, render_node: Callable[[Node], str]) -> None:
        self.render_node = render_node

    def text(self, text: str) -> str:
        return escape(text)

    def span(self, text: str, classes: list[str]) -> str:
        return f"<span{_class(classes)}>{escape(text)}</span>"

    def link(
        self, children: Sequence[str], classes: list[str], *, uri: str, refid: str = ""
    ) -> str:
        href = f"#{refid}" if refid else (uri or "#")
        return (
            f'<a{_class([*classes, "reference", "internal"])} href="{attribute(href)}">'
            f"{''.join(children)}</a>"
        )

    def time(self, shown: str, iso: str) -> str:
        return f'<time datetime="{attribute(iso)}">{escape(shown)}</time>'

    def rating(self, spoken: str, stars: int) -> str:
        return rating_html(escape(spoken), stars)

    def paragraph(self, children: Sequence[str], classes: list[str]) -> str:
        return f"<p{_class(classes)}>{''.join(children)}</p>\n"

    def heading(self, children: Sequence[str], level: int, classes: list[str]) -> str:
        return f"<h{level}{_class(classes)}>{''.join(children)}</h{level}>\n"

    def image(self, uri: str, classes: list[str]) -> str:
        return f'<img alt=""{_class(classes)} loading="lazy" src="{attribute(uri)}" />'

    def card(self, children: Sequence[str]) -> str:
        return f'<article class="recap-card">\n{"".join(children)}</article>\n'

    def cards(self, children: Sequence[str]) -> str:
        return f'<div class="recap-cards">\n{"".join(children)}</div>\n'

    def container(self, children: Sequence[str], classes: list[str]) -> str:
        return f"<div{_class([*classes, 'docutils', 'container'])}>\n{''.join(children)}</div>\n"

    def items(self, lines: Sequence[tuple[Sequence[str], list[str]]], classes: list[str]) -> str:
        body = "".join(
            f"<li{_class(item_classes)}><p>{''.join(line)}</p></li>\n"
            for line, item_classes in lines
        )
        return f"<ul{_class([*classes, 'simple'])}>\n{body}</ul>\n"

    def table(
        self,
        head: Sequence[str],
        rows: Sequence[tuple[Sequence[Sequence[str]], str]],
        cell_classes: list[str],
        classes: list[str],
    ) -> str:
        header = "".join(
            f"<th{_class(['head', cls])}><p>{escape(label)}</p></th>\n"
            for label, cls in zip(head, cell_classes, strict=True)
        )
        parts = [
            f"<table{_class([*classes, 'docutils', 'align-default'])}>\n",
            f'<thead>\n<tr class="row-odd">{header}</tr>\n</thead>\n<tbody>\n',
        ]
        for number, (cells, row_class) in enumerate(rows):
            parity = "row-odd" if number % 2 else "row-even"
            parts.append(f'<tr class="{row_class} {parity}">')
            parts.extend(
                f"<td{_class([cls])}><p>{''.join(cell)}</p></td>\n"
                if cell
                else f"<td{_class([cls])}></td>\n"
                for cell, cls in zip(cells, cell_classes, strict=True)
            )
            parts.append("</tr>\n")
        parts.append("</tbody>\n</table>\n")
        return "".join(parts)

    def node(self, node: Node) -> str:
        return self.render_node(node)

    def html(self, block: str) -> str:
        return block
