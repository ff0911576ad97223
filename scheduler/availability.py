"""When can each agent work? Local wall-clock rules mapped onto the UTC slot grid once.

An agent may work a slot when its local start falls inside one of their weekly windows, not in
the team's no-work night window (unless night-willing), not on a weekday they never work, and not
during time off. The grid extends past the week end so a Sunday-night shift may run into Monday.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from scheduler.domain import Agent, AvailabilityWindow, Problem, Rules
from scheduler.timegrid import WeekGrid, to_utc

__all__ = ["horizon_slots", "availability_masks", "in_window", "in_daily_window"]


def horizon_slots(grid: WeekGrid, rules: Rules) -> int:
    """Slots the model looks at: the week plus the longest shift that may start at its end."""
    return grid.n_slots + math.ceil(rules.max_shift_hours * 60 / grid.slot_minutes)


def in_daily_window(t: dt.time, start: dt.time, end: dt.time) -> bool:
    """Is time-of-day ``t`` in [start, end), where end <= start wraps past midnight?"""
    if start == end:
        return True
    if start < end:
        return start <= t < end
    return t >= start or t < end


def in_window(local: dt.datetime, window: AvailabilityWindow) -> bool:
    """Is the naive local instant inside an occurrence of the weekly window?"""
    t = local.time()
    if window.start < window.end or window.start == window.end:
        return local.weekday() in window.weekdays and in_daily_window(t, window.start, window.end)
    # Wrapping window: the evening part belongs to the start day, the morning part to the day before.
    if t >= window.start:
        return local.weekday() in window.weekdays
    if t < window.end:
        return (local.weekday() - 1) % 7 in window.weekdays
    return False


def _agent_mask(agent: Agent, rules: Rules, locals_: list[dt.datetime]) -> np.ndarray:
    mask = np.ones(len(locals_), dtype=bool)
    for i, local in enumerate(locals_):
        if local.weekday() in agent.days_off:
            mask[i] = False
        elif not agent.night_willing and in_daily_window(local.time(), rules.night_start, rules.night_end) \
                and rules.night_start != rules.night_end:
            mask[i] = False
        elif agent.availability and not any(in_window(local, w) for w in agent.availability):
            mask[i] = False
    return mask


def availability_masks(problem: Problem, grid: WeekGrid) -> dict[str, np.ndarray]:
    """agent id -> bool array over ``horizon_slots`` slots: may this agent work the slot?"""
    horizon = horizon_slots(grid, problem.rules)
    locals_by_zone: dict[str, list[dt.datetime]] = {}
    masks: dict[str, np.ndarray] = {}
    cache: dict[tuple, np.ndarray] = {}
    for agent in problem.agents:
        if agent.timezone not in locals_by_zone:
            locals_by_zone[agent.timezone] = grid.local_starts(agent.zone, 0, horizon)
        key = (agent.timezone, agent.availability, agent.night_willing, agent.days_off)
        if key not in cache:
            cache[key] = _agent_mask(agent, problem.rules, locals_by_zone[agent.timezone])
        masks[agent.id] = cache[key].copy()
    for leave in problem.time_off:
        agent = problem.agent(leave.agent_id)
        start = to_utc(leave.start, agent.zone)
        end = to_utc(leave.end, agent.zone)
        first = max(grid.slot_of(start), 0)
        stop = min(grid.slot_of(end - dt.timedelta(microseconds=1)) + 1, horizon)
        if first < stop:
            masks[agent.id][first:stop] = False
    return masks
