"""Independent check of a finished roster against every hard rule.

Works from the Problem and the list of shifts alone, with plain datetime arithmetic in each
agent's zone — never the solver's variables, slot grid or candidate list — so a modelling bug in
``solver/`` shows up here as a violation instead of being repeated.

Hard rules checked (rule name -> where the solver enforces it):
    24/7 minimum online       solver/rules_coverage.py  min_online_24_7
    max shift length          solver/candidates.py      allowed_lengths
    min shift length          solver/candidates.py      allowed_lengths
    allowed shift lengths     solver/candidates.py      allowed_lengths
    min rest / overlap        solver/rules_shifts.py    rest_and_no_overlap
    max weekly hours          solver/rules_shifts.py    weekly_hours_and_shift_count
    min weekly hours          solver/rules_shifts.py    weekly_hours_and_shift_count
    max shifts                solver/rules_shifts.py    weekly_hours_and_shift_count
    team hours budget         solver/rules_shifts.py    team_hours_budget
    days off                  solver/rules_shifts.py    days_off_and_streaks
    consecutive days          solver/rules_shifts.py    days_off_and_streaks
    availability / time off   solver/candidates.py      (scheduler/availability.py masks)
    week boundary             solver/candidates.py      (shifts start inside the week)
    pinned shift              solver/rules_shifts.py    pinned_shifts
    frozen shift              solver/rules_shifts.py    pinned_shifts (+ candidates: none earlier)

Rule names are identifiers (kpis.json, ``[rules] relaxable``, tests) and stay English in data;
``rule_name`` gives the words shown to a manager. Details are written in the active language.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

import numpy as np
from pydantic import BaseModel, ConfigDict

from scheduler.availability import allowed_minutes, in_daily_window, in_window
from scheduler.baseline import frozen_shifts, shift_key
from scheduler.contracts import effective_min_hours
from scheduler.domain import Agent, Problem, Role, Shift
from scheduler.formats import day as local_day
from scheduler.formats import weekday, weekday_time
from scheduler.i18n import N_, _
from scheduler.timegrid import WeekGrid, format_local, to_utc

__all__ = ["Violation", "validate", "HARD_RULES", "rule_name", "role_name"]

HARD_RULES = (
    N_("24/7 minimum online"), N_("max shift length"), N_("min shift length"),
    N_("allowed shift lengths"), N_("min rest"), N_("max weekly hours"), N_("min weekly hours"),
    N_("max shifts"), N_("team hours budget"), N_("days off"), N_("consecutive days"),
    N_("availability"), N_("time off"), N_("week boundary"), N_("pinned shift"), N_("frozen shift"),
    N_("unknown agent"), N_("role"),
)
_ROLES = {Role.PRIMARY: N_("primary"), Role.BACKUP: N_("backup")}


def rule_name(rule: str) -> str:
    """A hard rule's name in the active language ('min rest' -> '最短休息间隔')."""
    return _(rule)


def role_name(role: Role) -> str:
    """'primary' / 'backup' in the active language."""
    return _(_ROLES[role])

_MINUTE = dt.timedelta(minutes=1)
_MONDAY = dt.datetime(1970, 1, 5)  # a Monday: weekday = (minutes since it // day) % 7
_EPS = 1e-6


class Violation(BaseModel):
    """One broken hard rule: which rule, whose, when, and by how much."""

    model_config = ConfigDict(frozen=True)

    rule: str
    agent_id: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    detail: str

    def __str__(self) -> str:
        who = f" {self.agent_id}" if self.agent_id else ""
        return f"[{rule_name(self.rule)}]{who}: {self.detail}"


def _shift_label(s: Shift, agent: Agent) -> str:
    return _("{role} shift {start}–{end} ({zone})").format(
        role=role_name(s.role), start=format_local(s.start, agent.zone),
        end=f"{s.end.astimezone(agent.zone):%H:%M}", zone=agent.timezone)


def _lengths(problem: Problem, shifts: list[Shift], agents: dict[str, Agent]) -> list[Violation]:
    rules = problem.rules
    out = []
    for s in shifts:
        agent = agents[s.agent_id]
        label = _shift_label(s, agent)
        if s.hours > rules.max_shift_hours + _EPS:
            out.append(Violation(rule="max shift length", agent_id=s.agent_id, start=s.start,
                                 end=s.end, detail=_("{shift} lasts {hours} h > {limit} h").format(
                                     shift=label, hours=f"{s.hours:g}",
                                     limit=f"{rules.max_shift_hours:g}")))
        if s.hours < rules.min_shift_hours - _EPS:
            out.append(Violation(rule="min shift length", agent_id=s.agent_id, start=s.start,
                                 end=s.end, detail=_("{shift} lasts {hours} h < {limit} h").format(
                                     shift=label, hours=f"{s.hours:g}",
                                     limit=f"{rules.min_shift_hours:g}")))
        if not any(abs(s.hours - h) < _EPS for h in agent.shift_lengths):
            out.append(Violation(rule="allowed shift lengths", agent_id=s.agent_id, start=s.start,
                                 end=s.end, detail=_(
                                     "{shift} lasts {hours} h; contract allows {allowed} h").format(
                                     shift=label, hours=f"{s.hours:g}",
                                     allowed=", ".join(f"{h:g}" for h in agent.shift_lengths))))
        if s.role is Role.PRIMARY and not agent.primary_languages:
            out.append(Violation(rule="role", agent_id=s.agent_id, start=s.start, end=s.end,
                                 detail=_("{shift}: agent has no primary language").format(
                                     shift=label)))
    return out


def _rest(problem: Problem, by_agent: dict[str, list[Shift]], agents: dict[str, Agent],
          previous: dict[str, list[Shift]]) -> list[Violation]:
    rest = dt.timedelta(hours=problem.rules.min_rest_hours)
    out = []
    for agent_id, shifts in by_agent.items():
        agent = agents[agent_id]
        mine = {id(s) for s in shifts}
        timeline = sorted(previous.get(agent_id, []) + shifts, key=lambda s: (s.start, s.end))
        latest = None  # of the shifts started so far, the one that ends last
        for b in timeline:
            a, latest = latest, b if latest is None or b.end > latest.end else latest
            if a is None or (id(a) not in mine and id(b) not in mine):
                continue  # two of last week's shifts: history this roster cannot change
            gap = b.start - a.end
            if gap < dt.timedelta(0):
                out.append(Violation(rule="min rest", agent_id=agent_id, start=b.start, end=a.end,
                                     detail=_("{shift} overlaps {other}").format(
                                         shift=_shift_label(b, agent),
                                         other=_shift_label(a, agent))))
            elif gap < rest:
                out.append(Violation(rule="min rest", agent_id=agent_id, start=a.end, end=b.start,
                                     detail=_("only {hours} h rest before {shift} (needs "
                                              "{needed} h)").format(
                                         hours=f"{gap.total_seconds() / 3600:g}",
                                         shift=_shift_label(b, agent),
                                         needed=f"{problem.rules.min_rest_hours:g}")))
    return out


def _contracts(problem: Problem, grid: WeekGrid, by_agent: dict[str, list[Shift]],
               agents: dict[str, Agent]) -> list[Violation]:
    out = []
    for agent in problem.agents:
        shifts = by_agent.get(agent.id, [])
        hours = sum(s.hours for s in shifts)
        if hours > agent.max_hours + _EPS:
            out.append(Violation(rule="max weekly hours", agent_id=agent.id,
                                 detail=_("{hours} h scheduled > {limit} h contract max").format(
                                     hours=f"{hours:g}", limit=f"{agent.max_hours:g}")))
        minimum = effective_min_hours(agent, problem, grid)
        if hours < minimum - _EPS:
            out.append(Violation(rule="min weekly hours", agent_id=agent.id,
                                 detail=_("{hours} h scheduled < {limit} h contract min").format(
                                     hours=f"{hours:g}", limit=f"{minimum:g}")))
        if len(shifts) > agent.max_shifts:
            out.append(Violation(rule="max shifts", agent_id=agent.id,
                                 detail=_("{count} shifts > {limit} allowed").format(
                                     count=len(shifts), limit=agent.max_shifts)))
    budget = problem.rules.max_team_hours
    total = sum(s.hours for shifts in by_agent.values() for s in shifts)
    if budget is not None and total > budget + _EPS:
        out.append(Violation(rule="team hours budget", detail=_(
            "{hours} h scheduled for the team > {limit} h budget ([rules] max_team_hours)").format(
            hours=f"{total:g}", limit=f"{budget:g}")))
    return out


def _work_days(problem: Problem, by_agent: dict[str, list[Shift]], agents: dict[str, Agent],
               previous: dict[str, list[Shift]]) -> list[Violation]:
    rules = problem.rules
    out = []
    for agent_id in set(by_agent) | set(previous):
        agent = agents[agent_id]
        dates = sorted({s.start.astimezone(agent.zone).date()
                        for s in previous.get(agent_id, []) + by_agent.get(agent_id, [])})
        this_week = {s.start.astimezone(agent.zone).date() for s in by_agent.get(agent_id, [])}
        if not this_week:
            continue
        worked = set(dates)
        first, last = dates[0], dates[-1]
        day = first
        while day <= last:
            window7 = {day + dt.timedelta(days=k) for k in range(7)}
            if window7 & this_week and len(window7 & worked) > 7 - rules.min_days_off:
                out.append(Violation(rule="days off", agent_id=agent_id, detail=_(
                    "works {count} of the 7 days from {day} (local); needs {needed} day(s) "
                    "off").format(count=len(window7 & worked), day=local_day(day),
                                  needed=rules.min_days_off)))
                break
            day += dt.timedelta(days=1)
        streak, best_end = 0, None
        for i, d in enumerate(dates):
            streak = streak + 1 if i and (d - dates[i - 1]).days == 1 else 1
            if streak > rules.max_consecutive_days and d in this_week:
                best_end = d
        if best_end:
            out.append(Violation(rule="consecutive days", agent_id=agent_id, detail=_(
                "works more than {count} days in a row up to {day} (local)").format(
                count=rules.max_consecutive_days, day=local_day(best_end))))
    return out


def _available_at(agent: Agent, problem: Problem, local: dt.datetime) -> str | None:
    rules = problem.rules
    if local.weekday() in agent.days_off:
        return _("{day} is a fixed day off").format(day=weekday(local.weekday()))
    if (not agent.night_willing and rules.no_work_start != rules.no_work_end
            and in_daily_window(local.time(), rules.no_work_start, rules.no_work_end)):
        return _("{time} is in the {start}–{end} no-work window and the agent is not "
                 "night-willing").format(time=f"{local:%H:%M}",
                                         start=f"{rules.no_work_start:%H:%M}",
                                         end=f"{rules.no_work_end:%H:%M}")
    if agent.availability and not any(in_window(local, w) for w in agent.availability):
        return _("{time} is outside their availability").format(time=weekday_time(local))
    return None


def _local_minutes(agent: Agent, s: Shift) -> tuple[np.ndarray, np.ndarray]:
    """(weekday, minute of day) of every minute of the shift in the agent's zone.

    The validator's own conversion (datetime arithmetic, not the solver's slot clock): when the
    UTC offset is the same at both ends the local clock runs straight; otherwise (a DST change
    inside the shift) each minute is converted on its own.
    """
    minutes = int((s.end - s.start) // _MINUTE)
    first = s.start.astimezone(agent.zone)
    last = (s.start + (minutes - 1) * _MINUTE).astimezone(agent.zone)
    if first.utcoffset() == last.utcoffset():
        offset = (first.replace(tzinfo=None) - _MONDAY) // _MINUTE
        clock = offset + np.arange(minutes, dtype=np.int64)
    else:
        stamps = [(s.start + k * _MINUTE).astimezone(agent.zone).replace(tzinfo=None)
                  for k in range(minutes)]
        clock = np.array([(t - _MONDAY) // _MINUTE for t in stamps], dtype=np.int64)
    return (clock // 1440) % 7, clock % 1440


def _first_unavailable(agent: Agent, problem: Problem, s: Shift) -> str | None:
    """Why some minute of the shift is not allowed (definitions.py, "Availability"), or None."""
    weekday, minute = _local_minutes(agent, s)
    ok = allowed_minutes(agent, problem.rules, weekday, minute)
    if ok.all():
        return None
    bad = int(np.argmin(ok))
    local = (s.start + bad * _MINUTE).astimezone(agent.zone).replace(tzinfo=None)
    return _available_at(agent, problem, local) or _("{time} is not allowed").format(
        time=weekday_time(local))


def _availability(problem: Problem, shifts: list[Shift], agents: dict[str, Agent],
                  grid: WeekGrid) -> list[Violation]:
    out = []
    leave = defaultdict(list)
    for t in problem.time_off:
        agent = agents[t.agent_id]
        leave[t.agent_id].append((to_utc(t.start, agent.zone), to_utc(t.end, agent.zone), t.reason))
    for s in shifts:
        agent = agents[s.agent_id]
        if not grid.start_utc <= s.start < grid.end_utc:
            out.append(Violation(rule="week boundary", agent_id=s.agent_id, start=s.start, end=s.end,
                                 detail=_("{shift} does not start in the planning week").format(
                                     shift=_shift_label(s, agent))))
        reason = _first_unavailable(agent, problem, s)
        if reason:
            out.append(Violation(rule="availability", agent_id=s.agent_id, start=s.start,
                                 end=s.end, detail=_("{shift}: {reason}").format(
                                     shift=_shift_label(s, agent), reason=reason)))
        for lo, hi, why in leave.get(s.agent_id, []):
            if s.start < hi and lo < s.end:
                out.append(Violation(rule="time off", agent_id=s.agent_id, start=s.start, end=s.end,
                                     detail=(_("{shift} overlaps leave ({reason})") if why
                                             else _("{shift} overlaps leave")).format(
                                         shift=_shift_label(s, agent), reason=why)))
    return out


def _online_24_7(problem: Problem, shifts: list[Shift], grid: WeekGrid) -> list[Violation]:
    """Sweep line over primary shifts: every instant of the week needs min_online agents."""
    minimum = problem.rules.min_online
    if minimum <= 0:
        return []
    events: dict[dt.datetime, int] = defaultdict(int)
    for s in shifts:
        if s.role is Role.PRIMARY:
            events[s.start] += 1
            events[s.end] -= 1
    points = sorted(set(events) | {grid.start_utc, grid.end_utc})
    out, online = [], 0
    for here, nxt in zip(points, points[1:]):
        online += events.get(here, 0)
        lo, hi = max(here, grid.start_utc), min(nxt, grid.end_utc)
        if lo < hi and online < minimum:
            zone = grid.planning_zone
            out.append(Violation(rule="24/7 minimum online", start=lo, end=hi, detail=_(
                "{count} agent(s) online {start}–{end} ({zone}); needs {needed}").format(
                count=online, start=format_local(lo, zone), end=f"{hi.astimezone(zone):%H:%M}",
                zone=zone.key, needed=minimum)))
    return out


def _pins(problem: Problem, shifts: list[Shift]) -> list[Violation]:
    have = {(s.agent_id, s.role, s.start, s.end) for s in shifts}
    return [
        Violation(rule="pinned shift", agent_id=p.agent_id, start=p.start, end=p.end,
                  detail=_("a pinned shift is missing from the roster"))
        for p in problem.pinned_shifts if (p.agent_id, p.role, p.start, p.end) not in have
    ]


def _frozen(problem: Problem, shifts: list[Shift]) -> list[Violation]:
    """A mid-week repair keeps every shift that started before the freeze time exactly, and
    starts nothing new before it (``scheduler/baseline.py``)."""
    if problem.freeze_before is None:
        return []
    zone = ZoneInfo(problem.settings.timezone)
    when = format_local(problem.freeze_before, zone)
    frozen = {shift_key(s) for s in frozen_shifts(problem)}
    have = {shift_key(s) for s in shifts}
    out = [Violation(rule="frozen shift", agent_id=s.agent_id, start=s.start, end=s.end,
                     detail=_("the {role} shift starting {start} had started before the freeze "
                              "time {when} but was changed or removed").format(
                         role=role_name(s.role), start=format_local(s.start, zone), when=when))
           for s in frozen_shifts(problem) if shift_key(s) not in have]
    out += [Violation(rule="frozen shift", agent_id=s.agent_id, start=s.start, end=s.end,
                      detail=_("a new {role} shift starts {start}, before the freeze time "
                               "{when}").format(role=role_name(s.role),
                                                start=format_local(s.start, zone), when=when))
            for s in shifts if s.start < problem.freeze_before and shift_key(s) not in frozen]
    return out


def validate(problem: Problem, shifts: list[Shift] | tuple[Shift, ...]) -> list[Violation]:
    """Every hard-rule violation in ``shifts`` (empty list = the roster may be published)."""
    agents = {a.id: a for a in problem.agents}
    grid = WeekGrid.for_settings(problem.settings)
    unknown = [s for s in shifts if s.agent_id not in agents]
    out = [Violation(rule="unknown agent", agent_id=s.agent_id, start=s.start, end=s.end,
                     detail=_("shift of an agent who is not in the team")) for s in unknown]
    known = [s for s in shifts if s.agent_id in agents]
    by_agent: dict[str, list[Shift]] = defaultdict(list)
    for s in known:
        by_agent[s.agent_id].append(s)
    previous: dict[str, list[Shift]] = defaultdict(list)
    for s in problem.previous_shifts:
        if s.agent_id in agents:
            previous[s.agent_id].append(s)
    carry = [s for s in problem.previous_shifts if s.end > grid.start_utc]
    out += _online_24_7(problem, known + carry, grid)
    out += _lengths(problem, known, agents)
    out += _rest(problem, by_agent, agents, previous)
    out += _contracts(problem, grid, by_agent, agents)
    out += _work_days(problem, by_agent, agents, previous)
    out += _availability(problem, known, agents, grid)
    out += _pins(problem, known)
    out += _frozen(problem, known)
    return out

