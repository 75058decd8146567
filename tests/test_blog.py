"""Blog features: drafts and scheduled recaps, authors, older/newer links, pinned recaps,
reading time and splash images."""

from __future__ import annotations

import json
import shutil

import pytest

from helpers import normalized, output_files, soup, warnings_of, write_site

BASE = 'html_baseurl = "https://blog.example.org/"\n'


def recap(date: str, title: str, *, extra: str = "", talk: str = "", body: str = "") -> str:
    talk_block = (
        f"```{{talk}} {talk}\n:speaker: Ada Byron\n:time: 10:00-10:30\n\nNotes.\n```\n"
        if talk
        else ""
    )
    return (
        f"---\ndate: {date}\nevent: PyCon\ntags: [python]\n{extra}---\n# {title}\n\n"
        f"{body or 'Some words about the day.'}\n\n{talk_block}"
    )


def blog_site(srcdir, conf: str = "") -> None:
    write_site(
        srcdir,
        {
            "day1": recap("2024-05-01", "Day 1", talk="Opening"),
            "day2": recap(
                "2024-05-02",
                "Day 2",
                extra="draft: true\ntags: [python, secret]\nauthor: Drafty Writer\n",
                talk="Hidden talk",
                body="See {tag}`secret` and {recap:author}`Drafty Writer`.",
            ).replace("tags: [python]\n", "", 1),
            "day3": recap("2024-06-01", "Day 3", talk="Closing"),
            "elsewhere": recap("2024-05-15", "Meetup", extra="pinned: true\n").replace(
                "event: PyCon", "event: Meetup"
            ),
            "home": "# Latest\n\n```{recaplist}\n```\n",
        },
        BASE + 'recap_today = "2024-05-20"\n' + conf,
    )


def build(make_app, srcdir, **kwargs):
    app = make_app("html", srcdir=srcdir, **kwargs)
    app.build()
    return app


def recap_warnings(app) -> list[str]:
    return [line for line in warnings_of(app).splitlines() if "[recap." in line]


def listed_everywhere(app) -> dict[str, bool]:
    """Which recaps each listing output mentions, by docname."""
    out = app.outdir
    texts = {
        "recaplist": (out / "home.html").read_text(encoding="utf-8"),
        "archive": (out / "archive.html").read_text(encoding="utf-8"),
        "tag": (out / "tags" / "python.html").read_text(encoding="utf-8"),
        "talks": (out / "talks.html").read_text(encoding="utf-8"),
        "event": (out / "events" / "pycon.html").read_text(encoding="utf-8"),
        "atom": (out / "atom.xml").read_text(encoding="utf-8"),
        "json": (out / "recap.json").read_text(encoding="utf-8"),
        "ics": (out / "talks.ics").read_text(encoding="utf-8"),
    }
    return {
        name: {doc for doc in ("day2", "day3") if doc in text or f"Day {doc[-1]}" in text}
        for name, text in texts.items()
    }


def test_drafts_and_scheduled_recaps_are_built_but_listed_nowhere(make_app, tmp_path):
    blog_site(tmp_path / "site")
    app = build(make_app, tmp_path / "site")
    assert recap_warnings(app) == []
    listed = listed_everywhere(app)
    assert all(docs == set() for docs in listed.values()), listed
    script = soup(app.outdir / "day1.html").select_one('script[type="application/ld+json"]')
    assert "Hidden talk" not in script.string
    draft = soup(app.outdir / "day2.html")
    assert "not listed anywhere yet" in draft.select_one("div.recap-draft").get_text()
    assert draft.select_one('meta[name="robots"][content="noindex"]')
    tags = {a.get_text() for a in draft.select("a.recap-tag")}
    assert tags == {"#python"}, "a tag only drafts use has no page: plain text"
    assert "#secret" in draft.select_one("p.recap-tags").get_text()
    scheduled = soup(app.outdir / "day3.html")
    assert "listed from Jun 1, 2024" in scheduled.select_one("div.recap-draft").get_text()
    assert not (app.outdir / "tags" / "secret.html").exists()
    assert not (app.outdir / "authors" / "drafty-writer.html").exists()
    speakers = (app.outdir / "speakers" / "index.html").read_text(encoding="utf-8")
    assert "Ada Byron" in speakers
    ada = (app.outdir / "speakers" / "ada-byron.html").read_text(encoding="utf-8")
    assert "Opening" in ada
    assert "Hidden talk" not in ada
    assert "Closing" not in ada


def test_show_drafts_lists_them_everywhere(make_app, tmp_path):
    blog_site(tmp_path / "site", "recap_show_drafts = True\n")
    app = build(make_app, tmp_path / "site")
    assert recap_warnings(app) == []
    listed = listed_everywhere(app)
    assert all(docs == {"day2", "day3"} for docs in listed.values()), listed
    assert not soup(app.outdir / "day2.html").select("div.recap-draft")


def test_a_draft_becomes_listed_when_its_day_comes_or_draft_goes(make_app, tmp_path):
    blog_site(tmp_path / "site")
    build(make_app, tmp_path / "site")
    conf = tmp_path / "site" / "conf.py"
    conf.write_text(conf.read_text().replace("2024-05-20", "2024-07-01"), encoding="utf-8")
    page = tmp_path / "site" / "day2.md"
    page.write_text(page.read_text().replace("draft: true\n", ""), encoding="utf-8")
    again = build(make_app, tmp_path / "site")
    listed = listed_everywhere(again)
    assert all(docs == {"day2", "day3"} for docs in listed.values()), listed
    assert not soup(again.outdir / "day3.html").select("div.recap-draft")
    shutil.copytree(tmp_path / "site", tmp_path / "clean", ignore=shutil.ignore_patterns("_build"))
    clean = build(make_app, tmp_path / "clean")
    suffixes = (".html", ".xml", ".json", ".ics")
    ours = {k: normalized(v) for k, v in output_files(again.outdir, suffixes).items()}
    assert ours == {k: normalized(v) for k, v in output_files(clean.outdir, suffixes).items()}


def test_a_scheduled_recap_is_listed_once_its_day_comes_without_any_edit(make_app, tmp_path):
    blog_site(tmp_path / "site")
    build(make_app, tmp_path / "site")
    again = build(make_app, tmp_path / "site", confoverrides={"recap_today": "2024-06-02"})
    assert listed_everywhere(again)["archive"] == {"day3"}
    assert not soup(again.outdir / "day3.html").select("div.recap-draft")


def test_drafts_in_a_parallel_build_equal_a_serial_build(make_app, tmp_path):
    blog_site(tmp_path / "serial")
    shutil.copytree(tmp_path / "serial", tmp_path / "parallel")
    serial = build(make_app, tmp_path / "serial")
    parallel = build(make_app, tmp_path / "parallel", parallel=2)
    suffixes = (".html", ".xml", ".json", ".ics")
    ours = {k: normalized(v) for k, v in output_files(parallel.outdir, suffixes).items()}
    assert ours == {k: normalized(v) for k, v in output_files(serial.outdir, suffixes).items()}


AUTHORS = """
recap_author = "Lee Briggs"
recap_authors = {
    "lee briggs": {"name": "Lee B.", "url": "https://lee.example.org/", "bio": "Writes."},
}
"""


def test_author_pages_feeds_and_links(make_app, tmp_path):
    blog_site(tmp_path / "site", AUTHORS)
    app = build(make_app, tmp_path / "site")
    assert recap_warnings(app) == []
    index = soup(app.outdir / "authors" / "index.html")
    assert [a.get_text() for a in index.select("ul.recap-author-list a")] == ["Lee B."]
    page = soup(app.outdir / "authors" / "lee-briggs.html")
    assert page.select_one("h1.recap-page-title").get_text() == "Lee B."
    assert page.select_one("p.recap-author-bio").get_text() == "Writes."
    titles = [a.get_text() for a in page.select("h2.recap-card-title a")]
    assert titles == ["Meetup", "Day 1"], "pinned first, then newest first; no drafts"
    feed = (app.outdir / "authors" / "lee-briggs.xml").read_text(encoding="utf-8")
    assert "<title>Generated: Lee B.</title>" in feed
    assert 'href="https://blog.example.org/authors/lee-briggs.xml"' in str(page)
    day1 = soup(app.outdir / "day1.html")
    author = day1.select_one("p.recap-meta a.recap-author-link")
    assert author["href"] == "authors/lee-briggs.html"
    assert author.select_one(".recap-author").get_text() == "Lee B."
    atom = (app.outdir / "atom.xml").read_text(encoding="utf-8")
    assert "<uri>https://lee.example.org/</uri>" in atom


def test_author_links_can_go_to_the_authors_own_site(make_app, tmp_path):
    blog_site(tmp_path / "site", AUTHORS + 'recap_author_links = "url"\n')
    app = build(make_app, tmp_path / "site")
    author = soup(app.outdir / "day1.html").select_one("p.recap-meta a")
    assert author["href"] == "https://lee.example.org/"


def test_author_urls_still_work_with_a_deprecation_warning(make_app, tmp_path):
    conf = 'recap_author = "Lee Briggs"\nrecap_author_urls = {"Lee Briggs": "https://l.example.org/"}\n'
    blog_site(tmp_path / "site", conf + 'recap_author_links = "url"\n')
    app = build(make_app, tmp_path / "site")
    warnings = recap_warnings(app)
    assert len(warnings) == 1
    assert "recap_author_urls is deprecated" in warnings[0]
    assert "[recap.config]" in warnings[0]
    assert soup(app.outdir / "day1.html").select_one("p.recap-meta a")["href"] == (
        "https://l.example.org/"
    )


@pytest.mark.parametrize("theme", ["recap", "alabaster"])
def test_older_and_newer_links_by_event_then_site(make_app, tmp_path, theme):
    conf = f'html_theme = "{theme}"\nrecap_show_drafts = True\n'
    if theme == "alabaster":
        conf += 'recap_pager = "always"\n'
    blog_site(tmp_path / "site", conf)
    app = build(make_app, tmp_path / "site")
    pager = soup(app.outdir / "day2.html").select_one("nav.recap-pager")
    groups = [
        [(a["rel"][0], a["href"], a.get_text()) for a in p.select("a")] for p in pager.select("p")
    ]
    assert groups[0] == [("prev", "day1.html", "← Day 1"), ("next", "day3.html", "Day 3 →")]
    assert groups[1] == [("prev", "day1.html", "← Day 1"), ("next", "elsewhere.html", "Meetup →")]
    assert pager.select_one(".recap-pager-label").get_text() == "PyCon"


def test_no_pager_with_other_themes_unless_asked(make_app, tmp_path):
    blog_site(tmp_path / "site", 'html_theme = "alabaster"\n')
    app = build(make_app, tmp_path / "site")
    assert not soup(app.outdir / "day1.html").select("nav.recap-pager")


def test_pagers_skip_drafts(make_app, tmp_path):
    blog_site(tmp_path / "site", 'html_theme = "recap"\n')
    app = build(make_app, tmp_path / "site")
    links = [a["href"] for a in soup(app.outdir / "day1.html").select("nav.recap-pager a")]
    assert links == ["elsewhere.html"]
    assert not soup(app.outdir / "day2.html").select("nav.recap-pager"), "none on a draft"


def test_pagers_follow_a_new_recap_on_an_incremental_build(make_app, tmp_path):
    blog_site(tmp_path / "site", 'html_theme = "recap"\n')
    build(make_app, tmp_path / "site")
    (tmp_path / "site" / "between.md").write_text(
        recap("2024-05-10", "Hallway", talk="Chat"), encoding="utf-8"
    )
    again = build(make_app, tmp_path / "site")
    pager = soup(again.outdir / "day1.html").select_one("nav.recap-pager")
    assert "Hallway" in pager.get_text()
    shutil.copytree(tmp_path / "site", tmp_path / "clean", ignore=shutil.ignore_patterns("_build"))
    clean = build(make_app, tmp_path / "clean")
    ours = {k: normalized(v) for k, v in output_files(again.outdir).items()}
    assert ours == {k: normalized(v) for k, v in output_files(clean.outdir).items()}


def test_pinned_recaps_come_first_and_are_marked(make_app, tmp_path):
    blog_site(tmp_path / "site")
    app = build(make_app, tmp_path / "site")
    home = soup(app.outdir / "home.html")
    assert [a.get_text() for a in home.select("h2.recap-card-title a")] == ["Meetup", "Day 1"]
    assert home.select_one("article.recap-card span.recap-pinned").get_text() == "Pinned"
    archive = [a.get_text() for a in soup(app.outdir / "archive.html").select("ul a.reference")]
    assert archive.index("Meetup") < archive.index("Day 1"), "the archive stays by date"


def test_reading_time_on_pages_and_cards(make_app, tmp_path):
    words = " ".join(["word"] * 450)
    write_site(
        tmp_path / "site",
        {"long": recap("2024-05-01", "Long", body=words), "home": "# H\n\n```{recaplist}\n```\n"},
        BASE,
    )
    app = build(make_app, tmp_path / "site")
    page = soup(app.outdir / "long.html").select_one("p.recap-reading-time").get_text()
    assert page == "3 min read"
    assert soup(app.outdir / "home.html").select_one("p.recap-reading-time").get_text() == page
    tag = soup(app.outdir / "tags" / "python.html").select_one("p.recap-reading-time")
    assert tag.get_text() == page
    german = make_app("html", srcdir=tmp_path / "site", confoverrides={"language": "de"})
    german.build()
    shown = soup(german.outdir / "long.html").select_one("p.recap-reading-time").get_text()
    assert shown == "3 Min. Lesezeit"


def test_splash_image_with_its_text_alternative(make_app, tmp_path):
    (tmp_path / "site" / "sub").mkdir(parents=True)
    write_site(
        tmp_path / "site",
        {
            "sub/shown": recap(
                "2024-05-01",
                "Shown",
                extra="image: _static/stage.png\nimage_alt: The main stage\n",
            ),
            "bare": recap("2024-05-02", "Bare", extra="image: https://img.example.org/x.png\n"),
        },
        BASE,
    )
    app = build(make_app, tmp_path / "site")
    warnings = recap_warnings(app)
    assert len(warnings) == 1
    assert "bare.md" in warnings[0]
    assert "[recap.image]" in warnings[0]
    splash = soup(app.outdir / "sub" / "shown.html").select_one("img.recap-splash")
    assert splash["src"] == "../_static/stage.png"
    assert splash["alt"] == "The main stage"
    assert soup(app.outdir / "bare.html").select_one("img.recap-splash")["alt"] == ""


def test_recap_json_holds_no_draft(make_app, tmp_path):
    blog_site(tmp_path / "site")
    app = build(make_app, tmp_path / "site")
    lines = (app.outdir / "recap.json").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line.rstrip(",")) for line in lines if line.startswith('{"')]
    assert {r.get("docname") for r in records if "docname" in r} == {"day1", "elsewhere"}
