import datetime as dt

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
