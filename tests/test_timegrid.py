import datetime as dt
from zoneinfo import ZoneInfo

from scheduler.domain import TeamSettings
from scheduler.timegrid import WeekGrid, describe_periods


def grid(week: dt.date, zone: str, slot: int = 30) -> WeekGrid:
    return WeekGrid.for_settings(TeamSettings(week_start=week, timezone=zone, slot_minutes=slot))


def test_plain_week_has_336_half_hours():
    g = grid(dt.date(2026, 11, 30), "Asia/Shanghai")
    assert g.n_slots == 336
    assert g.start_utc == dt.datetime(2026, 11, 29, 16, tzinfo=dt.timezone.utc)


def test_spring_forward_week_is_one_hour_shorter():
    # Europe changes to summer time on Sunday 2026-03-29
    assert grid(dt.date(2026, 3, 23), "Europe/Madrid").n_slots == 334


def test_fall_back_week_is_one_hour_longer():
    # Europe goes back to winter time on Sunday 2026-10-25
    assert grid(dt.date(2026, 10, 19), "Europe/Madrid", 60).n_slots == 169


def test_slot_of_and_label():
    g = grid(dt.date(2026, 11, 30), "Asia/Shanghai", 60)
    assert g.slot_of(g.slot_start(5)) == 5
    assert g.label(3, 5) == "Mon 30 Nov 03:00–05:00 (Asia/Shanghai)"


def test_us_change_weeks():
    # the US changes on Sunday 2026-03-08 and Sunday 2026-11-01
    assert grid(dt.date(2026, 3, 2), "America/Los_Angeles", 60).n_slots == 167
    assert grid(dt.date(2026, 10, 26), "America/Los_Angeles", 60).n_slots == 169
    assert grid(dt.date(2026, 3, 23), "America/Los_Angeles", 60).n_slots == 168


def test_southern_hemisphere_changes():
    # Sydney and Chatham: summer time ends 2026-04-05 and starts 2026-10-04 / 2026-09-27
    assert grid(dt.date(2026, 3, 30), "Australia/Sydney", 60).n_slots == 169
    assert grid(dt.date(2026, 9, 28), "Australia/Sydney", 60).n_slots == 167
    assert grid(dt.date(2026, 9, 21), "Pacific/Chatham", 30).n_slots == 334


def test_local_starts_follow_the_change_inside_the_week():
    """Agent-local clock of each slot uses the offset *at that instant*, not the week's first."""
    g = grid(dt.date(2026, 3, 2), "Asia/Shanghai", 60)
    la = ZoneInfo("America/Los_Angeles")
    starts = g.local_starts(la, 0, g.n_slots)
    change = g.slot_of(dt.datetime(2026, 3, 8, 10, tzinfo=dt.timezone.utc))
    assert starts[change - 1] == dt.datetime(2026, 3, 8, 1)
    assert starts[change] == dt.datetime(2026, 3, 8, 3)
    for i, local in enumerate(starts):
        assert local == g.slot_start(i).astimezone(la).replace(tzinfo=None)


def test_off_hour_zones_put_slots_at_quarter_hours():
    g = grid(dt.date(2026, 11, 30), "Asia/Shanghai", 60)
    assert {t.minute for t in g.local_starts(ZoneInfo("Asia/Kathmandu"), 0, 24)} == {45}
    assert {t.minute for t in g.local_starts(ZoneInfo("Asia/Kolkata"), 0, 24)} == {30}
    assert {t.minute for t in g.local_starts(ZoneInfo("Pacific/Chatham"), 0, 24)} == {45}


def test_planning_local_of_a_dst_week():
    g = grid(dt.date(2026, 10, 19), "Europe/Madrid", 60)
    hours = [t.hour for t in g.planning_local if t.date() == dt.date(2026, 10, 25)]
    assert hours == [0, 1, 2, 2] + list(range(3, 24))  # 02:00 happens twice


def test_slots_between_clips_to_whole_slots():
    g = grid(dt.date(2026, 11, 30), "Asia/Shanghai", 60)
    a = g.slot_start(3) + dt.timedelta(minutes=10)
    assert g.slots_between(a, g.slot_start(6)) == range(4, 6)
    assert g.slots_between(g.slot_start(-2), g.slot_start(1)) == range(-2, 1)


SH = ZoneInfo("Asia/Shanghai")
MON = dt.datetime(2026, 11, 30, tzinfo=SH)


def at(day: int, hour: float) -> dt.datetime:
    return MON + dt.timedelta(days=day, hours=hour)


def test_a_window_repeated_every_day_is_named_once():
    nights = [(at(d, 0), at(d, 7)) for d in range(7)]
    assert describe_periods(nights, SH) == "00:00–07:00 every day (Mon 30 Nov – Sun 06 Dec)"


def test_periods_group_by_time_of_day_and_list_runs_of_days():
    spans = [(at(d, 0), at(d, 7)) for d in (0, 1, 2, 4)] + [(at(5, 12), at(5, 14))]
    assert describe_periods(spans, SH) == (
        "00:00–07:00 on Mon 30 Nov – Wed 02 Dec, Fri 04 Dec; Sat 05 Dec 12:00–14:00")


def test_overnight_midnight_and_long_periods():
    spans = [(at(0, 22), at(1, 2)), (at(1, 22), at(2, 2)), (at(6, 22), at(7, 0)),
             (at(2, 3), at(4, 3))]
    assert describe_periods(spans, SH) == (
        "22:00–02:00 overnight from Mon 30 Nov, Tue 01 Dec; Sun 06 Dec 22:00–24:00; "
        "Wed 02 Dec 03:00 – Fri 04 Dec 03:00")


def test_periods_are_told_in_the_zone_asked_for():
    utc = [(at(d, 0).astimezone(dt.timezone.utc), at(d, 7).astimezone(dt.timezone.utc))
           for d in range(7)]
    assert describe_periods(utc, SH).startswith("00:00–07:00 every day")
    assert describe_periods(utc, ZoneInfo("UTC")).startswith("16:00–23:00 every day")
