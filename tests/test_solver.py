"""The solver on toy weeks and the bundled teams; every solved roster is re-checked by the validator."""

import datetime as dt
import threading

import pytest
from toy import make_agent, make_problem
from test_validator import shift

from scheduler.domain import DemandRow, Role, Rules
from scheduler.kpis import compute_kpis
from scheduler.team_io import load_problem
from scheduler.validator import validate
from solver import solve


def five_agents(**agent_kw):
    return [make_agent(x, **agent_kw) for x in "ABCDE"]


def test_small_team_roster_passes_validator(fixtures_dir):
    problem = load_problem(fixtures_dir / "small_team")
    result = solve(problem, time_limit=10, workers=2)
    assert validate(problem, result.roster.shifts) == []
    kpis = compute_kpis(problem, result.roster.shifts)
    assert kpis.online_24_7_held and kpis.coverage_pct > 85
    assert result.roster.gap is not None and result.roster.gap < 0.02


def test_sample_team_roster_passes_validator_and_covers_demand(fixtures_dir):
    problem = load_problem(fixtures_dir / "sample_team")
    result = solve(problem, time_limit=30, workers=2)
    assert validate(problem, result.roster.shifts) == []
    kpis = compute_kpis(problem, result.roster.shifts)
    assert kpis.online_24_7_held
    assert kpis.coverage_pct > 80
    assert result.roster.gap is not None and result.roster.gap < 0.05
    # every shift is within the 8-hour cap and every agent within contract
    assert max(s.hours for s in result.roster.shifts) <= 8
    assert kpis.hours_per_agent_max <= 40


def test_24_7_is_held_even_without_demand():
    problem = make_problem(five_agents())
    result = solve(problem, time_limit=10, workers=2)
    assert validate(problem, result.roster.shifts) == []
    assert compute_kpis(problem, result.roster.shifts).online_24_7_held


def test_demand_pulls_shifts_to_the_right_language_and_hour():
    agents = [make_agent("EN", primary_languages=("en",)), make_agent("ES", primary_languages=("es",)),
              *five_agents()]
    demand = [DemandRow(weekday=2, start=dt.time(10), end=dt.time(14), language="es", primary=1)]
    problem = make_problem(agents, demand)
    result = solve(problem, time_limit=10, workers=2)
    es = [s for s in result.roster.shifts if s.agent_id == "ES"]
    assert any(s.start <= shift("ES", 2, 10, 4).start and s.end >= shift("ES", 2, 10, 4).end
               for s in es)
    assert validate(problem, result.roster.shifts) == []


def test_backup_demand_gets_backup_duty_not_primary():
    demand = [DemandRow(weekday=1, start=dt.time(9), end=dt.time(17), language="en", primary=1,
                        backup=1)]
    problem = make_problem(five_agents(), demand)
    result = solve(problem, time_limit=10, workers=2)
    backups = [s for s in result.roster.shifts if s.role is Role.BACKUP]
    assert backups and validate(problem, result.roster.shifts) == []


def test_rest_after_last_weeks_shift_is_respected():
    previous = (shift("A", -1, 18, 8),)  # Sunday 18:00 -> Monday 02:00 local
    problem = make_problem(five_agents(), previous_shifts=previous)
    result = solve(problem, time_limit=10, workers=2)
    first_a = min((s.start for s in result.roster.shifts if s.agent_id == "A"), default=None)
    assert first_a is None or first_a >= previous[0].end + dt.timedelta(hours=11)
    assert validate(problem, result.roster.shifts) == []


def test_pinned_shift_is_kept():
    pinned = (shift("B", 3, 9, 8),)
    problem = make_problem(five_agents(), pinned_shifts=pinned)
    result = solve(problem, time_limit=10, workers=2)
    assert pinned[0] in result.roster.shifts
    assert validate(problem, result.roster.shifts) == []


def test_six_hour_cap_is_respected_when_the_rule_changes():
    problem = make_problem(five_agents(shift_lengths=(4, 6), max_shifts=6),
                           rules=Rules(max_shift_hours=6, min_shift_hours=4))
    result = solve(problem, time_limit=10, workers=2)
    assert max(s.hours for s in result.roster.shifts) <= 6
    assert validate(problem, result.roster.shifts) == []


def test_deterministic_with_one_worker_and_a_seed(fixtures_dir):
    problem = load_problem(fixtures_dir / "small_team")
    a = solve(problem, time_limit=5, workers=1, seed=7)
    b = solve(problem, time_limit=5, workers=1, seed=7)
    if a.roster.status.value == "optimal" and b.roster.status.value == "optimal":
        assert a.roster.objective == b.roster.objective
    assert sorted(a.roster.shifts, key=str) == sorted(b.roster.shifts, key=str) or \
        a.roster.solve_seconds >= 5


def test_progress_is_reported_and_cancel_stops_early(fixtures_dir):
    problem = load_problem(fixtures_dir / "sample_team")
    cancel = threading.Event()
    seen = []

    def on_progress(p):
        seen.append(p)
        if p.objective is not None:
            cancel.set()

    result = solve(problem, time_limit=60, workers=2, on_progress=on_progress, cancel=cancel)
    assert seen and seen[-1].objective is not None
    assert result.roster.solve_seconds < 45
    assert validate(problem, result.roster.shifts) == []


@pytest.mark.parametrize("week", [dt.date(2026, 3, 23), dt.date(2026, 10, 19)])
def test_dst_weeks_in_planning_and_agent_zones(week):
    """Planning in Madrid across the EU change; an LA agent with a 09-17 local window."""
    from scheduler.textformats import parse_availability

    agents = [make_agent(x, timezone="Europe/Madrid") for x in "ABCD"] + [
        make_agent("LA", timezone="America/Los_Angeles", night_willing=False,
                   availability=parse_availability("Daily 09:00-17:00"))]
    demand = [DemandRow(weekday=d, start=dt.time(17), end=dt.time(0), language="en", primary=2)
              for d in range(7)]
    problem = make_problem(agents, demand, week_start=week, timezone="Europe/Madrid", slot_minutes=30)
    result = solve(problem, time_limit=10, workers=2)
    assert validate(problem, result.roster.shifts) == []
    for s in result.roster.shifts:
        if s.agent_id == "LA":
            local = s.start.astimezone(problem.agent("LA").zone)
            assert dt.time(9) <= local.time() and (local + dt.timedelta(hours=s.hours)).time() <= dt.time(17)
