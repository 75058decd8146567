"""Writing output files only when their bytes change.

Kept free of Sphinx and of the rest of the package, so the theme can use it
without importing the extension.
"""

from __future__ import annotations

import filecmp
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

__all__ = ["write_chunks_if_changed", "write_if_changed"]


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
