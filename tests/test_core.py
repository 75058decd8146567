"""The core extension: recap pages, talk/keynote/speaker directives, roles, domain."""

from __future__ import annotations

import zlib

import pytest

from helpers import soup, warnings_of


@pytest.fixture
def core(app):
    app.build()
    return app


def recap_warnings(app) -> list[str]:
    return [line for line in warnings_of(app).splitlines() if "WARNING" in line]


@pytest.mark.sphinx("html", testroot="core")
def test_builds_without_warnings_in_nitpicky_mode(core):
    assert recap_warnings(core) == []


@pytest.mark.sphinx("html", testroot="core")
def test_recap_header_shows_tags_date_and_every_author(core):
    page = soup(core.outdir / "day3.html")
    post = page.select_one("section.recap-post")
    assert post is not None
    assert post.h1.get_text().startswith("KubeCon — Day 3 Recap")
    tags = post.select(".recap-header .recap-tags a.recap-tag")
    assert [a.get_text() for a in tags] == ["#kubernetes", "#conference", "#recap"]
    assert [a["href"] for a in tags] == [
        "tags/kubernetes.html",
        "tags/conference.html",
        "tags/recap.html",
    ]
    meta = post.select_one(".recap-meta")
    assert meta.get_text() == "Published Mar 30, 2017 by Lee Briggs, Ana Ops"
    assert meta.time["datetime"] == "2017-03-30"
    assert [a.get_text() for a in meta.select(".recap-author")] == ["Lee Briggs", "Ana Ops"]
    event = post.select_one(".recap-event")
    assert event.a["href"] == "events/kubecon-cloudnativecon-europe-2017.html"
    assert "Berlin" in event.get_text()


@pytest.mark.sphinx("html", testroot="core")
def test_author_falls_back_to_sphinx_author(core):
    meta = soup(core.outdir / "day2.html").select_one(".recap-meta")
    assert meta.get_text() == "Published Mar 29, 2017 by Lee Briggs"


@pytest.mark.sphinx("html", testroot="core")
def test_page_without_date_is_not_a_recap(core):
    page = soup(core.outdir / "notes.html")
    assert page.select(".recap-header") == []
    assert "notes" not in core.env.domains["recap"].recaps


@pytest.mark.sphinx("html", testroot="core")
def test_talk_renders_every_option(core):
    talk = soup(core.outdir / "day3.html").select_one(
        "section#writing-a-custom-third-party-resource"
    )
    assert talk["class"] == ["recap-talk"]
    assert talk.h3.get_text().startswith("Writing a custom third-party resource")
    meta = talk.select_one(".recap-talk-meta")
    speaker = meta.select_one("a.recap-speaker-link")
    assert speaker.get_text() == "Aaron Schlesinger"
    assert speaker["href"] == "speakers/aaron-schlesinger.html"
    assert meta.select_one(".recap-track").get_text() == "Extending Kubernetes"
    assert meta.select_one(".recap-room").get_text() == "A 03"
    assert meta.select_one("time.recap-when")["datetime"] == "2017-03-30T11:00"
    assert meta.select_one("time.recap-when").get_text() == "Mar 30, 2017, 11:00–11:35"
    badge = meta.select_one(".recap-attendance")
    assert "recap-attendance-partial" in badge["class"]
    assert badge.get_text() == "Partly attended"
    rating = meta.select_one(".recap-rating")
    assert rating.select_one(".recap-visually-hidden").get_text() == "Rating: 5 out of 5"
    assert rating.select_one("[aria-hidden=true]").get_text() == "★★★★★"
    # Written as references: a literal star would double a listing page's size in memory.
    assert "&#9733;&#9733;&#9733;&#9733;&#9733;</span>" in (core.outdir / "day3.html").read_text()
    assert [a.get_text() for a in talk.select(".recap-tags a.recap-tag")] == ["#go", "#kubernetes"]
    links = {a.get_text(): a["href"] for a in talk.select(".recap-links a")}
    assert links == {
        "Slides": "https://slides.example.org/tpr",
        "Code": "https://code.example.org/backup",
        "Talk page": "https://schedule.example.org/tpr",
    }
    assert "A backup resource written with the Go client." in talk.get_text()


@pytest.mark.sphinx("html", testroot="core")
def test_keynotes_and_multiple_speakers(core):
    page = soup(core.outdir / "day3.html")
    keynotes = page.select("section.recap-keynote")
    assert [k["id"] for k in keynotes] == [
        "cloud-native-at-very-large-scale",
        "beda-keynote",
        "federation",
    ]
    assert all("recap-talk" in k["class"] for k in keynotes)
    assert keynotes[1].select_one(".recap-kind").get_text() == "Keynote"
    k8sniff = page.select_one("section#k8sniff")
    names = [a.get_text() for a in k8sniff.select("a.recap-speaker-link")]
    assert names == ["Matthias Loibl", "Kubermatic Team"]
    assert "(Kubermatic)" in k8sniff.select_one(".recap-speakers").get_text()
    overflow = page.select_one("section#prometheus-storage .recap-attendance")
    assert "recap-attendance-overflow" in overflow["class"]


@pytest.mark.sphinx("html", testroot="core")
def test_talk_titles_are_sections_in_the_table_of_contents(core):
    toc = core.env.tocs["day3"].astext()
    for title in ("Scaling Kubernetes Users", "Federation", "Prometheus storage", "k8sniff"):
        assert title in toc


@pytest.mark.sphinx("html", testroot="core")
def test_talk_date_defaults_to_the_recap_date(core):
    talks = {t.label: t for t in core.env.domains["recap"].talks["day3"]}
    assert str(talks["prometheus-storage"].date) == "2017-03-30"
    assert str(talks["beda-keynote"].date) == "2017-03-30"


@pytest.mark.sphinx("html", testroot="core")
def test_speaker_card(core):
    page = soup(core.outdir / "speakers.html")
    card = page.select_one("div.recap-speaker#kelsey-hightower")
    assert card.select_one(".recap-speaker-name").get_text() == "Kelsey Hightower"
    assert card.select_one(".recap-speaker-affiliation").get_text() == "Developer advocate, Google"
    assert "builds and explains" in card.select_one(".recap-speaker-bio").get_text()
    links = {a.get_text(): a["href"] for a in card.select(".recap-speaker-links a")}
    assert links == {
        "Website": "https://kelsey.example.org",
        "GitHub": "https://github.com/kelseyhightower",
        "Mastodon": "https://hachyderm.io/@kelsey",
        "LinkedIn": "https://www.linkedin.com/in/kelsey-hightower",
    }
    assert card.select_one("img.recap-speaker-avatar")["src"] == (
        "https://images.example.org/kelsey.png"
    )
    beda = page.select_one("div.recap-speaker#jbeda")
    local = beda.select_one("img.recap-speaker-avatar")["src"]
    assert (core.outdir / local).is_file()


@pytest.mark.sphinx("html", testroot="core")
def test_roles_link_speaker_talk_and_tag(core):
    body = soup(core.outdir / "day2.html").select_one("section#operators-in-practice")
    talk_links = body.select("a.recap-talk-link")
    assert [(a.get_text(), a["href"]) for a in talk_links] == [
        ("Scaling Kubernetes Users", "day3.html#beda-keynote"),
        ("Joe’s keynote", "day3.html#beda-keynote"),
    ]
    speaker = [a for a in body.select("a.recap-speaker-link") if a.get_text() == "Kelsey Hightower"]
    assert speaker[0]["href"] == "speakers/kelsey-hightower.html"
    tag = [a for a in body.select("a.recap-tag") if a.get_text() == "kubernetes"]
    assert tag[0]["href"] == "tags/kubernetes.html"


@pytest.mark.sphinx("html", testroot="core")
def test_speakers_match_case_and_space_insensitively_and_by_slug(core):
    index = core.env.domains["recap"].index
    kelsey = index.speaker("KELSEY   hightower")
    assert kelsey is not None
    assert kelsey.slug == "kelsey-hightower"
    assert sorted(t.label for t in kelsey.talks) == ["federation", "operators-in-practice"]
    assert index.speaker("jbeda").name == "Joe Beda"
    assert index.speaker("Björn Rabenstein").slug == "bjorn-rabenstein"


def _inventory(path) -> str:
    header, _, body = path.read_bytes().partition(b"zlib.\n")
    assert b"# Sphinx inventory version 2" in header
    return zlib.decompress(body).decode()


@pytest.mark.sphinx("html", testroot="core")
def test_talks_and_speakers_are_in_objects_inv(core):
    inventory = _inventory(core.outdir / "objects.inv")
    # The talk's second id: Sphinx's search would turn an anchor equal to the name
    # into one made from the title.
    assert "beda-keynote recap:keynote 1 day3.html#recap-$ Scaling Kubernetes Users" in inventory
    assert "prometheus-storage recap:talk 1 day3.html#recap-$ Prometheus storage" in inventory
    assert "Kelsey Hightower recap:speaker 1 speakers.html#kelsey-hightower -" in inventory


@pytest.mark.sphinx("html", testroot="core-rst")
def test_rest_docinfo_works_like_front_matter(app):
    app.build()
    assert recap_warnings(app) == []
    page = soup(app.outdir / "index.html")
    assert [a.get_text() for a in page.select(".recap-header a.recap-tag")] == [
        "#kubernetes",
        "#conference",
        "#recap",
    ]
    assert page.select_one(".recap-meta").get_text() == "Published Mar 30, 2017 by Recap Team"
    keynote = page.select_one("section.recap-keynote#scaling-kubernetes-users")
    assert keynote.select_one(".recap-visually-hidden").get_text() == "Rating: 3 out of 5"
    talk = page.select_one("section#prometheus-storage")
    assert talk.select_one("a.recap-speaker-link")["href"] == "speakers/bjorn-rabenstein.html"
    assert page.select_one("div.recap-speaker#bjorn-rabenstein") is not None


@pytest.mark.sphinx("html", testroot="core-rst", confoverrides={"recap_date_format": "%d %B %Y"})
def test_date_format_is_configurable(app):
    app.build()
    meta = soup(app.outdir / "index.html").select_one(".recap-meta")
    assert meta.time.get_text() == "30 March 2017"


@pytest.mark.sphinx("html", testroot="core-rst", confoverrides={"language": "de"})
def test_labels_and_dates_are_translated(app):
    app.build()
    page = soup(app.outdir / "index.html")
    meta = page.select_one(".recap-meta")
    assert meta.get_text() == "Veröffentlicht am März 30, 2017 von Recap Team"
    assert meta.time.get_text() == "März 30, 2017"
    assert page.select_one(".recap-visually-hidden").get_text() == "Bewertung: 3 von 5"
    assert page.select_one(".recap-attendance").get_text() == "Saal voll"


@pytest.mark.sphinx("html", testroot="core-rst", confoverrides={"recap_short_names": False})
def test_short_names_can_be_turned_off(app):
    app.build()
    warnings = warnings_of(app)
    # ``talk`` and ``speaker`` are unknown now; the ``recap:`` forms still work.
    assert 'Unknown directive type "talk"' in warnings
    page = soup(app.outdir / "index.html")
    assert page.select_one("section.recap-keynote#scaling-kubernetes-users") is not None


@pytest.mark.sphinx(
    "html", testroot="core", confoverrides={"recap_show_personal": False}, srcdir="core-private"
)
def test_personal_attendance_and_rating_can_be_hidden(app):
    app.build()
    page = soup(app.outdir / "day3.html")
    assert page.select(".recap-attendance") == []
    assert page.select(".recap-rating") == []
    assert page.select_one("section#writing-a-custom-third-party-resource .recap-track")


def test_roles_fall_back_to_intersphinx(make_app, tmp_path, rootdir):
    import shutil

    from helpers import write_site

    shutil.copytree(rootdir / "test-core", tmp_path / "other")
    other = make_app("html", srcdir=tmp_path / "other")
    other.build()
    other.cleanup()  # one application at a time, as in real builds
    inventory = other.outdir / "objects.inv"
    write_site(
        tmp_path / "site",
        {
            "page": "# Page\n\nSee {recap:talk}`beda-keynote` and {speaker}`Kelsey Hightower`; "
            "{talk}`no-such-talk` stays text.\n"
        },
        conf='extensions.append("sphinx.ext.intersphinx")\nrecap_feeds = False\n'
        f'intersphinx_mapping = {{"other": ("https://other.example.org/", {str(inventory)!r})}}\n',
    )
    app = make_app("html", srcdir=tmp_path / "site")
    app.build()
    links = {a.get_text(): a["href"] for a in soup(app.outdir / "page.html").select("a")}
    expected = "https://other.example.org/day3.html#recap-beda-keynote"
    assert links["Scaling Kubernetes Users"] == expected
    assert links["Kelsey Hightower"] == ("https://other.example.org/speakers.html#kelsey-hightower")
    warnings = warnings_of(app)
    assert "talk 'no-such-talk' is not defined anywhere in the project" in warnings
    assert warnings.count("WARNING") == 1


@pytest.mark.sphinx("html", testroot="core")
def test_tags_differing_in_case_are_one_tag_with_the_first_spelling(core):
    index = core.env.domains["recap"].index
    # Day 2 (the earlier day) writes "Conference"; Day 3 writes "conference".
    entry = index.tag("CONFERENCE")
    assert entry.name == "Conference"
    assert sorted(r.docname for r in entry.recaps) == ["day2", "day3"]
    assert index.tag("prometheus").name == "Prometheus"


@pytest.mark.sphinx("html", testroot="core")
def test_role_text_does_not_take_the_card_and_section_classes(core):
    body = soup(core.outdir / "day2.html").select_one("section#operators-in-practice")
    for role in ("speaker", "talk", "tag"):
        spans = body.select(f"a span.recap-role-{role}")
        assert spans, role
    # Only the speaker card and talk sections carry these contract classes.
    assert body.select(".recap-speaker") == []
    assert [s.name for s in body.select(".recap-talk")] == []


def test_summaries_are_prose_with_talk_references_as_titles(make_app, tmp_path):
    """No talk meta line as a summary; a ``{talk}`` role shows the talk's title, also when
    the talk is on a page read later."""
    import json

    from helpers import write_site

    write_site(
        tmp_path / "site",
        {
            "a-first": "---\ndate: 2024-05-01\n---\n# Day 1\n\n"
            "```{keynote} Opening\n:speaker: Kelsey Hightower\n\n"
            "The keynote, before {talk}`z-later-talk` on day 2.\n```\n",
            "b-second": "---\ndate: 2024-05-02\n---\n# Day 2\n\n"
            "Read {talk}`z-later-talk` and {talk}`Its own words <z-later-talk>`.\n\n"
            "```{talk} Federation at scale\n:name: z-later-talk\n:speaker: Joe Beda\n\n"
            "See {talk}`opening` first.\n```\n",
        },
        'html_baseurl = "https://summary.example.org/"\n',
    )
    app = make_app("html", srcdir=tmp_path / "site")
    app.build()
    index = app.env.domains["recap"].index
    assert index.recap_of["a-first"].summary == (
        "The keynote, before Federation at scale on day 2."
    )
    assert index.recap_of["b-second"].summary == ("Read Federation at scale and Its own words.")
    talks = {t.label: t for t in index.talks}
    assert talks["z-later-talk"].summary == "See Opening first."
    export = (app.outdir / "recap.json").read_text(encoding="utf-8")
    records = [
        json.loads(line.rstrip(",")) for line in export.splitlines() if line.startswith('{"')
    ]
    summaries = {r.get("docname"): r.get("summary") for r in records if "summary" in r}
    assert "z-later-talk" not in export.replace('"z-later-talk"', "").replace("#z-later-talk", "")
    assert summaries["a-first"] == "The keynote, before Federation at scale on day 2."
