"""Command-line arguments checked before any work starts.

A bad argument must stop the command at once with exit 2 and nothing written: not after a
minute of solving (an unwritable --out), and not after half a folder was copied (--history).
Each check raises an InputError whose ``field`` is the argument as the manager typed it.
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

from scheduler.errors import InputError
from scheduler.i18n import _

__all__ = ["check_positive", "check_range", "check_folder", "check_input_file", "check_out_dir"]


def check_positive(value: float | None, name: str) -> None:
    """None means 'use the default'; otherwise a finite number above zero."""
    if value is not None and not (math.isfinite(value) and value > 0):
        raise InputError(_("must be a number above 0, not {value}").format(value=f"{value:g}"),
                         field=name)


def check_range(value: float | None, name: str, low: float, high: float) -> None:
    if value is not None and not low <= value <= high:
        raise InputError(_("must be between {low} and {high}, not {value}").format(
            low=f"{low:g}", high=f"{high:g}", value=f"{value:g}"), field=name)


def check_folder(path: Path, name: str = "TEAM_DIR") -> None:
    if not path.exists():
        raise InputError(_("folder not found: {path}").format(path=path), field=name)
    if not path.is_dir():
        raise InputError(_("{path} is a file, not a folder").format(path=path), field=name)


def check_input_file(path: Path | None, name: str) -> None:
    if path is None:
        return
    if not path.exists():
        raise InputError(_("file not found: {path}").format(path=path), field=name)
    if not path.is_file():
        raise InputError(_("{path} is a folder; give a file").format(path=path), field=name)


def check_out_dir(path: Path | None, name: str = "--out") -> None:
    """The output folder exists or can be created, and files can be written there.

    Probes with a real temporary file (removed at once) because permission bits alone do not
    tell: root ignores them, and read-only mounts pass ``os.access``.
    """
    if path is None:
        return
    if path.exists() and not path.is_dir():
        raise InputError(_("{path} is an existing file; give a folder for the output").format(
            path=path), field=name)
    existing = path
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(_("cannot create the folder {path}: {existing} is a file").format(
            path=path, existing=existing), field=name)
    if not (os.access(existing, os.W_OK | os.X_OK) and _can_write_in(existing)):
        raise InputError(_("cannot write to {folder} (no permission or a read-only disk)").format(
            folder=existing), field=name)


def _can_write_in(folder: Path) -> bool:
    try:
        fd, probe = tempfile.mkstemp(prefix=".roster-write-test-", dir=folder)
    except OSError:
        return False
    try:
        os.write(fd, b"ok")
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
        os.unlink(probe)
