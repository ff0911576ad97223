"""Atomic writes: readers see the old file or the new one, and the new one has normal modes."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from scheduler import atomic
from scheduler.atomic import atomic_write, current_umask, write_bytes_atomic, write_text_atomic


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_written_files_respect_the_umask(tmp_path: Path, umask_022: None):
    write_text_atomic(tmp_path / "roster.csv", "a,b\n")
    write_bytes_atomic(tmp_path / "calendars.zip", b"PK")
    assert mode(tmp_path / "roster.csv") == 0o644
    assert mode(tmp_path / "calendars.zip") == 0o644


def test_a_stricter_umask_gives_stricter_files(tmp_path: Path):
    old = os.umask(0o077)
    try:
        assert current_umask() == 0o077
        write_text_atomic(tmp_path / "roster.csv", "x")
    finally:
        os.umask(old)
    assert mode(tmp_path / "roster.csv") == 0o600


def test_umask_fallback_without_proc(tmp_path: Path, monkeypatch, umask_022: None):
    monkeypatch.setattr(atomic, "_PROC_STATUS", tmp_path / "no-proc-here")
    assert current_umask() == 0o022
    assert os.umask(0o022) == 0o022  # the fallback restored it


def test_crash_mid_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path):
    path = tmp_path / "roster.csv"
    path.write_text("last week's roster\n")
    with pytest.raises(RuntimeError):
        with atomic_write(path) as handle:
            handle.write("half of this week")
            raise RuntimeError("disk full")
    assert path.read_text() == "last week's roster\n"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.csv"]


def test_failed_rename_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch):
    path = tmp_path / "roster.csv"
    path.write_text("old\n")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("rename failed")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError, match="rename failed"):
        write_text_atomic(path, "new\n")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.csv"]


def test_success_replaces_the_file(tmp_path: Path):
    path = tmp_path / "sub" / "roster.csv"
    write_text_atomic(path, "v1")
    write_text_atomic(path, "v2")
    assert path.read_text() == "v2"
    assert [p.name for p in path.parent.iterdir()] == ["roster.csv"]


def test_private_files_stay_owner_only_whatever_the_umask(tmp_path: Path, umask_022: None):
    write_text_atomic(tmp_path / "feed_tokens.json", "{}", private=True)
    assert mode(tmp_path / "feed_tokens.json") == 0o600
