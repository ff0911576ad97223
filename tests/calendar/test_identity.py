"""UID/SEQUENCE policy on hand-built shifts: what counts as the same shift across re-solves."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from calendar_checks import shift_of, team  # noqa: F401 - fixtures

from scheduler.calendar.content import Handovers
from scheduler.calendar.identity import (
    EventStatus,
    PublishState,
    load_state,
    plan_publication,
    save_state,
    view_uid,
)
from scheduler.domain import Agent, Role, Shift
from scheduler.errors import InputError

NOW1 = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone.utc)
NOW2 = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.timezone.utc)


def by_shift(state: PublishState) -> dict[tuple, object]:
    return {(r.agent_id, r.start, r.end, r.role): r for r in state.events.values() if r.active}


def test_first_publish_numbers_each_agent_day(team, shift_of):
    shifts = [shift_of("mad", "2026-12-01 09:00", 4), shift_of("mad", "2026-12-01 17:00", 4),
              shift_of("lax", "2026-12-01 22:00", 8), shift_of("sha", "2026-12-02 14:00", 8)]
    state, report = plan_publication(team, shifts, PublishState(), now=NOW1)
    assert sorted(state.events) == [
        "support-desk.lax.20261201.0", "support-desk.mad.20261201.0",
        "support-desk.mad.20261201.1", "support-desk.sha.20261202.0"]
    assert len(report.added) == 4 and not report.cancelled
    assert all(r.sequence == 0 and r.modified == NOW1 for r in state.events.values())
    # The LA night shift starts on Dec 1 in LA although it is Dec 2 in UTC and Shanghai.
    assert state.events["support-desk.lax.20261201.0"].start.date() == dt.date(2026, 12, 2)
    assert view_uid("support-desk.lax.20261201.0", "agent") == \
        "support-desk.lax.20261201.0.agent@roster-optimizer"


def test_republishing_the_same_roster_changes_nothing(team, shift_of):
    shifts = [shift_of("mad", "2026-12-01 09:00", 8), shift_of("sha", "2026-12-03 14:00", 8)]
    first, _ = plan_publication(team, shifts, PublishState(), now=NOW1)
    second, report = plan_publication(team, list(reversed(shifts)), first, now=NOW2)
    assert second.events == first.events
    assert sorted(report.unchanged) == sorted(first.events) and not report.updated


def test_moved_within_day_keeps_uid_and_bumps_sequence(team, shift_of):
    keep = shift_of("sha", "2026-12-03 14:00", 8)
    first, _ = plan_publication(team, [shift_of("mad", "2026-12-01 09:00", 8), keep],
                                PublishState(), now=NOW1)
    moved = shift_of("mad", "2026-12-01 12:00", 6)
    second, report = plan_publication(team, [moved, keep], first, now=NOW2)
    rec = second.events["support-desk.mad.20261201.0"]
    assert (rec.start, rec.end, rec.sequence, rec.modified) == (moved.start, moved.end, 1, NOW2)
    assert report.updated == ["support-desk.mad.20261201.0"]
    assert second.events["support-desk.sha.20261203.0"].sequence == 0
    assert len(second.events) == 2


def test_removed_shift_is_cancelled_and_later_one_keeps_identity(team, shift_of):
    early, late = shift_of("mad", "2026-12-01 08:00", 4), shift_of("mad", "2026-12-01 16:00", 4)
    first, _ = plan_publication(team, [early, late], PublishState(), now=NOW1)
    second, report = plan_publication(team, [late], first, now=NOW2)
    gone = second.events["support-desk.mad.20261201.0"]
    kept = second.events["support-desk.mad.20261201.1"]
    assert gone.status is EventStatus.CANCELLED and gone.sequence == 1
    assert (gone.start, gone.end) == (early.start, early.end)
    assert kept.active and kept.sequence == 0 and (kept.start, kept.end) == (late.start, late.end)
    assert report.cancelled == ["support-desk.mad.20261201.0"]
    # Publishing again keeps the cancellation as it is (no second bump).
    third, _ = plan_publication(team, [late], second, now=NOW2 + dt.timedelta(hours=1))
    assert third.events["support-desk.mad.20261201.0"] == gone


def test_shift_moved_to_another_day_is_new_and_old_cancelled(team, shift_of):
    first, _ = plan_publication(team, [shift_of("lax", "2026-12-01 09:00", 8)], PublishState(),
                                now=NOW1)
    second, report = plan_publication(team, [shift_of("lax", "2026-12-02 09:00", 8)], first,
                                      now=NOW2)
    assert report.cancelled == ["support-desk.lax.20261201.0"]
    assert report.added == ["support-desk.lax.20261202.0"]
    assert second.events["support-desk.lax.20261202.0"].sequence == 0


def test_cancelled_ordinal_is_never_reused(team, shift_of):
    first, _ = plan_publication(team, [shift_of("mad", "2026-12-01 09:00", 8)], PublishState(),
                                now=NOW1)
    second, _ = plan_publication(team, [], first, now=NOW2)
    third, report = plan_publication(team, [shift_of("mad", "2026-12-01 09:00", 8)], second,
                                     now=NOW2 + dt.timedelta(hours=1))
    assert report.added == ["support-desk.mad.20261201.1"]
    assert third.events["support-desk.mad.20261201.0"].status is EventStatus.CANCELLED


def test_role_change_is_significant_but_colleague_change_is_not(team, shift_of):
    mine = shift_of("mad", "2026-12-01 09:00", 8)
    colleague = shift_of("sha", "2026-12-01 22:00", 8)  # 15:00 Madrid: overlaps Lucía's end
    first, _ = plan_publication(team, [mine, colleague], PublishState(), now=NOW1)
    assert "Wei (Shanghai)" in first.events["support-desk.mad.20261201.0"].notes
    second, report = plan_publication(team, [mine], first, now=NOW2)
    rec = second.events["support-desk.mad.20261201.0"]
    assert report.touched == ["support-desk.mad.20261201.0"]
    assert rec.sequence == 0 and rec.modified == NOW2 and "Wei" not in rec.notes
    backup = mine.model_copy(update={"role": Role.BACKUP})
    third, report = plan_publication(team, [backup], second, now=NOW2 + dt.timedelta(hours=1))
    rec = third.events["support-desk.mad.20261201.0"]
    assert report.updated == ["support-desk.mad.20261201.0"]
    assert rec.sequence == 1 and rec.role is Role.BACKUP
    assert rec.languages == ("es", "en") and rec.desks_seen == ("es", "en")


def test_earlier_weeks_are_carried_then_pruned(team, shift_of):
    first, _ = plan_publication(team, [shift_of("mad", "2026-12-01 09:00", 8)], PublishState(),
                                now=NOW1)
    next_week = team.model_copy(update={"settings": team.settings.model_copy(
        update={"week_start": dt.date(2026, 12, 7)})})
    new = shift_of("mad", "2026-12-08 09:00", 8)
    second, report = plan_publication(next_week, [new], first, now=NOW2)
    assert report.carried == ["support-desk.mad.20261201.0"] and not report.cancelled
    stem = "support-desk.mad.20261201.0"
    assert second.events[stem] == first.events[stem]
    later = team.model_copy(update={"settings": team.settings.model_copy(
        update={"week_start": dt.date(2027, 2, 1)})})
    third, report = plan_publication(later, [], second, now=NOW2, history_days=28)
    assert sorted(report.pruned) == sorted(second.events) and not third.events


def test_leaver_events_are_cancelled(team, shift_of):
    first, _ = plan_publication(team, [shift_of("lax", "2026-12-02 09:00", 8)], PublishState(),
                                now=NOW1)
    without = team.model_copy(update={"agents": tuple(a for a in team.agents if a.id != "lax")})
    second, report = plan_publication(without, [], first, now=NOW2)
    assert report.cancelled == ["support-desk.lax.20261202.0"]


def test_bad_input_is_reported(team, shift_of):
    with pytest.raises(InputError, match="outside the planning week"):
        plan_publication(team, [shift_of("mad", "2026-12-09 09:00", 8)], PublishState())
    stranger = shift_of("mad", "2026-12-01 09:00", 8).model_copy(update={"agent_id": "nobody"})
    with pytest.raises(InputError, match="unknown agent"):
        plan_publication(team, [stranger], PublishState())


def test_state_file_round_trip_and_corruption(tmp_path, team, shift_of):
    state, _ = plan_publication(team, [shift_of("sha", "2026-12-05 10:00", 8)], PublishState(),
                                now=NOW1)
    save_state(tmp_path, state)
    assert load_state(tmp_path) == state
    raw = json.loads((tmp_path / "publish_state.json").read_text())
    assert raw["events"]["support-desk.sha.20261205.0"]["sequence"] == 0
    assert load_state(tmp_path / "missing") == PublishState()
    (tmp_path / "publish_state.json").write_text("{not json")
    with pytest.raises(InputError, match="publish state is unreadable"):
        load_state(tmp_path)


def test_handover_lists_are_capped_and_in_the_agents_zone(team, shift_of):
    crowd = tuple(Agent(id=f"en{i}", name=f"Peer {i}", timezone="Asia/Shanghai",
                        primary_languages=("en",)) for i in range(5))
    agents = {a.id: a for a in (*team.agents, *crowd)}
    mine = shift_of("lax", "2026-12-01 09:00", 8)  # 17:00-01:00 UTC
    before = [Shift(agent_id=f"en{i}", start=mine.start - dt.timedelta(hours=4 + i),
                    end=mine.start + dt.timedelta(hours=1 + i)) for i in range(5)]
    after = Shift(agent_id="sha", start=mine.end - dt.timedelta(hours=2),
                  end=mine.end + dt.timedelta(hours=6))
    notes = Handovers([mine, *before, after], agents).notes(mine)
    take, hand = notes.split("\n")
    assert take.startswith("Take over from: Peer 0 (EN, primary, Tue 05:00–Tue 10:00)")
    assert take.endswith("; +2 more") and "Peer 3" not in take
    assert hand == "Hand over to: Wei (Shanghai) (ES/EN, primary, Tue 15:00–Tue 23:00)"
