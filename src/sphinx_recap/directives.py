"""The ``talk``, ``keynote`` and ``speaker`` directives.

Options are read as plain text and checked here, so every bad value becomes a
located ``recap.<subtype>`` warning and the rest of the talk still renders.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .i18n import _
from .model import ATTENDANCE_VALUES, Speaker, Talk, clean_text, slugify, unique_tags
from .nodes import placeholder, prose_of, recap_xref, separated
from .presentation import LIMIT, SHOWN, SPEAKER_LINKS, TALK_LINKS, website_url
from .values import (
    BadValue,
    parse_date,
    parse_list,
    parse_rating,
    parse_time_range,
    safe_url,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils.nodes import Node
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

    from .domain import RecapDomain

__all__ = ["DIRECTIVES", "KeynoteDirective", "SpeakerDirective", "TalkDirective", "pending_link"]

logger = logging.getLogger(__name__)
T = TypeVar("T")


def pending_link(
    directive: SphinxDirective, reftype: str, target: str, text: str
) -> addnodes.pending_xref:
    """A reference to a speaker or tag, located at the directive."""
    source, line = directive.get_source_info()
    return recap_xref(
        reftype, target, text, docname=directive.env.docname, source=source, line=line
    )


class RecapDirective(SphinxDirective):
    """Shared option checking: each bad value warns and is left out."""

    #: What the argument is called in messages.
    argument_name = "title"

    subtype_of_option: ClassVar[dict[str, str]] = {}

    @property
    def domain(self) -> RecapDomain:
        return cast("RecapDomain", self.env.domains["recap"])

    def warn(self, message: str, subtype: str) -> None:
        logger.warning(
            "%s: %s",
            self.name,
            message,
            location=(self.env.docname, self.lineno),
            type="recap",
            subtype=subtype,
        )

    def checked(self, option: str, parse: Callable[[str], T]) -> T | None:
        """The parsed option, or ``None`` (with a warning) when it is absent or bad."""
        raw = self.options.get(option)
        if raw is None or not raw.strip():
            return None
        try:
            return parse(raw)
        except BadValue as error:
            subtype = self.subtype_of_option.get(option, "option")
            self.warn(f":{option}: {error}; the value was left out", subtype)
            return None

    def clean_input(self) -> None:
        """The argument and options without characters no output can hold."""
        before = [*self.arguments, *(v for v in self.options.values() if isinstance(v, str))]
        self.arguments = [clean_text(a) for a in self.arguments]
        self.options = {
            k: clean_text(v) if isinstance(v, str) else v for k, v in self.options.items()
        }
        after = [*self.arguments, *(v for v in self.options.values() if isinstance(v, str))]
        if after != before:
            self.warn("control characters or unencodable text were removed", "text")

    def warn_empty_options(self) -> None:
        for option, value in self.options.items():
            if not (value or "").strip():
                self.warn(f":{option}: is empty; give it a value or remove it", "option")

    def text_option(self, option: str) -> str:
        return " ".join((self.options.get(option) or "").split())

    def title_argument(self, what: str) -> str:
        """The directive's argument; its absence warns ``recap.title``."""
        title = " ".join(self.arguments[0].split()) if self.arguments else ""
        if not title:
            self.warn(
                f"the {what} has no {self.argument_name}; write it after the directive name",
                "title",
            )
        return title

    def unique_id(self, wanted: str) -> str:
        """An id not yet used on this page (``-2``, ``-3`` … appended)."""
        used = self.state.document.ids
        candidate, number = wanted, 2
        while candidate in used:
            candidate, number = f"{wanted}-{number}", number + 1
        return candidate


class TalkDirective(RecapDirective):
    """A talk written up on a recap page: a real section with a meta line."""

    keynote = False
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[OptionSpec] = dict.fromkeys(
        (
            "speaker",
            "affiliation",
            "tags",
            "track",
            "room",
            "date",
            "time",
            *TALK_LINKS,
            "attendance",
            "rating",
            "name",
        ),
        directives.unchanged,
    )
    subtype_of_option: ClassVar[dict[str, str]] = {
        "date": "date",
        "time": "time",
        "rating": "rating",
        "attendance": "attendance",
        **dict.fromkeys(TALK_LINKS, "url"),
    }

    def run(self) -> list[Node]:
        self.clean_input()
        self.warn_empty_options()
        kind = _("keynote") if self.keynote else _("talk")
        title = self.title_argument(kind) or _("Untitled %s") % kind
        label, explicit = self.talk_label(title)
        talk = self.talk_record(title, label, explicit)
        talk = dataclasses.replace(talk, anchor=self.unique_id(f"recap-{label}"))
        self.warn_limits(talk)
        body = self.parse_content_to_nodes(allow_section_headings=True)
        first = next((n for n in body if isinstance(n, nodes.paragraph)), None)
        talk = dataclasses.replace(talk, summary_prose=prose_of(first) if first else ())
        self.domain.add_talk(talk)
        return [self.talk_section(talk, body)]

    def talk_label(self, title: str) -> tuple[str, bool]:
        wanted = self.text_option("name")
        label = slugify(wanted or title)
        if wanted and label in self.state.document.ids:
            self.warn(
                f"label {label!r} is already used on this page; a number was added", "duplicate"
            )
        return self.unique_id(label), bool(wanted)

    def attendance(self) -> str:
        value = self.text_option("attendance").lower()
        if value and value not in ATTENDANCE_VALUES:
            choices = ", ".join(ATTENDANCE_VALUES)
            self.warn(
                f":attendance: {value!r} is not one of {choices}; the badge was left out",
                "attendance",
            )
            return ""
        return value

    def warn_limits(self, talk: Talk) -> None:
        for option, values in (("speaker", talk.speakers), ("tags", talk.tags)):
            if len(values) > LIMIT:
                message = f":{option}: has {len(values)} values, more than {LIMIT}; "
                self.warn(message + f"tables show {SHOWN}", "limit")

    def talk_record(self, title: str, label: str, explicit: bool) -> Talk:
        times = self.checked("time", parse_time_range)
        links = tuple((k, url) for k in TALK_LINKS if (url := self.checked(k, website_url)))
        return Talk(
            docname=self.env.docname,
            label=label,
            title=title,
            lineno=self.lineno,
            keynote=self.keynote,
            speakers=tuple(parse_list(self.options.get("speaker", ""), ";")),
            affiliation=self.text_option("affiliation"),
            tags=unique_tags(parse_list(self.options.get("tags", ""), ",")),
            track=self.text_option("track"),
            room=self.text_option("room"),
            date=self.checked("date", parse_date),
            start=times[0] if times else None,
            end=times[1] if times else None,
            links=links,
            attendance=self.attendance(),
            rating=self.checked("rating", parse_rating),
            explicit_label=explicit,
        )

    def talk_section(self, talk: Talk, body: list[Node]) -> nodes.section:
        """The talk as a section: its title, then its lines (made when the page is
        resolved, see :mod:`.talklines`), its notes and its links."""
        classes = ["recap-talk", "recap-keynote"] if talk.keynote else ["recap-talk"]
        ids = [talk.label, talk.anchor]
        section = nodes.section(classes=classes, ids=ids, names=[talk.label])
        self.set_source_info(section)
        self.state.document.set_id(section)
        section += nodes.title(talk.title, talk.title)
        source, line = self.get_source_info()
        where = (talk.docname, talk.label, source, line)
        section += placeholder("head", *where, show_date=talk.date is not None)
        section.extend(body)
        if talk.links:
            section += placeholder("links", *where)
        return section


class KeynoteDirective(TalkDirective):
    """A keynote: a talk, marked as such."""

    keynote = True


def project_image(env: BuildEnvironment, value: str) -> str:
    """An https URL, or the path of an image file inside the project.

    Sphinx reads ``//x`` as the host's ``/x`` and follows symbolic links: the path is
    resolved as Sphinx will resolve it, and must end at a regular file under the source
    folder, so no file of the machine that builds is ever copied into the site.
    """
    value = value.strip()
    if ":" in value.split("/")[0]:
        return safe_url(value, ("https",))
    if "\\" in value or "\x00" in value:
        raise BadValue(f"{value!r} is not a path inside the project")
    _relative, absolute = env.relfn2path(value, env.docname)
    path, project = Path(absolute).resolve(), Path(env.srcdir).resolve()
    if not path.is_relative_to(project):
        raise BadValue(f"{value!r} points outside the project")
    if not path.is_file():
        raise BadValue(f"{value!r} is not an image file in the project")
    return value


def speaker_links_line(links: tuple[tuple[str, str], ...]) -> nodes.paragraph:
    """A speaker's website and profiles, as the card and the speaker page show them."""
    line = nodes.paragraph(classes=["recap-speaker-links"])
    line.extend(
        separated(
            [
                nodes.reference(
                    SPEAKER_LINKS[kind][0],
                    SPEAKER_LINKS[kind][0],
                    refuri=url,
                    classes=[f"recap-link-{kind}"],
                )
                for kind, url in links
            ]
        )
    )
    return line


class SpeakerDirective(RecapDirective):
    """Defines a speaker once for the whole site and shows their card here."""

    argument_name = "name"

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[OptionSpec] = dict.fromkeys(
        ("affiliation", "role", *SPEAKER_LINKS, "avatar", "name"), directives.unchanged
    )
    subtype_of_option: ClassVar[dict[str, str]] = {
        **dict.fromkeys(SPEAKER_LINKS, "url"),
        "avatar": "url",
    }

    def run(self) -> list[Node]:
        self.clean_input()
        self.warn_empty_options()
        name = self.title_argument(_("speaker"))
        bio = self.parse_content_to_nodes()
        if not name:
            return bio  # keep what the author wrote, even without a name
        slug = slugify(self.text_option("name") or name)
        links = tuple(
            (kind, url)
            for kind, (_label, parse) in SPEAKER_LINKS.items()
            if (url := self.checked(kind, parse))
        )
        speaker = Speaker(
            name=name,
            slug=slug,
            docname=self.env.docname,
            lineno=self.lineno,
            affiliation=self.text_option("affiliation"),
            role=self.text_option("role"),
            links=links,
            avatar=self.checked("avatar", functools.partial(project_image, self.env)) or "",
            bio="\n\n".join(
                " ".join(n.astext().split()) for n in bio if isinstance(n, nodes.paragraph)
            ),
            explicit_slug="name" in self.options,
            anchor=self.unique_id(slug),
        )
        self.domain.add_speaker(speaker)
        return [self.card(speaker, bio)]

    def card(self, speaker: Speaker, bio: list[Node]) -> nodes.container:
        card = nodes.container(classes=["recap-speaker"], ids=[speaker.anchor])
        self.state.document.set_id(card)
        self.set_source_info(card)
        if speaker.avatar:
            card += nodes.image(uri=speaker.avatar, alt="", classes=["recap-speaker-avatar"])
        heading = nodes.paragraph(classes=["recap-speaker-name"])
        heading += nodes.strong(speaker.name, speaker.name)
        card += heading
        position = ", ".join(v for v in (speaker.role, speaker.affiliation) if v)
        if position:
            card += nodes.paragraph(position, position, classes=["recap-speaker-affiliation"])
        if bio:
            card += nodes.container("", *bio, classes=["recap-speaker-bio"])
        if speaker.links:
            card += speaker_links_line(speaker.links)
        return card


#: The directives of the ``recap`` domain, by name.
DIRECTIVES: dict[str, type[RecapDirective]] = {
    "talk": TalkDirective,
    "keynote": KeynoteDirective,
    "speaker": SpeakerDirective,
}
