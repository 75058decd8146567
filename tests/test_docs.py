"""The documentation site: it builds cleanly, its internal links resolve, it shows the demo.

The docs are built from a temporary copy (nothing is written next to the real sources) with
nitpicky mode on, and no network: intersphinx is not used.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import shutil
from io import StringIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import ANSI, soup
from sphinx_recap.config import RecapConfig
from sphinx_recap.directives import SpeakerDirective, TalkDirective

DOCS = Path(__file__).parent.parent / "docs"
SRC = Path(__file__).parent.parent / "src" / "sphinx_recap"
SHOWCASE = "recaps/2017-03-30-kubecon-day-3"

#: Attributes whose value is a link the browser follows or loads.
LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src"}


@dataclasses.dataclass
class Built:
    outdir: Path
    warnings: str
    suffix: str  # how a page name becomes a file: ".html" or "/index.html"

    def page(self, name: str) -> Path:
        return self.outdir / f"{name}{self.suffix}"


def build_docs(tmp_path_factory: pytest.TempPathFactory, buildername: str) -> Built:
    root = tmp_path_factory.mktemp(f"docs-{buildername}")
    srcdir = root / "docs"
    shutil.copytree(DOCS, srcdir, ignore=shutil.ignore_patterns("_build"))
    warnings = StringIO()
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=root / "build",
        status=StringIO(),
        warning=warnings,
        confoverrides={"nitpicky": True},
    )
    try:
        app.build()
    finally:
        app.cleanup()
    suffix = "/index.html" if buildername == "dirhtml" else ".html"
    return Built(Path(app.outdir), ANSI.sub("", warnings.getvalue()), suffix)


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_docs(tmp_path_factory, "html")


@pytest.fixture(scope="module")
def dirhtml(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_docs(tmp_path_factory, "dirhtml")


def test_docs_build_without_warnings(html):
    assert html.warnings.strip() == ""


def test_docs_build_without_warnings_as_dirhtml(dirhtml):
    assert dirhtml.warnings.strip() == ""


def ids_of(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        page = soup(path)
        cache[path] = {tag["id"] for tag in page.find_all(id=True)} | {
            tag["name"] for tag in page.find_all("a", attrs={"name": True})
        }
    return cache[path]


def broken_links(outdir: Path) -> list[str]:
    """Every internal link that points to a missing file or a missing id."""
    problems: list[str] = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(outdir.rglob("*.html")):
        for tag_name, attribute in LINK_ATTRIBUTES.items():
            for tag in soup(page).find_all(tag_name, attrs={attribute: True}):
                url = urlsplit(tag[attribute])
                if url.scheme or url.netloc:
                    continue  # external: http(s), mailto, protocol-relative
                target = (page.parent / unquote(url.path)).resolve() if url.path else page
                if url.path.endswith("/") or target.is_dir():
                    target /= "index.html"
                where = f"{page.relative_to(outdir)}: {tag[attribute]}"
                if not target.is_file():
                    problems.append(f"{where} (no such file)")
                elif (
                    url.fragment
                    and target.suffix == ".html"
                    and unquote(url.fragment) not in ids_of(target, ids)
                ):
                    problems.append(f"{where} (no such id)")
    return problems


def test_every_internal_link_resolves(html):
    assert len(list(html.outdir.rglob("*.html"))) > 20
    assert broken_links(html.outdir) == []


def test_every_internal_link_resolves_in_dirhtml(dirhtml):
    assert broken_links(dirhtml.outdir) == []


def test_showcase_shows_its_keynotes_and_talks(html):
    page = soup(html.page(SHOWCASE))
    post = page.select_one("section.recap-post")
    assert "KubeCon + CloudNativeCon Europe 2017 — Day 3 Recap" in post.h1.get_text()
    tags = [a.get_text() for a in post.select(".recap-header a.recap-tag")]
    assert tags == ["#kubernetes", "#conference", "#recap"]
    assert post.select_one(".recap-meta time")["datetime"] == "2017-03-30"
    assert "Berlin" in post.select_one(".recap-event").get_text()

    keynotes = post.select("section.recap-keynote")
    assert [k.find(["h2", "h3"]).get_text().rstrip("¶") for k in keynotes] == [
        "Cloud native at very large scale",
        "Scaling Kubernetes Users",
        "Federation",
    ]
    talks = [t for t in post.select("section.recap-talk") if t not in keynotes]
    speakers = [
        [a.get_text() for a in talk.select(".recap-talk-meta a.recap-speaker-link")]
        or [talk.select_one(".recap-affiliation").get_text()]
        for talk in talks
    ]
    assert speakers == [["Aaron Schlesinger"], ["Björn Rabenstein"], ["Kubermatic"], ["Concur"]]
    prometheus = post.select_one("section#prometheus-storage .recap-attendance")
    assert "recap-attendance-overflow" in prometheus["class"]


def test_showcase_uses_every_talk_option(html):
    """The demo exercises every option, so every part of the talk markup shows somewhere."""
    source = (DOCS / f"{SHOWCASE}.md").read_text(encoding="utf-8")
    used = set(re.findall(r"^:([a-z]+):", source, flags=re.MULTILINE))
    assert set(TalkDirective.option_spec) <= used
    page = soup(html.page(SHOWCASE))
    for selector in (
        ".recap-track",
        ".recap-room",
        "time.recap-when",
        ".recap-rating",
        ".recap-kind",
        "a.recap-link-slides",
        "a.recap-link-video",
        "a.recap-link-repo",
        "a.recap-link-url",
        "a.recap-talk-link",
        "a.recap-event-link",
    ):
        assert page.select(selector), selector


def test_speakers_page_links_every_speaker_of_the_showcase(html):
    page = soup(html.page("people"))
    cards = {card["id"] for card in page.select("div.recap-speaker")}
    assert {"jbeda", "kelsey-hightower", "aaron-schlesinger", "bjorn-rabenstein"} <= cards


# -- the reference keeps up with the code ------------------------------------------------


def reference(name: str) -> str:
    return (DOCS / "reference" / f"{name}.md").read_text(encoding="utf-8")


def test_every_directive_option_is_documented():
    text = reference("directives")
    for option in (*TalkDirective.option_spec, *SpeakerDirective.option_spec):
        assert f"`:{option}:`" in text, option


def test_every_config_value_is_documented():
    text = reference("config")
    for spec in dataclasses.fields(RecapConfig):
        assert f"## `recap_{spec.name}`" in text, spec.name


def warning_subtypes() -> set[str]:
    """Subtypes the code can emit: ``subtype=`` literals and our ``warn(..., "<subtype>")``."""
    found = {"option"} | set(TalkDirective.subtype_of_option.values())
    found |= set(SpeakerDirective.subtype_of_option.values())
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg == "subtype" and isinstance(keyword.value, ast.Constant):
                    found.add(keyword.value.value)
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            last = node.args[-1] if len(node.args) >= 2 else None
            if name == "warn" and isinstance(last, ast.Constant) and isinstance(last.value, str):
                found.add(last.value)
    return found


def test_every_warning_subtype_is_documented():
    subtypes = warning_subtypes()
    assert {"config", "date", "title", "duplicate", "url", "ref", "speaker"} <= subtypes
    text = reference("warnings")
    for subtype in sorted(subtypes):
        assert f"`recap.{subtype}`" in text, subtype
