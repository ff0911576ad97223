"""From a team, a roster and workloads to the week model's queues and duties."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from scheduler.domain import Agent, Problem, Role, Shift, TeamSettings
from scheduler.simulation.inputs import category_mix, week_input
from scheduler.staffing.settings import DEFAULT_MIX, StaffingSettings
from scheduler.staffing.workload import queue_workload
from scheduler.timegrid import WeekGrid

TEAM = TeamSettings(week_start=dt.date(2026, 11, 30), timezone="Asia/Shanghai")
GRID = WeekGrid.for_settings(TEAM)
S = StaffingSettings()


def test_category_mix_keeps_the_mean_and_leans_to_long_chats() -> None:
    mix = category_mix(S, 450.0)
    shares = {c: share for c, share, _ in mix}
    assert sum(shares.values()) == pytest.approx(1.0)
    assert sum(share * mean for _, share, mean in mix) == pytest.approx(450.0)
    # the bot keeps half the logistics chats but few after-sales ones
    assert shares["after-sales"] > DEFAULT_MIX["after-sales"]
    assert shares["logistics"] < DEFAULT_MIX["logistics"]
    means = {c: mean for c, _, mean in mix}
    assert means["after-sales"] / means["logistics"] == pytest.approx(600 / 300)


def test_queues_undo_the_bot_share_and_duties_follow_roles() -> None:
    agents = (Agent(id="P", name="P", timezone="Europe/Madrid", primary_languages=("es",),
                    backup_languages=("en", "fr")),)
    problem = Problem(settings=TEAM, agents=agents)
    workloads = {lang: queue_workload(lang, np.full(GRID.n_slots, 3.0), S)
                 for lang in ("es", "en")}
    start = GRID.start_utc + dt.timedelta(hours=2)
    shifts = [Shift(agent_id="P", start=start, end=start + dt.timedelta(hours=8)),
              Shift(agent_id="P", role=Role.BACKUP, start=start + dt.timedelta(days=1),
                    end=start + dt.timedelta(days=1, hours=4))]
    data = week_input(problem, shifts, workloads, S)
    assert data.slot_s == 1800 and data.n_slots == GRID.n_slots
    es = data.queues[0]
    assert es.language == "es"
    assert es.human_share == pytest.approx(1 - workloads["es"].deflected)
    assert es.inquiries * es.human_share == pytest.approx(workloads["es"].human_contacts)
    primary, backup = data.duties
    assert (primary.backup, primary.start_s, primary.end_s) == (False, 7200, 7200 + 8 * 3600)
    assert primary.languages == ("es",)
    assert backup.backup and backup.languages == ("es", "en")  # every spoken queue; no 'fr'
