"""A proven lower bound from any row prices: the Lagrangian dual of the full linearization.

For the LP  min c.x + offset  subject to  lo <= A x <= hi,  l <= x <= u  and *any* prices y
(one per row), every feasible x has

    c.x = y.(A x) + (c - A'y).x  >=  sum_i min(y_i lo_i, y_i hi_i) + sum_j min(r_j l_j, r_j u_j)

with reduced costs r = c - A'y. Every variable of the roster model is bounded, so the right-hand
side is finite for every y (a price whose row side is infinite is set to 0 first). Hence a
bound is proven by arithmetic on the full model, whichever LP the prices came from: the reduced
LP of ``symmetry``, an LP with some variables fixed at 0, or one HiGHS solved only roughly. With
the prices of an optimal LP solution it equals the LP optimum.

Sign convention checked against MathOpt's own reduced costs: for a minimisation MathOpt reports
``dual_values`` y and ``reduced_costs`` r with r = c - A'y (tests/test_search_stages.py).
"""

from __future__ import annotations

import math

import numpy as np

from solver.search.proto_lp import Linearization

__all__ = ["dual_bound", "reduced_costs"]


def _usable(lin: Linearization, duals: np.ndarray) -> np.ndarray:
    """Prices with the signs the row bounds allow (a price on an infinite side proves nothing)."""
    y = np.nan_to_num(np.asarray(duals, dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
    y = np.where((y > 0) & np.isinf(lin.row_lower), 0.0, y)
    return np.where((y < 0) & np.isinf(lin.row_upper), 0.0, y)


def reduced_costs(lin: Linearization, duals: np.ndarray) -> np.ndarray:
    """c - A'y per variable (MathOpt objective units; multiply by ``lin.scale`` for CP-SAT's)."""
    return lin.objective - lin.matrix().T @ _usable(lin, duals)


def dual_bound(lin: Linearization, duals: np.ndarray) -> tuple[float, np.ndarray]:
    """(lower bound on the LP optimum in MathOpt objective units, reduced costs).

    ``-inf`` when some variable with an unbounded side has a reduced cost pointing that way.
    """
    y = _usable(lin, duals)
    r = lin.objective - lin.matrix().T @ y
    lo = np.where(np.isinf(lin.row_lower), 0.0, lin.row_lower)
    hi = np.where(np.isinf(lin.row_upper), 0.0, lin.row_upper)
    row_terms = np.where(y > 0, y * lo, y * hi)
    with np.errstate(invalid="ignore"):  # 0 * inf: a zero reduced cost on an unbounded side
        var_terms = np.where(r > 0, r * lin.lower, np.where(r < 0, r * lin.upper, 0.0))
    if not np.all(np.isfinite(var_terms)):
        return -math.inf, r
    # fsum: the terms are large and cancel; the sum must not lose the last units
    return math.fsum(row_terms.tolist()) + math.fsum(var_terms.tolist()) + lin.offset, r
