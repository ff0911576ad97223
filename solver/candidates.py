"""Enumerate the shifts each agent could work: the set-covering columns of the model.

Only shifts that already respect availability, time off, allowed lengths (so the 8-hour cap, see
``allowed_lengths``), the start grid and rest after last week's shifts become variables. Pruning
here is what keeps a 200-agent week small enough to solve in seconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo
from functools import cached_property

import numpy as np

from scheduler.baseline import frozen_shifts
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
    baseline: np.ndarray  # bool: the shift is in the baseline roster (re-rostering)
    frozen: np.ndarray  # bool: a baseline shift that started before the freeze time

    def __len__(self) -> int:
        return len(self.agent)

    @cached_property
    def end(self) -> np.ndarray:
        return self.start + self.length

    @cached_property
    def fixed(self) -> np.ndarray:
        """Shifts every roster must contain: pinned ones and frozen ones."""
        return self.pinned | self.frozen

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


@dataclass(frozen=True)
class _ZoneInfo:
    """Per slot of the horizon, in one time zone (shared by all agents of that zone)."""

    day: np.ndarray  # local day index (date - planning Monday + DAY0_OFFSET)
    weekday: np.ndarray
    minute: np.ndarray  # minutes since local midnight
    weekend_or_peak: np.ndarray
    night: np.ndarray  # paid with night premium


def _zone_info(zone: ZoneInfo, problem: Problem, grid: WeekGrid, horizon: int) -> _ZoneInfo:
    locals_ = grid.local_starts(zone, 0, horizon + 1)
    monday = problem.settings.week_start
    peak_dates = {p.start + dt.timedelta(days=k) for p in problem.peaks
                  for k in range((p.end - p.start).days + 1)}
    n0, n1 = problem.settings.night_premium_hours
    return _ZoneInfo(
        day=np.array([(t.date() - monday).days + DAY0_OFFSET for t in locals_], dtype=np.int64),
        weekday=np.array([t.weekday() for t in locals_], dtype=np.int64),
        minute=np.array([t.hour * 60 + t.minute for t in locals_], dtype=np.int64),
        weekend_or_peak=np.array([t.weekday() >= 5 or t.date() in peak_dates for t in locals_]),
        night=np.array([in_daily_window(t.time(), n0, n1) for t in locals_], dtype=bool),
    )


def _minutes_in_window(minute: np.ndarray, start: dt.time, end: dt.time) -> np.ndarray:
    lo, hi = start.hour * 60 + start.minute, end.hour * 60 + end.minute
    if lo == hi:
        return np.ones_like(minute, dtype=bool)
    if lo < hi:
        return (minute >= lo) & (minute < hi)
    return (minute >= lo) | (minute < hi)


def _rest_floor(agent: Agent, problem: Problem, grid: WeekGrid) -> int:
    """First slot this agent may start in, given last week's shifts and the rest rule."""
    ends = [s.end for s in problem.previous_shifts if s.agent_id == agent.id]
    if not ends:
        return 0
    earliest = max(ends) + dt.timedelta(hours=problem.rules.min_rest_hours)
    return max(0, -((grid.start_utc - earliest) // grid.slot))


def _prefix(flags: np.ndarray) -> np.ndarray:
    """Prefix sums: any/all questions about [s, e) in O(1) per candidate."""
    return np.concatenate([[0], np.cumsum(flags.astype(np.int64))])


def enumerate_candidates(
    problem: Problem, grid: WeekGrid, requirements: Requirements
) -> Candidates:
    rules = problem.rules
    n = grid.n_slots
    horizon = horizon_slots(grid, rules)
    masks = availability_masks(problem, grid)
    step = max(1, rules.shift_start_step_minutes // grid.slot_minutes)
    backup_need = {lang: requirements.backup[lang] > 0 for lang in requirements.languages
                   if requirements.backup[lang].any()}
    zones: dict[str, _ZoneInfo] = {}
    cols: dict[str, list[np.ndarray]] = {k: [] for k in (
        "agent", "start", "length", "role", "day", "night", "weekend", "night_slots", "pref",
        "pinned", "baseline", "frozen")}
    baseline, frozen = problem.baseline_shifts, frozen_shifts(problem)
    # the first slot starting at or after the freeze instant (which may lie off the grid)
    freeze = None if problem.freeze_before is None else \
        grid.slots_between(problem.freeze_before, problem.freeze_before).start
    for a, agent in enumerate(problem.agents):
        if agent.timezone not in zones:
            zones[agent.timezone] = _zone_info(agent.zone, problem, grid, horizon)
        z = zones[agent.timezone]
        ok = _prefix(masks[agent.id])
        night_cum = _prefix(z.night[:horizon])
        grid_starts = np.arange(_rest_floor(agent, problem, grid), n, step)
        pairs = []
        for length in allowed_lengths(agent, rules, grid.slot_minutes):
            s = grid_starts[grid_starts + length <= horizon]
            s = s[ok[s + length] - ok[s] == length]
            pairs.append(np.stack([s, np.full_like(s, length)], axis=1))
        # pinned and baseline shifts off the start grid still become columns
        keys = {name: set() for name in ("pinned", "baseline", "frozen")}
        for name, given in (("pinned", problem.pinned_shifts), ("baseline", baseline),
                            ("frozen", frozen)):
            for p in given:
                s0, e0 = grid.slot_of(p.start), grid.slot_of(p.end)
                if p.agent_id == agent.id and 0 <= s0 < e0 <= horizon \
                        and ok[e0] - ok[s0] == e0 - s0:
                    pairs.append(np.array([[s0, e0 - s0]]))
                    keys[name].add((s0, e0 - s0, 1 if p.role is Role.BACKUP else 0))
        pinned_keys = keys["pinned"] | keys["baseline"]  # shifts whose role is given
        if not pairs:
            continue
        sl = np.unique(np.concatenate(pairs), axis=0)
        starts, lengths = sl[:, 0], sl[:, 1]
        ends = starts + lengths
        pref = np.zeros(len(starts), dtype=np.int64)
        if agent.preferred_start:
            pref += ~_minutes_in_window(z.minute[starts], *agent.preferred_start)
        if agent.avoid_weekends:
            pref += z.weekday[starts] >= 5
        n_night = night_cum[ends] - night_cum[starts]
        roles = []
        if agent.primary_languages:
            roles.append(np.ones(len(starts), dtype=bool))
        else:
            roles.append(np.zeros(len(starts), dtype=bool))
        agent_backup = [lang for lang in agent.languages if lang in backup_need]
        if not agent.primary_languages:  # on-call only: backup is their only way to work
            backup = np.ones(len(starts), dtype=bool)
        elif agent_backup:  # otherwise a backup shift that covers no backup demand is pure cost
            need = _prefix(np.any([backup_need[lang] for lang in agent_backup], axis=0))
            backup = need[np.minimum(ends, n)] - need[np.minimum(starts, n)] > 0
        else:
            backup = np.zeros(len(starts), dtype=bool)
        for s0, l0, role in pinned_keys:  # a given backup shift is a column in any case
            if role == 1:
                backup |= (starts == s0) & (lengths == l0)
        roles.append(backup)
        for role, keep in enumerate(roles):
            if freeze is not None:  # mid-week repair: nothing new starts before the freeze
                keep = keep & ((starts >= freeze) | np.array(
                    [(int(s0), int(l0), role) in keys["frozen"]
                     for s0, l0 in zip(starts, lengths)], dtype=bool))
            if not keep.any():
                continue
            k = np.flatnonzero(keep)
            cols["agent"].append(np.full(len(k), a))
            cols["start"].append(starts[k])
            cols["length"].append(lengths[k])
            cols["role"].append(np.full(len(k), role))
            cols["day"].append(z.day[starts[k]])
            cols["night"].append(n_night[k] > 0)
            cols["weekend"].append(z.weekend_or_peak[starts[k]])
            cols["night_slots"].append(n_night[k])
            cols["pref"].append(pref[k])
            for name in ("pinned", "baseline", "frozen"):
                cols[name].append(np.array([(int(s0), int(l0), role) in keys[name]
                                            for s0, l0 in zip(starts[k], lengths[k])], dtype=bool)
                                  if keys[name] else np.zeros(len(k), dtype=bool))

    def col(name: str, dtype: type) -> np.ndarray:
        return np.concatenate(cols[name]).astype(dtype) if cols[name] else np.zeros(0, dtype=dtype)

    return Candidates(
        agent=col("agent", np.int64), start=col("start", np.int64),
        length=col("length", np.int64), role=col("role", np.int64), day=col("day", np.int64),
        night=col("night", bool), weekend=col("weekend", bool),
        night_slots=col("night_slots", np.int64), pref_violations=col("pref", np.int64),
        pinned=col("pinned", bool), baseline=col("baseline", bool), frozen=col("frozen", bool),
    )
