"""Reasons in words come from the runs' counters, point the way of the difference, and the
comparison puts the prediction beside a 95% interval."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from scheduler.simulation.explain import Evidence, reasons
from scheduler.simulation.model import Duty, QueueInput, WeekInput
from scheduler.simulation.results import compare, mean_ci, replicate
from scheduler.staffing.settings import SimulationSettings, StaffingSettings


def evidence(**counts: float) -> Evidence:
    base = dict(contacts=1000, abandoned_elsewhere=0, shed=0.0, by_backup=0, by_pooled=0,
                busy_pickup=0, break_gap=0, carried_over=0, unstable=0, unstable_in_target=0,
                alerts=0, backup_joins=0, backup_hours=0.0, runs=10, patience_s=300,
                break_minutes=15, target_s=180, slot_minutes=30)
    return Evidence(**{**base, **counts})


def test_better_than_predicted_is_explained_by_what_helps() -> None:
    e = evidence(by_backup=80, alerts=30, backup_joins=40, backup_hours=25.0, break_gap=90,
                 unstable=200, unstable_in_target=60)
    why = reasons(e, +5.0)
    assert len(why) == 2
    assert why[0].startswith("20% of contacts arrive in half-hours with fewer agents")
    assert "+6.0 points" in why[0] and "30% of those" in why[0]
    assert "3.0 overload alert(s) a week" in why[1] and "8.0% of contacts" in why[1]
    assert "2.5 agent-hours a week" in why[1]
    assert not any("break" in w for w in why)  # breaks hurt: not a reason for doing better


def test_worse_than_predicted_is_explained_by_what_hurts() -> None:
    e = evidence(by_backup=80, break_gap=90, abandoned_elsewhere=40, carried_over=5,
                 by_pooled=500)
    why = reasons(e, -4.0)
    assert why[0].startswith("9.0% of contacts arrived while everyone on shift")
    assert "15-minute breaks" in why[0]
    assert why[1].startswith("4.0% of contacts gave up waiting (mean patience 5 min)")
    assert len(why) == 2  # 0.5% carried over is too little to name; backups/pooling help
    assert reasons(e, +4.0) and "break" not in " ".join(reasons(e, +4.0))
    strongest_first = reasons(evidence(break_gap=20, abandoned_elsewhere=60), -4.0)
    assert strongest_first[0].startswith("6.0% of contacts gave up")
    assert strongest_first[1].startswith("2.0% of contacts arrived while everyone")


def test_small_counters_explain_nothing() -> None:
    e = evidence(break_gap=5, by_pooled=50, busy_pickup=50, by_backup=2)
    assert reasons(e, -4.0) == [] and reasons(e, +4.0) == []
    assert reasons(evidence(contacts=0), 5.0) == []


def test_routing_reasons_name_their_shares() -> None:
    why = reasons(evidence(by_pooled=400, busy_pickup=150, shed=0.05,
                           slot_minutes=60), +4.0)
    assert why[0].startswith("contacts who gave up took 5.0% of the handle time")
    assert why[1].startswith("40% of contacts were answered by agents serving several")
    assert why[2].startswith("15% of contacts were picked up by an agent already in a chat")


def test_mean_ci_uses_student_t() -> None:
    mean, low, high = mean_ci([0.8, 0.9])
    assert mean == pytest.approx(0.85)
    assert high - mean == pytest.approx(12.706 * 0.05 / math.sqrt(2) * math.sqrt(2), rel=1e-3)
    assert math.isnan(mean_ci([0.5])[1]) and math.isnan(mean_ci([])[0])


def test_compare_reports_backups_when_the_simulation_beats_the_prediction() -> None:
    """One agent for a two-hour rush (5 Erlangs), a backup on call: the prediction scores the
    rush as all missed; the simulation answers some in time, and says why from its counters."""
    rush = np.where(np.arange(48) < 4, 15.0, 0.0)
    data = WeekInput(1800.0, 48, (QueueInput("en", rush, 1.0, (("all", 1.0, 300.0),)),),
                     (Duty("A", False, 0, 86_400, ("en",)), Duty("B", True, 0, 86_400, ("en",))))
    st = StaffingSettings(concurrency=1, shrinkage={},
                          simulation=SimulationSettings(patience_s=math.inf))
    runs = replicate(data, st, 5, seed=1)
    table = pd.DataFrame({"slot": np.arange(48), "language": "en", "contacts": rush,
                          "answered_in_target": np.where(rush > 0, 0.0, 1.0)})
    summary = {"per_language": {"en": {"attainment": 0.0}}, "frt_attainment": 0.0,
               "load_source": "forecast", "target": "80% within 180 s"}
    result = compare(runs, table, summary, data, st, team="toy", week_start="2026-11-30", seed=1)
    en = result.languages[0]
    assert en.predicted == 0.0 and en.simulated is not None and en.simulated > 0.03
    assert en.ci_low is not None and en.ci_high is not None
    assert 0 <= en.ci_low <= en.simulated <= en.ci_high <= 1
    assert en.agrees is False and en.difference_points == pytest.approx(100 * en.simulated)
    assert en.reasons[0].startswith("100% of contacts arrive in half-hours with fewer agents")
    assert en.answered_by_backup > 0 and any("overload alert" in r for r in en.reasons)
    assert result.overall.language == "all" and result.overall.contacts == en.contacts
    assert result.backup_joins_per_week >= 1
