"""The ``sphinx-recap`` command: init, new, import (pretalx, frab, Sessionize)."""

from __future__ import annotations

import os
import re
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
    speakers = soup(app.outdir / "people.html")
    kelsey = speakers.select_one(".recap-speaker#kelsey-hightower")
    assert "Explains *Kubernetes* to everyone." in kelsey.get_text()
    # http:// avatars are dropped; only https images are kept.
    assert kelsey.select("img") == []


def test_init_site_builds_and_has_every_file(site, make_app):
    for name in (
        "conf.py",
        "index.md",
        "people.md",
        "README.md",
        ".readthedocs.yaml",
        "requirements.txt",
        ".gitignore",
    ):
        assert (site / name).is_file(), name
    assert len(list((site / "recaps").glob("*-first-recap.md"))) == 1
    assert "sphinx-recap serve" in (site / "README.md").read_text(encoding="utf-8")
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


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_new_site_builds_without_warnings_in_each_html_builder(site, make_app, builder):
    """The people page must not take the speaker index's file (speakers/index.html)."""
    app = make_app(builder, srcdir=site)
    app.build()
    assert warnings_of(app) == ""
    assert (app.outdir / "speakers" / "index.html").is_file()
    assert "recap-speaker" in (app.outdir / "speakers" / "index.html").read_text("utf-8")


def test_import_keeps_merging_into_an_existing_speakers_file(site):
    (site / "people.md").rename(site / "speakers.md")
    assert run("import", SCHEDULES / "pretalx.json", "--day", "1", "--dir", site) == 0
    assert "Björn Rabenstein" in (site / "speakers.md").read_text(encoding="utf-8")
    assert not (site / "people.md").exists()


def test_speakers_merge_keeps_the_authors_edits(site):
    speakers = site / "people.md"
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
        return re.findall(r"^(?:`{3,}|~{3,})\{\w+\} (.+)$", out.read_text(encoding="utf-8"), re.M)

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
    "overflow.json": (
        '{"schedule": {"conference": {"title": "X", "days": [{"index": 1, '
        '"date": "9999-12-31", "rooms": {"A": [{"id": 7, "title": "T", '
        '"date": "9999-12-31T23:00:00+00:00", "duration": "99:00"}]}}]}}}',
        "unexpected structure (OverflowError",
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


# -- files, sites and messages -----------------------------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_files_are_written_with_the_usual_permissions(umask, mode, tmp_path):
    old = os.umask(umask)
    try:
        site = tmp_path / "site"
        assert run("init", site) == 0
        assert run("new", "Day one", "--date", "2024-01-01", "--dir", site) == 0
        assert run("import", SCHEDULES / "frab.xml", "--day", "1", "--dir", site) == 0
    finally:
        os.umask(old)
    written = [p for p in site.rglob("*") if p.is_file()]
    assert len(written) == 10  # init writes 8, new 1, import 1 (and updates people.md)
    assert {p.relative_to(site).as_posix(): p.stat().st_mode & 0o777 for p in written} == {
        p.relative_to(site).as_posix(): mode for p in written
    }


def test_a_replaced_file_keeps_its_permissions(site):
    recap = site / "recaps" / "open-source-summit-devroom-2024-day-1.md"
    assert run("import", SCHEDULES / "frab.xml", "--day", "1", "--dir", site) == 0
    recap.chmod(0o640)
    assert run("import", SCHEDULES / "frab.xml", "--day", "1", "--dir", site, "--force") == 0
    assert recap.stat().st_mode & 0o777 == 0o640


def test_new_and_import_outside_a_site_are_refused_unless_out_is_given(tmp_path, capsys):
    folder = tmp_path / "not-a-site"
    folder.mkdir()
    assert run("new", "Notes", "--dir", folder) == 2
    assert run("import", SCHEDULES / "frab.xml", "--dir", folder) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2
    for line in err:
        assert line == (
            f"sphinx-recap: error: {folder}: not in a recap site (no conf.py here or above); "
            "run 'sphinx-recap init DIR' first, or give --out FILE"
        )
    assert list(folder.iterdir()) == []
    assert run("new", "Notes", "--date", "2024-01-01", "--out", folder / "notes.md") == 0
    assert (folder / "notes.md").read_text(encoding="utf-8").startswith('---\ndate: "2024-01-01"')


def test_new_in_a_sites_subfolder_writes_to_the_sites_recaps(site, monkeypatch):
    monkeypatch.chdir(site / "recaps")
    assert run("new", "Deep", "--date", "2024-01-02") == 0
    assert (site / "recaps" / "2024-01-02-deep.md").is_file()
    assert not (site / "recaps" / "recaps").exists()


@pytest.mark.parametrize("title", ["", "   ", "\x7f\x00"])
def test_new_refuses_an_empty_title(title, site, capsys):
    before = snapshot(site)
    assert run("new", title, "--dir", site) == 2
    assert capsys.readouterr().err == (
        "sphinx-recap: error: the recap's title is empty; give it a title\n"
    )
    assert snapshot(site) == before


def test_control_characters_never_reach_front_matter(site, make_app):
    assert run("new", "Bell\x07 and DEL\x7f", "--event", "Con\x7f\x85f", "--dir", site) == 0
    (recap,) = site.glob("recaps/*-bell-and-del.md")
    text = recap.read_text(encoding="utf-8")
    assert 'event: "Con f"' in text
    assert not [c for c in text if (c < " " and c != "\n") or "\x7f" <= c <= "\x9f"]
    assert warnings_of(build(make_app, site)) == ""


def test_init_points_to_the_live_preview(tmp_path, capsys):
    folder = tmp_path / "my site"
    assert run("init", folder) == 0
    out = capsys.readouterr().out
    assert f"sphinx-build -W -b html '{folder}' '{folder}/_build/html'" in out
    assert f"sphinx-recap serve '{folder}'" in out
    assert "sphinx-recap serve" in (folder / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["new"], "the following arguments are required: title (see 'sphinx-recap new --help')"),
        (["import", "x.json", "--day", "one"], "argument --day: invalid int value: 'one'"),
        (["new", "T", "--date", "soon"], "argument --date: 'soon' is not an ISO 8601 date"),
        (["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_are_one_line_too(args, problem, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("sphinx-recap: error: ")
    assert err.count("\n") == 1
    assert problem in err


def test_only_regular_files_are_replaced(site, capsys, tmp_path):
    before = snapshot(site)
    fifo = tmp_path / "speakers.fifo"
    os.mkfifo(fifo)
    args = ["import", SCHEDULES / "frab.xml", "--day", "1", "--dir", site]
    assert run(*args, "--speakers", fifo) == 2
    assert f"{fifo}: not a regular file; nothing was written" in capsys.readouterr().err
    assert run(*args, "--out", tmp_path, "--force") == 2
    assert "not a regular file" in capsys.readouterr().err
    assert snapshot(site) == before
    assert fifo.exists()
    assert not fifo.is_file()


def test_serve_previews_the_site_live(tmp_path):
    """``serve`` runs sphinx-autobuild on the site, on this machine only."""
    import signal
    import time
    import urllib.request

    site = tmp_path / "site"
    assert main(["init", str(site), "--title", "Live Notes"]) == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "sphinx_recap.cli", "serve", str(site), "--port", str(port)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        page = ""
        while time.monotonic() < deadline and "Live Notes" not in page:
            time.sleep(1)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
                    page = reply.read().decode("utf-8")
            except OSError:
                continue
        assert "Live Notes" in page
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0].decode("utf-8", "replace")
    assert f"http://127.0.0.1:{port}/" in output.splitlines()[0]


def test_serve_needs_a_site(tmp_path, capsys):
    assert main(["serve", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "not in a recap site" in error


def test_serve_ignores_the_build_folder_and_editor_files():
    from sphinx_recap.serve import autobuild_command

    command = autobuild_command(Path("site"), 8123, open_browser=True)
    ignored = {command[i + 1] for i, part in enumerate(command) if part == "--ignore"}
    assert {"*/_build/*", "*.swp", "*~", "*/.#*", "*/4913"} <= ignored
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert "--open-browser" in command
