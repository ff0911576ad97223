import datetime as dt
from zoneinfo import ZoneInfo

from scheduler.domain import TeamSettings
from scheduler.timegrid import WeekGrid


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
