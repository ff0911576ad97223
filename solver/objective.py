"""Soft objective terms below coverage: changes against a baseline, paid hours, preferences and
fairness.

Order of importance (weights in ``Weights``): missing primary agent-hours (1000) > missing heads
across languages (300) > missing backup agent-hours (100) > paid hours (10/h, +30% at night) >
preferences (5 per shift) and fairness (4 x a convex count). Integer, modest coefficients keep the
LP relaxation informative and the search fast.
"""

from __future__ import annotations

import numpy as np

from scheduler.baseline import change_price
from solver.model import RosterModel

__all__ = ["add_all", "stability", "paid_hours", "preferences", "fairness"]


def paid_hours(rm: RosterModel) -> None:
    """Every paid agent-hour costs; local night hours cost the night premium on top."""
    w = rm.problem.weights
    c = rm.candidates
    team_rate = rm.problem.settings.hourly_rate or 1.0
    rate = np.array([(a.hourly_cost if a.hourly_cost is not None else team_rate) / team_rate
                     for a in rm.problem.agents])
    slot_h = rm.grid.slot_minutes / 60
    cost = np.rint(w.cost_per_hour * rate[c.agent] * slot_h * (c.length + w.night_premium * c.night_slots))
    term = rm.term("paid hours", "cost")
    for i in np.flatnonzero(cost > 0):
        term.add(rm.x[int(i)], int(cost[i]))


def preferences(rm: RosterModel) -> None:
    """Preferred start window and 'avoid weekends' are wishes: each broken one costs a little."""
    term = rm.term("preferences", "preferences")
    c = rm.candidates
    for i in np.flatnonzero(c.pref_violations > 0):
        term.add(rm.x[int(i)], rm.problem.weights.preference * int(c.pref_violations[i]))


def _convex_count_penalty(rm: RosterModel, name: str, flags: np.ndarray) -> None:
    """Penalty n(n-1)/2 on each agent's count n of flagged shifts: spreading them is cheapest.

    Encoded with the tangent lines p >= k*n - k(k+1)/2, which the LP relaxation sees exactly.
    The count n is one integer variable per agent and flag (n == sum of the flagged shifts), so
    the tangent lines have 2 entries each instead of repeating the whole sum (the repeated sums
    were ~15% of the model's non-zeros).
    """
    weight = rm.problem.weights.fairness
    if weight == 0:
        return
    term = rm.term(name, "fairness")
    for agent, idx in zip(rm.problem.agents, rm.by_agent):
        flagged = idx[flags[idx]]
        if len(flagged) < 2:
            continue
        most = min(agent.max_shifts, len(flagged))
        # n <= max_shifts is implied by the shift-count rule: the domain removes no roster
        n = rm.model.new_int_var(0, most, f"fair_count:{name}:{agent.id}")
        rm.model.add(n == sum(rm.x[int(i)] for i in flagged))
        rm.derive(n, flagged, lambda count: count)
        p = rm.model.new_int_var(0, most * (most - 1) // 2, f"fair:{name}:{agent.id}")
        for k in range(1, most):
            rm.model.add(p >= k * n - k * (k + 1) // 2)
        rm.derive(p, flagged, lambda count: count * (count - 1) // 2)
        term.add(p, weight)


def fairness(rm: RosterModel) -> None:
    """Night shifts and weekend/holiday shifts spread evenly across agents."""
    _convex_count_penalty(rm, "night shifts", rm.candidates.night)
    _convex_count_penalty(rm, "weekend & holiday shifts", rm.candidates.weekend)


def stability(rm: RosterModel) -> None:
    """Re-rostering: every shift added to or removed from the baseline costs ``change_price``
    (definition in ``scheduler/baseline.py``), so a shift changes only when the coverage or cost
    it buys is worth more than the message to the agent and the calendar update.

    Removal is one variable per baseline shift (1 - its choice), so the term counts changes
    exactly (never negative) and the objective keeps the scale the gap is measured on. Baseline
    shifts that are no candidate any more (leave, changed rules) are removed in every roster;
    being the same for all, they are left out.
    """
    c = rm.candidates
    if not rm.problem.baseline_shifts:
        return
    weight = change_price(rm.problem, rm.loss, rm.grid.slot_minutes)
    if weight == 0:
        return
    term = rm.term("changes vs baseline", "stability")
    for i in np.flatnonzero(~c.baseline & ~c.fixed):
        term.add(rm.x[int(i)], weight)
    for i in np.flatnonzero(c.baseline & ~c.fixed):
        removed = rm.model.new_bool_var(f"removed:{i}")
        rm.model.add(rm.x[int(i)] + removed == 1)
        rm.derive(removed, np.array([i]), lambda chosen: 1 - chosen)
        term.add(removed, weight)


def add_all(rm: RosterModel) -> None:
    stability(rm)
    paid_hours(rm)
    preferences(rm)
    fairness(rm)
