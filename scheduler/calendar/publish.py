"""Publish a roster as calendar files: per agent, whole team, per language desk; folder and zip.

Layout of an output folder (its .ics files served by ``feed.py``, each at a secret address)::

    team.ics                 every shift of the team
    agents/<agent id>.ics    one agent's shifts (alarms on)
    desks/<language>.ics     everyone on that language desk
    index.json               manifest: which file is whose (for the feed tokens and the app)
    publish_state.json       UIDs, SEQUENCEs and statuses published so far (see identity.py)
    feed_tokens.json         secret feed addresses, written by ``access.py``, never by a publish

Calendar files are written first and the state file last, each atomically: a crash in between
re-publishes the same bumps next time instead of losing them.  A lock file serialises two
publishers on one folder (the app and a cron job).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, Field

from scheduler.atomic import write_bytes_atomic
from scheduler.calendar.content import slug
from scheduler.calendar.ics import CalendarView, RenderOptions, TimeMode, build_calendar, to_bytes
from scheduler.calendar.identity import (
    PublishReport,
    PublishState,
    load_state,
    plan_publication,
    save_state,
)
from scheduler.domain import Problem, Shift
from scheduler.i18n import _

__all__ = [
    "ExportSummary",
    "render_files",
    "export_calendars",
    "agent_ics_bytes",
    "calendars_zip_bytes",
    "agent_file_name",
    "folder_lock",
    "INDEX_FILE",
]

INDEX_FILE = "index.json"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same calendars give the same zip bytes


class ExportSummary(BaseModel):
    """What ``export_calendars`` wrote, for the CLI printout and the app's toast."""

    out_dir: str
    zip_path: str | None = None
    files: list[str] = Field(description="paths relative to out_dir, calendars and index")
    events: dict[str, int] = Field(description="file -> number of VEVENTs in it")
    report: PublishReport


def agent_file_name(agent_id: str) -> str:
    return f"agents/{slug(agent_id)}.ics"


def _views(problem: Problem, state: PublishState) -> list[tuple[str, CalendarView]]:
    """Every agent of the team or of the state (a leaver still needs their cancellations)."""
    team = problem.settings
    names = {rec.agent_id: (rec.agent_name, rec.timezone) for rec in state.events.values()}
    names.update({a.id: (a.name, a.timezone) for a in problem.agents})
    views = [("team.ics", CalendarView("team", "all", _("{team} – team shifts").format(
        team=team.name), team.timezone))]
    taken: set[str] = set()
    for agent_id, (name, zone) in sorted(names.items()):
        path = agent_file_name(agent_id)
        if path in taken:  # two ids that slug alike: keep both files apart
            path = f"agents/{slug(agent_id)}-{len(taken)}.ics"
        taken.add(path)
        title = _("{agent} – shifts ({team})").format(agent=name, team=team.name)
        views.append((path, CalendarView("agent", agent_id, title, zone)))
    desks = dict.fromkeys(problem.languages)
    for rec in state.events.values():
        desks.update(dict.fromkeys(rec.desks_seen))
    for lang in sorted(desks):
        views.append((f"desks/{slug(lang)}.ics",
                      CalendarView("desk", lang, _("{team} – {desk} desk").format(
                                   team=team.name, desk=lang.upper()), team.timezone)))
    return views


def _options(problem: Problem, time_mode: TimeMode, alarm_minutes: int | None) -> RenderOptions:
    return RenderOptions(team_name=problem.settings.name,
                         escalation_contact=problem.settings.escalation_contact,
                         time_mode=time_mode, alarm_minutes=alarm_minutes)


def render_files(problem: Problem, state: PublishState, *, time_mode: TimeMode = "utc",
                 alarm_minutes: int | None = 30) -> dict[str, bytes]:
    """Relative path -> file bytes for every calendar plus the index."""
    opts = _options(problem, time_mode, alarm_minutes)
    records = list(state.events.values())
    files: dict[str, bytes] = {}
    index = {"team": problem.settings.name, "week_start": problem.settings.week_start.isoformat(),
             "calendars": []}
    for path, view in _views(problem, state):
        cal = build_calendar(records, view, opts, team_slug=state.team)
        files[path] = to_bytes(cal)
        index["calendars"].append({"path": path, "kind": view.kind, "key": view.key,
                                   "name": view.name, "timezone": view.zone,
                                   "events": len(cal.events)})
    files[INDEX_FILE] = (json.dumps(index, indent=1, ensure_ascii=False) + "\n").encode()
    return files


def _count(files: dict[str, bytes]) -> dict[str, int]:
    index = json.loads(files[INDEX_FILE])
    return {c["path"]: c["events"] for c in index["calendars"]}


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[path])
    return buf.getvalue()


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Exclusive lock on the folder where fcntl exists; elsewhere a no-op (single publisher).

    Held while publishing and while feed tokens are created or rotated (``access.py``).
    """
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    with open(folder / ".publish.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def export_calendars(
    problem: Problem,
    shifts: list[Shift] | tuple[Shift, ...],
    out_dir: str | Path,
    zip_path: str | Path | None = None,
    *,
    now: dt.datetime | None = None,
    time_mode: TimeMode = "utc",
    alarm_minutes: int | None = 30,
    history_days: int = 56,
) -> ExportSummary:
    """Publish ``shifts`` into ``out_dir`` (and a zip), updating UIDs/SEQUENCEs from its state.

    The one entry point for ``roster export`` and the app's publish button.
    """
    folder = Path(out_dir)
    with folder_lock(folder):
        previous = load_state(folder)
        state, report = plan_publication(problem, list(shifts), previous, now=now,
                                         history_days=history_days)
        files = render_files(problem, state, time_mode=time_mode, alarm_minutes=alarm_minutes)
        for path, data in files.items():
            write_bytes_atomic(folder / path, data)
        if zip_path is not None:
            write_bytes_atomic(zip_path, _zip(files))
        save_state(folder, state)
    return ExportSummary(out_dir=str(folder), zip_path=str(zip_path) if zip_path else None,
                         files=sorted(files), events=_count(files), report=report)


def _preview(problem: Problem, shifts: list[Shift] | tuple[Shift, ...],
             state_dir: str | Path | None, now: dt.datetime | None) -> PublishState:
    previous = load_state(state_dir) if state_dir is not None else PublishState()
    state, _ = plan_publication(problem, list(shifts), previous, now=now)
    return state


def agent_ics_bytes(problem: Problem, shifts: list[Shift] | tuple[Shift, ...], agent_id: str,
                    *, state_dir: str | Path | None = None, now: dt.datetime | None = None,
                    time_mode: TimeMode = "utc", alarm_minutes: int | None = 30) -> bytes:
    """One agent's .ics in memory (the app's download button); publishes nothing.

    With ``state_dir`` the UIDs and SEQUENCEs continue that folder's publications, so a
    downloaded file updates the same events a subscription shows.
    """
    problem.agent(agent_id)  # KeyError for an unknown agent, before any work
    state = _preview(problem, shifts, state_dir, now)
    view = next(v for _, v in _views(problem, state) if v.kind == "agent" and v.key == agent_id)
    cal = build_calendar(state.events.values(), view, _options(problem, time_mode, alarm_minutes),
                         team_slug=state.team)
    return to_bytes(cal)


def calendars_zip_bytes(problem: Problem, shifts: list[Shift] | tuple[Shift, ...], *,
                        state_dir: str | Path | None = None, now: dt.datetime | None = None,
                        time_mode: TimeMode = "utc", alarm_minutes: int | None = 30) -> bytes:
    """Every calendar of the team as one zip in memory (the app's 'download all')."""
    state = _preview(problem, shifts, state_dir, now)
    return _zip(render_files(problem, state, time_mode=time_mode, alarm_minutes=alarm_minutes))


