"""Live preview: sphinx-autobuild on the docs rebuilds exactly once per edit, never in a loop.

The server runs on a temporary copy of docs/ laid out as ``tox -e live`` does (output in
``docs/_build/html``), on a free loopback port, and is always stopped at the end.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import ANSI

DOCS = Path(__file__).parent.parent / "docs"
#: Generous upper bounds; a normal run takes a few seconds in total.
START_TIMEOUT = 90.0
REBUILD_TIMEOUT = 60.0
#: After the rebuild, how long nothing more may happen (a loop would restart well within it:
#: sphinx-autobuild batches file events over about 1.6 s).
QUIET_PERIOD = 3.0
POLL = 0.1

REBUILDING = "[sphinx-autobuild] Rebuilding..."
SERVING = "[sphinx-autobuild] Serving on"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def files_in(folder: Path) -> dict[str, float]:
    """Source files and their modification times, the output folder left out."""
    return {
        str(path.relative_to(folder)): path.stat().st_mtime
        for path in folder.rglob("*")
        if path.is_file() and "_build" not in path.relative_to(folder).parts
    }


class Server:
    """A sphinx-autobuild process whose output is collected line by line."""

    def __init__(self, srcdir: Path, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        command = [
            sys.executable,
            "-m",
            "sphinx_autobuild",
            str(srcdir),
            str(srcdir / "_build" / "html"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "-q",
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(ANSI.sub("", line.rstrip("\n")))

    def count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))

    def output(self) -> str:
        return "\n".join(self.lines)

    def get(self, path: str = "/") -> str | None:
        try:
            with urllib.request.urlopen(self.url + path, timeout=2) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, OSError):
            return None

    def wait_until(self, condition: object, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"sphinx-autobuild exited while waiting for {what}:\n{self.output()}")
            if condition():  # type: ignore[operator]
                return
            time.sleep(POLL)
        pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}:\n{self.output()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.reader.join(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture
def docs_copy(tmp_path: Path) -> Path:
    if importlib.util.find_spec("sphinx_autobuild") is None:
        if os.environ.get("CI"):
            pytest.fail("sphinx-autobuild must be installed in CI (the docs extra)")
        pytest.skip("sphinx-autobuild is not installed (it is a dependency of sphinx-recap)")
    srcdir = tmp_path / "docs"
    shutil.copytree(DOCS, srcdir, ignore=shutil.ignore_patterns("_build"))
    return srcdir


def test_one_edit_gives_exactly_one_rebuild(docs_copy: Path):
    server = Server(docs_copy, free_port())
    try:
        server.wait_until(lambda: server.get("/") is not None, START_TIMEOUT, "the first page")
        assert server.count(REBUILDING) == 0
        sources = files_in(docs_copy)
        # The watcher starts with the server; give it a moment to subscribe to the folder.
        time.sleep(1.0)

        page = docs_copy / "tutorial.md"
        page.write_text(
            page.read_text(encoding="utf-8") + "\nEdited while the server ran.\n",
            encoding="utf-8",
        )
        served_after = server.count(SERVING)
        server.wait_until(
            lambda: server.count(REBUILDING) >= 1 and server.count(SERVING) > served_after,
            REBUILD_TIMEOUT,
            "the rebuild after the edit",
        )
        time.sleep(QUIET_PERIOD)

        assert server.count(REBUILDING) == 1, server.output()
        assert "Edited while the server ran." in (server.get("/tutorial.html") or "")
        # Nothing but the edited page changed in the source folder: no loop can start.
        after = files_in(docs_copy)
        assert after.keys() == sources.keys()
        changed = [name for name in after if after[name] != sources[name]]
        assert changed == ["tutorial.md"]
    finally:
        server.stop()
    assert server.process.returncode is not None
