"""Say *why* no roster exists, in a manager's words, never a bare 'INFEASIBLE'.

Two steps. ``precheck`` catches the common cases from the candidate shifts alone, instantly:
hours of the week nobody can work, pinned shifts that cannot be kept, contract minimums that
availability makes unreachable, a team too small for 24/7. ``explain_infeasibility`` handles the
rest: every hard-rule instance gets an assumption literal and CP-SAT returns a set of them that
cannot hold together, shrunk to a minimal set when time allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from scheduler.baseline import frozen_shifts
from scheduler.contracts import effective_min_hours
from scheduler.domain import Problem, Shift
from scheduler.errors import Conflict
from scheduler.formats import day_time
from scheduler.i18n import N_, _, ngettext
from scheduler.timegrid import describe_periods
from scheduler.validator import role_name
from solver.budget import Budget
from solver.build import build_model
from solver.model import RosterModel
from solver.rules_coverage import DAY_MARK, carry_in

__all__ = ["precheck", "explain", "Explanation", "explain_infeasibility", "group_conflicts",
           "CONFLICT"]

#: the rule of the line heading a list of clashing rules (shown translated, ``rule_name``)
CONFLICT = N_("conflict")


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
    """Hours in which fewer than ``min_online`` agents can possibly work: one line for all."""
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
    holes = _ranges(possible < minimum)
    if not holes:
        return []
    rules = rm.problem.rules
    fewest = int(min(possible[lo:hi].min() for lo, hi in holes))
    zone = rm.grid.planning_zone.key
    periods = describe_periods([(rm.grid.slot_start(lo), rm.grid.slot_start(hi))
                                for lo, hi in holes], rm.grid.planning_zone)
    hours = sum(hi - lo for lo, hi in holes) * rm.grid.slot_minutes / 60
    who = (_("nobody can be online in {hours} h of the week ({zone}): {periods}") if fewest == 0
           else _("only {count} agent(s) can be online in {hours} h of the week ({zone}): "
                  "{periods}"))
    return [Conflict(
        rule="24/7 minimum online",
        message=who.format(count=fewest, hours=f"{hours:g}", zone=zone, periods=periods) + _(
            "; the platform needs {needed} online in every hour. Every agent is outside their "
            "availability, on a day off or on leave then, or it falls in the {start}–{end} "
            "local no-work window of agents who are not night-willing. Fix: mark an agent "
            "night-willing, widen availability, or move leave.").format(
            needed=minimum, start=f"{rules.no_work_start:%H:%M}",
            end=f"{rules.no_work_end:%H:%M}"),
        slots=tuple(t for lo, hi in holes for t in range(lo, hi)),
    )]


def _unkeepable_pins(rm: RosterModel) -> list[Conflict]:
    """Pinned or frozen shifts that are no candidate (their agent's rules forbid them)."""
    c = rm.candidates
    out = []
    for rule, given, flags in (("pinned shift", rm.problem.pinned_shifts, c.pinned),
                               ("frozen shift", frozen_shifts(rm.problem), c.frozen)):
        kept = {(rm.problem.agents[int(a)].id, int(s), int(e))
                for a, s, e in zip(c.agent[flags], c.start[flags], c.end[flags])}
        for p in given:
            if (p.agent_id, rm.grid.slot_of(p.start), rm.grid.slot_of(p.end)) in kept:
                continue
            agent = rm.problem.agent(p.agent_id)
            text = (_("the pinned {role} shift of {agent} starting {start} (local) breaks their "
                      "availability, leave, allowed shift lengths or rest after last week; unpin "
                      "it or change the agent's settings") if rule == "pinned shift" else
                    _("the frozen (already started) {role} shift of {agent} starting {start} "
                      "(local) breaks their availability, leave, allowed shift lengths or rest "
                      "after last week; end the leave at the freeze time or move the freeze "
                      "time before the shift"))
            out.append(Conflict(
                rule=rule,
                message=text.format(role=role_name(p.role), agent=f"{agent.name} ({agent.id})",
                                    start=day_time(p.start.astimezone(agent.zone))),
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
                message=_("{agent} must work at least {need} h, but their availability, leave "
                          "and shift rules allow at most {most} h this week").format(
                    agent=f"{agent.name} ({agent.id})", need=f"{need:g}", most=f"{most:g}"),
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
            message=_("keeping {count} agent(s) online around the clock takes {needed} "
                      "agent-hours, but the team's contracts allow only {capacity} h in total; "
                      "raise max weekly hours or add agents").format(
                count=minimum, needed=f"{minimum * week_h:g}", capacity=f"{capacity:g}"),
        )]
    return []


def precheck(rm: RosterModel) -> list[Conflict]:
    """Fast, certain reasons for infeasibility found without search."""
    return (_team_too_small(rm) + _uncoverable_hours(rm) + _unkeepable_pins(rm)
            + _unreachable_minimums(rm))


def group_conflicts(problem: Problem, conflicts: list[Conflict]) -> list[Conflict]:
    """One line per cause: the same rule with the same words for several agents is listed once,
    with the agents named ("24 agents — Li Na (SZ01), …: must be given at least 32 h")."""
    names = {a.id: f"{a.name} ({a.id})" for a in problem.agents}
    groups: dict[tuple[str, str], list[Conflict]] = {}
    for c in conflicts:
        template = c.message
        if len(c.agents) == 1 and names.get(c.agents[0], "\0") in template:
            template = template.replace(names[c.agents[0]], "{agent}", 1)
        groups.setdefault((c.rule, template), []).append(c)
    out = []
    for (rule, template), members in groups.items():
        if len(members) == 1 or "{agent}" not in template:
            out += members
            continue
        agents = tuple(a for c in members for a in c.agents)
        shown = [names[a] for a in agents[:8]]
        if len(agents) > 8:
            shown.append(_("{count} more").format(count=len(agents) - 8))
        rest = template.replace("{agent}", "").strip()
        out.append(Conflict(rule=rule, message=ngettext(
            "{count} agent — {names}: {rest}", "{count} agents — {names}: {rest}",
            len(agents)).format(count=len(agents), names=_(", ").join(shown), rest=rest),
            agents=agents))
    return out


def _solve_with(rm: RosterModel, literals: list[int], time_limit: float, workers: int
                ) -> tuple[int, list[int], list[Shift] | None]:
    """Solve the guarded model under ``literals``: (status, core, a roster if one was found).

    Presolve stays on: it proves most clashes of this model in well under a second, where
    search without it ran out of time on small teams. Its core is then often every assumption;
    ``explain`` shrinks it.
    """
    rm.model.clear_assumptions()
    rm.model.add_assumptions([rm.guard_vars[i] for i in literals])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.01)
    solver.parameters.num_workers = workers
    status = solver.solve(rm.model)
    core = list(solver.sufficient_assumptions_for_infeasibility()) if status == cp_model.INFEASIBLE else []
    shifts = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = np.flatnonzero(np.array(solver.boolean_values(rm.x), dtype=bool))
        shifts = [rm.candidates.to_shift(int(i), rm.problem, rm.grid) for i in chosen]
    kept = set(literals)
    return status, [lit for lit in core if lit in kept] or list(literals), shifts


@dataclass
class Explanation:
    """Why the hard rules clash (``conflicts``), or, if the search for a clash found none but a
    roster keeping every hard rule, that ``roster``. Both empty: nothing settled in time.
    ``minimal``: no rule instance can be dropped from the conflicts (else the shrinking ran out
    of time and the list may name more than the cause)."""

    conflicts: list[Conflict] = field(default_factory=list)
    roster: list[Shift] | None = None
    minimal: bool = True


def _shrink(rm: RosterModel, core: list[int], budget: Budget, workers: int) -> tuple[list[int], bool]:
    """Deletion filter: drop what the clash does not need, whole rule families first (a handful
    of solves), then single instances, while time lasts. Returns (core, minimal?)."""
    def still_clashes(trial: list[int], left: int) -> list[int] | None:
        per_try = min(budget.left(), max(0.5, budget.left() / max(left, 1)))
        status, smaller, _roster = _solve_with(rm, trial, per_try, workers)
        return smaller if status == cp_model.INFEASIBLE else None

    families = list(dict.fromkeys(rm.guards[lit][0] for lit in core))
    for family in families:
        if budget.left() <= 0.05:
            return core, False
        trial = [lit for lit in core if rm.guards[lit][0] != family]
        if trial and len(trial) < len(core):
            core = still_clashes(trial, len(families)) or core
    i = 0
    while i < len(core):
        if budget.left() <= 0.05:
            return core, False
        smaller = still_clashes(core[:i] + core[i + 1:], len(core) - i)
        if smaller is not None:
            core = smaller
        else:
            i += 1
    return core, True


def explain(problem: Problem, seconds: float, workers: int = 2) -> Explanation:
    """Find a small set of hard-rule instances that cannot all hold (an unsatisfiable core),
    within ``seconds`` in all (model build and shrinking included)."""
    budget = Budget(seconds)
    rm = build_model(problem, use_guards=True)
    quick = precheck(rm)
    if quick:
        return Explanation(group_conflicts(problem, quick))
    rm.model.minimize(0)  # feasibility only
    status, core, roster = _solve_with(rm, list(rm.guards), budget.left(), workers)
    if roster is not None:
        return Explanation(roster=roster)
    if status != cp_model.INFEASIBLE or not core:
        return Explanation()
    core, minimal = _shrink(rm, core, budget, workers)
    core.sort(key=lambda lit: (rm.guards[lit][0] != "24/7 minimum online", rm.guards[lit][0], lit))
    conflicts = group_conflicts(problem, _join_days(
        [Conflict(rule=rm.guards[lit][0], message=rm.guards[lit][1], agents=rm.guards[lit][2])
         for lit in core]))
    if minimal or len(conflicts) <= 6:
        head = Conflict(rule=CONFLICT, message=(
            _("these rules cannot all hold at once; relaxing any one of them makes a roster "
              "possible:")
            if minimal else
            _("these rules cannot all hold at once (the search for the fewest ran out of time, "
              "so some listed may not be needed for the clash):")))
        return Explanation([head] + conflicts, minimal=minimal)
    families = _(", ").join(dict.fromkeys(_(c.rule) for c in conflicts))
    return Explanation([Conflict(rule=CONFLICT, message=_(
        "no roster can keep these rules together: {rules}; the search for the fewest clashing "
        "rules ran out of time — the best-effort roster shows where the week breaks").format(
        rules=families))], minimal=False)


def _join_days(conflicts: list[Conflict]) -> list[Conflict]:
    """The 24/7 rule is guarded per planning day; several days of it become one line."""
    mark = _(DAY_MARK)
    days = [c for c in conflicts if c.rule == "24/7 minimum online" and mark in c.message]
    if len(days) < 2:
        return conflicts
    head, first = days[0].message.partition(mark)[::2]
    zone = first[first.rfind(" ("):]
    listed = _(", ").join(c.message.partition(mark)[2].removesuffix(zone) for c in days)
    joined = Conflict(rule="24/7 minimum online", message=f"{head}{mark}{listed}{zone}")
    return [joined] + [c for c in conflicts if c not in days]


def explain_infeasibility(problem: Problem, time_limit: float = 20.0, workers: int = 2
                          ) -> list[Conflict]:
    """Plain-words reasons why no roster keeps every hard rule (a generic line if none found)."""
    found = explain(problem, time_limit, workers)
    if found.conflicts:
        return found.conflicts
    return [Conflict(rule=N_("hard rules"), message=_(
        "the hard rules (24/7 minimum, shift length, rest, weekly hours, days off) cannot all "
        "hold together, but no smaller cause was isolated in the time allowed; try relaxing "
        "one rule at a time"))]
