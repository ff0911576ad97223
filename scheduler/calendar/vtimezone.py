"""VTIMEZONE components for ``tzid`` calendars: icalendar's generator, onsets corrected.

Why a correction: ``icalendar`` (7.x, ``Timezone.from_tzinfo`` behind
``Calendar.add_missing_timezones``) finds each change by stepping the *wall clock* of an aware
datetime and recording the first reading whose UTC offset differs.  zoneinfo reads the skipped
spring wall times (02:00–02:59 on 2026-03-29 in Madrid) with the old offset, so the first
different reading is 03:00, the wall clock *after* the change, and the DAYLIGHT observance says
``DTSTART:20260329T030000`` with ``TZOFFSETFROM:+0100``: 02:00 UTC, an hour late.  RFC 5545
§3.6.5 wants the onset as the local time *before* the change, combined with TZOFFSETFROM: 02:00.
The autumn onset comes out right only by coincidence (03:00 CEST is both the first reading with
the new offset and the old-offset wall time of the change).  A reader that turns the onset into
UTC (DTSTART − TZOFFSETFROM, as the RFC says) then shows 01:30 UTC in Madrid as 02:30 CET instead
of 03:30 CEST.

``add_timezones`` keeps the library's components and moves every onset (DTSTART and RDATEs) to
the change zoneinfo actually makes there; an onset the library already got right is kept, so
this stays correct if a later icalendar fixes its search.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component

from scheduler.timegrid import UTC

__all__ = ["add_timezones", "fix_onsets"]

_SECOND = dt.timedelta(seconds=1)


def _offset(instant: dt.datetime, zone: ZoneInfo) -> dt.timedelta | None:
    return instant.replace(tzinfo=UTC).astimezone(zone).utcoffset()


def _onset(wall: dt.datetime, before: dt.timedelta, after: dt.timedelta, zone: ZoneInfo
           ) -> dt.datetime:
    """The RFC onset (wall clock in the ``before`` offset) of the change recorded at ``wall``.

    The change is at ``wall - before`` (RFC reading, kept) or at ``wall - after`` (the
    first wall reading after a forward jump, which icalendar writes); whichever instant is where
    zoneinfo really moves from ``before`` to ``after``.  Neither (the observance that merely
    opens the covered range): unchanged.
    """
    for change in (wall - before, wall - after):
        if _offset(change - _SECOND, zone) == before and _offset(change, zone) == after:
            return change + before
    return wall


def fix_onsets(vtimezone: Component, zone: ZoneInfo) -> None:
    """Rewrite each STANDARD/DAYLIGHT onset of ``vtimezone`` in place to the RFC's reading."""
    for part in vtimezone.subcomponents:
        if part.name not in ("STANDARD", "DAYLIGHT"):
            continue
        before, after = part.TZOFFSETFROM, part.TZOFFSETTO
        part.DTSTART = _onset(part.DTSTART, before, after, zone)
        rdates = [_onset(start, before, after, zone) for start, _ in part.rdates]
        if rdates:
            del part["RDATE"]
            part.add("RDATE", rdates)


def add_timezones(cal: Calendar, first: dt.date, last: dt.date) -> None:
    """Add a VTIMEZONE for every TZID the events use, valid ``first``..``last``, zones first."""
    cal.add_missing_timezones(first_date=first, last_date=last)
    for vtimezone in cal.walk("VTIMEZONE"):
        fix_onsets(vtimezone, ZoneInfo(str(vtimezone["TZID"])))
    cal.subcomponents.sort(key=lambda c: c.name != "VTIMEZONE")  # RFC: zones before events
