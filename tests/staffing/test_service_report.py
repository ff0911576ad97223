"""Service report: predicted service of a roster, hours below target, cost, what-if."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from scheduler.domain import Agent, Problem, Role, Shift, TeamSettings
from scheduler.queues import allocation, forecast_of
from scheduler.staffing.requirements import demand_rows, productive_agents, shrink, staff_queues
from scheduler.staffing.service_report import compare_reports, service_report
from scheduler.staffing.settings import StaffingSettings
from scheduler.staffing.workload import queue_workload
from scheduler.timegrid import WeekGrid

TEAM = TeamSettings(week_start=dt.date(2026, 11, 30), timezone="Asia/Shanghai", hourly_rate=100)
GRID = WeekGrid.for_settings(TEAM)
S = StaffingSettings()


def agent(i: int, langs: tuple[str, ...] = ("es",), zone: str = "Europe/Madrid") -> Agent:
    return Agent(id=f"A{i}", name=f"A{i}", timezone=zone, primary_languages=langs)


def week_shift(agent_id: str, role: Role = Role.PRIMARY) -> Shift:
    return Shift(agent_id=agent_id, role=role, start=GRID.start_utc, end=GRID.end_utc)


def setup(contacts: float, n_agents: int):
    wl = {"es": queue_workload("es", np.full(GRID.n_slots, contacts), S)}
    staffing = staff_queues(GRID, wl, S)
    need = int(staffing.primary["es"][0])
    problem = Problem(settings=TEAM, agents=tuple(agent(i) for i in range(n_agents)),
                      demand=tuple(demand_rows(staffing)))
    return with_load(problem, wl), need, problem


def with_load(problem: Problem, wl) -> Problem:  # noqa: ANN001
    return problem.model_copy(update={"forecast": forecast_of(GRID, wl)})


def test_roster_meeting_requirement_meets_target_and_one_less_does_not() -> None:
    loaded, need, _ = setup(40.0, 12)
    assert need >= 3
    exact = [week_shift(f"A{i}") for i in range(need)]
    rep = service_report(loaded, exact)
    assert rep.summary["hours_below_target"] == 0
    assert rep.summary["frt_attainment"] >= 0.8 and rep.summary["target_met"]
    assert rep.table["answered_in_target"].min() >= 0.8
    short = service_report(loaded, exact[:-1])
    assert short.summary["hours_below_target"] == pytest.approx(168)
    assert short.summary["frt_attainment"] < rep.summary["frt_attainment"]
    assert short.summary["waiting_over_10_min"] > rep.summary["waiting_over_10_min"]
    diff = compare_reports(rep, short, ("full", "minus one"))
    assert diff.loc["paid hours, primary", "delta"] == pytest.approx(-168)
    assert diff.loc["share answered within the target", "delta"] < 0


def test_implied_load_from_demand_rows_is_consistent() -> None:
    _, need, problem = setup(40.0, 12)
    exact = [week_shift(f"A{i}") for i in range(need)]
    rep = service_report(problem, exact)
    assert rep.summary["load_source"] == "implied by demand rows"
    assert rep.summary["hours_below_target"] == 0
    assert service_report(problem, exact[:-1]).summary["hours_below_target"] == 168


def test_backups_cost_but_do_not_answer() -> None:
    loaded, need, _ = setup(40.0, 12)
    shifts = [week_shift(f"A{i}") for i in range(need - 1)] + [week_shift("A11", Role.BACKUP)]
    rep = service_report(loaded, shifts)
    assert rep.summary["paid_hours_backup"] == pytest.approx(168)
    assert rep.summary["hours_below_target"] == pytest.approx(168)


def test_bilingual_agent_goes_where_contacts_wait() -> None:
    wl = {"es": queue_workload("es", np.full(GRID.n_slots, 20.0), S),
          "fr": queue_workload("fr", np.full(GRID.n_slots, 0.5), S)}
    problem = with_load(Problem(settings=TEAM, agents=(agent(0, ("fr", "es")),
                                                       agent(1, ("fr",)))), wl)
    counts = allocation(problem, [week_shift("A0"), week_shift("A1")], GRID)
    assert (counts["es"] == 1).all() and (counts["fr"] == 1).all()


def test_cost_counts_local_night_premium() -> None:
    problem = Problem(settings=TEAM, agents=(agent(0, zone="Asia/Shanghai"),))
    night = dt.datetime(2026, 12, 1, 22, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    shift = Shift(agent_id="A0", start=night, end=night + dt.timedelta(hours=8))
    wl = {"es": queue_workload("es", np.zeros(GRID.n_slots), S)}
    rep = service_report(with_load(problem, wl), [shift])
    assert rep.summary["cost"] == pytest.approx(100 * (8 + 0.3 * 8))
    assert rep.summary["frt_attainment"] == 1.0  # no contacts, nothing missed


def test_productive_agents_inverts_the_requirement_rounding() -> None:
    on_shift = np.arange(0, 40)
    for rounding in ("ceil", "nearest"):
        n = productive_agents(on_shift, 0.13, rounding)
        assert (shrink(n, 0.13, rounding) <= on_shift).all()
        assert (shrink(n + 1, 0.13, rounding) > on_shift).all()
