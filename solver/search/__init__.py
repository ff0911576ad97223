"""Search stages derived from the CP-SAT model (the model stays the single source of truth).

    proto_lp        CpModel.proto -> linear rows -> MathOpt model (continuous LP / integer MIP)
    symmetry        reduce_by_symmetry: one LP column set per kind of interchangeable agent
                    (colour refinement; same LP optimum, a third of the time at 800x7)
    lagrangian      dual_bound: a proven bound on the full model from any row prices
    lp_relaxation   solve_lp: HiGHS interior point + crossover; proven bound, LP values, reduced
                    costs; does not start when it is not expected to end in its time
    rounding        rounding_order: the LP's shifts for the greedy to take first
    restricted_mip  solve_restricted_mip: HiGHS MIP over a subset of candidates, warm-started
                    from a complete roster; lp_guided_keep picks the subset from the LP
    block_mip       improve_by_blocks: restricted MIPs over one block of agents at a time
    assignment      roster_values: every model variable's value for a choice of candidates

Typical use (benchmarks/pipeline.py, solver/solve.py)::

    lin = linearize(rm.model.proto)
    lp = solve_lp(rm, time_limit=60, lin=lin)
    start = greedy_roster(rm, first=rounding_order(lp.x_values, lp.classes, rm.candidates.agent))
    keep = lp_guided_keep(rm, lp, start)
    best = solve_restricted_mip(rm, keep, start, time_limit=30, lin=lin)
"""

from solver.search.assignment import candidate_index, roster_values
from solver.search.block_mip import agent_blocks, improve_by_blocks
from solver.search.lagrangian import dual_bound, reduced_costs
from solver.search.lp_relaxation import LpResult, expected_lp_seconds, solve_lp
from solver.search.proto_lp import Linearization, UnsupportedModelError, linearize, to_mathopt
from solver.search.restricted_mip import MipResult, lp_guided_keep, solve_restricted_mip
from solver.search.rounding import rounding_order
from solver.search.symmetry import LpReduction, reduce_by_symmetry

__all__ = ["Linearization", "LpReduction", "LpResult", "MipResult", "UnsupportedModelError",
           "agent_blocks", "candidate_index", "dual_bound", "expected_lp_seconds",
           "improve_by_blocks", "linearize", "lp_guided_keep", "reduce_by_symmetry",
           "reduced_costs", "roster_values", "rounding_order", "solve_lp", "solve_restricted_mip",
           "to_mathopt"]
