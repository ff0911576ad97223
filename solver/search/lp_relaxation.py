"""LP relaxation of the roster model, solved by HiGHS (interior point + crossover) via MathOpt.

The LP is read off the CP-SAT proto (``proto_lp``), so it is the relaxation of exactly the model
CP-SAT solves. On this model the LP is tight (solver notes: within 0-0.05% of the proven optimum
on small teams), so its value is an honest yardstick for a roster, and its solution says which
shifts matter (``restricted_mip.lp_guided_keep``).

HiGHS runs in-process from the OR-Tools wheel. Its thread count is a process-wide setting in
HiGHS (MathOpt refuses ``SolveParameters.threads``): it is passed as the HiGHS option
``threads``, and HiGHS keeps the first value it was started with for the whole process.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from dataclasses import dataclass

import numpy as np
from ortools.math_opt.python import mathopt
from ortools.math_opt.solvers import highs_pb2

from solver.model import RosterModel
from solver.search.assignment import candidate_index
from solver.search.lagrangian import dual_bound
from solver.search.proto_lp import Linearization, linearize, to_mathopt
from solver.search.symmetry import reduce_by_symmetry

__all__ = ["LP_SECONDS_PER_NONZERO", "LpResult", "expected_lp_seconds", "highs_parameters",
           "lp_bound_of", "run_highs", "solve_linearization", "solve_lp"]


#: HiGHS interior point + crossover CPU seconds per non-zero of the LP it solves (after merging
#: symmetric agents), measured on the 2-core benchmark machine: 800x7 833k non-zeros in 16 s,
#: 200x7 307k in 5 s, 100x7 178k in 2.3 s; rounded up, so an LP that starts is expected to end.
LP_SECONDS_PER_NONZERO = 2.5e-5

#: HiGHS thread-pool size of this process (set by the first solve, see highs_parameters).
_PROCESS_THREADS: int | None = None


@dataclass
class LpResult:
    #: proven lower bound on the CP-SAT objective (LP optimum rounded up); None unless optimal
    bound: int | None
    #: LP value of each candidate ``rm.x[i]`` (empty when no primal solution came back)
    x_values: np.ndarray
    #: reduced cost of each candidate (CP-SAT objective units), None when HiGHS gave no duals
    reduced_costs: np.ndarray | None
    seconds: float
    #: the bound before rounding (CP-SAT units; the LP optimum when nothing was held at 0),
    #: None unless HiGHS proved its LP optimal
    value: float | None = None
    status: str = ""
    #: True when every constraint entered the LP exactly (False: some were left out, still a bound)
    exact: bool = True
    #: variables of the LP HiGHS solved (fewer than the model's when symmetric agents merged)
    columns: int = 0
    #: per candidate, its class in the LP solved: candidates of one class are interchangeable
    #: and share one LP value (None: every candidate had its own column)
    classes: np.ndarray | None = None


def highs_parameters(time_limit: float, threads: int = 1, *, log: bool = False,
                     **kw) -> mathopt.SolveParameters:  # noqa: ANN003
    """SolveParameters for HiGHS; ``threads`` goes through HiGHS' own option (see module doc)."""
    global _PROCESS_THREADS
    if _PROCESS_THREADS is None:
        _PROCESS_THREADS = int(threads)
    highs = highs_pb2.HighsOptionsProto()
    # HiGHS keeps one thread pool per process: asking for another size later fails with an
    # INTERNAL error, so every solve of this process uses the size the first one chose.
    highs.int_options["threads"] = _PROCESS_THREADS
    for key, value in kw.pop("highs", {}).items():
        if isinstance(value, bool):
            highs.bool_options[key] = value
        elif isinstance(value, int):
            highs.int_options[key] = value
        elif isinstance(value, float):
            highs.double_options[key] = value
        else:
            highs.string_options[key] = str(value)
    return mathopt.SolveParameters(time_limit=dt.timedelta(seconds=max(time_limit, 0.01)),
                                   enable_output=log, highs=highs, **kw)


def run_highs(model: mathopt.Model, params: mathopt.SolveParameters, *,
              model_params: mathopt.ModelSolveParameters | None = None) -> mathopt.SolveResult:
    """``mathopt.solve`` with HiGHS.

    A running HiGHS solve cannot be stopped from Python in OR-Tools 9.15: MathOpt's HiGHS
    backend ignores both a ``SolveInterrupter`` and callbacks (measured: an LP, a simplex and a
    MIP all ran to their end with an interrupt fired after 3 s; a callback returning
    ``terminate=True`` on any event changed nothing). HiGHS' own ``time_limit`` is the only
    stop, and HiGHS checks it between steps: overruns of 0.1-0.5 s are usual, but up to 7 s
    (200x7) and 25 s (800x7) were seen on a loaded machine. The ``stop`` events of the stages
    are therefore checked before a solve starts, not during it.
    """
    return mathopt.solve(model, mathopt.SolverType.HIGHS, params=params,
                         model_params=model_params)


def lp_bound_of(lin: Linearization, value: float) -> int:
    """Round an LP optimum (CP-SAT units) up to the next integer: the objective is integral.

    A little slack absorbs HiGHS' feasibility tolerances so an LP value such as 111159.0000001
    does not become 111160. (A maximisation model, scaling factor < 0, gets an upper bound:
    rounded down.)
    """
    slack = 1e-6 + 1e-9 * abs(value)
    if lin.scale < 0:
        return math.floor(value + slack)
    return math.ceil(value - slack)


def solve_linearization(lin: Linearization, time_limit: float, threads: int = 1, *,
                        log: bool = False) -> tuple:
    """Solve the LP of ``lin`` (interior point + crossover).

    Returns ``(MathOptModel, mathopt.SolveResult, value, bound)``: value = LP optimum in CP-SAT
    units and bound = its rounded proof, both None unless HiGHS proved optimality in time.
    """
    t0 = time.perf_counter()
    mm = to_mathopt(lin, integer=False)
    remaining = time_limit - (time.perf_counter() - t0)
    params = highs_parameters(remaining, threads, log=log,
                              lp_algorithm=mathopt.LPAlgorithm.BARRIER,
                              highs={"run_crossover": "on"})
    result = run_highs(mm.model, params)
    value = bound = None
    if result.termination.reason == mathopt.TerminationReason.OPTIMAL:
        # the dual bound is the proof; with crossover it equals the primal value
        inner = result.termination.objective_bounds.dual_bound
        if not math.isfinite(inner):
            inner = result.objective_value()
        value = lin.cp_objective(inner)
        bound = lp_bound_of(lin, value)
    return mm, result, value, bound


def expected_lp_seconds(lin: Linearization, pace: float = 1.0) -> float:
    """Wall seconds HiGHS is expected to need for the LP of ``lin`` at this ``pace``."""
    return LP_SECONDS_PER_NONZERO * lin.matrix().nnz * max(pace, 1.0)


def solve_lp(rm: RosterModel, time_limit: float = 60.0, threads: int = 1, *,
             lin: Linearization | None = None, log: bool = False,
             exact: bool = True, stop: threading.Event | None = None,
             symmetric: bool = True, zero: np.ndarray | None = None,
             pace: float | None = None) -> LpResult:
    """Solve the LP relaxation of ``rm.model`` with HiGHS' interior point method + crossover.

    ``lin`` reuses a linearization already made (``proto_lp.linearize(rm.model.proto)``).
    ``exact=False`` leaves out constraints without an exact linear form instead of raising.
    ``stop``: when already set, nothing is solved (status "STOPPED", no bound); a solve that
    has started runs to its optimum or ``time_limit`` (HiGHS cannot be interrupted, see
    ``run_highs``).
    ``symmetric``: solve the LP over its equitable partition (``symmetry.reduce_by_symmetry``:
    interchangeable agents share their columns; same optimum, a third of the time at 800x7).
    ``zero``: bool mask over CP-SAT variables held at 0 in the LP that is solved, e.g. the
    bent-rule slacks when the incumbent bends nothing (priced at 50,000+ they stretch the
    interior point's start: 99 -> 75 iterations at 800x7).
    ``pace``: wall seconds per CPU second this process gets (``Budget.pace``). When given, an LP
    expected to outlast ``time_limit`` (``LP_SECONDS_PER_NONZERO`` x non-zeros x pace) is not
    started: status "TOO_BIG", no bound, and the time stays with the stages that follow.
    Either way the bound is proven on the *full* model from the row prices
    (``lagrangian.dual_bound``): it equals the LP optimum unless the LP optimum needs a held
    variable, and is a valid, weaker bound then.
    Crossover gives a basic solution: reduced costs for every candidate and LP values with
    few fractional entries, which keeps the LP-guided restriction small.
    """
    t0 = time.perf_counter()
    if stop is not None and stop.is_set():
        return LpResult(bound=None, x_values=np.zeros(0), reduced_costs=None,
                        seconds=time.perf_counter() - t0, status="STOPPED")
    if lin is None:
        lin = linearize(rm.model.proto, exact=exact)
    solved = lin if zero is None else lin.held_at_zero(zero)
    reduction = reduce_by_symmetry(solved) if symmetric else None
    target = reduction.lin if reduction else solved
    remaining = time_limit - (time.perf_counter() - t0)
    if pace is not None and expected_lp_seconds(target, pace) > remaining:
        return LpResult(bound=None, x_values=np.zeros(0), reduced_costs=None,
                        seconds=time.perf_counter() - t0, status="TOO_BIG",
                        columns=target.n_vars)
    mm, result, _value, _bound = solve_linearization(target, remaining, threads, log=log)
    xi = candidate_index(rm)
    x_values, reduced, value, bound = np.zeros(0), None, None, None
    if result.has_primal_feasible_solution():
        values = mm.values_of(result)
        x_values = (reduction.expand_values(values) if reduction else values)[xi]
    duals = mm.duals_of(result) if result.termination.reason == mathopt.TerminationReason.OPTIMAL \
        else None
    if duals is not None:
        inner, costs = dual_bound(lin, reduction.expand_duals(duals) if reduction else duals)
        if math.isfinite(inner):
            value = lin.cp_objective(inner)
            bound = lp_bound_of(lin, value)
            reduced = lin.scale * costs[xi]
    return LpResult(bound=bound, x_values=x_values, reduced_costs=reduced,
                    seconds=time.perf_counter() - t0, value=value,
                    status=result.termination.reason.name, exact=lin.exact,
                    columns=target.n_vars,
                    classes=reduction.var_class[xi] if reduction else None)
