"""Contract arithmetic shared by the solver and the validator (a definition, not a solution).

A shift counts toward the week it *starts* in. The contract minimum is pro-rated by approved
leave and rounded down to whole shortest shifts: a 32 h (8 h shifts) agent on leave for 2 of
the week's 7 days owes 32 x 5/7 = 22.9 -> 16 h, so a manager can put someone on leave without
making the week infeasible (a leave that ends a few hours into the planning week in another
zone leaves nothing owed).
"""

from __future__ import annotations

import datetime as dt
import math

from scheduler.domain import Agent, Problem
from scheduler.timegrid import WeekGrid, to_utc

__all__ = ["leave_hours_in_week", "effective_min_hours"]


def leave_hours_in_week(agent: Agent, problem: Problem, grid: WeekGrid) -> float:
    """Hours of the planning week covered by the agent's leave (overlaps counted once)."""
    spans = sorted(
        (max(to_utc(t.start, agent.zone), grid.start_utc), min(to_utc(t.end, agent.zone), grid.end_utc))
        for t in problem.time_off if t.agent_id == agent.id
    )
    total, reach = dt.timedelta(), grid.start_utc
    for start, end in spans:
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total.total_seconds() / 3600


def effective_min_hours(agent: Agent, problem: Problem, grid: WeekGrid) -> float:
    leave = leave_hours_in_week(agent, problem, grid)
    if leave <= 0:
        return agent.min_hours
    week_hours = (grid.end_utc - grid.start_utc).total_seconds() / 3600
    owed = agent.min_hours * max(0.0, 1 - leave / week_hours)
    unit = min(agent.shift_lengths)
    return math.floor(owed / unit + 1e-9) * unit
