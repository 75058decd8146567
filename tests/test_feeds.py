"""Atom feeds, JSON-LD, Open Graph meta, talks.ics and recap.json."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from defusedxml import ElementTree

from helpers import soup, warnings_of, write_site
from sphinx_recap.feeds.jsonld import StructuredData
from sphinx_recap.index import build_index
from sphinx_recap.model import Recap

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
BASE = "https://recap.example.org/blog/"


def recap_warnings(app) -> list[str]:
    return [line for line in warnings_of(app).splitlines() if "[recap." in line]


def atom(path):
    return ElementTree.fromstring(path.read_bytes())


def only(parent, tag: str):
    found = parent.findall(ATOM + tag)
    assert len(found) == 1, f"exactly one atom:{tag} (RFC 4287)"
    return found[0]


def assert_valid_atom(feed) -> None:
    """The MUSTs of RFC 4287 sections 4.1.1 and 4.1.2 that a feed of ours touches."""
    assert feed.tag == ATOM + "feed"
    for tag in ("id", "title", "updated"):
        assert only(feed, tag).text
    assert RFC3339.match(only(feed, "updated").text)
    feed_has_author = bool(feed.findall(ATOM + "author"))
    alternates = [link for link in feed.findall(ATOM + "link") if link.get("rel") == "alternate"]
    assert len({(link.get("type"), link.get("hreflang")) for link in alternates}) == len(alternates)
    for entry in feed.findall(ATOM + "entry"):
        for tag in ("id", "title", "updated"):
            assert only(entry, tag).text
        assert RFC3339.match(only(entry, "updated").text)
        assert RFC3339.match(only(entry, "published").text)
        assert feed_has_author or entry.findall(ATOM + "author")
        for author in entry.findall(ATOM + "author"):
            assert only(author, "name").text
        links = [link for link in entry.findall(ATOM + "link") if link.get("rel") == "alternate"]
        assert len(links) == 1
        assert links[0].get("href").startswith("https://")
        content = only(entry, "content")
        assert content.get("type") == "html"


# -- Atom ----------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="feeds")
def test_site_feed_is_valid_atom_newest_first(app):
    app.build()
    assert recap_warnings(app) == []
    feed = atom(app.outdir / "atom.xml")
    assert_valid_atom(feed)
    assert only(feed, "id").text == BASE + "atom.xml"
    assert only(feed, "updated").text == "2024-03-05T00:00:00Z"
    self_link = [x for x in feed.findall(ATOM + "link") if x.get("rel") == "self"]
    assert self_link[0].get("href") == BASE + "atom.xml"
    entries = feed.findall(ATOM + "entry")
    titles = [only(e, "title").text for e in entries]
    assert titles == ["Sprints", "PyCon day one"], "newest first, recap_feed_length = 2"


@pytest.mark.sphinx("html", testroot="feeds")
def test_entries_have_every_author_stable_ids_and_data_dates(app):
    app.build()
    entry = atom(app.outdir / "atom.xml").findall(ATOM + "entry")[1]
    assert only(entry, "id").text == "tag:recap.example.org,2024-01-10:/blog/pycon"
    assert only(entry, "published").text == "2024-01-10T00:00:00Z"
    assert only(entry, "updated").text == "2024-02-01T00:00:00Z"
    authors = [
        (only(a, "name").text, [u.text for u in a.findall(ATOM + "uri")])
        for a in entry.findall(ATOM + "author")
    ]
    assert authors == [("Ada Lovelace", ["https://ada.example.org/"]), ("Grace Hopper", [])]
    assert [c.get("term") for c in entry.findall(ATOM + "category")] == ["Python", "web"]
    assert only(entry, "summary").text == "Use </script> wisely & often."


@pytest.mark.sphinx("html", testroot="feeds")
def test_entry_content_is_the_rendered_page_with_absolute_urls(app):
    app.build()
    entry = atom(app.outdir / "atom.xml").findall(ATOM + "entry")[1]
    content = soup_of(only(entry, "content").text)
    hrefs = [a["href"] for a in content.select("a[href]")]
    assert BASE + "sprints.html" in hrefs
    assert BASE + "pycon.html#the-keynote" in hrefs
    assert all(h.startswith(("https://", "mailto:")) for h in hrefs), hrefs
    assert content.select_one("img")["src"] == BASE + "_images/diagram.png"
    assert content.select_one("h2").get_text() == "The keynote"
    assert not content.select(".headerlink"), "no pilcrows in feed readers"
    assert not content.select(".recap-header"), "title and header are atom elements"


@pytest.mark.sphinx("html", testroot="feeds")
def test_tag_feeds_and_feed_links_on_pages(app):
    app.build()
    python = atom(app.outdir / "tags" / "python.xml")
    assert_valid_atom(python)
    assert [only(e, "title").text for e in python.findall(ATOM + "entry")] == [
        "Sprints",
        "PyCon day one",
    ]
    alternate = [x for x in python.findall(ATOM + "link") if x.get("rel") == "alternate"]
    assert alternate[0].get("href") == BASE + "tags/python.html"
    for page in ("index.html", "pycon.html", "talks.html", "tags/python.html"):
        links = soup(app.outdir / page).select('link[rel="alternate"][type="application/atom+xml"]')
        assert BASE + "atom.xml" in [link["href"] for link in links], page
    tag_links = soup(app.outdir / "tags/python.html").select(
        'link[rel="alternate"][type="application/atom+xml"]'
    )
    assert [link["href"] for link in tag_links] == [BASE + "atom.xml", BASE + "tags/python.xml"]


def test_feeds_do_not_depend_on_the_build(make_app, rootdir, tmp_path):
    texts = []
    for name in ("one", "two"):
        srcdir = tmp_path / name
        shutil.copytree(rootdir / "test-feeds", srcdir)
        app = make_app("html", srcdir=srcdir)
        app.build()
        texts.append(
            [
                (app.outdir / f).read_bytes()
                for f in ("atom.xml", "tags/web.xml", "talks.ics", "recap.json")
            ]
        )
    assert texts[0] == texts[1]


def entry_bodies(app) -> dict[str, bytes]:
    """The saved entry bodies, by docname."""
    folder = app.doctreedir / "recap-feed-content-html"
    return {
        path.relative_to(folder).as_posix().removesuffix(".html.z"): path.read_bytes()
        for path in folder.rglob("*.html.z")
    }


def feed_files(app) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in app.outdir.rglob("*.xml")}


def page_body_without_header(app, docname: str) -> str:
    """The text a recap page shows below its title and recap header."""
    page = soup(app.outdir / f"{docname}.html").select_one("section.recap-post")
    page.select_one("h1").decompose()
    page.select_one("div.recap-header").decompose()
    return " ".join(page.get_text().replace("¶", "").split())


def test_entry_bodies_are_the_pages_own_body_serial_or_parallel(make_app, rootdir, tmp_path):
    """Kept as pages are written (by Sphinx's writers under ``-j``), for every recap."""
    from sphinx_recap.feeds.atom import unpack

    outputs = {}
    for name, parallel in (("serial", 0), ("parallel", 2)):
        shutil.copytree(rootdir / "test-feeds", tmp_path / name)
        app = make_app("html", srcdir=tmp_path / name, parallel=parallel)
        app.build()
        assert recap_warnings(app) == []
        outputs[name] = (entry_bodies(app), feed_files(app))
    assert outputs["serial"] == outputs["parallel"]
    bodies = outputs["serial"][0]
    assert set(bodies) == {"pycon", "sprints", "djangocon"}
    for docname, packed in bodies.items():
        body = soup_of(unpack(packed))
        assert not body.select("h1, div.recap-header, a.headerlink"), docname
        shown = " ".join(body.get_text().split())
        assert shown == page_body_without_header(app, docname), docname


def soup_of(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_entry_bodies_are_kept_between_builds_and_mended(make_app, rootdir, tmp_path):
    shutil.copytree(rootdir / "test-feeds", tmp_path / "site")
    first = make_app("html", srcdir=tmp_path / "site")
    first.build()
    bodies, feeds = entry_bodies(first), feed_files(first)
    folder = first.doctreedir / "recap-feed-content-html"
    (folder / "pycon.html.z").unlink()  # lost
    (folder / "sprints.html.z").write_bytes(b"not zlib")  # damaged
    (folder / "gone.html.z").write_bytes(bodies["pycon"])  # no feed shows it

    again = make_app("html", srcdir=tmp_path / "site")
    again.build()
    assert recap_warnings(again) == []
    assert entry_bodies(again) == bodies, "the pages were written again; the stray removed"
    assert feed_files(again) == feeds


def test_scaled_image_of_unknown_size_warns_once(make_app, tmp_path):
    write_site(
        tmp_path / "site",
        {
            "recap": "---\ndate: 2024-05-01\n---\n# Recap\n\n"
            "```{image} missing.png\n:scale: 50%\n```\n"
        },
        'html_baseurl = "https://example.org/"\n',
    )
    app = make_app("html", srcdir=tmp_path / "site")
    app.build()
    assert warnings_of(app).count("Could not obtain image size") == 1
    entry = atom(app.outdir / "atom.xml").findall(ATOM + "entry")[0]
    assert 'src="https://example.org/missing.png"' in only(entry, "content").text


@pytest.mark.sphinx(
    "html", testroot="feeds", srcdir="feeds-nobase", confoverrides={"html_baseurl": ""}
)
def test_no_base_url_warns_once_and_skips_feeds(app):
    app.build()
    warnings = recap_warnings(app)
    assert len(warnings) == 1
    assert "[recap.feed]" in warnings[0]
    assert "html_baseurl" in warnings[0]
    assert not (app.outdir / "atom.xml").exists()
    assert not list((app.outdir / "tags").glob("*.xml"))
    assert not soup(app.outdir / "index.html").select('link[type="application/atom+xml"]')
    assert (app.outdir / "talks.ics").is_file(), "exports do not need the address"


@pytest.mark.sphinx(
    "html",
    testroot="feeds",
    srcdir="feeds-off",
    confoverrides={"html_baseurl": "", "recap_feeds": False, "recap_exports": False},
)
def test_feeds_and_exports_can_be_turned_off(app):
    app.build()
    assert recap_warnings(app) == []
    assert not (app.outdir / "atom.xml").exists()
    assert not (app.outdir / "talks.ics").exists()
    assert not (app.outdir / "recap.json").exists()


# -- JSON-LD and Open Graph -----------------------------------------------------------------


def json_ld(app, page: str) -> tuple[str, dict]:
    script = soup(app.outdir / page).select_one('script[type="application/ld+json"]')
    return script.string, json.loads(script.string)


@pytest.mark.sphinx("html", testroot="feeds")
def test_json_ld_is_a_blog_posting_about_the_event(app):
    app.build()
    raw, data = json_ld(app, "pycon.html")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "PyCon day one"
    assert data["url"] == BASE + "pycon.html"
    assert data["datePublished"] == "2024-01-10"
    assert data["dateModified"] == "2024-02-01"
    assert [a["name"] for a in data["author"]] == ["Ada Lovelace", "Grace Hopper"]
    event = data["about"]
    assert event["@type"] == "Event"
    assert event["name"] == "PyCon US 2024"
    talks = event["subEvent"]
    assert [t["@type"] for t in talks] == ["Event", "Event"]
    assert talks[0]["startDate"] == "2024-01-10T09:00"
    performer = talks[0]["performer"][0]
    assert performer == {
        "@type": "Person",
        "name": "Guido van Rossum",
        "url": BASE + "speakers/guido-van-rossum.html",
    }
    assert "attendance" not in raw
    assert "rating" not in raw.lower()
    assert "</script" not in raw
    assert "\\u003c/script\\u003e" in raw
    assert data["description"] == "Use </script> wisely & often."


@pytest.mark.sphinx("html", testroot="feeds")
def test_only_recap_pages_have_json_ld(app):
    app.build()
    assert not soup(app.outdir / "index.html").select('script[type="application/ld+json"]')
    assert not soup(app.outdir / "talks.html").select('script[type="application/ld+json"]')


@pytest.mark.sphinx("html", testroot="feeds")
def test_open_graph_and_article_meta_on_recaps(app):
    app.build()
    page = soup(app.outdir / "pycon.html")
    meta = [(m["property"], m["content"]) for m in page.select("meta[property]")]
    assert ("og:type", "article") in meta
    assert ("og:title", "PyCon day one") in meta
    assert ("og:description", "Use </script> wisely & often.") in meta
    assert ("og:url", BASE + "pycon.html") in meta
    assert ("article:published_time", "2024-01-10") in meta
    assert ("article:modified_time", "2024-02-01") in meta
    assert [v for k, v in meta if k == "article:author"] == ["Ada Lovelace", "Grace Hopper"]
    assert [v for k, v in meta if k == "article:tag"] == ["Python", "web"]


def test_open_graph_keys_of_sphinxext_opengraph_are_left_to_it():
    class Builder:
        class config:
            project = "P"
            recap_authors: dict[str, dict[str, str]] = {}

        @staticmethod
        def get_target_uri(docname: str) -> str:
            return docname + ".html"

    recap = Recap(
        docname="a",
        title="A",
        date=__import__("datetime").date(2024, 1, 1),
        authors=("X",),
        tags=("t",),
        summary="S",
    )
    data = StructuredData(Builder(), build_index([recap], [], []), "https://e.org/")  # type: ignore[arg-type]
    alone = dict(data.meta(recap, opengraph_loaded=False))
    shared = [k for k, _v in data.meta(recap, opengraph_loaded=True)]
    assert {"og:title", "og:type", "og:url", "og:description"} <= alone.keys()
    assert not [k for k in shared if k.startswith("og:")]
    assert {"article:published_time", "article:author", "article:tag"} <= set(shared)


# -- iCalendar ------------------------------------------------------------------------------


def parse_ics(raw: bytes) -> list[dict[str, list[str]]]:
    """A tiny RFC 5545 reader: unfold, split name:value, group components."""
    text = raw.decode()
    assert "\n" not in text.replace("\r\n", ""), "every line ends in CRLF"
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75, line
    unfolded = re.sub(r"\r\n[ \t]", "", text).split("\r\n")
    components: list[dict[str, list[str]]] = []
    for line in unfolded:
        if not line:
            continue
        name, _sep, value = line.partition(":")
        if name == "BEGIN":
            components.append({"BEGIN": [value]})
            continue
        components[-1].setdefault(name.split(";")[0], []).append(value)
    return components


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


@pytest.mark.sphinx("html", testroot="feeds")
def test_talks_ics_is_valid_icalendar(app):
    app.build()
    components = parse_ics((app.outdir / "talks.ics").read_bytes())
    calendar, events = components[0], [c for c in components if c["BEGIN"] == ["VEVENT"]]
    assert calendar["VERSION"] == ["2.0"]
    assert calendar["PRODID"]
    assert len(events) == 3, "talks without a time are left out"
    by_uid = {e["UID"][0]: e for e in events}
    assert len(by_uid) == 3
    long = next(e for e in events if e["SUMMARY"][0].startswith("Commas"))
    assert unescape(long["SUMMARY"][0]) == (
        "Commas, semicolons; a back\\slash and a title long enough to need folding — äöü"
    )
    assert long["DTSTART"] == ["20240110T110000"]
    assert long["DTEND"] == ["20240110T113000"]
    assert long["DTSTAMP"] == ["20240201T000000Z"], "from the recap's updated date"
    assert unescape(long["LOCATION"][0]) == "Hall B, Pittsburgh"
    kickoff = next(e for e in events if "kickoff" in e["SUMMARY"][0])
    assert kickoff["DTSTART"] == ["20240304T090000"]
    assert "DTEND" not in kickoff
    assert kickoff["UID"] == ["sprints/sprint-kickoff@recap.example.org"]


def test_talks_in_a_time_zone_carry_it(make_app, tmp_path):
    """A recap's ``timezone`` reaches its talks: TZID and a VTIMEZONE for the dates."""
    from icalendar import Calendar

    from helpers import ics_problems

    write_site(
        tmp_path / "site",
        {
            "berlin": "---\ndate: 2024-10-26\ntimezone: Europe/Berlin\n---\n# Day 1\n\n"
            "```{talk} Late night, with commas; and a semicolon\n"
            ":time: 23:30-23:55\n\nText.\n```\n",
            "local": "---\ndate: 2024-10-27\n---\n# Day 2\n\n"
            "```{talk} Floating\n:time: 10:00\n\nText.\n```\n",
            "bad": "---\ndate: 2024-10-28\ntimezone: Mars/Olympus\n---\n# Day 3\n\nText.\n",
        },
        f'html_baseurl = "{BASE}"\n',
    )
    app = make_app("html", srcdir=tmp_path / "site")
    app.build()
    warnings = recap_warnings(app)
    assert len(warnings) == 1
    assert "bad.md:" in warnings[0]
    assert "[recap.timezone]" in warnings[0]
    data = (app.outdir / "talks.ics").read_bytes()
    assert ics_problems(data) == []
    calendar = Calendar.from_ical(data)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    late = events["Late night, with commas; and a semicolon"]
    assert late["DTSTART"].dt.isoformat() == "2024-10-26T23:30:00+02:00"
    assert late["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert events["Floating"]["DTSTART"].dt.tzinfo is None, "no zone: local time"


# -- recap.json -------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="feeds")
def test_recap_json_has_recaps_talks_and_speakers(app):
    app.build()
    data = json.loads((app.outdir / "recap.json").read_text(encoding="utf-8"))
    assert data["format"] == "sphinx-recap/1"
    assert [r["docname"] for r in data["recaps"]] == ["sprints", "pycon", "djangocon"]
    assert data["recaps"][1]["url"] == BASE + "pycon.html"
    talks = {t["title"]: t for t in data["talks"]}
    assert talks["The keynote"]["kind"] == "keynote"
    assert talks["The keynote"]["event"] == "PyCon US 2024"
    assert talks["The keynote"]["rating"] == 2
    speakers = {s["name"]: s for s in data["speakers"]}
    assert speakers["Łukasz Langa"]["slug"] == "lukasz-langa"
    assert speakers["Łukasz Langa"]["path"] == "speakers/lukasz-langa.html"


@pytest.mark.sphinx("html", testroot="feeds", srcdir="feeds-json-lines")
def test_recap_json_writes_one_record_a_line(app):
    app.build()
    lines = (app.outdir / "recap.json").read_text(encoding="utf-8").splitlines()
    data = json.loads("\n".join(lines))
    records = [json.loads(line.rstrip(",")) for line in lines if line.startswith('{"')]
    everything = data["recaps"] + data["talks"] + data["speakers"] + data["tags"]
    assert records == everything
    assert len(lines) == len(everything) + 2 + 2 * 4 + 2  # braces, header, list brackets


@pytest.mark.sphinx(
    "html", testroot="feeds", srcdir="feeds-private", confoverrides={"recap_show_personal": False}
)
def test_recap_json_leaves_out_personal_fields_when_hidden(app):
    app.build()
    talks = json.loads((app.outdir / "recap.json").read_text(encoding="utf-8"))["talks"]
    assert all("rating" not in t and "attendance" not in t for t in talks)
