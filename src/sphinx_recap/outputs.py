"""Files sphinx-recap writes into the output folder, and the record of them.

Sphinx leaves the output of deleted documents behind; for what we generate (a
dropped tag's page and feed, a renamed speaker's page) a stale file would still
be linked from search engines and feed readers, so the manifest remembers what
each build wrote and the next one removes what it no longer writes. Only files
listed there are ever removed. The manifest also keeps each generated page's
fingerprint, so an incremental build skips pages whose file is already right.
"""

from __future__ import annotations

import filecmp
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.builders import Builder

__all__ = ["OutputManifest", "write_chunks_if_changed", "write_if_changed"]

Groups = dict[str, dict[str, list[str] | dict[str, str]]]


class OutputManifest:
    """What we generated into one output folder: files by group, and page fingerprints."""

    def __init__(self, builder: Builder) -> None:
        self.outdir = Path(builder.outdir).resolve()
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

    def sweep(self, group: str, current: Iterable[Path]) -> None:
        """Remove the files of ``group`` written last time and not now; remember now's."""
        data = self.load()
        groups = data.setdefault(str(self.outdir), {})
        now = sorted({Path(p).resolve().relative_to(self.outdir).as_posix() for p in current})
        before = groups.get(group, [])
        for stale in sorted(set(before if isinstance(before, list) else []) - set(now)):
            self.remove(self.outdir / stale)
        groups[group] = now
        self.save(data)

    def fingerprints(self) -> dict[str, str]:
        """Page name -> fingerprint of what was written last time, for this output."""
        stored = self.load().get(str(self.outdir), {}).get("fingerprints", {})
        return stored if isinstance(stored, dict) else {}

    def save_fingerprints(self, fingerprints: dict[str, str]) -> None:
        data = self.load()
        data.setdefault(str(self.outdir), {})["fingerprints"] = fingerprints
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


def write_if_changed(path: Path, data: bytes) -> Path:
    """Write ``data`` unless the file already holds it (keeps mtimes for rsync and caches)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
    return path


def write_chunks_if_changed(path: Path, chunks: Iterable[bytes]) -> Path:
    """``write_if_changed`` for a file made in pieces, which are never joined in memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(path.name + ".part")
    with draft.open("wb") as stream:
        stream.writelines(chunks)
    if path.exists() and filecmp.cmp(draft, path, shallow=False):
        draft.unlink()
    else:
        os.replace(draft, path)
    return path
