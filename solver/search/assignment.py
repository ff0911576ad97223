"""A complete assignment of the CP-SAT model's variables from a choice of candidate shifts.

Same rule as ``solve.hint_from_indices`` (``RosterModel.derived`` says how each auxiliary
variable follows from the chosen candidates), but returned as an array over the proto's
variables and without touching the model's hints, so search stages can use it freely.
"""

from __future__ import annotations

import numpy as np

from solver.model import RosterModel

__all__ = ["roster_values", "candidate_index"]


def candidate_index(rm: RosterModel) -> np.ndarray:
    """CP-SAT variable index of each candidate's boolean ``rm.x[i]``."""
    return np.fromiter((v.index for v in rm.x), dtype=np.int64, count=len(rm.x))


def roster_values(rm: RosterModel, chosen: np.ndarray) -> np.ndarray:
    """Value of every CP-SAT variable (by proto index) when exactly ``chosen`` candidates work.

    Variables that are neither candidates nor derived (none in today's model) stay 0.
    """
    n_vars = len(rm.model.proto.variables)
    x = np.zeros(len(rm.x), dtype=np.int64)
    x[np.asarray(chosen, dtype=np.int64)] = 1
    values = np.zeros(n_vars, dtype=float)
    values[candidate_index(rm)] = x
    for var, members, rule in rm.derived:
        values[var.index] = rule(int(x[members].sum()))
    return values
