"""The CP-SAT model's container: candidate-shift booleans, named objective terms, hint recipes.

One boolean per candidate shift (see ``candidates.py``). Each rule family adds its constraints
in its own module and registers named objective terms, so a solved roster can say which rule
cost what; ``solver/build.py`` puts them together:

    rules_shifts.py    rest + no overlap, weekly hours, max shifts, days off, consecutive days, pins
    rules_coverage.py  24/7 minimum online, per-language primary & backup cover, total heads
    objective.py       paid hours (night premium), preferences, fairness of nights/weekends
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from ortools.sat.python import cp_model

from scheduler.demand import Requirements
from scheduler.domain import Problem
from scheduler.queues import QueueLoss
from scheduler.timegrid import WeekGrid
from solver.candidates import Candidates

__all__ = ["RosterModel", "ObjectiveTerm"]


@dataclass
class ObjectiveTerm:
    """A named group of weighted variables in the objective (e.g. 'under-coverage es')."""

    family: str
    variables: list[cp_model.IntVar] = field(default_factory=list)
    coefficients: list[int] = field(default_factory=list)
    #: points every roster pays (e.g. a queue's loss with nobody answering, before the agents
    #: a roster gives it take their share off)
    constant: int = 0

    def add(self, var: cp_model.IntVar, coefficient: int) -> None:
        if coefficient:
            self.variables.append(var)
            self.coefficients.append(int(coefficient))


@dataclass
class RosterModel:
    problem: Problem
    grid: WeekGrid
    requirements: Requirements
    candidates: Candidates
    model: cp_model.CpModel
    x: list[cp_model.IntVar]
    terms: dict[str, ObjectiveTerm] = field(default_factory=dict)
    #: assumption literal -> plain-words description of the rule instance it guards
    guards: dict[int, tuple[str, str, tuple[str, ...]]] = field(default_factory=dict)
    use_guards: bool = False
    guard_vars: dict[int, cp_model.IntVar] = field(default_factory=dict)
    #: auxiliary variables whose value follows from how many of ``members`` are chosen
    derived: list[tuple[cp_model.IntVar, np.ndarray, Callable[[int], int]]] = field(default_factory=list)
    #: auxiliary variables whose values follow from the whole choice (e.g. the language split):
    #: (variables, function of the 0/1 choice vector returning their values in that order)
    blocks: list[tuple[list[cp_model.IntVar], Callable[[np.ndarray], np.ndarray]]] = field(
        default_factory=list)
    #: the loss curves of the team's goal per language (``scheduler/queues.py``)
    loss: QueueLoss | None = None

    def term(self, name: str, family: str) -> ObjectiveTerm:
        if name not in self.terms:
            self.terms[name] = ObjectiveTerm(family)
        return self.terms[name]

    def guard(self, rule: str, message: str, agents: tuple[str, ...] = ()) -> cp_model.IntVar | None:
        """An assumption literal for one rule instance, used only when explaining infeasibility."""
        if not self.use_guards:
            return None
        lit = self.model.new_bool_var(f"guard:{rule}:{len(self.guards)}")
        self.guards[lit.index] = (rule, message, agents)
        self.guard_vars[lit.index] = lit
        return lit

    def derive(self, var: cp_model.IntVar, members: np.ndarray, value: Callable[[int], int]) -> None:
        """Record how ``var`` follows from the shift choice, so a roster can be hinted completely.

        ``value`` gets the number of chosen ``members``; a candidate listed k times counts k
        times (how a weighted sum, e.g. hours, is recorded).
        """
        self.derived.append((var, np.asarray(members, dtype=np.int64), value))

    def derive_block(self, variables: list[cp_model.IntVar],
                     values: Callable[[np.ndarray], np.ndarray]) -> None:
        """Record how ``variables`` follow from the whole shift choice (see ``blocks``)."""
        if variables:
            self.blocks.append((variables, values))

    def auxiliary(self) -> list[cp_model.IntVar]:
        """Every variable whose value follows from the shift choice (derived or in a block)."""
        return [var for var, _, _ in self.derived] + [v for vs, _ in self.blocks for v in vs]

    def assignment(self, chosen: np.ndarray) -> np.ndarray:
        """Value of every CP-SAT variable (by proto index) when exactly ``chosen`` candidates
        are worked: the one rule hints, objectives and warm starts all use."""
        values = np.zeros(len(self.model.proto.variables), dtype=np.int64)
        x = np.zeros(len(self.x), dtype=np.int64)
        x[np.asarray(chosen, dtype=np.int64)] = 1
        values[self.x_index] = x
        for var, members, rule in self.derived:
            values[var.index] = rule(int(x[members].sum()))
        for variables, rule in self.blocks:
            values[[v.index for v in variables]] = rule(x)
        return values

    @cached_property
    def x_index(self) -> np.ndarray:
        """CP-SAT variable index of each candidate's boolean ``x[i]``."""
        return np.fromiter((v.index for v in self.x), dtype=np.int64, count=len(self.x))

    def bendable(self, rule: str) -> bool:
        """May this hard rule be bent for a best-effort roster? (``[rules] relaxable``)"""
        return not self.use_guards and rule in self.problem.rules.relaxable

    def breach(self, rule: str, label: str, upper: int, weight: int) -> cp_model.IntVar:
        """Slack on one instance of a bendable rule, priced far above every soft goal.

        A roster with any breach is never publishable as is (the validator lists the breach);
        the price makes the search bend rules only when nothing else keeps the week solvable.
        """
        var = self.model.new_int_var(0, max(int(upper), 0), f"breach:{rule}:{label}")
        self.term(f"bent rule: {rule}", "bent rules").add(var, weight)
        return var

    @cached_property
    def by_agent(self) -> list[np.ndarray]:
        """Candidate indices per agent (computed once; rule families and heuristics share it)."""
        order = np.argsort(self.candidates.agent, kind="stable")
        bounds = np.searchsorted(self.candidates.agent[order], np.arange(len(self.problem.agents) + 1))
        return [order[bounds[a]:bounds[a + 1]] for a in range(len(self.problem.agents))]

    def objective_expr(self) -> cp_model.LinearExpr:
        variables, coefficients = [], []
        for t in self.terms.values():
            variables += t.variables
            coefficients += t.coefficients
        constant = sum(t.constant for t in self.terms.values())
        return cp_model.LinearExpr.weighted_sum(variables, coefficients) + constant
