"""A proven lower bound from the LP relaxation of the very model CP-SAT solves.

CP-SAT's own LP workers share two cores with the search and, at 50k candidate shifts, take
minutes to close the root LP. GLOP (OR-Tools' simplex) solves the same relaxation in seconds.
The LP is read generically off the CP-SAT proto: every constraint we can linearise exactly is
added, anything else is dropped — dropping constraints only loosens a relaxation, so the result
is always a valid lower bound on the optimum, and the reported gap stays honest.
"""

from __future__ import annotations

import math

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

__all__ = ["lp_relaxation_bound"]


_KINDS = ("linear", "bool_and", "bool_or", "at_most_one", "exactly_one")


def _literal(variables: list[pywraplp.Variable], ref: int) -> tuple[pywraplp.Variable, bool]:
    """CP-SAT literal reference -> (variable, negated)."""
    return (variables[ref], False) if ref >= 0 else (variables[-ref - 1], True)


def _sum_literals(variables, refs) -> tuple[list, list, float]:  # noqa: ANN001
    """Sum of literals as (vars, coefs, constant): a negated literal x' is 1 - x."""
    vs, cs, const = [], [], 0.0
    for ref in refs:
        var, negated = _literal(variables, ref)
        vs.append(var)
        cs.append(-1.0 if negated else 1.0)
        const += 1.0 if negated else 0.0
    return vs, cs, const


def _add(solver: pywraplp.Solver, vs: list, cs: list, lo: float, hi: float) -> None:
    ct = solver.RowConstraint(lo, hi, "")
    for v, c in zip(vs, cs):
        ct.SetCoefficient(v, ct.GetCoefficient(v) + c)


def lp_relaxation_bound(model: cp_model.CpModel, time_limit: float = 30.0) -> float | None:
    """Optimal value of the LP relaxation (a lower bound for minimisation), or None."""
    proto = model.proto
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:  # pragma: no cover - GLOP ships with ortools
        return None
    solver.SetTimeLimit(int(time_limit * 1000))
    inf = solver.infinity()
    variables = []
    for var in proto.variables:
        dom = list(var.domain)
        lo, hi = dom[0], dom[-1]
        variables.append(solver.NumVar(float(lo), float(hi), ""))
    for ct in proto.constraints:
        kind = next((k for k in _KINDS if getattr(ct, f"has_{k}")()), None)
        if kind == "bool_and" and len(ct.enforcement_literal) == 1:
            # e -> l for every l: l >= e (implications such as "shift -> works that day")
            e_var, e_neg = _literal(variables, ct.enforcement_literal[0])
            for ref in ct.bool_and.literals:  # value(l) - value(e) >= 0
                vs, cs, const = _sum_literals(variables, [ref])
                _add(solver, vs + [e_var], cs + [1.0 if e_neg else -1.0],
                     (1.0 if e_neg else 0.0) - const, inf)
            continue
        if ct.enforcement_literal:
            continue  # conditional constraints are dropped: still a relaxation
        if kind == "linear":
            dom = list(ct.linear.domain)
            lo = float(dom[0]) if dom[0] > -(2**62) else -inf
            hi = float(dom[-1]) if dom[-1] < 2**62 else inf
            vs = [variables[i] for i in ct.linear.vars]
            _add(solver, vs, [float(c) for c in ct.linear.coeffs], lo, hi)
        elif kind in ("at_most_one", "exactly_one"):
            refs = getattr(ct, kind).literals
            vs, cs, const = _sum_literals(variables, refs)
            _add(solver, vs, cs, 1.0 - const if kind == "exactly_one" else -inf, 1.0 - const)
        elif kind == "bool_or":
            vs, cs, const = _sum_literals(variables, ct.bool_or.literals)
            _add(solver, vs, cs, 1.0 - const, inf)
    objective = solver.Objective()
    for i, c in zip(proto.objective.vars, proto.objective.coeffs):
        var, _ = _literal(variables, i)
        objective.SetCoefficient(var, objective.GetCoefficient(var) + float(c))
    objective.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    scale = proto.objective.scaling_factor or 1.0
    value = (objective.Value() + proto.objective.offset) * scale
    return math.ceil(value - 1e-6)  # the objective is integral: round the bound up
