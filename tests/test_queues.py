"""Who answers which queue (scheduler/queues.py): the split is optimal, shared by the solver, the
coverage report and the service report, and never counts one agent twice."""

import datetime as dt
import itertools
import random

import numpy as np
import pytest
from toy import (
    DAY,
    FIXTURES,
    HOUR,
    demand_utc,
    loose_rules,
    make_agent,
    make_problem,
    solve_optimal,
    solve_toy,
    utc_shift,
)

from scheduler.coverage import coverage_table
from scheduler.domain import Weights
from scheduler.queues import QueueLoss, allocate, allocation, forecast_of, queue_loss
from scheduler.staffing.service_report import service_report
from scheduler.staffing.settings import StaffingSettings
from scheduler.staffing.workload import queue_workload
from scheduler.team_io import load_problem
from scheduler.timegrid import WeekGrid
from solver.build import build_model
from solver.hints import breakdown_of, indices_of_shifts

LANGS = ("es", "fr", "de")


def _random_case(rng: random.Random):
    groups = [g for g in ((0,), (1,), (2,), (0, 1), (1, 2), (0, 2), (0, 1, 2))
              if rng.random() < 0.6] or [(0, 1)]
    counts = np.array([[rng.randint(0, 3)] for _ in groups])
    tables = {}
    for lang in LANGS:  # convex, non-increasing integer losses
        steps = sorted(rng.randint(0, 40) for _ in range(rng.randint(1, 5)))[::-1]
        start = sum(steps) + rng.randint(0, 5)
        table = [start]
        for s in steps:
            table.append(table[-1] - s)
        tables[lang] = np.array(table, dtype=np.int64)[:, None]
    return [tuple(LANGS[i] for i in g) for g in groups], counts, QueueLoss(LANGS, tables,
                                                                            "service")


def _brute_force(groups, counts, loss: QueueLoss) -> int:
    """Least total loss over every way to send each agent to one of their languages (or none)."""
    agents = [g for g, c in zip(groups, counts[:, 0]) for _ in range(c)]
    best = None
    for choice in itertools.product(*[(*g, None) for g in agents]):
        n = {lang: sum(1 for c in choice if c == lang) for lang in LANGS}
        total = sum(int(loss.at(lang, np.array([n[lang]]))[0]) for lang in LANGS)
        best = total if best is None else min(best, total)
    return best


@pytest.mark.parametrize("seed", range(40))
def test_the_split_loses_the_least_possible(seed):
    groups, counts, loss = _random_case(random.Random(seed))
    n = allocate(loss, groups, counts)
    for g_langs, c in zip(groups, counts[:, 0]):
        assert c >= 0
    # feasible: Hall's condition for every set of languages
    for r in range(1, 4):
        for subset in itertools.combinations(range(3), r):
            able = sum(c for g, c in zip(groups, counts[:, 0])
                       if any(LANGS[i] in g for i in subset))
            assert n[list(subset), 0].sum() <= able
    got = sum(int(loss.at(lang, n[i])[0]) for i, lang in enumerate(LANGS))
    assert got == _brute_force(groups, counts, loss)


# ----------------------------------------------------------------------------- one definition

S = StaffingSettings()


def _bilingual_week():
    """Spanish is busy, French quiet; two agents speak both, one only French."""
    agents = [make_agent("B1", primary_languages=("fr", "es")),
              make_agent("B2", primary_languages=("es", "fr")),
              make_agent("F1", primary_languages=("fr",))]
    problem = make_problem(agents, weights=Weights())  # the service goal
    grid = WeekGrid.for_settings(problem.settings)
    loads = {"es": queue_workload("es", np.full(grid.n_slots, 12.0), S),
             "fr": queue_workload("fr", np.full(grid.n_slots, 1.0), S)}
    problem = problem.model_copy(update={"forecast": forecast_of(grid, loads)})
    start = grid.start_utc + dt.timedelta(hours=2)
    shifts = [utc_shift(a.id, start, 8) for a in agents]
    return problem, grid, shifts


def test_coverage_and_service_reports_count_the_same_agents():
    problem, grid, shifts = _bilingual_week()
    cov = coverage_table(problem, shifts)
    svc = service_report(problem, shifts).table
    for lang in ("es", "fr"):
        covered = cov[cov.language == lang].set_index("slot")["scheduled_primary"]
        served = svc[svc.language == lang].set_index("slot")["answering"]
        assert covered.equals(served.astype(covered.dtype))
    heads = cov[cov.language == "ALL"].set_index("slot")["scheduled_primary"]
    both = cov[cov.language == "es"].set_index("slot")["scheduled_primary"] + \
        cov[cov.language == "fr"].set_index("slot")["scheduled_primary"]
    assert (both <= heads).all()  # nobody answers two queues at once
    span = grid.slots_between(shifts[0].start, shifts[0].end)
    assert (heads.iloc[span.start:span.stop] == 3).all()
    # the busy queue gets both bilingual agents, the quiet one the French-only agent
    split = allocation(problem, shifts, grid)
    assert (split["es"][span.start:span.stop] == 2).all()
    assert (split["fr"][span.start:span.stop] == 1).all()


def test_the_solver_values_a_roster_as_the_reports_split_it():
    problem = load_problem(FIXTURES / "small_team")
    rm = build_model(problem)
    roster = solve_toy(problem).roster.shifts
    chosen = indices_of_shifts(rm, roster)
    grid = WeekGrid.for_settings(problem.settings)
    loss = queue_loss(problem, grid)
    split = allocation(problem, roster, grid, loss)
    report_loss = sum(int(loss.at(lang, split[lang]).sum()) for lang in loss.languages)
    desks = [v for k, v in breakdown_of(rm, chosen).items() if k.startswith("language desks")]
    assert desks == [report_loss]


def test_the_solver_never_counts_a_bilingual_agent_in_two_queues():
    """Spanish and French both need one agent for the same 8 hours. The bilingual agent alone
    would do if they could answer both queues at once; the French-only agent must come too."""
    agents = [make_agent("B", primary_languages=("es", "fr"), max_shifts=1),
              make_agent("F", primary_languages=("fr",), max_shifts=1)]
    probe = make_problem(agents)
    start = WeekGrid.for_settings(probe.settings).start_utc + 2 * DAY + 9 * HOUR
    demand = (demand_utc(probe.settings, start, start + 8 * HOUR, "es")
              + demand_utc(probe.settings, start, start + 8 * HOUR, "fr"))
    problem = make_problem(agents, demand, rules=loose_rules(), weights=Weights(goal="coverage"))
    shifts = solve_optimal(problem)
    assert {s.agent_id for s in shifts} == {"B", "F"}
    split = allocation(problem, shifts)
    assert all(int(split[lang].sum()) == 8 for lang in ("es", "fr"))
