"""CP-SAT model proto -> MathOpt model (continuous for the LP relaxation, integer for a MIP).

The CP-SAT model stays the single source of truth: this module reads ``CpModel.proto``
generically, never the rule modules, so any rule change reaches the LP and the MIP unchanged.

Two steps, both linear in the size of the proto:

``linearize(proto)``
    reads variables, constraints and the objective into flat numpy arrays (bounds, rows in
    coordinate format, objective vector). Every constraint kind the roster model uses is written
    exactly for integer variables: ``linear`` (domains with ±inf), ``bool_and`` / ``bool_or`` /
    ``at_most_one`` / ``exactly_one`` over literals, and enforcement literals on any of them
    (implications ``e -> l`` as ``l >= e``; enforced linear rows with a big-M taken from the
    variable bounds, exact for integer variables and a valid relaxation for the LP). With
    ``exact=True`` (the default, required for a MIP) anything that cannot be written exactly
    (another constraint kind, a domain with holes, a floating-point objective, an enforced row
    over unbounded variables) raises :class:`UnsupportedModelError`, so nothing silently changes
    the model. ``exact=False`` drops or convexifies such parts instead, which only loosens the
    relaxation: fine for a lower bound, never for a roster.

``to_mathopt(lin, integer=..., keep=...)``
    builds a MathOpt model from those arrays through a MathOpt ``ModelProto`` (one C++ call,
    no per-variable Python objects). ``keep`` drops variables fixed to zero (restricted MIPs):
    their matrix entries vanish, which is exact because their value is 0.

Objective units: CP-SAT reports ``scaling_factor * (sum(coeffs * vars) + offset)``; the MathOpt
objective is ``sum(coeffs * vars) + offset``, always minimised (CP-SAT minimises it too: a
``maximize`` model stores negated coefficients and a negative scaling factor), and
:meth:`Linearization.cp_objective` converts back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
from ortools.math_opt import model_pb2
from scipy import sparse
from ortools.math_opt.python import mathopt

__all__ = ["UnsupportedModelError", "Linearization", "MathOptModel", "linearize", "to_mathopt"]

#: CP-SAT writes an unbounded side of a domain as int64 min / max.
_INT_INF = 2**62

#: Constraint kinds of the CP-SAT proto (``ConstraintProto`` oneof) this module can write exactly.
SUPPORTED = ("linear", "bool_and", "bool_or", "at_most_one", "exactly_one")
_OTHER_KINDS = ("bool_xor", "int_div", "int_mod", "int_prod", "lin_max", "element", "circuit",
                "routes", "table", "automaton", "inverse", "reservoir", "interval", "no_overlap",
                "no_overlap_2d", "cumulative", "all_diff", "dummy_constraint")


class UnsupportedModelError(ValueError):
    """The CP-SAT model has a part that has no exact linear (MIP) form here."""


def _bound(value: int) -> float:
    if value <= -_INT_INF:
        return -math.inf
    if value >= _INT_INF:
        return math.inf
    return float(value)


@dataclass
class Linearization:
    """The CP-SAT model as linear rows over its own variables (index = CP-SAT variable index)."""

    lower: np.ndarray  # per variable, float (±inf allowed)
    upper: np.ndarray
    row_lower: np.ndarray  # per row
    row_upper: np.ndarray
    rows: np.ndarray  # coordinate matrix entries (not yet coalesced)
    cols: np.ndarray
    coefs: np.ndarray
    objective: np.ndarray  # dense, per variable
    offset: float  # objective offset before scaling
    scale: float  # CP-SAT scaling_factor (1 when unset)
    #: True when every part of the model was written exactly (always so with exact=True)
    exact: bool = True
    #: parts left out or convexified with exact=False: kind -> count
    relaxed: dict[str, int] = field(default_factory=dict)
    _matrix: sparse.csr_array | None = field(default=None, repr=False, compare=False)

    @property
    def n_vars(self) -> int:
        return len(self.lower)

    @property
    def n_rows(self) -> int:
        return len(self.row_lower)

    def cp_objective(self, inner: float) -> float:
        """MathOpt objective value (offset included) -> CP-SAT objective units."""
        return self.scale * inner

    def objective_of(self, values: np.ndarray) -> float:
        """CP-SAT objective of a full assignment (one value per CP-SAT variable)."""
        return self.scale * (float(np.dot(self.objective, values)) + self.offset)

    def held_at_zero(self, mask: np.ndarray) -> Linearization:
        """The same rows with the ``mask`` variables fixed at 0 where their domain allows it: a
        restriction of the model (its LP optimum can only rise), sharing this one's arrays."""
        fix = np.asarray(mask, dtype=bool) & (self.lower <= 0) & (self.upper >= 0)
        return replace(self, lower=np.where(fix, 0.0, self.lower),
                       upper=np.where(fix, 0.0, self.upper))

    def matrix(self) -> sparse.csr_array:
        """The constraint matrix (rows x variables, duplicate entries summed), built once."""
        if self._matrix is None:
            m = sparse.csr_array((self.coefs, (self.rows, self.cols)),
                                 shape=(self.n_rows, self.n_vars))
            m.sum_duplicates()
            m.eliminate_zeros()
            self._matrix = m
        return self._matrix

    def violations(self, values: np.ndarray, tol: float = 1e-6) -> np.ndarray:
        """Rows violated by a full assignment (for checks and tests)."""
        activity = np.bincount(self.rows, weights=self.coefs * values[self.cols],
                               minlength=self.n_rows)
        bad = (activity < self.row_lower - tol) | (activity > self.row_upper + tol)
        return np.flatnonzero(bad)


class _Rows:
    """Row builder: flat python lists, turned into arrays once at the end."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.coefs: list[float] = []
        self.lo: list[float] = []
        self.hi: list[float] = []

    def add(self, cols: list[int], coefs: list[float], lo: float, hi: float) -> None:
        r = len(self.lo)
        self.rows.extend([r] * len(cols))
        self.cols.extend(cols)
        self.coefs.extend(coefs)
        self.lo.append(lo)
        self.hi.append(hi)

    def add_literals(self, pos: list[int], neg: list[int], sign: float, lo: float, hi: float) -> None:
        """Row ``sign * sum(literal values) in [lo, hi]``: ref >= 0 is x, ref < 0 is 1 - x."""
        cols, coefs, const = [], [], 0.0
        for ref in pos:
            if ref >= 0:
                cols.append(ref)
                coefs.append(sign)
            else:
                cols.append(-ref - 1)
                coefs.append(-sign)
                const += sign
        for ref in neg:  # literals entering with the opposite sign
            if ref >= 0:
                cols.append(ref)
                coefs.append(-sign)
            else:
                cols.append(-ref - 1)
                coefs.append(sign)
                const -= sign
        self.add(cols, coefs, lo - const, hi - const)


def _kind(ct) -> str | None:  # noqa: ANN001 - cp_model_helper.ConstraintProto
    # the roster model is ~80% linear rows: test the common kinds first
    for kind in SUPPORTED:
        if getattr(ct, f"has_{kind}")():
            return kind
    for kind in _OTHER_KINDS:
        if getattr(ct, f"has_{kind}", lambda: False)():
            return kind
    return None


def linearize(proto, *, exact: bool = True) -> Linearization:  # noqa: ANN001, C901
    """Read a CP-SAT ``CpModelProto`` (``CpModel.proto``) into linear rows.

    ``exact=True``: raise :class:`UnsupportedModelError` on anything without an exact linear
    form over integers. ``exact=False``: leave such parts out (a relaxation; see module doc).
    """
    relaxed: dict[str, int] = {}

    def give_up(what: str, message: str) -> None:
        if exact:
            raise UnsupportedModelError(message)
        relaxed[what] = relaxed.get(what, 0) + 1

    n = len(proto.variables)
    lower = np.empty(n)
    upper = np.empty(n)
    for i, var in enumerate(proto.variables):
        dom = list(var.domain)
        if not dom:
            raise UnsupportedModelError(f"variable {i} ({var.name!r}) has an empty domain")
        lower[i], upper[i] = _bound(dom[0]), _bound(dom[-1])
        if len(dom) > 2:
            give_up("domain with holes", f"variable {i} ({var.name!r}) has a domain with holes "
                    f"{dom}: no exact linear form")
    for ref in proto.assumptions:  # CP-SAT solves with every assumption literal true
        if ref >= 0:
            lower[ref] = max(lower[ref], 1.0)
        else:
            upper[-ref - 1] = min(upper[-ref - 1], 0.0)

    b = _Rows()
    for c, ct in enumerate(proto.constraints):
        kind = _kind(ct)
        enf = list(ct.enforcement_literal)
        if kind == "linear":
            dom = list(ct.linear.domain)
            refs = list(ct.linear.vars)
            coefs = [float(v) for v in ct.linear.coeffs]
            if not dom:
                raise UnsupportedModelError(f"constraint {c} has an empty domain (always false)")
            if len(dom) > 2:
                give_up("linear domain with holes", f"constraint {c} ({ct.name!r}): linear "
                        f"domain with holes {dom} has no exact linear form")
            lo, hi = _bound(dom[0]), _bound(dom[-1])
            # a negative reference in a linear expression is the negated integer -x
            cols = [r if r >= 0 else -r - 1 for r in refs]
            coefs = [v if r >= 0 else -v for r, v in zip(refs, coefs)]
            if not enf:
                b.add(cols, coefs, lo, hi)
                continue
            # enforced: lo - M_lo * (#false enforcement literals) <= expr <= hi + M_hi * (...)
            a = np.asarray(coefs)
            lbs, ubs = lower[cols], upper[cols]
            with np.errstate(invalid="ignore"):
                act_min = float(np.sum(np.minimum(a * lbs, a * ubs)))
                act_max = float(np.sum(np.maximum(a * lbs, a * ubs)))
            k = len(enf)
            for side, bound, act in (("hi", hi, act_max), ("lo", lo, act_min)):
                if math.isinf(bound):
                    continue
                if side == "hi" and act <= bound:
                    continue  # never violated: nothing to enforce
                if side == "lo" and act >= bound:
                    continue
                if math.isinf(act) or math.isnan(act):
                    give_up("enforced row over unbounded variables",
                            f"constraint {c} ({ct.name!r}): enforced linear row over unbounded "
                            "variables (no big-M)")
                    continue
                m = act - bound  # > 0 for 'hi', < 0 for 'lo'
                # expr + m * sum(L_e) <= hi + m * k   ('hi'),   >= lo + m * k  ('lo', m < 0)
                e_cols, e_coefs, const = [], [], 0.0
                for ref in enf:
                    if ref >= 0:
                        e_cols.append(ref)
                        e_coefs.append(m)
                    else:  # literal value 1 - x
                        e_cols.append(-ref - 1)
                        e_coefs.append(-m)
                        const += m
                rhs = bound + m * k - const
                if side == "hi":
                    b.add(cols + e_cols, coefs + e_coefs, -math.inf, rhs)
                else:
                    b.add(cols + e_cols, coefs + e_coefs, rhs, math.inf)
        elif kind == "bool_and":
            # AND(enf) -> l for every l:  L_l - sum(L_e) >= 1 - k
            k = len(enf)
            for ref in ct.bool_and.literals:
                b.add_literals([ref], enf, 1.0, 1.0 - k, math.inf)
        elif kind == "bool_or":
            # AND(enf) -> OR(l):  sum(L_l) - sum(L_e) >= 1 - k
            b.add_literals(list(ct.bool_or.literals), enf, 1.0, 1.0 - len(enf), math.inf)
        elif kind in ("at_most_one", "exactly_one"):
            lits = list(getattr(ct, kind).literals)
            k = len(enf)
            if not enf:
                b.add_literals(lits, [], 1.0, 1.0 if kind == "exactly_one" else -math.inf, 1.0)
                continue
            # enforced: sum(L) <= 1 + (n - 1) * (k - sum(L_e));  exactly: sum(L) >= sum(L_e) - k + 1
            m = float(max(len(lits) - 1, 0))
            if m > 0:
                cols, cfs, const = [], [], 0.0
                for ref in lits:
                    cols.append(ref if ref >= 0 else -ref - 1)
                    cfs.append(1.0 if ref >= 0 else -1.0)
                    const += 0.0 if ref >= 0 else 1.0
                for ref in enf:
                    cols.append(ref if ref >= 0 else -ref - 1)
                    cfs.append(m if ref >= 0 else -m)
                    const += 0.0 if ref >= 0 else m
                b.add(cols, cfs, -math.inf, 1.0 + m * k - const)
            if kind == "exactly_one":
                b.add_literals(lits, enf, 1.0, 1.0 - k, math.inf)
        elif kind is None:
            continue  # an empty constraint: nothing to do
        else:
            give_up(kind, f"constraint {c} ({ct.name!r}) is a CP-SAT '{kind}' constraint; "
                    f"only {', '.join(SUPPORTED)} (with enforcement literals) convert exactly")

    if proto.has_floating_point_objective():
        raise UnsupportedModelError("floating-point objectives are not supported")
    obj = proto.objective
    objective = np.zeros(n)
    refs = np.asarray(list(obj.vars), dtype=np.int64)
    ocoefs = np.asarray(list(obj.coeffs), dtype=float)
    neg = refs < 0
    np.add.at(objective, np.where(neg, -refs - 1, refs), np.where(neg, -ocoefs, ocoefs))
    scale = float(obj.scaling_factor) or 1.0
    odom = list(obj.domain)
    if odom and (odom[0] > -_INT_INF or odom[-1] < _INT_INF):
        if len(odom) > 2:
            give_up("objective domain with holes", f"objective domain with holes {odom}")
        nz = np.flatnonzero(objective)
        b.add(nz.tolist(), objective[nz].tolist(), _bound(odom[0]), _bound(odom[-1]))

    rows = np.asarray(b.rows, dtype=np.int64)
    cols = np.asarray(b.cols, dtype=np.int64)
    coefs = np.asarray(b.coefs, dtype=float)
    return Linearization(
        lower=lower, upper=upper,
        row_lower=np.asarray(b.lo, dtype=float), row_upper=np.asarray(b.hi, dtype=float),
        rows=rows, cols=cols, coefs=coefs,
        objective=objective, offset=float(obj.offset), scale=scale,
        exact=not relaxed, relaxed=relaxed)


@dataclass
class MathOptModel:
    """A MathOpt model built from a :class:`Linearization`."""

    model: mathopt.Model
    lin: Linearization
    #: CP-SAT variable index of each MathOpt variable (MathOpt variable id = position here)
    var_index: np.ndarray
    #: MathOpt variable id of each CP-SAT variable, -1 when dropped (fixed to 0)
    position: np.ndarray
    integer: bool | np.ndarray
    _var_list: list | None = field(default=None, repr=False)

    def variable(self, cp_index: int) -> mathopt.Variable:
        return self.model.get_variable(int(self.position[cp_index]))

    def values_of(self, result: mathopt.SolveResult) -> np.ndarray:
        """Primal values per CP-SAT variable (0 for dropped variables)."""
        out = np.zeros(self.lin.n_vars)
        out[self.var_index] = result.variable_values(self._vars())
        return out

    def reduced_costs_of(self, result: mathopt.SolveResult) -> np.ndarray | None:
        if not result.has_dual_feasible_solution():
            return None
        out = np.full(self.lin.n_vars, np.nan)
        out[self.var_index] = result.reduced_costs(self._vars())
        return out

    def duals_of(self, result: mathopt.SolveResult) -> np.ndarray | None:
        """Row prices per row of ``lin`` (MathOpt's sign convention: r = c - A'y)."""
        if not result.has_dual_feasible_solution():
            return None
        rows = [self.model.get_linear_constraint(i) for i in range(self.lin.n_rows)]
        return np.asarray(result.dual_values(rows), dtype=float)

    def _vars(self) -> list[mathopt.Variable]:
        if self._var_list is None:
            self._var_list = [self.model.get_variable(i) for i in range(len(self.var_index))]
        return self._var_list


def to_mathopt(lin: Linearization, *, integer: bool | np.ndarray,
               keep: np.ndarray | None = None, name: str = "roster") -> MathOptModel:
    """MathOpt model of ``lin``; ``keep`` (bool per CP-SAT variable) drops the others at 0.

    ``integer``: all variables integer (True), none (False), or a bool mask per CP-SAT variable.
    A variable whose domain excludes 0 is never dropped.
    """
    n = lin.n_vars
    if keep is None:
        keep = np.ones(n, dtype=bool)
    keep = np.asarray(keep, dtype=bool) | (lin.lower > 0) | (lin.upper < 0)
    var_index = np.flatnonzero(keep)
    position = np.full(n, -1, dtype=np.int64)
    position[var_index] = np.arange(len(var_index))

    # matrix: drop entries of dropped columns, coalesce duplicates, row-major order, no zeros
    live = keep[lin.cols]
    rows, cols, coefs = lin.rows[live], position[lin.cols[live]], lin.coefs[live]
    key = rows * max(len(var_index), 1) + cols
    order = np.argsort(key, kind="stable")
    key, rows, cols, coefs = key[order], rows[order], cols[order], coefs[order]
    uniq, first = np.unique(key, return_index=True)
    coefs = np.add.reduceat(coefs, first) if len(first) else coefs
    rows, cols = rows[first], cols[first]
    nz = coefs != 0
    rows, cols, coefs = rows[nz], cols[nz], coefs[nz]

    mp = model_pb2.ModelProto(name=name)
    v = mp.variables
    v.ids.extend(range(len(var_index)))
    v.lower_bounds.extend(lin.lower[var_index].tolist())
    v.upper_bounds.extend(lin.upper[var_index].tolist())
    if isinstance(integer, (bool, np.bool_)):
        v.integers.extend([bool(integer)] * len(var_index))
    else:
        v.integers.extend(np.asarray(integer, dtype=bool)[var_index].tolist())
    lc = mp.linear_constraints
    lc.ids.extend(range(lin.n_rows))
    lc.lower_bounds.extend(lin.row_lower.tolist())
    lc.upper_bounds.extend(lin.row_upper.tolist())
    m = mp.linear_constraint_matrix
    m.row_ids.extend(rows.tolist())
    m.column_ids.extend(cols.tolist())
    m.coefficients.extend(coefs.tolist())
    o = mp.objective
    o.maximize = False  # the proto's objective is minimised whatever the scaling factor
    o.offset = lin.offset
    obj = lin.objective[var_index]
    onz = np.flatnonzero(obj)
    o.linear_coefficients.ids.extend(onz.tolist())
    o.linear_coefficients.values.extend(obj[onz].tolist())
    model = mathopt.Model.from_model_proto(mp)
    return MathOptModel(model=model, lin=lin, var_index=var_index, position=position,
                        integer=integer)
