"""A smaller LP with the same optimum: variables and rows that no constraint tells apart merge.

Agents with the same languages, contract, availability and history are interchangeable: the
LP relaxation has an optimal solution in which they all work the same (fractional) shifts, so
one set of columns per *kind* of agent suffices (800 synthetic agents: 464 kinds). The merge is
found on the linearization itself, never from the team's data, by colour refinement
(Weisfeiler-Leman): start from variables coloured by bounds and cost and rows by their bounds,
then repeatedly split a class whose members meet the other side's classes with different
coefficients, until nothing splits. The result is an *equitable partition*, and the LP over
"one value per variable class" (one row per row class, coefficients summed over each class) has
the same optimum as the full LP (Grohe, Kersting, Mladenov, Selman: "Dimension Reduction via
Colour Refinement", ESA 2014). Measured at 800x7: 179k variables and 90k rows become 101k and
53k, and HiGHS' interior point needs about a third of the time.

Nothing here has to be trusted for the bound: ``lagrangian.dual_bound`` re-proves any bound on
the full linearization from the expanded row prices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.search.proto_lp import Linearization

__all__ = ["LpReduction", "reduce_by_symmetry"]

_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_S = np.uint64(33)


def _mix(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: a well-spread hash of each entry (wraps on overflow)."""
    x = (x ^ (x >> _S)) * _M1
    x = (x ^ (x >> _S)) * _M2
    return x ^ (x >> _S)


def _labels(*keys: np.ndarray) -> np.ndarray:
    """Dense class labels 0..k-1 of the rows of ``keys`` (equal key tuples, equal label)."""
    order = np.lexsort(keys[::-1])
    n = len(order)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.zeros(n, dtype=bool)
    for key in keys:
        sorted_key = key[order]
        change[1:] |= sorted_key[1:] != sorted_key[:-1]
    labels = np.empty(n, dtype=np.int64)
    labels[order] = np.cumsum(change)
    return labels


@dataclass
class LpReduction:
    """The reduced LP and how to map its solutions back to the full one."""

    lin: Linearization  # one variable per variable class, one row per row class
    var_class: np.ndarray  # class of each variable of the full linearization
    row_class: np.ndarray  # class of each row of the full linearization
    row_size: np.ndarray  # rows per row class

    @property
    def n_classes(self) -> tuple[int, int]:
        return self.lin.n_vars, self.lin.n_rows

    def expand_values(self, values: np.ndarray) -> np.ndarray:
        """Primal values per full variable: each takes its class's value (feasible, same cost)."""
        return np.asarray(values)[self.var_class]

    def expand_duals(self, duals: np.ndarray) -> np.ndarray:
        """Row prices of the full LP: a class's price shared among its rows (same reduced
        costs per variable, same dual objective)."""
        duals = np.asarray(duals, dtype=float)
        return duals[self.row_class] / self.row_size[self.row_class]


class _Sides:
    """The coalesced matrix entries, sorted once by row and once by column for the sums."""

    def __init__(self, lin: Linearization) -> None:
        coo = lin.matrix().tocoo()
        self.rows = coo.row.astype(np.int64)
        self.cols = coo.col.astype(np.int64)
        self.coefs = coo.data
        _, coef_id = np.unique(self.coefs, return_inverse=True)  # exact values, no rounding
        self.coef_key = _mix(coef_id.ravel().astype(np.uint64) + np.uint64(1))
        self.by_col = np.argsort(self.cols, kind="stable")
        self.n_rows, self.n_vars = lin.n_rows, lin.n_vars

    def _signature(self, owner: np.ndarray, order: np.ndarray, other: np.ndarray,
                   n: int) -> np.ndarray:
        """Per owner (row or variable): an order-free hash of its (other class, coefficient)
        entries, summed so that the same multiset always gives the same value."""
        h = _mix(other.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) ^ self.coef_key)[order]
        sig = np.zeros(n, dtype=np.uint64)
        owners = owner[order]
        if len(owners):
            starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
            sig[owners[starts]] = np.add.reduceat(h, starts)
        return sig

    def refine(self, var_class: np.ndarray, row_class: np.ndarray,
               max_rounds: int) -> tuple[np.ndarray, np.ndarray]:
        by_row = np.arange(len(self.rows))  # entries come row-major from the CSR matrix
        for _ in range(max_rounds):
            var_sig = self._signature(self.cols, self.by_col, row_class[self.rows], self.n_vars)
            row_sig = self._signature(self.rows, by_row, var_class[self.cols], self.n_rows)
            new_var = _labels(var_class, var_sig.view(np.int64))
            new_row = _labels(row_class, row_sig.view(np.int64))
            stable = new_var.max(initial=-1) == var_class.max(initial=-1) \
                and new_row.max(initial=-1) == row_class.max(initial=-1)
            var_class, row_class = new_var, new_row
            if stable:
                break
        return var_class, row_class


def reduce_by_symmetry(lin: Linearization, *, max_rounds: int = 100) -> LpReduction:
    """The LP of ``lin`` over its equitable partition (see module doc).

    Every variable class holds variables with equal bounds and cost, every row class rows with
    equal bounds; each reduced row is one representative row of its class with the entries of a
    variable class summed, each reduced cost the class's total cost. Stops after ``max_rounds``
    refinements even if a class could still split (then the reduced LP may be tighter than the
    full one; the bound is re-proved on the full LP anyway).
    """
    var_class = _labels(lin.lower, lin.upper, lin.objective)
    row_class = _labels(lin.row_lower, lin.row_upper)
    var_class, row_class = _Sides(lin).refine(var_class, row_class, max_rounds)
    n_var_classes = int(var_class.max(initial=-1)) + 1
    n_row_classes = int(row_class.max(initial=-1)) + 1
    var_size = np.bincount(var_class, minlength=n_var_classes)
    row_size = np.bincount(row_class, minlength=n_row_classes)
    var_rep = np.zeros(n_var_classes, dtype=np.int64)
    var_rep[var_class[::-1]] = np.arange(lin.n_vars)[::-1]  # first member of each class
    row_rep = np.zeros(n_row_classes, dtype=np.int64)
    row_rep[row_class[::-1]] = np.arange(lin.n_rows)[::-1]
    rep_rows = lin.matrix()[row_rep].tocoo()  # row i here is class i's representative
    reduced = Linearization(
        lower=lin.lower[var_rep], upper=lin.upper[var_rep],
        row_lower=lin.row_lower[row_rep], row_upper=lin.row_upper[row_rep],
        rows=rep_rows.row.astype(np.int64), cols=var_class[rep_rows.col],
        coefs=rep_rows.data.astype(float),
        objective=lin.objective[var_rep] * var_size, offset=lin.offset, scale=lin.scale,
        exact=lin.exact, relaxed=dict(lin.relaxed))
    return LpReduction(lin=reduced, var_class=var_class, row_class=row_class, row_size=row_size)
