"""Synthetic conference-recap sites for the benchmarks, in three variants.

One seeded model of the content (recaps, talks, speakers, tags) is written out
three ways, so the builds differ only in how the same text is marked up:

``recap``
    sphinx-recap: front matter, ``talk``/``keynote`` directives, a page of
    ``speaker`` definitions and an index with a ``recaplist``.
``plain``
    The same text as ordinary MyST sections and paragraphs, no extension: what
    Sphinx itself costs, the lower bound.
``ablog``
    An ABlog site: ``blogpost: true`` front matter with tags, category and
    author, talks as sections, and an index with a ``postlist``.

Usage: ``python benchmarks/generate.py OUTDIR --variant recap --recaps 1000``.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "VARIANTS",
    "Recap",
    "Site",
    "SpeakerBio",
    "Talk",
    "edit_recap",
    "make_site",
    "recap_path",
    "write_recap",
    "write_site",
]

VARIANTS = ("recap", "plain", "ablog")
SEED = 20170330
TAG_POOL = 200
SPEAKER_POOL = 2000
DEFINED_SPEAKERS = 200
TAGS_PER_RECAP = 3
SITE_URL = "https://bench.example.org/"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Word lists for names and text; combined, they give pools of any size we need.
_TOPICS = _words(
    "Kubernetes Rust Python Go Observability Tracing Storage Networking Security Compilers "
    "Databases Postgres Kafka WebAssembly Linux Embedded Testing Accessibility Design "
    "Typography Robotics Audio Graphics Mobile Browsers Privacy Cryptography Search "
    "Caching Serverless Scheduling Packaging Documentation Localisation Mentoring Hiring "
    "Ethics Energy Maps Music"
)
_ASPECTS = _words(
    "Basics Internals Performance Operations Tooling Migration Patterns History Community Scale"
)
_FIRST = _words(
    "Ada Grace Alan Barbara Linus Margaret Ken Frances Dennis Radia Edsger Hedy Donald "
    "Sophie Guido Katherine John Lynn Tim Mary Bjarne Anita Yukihiro Jean Niklaus Shafi "
    "Whitfield Adele Leslie Carol Andrew Ruth Brian Joan Vint Karen Robert Evelyn Fernando "
    "Ida Tony Susan Rasmus Limor Bram Annie Larry Mitchell Hal Joy Chen"
)
_LAST = _words(
    "Lovelace Hopper Turing Liskov Torvalds Hamilton Thompson Allen Ritchie Perlman "
    "Dijkstra Lamarr Knuth Wilson Rossum Johnson McCarthy Conway Berners Jennings "
    "Stroustrup Borg Matsumoto Sammet Wirth Goldwasser Diffie Goldberg Lamport Shaw "
    "Tanenbaum Teitelman Kernighan Clarke Cerf Jones Metcalfe Boyd Corbato Rhodes Hoare "
    "Kare Lerdorf Fried Moolenaar Easley Wall Kapor Abelson Hughes Wang"
)
_CONFERENCES = _words(
    "KubeCon PyCon FOSDEM RustConf GopherCon JSConf StrangeLoop DevOpsDays SREcon "
    "Monitorama EuroPython DjangoCon PGConf LinuxConf WriteTheDocs CCC BSides QCon GOTO "
    "OSCON"
)
_CITIES = _words(
    "Berlin Paris Brussels Portland Lisbon Prague Vienna Amsterdam Madrid Dublin Austin "
    "Seattle Montreal Tokyo Sydney Oslo Helsinki Warsaw Zurich Copenhagen"
)
_WORDS = _words(
    "the speaker showed how a small team moved its build from one large machine to many "
    "small ones and what broke on the way; caches were cold, tests were flaky and the logs "
    "told nothing until tracing was added; questions from the room were about cost, about "
    "on call and about how to start without rewriting everything at once; slides and code "
    "are online and the demo worked on the second try"
)
_TRACKS = ("Main", "Deep dive", "Community", "Lightning", "Workshop")
_ATTENDANCE = ("full", "partial", "missed", "overflow")


@dataclass(frozen=True)
class Talk:
    title: str
    keynote: bool
    speakers: tuple[str, ...]
    affiliation: str
    tags: tuple[str, ...]
    track: str
    room: str
    time: str
    attendance: str
    rating: int | None
    slides: str
    body: str


@dataclass(frozen=True)
class Recap:
    number: int
    title: str
    date: dt.date
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    event: str
    location: str
    summary: str
    intro: str
    talks: tuple[Talk, ...]


@dataclass(frozen=True)
class SpeakerBio:
    name: str
    affiliation: str
    role: str
    github: str
    bio: str


@dataclass(frozen=True)
class Site:
    recaps: tuple[Recap, ...]
    speakers: tuple[SpeakerBio, ...]
    tag_pool: tuple[str, ...]
    speaker_pool: tuple[str, ...]


def _pool(
    rng: random.Random,
    size: int,
    first: list[str] | tuple[str, ...],
    second: list[str] | tuple[str, ...],
    joiner: str,
) -> tuple[str, ...]:
    combos = [f"{a}{joiner}{b}" for a in first for b in second]
    rng.shuffle(combos)
    if size > len(combos):
        raise ValueError(f"only {len(combos)} combinations for a pool of {size}")
    return tuple(combos[:size])


def _sentence(rng: random.Random, words: int) -> str:
    start = rng.randrange(len(_WORDS))
    picked = [_WORDS[(start + i) % len(_WORDS)] for i in range(words)]
    text = " ".join(picked).replace(";", ",").strip(", ")
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(10, 22)) for _ in range(sentences))


def _talk(
    rng: random.Random,
    site_tags: tuple[str, ...],
    speakers: tuple[str, ...],
    day: dt.date,
    slot: int,
    *,
    keynote: bool,
) -> Talk:
    names = tuple(rng.sample(speakers, 2 if rng.random() < 0.2 else 1))
    topic = rng.choice(_TOPICS)
    start = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=40 * slot)
    end = start + dt.timedelta(minutes=30)
    return Talk(
        title=f"{topic} {rng.choice(_ASPECTS).lower()}: {_sentence(rng, 4)[:-1].lower()}",
        keynote=keynote,
        speakers=names,
        affiliation=f"{rng.choice(_LAST)} Labs" if rng.random() < 0.3 else "",
        tags=tuple(rng.sample(site_tags, rng.randint(1, 2))),
        track="" if keynote else rng.choice(_TRACKS),
        room=f"Room {rng.randint(1, 12)}",
        time=f"{start:%H:%M}-{end:%H:%M}",
        attendance=rng.choice(_ATTENDANCE) if rng.random() < 0.5 else "",
        rating=rng.randint(1, 5) if rng.random() < 0.4 else None,
        slides=f"https://slides.example.org/{rng.randrange(10**6)}" if rng.random() < 0.3 else "",
        body=_paragraph(rng, rng.randint(2, 4)),
    )


def make_site(recaps: int = 1000, seed: int = SEED) -> Site:
    """The content of a site of ``recaps`` recaps; the same seed gives the same site."""
    rng = random.Random(seed)
    tag_pool = _pool(rng, TAG_POOL, _TOPICS, _ASPECTS, " ")
    speaker_pool = _pool(rng, SPEAKER_POOL, _FIRST, _LAST, " ")
    authors = speaker_pool[:20]
    items: list[Recap] = []
    day = dt.date(2010, 1, 15)
    number = 0
    while number < recaps:
        # An event lasts one to three days; each day gets its own recap.
        conference = rng.choice(_CONFERENCES)
        event = f"{conference} {day.year}"
        location = rng.choice(_CITIES)
        for day_number in range(1, rng.randint(1, 3) + 1):
            if number == recaps:
                break
            number += 1
            date = day + dt.timedelta(days=day_number - 1)
            count = rng.randint(8, 12)
            talks = tuple(
                _talk(rng, tag_pool, speaker_pool, date, slot, keynote=slot == 0)
                for slot in range(count)
            )
            items.append(
                Recap(
                    number=number,
                    title=f"{event}: day {day_number}",
                    date=date,
                    authors=tuple(rng.sample(authors, 2 if rng.random() < 0.15 else 1)),
                    tags=tuple(rng.sample(tag_pool, TAGS_PER_RECAP)),
                    event=event,
                    location=location,
                    summary=_sentence(rng, 14),
                    intro=_paragraph(rng, 2),
                    talks=talks,
                )
            )
        day += dt.timedelta(days=rng.randint(3, 9))
    bios = tuple(
        SpeakerBio(
            name=name,
            affiliation=f"{rng.choice(_LAST)} Labs",
            role=rng.choice(("Engineer", "Maintainer", "Researcher", "Founder")),
            github=name.lower().replace(" ", "-"),
            bio=_paragraph(rng, 2),
        )
        for name in speaker_pool[:DEFINED_SPEAKERS]
    )
    return Site(tuple(items), bios, tag_pool, speaker_pool)


def edit_recap(site: Site, number: int, step: int = 1) -> Site:
    """The site with one recap edited: a tag and a talk's speaker replaced.

    ``step`` picks the replacements, so repeated edits differ from each other.
    The new speaker is outside the pool (a new speaker page) and the new tag is
    one the recap did not have, so listing pages change in both directions.
    """
    recap = site.recaps[number - 1]
    choices = [t for t in site.tag_pool if t not in recap.tags]
    new_tag = choices[(step * 37) % len(choices)]
    talk = recap.talks[1]
    speakers = (f"Guest Speaker {step}", *talk.speakers[1:])
    talks = (recap.talks[0], dataclasses.replace(talk, speakers=speakers), *recap.talks[2:])
    edited = dataclasses.replace(recap, tags=(*recap.tags[:-1], new_tag), talks=talks)
    recaps = (*site.recaps[: number - 1], edited, *site.recaps[number:])
    return dataclasses.replace(site, recaps=recaps)


# -- writing ---------------------------------------------------------------------


def recap_path(recap: Recap) -> str:
    """Source path of a recap, relative to the source folder."""
    return f"recaps/{recap.date.year}/recap-{recap.number:05d}.md"


def _front_matter(recap: Recap, variant: str) -> str:
    lines = ["---", f"date: {recap.date.isoformat()}"]
    if variant == "ablog":
        lines += [
            "blogpost: true",
            f"author: {', '.join(recap.authors)}",
            f"tags: {', '.join(recap.tags)}",
            f"category: {recap.event}",
            f"location: {recap.location}",
        ]
    else:
        lines += [
            f"author: [{', '.join(recap.authors)}]",
            f"tags: [{', '.join(recap.tags)}]",
            f"event: {recap.event}",
            f"location: {recap.location}",
        ]
    lines += [f"summary: {recap.summary}", "---", ""]
    return "\n".join(lines)


def _talk_directive(talk: Talk) -> str:
    options = [
        ("speaker", "; ".join(talk.speakers)),
        ("affiliation", talk.affiliation),
        ("tags", ", ".join(talk.tags)),
        ("track", talk.track),
        ("room", talk.room),
        ("time", talk.time),
        ("slides", talk.slides),
        ("attendance", talk.attendance),
        ("rating", str(talk.rating) if talk.rating else ""),
    ]
    name = "keynote" if talk.keynote else "talk"
    lines = [f"```{{{name}}} {talk.title}"]
    lines += [f":{key}: {value}" for key, value in options if value]
    lines += ["", talk.body, "```", ""]
    return "\n".join(lines)


def _talk_section(talk: Talk) -> str:
    """The same talk as a plain section: a heading, a meta line and the text."""
    meta = [", ".join(talk.speakers) + (f" ({talk.affiliation})" if talk.affiliation else "")]
    meta += [v for v in (talk.track, talk.room, talk.time) if v]
    if talk.attendance:
        meta.append(f"attendance: {talk.attendance}")
    if talk.rating:
        meta.append(f"rating: {talk.rating}/5")
    meta.append("tags: " + ", ".join(talk.tags))
    if talk.slides:
        meta.append(f"[Slides]({talk.slides})")
    title = f"Keynote: {talk.title}" if talk.keynote else talk.title
    return "\n".join([f"### {title}", "", " · ".join(meta), "", talk.body, ""])


def recap_text(recap: Recap, variant: str) -> str:
    """One recap page in the markup of ``variant``."""
    talk = _talk_directive if variant == "recap" else _talk_section
    parts = [_front_matter(recap, variant), f"# {recap.title}", "", recap.intro, ""]
    keynotes = [t for t in recap.talks if t.keynote]
    others = [t for t in recap.talks if not t.keynote]
    if keynotes:
        parts += ["## Keynotes", ""] + [talk(t) for t in keynotes]
    if others:
        parts += ["## Talks", ""] + [talk(t) for t in others]
    return "\n".join(parts)


def speakers_text(site: Site, variant: str) -> str:
    parts = ["# People", "", "Some of the people who spoke, in their own words.", ""]
    for bio in site.speakers:
        if variant == "recap":
            parts += [
                f"```{{speaker}} {bio.name}",
                f":affiliation: {bio.affiliation}",
                f":role: {bio.role}",
                f":github: {bio.github}",
                "",
                bio.bio,
                "```",
                "",
            ]
        else:
            parts += [
                f"## {bio.name}",
                "",
                f"{bio.role}, {bio.affiliation} · [GitHub](https://github.com/{bio.github})",
                "",
                bio.bio,
                "",
            ]
    return "\n".join(parts)


def index_text(variant: str) -> str:
    listing = {
        "recap": ["## Latest recaps", "", "```{recaplist}", ":limit: 20", "```", ""],
        "ablog": ["## Latest recaps", "", "```{postlist} 20", "```", ""],
        "plain": [],
    }[variant]
    return "\n".join(
        [
            "# Conference recaps",
            "",
            "Write-ups of the talks we saw, day by day.",
            "",
            *listing,
            "```{toctree}",
            ":hidden:",
            ":glob:",
            "",
            "people",
            "recaps/*/*",
            "```",
            "",
        ]
    )


#: Each variant's Sphinx extensions.
EXTENSIONS = {
    "recap": ["myst_parser", "sphinx_recap"],
    "plain": ["myst_parser"],
    "ablog": ["myst_parser", "ablog"],
}


def conf_text(variant: str) -> str:
    lines = [
        '"""Benchmark site (generated by benchmarks/generate.py)."""',
        "",
        'project = "Conference recaps"',
        'author = "Bench Team"',
        'copyright = "2026, Bench Team"',
        f"html_baseurl = {SITE_URL!r}",
        'exclude_patterns = ["_build"]',
    ]
    lines.append(f"extensions = {EXTENSIONS[variant]!r}")
    if variant == "ablog":
        lines += [
            'blog_title = "Conference recaps"',
            f"blog_baseurl = {SITE_URL!r}",
            'blog_path = "blog"',
        ]
    return "\n".join(lines) + "\n"


def write_recap(root: Path, variant: str, recap: Recap) -> Path:
    path = root / recap_path(recap)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(recap_text(recap, variant), encoding="utf-8")
    return path


def write_site(root: Path, variant: str, site: Site) -> None:
    """Write the whole source folder of ``variant`` into ``root``."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; one of {', '.join(VARIANTS)}")
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(conf_text(variant), encoding="utf-8")
    (root / "index.md").write_text(index_text(variant), encoding="utf-8")
    (root / "people.md").write_text(speakers_text(site, variant), encoding="utf-8")
    for recap in site.recaps:
        write_recap(root, variant, recap)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--variant", choices=VARIANTS, default="recap")
    parser.add_argument("--recaps", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    site = make_site(args.recaps, args.seed)
    write_site(args.outdir, args.variant, site)
    talks = sum(len(r.talks) for r in site.recaps)
    print(f"wrote {args.variant} site: {len(site.recaps)} recaps, {talks} talks -> {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
