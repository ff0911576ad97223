"""The solver on toy weeks and the bundled teams; every roster is re-checked by the validator.

No test here depends on how fast the machine is: solves use one worker, a fixed seed and a fixed
amount of CP-SAT work (``toy.solve_toy``), and assert properties of whatever comes back — never a
gap, an objective target or a wall-clock time. Quality targets live in ``benchmarks/``.
Rule-by-rule solver tests are in ``test_rules_*.py``.
"""

import datetime as dt
import threading

import pytest
from toy import (
    FLAT,
    HOUR,
    demand_utc,
    local_minutes,
    loose_rules,
    make_agent,
    make_problem,
    shifts_of,
    solve_optimal,
    solve_toy,
    to_local,
)
from test_validator import shift

from scheduler.domain import DemandRow, Rules
from scheduler.kpis import compute_kpis
from scheduler.team_io import load_problem
from scheduler.textformats import parse_availability
from scheduler.validator import validate
from solver import solve


def five_agents(**agent_kw):
    return [make_agent(x, **agent_kw) for x in "ABCDE"]


def six_agents(**agent_kw):
    """Enough slack for 24/7 that one worker finds a roster at once."""
    return [make_agent(x, **agent_kw) for x in "ABCDEF"]


def test_small_team_roster_passes_validator(fixtures_dir):
    problem = load_problem(fixtures_dir / "small_team")
    result = solve_toy(problem, dtime=1)
    assert validate(problem, result.roster.shifts) == []
    assert compute_kpis(problem, result.roster.shifts).online_24_7_held


def test_sample_team_roster_passes_validator(fixtures_dir):
    """Whatever a fixed amount of work returns for the 30-agent team is publishable."""
    problem = load_problem(fixtures_dir / "sample_team")
    result = solve_toy(problem, dtime=2)
    assert validate(problem, result.roster.shifts) == []
    kpis = compute_kpis(problem, result.roster.shifts)
    assert kpis.online_24_7_held
    assert max(s.hours for s in result.roster.shifts) <= 8
    for agent in problem.agents:
        hours = sum(s.hours for s in result.roster.shifts if s.agent_id == agent.id)
        assert hours <= agent.max_hours


def test_24_7_is_held_even_without_demand():
    problem = make_problem(six_agents(), weights=FLAT)
    result = solve_toy(problem)
    assert validate(problem, result.roster.shifts) == []
    assert compute_kpis(problem, result.roster.shifts).online_24_7_held


def test_demand_pulls_shifts_to_the_right_language_and_hour():
    agents = [make_agent("EN", primary_languages=("en",)),
              make_agent("ES", primary_languages=("es",)),
              make_agent("E2", primary_languages=("en",))]
    demand = [DemandRow(weekday=2, start=dt.time(10), end=dt.time(14), language="es", primary=1)]
    problem = make_problem(agents, demand, rules=loose_rules())
    shifts = solve_optimal(problem)
    want = shift("ES", 2, 10, 4)
    assert [s.agent_id for s in shifts] == ["ES"]
    assert shifts[0].start <= want.start and shifts[0].end >= want.end
    assert validate(problem, shifts) == []


def test_backup_demand_gets_backup_duty_not_primary():
    demand = [DemandRow(weekday=1, start=dt.time(9), end=dt.time(17), language="en", primary=1,
                        backup=1)]
    problem = make_problem(five_agents(), demand, rules=loose_rules())
    shifts = solve_optimal(problem)
    assert validate(problem, shifts) == []
    assert sorted(s.role.value for s in shifts) == ["backup", "primary"]


def test_rest_after_last_weeks_shift_is_respected():
    """Demand starts as last week's Sunday-night shift ends; A may only come back 11 h later."""
    previous = (shift("A", -1, 18, 8),)  # Sunday 18:00 -> Monday 02:00 local
    demand = [DemandRow(weekday=0, start=dt.time(2), end=dt.time(18), language="en", primary=1)]
    problem = make_problem([make_agent("A")], demand, previous_shifts=previous, rules=loose_rules())
    shifts = solve_optimal(problem)
    assert validate(problem, shifts) == []
    assert [s.start for s in shifts] == [previous[0].end + 11 * HOUR]


def test_pinned_shift_is_kept():
    pinned = (shift("B", 3, 9, 8),)
    problem = make_problem(six_agents(), pinned_shifts=pinned, weights=FLAT)
    result = solve_toy(problem)
    assert pinned[0] in result.roster.shifts
    assert validate(problem, result.roster.shifts) == []


def test_pinned_shift_off_the_start_grid_is_kept():
    """Shifts start on the hour (shift_start_step_minutes 60); a pin at 09:30 on a 30-minute
    grid is still a candidate and stays."""
    pinned = (shift("B", 3, 9.5, 8),)
    problem = make_problem(five_agents(), pinned_shifts=pinned, rules=loose_rules(),
                           slot_minutes=30)
    shifts = solve_optimal(problem)
    assert list(shifts) == [pinned[0]]


def test_six_hour_cap_is_respected_when_the_rule_changes():
    problem = make_problem(six_agents(shift_lengths=(4, 6), max_shifts=6),
                           rules=Rules(max_shift_hours=6, min_shift_hours=4), weights=FLAT)
    result = solve_toy(problem)
    assert max(s.hours for s in result.roster.shifts) <= 6
    assert validate(problem, result.roster.shifts) == []


def test_deterministic_with_one_worker_and_a_seed(fixtures_dir):
    """Same team, one worker, same seed, same amount of work: the same roster, on any machine."""
    problem = load_problem(fixtures_dir / "small_team")
    a = solve_toy(problem, dtime=1, seed=7)
    b = solve_toy(problem, dtime=1, seed=7)
    assert a.roster.objective == b.roster.objective
    assert sorted(a.roster.shifts, key=str) == sorted(b.roster.shifts, key=str)


def test_deterministic_toy_roster_is_the_same_every_time():
    demand = [DemandRow(weekday=d, start=dt.time(8), end=dt.time(20), language="en", primary=1)
              for d in range(7)]
    problem = make_problem(five_agents(), demand, rules=loose_rules())
    runs = [solve_toy(problem).roster for _ in range(3)]
    assert all(r.shifts == runs[0].shifts and r.objective == runs[0].objective for r in runs)


@pytest.mark.timeout(300)
def test_progress_is_reported_and_cancel_stops_early(fixtures_dir):
    """With an hour's time limit the test only finishes because Cancel stops the search (a
    broken cancel fails on the timeout, never on a slow machine)."""
    problem = load_problem(fixtures_dir / "sample_team")
    cancel = threading.Event()
    seen = []

    def on_progress(p):
        seen.append(p)
        if p.objective is not None:
            cancel.set()

    result = solve(problem, time_limit=3600, workers=2, on_progress=on_progress, cancel=cancel)
    assert seen and seen[-1].objective is not None
    assert validate(problem, result.roster.shifts) == []


@pytest.mark.parametrize("week, change", [
    (dt.date(2026, 3, 2), dt.datetime(2026, 3, 8, 10, tzinfo=dt.timezone.utc)),   # PST -> PDT
    (dt.date(2026, 10, 26), dt.datetime(2026, 11, 1, 9, tzinfo=dt.timezone.utc)),  # PDT -> PST
])
def test_dst_weeks_in_planning_and_agent_zones(week, change):
    """Planning in Madrid; a Los Angeles agent with a 09-17 local window is the only English
    speaker, and the weekend's English demand falls after the US change on the Sunday."""
    agents = [make_agent(x, timezone="Europe/Madrid", primary_languages=("es",))
              for x in "ABCD"] + [
        make_agent("LA", timezone="America/Los_Angeles", night_willing=False,
                   availability=parse_availability("Daily 09:00-17:00"))]
    problem = make_problem(agents, week_start=week, timezone="Europe/Madrid", slot_minutes=30,
                           weights=FLAT, rules=loose_rules(min_online=1))
    sunday = change.astimezone(problem.agent("LA").zone).date()
    nine = dt.datetime.combine(sunday, dt.time(9), tzinfo=problem.agent("LA").zone)
    demand = demand_utc(problem.settings, nine.astimezone(dt.timezone.utc),
                        nine.astimezone(dt.timezone.utc) + 8 * HOUR)
    problem = problem.model_copy(update={"demand": tuple(demand)})
    result = solve_toy(problem)
    assert validate(problem, result.roster.shifts) == []
    la = shifts_of(result.roster.shifts, "LA")
    assert any(s.start > change and to_local("America/Los_Angeles", s.start).date() == sunday
               for s in la)
    for s in la:
        minutes = local_minutes(s, "America/Los_Angeles")
        assert all(dt.time(9) <= m.time() < dt.time(17) for m in minutes)
