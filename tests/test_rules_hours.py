"""Shift lengths and weekly contracts (scheduler/definitions.py).

Lengths: ``min_shift_hours`` <= length <= ``max_shift_hours`` (<= 8) and one of the agent's
``shift_lengths``. Weekly: a shift counts toward the week it starts in; max/min hours and max
shifts per week; the minimum is pro-rated by leave (scheduler/contracts.py).
"""

import datetime as dt

import pytest
from toy import (
    DAY,
    DAYTIME,
    HOUR,
    PLACES,
    demand_utc,
    leave_utc,
    local_shift,
    loose_rules,
    make_agent,
    make_problem,
    rules_of,
    solve_optimal,
)

from scheduler.domain import DemandRow, Role, Rules, TimeOff
from scheduler.validator import validate

SH = "Asia/Shanghai"
MON = dt.datetime(2026, 11, 30)


def daily(hours: float, days=range(7), at: int = 9):
    """One shift a day at ``at`` o'clock Shanghai time, Monday first."""
    return [local_shift("A", SH, MON + d * DAY + at * HOUR, hours) for d in days]


def one(rules: Rules | None = None, **agent_kw):
    kw = dict(max_shifts=7, max_hours=56)
    kw.update(agent_kw)
    return make_problem([make_agent("A", **kw)], rules=rules or loose_rules())


# ----------------------------------------------------------------------------- validator: lengths


@pytest.mark.parametrize("hours, ok", [(8, True), (8.25, False), (9, False)])
def test_max_shift_length(hours, ok):
    p = one(shift_lengths=(8, 8.25, 9))
    v = validate(p, [local_shift("A", SH, MON + 9 * HOUR, hours)])
    assert rules_of(v) == (set() if ok else {"max shift length"})


def test_max_shift_length_follows_the_rule():
    p = one(Rules(**{**loose_rules().model_dump(), "max_shift_hours": 6}), shift_lengths=(4, 6, 7))
    assert validate(p, [local_shift("A", SH, MON + 9 * HOUR, 6)]) == []
    assert rules_of(validate(p, [local_shift("A", SH, MON + 9 * HOUR, 7)])) == {"max shift length"}


@pytest.mark.parametrize("hours, ok", [(4, True), (3.5, False), (3.99, False)])
def test_min_shift_length(hours, ok):
    p = one(shift_lengths=(3.5, 3.99, 4, 8))
    v = validate(p, [local_shift("A", SH, MON + 9 * HOUR, hours)])
    assert rules_of(v) == (set() if ok else {"min shift length"})


@pytest.mark.parametrize("hours, ok", [(4, True), (8, True), (6, False), (7.5, False)])
def test_length_must_be_one_of_the_contract_lengths(hours, ok):
    p = one(shift_lengths=(4, 8))
    v = validate(p, [local_shift("A", SH, MON + 9 * HOUR, hours)])
    assert rules_of(v) == (set() if ok else {"allowed shift lengths"})


# ----------------------------------------------------------------------------- validator: weekly


def test_max_weekly_hours_boundary_and_56_against_48():
    p = one(max_hours=48)
    assert validate(p, daily(8, range(6))) == []                       # 48 h: exactly the cap
    v = validate(p, daily(8))                                          # 56 h
    assert rules_of(v) == {"max weekly hours"} and "56 h scheduled > 48 h" in v[0].detail


def test_a_shift_counts_toward_the_week_it_starts_in():
    """Sunday 20:00 -> Monday 04:00 is 8 h of this week; last week's Sunday-night shift is not."""
    p = make_problem([make_agent("A", max_shifts=7, max_hours=40)], rules=loose_rules(),
                     previous_shifts=(local_shift("A", SH, MON - 4 * HOUR, 8),))
    four = daily(8, range(4), at=16)
    sunday_night = local_shift("A", SH, MON + 6 * DAY + 20 * HOUR, 8)
    assert validate(p, four + [sunday_night]) == []                   # 40 h incl. the 8 h into Mon
    v = validate(p, four + [sunday_night, local_shift("A", SH, MON + 4 * DAY + 16 * HOUR, 4.5)])
    assert "max weekly hours" in rules_of(v)


def test_min_weekly_hours():
    p = one(min_hours=32)
    assert validate(p, daily(8, range(4))) == []
    v = validate(p, daily(8, range(3)))
    assert rules_of(v) == {"min weekly hours"} and "24 h scheduled < 32 h" in v[0].detail
    assert rules_of(validate(p, [])) == {"min weekly hours"}


def test_min_weekly_hours_pro_rated_by_leave():
    """32 h contract, leave for 2 of 7 days: 32 x 5/7 = 22.9 h -> 16 h in whole 8 h shifts."""
    leave = (TimeOff(agent_id="A", start=MON + 5 * DAY, end=MON + 7 * DAY),)
    p = make_problem([make_agent("A", max_shifts=7, max_hours=56, min_hours=32)],
                     rules=loose_rules(), time_off=leave)
    assert validate(p, daily(8, range(2))) == []
    assert rules_of(validate(p, daily(8, range(1)))) == {"min weekly hours"}


def test_max_shifts():
    p = one(max_shifts=5, shift_lengths=(4,))
    assert validate(p, daily(4, range(5))) == []
    v = validate(p, daily(4, range(6)))
    assert rules_of(v) == {"max shifts"} and "6 shifts > 5" in v[0].detail


def test_last_weeks_shifts_count_toward_no_weekly_limit():
    previous = tuple(local_shift("A", SH, MON - d * DAY + 9 * HOUR, 8) for d in range(2, 7))
    p = make_problem([make_agent("A", max_shifts=5, max_hours=40)], rules=loose_rules(),
                     previous_shifts=previous)
    assert validate(p, daily(8, range(5))) == []


# ----------------------------------------------------------------------------- solver


def _daily_blocks(place, hours: float, days: int = 7):
    """Demand blocks from about 10:00 agent-local time on consecutive local dates."""
    return [row for s in place.daily(10, days)
            for row in demand_utc(place.settings(), s, s + hours * HOUR)]


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_stops_at_the_weekly_hours_cap(place):
    """Demand for 7 x 8 h; the contract caps the week at 48 h, which the solver fills."""
    p = place.problem([place.agent("A", max_shifts=7, max_hours=48, availability=DAYTIME)],
                      _daily_blocks(place, 8))
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert sum(s.hours for s in shifts) == 48


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_stops_at_max_shifts(place):
    p = place.problem([place.agent("A", max_shifts=3, max_hours=40, shift_lengths=(4,),
                                   availability=DAYTIME)],
                      _daily_blocks(place, 4))
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert len(shifts) == 3


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_gives_the_contract_minimum_without_demand(place):
    p = place.problem([place.agent("A", min_hours=32)])
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert sum(s.hours for s in shifts) == 32


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_pro_rates_the_minimum_by_leave(place):
    """Two days of leave: 16 h owed instead of 32 (and paid hours cost, so exactly 16)."""
    agent = place.agent("A", min_hours=32)
    g = place.grid()
    leave = (leave_utc(agent, g.start_utc + 24 * HOUR, g.start_utc + 72 * HOUR),)
    p = place.problem([agent], time_off=leave)
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert sum(s.hours for s in shifts) == 16


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_never_makes_a_9_hour_shift(place):
    """A 9 h demand block around the pivot and an agent whose contract lists 9 h: only 8 h is
    allowed (the platform cap)."""
    p0 = place.pivot
    demand = demand_utc(place.settings(), p0 - 4 * HOUR, p0 + 5 * HOUR)
    p = place.problem([place.agent("A", max_shifts=1, shift_lengths=(8, 9))], demand)
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert [s.hours for s in shifts] == [8]


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_never_makes_a_shift_below_the_minimum(place):
    """A 3 h block, a contract that lists 3 h: a 3 h shift would be cheapest; 4 h is the floor."""
    p0 = place.pivot
    demand = demand_utc(place.settings(), p0 - 1 * HOUR, p0 + 2 * HOUR)
    p = place.problem([place.agent("A", max_shifts=1, shift_lengths=(3, 8))], demand)
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert [s.hours for s in shifts] == [8]


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_uses_only_contract_lengths(place):
    """A 6 h block for an agent with 4 h and 8 h shifts: 8 h covers it (6 h would be cheaper)."""
    p0 = place.pivot
    demand = demand_utc(place.settings(), p0 - 3 * HOUR, p0 + 3 * HOUR)
    p = place.problem([place.agent("A", max_shifts=1, shift_lengths=(4, 8))], demand)
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert [s.hours for s in shifts] == [8]


def test_solver_respects_a_six_hour_cap_set_by_the_rules():
    p = make_problem([make_agent("A", shift_lengths=(4, 6, 8), max_shifts=1)],
                     rules=loose_rules(max_shift_hours=6))
    block = local_shift("A", SH, MON + 9 * HOUR, 8)
    p = p.model_copy(update={"demand": tuple(demand_utc(p.settings, block.start, block.end))})
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert [s.hours for s in shifts] == [6]


def test_solver_gives_an_on_call_agent_their_contract_minimum():
    """A backup-only agent owed 16 h, backup demand for one hour: the validator accepts backup
    shifts at any allowed time, so 16 h of backup duty is a valid roster."""
    agent = make_agent("B", primary_languages=(), backup_languages=("en",), min_hours=16)
    demand = [DemandRow(weekday=1, start=dt.time(9), end=dt.time(10), language="en", primary=0,
                        backup=1)]
    p = make_problem([agent], demand, rules=loose_rules())
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert sum(s.hours for s in shifts) == 16


# ----------------------------------------------------------------------------- team hours budget


def _two(max_team_hours: float | None, **rules_kw):
    agents = [make_agent("A", max_shifts=7, max_hours=56), make_agent("B", max_shifts=7,
                                                                      max_hours=56)]
    return make_problem(agents, rules=loose_rules(max_team_hours=max_team_hours, **rules_kw))


def _both(days_a: int, days_b: int):
    return ([local_shift("A", SH, MON + d * DAY + 9 * HOUR, 8) for d in range(days_a)]
            + [local_shift("B", SH, MON + d * DAY + 9 * HOUR, 8) for d in range(days_b)])


def test_team_hours_budget_boundary_and_one_shift_over():
    """Every shift of the team counts, primary and backup; exactly the budget is allowed."""
    assert validate(_two(80), _both(5, 5)) == []                           # 80 h: the budget
    v = validate(_two(80), _both(5, 6))                                    # 88 h
    assert rules_of(v) == {"team hours budget"}
    assert "88 h" in v[0].detail and "80 h" in v[0].detail
    backup = local_shift("B", SH, MON + 6 * DAY + 9 * HOUR, 8, role=Role.BACKUP)
    assert rules_of(validate(_two(80), _both(5, 5) + [backup])) == {"team hours budget"}
    assert validate(_two(None), _both(7, 7)) == []                         # no budget, no rule


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_keeps_the_team_within_its_hours_budget(place):
    """Demand for two agents 8 h a day all week; the budget pays 60 h, which the solver fills
    without going over (without the budget it rosters 112 h)."""
    agents = [place.agent(a, max_shifts=7, max_hours=56, availability=DAYTIME) for a in "AB"]
    demand = [DemandRow(**{**r.model_dump(), "primary": 2}) for r in _daily_blocks(place, 8)]
    free = solve_optimal(place.problem(agents, demand))
    assert sum(s.hours for s in free) == 112
    p = place.problem(agents, demand, rules=loose_rules(max_team_hours=60))
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert sum(s.hours for s in shifts) == 56  # whole 8 h shifts: 7 of them fit in 60 h


def test_a_budget_below_the_contract_minimums_is_explained_or_bent():
    """Two 40 h minimums cannot fit in a 60 h budget: infeasible, or with ``team_hours``
    bendable a best-effort roster that lists the breach and the budget it would take."""
    from scheduler.errors import InfeasibleRosterError
    from toy import solve_toy

    agents = [make_agent(a, min_hours=40, max_hours=40, max_shifts=5) for a in "AB"]
    hard = make_problem(agents, rules=loose_rules(max_team_hours=60, relaxable=()))
    with pytest.raises(InfeasibleRosterError) as hard_error:
        solve_toy(hard)
    assert hard_error.value.proven and hard_error.value.best_effort is None
    bendable = make_problem(agents, rules=loose_rules(max_team_hours=60, relaxable=("team_hours",)))
    with pytest.raises(InfeasibleRosterError) as bent:
        solve_toy(bendable)
    assert rules_of(bent.value.breaches) == {"team hours budget"}
    assert sum(s.hours for s in bent.value.best_effort.roster.shifts) == 80
    assert any("max_team_hours" in fix and "80 h" in fix for fix in bent.value.fixes)
