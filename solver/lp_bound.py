"""A proven lower bound from the LP relaxation of the very model CP-SAT solves.

CP-SAT's own LP workers share two cores with the search and, at 50k candidate shifts, take
minutes to close the root LP. The LP is read generically off the CP-SAT proto
(``solver/search/proto_lp.py``) and solved by HiGHS' interior point method with crossover
(``solver/search/lp_relaxation.py``; 4x faster than GLOP's simplex at 200 agents). Constraints
without an exact linear form are left out here (``exact=False``): dropping constraints only
loosens a relaxation, so the result is always a valid lower bound and the reported gap honest.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

__all__ = ["lp_relaxation_bound"]


def lp_relaxation_bound(model: cp_model.CpModel, time_limit: float = 30.0,
                        threads: int = 1) -> float | None:
    """Optimal value of the LP relaxation rounded up (a lower bound for minimisation), or None
    when HiGHS does not prove the LP optimal within ``time_limit`` seconds."""
    from solver.search.lp_relaxation import solve_linearization
    from solver.search.proto_lp import linearize

    _mm, _result, _value, bound = solve_linearization(linearize(model.proto, exact=False),
                                                      time_limit, threads)
    return bound
