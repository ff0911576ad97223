"""Search stages read off the CP-SAT proto: LP relaxation, full and restricted MIP (HiGHS).

Deterministic: fixed seeds, one CP-SAT worker, one HiGHS thread. Wall time is never asserted;
where a time limit is given, the assertion holds for any amount of time (e.g. "at least as good
as the hint", which the restricted MIP returns when it finds nothing better).
"""

from __future__ import annotations

import random
import threading

import numpy as np
import pytest
from ortools.math_opt.python import mathopt
from ortools.sat.python import cp_model

from scheduler.synthetic import LANGUAGE_SHARE, generate_problem
from scheduler.team_io import load_problem
from scheduler.validator import validate
from solver.greedy import greedy_roster
from solver.hints import breakdown_of
from solver.lp_bound import lp_relaxation_bound
from solver.build import build_model
from solver.search.assignment import roster_values
from solver.search.lp_relaxation import highs_parameters, solve_linearization, solve_lp
from solver.search.proto_lp import UnsupportedModelError, linearize, to_mathopt
from solver.search.restricted_mip import lp_guided_keep, solve_restricted_mip
from solver.solve import hint_from_indices

LANGS = list(LANGUAGE_SHARE)


def cp_sat_optimum(model: cp_model.CpModel) -> float | None:
    """CP-SAT's proven optimum with one worker (None when infeasible)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return None
    assert status == cp_model.OPTIMAL, solver.status_name(status)
    return solver.objective_value


def mip_optimum(model: cp_model.CpModel) -> float | None:
    """The same model converted to a MIP (all variables integer), solved to optimality by HiGHS."""
    lin = linearize(model.proto)
    mm = to_mathopt(lin, integer=True)
    result = mathopt.solve(mm.model, mathopt.SolverType.HIGHS,
                           params=highs_parameters(3600, 1, relative_gap_tolerance=0.0,
                                                   absolute_gap_tolerance=0.0))
    reason = result.termination.reason
    if reason == mathopt.TerminationReason.INFEASIBLE:
        return None
    assert reason == mathopt.TerminationReason.OPTIMAL, reason
    return round(lin.cp_objective(result.objective_value()), 6)


@pytest.fixture(scope="module")
def team_8x3():
    """8 agents, 3 languages: CP-SAT proves the optimum with one worker in about a second."""
    problem = generate_problem(8, LANGS[:3], seed=0)
    return problem, build_model(problem)


def test_lp_bound_is_below_the_optimum_cp_sat_proves(team_8x3):
    problem, rm = team_8x3
    optimum = cp_sat_optimum(build_model(problem).model)
    lp = solve_lp(rm, time_limit=600)
    assert lp.status == "OPTIMAL" and lp.exact
    assert lp.bound is not None and lp.bound <= optimum
    assert lp.value - 1e-6 <= lp.bound < lp.value + 1  # rounded up (HiGHS tolerance allowed)
    assert lp.x_values.shape == (len(rm.x),) and lp.reduced_costs.shape == (len(rm.x),)
    assert np.all(lp.x_values > -1e-6) and np.all(lp.x_values < 1 + 1e-6)
    # the benchmark helper gives the same bound from the bare CpModel
    assert lp_relaxation_bound(rm.model, time_limit=600) == lp.bound


def test_full_mip_reaches_the_cp_sat_optimum(team_8x3):
    problem, rm = team_8x3
    assert mip_optimum(rm.model) == cp_sat_optimum(build_model(problem).model)


def test_enforced_rows_convert_exactly(team_8x3):
    """Rules guarded by enforcement literals (the explanation model): some guards fixed on, the
    24/7 guards left free to switch their rule off. Dropping the enforcement in either direction
    changes the optimum."""
    problem, _ = team_8x3
    for keep_free in ({"24/7 minimum online"}, {"min rest", "min weekly hours"}):
        models = []
        for _ in range(2):  # CP-SAT and HiGHS each get a fresh, identical model
            g = build_model(problem, use_guards=True)
            for index, (rule, _msg, _agents) in g.guards.items():
                if rule not in keep_free:
                    g.model.add(g.guard_vars[index] == 1)
            models.append(g.model)
        assert mip_optimum(models[0]) == cp_sat_optimum(models[1]), keep_free


def test_assumption_literals_hold_in_the_conversion():
    model = cp_model.CpModel()
    x, y = model.new_bool_var("x"), model.new_bool_var("y")
    model.add_bool_or([x, y])
    model.minimize(3 * x + 2 * y)
    model.add_assumptions([x])  # CP-SAT solves with x true
    assert mip_optimum(model) == cp_sat_optimum(model) == 3


def _random_model(rng: random.Random) -> cp_model.CpModel:
    """A small model with every supported kind, negated literals and enforcement literals."""
    m = cp_model.CpModel()
    bools = [m.new_bool_var(f"b{i}") for i in range(rng.randint(4, 8))]
    ints = [m.new_int_var(rng.randint(-3, 0), rng.randint(1, 5), f"i{i}") for i in range(3)]

    def lit():  # noqa: ANN202
        b = rng.choice(bools)
        return b if rng.random() < 0.6 else ~b

    for _ in range(rng.randint(3, 7)):
        kind = rng.choice(["linear", "enforced linear", "bool_and", "bool_or", "at_most_one",
                           "exactly_one", "implication"])
        if kind in ("linear", "enforced linear"):
            vs = rng.sample(bools + ints, rng.randint(2, 4))
            expr = sum(rng.randint(-3, 3) * v for v in vs)
            lo = rng.randint(-4, 1)
            ct = m.add_linear_constraint(expr, lo, lo + rng.randint(0, 5))
            if kind == "enforced linear":
                ct.only_enforce_if([lit() for _ in range(rng.randint(1, 2))])
        elif kind == "bool_and":
            m.add_bool_and([lit(), lit()]).only_enforce_if([lit() for _ in range(rng.randint(0, 2))])
        elif kind == "bool_or":
            m.add_bool_or([lit(), lit(), lit()]).only_enforce_if(
                [lit() for _ in range(rng.randint(0, 1))])
        elif kind == "at_most_one":
            m.add_at_most_one(rng.sample(bools, 3))
        elif kind == "exactly_one":
            m.add_exactly_one([lit() for _ in range(3)])
        else:
            m.add_implication(lit(), lit())
    terms = bools + ints
    m.minimize(sum(rng.randint(-5, 9) * v for v in terms) + rng.randint(-10, 10))
    return m


def test_random_small_models_match_cp_sat():
    rng = random.Random(7)
    infeasible = 0
    for _ in range(40):
        model = _random_model(rng)
        optimum = cp_sat_optimum(model)
        assert mip_optimum(model) == optimum, model.proto
        if optimum is None:
            infeasible += 1
            continue
        lin = linearize(model.proto)
        _mm, _res, value, bound = solve_linearization(lin, 600)
        assert value is not None and value <= optimum + 1e-6 and bound <= optimum
    assert infeasible < 40  # the sample is not all infeasible


def test_conversion_refuses_what_it_cannot_write_exactly():
    model = cp_model.CpModel()
    x, y = model.new_int_var(0, 4, "x"), model.new_int_var(0, 4, "y")
    z = model.new_int_var(0, 16, "z")
    model.add_multiplication_equality(z, [x, y])
    model.minimize(x + y - z)
    with pytest.raises(UnsupportedModelError, match="int_prod"):
        linearize(model.proto)
    relaxed = linearize(model.proto, exact=False)  # an LP bound may leave it out
    assert not relaxed.exact and relaxed.relaxed == {"int_prod": 1}

    holes = cp_model.CpModel()
    h = holes.new_int_var_from_domain(cp_model.Domain.from_values([0, 2, 5]), "h")
    holes.minimize(h)
    with pytest.raises(UnsupportedModelError, match="holes"):
        linearize(holes.proto)

    lin_max = cp_model.CpModel()
    a, b = lin_max.new_int_var(0, 3, "a"), lin_max.new_int_var(0, 3, "b")
    lin_max.add_max_equality(lin_max.new_int_var(0, 3, "m"), [a, b])
    with pytest.raises(UnsupportedModelError, match="lin_max"):
        linearize(lin_max.proto)


def test_roster_values_agree_with_the_hint_objective(fixtures_dir):
    problem = load_problem(fixtures_dir / "sample_team")
    rm = build_model(problem)
    chosen = greedy_roster(rm)
    lin = linearize(rm.model.proto)
    values = roster_values(rm, chosen)
    assert lin.objective_of(values) == hint_from_indices(rm, chosen)
    assert len(lin.violations(values)) == 0  # the greedy roster satisfies every row


def test_fairness_costs_n_choose_2_per_agent_and_flag(fixtures_dir):
    problem = load_problem(fixtures_dir / "small_team")
    rm = build_model(problem)
    chosen = greedy_roster(rm)
    c = rm.candidates
    costs = breakdown_of(rm, chosen)
    for name, flags in (("night shifts", c.night), ("weekend & holiday shifts", c.weekend)):
        counts = np.bincount(c.agent[chosen][flags[chosen]], minlength=len(problem.agents))
        expected = problem.weights.fairness * sum(int(n) * (int(n) - 1) // 2 for n in counts)
        assert costs.get(name, 0.0) == expected


@pytest.mark.parametrize("team", ["small_team", "12x3"])
def test_restricted_mip_roster_is_valid_and_no_worse_than_greedy(team, fixtures_dir):
    problem = (load_problem(fixtures_dir / team) if team == "small_team"
               else generate_problem(12, LANGS[:3], seed=1))
    rm = build_model(problem)
    greedy = greedy_roster(rm)
    greedy_objective = hint_from_indices(rm, greedy)
    lp = solve_lp(rm, time_limit=600)
    keep = lp_guided_keep(rm, lp, greedy, per_agent=2)
    assert keep[greedy].all() and keep[lp.x_values > 1e-6].all()
    result = solve_restricted_mip(rm, keep, greedy, time_limit=20)
    assert set(result.chosen.tolist()) <= set(np.flatnonzero(keep).tolist())
    shifts = [rm.candidates.to_shift(int(i), problem, rm.grid) for i in result.chosen]
    assert validate(problem, shifts) == []
    assert result.objective == hint_from_indices(rm, result.chosen)
    assert result.objective <= greedy_objective == result.hint_objective
    assert result.objective >= lp.bound  # the LP bound holds for every roster


def test_restricted_mip_returns_at_least_the_hint_whatever_the_time(fixtures_dir):
    problem = load_problem(fixtures_dir / "small_team")
    rm = build_model(problem)
    greedy = greedy_roster(rm)
    keep = np.zeros(len(rm.x), dtype=bool)  # nothing but the hint itself
    result = solve_restricted_mip(rm, keep, greedy, time_limit=0.001)
    assert result.objective <= hint_from_indices(rm, greedy)
    assert validate(problem, [rm.candidates.to_shift(int(i), problem, rm.grid)
                              for i in result.chosen]) == []


def test_restricted_mip_needs_an_exact_conversion(team_8x3):
    _problem, rm = team_8x3
    lin = linearize(rm.model.proto)
    lin.exact = False  # as if something had been left out
    with pytest.raises(ValueError, match="exact"):
        solve_restricted_mip(rm, np.ones(len(rm.x), dtype=bool), greedy_roster(rm), 1, lin=lin)


def test_a_set_stop_event_skips_the_solves_and_keeps_the_hint(fixtures_dir):
    """HiGHS cannot be interrupted once running (OR-Tools 9.15), so a Cancel pressed before a
    stage starts must skip it: no LP bound, the hint back unchanged."""
    problem = load_problem(fixtures_dir / "small_team")
    rm = build_model(problem)
    greedy = greedy_roster(rm)
    stop = threading.Event()
    stop.set()
    lp = solve_lp(rm, time_limit=600, stop=stop)
    assert lp.status == "STOPPED" and lp.bound is None and len(lp.x_values) == 0
    result = solve_restricted_mip(rm, np.ones(len(rm.x), dtype=bool), greedy, time_limit=600,
                                  stop=stop)
    assert result.status == "HINT" and np.array_equal(result.chosen, np.unique(greedy))
    assert result.objective == hint_from_indices(rm, greedy)


def test_repair_phase_turns_a_bent_start_into_a_valid_roster(tmp_path):
    """An 8-agent 24/7 team in :30/:45 zones whose greedy start leaves two half-hours empty:
    the repair phase (fewest bent rules, from that start) ends with a roster the validator
    accepts. One worker and a fixed seed; the limit only has to be long enough (it stops at the
    first roster that bends nothing)."""
    import time

    from scheduler.random_teams import write_random_team
    from solver.solve import _repair_breaches, _Reporter, _shifts, objective_of

    problem = write_random_team(1100067, tmp_path / "team", n_agents=(3, 40))
    rm = build_model(problem)
    start = greedy_roster(rm)
    assert validate(problem, _shifts(rm, start)), "the start must bend a rule for this test"
    reporter = _Reporter(rm, None, 120.0, None, started=time.perf_counter())
    reporter.offer(start, objective_of(rm, start), True)
    hint_from_indices(rm, start)
    _repair_breaches(rm, reporter, 120.0, workers=1, seed=0, cancel=None)
    assert not reporter.bent
    assert validate(problem, _shifts(rm, reporter.chosen)) == []
