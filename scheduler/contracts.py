"""Contract arithmetic shared by the solver and the validator (a definition, not a solution).

A shift counts toward the week it *starts* in. The contract minimum is pro-rated by approved
leave: an agent on leave for 2 of the week's 7 days owes 5/7 of their minimum hours, so a
manager can put someone on leave without making the week infeasible.
"""

from __future__ import annotations

import datetime as dt

from scheduler.domain import Agent, Problem
from scheduler.timegrid import WeekGrid, to_utc

__all__ = ["leave_hours_in_week", "effective_min_hours"]


def leave_hours_in_week(agent: Agent, problem: Problem, grid: WeekGrid) -> float:
    total = dt.timedelta()
    for leave in problem.time_off:
        if leave.agent_id != agent.id:
            continue
        start = max(to_utc(leave.start, agent.zone), grid.start_utc)
        end = min(to_utc(leave.end, agent.zone), grid.end_utc)
        if end > start:
            total += end - start
    return total.total_seconds() / 3600


def effective_min_hours(agent: Agent, problem: Problem, grid: WeekGrid) -> float:
    week_hours = (grid.end_utc - grid.start_utc).total_seconds() / 3600
    share = max(0.0, 1 - leave_hours_in_week(agent, problem, grid) / week_hours)
    return agent.min_hours * share
