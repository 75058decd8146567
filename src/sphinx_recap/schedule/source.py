"""Reading a schedule from a file or an http(s) URL, within fixed limits.

A schedule is a few megabytes at most, so anything bigger, slower or stranger is
refused with a one-line :class:`ScheduleError`: files must be regular files (a FIFO
would block, ``/dev/zero`` never ends), downloads follow only http(s) redirects and
must finish within a total deadline, not only a per-read timeout.
"""

from __future__ import annotations

import os
import stat
import threading
import time
import urllib.error
import urllib.request
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

from ..version import __version__
from .model import ScheduleError

if TYPE_CHECKING:
    from http.client import HTTPMessage

__all__ = ["FETCH_DEADLINE", "FETCH_TIMEOUT", "MAX_SCHEDULE_BYTES", "read_source"]

#: Largest schedule read, in bytes (the biggest real ones are a few MB).
MAX_SCHEDULE_BYTES = 50 * 1024 * 1024
#: Seconds one network operation (connect, one read) may take.
FETCH_TIMEOUT = 20.0
#: Seconds the whole download may take, name lookup and redirects included.
FETCH_DEADLINE = 60.0
#: Redirects followed before giving up.
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024


def _too_large() -> ScheduleError:
    limit = MAX_SCHEDULE_BYTES
    size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
    return ScheduleError(f"larger than {size}, not a schedule")


def _read_capped(stream: IO[bytes]) -> bytes:
    data = stream.read(MAX_SCHEDULE_BYTES + 1)
    if len(data) > MAX_SCHEDULE_BYTES:
        raise _too_large()
    return data


def read_file(path: str) -> bytes:
    # O_NONBLOCK: opening a FIFO must not wait for a writer; the type check follows.
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ScheduleError(error.strerror or str(error)) from None
    info = os.fstat(handle)
    regular = stat.S_ISREG(info.st_mode)
    if not regular or info.st_size > MAX_SCHEDULE_BYTES:
        os.close(handle)
        if regular:
            raise _too_large()
        raise ScheduleError("not a regular file (a folder, device or pipe)")
    with os.fdopen(handle, "rb") as stream:
        try:
            return _read_capped(stream)
        except OSError as error:
            raise ScheduleError(error.strerror or str(error)) from None


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only from http(s) to http(s) (urllib would go to ftp:)."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        scheme = urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            fp.close()
            raise urllib.error.URLError(f"redirected to a {scheme}: address, which is not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(url: str, deadline: float) -> bytes:
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": f"sphinx-recap/{__version__}"})
    with opener.open(request, timeout=min(FETCH_TIMEOUT, FETCH_DEADLINE)) as response:
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > MAX_SCHEDULE_BYTES:
            raise _too_large()
        chunks: list[bytes] = []
        size = 0
        # read1 returns after each network read, so a server that drips one byte at a
        # time still meets the deadline check between reads.
        while chunk := response.read1(_CHUNK):
            size += len(chunk)
            if size > MAX_SCHEDULE_BYTES:
                raise _too_large()
            if time.monotonic() > deadline:
                raise TimeoutError
            chunks.append(chunk)
        return b"".join(chunks)


def download(url: str) -> bytes:
    """The body at ``url``; the download runs in a thread so that a slow name lookup
    or server cannot hold the command past :data:`FETCH_DEADLINE`."""
    deadline = time.monotonic() + FETCH_DEADLINE
    received: list[bytes] = []
    failed: list[Exception] = []

    def work() -> None:
        try:
            received.append(_fetch(url, deadline))
        except urllib.error.HTTPError as error:
            error.close()
            failed.append(error)
        except Exception as error:  # reported by the main thread, in one line
            failed.append(error)

    worker = threading.Thread(target=work, name="sphinx-recap-download", daemon=True)
    worker.start()
    worker.join(FETCH_DEADLINE)
    if received:
        return received[0]
    error = failed[0] if failed else None
    if error is None or isinstance(error, TimeoutError):
        raise ScheduleError(
            f"cannot download (too slow: the limits are {FETCH_TIMEOUT:g} s a read "
            f"and {FETCH_DEADLINE:g} s in all)"
        )
    if isinstance(error, ScheduleError):
        raise error
    if isinstance(error, urllib.error.HTTPError):
        raise ScheduleError(f"cannot download (HTTP {error.code} {error.reason})")
    reason = getattr(error, "reason", None) or error
    # Only a failed connection suggests being offline; a refused redirect does not.
    hint = "; are you offline?" if isinstance(reason, OSError) else ""
    raise ScheduleError(f"cannot download ({reason}){hint}")


def read_source(source: str) -> str:
    """A schedule's text from a file or an http(s) URL."""
    data = download(source) if source.startswith(("http://", "https://")) else read_file(source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScheduleError("not UTF-8 text") from None
