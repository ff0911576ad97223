"""A roster as values of the model's variables: CP-SAT hints and the objective of a choice.

A choice of candidate shifts fixes every other variable (``RosterModel.derived`` says how), so a
greedy or saved roster becomes a *complete* hint, and its objective is known without a search.
"""

from __future__ import annotations

import numpy as np

from scheduler.domain import Role, Shift
from solver.model import RosterModel

__all__ = ["hint_from_indices", "indices_of_shifts", "objective_of", "breach_of", "breakdown_of"]


def _values(rm: RosterModel, chosen: np.ndarray) -> dict[int, int]:
    """CP-SAT variable index -> value when exactly ``chosen`` candidates are worked."""
    values = rm.assignment(chosen)
    return dict(zip(range(len(values)), values.tolist()))


def _terms_value(rm: RosterModel, by_index: dict[int, int], families: set[str] | None) -> float:
    terms = [t for t in rm.terms.values() if families is None or t.family in families]
    return float(sum(t.constant for t in terms)
                 + sum(coef * by_index.get(var.index, 0)
                       for term in terms for var, coef in zip(term.variables, term.coefficients)))


def objective_of(rm: RosterModel, chosen: np.ndarray) -> float:
    """The model's objective for a choice of candidates (no search, no hint set)."""
    return _terms_value(rm, _values(rm, chosen), None)


def breakdown_of(rm: RosterModel, chosen: np.ndarray) -> dict[str, float]:
    """Objective term name -> its cost in a choice (what each rule costs, for reports)."""
    by_index = _values(rm, chosen)
    return {name: float(term.constant + sum(c * by_index.get(v.index, 0)
                                            for v, c in zip(term.variables, term.coefficients)))
            for name, term in rm.terms.items() if term.variables}


def breach_of(rm: RosterModel, chosen: np.ndarray) -> float:
    """Price of the bent rules in a choice (0 = it keeps every hard rule the model can bend)."""
    return _terms_value(rm, _values(rm, chosen), {"bent rules"})


def hint_from_indices(rm: RosterModel, chosen: np.ndarray) -> float:
    """Hint every variable from a choice of candidates (a complete hint); returns its objective."""
    by_index = _values(rm, chosen)
    rm.model.clear_hints()
    hint = rm.model.proto.solution_hint  # filled in bulk: add_hint per variable is slow at 100k
    hint.vars.extend(list(by_index))
    hint.values.extend(list(by_index.values()))
    return _terms_value(rm, by_index, None)


def indices_of_shifts(rm: RosterModel, shifts: list[Shift] | tuple[Shift, ...]) -> np.ndarray:
    """Candidate indices of known shifts (e.g. a saved roster); shifts that are no candidate
    (rules or availability changed since) are left out."""
    c = rm.candidates
    index = {(int(a), int(s), int(length), int(r)): i
             for i, (a, s, length, r) in enumerate(zip(c.agent, c.start, c.length, c.role))}
    agent_pos = {a.id: k for k, a in enumerate(rm.problem.agents)}
    chosen = set()
    for shift in shifts:
        if shift.agent_id not in agent_pos:
            continue
        s, e = rm.grid.slot_of(shift.start), rm.grid.slot_of(shift.end)
        key = (agent_pos[shift.agent_id], s, e - s, 1 if shift.role is Role.BACKUP else 0)
        if key in index:
            chosen.add(index[key])
    return np.array(sorted(chosen), dtype=np.int64)
