"""Roster diff: unchanged, moved (overlap or same day), added and removed shifts; KPI deltas."""

from __future__ import annotations

import datetime as dt

from scheduler.domain import Role, Shift
from scheduler.roster_diff import ChangeKind, diff_rosters, kpi_deltas

UTC = dt.timezone.utc
MON = dt.datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


def shift(agent: str, day: int, hour: int, hours: int = 8, role: Role = Role.PRIMARY) -> Shift:
    start = MON + dt.timedelta(days=day, hours=hour)
    return Shift(agent_id=agent, role=role, start=start, end=start + dt.timedelta(hours=hours))


def test_identical_rosters_have_no_changes() -> None:
    roster = [shift("A", 0, 0), shift("B", 1, 2)]
    diff = diff_rosters(roster, list(reversed(roster)), "Asia/Shanghai")
    assert diff.is_empty and diff.unchanged == 2 and diff.per_agent == ()


def test_overlapping_shift_reads_as_moved_not_added_and_removed() -> None:
    diff = diff_rosters([shift("A", 0, 0)], [shift("A", 0, 2)], "Asia/Shanghai")
    assert [c.kind for c in diff.changes] == [ChangeKind.MOVED]
    assert diff.per_agent[0].moved == 1 and diff.per_agent[0].hours_delta == 0


def test_same_planning_day_without_overlap_is_moved() -> None:
    # 09:00-13:00 and 18:00-22:00 Shanghai on the same Monday
    diff = diff_rosters([shift("A", 0, 0, 4)], [shift("A", 0, 9, 4)], "Asia/Shanghai")
    assert diff.count(ChangeKind.MOVED) == 1


def test_other_day_is_removed_plus_added_and_hours_follow() -> None:
    before = [shift("A", 0, 0), shift("B", 2, 0)]
    after = [shift("A", 3, 0), shift("B", 2, 0), shift("C", 4, 0, 4, Role.BACKUP)]
    diff = diff_rosters(before, after, "Asia/Shanghai")
    kinds = sorted((c.agent_id, c.kind.value) for c in diff.changes)
    assert kinds == [("A", "added"), ("A", "removed"), ("C", "added")]
    per = {c.agent_id: c for c in diff.per_agent}
    assert set(per) == {"A", "C"} and per["C"].hours_after == 4 and per["A"].hours_delta == 0
    assert diff.unchanged == 1


def test_kpi_deltas_know_which_way_is_better() -> None:
    before = {"coverage_share": 0.8, "cost": 1000.0, "online_24_7_held": True,
              "uncovered_by_language": {"es": 10.0}}
    after = {"coverage_share": 0.9, "cost": 1200.0, "online_24_7_held": True,
             "uncovered_by_language": {"es": 4.0, "ru": 1.0}}
    deltas = {d.name: d for d in kpi_deltas(before, after)}
    assert deltas["coverage_share"].improved is True
    assert abs(deltas["coverage_share"].delta - 0.1) < 1e-9
    assert deltas["cost"].improved is False
    assert deltas["online_24_7_held"].improved is None
    assert deltas["uncovered_es"].improved is True and deltas["uncovered_ru"].before == 0
