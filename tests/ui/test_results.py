"""Result cards, diff tables and downloads, built from a solved small team."""

from __future__ import annotations

import io
import zipfile

import pytest

from scheduler.domain import Problem
from scheduler.report import RosterReport, build_report
from scheduler.roster_diff import diff_rosters
from solver.solve import solve
from ui.results import (
    agent_calendar,
    agent_hours_view,
    all_calendars,
    diff_frames,
    diff_headline,
    kpi_cards,
    roster_workbook,
)


@pytest.fixture(scope="module")
def solved() -> RosterReport:
    from scheduler.team_io import load_problem
    from tests.ui.conftest import FIXTURES

    problem = load_problem(FIXTURES / "small_team")
    result = solve(problem, time_limit=3, workers=2)
    return build_report(problem, result.roster, result.breakdown)


def test_cards_show_deltas_the_right_way_round(solved: RosterReport) -> None:
    now = solved.kpis.model_dump()
    worse_before = dict(now, uncovered_primary_hours=now["uncovered_primary_hours"] + 5,
                        coverage_share=now["coverage_share"] + 0.02)
    cards = {c.label: c for c in kpi_cards(solved.kpis, {"frt_attainment": 0.8}, worse_before)}
    assert cards["Uncovered hours"].delta == "-5 h" and cards["Uncovered hours"].good is True
    assert cards["Primary coverage"].delta == "-2.0%" and cards["Primary coverage"].good is False
    assert cards["Paid hours"].delta == "±0" and cards["Paid hours"].good is None
    assert cards["Predicted service level"].value == "80%"
    plain = {c.label for c in kpi_cards(solved.kpis)}
    assert "Predicted service level" not in plain and "24/7 held" in plain


def test_agent_hours_flag_contract_breaches(solved: RosterReport) -> None:
    table = solved.agent_hours.copy()
    table.loc[0, "hours"] = table.loc[0, "min_hours"] - 8
    view = agent_hours_view(table)
    assert view.loc[0, "contract"] == "below minimum"
    assert set(view["contract"].iloc[1:]) <= {"ok", "below minimum", "above maximum"}


def test_diff_tables_and_headline(solved: RosterReport) -> None:
    shifts = list(solved.roster.shifts)
    diff = diff_rosters(shifts, shifts[1:], solved.problem.settings.timezone)
    per_agent, changes = diff_frames(diff, solved.problem)
    assert diff_headline(diff) == f"0 added, 1 removed, 0 moved, {len(shifts) - 1} unchanged"
    assert list(changes["change"]) == ["removed"] and changes["new shift"].iloc[0] == ""
    assert per_agent["agent"].iloc[0].startswith(shifts[0].agent_id)


def test_calendar_downloads_are_real_ics(solved: RosterReport) -> None:
    problem: Problem = solved.problem
    shifts = solved.roster.shifts
    one = agent_calendar(problem, shifts, shifts[0].agent_id)()
    assert one.startswith(b"BEGIN:VCALENDAR") and b"BEGIN:VEVENT" in one
    with zipfile.ZipFile(io.BytesIO(all_calendars(problem, shifts)())) as archive:
        assert any(name.endswith(".ics") for name in archive.namelist())


def test_workbook_download_is_the_roster_grid(solved: RosterReport, tmp_path) -> None:
    from openpyxl import load_workbook

    from scheduler.spreadsheet.reader import read_roster_sheet

    path = tmp_path / "roster.xlsx"
    path.write_bytes(roster_workbook(solved)())
    assert load_workbook(path).sheetnames == ["Roster", "Coverage", "Shifts", "Legend"]
    assert {s.shift for s in read_roster_sheet(path, solved.problem)} == set(solved.roster.shifts)


def test_kpi_delta_table_reads_like_a_report() -> None:
    from scheduler.roster_diff import kpi_deltas
    from ui.results import kpi_delta_frame

    frame = kpi_delta_frame(kpi_deltas(
        {"online_24_7_held": True, "cost": 1000.0, "coverage_share": 0.9175},
        {"online_24_7_held": False, "cost": 1250.5, "coverage_share": 0.9175}))
    rows = {r["KPI"]: r for r in frame.to_dict("records")}
    assert rows["24/7 at least one online"] == {
        "KPI": "24/7 at least one online", "saved": "yes", "now": "no", "change": "",
        "effect": "worse"}
    assert (rows["cost"]["saved"], rows["cost"]["now"], rows["cost"]["change"]) == (
        "1,000", "1,250.5", "+250.5")
    assert rows["primary coverage (share)"]["effect"] == "—"
