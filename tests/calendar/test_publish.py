"""Folder, zip and in-memory outputs; desk moves, leavers, alarms; the CLI-facing commands."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import icalendar
import pytest
from calendar_checks import parse_calendar, parse_folder, shift_of, team  # noqa: F401

from scheduler.calendar.commands import export_command, serve_command
from scheduler.calendar.publish import agent_ics_bytes, calendars_zip_bytes, export_calendars
from scheduler.domain import Role
from scheduler.errors import InputError, UnpublishableRosterError
from scheduler.roster_io import write_shifts_csv
from scheduler.team_io import save_problem

NOW1 = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone.utc)
NOW2 = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def shifts(shift_of):
    return [shift_of("mad", "2026-12-01 09:00", 8), shift_of("lax", "2026-12-01 18:00", 8),
            shift_of("sha", "2026-12-02 01:00", 8, Role.BACKUP)]


def test_folder_zip_and_index(tmp_path, team, shifts):
    out, zpath = tmp_path / "cal", tmp_path / "cal.zip"
    summary = export_calendars(team, shifts, out, zpath, now=NOW1)
    expected = ["agents/lax.ics", "agents/mad.ics", "agents/sha.ics", "desks/en.ics",
                "desks/es.ics", "index.json", "team.ics"]
    assert summary.files == expected
    assert summary.events == {"team.ics": 3, "agents/lax.ics": 1, "agents/mad.ics": 1,
                              "agents/sha.ics": 1, "desks/en.ics": 2, "desks/es.ics": 2}
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert on_disk == sorted([*expected, "publish_state.json", ".publish.lock"])  # no temp files
    with zipfile.ZipFile(zpath) as zf:
        assert sorted(zf.namelist()) == expected
        for name in expected:
            assert zf.read(name) == (out / name).read_bytes()
    index = json.loads((out / "index.json").read_text())
    assert {c["path"] for c in index["calendars"]} == set(expected) - {"index.json"}
    assert parse_folder(out)["desks/es.ics"][0].summary.startswith("Lucía (Madrid): Primary")


def test_in_memory_outputs_continue_the_published_state(tmp_path, team, shifts, shift_of):
    export_calendars(team, shifts, tmp_path / "cal", tmp_path / "cal.zip", now=NOW1)
    data = agent_ics_bytes(team, shifts, "mad", state_dir=tmp_path / "cal", now=NOW2)
    assert data == (tmp_path / "cal/agents/mad.ics").read_bytes()
    assert calendars_zip_bytes(team, shifts, state_dir=tmp_path / "cal", now=NOW2) == \
        (tmp_path / "cal.zip").read_bytes()
    moved = [shift_of("mad", "2026-12-01 11:00", 8), *shifts[1:]]
    (ev,) = parse_calendar(agent_ics_bytes(team, moved, "mad", state_dir=tmp_path / "cal",
                                           now=NOW2))
    assert ev.sequence == 1 and ev.uid == "support-desk.mad.20261201.0.agent@roster-optimizer"
    assert json.loads((tmp_path / "cal/publish_state.json").read_text())["events"][
        "support-desk.mad.20261201.0"]["sequence"] == 0, "a download must not publish"
    with pytest.raises(KeyError):
        agent_ics_bytes(team, shifts, "nobody")


def test_alarm_only_in_own_calendar_and_escalation_everywhere(tmp_path, team, shifts):
    export_calendars(team, shifts, tmp_path, now=NOW1, alarm_minutes=15)
    own = icalendar.Calendar.from_ical((tmp_path / "agents/mad.ics").read_bytes())
    (alarm,) = own.walk("VALARM")
    assert alarm.decoded("TRIGGER") == dt.timedelta(minutes=-15)
    assert "X-WR-TIMEZONE" not in own  # see ics.py: it only helps consumers mis-read folds
    team_cal = icalendar.Calendar.from_ical((tmp_path / "team.ics").read_bytes())
    assert not team_cal.walk("VALARM")
    for events in parse_folder(tmp_path).values():
        assert all("duty-lead@example.com, +34 600 000" in e.description for e in events)


def test_role_change_moves_event_between_desks(tmp_path, team, shift_of):
    backup = shift_of("lax", "2026-12-01 18:00", 8, Role.BACKUP)  # backup covers en + es
    export_calendars(team, [backup], tmp_path, now=NOW1)
    assert len(parse_folder(tmp_path)["desks/es.ics"]) == 1
    export_calendars(team, [backup.model_copy(update={"role": Role.PRIMARY})], tmp_path, now=NOW2)
    files = parse_folder(tmp_path)
    (es,) = files["desks/es.ics"]
    (en,) = files["desks/en.ics"]
    assert (es.status, es.sequence) == ("CANCELLED", 1)  # left the Spanish desk
    assert (en.status, en.sequence) == ("CONFIRMED", 1)
    assert en.summary.endswith("Primary chat – EN desk")
    (own,) = files["agents/lax.ics"]
    assert own.uid == "support-desk.lax.20261201.0.agent@roster-optimizer" and own.sequence == 1


def test_leaver_keeps_a_calendar_with_cancellations(tmp_path, team, shifts):
    export_calendars(team, shifts, tmp_path, now=NOW1)
    without = team.model_copy(update={"agents": tuple(a for a in team.agents if a.id != "lax")})
    summary = export_calendars(without, [s for s in shifts if s.agent_id != "lax"], tmp_path,
                               now=NOW2)
    assert "agents/lax.ics" in summary.files
    (ev,) = parse_calendar((tmp_path / "agents/lax.ics").read_bytes())
    assert (ev.status, ev.sequence) == ("CANCELLED", 1)
    assert ev.summary == "Cancelled: Primary chat – EN desk"


def test_export_command_reads_team_folder_and_roster_csv(tmp_path, team, shifts):
    save_problem(team, tmp_path / "team")
    write_shifts_csv(tmp_path / "roster.csv", shifts, team)
    lines: list[str] = []
    # a three-shift roster breaks 24/7: publishing it needs the manager's acceptance
    with pytest.raises(UnpublishableRosterError, match="24/7 minimum online"):
        export_command(tmp_path / "team", tmp_path / "roster.csv", tmp_path / "out", zip=True,
                       echo=lines.append)
    assert not (tmp_path / "out").exists()
    summary = export_command(tmp_path / "team", tmp_path / "roster.csv", tmp_path / "out",
                             zip=True, echo=lines.append, accept_breaches=True)
    assert summary.zip_path == str(tmp_path / "out.zip") and (tmp_path / "out.zip").is_file()
    assert lines and "Wrote 6 calendars" in lines[0] and "new 3" in lines[0]
    events = parse_calendar((tmp_path / "out/team.ics").read_bytes())
    assert sorted((e.start, e.end) for e in events) == sorted((s.start, s.end) for s in shifts)
    export_command(tmp_path / "team", tmp_path / "roster.csv", tmp_path / "out2", zip=False,
                   echo=lines.append, accept_breaches=True)
    assert not (tmp_path / "out2.zip").exists()
    with pytest.raises(InputError, match="time mode"):
        export_command(tmp_path / "team", tmp_path / "roster.csv", tmp_path / "out3",
                       time_mode="local", echo=lines.append)  # type: ignore[arg-type]


def test_serve_command_refuses_an_unpublished_folder(tmp_path):
    with pytest.raises(InputError, match="run `roster export`"):
        serve_command(tmp_path, port=0, echo=lambda _: None)


def test_zip_bytes_without_state_are_deterministic(team, shifts):
    a = calendars_zip_bytes(team, shifts, now=NOW1)
    b = calendars_zip_bytes(team, list(reversed(shifts)), now=NOW1)
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as zf:
        assert "team.ics" in zf.namelist()


def test_refresh_interval_names_its_value_type(tmp_path, team, shifts):
    """RFC 7986 §5.7: REFRESH-INTERVAL must say VALUE=DURATION; Outlook's X-PUBLISHED-TTL too."""
    export_calendars(team, shifts, tmp_path, now=NOW1)
    for path in ("team.ics", "agents/mad.ics", "desks/es.ics"):
        lines = (tmp_path / path).read_text().splitlines()
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
        assert "X-PUBLISHED-TTL:PT1H" in lines
        cal = icalendar.Calendar.from_ical((tmp_path / path).read_bytes())
        assert cal.decoded("REFRESH-INTERVAL") == dt.timedelta(hours=1)
