"""Solve, publish, change the team (an agent goes on leave), re-solve, publish again.

Every produced file is parsed back with two independent parsers and checked event by event
against the roster it was published from: count, start/end instants, UID stability, SEQUENCE
bumps and cancellations.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from calendar_checks import Ev, parse_folder

from scheduler.calendar.content import desk_languages
from scheduler.calendar.publish import ExportSummary, export_calendars
from scheduler.domain import Problem, Shift, TimeOff
from scheduler.synthetic import generate_problem
from solver.solve import solve

NOW1 = dt.datetime(2026, 11, 20, 9, tzinfo=dt.timezone.utc)
NOW2 = dt.datetime(2026, 11, 21, 9, tzinfo=dt.timezone.utc)
ESCALATION = "Duty lead Ana +86 138 0000 0000"


@dataclass
class Run:
    problem: Problem
    shifts: tuple[Shift, ...]
    files: dict[str, list[Ev]]
    summary: ExportSummary


@dataclass
class TwoRuns:
    first: Run
    second: Run
    on_leave: str
    folder: Path


def key(s: Shift) -> tuple:
    return (s.agent_id, s.start, s.end, s.role)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> TwoRuns:
    folder = tmp_path_factory.mktemp("published")
    base = generate_problem(8, ["es", "en"], seed=3, week_start=dt.date(2026, 11, 30))
    p1 = base.model_copy(update={"settings": base.settings.model_copy(
        update={"escalation_contact": ESCALATION})})
    r1 = solve(p1, time_limit=4, workers=2, seed=1).roster.shifts
    s1 = export_calendars(p1, r1, folder, now=NOW1)
    run1 = Run(p1, r1, parse_folder(folder), s1)

    on_leave = Counter(s.agent_id for s in r1).most_common(1)[0][0]
    leave = TimeOff(agent_id=on_leave, start=dt.datetime(2026, 11, 29),
                    end=dt.datetime(2026, 12, 8), reason="annual leave")
    p2 = p1.model_copy(update={"time_off": (leave,)})
    r2 = solve(p2, time_limit=4, workers=2, seed=1, hint=list(r1)).roster.shifts
    s2 = export_calendars(p2, r2, folder, folder.with_name("published.zip"), now=NOW2)
    return TwoRuns(run1, Run(p2, r2, parse_folder(folder), s2), on_leave, folder)


def _expected_files(problem: Problem) -> set[str]:
    return ({"team.ics"} | {f"agents/{a.id}.ics" for a in problem.agents}
            | {f"desks/{lang}.ics" for lang in problem.languages})


def _check_against_roster(run: Run) -> None:
    """Confirmed events of every file are exactly the roster's shifts that belong in it."""
    agents = {a.id: a for a in run.problem.agents}
    assert set(run.files) == _expected_files(run.problem)
    wanted: dict[str, list[Shift]] = {"team.ics": list(run.shifts)}
    for a in run.problem.agents:
        wanted[f"agents/{a.id}.ics"] = [s for s in run.shifts if s.agent_id == a.id]
    for lang in run.problem.languages:
        wanted[f"desks/{lang}.ics"] = [s for s in run.shifts
                                       if lang in desk_languages(agents[s.agent_id], s.role)]
    for path, events in run.files.items():
        live = [e for e in events if e.status == "CONFIRMED"]
        assert Counter((e.start, e.end) for e in live) == Counter(
            (s.start, s.end) for s in wanted[path]), path
        assert len({e.uid for e in events}) == len(events), f"duplicate UID in {path}"
        assert run.summary.events[path] == len(events)
        for e in live:
            assert ESCALATION in e.description
            assert ("Primary chat" in e.summary) != ("Backup on-call" in e.summary)
            assert "desk" in e.summary and e.categories[0] == "Shift"


def test_first_publish_matches_roster_in_every_file(runs: TwoRuns):
    run = runs.first
    assert len(run.shifts) > 10
    _check_against_roster(run)
    assert all(e.sequence == 0 for events in run.files.values() for e in events)
    team_uids = {e.uid for e in run.files["team.ics"]}
    agent_uids = {e.uid for p, evs in run.files.items() if p.startswith("agents/") for e in evs}
    assert len(team_uids) == len(agent_uids) == len(run.shifts)
    assert all(u.endswith(".team@roster-optimizer") for u in team_uids)


def test_second_publish_matches_roster_and_cancels_leave(runs: TwoRuns):
    run = runs.second
    _check_against_roster(run)
    mine = run.files[f"agents/{runs.on_leave}.ics"]
    before = runs.first.files[f"agents/{runs.on_leave}.ics"]
    assert before and len(mine) == len(before)
    assert all(e.status == "CANCELLED" and e.summary.startswith("Cancelled: ") for e in mine)
    assert {e.uid: e.sequence for e in mine} == {e.uid: e.sequence + 1 for e in before}
    assert {(e.uid, e.start, e.end) for e in mine} == {(e.uid, e.start, e.end) for e in before}


def test_uids_are_stable_and_sequences_bump_only_on_change(runs: TwoRuns):
    old_shifts = {key(s) for s in runs.first.shifts}
    new_shifts = {key(s) for s in runs.second.shifts}
    agents = {a.id: a for a in runs.first.problem.agents}
    seen = Counter()
    for agent_id, agent in agents.items():
        path = f"agents/{agent_id}.ics"
        old = {e.uid: e for e in runs.first.files[path]}
        new = {e.uid: e for e in runs.second.files[path]}
        assert set(old) <= set(new), "a published event vanished instead of being cancelled"
        for uid, e in new.items():
            shift_key = (agent_id, e.start, e.end)
            if uid not in old:  # a new event is a shift that did not exist before
                assert e.sequence == 0 and e.status == "CONFIRMED"
                assert not any(k[:3] == shift_key for k in old_shifts)
                seen["added"] += 1
                continue
            prev = old[uid]
            if e.status == "CANCELLED":
                assert e.sequence == prev.sequence + 1 and (e.start, e.end) == (prev.start,
                                                                                prev.end)
                assert not any(k[:3] == shift_key for k in new_shifts)
                seen["cancelled"] += 1
            elif (e.start, e.end) == (prev.start, prev.end):
                same_role = any(k[:3] == shift_key and k in old_shifts for k in new_shifts)
                assert e.sequence == prev.sequence + (0 if same_role else 1)
                seen["unchanged" if same_role else "role changed"] += 1
            else:  # moved within the agent's local day: same UID, next SEQUENCE
                assert e.sequence == prev.sequence + 1
                day = lambda t: t.astimezone(agent.zone).date()  # noqa: E731
                assert day(e.start) == day(prev.start)
                seen["moved"] += 1
    assert seen["unchanged"] > 0 and seen["cancelled"] > 0
    r = runs.second.summary.report
    assert len(r.added) == seen["added"] and len(r.cancelled) == seen["cancelled"]
    assert len(r.updated) == seen["moved"] + seen["role changed"]


def test_team_and_desk_views_follow_the_same_sequences(runs: TwoRuns):
    agent_seq = {e.uid.split("@")[0].removesuffix(".agent"): (e.sequence, e.status)
                 for p, evs in runs.second.files.items() if p.startswith("agents/") for e in evs}
    for path, events in runs.second.files.items():
        if path.startswith("agents/"):
            continue
        for e in events:
            stem = e.uid.split("@")[0].rsplit(".", 1)[0]  # drop the view tag
            seq, status = agent_seq[stem]
            assert e.sequence == seq
            if status == "CANCELLED":
                assert e.status == "CANCELLED"


def test_republishing_is_byte_identical(runs: TwoRuns):
    before = {p: p_.read_bytes() for p_ in runs.folder.rglob("*.ics")
              for p in [p_.relative_to(runs.folder).as_posix()]}
    summary = export_calendars(runs.second.problem, runs.second.shifts, runs.folder,
                               now=NOW2 + dt.timedelta(days=1))
    after = {p_.relative_to(runs.folder).as_posix(): p_.read_bytes()
             for p_ in runs.folder.rglob("*.ics")}
    assert after == before
    assert not summary.report.added and not summary.report.updated
    assert not summary.report.cancelled
    assert runs.folder.with_name("published.zip").stat().st_size > 0
