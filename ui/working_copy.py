"""Each browser tab's working copy on disk, so a reload or a lost session never loses an edit.

Streamlit keeps a tab's state in server memory: reloading the page, a laptop waking up after
the server dropped its session, or a server restart used to start again from the team folder,
silently throwing away every edit. The app therefore writes the problem being edited (and any
rejected, still-typed tables with their messages) to ``<folder>/<token>.json`` after every
change, and the tab's address carries the token (``?copy=<token>``): opening that address
again, in the same tab or a new one, continues where the manager left off.

Tokens are 128-bit random, so one tab cannot guess another's address; the files hold team data
and are written owner-only (0600). The folder is ``$ROSTER_WORK_DIR`` or ``working_copies/``
in the directory the app was started from; copies untouched for ``KEEP_DAYS`` are removed.
No Streamlit here: ``ui.state`` decides when to save and restore.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

from scheduler.atomic import write_text_atomic
from scheduler.domain import Problem

__all__ = ["PARAM", "WORK_DIR_ENV", "KEEP_DAYS", "WorkingCopy", "new_token", "valid_token",
           "folder", "save", "load"]

PARAM = "copy"
WORK_DIR_ENV = "ROSTER_WORK_DIR"
KEEP_DAYS = 30
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22,64}")


@dataclass
class WorkingCopy:
    """What a tab is editing: the valid problem, where it came from, and rejected edits."""

    problem: Problem
    source: str
    drafts: dict[str, Any] = field(default_factory=dict)  # table frames or field values
    errors: dict[str, str] = field(default_factory=dict)  # section -> message
    saved_at: dt.datetime | None = None


def new_token() -> str:
    return secrets.token_urlsafe(16)


def valid_token(token: str | None) -> bool:
    """Only tokens we could have made name a file (no paths, no guessable short names)."""
    return bool(token) and _TOKEN.fullmatch(str(token)) is not None


def folder() -> Path:
    return Path(os.environ.get(WORK_DIR_ENV) or "working_copies")


def _path(token: str) -> Path:
    if not valid_token(token):
        raise ValueError(f"not a working-copy token: {token!r}")
    return folder() / f"{token}.json"


def _encode(value: Any) -> Any:
    """Drafts as JSON: tables keep index and columns, times and tuples keep their type."""
    if isinstance(value, pd.DataFrame):
        split = value.astype(object).where(value.notna(), None).to_dict(orient="split")
        return {"__table__": split}
    if isinstance(value, dt.time):
        return {"__time__": value.isoformat()}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v) for v in value]}
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "__table__" in value:
            split = value["__table__"]
            return pd.DataFrame(split["data"], index=split["index"], columns=split["columns"],
                                dtype=object)
        if "__time__" in value:
            return dt.time.fromisoformat(value["__time__"])
        if "__tuple__" in value:
            return tuple(_decode(v) for v in value["__tuple__"])
        return {k: _decode(v) for k, v in value.items()}
    return value


def save(token: str, copy: WorkingCopy) -> None:
    """Write the copy atomically (a reader never sees half a file), owner-only."""
    payload = {
        "saved_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        "source": copy.source,
        "problem": copy.problem.model_dump_json(),
        "drafts": _encode(copy.drafts),
        "errors": copy.errors,
    }
    path = _path(token)
    fresh = not path.exists()
    write_text_atomic(path, json.dumps(payload, ensure_ascii=False), private=True)
    if fresh:
        _forget_old(path.parent)


def load(token: str | None) -> WorkingCopy | None:
    """The copy saved under ``token``, or None if there is none (or it cannot be read)."""
    if not valid_token(token):
        return None
    try:
        payload = json.loads(_path(str(token)).read_text(encoding="utf-8"))
        return WorkingCopy(
            problem=Problem.model_validate_json(payload["problem"]),
            source=str(payload.get("source", "")),
            drafts=_decode(payload.get("drafts") or {}),
            errors={str(k): str(v) for k, v in (payload.get("errors") or {}).items()},
            saved_at=dt.datetime.fromisoformat(payload["saved_at"]),
        )
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        return None


def _forget_old(where: Path) -> None:
    """Remove copies nobody has touched for ``KEEP_DAYS`` (run when a new copy starts)."""
    limit = time.time() - KEEP_DAYS * 86_400
    for old in where.glob("*.json"):
        try:
            if old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            continue
