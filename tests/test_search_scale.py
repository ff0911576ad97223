"""Search stages for big teams: merged symmetric agents, bounds from row prices, LP rounding,
agent blocks, and stages that do not start when they cannot end.

Deterministic (fixed seeds, one HiGHS thread); no wall time is asserted: where a stage gets a
time limit, what is asserted holds for any amount of time.
"""

from __future__ import annotations

import random
import sys
import time

import numpy as np
import pytest
from ortools.sat.python import cp_model

from scheduler.domain import Problem
from scheduler.synthetic import LANGUAGE_SHARE, generate_problem
from scheduler.validator import validate
from solver.budget import Budget
from solver.build import build_model
from solver.greedy import greedy_roster
from solver.hints import breach_of, objective_of
from solver.search.assignment import candidate_index
from solver.search.block_mip import agent_blocks, improve_by_blocks
from solver.search.lagrangian import dual_bound, reduced_costs
from solver.search.lp_relaxation import lp_bound_of, solve_linearization, solve_lp
from solver.search.proto_lp import linearize
from solver.search.rounding import rounding_order
from solver.search.symmetry import reduce_by_symmetry
from tests.test_search_stages import _random_model

LANGS = list(LANGUAGE_SHARE)


def with_twins(problem: Problem, count: int) -> Problem:
    """The team plus an identical twin (same contract, languages, availability) of its first
    ``count`` agents."""
    twins = tuple(a.model_copy(update={"id": f"{a.id}-twin", "name": f"{a.name} twin"})
                  for a in problem.agents[:count])
    return problem.model_copy(update={"agents": tuple(problem.agents) + twins})


@pytest.fixture(scope="module")
def twins_team():
    problem = with_twins(generate_problem(12, LANGS[:3], seed=1), 3)  # its greedy bends nothing
    rm = build_model(problem)
    return problem, rm, linearize(rm.model.proto)


@pytest.fixture(scope="module")
def full_lp(twins_team):
    """The LP over every variable: (MathOptModel, result, optimum in MathOpt units)."""
    _problem, _rm, lin = twins_team
    mm, result, value, _bound = solve_linearization(lin, 600)
    assert value is not None
    return mm, result, value / lin.scale


def test_row_prices_of_the_lp_optimum_prove_the_optimum(twins_team, full_lp):
    """MathOpt's sign convention: its reduced costs are c - A'y for its dual values y."""
    _problem, _rm, lin = twins_team
    mm, result, optimum = full_lp
    duals = mm.duals_of(result)
    bound, costs = dual_bound(lin, duals)
    assert bound == pytest.approx(optimum, abs=1e-6)
    own = mm.reduced_costs_of(result)
    assert np.allclose(costs, own, atol=1e-7)
    assert np.allclose(reduced_costs(lin, duals), own, atol=1e-7)


def test_any_row_prices_give_a_bound_below_the_optimum(twins_team, full_lp):
    _problem, _rm, lin = twins_team
    mm, result, optimum = full_lp
    duals = mm.duals_of(result)
    rng = np.random.default_rng(0)
    below = 0
    for scale in (0.01, 1.0, 100.0):
        for _ in range(5):
            noisy = duals + rng.normal(0, scale, size=len(duals))  # signs often wrong
            bound, _ = dual_bound(lin, noisy)
            assert bound <= optimum + 1e-6
            below += bound < optimum - 1e-3
    assert below > 0  # the noise did move the bound


def test_prices_on_a_side_a_row_does_not_have_prove_nothing():
    """Random small models (negative domains, one-sided rows) and random prices of any sign:
    every bound stays below the LP optimum."""
    rng = random.Random(3)
    prices = np.random.default_rng(3)
    checked = 0
    for _ in range(40):
        lin = linearize(_random_model(rng).proto)
        _mm, _result, value, _bound = solve_linearization(lin, 60)
        if value is None:
            continue
        for _ in range(5):
            bound, _ = dual_bound(lin, prices.normal(0, 3, size=lin.n_rows))
            assert bound <= value / lin.scale + 1e-6
            checked += 1
    assert checked > 50
    # min x over x in [-5, 5] with x <= 3: a positive price on that row would claim x >= 0
    model = cp_model.CpModel()
    x = model.new_int_var(-5, 5, "x")
    model.add(x <= 3)
    model.minimize(x)
    lin = linearize(model.proto)
    assert np.isinf(lin.row_lower).all()
    assert dual_bound(lin, np.array([1.0]))[0] <= -5


def test_equitable_partition_merges_twins_and_keeps_the_optimum(twins_team, full_lp):
    _problem, rm, lin = twins_team
    _mm, _result, optimum = full_lp
    reduction = reduce_by_symmetry(lin)
    classes = reduction.var_class[candidate_index(rm)]
    agent = rm.candidates.agent
    n = len(rm.problem.agents) - 3
    for k in range(3):  # each twin's candidates share classes with the original's, one to one
        mine, theirs = classes[agent == k], classes[agent == n + k]
        assert sorted(mine.tolist()) == sorted(theirs.tolist())
    assert len(set(classes.tolist())) < len(classes)
    # equitable: each variable of a class meets each row class with the same coefficient sum
    coo = lin.matrix().tocoo()
    sums: dict[tuple[int, int], float] = {}
    for r, c, a in zip(coo.row, coo.col, coo.data):
        key = (int(c), int(reduction.row_class[r]))
        sums[key] = sums.get(key, 0.0) + float(a)
    per_class: dict[tuple[int, int], set[float]] = {}
    for (c, rc), s in sums.items():
        per_class.setdefault((int(reduction.var_class[c]), rc), set()).add(round(s, 9))
    sizes = np.bincount(reduction.var_class)
    counts: dict[tuple[int, int], int] = {}
    for c, rc in sums:
        counts[(int(reduction.var_class[c]), rc)] = counts.get((int(reduction.var_class[c]), rc),
                                                               0) + 1
    for key, values in per_class.items():
        assert len(values) == 1 and counts[key] == sizes[key[0]], key
    # the reduced LP has the full LP's optimum, its solution expands to a feasible one
    mm, result, value, _ = solve_linearization(reduction.lin, 600)
    assert value / lin.scale == pytest.approx(optimum, abs=1e-6)
    x = reduction.expand_values(mm.values_of(result))
    assert len(lin.violations(x, tol=1e-6)) == 0
    assert lin.objective_of(x) / lin.scale == pytest.approx(optimum, abs=1e-6)
    bound, _ = dual_bound(lin, reduction.expand_duals(mm.duals_of(result)))
    assert bound == pytest.approx(optimum, abs=1e-6)


def test_distinct_agents_are_never_merged():
    problem = generate_problem(12, LANGS[:3], seed=1)
    rm = build_model(problem)
    lin = linearize(rm.model.proto)
    reduction = reduce_by_symmetry(lin)
    classes = reduction.var_class[candidate_index(rm)]
    keys = list(zip(rm.candidates.start.tolist(), rm.candidates.length.tolist(),
                    rm.candidates.role.tolist()))
    owners: dict[int, set[int]] = {}
    for k, a in zip(classes.tolist(), rm.candidates.agent.tolist()):
        owners.setdefault(k, set()).add(a)
    agents = problem.agents
    for k, who in owners.items():
        members = [i for i in np.flatnonzero(classes == k)]
        assert len({keys[i] for i in members}) == 1  # one shift, possibly several agents
        first = agents[min(who)]
        for a in who:  # merged agents are the same person in every rule-relevant respect
            other = agents[a]
            assert other.model_dump(exclude={"id", "name"}) == first.model_dump(
                exclude={"id", "name"})


def test_lp_bound_is_proven_on_the_full_model_whatever_is_held_at_zero(twins_team, full_lp):
    """Holding every shift at 0 leaves an LP of slacks far above the optimum; the bound reported
    must still hold for the full model (it comes from the prices, not that LP's value)."""
    _problem, rm, lin = twins_team
    _mm, _result, optimum = full_lp
    breach = np.zeros(lin.n_vars, dtype=bool)
    breach[[v.index for t in rm.terms.values() if t.family == "bent rules"
            for v in t.variables]] = True
    assert breach.any()
    exact = lp_bound_of(lin, lin.scale * optimum)
    assert breach_of(rm, greedy_roster(rm)) == 0  # as in solve(): held only when not needed
    assert solve_lp(rm, 600, lin=lin, zero=breach).bound == exact
    assert solve_lp(rm, 600, lin=lin, symmetric=False).bound == exact
    shifts = np.zeros(lin.n_vars, dtype=bool)
    shifts[[v.index for v in rm.x]] = True
    held = solve_lp(rm, 600, lin=lin, zero=shifts)
    assert held.status == "OPTIMAL"
    assert held.bound is not None and held.bound <= exact
    chosen = greedy_roster(rm)
    assert held.bound <= objective_of(rm, chosen)


def test_an_lp_expected_to_outlast_its_time_does_not_start(twins_team):
    _problem, rm, lin = twins_team
    lp = solve_lp(rm, time_limit=60, lin=lin, pace=1e9)
    assert lp.status == "TOO_BIG" and lp.bound is None and len(lp.x_values) == 0
    assert solve_lp(rm, time_limit=600, lin=lin, pace=1.0).status == "OPTIMAL"


def test_a_maximisation_model_converts_with_its_own_sense():
    model = cp_model.CpModel()
    x = model.new_int_var(0, 5, "x")
    y = model.new_int_var(0, 5, "y")
    model.add(2 * x + 2 * y <= 7)
    model.maximize(2 * x + y + 1)
    lin = linearize(model.proto)
    _mm, _result, value, bound = solve_linearization(lin, 60)
    assert value == pytest.approx(8.0)  # x = 3.5, y = 0
    assert bound == 8  # an upper bound for a maximisation, rounded down
    solver = cp_model.CpSolver()
    solver.solve(model)
    assert solver.objective_value <= bound


def test_rounding_deals_a_shared_shift_to_as_many_agents_as_the_lp_wants():
    # candidates 0-2: one shift of three interchangeable agents 0, 1, 2 at 1/3 each (1 in all)
    # -> one of them; 3-5: another shift of theirs at 0.8 each (2.4) -> two of them; 6: agent
    # 3's shift at 0.6 -> taken; 7: agent 3's at 0.2 -> left to the greedy
    x = np.array([1 / 3, 1 / 3, 1 / 3, 0.8, 0.8, 0.8, 0.6, 0.2])
    classes = np.array([0, 0, 0, 1, 1, 1, 2, 3])
    agent = np.array([0, 1, 2, 0, 1, 2, 3, 3])
    order = rounding_order(x, classes, agent).tolist()
    # whole units first (the 0.8 class's two, then the 1/3 class's one), then the 0.6 unit;
    # the 1/3 class's shift goes to agent 2, the one the 0.8 class gave nothing
    assert order == [3, 4, 2, 6]
    # without classes: the LP's shifts above one half, largest first
    assert rounding_order(x, None, agent).tolist() == [3, 4, 5, 6]


def test_agent_blocks_start_with_one_language_and_have_the_size_asked():
    problem = generate_problem(30, LANGS[:4], seed=1)  # en 30 speakers, ru 11, es 9, fr 3
    rm = build_model(problem)
    speakers = {lang: {i for i, a in enumerate(problem.agents) if lang in a.primary_languages}
                for lang in LANGS[:4]}
    blocks = agent_blocks(rm, 10, seed=0)
    led = set()
    for _ in range(len(speakers)):  # one round: every language leads one block
        block = next(blocks)
        assert len(block) == 10 == len(set(block.tolist()))
        led |= {lang for lang, who in speakers.items()
                if set(block[:min(10, len(who))].tolist()) <= who}
    assert led == set(speakers)


def test_block_mips_never_return_worse_and_keep_every_rule():
    problem = generate_problem(30, LANGS[:4], seed=1)
    rm = build_model(problem)
    lin = linearize(rm.model.proto)
    lp = solve_lp(rm, 600, lin=lin)
    start = greedy_roster(rm)
    start_objective = objective_of(rm, start)
    seen: list[float] = []
    chosen, objective = improve_by_blocks(
        rm, lp, start, lin=lin, until=time.perf_counter() + 30, block_size=8, mip_seconds=10,
        done=lambda: len(seen) >= 2, on_better=lambda c, o: seen.append(o))
    assert objective <= start_objective
    assert objective == objective_of(rm, chosen)
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == len(seen)
    assert all(o < start_objective for o in seen)
    assert validate(problem, [rm.candidates.to_shift(int(i), problem, rm.grid)
                              for i in chosen]) == []
    assert objective >= lp.bound
    # no time: the start comes back unchanged
    same, same_objective = improve_by_blocks(rm, lp, start, lin=lin, until=time.perf_counter())
    assert np.array_equal(same, np.unique(start)) and same_objective == start_objective


def test_one_block_mip_changes_only_the_block_s_agents():
    problem = generate_problem(30, LANGS[:4], seed=1)
    rm = build_model(problem)
    lin = linearize(rm.model.proto)
    lp = solve_lp(rm, 600, lin=lin)
    start = greedy_roster(rm)
    checks = iter([False, True])  # one MIP, then done
    chosen, _ = improve_by_blocks(rm, lp, start, lin=lin, until=time.perf_counter() + 60,
                                  block_size=5, mip_seconds=30, done=lambda: next(checks))
    agent = rm.candidates.agent
    def shifts_of(roster: np.ndarray, a: int) -> set[int]:
        return set(roster[agent[roster] == a].tolist())

    changed = {a for a in range(len(problem.agents)) if shifts_of(start, a) != shifts_of(chosen, a)}
    assert len(changed) <= 5
    block = next(agent_blocks(rm, 5, seed=0))  # the block it was given (same seed)
    assert changed <= set(block.tolist())


def test_pace_is_wall_per_cpu_second_and_never_below_one():
    now_wall, now_cpu = time.perf_counter(), time.process_time()
    waited = Budget(10.0, started=now_wall - 100.0, cpu_started=now_cpu - 1.0)
    assert waited.pace() > 50  # 100 s of wall time, ~1 s of CPU: a busy machine
    threads = Budget(10.0, started=now_wall - 1.0, cpu_started=now_cpu - 4.0)
    assert threads.pace() == 1.0  # several threads made CPU time outrun the clock


def test_big_teams_search_by_agent_blocks_and_skip_a_cp_sat_that_could_not_load(monkeypatch):
    solve_module = sys.modules["solver.solve"]
    calls = []
    real = solve_module.improve_by_blocks

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(kwargs["until"])
        return real(*args, **kwargs)

    monkeypatch.setattr(solve_module, "improve_by_blocks", spy)
    monkeypatch.setattr(solve_module, "BLOCK_MIP_AGENTS", 10)  # "big" from 10 agents
    monkeypatch.setattr(solve_module, "CP_SAT_LOAD_SECONDS_PER_CANDIDATE", 1e6)
    problem = generate_problem(12, LANGS[:3], seed=1)
    problem = problem.model_copy(update={"solver": problem.solver.model_copy(
        update={"relative_gap": 0.0})})  # nothing closes the gap: every stage gets its turn
    result = solve_module.solve(problem, time_limit=8, workers=1, seed=0)
    assert len(calls) == 1
    assert validate(problem, result.roster.shifts) == []
    stages = {p.stage for p in result.progress}
    assert "CP-SAT" not in stages and "restricted MIP" not in stages


def test_without_an_lp_in_time_big_teams_still_search_by_small_blocks(monkeypatch):
    solve_module = sys.modules["solver.solve"]
    lp_module = sys.modules["solver.search.lp_relaxation"]
    calls = []
    real = solve_module.improve_by_blocks

    def spy(rm: object, lp: object, *args: object, **kwargs: object) -> object:
        calls.append((lp, kwargs["block_size"]))
        return real(rm, lp, *args, **kwargs)

    monkeypatch.setattr(solve_module, "improve_by_blocks", spy)
    monkeypatch.setattr(solve_module, "BLOCK_MIP_AGENTS", 10)
    monkeypatch.setattr(lp_module, "LP_SECONDS_PER_NONZERO", 1e6)  # no LP fits
    problem = generate_problem(12, LANGS[:3], seed=1)
    result = solve_module.solve(problem, time_limit=6, workers=1, seed=0)
    assert calls == [(None, solve_module.BLOCK_SIZE_WITHOUT_LP)]
    assert result.roster.best_bound is None or result.roster.best_bound <= result.roster.objective
    assert validate(problem, result.roster.shifts) == []


def test_block_mips_without_an_lp_use_every_candidate_of_the_block():
    problem = generate_problem(12, LANGS[:3], seed=1)
    rm = build_model(problem)
    lin = linearize(rm.model.proto)
    start = greedy_roster(rm)
    checks = iter([False, False, True])  # two MIPs
    chosen, objective = improve_by_blocks(rm, None, start, lin=lin,
                                          until=time.perf_counter() + 60, block_size=3,
                                          done=lambda: next(checks))
    assert objective <= objective_of(rm, start) and objective == objective_of(rm, chosen)
    assert validate(problem, [rm.candidates.to_shift(int(i), problem, rm.grid)
                              for i in chosen]) == []
