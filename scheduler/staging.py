"""Folders that appear whole or not at all: build in a scratch folder, move into place at the end.

`roster solve --history` and `roster forecast --out` copy a team folder and add forecast files
to it before anything is solved. A bad history file, a bad cell in the copied team or Ctrl-C
half-way must leave the output folder as it was (not even created), so the work happens in a
hidden scratch folder beside it, on the same disk, and only a finished folder is moved in.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scheduler.atomic import write_bytes_atomic

__all__ = ["staged_folder", "copy_files"]


def _existing_ancestor(path: Path) -> Path:
    path = path.absolute()
    while not path.exists():
        path = path.parent
    return path


@contextmanager
def staged_folder(dest: str | Path, *, replace: bool = False) -> Iterator[Path]:
    """Yield a scratch folder; if the block succeeds its files go to ``dest``.

    ``replace=True``: ``dest`` becomes exactly the scratch folder (a folder this program owns,
    such as OUT/team, where a file left from last time would change the result).
    ``replace=False``: the files are moved into ``dest``, other files there stay (a folder the
    manager chose). On any failure the scratch folder is removed and ``dest`` is untouched.
    """
    dest = Path(dest)
    parent = _existing_ancestor(dest.parent)  # same disk as dest: the moves are renames
    scratch = Path(tempfile.mkdtemp(prefix=".roster-staging-", dir=parent))
    try:
        new = scratch / "new"
        new.mkdir()
        yield new
        dest.parent.mkdir(parents=True, exist_ok=True)
        if replace:
            if dest.exists():
                dest.rename(scratch / "old")
            new.rename(dest)
        else:
            dest.mkdir(exist_ok=True)
            for item in new.iterdir():
                os.replace(item, dest / item.name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def copy_files(src: str | Path, dest: str | Path) -> list[Path]:
    """Copy the files directly in ``src`` (no sub-folders: an output folder kept inside a team
    folder is not part of the team) to ``dest``, with the umask's permissions."""
    copied = []
    for item in sorted(Path(src).iterdir()):
        if item.is_file():
            write_bytes_atomic(Path(dest) / item.name, item.read_bytes())
            copied.append(Path(dest) / item.name)
    return copied
