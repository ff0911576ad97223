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
from scheduler.errors import InputError, plain_reason
from scheduler.textformats import read_table

__all__ = ["ROSTER_COLUMNS", "roster_rows", "roster_csv", "write_shifts_csv", "read_shifts_csv",
           "read_shift_rows"]

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
    """An aware instant in UTC; absurd years (0001 with an offset) are input errors too."""
    try:
        value = dt.datetime.fromisoformat(text)
        if value.tzinfo is None:
            raise InputError(f"'{text}' has no UTC offset (write e.g. 2026-11-23T01:00+00:00)",
                             file=path, row=row, field=field)
        return value.astimezone(dt.timezone.utc)
    except (ValueError, OverflowError) as exc:
        raise InputError(f"'{text}' is not a date and time like 2026-11-23T01:00+00:00",
                         file=path, row=row, field=field) from exc


def read_shift_rows(path: str | Path, known_agents: set[str] | None = None
                    ) -> list[tuple[int, Shift]]:
    """(spreadsheet row, shift) of a roster CSV; only agent_id, role, start_utc and end_utc are
    read, the other columns are for people and may be missing or extra."""
    path = Path(path)
    rows = []
    for number, cells in read_table(path, ("agent_id", "start_utc", "end_utc"),
                                    allow_extra=True):
        agent_id = cells["agent_id"]
        if not agent_id:
            raise InputError("value is required", file=path, row=number, field="agent_id")
        if known_agents is not None and agent_id not in known_agents:
            raise InputError(f"unknown agent '{agent_id}'", file=path, row=number, field="agent_id")
        role_text = (cells.get("role") or "primary").lower()
        try:
            role = Role(role_text)
        except ValueError as exc:
            raise InputError(f"role '{role_text}' is not primary or backup", file=path, row=number,
                             field="role") from exc
        start = _instant(cells["start_utc"], path, number, "start_utc")
        end = _instant(cells["end_utc"], path, number, "end_utc")
        try:
            rows.append((number, Shift(agent_id=agent_id, role=role, start=start, end=end)))
        except ValidationError as exc:
            raise InputError(plain_reason(exc.errors()[0]), file=path, row=number,
                             field="end_utc") from exc
    return rows


def read_shifts_csv(path: str | Path, known_agents: set[str] | None = None) -> list[Shift]:
    """Read a roster CSV (``roster validate``, last week's roster, pinned shifts)."""
    return [shift for _, shift in read_shift_rows(path, known_agents)]
