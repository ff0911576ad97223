"""Agent-group LNS (big teams) and the greedy start: never worse, always valid."""

import time

from scheduler.synthetic import generate_problem
from scheduler.validator import validate
from solver.greedy import greedy_roster
from solver.lns import improve_by_agent_groups
from solver.model import build_model
from solver.solve import hint_from_indices


def test_greedy_start_is_valid_and_lns_only_improves_it():
    problem = generate_problem(60, seed=3)
    rm = build_model(problem)
    start = greedy_roster(rm)
    start_objective = hint_from_indices(rm, start)
    shifts = [rm.candidates.to_shift(int(i), problem, rm.grid) for i in start]
    assert validate(problem, shifts) == []

    seen = []
    better = improve_by_agent_groups(
        rm, start, lambda c: hint_from_indices(rm, c), deadline=time.perf_counter() + 8,
        workers=2, on_improve=lambda _c, objective: seen.append(objective))
    final_objective = hint_from_indices(rm, better)
    assert final_objective <= start_objective
    assert seen == sorted(seen, reverse=True)  # every reported step is an improvement
    if seen:  # progress is tracked from the small models' gains: close to the exact objective
        assert final_objective < start_objective
        assert abs(final_objective - seen[-1]) <= 0.01 * start_objective
    shifts = [rm.candidates.to_shift(int(i), problem, rm.grid) for i in better]
    assert validate(problem, shifts) == []
