"""Property tests over random teams (``scheduler/random_teams.py``): whatever the solver returns,
the validator accepts; whenever it says 'impossible', it says why and its best-effort roster
breaks only rules the manager marked bendable.

Each example is solved with one worker, seed 0 and a fixed amount of CP-SAT work, and Hypothesis
runs derandomized: the same examples, the same outcomes, on any machine. A RosterError ("no
roster", "cancelled") is a failure, never a pass.
"""

import tempfile
from collections import Counter

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from toy import solve_toy

from scheduler.domain import RELAXABLE_RULES
from scheduler.errors import InfeasibleRosterError
from scheduler.random_teams import WEEKS, ZONES, random_problem
from scheduler.team_io import load_problem, save_problem
from scheduler.timegrid import WeekGrid
from scheduler.validator import validate

#: CP-SAT work per search and for a whole solve (explanation included).
WORK = 1.0


def _key(v):
    return (v.rule, v.agent_id, v.start, v.end)


@settings(max_examples=20, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31 - 1))
def test_solver_output_passes_validator_or_is_explained(seed):
    problem = random_problem(seed)
    event(f"{problem.settings.slot_minutes}-minute slots")
    try:
        result = solve_toy(problem, dtime=WORK, total=3 * WORK)
    except InfeasibleRosterError as err:
        event("infeasible, proven" if err.proven else "no valid roster found, best effort given")
        assert err.conflicts and all(c.message for c in err.conflicts)
        assert "INFEASIBLE" not in str(err)
        assert err.proven or err.best_effort is not None
        if err.best_effort is not None:
            shifts = err.best_effort.roster.shifts
            assert err.breaches
            assert sorted(map(_key, validate(problem, shifts))) == sorted(map(_key, err.breaches))
            bendable = {RELAXABLE_RULES[k] for k in problem.rules.relaxable}
            assert {v.rule for v in err.breaches} <= bendable
            assert all(pin in shifts for pin in problem.pinned_shifts)
        return
    event("solved")
    shifts = result.roster.shifts
    assert validate(problem, shifts) == []
    assert all(pin in shifts for pin in problem.pinned_shifts)


# ----------------------------------------------------------------------------- the generator

SEEDS = range(60)


@pytest.fixture(scope="module")
def sample():
    return [random_problem(seed) for seed in SEEDS]


def test_generator_is_reproducible():
    assert random_problem(7) == random_problem(7)
    assert random_problem(7) != random_problem(8)


def test_generator_is_broad(sample):
    """Sixty seeds reach every zone, every DST week, both slot sizes, half-hour windows on
    60-minute slots, leave, last week's shifts, pins and each 24/7 minimum."""
    zones = Counter(a.timezone for p in sample for a in p.agents)
    zones.update(p.settings.timezone for p in sample)
    assert set(zones) == set(ZONES)
    assert {p.settings.week_start for p in sample} == set(WEEKS.values())
    assert {p.settings.slot_minutes for p in sample} == {30, 60}
    assert any(p.settings.slot_minutes == 60 and any(w.start.minute == 30 or w.end.minute == 30
                                                    for a in p.agents for w in a.availability)
               for p in sample)
    assert sum(bool(p.time_off) for p in sample) >= 10
    assert sum(bool(p.previous_shifts) for p in sample) >= 20
    assert sum(bool(p.pinned_shifts) for p in sample) >= 10
    assert {p.rules.min_online for p in sample} == {0, 1, 2}
    assert {len(p.agents) for p in sample} == set(range(3, 10))
    grids = [WeekGrid.for_settings(p.settings) for p in sample]
    assert {g.n_slots * g.slot_minutes // 60 for g in grids} >= {167, 168, 169}


def test_pins_can_be_kept_and_last_week_is_rested(sample):
    """Pins are on the grid and keep every per-agent rule on their own; last week's roster
    keeps the rest rule among itself (it was a valid roster once)."""
    for p in sample:
        grid = WeekGrid.for_settings(p.settings)
        for pin in p.pinned_shifts:
            assert grid.slot_start(grid.slot_of(pin.start)) == pin.start
            assert grid.start_utc <= pin.start < grid.end_utc
        own = {"availability", "time off", "min rest", "week boundary", "allowed shift lengths",
               "max shift length", "min shift length", "role", "days off", "consecutive days"}
        assert not [v for v in validate(p, list(p.pinned_shifts)) if v.rule in own]
        for agent in p.agents:
            mine = sorted((s for s in p.previous_shifts if s.agent_id == agent.id),
                          key=lambda s: s.start)
            assert all(s.start < grid.start_utc for s in mine)
            assert all((b.start - a.end).total_seconds() >= p.rules.min_rest_hours * 3600
                       for a, b in zip(mine, mine[1:]))


def test_generated_teams_are_valid_team_folders(sample):
    """What benchmarks/robustness.py writes, `roster solve` reads back unchanged."""
    for p in sample[:25]:
        with tempfile.TemporaryDirectory() as folder:
            save_problem(p, folder)
            assert load_problem(folder) == p
