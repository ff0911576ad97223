"""Per-agent hard rules: rest between shifts, contract hours and shift counts, days off, pins.

The 8-hour cap and the minimum length are enforced where candidates are made
(``candidates.allowed_lengths``): a longer shift is never a variable.
"""

from __future__ import annotations

import math

import numpy as np
from ortools.sat.python import cp_model

from scheduler.contracts import effective_min_hours
from scheduler.domain import Agent
from scheduler.formats import day_time
from scheduler.i18n import _
from solver.candidates import DAY0_OFFSET
from solver.model import RosterModel

_sum = cp_model.LinearExpr.sum  # far faster than Python's sum() on thousands of terms

__all__ = ["add_all", "rest_and_no_overlap", "weekly_hours_and_shift_count", "days_off_and_streaks",
           "pinned_shifts", "previous_work_days"]


def _enforce(ct: cp_model.Constraint, lit: cp_model.IntVar | None) -> None:
    if lit is not None:
        ct.only_enforce_if(lit)


def rest_and_no_overlap(rm: RosterModel, a: int, agent: Agent, idx: np.ndarray) -> None:
    """Min rest (11 h) between two shifts of one agent; no overlap, no primary+backup at once.

    Shift c "occupies" [start, end + rest); two shifts clash exactly when their occupied
    intervals meet, so the rule is "at most one occupied interval at any time". It is written as
    a running count (occupancy after each event = before + shifts starting - intervals ending),
    which the LP sees exactly like the clique constraints but with 2 entries per shift instead
    of one per start time it overlaps: the model stays small at 200 agents.
    """
    if len(idx) < 2:
        return
    rest = math.ceil(rm.problem.rules.min_rest_hours * 60 / rm.grid.slot_minutes)
    starts = rm.candidates.start[idx]
    occupied_end = rm.candidates.end[idx] + rest
    lit = rm.guard("min rest", _("{agent} needs {hours} h rest between shifts").format(
        agent=f"{agent.name} ({agent.id})", hours=f"{rm.problem.rules.min_rest_hours:g}"),
        (agent.id,))
    points = np.unique(np.concatenate([starts, occupied_end]))
    starting = {int(p): [] for p in points}
    ending = {int(p): [] for p in points}
    for i, s, e in zip(idx, starts, occupied_end):
        starting[int(s)].append(rm.x[int(i)])
        ending[int(e)].append(rm.x[int(i)])
    before: cp_model.LinearExprT = 0
    for p in points.tolist():
        if not starting[p] and not ending[p]:
            continue
        if not starting[p]:  # occupancy only drops here: nothing to check, keep the expression
            before = before - _sum(ending[p])
            continue
        occupancy = rm.model.new_int_var(0, 1 if lit is None else len(idx), f"busy:{agent.id}:{p}")
        rm.model.add(occupancy == before + _sum(starting[p]) - _sum(ending[p]))
        rm.derive(occupancy, idx[(starts <= p) & (p < occupied_end)], lambda count: count)
        if lit is not None:
            rm.model.add(occupancy <= 1).only_enforce_if(lit)
        before = occupancy


def weekly_hours_and_shift_count(rm: RosterModel, a: int, agent: Agent, idx: np.ndarray) -> None:
    """Contract min/max paid hours per week (min pro-rated by leave) and max shifts per week.

    Each of the three may be bendable (``[rules] relaxable``: min_hours, max_hours, max_shifts):
    then a priced slack lets a best-effort roster exist when the week cannot be solved otherwise.
    """
    slot_h = rm.grid.slot_minutes / 60
    lengths = rm.candidates.length[idx]
    hours_expr = cp_model.LinearExpr.weighted_sum([rm.x[i] for i in idx], lengths.tolist())
    shifts_expr = _sum([rm.x[i] for i in idx])
    max_slots = math.floor(agent.max_hours / slot_h + 1e-9)
    min_slots = math.ceil(effective_min_hours(agent, rm.problem, rm.grid) / slot_h - 1e-9)
    per_hour = rm.problem.weights.breach
    weighted = np.repeat(idx, lengths)  # hours as a count: each candidate once per slot it lasts
    lit = rm.guard("max weekly hours", _(
        "{agent} may work at most {hours} h and {shifts} shifts a week").format(
        agent=f"{agent.name} ({agent.id})", hours=f"{agent.max_hours:g}",
        shifts=agent.max_shifts), (agent.id,))
    if rm.bendable("max_hours"):
        over = rm.breach("max weekly hours", agent.id, int(lengths.sum()), round(per_hour * slot_h))
        rm.derive(over, weighted, lambda n, cap=max_slots: max(0, n - cap))
        rm.model.add(hours_expr <= max_slots + over)
    else:
        _enforce(rm.model.add(hours_expr <= max_slots), lit)
    if rm.bendable("max_shifts"):
        extra = rm.breach("max shifts", agent.id, len(idx), per_hour * 8)
        rm.derive(extra, idx, lambda n, cap=agent.max_shifts: max(0, n - cap))
        rm.model.add(shifts_expr <= agent.max_shifts + extra)
    else:
        _enforce(rm.model.add(shifts_expr <= agent.max_shifts), lit)
    if min_slots > 0:
        if rm.bendable("min_hours"):
            short = rm.breach("min weekly hours", agent.id, min_slots, round(per_hour * slot_h))
            rm.derive(short, weighted, lambda n, need=min_slots: max(0, need - n))
            rm.model.add(hours_expr + short >= min_slots)
            return
        lit = rm.guard("min weekly hours", _(
            "{agent} must be given at least {hours} h (contract minimum)").format(
            agent=f"{agent.name} ({agent.id})", hours=f"{min_slots * slot_h:g}"), (agent.id,))
        _enforce(rm.model.add(hours_expr >= min_slots), lit)


def team_hours_budget(rm: RosterModel) -> None:
    """The week's paid-hours budget of the whole team (``[rules] max_team_hours``): every shift,
    primary and backup, counted in full like the contract hours; bendable as ``team_hours``."""
    budget = rm.problem.rules.max_team_hours
    if budget is None:
        return
    slot_h = rm.grid.slot_minutes / 60
    lengths = rm.candidates.length
    cap = math.floor(budget / slot_h + 1e-9)
    hours_expr = cp_model.LinearExpr.weighted_sum(rm.x, lengths.tolist())
    if rm.bendable("team_hours"):
        over = rm.breach("team hours budget", "team", int(lengths.sum()),
                         round(rm.problem.weights.breach * slot_h))
        rm.derive(over, np.repeat(np.arange(len(lengths)), lengths),
                  lambda n, cap=cap: max(0, n - cap))
        rm.model.add(hours_expr <= cap + over)
        return
    lit = rm.guard("team hours budget", _(
        "the team may be paid at most {hours} h this week ([rules] max_team_hours)").format(
        hours=f"{budget:g}"))
    _enforce(rm.model.add(hours_expr <= cap), lit)


def previous_work_days(rm: RosterModel, agent: Agent) -> set[int]:
    """Local day indices (same numbering as candidates) on which last week's shifts started."""
    monday = rm.problem.settings.week_start
    return {
        (s.start.astimezone(agent.zone).date() - monday).days + DAY0_OFFSET
        for s in rm.problem.previous_shifts if s.agent_id == agent.id
    }


def _max_compatible(starts: np.ndarray, occupied_ends: np.ndarray) -> int:
    """Largest set of pairwise non-clashing intervals (earliest-end-first is optimal)."""
    count, free_from = 0, -1
    for end, start in sorted(zip(occupied_ends.tolist(), starts.tolist())):
        if start >= free_from:
            count, free_from = count + 1, end
    return max(count, 1)


def days_off_and_streaks(rm: RosterModel, a: int, agent: Agent, idx: np.ndarray) -> None:
    """At least N local days off in any 7 consecutive days; at most K consecutive working days.

    A day is worked when a shift starts on it (agent-local date). Last week's shifts count.
    Skipped when the agent's max shifts already make a violation impossible.
    """
    rules = rm.problem.rules
    prev_days = previous_work_days(rm, agent)
    windows = [(7, 7 - rules.min_days_off, "days off"),
               (rules.max_consecutive_days + 1, rules.max_consecutive_days, "consecutive days")]
    days = rm.candidates.day[idx]
    if len(idx) == 0:
        return
    first = min(prev_days | {int(days.min())})
    last = int(days.max())
    rest = math.ceil(rules.min_rest_hours * 60 / rm.grid.slot_minutes)
    work = {}
    for d in np.unique(days):
        members = idx[days == d]
        w = rm.model.new_bool_var(f"works:{agent.id}:{d}")
        rm.derive(w, members, lambda count, fixed=int(d) in prev_days: int(fixed or count > 0))
        # sum(x) <= k*w, k = most shifts that fit in one day with rest: a tight LP link
        most = _max_compatible(rm.candidates.start[members], rm.candidates.end[members] + rest)
        rm.model.add(_sum([rm.x[int(i)] for i in members]) <= most * w)
        if most > 1:
            for i in members:
                rm.model.add_implication(rm.x[int(i)], w)
        work[int(d)] = w
        if int(d) in prev_days:  # last week's shift already made this date a working day
            rm.model.add(w == 1)
    for size, limit, name in windows:
        if agent.max_shifts + len(prev_days) <= limit or size <= 0:
            continue
        who = f"{agent.name} ({agent.id})"
        msg = (_("{agent} needs {days} day(s) off in every 7").format(
                   agent=who, days=rules.min_days_off) if name == "days off" else
               _("{agent} may work at most {days} days in a row").format(
                   agent=who, days=rules.max_consecutive_days))
        lit = rm.guard(name, msg, (agent.id,))
        for lo in range(first - size + 1, last + 1):
            window = range(lo, lo + size)
            fixed = sum(1 for d in window if d in prev_days and d not in work)
            free = [work[d] for d in window if d in work]
            if len(free) + fixed > limit and free:
                _enforce(rm.model.add(_sum(free) <= limit - fixed), lit)


def pinned_shifts(rm: RosterModel) -> None:
    """Shifts a manager pinned stay in the roster, and so do frozen ones in a mid-week repair
    (``scheduler/baseline.py``; that nothing new starts before the freeze is left to the
    candidates)."""
    c = rm.candidates
    for i in np.flatnonzero(c.fixed):
        agent = rm.problem.agents[int(c.agent[i])]
        start = rm.grid.slot_start(int(c.start[i])).astimezone(agent.zone)
        end = rm.grid.slot_start(int(c.end[i])).astimezone(agent.zone)
        when = f"{day_time(start)}–{end:%H:%M} ({agent.timezone})"
        who = f"{agent.name} ({agent.id})"
        lit = (rm.guard("pinned shift", _("{agent} is pinned to work {when}").format(
                   agent=who, when=when), (agent.id,)) if c.pinned[i] else
               rm.guard("frozen shift", _(
                   "{agent} already started the shift {when} before the freeze time").format(
                   agent=who, when=when), (agent.id,)))
        _enforce(rm.model.add(rm.x[int(i)] == 1), lit)


def add_all(rm: RosterModel) -> None:
    for a, (agent, idx) in enumerate(zip(rm.problem.agents, rm.by_agent)):
        rest_and_no_overlap(rm, a, agent, idx)
        weekly_hours_and_shift_count(rm, a, agent, idx)
        days_off_and_streaks(rm, a, agent, idx)
    team_hours_budget(rm)
    pinned_shifts(rm)
