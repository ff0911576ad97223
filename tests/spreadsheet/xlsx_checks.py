"""Helpers for the workbook tests: a DST week with agents in four zones, and cell access.

Imported by module name (no conftest.py here: other modules do ``from conftest import ...``).

The week of Mon 26 Oct 2026 is planned in Madrid (no change that week: Madrid fell back on the
25th). Los Angeles falls back inside it, on Sun 1 Nov 02:00 PDT -> 01:00 PST (09:00 UTC), so
01:00-01:59 happens twice there; Kolkata is +05:30 all week.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from scheduler.domain import Agent, Problem, Role, Shift, TeamSettings

UTC = dt.timezone.utc
WEEK = dt.date(2026, 10, 26)
PLANNING = "Europe/Madrid"


def dst_team(**settings) -> Problem:
    agents = (
        Agent(id="mad", name="Lucía García", timezone="Europe/Madrid",
              primary_languages=("es", "en")),
        Agent(id="lax", name="Maria Lopez", timezone="America/Los_Angeles",
              primary_languages=("en",), backup_languages=("es",)),
        Agent(id="sfo", name="John Smith", timezone="America/Los_Angeles",
              primary_languages=("en",)),
        Agent(id="kol", name="Priya Nair", timezone="Asia/Kolkata", primary_languages=("en",)),
        Agent(id="sha", name="Li Na", timezone="Asia/Shanghai", primary_languages=("en", "es")),
    )
    team = TeamSettings(name="DST desk", week_start=WEEK, timezone=PLANNING, slot_minutes=30,
                        **settings)
    return Problem(settings=team, agents=agents)


def at(zone: str, text: str, fold: int = 0) -> dt.datetime:
    """'2026-10-27 09:00' on the wall clock of ``zone`` as a UTC instant."""
    wall = dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone), fold=fold)
    return wall.astimezone(UTC)


def shift(agent: str, start: dt.datetime, hours: float, role: Role = Role.PRIMARY) -> Shift:
    return Shift(agent_id=agent, role=role, start=start, end=start + dt.timedelta(hours=hours))


LA = "America/Los_Angeles"

#: (day-cell line, shift, planning-zone date it is listed under)
DST_SHIFTS = [
    # Madrid Tuesday: agent-local = planning-zone time
    ("09:00–17:00", shift("mad", at(PLANNING, "2026-10-27 09:00"), 8), dt.date(2026, 10, 27)),
    # +05:30: 09:00 in Kolkata is 04:30 in Madrid, the same Tuesday
    ("09:00–17:00", shift("kol", at("Asia/Kolkata", "2026-10-27 09:00"), 8),
     dt.date(2026, 10, 27)),
    # Shanghai Wednesday 01:00 is still Tuesday 18:00 in Madrid: the agent's weekday is shown
    ("Wed 01:00–09:00", shift("sha", at("Asia/Shanghai", "2026-10-28 01:00"), 8),
     dt.date(2026, 10, 27)),
    # 8 real hours across the fall-back night: 22:00 PDT to 05:00 PST on the wall clock
    ("Sat 22:00–05:00", shift("lax", at(LA, "2026-10-31 22:00"), 8), dt.date(2026, 11, 1)),
    # ends in the first pass of the repeated hour ...
    ("Sat 17:30–01:30 (PDT)", shift("sfo", at(LA, "2026-10-31 17:30"), 8), dt.date(2026, 11, 1)),
    # ... and starts in its second pass, on call
    ("01:30 (PST)–09:30 on-call", shift("sfo", at(LA, "2026-11-01 01:30", fold=1), 8,
                                         Role.BACKUP), dt.date(2026, 11, 1)),
]


def dst_shifts() -> list[Shift]:
    return [s for _, s, _ in DST_SHIFTS]


def workbook(path: Path, data_only: bool = False):
    return load_workbook(path, data_only=data_only)


def roster_cell(path: Path, agent_id: str, day: dt.date):
    """The Roster sheet cell of an agent on a planning-zone date (found by header and ID)."""
    ws = workbook(path)["Roster"]
    column = next(c.column for c in ws[5] if isinstance(c.value, dt.datetime)
                  and c.value.date() == day)
    row = next(r for r in range(6, ws.max_row + 1) if ws.cell(row=r, column=2).value == agent_id)
    return ws.cell(row=row, column=column)


def edit_cell(path: Path, agent_id: str, day: dt.date, text: str | None) -> str:
    """Type ``text`` into an agent's day cell as a manager would; returns the cell's address."""
    wb = workbook(path)
    ws = wb["Roster"]
    target = roster_cell(path, agent_id, day)
    ws.cell(row=target.row, column=target.column).value = text  # None empties the cell
    wb.save(path)
    return target.coordinate
