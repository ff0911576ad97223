"""Property tests over random small teams: whatever the solver returns, the validator accepts;
whenever it says 'impossible', it says why."""

import datetime as dt

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from toy import make_agent, make_problem

from scheduler.domain import DemandRow, Rules, SolverSettings
from scheduler.errors import InfeasibleRosterError, RosterError
from scheduler.textformats import parse_availability
from scheduler.validator import validate
from solver import solve

ZONES = ["Asia/Shanghai", "Europe/Madrid", "America/Los_Angeles", "America/Sao_Paulo",
         "Europe/Moscow"]
LANGS = ["en", "es", "ru"]


@st.composite
def agents(draw, i: int):
    lengths = draw(st.sets(st.sampled_from([4.0, 6.0, 8.0]), min_size=1))
    langs = draw(st.lists(st.sampled_from(LANGS), min_size=1, max_size=2, unique=True))
    window = draw(st.sampled_from(["", "", "", "Daily 08:00-20:00", "Mon-Fri 07:00-23:00",
                                   "Daily 18:00-06:00"]))
    max_hours = draw(st.sampled_from([32, 40, 48, 56]))
    return make_agent(
        f"A{i}", timezone=draw(st.sampled_from(ZONES)), primary_languages=tuple(langs),
        shift_lengths=tuple(sorted(lengths)), max_hours=max_hours,
        min_hours=draw(st.sampled_from([0, 8, 16])), max_shifts=draw(st.integers(4, 7)),
        night_willing=draw(st.sampled_from([True, True, False])), availability=parse_availability(window))


@st.composite
def problems(draw):
    n = draw(st.integers(5, 9))
    team = [draw(agents(i)) for i in range(n)]
    demand = [
        DemandRow(weekday=draw(st.integers(0, 6)), start=dt.time(h), end=dt.time(h + 2),
                  language=draw(st.sampled_from(LANGS)), primary=draw(st.integers(0, 2)),
                  backup=draw(st.integers(0, 1)))
        for h in draw(st.lists(st.integers(0, 21), max_size=5, unique=True))
    ]
    rules = Rules(min_rest_hours=draw(st.sampled_from([8, 11, 12])),
                  min_days_off=draw(st.integers(0, 2)), max_consecutive_days=draw(st.integers(4, 6)))
    week = draw(st.sampled_from([dt.date(2026, 11, 30), dt.date(2026, 3, 23), dt.date(2026, 10, 19)]))
    return make_problem(team, demand, rules=rules, week_start=week,
                        timezone=draw(st.sampled_from(ZONES)),
                        solver=SolverSettings(time_limit_s=3, workers=1, seed=0))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_solver_output_passes_validator_or_is_explained(problem):
    try:
        result = solve(problem)
    except InfeasibleRosterError as err:
        event("infeasible, explained")
        assert err.conflicts and all(c.message for c in err.conflicts)
        assert "INFEASIBLE" not in str(err)
        return
    except RosterError as err:  # ran out of time without any roster: must say so plainly
        event("no roster in time")
        assert "no roster found" in str(err)
        return
    event("solved")
    assert validate(problem, result.roster.shifts) == []
