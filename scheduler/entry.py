"""The ``roster`` executable: notes when the process started, before the heavy imports.

``roster solve --time-limit S`` promises the whole command ends within S; pandas, OR-Tools and
friends take a second or more to import on a busy laptop, and that second counts too.
"""

from __future__ import annotations

import time

__all__ = ["main", "started"]

_STARTED: float | None = None


def started() -> float | None:
    """perf_counter() at process start when run as ``roster``; None when imported (tests, app)."""
    return _STARTED


def main() -> None:
    global _STARTED
    _STARTED = time.perf_counter()
    from scheduler.cli import app

    app()
