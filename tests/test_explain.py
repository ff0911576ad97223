"""Infeasible weeks come back with reasons a manager can act on."""

import pytest
from toy import make_agent, make_problem
from test_validator import shift

from scheduler.domain import Rules
from scheduler.errors import InfeasibleRosterError
from scheduler.team_io import load_problem
from scheduler.textformats import parse_availability
from scheduler.validator import validate
from solver import solve


def conflicts_of(problem):
    with pytest.raises(InfeasibleRosterError) as err:
        solve(problem, time_limit=10, workers=2)
    assert "INFEASIBLE" not in str(err.value)
    return err.value.conflicts


def test_infeasible_fixture_names_the_night_hours_once(fixtures_dir):
    conflicts = conflicts_of(load_problem(fixtures_dir / "infeasible_team"))
    assert len(conflicts) == 1  # one line for the seven nights, not seven paragraphs
    assert conflicts[0].rule == "24/7 minimum online"
    message = conflicts[0].message
    assert "night-willing" in message and "49 h" in message
    # the hole once for the whole week, and once more naming the no-work window behind it
    assert "00:00–07:00 every day (Mon 30 Nov – Sun 06 Dec)" in message
    assert message.count("00:00–07:00") == 2


def test_infeasible_week_still_gets_a_best_effort_roster_and_fixes(fixtures_dir):
    problem = load_problem(fixtures_dir / "infeasible_team")
    with pytest.raises(InfeasibleRosterError) as err:
        solve(problem, time_limit=10, workers=1, seed=0)
    exc = err.value
    assert exc.proven and exc.best_effort is not None
    breaches = validate(problem, exc.best_effort.roster.shifts)
    assert breaches and {v.rule for v in breaches} == {"24/7 minimum online"}  # only the bendable
    assert [str(v) for v in exc.breaches] == [str(v) for v in breaches]
    assert exc.best_effort.roster.status.value == "infeasible"  # never mistaken for a real one
    assert any("night-willing" in f for f in exc.fixes)
    hole = [f for f in exc.fixes if "not covered" in f]
    assert len(hole) == 1 and hole[0].count("00:00–07:00") == 1 and "every day" in hole[0]


def test_nothing_bendable_means_no_best_effort_roster(fixtures_dir):
    problem = load_problem(fixtures_dir / "infeasible_team")
    strict = problem.model_copy(update={"rules": problem.rules.model_copy(update={"relaxable": ()})})
    with pytest.raises(InfeasibleRosterError) as err:
        solve(strict, time_limit=10, workers=1, seed=0)
    assert err.value.best_effort is None and err.value.conflicts


def test_six_hour_cap_explained_in_one_line_with_the_smallest_fix():
    """Contract minimum 32 h but at most 5 shifts of <= 6 h: one grouped cause, one grouped fix."""
    agents = [make_agent(x, min_hours=32, shift_lengths=(4, 6), max_shifts=5) for x in "ABCDEF"]
    problem = make_problem(agents, rules=Rules(max_shift_hours=6, min_online=0))
    with pytest.raises(InfeasibleRosterError) as err:
        solve(problem, time_limit=10, workers=1, seed=0)
    exc = err.value
    assert len(exc.conflicts) == 1 and exc.conflicts[0].rule == "min weekly hours"
    assert exc.conflicts[0].agents == tuple("ABCDEF")
    assert exc.best_effort is not None
    assert {v.rule for v in exc.breaches} == {"min weekly hours"}
    assert exc.fixes == ["lower the contract minimum to 30 h or allow a 6th shift for Agent A (A), "
                         "Agent B (B), Agent C (C), Agent D (D), Agent E (E), Agent F (F)"]


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


def test_fixes_of_a_week_not_proven_infeasible_are_not_called_the_way_to_solve_it():
    """Ran out of time: the week may be solvable as it is, so its fixes only fix the
    best-effort roster; a proven infeasible week gets 'smallest changes that make it solvable'."""
    from scheduler.errors import Conflict, InfeasibleRosterError

    conflict = [Conflict(rule="min_online", message="nobody online Sat 07:30-08:00")]
    unproven = str(InfeasibleRosterError(conflict, fixes=["widen availability"], proven=False))
    proven = str(InfeasibleRosterError(conflict, fixes=["widen availability"], proven=True))
    assert "make the week solvable" not in unproven
    assert "best-effort roster's breaches" in unproven and "widen availability" in unproven
    assert "Smallest changes that make the week solvable" in proven
