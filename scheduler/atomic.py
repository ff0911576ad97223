"""Atomic file writes: a reader sees the old file or the new one, never half of one.

The temp file from ``tempfile.mkstemp`` is private (0600); before it is renamed into place it
gets the mode any ordinary write would give (0666 minus the umask), so teammates and web servers
that could read last week's roster can read this week's too.  The one exception is a file of
secrets (``private=True``, e.g. the calendar feed tokens): it stays 0600 whatever the umask.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["atomic_write", "write_text_atomic", "write_bytes_atomic", "current_umask"]

_UMASK_LOCK = threading.Lock()
_PROC_STATUS = Path("/proc/self/status")


def current_umask() -> int:
    """The process umask, read without changing it where Linux allows (/proc), else by the
    set-and-restore dance under a lock."""
    try:
        for line in _PROC_STATUS.read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        old = os.umask(0o022)
        os.umask(old)
    return old


@contextmanager
def atomic_write(path: str | Path, mode: str = "w", *, private: bool = False,
                 **kwargs: object) -> Iterator[IO]:
    """Write to a temp file beside ``path`` and rename it into place only on success.

    ``private`` keeps the file owner-only (0600) for secrets instead of applying the umask.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:  # type: ignore[call-overload]
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600 if private else 0o666 & ~current_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: str | Path, text: str, *, private: bool = False) -> None:
    with atomic_write(path, "w", private=private, encoding="utf-8", newline="") as handle:
        handle.write(text)


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    with atomic_write(path, "wb") as handle:
        handle.write(data)
