"""Availability in exact time, leave, fixed days off, the night window, the week boundary and
pins (scheduler/definitions.py, "Availability" and "Pins").

Every instant of [start, end) of a shift must be allowed for its agent: inside one of their
weekly local windows (22:00-06:00 started on day D runs into D+1), outside the team's no-work
night window unless night-willing, not on a fixed day off (any minute of that local date), not
overlapping leave — for any zone offset (+05:45, +12:45, DST) and slot size.
"""

import datetime as dt

import pytest
from toy import (
    CHATHAM,
    HOUR,
    KATHMANDU,
    LA_FALL,
    LA_SPRING,
    PLACES,
    demand_utc,
    leave_utc,
    local,
    local_minutes,
    local_shift,
    loose_rules,
    make_agent,
    make_problem,
    on_grid,
    rules_of,
    shifts_of,
    solve_optimal,
    to_local,
    utc_shift,
    week_grid,
)

from scheduler.domain import Role, TimeOff
from scheduler.textformats import parse_availability
from scheduler.validator import validate

SH = "Asia/Shanghai"
TUE = dt.datetime(2026, 12, 1)

def one(zone: str = SH, week: dt.date = dt.date(2026, 11, 30), planning: str = SH, **agent_kw):
    kw = dict(max_shifts=7, max_hours=56, shift_lengths=(4, 5, 6, 7, 8), timezone=zone)
    kw.update(agent_kw)
    return make_problem([make_agent("A", **kw)], rules=loose_rules(), week_start=week,
                        timezone=planning)


def check(p, start: dt.datetime, hours: float, zone: str = SH, role=Role.PRIMARY) -> set[str]:
    return rules_of(validate(p, [local_shift("A", zone, start, hours, role)]))


# ----------------------------------------------------------------------------- validator: windows


@pytest.mark.parametrize("start, hours, ok", [
    (TUE.replace(hour=9), 8, True),
    (TUE.replace(hour=8, minute=30), 8, False),
    (TUE.replace(hour=9, minute=30), 8, False),
    (TUE.replace(hour=9, minute=1), 8, False),         # one minute past 17:00
    (TUE.replace(day=5, hour=9), 8, False),  # Saturday
])
def test_window_holds_for_every_minute(start, hours, ok):
    p = one(availability=parse_availability("Mon-Fri 09:00-17:00"))
    assert check(p, start, hours) == (set() if ok else {"availability"})


def test_window_end_between_two_samples_of_an_off_grid_shift_is_still_found():
    """A roster read back from a CSV may hold any minute: 09:10-17:10 against 09:00-17:00 has
    ten minutes outside, which a check sampling every 15 minutes from the start never sees."""
    p = one(availability=parse_availability("Daily 09:00-17:00"))
    assert check(p, TUE.replace(hour=9, minute=10), 8) == {"availability"}
    assert check(p, TUE.replace(hour=9, minute=10), 7) == set()


@pytest.mark.parametrize("start, hours, ok", [
    (TUE.replace(hour=22), 8, True),                  # Tue 22:00 -> Wed 06:00
    (TUE.replace(day=2, hour=0), 6, True),            # Wed 00:00-06:00: Tuesday's occurrence
    (TUE.replace(hour=0), 6, False),                  # Tue 00:00-06:00 would be Monday's
    (TUE.replace(day=2, hour=22), 8, False),          # Wed 22:00: no window
    (TUE.replace(hour=23), 8, False),                 # runs to 07:00
])
def test_wrapping_window_runs_into_the_next_day(start, hours, ok):
    p = one(availability=parse_availability("Tue 22:00-06:00"))
    assert check(p, start, hours) == (set() if ok else {"availability"})


def test_sunday_window_wraps_into_monday():
    p = one(availability=parse_availability("Sun 22:00-06:00"))
    assert check(p, dt.datetime(2026, 11, 30, 0), 6) == set()       # Mon 00-06 from last Sunday
    assert check(p, dt.datetime(2026, 12, 6, 22), 8) == set()       # Sun 22 -> next Mon 06


@pytest.mark.parametrize("start, hours, ok", [
    (TUE.replace(hour=7), 8, True),
    (TUE.replace(hour=6, minute=30), 8, False),
    (TUE.replace(hour=16), 8, True),                  # ends exactly at 24:00 = night start
    (TUE.replace(hour=16, minute=30), 8, False),
    (TUE.replace(hour=23, minute=59), 7.5, False),
])
def test_night_window_for_agents_who_are_not_night_willing(start, hours, ok):
    p = one(night_willing=False, shift_lengths=(7.5, 8))
    assert check(p, start, hours) == (set() if ok else {"availability"})
    assert check(one(night_willing=True, shift_lengths=(7.5, 8)), start, hours) == set()


def test_night_window_follows_the_rules():
    p = make_problem([make_agent("A", night_willing=False)],
                     rules=loose_rules(no_work_start=dt.time(22, 30), no_work_end=dt.time(6, 30)))
    assert check(p, TUE.replace(hour=6, minute=30), 8) == set()
    assert check(p, TUE.replace(hour=14, minute=30), 8) == set()
    assert check(p, TUE.replace(hour=15), 8) == {"availability"}


@pytest.mark.parametrize("start, hours, ok", [
    (TUE.replace(hour=16), 8, True),                  # Tue 16:00-24:00, Wednesday untouched
    (TUE.replace(hour=17), 8, False),                 # one hour into Wednesday
    (TUE.replace(hour=23, minute=59), 8, False),
    (TUE.replace(day=3, hour=0), 8, True),            # Thursday 00:00
    (TUE.replace(day=2, hour=12), 8, False),
])
def test_fixed_day_off_is_the_whole_local_date(start, hours, ok):
    p = one(days_off=frozenset({2}))
    assert check(p, start, hours) == (set() if ok else {"availability"})


# ----------------------------------------------------------------------------- validator: zones


@pytest.mark.parametrize("zone", ["Asia/Kathmandu", "Asia/Kolkata", "Pacific/Chatham"])
def test_windows_are_read_on_the_agents_clock(zone):
    p = one(zone=zone, availability=parse_availability("Daily 09:00-17:00"))
    assert check(p, TUE.replace(hour=9), 8, zone) == set()
    assert check(p, TUE.replace(hour=8, minute=45), 8, zone) == {"availability"}
    assert check(p, TUE.replace(hour=9, minute=15), 8, zone) == {"availability"}


@pytest.mark.parametrize("place", [LA_SPRING, LA_FALL, CHATHAM], ids=lambda p: p.id)
def test_windows_after_a_dst_change_use_the_new_offset(place):
    """09:00-17:00 on the local day after the change, in the new offset: allowed. The same UTC
    hours read with the old offset would be 08:00-16:00 (spring) or 10:00-18:00 (fall)."""
    p = one(zone=place.zone, week=place.week, planning=place.planning,
            availability=parse_availability("Daily 09:00-17:00"))
    day = to_local(place.zone, place.pivot).date()
    nine = dt.datetime.combine(day, dt.time(9))
    assert check(p, nine, 8, place.zone) == set()
    start = local(place.zone, nine)
    for shifted in (start - HOUR, start + HOUR):
        assert rules_of(validate(p, [utc_shift("A", shifted, 8)])) == {"availability"}


def test_shift_across_spring_forward_is_seven_real_hours():
    """Sat 22:00 PST -> Sun 06:00 PDT is 7 real hours inside a Sat 22:00-06:00 window."""
    la = "America/Los_Angeles"
    p = one(zone=la, week=dt.date(2026, 3, 2), planning=la,
            availability=parse_availability("Sat 22:00-06:00"))
    assert check(p, dt.datetime(2026, 3, 7, 22), 7, la) == set()
    assert check(p, dt.datetime(2026, 3, 7, 22), 8, la) == {"availability"}


# ----------------------------------------------------------------------------- validator: leave


@pytest.mark.parametrize("start, hours, ok", [
    (TUE.replace(hour=2), 8, True),                   # ends as leave starts
    (TUE.replace(hour=12), 8, True),                  # starts as leave ends
    (TUE.replace(hour=4), 8, False),
    (TUE.replace(hour=10, minute=30), 4, False),      # inside
    (TUE.replace(hour=2, minute=1), 8, False),        # one minute of overlap
])
def test_leave_overlap(start, hours, ok):
    p = one().model_copy(update={"time_off": (
        TimeOff(agent_id="A", start=TUE.replace(hour=10), end=TUE.replace(hour=12),
                reason="dentist"),)})
    v = validate(p, [local_shift("A", SH, start, hours)])
    assert rules_of(v) == (set() if ok else {"time off"})
    assert ok or "dentist" in v[0].detail


def test_leave_is_in_the_agents_local_time():
    """Leave 10:00-12:00 Kathmandu time; 12:00 Shanghai is 09:45 in Kathmandu."""
    ktm = "Asia/Kathmandu"
    p = one(zone=ktm).model_copy(update={"time_off": (
        TimeOff(agent_id="A", start=TUE.replace(hour=10), end=TUE.replace(hour=12)),)})
    assert check(p, TUE.replace(hour=12), 8, ktm) == set()
    assert check(p, TUE.replace(hour=12), 8, SH) == {"time off"}


# ----------------------------------------------------------------------------- solver

def _around_pivot_date(place, first_hour: int, last_hour: int, days_before: int = 1):
    """UTC [start, end) from local ``first_hour`` on the pivot's local date minus ``days_before``
    to ``last_hour`` on the pivot's local date, widened to the slot grid."""
    g = place.grid()
    day = to_local(place.zone, place.pivot).date()
    first = day - dt.timedelta(days=days_before)
    a = local(place.zone, dt.datetime.combine(first, dt.time(first_hour)))
    b = local(place.zone, dt.datetime.combine(day, dt.time(last_hour)))
    return on_grid(g, a), on_grid(g, b, up=True), day


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_keeps_shifts_inside_local_windows(place):
    """Daily 09:00-17:00 on the agent's clock; demand 06:00-20:00 on the day of the change and
    the day before. On a :45 grid only seven whole slots fit, so 4 h shifts are the answer."""
    agent = place.agent("A", availability=parse_availability("Daily 09:00-17:00"),
                        shift_lengths=(4, 8), max_shifts=2)
    start, end, day = _around_pivot_date(place, 6, 20)
    p = place.problem([agent], [r for d in (0, 1) for r in demand_utc(
        place.settings(), start + 24 * d * HOUR, start + (24 * d + 14) * HOUR)])
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    mine = shifts_of(shifts, "A")
    assert mine and to_local(place.zone, mine[-1].start).date() == day
    for s in mine:
        minutes = local_minutes(s, place.zone)
        assert all(dt.time(9) <= m.time() < dt.time(17) for m in minutes), s
        assert minutes[0].date() == minutes[-1].date()
    assert end > start


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_keeps_agents_who_are_not_night_willing_out_of_the_night(place):
    """Demand from 18:00 to 10:00 across the night of the change; night is 00:00-07:00 local."""
    agent = place.agent("A", night_willing=False, shift_lengths=(4, 8), max_shifts=3)
    start, end, _ = _around_pivot_date(place, 18, 10)
    p = place.problem([agent], demand_utc(place.settings(), start, end))
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert shifts_of(shifts, "A")
    for s in shifts:
        assert all(m.time() >= dt.time(7) for m in local_minutes(s, place.zone)), s


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_keeps_fixed_days_off_whole(place):
    """The pivot's local weekday is a fixed day off; demand runs from noon the day before to
    noon that day. A shift from the evening before may not run past local midnight."""
    day = to_local(place.zone, place.pivot).date()
    agent = place.agent("A", days_off=frozenset({day.weekday()}), shift_lengths=(4, 8),
                        max_shifts=3)
    start, end, _ = _around_pivot_date(place, 12, 12)
    p = place.problem([agent], demand_utc(place.settings(), start, end))
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert shifts_of(shifts, "A")
    for s in shifts:
        assert all(m.date() != day for m in local_minutes(s, place.zone)), s


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_keeps_leave(place):
    """Leave for the 8 h before the pivot; demand for 8 h before and after: only after."""
    agent = place.agent("A", max_shifts=3)
    p0 = place.pivot
    leave = (leave_utc(agent, p0 - 8 * HOUR, p0),)
    p = place.problem([agent], demand_utc(place.settings(), p0 - 8 * HOUR, p0 + 8 * HOUR),
                      time_off=leave)
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert [(s.start, s.end) for s in shifts] == [(p0, p0 + 8 * HOUR)]


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_keeps_leave_that_ends_between_slots(place):
    """Leave ends 30 minutes after the pivot: the next whole slot is the earliest start."""
    agent = place.agent("A", max_shifts=3)
    p0 = place.pivot
    leave = (leave_utc(agent, p0 - 8 * HOUR, p0 + dt.timedelta(minutes=30)),)
    p = place.problem([agent], demand_utc(place.settings(), p0 - 8 * HOUR, p0 + 9 * HOUR),
                      time_off=leave)
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert [(s.start, s.end) for s in shifts] == [(p0 + HOUR, p0 + 9 * HOUR)]


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_keeps_a_pinned_shift_across_the_change(place):
    """Nothing asks for the pinned shift (so dropping it would save its cost); it stays."""
    pin = utc_shift("A", place.pivot - 2 * HOUR, 8)
    p = place.problem([place.agent("A"), place.agent("B")], pinned_shifts=(pin,))
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert list(shifts) == [pin]


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.id)
def test_solver_keeps_a_pinned_backup_shift(place):
    pin = utc_shift("A", place.pivot, 8, Role.BACKUP)
    p = place.problem([place.agent("A")], pinned_shifts=(pin,))
    shifts = solve_optimal(p)
    assert validate(p, shifts) == [] and list(shifts) == [pin]


def test_solver_starts_every_shift_inside_the_week():
    """Demand in the last hours of the week: shifts may run past its end but start inside."""
    p = make_problem([make_agent("A")], rules=loose_rules())
    g = week_grid(p)
    demand = demand_utc(p.settings, g.end_utc - 3 * HOUR, g.end_utc)
    p = p.model_copy(update={"demand": tuple(demand)})
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert shifts and all(g.start_utc <= s.start < g.end_utc for s in shifts)
    assert max(s.end for s in shifts) > g.end_utc - HOUR


@pytest.mark.parametrize("zone, planning, window", [
    (SH, SH, "Daily 09:30-17:30"),                           # half-hour window, hourly slots
    ("Asia/Kolkata", SH, "Daily 09:00-17:00"),               # +05:30: slots start at :30
    ("Asia/Kathmandu", SH, "Daily 09:30-17:30"),             # +05:45: slots start at :45
    ("Pacific/Chatham", "Europe/Madrid", "Daily 09:00-17:00"),  # +13:45 in December
])
def test_off_grid_windows_on_a_60_minute_grid(zone, planning, window):
    """Only seven whole hourly slots fit in the window: no 8 h shift, a 4 h one inside it; the
    roster must not round the window outward."""
    agent = make_agent("A", timezone=zone, shift_lengths=(4, 8), max_shifts=1,
                       availability=parse_availability(window))
    p = make_problem([agent], rules=loose_rules(), timezone=planning)
    g = week_grid(p)
    a = on_grid(g, local(zone, TUE.replace(hour=7)))
    p = p.model_copy(update={"demand": tuple(demand_utc(p.settings, a, a + 12 * HOUR))})
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert [s.hours for s in shifts] == [4]
    lo, hi = (dt.time.fromisoformat(x) for x in window.split()[1].split("-"))
    assert all(lo <= m.time() < hi for m in local_minutes(shifts[0], zone))


def test_half_hour_windows_on_a_30_minute_grid():
    agent = make_agent("A", shift_lengths=(4, 8), max_shifts=1,
                       availability=parse_availability("Daily 09:30-17:30"))
    p = make_problem([agent], rules=loose_rules(shift_start_step_minutes=30), slot_minutes=30)
    a = local(SH, TUE.replace(hour=7))
    p = p.model_copy(update={"demand": tuple(demand_utc(p.settings, a, a + 12 * HOUR))})
    shifts = solve_optimal(p)
    assert validate(p, shifts) == []
    assert [(to_local(SH, s.start).time(), s.hours) for s in shifts] == [(dt.time(9, 30), 8)]


# ----------------------------------------------------------------------- validator: week, pins


@pytest.mark.parametrize("offset_min, ok", [(0, True), (-1, False), (-60, False),
                                            (7 * 24 * 60 - 1, True), (7 * 24 * 60, False)])
def test_week_boundary_is_the_start_instant(offset_min, ok):
    """A shift belongs to the week it starts in: from Monday 00:00 (planning zone) up to, not
    including, the next Monday 00:00; it may run past the end."""
    p = one(shift_lengths=(8,))
    start = week_grid(p).start_utc + dt.timedelta(minutes=offset_min)
    v = rules_of(validate(p, [utc_shift("A", start, 8)]))
    assert (v == set()) is ok and v <= {"week boundary"}


@pytest.mark.parametrize("week, zone", [(dt.date(2026, 3, 2), "America/Los_Angeles"),
                                        (dt.date(2026, 10, 26), "America/Los_Angeles"),
                                        (dt.date(2026, 9, 21), "Pacific/Chatham")])
def test_week_boundary_of_a_dst_week(week, zone):
    p = one(zone=zone, week=week, planning=zone)
    g = week_grid(p)
    assert validate(p, [utc_shift("A", g.end_utc - HOUR, 8)]) == []
    assert rules_of(validate(p, [utc_shift("A", g.end_utc, 8)])) == {"week boundary"}


def test_pinned_shift_must_be_there_exactly():
    pin = local_shift("A", SH, TUE.replace(hour=9), 8)
    p = one().model_copy(update={"pinned_shifts": (pin,)})
    assert validate(p, [pin]) == []
    moved = pin.model_copy(update={"start": pin.start + HOUR, "end": pin.end + HOUR})
    assert rules_of(validate(p, [moved])) == {"pinned shift"}
    shorter = pin.model_copy(update={"end": pin.end - 4 * HOUR})
    assert rules_of(validate(p, [shorter])) == {"pinned shift"}
    backup = pin.model_copy(update={"role": Role.BACKUP})
    assert rules_of(validate(p, [backup])) == {"pinned shift"}
    assert rules_of(validate(p, [])) == {"pinned shift"}
