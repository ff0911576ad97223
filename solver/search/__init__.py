"""Search stages derived from the CP-SAT model (the model stays the single source of truth).

    proto_lp        CpModel.proto -> linear rows -> MathOpt model (continuous LP / integer MIP)
    lp_relaxation   solve_lp: HiGHS interior point + crossover; proven bound, LP values, reduced costs
    restricted_mip  solve_restricted_mip: HiGHS MIP over a subset of candidates, warm-started
                    from a complete roster; lp_guided_keep picks the subset from the LP
    assignment      roster_values: every model variable's value for a choice of candidates

Typical use (benchmarks/pipeline.py)::

    lin = linearize(rm.model.proto)
    lp = solve_lp(rm, time_limit=60, lin=lin)
    keep = lp_guided_keep(rm, lp, greedy)
    best = solve_restricted_mip(rm, keep, greedy, time_limit=30, lin=lin)
"""

from solver.search.assignment import candidate_index, roster_values
from solver.search.lp_relaxation import LpResult, solve_lp
from solver.search.proto_lp import Linearization, UnsupportedModelError, linearize, to_mathopt
from solver.search.restricted_mip import MipResult, lp_guided_keep, solve_restricted_mip

__all__ = ["LpResult", "solve_lp", "MipResult", "solve_restricted_mip", "lp_guided_keep",
           "Linearization", "UnsupportedModelError", "linearize", "to_mathopt", "roster_values",
           "candidate_index"]
