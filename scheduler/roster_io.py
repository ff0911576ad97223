"""The roster table: one row per shift, UTC plus the agent's and the planning zone's wall clock.

The UTC columns are the source of truth when a roster is read back (``roster validate``, last
week's roster, pinned shifts); the local columns are for people and are recomputed on writing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from scheduler.atomic import write_text_atomic
from scheduler.domain import Problem, Role, Shift
from scheduler.errors import InputError

__all__ = ["ROSTER_COLUMNS", "roster_rows", "roster_csv", "write_shifts_csv", "read_shifts_csv"]

ROSTER_COLUMNS = (
    "agent_id", "agent_name", "role", "languages", "start_utc", "end_utc", "hours",
    "timezone", "start_local", "end_local", "start_planning", "end_planning",
)


def _iso(instant: dt.datetime, zone: ZoneInfo | dt.timezone) -> str:
    return instant.astimezone(zone).isoformat(timespec="minutes")


def roster_rows(shifts: list[Shift], problem: Problem) -> list[dict[str, Any]]:
    """Rows sorted by start then agent; local times carry their UTC offset (DST-proof)."""
    planning = ZoneInfo(problem.settings.timezone)
    agents = {a.id: a for a in problem.agents}
    rows = []
    for s in sorted(shifts, key=lambda s: (s.start, s.agent_id, s.role.value)):
        agent = agents.get(s.agent_id)
        zone = agent.zone if agent else dt.timezone.utc
        langs = (agent.primary_languages if s.role is Role.PRIMARY else agent.languages) if agent else ()
        rows.append({
            "agent_id": s.agent_id,
            "agent_name": agent.name if agent else "",
            "role": s.role.value,
            "languages": " ".join(langs),
            "start_utc": _iso(s.start, dt.timezone.utc),
            "end_utc": _iso(s.end, dt.timezone.utc),
            "hours": f"{s.hours:g}",
            "timezone": agent.timezone if agent else "UTC",
            "start_local": _iso(s.start, zone),
            "end_local": _iso(s.end, zone),
            "start_planning": _iso(s.start, planning),
            "end_planning": _iso(s.end, planning),
        })
    return rows


def roster_csv(shifts: list[Shift], problem: Problem) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ROSTER_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(roster_rows(shifts, problem))
    return buf.getvalue()


def write_shifts_csv(path: str | Path, shifts: list[Shift], problem: Problem) -> None:
    write_text_atomic(path, roster_csv(shifts, problem))


def _instant(text: str, path: Path, row: int, field: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"'{text}' is not an ISO date-time", file=path, row=row, field=field) from exc
    if value.tzinfo is None:
        raise InputError(f"'{text}' has no UTC offset (write e.g. 2026-11-23T01:00+00:00)",
                         file=path, row=row, field=field)
    return value


def read_shifts_csv(path: str | Path, known_agents: set[str] | None = None) -> list[Shift]:
    """Read a roster CSV (only agent_id, role, start_utc, end_utc are needed)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError("file not found", file=path) from exc
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in ("agent_id", "start_utc", "end_utc") if c not in header]
    if missing:
        raise InputError(f"missing column(s): {', '.join(missing)}", file=path, row=1)
    shifts = []
    for number, cells in enumerate(reader, start=2):
        agent_id = (cells.get("agent_id") or "").strip()
        if not agent_id:
            continue
        if known_agents is not None and agent_id not in known_agents:
            raise InputError(f"unknown agent '{agent_id}'", file=path, row=number, field="agent_id")
        role_text = (cells.get("role") or "primary").strip().lower()
        try:
            role = Role(role_text)
        except ValueError as exc:
            raise InputError(f"role '{role_text}' is not primary or backup", file=path, row=number,
                             field="role") from exc
        start = _instant(cells["start_utc"].strip(), path, number, "start_utc")
        end = _instant(cells["end_utc"].strip(), path, number, "end_utc")
        try:
            shifts.append(Shift(agent_id=agent_id, role=role, start=start, end=end))
        except ValidationError as exc:
            raise InputError(exc.errors()[0]["msg"].removeprefix("Value error, "), file=path,
                             row=number, field="end_utc") from exc
    return shifts
