"""Staffing requirements: deflection, concurrency, shrinkage, backups, DemandRows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain import Problem, TeamSettings
from scheduler.staffing.erlang import required_agents
from scheduler.staffing.requirements import demand_rows, shrink, staff_queues
from scheduler.staffing.settings import BackupRule, StaffingSettings
from scheduler.staffing.workload import (
    concurrency_efficiency,
    deflected_share,
    effective_aht,
    queue_workload,
)
from scheduler.synthetic import generate_problem
from scheduler.team_io import demand_to_csv, load_problem, save_problem
from scheduler.timegrid import WeekGrid

TEAM = TeamSettings(week_start=dt.date(2026, 11, 30), timezone="Asia/Shanghai")
GRID = WeekGrid.for_settings(TEAM)


def test_concurrency_and_deflection() -> None:
    assert concurrency_efficiency(1) == 1.0 and concurrency_efficiency(3) == 2.5
    assert concurrency_efficiency(2.5) == pytest.approx(2.1)
    assert effective_aht(340, 2) == pytest.approx(200)
    with pytest.raises(ValueError):
        concurrency_efficiency(6)
    assert deflected_share({"logistics": 1, "payment": 1}, {"logistics": 0.6, "payment": 0.2}) \
        == pytest.approx(0.4)


def test_queue_workload_uses_surviving_mix_for_handle_time() -> None:
    s = StaffingSettings(concurrency=1, aht_s={"logistics": 200, "after-sales": 800},
                         deflection={"logistics": 0.5, "after-sales": 0.0})
    wl = queue_workload("es", np.array([100.0]), s, mix={"logistics": 0.5, "after-sales": 0.5})
    assert wl.human_contacts[0] == pytest.approx(75)
    # survivors: 25 logistics at 200 s + 50 after-sales at 800 s
    assert wl.aht_s == pytest.approx((25 * 200 + 50 * 800) / 75)
    assert wl.deflected == pytest.approx(0.25)
    ar = queue_workload("ar", np.array([1.0]), s.model_copy(
        update={"language_aht_factor": {"ar": 1.2}}), mix={"after-sales": 1})
    assert ar.aht_s == pytest.approx(960)


def test_shrinkage_rounding() -> None:
    assert list(shrink(np.array([0, 1, 14]), 0.3)) == [0, 2, 20]
    assert list(shrink(np.array([0, 1, 14]), 0.13, "nearest")) == [0, 1, 16]
    assert StaffingSettings(shrinkage={"a": 0.1, "b": 0.1}).total_shrinkage == pytest.approx(0.19)


def flat(contacts: float, lang: str = "es", **kw) -> tuple[StaffingSettings, dict]:
    s = StaffingSettings(**kw)
    return s, {lang: queue_workload(lang, np.full(GRID.n_slots, contacts), s)}


def test_requirement_matches_scalar_erlang_and_threshold() -> None:
    s, wl = flat(40.0, shrinkage={}, backup=BackupRule(mode="none"))
    st_ = staff_queues(GRID, wl, s)
    w = wl["es"]
    expect = required_agents(w.human_contacts[0], 1800, w.effective_aht_s, 0.8, 180, 0.85).agents
    assert (st_.primary["es"] == expect).all() and expect > 1
    s2, quiet = flat(0.3)  # 0.3 inquiries per 30 min -> < 1 human contact per hour
    assert staff_queues(GRID, quiet, s2).primary["es"].sum() == 0


def test_backup_surge_rule_grows_in_peaks_and_headcount_mode() -> None:
    s, wl = flat(60.0)
    peak = {"es": np.arange(GRID.n_slots) < 48}
    st_ = staff_queues(GRID, wl, s, peak)
    b = st_.backup["es"]
    assert b[0] >= b[-1] >= 1
    s_hc, _ = flat(60.0, backup=BackupRule(mode="headcount", fraction=0.1, peak_fraction=0.2))
    hc = staff_queues(GRID, wl, s_hc, peak)
    p = hc.primary["es"]
    assert hc.backup["es"][0] == int(np.ceil(p[0] * 0.2)) and hc.backup["es"][-1] == int(
        np.ceil(p[-1] * 0.1))


@settings(max_examples=25, deadline=None)
@given(base=st.floats(0.5, 200), grow=st.floats(1.0, 2.5), conc=st.floats(1, 4))
def test_staffing_never_decreases_with_volume(base: float, grow: float, conc: float) -> None:
    s = StaffingSettings(concurrency=conc)
    small = queue_workload("en", np.array([base]), s)
    big = queue_workload("en", np.array([base * grow]), s)
    grid = WeekGrid.for_settings(TEAM)
    one = staff_queues(grid, {"en": small}, s).primary["en"][0]
    two = staff_queues(grid, {"en": big}, s).primary["en"][0]
    assert two >= one


def test_demand_rows_merge_and_load_back(tmp_path) -> None:
    s = StaffingSettings()
    volume = np.where((np.arange(GRID.n_slots) % 48) < 24, 30.0, 4.0)
    wl = {"es": queue_workload("es", volume, s), "de": queue_workload("de", volume * 0, s)}
    rows = demand_rows(staff_queues(GRID, wl, s))
    assert {r.language for r in rows} == {"es"}
    assert len(rows) == 14  # a busy and a quiet block per day
    assert rows[0].start == dt.time(0) and rows[0].end == dt.time(12)
    assert rows[1].end == dt.time(0)  # runs to midnight
    base: Problem = generate_problem(4, ["es"], week_start=TEAM.week_start)
    problem = base.model_copy(update={"demand": tuple(rows)})
    save_problem(problem, tmp_path)
    assert load_problem(tmp_path).demand == tuple(rows)
    assert demand_to_csv(rows).splitlines()[2].startswith("Mon,12:00,24:00,es")
