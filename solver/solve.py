"""Solve one week within one time budget: a start, a search pipeline, and an honest answer.

    greedy start (always; a saved roster too when it is better, validated, reported at once)
    → when the start bends a rule: CP-SAT on the bent rules alone until a roster keeps them all
    → LP relaxation (HiGHS interior point + crossover over merged interchangeable agents: a
      proven bound and a guide), then its rounding (the greedy takes the LP's shifts first)
    → LP-guided restricted MIP (HiGHS over the candidates the LP uses + the incumbent's): over
      everyone up to ``BLOCK_MIP_AGENTS`` agents, over blocks of agents beyond
    → CP-SAT on the full model from the best roster as a complete hint, while time remains.

All three searches read the same CP-SAT model (``solver/search/proto_lp.py`` converts it), so
every rule is written once. The bound shown is the best proven one (the LP's, proven on the full
model from its row prices, or CP-SAT's) and the search stops as soon as the roster is within
``[solver] relative_gap`` of it. HiGHS cannot be interrupted, so the LP starts only when it is
expected to end within its share of the time left at the pace this process gets
(``Budget.pace``), and CP-SAT only when the time left covers loading the model.

The model bends the rules the manager marked bendable (``[rules] relaxable``) only at a price far
above every soft goal, so a roster always exists to start from and an infeasible week still gets
a best-effort roster. A roster that bends nothing is returned; one that bends something comes
back inside ``InfeasibleRosterError`` with the explanation (found in the time that is left),
the breaches and the smallest fixes. Everything, explanation included, fits in ``time_limit``.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from scheduler.domain import RELAXABLE_RULES, Problem, Roster, RosterStatus, Shift
from scheduler.errors import Conflict, InfeasibleRosterError, RosterError
from scheduler.fixes import smallest_fixes
from scheduler.i18n import _
from scheduler.validator import Violation, validate
from solver.budget import Budget
from solver.explain import explain, explain_infeasibility, group_conflicts, precheck
from solver.greedy import greedy_roster
from solver.hints import (
    breach_of,
    breakdown_of,
    hint_from_indices,
    indices_of_shifts,
    objective_of,
)
from solver.build import build_model
from solver.model import RosterModel
from solver.search.block_mip import improve_by_blocks
from solver.search.lp_relaxation import LpResult, solve_lp
from solver.search.proto_lp import UnsupportedModelError, linearize
from solver.search.restricted_mip import lp_guided_keep, solve_restricted_mip
from solver.search.rounding import rounding_order

__all__ = ["Progress", "SolveResult", "solve", "indices_of_shifts", "hint_from_indices"]

#: Shares of the time left that the LP and then the restricted MIP may use at most; CP-SAT
#: polishes with the rest. Both usually finish far sooner (sample team: ~1 s and ~2 s). An LP
#: that ends late still pays: its bound, and its rounding (800x7: 2.5% above the bound, 2 s).
#: The LP does not start when it is not expected to end in its share (``solve_lp``'s ``pace``).
LP_SHARE = 0.9
MIP_SHARE = 0.8
#: From this many agents the restricted MIP runs over blocks of agents (``block_mip``): HiGHS
#: returns nothing before its MIP over everyone ends, ~85 s at 400x7 and ~55 s at 800x7 (0.03%
#: above the LP bound then), while blocks of ~2 s each passed 0.5% after 7 s at 400x7 and 11 s
#: at 800x7. At 200x7 the MIP over everyone ends in ~25 s (0.09%) and stays the better choice.
BLOCK_MIP_AGENTS = 300
#: The MIP over everyone first gets this long (at least MIP_FIRST_SECONDS); if it has not
#: proved its roster by then, blocks of agents take the rest (see ``_lp_and_restricted_mip``).
MIP_FIRST_SHARE = 0.3
MIP_FIRST_SECONDS = 2.0
#: Agents per block: with the LP's candidates (measured at 800x7: 150 beat 80 and 250), and
#: with all of their candidates when there is no LP (10 beat 20 and 40).
BLOCK_SIZE = 150
BLOCK_SIZE_WITHOUT_LP = 10
#: HiGHS' own stopping gap in the restricted MIP. Measured at 200x7: with 0.25% it kept
#: returning the warm start after 35 s, with 0.01% it reached 0.08% above the LP bound.
MIP_GAP = 1e-4
#: CP-SAT wall seconds per candidate shift before its first roster (loading, presolve, the
#: hinted roster; 2 workers, idle 2-core machine): 200x7 5.1 s, 400x7 9.7 s, 800x7 13.6 s.
CP_SAT_LOAD_SECONDS_PER_CANDIDATE = 1.2e-4
#: Share of the budget kept for explaining an infeasible week: when the search still bends a
#: rule this close to the end, it stops and the explanation gets the rest.
EXPLAIN_SHARE = 0.25
#: With a roster still bent after the first repair, the restricted MIP gets this share of the
#: time before the explanation: its candidates may lack the shifts that keep every rule, and
#: the repair phase on the full model gets the rest.
BENT_MIP_SHARE = 0.4

#: Full-search workers in order of usefulness for this model. The LP-heavy ones come first:
#: the candidate-shift model has a tight LP relaxation, and "max_lp" (linearization level 2)
#: is the worker that proves the bound; the default portfolio only includes it from 8 workers.
PORTFOLIO = ("max_lp", "reduced_costs", "default_lp", "quick_restart", "core", "pseudo_costs",
             "no_lp", "lb_tree_search")
#: With a bent start, the repair phase first gets this share of the time before the
#: explanation (an 8-agent 24/7 team through `roster solve --time-limit 5`: the LP and the MIP
#: took the time and no valid roster was found; the repair alone finds one in about 1 s).
REPAIR_FIRST_SHARE = 0.75
#: Workers of the repair phase (fewest bent rules): the LP-heavy one and fast restarts. On the
#: 5 random teams of 94 whose greedy start bent a rule and that proved feasible (2 workers): a
#: valid roster in 4.2 s in all against 5.8 s with the default portfolio; none over 0.2 s slower.
REPAIR_PORTFOLIO = ("max_lp", "quick_restart", "default_lp", "core", "no_lp", "pseudo_costs")


@dataclass(frozen=True)
class Progress:
    """A snapshot of the search, for progress bars in the CLI and the app."""

    elapsed: float
    objective: float | None
    bound: float | None
    solutions: int
    time_limit: float
    stage: str = ""  # "start", "LP bound", "restricted MIP", "keeping every rule", "CP-SAT"

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return abs(self.objective - self.bound) / max(abs(self.objective), 1e-9)


ProgressFn = Callable[[Progress], None]


@dataclass
class SolveResult:
    roster: Roster
    breakdown: dict[str, float]  # objective term name -> cost in the roster
    n_candidates: int
    build_seconds: float
    first_solution_seconds: float | None
    progress: list[Progress] = field(default_factory=list)


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Forwards CP-SAT's solutions and bounds as Progress, and remembers the best choice."""

    def __init__(self, rm: RosterModel, on_progress: ProgressFn | None, time_limit: float,
                 cancel: threading.Event | None, started: float) -> None:
        super().__init__()
        self.rm = rm
        self.on_progress = on_progress
        self.time_limit = time_limit
        self.cancel = cancel
        self.history: list[Progress] = []
        self.started = started  # elapsed times count from the start of solve(), build included
        self.solutions = 0
        self.best: float | None = None
        self.bound: float | None = None
        self.chosen: np.ndarray | None = None
        self.bent = False  # does the best roster bend a rule?
        self.stage = "start"
        self.lp_bound: float | None = None  # the LP's proof; CP-SAT's bound may add to it
        self.lock = threading.Lock()
        self._x_index = np.array([v.index for v in rm.x], dtype=np.int64)
        self._breach_index = np.array([v.index for t in rm.terms.values()
                                       if t.family == "bent rules" for v in t.variables],
                                      dtype=np.int64)

    def _emit(self) -> None:
        snap = Progress(time.perf_counter() - self.started, self.best, self.bound, self.solutions,
                        self.time_limit, self.stage)
        self.history.append(snap)
        if self.on_progress:
            self.on_progress(snap)

    def on_solution_callback(self) -> None:
        with self.lock:
            self.solutions += 1
            self.best = self.objective_value
            self._raise_bound(self.best_objective_bound)
            solution = np.asarray(self.response_proto.solution, dtype=np.int64)
            self.chosen = np.flatnonzero(solution[self._x_index] > 0)
            self.bent = bool(solution[self._breach_index].any())
            self._emit()
        if self.cancel is not None and self.cancel.is_set():
            self.stop_search()

    def offer(self, chosen: np.ndarray, objective: float, bent: bool) -> None:
        """A roster found outside CP-SAT (the start, or the restricted MIP's)."""
        with self.lock:
            if self.best is not None and objective >= self.best:
                return
            self.solutions += 1
            self.best = objective
            self.chosen = np.asarray(chosen, dtype=np.int64)
            self.bent = bent
            self._emit()

    def on_bound(self, bound: float) -> None:
        with self.lock:
            self._raise_bound(bound)
            self._emit()

    def _raise_bound(self, bound: float | None) -> None:
        """Keep the best proven bound: the larger of the LP's and CP-SAT's."""
        if bound is not None and (self.bound is None or bound > self.bound):
            self.bound = bound

    def close_enough(self, relative_gap: float) -> bool:
        """Is the best roster within ``relative_gap`` of the best proven bound?"""
        if self.best is None or self.bound is None:
            return False
        return self.best - self.bound <= relative_gap * max(abs(self.best), 1e-9)


def _unbent_ceiling(rm: RosterModel) -> float:
    """The highest objective a roster can have without bending a rule: every soft term at its
    upper bound. A proven bound above it proves that every roster bends a rule."""
    variables = rm.model.proto.variables  # (its repeated fields take no negative index)
    terms = [t for t in rm.terms.values() if t.family != "bent rules"]
    return float(sum(t.constant for t in terms) + sum(
        coef * (max(variables[var.index].domain) if coef > 0 else min(variables[var.index].domain))
        for term in terms for var, coef in zip(term.variables, term.coefficients)))


def _shifts(rm: RosterModel, chosen: np.ndarray) -> list[Shift]:
    return [rm.candidates.to_shift(int(i), rm.problem, rm.grid) for i in chosen]


def _bends_only_bendable(problem: Problem, violations: list[Violation]) -> bool:
    bendable = {RELAXABLE_RULES[r] for r in problem.rules.relaxable}
    return all(v.rule in bendable for v in violations)


def _starting_roster(rm: RosterModel, hint: list[Shift] | None) -> np.ndarray:
    """The greedy roster, or a saved roster (``hint``) when it keeps the rules and costs less.

    The greedy start always keeps every rule that cannot bend, so the search has a roster from
    the first second; a saved roster may not (rules changed since), so it is only a candidate.
    When re-rostering, the greedy takes the baseline's shifts first and repairs around them.
    """
    baseline = np.flatnonzero(rm.candidates.baseline)
    chosen = greedy_roster(rm, first=baseline if len(baseline) else None)
    if hint:
        saved = indices_of_shifts(rm, hint)
        if len(saved) and _bends_only_bendable(rm.problem, validate(rm.problem, _shifts(rm, saved))) \
                and objective_of(rm, saved) < objective_of(rm, chosen):
            chosen = saved
    return chosen


def _cp_sat(rm: RosterModel, reporter: _Reporter, budget: Budget, *, workers: int, seed: int,
            relative_gap: float, log: bool, cancel: threading.Event | None,
            explain_at: float | None) -> int:
    """CP-SAT on the full model from the hinted roster until the budget (or ``explain_at`` if the
    best roster still bends a rule then) runs out."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(budget.left(), 0.01)
    params.num_workers = workers
    params.random_seed = seed
    params.relative_gap_limit = relative_gap
    params.log_search_progress = log
    if workers >= 2:
        params.subsolvers.extend(PORTFOLIO[:workers])
    # Probing costs seconds of presolve at 50k candidate shifts and barely tightens this model.
    params.cp_model_probing_level = 0
    solver.best_bound_callback = reporter.on_bound
    done = threading.Event()

    def watch() -> None:  # stop even when no new solution arrives to check the flags
        while not done.wait(0.1):
            if cancel is not None and cancel.is_set():
                solver.stop_search()
                return
            if explain_at is not None and time.perf_counter() >= explain_at and reporter.bent:
                solver.stop_search()
                return
            if reporter.close_enough(relative_gap):  # the LP bound proves it, CP-SAT may not
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        return solver.solve(rm.model, reporter)
    finally:
        done.set()


class _RepairWatch(cp_model.CpSolverSolutionCallback):
    """Passes each roster of the repair search to the reporter (priced by the real objective)
    and stops the search at the first one that bends nothing."""

    def __init__(self, rm: RosterModel, reporter: _Reporter, breach_vars: list[cp_model.IntVar],
                 cancel: threading.Event | None) -> None:
        super().__init__()
        self.rm, self.reporter, self.cancel = rm, reporter, cancel
        self._x_index = reporter._x_index
        self._breach = np.array([v.index for v in breach_vars], dtype=np.int64)

    def on_solution_callback(self) -> None:
        solution = np.asarray(self.response_proto.solution, dtype=np.int64)
        chosen = np.flatnonzero(solution[self._x_index] > 0)
        bent = bool(solution[self._breach].any())
        self.reporter.offer(chosen, objective_of(self.rm, chosen), bent)
        if not bent or (self.cancel is not None and self.cancel.is_set()):
            self.stop_search()


def _repair_breaches(rm: RosterModel, reporter: _Reporter, seconds: float, *, workers: int,
                     seed: int, cancel: threading.Event | None) -> None:
    """CP-SAT on the bent rules alone, from the best roster, until one bends nothing.

    On tight weeks (a small team that can just cover 24/7) keeping the hard rules is itself the
    hard part; the full objective spreads the search over cost and fairness first. Measured on a
    6-agent team whose contracts add up to exactly 168 h: no valid roster in 10 s with the full
    objective, one in 1-9 s (by seed and workers) with this one.
    """
    breach_vars = [v for t in rm.terms.values() if t.family == "bent rules" for v in t.variables]
    if not breach_vars or seconds < 0.2:
        return
    rm.model.minimize(cp_model.LinearExpr.sum(breach_vars))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if workers >= 2:
        solver.parameters.subsolvers.extend(REPAIR_PORTFOLIO[:workers])
    try:
        solver.solve(rm.model, _RepairWatch(rm, reporter, breach_vars, cancel))
    finally:
        rm.model.minimize(rm.objective_expr())


def _lp_and_restricted_mip(rm: RosterModel, reporter: _Reporter, budget: Budget,
                           explain_at: float | None, cancel: threading.Event | None) -> None:
    """LP relaxation, then the MIP over the candidates it uses plus the incumbent's.

    Each stage gets a share of what is left and is skipped when too little is; a stage that
    runs out of time leaves the incumbent as it was. HiGHS runs on one thread: its thread pool
    is fixed per process, and CP-SAT gets the cores afterwards. HiGHS cannot be interrupted
    (OR-Tools 9.15's MathOpt backend ignores interrupters), so Cancel takes effect between
    stages and each stage is bounded by its own time limit. With a bent start the MIP ends before
    ``explain_at`` so an explanation still has its time.
    """
    try:
        lin = linearize(rm.model.proto, exact=True)
    except UnsupportedModelError:  # pragma: no cover - the roster model is always linear
        return
    reporter.stage = "LP bound"
    # A start that bends nothing shows the LP needs no bent rule either: their slacks are held
    # at 0 in the LP HiGHS solves (faster), and the bound is still proven for the full model.
    zero = None
    if not reporter.bent:
        zero = np.zeros(lin.n_vars, dtype=bool)
        zero[reporter._breach_index] = True
    lp: LpResult = solve_lp(rm, time_limit=LP_SHARE * budget.left(), threads=1, lin=lin,
                            stop=cancel, zero=zero, pace=budget.pace())
    if lp.bound is not None:
        with reporter.lock:
            reporter.lp_bound = float(lp.bound)
            reporter._raise_bound(float(lp.bound))
            reporter._emit()
    if reporter.chosen is None or reporter.close_enough(rm.problem.solver.relative_gap):
        return
    guided = lp.bound is not None and len(lp.x_values) > 0
    blocks = len(rm.problem.agents) >= BLOCK_MIP_AGENTS
    if not guided and not blocks:
        return  # CP-SAT polishes the start
    if guided:
        # Round the LP: its most-used shifts first, the greedy repairs the rest. A good roster
        # in a second or two, and a better start for the MIP.
        order = rounding_order(lp.x_values, lp.classes, rm.candidates.agent)
        rounded = greedy_roster(rm, first=order)
        reporter.offer(rounded, objective_of(rm, rounded), bool(breach_of(rm, rounded) > 0))
    # Blocks report every better roster and stop within seconds, so they may use all the time
    # (but what writing the roster takes): CP-SAT on a model this size needs longer than a fifth
    # of the time to load it at all.
    mip_end = time.perf_counter() + (0.98 if blocks else MIP_SHARE) * budget.left()
    if explain_at is not None and reporter.bent:
        mip_end = min(mip_end, time.perf_counter()
                      + BENT_MIP_SHARE * (explain_at - time.perf_counter()))
    seconds = mip_end - time.perf_counter()
    if seconds < 0.2 or (cancel is not None and cancel.is_set()):
        return
    if blocks:
        # Without an LP in time (a loaded machine, a short limit) small blocks over all their
        # agents' candidates still beat CP-SAT from the start at this size (800x7, 120 s: 14%
        # above the LP bound instead of 32%, peak memory 656 MB instead of 1,363 MB).
        reporter.stage = "restricted MIP (agent blocks)"
        improve_by_blocks(
            rm, lp if guided else None, reporter.chosen, lin=lin, until=mip_end,
            block_size=BLOCK_SIZE if guided else BLOCK_SIZE_WITHOUT_LP, relative_gap=MIP_GAP,
            stop=cancel, done=lambda: reporter.close_enough(rm.problem.solver.relative_gap),
            on_better=lambda chosen, objective: reporter.offer(
                chosen, objective, bool(breach_of(rm, chosen) > 0)))
        return
    reporter.stage = "restricted MIP"
    # The next ring of cheap-to-add shifts (per_agent > 0, smallest reduced costs) paid off on
    # the sample team with pooled language cover; with the language split it made the MIP 3x
    # slower for the same roster (0.25% above the LP bound), and at 200x7 it never paid.
    keep = lp_guided_keep(rm, lp, reporter.chosen, per_agent=0)
    first = min(seconds, max(MIP_FIRST_SECONDS, MIP_FIRST_SHARE * seconds))
    mip = solve_restricted_mip(rm, keep, reporter.chosen, time_limit=first, threads=1,
                               relative_gap=MIP_GAP, lin=lin,
                               stop=cancel)
    reporter.offer(mip.chosen, mip.objective, bool(breach_of(rm, mip.chosen) > 0))
    if mip.status not in ("HINT", "TIME_LIMIT", "FEASIBLE") or mip_end - time.perf_counter() < 1 \
            or reporter.bent:  # still bent: the repair phase on the full model takes over
        return
    # HiGHS sometimes spends its time on cuts at the root of this MIP (the forecast sample
    # team: ~12 s before its first better roster); blocks of a few agents each (~0.3 s) went
    # 3.6% -> 0.4% above the LP bound in 2 s there. So the rest of the time goes to blocks.
    reporter.stage = "restricted MIP (agent blocks)"
    improve_by_blocks(
        rm, lp, reporter.chosen, lin=lin, until=mip_end,
        block_size=int(np.clip(len(rm.problem.agents) // 3, 10, BLOCK_SIZE)),
        relative_gap=MIP_GAP, stop=cancel,
        done=lambda: reporter.close_enough(rm.problem.solver.relative_gap),
        on_better=lambda chosen, objective: reporter.offer(
            chosen, objective, bool(breach_of(rm, chosen) > 0)))


def _result(rm: RosterModel, reporter: _Reporter, chosen: np.ndarray, status: RosterStatus,
            build_seconds: float, budget: Budget) -> SolveResult:
    objective = objective_of(rm, chosen)
    bound = reporter.bound
    roster = Roster(shifts=tuple(_shifts(rm, chosen)), status=status, objective=objective,
                    best_bound=bound if bound is not None and bound <= objective else None,
                    solve_seconds=budget.elapsed())
    first = next((p.elapsed for p in reporter.history if p.objective is not None), None)
    return SolveResult(roster=roster, breakdown=breakdown_of(rm, chosen),
                       n_candidates=len(rm.candidates),
                       build_seconds=build_seconds, first_solution_seconds=first,
                       progress=reporter.history)


def solve(
    problem: Problem,
    *,
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    hint: list[Shift] | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
    log: bool = False,
) -> SolveResult:
    """Solve one week within ``time_limit`` seconds in all (build and explanation included).

    Returns a roster that keeps every hard rule, or raises InfeasibleRosterError with the
    plain-words conflicts, the smallest fixes and (when bendable rules allow) a best-effort
    roster; RosterError only when cancelled before any roster existed.
    """
    settings = problem.solver
    budget = Budget(time_limit if time_limit is not None else settings.time_limit_s)
    n_workers = workers or settings.workers or os.cpu_count() or 1
    seed = seed if seed is not None else settings.seed
    rm = build_model(problem)
    chosen = _starting_roster(rm, hint)
    build_seconds = budget.elapsed()
    reporter = _Reporter(rm, on_progress, budget.seconds, cancel, started=budget.started)
    start_bent = bool(validate(problem, _shifts(rm, chosen)))
    reporter.offer(chosen, objective_of(rm, chosen), start_bent)  # the first roster, at once
    certain = precheck(rm)  # (the CP-SAT stages set their own hints from the best roster)
    stop = (lambda: cancel is not None and cancel.is_set())  # noqa: E731
    # When the week is certainly infeasible, the explanation is already known: no time is kept.
    explain_at = None if certain else budget.end - EXPLAIN_SHARE * budget.seconds

    status = cp_model.UNKNOWN
    if start_bent and not certain and explain_at is not None and not stop():
        # Keeping the hard rules is the hard part of this week: look for a roster that bends
        # nothing before the LP and the MIP spend the time on cost and coverage.
        reporter.stage = "keeping every rule"
        hint_from_indices(rm, reporter.chosen)
        _repair_breaches(rm, reporter, REPAIR_FIRST_SHARE * (explain_at - time.perf_counter()),
                         workers=n_workers, seed=seed, cancel=cancel)
    if not stop():
        _lp_and_restricted_mip(rm, reporter, budget, explain_at, cancel)
    ceiling = _unbent_ceiling(rm)
    proven_bent = (lambda: reporter.bound is not None and reporter.bound > ceiling)  # noqa: E731
    if reporter.bent and not certain and not proven_bent() and not stop() \
            and explain_at is not None:
        if reporter.chosen is not None:
            hint_from_indices(rm, reporter.chosen)
        reporter.stage = "keeping every rule"
        _repair_breaches(rm, reporter, explain_at - time.perf_counter(), workers=n_workers,
                         seed=seed, cancel=cancel)
    gap_closed = reporter.close_enough(settings.relative_gap)
    # CP-SAT first loads and presolves the model; with less time left it would find nothing.
    cp_sat_load = CP_SAT_LOAD_SECONDS_PER_CANDIDATE * len(rm.candidates) * budget.pace()
    if not gap_closed and not stop() and budget.left() > max(0.05, cp_sat_load):
        if reporter.chosen is not None:
            hint_from_indices(rm, reporter.chosen)
        reporter.stage = "CP-SAT"
        status = _cp_sat(rm, reporter, budget, workers=n_workers, seed=seed,
                         relative_gap=settings.relative_gap, log=log, cancel=cancel,
                         explain_at=explain_at)
        gap_closed = reporter.close_enough(settings.relative_gap)
    if status == cp_model.INFEASIBLE:  # even the bendable rules cannot make a roster
        conflicts = certain or explain_infeasibility(problem, time_limit=budget.left(),
                                                     workers=n_workers)
        raise InfeasibleRosterError(group_conflicts(problem, conflicts))
    if reporter.chosen is None:
        raise RosterError(_("solving was cancelled before a first roster was found"))

    # CP-SAT's OPTIMAL means "within relative_gap of its bound"; the LP bound proves the same.
    optimal = status == cp_model.OPTIMAL or gap_closed
    result = _result(rm, reporter, reporter.chosen,
                     RosterStatus.OPTIMAL if optimal else RosterStatus.FEASIBLE, build_seconds, budget)
    breaches = validate(problem, result.roster.shifts)
    if not breaches:
        return result
    return _best_effort(problem, rm, result, breaches, certain, budget, stop, n_workers,
                        proven_bent())


def _best_effort(problem: Problem, rm: RosterModel, result: SolveResult,
                 breaches: list[Violation], certain: list[Conflict], budget: Budget,
                 stop: Callable[[], bool], workers: int, bound_proves: bool) -> SolveResult:
    """The best roster bends a rule: explain why (or find a valid roster after all).

    ``bound_proves``: the proven bound already shows that every roster bends a rule, so the
    week is infeasible even when no smaller cause is isolated in the time left."""
    conflicts = certain
    proven = bool(certain) or bound_proves
    if not certain and not stop() and budget.left() > 0.05:
        found = explain(problem, budget.left(), workers)
        if found.roster is not None and not validate(problem, found.roster):
            # The week is solvable after all; the search had not found such a roster yet.
            chosen = indices_of_shifts(rm, found.roster)
            return _result(rm, _Reporter(rm, None, budget.seconds, None, budget.started), chosen,
                           RosterStatus.FEASIBLE, result.build_seconds, budget)
        conflicts, proven = found.conflicts, bool(found.conflicts) or bound_proves
    if not conflicts:
        conflicts = group_conflicts(problem, [_breach_conflict(v) for v in breaches])
        if proven:
            conflicts.insert(0, Conflict(rule="conflict", message=_(
                "every roster breaks at least one hard rule (proven); the fewest clashing rules "
                "were not isolated in the time allowed. The best-effort roster breaks these:")))
    best_effort = result.roster.model_copy(update={"status": RosterStatus.INFEASIBLE})
    raise InfeasibleRosterError(
        group_conflicts(problem, conflicts),
        best_effort=SolveResult(best_effort, result.breakdown, result.n_candidates,
                                result.build_seconds, result.first_solution_seconds,
                                result.progress),
        breaches=breaches, fixes=smallest_fixes(problem, best_effort.shifts, breaches),
        proven=proven)


def _breach_conflict(v: Violation) -> Conflict:
    return Conflict(rule=v.rule, message=v.detail, agents=(v.agent_id,) if v.agent_id else ())
