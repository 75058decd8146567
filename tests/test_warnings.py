"""Bad input: a located ``recap.<subtype>`` warning, never a traceback; the build goes on."""

from __future__ import annotations

import re

import pytest

from helpers import soup, warnings_of

EXPECTED = [
    ("", "recap_generate_pages must be bool, not str", "config"),
    ("", "recap_feed_length must be 0 (all) or more", "config"),
    ("bad-date.md:1", "'2017-02-30' is not a date on the calendar", "date"),
    ("bad-talks.md:1", "front matter 'image': URL scheme 'javascript:' is not allowed", "url"),
    ("bad-talks.md:8", "the talk has no title", "title"),
    ("bad-talks.md:14", ":track: is empty", "option"),
    ("bad-talks.md:14", ":date: '30/03/2017' is not an ISO 8601 date", "date"),
    ("bad-talks.md:14", ":time: '25:00' is not a time of day", "time"),
    ("bad-talks.md:14", ":rating: rating 7 is outside 1-5", "rating"),
    ("bad-talks.md:14", ":attendance: 'sleeping' is not one of", "attendance"),
    ("bad-talks.md:14", ":slides: URL scheme 'javascript:' is not allowed", "url"),
    ("bad-talks.md:14", ":video: URL scheme 'javascript:' is not allowed", "url"),
    ("bad-talks.md:14", ":repo: URL scheme 'data:' is not allowed", "url"),
    ("bad-talks.md:14", ":url: URL scheme 'vbscript:' is not allowed", "url"),
    ("bad-talks.md:29", "label 'same' is already used on this page", "duplicate"),
    ("bad-talks.md:29", ":time: '12:00-11:00' ends before it starts", "time"),
    ("bad-talks.md:36", ":rating: rating 'five' is not a whole number", "rating"),
    ("bad-talks.md:36", ":time: 'noon' is not a time", "time"),
    ("bad-talks.md:40", "talk 'no-such-talk' is not defined anywhere", "ref"),
    ("bad-talks.md:40", "speaker 'Nobody Known' is not defined anywhere", "ref"),
    ("bad-talks.md:40", "tag 'no-such-tag' is not defined anywhere", "ref"),
    ("speakers-a.md:3", ":github: URL scheme 'javascript:' is not allowed", "url"),
    ("speakers-b.md:3", ":avatar: '../../secret.png' points outside the project", "url"),
    (
        "speakers-b.md:3",
        "speaker 'ada LOVELACE' is defined twice with a different affiliation",
        "speaker",
    ),
    ("speakers-b.md:10", "duplicate talk label 'shared-label', also used at", "duplicate"),
]


@pytest.fixture
def built(app):
    app.build()
    return app


@pytest.mark.sphinx("html", testroot="warnings", freshenv=True)
def test_each_bad_value_gives_a_located_typed_warning(built):
    lines = [line for line in warnings_of(built).splitlines() if "WARNING" in line]
    for where, message, subtype in EXPECTED:
        matching = [
            line
            for line in lines
            if message in line and line.endswith(f"[recap.{subtype}]") and where in line
        ]
        assert matching, f"no warning {where} {message!r} [recap.{subtype}] in:\n" + "\n".join(
            lines
        )
    # Every warning we emit is typed; nothing else warns.
    assert all(re.search(r"\[recap\.\w+\]$", line) for line in lines), lines
    assert "Traceback" not in warnings_of(built)


@pytest.mark.sphinx("html", testroot="warnings", freshenv=True)
def test_the_build_keeps_what_it_can(built):
    page = soup(built.outdir / "bad-talks.html")
    untitled = page.select_one("section#untitled-talk")
    assert "A talk without a title keeps its body." in untitled.get_text()
    bad = page.select_one("section#same")
    assert "The body survives every bad option." in bad.get_text()
    assert bad.select(".recap-links") == []  # every bad link was dropped
    assert bad.select(".recap-rating") == []
    assert bad.select(".recap-attendance") == []
    assert page.select_one("section#same-2") is not None
    # The text of a broken reference stays.
    assert "no-such-talk" in page.get_text()
    # A bad date: the page still builds, just not as a recap.
    assert (built.outdir / "bad-date.html").is_file()
    assert "Body text stays." in (built.outdir / "bad-date.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="warnings", freshenv=True)
def test_no_unsafe_url_reaches_the_output(built):
    for path in built.outdir.rglob("*.html"):
        html = path.read_text(encoding="utf-8").lower()
        for scheme in ("javascript:", "vbscript:", "data:text"):
            assert f'href="{scheme}' not in html, path
            assert f'src="{scheme}' not in html, path
        assert "secret.png" not in html


@pytest.mark.sphinx(
    "html", testroot="warnings", freshenv=True, confoverrides={"suppress_warnings": ["recap"]}
)
def test_warnings_can_be_silenced_by_type(built):
    assert "[recap." not in warnings_of(built)


@pytest.mark.sphinx(
    "html",
    testroot="warnings",
    freshenv=True,
    confoverrides={"suppress_warnings": ["recap.url", "recap.ref"]},
)
def test_warnings_can_be_silenced_by_subtype(built):
    warnings = warnings_of(built)
    assert "[recap.url]" not in warnings
    assert "[recap.ref]" not in warnings
    assert "[recap.rating]" in warnings


@pytest.mark.sphinx("html", testroot="core-rst", confoverrides={"recap_author": 3})
def test_bad_config_value_falls_back_to_default(app):
    app.build()
    assert "recap_author must be str or list or tuple, not int" in warnings_of(app)
    assert "[recap.config]" in warnings_of(app)
