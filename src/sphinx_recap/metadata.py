"""Page metadata -> :class:`Recap`, and the recap header under the page title.

MyST front matter and reST's docinfo field list both end up as a ``docinfo``
node at the top of the doctree, so one reader serves both. It runs on
``doctree-read`` just before Sphinx's own metadata collector removes that node,
which lets warnings point at the line of the bad field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from docutils import nodes
from sphinx.util import logging

from .domain import recap_domain
from .model import Prose, Recap, clean_text, unique_tags
from .nodes import placeholder, prose_of
from .pager import pager_on
from .presentation import LIMIT, SHOWN
from .values import BadValue, parse_date, parse_list, safe_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = ["read_recap"]

logger = logging.getLogger(__name__)


def docinfo_fields(doctree: nodes.document) -> dict[str, tuple[str, int]]:
    """Field name -> (text, line) of the docinfo block, as Sphinx reads it."""
    index = doctree.first_child_not_matching_class(nodes.PreBibliographic)  # type: ignore[arg-type]
    if index is None or not isinstance(doctree[index], nodes.docinfo):
        return {}
    fields: dict[str, tuple[str, int]] = {}
    for node in doctree[index].children:
        line = node.line or doctree[index].line or 1
        if isinstance(node, nodes.authors):
            fields["author"] = (";".join(a.astext() for a in node.children), line)
        elif isinstance(node, nodes.field):
            fields[node[0].astext().strip().lower()] = (node[1].astext(), line)
        elif isinstance(node, nodes.TextElement):
            fields[node.__class__.__name__] = (node.astext(), line)
    return fields


def _summary_prose(section: nodes.Element) -> Prose:
    """The first paragraph of prose: not a line sphinx-recap made (a talk's meta line,
    tags, links, a speaker card's name)."""
    for paragraph in section.findall(nodes.paragraph):
        if any(c.startswith("recap-") for c in paragraph["classes"]):
            continue
        classes = [c for parent in _ancestors(paragraph) for c in parent["classes"]]
        if any(c.startswith("recap-speaker") for c in classes):
            continue
        prose = prose_of(paragraph)
        if "".join(value for _kind, value in prose).strip():
            return prose
    return ()


def _ancestors(node: nodes.Element) -> list[nodes.Element]:
    found = []
    parent = node.parent
    while isinstance(parent, nodes.Element):
        found.append(parent)
        parent = parent.parent
    return found


class RecapReader:
    """Reads one document's fields, warning (located) about each bad value."""

    def __init__(self, docname: str, fields: dict[str, tuple[str, int]], config: Config) -> None:
        self.docname = docname
        self.config = config
        self.fields = fields
        for name, (value, line) in fields.items():
            clean = clean_text(value)
            if clean != value:
                self.fields[name] = (clean, line)
                self.warn(name, "control characters or unencodable text were removed", "text")

    def warn(self, field: str, message: str, subtype: str) -> None:
        line = self.fields[field][1] if field in self.fields else 1
        logger.warning(
            "front matter %r: %s",
            field,
            message,
            location=(self.docname, line),
            type="recap",
            subtype=subtype,
        )

    def text(self, field: str) -> str:
        return " ".join(self.fields.get(field, ("", 0))[0].split())

    def items(self, field: str, separators: str) -> tuple[str, ...]:
        """A list field; items a JSON list spells with escapes are cleaned like text."""
        items = parse_list(self.fields.get(field, ("", 0))[0], separators)
        clean = tuple(clean_text(item) for item in items)
        if clean != tuple(items):
            self.warn(field, "control characters or unencodable text were removed", "text")
        return clean

    def parsed_date(self, field: str, consequence: str) -> dt.date | None:
        try:
            return parse_date(self.text(field))
        except BadValue as error:
            self.warn(field, f"{error}; {consequence}", "date")
            return None

    def authors(self) -> tuple[str, ...]:
        if "author" in self.fields:
            return self.items("author", ";")
        fallback = self.config.recap_author or self.config.author
        return tuple(fallback if isinstance(fallback, (list, tuple)) else [fallback])

    def flag(self, field: str) -> bool:
        """A yes/no field (``true``, ``false``, ``yes``, ``no``); anything else warns."""
        value = self.text(field).lower()
        if value in ("", "false", "no", "off", "0"):
            return False
        if value in ("true", "yes", "on", "1"):
            return True
        self.warn(field, f"{value!r} is not true or false; it was taken as false", "option")
        return False

    def image_alt(self, image: str) -> str:
        alt = self.text("image_alt")
        if image and not alt:
            message = "the image has no image_alt text for readers who cannot see it"
            self.warn("image", message, "image")
        return alt

    def timezone(self) -> str:
        name = self.text("timezone")
        if not name:
            return ""
        try:
            ZoneInfo(name)
        except (ValueError, ZoneInfoNotFoundError):
            message = f"{name!r} is not a time zone name like Europe/Berlin; it was left out"
            self.warn("timezone", message, "timezone")
            return ""
        return name

    def image(self) -> str:
        value = self.text("image")
        if value.startswith("//") or "\\" in value or ".." in value.split("/"):
            self.warn(
                "image", f"{value!r} is not a path in the site; the image was left out", "url"
            )
            return ""
        if not value or ":" not in value.split("/")[0]:
            return value
        try:
            return safe_url(value, ("https",))
        except BadValue as error:
            self.warn("image", f"{error}; the image was left out", "url")
            return ""


def read_recap(app: Sphinx, doctree: nodes.document) -> None:
    """Make the page a recap when its metadata has a ``date``; add its header."""
    env = app.env
    docname = env.docname
    fields = docinfo_fields(doctree)
    if "date" not in fields:
        return
    reader = RecapReader(docname, fields, app.config)
    date = reader.parsed_date("date", "this page is not listed as a recap")
    if date is None:
        return
    updated = reader.parsed_date("updated", "it was left out") if "updated" in fields else None
    section = doctree.next_node(nodes.section)
    if section is None:
        logger.warning(
            "a recap needs a title; add a heading at the top of the page",
            location=(docname, 1),
            type="recap",
            subtype="title",
        )
        return
    recap = Recap(
        docname=docname,
        title=clean_text(section[0].astext()),
        date=date,
        authors=tuple(a for a in reader.authors() if a),
        tags=unique_tags(list(reader.items("tags", ","))) if "tags" in fields else (),
        event=reader.text("event"),
        location=reader.text("location"),
        summary=reader.text("summary"),
        summary_prose=() if reader.text("summary") else _summary_prose(section),
        image=reader.image(),
        updated=updated,
        timezone=reader.timezone(),
        draft=reader.flag("draft"),
        pinned=reader.flag("pinned"),
        words=len(section.astext().split()),
    )
    recap = dataclasses.replace(recap, image_alt=reader.image_alt(recap.image))
    for field, values in (("tags", recap.tags), ("author", recap.authors)):
        if len(values) > LIMIT:
            reader.warn(
                field, f"{len(values)} values, more than {LIMIT}; lists show {SHOWN}", "limit"
            )
    domain = recap_domain(env)
    domain.add_recap(recap)
    talks = domain.talks.get(docname, [])
    domain.set_talks(
        docname, [t if t.date else dataclasses.replace(t, date=recap.date) for t in talks]
    )
    section["classes"].append("recap-post")
    # The header and the pager are made when the page is resolved (see talklines).
    section.insert(1, placeholder("header", docname, "", doctree["source"], 1))
    if pager_on(app.config):
        section += placeholder("pager", docname, "", doctree["source"], 1)
