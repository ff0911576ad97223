"""Random small teams that reach every corner of the rules: for property tests and robustness runs.

Where ``scheduler/synthetic.py`` makes *realistic* teams (a Shenzhen hub, market demand curves),
this module makes *awkward* ones, reproducibly from a seed:

* zones with every kind of offset: whole hours, +05:30 (Kolkata), +05:45 (Kathmandu),
  +12:45/+13:45 (Chatham), and DST in both hemispheres (Los Angeles, Madrid, Sydney, Chatham;
  São Paulo has none since 2019);
* weeks that contain a DST change (US, EU, Sydney and Chatham, spring and fall) and plain weeks;
* 30- and 60-minute slots, availability windows on the half hour (also with 60-minute slots,
  so they fall between slots), windows that wrap midnight, night windows, fixed days off;
* leave (whole days or a few hours, sometimes only partly inside the week);
* last week's roster (``previous_shifts``: rest-respecting among themselves, some running into
  this week) and pinned shifts that can be kept by construction (on the slot grid, an allowed
  length, inside the agent's availability, not on leave, rested after last week and after each
  other — checked with the validator's own rules);
* 24/7 minimum of 0, 1 or 2 agents, 3 to 9 agents, demand rows and peak dates.

``random_problem(seed)`` returns a Problem; ``write_random_team(seed, folder)`` saves it as a
team folder (``scheduler.team_io.save_problem``) that ``roster solve`` can read.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path

from scheduler.domain import (
    Agent,
    DemandRow,
    PeakEvent,
    Problem,
    Role,
    Rules,
    Shift,
    SolverSettings,
    TeamSettings,
    TimeOff,
)
from scheduler.textformats import parse_availability
from scheduler.timegrid import WeekGrid
from scheduler.validator import validate

__all__ = ["ZONES", "WEEKS", "WINDOWS", "LANGUAGES", "random_problem", "write_random_team"]

ZONES = ("Asia/Shanghai", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham",
         "Australia/Sydney", "America/Sao_Paulo", "America/Los_Angeles", "Europe/Madrid")

#: Planning weeks (Mondays) and the change each contains.
WEEKS = {
    "plain": dt.date(2026, 11, 30),
    "plain-june": dt.date(2026, 6, 15),
    "us-spring (Sun 8 Mar)": dt.date(2026, 3, 2),
    "eu-spring (Sun 29 Mar)": dt.date(2026, 3, 23),
    "south-fall (Sydney/Chatham, Sun 5 Apr)": dt.date(2026, 3, 30),
    "chatham-spring (Sun 27 Sep)": dt.date(2026, 9, 21),
    "sydney-spring (Sun 4 Oct)": dt.date(2026, 9, 28),
    "eu-fall (Sun 25 Oct)": dt.date(2026, 10, 19),
    "us-fall (Sun 1 Nov)": dt.date(2026, 10, 26),
}

#: Availability cells as a manager types them ("" = any time); half hours on purpose.
WINDOWS = ("", "", "", "", "", "Daily 07:30-23:30", "Daily 08:00-20:00", "Mon-Sat 06:30-22:30",
           "Mon-Fri 09:30-18:30; Sat-Sun 10:00-16:00", "Daily 18:00-06:30", "Daily 22:00-08:00",
           "Daily 12:00-04:00", "Mon-Fri 00:00-24:00", "Daily 05:30-13:30; Daily 15:00-23:00")

LANGUAGES = ("en", "es", "pt", "ru")

#: Rules a pin must keep on its own (with last week's shifts and the other pins).
_PIN_RULES = {"availability", "time off", "min rest", "week boundary", "max shift length",
              "min shift length", "allowed shift lengths", "role", "days off", "consecutive days",
              "max weekly hours", "max shifts", "unknown agent"}


def _lengths(rng: random.Random, slot_minutes: int) -> tuple[float, ...]:
    pool = [4, 5, 6, 7] + ([4.5, 7.5] if slot_minutes == 30 else [])
    lengths = set(rng.sample(pool, rng.randint(0, 2)))
    if rng.random() < 0.75 or not lengths:
        lengths.add(8)
    return tuple(sorted(lengths))


def _agent(rng: random.Random, i: int, zones: Sequence[str], slot_minutes: int) -> Agent:
    primary = tuple(rng.sample(LANGUAGES, rng.choice([1, 1, 2])))
    backup = tuple(x for x in rng.sample(LANGUAGES, rng.choice([0, 0, 1])) if x not in primary)
    backup_only = rng.random() < 0.1  # on-call only, never on primary duty
    if backup_only:
        primary, backup = (), primary
    lengths = _lengths(rng, slot_minutes)
    max_shifts = rng.randint(5, 7)
    max_hours = min(rng.choice([32, 40, 40, 48, 56]), max_shifts * max(lengths))
    min_hours = min(rng.choice([0, 0, 0, 8, 16]), max_hours)
    return Agent(
        id=f"R{i:02d}", name=f"Random {i:02d}", timezone=rng.choice(zones),
        primary_languages=primary, backup_languages=backup, min_hours=min_hours,
        max_hours=max_hours, max_shifts=max_shifts, shift_lengths=lengths,
        availability=parse_availability(rng.choice(WINDOWS)),
        night_willing=rng.random() < 0.6,
        days_off=frozenset({rng.randrange(7)}) if rng.random() < 0.2 else frozenset(),
        preferred_start=(dt.time(14), dt.time(20)) if rng.random() < 0.2 else None,
        avoid_weekends=rng.random() < 0.2,
    )


def _rules(rng: random.Random, slot_minutes: int, n_agents: int) -> Rules:
    night = rng.choice([(dt.time(0), dt.time(7)), (dt.time(0), dt.time(7)),
                        (dt.time(23), dt.time(6)), (dt.time(22, 30), dt.time(6, 30))])
    return Rules(
        # 24/7 takes ~5 agents with these contracts: small teams mostly test the other rules
        min_online=rng.choice([0, 0, 1] if n_agents <= 4 else [0, 1, 1, 1] if n_agents <= 6
                              else [1, 1, 1, 1, 2]),
        min_rest_hours=rng.choice([8, 11, 11, 12]),
        min_days_off=rng.choice([0, 1, 1, 2]),
        max_consecutive_days=rng.choice([4, 5, 6, 6]),
        no_work_start=night[0], no_work_end=night[1],
        shift_start_step_minutes=30 if slot_minutes == 30 and rng.random() < 0.3 else 60,
    )


def _demand(rng: random.Random, agents: list[Agent]) -> list[DemandRow]:
    spoken = sorted({lang for a in agents for lang in a.languages})
    rows, taken = [], set()
    for _ in range(rng.randint(0, 10)):
        day, lang = rng.randrange(7), rng.choice(spoken)
        if (day, lang) in taken:
            continue
        taken.add((day, lang))
        start = rng.randint(0, 21)
        end = min(24, start + rng.randint(1, 6))
        rows.append(DemandRow(weekday=day, start=dt.time(start),
                              end=dt.time(0) if end == 24 else dt.time(end), language=lang,
                              primary=rng.randint(0, 2), backup=rng.choice([0, 0, 1])))
    return rows


def _leave(rng: random.Random, agents: list[Agent], week: dt.date, share: float) -> list[TimeOff]:
    out = []
    for a in agents:
        if rng.random() >= share:
            continue
        first = week + dt.timedelta(days=rng.randint(-1, 6))
        if rng.random() < 0.5:  # whole local days
            start = dt.datetime.combine(first, dt.time(0))
            end = start + dt.timedelta(days=rng.randint(1, 3))
            reason = "annual leave"
        else:  # a few hours, on the half hour
            start = dt.datetime.combine(first, dt.time(rng.randint(0, 23), rng.choice([0, 30])))
            end = start + dt.timedelta(minutes=30 * rng.randint(2, 20))
            reason = "appointment"
        out.append(TimeOff(agent_id=a.id, start=start, end=end, reason=reason))
    return out


def _in_file_order(shifts: list[Shift]) -> tuple[Shift, ...]:
    """The order roster files are written in, so a saved team reads back equal."""
    return tuple(sorted(shifts, key=lambda s: (s.start, s.agent_id, s.role.value)))


def _valid_lengths(agent: Agent, rules: Rules, slot_minutes: int) -> list[float]:
    return [h for h in agent.shift_lengths
            if rules.min_shift_hours <= h <= rules.max_shift_hours
            and abs(h * 60 / slot_minutes - round(h * 60 / slot_minutes)) < 1e-9]


def _previous(rng: random.Random, agents: list[Agent], rules: Rules, grid: WeekGrid,
              share: float) -> list[Shift]:
    """Last week's roster: 1-3 shifts per chosen agent in the last ~2.5 days, on last week's
    slot grid, rested among themselves; the latest may run into this week."""
    out = []
    for a in agents:
        lengths = _valid_lengths(a, rules, grid.slot_minutes)
        if rng.random() >= share or not lengths:
            continue
        role = Role.PRIMARY if a.primary_languages else Role.BACKUP
        per_hour = grid.slots_per_hour
        end = grid.start_utc + grid.slot * rng.randint(-40 * per_hour, 6 * per_hour)
        for _ in range(rng.randint(1, 3)):
            hours = rng.choice(lengths)
            start = end - dt.timedelta(hours=hours)
            if start >= grid.start_utc:  # last week's shifts start last week
                end = grid.start_utc
                start = end - dt.timedelta(hours=hours)
            out.append(Shift(agent_id=a.id, role=role, start=start, end=end))
            gap = dt.timedelta(hours=rules.min_rest_hours) + grid.slot * rng.randint(0, 12)
            end = start - gap
    return out


def _pins(rng: random.Random, problem: Problem, grid: WeekGrid, count: int,
          backup_pins: bool) -> list[Shift]:
    """Up to ``count`` pins the rules allow on their own, found by trying random slots."""
    pins: list[Shift] = []
    for _ in range(count):
        for _attempt in range(60):
            agent = rng.choice(problem.agents)
            lengths = _valid_lengths(agent, problem.rules, grid.slot_minutes)
            if not lengths:
                continue
            if agent.primary_languages:
                role = Role.BACKUP if backup_pins and rng.random() < 0.3 else Role.PRIMARY
            elif backup_pins:
                role = Role.BACKUP
            else:
                continue
            start = grid.slot_start(rng.randrange(grid.n_slots))
            pin = Shift(agent_id=agent.id, role=role, start=start,
                        end=start + dt.timedelta(hours=rng.choice(lengths)))
            trial = pins + [pin]
            if not any(v.rule in _PIN_RULES for v in validate(problem, trial)):
                pins.append(pin)
                break
    return pins


def random_problem(
    seed: int,
    *,
    n_agents: int | tuple[int, int] = (3, 9),
    zones: Sequence[str] = ZONES,
    weeks: Sequence[dt.date] = tuple(WEEKS.values()),
    slot_minutes: Sequence[int] = (30, 60),
    leave: float = 0.3,
    previous: float = 0.5,
    pins: float = 0.5,
    backup_pins: bool = True,
    time_limit: float = 10.0,
) -> Problem:
    """A random team and week, the same for the same ``seed`` and options.

    ``leave``/``previous`` are the share of agents with leave / with shifts last week; ``pins`` the
    chance of 1-2 pinned shifts; ``backup_pins`` lets some of them be backup duty.
    """
    rng = random.Random(seed)
    n = n_agents if isinstance(n_agents, int) else rng.randint(*n_agents)
    slot = rng.choice(list(slot_minutes))
    week = rng.choice(list(weeks))
    agents = [_agent(rng, i + 1, zones, slot) for i in range(n)]
    rules = _rules(rng, slot, n)
    settings = TeamSettings(name=f"Random team {seed}", week_start=week,
                            timezone=rng.choice(list(zones)), slot_minutes=slot)
    grid = WeekGrid.for_settings(settings)
    peaks = ()
    if rng.random() < 0.3:
        day = week + dt.timedelta(days=rng.randrange(7))
        peaks = (PeakEvent(name="Flash sale", start=day, end=day, weight=rng.choice([2, 3]),
                           extra_capacity=rng.choice([0, 0.2])),)
    problem = Problem(
        settings=settings, rules=rules, agents=tuple(agents), demand=tuple(_demand(rng, agents)),
        peaks=peaks, time_off=tuple(_leave(rng, agents, week, leave)),
        previous_shifts=_in_file_order(_previous(rng, agents, rules, grid, previous)),
        solver=SolverSettings(time_limit_s=time_limit, workers=1, seed=0),
    )
    if rng.random() < pins:
        pinned = _pins(rng, problem, grid, rng.randint(1, 2), backup_pins)
        problem = problem.model_copy(update={"pinned_shifts": _in_file_order(pinned)})
    return problem


def write_random_team(seed: int, folder: str | Path, **options) -> Problem:
    """``random_problem(seed, **options)`` saved as a team folder; returns the Problem."""
    from scheduler.team_io import save_problem

    problem = random_problem(seed, **options)
    save_problem(problem, folder)
    return problem
