"""Render published event records into RFC 5545 calendars with the ``icalendar`` library.

Time representation (``TimeMode``):

* ``"utc"`` (default): DTSTART/DTEND are UTC date-times (``...Z``, RFC 5545 §3.3.5 form #2).
  They need no VTIMEZONE, and Google, Outlook and Apple all convert them to the viewer's zone.
  TZID is not the default because Outlook is reported to ignore RDATE-style VTIMEZONEs (the
  kind generated from zoneinfo) and to shift events by an hour around DST (iCalcreator#86 and
  #106, ical4j-zoneinfo-outlook), and a TZID without a VTIMEZONE breaks the RFC, which Outlook
  also mis-reads.  The description states the agent's own wall clock and zone abbreviation.
* ``"tzid"``: DTSTART/DTEND carry ``TZID=<agent zone>`` with a VTIMEZONE generated from
  zoneinfo (``vtimezone.py``, which corrects icalendar's spring onsets), for Apple/Google-only
  teams who want the zone shown on each event.  An event with either end in a repeated
  fall-back hour, first or second pass, is written in UTC instead (see ``_ambiguous``).

No X-WR-TIMEZONE: nothing here is floating, so clients gain nothing from it, while consumers
that honour it re-express UTC times in that zone and then do wall-clock arithmetic — the
``recurring-ical-events`` library moved a shift ending at the second 01:30 of a fall-back night
an hour early in our tests.

Cancelled events keep UID, get the bumped SEQUENCE and ``STATUS:CANCELLED`` (METHOD:PUBLISH
feeds have no CANCEL method), so subscribers drop them and importers mark them cancelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vDuration

from scheduler.calendar.content import desk_label, local_span, role_label
from scheduler.calendar.identity import EventRecord, EventStatus, view_uid
from scheduler.calendar.vtimezone import add_timezones
from scheduler.formats import city
from scheduler.i18n import _
from scheduler.timegrid import UTC

__all__ = ["PRODID", "TimeMode", "CalendarView", "RenderOptions", "build_calendar", "to_bytes"]

PRODID = "-//roster-optimizer//Roster calendars 1.0//EN"
TimeMode = Literal["utc", "tzid"]
_REFRESH = dt.timedelta(hours=1)


@dataclass(frozen=True)
class CalendarView:
    """One published calendar: which events it lists and how it titles them.

    ``kind`` is 'agent' (key = agent id), 'team' (key unused) or 'desk' (key = language).
    """

    kind: Literal["agent", "team", "desk"]
    key: str
    name: str
    zone: str  # the agent's zone, or the planning zone for the team and desk views

    @property
    def uid_tag(self) -> str:
        return "desk-" + self.key if self.kind == "desk" else self.kind

    def status_of(self, rec: EventRecord) -> EventStatus | None:
        """Status in this view, or None when the event never belonged here."""
        if self.kind == "agent":
            return rec.status if rec.agent_id == self.key else None
        if self.kind == "team":
            return rec.status
        if self.key in rec.languages:
            return rec.status
        if self.key in rec.desks_seen:  # moved off this desk: subscribers must drop it
            return EventStatus.CANCELLED
        return None


@dataclass(frozen=True)
class RenderOptions:
    team_name: str
    escalation_contact: str = ""
    time_mode: TimeMode = "utc"
    alarm_minutes: int | None = 30


def _summary(rec: EventRecord, view: CalendarView, status: EventStatus) -> str:
    text = _("{role} – {desk} desk").format(role=role_label(rec.role),
                                            desk=desk_label(rec.languages))
    if view.kind != "agent":
        text = _("{agent}: {event}").format(agent=rec.agent_name, event=text)
    if status is EventStatus.CANCELLED:
        return _("Cancelled: {event}").format(event=text)
    return text


def _description(rec: EventRecord, view: CalendarView, opts: RenderOptions,
                 status: EventStatus) -> str:
    span = local_span(rec.start, rec.end, rec.timezone)
    lines = []
    if status is EventStatus.CANCELLED:
        lines.append(_("This shift was removed from the roster."))
    lines += [
        _("{role} shift, team {team}.").format(role=role_label(rec.role), team=opts.team_name),
        (_("Your time ({zone}): {span}").format(zone=city(rec.timezone), span=span)
         if view.kind == "agent" else
         _("{agent}'s time ({zone}): {span}").format(agent=rec.agent_name,
                                                     zone=city(rec.timezone), span=span)),
        _("Desk: {desk}").format(desk=desk_label(rec.languages)),
    ]
    if rec.notes and status is EventStatus.CONFIRMED:
        lines.append(rec.notes)
    if opts.escalation_contact:
        lines.append(_("Escalation: {contact}").format(contact=opts.escalation_contact))
    lines.append(_("Revision {number}; re-published rosters update this event in place.").format(
        number=rec.sequence))
    return "\n".join(lines)


def _ambiguous(instant: dt.datetime, zone: dt.tzinfo) -> bool:
    """True when ``instant``'s wall clock in ``zone`` does not name one instant on its own.

    That is a repeated fall-back hour, *either* pass: RFC 5545 §3.3.5 reads 02:30 on Madrid's
    2026-10-25 as the first pass (00:30 UTC), but Thunderbird's ical.js and libical read it as
    the second (01:30 UTC), so neither can be written as a TZID wall clock safely.  A skipped
    spring wall clock would be caught too (zoneinfo gives it two offsets as well), though an
    instant converted to local time never lands in one.
    """
    local = instant.astimezone(zone)
    return local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset()


def _event(rec: EventRecord, view: CalendarView, status: EventStatus, opts: RenderOptions
           ) -> Event:
    zone: dt.tzinfo = ZoneInfo(rec.timezone) if opts.time_mode == "tzid" else UTC
    if _ambiguous(rec.start, zone) or _ambiguous(rec.end, zone):
        zone = UTC  # both ends alike: consumers doing wall-clock arithmetic stay right
    # A desk view cancelling an event that merely left the desk needs its own, higher SEQUENCE
    # than the confirmed copy it replaces; the record's sequence was bumped by that change.
    event = Event.new(
        uid=view_uid(rec.stem, view.uid_tag),
        start=rec.start.astimezone(zone),
        end=rec.end.astimezone(zone),
        summary=_summary(rec, view, status),
        description=_description(rec, view, opts, status),
        categories=["Shift", rec.role.value.capitalize(), *(x.upper() for x in rec.languages)],
        sequence=rec.sequence,
        stamp=rec.modified,
        created=rec.created,
        last_modified=rec.modified,
        status=status.value,
        transparency="TRANSPARENT" if status is EventStatus.CANCELLED else "OPAQUE",
    )
    if view.kind == "agent" and status is EventStatus.CONFIRMED and opts.alarm_minutes:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("{role} shift starts in {minutes} min").format(
            role=role_label(rec.role), minutes=opts.alarm_minutes))
        alarm.add("trigger", dt.timedelta(minutes=-opts.alarm_minutes))
        event.add_component(alarm)
    return event


def build_calendar(records: Iterable[EventRecord], view: CalendarView, opts: RenderOptions,
                   *, team_slug: str) -> Calendar:
    """A VCALENDAR for one view; deterministic for the same records (stable bytes, ETags)."""
    cal = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        name=view.name,
        description=_("Shifts of team {team} published by roster-optimizer").format(
            team=opts.team_name),
        uid=f"{team_slug}.{view.uid_tag}.{view.key}@roster-optimizer",
        refresh_interval=_REFRESH,
    )
    cal["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # RFC 7986 §5.7 requires the parameter
    cal.add("calscale", "GREGORIAN")
    cal.add("x-published-ttl", vDuration(_REFRESH))  # Outlook's refresh hint
    listed = []
    for rec in records:
        status = view.status_of(rec)
        if status is not None:
            listed.append((rec, status))
    for rec, status in sorted(listed, key=lambda p: (p[0].start, p[0].stem)):
        cal.add_component(_event(rec, view, status, opts))
    if opts.time_mode == "tzid" and listed:
        first = min(r.start for r, _ in listed).date() - dt.timedelta(days=366)
        last = max(r.end for r, _ in listed).date() + dt.timedelta(days=366)
        add_timezones(cal, first, last)
    return cal


def to_bytes(cal: Calendar) -> bytes:
    return cal.to_ical()
