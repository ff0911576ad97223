"""24/7 minimum online, roles and peak weights (scheduler/definitions.py).

24/7: at every instant of the planning week at least ``min_online`` agents are on *primary* duty;
backup does not count; last week's shifts that run into this week do.
Roles: a primary shift needs a primary language.
Peaks: under-coverage on a peak date costs ``weight`` times more (soft, but the order matters).
"""

import datetime as dt

import pytest
from toy import (
    HOUR,
    PLACES,
    FLAT,
    demand_utc,
    leave_utc,
    local_shift,
    loose_rules,
    make_agent,
    make_problem,
    rules_of,
    shifts_of,
    solve_optimal,
    utc_shift,
    week_grid,
)

from scheduler.domain import PeakEvent, Role
from scheduler.textformats import parse_availability
from scheduler.validator import validate

ONLINE = "24/7 minimum online"


def tile(start: dt.datetime, end: dt.datetime, agents=("A", "B", "C", "D"), role=Role.PRIMARY,
         length: float = 8):
    """Back-to-back shifts covering [start, end), agents in turn; the last one may be shorter."""
    out, t, k = [], start, 0
    while t < end:
        left = (end - t).total_seconds() / 3600
        hours = length if left < 4 else min(length, left)  # too short a rest: run past the end
        out.append(utc_shift(agents[k % len(agents)], t, hours, role))
        t += dt.timedelta(hours=hours)
        k += 1
    return out


def problem(min_online: int = 1, **kw):
    agents = kw.pop("agents", None) or [
        make_agent(x, max_shifts=14, max_hours=112, shift_lengths=(4, 5, 6, 7, 7.5, 8))
        for x in "ABCDEF"]
    return make_problem(agents, rules=loose_rules(min_online=min_online), **kw)


def online(violations):
    return [v for v in violations if v.rule == ONLINE]


# ----------------------------------------------------------------------------- validator: 24/7


def test_round_the_clock_is_clean():
    p = problem()
    g = week_grid(p)
    assert validate(p, tile(g.start_utc, g.end_utc)) == []


def test_hole_only_in_the_last_hour_of_the_week():
    """Sunday 23:00-24:00 (planning zone) is nobody's: exactly that hour is reported."""
    p = problem()
    g = week_grid(p)
    v = validate(p, tile(g.start_utc, g.end_utc - HOUR))
    assert rules_of(v) == {ONLINE} and len(v) == 1
    assert (v[0].start, v[0].end) == (g.end_utc - HOUR, g.end_utc)
    assert "Sun" in v[0].detail and "23:00–00:00" in v[0].detail


def test_hole_only_in_the_first_hour_of_the_week():
    p = problem()
    g = week_grid(p)
    v = validate(p, tile(g.start_utc + HOUR, g.end_utc))
    assert rules_of(v) == {ONLINE} and len(v) == 1
    assert (v[0].start, v[0].end) == (g.start_utc, g.start_utc + HOUR)


def test_half_hour_hole_in_the_middle_of_the_week():
    p = problem()
    g = week_grid(p)
    mid = g.start_utc + 80 * HOUR
    shifts = tile(g.start_utc, mid, agents=("A", "B", "C")) \
        + tile(mid + dt.timedelta(minutes=30), g.end_utc, agents=("D", "E", "F"))
    v = validate(p, shifts)
    assert rules_of(v) == {ONLINE}
    assert [(x.start, x.end) for x in v] == [(mid, mid + dt.timedelta(minutes=30))]


def test_shifts_running_past_the_week_end_do_not_hide_a_hole_inside_it():
    p = problem()
    g = week_grid(p)
    shifts = tile(g.start_utc, g.end_utc - 2 * HOUR, agents=("A", "B", "C")) \
        + [utc_shift("D", g.end_utc - HOUR, 8)]
    assert [(x.start, x.end) for x in online(validate(p, shifts))] == \
        [(g.end_utc - 2 * HOUR, g.end_utc - HOUR)]


def test_backup_duty_does_not_count():
    p = problem()
    g = week_grid(p)
    shifts = tile(g.start_utc, g.end_utc)
    shifts[5] = shifts[5].model_copy(update={"role": Role.BACKUP})
    assert [(x.start, x.end) for x in validate(p, shifts)] == [(shifts[5].start, shifts[5].end)]


def test_last_weeks_shift_running_into_the_week_counts():
    p0 = problem()
    g = week_grid(p0)
    previous = (utc_shift("A", g.start_utc - 4 * HOUR, 8),)
    shifts = tile(g.start_utc + 4 * HOUR, g.end_utc, agents=("B", "C", "D"))
    assert validate(problem(previous_shifts=previous), shifts) == []
    hole = [(x.start, x.end) for x in validate(p0, shifts)]
    assert hole == [(g.start_utc, g.start_utc + 4 * HOUR)]


def test_last_weeks_backup_shift_does_not_count():
    g = week_grid(problem())
    previous = (utc_shift("A", g.start_utc - 4 * HOUR, 8, Role.BACKUP),)
    shifts = tile(g.start_utc + 4 * HOUR, g.end_utc, agents=("B", "C", "D"))
    v = validate(problem(previous_shifts=previous), shifts)
    assert [(x.start, x.end) for x in v] == [(g.start_utc, g.start_utc + 4 * HOUR)]


def test_last_weeks_shift_ending_before_the_week_covers_nothing():
    g = week_grid(problem())
    previous = (utc_shift("A", g.start_utc - 9 * HOUR, 8),)
    shifts = tile(g.start_utc + HOUR, g.end_utc, agents=("B", "C", "D"))
    v = validate(problem(previous_shifts=previous), shifts)
    assert [(x.start, x.end) for x in v] == [(g.start_utc, g.start_utc + HOUR)]


def test_two_online_needs_two_everywhere():
    p = problem(min_online=2)
    g = week_grid(p)
    one = tile(g.start_utc, g.end_utc, agents=("A", "B", "C"))
    v = validate(p, one)
    assert rules_of(v) == {ONLINE} and all("1 agent(s) online" in x.detail for x in v)
    two = one + tile(g.start_utc, g.end_utc, agents=("D", "E", "F"), length=6)
    assert validate(p, two) == []


@pytest.mark.parametrize("week, hours", [(dt.date(2026, 3, 23), 167), (dt.date(2026, 10, 19), 169)])
def test_dst_planning_week_is_covered_in_real_hours(week, hours):
    p = problem(week_start=week, timezone="Europe/Madrid")
    g = week_grid(p)
    assert (g.end_utc - g.start_utc) == hours * HOUR
    assert validate(p, tile(g.start_utc, g.end_utc)) == []
    v = validate(p, tile(g.start_utc, g.end_utc - HOUR))
    assert len(v) == 1 and "23:00–00:00" in v[0].detail


def test_wall_clock_thirds_leave_a_hole_in_the_repeated_hour():
    """Shifts at local 00:00, 08:00 and 16:00 of 8 real hours: on the fall-back Sunday the
    00:00 shift ends at 07:00 local and 07:00-08:00 is uncovered."""
    madrid = "Europe/Madrid"
    p = problem(week_start=dt.date(2026, 10, 19), timezone=madrid)
    shifts = [local_shift("ABC"[k], madrid, dt.datetime(2026, 10, 19 + d, 8 * k), 8)
              for d in range(7) for k in range(3)]
    v = validate(p, shifts)
    assert rules_of(v) == {ONLINE} and len(v) == 1 and "Sun 2026-10-25 07:00–08:00" in v[0].detail


# ----------------------------------------------------------------------------- validator: role


def test_primary_shift_without_primary_language_breaks_role():
    agents = [make_agent("R", primary_languages=(), backup_languages=("en",))]
    p = make_problem(agents, rules=loose_rules())
    start = dt.datetime(2026, 12, 1, 9)
    v = validate(p, [local_shift("R", "Asia/Shanghai", start, 8)])
    assert rules_of(v) == {"role"} and v[0].agent_id == "R"
    assert validate(p, [local_shift("R", "Asia/Shanghai", start, 8, Role.BACKUP)]) == []


def test_any_primary_language_is_enough_for_a_primary_shift():
    agents = [make_agent("F", primary_languages=("fr",), backup_languages=("en",))]
    p = make_problem(agents, rules=loose_rules())
    assert validate(p, [local_shift("F", "Asia/Shanghai", dt.datetime(2026, 12, 1, 9), 8)]) == []


# ----------------------------------------------------------------------------- solver


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_counts_last_weeks_shift_toward_24_7(place):
    """Nobody can work the first 4 hours of the week (leave); last week's shift of P covers them.
    A solver that ignored it would call the week impossible."""
    g = place.grid()
    agents = [place.agent(x, max_shifts=7, max_hours=56) for x in ("P", "A", "B", "C", "D", "E")]
    previous = (utc_shift("P", g.start_utc - 4 * HOUR, 8),)
    leave = tuple(leave_utc(a, g.start_utc - 24 * HOUR, g.start_utc + 4 * HOUR) for a in agents)
    p = place.problem(agents, rules=loose_rules(min_online=1), previous_shifts=previous,
                      time_off=leave, weights=FLAT)
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert min(s.start for s in shifts) >= g.start_utc + 4 * HOUR


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_never_gives_primary_duty_without_a_primary_language(place):
    """Primary demand nobody with a primary language can serve (P is on leave): a primary shift
    of backup-only R would pay through the heads-online term, but breaks the role rule. R still
    gets the backup duty the backup demand asks for."""
    settings, p0 = place.settings(), place.pivot
    r = place.agent("R", primary_languages=(), backup_languages=("en",))
    pa = place.agent("P")
    demand = demand_utc(settings, p0 - 4 * HOUR, p0 + 4 * HOUR, primary=2, backup=1)
    leave = (leave_utc(pa, p0 - 24 * HOUR, p0 + 24 * HOUR),)
    p = place.problem([r, pa], demand, time_off=leave)
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert not shifts_of(shifts, "R", Role.PRIMARY)
    assert shifts_of(shifts, "R", Role.BACKUP)


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_weights_peak_dates(place):
    """One agent, one shift: an 8 h block on an ordinary day or a 7 h block on a peak date
    (weight 3). Ignoring the peak weight would pick the longer ordinary block."""
    g, settings = place.grid(), place.settings()
    zone = g.planning_zone
    ordinary = g.start_utc + 24 * HOUR + 9 * HOUR
    peak = g.start_utc + 72 * HOUR + 9 * HOUR
    demand = demand_utc(settings, ordinary, ordinary + 8 * HOUR) \
        + demand_utc(settings, peak, peak + 7 * HOUR)
    day = peak.astimezone(zone).date()
    p = place.problem([place.agent("A", max_shifts=1)], demand,
                      peaks=(PeakEvent(name="11.11", start=day, end=day, weight=3),))
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    (only,) = shifts
    assert only.start <= peak and only.end >= peak + 7 * HOUR


def test_solver_covers_every_hour_of_a_dst_week():
    """A Madrid-planned fall-back week has 169 hours; the roster covers all of them."""
    p = make_problem([make_agent(x, timezone="Europe/Madrid", max_shifts=6, max_hours=48)
                      for x in "ABCDE"], week_start=dt.date(2026, 10, 19), timezone="Europe/Madrid",
                     rules=loose_rules(min_online=1), weights=FLAT)
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    g = week_grid(p)
    assert g.n_slots == 169


def _three_windows(place, demand=(), extra=()):
    """Three agents whose local windows overlap around the clock (23-09, 07-17, 15-01), and P,
    on leave all week, whose shift from last week covers the first 4 hours (at :45 offsets the
    windows leave the week's first hours uncovered)."""
    windows = ("Daily 23:00-09:00", "Daily 07:00-17:00", "Daily 15:00-01:00")
    agents = [place.agent(x, max_shifts=7, max_hours=56, shift_lengths=(4, 8),
                          availability=parse_availability(w)) for x, w in zip("ABC", windows)]
    g, p_agent = place.grid(), place.agent("P")
    previous = (utc_shift("P", g.start_utc - 4 * HOUR, 8),)
    leave = (leave_utc(p_agent, g.start_utc - 24 * HOUR, g.end_utc + 24 * HOUR),)
    return place.problem(agents + [p_agent, *extra], list(demand), rules=loose_rules(min_online=1),
                         previous_shifts=previous, time_off=leave)


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_does_not_double_cover_what_last_weeks_shift_covers(place):
    """P's shift from last week covers the first 4 hours; paid hours cost, so nobody else is
    rostered at the very start of the week. A solver that ignored P would pay for it."""
    p = _three_windows(place)
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert all(s.start > place.grid().start_utc for s in shifts)


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_does_not_count_backup_toward_24_7(place):
    """On-call K is rostered for backup demand all week anyway; counting K as online would
    save primary shifts, but backup duty is not online."""
    g, settings = place.grid(), place.settings()
    k = place.agent("K", primary_languages=(), backup_languages=("en",), max_shifts=7,
                    max_hours=56)
    demand = demand_utc(settings, g.start_utc, g.end_utc, primary=0, backup=1)
    p = _three_windows(place, demand, [k])
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert shifts_of(shifts, "K", Role.BACKUP)
