"""A complete assignment of the CP-SAT model's variables from a choice of candidate shifts.

The rule is ``RosterModel.assignment`` (the same one hints and objectives use), returned as a
float array over the proto's variables for the search stages.
"""

from __future__ import annotations

import numpy as np

from solver.model import RosterModel

__all__ = ["roster_values", "candidate_index"]


def candidate_index(rm: RosterModel) -> np.ndarray:
    """CP-SAT variable index of each candidate's boolean ``rm.x[i]``."""
    return rm.x_index


def roster_values(rm: RosterModel, chosen: np.ndarray) -> np.ndarray:
    """Value of every CP-SAT variable (by proto index) when exactly ``chosen`` candidates work."""
    return rm.assignment(chosen).astype(float)
