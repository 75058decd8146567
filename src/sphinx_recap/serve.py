"""``sphinx-recap serve``: a live preview of the site while you write.

It runs sphinx-autobuild on the site (the nearest folder with a ``conf.py``), served
on this machine only, rebuilding when a source changes, and ignoring what is not a
source: the build folder, virtual environments, version control and editors'
temporary files (which would otherwise start a build at every keystroke).
"""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

__all__ = ["IGNORED", "autobuild_command"]

#: Globs sphinx-autobuild does not watch, beside the output folder it skips itself.
IGNORED = (
    "*/_build/*",
    "*/.venv/*",
    "*/.git/*",
    "*/.tox/*",
    "*.swp",
    "*.swx",
    "*~",
    "*/.#*",
    "*/#*#",
    "*/4913",
    "*.tmp",
    "*/.DS_Store",
)


def autobuild_command(site: Path, port: int, *, open_browser: bool) -> list[str]:
    """The sphinx-autobuild command line for ``site``."""
    command = [
        sys.executable,
        "-m",
        "sphinx_autobuild",
        str(site),
        str(site / "_build" / "html"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    for pattern in IGNORED:
        command += ["--ignore", pattern]
    if open_browser:
        command.append("--open-browser")
    return command


def serve(site: Path, args: argparse.Namespace) -> int:
    """Run the preview until it is stopped; its exit status."""
    print(f"Serving {site} at http://127.0.0.1:{args.port}/ (Ctrl+C stops)", flush=True)
    command = autobuild_command(site, args.port, open_browser=args.open)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0
