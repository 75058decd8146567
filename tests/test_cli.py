"""The ``sphinx-recap`` command: init, new, import (pretalx, frab, Sessionize)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import soup, warnings_of
from sphinx_recap.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
SCHEDULES = FIXTURES / "schedules"
GOLDEN = FIXTURES / "golden"
# RECAP_UPDATE_GOLDEN=1 rewrites the golden files from the current output (review the diff!).
UPDATE = os.environ.get("RECAP_UPDATE_GOLDEN") == "1"

CASES = {
    "pretalx": ("pretalx.json", ["--day", "1"], "pretalx schedule.json"),
    "frab": ("frab.xml", ["--day", "1"], "frab schedule.xml"),
    "sessionize": ("sessionize.json", ["--event", "CloudCon 2024"], "Sessionize view/All JSON"),
}


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def site(tmp_path) -> Path:
    folder = tmp_path / "site"
    assert run("init", folder, "--title", "Cloud Notes", "--author", "Lee Briggs") == 0
    return folder


def build(make_app, folder: Path):
    app = make_app("html", srcdir=folder)
    app.build()
    return app


@pytest.mark.parametrize("case", list(CASES))
def test_import_matches_golden_output(case, tmp_path, capsys):
    source, extra, format_name = CASES[case]
    out, speakers = tmp_path / f"{case}.md", tmp_path / f"{case}-speakers.md"
    status = run(
        "import",
        SCHEDULES / source,
        *extra,
        "--tags",
        "conference",
        "--out",
        out,
        "--speakers",
        speakers,
    )
    assert status == 0
    assert f"Found a {format_name}" in capsys.readouterr().out
    for produced in (out, speakers):
        golden = GOLDEN / produced.name
        if UPDATE:
            shutil.copy(produced, golden)
        assert produced.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")


def test_imported_skeletons_build_with_warnings_as_errors(site, make_app):
    for case, (source, extra, _format) in CASES.items():
        assert run("import", SCHEDULES / source, *extra, "--dir", site, "--tags", case) == 0
    assert (
        run(
            "new",
            "KubeCon day 1",
            "--date",
            "2024-03-20",
            "--event",
            "KubeCon",
            "--tags",
            "k8s, cloud",
            "--dir",
            site,
        )
        == 0
    )
    app = build(make_app, site)
    assert warnings_of(app) == ""
    page = soup(app.outdir / "recaps" / "cloudconf-2024-day-1.html")
    keynote = page.select_one("section.recap-keynote")
    assert keynote.h3.get_text().startswith("Opening keynote: the next ten years")
    assert [a.get_text() for a in page.select("a.recap-speaker-link")] == [
        "Björn Rabenstein",
        "Aaron Schlesinger",
        "李 明",
    ]
    assert page.select_one("time.recap-when").get_text() == "09:00–09:45"


def test_html_and_script_urls_from_a_schedule_never_reach_the_site(site, make_app):
    assert run("import", SCHEDULES / "pretalx.json", "--day", "1", "--dir", site) == 0
    assert run("import", SCHEDULES / "sessionize.json", "--dir", site) == 0
    app = build(make_app, site)
    for path in app.outdir.rglob("*.html"):
        html = path.read_text(encoding="utf-8").lower()
        assert "<script>alert" not in html
        assert 'href="javascript:' not in html
        assert '<img src="x"' not in html
        assert "onerror=alert" not in html
    speakers = soup(app.outdir / "speakers.html")
    kelsey = speakers.select_one(".recap-speaker#kelsey-hightower")
    assert "Explains *Kubernetes* to everyone." in kelsey.get_text()
    # http:// avatars are dropped; only https images are kept.
    assert kelsey.select("img") == []


def test_init_site_builds_and_has_every_file(site, make_app):
    for name in (
        "conf.py",
        "index.md",
        "speakers.md",
        "README.md",
        ".readthedocs.yaml",
        "requirements.txt",
        ".gitignore",
    ):
        assert (site / name).is_file(), name
    assert len(list((site / "recaps").glob("*-first-recap.md"))) == 1
    assert "sphinx-autobuild" in (site / "README.md").read_text(encoding="utf-8")
    app = build(make_app, site)
    assert warnings_of(app) == ""
    assert app.env.domains["recap"].recaps


def test_init_refuses_a_non_empty_folder(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    assert run("init", tmp_path) == 2
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_new_writes_front_matter_and_never_overwrites(site, capsys):
    args = (
        "new",
        "Day 2: operators & CRDs",
        "--date",
        "2024-03-21",
        "--event",
        "KubeCon EU",
        "--tags",
        "k8s, operators",
        "--dir",
        site,
    )
    assert run(*args) == 0
    path = site / "recaps" / "2024-03-21-day-2-operators-crds.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        '---\ndate: "2024-03-21"\nevent: "KubeCon EU"\ntags: ["k8s", "operators"]\n---\n'
    )
    assert "# Day 2\\: operators \\& CRDs" in text
    path.write_text(text + "\nMy notes.\n", encoding="utf-8")
    assert run(*args) == 2
    assert "already exists (use --force to overwrite)" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8").endswith("My notes.\n")
    assert run(*args, "--force") == 0
    assert not path.read_text(encoding="utf-8").endswith("My notes.\n")


def test_import_never_overwrites_a_recap_without_force(site, capsys):
    assert run("import", SCHEDULES / "frab.xml", "--day", "1", "--dir", site) == 0
    before = snapshot(site)
    assert run("import", SCHEDULES / "frab.xml", "--day", "1", "--dir", site) == 2
    assert "already exists" in capsys.readouterr().err
    assert snapshot(site) == before


def test_speakers_merge_keeps_the_authors_edits(site):
    speakers = site / "speakers.md"
    assert run("import", SCHEDULES / "pretalx.json", "--day", "1", "--dir", site) == 0
    edited = speakers.read_text(encoding="utf-8").replace(
        "Works on Prometheus storage.", "My own words about Björn."
    )
    speakers.write_text(edited, encoding="utf-8")
    assert run("import", SCHEDULES / "pretalx.json", "--day", "3", "--dir", site) == 0
    assert run("import", SCHEDULES / "frab.xml", "--day", "1", "--dir", site) == 0
    merged = speakers.read_text(encoding="utf-8")
    assert merged.startswith(edited)
    assert merged.count("{speaker} Björn Rabenstein") == 1
    assert "{speaker} Zoë Ångström" in merged


def test_filters_by_track_room_and_session_code(tmp_path):
    def titles(*extra: str) -> list[str]:
        out = tmp_path / "out.md"
        assert (
            run(
                "import",
                SCHEDULES / "pretalx.json",
                *extra,
                "--out",
                out,
                "--force",
                "--speakers",
                tmp_path / "s.md",
            )
            == 0
        )
        return [
            line.split("} ", 1)[1]
            for line in out.read_text(encoding="utf-8").splitlines()
            if line.startswith("```{")
        ]

    assert titles("--track", "networking") == ["Routing traffic with Consul & Ingress alert(1)"]
    assert titles("--room", "Room 1.2") == ["Workshop: `kubectl` debugging"]
    assert titles("--talk", "TLK4GH", "KEY1AB") == [
        "Opening keynote: the next ten years",
        "Prometheus storage, revisited",
    ]


def test_empty_day_gives_an_empty_skeleton_that_builds(site, make_app):
    assert run("import", SCHEDULES / "pretalx.json", "--day", "2", "--dir", site) == 0
    text = (site / "recaps" / "cloudconf-2024-day-2.md").read_text(encoding="utf-8")
    assert 'date: "2024-05-15"' in text
    assert "{talk}" not in text
    assert warnings_of(build(make_app, site)) == ""


def test_times_are_shown_in_the_events_time_zone(tmp_path):
    out = tmp_path / "out.md"
    assert (
        run(
            "import",
            SCHEDULES / "pretalx.json",
            "--day",
            "1",
            "--timezone",
            "UTC",
            "--out",
            out,
            "--speakers",
            tmp_path / "s.md",
        )
        == 0
    )
    assert ":time: 07:00-07:45" in out.read_text(encoding="utf-8")


BAD_INPUTS = {
    "malformed.json": ('{"schedule": {"conference": ', "malformed JSON"),
    "truncated.xml": (
        SCHEDULES.joinpath("frab.xml").read_text(encoding="utf-8")[:700],
        "malformed XML",
    ),
    "wrong.json": ('{"talks": []}', "neither a pretalx schedule nor a Sessionize export"),
    "wrong.csv": ("title,speaker\nA,B\n", "not a schedule"),
    "missing.json": (
        '{"schedule": {"conference": {"title": "X", "days": [{"index": 1, '
        '"date": "2024-01-01", "rooms": {"A": [{"id": 7}]}}]}}}',
        "session 7 has no title or date",
    ),
    "baddate.xml": (
        '<schedule><conference><title>X</title></conference><day index="1" '
        'date="2024-01-01"><room name="A"><event id="9"><title>T</title>'
        "<date>yesterday</date></event></room></day></schedule>",
        "event 9: 'yesterday' is not an ISO 8601 date and time",
    ),
    "bomb.xml": (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;">]><schedule>&lol2;</schedule>',
        "malformed XML",
    ),
    "structure.json": (
        '{"sessions": [{"title": "T", "startsAt": "2024-01-01T10:00:00", '
        '"categoryItems": 5}], "speakers": []}',
        "unexpected structure",
    ),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_one_clear_line_exit_2_and_nothing_written(name, site, capsys):
    text, problem = BAD_INPUTS[name]
    source = site.parent / name
    source.write_text(text, encoding="utf-8")
    before = snapshot(site)
    assert run("import", source, "--dir", site) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"sphinx-recap: error: {source}: ")
    assert problem in err
    assert snapshot(site) == before


def test_unknown_day_file_and_zone_are_clear_errors(site, capsys):
    assert run("import", SCHEDULES / "pretalx.json", "--day", "9", "--dir", site) == 2
    assert "no day 9 (days: 1, 2, 3)" in capsys.readouterr().err
    assert run("import", site / "nope.json", "--dir", site) == 2
    assert "nope.json: No such file or directory" in capsys.readouterr().err
    assert run("import", SCHEDULES / "frab.xml", "--timezone", "Mars/Olympus", "--dir", site) == 2
    assert "unknown time zone 'Mars/Olympus'" in capsys.readouterr().err
    (site / "latin1.json").write_bytes('{"x": "\xe9"}'.encode("latin-1"))
    assert run("import", site / "latin1.json", "--dir", site) == 2
    assert "not UTF-8 text" in capsys.readouterr().err


def test_download_failure_is_a_clear_error(site, capsys):
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert run("import", f"http://127.0.0.1:{port}/schedule.json", "--dir", site) == 2
    err = capsys.readouterr().err
    assert f"http://127.0.0.1:{port}/schedule.json: cannot download" in err
    assert "are you offline?" in err


def test_console_script_help():
    for command in ([], ["init"], ["new"], ["import"]):
        result = subprocess.run(
            [sys.executable, "-m", "sphinx_recap.cli", *command, "--help"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert result.returncode == 0
        assert "usage: sphinx-recap" in result.stdout
