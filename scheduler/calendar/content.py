"""What an event says: desk languages, titles, handover notes and the agent's wall-clock times.

Kept apart from identity (which decides *which* event a shift is) and from rendering (which
decides *how* it is serialised), so the texts can change without touching UID policy.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from scheduler.domain import Agent, Role, Shift

__all__ = [
    "desk_languages",
    "role_label",
    "desk_label",
    "handover_notes",
    "local_span",
    "slug",
]

_ROLE_LABELS = {Role.PRIMARY: "Primary chat", Role.BACKUP: "Backup on-call"}


def desk_languages(agent: Agent, role: Role) -> tuple[str, ...]:
    """Desks a shift serves: primary answers its primary languages, backup covers all it speaks.

    Mirrors ``roster_io.roster_rows`` so the calendar and the roster CSV never disagree.
    """
    return agent.primary_languages if role is Role.PRIMARY else agent.languages


def role_label(role: Role) -> str:
    return _ROLE_LABELS[role]


def desk_label(languages: tuple[str, ...]) -> str:
    return "/".join(lang.upper() for lang in languages) or "no desk"


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
    return (f"{a:%a %d %b %H:%M} {a.tzname()} – {b:%a %d %b %H:%M} {b.tzname()} "
            f"({hours:g} h)")


def _covers(shift: Shift, instant: dt.datetime) -> bool:
    return shift.start <= instant < shift.end


def _who(shift: Shift, agents: dict[str, Agent], zone_name: str) -> str:
    agent = agents.get(shift.agent_id)
    name = agent.name if agent else shift.agent_id
    langs = desk_label(desk_languages(agent, shift.role)) if agent else "?"
    until = shift.end.astimezone(ZoneInfo(zone_name))
    since = shift.start.astimezone(ZoneInfo(zone_name))
    return f"{name} ({langs}, {shift.role.value}, {since:%a %H:%M}–{until:%a %H:%M})"


def handover_notes(shift: Shift, roster: list[Shift], agents: dict[str, Agent]) -> str:
    """Who you take over from and who you hand over to, on the desks you share.

    'Take over from' = colleagues on shift just before your start (covering the minute before);
    'Hand over to' = colleagues on shift at your end. Times are in *your* zone so nobody has to
    convert a colleague's Shanghai hours to Madrid in their head during a handover.
    """
    me = agents.get(shift.agent_id)
    if me is None:
        return ""
    mine = set(desk_languages(me, shift.role))
    before = shift.start - dt.timedelta(minutes=1)
    takes, hands = [], []
    for other in sorted(roster, key=lambda s: (s.start, s.agent_id, s.role.value)):
        if other.agent_id == shift.agent_id:
            continue
        peer = agents.get(other.agent_id)
        if peer is None or not mine & set(desk_languages(peer, other.role)):
            continue
        if _covers(other, before) and other.end <= shift.end:
            takes.append(_who(other, agents, me.timezone))
        if _covers(other, shift.end) and other.start >= shift.start:
            hands.append(_who(other, agents, me.timezone))
    lines = [
        "Take over from: " + ("; ".join(takes) if takes else "nobody on your desks — check the queue"),
        "Hand over to: " + ("; ".join(hands) if hands else "nobody on your desks — leave notes"),
    ]
    return "\n".join(lines)
