"""What real exports do that the formats' documentation does not say, read right.

Each test names the file of tests/fixtures/real (or a small file made here) that shows
the quirk; SOURCES.md lists where they come from.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import soup, warnings_of
from sphinx_recap.cli import main
from sphinx_recap.schedule import ScheduleError, parse_schedule
from sphinx_recap.schedule.source import read_source

REAL = Path(__file__).parent / "fixtures" / "real"


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def imported(tmp_path: Path, name: str | Path, *extra: str) -> str:
    """The recap an import writes (outside a site, with --out)."""
    out = tmp_path / "recap.md"
    source = name if isinstance(name, Path) else REAL / name
    args = ("import", source, *extra, "--out", out, "--speakers", tmp_path / "speakers.md")
    assert run(*args, "--force") == 0
    return out.read_text(encoding="utf-8")


def blocks(text: str) -> dict[str, str]:
    """Talk title -> its whole directive block (the last one, for repeated titles)."""
    found = re.findall(r"^(`{3,}|~{3,})\{(?:talk|keynote)\} ([^\n]*)\n(.*?)^\1$", text, re.M | re.S)
    return {title: body for _fence, title, body in found}


def kinds(text: str) -> dict[str, str]:
    found = re.findall(r"^(`{3,}|~{3,})\{(talk|keynote)\} (.*)$", text, re.M)
    return {title: kind for _fence, kind, title in found}


def schedule(name: str, timezone: str = ""):
    return parse_schedule(read_source(str(REAL / name)), timezone)


# -- A1: repeated titles -----------------------------------------------------------------


def test_repeated_titles_get_numbered_labels_on_one_page(tmp_path):
    text = imported(tmp_path, "froscon-2018.frab.json")
    labels = re.findall(r"^:name: (clojure-kickstart-workshop.*)$", text, re.M)
    assert labels == [
        "clojure-kickstart-workshop",
        "clojure-kickstart-workshop-2",
        "clojure-kickstart-workshop-3",
    ]
    # "Journos... GAME OVER?" and "Journos… GAME OVER?" slug alike.
    rc3 = imported(tmp_path, "rc3-2020.pretalx.json")
    journos = re.findall(r"^:name: (ethical-hackers-investigative-journos.*)$", rc3, re.M)
    assert len(journos) == len(set(journos)) == 2


def test_labels_avoid_the_pages_own_heading_ids(tmp_path):
    source = tmp_path / "talks.json"
    source.write_text(
        '{"schedule": {"conference": {"title": "Talks", "days": [{"index": 1, "date": '
        '"2024-01-01", "rooms": {"A": [{"id": 1, "title": "Talks", "date": '
        '"2024-01-01T10:00:00+00:00", "duration": "00:30"}, {"id": 2, "title": "Talks Recap",'
        ' "date": "2024-01-01T11:00:00+00:00"}, {"id": 3, "title": "Recap talks-recap", '
        '"date": "2024-01-01T12:00:00+00:00"}]}}]}}}',
        encoding="utf-8",
    )
    text = imported(tmp_path, source)
    assert re.findall(r"^:name: (.+)$", text, re.M) == [
        "talks-2",
        "talks-recap-2",
        "recap-talks-recap",
    ]


# -- A2: profile links -------------------------------------------------------------------


def test_http_profile_links_become_https_and_others_stay_website_links(tmp_path):
    imported(tmp_path, "orlando-codecamp-2020.sessionize.json")
    speakers = (tmp_path / "speakers.md").read_text(encoding="utf-8")
    assert ":linkedin: https://www.linkedin.com/in/usha-suryadevara" in speakers
    assert ":linkedin: http:" not in speakers
    assert ":url: http://twitter.com/srusha" in speakers  # a website may be http
    imported(tmp_path, "global-azure-bootcamp-linz-2020.sessionize.json")
    speakers = (tmp_path / "speakers.md").read_text(encoding="utf-8")
    assert ":linkedin: https://at.linkedin.com/in/hannesl1" in speakers


# -- A3: service sessions and keynotes -------------------------------------------------


def test_sessionize_breaks_are_left_out_unless_asked_for(tmp_path, capsys):
    text = kinds(imported(tmp_path, "orlando-codecamp-2020.sessionize.json"))
    assert "Left out 11 breaks" in capsys.readouterr().out
    assert text["Keynote"] == "keynote"  # a service slot called Keynote is the keynote
    for service in ("Lunch", "Ice Cream & Snacks Break", "After party", "IoT Hands On Session"):
        assert service not in text
    text = kinds(imported(tmp_path, "orlando-codecamp-2020.sessionize.json", "--include-breaks"))
    # isPlenumSession (lunch is one too) does not make a keynote.
    assert text["Lunch"] == text["Closing and Prizes"] == "talk"
    assert text["Keynote"] == "keynote"


def test_a_title_starting_or_ending_with_keynote_marks_a_keynote_in_every_format(tmp_path):
    azure = kinds(imported(tmp_path, "global-azure-linz-2024.sessionize.json"))
    assert [t for t, k in azure.items() if k == "keynote"] == [
        "Keynote: Pioneering the Future of Java with Intelligent Apps",
        "Keynote: Total rational - Das größte Missverständnis im data-driven Business",
    ]
    assert (
        kinds(imported(tmp_path, "scottish-summit-2026.sessionize.json"))[
            "Scottish Summit 2026 Keynote"
        ]
        == "keynote"
    )
    assert kinds(imported(tmp_path, "froscon-2018.frab.json"))["Keynote"] == "keynote"
    lswt = kinds(imported(tmp_path, "lswt-2019.frab.xml"))
    assert lswt["Keynote: Towards a productive Linked Data environment within Enterprises"] == (
        "keynote"
    )
    assert list(lswt.values()).count("keynote") == 1


def test_frab_breaks_by_track_are_left_out_unless_asked_for(tmp_path):
    assert "Mittagspause" not in kinds(imported(tmp_path, "lswt-2019.frab.xml"))
    assert "Mittagspause" in kinds(imported(tmp_path, "lswt-2019.frab.xml", "--include-breaks"))


# -- A4: quotes at the ends of titles, names and rooms -------------------------------


def test_quotes_at_the_ends_of_titles_and_rooms_are_kept(tmp_path, make_app):
    site = tmp_path / "site"
    assert run("init", site) == 0
    # Typography would curl the quotes; this test is about the text itself.
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("smartquotes = False\n")
    assert run("import", REAL / "38c3-2024.frab.xml", "--dir", site) == 0
    assert run("import", REAL / "cccamp-2019.frab.json", "--dir", site) == 0
    app = make_app("html", srcdir=site)
    app.build()
    assert warnings_of(app) == ""
    page = soup(app.outdir / "recaps" / "38c3.html")
    titles = [h.find(string=True, recursive=False) for h in page.select("section.recap-talk h3")]
    assert '"Natürlich bin ich 18!" - Altersprüfungen im Netz aus Datenschutzperspektive' in titles
    assert 'Filmvorführung "Von Menschen, die auf Bäume steigen"' in titles
    assert any(t.startswith("„Konnte bisher") for t in titles)
    rooms = {r.get_text() for r in page.select(".recap-room")}
    assert '"KliMathematik Augsburg" Table' in rooms
    camp = soup(app.outdir / "recaps" / "chaos-communication-camp-2019.html")
    assert any(t.get_text() == 'Lukas "cube" Hannen' for t in camp.select("a.recap-speaker-link"))


# -- A5: a <day> without date; Pentabarf without rooms and event dates ---------------


def test_a_day_without_date_takes_its_events_dates(tmp_path):
    source = tmp_path / "nodate.xml"
    source.write_text(
        "<schedule><conference><title>X</title></conference><day index='1'>"
        "<room name='A'><event id='1'><title>Late</title><date>2024-03-02T23:00:00+01:00"
        "</date><duration>00:30</duration></event><event id='2'><title>Early</title>"
        "<date>2024-03-01T10:00:00+01:00</date></event></room></day></schedule>",
        encoding="utf-8",
    )
    day = parse_schedule(source.read_text(encoding="utf-8")).days[0]
    assert str(day.date) == "2024-03-01"
    assert 'date: "2024-03-01"' in imported(tmp_path, source, "--day", "1")
    source.write_text(
        "<schedule><conference><title>X</title></conference><day index='1'>"
        "<room name='A'/></day></schedule>",
        encoding="utf-8",
    )
    with pytest.raises(ScheduleError, match="day 1 has no valid date"):
        parse_schedule(source.read_text(encoding="utf-8"))


def test_pentabarf_events_straight_under_day_without_dates_are_read():
    fosdem = schedule("fosdem-2010.frab.xml")
    assert [len(d.sessions) for d in fosdem.days] == [4, 5]
    first = {s.title: s for s in fosdem.days[0].sessions}
    talk = first["asterisk: An introduction to Asterisk Development"]
    assert (str(talk.start), str(talk.end), talk.room) == (
        "2010-02-06 16:40:00",
        "2010-02-06 16:55:00",
        "Ferrer",
    )
    assert [p.name for p in talk.speakers] == ["Mark Michelson"]
    assert {s.start.date().isoformat() for s in fosdem.days[1].sessions} == {"2010-02-07"}


def test_persons_straight_under_event_are_split_at_commas(tmp_path):
    lswt = schedule("lswt-2019.frab.xml")
    welcome = next(s for s in lswt.days[0].sessions if s.title == "Welcome")
    assert [p.name for p in welcome.speakers] == ["Dr. Sebastian Tramp", "Andreas Heinecke"]
    assert ":speaker: Dr. Sebastian Tramp; Andreas Heinecke" in imported(
        tmp_path, "lswt-2019.frab.xml"
    )


def test_a_break_copied_into_every_room_is_one_session():
    lswt = schedule("lswt-2019.frab.xml")
    lunches = [s for s in lswt.days[0].sessions if s.title == "Mittagspause"]
    assert len(lunches) == 1
    assert lunches[0].room == "Main Track, Tutorials"


# -- A6: sessions past midnight ----------------------------------------------------------


def test_a_session_past_midnight_keeps_its_end_and_date(tmp_path, make_app):
    site = tmp_path / "site"
    assert run("init", site) == 0
    assert run("import", REAL / "38c3-2024.frab.xml", "--day", "2", "--dir", site) == 0
    text = (site / "recaps" / "38c3-day-2.md").read_text(encoding="utf-8")
    film = blocks(text)['Film "Never Mind the Gigwork - Here\'s the Coffeebots"']
    assert ":time: 23:55\n" in film
    assert "Ends at 01:10 on 2024-12-29, after midnight." in film
    # A session after midnight belongs to the day, with its own calendar date.
    assert ":date: 2024-12-29\n:time: 00:55-02:25" in text
    app = make_app("html", srcdir=site)
    app.build()
    assert warnings_of(app) == ""
    page = soup(app.outdir / "recaps" / "38c3-day-2.html")
    section = next(s for s in page.select("section.recap-talk") if "Coffeebots" in s.h3.get_text())
    assert "23:55" in section.select_one("time.recap-when").get_text()
    assert "Ends at 01:10 on 2024-12-29" in section.get_text()


# -- A7 and others: errors, encodings, names, zones --------------------------------------


def test_json_errors_name_the_position_once(tmp_path, capsys):
    source = tmp_path / "bad.json"
    source.write_text('{"schedule": "unterminated', encoding="utf-8")
    assert run("import", source, "--out", tmp_path / "x.md") == 2
    err = capsys.readouterr().err
    assert "malformed JSON (Unterminated string starting at line 1, column 14)" in err
    assert "at at" not in err


def test_nothing_scheduled_yet_imports_the_sessions_undated(tmp_path, capsys):
    text = imported(
        tmp_path, "global-azure-bootcamp-linz-2020.sessionize.json", "--date", "2020-04-25"
    )
    assert 'date: "2020-04-25"' in text
    assert len(blocks(text)) == 6
    assert ":time:" not in text
    assert (
        len(
            blocks(
                imported(tmp_path, "global-azure-bootcamp-linz-2020.sessionize.json", "--day", "1")
            )
        )
        == 6
    )
    capsys.readouterr()
    # Some sessions scheduled, others not: the others are counted, not silently lost.
    imported(tmp_path, Path(__file__).parent / "fixtures" / "schedules" / "sessionize.json")
    assert "Left out 1 sessions that have no time yet" in capsys.readouterr().out


def test_sessionize_has_no_event_name_the_file_name_or_event_gives_it(tmp_path, capsys):
    text = imported(tmp_path, "scottish-summit-2026.sessionize.json")
    assert 'event: "Scottish Summit 2026"' in text
    assert "# Scottish Summit 2026 Recap" in text
    assert "used 'Scottish Summit 2026' (set it with --event)" in capsys.readouterr().out
    text = imported(tmp_path, "scottish-summit-2026.sessionize.json", "--event", "ScotSum")
    assert 'event: "ScotSum"' in text
    assert "set it with --event" not in capsys.readouterr().out


def test_a_bom_and_crlf_line_ends_are_read(tmp_path):
    assert (REAL / "orlando-codecamp-2020.sessionize.json").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (REAL / "global-azure-linz-2024.sessionize.json").read_bytes()
    xml = (REAL / "fosdem-2010.frab.xml").read_text(encoding="utf-8").replace("\n", "\r\n")
    source = tmp_path / "bom.xml"
    source.write_bytes(b"\xef\xbb\xbf" + xml.encode())
    assert len(blocks(imported(tmp_path, source))) == 9


def test_times_are_shown_in_the_events_zone_whatever_the_offsets_say(tmp_path):
    # LSWT writes local times with a Z; its <start> says what the local time is.
    lswt = imported(tmp_path, "lswt-2019.frab.xml", "--timezone", "Europe/Berlin")
    assert 'timezone: "Europe/Berlin"' in lswt
    assert ":time: 09:00-09:10" in blocks(lswt)["Welcome"]
    # rC3 has bare +01:00 offsets and no zone: shown as written, or in the zone asked for.
    rc3 = schedule("rc3-2020.pretalx.json")
    assert rc3.timezone == ""
    assert "timezone:" not in imported(tmp_path, "rc3-2020.pretalx.json")
    first = rc3.days[0].sessions[0]
    utc = next(
        s for s in schedule("rc3-2020.pretalx.json", "UTC").days[0].sessions if s.code == first.code
    )
    assert utc.start.hour == (first.start.hour - 1) % 24
    # 38C3 names its zone: the front matter says it, so talks.ics can use it.
    assert 'timezone: "Europe/Berlin"' in imported(tmp_path, "38c3-2024.frab.xml")


def test_an_unknown_zone_in_the_schedule_is_ignored_but_not_on_the_command_line(tmp_path):
    text = (REAL / "fosdem-2026.frab.xml").read_text(encoding="utf-8")
    broken = text.replace("<time_zone_name>Europe/Brussels", "<time_zone_name>Europe/Atlantis")
    assert broken != text
    parsed = parse_schedule(broken)
    assert parsed.timezone == ""
    assert parsed.days[0].sessions[0].start.utcoffset() is not None
    with pytest.raises(ScheduleError, match="unknown time zone 'Mars/Olympus'"):
        parse_schedule(broken, "Mars/Olympus")
