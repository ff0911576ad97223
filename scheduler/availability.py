"""When can each agent work? Local wall-clock rules, checked minute by minute in exact time.

The definition is in ``scheduler/definitions.py`` ("Availability"): every instant of a shift
must be allowed. ``allowed_minutes`` is that rule for arrays of agent-local minutes; the solver
keeps a UTC slot only when all of its minutes are allowed (``availability_masks``), and the
validator applies the same rule to every minute of a finished shift after its own conversion of
UTC to local time. So no zone offset (+05:30, +05:45, +12:45) or slot size can put a shift
partly outside a window. The grid extends past the week end so a Sunday-night shift may run into
Monday.
"""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import numpy as np

from scheduler.domain import Agent, AvailabilityWindow, Problem, Rules
from scheduler.timegrid import WeekGrid, to_utc

__all__ = ["horizon_slots", "availability_masks", "allowed_minutes", "local_clock",
           "in_window", "in_daily_window", "MINUTES_PER_DAY"]

MINUTES_PER_DAY = 24 * 60
#: A Monday: naive local minutes are counted from here, so weekday = (minutes // day) % 7.
_EPOCH = dt.datetime(1970, 1, 5)
#: UTC offsets are sampled on this grid; a block whose two ends disagree (a DST change inside
#: it) is resolved minute by minute, so the clock is exact for any transition instant.
_SAMPLE_MINUTES = 15


def horizon_slots(grid: WeekGrid, rules: Rules) -> int:
    """Slots the model looks at: the week plus the longest shift that may start at its end."""
    return grid.n_slots + math.ceil(rules.max_shift_hours * 60 / grid.slot_minutes)


def _minute_of_day(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def in_daily_window(t: dt.time, start: dt.time, end: dt.time) -> bool:
    """Is time-of-day ``t`` in [start, end), where end <= start wraps past midnight?"""
    if start == end:
        return True
    if start < end:
        return start <= t < end
    return t >= start or t < end


def in_window(local: dt.datetime, window: AvailabilityWindow) -> bool:
    """Is the naive local instant inside an occurrence of the weekly window?"""
    weekday = np.array([local.weekday()])
    minute = np.array([local.hour * 60 + local.minute])
    return bool(_in_weekly_window(weekday, minute, window)[0])


def _in_daily(minute: np.ndarray, start: dt.time, end: dt.time) -> np.ndarray:
    lo, hi = _minute_of_day(start), _minute_of_day(end)
    if lo == hi:
        return np.ones(minute.shape, dtype=bool)
    if lo < hi:
        return (minute >= lo) & (minute < hi)
    return (minute >= lo) | (minute < hi)


def _in_weekly_window(weekday: np.ndarray, minute: np.ndarray,
                      window: AvailabilityWindow) -> np.ndarray:
    days = np.array(sorted(window.weekdays))
    lo, hi = _minute_of_day(window.start), _minute_of_day(window.end)
    if lo < hi or lo == hi:  # same-day window, or the whole day
        return np.isin(weekday, days) & _in_daily(minute, window.start, window.end)
    # Wrapping window: the evening part belongs to the start day, the morning part to the day
    # after it.
    return ((minute >= lo) & np.isin(weekday, days)) | \
        ((minute < hi) & np.isin((weekday - 1) % 7, days))


def allowed_minutes(agent: Agent, rules: Rules, weekday: np.ndarray,
                    minute: np.ndarray) -> np.ndarray:
    """Per agent-local minute (weekday 0=Mon, minute of the day): may the agent work it?

    Windows, the no-work night window and fixed days off; leave is an exact interval overlap
    handled by the callers.
    """
    ok = ~np.isin(weekday, np.array(sorted(agent.days_off), dtype=np.int64))
    if not agent.night_willing and rules.no_work_start != rules.no_work_end:
        ok &= ~_in_daily(minute, rules.no_work_start, rules.no_work_end)
    if agent.availability:
        inside = np.zeros(minute.shape, dtype=bool)
        for window in agent.availability:
            inside |= _in_weekly_window(weekday, minute, window)
        ok &= inside
    return ok


def _offset_minutes(instant: dt.datetime, zone: ZoneInfo) -> int:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return int(offset.total_seconds() // 60)


def local_clock(zone: ZoneInfo, start_utc: dt.datetime, n_minutes: int
                ) -> tuple[np.ndarray, np.ndarray]:
    """(weekday, minute of day) in ``zone`` of each of the ``n_minutes`` UTC minutes from
    ``start_utc`` — exact across DST changes at any instant."""
    step = _SAMPLE_MINUTES
    n_points = n_minutes // step + 2
    offsets = np.array([_offset_minutes(start_utc + dt.timedelta(minutes=step * k), zone)
                        for k in range(n_points)], dtype=np.int64)
    per_minute = np.repeat(offsets[:-1], step)[:n_minutes]
    for block in np.flatnonzero(offsets[:-1] != offsets[1:]):
        for m in range(block * step, min((block + 1) * step, n_minutes)):
            per_minute[m] = _offset_minutes(start_utc + dt.timedelta(minutes=m), zone)
    base = (start_utc.astimezone(dt.timezone.utc).replace(tzinfo=None) - _EPOCH) \
        // dt.timedelta(minutes=1)
    local = base + np.arange(n_minutes, dtype=np.int64) + per_minute
    return (local // MINUTES_PER_DAY) % 7, local % MINUTES_PER_DAY


def availability_masks(problem: Problem, grid: WeekGrid) -> dict[str, np.ndarray]:
    """agent id -> bool array over ``horizon_slots`` slots: may this agent work all of the slot?"""
    horizon = horizon_slots(grid, problem.rules)
    size = grid.slot_minutes
    clocks: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    masks: dict[str, np.ndarray] = {}
    cache: dict[tuple, np.ndarray] = {}
    for agent in problem.agents:
        if agent.timezone not in clocks:
            clocks[agent.timezone] = local_clock(agent.zone, grid.start_utc, horizon * size)
        key = (agent.timezone, agent.availability, agent.night_willing, agent.days_off)
        if key not in cache:
            weekday, minute = clocks[agent.timezone]
            ok = allowed_minutes(agent, problem.rules, weekday, minute)
            cache[key] = ok.reshape(horizon, size).all(axis=1)
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
