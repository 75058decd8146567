"""The lines sphinx-recap writes around a talk and under a recap's title.

A talk's meta line (keynote badge, speakers, track, room, time, attendance, rating),
its tag line and its links line, and a recap's header (tags, "Published … by …",
event) are made from the records the domain keeps. While a page is read only a small
placeholder stands where they go: Sphinx keeps every page's tree in memory from
reading until writing, and these lines were most of a recap's nodes. They are made
when the page is resolved for a builder (a post-transform that runs before Sphinx
resolves references), so their speaker, tag and event references resolve as any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .domain import recap_domain
from .i18n import _
from .nodes import (
    filled,
    rating,
    recap_lines,
    recap_splash,
    recap_time,
    recap_xref,
    separated,
)
from .pager import neighbours, recap_pager
from .presentation import TALK_LINKS, attendance_label, author_name, author_url, reading_time
from .values import format_day

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .model import Recap, Talk

__all__ = ["ExpandLines", "setup_lines"]

logger = logging.getLogger(__name__)


class Lines:
    """Makes the lines of one placeholder."""

    def __init__(self, config: Config, node: recap_lines) -> None:
        self.config = config
        self.node = node

    def xref(self, reftype: str, target: str, text: str) -> nodes.Element:
        node = self.node
        return recap_xref(
            reftype,
            target,
            text,
            docname=node["docname"],
            source=node.source or "",
            line=node.line or 0,
        )

    # -- talks ---------------------------------------------------------------------

    def talk_head(self, talk: Talk) -> list[Node]:
        lines: list[Node] = [self.meta_line(talk)]
        if talk.tags:
            lines.append(self.tag_line(talk.tags))
        return lines

    def meta_line(self, talk: Talk) -> nodes.paragraph:
        parts: list[Node] = []
        if talk.keynote:
            parts.append(nodes.inline(_("Keynote"), _("Keynote"), classes=["recap-kind"]))
        people = [self.xref("speaker", name, name) for name in talk.speakers]
        if people:
            speakers = nodes.inline(classes=["recap-speakers"])
            speakers.extend(separated(people, ", "))
            if talk.affiliation:
                speakers += nodes.Text(f" ({talk.affiliation})")
            parts.append(speakers)
        elif talk.affiliation:
            parts.append(
                nodes.inline(talk.affiliation, talk.affiliation, classes=["recap-affiliation"])
            )
        parts.extend(
            nodes.inline(value, value, classes=[f"recap-{name}"])
            for name, value in (("track", talk.track), ("room", talk.room))
            if value
        )
        if (talk.date and self.node.get("show_date")) or talk.start:
            parts.append(self.when(talk))
        parts.extend(self.personal(talk))
        line = nodes.paragraph(classes=["recap-talk-meta"])
        line.extend(separated(parts))
        return line

    def personal(self, talk: Talk) -> list[Node]:
        """Attendance and rating, while ``recap_show_personal`` shows them."""
        if not self.config.recap_show_personal:
            return []
        parts: list[Node] = []
        if talk.attendance:
            label = attendance_label(talk.attendance)
            classes = ["recap-attendance", f"recap-attendance-{talk.attendance}"]
            parts.append(nodes.inline(label, label, classes=classes))
        if talk.rating is not None:
            spoken = _("Rating: %(stars)d out of 5") % {"stars": talk.rating}
            parts.append(rating(spoken, spoken, stars=talk.rating))
        return parts

    def when(self, talk: Talk) -> recap_time:
        """The talk's own date (when written) and time range as ``<time>``."""
        shown: list[str] = []
        machine = ""
        if talk.date and self.node.get("show_date"):
            shown.append(format_day(talk.date, self.config))
            machine = talk.date.isoformat()
        if talk.start:
            span = talk.start.strftime("%H:%M")
            if talk.end:
                span += "–" + talk.end.strftime("%H:%M")  # noqa: RUF001
            shown.append(span)
            start = talk.start.strftime("%H:%M")
            machine = f"{machine}T{start}" if machine else start
        text = ", ".join(shown)
        return recap_time(text, text, datetime=machine, classes=["recap-when"])

    def tag_line(self, tags: tuple[str, ...]) -> nodes.paragraph:
        line = nodes.paragraph(classes=["recap-tags"])
        line.extend(separated([self.xref("tag", tag, f"#{tag}") for tag in tags], " "))
        return line

    def links_line(self, talk: Talk) -> list[Node]:
        if not talk.links:
            return []
        line = nodes.paragraph(classes=["recap-links"])
        references: list[Node] = [
            nodes.reference(
                TALK_LINKS[kind], TALK_LINKS[kind], refuri=url, classes=[f"recap-link-{kind}"]
            )
            for kind, url in talk.links
        ]
        line.extend(separated(references))
        return [line]

    # -- recaps --------------------------------------------------------------------

    def header(self, recap: Recap, *, draft: bool = False) -> list[Node]:
        """The splash image, a draft's notice, the tag line, "Published <date> by
        <author> · 6 min read" and the event (``.recap-header``)."""
        header = nodes.container(classes=["recap-header"])
        if recap.image:
            header += recap_splash(uri=recap.image, alt=recap.image_alt)
        if draft:
            header += self.draft_notice(recap)
        if recap.tags:
            tags = [self.xref("tag", tag, f"#{tag}") for tag in recap.tags]
            header += nodes.paragraph("", "", *separated(tags, " "), classes=["recap-tags"])
        day = format_day(recap.date, self.config)
        when: list[Node] = [recap_time(day, day, datetime=recap.date.isoformat())]
        published = (
            _("Published %(date)s by %(authors)s") if recap.authors else _("Published %(date)s")
        )
        meta = nodes.paragraph(classes=["recap-meta"])
        meta.extend(filled(published, {"date": when, "authors": self.authors(recap)}))
        header += meta
        minutes = reading_time(recap.words, self.config)
        header += nodes.paragraph(minutes, minutes, classes=["recap-reading-time"])
        if recap.event or recap.location:
            where = nodes.paragraph(classes=["recap-event"])
            if recap.event:
                where += self.xref("event", recap.event, recap.event)
            if recap.location:
                if recap.event:
                    where += nodes.Text(" · ")
                where += nodes.inline(recap.location, recap.location, classes=["recap-location"])
            header += where
        return [header]

    def draft_notice(self, recap: Recap) -> Node:
        """Says why the recap is listed nowhere yet."""
        if recap.draft:
            text = _("Draft: this recap is not listed anywhere yet.")
        else:
            day = format_day(recap.date, self.config)
            text = _("Scheduled: this recap is listed from %(date)s.") % {"date": day}
        notice = nodes.paragraph(text, text)
        return nodes.container("", notice, classes=["recap-draft"])

    def authors(self, recap: Recap) -> list[Node]:
        """Each author linked to their page (or their own address, when
        ``recap_author_links`` says so)."""
        names: list[Node] = []
        for author in recap.authors:
            shown, url = author_name(self.config, author), author_url(self.config, author)
            if url and self.config.recap_author_links == "url":
                text = nodes.inline(shown, shown, classes=["recap-author"])
                names.append(nodes.reference("", "", text, refuri=url))
            else:
                xref = self.xref("author", author, shown)
                for text in xref.findall(nodes.inline):
                    text["classes"].append("recap-author")
                names.append(xref)
        return separated(names, ", ")


class ExpandLines(SphinxPostTransform):
    """Replaces each placeholder with its lines, before references are resolved (10)."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        domain = recap_domain(self.env)
        for node in list(self.document.findall(recap_lines)):
            lines = Lines(self.config, node)
            docname, label = node["docname"], node["label"]
            made: list[Node] = []
            if node["part"] == "pager":
                groups = neighbours(domain.index, docname)
                made = [recap_pager(groups=groups)] if groups else []
            elif node["part"] == "header":
                recap = domain.recaps.get(docname)
                draft = docname in domain.index.drafts
                made = lines.header(recap, draft=draft) if recap else []
            else:
                talk = next((t for t in domain.talks.get(docname, []) if t.label == label), None)
                if talk is not None:
                    made = (
                        lines.talk_head(talk) if node["part"] == "head" else lines.links_line(talk)
                    )
            node.replace_self(made)


def skip_node(translator: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup_lines(app: Sphinx) -> None:
    skip = (skip_node, None)
    app.add_node(recap_lines, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_post_transform(ExpandLines)
