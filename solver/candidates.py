"""Enumerate the shifts each agent could work: the set-covering columns of the model.

Only shifts that already respect availability, time off, allowed lengths (so the 8-hour cap, see
``allowed_lengths``), the start grid and rest after last week's shifts become variables. Pruning
here is what keeps a 200-agent week small enough to solve in seconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from scheduler.availability import availability_masks, horizon_slots, in_daily_window
from scheduler.demand import Requirements
from scheduler.domain import Agent, Problem, Role, Rules, Shift
from scheduler.timegrid import WeekGrid

__all__ = ["Candidates", "allowed_lengths", "enumerate_candidates", "DAY0_OFFSET"]

#: Local day index 0 is the day before the planning Monday, so every zone's days are >= 0.
DAY0_OFFSET = 1


@dataclass(frozen=True)
class Candidates:
    """Parallel arrays, one entry per candidate shift."""

    agent: np.ndarray  # index into problem.agents
    start: np.ndarray  # slot index
    length: np.ndarray  # slots
    role: np.ndarray  # 0 primary, 1 backup
    day: np.ndarray  # agent-local day index (start date - planning Monday + DAY0_OFFSET)
    night: np.ndarray  # bool: touches the agent's local night-premium hours
    weekend: np.ndarray  # bool: starts on a local Sat/Sun or on a peak/holiday date
    night_slots: np.ndarray  # slots paid with night premium
    pref_violations: np.ndarray  # count of soft preferences broken
    pinned: np.ndarray  # bool: the manager pinned this shift

    def __len__(self) -> int:
        return len(self.agent)

    @cached_property
    def end(self) -> np.ndarray:
        return self.start + self.length

    def of_agent(self, a: int) -> np.ndarray:
        return np.flatnonzero(self.agent == a)

    def to_shift(self, i: int, problem: Problem, grid: WeekGrid) -> Shift:
        return Shift(
            agent_id=problem.agents[int(self.agent[i])].id,
            role=Role.BACKUP if self.role[i] else Role.PRIMARY,
            start=grid.slot_start(int(self.start[i])),
            end=grid.slot_start(int(self.end[i])),
        )


def allowed_lengths(agent: Agent, rules: Rules, slot_minutes: int) -> list[int]:
    """The 8-hour rule (and the minimum length) live here: longer shifts never become variables."""
    out = []
    for hours in agent.shift_lengths:
        if rules.min_shift_hours - 1e-9 <= hours <= rules.max_shift_hours + 1e-9:
            slots = round(hours * 60 / slot_minutes)
            if abs(slots * slot_minutes - hours * 60) < 1e-6:
                out.append(slots)
    return out


def _local_info(agent: Agent, problem: Problem, grid: WeekGrid, horizon: int):
    """Per slot: agent-local day index, weekend flag, night-premium flag, local time of day."""
    locals_ = grid.local_starts(agent.zone, 0, horizon + 1)
    monday = problem.settings.week_start
    peak_dates = {p.start + dt.timedelta(days=k) for p in problem.peaks
                  for k in range((p.end - p.start).days + 1)}
    n0, n1 = problem.settings.night_hours
    day = np.array([(t.date() - monday).days + DAY0_OFFSET for t in locals_], dtype=np.int64)
    weekend = np.array([t.weekday() >= 5 or t.date() in peak_dates for t in locals_], dtype=bool)
    night = np.array([in_daily_window(t.time(), n0, n1) for t in locals_], dtype=bool)
    return locals_, day, weekend, night


def _rest_floor(agent: Agent, problem: Problem, grid: WeekGrid) -> int:
    """First slot this agent may start in, given last week's shifts and the rest rule."""
    ends = [s.end for s in problem.previous_shifts if s.agent_id == agent.id]
    if not ends:
        return 0
    earliest = max(ends) + dt.timedelta(hours=problem.rules.min_rest_hours)
    return max(0, -((grid.start_utc - earliest) // grid.slot))


def enumerate_candidates(
    problem: Problem, grid: WeekGrid, requirements: Requirements
) -> Candidates:
    rules = problem.rules
    horizon = horizon_slots(grid, rules)
    masks = availability_masks(problem, grid)
    step = max(1, rules.shift_start_step_minutes // grid.slot_minutes)
    step_offset = 0
    backup_langs = {lang for lang in requirements.languages if requirements.backup[lang].any()}
    backup_need = {lang: requirements.backup[lang] > 0 for lang in backup_langs}
    pinned = {(p.agent_id, p.role, p.start, p.end) for p in problem.pinned_shifts}

    cols: dict[str, list] = {k: [] for k in (
        "agent", "start", "length", "role", "day", "night", "weekend", "night_slots", "pref",
        "pinned")}
    for a, agent in enumerate(problem.agents):
        mask = masks[agent.id]
        # prefix sums give "are all slots of [s, s+L) available" in O(1)
        ok = np.concatenate([[0], np.cumsum(mask.astype(np.int64))])
        locals_, day, weekend, night = _local_info(agent, problem, grid, horizon)
        night_cum = np.concatenate([[0], np.cumsum(night[:horizon].astype(np.int64))])
        floor = _rest_floor(agent, problem, grid)
        roles = []
        if agent.primary_languages:
            roles.append(0)
        agent_backup = [lang for lang in agent.languages if lang in backup_langs]
        if agent_backup:
            roles.append(1)
        starts: dict[tuple[int, int], bool] = {}
        for length in allowed_lengths(agent, rules, grid.slot_minutes):
            for s in range(max(floor, step_offset), grid.n_slots, step):
                if s + length <= horizon and ok[s + length] - ok[s] == length:
                    starts[(s, length)] = False
        for p in problem.pinned_shifts:  # pinned shifts off the start grid still become columns
            s, e = grid.slot_of(p.start), grid.slot_of(p.end)
            if p.agent_id == agent.id and 0 <= s < e <= horizon and ok[e] - ok[s] == e - s:
                starts.setdefault((s, e - s), True)
        for (s, length) in sorted(starts):
            for role in roles:
                if role == 1 and not any(backup_need[lang][s:min(s + length, grid.n_slots)].any()
                                         for lang in agent_backup):
                    continue  # a backup shift that covers no backup demand is pure cost
                is_pinned = (agent.id, Role.BACKUP if role else Role.PRIMARY,
                             grid.slot_start(s), grid.slot_start(s + length)) in pinned
                local = locals_[s]
                pref = 0
                if agent.preferred_start and not in_daily_window(local.time(), *agent.preferred_start):
                    pref += 1
                if agent.avoid_weekends and local.weekday() >= 5:
                    pref += 1
                cols["agent"].append(a)
                cols["start"].append(s)
                cols["length"].append(length)
                cols["role"].append(role)
                cols["day"].append(day[s])
                n_night = int(night_cum[s + length] - night_cum[s])
                cols["night"].append(n_night > 0)
                cols["weekend"].append(bool(weekend[s]))
                cols["night_slots"].append(n_night)
                cols["pref"].append(pref)
                cols["pinned"].append(is_pinned)
    as_int = {k: np.asarray(v, dtype=np.int64) for k, v in cols.items()
              if k not in ("night", "weekend", "pinned")}
    return Candidates(
        agent=as_int["agent"], start=as_int["start"], length=as_int["length"],
        role=as_int["role"], day=as_int["day"],
        night=np.asarray(cols["night"], dtype=bool), weekend=np.asarray(cols["weekend"], dtype=bool),
        night_slots=as_int["night_slots"], pref_violations=as_int["pref"],
        pinned=np.asarray(cols["pinned"], dtype=bool),
    )
