"""What an event says: desk languages, titles, handover notes and the agent's wall-clock times.

Kept apart from identity (which decides *which* event a shift is) and from rendering (which
decides *how* it is serialised), so the texts can change without touching UID policy.
Texts are written in the active language (``scheduler.i18n``) when the calendars are published.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from zoneinfo import ZoneInfo

from scheduler.domain import Agent, Role, Shift
from scheduler.formats import day_time, weekday_time
from scheduler.i18n import N_, _

__all__ = [
    "desk_languages",
    "role_label",
    "desk_label",
    "Handovers",
    "local_span",
    "slug",
]

_ROLE_LABELS = {Role.PRIMARY: N_("Primary chat"), Role.BACKUP: N_("Backup on-call")}
_ROLE_WORDS = {Role.PRIMARY: N_("primary"), Role.BACKUP: N_("backup")}


def desk_languages(agent: Agent, role: Role) -> tuple[str, ...]:
    """Desks a shift serves: primary answers its primary languages, backup covers all it speaks.

    Mirrors ``roster_io.roster_rows`` so the calendar and the roster CSV never disagree.
    """
    return agent.primary_languages if role is Role.PRIMARY else agent.languages


def role_label(role: Role) -> str:
    return _(_ROLE_LABELS[role])


def desk_label(languages: tuple[str, ...]) -> str:
    return "/".join(lang.upper() for lang in languages) or _("no desk")


def slug(text: str) -> str:
    """A file- and UID-safe token (ASCII letters, digits, dot, dash, underscore)."""
    token = re.sub(r"[^A-Za-z0-9._-]+", "-", text.strip()).strip("-.")
    return token or "x"


def local_span(start: dt.datetime, end: dt.datetime, zone_name: str) -> str:
    """'Sat 31 Oct 22:00 PDT – Sun 01 Nov 06:00 PST (9 h)' in the given zone.

    Calendar clients show UTC events in the *device* zone; this line states the agent's own wall
    clock and abbreviation explicitly, so a DST night or a travelling agent is never ambiguous.
    """
    zone = ZoneInfo(zone_name)
    a, b = start.astimezone(zone), end.astimezone(zone)
    hours = (end - start).total_seconds() / 3600
    return _("{start} {start_zone} – {end} {end_zone} ({hours} h)").format(
        start=day_time(a), start_zone=a.tzname(), end=day_time(b), end_zone=b.tzname(),
        hours=f"{hours:g}")


def _who(shift: Shift, agents: dict[str, Agent], zone: ZoneInfo) -> str:
    agent = agents.get(shift.agent_id)
    name = agent.name if agent else shift.agent_id
    langs = desk_label(desk_languages(agent, shift.role)) if agent else "?"
    since, until = shift.start.astimezone(zone), shift.end.astimezone(zone)
    return f"{name} ({langs}, {_(_ROLE_WORDS[shift.role])}, " \
           f"{weekday_time(since)}–{weekday_time(until)})"


class Handovers:
    """Who you take over from and who you hand over to, on the desks you share.

    'Take over from' = colleagues on shift the minute before your start who leave before you;
    'Hand over to' = colleagues on shift at your end who came after you.  Times are in *your*
    zone so nobody converts a colleague's Shanghai hours to Madrid during a handover.  Lists are
    capped (``limit``): a 200-agent English desk would otherwise put dozens of names in every
    event, which is unreadable and makes the files slow to fold and large to poll.
    """

    def __init__(self, roster: list[Shift], agents: dict[str, Agent], limit: int = 3) -> None:
        self.roster = sorted(roster, key=lambda s: (s.start, s.agent_id, s.role.value))
        self.starts = [s.start for s in self.roster]
        self.agents = agents
        self.limit = limit
        self.longest = max((s.end - s.start for s in self.roster), default=dt.timedelta(0))

    def _list(self, found: list[Shift], zone: ZoneInfo) -> str:
        names = [_who(s, self.agents, zone) for s in found[:self.limit]]
        more = len(found) - self.limit
        sep = _("; ")
        return sep.join(names) + (sep + _("+{count} more").format(count=more) if more > 0
                                  else "")

    def notes(self, shift: Shift) -> str:
        me = self.agents.get(shift.agent_id)
        if me is None:
            return ""
        mine = set(desk_languages(me, shift.role))
        before = shift.start - dt.timedelta(minutes=1)
        lo = bisect.bisect_left(self.starts, before - self.longest)
        hi = bisect.bisect_right(self.starts, shift.end)
        takes, hands = [], []
        for other in self.roster[lo:hi]:  # only shifts that can touch [start - 1 min, end]
            peer = self.agents.get(other.agent_id)
            if (other.agent_id == shift.agent_id or peer is None
                    or not mine & set(desk_languages(peer, other.role))):
                continue
            if other.start <= before < other.end <= shift.end:
                takes.append(other)
            if shift.start <= other.start <= shift.end < other.end:
                hands.append(other)
        takes.sort(key=lambda s: s.end)  # leaving soonest first: they hand over to you
        hands.sort(key=lambda s: s.start, reverse=True)  # freshest arrivals first
        return "\n".join([
            _("Take over from: {who}").format(
                who=self._list(takes, me.zone) if takes
                else _("nobody on the same desks — check the queue")),
            _("Hand over to: {who}").format(
                who=self._list(hands, me.zone) if hands
                else _("nobody on the same desks — leave notes in the ticket")),
        ])
