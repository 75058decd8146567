"""Plain typed data for recaps, talks and speakers, and the slug rules.

Everything here is picklable and free of Sphinx objects: the domain keeps these
records in the build environment, and pages, feeds and templates read them.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

__all__ = [
    "ATTENDANCE_VALUES",
    "Recap",
    "Speaker",
    "Talk",
    "clean_text",
    "name_key",
    "slugify",
    "tag_hue_class",
    "tag_key",
    "unique_tags",
    "url_quote",
]

#: How much of a talk its writer saw. ``overflow``: the room was full.
ATTENDANCE_VALUES = ("full", "partial", "missed", "overflow")

# Symbols that carry meaning in tag and speaker names, so ``C``, ``C++`` and
# ``C#`` get three different slugs instead of all becoming ``c``.
_SYMBOL_WORDS = {"+": "plus", "#": "sharp", "&": "and", "@": "at", "*": "star"}
_SEPARATORS = re.compile(r"[\s_\-./\\:;,|]+")
# A symbol standing alone ("KubeCon + CloudNativeCon") is punctuation, not a name.
_LONE_SYMBOLS = re.compile(r"(?<!\S)[+#&@*]+(?!\S)")


# C0 controls but tab and line breaks, DEL, C1 controls but NEL, lone surrogates and the
# two non-characters: XML 1.0 (feeds) and YAML (front matter) forbid or discourage them,
# HTML calls them errors, and a surrogate cannot be encoded. Nobody means them.
_UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` without characters no output can hold: control characters are dropped,
    lone surrogates and XML non-characters become U+FFFD."""
    return _UNUSABLE.sub(lambda m: "" if m[0] < "\ud800" else "\ufffd", text)


def _fold_char(char: str) -> str:
    """Lower-case one character, folding Latin letters to ASCII (``ö`` -> ``o``)."""
    if char in _SYMBOL_WORDS:
        return f"-{_SYMBOL_WORDS[char]}-"
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if base.isascii():
        return base.lower() if base.isalnum() else "-"
    if "LATIN" in unicodedata.name(char, ""):
        special = {"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "œ": "oe"}
        return special.get(char.lower(), "-")
    # Other scripts (CJK, Cyrillic, Arabic, …) are kept; links percent-encode them.
    return char.lower() if (char.isalnum() or unicodedata.category(char)[0] == "M") else "-"


class _FoldTable(dict[int, str]):
    """``str.translate`` table of :func:`_fold_char`, filled as characters are met: the
    loop over a name's characters runs in C, the fold once per distinct character."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


# Slugs and keys are pure functions of short strings that repeat on every page
# (a tag or a name is looked up wherever it is listed): computed once each.
@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """A lower-case, file-name-safe slug; empty text gives ``"untitled"``."""
    text = _LONE_SYMBOLS.sub(" ", unicodedata.normalize("NFC", text))
    folded = text.translate(_FOLD)
    slug = _SEPARATORS.sub("-", folded).strip("-")
    slug = re.sub(r"-{2,}", "-", slug) or "untitled"
    return _bounded(slug)


#: A slug is a file name: at most this many characters and UTF-8 bytes.
SLUG_CHARACTERS, SLUG_BYTES = 80, 200


def _bounded(slug: str) -> str:
    """A slug cut to fit file names, with a short hash of the whole so two long names
    that begin alike keep apart (and the cut is the same in every build)."""
    if len(slug) <= SLUG_CHARACTERS and len(slug.encode()) <= SLUG_BYTES:
        return slug
    digest = hashlib.sha1(slug.encode()).hexdigest()[:6]
    head = slug[: SLUG_CHARACTERS - 7]
    while len(head.encode()) > SLUG_BYTES - 7:
        head = head[:-1]
    return f"{head.rstrip('-')}-{digest}"


@functools.lru_cache(maxsize=65536)
def tag_key(tag: str) -> str:
    """Tags that differ only in case or spacing are one tag."""
    return " ".join(unicodedata.normalize("NFC", tag).casefold().split())


def unique_tags(tags: list[str]) -> tuple[str, ...]:
    """Tags in the order written, each one once (its first spelling)."""
    seen: dict[str, str] = {}
    for tag in tags:
        seen.setdefault(tag_key(tag), " ".join(tag.split()))
    return tuple(seen.values())


def name_key(name: str) -> str:
    """Speakers are matched by name ignoring case and runs of white space."""
    return tag_key(name)


def unique_slugs(keys: list[str], base: dict[str, str]) -> dict[str, str]:
    """Give every key its own slug, even when two keys fold to the same one.

    The key whose base slug equals the key itself keeps the plain slug; the
    others get a short stable hash suffix, so the result never depends on the
    order in which documents were read.
    """
    by_slug: dict[str, list[str]] = {}
    for key in sorted(set(keys)):
        by_slug.setdefault(base[key], []).append(key)
    result: dict[str, str] = {}
    for slug, group in by_slug.items():
        keeper = next((k for k in group if k.replace(" ", "-") == slug), group[0])
        for key in group:
            digest = hashlib.sha1(key.encode()).hexdigest()[:6]
            result[key] = slug if key == keeper else f"{slug}-{digest}"
    return result


#: How many colours the theme has for tag pills.
TAG_HUES = 8


@functools.lru_cache(maxsize=4096)
def tag_hue_class(tag: str) -> str:
    """``recap-tag-hue-<n>``: a colour that stays with the tag across builds and pages."""
    digest = hashlib.sha1(tag_key(tag).encode()).hexdigest()
    return f"recap-tag-hue-{int(digest[:8], 16) % TAG_HUES}"


def url_quote(uri: str) -> str:
    """Percent-encode a relative URI built from slugs in any script."""
    return quote(uri, safe="/#:?=&%~+")


#: A paragraph as (kind, text) pieces: ``("text", "…")`` or ``("talk", label)`` for a
#: reference to a talk, shown as the talk's title.
Prose = tuple[tuple[str, str], ...]

#: How long a summary made from prose may be.
SUMMARY_LENGTH = 300


def summary_text(prose: Prose, titles: dict[str, str]) -> str:
    """The prose as one line of text, talk references as titles, cut at a word."""
    text = "".join(titles.get(value, value) if kind == "talk" else value for kind, value in prose)
    text = " ".join(clean_text(text).split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True, slots=True)
class Location:
    """Where something was written, for warnings that point at it."""

    docname: str
    lineno: int


@dataclass(frozen=True, slots=True)
class Recap:
    """A page whose metadata has a ``date``: one write-up of (part of) an event."""

    docname: str
    title: str
    date: dt.date
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    event: str = ""
    location: str = ""
    summary: str = ""
    image: str = ""
    updated: dt.date | None = None
    #: IANA time zone of the talks' times (``Europe/Berlin``); empty: local times.
    timezone: str = ""
    #: The prose the summary is made from when front matter gives none (see ``Prose``);
    #: the site index turns it into ``summary`` once every talk's title is known.
    summary_prose: Prose = ()
    #: ``draft: true`` in the front matter (a future ``date`` makes a draft too).
    draft: bool = False
    #: ``pinned: true``: first where recaps are listed newest first.
    pinned: bool = False
    #: Words of the recap's own text, for its reading time.
    words: int = 0
    #: The text alternative of ``image`` where it is shown as the page's splash image.
    image_alt: str = ""


@dataclass(frozen=True, slots=True)
class Talk:
    """A talk or keynote written up on a page."""

    docname: str
    label: str
    title: str
    lineno: int
    keynote: bool = False
    speakers: tuple[str, ...] = ()
    affiliation: str = ""
    tags: tuple[str, ...] = ()
    track: str = ""
    room: str = ""
    date: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    links: tuple[tuple[str, str], ...] = ()
    attendance: str = "full"
    rating: int | None = None
    summary: str = ""
    explicit_label: bool = False
    summary_prose: Prose = ()
    #: A second id of the talk's section, where search results and intersphinx link to:
    #: Sphinx's search would build a wrong anchor from the title when it equals the label.
    anchor: str = ""

    @property
    def kind(self) -> str:
        return "keynote" if self.keynote else "talk"


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker defined once for the whole site with the ``speaker`` directive."""

    name: str
    slug: str
    docname: str
    lineno: int
    affiliation: str = ""
    role: str = ""
    links: tuple[tuple[str, str], ...] = ()
    avatar: str = ""
    bio: str = ""
    explicit_slug: bool = False
    #: The id of the speaker's card on its page (the slug, unless the page uses it).
    anchor: str = ""

    def conflicts_with(self, other: Speaker) -> list[str]:
        """The fields two definitions of the same person disagree on."""
        names = ("affiliation", "role", "links", "avatar", "bio")
        return [
            n
            for n in names
            if getattr(self, n) and getattr(other, n) and getattr(self, n) != getattr(other, n)
        ]
