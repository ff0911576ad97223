"""Tiny hand-made problems for rule-by-rule tests (imported as `toy`).

Solver calls in tests go through :func:`solve_toy`: one worker, a fixed seed, and a *fixed amount
of work* (CP-SAT deterministic time, see :func:`deterministic_work`) instead of a wall-clock
budget, so a busy machine can make a test slower but never change what it returns. The
wall-clock limit is only a safety net far above what the toy weeks need.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from ortools.sat.python import cp_model

from scheduler.domain import (
    Agent,
    AvailabilityWindow,
    DemandRow,
    Problem,
    Role,
    Rules,
    Shift,
    SolverSettings,
    TeamSettings,
    TimeOff,
    Weights,
)
from scheduler.timegrid import UTC, WeekGrid

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
WEEK = dt.date(2026, 11, 30)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)

#: Rules that switch off everything a single-rule test does not look at: no 24/7 minimum, no
#: days-off or streak limits (a 7-day week can have 7 working days).
LOOSE = dict(min_online=0, min_days_off=0, max_consecutive_days=7)


#: Agent-local 06:00-22:00 every day: keeps one-agent weeks small (a few start times a day).
DAYTIME = (AvailabilityWindow(weekdays=frozenset(range(7)), start=dt.time(6), end=dt.time(22)),)

#: Only coverage counts: any roster that keeps the hard rules and meets demand is optimal, so a
#: whole 24/7 week is proved optimal at once instead of after a long search over equal costs.
FLAT = Weights(cost_per_hour=0, night_premium=0, preference=0, fairness=0, goal="coverage")

#: Rule tests speak of required agents (demand.csv), so toy weeks use the coverage goal unless
#: a test is about the service goal itself.
COVERAGE = Weights(goal="coverage")


def make_agent(id_: str, **kw) -> Agent:
    defaults = dict(name=f"Agent {id_}", timezone="Asia/Shanghai", primary_languages=("en",),
                    min_hours=0, max_hours=40, max_shifts=5, shift_lengths=(8,), night_willing=True)
    defaults.update(kw)
    return Agent(id=id_, **defaults)


def make_problem(agents: list[Agent], demand: list[DemandRow] | None = None, **kw) -> Problem:
    settings = kw.pop("settings", None) or TeamSettings(
        name="toy", week_start=kw.pop("week_start", WEEK),
        timezone=kw.pop("timezone", "Asia/Shanghai"), slot_minutes=kw.pop("slot_minutes", 60))
    return Problem(settings=settings, agents=tuple(agents), demand=tuple(demand or ()),
                   rules=kw.pop("rules", Rules()), weights=kw.pop("weights", COVERAGE),
                   solver=kw.pop("solver", SolverSettings(time_limit_s=30, workers=1, seed=0)),
                   **kw)


def loose_rules(**kw) -> Rules:
    return Rules(**{**LOOSE, **kw})


def rules_of(violations) -> set[str]:
    return {v.rule for v in violations}


# ----------------------------------------------------------------------------- time helpers


def local(zone: str | ZoneInfo, naive: dt.datetime) -> dt.datetime:
    """A wall-clock time in ``zone`` as an aware UTC instant."""
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    return naive.replace(tzinfo=zone).astimezone(UTC)


def to_local(zone: str | ZoneInfo, instant: dt.datetime) -> dt.datetime:
    """An instant as naive wall-clock time in ``zone``."""
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    return instant.astimezone(zone).replace(tzinfo=None)


def utc_shift(agent: str, start: dt.datetime, hours: float, role: Role = Role.PRIMARY) -> Shift:
    return Shift(agent_id=agent, role=role, start=start, end=start + dt.timedelta(hours=hours))


def local_shift(agent: str, zone: str, start: dt.datetime, hours: float,
                role: Role = Role.PRIMARY) -> Shift:
    """A shift starting at naive wall-clock ``start`` in ``zone``, lasting ``hours`` real hours."""
    return utc_shift(agent, local(zone, start), hours, role)


def leave_utc(agent: Agent, start: dt.datetime, end: dt.datetime, reason: str = "") -> TimeOff:
    """Leave over the UTC interval [start, end), written in the agent's local time as files do."""
    return TimeOff(agent_id=agent.id, start=to_local(agent.zone, start),
                   end=to_local(agent.zone, end), reason=reason)


def demand_utc(problem_settings: TeamSettings, start: dt.datetime, end: dt.datetime,
               language: str = "en", primary: int = 1, backup: int = 0) -> list[DemandRow]:
    """Demand rows (planning-zone wall clock, one per slot) for the UTC interval [start, end).

    Times must be on the slot grid and the interval must not contain a repeated (fall-back)
    hour; that keeps every row unique. The interval is clipped to the planning week.
    """
    zone = ZoneInfo(problem_settings.timezone)
    slot = dt.timedelta(minutes=problem_settings.slot_minutes)
    grid = WeekGrid.for_settings(problem_settings)
    rows, t = [], max(start, grid.start_utc)
    end = min(end, grid.end_utc)  # rows are weekly: outside the week they would wrap around
    while t < end:
        a, b = t.astimezone(zone), (t + slot).astimezone(zone)
        rows.append(DemandRow(weekday=a.weekday(), start=a.time(),
                              end=b.time() if b.date() == a.date() else dt.time(0),
                              language=language, primary=primary, backup=backup))
        t += slot
    return rows


def local_minutes(shift: Shift, zone: str | ZoneInfo) -> list[dt.datetime]:
    """Every minute of the shift on the agent's wall clock (the test's own exact-time check)."""
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    n = int((shift.end - shift.start).total_seconds() // 60)
    return [to_local(zone, shift.start + dt.timedelta(minutes=k)) for k in range(n)]


def on_grid(grid: WeekGrid, instant: dt.datetime, up: bool = False) -> dt.datetime:
    """``instant`` moved down (or up) to the nearest slot boundary."""
    i = grid.slot_of(instant)
    if up and grid.slot_start(i) < instant:
        i += 1
    return grid.slot_start(i)


def week_grid(problem: Problem) -> WeekGrid:
    return WeekGrid.for_settings(problem.settings)


# ----------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Place:
    """Where a solver test runs: planning zone, the agents' zone, the week, and a pivot instant.

    ``pivot`` is the DST change inside the week when there is one (so events placed around it
    straddle the change), otherwise a Saturday evening; it is on the slot grid.
    """

    id: str
    planning: str
    zone: str
    week: dt.date
    pivot: dt.datetime

    def settings(self, slot_minutes: int = 60) -> TeamSettings:
        return TeamSettings(name=f"toy {self.id}", week_start=self.week, timezone=self.planning,
                            slot_minutes=slot_minutes)

    def grid(self, slot_minutes: int = 60) -> WeekGrid:
        return WeekGrid.for_settings(self.settings(slot_minutes))

    def daily(self, hour: int = 10, days: int = 7, slot_minutes: int = 60) -> list[dt.datetime]:
        """The first ``days`` agent-local ``hour``:00 instants inside the week, each moved back
        to the slot grid (so at most one slot earlier on the agent's clock, same local date)."""
        g = self.grid(slot_minutes)
        first = to_local(self.zone, g.start_utc).date()
        out = []
        for k in range(days + 1):
            t = local(self.zone, dt.datetime.combine(first + dt.timedelta(days=k), dt.time(hour)))
            t = g.slot_start(g.slot_of(t))
            if g.start_utc <= t < g.end_utc and len(out) < days:
                out.append(t)
        return out

    def agent(self, id_: str, **kw) -> Agent:
        return make_agent(id_, timezone=self.zone, **kw)

    def problem(self, agents: list[Agent], demand: list[DemandRow] | None = None, **kw) -> Problem:
        return make_problem(agents, demand, settings=self.settings(kw.pop("slot_minutes", 60)),
                            rules=kw.pop("rules", loose_rules()), **kw)


#: US spring-forward week: Los Angeles agents and planning; Sunday 8 Mar 2026 02:00 PST -> 03:00
#: PDT falls inside the week (10:00 UTC), so the week has 167 hours.
LA_SPRING = Place("la-spring", "America/Los_Angeles", "America/Los_Angeles", dt.date(2026, 3, 2),
                  dt.datetime(2026, 3, 8, 10, tzinfo=UTC))
#: US fall-back week planned in Madrid: Sunday 1 Nov 2026 02:00 PDT -> 01:00 PST (09:00 UTC).
LA_FALL = Place("la-fall-madrid", "Europe/Madrid", "America/Los_Angeles", dt.date(2026, 10, 26),
                dt.datetime(2026, 11, 1, 9, tzinfo=UTC))
#: +05:45 agents on a Shanghai (+08:00) slot grid: every slot starts at :45 agent-local time.
KATHMANDU = Place("kathmandu", "Asia/Shanghai", "Asia/Kathmandu", dt.date(2026, 11, 30),
                  dt.datetime(2026, 12, 5, 12, tzinfo=UTC))
#: +12:45 -> +13:45 (Chatham Islands start DST on Sunday 27 Sep 2026, 02:45 local = 14:00 UTC
#: on the 26th), on a Shanghai grid: a :45 zone and a southern-hemisphere DST change at once.
CHATHAM = Place("chatham-spring", "Asia/Shanghai", "Pacific/Chatham", dt.date(2026, 9, 21),
                dt.datetime(2026, 9, 26, 14, tzinfo=UTC))

PLACES = (LA_SPRING, LA_FALL, KATHMANDU, CHATHAM)


# ----------------------------------------------------------------------------- solving


@contextlib.contextmanager
def deterministic_work(per_search: float, total: float | None = None) -> Iterator[None]:
    """Every CP-SAT search started inside stops after ``per_search`` units of deterministic
    time, and all of them together after ``total`` units (later searches get almost nothing).

    CP-SAT's deterministic time counts work done, not seconds; with one worker and a fixed seed
    the searches and their results are the same on an idle and on an overloaded machine.
    """
    original = cp_model.CpSolver
    left = [float("inf") if total is None else total]

    class FixedWorkSolver(original):  # type: ignore[misc, valid-type]
        def solve(self, model, solution_callback=None):  # noqa: ANN001, ANN201
            p = self.parameters
            p.max_deterministic_time = max(1e-3, min(p.max_deterministic_time, per_search, left[0]))
            status = super().solve(model, solution_callback)
            left[0] -= self.response_proto.deterministic_time
            return status

    cp_model.CpSolver = FixedWorkSolver
    try:
        yield
    finally:
        cp_model.CpSolver = original


#: Work budget for toy weeks: far more than any of them needs to prove optimality.
TOY_WORK = 20.0
#: Wall-clock safety net only: never reached unless the machine is stalled for minutes.
SAFETY_SECONDS = 120.0


def solve_toy(problem: Problem, dtime: float = TOY_WORK, total: float | None = None, **kw):
    """solver.solve with one worker, seed 0 and a fixed amount of work: ``dtime`` per CP-SAT
    search, ``total`` (default 3 x ``dtime``) for the whole solve, explanation included."""
    from solver import solve

    kw.setdefault("time_limit", SAFETY_SECONDS)
    kw.setdefault("workers", 1)
    kw.setdefault("seed", 0)
    with deterministic_work(dtime, 3 * dtime if total is None else total):
        return solve(problem, **kw)


def solve_optimal(problem: Problem, dtime: float = TOY_WORK):
    """The shifts of a toy week solved to proven optimality (within the relative gap limit).

    The solver falls back on the validator (and a search for any valid roster) when its model
    yields a roster that breaks a rule; asserting OPTIMAL makes such a fallback — a model bug
    the fallback would otherwise hide — fail the test.
    """
    from scheduler.domain import RosterStatus

    roster = solve_toy(problem, dtime).roster
    assert roster.status is RosterStatus.OPTIMAL, roster.status
    return roster.shifts


def shifts_of(shifts, agent_id: str, role: Role | None = None) -> list[Shift]:
    mine = (s for s in shifts if s.agent_id == agent_id and (role is None or s.role is role))
    return sorted(mine, key=lambda s: s.start)


def hours_of(shifts, agent_id: str) -> float:
    return sum(s.hours for s in shifts if s.agent_id == agent_id)
