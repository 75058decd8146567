"""Files sphinx-recap writes into the output folder, and the record of them.

Sphinx leaves the output of deleted documents behind; for what we generate (a
dropped tag's page and feed, a renamed speaker's page) a stale file would still
be linked from search engines and feed readers, so the manifest remembers what
each build wrote and the next one removes what it no longer writes. Only files
listed there are ever removed. The manifest also keeps each generated page's
fingerprint, so an incremental build skips pages whose file is already right.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import NO_REBUILD

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.builders import Builder

__all__ = ["OutputManifest", "settings_state"]

#: Settings besides ``html_*`` and ``recap_*`` that templates show or use.
_SHOWN_SETTINGS = frozenset(
    {
        "project",
        "author",
        "copyright",
        "language",
        "release",
        "version",
        "root_doc",
        "templates_path",
        "today",
        "today_fmt",
    }
)


def settings_state(builder: Builder) -> str:
    """The settings every generated output depends on, as stable text (not those that
    only change how the build runs)."""
    config = builder.config
    how = {f"recap_{name}" for name in NO_REBUILD}
    names = sorted(
        name
        for name in (value.name for value in config)
        if (name.startswith(("html_", "recap_")) or name in _SHOWN_SETTINGS) and name not in how
    )
    return repr([(name, config[name]) for name in names])


Groups = dict[str, dict[str, Any]]


class OutputManifest:
    """What we generated into one output folder: files by group, and page fingerprints."""

    def __init__(self, builder: Builder) -> None:
        self.outdir = Path(builder.outdir).resolve()
        #: As the builder names it: the paths we are given are under it (no symlinks
        #: resolved, which would cost a system call per component per file).
        self.written_to = Path(builder.outdir)
        self.path = Path(builder.doctreedir, f"recap-outputs-{builder.name}.json")

    def load(self) -> Groups:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def save(self, data: Groups) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")

    def sweep(self, group: str, current: Iterable[Path], keep: Iterable[str] = ()) -> None:
        """Remove the files of ``group`` written last time and not now; remember now's.

        ``keep``: output files (relative to the output folder) that are not ours to
        remove however the manifest lists them: a document's page that took the place
        of a generated one.
        """
        data = self.load()
        groups = data.setdefault(str(self.outdir), {})
        now = sorted({os.path.relpath(p, self.written_to).replace(os.sep, "/") for p in current})
        before = groups.get(group, [])
        kept = {name.replace(os.sep, "/") for name in keep}
        for stale in sorted(set(before if isinstance(before, list) else []) - set(now) - kept):
            self.remove(self.outdir / stale)
        if before != now:
            groups[group] = now
            self.save(data)

    def files(self, group: str) -> list[Path]:
        """The files ``group`` had last time."""
        names = self.load().get(str(self.outdir), {}).get(group, [])
        return [self.outdir / name for name in names] if isinstance(names, list) else []

    def fingerprints(self, group: str = "fingerprints") -> dict[str, Any]:
        """Name -> fingerprint (or what else ``group`` keeps) from last time."""
        stored = self.load().get(str(self.outdir), {}).get(group, {})
        return stored if isinstance(stored, dict) else {}

    def save_fingerprints(self, fingerprints: dict[str, Any], group: str = "fingerprints") -> None:
        data = self.load()
        groups = data.setdefault(str(self.outdir), {})
        if groups.get(group) != fingerprints:
            groups[group] = fingerprints
            self.save(data)

    def remove(self, path: Path) -> None:
        path = path.resolve()
        if not path.is_relative_to(self.outdir) or not path.is_file():
            return
        path.unlink()
        folder = path.parent
        while folder != self.outdir and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
