"""DST weeks for Madrid and Los Angeles agents: wall clocks and exact durations survive export.

Shifts are built directly from agent-local wall clocks spanning the changes:
Europe 2026-03-29 (+1 h) and 2026-10-25 (-1 h), US 2026-03-08 (+1 h) and 2026-11-01 (-1 h).
Both time modes are checked; in "tzid" mode the generated VTIMEZONE is also evaluated on its
own (``calendar_checks._check_vtimezones``) across each change.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from calendar_checks import local_shift, parse_calendar, small_team

from scheduler.calendar.publish import agent_ics_bytes, export_calendars
from scheduler.domain import Shift

NOW = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)

# (week Monday, planning zone, agent, local start, hours, expected local end, end tz abbreviation)
CASES = [
    (dt.date(2026, 10, 26), "Asia/Shanghai", "lax", "2026-10-31 22:00", 9, "2026-11-01 06:00",
     "PST"),
    (dt.date(2026, 10, 19), "Europe/Madrid", "mad", "2026-10-24 22:00", 9, "2026-10-25 06:00",
     "CET"),
    (dt.date(2026, 3, 23), "Europe/Madrid", "mad", "2026-03-28 22:00", 7, "2026-03-29 06:00",
     "CEST"),
    (dt.date(2026, 3, 2), "America/Los_Angeles", "lax", "2026-03-07 22:00", 7, "2026-03-08 06:00",
     "PDT"),
]


@pytest.mark.parametrize("time_mode", ["utc", "tzid"])
@pytest.mark.parametrize("week, zone, agent_id, start, hours, end, end_abbr", CASES)
def test_overnight_shift_across_dst_change(tmp_path, time_mode, week, zone, agent_id, start,
                                           hours, end, end_abbr):
    team = small_team(week, zone)
    agent = team.agent(agent_id)
    shift = local_shift(agent, start, hours)
    # A second shift of the other DST agent the same week, on a plain day, must be unaffected.
    other = team.agent("mad" if agent_id == "lax" else "lax")
    plain_day = week + dt.timedelta(days=2)
    plain = local_shift(other, f"{plain_day} 10:00", 8)
    export_calendars(team, [shift, plain], tmp_path, now=NOW, time_mode=time_mode)

    (ev,) = parse_calendar((tmp_path / f"agents/{agent_id}.ics").read_bytes())
    zone_info = ZoneInfo(agent.timezone)
    assert (ev.start, ev.end) == (shift.start, shift.end)
    assert ev.end - ev.start == dt.timedelta(hours=hours)  # exact elapsed time, not wall time
    assert ev.start.astimezone(zone_info).replace(tzinfo=None) == dt.datetime.fromisoformat(start)
    assert ev.end.astimezone(zone_info).replace(tzinfo=None) == dt.datetime.fromisoformat(end)
    assert f"{end[8:10]} " in ev.description and f"06:00 {end_abbr} ({hours} h)" in ev.description
    if time_mode == "tzid":  # the file itself says the agent's wall clock
        assert ev.raw_start.tzinfo is not None and str(ev.raw_start.tzinfo) == agent.timezone
        assert ev.raw_start.replace(tzinfo=None) == dt.datetime.fromisoformat(start)
        text = (tmp_path / f"agents/{agent_id}.ics").read_text()
        wall = dt.datetime.fromisoformat(start).strftime("%Y%m%dT%H%M%S")
        assert f"DTSTART;TZID={agent.timezone}:{wall}" in text
    else:
        assert ev.raw_start.tzinfo is not None and ev.raw_start.utcoffset() == dt.timedelta(0)

    (ev2,) = parse_calendar((tmp_path / f"agents/{other.id}.ics").read_bytes())
    assert ev2.start.astimezone(other.zone).hour == 10
    assert ev2.end - ev2.start == dt.timedelta(hours=8)
    team_events = parse_calendar((tmp_path / "team.ics").read_bytes())
    assert [(e.start, e.end) for e in team_events] == sorted(
        [(shift.start, shift.end), (plain.start, plain.end)])


def test_shift_across_the_week_boundary_and_midnight(tmp_path):
    """Sunday 20:00 → Monday 04:00 in Madrid, the last hours of a Madrid-zoned planning week,
    right after the spring change; and an LA shift over midnight on the week's first day."""
    team = small_team(dt.date(2026, 3, 23), "Europe/Madrid")
    late = local_shift(team.agent("mad"), "2026-03-29 20:00", 8)
    early = local_shift(team.agent("lax"), "2026-03-22 23:00", 6)  # Mon 07:00 Madrid
    export_calendars(team, [late, early], tmp_path, now=NOW, time_mode="tzid")
    (ev,) = parse_calendar((tmp_path / "agents/mad.ics").read_bytes())
    local_end = ev.end.astimezone(ZoneInfo("Europe/Madrid"))
    assert (local_end.date(), local_end.hour, ev.end - ev.start) == (
        dt.date(2026, 3, 30), 4, dt.timedelta(hours=8))
    (ev,) = parse_calendar((tmp_path / "agents/lax.ics").read_bytes())
    assert ev.uid.startswith("support-desk.lax.20260322.0.")  # LA's Sunday, Madrid's Monday
    assert ev.start.astimezone(ZoneInfo("America/Los_Angeles")).hour == 23


def test_download_bytes_match_in_both_modes():
    team = small_team(dt.date(2026, 10, 26), "Asia/Shanghai")
    shift = local_shift(team.agent("lax"), "2026-10-31 22:00", 9)
    for mode in ("utc", "tzid"):
        (ev,) = parse_calendar(agent_ics_bytes(team, [shift], "lax", now=NOW, time_mode=mode))
        assert (ev.start, ev.end) == (shift.start, shift.end)


@pytest.mark.parametrize("time_mode", ["utc", "tzid"])
def test_shift_ending_in_the_repeated_hour(tmp_path, time_mode):
    """Ends at the *second* 01:30 of 2026-11-01 in LA (PST): a TZID wall clock would be read as
    the first 01:30 (PDT), an hour early, so that end is written in UTC instead."""
    team = small_team(dt.date(2026, 10, 26), "Asia/Shanghai")
    end = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.timezone.utc)
    shift = local_shift(team.agent("lax"), "2026-10-31 18:30", 8)
    assert shift.end == end and end.astimezone(ZoneInfo("America/Los_Angeles")).fold == 1
    export_calendars(team, [shift], tmp_path, now=NOW, time_mode=time_mode)
    (ev,) = parse_calendar((tmp_path / "agents/lax.ics").read_bytes())
    assert (ev.start, ev.end, ev.end - ev.start) == (shift.start, end, dt.timedelta(hours=8))
    assert "Sun 01 Nov 01:30 PST (8 h)" in ev.description
    assert ev.raw_start.utcoffset() == dt.timedelta(0)  # whole event in UTC, even in tzid mode


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)


# (week, planning zone, agent, UTC start, hours, DTSTART line, DTEND line) in "tzid" mode
REPEATED_HOUR = [
    pytest.param(dt.date(2026, 10, 19), "Europe/Madrid", "mad", "2026-10-25 00:30", 6,
                 "DTSTART:20261025T003000Z", "DTEND:20261025T063000Z",
                 id="starts-02:30-CEST-first-pass"),
    pytest.param(dt.date(2026, 10, 19), "Europe/Madrid", "mad", "2026-10-25 01:30", 6,
                 "DTSTART:20261025T013000Z", "DTEND:20261025T073000Z",
                 id="starts-02:30-CET-second-pass"),
    pytest.param(dt.date(2026, 10, 19), "Europe/Madrid", "mad", "2026-10-24 16:30", 8,
                 "DTSTART:20261024T163000Z", "DTEND:20261025T003000Z",
                 id="ends-02:30-CEST-first-pass"),
    pytest.param(dt.date(2026, 10, 19), "Europe/Madrid", "mad", "2026-10-24 23:00", 1,
                 "DTSTART:20261024T230000Z", "DTEND:20261025T000000Z",
                 id="ends-02:00-CEST-first-minute"),
    pytest.param(dt.date(2026, 10, 26), "Asia/Shanghai", "lax", "2026-11-01 08:30", 8,
                 "DTSTART:20261101T083000Z", "DTEND:20261101T163000Z",
                 id="LA-starts-01:30-PDT-first-pass"),
    pytest.param(dt.date(2026, 10, 19), "Europe/Madrid", "mad", "2026-10-25 02:00", 6,
                 "DTSTART;TZID=Europe/Madrid:20261025T030000",
                 "DTEND;TZID=Europe/Madrid:20261025T090000", id="starts-03:00-CET-after"),
    pytest.param(dt.date(2026, 10, 19), "Europe/Madrid", "mad", "2026-10-24 22:00", 1,
                 "DTSTART;TZID=Europe/Madrid:20261025T000000",
                 "DTEND;TZID=Europe/Madrid:20261025T010000", id="ends-01:00-CEST-before"),
    pytest.param(dt.date(2026, 3, 23), "Europe/Madrid", "mad", "2026-03-29 01:00", 6,
                 "DTSTART;TZID=Europe/Madrid:20260329T030000",
                 "DTEND;TZID=Europe/Madrid:20260329T090000", id="starts-03:00-CEST-spring"),
]


@pytest.mark.parametrize("week, zone, agent_id, start, hours, dtstart, dtend", REPEATED_HOUR)
def test_repeated_hour_either_pass_is_written_in_utc(week, zone, agent_id, start, hours,
                                                      dtstart, dtend):
    """A wall clock in a repeated autumn hour names two instants: RFC 5545 takes the first,
    ical.js and libical the second; so either pass (and the event's other end) goes in UTC.
    Wall clocks just outside the repeated hour, and after the spring gap, stay TZID."""
    team = small_team(week, zone)
    shift = Shift(agent_id=agent_id, start=_utc(start), end=_utc(start) + dt.timedelta(hours=hours))
    data = agent_ics_bytes(team, [shift], agent_id, now=NOW, time_mode="tzid")
    lines = data.decode().splitlines()
    assert dtstart in lines and dtend in lines
    (ev,) = parse_calendar(data)  # icalendar, ics and recurring-ical-events agree on instants
    assert (ev.start, ev.end) == (shift.start, shift.end)
