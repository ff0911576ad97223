"""Build the CP-SAT model of one week: candidates, then each rule family, then the objective.

The rule families import the model container (``solver/model.py``), never this module, so
there is no import circle; everything that needs a whole model calls ``build_model`` here.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.demand import build_requirements
from scheduler.domain import Problem
from scheduler.queues import queue_loss
from scheduler.timegrid import WeekGrid
from solver import objective, rules_coverage, rules_shifts
from solver.candidates import enumerate_candidates
from solver.model import RosterModel

__all__ = ["build_model"]

def build_model(problem: Problem, *, use_guards: bool = False) -> RosterModel:
    """The CP-SAT model of one week; ``use_guards`` adds an assumption literal per hard-rule
    instance (and bends nothing), for explaining infeasibility."""
    grid = WeekGrid.for_settings(problem.settings)
    requirements = build_requirements(problem, grid)
    candidates = enumerate_candidates(problem, grid, requirements)
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"shift{i}") for i in range(len(candidates))]
    rm = RosterModel(problem, grid, requirements, candidates, model, x, use_guards=use_guards,
                     loss=queue_loss(problem, grid, requirements))
    rules_shifts.add_all(rm)
    rules_coverage.add_all(rm)
    objective.add_all(rm)
    model.minimize(rm.objective_expr())
    return rm
