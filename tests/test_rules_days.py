"""Days off and consecutive working days (scheduler/definitions.py, "Working days").

A working day is an agent-local date on which a shift *starts*. In every 7 consecutive local
dates at least ``min_days_off`` are not working days; at most ``max_consecutive_days`` working
days in a row. Both are rolling windows over last week's shifts and this week's.
"""

import datetime as dt

import pytest
from toy import (
    DAY,
    DAYTIME,
    HOUR,
    PLACES,
    demand_utc,
    local_shift,
    loose_rules,
    make_agent,
    make_problem,
    rules_of,
    solve_optimal,
    utc_shift,
)

from scheduler.validator import validate

SH = "Asia/Shanghai"
MON = dt.datetime(2026, 11, 30)


def problem(days_off: int = 1, streak: int = 7, zone: str = SH, **kw):
    agents = [make_agent("A", timezone=zone, max_shifts=7, max_hours=56)]
    rules = loose_rules(min_days_off=days_off, max_consecutive_days=streak)
    return make_problem(agents, rules=rules, **kw)


def on_days(days, at: float = 9, zone: str = SH, hours: float = 8):
    return [local_shift("A", zone, MON + d * DAY + at * HOUR, hours) for d in days]


# ----------------------------------------------------------------------------- validator


def test_six_working_days_leave_the_day_off():
    assert validate(problem(), on_days(range(6))) == []


def test_seven_working_days_break_the_day_off():
    v = validate(problem(), on_days(range(7)))
    assert rules_of(v) == {"days off"} and v[0].agent_id == "A"


@pytest.mark.parametrize("worked, ok", [(5, True), (6, False)])
def test_two_days_off(worked, ok):
    assert (validate(problem(days_off=2), on_days(range(worked))) == []) is ok


def test_days_off_window_reaches_into_last_week():
    """Two days off in every 7: Mon-Fri is fine alone, not after a worked Sunday last week."""
    mon_fri = on_days(range(5))
    assert validate(problem(days_off=2), mon_fri) == []
    sunday = (local_shift("A", SH, MON - DAY + 9 * HOUR, 8),)
    v = validate(problem(days_off=2, previous_shifts=sunday), mon_fri)
    assert rules_of(v) == {"days off"}
    saturday = (local_shift("A", SH, MON - 2 * DAY + 9 * HOUR, 8),)  # Sat + Mon-Thu = 5 of 7
    assert validate(problem(days_off=2, previous_shifts=saturday), on_days(range(4))) == []


def test_a_night_shift_works_only_the_day_it_starts():
    """22:00-06:00 Mon-Sat ends on Sunday morning but starts on six dates: Sunday is off."""
    nights = on_days(range(6), at=22)
    assert validate(problem(), nights) == []
    assert rules_of(validate(problem(), nights + on_days([6], at=22))) == {"days off"}


@pytest.mark.parametrize("zone, early, late", [
    ("America/Los_Angeles", 0, 19),  # LA Mon 00:00 = Mon 16:00 Shanghai; 19:00 = Tue 11:00
    ("Asia/Kathmandu", 3, 22),       # +05:45: 22:00 = 00:15 the next day in Shanghai
])
def test_working_days_are_agent_local_dates(zone, early, late):
    """Two shifts on the agent's Monday and one each evening to Saturday: six local dates
    (Sunday off), although seven planning-zone (Shanghai) dates."""
    shifts = [local_shift("A", zone, MON + early * HOUR, 8)] + on_days(range(6), at=late, zone=zone)
    planning_dates = {s.start.astimezone(dt.timezone(dt.timedelta(hours=8))).date() for s in shifts}
    assert len(planning_dates) == 7
    assert validate(problem(zone=zone), shifts) == []


def test_consecutive_days():
    assert validate(problem(days_off=0, streak=3), on_days([0, 1, 2, 4, 5, 6])) == []
    v = validate(problem(days_off=0, streak=3), on_days([0, 1, 2, 3, 5, 6]))
    assert rules_of(v) == {"consecutive days"}


def test_consecutive_days_continue_from_last_week():
    previous = tuple(local_shift("A", SH, MON - d * DAY + 9 * HOUR, 8) for d in (1, 2))
    p = problem(days_off=0, streak=3, previous_shifts=previous)
    assert validate(p, on_days([0, 2, 3, 4])) == []
    assert rules_of(validate(p, on_days([0, 1, 3, 4]))) == {"consecutive days"}


@pytest.mark.parametrize("zone, at", [
    ("America/Los_Angeles", 20),  # Monday 20:00 PST is Tuesday in UTC and in Shanghai
    ("Asia/Kathmandu", 3),
    ("Pacific/Chatham", 6),       # Monday 06:00 is Sunday in UTC
    (SH, 9),
])
def test_streak_from_last_week_is_counted_on_the_agents_dates(zone, at):
    """Fri, Sat, Sun last week and Monday this week, all on the agent's clock: 4 in a row."""
    previous = tuple(local_shift("A", zone, MON - d * DAY + at * HOUR, 8) for d in (1, 2, 3))
    p = problem(days_off=0, streak=3, zone=zone, previous_shifts=previous)
    assert rules_of(validate(p, on_days([0], at=at, zone=zone))) == {"consecutive days"}
    assert validate(p, on_days([1], at=at, zone=zone)) == []


def test_a_streak_entirely_in_last_week_is_not_this_weeks_violation():
    previous = tuple(local_shift("A", SH, MON - d * DAY + 9 * HOUR, 8) for d in range(2, 8))
    p = problem(days_off=1, streak=3, previous_shifts=previous)
    assert validate(p, on_days([2, 3])) == []


# ----------------------------------------------------------------------------- solver


def _local_dates(shifts, zone) -> list[dt.date]:
    return sorted({s.start.astimezone(zone).date() for s in shifts})


def _most_in_7(dates) -> int:
    week = dt.timedelta(days=7)
    return max((sum(1 for d in dates if first <= d < first + week) for first in dates), default=0)


def _longest_streak(dates) -> int:
    best = run = 0
    for i, d in enumerate(dates):
        run = run + 1 if i and (d - dates[i - 1]).days == 1 else 1
        best = max(best, run)
    return best


def _blocks(place, days: int, hours: float = 8):
    """8 h demand blocks from about 10:00 agent-local time on ``days`` consecutive local dates:
    any shift that covers part of one starts on that block's date."""
    starts = place.daily(10, days)
    assert len(starts) == days
    rows = [row for s in starts for row in demand_utc(place.settings(), s, s + hours * HOUR)]
    return rows, starts


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_leaves_a_day_off_when_demand_asks_for_seven(place):
    demand, _starts = _blocks(place, 7)
    agent = place.agent("A", max_shifts=7, max_hours=56, availability=DAYTIME)
    p = place.problem([agent], demand, rules=loose_rules(min_days_off=1))
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    dates = _local_dates(shifts, agent.zone)
    assert len(dates) == 6 and _most_in_7(dates) <= 6


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_counts_last_weeks_day_toward_days_off(place):
    """Worked the day before the first block: six blocks in a row would make 7 working days."""
    demand, starts = _blocks(place, 6)
    agent = place.agent("A", max_shifts=7, max_hours=56, availability=DAYTIME)
    previous = (utc_shift("A", starts[0] - 24 * HOUR, 8),)
    p = place.problem([agent], demand, rules=loose_rules(min_days_off=1), previous_shifts=previous)
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    dates = _local_dates(list(previous) + list(shifts), agent.zone)
    assert _most_in_7(dates) <= 6 and len(shifts) == 5


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_breaks_streaks(place):
    demand, _starts = _blocks(place, 7)
    agent = place.agent("A", max_shifts=7, max_hours=56, availability=DAYTIME)
    p = place.problem([agent], demand, rules=loose_rules(max_consecutive_days=3))
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    dates = _local_dates(shifts, agent.zone)
    assert _longest_streak(dates) <= 3 and len(dates) == 6


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_continues_last_weeks_streak(place):
    """Three working days just before the week: the first block's day must be off."""
    demand, starts = _blocks(place, 7)
    agent = place.agent("A", max_shifts=7, max_hours=56, availability=DAYTIME)
    previous = tuple(utc_shift("A", starts[0] - 24 * k * HOUR, 8) for k in (3, 2, 1))
    p = place.problem([agent], demand, rules=loose_rules(max_consecutive_days=3),
                      previous_shifts=previous)
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert _longest_streak(_local_dates(list(previous) + list(shifts), agent.zone)) <= 3
    assert all(s.start != starts[0] for s in shifts) and len(shifts) == 5
