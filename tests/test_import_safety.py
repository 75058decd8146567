"""The build is a trust boundary: schedule text reaches the recap as literal text.

Every MyST construct goes through every imported field of every format; the site must
build without warnings and show each text exactly, with no element the text did not
ask for (no image, link, code, list, math, script). ``conf.py`` holds user text only
as literals, and what is read is bounded: regular files, a size, a depth.
"""

from __future__ import annotations

import ast
import json
import os
import runpy
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import soup, unsafe_markup, warnings_of
from sphinx_recap.cli import main
from sphinx_recap.scaffold import escape_markdown
from sphinx_recap.schedule import parse_schedule, plain_text
from sphinx_recap.schedule.source import read_source

PAYLOADS = [
    "Nice talk ``` ![x](//etc/passwd)",
    "~~~ tildes ~~~~ and ```` fences",
    "::: {note} a colon fence",
    "{eval-rst} .. raw:: html",
    "{raw}`html` and {ref}`index`",
    "*em* **strong** _u_ `code` ~~gone~~",
    "[link](javascript:alert(1)) [ref][1] [^note]",
    "![img](https://evil.example/x.png)",
    "$x^2$ and $$y$$ and \\(z\\)",
    "# heading",
    "## 1. list - item > quote",
    "| a | b |",
    "\\ backslash \\\\ and \\* escaped \\",
    "&amp; &#65; entities",
    '"quoted" at both ends"',
    "'single' quotes'",
    ":name: injected",
    "key: value # a comment",
    "| a block scalar",
    "> folded",
    "{{ substitution }} (label)= % comment",
    "https://bare.example/link www.example.org",
    "semi; colon; list",
    "[bracketed]",
    "---",
    "+++",
    "1. numbered",
    "line\nbreak\n```\n```{talk} injected",
    "control\x00\x07\x1b[31m\x7f\x85\x9f chars \U0001f680",
    "<img src=x onerror=alert(1)> <b>bold</b> tags",
    " \x00\x7f ",
]
#: The text a reader keeps of a payload: HTML reduced to its text, unprintables dropped.
EXPECTED = [plain_text(p) for p in PAYLOADS]
#: What a talk's heading shows: its text, or a stand-in when nothing printable is left.
TITLES = [text or "Untitled session" for text in EXPECTED]
#: Elements a talk section may hold; anything else came from the text.
TALK_ELEMENTS = {"section", "span", "h2", "h3", "p", "a", "time"}


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def pretalx(event: str) -> dict:
    rooms: dict[str, list] = {}
    for number, text in enumerate(PAYLOADS):
        rooms.setdefault(text, []).append(
            {
                "id": number,
                "code": f"P{number}",
                "title": text,
                "date": f"2024-05-14T{9 + number // 6:02d}:{number % 6 * 10:02d}:00+02:00",
                "start": f"{9 + number // 6:02d}:{number % 6 * 10:02d}",
                "duration": "00:10",
                "room": text,
                "track": text,
                "type": "talk",
                "url": "javascript:alert(1)",
                "persons": [{"public_name": f"{text} P", "biography": text}],
            }
        )
    conference = {"title": event, "time_zone_name": "Europe/Berlin", "days": []}
    conference["days"].append({"index": 1, "date": "2024-05-14", "rooms": rooms})
    return {"schedule": {"conference": conference}}


def sessionize() -> dict:
    return {
        "sessions": [
            {
                "id": str(number),
                "title": text,
                "startsAt": f"2024-06-01T{9 + number // 6:02d}:{number % 6 * 10:02d}:00",
                "endsAt": f"2024-06-01T{9 + number // 6:02d}:{number % 6 * 10 + 5:02d}:00",
                "roomId": number,
                "speakers": [f"s{number}"],
                "categoryItems": [number],
            }
            for number, text in enumerate(PAYLOADS)
        ],
        "speakers": [
            {
                "id": f"s{number}",
                "fullName": f"{text} S",
                "bio": text,
                "links": [{"title": text, "url": "http://www.linkedin.com/in/x" + str(number)}],
            }
            for number, text in enumerate(PAYLOADS)
        ],
        "rooms": [{"id": number, "name": text} for number, text in enumerate(PAYLOADS)],
        "categories": [
            {
                "title": "Track",
                "items": [{"id": n, "name": text} for n, text in enumerate(PAYLOADS)],
            }
        ],
    }


def frab_xml(event: str) -> bytes:
    def xml_text(text: str) -> str:  # XML 1.0 cannot hold C0 controls at all
        return "".join(c for c in text if c >= " " or c in "\t\n")

    root = ET.Element("schedule")
    ET.SubElement(ET.SubElement(root, "conference"), "title").text = xml_text(event)
    day = ET.SubElement(root, "day", index="1", date="2024-07-01")
    for number, text in enumerate(PAYLOADS):
        room = ET.SubElement(day, "room", name=xml_text(text))
        node = ET.SubElement(room, "event", id=str(number), guid=f"g{number}")
        fields = {
            "title": text,
            "date": f"2024-07-01T{9 + number // 6:02d}:{number % 6 * 10:02d}:00+02:00",
            "duration": "00:10",
            "track": text,
        }
        for tag, value in fields.items():
            ET.SubElement(node, tag).text = xml_text(value)
        ET.SubElement(ET.SubElement(node, "persons"), "person").text = xml_text(f"{text} F")
    return ET.tostring(root, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-import") / "site"
    assert run("init", folder, "--base-url", "https://recaps.example.org/") == 0
    # Typography (curly quotes, dashes) is the site's choice; here the text must be exact.
    with (folder / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("smartquotes = False\n")
    sources = folder.parent
    (sources / "p.json").write_text(json.dumps(pretalx("Conf ``` ![x](//etc/passwd) \x7f")))
    (sources / "s.json").write_text(json.dumps(sessionize()))
    (sources / "f.xml").write_bytes(frab_xml("Frab *conf* `x` \x7f"))
    assert run("import", sources / "p.json", "--dir", folder) == 0
    assert run("import", sources / "s.json", "--dir", folder, "--event", "S [x](y) \x7f") == 0
    assert run("import", sources / "f.xml", "--dir", folder) == 0
    return folder


@pytest.fixture(scope="module")
def hostile_build(hostile_site):
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(
        "html",
        srcdir=hostile_site,
        status=StringIO(),
        warning=StringIO(),
        confoverrides={"nitpicky": True},
    )
    app.build()
    yield app
    app.cleanup()


PAGES = {
    "conf-x-etc-passwd": ("P", "Conf ``` ![x](//etc/passwd)"),
    "s-x-y": ("S", "S [x](y)"),
    "frab-star-conf-star-x": ("F", "Frab *conf* `x`"),
}


def test_every_imported_field_builds_without_warnings(hostile_build):
    assert warnings_of(hostile_build) == ""


@pytest.mark.parametrize("page", list(PAGES))
def test_every_field_shows_its_text_literally(hostile_build, page):
    suffix, event = PAGES[page]
    html = soup(hostile_build.outdir / "recaps" / f"{page}.html")
    assert html.h1.find(string=True, recursive=False) == f"{event} Recap"
    sections = html.select("section.recap-talk")
    # No directive broke: one talk per session, in schedule order.
    assert len(sections) == len(PAYLOADS)
    for section, expected, title in zip(sections, EXPECTED, TITLES, strict=True):
        assert section.h3.find(string=True, recursive=False) == title
        shown = {
            "room": section.select_one(".recap-room"),
            "track": section.select_one(".recap-track"),
        }
        assert {k: v.get_text() if v else "" for k, v in shown.items()} == {
            "room": expected,
            "track": expected,
        }
        names = [a.get_text() for a in section.select("a.recap-speaker-link")]
        assert names == [f"{expected} {suffix}".strip()]
        tags = {tag.name for tag in section.find_all(True)} | {section.name}
        assert tags <= TALK_ELEMENTS, (expected, tags - TALK_ELEMENTS)
        for link in section.find_all("a"):
            assert link["href"].startswith(("#", "../speakers/")), link


def test_speaker_cards_show_names_and_bios_literally(hostile_build):
    cards = soup(hostile_build.outdir / "people.html").select(".recap-speaker")
    shown = {card.select_one(".recap-speaker-name").get_text(): card for card in cards}
    for expected in EXPECTED:
        for suffix in ("P", "S"):
            card = shown[f"{expected} {suffix}".strip()]
            bio = card.select_one(".recap-speaker-bio")
            assert (bio.get_text().strip() if bio else "") == expected
            assert not card.find_all(["img", "code", "pre", "em", "ul", "ol", "table", "script"])


def test_no_page_gained_an_image_script_or_foreign_link(hostile_build):
    for path in hostile_build.outdir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert unsafe_markup(html) == [], path
        for tag in soup(path).find_all(["img", "a", "script", "iframe"]):
            target = tag.get("src") or tag.get("href") or ""
            assert "/etc/passwd" not in target, (path, tag)
            assert "evil.example" not in target, (path, tag)


def test_imported_text_has_no_control_characters(hostile_site):
    for path in (hostile_site / "recaps").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert not [c for c in text if (c < " " and c != "\n") or "\x7f" <= c <= "\x9f"], path


# -- conf.py -------------------------------------------------------------------------


HOSTILE_OPTIONS = [
    'x"""; import os; os.system("touch PWNED"); """',
    "x'''; import os; os.system('touch PWNED'); '''",
    'back\\slash \\" quote \\',
    "new\nline\r\nand\ttab",
    "{braces} %s %(x)s",
]


@pytest.mark.parametrize("text", HOSTILE_OPTIONS)
def test_init_writes_user_text_into_conf_py_only_as_literals(text, tmp_path, monkeypatch):
    folder = tmp_path / "site"
    assert run("init", folder, "--title", text, "--author", text) == 0
    conf = (folder / "conf.py").read_text(encoding="utf-8")
    expected = " ".join(text.split())
    # Only the statements init always writes: none came from the text.
    kinds = [type(node).__name__ for node in ast.parse(conf).body]
    assert kinds == ["Import", *["Assign"] * 8]
    # Run it as Sphinx does (exec in the site folder): it defines, and does nothing else.
    monkeypatch.chdir(folder)
    namespace = runpy.run_path(str(folder / "conf.py"))
    assert namespace["project"] == namespace["author"] == namespace["html_title"] == expected
    assert not (folder / "PWNED").exists()
    heading = (folder / "index.md").read_text(encoding="utf-8").splitlines()[0]
    assert heading == f"# {escape_markdown(expected)}"


@pytest.mark.parametrize(
    "url",
    ['https://e.org/""";import(os);"""', "https://e.org/'\\\\"],
)
def test_a_base_url_with_quotes_stays_a_literal(url, tmp_path):
    folder = tmp_path / "site"
    assert run("init", folder, "--base-url", url) == 0
    tree = ast.parse((folder / "conf.py").read_text(encoding="utf-8"))
    call = tree.body[-1].value
    assert ast.literal_eval(call.args[1]) == url


@pytest.mark.parametrize("url", ["https://e.org/\nimport os", "ftp://e.org/", "e.org", ""])
def test_a_bad_base_url_is_refused(url, tmp_path, capsys):
    assert run("init", tmp_path / "site", "--base-url", url) == 2
    err = capsys.readouterr().err
    assert err.startswith("sphinx-recap: error: argument --base-url: ")
    assert err.count("\n") == 1
    assert not (tmp_path / "site").exists()


# -- what is read ------------------------------------------------------------------------


def refused(tmp_path: Path, capsys, source: str | Path, problem: str) -> None:
    site = tmp_path / "site"
    if not site.exists():
        assert run("init", site) == 0
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    assert run("import", source, "--dir", site) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"sphinx-recap: error: {source}: ")
    assert err.count("\n") == 1
    assert problem in err
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_devices_folders_and_pipes_are_refused_without_reading(tmp_path, capsys):
    capsys.readouterr()
    refused(tmp_path, capsys, "/dev/zero", "not a regular file")
    refused(tmp_path, capsys, tmp_path, "not a regular file")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    done = threading.Event()

    def attempt() -> None:
        refused(tmp_path, capsys, fifo, "not a regular file")
        done.set()

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(10)
    assert done.is_set(), "reading a FIFO must not wait for a writer"


def test_a_schedule_over_the_size_limit_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sphinx_recap.schedule.source.MAX_SCHEDULE_BYTES", 1000)
    big = tmp_path / "big.json"
    big.write_text('{"schedule": "' + "x" * 2000 + '"}', encoding="utf-8")
    capsys.readouterr()
    refused(tmp_path, capsys, big, "larger than 1000 bytes, not a schedule")


@pytest.mark.parametrize(
    "text",
    [
        '{"schedule": ' + "[" * 200_000 + "]" * 200_000 + "}",
        '{"sessions": [], "speakers": ' + '{"a": ' * 200_000 + "1" + "}" * 200_001,
        "<schedule>" + "<a>" * 200_000 + "</a>" * 200_000 + "</schedule>",
    ],
    ids=["json-array", "json-object", "xml"],
)
def test_deep_nesting_is_one_clear_line(text, tmp_path, capsys):
    deep = tmp_path / "deep.json"
    deep.write_text(text, encoding="utf-8")
    capsys.readouterr()
    refused(tmp_path, capsys, deep, "")


def test_a_well_formed_schedule_is_read_whole(tmp_path):
    source = tmp_path / "ok.json"
    source.write_text(json.dumps(pretalx("Fine")), encoding="utf-8")
    assert len(parse_schedule(read_source(str(source))).days[0].sessions) == len(PAYLOADS)
