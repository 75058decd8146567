"""Hostile input: every author-controlled field escaped, unsafe URLs dropped, located warnings."""

from __future__ import annotations

import json
import re
import shutil
from io import StringIO

import pytest
from defusedxml import ElementTree
from sphinx.testing.util import SphinxTestApp

from helpers import (
    dangling_links,
    ics_problems,
    inline_scripts,
    output_files,
    unsafe_markup,
    warnings_of,
)
from sphinx_recap.values import BadValue, safe_url

ATOM_ELEMENTS = {
    "feed",
    "id",
    "title",
    "subtitle",
    "updated",
    "published",
    "link",
    "author",
    "name",
    "uri",
    "email",
    "entry",
    "summary",
    "content",
    "category",
    "generator",
    "rights",
    "icon",
    "logo",
    "contributor",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, rootdir):
    """One build of the hostile site, shared by the checks below."""
    srcdir = tmp_path_factory.mktemp("hostile") / "src"
    shutil.copytree(rootdir / "test-hostile", srcdir)
    # An avatar that is a link to a file of the machine that builds.
    (srcdir / "linked.png").symlink_to("/etc/passwd")
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    app.build()
    yield app
    app.cleanup()


def test_the_build_finishes_without_a_traceback(hostile):
    assert "Traceback" not in warnings_of(hostile)
    assert (hostile.outdir / "xss.html").is_file()
    assert (hostile.outdir / "unicode.html").is_file()


def test_every_warning_is_located_and_typed(hostile):
    lines = [line for line in warnings_of(hostile).splitlines() if "WARNING" in line]
    assert lines
    for line in lines:
        assert re.search(r"\[recap\.\w+\]$", line), line
        assert re.match(r"^\S+\.md:\d+: WARNING", line), line


EXPECTED_WARNINGS = [
    ("xss.md:1", "front matter 'image': URL scheme 'javascript:' is not allowed", "url"),
    ("xss.md:14", ":slides: URL scheme 'javascript:' is not allowed", "url"),
    ("xss.md:14", ":video: URL scheme 'data:' is not allowed", "url"),
    ("xss.md:14", ":repo: URL scheme 'vbscript:' is not allowed", "url"),
    ("xss.md:14", ":url: URL scheme 'javascript:' is not allowed", "url"),
    ("xss.md:29", ":slides: URL scheme 'javascript:' is not allowed", "url"),
    ("xss.md:29", ":url: '//evil.example.org/no-scheme' is not an absolute URL", "url"),
    ("empty.md:9", ":speaker: is empty", "option"),
    ("empty.md:9", ":rating: is empty", "option"),
    ("empty.md:19", "the speaker has no name", "title"),
    ("dupes.md:11", "label 'dup' is already used on this page", "duplicate"),
    (
        "dupes.md:19",
        "speaker 'twice DEFINED' is defined twice with a different affiliation",
        "speaker",
    ),
    ("dupes.md:23", "talk 'nothing-here' is not defined anywhere", "ref"),
    ("dupes.md:23", "speaker 'Ghost Person' is not defined anywhere", "ref"),
    ("dupes.md:23", "tag 'no-tag' is not defined anywhere", "ref"),
    ("host.md:1", "front matter 'summary': control characters or unencodable text", "text"),
    ("host.md:1", "front matter 'event': control characters or unencodable text", "text"),
    ("host.md:1", "front matter 'tags': control characters or unencodable text", "text"),
    ("host.md:1", "front matter 'image': '//evil.example.org/tracker.png' is not a path", "url"),
    ("host.md:", ":avatar: '//etc/passwd' points outside the project", "url"),
    ("host.md:", ":avatar: '//proc/self/environ' points outside the project", "url"),
    ("host.md:", ":avatar: '//dev/zero' points outside the project", "url"),
    ("host.md:", ":avatar: '../../outside.png' points outside the project", "url"),
    ("host.md:", ":avatar: 'linked.png' points outside the project", "url"),
    ("host.md:", "talk: control characters or unencodable text were removed", "text"),
]


@pytest.mark.parametrize(("where", "message", "subtype"), EXPECTED_WARNINGS)
def test_each_bad_value_warns(hostile, where, message, subtype):
    lines = warnings_of(hostile).splitlines()
    assert any(
        where in line and message in line and line.endswith(f"[recap.{subtype}]") for line in lines
    ), f"{where} {message}"


def test_no_executable_markup_in_any_html_output(hostile):
    pages = output_files(hostile.outdir)
    assert len(pages) >= 6
    for name, html in pages.items():
        assert unsafe_markup(html) == [], name
    # Inline scripts, if the theme has any, are one fixed text on every page.
    assert len(set().union(*(inline_scripts(html) for html in pages.values()))) <= 1


def test_hostile_text_is_shown_escaped(hostile):
    html = (hostile.outdir / "xss.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(‘title’)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(‘talk’)&gt;" in html
    assert "&lt;b onmouseover=alert(1)&gt;Evil Corp&lt;/b&gt;" in html
    assert "#&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_xml_outputs_are_valid_and_hold_no_markup(hostile):
    feeds = list(hostile.outdir.rglob("*.xml"))
    assert feeds
    for path in feeds:
        root = ElementTree.fromstring(path.read_bytes())
        # Author text is character data (escaped once); no element smuggled in.
        assert {el.tag.split("}")[-1] for el in root.iter()} <= ATOM_ELEMENTS, path
        assert 'href="javascript:' not in path.read_text(encoding="utf-8").lower(), path


def test_json_outputs_are_valid(hostile):
    for path in hostile.outdir.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_tags_that_differ_in_case_are_one_tag_and_symbols_stay_apart(hostile):
    index = hostile.env.domains["recap"].index
    slugs = {entry.name: entry.slug for entry in index.tags.values()}
    assert slugs["Rust"] == "rust"
    assert "rust" not in slugs
    assert "RUST" not in slugs
    assert len({slugs["C"], slugs["C++"], slugs["C#"], slugs["c ++"]}) == 4
    assert len(set(slugs.values())) == len(slugs)


def test_unicode_survives(hostile):
    html = (hostile.outdir / "unicode.html").read_text(encoding="utf-8")
    for text in ("Ünïcödé — 東京 recap 🚀", "李 明", "نادية السيد", "#東京", "#🚀 launch"):
        assert text in html


def test_every_relative_link_resolves(hostile):
    assert dangling_links(hostile.outdir) == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "  javascript:alert(1)",
        "\x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example.org/x",
        "/relative/path",
        "https://",
    ],
)
def test_safe_url_refuses_unsafe_and_relative_urls(url):
    with pytest.raises(BadValue):
        safe_url(url)


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=c#d", "http://example.org", "mailto:a@example.org"]
)
def test_safe_url_keeps_good_urls(url):
    assert safe_url(url) == url


def test_ical_export_stays_valid(hostile):
    calendar = hostile.outdir / "talks.ics"
    assert ics_problems(calendar.read_bytes()) == []


def test_no_file_of_the_build_machine_is_published(hostile):
    images = hostile.outdir / "_images"
    assert not images.exists() or not any(images.iterdir())
    for path in hostile.outdir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".ics", ".txt"):
            assert "root:x:0:0" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_control_characters_and_surrogates_reach_no_output(hostile):
    unusable = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
    for name, text in output_files(hostile.outdir, (".html", ".xml", ".json", ".ics")).items():
        assert not unusable.search(text), name
    index = hostile.env.domains["recap"].index
    recap = index.recap_of["host"]
    assert recap.summary == "a bell , a vertical tab , a null and a lone surrogate \ufffd here"
    assert recap.event == "ConfWith DEL"


def test_long_names_in_four_byte_scripts_make_short_file_names(hostile):
    tags = [p for p in (hostile.outdir / "tags").iterdir() if p.name.startswith("𐌰")]
    assert tags
    for path in tags:
        assert len(path.name.encode()) <= 205, path.name


def site_bytes(make_app, srcdir, count: int) -> tuple[int, object]:
    from helpers import write_site

    tags = ", ".join(f"t{n}" for n in range(count))
    people = "; ".join(f"Person {n}" for n in range(2 * count))
    write_site(
        srcdir,
        {
            "big": f"---\ndate: 2024-01-01\ntags: [{tags}]\n---\n# Big\n\nText.\n\n"
            f"```{{talk}} Crowded\n:speaker: {people}\n:tags: {tags}\n\nNotes.\n```\n"
        },
        'html_theme = "recap"\nhtml_baseurl = "https://big.example.org/"\n',
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    total = sum(p.stat().st_size for p in app.outdir.rglob("*") if p.is_file())
    return total, app


def test_output_grows_linearly_with_tags_and_speakers(make_app, tmp_path):
    small, _app = site_bytes(make_app, tmp_path / "small", 150)
    large, app = site_bytes(make_app, tmp_path / "large", 300)
    assert large < 2.3 * small, (small, large)
    warnings = [w for w in warnings_of(app).splitlines() if "[recap.limit]" in w]
    assert len(warnings) == 3, warnings  # the recap's tags, the talk's speakers and tags
    tag_page = (app.outdir / "tags" / "t7.html").read_text(encoding="utf-8")
    assert "+ 290 more" in tag_page
    assert tag_page.count('class="recap-tag ') <= 25
    speaker_page = (app.outdir / "speakers" / "person-7.html").read_text(encoding="utf-8")
    assert "+ 590 more" in speaker_page
