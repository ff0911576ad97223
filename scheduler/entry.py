"""The ``roster`` executable: notes when the process started, before the heavy imports.

``roster solve --time-limit S`` promises the whole command ends within S; pandas, OR-Tools and
friends take a second or more to import on a busy laptop, and that second counts too.

``--lang zh|en`` is read here too, before ``scheduler.cli`` is imported: the help texts of its
options are translated at import (the option itself is checked and applied by the CLI).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

__all__ = ["main", "started", "language_argument"]

_STARTED: float | None = None


def started() -> float | None:
    """perf_counter() at process start when run as ``roster``; None when imported (tests, app)."""
    return _STARTED


def language_argument(argv: Sequence[str]) -> str | None:
    """The value of ``--lang X`` / ``--lang=X`` before the first ``--``, or None."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main() -> None:
    global _STARTED
    _STARTED = time.perf_counter()
    import sys

    from scheduler import i18n

    chosen = language_argument(sys.argv[1:])
    if i18n.normalize(chosen):
        i18n.set_language(chosen)
    from scheduler.cli import app

    app()
