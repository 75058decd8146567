"""The ``recap`` domain: holds the model per document and resolves references.

Data lives in ``env.domaindata['recap']`` keyed by document, so purging a
document and merging parallel readers are plain dictionary operations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.util import logging

from .i18n import _
from .index import SiteIndex, build_index
from .model import Recap, Speaker, Talk, name_key
from .paths import PageNames, page_names
from .references import RecapRole, ReferenceResolver
from .values import build_day

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

__all__ = ["RecapDomain", "forget_page_names", "recap_domain", "warn_missing"]

logger = logging.getLogger(__name__)


class RecapDomain(ReferenceResolver, Domain):
    """Recaps, talks, keynotes and speakers."""

    name = "recap"
    label = "Recap"
    object_types: ClassVar[dict[str, ObjType]] = {
        "talk": ObjType(_("talk"), "talk"),
        "keynote": ObjType(_("keynote"), "talk"),
        "speaker": ObjType(_("speaker"), "speaker"),
    }
    # The talk, keynote and speaker directives are added in setup() (they store into
    # this domain, which keeps imports one way).
    directives: ClassVar[dict[str, Any]] = {}
    roles: ClassVar[dict[str, Any]] = {
        # warn_dangling: an unresolved target reaches ``warn_missing`` below.
        "speaker": RecapRole(innernodeclass=nodes.inline, warn_dangling=True),
        "talk": RecapRole(innernodeclass=nodes.inline, warn_dangling=True),
        "tag": RecapRole(innernodeclass=nodes.inline, warn_dangling=True),
        "event": RecapRole(innernodeclass=nodes.inline, warn_dangling=True),
        "author": RecapRole(innernodeclass=nodes.inline, warn_dangling=True),
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "recaps": {},  # docname -> Recap
        "talks": {},  # docname -> list[Talk]
        "speakers": {},  # docname -> list[Speaker]
    }
    data_version = 1

    _index: SiteIndex | None = None
    _pages: tuple[int, PageNames] | None = None
    _full_index: SiteIndex | None = None

    # -- storing -------------------------------------------------------------

    @property
    def recaps(self) -> dict[str, Recap]:
        return cast("dict[str, Recap]", self.data["recaps"])

    @property
    def talks(self) -> dict[str, list[Talk]]:
        return cast("dict[str, list[Talk]]", self.data["talks"])

    @property
    def speakers(self) -> dict[str, list[Speaker]]:
        return cast("dict[str, list[Speaker]]", self.data["speakers"])

    def add_recap(self, recap: Recap) -> None:
        self.recaps[recap.docname] = recap
        self.changed()

    def add_talk(self, talk: Talk) -> None:
        self.talks.setdefault(talk.docname, []).append(talk)
        self.changed()

    def set_talks(self, docname: str, talks: list[Talk]) -> None:
        self.talks[docname] = talks
        self.changed()

    def add_speaker(self, speaker: Speaker) -> None:
        self.speakers.setdefault(speaker.docname, []).append(speaker)
        self.changed()

    def changed(self) -> None:
        """Records changed: what is made from them is made again when next asked for."""
        self._index = None
        self._pages = None
        self._full_index = None

    def _tables(self) -> tuple[dict[str, Any], ...]:
        return (self.recaps, self.talks, self.speakers)

    def holds(self, docname: str) -> bool:
        """Whether the document holds a recap, talks or speakers."""
        return any(docname in table for table in self._tables())

    def clear_doc(self, docname: str) -> None:
        for table in self._tables():
            table.pop(docname, None)
        self.changed()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("recaps", "talks", "speakers"):
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value
        self.changed()

    def pages(self, builder: Builder) -> PageNames:
        """The generated pages' names for ``builder``, worked out once per build."""
        if self._pages is None or self._pages[0] != id(builder):
            self._pages = (id(builder), page_names(builder, self.env, self.index))
        return self._pages[1]

    def forget_pages(self) -> None:
        self._pages = None

    @property
    def index(self) -> SiteIndex:
        """The cross-linked view of all documents, rebuilt only after a change."""
        if self._index is None:
            self._index = self.build(self.drafts())
        return self._index

    @property
    def full_index(self) -> SiteIndex:
        """The index with drafts too: what a draft's own references may name."""
        if not self.index.drafts:
            return self.index
        if self._full_index is None:
            self._full_index = self.build(frozenset())
        return self._full_index

    def build(self, drafts: frozenset[str]) -> SiteIndex:
        return build_index(
            list(self.recaps.values()),
            [t for talks in self.talks.values() for t in talks],
            [s for speakers in self.speakers.values() for s in speakers],
            drafts,
        )

    def drafts(self) -> frozenset[str]:
        """Recaps that are drafts in this build: ``draft: true``, or dated after the
        build's day (unless ``recap_show_drafts``)."""
        config = self.env.config
        if config.recap_show_drafts:
            return frozenset()
        today = build_day(config)
        return frozenset(
            docname
            for docname, recap in self.recaps.items()
            if recap.draft or (config.recap_future_drafts and recap.date > today)
        )

    # -- checking ------------------------------------------------------------

    def check_consistency(self) -> None:
        """Warn about conflicts that only show once every document is read."""
        self._check_speakers()
        self._check_labels()

    def _check_speakers(self) -> None:
        first: dict[str, Speaker] = {}
        definitions = sorted(
            (s for speakers in self.speakers.values() for s in speakers),
            key=lambda s: (s.docname, s.lineno),
        )
        for speaker in definitions:
            earlier = first.setdefault(name_key(speaker.name), speaker)
            if earlier is speaker:
                continue
            differ = earlier.conflicts_with(speaker)
            if differ:
                logger.warning(
                    "speaker %r is defined twice with a different %s: here and at %s:%d; "
                    "keep one definition",
                    speaker.name,
                    ", ".join(differ),
                    self.env.doc2path(earlier.docname),
                    earlier.lineno,
                    location=(speaker.docname, speaker.lineno),
                    type="recap",
                    subtype="speaker",
                )

    def _check_labels(self) -> None:
        for label, talks in self.index.talks_by_label.items():
            explicit = [t for t in talks if t.explicit_label]
            for talk in explicit[1:]:
                logger.warning(
                    "duplicate talk label %r, also used at %s:%d; give one talk another :name:",
                    label,
                    self.env.doc2path(explicit[0].docname),
                    explicit[0].lineno,
                    location=(talk.docname, talk.lineno),
                    type="recap",
                    subtype="duplicate",
                )

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Talks and defined speakers go into ``objects.inv`` for intersphinx."""
        for talks in self.talks.values():
            for talk in talks:
                yield talk.label, talk.title, talk.kind, talk.docname, talk.anchor or talk.label, 1
        for speakers in self.speakers.values():
            for speaker in speakers:
                anchor = speaker.anchor or speaker.slug
                yield speaker.name, speaker.name, "speaker", speaker.docname, anchor, 1


def warn_missing(app: Sphinx, domain: Domain | None, node: pending_xref) -> bool | None:
    """Our own located ``recap.ref`` warning (after intersphinx found nothing either)."""
    if domain is None or domain.name != RecapDomain.name:
        return None
    logger.warning(
        "%s %r is not defined anywhere in the project; check the spelling",
        node["reftype"],
        node["reftarget"],
        location=node,
        type="recap",
        subtype="ref",
    )
    return True


def forget_page_names(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: documents may have come or gone since names were worked out."""
    recap_domain(env).forget_pages()


def recap_domain(env: BuildEnvironment) -> RecapDomain:
    """The domain instance of this environment."""
    return cast("RecapDomain", env.domains["recap"])
