"""The README's quickstart, run as written: both ways build without warnings."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from helpers import warnings_of
from sphinx_recap.cli import main

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_by_hand_quickstart_builds(make_app, tmp_path):
    conf = re.search(r"```python\n(.*?)```", README, re.S)[1]
    page = re.search(r"````markdown\n(.*?)````", README, re.S)[1]
    (tmp_path / "conf.py").write_text('project = "Notes"\n' + conf, encoding="utf-8")
    (tmp_path / "index.md").write_text(page, encoding="utf-8")
    app = make_app("html", srcdir=tmp_path)
    app.build()
    assert warnings_of(app) == ""
    assert "recap-keynote" in (app.outdir / "index.html").read_text(encoding="utf-8")


def test_command_line_quickstart_builds(make_app, tmp_path, monkeypatch):
    commands = re.search(r"## Quickstart\n\n```sh\n(.*?)```", README, re.S)[1]
    monkeypatch.chdir(tmp_path)
    for line in commands.splitlines():
        for command in line.split("#")[0].split("&&"):
            words = shlex.split(command)
            if words[:1] == ["sphinx-recap"]:
                assert main(words[1:]) == 0, command
            elif words[:1] == ["cd"]:
                monkeypatch.chdir(tmp_path / words[1])
    app = make_app("html", srcdir=tmp_path / "my-recaps")
    app.build()
    assert warnings_of(app) == ""
    assert (app.outdir / "recaps" / "2017-03-30-kubecon-day-3-recap.html").is_file()
