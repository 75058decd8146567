"""Schedules from an http(s) URL: redirects only to http(s), a size cap, a total deadline.

A local server on 127.0.0.1 stands in for the schedule's host; nothing goes to the
network. The limits are module constants, lowered here so each test takes a second.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sphinx_recap.cli import main
from sphinx_recap.schedule import source

SCHEDULE = (Path(__file__).parent / "fixtures" / "schedules" / "pretalx.json").read_bytes()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # keep stderr for the command's own messages

    def send(self, code: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(code)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        routes = {
            "/schedule.json": lambda: self.send(200, SCHEDULE),
            "/to-schedule": lambda: self.send(302, Location="/schedule.json"),
            "/to-ftp": lambda: self.send(302, Location="ftp://127.0.0.1/schedule.json"),
            "/to-file": lambda: self.send(301, Location="file:///etc/passwd"),
            "/loop": lambda: self.send(302, Location="/loop"),
            "/missing": lambda: self.send(404, b"no"),
            "/big": lambda: self.send(200, b" " * 5000 + SCHEDULE),
            "/unsized": self.unsized,
            "/drip": self.drip,
        }
        routes.get(self.path, lambda: self.send(404))()

    def unsized(self) -> None:
        # No Content-Length: the cap must hold while reading.
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b" " * 5000 + SCHEDULE)

    def drip(self) -> None:
        # One byte at a time, each well within the per-read timeout: only a total
        # deadline ends this.
        self.send_response(200)
        self.send_header("Content-Length", str(len(SCHEDULE)))
        self.end_headers()
        try:
            for byte in SCHEDULE[:40]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass  # the client gave up, as it should


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def limits(monkeypatch):
    monkeypatch.setattr(source, "FETCH_TIMEOUT", 0.8)
    monkeypatch.setattr(source, "FETCH_DEADLINE", 1.0)
    monkeypatch.setattr(source, "MAX_SCHEDULE_BYTES", len(SCHEDULE) + 100)


def test_a_schedule_is_downloaded_and_redirects_between_http_urls_are_followed(
    server, limits, tmp_path
):
    for path in ("/schedule.json", "/to-schedule"):
        out = tmp_path / "recap.md"
        args = ["import", server + path, "--day", "1", "--out", str(out), "--force"]
        assert main([*args, "--speakers", str(tmp_path / "speakers.md")]) == 0
        assert "{keynote} Opening keynote: the next ten years" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/to-ftp", "redirected to a ftp: address, which is not followed"),
        ("/to-file", "Redirection to url 'file:///etc/passwd' is not allowed"),
        ("/loop", "cannot download"),
        ("/missing", "cannot download (HTTP 404"),
        ("/big", "not a schedule"),
        ("/unsized", "not a schedule"),
        ("/drip", "too slow"),
    ],
)
def test_a_bad_download_is_one_line_exit_2_and_nothing_written(
    server, limits, path, problem, tmp_path, capsys
):
    out = tmp_path / "recap.md"
    started = time.monotonic()
    status = main(["import", server + path, "--out", str(out)])
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"sphinx-recap: error: {server}{path}: ")
    assert err.count("\n") == 1
    assert problem in err
    assert not list(tmp_path.iterdir())
    assert elapsed < 3, "the deadline covers the whole download"
