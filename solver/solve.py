"""Run CP-SAT on a built model: progress reports, cancellation, hints, and the resulting Roster."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from scheduler.domain import Problem, Roster, RosterStatus, Shift
from scheduler.errors import InfeasibleRosterError, RosterError
from solver.explain import explain_infeasibility, precheck
from scheduler.validator import validate
from solver.greedy import greedy_roster
from solver.lns import improve_by_agent_groups
from solver.model import RosterModel, build_model

__all__ = ["Progress", "SolveResult", "solve", "indices_of_shifts", "hint_from_indices"]

#: Above this many candidate shifts (~70 agents) agent-group LNS runs first (solver/lns.py):
#: the full search alone barely moves the starting roster on models that big.
LNS_ABOVE_CANDIDATES = 12_000
#: Share of the time limit given to agent-group LNS on big models; the rest to the full search.
LNS_SHARE = 0.85

#: Full-search workers in order of usefulness for this model. The LP-heavy ones come first:
#: the candidate-shift model has a tight LP relaxation, and "max_lp" (linearization level 2)
#: is the worker that proves the bound; the default portfolio only includes it from 8 workers.
PORTFOLIO = ("max_lp", "reduced_costs", "default_lp", "quick_restart", "core", "pseudo_costs",
             "no_lp", "lb_tree_search")


@dataclass(frozen=True)
class Progress:
    """A snapshot of the search, for progress bars in the CLI and the app."""

    elapsed: float
    objective: float | None
    bound: float | None
    solutions: int
    time_limit: float

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
    def __init__(self, on_progress: ProgressFn | None, time_limit: float,
                 cancel: threading.Event | None, started: float) -> None:
        super().__init__()
        self.on_progress = on_progress
        self.time_limit = time_limit
        self.cancel = cancel
        self.history: list[Progress] = []
        self.started = started  # elapsed times count from the start of solve(), build included
        self.solutions = 0
        self.best: float | None = None
        self.bound: float | None = None
        self.lock = threading.Lock()

    def _emit(self) -> None:
        snap = Progress(time.perf_counter() - self.started, self.best, self.bound, self.solutions,
                        self.time_limit)
        self.history.append(snap)
        if self.on_progress:
            self.on_progress(snap)

    def on_solution_callback(self) -> None:
        with self.lock:
            self.solutions += 1
            self.best = self.objective_value
            self.bound = self.best_objective_bound
            self._emit()
        if self.cancel is not None and self.cancel.is_set():
            self.stop_search()

    def offer(self, objective: float) -> None:
        """A roster found outside CP-SAT (the validated starting roster)."""
        with self.lock:
            self.solutions += 1
            self.best = objective
            self._emit()

    def on_bound(self, bound: float) -> None:
        with self.lock:
            self.bound = bound
            self._emit()


def hint_from_indices(rm: RosterModel, chosen: np.ndarray) -> float:
    """Hint every variable from a choice of candidates (a complete hint); returns its objective."""
    values = np.zeros(len(rm.x), dtype=np.int64)
    values[chosen] = 1
    rm.model.clear_hints()
    by_index: dict[int, int] = {}
    for var, value in zip(rm.x, values.tolist()):
        rm.model.add_hint(var, value)
        by_index[var.index] = value
    for var, members, rule in rm.derived:
        value = rule(int(values[members].sum()))
        rm.model.add_hint(var, value)
        by_index[var.index] = value
    return float(sum(coef * by_index.get(var.index, 0)
                     for term in rm.terms.values()
                     for var, coef in zip(term.variables, term.coefficients)))


def indices_of_shifts(rm: RosterModel, shifts: list[Shift]) -> np.ndarray:
    """Candidate indices of known shifts (last week's shifted by 7 days, or a saved roster)."""
    c = rm.candidates
    index = {(int(a), int(s), int(length), int(r)): i
             for i, (a, s, length, r) in enumerate(zip(c.agent, c.start, c.length, c.role))}
    agent_pos = {a.id: k for k, a in enumerate(rm.problem.agents)}
    chosen = set()
    for shift in shifts:
        if shift.agent_id not in agent_pos:
            continue
        s, e = rm.grid.slot_of(shift.start), rm.grid.slot_of(shift.end)
        key = (agent_pos[shift.agent_id], s, e - s, 0 if shift.role.value == "primary" else 1)
        if key in index:
            chosen.add(index[key])
    return np.array(sorted(chosen), dtype=np.int64)


def _roster_from(rm: RosterModel, solver: cp_model.CpSolver, status: int, seconds: float) -> Roster:
    values = np.array(solver.boolean_values(rm.x), dtype=bool) if rm.x else np.zeros(0, dtype=bool)
    shifts = [rm.candidates.to_shift(int(i), rm.problem, rm.grid) for i in np.flatnonzero(values)]
    return Roster(
        shifts=tuple(shifts),
        status=RosterStatus.OPTIMAL if status == cp_model.OPTIMAL else RosterStatus.FEASIBLE,
        objective=solver.objective_value,
        best_bound=solver.best_objective_bound,
        solve_seconds=seconds,
    )


def _breakdown(rm: RosterModel, solver: cp_model.CpSolver) -> dict[str, float]:
    out = {}
    for name, term in rm.terms.items():
        if term.variables:
            vals = solver.values(term.variables).to_numpy()
            out[name] = float(np.dot(vals, term.coefficients))
    return out


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
    """Solve one week. Raises InfeasibleRosterError with plain-words conflicts when hard rules clash."""
    t0 = time.perf_counter()
    rm = build_model(problem)
    conflicts = precheck(rm)
    if conflicts:
        raise InfeasibleRosterError(conflicts)
    hints = list(hint or [])
    if not hints and problem.previous_shifts:
        hints = [s.model_copy(update={"start": s.start + dt.timedelta(days=7),
                                      "end": s.end + dt.timedelta(days=7)})
                 for s in problem.previous_shifts]
    chosen = indices_of_shifts(rm, hints) if hints else greedy_roster(rm)
    start_objective = hint_from_indices(rm, chosen)
    build_seconds = time.perf_counter() - t0

    settings = problem.solver
    limit = time_limit if time_limit is not None else settings.time_limit_s
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = limit
    params.num_workers = workers if workers is not None else settings.workers
    params.random_seed = seed if seed is not None else settings.seed
    params.relative_gap_limit = settings.relative_gap
    params.log_search_progress = log
    if params.num_workers >= 2:
        params.subsolvers.extend(PORTFOLIO[:params.num_workers])
    # Probing costs seconds of presolve at 50k candidate shifts and barely tightens this model.
    params.cp_model_probing_level = 0
    reporter = _Reporter(on_progress, limit, cancel, started=t0)
    solver.best_bound_callback = reporter.on_bound
    # The starting roster is a real answer already when the independent validator accepts it:
    # report it at once and keep it in case the search is cancelled before its first solution.
    start_shifts = [rm.candidates.to_shift(int(i), problem, rm.grid) for i in chosen]
    fallback = None
    if not validate(problem, start_shifts):
        fallback = Roster(shifts=tuple(start_shifts), status=RosterStatus.FEASIBLE,
                          objective=start_objective)
        reporter.offer(start_objective)
        if len(rm.candidates) > LNS_ABOVE_CANDIDATES:
            # Big teams: improve the start by re-optimising small groups of agents first,
            # then hand the result to the full search as its hint (see solver/lns.py).
            chosen = improve_by_agent_groups(
                rm, chosen, lambda c: hint_from_indices(rm, c),
                deadline=t0 + LNS_SHARE * limit, seed=params.random_seed,
                workers=min(params.num_workers, 2),
                stop=lambda: cancel is not None and cancel.is_set(),
                on_improve=lambda _c, objective: reporter.offer(objective))
            fallback = Roster(shifts=tuple(rm.candidates.to_shift(int(i), problem, rm.grid)
                                           for i in chosen),
                              status=RosterStatus.FEASIBLE, objective=reporter.best)
            params.max_time_in_seconds = max(1.0, limit - (time.perf_counter() - t0))

    watcher = None
    done = threading.Event()
    if cancel is not None:  # stop even when no new solution arrives to check the flag
        def watch() -> None:
            while not done.wait(0.2):
                if cancel.is_set():
                    solver.stop_search()
                    return
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
    try:
        status = solver.solve(rm.model, reporter)
    finally:
        done.set()
    seconds = time.perf_counter() - t0

    if status == cp_model.INFEASIBLE:
        raise InfeasibleRosterError(explain_infeasibility(problem))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) and fallback is not None:
        return SolveResult(
            roster=fallback.model_copy(update={"solve_seconds": seconds}), breakdown={},
            n_candidates=len(rm.candidates), build_seconds=build_seconds,
            first_solution_seconds=reporter.history[0].elapsed, progress=reporter.history)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if cancel is not None and cancel.is_set():
            raise RosterError("solving was cancelled before a first roster was found")
        conflicts = explain_infeasibility(problem, time_limit=min(limit, 30), inconclusive=False)
        if conflicts:  # no roster because the rules clash, and we can say which
            raise InfeasibleRosterError(conflicts)
        raise RosterError(
            f"no roster found within {limit:g} s (status {solver.status_name(status)}); "
            "allow more time or relax the rules"
        )
    first = next((p.elapsed for p in reporter.history if p.objective is not None), None)
    return SolveResult(
        roster=_roster_from(rm, solver, status, seconds),
        breakdown=_breakdown(rm, solver),
        n_candidates=len(rm.candidates),
        build_seconds=build_seconds,
        first_solution_seconds=first,
        progress=reporter.history,
    )

