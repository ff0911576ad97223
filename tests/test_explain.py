"""Infeasible weeks come back with reasons a manager can act on."""

import pytest
from toy import make_agent, make_problem
from test_validator import shift

from scheduler.errors import InfeasibleRosterError
from scheduler.team_io import load_problem
from scheduler.textformats import parse_availability
from solver import solve


def conflicts_of(problem):
    with pytest.raises(InfeasibleRosterError) as err:
        solve(problem, time_limit=10, workers=2)
    assert "INFEASIBLE" not in str(err.value)
    return err.value.conflicts


def test_infeasible_fixture_names_the_night_hours(fixtures_dir):
    conflicts = conflicts_of(load_problem(fixtures_dir / "infeasible_team"))
    assert conflicts[0].rule == "24/7 minimum online"
    assert "00:00–07:00" in conflicts[0].message and "night-willing" in conflicts[0].message
    assert len(conflicts) == 7  # one block of night hours per day


def test_team_too_small_for_24_7():
    conflicts = conflicts_of(make_problem([make_agent("A"), make_agent("B")]))
    assert any("agent-hours" in c.message for c in conflicts)


def test_unreachable_contract_minimum_names_the_agent():
    agents = [make_agent(x) for x in "ABCDE"] + [
        make_agent("M", min_hours=32, availability=parse_availability("Mon 09:00-17:00"))]
    conflicts = conflicts_of(make_problem(agents))
    assert [c.rule for c in conflicts] == ["min weekly hours"] and conflicts[0].agents == ("M",)


def test_team_too_small_counts_max_shifts_too():
    agents = [make_agent(x, max_shifts=4) for x in "ABCDE"]  # 5 x 4 x 8 h = 160 h < 168 h
    conflicts = conflicts_of(make_problem(agents))
    assert any("160 h" in c.message for c in conflicts)


def test_core_of_clashing_rules_is_explained():
    """Two pinned shifts of one agent 4 h apart: only the solver sees they break the rest rule."""
    pinned = (shift("A", 1, 0, 8), shift("A", 1, 12, 8))
    conflicts = conflicts_of(make_problem([make_agent(x) for x in "ABCDE"], pinned_shifts=pinned))
    assert conflicts[0].rule == "conflict"
    rules = [c.rule for c in conflicts[1:]]
    assert "min rest" in rules and rules.count("pinned shift") == 2
    assert all(c.agents == ("A",) for c in conflicts[1:])
