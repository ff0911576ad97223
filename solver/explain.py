"""Say *why* no roster exists, in a manager's words, never a bare 'INFEASIBLE'.

Two steps. ``precheck`` catches the common cases from the candidate shifts alone, instantly:
hours of the week nobody can work, pinned shifts that cannot be kept, contract minimums that
availability makes unreachable, a team too small for 24/7. ``explain_infeasibility`` handles the
rest: every hard-rule instance gets an assumption literal and CP-SAT returns a set of them that
cannot hold together, shrunk to a minimal set when time allows.
"""

from __future__ import annotations


import numpy as np
from ortools.sat.python import cp_model

from scheduler.contracts import effective_min_hours
from scheduler.domain import Problem
from scheduler.errors import Conflict
from solver.model import RosterModel, build_model
from solver.rules_coverage import carry_in

__all__ = ["precheck", "explain_infeasibility"]


def _ranges(flags: np.ndarray) -> list[tuple[int, int]]:
    out, start = [], None
    for i, f in enumerate(flags.tolist() + [False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            out.append((start, i))
            start = None
    return out


def _uncoverable_hours(rm: RosterModel) -> list[Conflict]:
    minimum = rm.problem.rules.min_online
    if minimum <= 0:
        return []
    n = rm.grid.n_slots
    c = rm.candidates
    primary = np.flatnonzero(c.role == 0)
    can = [set() for _ in range(n)]
    for i in primary:
        for t in range(int(c.start[i]), min(int(c.end[i]), n)):
            can[t].add(int(c.agent[i]))
    possible = np.array([len(s) for s in can]) + carry_in(rm)[("primary", "*")]
    out = []
    rules = rm.problem.rules
    for lo, hi in _ranges(possible < minimum):
        who = "nobody can" if possible[lo:hi].max() == 0 else f"only {possible[lo:hi].min()} agent(s) can"
        out.append(Conflict(
            rule="24/7 minimum online",
            message=(
                f"{who} be online {rm.grid.label(lo, hi)}, but the platform needs "
                f"{minimum} online in every hour. Every agent is outside their availability, on a "
                f"day off or on leave then, or it falls in the {rules.night_start:%H:%M}–"
                f"{rules.night_end:%H:%M} local no-work window of agents who are not night-willing. "
                "Fix: mark an agent night-willing, widen availability, or move leave."
            ),
            slots=tuple(range(lo, hi)),
        ))
    return out


def _unkeepable_pins(rm: RosterModel) -> list[Conflict]:
    kept = {(rm.problem.agents[int(a)].id, int(s), int(e))
            for a, s, e in zip(rm.candidates.agent[rm.candidates.pinned],
                               rm.candidates.start[rm.candidates.pinned],
                               rm.candidates.end[rm.candidates.pinned])}
    out = []
    for p in rm.problem.pinned_shifts:
        key = (p.agent_id, rm.grid.slot_of(p.start), rm.grid.slot_of(p.end))
        if key not in kept:
            agent = rm.problem.agent(p.agent_id)
            out.append(Conflict(
                rule="pinned shift",
                message=(f"the pinned {p.role.value} shift of {agent.name} ({agent.id}) starting "
                         f"{p.start.astimezone(agent.zone):%a %d %b %H:%M} (local) breaks their "
                         "availability, leave, allowed shift lengths or rest after last week; "
                         "unpin it or change the agent's settings"),
                agents=(agent.id,),
            ))
    return out


def _unreachable_minimums(rm: RosterModel) -> list[Conflict]:
    out = []
    slot_h = rm.grid.slot_minutes / 60
    for agent, idx in zip(rm.problem.agents, rm.by_agent):
        need = effective_min_hours(agent, rm.problem, rm.grid)
        if need <= 0:
            continue
        days = len(np.unique(rm.candidates.day[idx])) if len(idx) else 0
        longest = int(rm.candidates.length[idx].max()) * slot_h if len(idx) else 0
        most = min(agent.max_shifts, days) * longest
        most = min(most, agent.max_hours)
        if most + 1e-9 < need:
            out.append(Conflict(
                rule="min weekly hours",
                message=(f"{agent.name} ({agent.id}) must work at least {need:g} h, but their "
                         f"availability, leave and shift rules allow at most {most:g} h this week"),
                agents=(agent.id,),
            ))
    return out


def _team_too_small(rm: RosterModel) -> list[Conflict]:
    minimum = rm.problem.rules.min_online
    week_h = rm.grid.n_slots * rm.grid.slot_minutes / 60
    capacity = sum(min(a.max_hours, a.max_shifts * max(a.shift_lengths))
                   for a in rm.problem.agents if a.primary_languages)
    if capacity + 1e-9 < minimum * week_h:
        return [Conflict(
            rule="24/7 minimum online",
            message=(f"keeping {minimum} agent(s) online around the clock takes {minimum * week_h:g} "
                     f"agent-hours, but the team's contracts allow only {capacity:g} h in total; "
                     "raise max weekly hours or add agents"),
        )]
    return []


def precheck(rm: RosterModel) -> list[Conflict]:
    """Fast, certain reasons for infeasibility found without search."""
    return (_team_too_small(rm) + _uncoverable_hours(rm) + _unkeepable_pins(rm)
            + _unreachable_minimums(rm))


def _solve_with(rm: RosterModel, literals: list[int], time_limit: float) -> tuple[int, list[int]]:
    rm.model.clear_assumptions()
    rm.model.add_assumptions([rm.guard_vars[i] for i in literals])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_presolve = False  # presolve can return cores outside the assumptions
    status = solver.solve(rm.model)
    core = list(solver.sufficient_assumptions_for_infeasibility()) if status == cp_model.INFEASIBLE else []
    return status, [lit for lit in core if lit in rm.guards]


def explain_infeasibility(problem: Problem, time_limit: float = 20.0, shrink: bool = True,
                          inconclusive: bool = True) -> list[Conflict]:
    """Find a small set of hard-rule instances that cannot all hold (an unsatisfiable core).

    With ``inconclusive=False`` an empty list means "no clash found in time" instead of a
    generic message (used when the main search merely ran out of time).
    """
    rm = build_model(problem, use_guards=True)
    quick = precheck(rm)
    if quick:
        return quick
    rm.model.minimize(0)  # feasibility only
    status, core = _solve_with(rm, list(rm.guards), time_limit)
    if status != cp_model.INFEASIBLE or not core:
        if not inconclusive:
            return []
        return [Conflict(rule="hard rules", message=(
            "the hard rules (24/7 minimum, shift length, rest, weekly hours, days off) cannot all "
            "hold together, but no smaller cause was isolated in the time allowed; try relaxing "
            "one rule at a time"))]
    if shrink and len(core) <= 80:
        per_try = max(1.0, time_limit / max(len(core), 1))
        i = 0
        while i < len(core):
            trial = core[:i] + core[i + 1:]
            status, smaller = _solve_with(rm, trial, per_try)
            if status == cp_model.INFEASIBLE:
                core = smaller or trial
            else:
                i += 1
    conflicts = []
    for lit in core:
        rule, message, agents = rm.guards[lit]
        conflicts.append(Conflict(rule=rule, message=message, agents=agents))
    conflicts.sort(key=lambda c: (c.rule != "24/7 minimum online", c.rule, c.message))
    head = Conflict(rule="conflict", message=(
        "these rules cannot all hold at once; relaxing any one of them makes a roster possible:"))
    return [head] + conflicts


