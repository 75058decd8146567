"""Generated pages (tags, speakers, events, talks, archive) and the listing directives."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from helpers import soup, warnings_of

PAGES = "pages"


def recap_warnings(app) -> list[str]:
    return [line for line in warnings_of(app).splitlines() if "[recap." in line]


def body(app, path: str):
    return soup(app.outdir / path).select_one("div.body")


@pytest.mark.sphinx("html", testroot=PAGES)
def test_builds_every_page_without_warnings(app):
    app.build()
    assert recap_warnings(app) == []
    for page in (
        "tags/index",
        "tags/kubernetes",
        "speakers/index",
        "speakers/kelsey-hightower",
        "events/kubecon-eu-2024",
        "events/fosdem-2023",
        "talks",
        "archive",
    ):
        assert (app.outdir / f"{page}.html").is_file(), page
    assert not list(app.srcdir.glob("tags*")), "nothing is written into the source folder"


@pytest.mark.sphinx("html", testroot=PAGES)
def test_tags_index_is_a_sorted_cloud_with_counts(app):
    app.build()
    cloud = body(app, "tags/index.html").select_one("ul.recap-tag-cloud")
    names = [a.get_text() for a in cloud.select("li a.recap-tag")]
    assert names == [
        "#C",
        "#C#",
        "#C++",
        "#Kubernetes",
        "#Machine Learning",
        "#observability",
        "#Rust",
        "#日本語",
    ]
    counts = {
        li.select_one("a").get_text(): li.select_one(".recap-tag-count").get_text()
        for li in cloud.select("li")
    }
    assert counts["#Kubernetes"] == "2 recaps, 2 talks"
    assert counts["#observability"] == "0 recaps, 1 talk"
    assert body(app, "tags/index.html").select_one("h1.recap-page-title").get_text() == "Tags"


@pytest.mark.sphinx("html", testroot=PAGES)
def test_tag_page_lists_recaps_as_cards_and_talks_in_a_table(app):
    app.build()
    page = body(app, "tags/kubernetes.html")
    assert page.select_one("h1.recap-page-title").get_text() == "#Kubernetes"
    assert page.select_one(".recap-page-subtitle").get_text() == "2 recaps · 2 talks"
    cards = page.select("div.recap-cards > article.recap-card")
    assert [c.select_one("h2.recap-card-title > a").get_text() for c in cards] == [
        "KubeCon Day 2",
        "KubeCon Day 1",
    ]
    first = cards[1]
    assert first.select_one("h2.recap-card-title > a")["href"] == "../kubecon-day1.html"
    meta = first.select_one("p.recap-meta")
    assert meta.get_text() == "Published Mar 20, 2024 by Ada Lovelace, Grace Hopper"
    assert meta.select_one("time")["datetime"] == "2024-03-20"
    assert first.select_one("p.recap-card-summary").get_text() == "Day one of KubeCon in Paris."
    assert first.select("p.recap-tags a.recap-tag")
    rows = page.select("table.recap-talk-table tbody tr")
    assert [r.select_one("td a").get_text() for r in rows] == ["Scaling etcd", "Opening"]
    assert rows[0].select_one("td a")["href"] == "../kubecon-day1.html#scaling-etcd"


@pytest.mark.sphinx("html", testroot=PAGES)
def test_every_tag_link_has_a_stable_hue_class(app):
    app.build()
    hues: dict[str, set[str]] = {}
    for path in app.outdir.rglob("*.html"):
        for link in soup(path).select("a.recap-tag"):
            hue = [c for c in link["class"] if c.startswith("recap-tag-hue-")]
            assert len(hue) == 1, (path, link)
            assert re.fullmatch(r"recap-tag-hue-[0-7]", hue[0])
            hues.setdefault(link.get_text().casefold(), set()).add(hue[0])
    assert all(len(found) == 1 for found in hues.values()), hues
    assert len(hues) >= 8


@pytest.mark.sphinx("html", testroot=PAGES)
def test_slugs_fold_latin_and_keep_symbols_apart(app):
    app.build()
    tags = {p.name for p in (app.outdir / "tags").glob("*.html")}
    assert {"c.html", "c-plus-plus.html", "c-sharp.html"} <= tags
    assert (app.outdir / "speakers" / "bjorn-rabenstein.html").is_file()
    talks = body(app, "speakers/bjorn-rabenstein.html").select("table.recap-talk-table tbody tr")
    assert len(talks) == 2, "'Björn Rabenstein' and 'bjorn rabenstein' are one speaker"


@pytest.mark.sphinx("html", testroot=PAGES)
def test_tags_differing_in_case_or_spacing_share_one_page(app):
    app.build()
    assert not (app.outdir / "tags" / "machine-learning-2.html").exists()
    assert len(list((app.outdir / "tags").glob("machine*.html"))) == 1
    page = body(app, "tags/machine-learning.html")
    assert page.select_one("h1").get_text() == "#Machine Learning"
    assert len(page.select("article.recap-card")) == 2
    kube = [
        a
        for a in soup(app.outdir / "kubecon-day1.html").select(".recap-header a.recap-tag")
        if "kubernetes" in a["href"]
    ]
    assert kube[0]["href"] == "tags/kubernetes.html"


@pytest.mark.sphinx("html", testroot=PAGES)
def test_other_scripts_are_kept_and_percent_encoded_in_links(app):
    app.build()
    assert (app.outdir / "tags" / "日本語.html").is_file()
    assert (app.outdir / "speakers" / "山田太郎.html").is_file()
    hrefs = [a["href"] for a in body(app, "tags/index.html").select("a.recap-tag")]
    assert quote("日本語") + ".html" in hrefs
    speakers = [a["href"] for a in body(app, "speakers/index.html").select("a")]
    assert quote("山田太郎") + ".html" in speakers


@pytest.mark.sphinx("html", testroot=PAGES)
def test_speakers_index_lists_defined_and_named_speakers(app):
    app.build()
    items = body(app, "speakers/index.html").select("ul.recap-speaker-list > li")
    text = {li.select_one("a").get_text(): li.get_text(" ", strip=True) for li in items}
    assert set(text) == {
        "Björn Rabenstein",
        "Kelsey Hightower",
        "Miguel Ojeda",
        "Priyanka Sharma",
        "山田太郎",
    }
    assert "Grafana Labs" in text["Björn Rabenstein"]
    assert "2 talks" in text["Björn Rabenstein"]
    assert "1 talk" in text["Priyanka Sharma"]


@pytest.mark.sphinx("html", testroot=PAGES)
def test_speaker_page_has_card_and_links_to_talk_anchors(app):
    app.build()
    page = body(app, "speakers/kelsey-hightower.html")
    assert page.select_one("h1.recap-page-title").get_text() == "Kelsey Hightower"
    assert page.select_one(".recap-page-subtitle").get_text() == "Google"
    card = page.select_one("div.recap-speaker")
    assert card.select_one(".recap-speaker-bio").get_text() == "Kelsey builds things."
    assert card.select_one("a.recap-link-github")["href"] == "https://github.com/kelseyhightower"
    link = page.select_one("table.recap-talk-table tbody a")
    assert link["href"] == "../kubecon-day1.html#opening"


@pytest.mark.sphinx("html", testroot=PAGES)
def test_talks_page_groups_all_talks_by_event(app):
    app.build()
    page = body(app, "talks.html")
    events = [h.get_text() for h in page.select("h2.recap-section-event")]
    assert events == ["KubeCon EU 2024", "FOSDEM 2023"]
    tables = page.select("table.recap-talk-table")
    assert [len(t.select("tbody tr")) for t in tables] == [4, 1]
    headers = [th.get_text() for th in tables[0].select("thead th")]
    assert headers == ["Talk", "Speakers", "Date", "Track / room", "Attendance", "Rating", "Tags"]
    etcd = next(r for r in tables[0].select("tbody tr") if "etcd" in r.get_text())
    assert etcd.select_one(".recap-col-where").get_text() == "Main · A"
    assert etcd.select_one(".recap-col-rating .recap-visually-hidden").get_text() == "4 out of 5"


@pytest.mark.sphinx(
    "html", testroot=PAGES, srcdir="pages-private", confoverrides={"recap_show_personal": False}
)
def test_personal_columns_are_hidden_when_asked(app):
    app.build()
    headers = [th.get_text() for th in body(app, "talks.html").select("thead th")]
    assert "Attendance" not in headers
    assert "Rating" not in headers


@pytest.mark.sphinx("html", testroot=PAGES)
def test_archive_groups_by_year_and_month(app):
    app.build()
    page = body(app, "archive.html")
    assert [h.get_text() for h in page.select("h2.recap-archive-year")] == ["2024", "2023"]
    assert [h.get_text() for h in page.select("h3.recap-archive-month")] == [
        "March 2024",
        "February 2023",
    ]
    assert [a.get_text() for a in page.select("ul.recap-archive-list a")[:2]] == [
        "KubeCon Day 2",
        "KubeCon EU 2024",
    ]


@pytest.mark.sphinx("html", testroot=PAGES)
def test_event_page_has_its_recaps_and_talks(app):
    app.build()
    page = body(app, "events/kubecon-eu-2024.html")
    assert page.select_one("h1").get_text() == "KubeCon EU 2024"
    assert page.select_one(".recap-page-subtitle").get_text() == "Paris"
    assert len(page.select("article.recap-card")) == 2
    assert len(page.select("table.recap-talk-table tbody tr")) == 4


@pytest.mark.sphinx("html", testroot=PAGES, srcdir="pages-context")
def test_template_context_carries_kind_and_structured_data(app):
    seen: dict[str, dict] = {}

    def remember(app, pagename, templatename, context, doctree):
        if "recap_page" in context:
            seen[pagename] = {"kind": context["recap_page"], "data": context["recap_data"]}

    app.connect("html-page-context", remember)
    app.build()
    assert seen["tags/kubernetes"]["kind"] == "tag"
    assert seen["tags/kubernetes"]["data"]["slug"] == "kubernetes"
    assert seen["tags/index"]["kind"] == "tags"
    assert seen["speakers/index"]["kind"] == "speakers"
    assert seen["speakers/kelsey-hightower"]["data"]["affiliation"] == "Google"
    assert seen["talks"]["kind"] == "talks"
    assert seen["archive"]["kind"] == "archive"
    assert seen["events/fosdem-2023"]["kind"] == "event"
    # Plain data for any template or JSON encoder, whose repr (which Sphinx makes of
    # every event's arguments) stays one line however many talks the page lists.
    talks = seen["talks"]["data"]
    assert isinstance(talks, dict)
    assert json.dumps(talks) == json.dumps(dict(talks))
    assert repr(talks) == f"<recap page data: {', '.join(talks)}>"


# -- directives ----------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot=PAGES)
def test_recaplist_and_talklist_on_a_page(app):
    app.build()
    page = body(app, "index.html")
    titles = [a.get_text() for a in page.select("article.recap-card h2.recap-card-title a")]
    assert titles == ["KubeCon Day 2", "KubeCon Day 1"], ":limit: 2, newest first"
    rows = page.select("table.recap-talk-table tbody tr")
    assert [r.select_one("a").get_text() for r in rows] == ["Scaling etcd", "Opening"]
    # Like the talk index's: the table scrolls sideways in its own focusable, labelled region.
    region = page.select_one("table.recap-talk-table").parent
    assert region.name == "div"
    assert "recap-table-scroll" in region["class"]
    assert (region["role"], region["tabindex"], region["aria-label"]) == ("region", "0", "Talks")


@pytest.mark.sphinx("html", testroot=PAGES, srcdir="pages-classes")
def test_listing_class_option_styles_the_table_not_its_region(app):
    (app.srcdir / "lists.md").write_text(
        "# Lists\n\n```{talklist}\n:class: compact\n```\n\n```{recaplist}\n:class: compact\n```\n",
        encoding="utf-8",
    )
    app.build()
    page = body(app, "lists.html")
    table = page.select_one("table.recap-talk-table")
    assert "compact" in table["class"]
    assert "compact" not in table.parent["class"]
    assert "compact" in page.select_one("div.recap-cards")["class"]


@pytest.mark.sphinx("html", testroot=PAGES, srcdir="pages-filters")
def test_listing_filters_and_sort(app):
    (app.srcdir / "lists.md").write_text(
        "# Lists\n\n```{recaplist}\n:author: grace hopper\n```\n\n"
        "```{recaplist}\n:event: FOSDEM 2023\n```\n\n"
        "```{recaplist}\n:tag: Machine Learning\n:sort: oldest\n```\n\n"
        "```{recaplist}\n:sort: title\n```\n\n"
        "```{talklist}\n:speaker: Björn Rabenstein\n```\n\n"
        "```{talklist}\n:track: main\n```\n\n"
        "```{talklist}\n:event: nope\n```\n",
        encoding="utf-8",
    )
    app.build()
    page = body(app, "lists.html")
    lists = [
        [a.get_text() for a in cards.select("h2 a")] for cards in page.select("div.recap-cards")
    ]
    assert lists == [
        ["KubeCon Day 1"],
        ["FOSDEM 2023"],
        ["KubeCon Day 1", "KubeCon Day 2"],
        ["FOSDEM 2023", "KubeCon Day 1", "KubeCon Day 2"],
    ]
    tables = page.select("table.recap-talk-table")
    assert [len(t.select("tbody tr")) for t in tables] == [2, 1]
    assert page.select_one("p.recap-empty").get_text() == "No talks to list."
    warnings = recap_warnings(app)
    assert len(warnings) == 1
    assert "lists.md" in warnings[0]
    assert ":event: 'nope' matches nothing" in warnings[0]
    assert "[recap.listing]" in warnings[0]


# -- builders ---------------------------------------------------------------------------------


@pytest.mark.sphinx("dirhtml", testroot=PAGES, srcdir="pages-dirhtml")
def test_dirhtml_uses_folder_links(app):
    app.build()
    assert (app.outdir / "tags" / "kubernetes" / "index.html").is_file()
    assert (app.outdir / "talks" / "index.html").is_file()
    page = soup(app.outdir / "tags" / "kubernetes" / "index.html")
    card = page.select_one("article.recap-card h2 a")
    assert card["href"] == "../../kubecon-day2/"
    home = soup(app.outdir / "index.html")
    hrefs = {a["href"] for a in home.select("a.recap-tag")}
    assert "tags/kubernetes/" in hrefs
    assert not any(h.endswith(".html") for h in hrefs)


@pytest.mark.sphinx("text", testroot=PAGES, srcdir="pages-text")
def test_text_builder_degrades_listings_to_plain_lists(app):
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "* #Kubernetes #C# #Machine Learning #日本語" in text
    assert "KubeCon Day 2" in text
    assert "Published Mar 21, 2024 by Ada Lovelace" in text
    assert "Scaling etcd" in text
    assert not (app.outdir / "tags").exists()
    assert recap_warnings(app) == []


@pytest.mark.sphinx("latex", testroot=PAGES, srcdir="pages-latex")
def test_latex_has_no_links_to_pages_that_do_not_exist(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "KubeCon Day 2" in tex
    assert "tags/" not in tex
    assert "speakers/" not in tex


@pytest.mark.sphinx("singlehtml", testroot=PAGES, srcdir="pages-singlehtml")
def test_singlehtml_links_stay_on_the_page(app):
    app.build()
    page = soup(app.outdir / "index.html")
    for link in page.select("div.body a[href]"):
        href = link["href"]
        assert not href.startswith(("tags/", "speakers/", "events/")), href
    assert page.select("article.recap-card")
    assert not (app.outdir / "tags").exists()


@pytest.mark.sphinx(
    "html", testroot=PAGES, srcdir="pages-conflict", confoverrides={"recap_talks_page": "notes"}
)
def test_a_document_wins_over_a_generated_page_of_the_same_name(app):
    app.build()
    assert "Not a recap." in (app.outdir / "notes.html").read_text(encoding="utf-8")
    warnings = recap_warnings(app)
    assert len(warnings) == 1
    assert "[recap.collision]" in warnings[0]
    assert "notes.md" in warnings[0], "located at the document that keeps the file"
    talks = body(app, "all-talks.html")
    assert talks.select_one("h1.recap-page-title").get_text() == "Talks"


# -- templates ------------------------------------------------------------------------------

TEMPLATES = Path(__file__).parent.parent / "src" / "sphinx_recap" / "templates" / "recap"


@pytest.mark.sphinx("html", testroot="templates")
def test_templates_path_and_theme_override_generated_pages(app):
    """``templates_path`` first, then the theme (and its parents), then ours."""
    app.build()
    assert recap_warnings(app) == []
    tag = body(app, "tags/kubernetes.html")
    assert tag.select_one("p.project-tag-note").get_text() == "Tagged #Kubernetes (project)"
    assert tag.select("p.theme-tag-note"), "the project's extends the theme's (``!``)"
    assert not tag.select("article.recap-card"), "the theme's replaced our cards"
    speaker = body(app, "speakers/kelsey-hightower.html")
    assert speaker.select_one("p.theme-speaker-note").get_text() == "Kelsey Hightower (theme)"
    archive = body(app, "archive.html")
    assert archive.select("ul.recap-archive-list"), "ours where nobody overrides"
    assert not archive.select(".project-tag-note, .theme-speaker-note")
    assert body(app, "tags/index.html").select("ul.recap-tag-cloud")


def test_templates_escape_values_a_template_forgets_to_escape(make_app, tmp_path):
    """Bodies are rendered with autoescaping: author text is safe in any override."""
    from helpers import unsafe_markup, write_site

    hostile = '<img src=x onerror="alert(1)">'
    write_site(
        tmp_path / "site",
        {
            "r": f"---\ndate: 2024-05-01\ntags: ['{hostile}']\nsummary: '{hostile}'\n---\n"
            "# R\n\n"
            f"```{{talk}} {hostile}\n:speaker: {hostile}\n\nText.\n```\n"
        },
        'templates_path = ["_templates"]\nrecap_feeds = False\n',
    )
    folder = tmp_path / "site" / "_templates" / "recap"
    folder.mkdir(parents=True)
    (folder / "tag.html").write_text(
        '{% extends "!recap/tag.html" %}{% block recap_content %}'
        '<p class="raw">{{ recap_data.name }} {{ recap_data.recaps[0].summary }}</p>'
        "{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=tmp_path / "site")
    app.build()
    assert recap_warnings(app) == []
    pages = [p for p in app.outdir.rglob("*.html") if "_static" not in p.parts]
    tag_pages = [p for p in pages if p.parent.name == "tags" and p.name != "index.html"]
    assert tag_pages
    raw = soup(tag_pages[0]).select_one("p.raw").get_text()
    assert raw == f"{hostile} {hostile}"
    for page in pages:
        assert unsafe_markup(page.read_text(encoding="utf-8")) == [], page.name


# -- labels of generated pages ------------------------------------------------------------

LABELLED = (
    "# Browse\n\n{ref}`recap-tags` · {ref}`recap-speakers` · {ref}`the talks <recap-talks>`"
    " · {ref}`recap-archive`\n"
)


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml", "text", "latex", "epub"])
def test_generated_pages_have_labels_in_every_builder(make_app, rootdir, tmp_path, builder):
    """``{ref}`` reaches each index page (where it moved to, too); elsewhere plain text."""
    import shutil

    shutil.copytree(rootdir / f"test-{PAGES}", tmp_path / "site")
    (tmp_path / "site" / "browse.md").write_text(LABELLED, encoding="utf-8")
    app = make_app(builder, srcdir=tmp_path / "site")
    app.build()
    warnings = warnings_of(app)
    assert "undefined label" not in warnings
    assert "recap-" not in warnings
    if builder in ("html", "dirhtml"):
        folder = app.outdir / "browse" if builder == "dirhtml" else app.outdir
        page = soup(folder / ("index.html" if builder == "dirhtml" else "browse.html"))
        links = {a.get_text(): a["href"] for a in page.select("div.body a.reference")}
        titles = {
            "Tags": "Tags",
            "Speakers": "Speakers",
            "the talks": "Talks",
            "Archive": "Archive",
        }
        assert set(links) == set(titles)
        for text, href in links.items():
            target = (folder / href).resolve()
            target = target / "index.html" if href.endswith("/") else target
            shown = soup(target).select_one("h1.recap-page-title").get_text()
            assert shown == titles[text], href
    elif builder == "text":
        text = (app.outdir / "browse.txt").read_text(encoding="utf-8")
        assert all(word in text for word in ("Tags", "Speakers", "the talks", "Archive"))
