"""A staged folder appears complete or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scheduler.staging import copy_files, staged_folder


def test_a_failure_leaves_no_folder_not_even_its_parents(tmp_path: Path):
    dest = tmp_path / "a" / "b" / "team"
    with pytest.raises(RuntimeError), staged_folder(dest) as staged:
        (staged / "demand.csv").write_text("half")
        raise RuntimeError("bad history")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_leaves_an_existing_folder_as_it_was(tmp_path: Path):
    dest = tmp_path / "team"
    dest.mkdir()
    (dest / "demand.csv").write_text("old")
    with pytest.raises(KeyboardInterrupt), staged_folder(dest, replace=True) as staged:
        (staged / "demand.csv").write_text("new")
        raise KeyboardInterrupt
    assert [p.name for p in tmp_path.iterdir()] == ["team"]
    assert (dest / "demand.csv").read_text() == "old"


def test_replace_makes_the_folder_exactly_the_staged_one(tmp_path: Path):
    dest = tmp_path / "out" / "team"
    dest.mkdir(parents=True)
    (dest / "pinned.csv").write_text("stale pins from last time")
    with staged_folder(dest, replace=True) as staged:
        (staged / "team.toml").write_text("new")
    assert [p.name for p in dest.iterdir()] == ["team.toml"]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["team"]  # no scratch left


def test_merge_keeps_other_files_of_a_folder_the_manager_chose(tmp_path: Path):
    dest = tmp_path / "mine"
    dest.mkdir()
    (dest / "notes.txt").write_text("keep")
    (dest / "demand.csv").write_text("old")
    with staged_folder(dest) as staged:
        (staged / "demand.csv").write_text("new")
    assert (dest / "notes.txt").read_text() == "keep"
    assert (dest / "demand.csv").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_copy_files_takes_the_files_not_the_folders_and_honours_the_umask(tmp_path: Path):
    src = tmp_path / "team"
    (src / "out" / "team").mkdir(parents=True)
    (src / "team.toml").write_text("x")
    (src / "agents.csv").write_text("y")
    os.chmod(src / "agents.csv", 0o600)
    dest = tmp_path / "copy"
    dest.mkdir()
    old = os.umask(0o027)
    try:
        copied = copy_files(src, dest)
    finally:
        os.umask(old)
    assert sorted(p.name for p in copied) == ["agents.csv", "team.toml"]
    assert sorted(p.name for p in dest.iterdir()) == ["agents.csv", "team.toml"]
    assert stat.S_IMODE((dest / "agents.csv").stat().st_mode) == 0o640
