"""Property-based builds: random recaps, talks, speakers and tags keep every invariant.

Each example is a real Sphinx build of a generated MyST site. The checks follow the
links a reader would follow (talk -> speaker page, talk -> tag page) and compare the
index pages' counts with the data the example was made from.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import Counter
from io import StringIO
from pathlib import Path
from urllib.parse import unquote

from defusedxml import ElementTree
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from helpers import dangling_links, soup, warnings_of, write_site
from sphinx_recap import model
from sphinx_recap.model import name_key, tag_key

# Names and tags mix Latin, accented and CJK letters with the symbols that slugs treat
# specially; option syntax characters (; , : ` { }) are left out: they separate values.
WORD = (
    st.text(
        alphabet=st.sampled_from([*list("abcxyzABCÄöéßñ東京李明+#&.-"), " "]),
        min_size=1,
        max_size=12,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: s and s[0].isalpha() and " #" not in s)
)

TALK = st.fixed_dictionaries(
    {
        "speakers": st.lists(WORD, min_size=1, max_size=2, unique_by=name_key),
        "tags": st.lists(WORD, max_size=3, unique_by=tag_key),
        "keynote": st.booleans(),
    }
)
RECAP = st.fixed_dictionaries(
    {
        "day": st.integers(min_value=1, max_value=28),
        "tags": st.lists(WORD, max_size=3, unique_by=tag_key),
        "talks": st.lists(TALK, max_size=4),
    }
)
SITE = st.lists(RECAP, min_size=1, max_size=4)


def recap_markdown(number: int, recap: dict) -> str:
    tags = ", ".join(f'"{t}"' for t in recap["tags"])
    blocks = []
    for index, talk in enumerate(recap["talks"]):
        kind = "keynote" if talk["keynote"] else "talk"
        options = [f":speaker: {'; '.join(talk['speakers'])}", f":name: t{number}-{index}"]
        if talk["tags"]:
            options.append(f":tags: {', '.join(talk['tags'])}")
        blocks.append(
            f"```{{{kind}}} Talk {number}.{index}\n"
            + "\n".join(options)
            + f"\n\nNotes {index}.\n```\n"
        )
    return (
        f"---\ndate: 2024-02-{recap['day']:02d}\ntags: [{tags}]\n---\n"
        f"# Recap {number}\n\nIntro {number}.\n\n" + "\n".join(blocks)
    )


def build(site: list[dict], folder: Path) -> SphinxTestApp:
    pages = {f"recap-{n}": recap_markdown(n, recap) for n, recap in enumerate(site)}
    write_site(folder, pages, conf='html_baseurl = "https://prop.example.org/"\n')
    app = SphinxTestApp("html", srcdir=folder, status=StringIO(), warning=StringIO())
    app.build()
    return app


def linked_page(page_path: Path, href: str) -> Path:
    return (page_path.parent / unquote(href.split("#", maxsplit=1)[0])).resolve()


def occurrences(page: Path, docname: str, label: str) -> int:
    """How often a page links to the talk's anchor."""
    pattern = re.compile(rf"(^|/){re.escape(docname)}\.html#{re.escape(label)}$")
    return sum(1 for a in soup(page).select("a[href]") if pattern.search(unquote(a["href"])))


def check_talk_links(app: SphinxTestApp, site: list[dict]) -> None:
    for number, recap in enumerate(site):
        page_path = app.outdir / f"recap-{number}.html"
        page = soup(page_path)
        for index, talk in enumerate(recap["talks"]):
            section = page.select_one(f"section#t{number}-{index}")
            speaker_links = section.select(".recap-talk-meta a.recap-speaker-link")
            assert [a.get_text() for a in speaker_links] == talk["speakers"]
            tag_links = section.select(".recap-tags a.recap-tag")
            assert len(tag_links) == len(talk["tags"])
            for link in [*speaker_links, *tag_links]:
                target = linked_page(page_path, link["href"])
                assert occurrences(target, f"recap-{number}", f"t{number}-{index}") == 1, target


def check_index_counts(app: SphinxTestApp, site: list[dict]) -> None:
    talks_per_speaker: Counter[str] = Counter()
    recaps_per_tag: Counter[str] = Counter()
    talks_per_tag: Counter[str] = Counter()
    for recap in site:
        recaps_per_tag.update(tag_key(t) for t in recap["tags"])
        for talk in recap["talks"]:
            talks_per_speaker.update(name_key(s) for s in talk["speakers"])
            talks_per_tag.update(tag_key(t) for t in talk["tags"])
    speakers = soup(app.outdir / "speakers" / "index.html").select("ul.recap-speaker-list li")
    shown = {
        name_key(li.select_one("a").get_text()): li.select_one(".recap-talk-count").get_text()
        for li in speakers
    }
    assert set(shown) == set(talks_per_speaker)
    for key, count in talks_per_speaker.items():
        assert shown[key] == f"{count} talk{'s' if count != 1 else ''}"
    cloud = soup(app.outdir / "tags" / "index.html").select("ul.recap-tag-cloud li")
    counts = {
        tag_key(li.select_one("a").get_text()[1:]): li.select_one(".recap-tag-count").get_text()
        for li in cloud
    }
    assert set(counts) == set(recaps_per_tag) | set(talks_per_tag)
    for key, text in counts.items():
        recaps, talks = recaps_per_tag[key], talks_per_tag[key]
        assert text == (
            f"{recaps} recap{'s' if recaps != 1 else ''}, {talks} talk{'s' if talks != 1 else ''}"
        )


# Each example is a full build: keep the count small and skip shrinking (slow); Hypothesis
# still prints the failing example.
@settings(
    max_examples=10,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(site=SITE)
def test_random_sites_keep_every_invariant(site):
    folder = Path(tempfile.mkdtemp(prefix="recap-prop-"))
    try:
        app = build(site, folder / "src")
        try:
            assert "Traceback" not in warnings_of(app)
            assert "WARNING" not in warnings_of(app), warnings_of(app)
            check_talk_links(app, site)
            check_index_counts(app, site)
            feed = ElementTree.fromstring((app.outdir / "atom.xml").read_bytes())
            entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
            assert len(entries) == len(site)
            assert dangling_links(app.outdir) == []
        finally:
            app.cleanup()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_the_fold_table_folds_each_character_as_the_slug_rule_says(text):
    """Slugs fold names with ``str.translate`` over a table filled as characters come;
    the result is the per-character rule's, whatever the text."""
    assert text.translate(model._FOLD) == "".join(model._fold_char(c) for c in text)


def test_slugs_of_names_with_symbols_and_accents():
    cases = {
        "C": "c",
        "C++": "c-plus-plus",
        "C#": "c-sharp",
        "Björn Rabenstein": "bjorn-rabenstein",
    }
    assert {name: model.slugify(name) for name in cases} == cases
