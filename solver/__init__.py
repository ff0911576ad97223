"""The CP-SAT roster model. Entry point: ``solver.solve(problem)``."""

from solver.solve import Progress, SolveResult, solve

__all__ = ["solve", "Progress", "SolveResult"]
