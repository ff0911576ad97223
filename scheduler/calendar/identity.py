"""Stable event identity across re-solves: which published event a new shift *is*.

Policy ("the same shift"):

* A shift's identity is **agent + the agent-local date it starts on + an ordinal** within that
  day.  The stem reads ``<team>.<agent>.<yyyymmdd>.<n>``; each calendar view derives its UID from
  the stem (see ``view_uid``).  The role is *not* part of the identity: a Tuesday shift that
  turns from primary into backup is the same calendar slot, updated in place.
* Matching is done per (agent, local day) against the previously published, still active events
  of the planning week being published: first exact matches (same start, end and role), then the
  remaining ones pair up in start order.  Unchanged shifts therefore keep their UID even when an
  earlier shift on the same day disappears.  Left-over new shifts get a fresh ordinal (never a
  reused one, so a cancelled UID is never resurrected); left-over old events are cancelled.
* A shift that moves to another local day is a *new* event, and the old one is cancelled.
* SEQUENCE (RFC 5545 §3.8.7.4) increases by one on a significant change: start, end, role,
  desk languages or status (cancellation).  Cosmetic changes (handover notes, agent name) only
  refresh DTSTAMP/LAST-MODIFIED.  An event that does not change at all is byte-identical.
* Only events that start inside the planning week are compared; earlier weeks stay published as
  they were (they happened) until they are older than ``history_days`` and drop out.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scheduler.atomic import write_text_atomic
from scheduler.calendar.content import Handovers, desk_languages, slug
from scheduler.domain import Agent, Problem, Role, Shift
from scheduler.errors import InputError
from scheduler.timegrid import UTC, WeekGrid

__all__ = [
    "STATE_FILE",
    "EventStatus",
    "EventRecord",
    "PublishState",
    "PublishReport",
    "plan_publication",
    "load_state",
    "save_state",
    "view_uid",
]

STATE_FILE = "publish_state.json"
UID_DOMAIN = "roster-optimizer"


class EventStatus(str, Enum):
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


class EventRecord(BaseModel):
    """One published event as subscribers last saw it (the unit of the state file)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    stem: str = Field(description="identity: team.agent.yyyymmdd.n")
    agent_id: str
    agent_name: str
    timezone: str = Field(description="the agent's IANA zone when published")
    local_date: dt.date
    ordinal: int = Field(ge=0)
    role: Role
    start: dt.datetime
    end: dt.datetime
    languages: tuple[str, ...] = Field(description="desks the event is listed on now")
    desks_seen: tuple[str, ...] = Field(description="every desk it was ever listed on")
    notes: str = ""
    sequence: int = Field(default=0, ge=0)
    status: EventStatus = EventStatus.CONFIRMED
    created: dt.datetime
    modified: dt.datetime

    @property
    def active(self) -> bool:
        return self.status is EventStatus.CONFIRMED


class PublishState(BaseModel):
    """Everything published so far for one output folder; written last, atomically."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    team: str = ""
    published_at: dt.datetime | None = None
    events: dict[str, EventRecord] = Field(default_factory=dict)


class PublishReport(BaseModel):
    """What a publication changed, by stem, for the CLI summary and the tests."""

    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    touched: list[str] = Field(default_factory=list, description="notes only, same SEQUENCE")
    unchanged: list[str] = Field(default_factory=list)
    cancelled: list[str] = Field(default_factory=list)
    still_cancelled: list[str] = Field(default_factory=list, description="cancelled earlier")
    carried: list[str] = Field(default_factory=list, description="outside the week, kept as is")
    pruned: list[str] = Field(default_factory=list, description="older than history, dropped")


def view_uid(stem: str, view: str) -> str:
    """UID of one event in one calendar view ('agent', 'team', 'desk-es').

    Each view is its own calendar, so each gets its own UID: Google Calendar refuses or moves
    an imported event whose UID already exists in another calendar of the same account, which
    would bite a lead who imports both her own file and the team file.
    """
    return f"{stem}.{view}@{UID_DOMAIN}"


def load_state(folder: str | Path) -> PublishState:
    """The previous publication, or an empty state for a first publish."""
    path = Path(folder) / STATE_FILE
    if not path.exists():
        return PublishState()
    try:
        return PublishState.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, ValidationError) as exc:
        raise InputError(f"publish state is unreadable ({exc.__class__.__name__}); restore it "
                         "from backup or delete it to start new UIDs", file=path) from exc


def save_state(folder: str | Path, state: PublishState) -> None:
    write_text_atomic(Path(folder) / STATE_FILE, state.model_dump_json(indent=1) + "\n")


def _significant(old: EventRecord, new: EventRecord) -> bool:
    return (old.start, old.end, old.role, old.languages, old.status) != (
        new.start, new.end, new.role, new.languages, new.status)


def _merge(old: EventRecord, fresh: EventRecord, now: dt.datetime, report: PublishReport
           ) -> EventRecord:
    """Keep identity and history of ``old``; take content from ``fresh``; bump when needed."""
    keep = {"stem": old.stem, "local_date": old.local_date, "ordinal": old.ordinal,
            "created": old.created, "sequence": old.sequence, "modified": old.modified,
            "desks_seen": tuple(dict.fromkeys(old.desks_seen + fresh.languages))}
    if _significant(old, fresh):
        keep.update(sequence=old.sequence + 1, modified=now)
        report.updated.append(old.stem)
    elif (old.notes, old.agent_name, old.timezone) != (fresh.notes, fresh.agent_name,
                                                        fresh.timezone):
        keep.update(modified=now)
        report.touched.append(old.stem)
    else:
        report.unchanged.append(old.stem)
        return old
    return fresh.model_copy(update=keep)


def _local_date(instant: dt.datetime, agent: Agent) -> dt.date:
    return instant.astimezone(agent.zone).date()


def _pair(olds: list[EventRecord], news: list[Shift]
          ) -> tuple[list[tuple[EventRecord, Shift]], list[EventRecord], list[Shift]]:
    """Exact (start, end, role) matches first, then the rest in start order."""
    olds = sorted(olds, key=lambda r: (r.start, r.ordinal))
    news = sorted(news, key=lambda s: (s.start, s.end, s.role.value))
    pairs: list[tuple[EventRecord, Shift]] = []
    rest_old: list[EventRecord] = []
    for rec in olds:
        hit = next((s for s in news if (s.start, s.end, s.role) == (rec.start, rec.end, rec.role)),
                   None)
        if hit is None:
            rest_old.append(rec)
        else:
            news.remove(hit)
            pairs.append((rec, hit))
    n = min(len(rest_old), len(news))
    pairs += list(zip(rest_old[:n], news[:n]))
    return pairs, rest_old[n:], news[n:]


def plan_publication(
    problem: Problem,
    shifts: list[Shift],
    previous: PublishState,
    *,
    now: dt.datetime | None = None,
    history_days: int = 56,
) -> tuple[PublishState, PublishReport]:
    """Decide UIDs, SEQUENCEs and cancellations for publishing ``shifts`` over ``previous``.

    Pure: nothing is written, so the app can preview or download without publishing.
    """
    now = (now or dt.datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    grid = WeekGrid.for_settings(problem.settings)
    agents = {a.id: a for a in problem.agents}
    for s in shifts:
        if s.agent_id not in agents:
            raise InputError(f"shift of unknown agent '{s.agent_id}'")
        if not grid.start_utc <= s.start < grid.end_utc:
            raise InputError(
                f"shift of {s.agent_id} starting {s.start:%Y-%m-%d %H:%M} UTC is outside the "
                f"planning week of {problem.settings.week_start} ({problem.settings.timezone}); "
                "export the roster with the team folder it was solved for")
    team = previous.team or slug(problem.settings.name).lower()
    report = PublishReport()
    horizon = grid.start_utc - dt.timedelta(days=history_days)

    events: dict[str, EventRecord] = {}
    old_groups: dict[tuple[str, dt.date], list[EventRecord]] = defaultdict(list)
    ordinals: dict[tuple[str, dt.date], set[int]] = defaultdict(set)
    for rec in previous.events.values():
        ordinals[(rec.agent_id, rec.local_date)].add(rec.ordinal)
        in_week = grid.start_utc <= rec.start < grid.end_utc
        if in_week and rec.active:
            old_groups[(rec.agent_id, rec.local_date)].append(rec)
        elif rec.end < horizon:
            report.pruned.append(rec.stem)
        else:
            events[rec.stem] = rec
            if not in_week:
                report.carried.append(rec.stem)
            else:
                report.still_cancelled.append(rec.stem)  # cancelled earlier, kept as is

    new_groups: dict[tuple[str, dt.date], list[Shift]] = defaultdict(list)
    for s in shifts:
        new_groups[(s.agent_id, _local_date(s.start, agents[s.agent_id]))].append(s)

    handovers = Handovers(shifts, agents)

    def fresh(s: Shift, key: tuple[str, dt.date], ordinal: int) -> EventRecord:
        agent = agents[s.agent_id]
        langs = desk_languages(agent, s.role)
        return EventRecord(
            stem=f"{team}.{slug(agent.id)}.{key[1]:%Y%m%d}.{ordinal}", agent_id=agent.id,
            agent_name=agent.name, timezone=agent.timezone, local_date=key[1], ordinal=ordinal,
            role=s.role, start=s.start, end=s.end, languages=langs, desks_seen=langs,
            notes=handovers.notes(s), created=now, modified=now)

    for key in sorted(set(old_groups) | set(new_groups)):
        pairs, gone, born = _pair(old_groups.get(key, []), new_groups.get(key, []))
        for rec, s in pairs:
            merged = _merge(rec, fresh(s, key, rec.ordinal), now, report)
            events[merged.stem] = merged
        for rec in gone:
            events[rec.stem] = rec.model_copy(update={
                "status": EventStatus.CANCELLED, "sequence": rec.sequence + 1, "modified": now})
            report.cancelled.append(rec.stem)
        for s in born:
            ordinal = max(ordinals[key], default=-1) + 1
            ordinals[key].add(ordinal)
            rec = fresh(s, key, ordinal)
            events[rec.stem] = rec
            report.added.append(rec.stem)

    ordered = dict(sorted(events.items(), key=lambda kv: (kv[1].start, kv[0])))
    return PublishState(team=team, published_at=now, events=ordered), report
