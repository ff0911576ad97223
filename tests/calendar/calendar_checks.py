"""Helpers for the calendar tests: a small hand-built team and a two-parser reader.

Imported by module name; deliberately no conftest.py in this folder, because other test
modules do ``from conftest import ...`` and a second module named ``conftest`` would shadow
theirs.  Test modules import the ``team``/``shift_of`` fixtures from here.

Every produced file goes through ``icalendar`` *and* ``ics`` (an independent parser) and
``recurring-ical-events``; the parses must agree before any test compares events with the
roster.  Generated VTIMEZONEs are checked on their own, since both parsers resolve a known
IANA TZID from the system database and would not notice a wrong definition in the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import ics
import pytest
import recurring_ical_events

from scheduler.domain import Agent, Problem, Role, Shift, TeamSettings

UTC = dt.timezone.utc


@dataclass(frozen=True)
class Ev:
    """One VEVENT as both parsers agree it reads; instants are UTC."""

    uid: str
    start: dt.datetime
    end: dt.datetime
    status: str
    sequence: int
    summary: str
    description: str
    categories: tuple[str, ...]
    raw_start: object  # the icalendar-decoded DTSTART, with its own tzinfo


def _icalendar_events(cal: icalendar.Calendar) -> list[Ev]:
    out = []
    for e in cal.walk("VEVENT"):
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "STATUS", "SUMMARY"):
            assert prop in e, f"VEVENT without {prop}"
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        assert start.tzinfo is not None and end.tzinfo is not None, "floating time exported"
        cats = tuple(c for prop in e.get("CATEGORIES", []) for c in
                     ([prop] if isinstance(prop, str) else prop.cats)) if "CATEGORIES" in e else ()
        out.append(Ev(str(e["UID"]), start.astimezone(UTC), end.astimezone(UTC), str(e["STATUS"]),
                      int(e["SEQUENCE"]), str(e["SUMMARY"]), str(e.get("DESCRIPTION", "")),
                      tuple(str(c) for c in cats), start))
    return out


def _check_vtimezones(cal: icalendar.Calendar) -> None:
    """Each TZID wall clock, read through the file's *own* VTIMEZONE (not the system zoneinfo
    both parsers would look the name up in), must give the same instant as zoneinfo does; and
    every half hour from a day before the first event to a day after the last, UTC read through
    the VTIMEZONE must give zoneinfo's offset (a late spring onset shows up here)."""
    own = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in cal.walk("VTIMEZONE")}
    events = cal.walk("VEVENT")
    for e in events:
        for prop in ("DTSTART", "DTEND"):
            if "TZID" in e[prop].params:
                wall = e[prop].dt.replace(tzinfo=None)
                via_file = wall.replace(tzinfo=own[str(e[prop].params["TZID"])])
                assert via_file.astimezone(UTC) == e[prop].dt.astimezone(UTC), (prop, wall)
    if not events or not own:
        return
    instant = min(e.decoded("DTSTART") for e in events).astimezone(UTC) - dt.timedelta(days=1)
    last = max(e.decoded("DTEND") for e in events).astimezone(UTC) + dt.timedelta(days=1)
    while instant <= last:
        for name, tz in own.items():
            assert instant.astimezone(tz).utcoffset() == \
                instant.astimezone(ZoneInfo(name)).utcoffset(), (name, instant)
        instant += dt.timedelta(minutes=30)


def parse_calendar(data: bytes) -> list[Ev]:
    """Parse with three libraries, assert they agree, return the events (sorted by start, uid)."""
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0"
    assert "PRODID" in cal and str(cal["METHOD"]) == "PUBLISH"
    used = {str(e["DTSTART"].params["TZID"]) for e in cal.walk("VEVENT")
            if "TZID" in e["DTSTART"].params}
    defined = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    assert used <= defined, f"TZID without VTIMEZONE: {used - defined}"
    mine = _icalendar_events(cal)
    _check_vtimezones(cal)

    other = ics.Calendar(data.decode("utf-8"))
    theirs = {e.uid: e for e in other.events}
    assert set(theirs) == {e.uid for e in mine}, "parsers disagree on the events"
    for e in mine:
        t = theirs[e.uid]
        assert t.begin.datetime == e.start and t.end.datetime == e.end, e.uid
        assert (t.status or "").upper() == e.status
        assert f"SEQUENCE:{e.sequence}" in [str(x) for x in t.extra]

    lo = min((e.start for e in mine), default=dt.datetime(2026, 1, 1, tzinfo=UTC))
    hi = max((e.end for e in mine), default=lo)
    expanded = recurring_ical_events.of(cal).between(lo - dt.timedelta(days=1),
                                                    hi + dt.timedelta(days=1))
    by_uid = {str(x["UID"]): x for x in expanded}
    assert set(by_uid) == {e.uid for e in mine}
    for e in mine:
        assert by_uid[e.uid].start.astimezone(UTC) == e.start
        assert by_uid[e.uid].end.astimezone(UTC) == e.end
    return sorted(mine, key=lambda e: (e.start, e.uid))


def parse_folder(folder: Path) -> dict[str, list[Ev]]:
    """Relative path -> parsed events for every .ics under ``folder``."""
    return {p.relative_to(folder).as_posix(): parse_calendar(p.read_bytes())
            for p in sorted(folder.rglob("*.ics"))}


def local_shift(agent: Agent, start: str, hours: float, role: Role = Role.PRIMARY) -> Shift:
    """A shift from the agent's wall clock ('2026-12-01 09:00') and an exact duration."""
    begin = dt.datetime.fromisoformat(start).replace(tzinfo=ZoneInfo(agent.timezone))
    utc = begin.astimezone(UTC)
    return Shift(agent_id=agent.id, role=role, start=utc, end=utc + dt.timedelta(hours=hours))


def small_team(week_start: dt.date = dt.date(2026, 11, 30), zone: str = "Asia/Shanghai",
               name: str = "Support Desk") -> Problem:
    agents = (
        Agent(id="mad", name="Lucía (Madrid)", timezone="Europe/Madrid",
              primary_languages=("es",), backup_languages=("en",)),
        Agent(id="lax", name="Jordan (LA)", timezone="America/Los_Angeles",
              primary_languages=("en",), backup_languages=("es",)),
        Agent(id="sha", name="Wei (Shanghai)", timezone="Asia/Shanghai",
              primary_languages=("es", "en")),
    )
    return Problem(settings=TeamSettings(name=name, week_start=week_start, timezone=zone,
                                         escalation_contact="duty-lead@example.com, +34 600 000"),
                   agents=agents)


@pytest.fixture
def team() -> Problem:
    return small_team()


@pytest.fixture
def shift_of(team: Problem) -> Callable[..., Shift]:
    def make(agent_id: str, start: str, hours: float, role: Role = Role.PRIMARY) -> Shift:
        return local_shift(team.agent(agent_id), start, hours, role)
    return make
