"""Min rest (scheduler/definitions.py, "Rest"): between the end of a shift and the start of the
same agent's next one at least ``min_rest_hours`` pass — exactly 11 h is enough, 10 h 45 is not;
overlap breaks it; last week's shifts count.

First the validator on its own (violating, clean, boundary), then the solver on weeks where
breaking the rule would pay, in a DST week and in :45-offset zones (``toy.PLACES``).
"""

import datetime as dt

import pytest
from toy import (
    FLAT,
    HOUR,
    PLACES,
    local_shift,
    loose_rules,
    make_agent,
    make_problem,
    rules_of,
    shifts_of,
    solve_optimal,
    utc_shift,
    demand_utc,
    week_grid,
)

from scheduler.domain import Role
from scheduler.validator import validate

SH = "Asia/Shanghai"
MON = dt.datetime(2026, 11, 30)


def problem(rest: float = 11, **kw):
    agents = kw.pop("agents", None) or [make_agent("A", max_shifts=7, max_hours=56)]
    return make_problem(agents, rules=loose_rules(min_rest_hours=rest), **kw)


def two_shifts(gap: dt.timedelta, role=Role.PRIMARY):
    first = local_shift("A", SH, MON + 8 * HOUR, 8)
    return [first, local_shift("A", SH, MON + 16 * HOUR + gap, 8, role)]


# ----------------------------------------------------------------------------- validator


def test_exactly_the_minimum_rest_is_enough():
    assert validate(problem(), two_shifts(dt.timedelta(hours=11))) == []


@pytest.mark.parametrize("short_by", [1, 15, 30, 60, 3 * 60])
def test_less_than_the_minimum_rest_is_a_violation(short_by):
    shifts = two_shifts(dt.timedelta(hours=11) - dt.timedelta(minutes=short_by))
    v = validate(problem(), shifts)
    assert rules_of(v) == {"min rest"} and len(v) == 1
    assert v[0].agent_id == "A"


def test_ten_hours_forty_five_names_the_rest_it_found():
    v = validate(problem(), two_shifts(dt.timedelta(hours=10, minutes=45)))
    assert [x.rule for x in v] == ["min rest"] and "10.75 h rest" in v[0].detail


def test_minimum_rest_follows_the_rule_setting():
    shifts = two_shifts(dt.timedelta(hours=8))
    assert validate(problem(rest=8), shifts) == []
    assert rules_of(validate(problem(rest=8.5), shifts)) == {"min rest"}


@pytest.mark.parametrize("role", [Role.PRIMARY, Role.BACKUP])
def test_overlapping_and_touching_shifts(role):
    overlap = [local_shift("A", SH, MON + 8 * HOUR, 8),
               local_shift("A", SH, MON + 12 * HOUR, 8, role)]
    assert rules_of(validate(problem(), overlap)) == {"min rest"}
    touching = [local_shift("A", SH, MON + 8 * HOUR, 8),
                local_shift("A", SH, MON + 16 * HOUR, 8, role)]
    assert rules_of(validate(problem(), touching)) == {"min rest"}
    assert validate(problem(rest=0), touching) == []


def test_rest_is_per_agent():
    agents = [make_agent(x, max_shifts=7, max_hours=56) for x in "AB"]
    shifts = [local_shift("A", SH, MON + 8 * HOUR, 8), local_shift("B", SH, MON + 16 * HOUR, 8)]
    assert validate(problem(agents=agents), shifts) == []


def test_rest_after_last_weeks_final_shift():
    previous = (local_shift("A", SH, MON - 4 * HOUR, 8),)  # Sun 20:00 -> Mon 04:00
    p = problem(previous_shifts=previous)
    assert validate(p, [local_shift("A", SH, MON + 15 * HOUR, 8)]) == []
    v = validate(p, [local_shift("A", SH, MON + 14 * HOUR + dt.timedelta(minutes=45), 8)])
    assert rules_of(v) == {"min rest"}
    overlap = validate(p, [local_shift("A", SH, MON + 2 * HOUR, 8)])
    assert rules_of(overlap) == {"min rest"}


def test_only_the_last_of_last_weeks_shifts_matters():
    previous = (local_shift("A", SH, MON - 40 * HOUR, 8), local_shift("A", SH, MON - 4 * HOUR, 8))
    p = problem(previous_shifts=previous)
    assert validate(p, [local_shift("A", SH, MON + 15 * HOUR, 8)]) == []


def test_a_clash_inside_last_week_is_not_this_weeks_violation():
    """Last week's roster is history: a rest clash between two of its shifts cannot be fixed by
    this week's roster, so it must not make every roster of this week invalid."""
    previous = (local_shift("A", SH, MON - 30 * HOUR, 8), local_shift("A", SH, MON - 18 * HOUR, 8))
    p = problem(previous_shifts=previous)
    assert validate(p, [local_shift("A", SH, MON + 15 * HOUR, 8)]) == []


@pytest.mark.parametrize("later, ok", [(dt.datetime(2026, 3, 8, 9), False),   # 10 h real
                                       (dt.datetime(2026, 3, 8, 10), True)])  # 11 h real
def test_rest_is_real_time_across_spring_forward(later, ok):
    """Sat 22:00 PST -> Sun 09:00 PDT is 11 h on the wall clock but only 10 h of rest."""
    la = "America/Los_Angeles"
    p = problem(agents=[make_agent("A", timezone=la, max_shifts=7, max_hours=56)],
                week_start=dt.date(2026, 3, 2), timezone=la)
    shifts = [local_shift("A", la, dt.datetime(2026, 3, 7, 14), 8), local_shift("A", la, later, 8)]
    assert (validate(p, shifts) == []) is ok


def test_rest_is_real_time_across_fall_back():
    """Sat 22:00 PDT -> Sun 08:00 PST: 10 h on the wall clock, 11 h of rest."""
    la = "America/Los_Angeles"
    p = problem(agents=[make_agent("A", timezone=la, max_shifts=7, max_hours=56)],
                week_start=dt.date(2026, 10, 26), timezone=la)
    shifts = [local_shift("A", la, dt.datetime(2026, 10, 31, 14), 8),
              local_shift("A", la, dt.datetime(2026, 11, 1, 8), 8)]
    assert validate(p, shifts) == []


# ----------------------------------------------------------------------------- solver


def _rest_gaps(shifts, previous=()):
    timeline = sorted(list(previous) + list(shifts), key=lambda s: s.start)
    return [b.start - a.end for a, b in zip(timeline, timeline[1:])]


@pytest.mark.parametrize("gap", [8, 10])
@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_keeps_rest_when_back_to_back_demand_would_pay(place, gap):
    """Two 8 h demand blocks ``gap`` hours apart around the pivot (a DST change where there is
    one): covering both would pay 8 agent-hours of demand, but leaves too little rest."""
    settings = place.settings()
    p0 = place.pivot
    first = p0 - (8 + gap) * HOUR
    demand = demand_utc(settings, first, first + 8 * HOUR) \
        + demand_utc(settings, p0, p0 + 8 * HOUR)
    problem_ = place.problem([place.agent("A", max_shifts=7, max_hours=56)], demand)
    shifts = solve_optimal(problem_)
    assert validate(problem_, shifts) == []
    assert shifts_of(shifts, "A")
    assert all(gap >= 11 * HOUR for gap in _rest_gaps(shifts))


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_uses_a_rest_of_exactly_the_minimum(place):
    settings = place.settings()
    p0 = place.pivot
    blocks = [(p0 - 19 * HOUR, p0 - 11 * HOUR), (p0, p0 + 8 * HOUR)]
    demand = [row for a, b in blocks for row in demand_utc(settings, a, b)]
    problem_ = place.problem([place.agent("A", max_shifts=7, max_hours=56)], demand)
    shifts = solve_optimal(problem_)
    assert validate(problem_, shifts) == []
    assert [(s.start, s.end) for s in shifts_of(shifts, "A")] == blocks


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_rests_after_last_weeks_final_shift(place):
    """Last week's shift ends 2 h into this week. An 8 h demand block right after it would pay
    more than the 6 h block that starts exactly 11 h later; only the second is allowed."""
    settings = place.settings()
    agent = place.agent("A", max_shifts=7, max_hours=56)
    ws = place.grid().start_utc
    previous = (utc_shift("A", ws - 6 * HOUR, 8),)
    demand = demand_utc(settings, ws + 2 * HOUR, ws + 10 * HOUR) \
        + demand_utc(settings, ws + 13 * HOUR, ws + 19 * HOUR)
    problem_ = place.problem([agent], demand, previous_shifts=previous)
    shifts = solve_optimal(problem_)
    assert validate(problem_, shifts) == []
    mine = shifts_of(shifts, "A")
    assert mine and mine[0].start == ws + 13 * HOUR
    assert all(gap >= 11 * HOUR for gap in _rest_gaps(shifts, previous))


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_never_overlaps_primary_and_backup(place):
    """Primary and backup demand at the same hours in the agent's two languages: one agent
    cannot take both duties at once (overlap is a rest violation)."""
    settings = place.settings()
    p0 = place.pivot
    demand = demand_utc(settings, p0, p0 + 8 * HOUR, "en", primary=1) \
        + demand_utc(settings, p0, p0 + 8 * HOUR, "es", primary=0, backup=1)
    problem_ = place.problem(
        [place.agent("A", primary_languages=("en",), backup_languages=("es",), max_shifts=7,
                     max_hours=56)], demand)
    shifts = solve_optimal(problem_)
    assert validate(problem_, shifts) == []
    assert len(shifts_of(shifts, "A")) == 1


def test_whole_week_roster_keeps_rest_everywhere():
    """24/7 week of 5 agents: every pair of one agent's shifts has at least 11 h between them."""
    problem_ = make_problem([make_agent(x, max_shifts=6, max_hours=48) for x in "ABCDE"],
                            rules=loose_rules(min_online=1), weights=FLAT)
    shifts = solve_optimal(problem_)
    assert validate(problem_, shifts) == []
    for agent in "ABCDE":
        assert all(gap >= 11 * HOUR for gap in _rest_gaps(shifts_of(shifts, agent)))
    assert week_grid(problem_).n_slots == 168
