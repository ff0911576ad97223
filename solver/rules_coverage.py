"""Coverage: the 24/7 minimum (hard) and demand per language (soft, weighted by peaks).

Definition shared with the validator (``scheduler/coverage.py``): an agent on *primary* duty
counts toward every language in their primary list (skills-based chat routing), an agent on
*backup* duty toward every language they speak at any level; in addition the heads on primary
duty must cover the sum of the languages' requirements, since one person cannot answer two
full queues at once.

Slots whose set of covering candidates is identical (e.g. both half hours of an hour when shifts
start on the hour) share one coverage count, kept as a running count (see ``_counts``).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from scheduler.domain import Role
from solver.model import RosterModel

_sum = cp_model.LinearExpr.sum  # far faster than Python's sum() on thousands of terms

__all__ = ["add_all", "segments", "carry_in", "DAY_MARK"]

#: The 24/7 rule is guarded per planning day: "at least 1 agent(s) online all day on Mon 26 Oct"
DAY_MARK = " all day on "


def segments(rm: RosterModel) -> list[tuple[int, int]]:
    """Maximal slot ranges [lo, hi) in which no candidate starts or ends."""
    n = rm.grid.n_slots
    cuts = np.concatenate([[0, n], rm.candidates.start, rm.candidates.end])
    cuts = np.unique(cuts[(cuts >= 0) & (cuts <= n)])
    return list(zip(cuts[:-1].tolist(), cuts[1:].tolist()))


def carry_in(rm: RosterModel) -> dict[tuple[str, str], np.ndarray]:
    """Coverage already provided by last week's shifts that run into this week.

    Keys: ('primary', lang), ('backup', lang), ('primary', '*') for heads on primary duty.
    """
    n = rm.grid.n_slots
    out: dict[tuple[str, str], np.ndarray] = defaultdict(lambda: np.zeros(n, dtype=np.int64))
    agents = {a.id: a for a in rm.problem.agents}
    given = [(agents.get(s.agent_id), s) for s in rm.problem.previous_shifts]
    for agent, s in given:
        span = rm.grid.slots_between(s.start, s.end)
        lo, hi = max(span.start, 0), min(span.stop, n)
        if agent is None or lo >= hi:
            continue
        if s.role is Role.PRIMARY:
            out[("primary", "*")][lo:hi] += 1
            for lang in agent.primary_languages:
                out[("primary", lang)][lo:hi] += 1
        else:
            for lang in agent.languages:
                out[("backup", lang)][lo:hi] += 1
    return out


def _speaks(rm: RosterModel, lang: str, role: int) -> np.ndarray:
    """Per candidate: does it count toward ``lang`` in this role?"""
    agents = rm.problem.agents
    if role == 0:
        ok = np.array([lang in a.primary_languages for a in agents], dtype=bool)
    else:
        ok = np.array([lang in a.languages for a in agents], dtype=bool)
    if len(ok) == 0:
        return np.zeros(len(rm.candidates), dtype=bool)
    return ok[rm.candidates.agent] & (rm.candidates.role == role)


def _counts(rm: RosterModel, members: np.ndarray, segs: list[tuple[int, int]]
            ) -> list[tuple[cp_model.LinearExprT, np.ndarray]]:
    """Per segment: (expression counting chosen ``members`` on duty, their indices).

    With running counts, segment g's count is a variable equal to the previous segment's count
    plus the shifts starting minus the shifts ending at its start: each shift enters 2 rows
    instead of one per segment it spans, a 4x smaller LP at 200 agents for the same relaxation.
    """
    c = rm.candidates
    out: list[tuple[cp_model.LinearExprT, np.ndarray]] = []
    previous: cp_model.LinearExprT = 0
    for lo, _hi in segs:
        idx = np.flatnonzero(members & (c.start <= lo) & (c.end > lo))
        starting = np.flatnonzero(members & (c.start == lo))
        ending = np.flatnonzero(members & (c.end == lo))
        if len(starting) == 0 and len(ending) == 0 and out:
            out.append((previous, idx))
            continue
        count = rm.model.new_int_var(0, len(idx), f"on_duty:{lo}")
        rm.model.add(count == previous + _sum([rm.x[i] for i in starting])
                     - _sum([rm.x[i] for i in ending]))
        rm.derive(count, idx, lambda n: n)
        out.append((count, idx))
        previous = count
    return out


def _cover_rows(
    rm: RosterModel, name: str, family: str, counts: list[tuple[cp_model.LinearExprT, np.ndarray]],
    required: np.ndarray, weights: np.ndarray, base_weight: int, carried: np.ndarray,
    segs: list[tuple[int, int]],
) -> None:
    """Soft rows: covered + under >= required, one under-variable per segment and required level."""
    if base_weight == 0 or not required.any():
        return
    term = rm.term(name, family)
    slot_hours = rm.grid.slot_minutes / 60  # weights are per missing agent-hour
    for (lo, hi), (expr, idx) in zip(segs, counts):
        need = required[lo:hi] - carried[lo:hi]
        if need.max() <= 0:
            continue
        for level in np.unique(need[need > 0]):
            at = need == level
            w = int(round(base_weight * slot_hours * float(weights[lo:hi][at].sum())))
            under = rm.model.new_int_var(0, int(level), f"under:{name}:{lo}:{level}")
            rm.model.add(expr + under >= int(level))
            rm.derive(under, idx, lambda count, need=int(level): max(0, need - count))
            term.add(under, w)


def min_online_24_7(rm: RosterModel, segs: list[tuple[int, int]],
                    counts: list[tuple[cp_model.LinearExprT, np.ndarray]],
                    carried: np.ndarray) -> None:
    """Platform policy: at least ``min_online`` agents on primary duty in every slot (hard).

    Bendable (``[rules] relaxable`` min_online): a priced slack per segment then lets a
    best-effort roster show the hours nobody can cover instead of no roster at all.
    """
    minimum = rm.problem.rules.min_online
    if minimum <= 0:
        return
    bendable = rm.bendable("min_online")
    per_slot = round(rm.problem.weights.breach * rm.grid.slot_minutes / 60)
    day_guards: dict = {}  # one assumption per planning day keeps explanations short
    for (lo, hi), (expr, idx) in zip(segs, counts):
        need = minimum - int(carried[lo:hi].min())
        if need <= 0:
            continue
        if bendable:
            hole = rm.breach("24/7 minimum online", str(lo), need, per_slot * (hi - lo))
            rm.derive(hole, idx, lambda n, need=need: max(0, need - n))
            rm.model.add(expr + hole >= need)
            continue
        day = rm.grid.planning_local[lo].date()
        if rm.use_guards and day not in day_guards:
            day_guards[day] = rm.guard("24/7 minimum online", f"at least {minimum} agent(s) online"
                                       f"{DAY_MARK}{day:%a %d %b} ({rm.grid.planning_zone.key})")
        lit = day_guards.get(day)
        ct = rm.model.add(expr >= need)
        if lit is not None:
            ct.only_enforce_if(lit)


def add_all(rm: RosterModel) -> None:
    segs = segments(rm)
    carried = carry_in(rm)
    req = rm.requirements
    weights = rm.problem.weights
    heads = _counts(rm, rm.candidates.role == 0, segs)
    min_online_24_7(rm, segs, heads, carried[("primary", "*")])
    _cover_rows(rm, "heads online (all languages)", "under-coverage", heads,
                req.total_primary, req.weight_any, weights.under_total, carried[("primary", "*")],
                segs)
    for lang in req.languages:
        for role, name, family, need, weight in (
                (0, f"primary {lang}", "under-coverage", req.primary[lang], weights.under_primary),
                (1, f"backup {lang}", "backup under-coverage", req.backup[lang],
                 weights.under_backup)):
            key = ("primary" if role == 0 else "backup", lang)
            if weight == 0 or not (need - carried[key]).clip(min=0).any():
                continue
            counts = _counts(rm, _speaks(rm, lang, role), segs)
            _cover_rows(rm, name, family, counts, need, req.weight[lang], weight, carried[key],
                        segs)
