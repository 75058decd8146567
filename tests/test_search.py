"""Sphinx's search box: object results land on their element; generated pages are found."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from helpers import soup

PAGES = "pages"


def search_index(outdir) -> dict:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(re.match(r"Search\.setIndex\((.*)\)\s*$", text, re.DOTALL)[1])


def object_results(index: dict) -> list[tuple[str, str, str]]:
    """(docname, anchor, type) of every object, the anchor computed as searchtools.js does."""
    results = []
    for prefix, entries in index["objects"].items():
        for doc, type_index, _prio, short, name in entries:
            fullname = f"{prefix}.{name}" if prefix else name
            if short == "":
                anchor = fullname
            elif short == "-":
                anchor = f"{index['objnames'][str(type_index)][1]}-{fullname}"
            else:
                anchor = short
            domain, kind = index["objnames"][str(type_index)][:2]
            results.append((index["docnames"][doc], anchor, f"{domain}:{kind}"))
    return results


def page_file(outdir, docname: str, builder: str):
    if builder == "html":
        return outdir / f"{docname}.html"
    if docname == "index" or docname.endswith("/index"):
        return outdir / docname.removesuffix("index") / "index.html"
    return outdir / docname / "index.html"


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_every_talk_keynote_and_speaker_result_lands_on_its_element(
    make_app, rootdir, tmp_path, builder
):
    shutil.copytree(rootdir / f"test-{PAGES}", tmp_path / "site")
    app = make_app(builder, srcdir=tmp_path / "site")
    app.build()
    results = [r for r in object_results(search_index(app.outdir)) if r[2].startswith("recap:")]
    kinds = {kind for _doc, _anchor, kind in results}
    assert {"recap:talk", "recap:keynote", "recap:speaker"} <= kinds
    for docname, anchor, kind in results:
        page = soup(page_file(app.outdir, docname, builder))
        element = page.find(id=anchor)
        assert element is not None, f"{kind} {docname}#{anchor}"
        owner = element if element.name in ("section", "div") else element.parent
        expected = "recap-speaker" if kind == "recap:speaker" else "recap-talk"
        assert expected in owner.get("class", []), f"{kind} {docname}#{anchor}"


@pytest.mark.sphinx("html", testroot=PAGES, srcdir="search-pages")
def test_generated_pages_are_in_the_search_index(app):
    app.build()
    index = search_index(app.outdir)
    titles = dict(zip(index["docnames"], index["titles"], strict=True))
    assert titles["speakers/kelsey-hightower"] == "Kelsey Hightower"
    assert titles["tags/kubernetes"] == "#Kubernetes"
    assert titles["talks"] == "Talks"
    page = index["docnames"].index("speakers/kelsey-hightower")
    found = [
        term
        for term, docs in index["titleterms"].items()
        if page == docs or (isinstance(docs, list) and page in docs)
    ]
    assert any(term.startswith("hightow") for term in found), found


def test_generated_pages_stay_in_the_search_index_when_nothing_changed(make_app, rootdir, tmp_path):
    shutil.copytree(rootdir / f"test-{PAGES}", tmp_path / "site")
    first = make_app("html", srcdir=tmp_path / "site")
    first.build()
    before = search_index(first.outdir)
    again = make_app("html", srcdir=tmp_path / "site")
    again.build()
    after = search_index(again.outdir)
    assert "speakers/kelsey-hightower" in after["docnames"]
    assert after == before
