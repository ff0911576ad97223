"""The generated VTIMEZONE, evaluated on its own: onsets where RFC 5545 puts them.

Each zone's expected changes are written out by hand (not taken from zoneinfo), and the file's
VTIMEZONE is read without the system zone database: by RFC arithmetic (icalendar's
``get_transitions``: onset wall clock minus TZOFFSETFROM) and by dateutil's VTIMEZONE
evaluator (``to_tz(lookup_tzid=False)``), in both directions (UTC -> wall, wall -> UTC).
"""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from scheduler.calendar.publish import agent_ics_bytes
from scheduler.domain import Agent, Problem, Shift, TeamSettings

UTC = dt.timezone.utc
H = dt.timedelta(hours=1)
NOW = dt.datetime(2026, 1, 5, tzinfo=UTC)

# zone, onset wall clock (in the offset before the change), offset before, offset after,
# the change as a UTC instant
CHANGES = [
    ("Europe/Madrid", "2026-03-29 02:00", 1, 2, "2026-03-29 01:00"),
    ("Europe/Madrid", "2026-10-25 03:00", 2, 1, "2026-10-25 01:00"),
    ("Europe/Berlin", "2026-03-29 02:00", 1, 2, "2026-03-29 01:00"),
    ("Europe/Berlin", "2026-10-25 03:00", 2, 1, "2026-10-25 01:00"),
    ("America/Los_Angeles", "2026-03-08 02:00", -8, -7, "2026-03-08 10:00"),
    ("America/Los_Angeles", "2026-11-01 02:00", -7, -8, "2026-11-01 09:00"),
    ("Australia/Sydney", "2026-04-05 03:00", 11, 10, "2026-04-04 16:00"),
    ("Australia/Sydney", "2026-10-04 02:00", 10, 11, "2026-10-03 16:00"),
    ("Pacific/Chatham", "2026-04-05 03:45", 13.75, 12.75, "2026-04-04 14:00"),
    ("Pacific/Chatham", "2026-09-27 02:45", 12.75, 13.75, "2026-09-26 14:00"),
]


def _vtimezone(zone: str) -> icalendar.Timezone:
    """The VTIMEZONE of a ``tzid`` agent calendar with one June shift (covers the year)."""
    agent = Agent(id="a", name="A", timezone=zone, primary_languages=("en",))
    team = Problem(settings=TeamSettings(name="T", week_start=dt.date(2026, 6, 1),
                                         timezone="UTC"), agents=(agent,))
    start = dt.datetime(2026, 6, 2, 9, tzinfo=UTC)
    shift = Shift(agent_id="a", start=start, end=start + 8 * H)
    data = agent_ics_bytes(team, [shift], "a", now=NOW, time_mode="tzid")
    (vtz,) = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    assert str(vtz["TZID"]) == zone
    return vtz


def _iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.mark.parametrize("zone, wall, before, after, change", CHANGES)
def test_onset_is_the_local_time_before_the_change(zone, wall, before, after, change):
    vtz = _vtimezone(zone)
    before_td, after_td = before * H, after * H
    onsets = {(sub.name, sub.TZOFFSETFROM, sub.TZOFFSETTO): [sub.DTSTART] +
              [start for start, _ in sub.rdates] for sub in vtz.subcomponents}
    kind = "DAYLIGHT" if after > before else "STANDARD"
    assert _iso(wall) in onsets[(kind, before_td, after_td)]

    times, infos = vtz.get_transitions()  # RFC arithmetic on the file alone: DTSTART - FROM
    at = times.index(_iso(change))
    assert infos[at][0] == after_td and infos[at - 1][0] == before_td


@pytest.mark.parametrize("zone, wall, before, after, change", CHANGES)
def test_file_alone_reads_both_ways_around_the_change(zone, wall, before, after, change):
    own = _vtimezone(zone).to_tz(lookup_tzid=False)  # dateutil's evaluator, no zone database
    instant = _iso(change).replace(tzinfo=UTC)
    for delta, offset in ((-30, before), (-1 / 60, before), (0, after), (30, after)):
        when = instant + dt.timedelta(minutes=delta)
        assert when.astimezone(own).utcoffset() == offset * H, when
    for minutes, offset in ((-30, before), (30 + max(0, after - before) * 60, after)):
        local = (_iso(wall) + dt.timedelta(minutes=minutes)).replace(tzinfo=own)
        expected = _iso(wall) + dt.timedelta(minutes=minutes) - offset * H
        assert local.astimezone(UTC).replace(tzinfo=None) == expected, local
