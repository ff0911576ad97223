"""Scenario store: versions, round trip of problem/roster/KPIs, concurrent saves lose nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from scheduler.domain import Problem, Roster
from scheduler.errors import RosterError
from scheduler.scenario_store import ScenarioStore


def test_each_save_is_a_new_version_and_round_trips(tmp_path: Path, small: Problem) -> None:
    store = ScenarioStore(f"sqlite:///{tmp_path / 's.db'}")
    roster = Roster(shifts=small.pinned_shifts, objective=12.0)
    assert store.save("base", small, roster, {"cost": 1.5}, note="first") == 1
    edited = small.model_copy(update={"rules": small.rules.model_copy(
        update={"max_shift_hours": 6.0, "min_shift_hours": 4.0})})
    assert store.save("base", edited) == 2
    latest, first = store.load("base"), store.load("base", 1)
    assert latest.version == 2 and latest.problem.rules.max_shift_hours == 6.0
    assert latest.roster is None and latest.kpis is None
    assert first.problem == small and first.roster == roster and first.kpis == {"cost": 1.5}
    assert [v for v, _, _ in store.history("base")] == [2, 1]
    assert first.note == "first"


def test_reopening_the_database_shows_saved_scenarios(tmp_path: Path, small: Problem) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    ScenarioStore(url).save("a", small)
    ScenarioStore(url).save("b", small)
    summaries = ScenarioStore(url).scenarios()
    assert sorted((s.name, s.latest_version) for s in summaries) == [("a", 1), ("b", 1)]


def test_unknown_scenario_and_empty_name_are_clear_errors(tmp_path: Path, small: Problem) -> None:
    store = ScenarioStore(f"sqlite:///{tmp_path / 's.db'}")
    with pytest.raises(RosterError, match="no scenario named 'nope'"):
        store.load("nope")
    with pytest.raises(RosterError, match="needs a name"):
        store.save("  ", small)


def test_concurrent_saves_of_one_name_all_get_distinct_versions(tmp_path: Path,
                                                               small: Problem) -> None:
    """Two browser tabs (here eight threads, separate engines) saving at the same moment."""
    url = f"sqlite:///{tmp_path / 's.db'}"
    ScenarioStore(url)  # create the table once
    start = threading.Barrier(8)
    versions: list[int] = []
    lock = threading.Lock()

    def tab() -> None:
        store = ScenarioStore(url)
        start.wait()
        v = store.save("shared", small)
        with lock:
            versions.append(v)

    threads = [threading.Thread(target=tab) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(versions) == list(range(1, 9))
    assert [v for v, _, _ in ScenarioStore(url).history("shared")] == list(range(8, 0, -1))
