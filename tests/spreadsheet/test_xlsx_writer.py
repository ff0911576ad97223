"""The workbook as a manager opens it: sheets, the agent-local grid, coverage, print setup."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest
from xlsx_checks import (
    DST_SHIFTS,
    PLANNING,
    WEEK,
    at,
    dst_shifts,
    dst_team,
    roster_cell,
    shift,
    workbook,
)

import scheduler.coverage
from scheduler.coverage import coverage_table
from scheduler.roster_io import ROSTER_COLUMNS, roster_rows
from scheduler.spreadsheet import texts
from scheduler.spreadsheet.writer import write_roster_xlsx
from scheduler.validator import validate


@pytest.fixture
def written(tmp_path: Path) -> Path:
    return write_roster_xlsx(tmp_path / "roster.xlsx", dst_team(), dst_shifts())


def test_sheets_and_roster_header(written: Path):
    wb = workbook(written)
    assert wb.sheetnames == ["Roster", "Coverage", "Shifts", "Legend"]
    ws = wb["Roster"]
    header = [c.value for c in ws[5]]
    assert header[:4] == ["Agent", "ID", "Local time of (city, UTC offset)", "Languages"]
    assert [d.date() for d in header[4:11]] == [WEEK + dt.timedelta(days=k) for k in range(7)]
    assert ws.cell(row=5, column=5).number_format == "ddd yyyy-mm-dd"  # date + weekday
    assert header[11] == "Paid hours (h)"
    assert [ws.cell(row=r, column=2).value for r in range(6, 11)] == [
        "mad", "lax", "sfo", "kol", "sha"]


def test_the_sheet_states_which_local_time_a_cell_shows(written: Path):
    ws = workbook(written)["Roster"]
    note = ws["A2"].value
    assert "AGENT'S OWN LOCAL TIME" in note and "Madrid (Europe/Madrid)" in note
    zones = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=3).value for r in range(6, 11)}
    assert zones == {
        "mad": "Madrid (UTC+1)",
        "lax": "Los Angeles (UTC−7, UTC−8 from Sun 11-01 01:00)",  # DST change in the week
        "sfo": "Los Angeles (UTC−7, UTC−8 from Sun 11-01 01:00)",
        "kol": "Kolkata (UTC+5:30)",
        "sha": "Shanghai (UTC+8)",
    }


@pytest.mark.parametrize(("text", "shift", "listed_on"), DST_SHIFTS,
                         ids=[f"{s.agent_id}:{t}" for t, s, _ in DST_SHIFTS])
def test_each_shift_is_in_its_cell_in_agent_local_time(written, text, shift, listed_on):
    assert text in roster_cell(written, shift.agent_id, listed_on).value.split("\n")


def test_every_shift_appears_once_and_hours_add_up(written: Path):
    ws = workbook(written)["Roster"]
    lines = [line for row in ws.iter_rows(min_row=6, min_col=5, max_col=11, values_only=True)
             for value in row if value for line in value.split("\n")]
    assert len(lines) == len(dst_shifts())
    hours = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=12).value
             for r in range(6, 11)}
    assert hours == {"mad": 8, "lax": 8, "sfo": 16, "kol": 8, "sha": 8}


def test_colours_by_main_language_and_role(written: Path):
    mad = roster_cell(written, "mad", dt.date(2026, 10, 27))  # es first
    kol = roster_cell(written, "kol", dt.date(2026, 10, 27))  # en
    assert mad.fill.fgColor.rgb != kol.fill.fgColor.rgb
    assert mad.fill.fill_type == "solid" and not mad.font.italic
    empty = roster_cell(written, "mad", dt.date(2026, 10, 28))
    assert empty.value is None and empty.fill.fill_type is None
    assert empty.number_format == "@"  # typed 09:00 stays text
    wb = write_roster_xlsx(written.with_name("b.xlsx"), dst_team(), [
        s for s in dst_shifts() if s.agent_id == "sfo" and s.role.value == "backup"])
    backup = roster_cell(wb, "sfo", dt.date(2026, 11, 1))
    assert backup.value == "01:30 (PST)–09:30 on-call"
    assert backup.font.italic and backup.border.left.style == "dashed"
    assert backup.fill.fgColor.rgb != kol.fill.fgColor.rgb  # the pale tint of the same colour


def test_frozen_header_widths_and_print_setup(written: Path):
    for ws in workbook(written):
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    ws = workbook(written)["Roster"]
    assert ws.freeze_panes == "E6" and ws.print_title_rows == "$5:$5"
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEFGHIJKL"}
    assert widths["A"] >= len("Lucía García") and widths["B"] >= len("mad")
    assert widths["C"] >= len("Los Angeles (UTC−7, UTC−8 from Sun 11-01 01:00)")
    assert min(widths[c] for c in "EFGHIJK") >= len("09:00–17:00 on-call")
    assert widths["K"] >= len("Sat 17:30–01:30 (PDT)")  # Sunday, the longest line


def test_coverage_sheet_is_the_coverage_table_with_gaps_red(written: Path):
    ws = workbook(written)["Coverage"]
    header = [c.value for c in ws[2]]
    assert header[:3] == ["Day (Madrid)", "Start (Madrid)", "Language"]
    table = coverage_table(dst_team(), dst_shifts())
    assert ws.max_row == 2 + len(table)
    first = dict(zip(header, [c.value for c in ws[3]], strict=True))
    assert (first["Day (Madrid)"], first["Start (Madrid)"]) == ("Mon 2026-10-26", "00:00")
    column = header.index("Scheduled online (agents)")
    scheduled = [row[column] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert scheduled == table["scheduled_primary"].tolist()
    red = {str(rule.sqref).split(":")[0][0] for rule in ws.conditional_formatting}
    gap_columns = {h for h in header if h.startswith("Gap")}
    assert len(red) == len(gap_columns) == 2


def test_coverage_sheet_follows_whatever_coverage_table_returns(tmp_path, monkeypatch):
    """The per-slot allocation will change the table; the sheet shows its columns as they are."""
    real = scheduler.coverage.coverage_table

    def allocated(problem, shifts, requirements=None):
        table = real(problem, shifts, requirements)
        table["scheduled_primary"] = 7
        table["allocated_agents"] = "S1 S2"
        return table

    monkeypatch.setattr(scheduler.coverage, "coverage_table", allocated)
    path = write_roster_xlsx(tmp_path / "r.xlsx", dst_team(), dst_shifts())
    ws = workbook(path)["Coverage"]
    header = [c.value for c in ws[2]]
    assert "allocated_agents" in header
    row = dict(zip(header, [c.value for c in ws[3]], strict=True))
    assert row["Scheduled online (agents)"] == 7 and row["allocated_agents"] == "S1 S2"


def test_shifts_sheet_is_the_roster_csv_rows(written: Path):
    ws = workbook(written)["Shifts"]
    assert [c.value for c in ws[2]] == [texts.SHIFTS_HEADERS[c] for c in ROSTER_COLUMNS]
    expected = roster_rows(dst_shifts(), dst_team())
    got = [dict(zip(ROSTER_COLUMNS, row, strict=True))
           for row in ws.iter_rows(min_row=3, values_only=True)]
    assert [(g["agent_id"], g["start_utc"], g["end_local"], g["start_planning"]) for g in got] \
        == [(e["agent_id"], e["start_utc"], e["end_local"], e["start_planning"]) for e in expected]
    kol = next(g for g in got if g["agent_id"] == "kol")
    assert kol["start_local"] == "2026-10-27T09:00+05:30" and kol["hours"] == 8
    assert ws.protection.sheet and not workbook(written)["Roster"].protection.sheet


def test_legend_explains_colours_times_and_zones(written: Path):
    text = "\n".join(str(v) for row in workbook(written)["Legend"].iter_rows(values_only=True)
                     for v in row if v)
    for words in ("agent's own local time", "Spanish: main language of 1 agent",
                  "English: main language of 4 agent", "on-call",
                  "Kolkata: Asia/Kolkata, UTC+5:30", f"Madrid: {PLANNING}, UTC+1",
                  "planning zone", "(PST)"):
        assert words in text, words


def test_a_roster_breaking_hard_rules_says_so_on_top(tmp_path: Path):
    problem = dst_team()
    violations = validate(problem, dst_shifts())
    assert violations
    path = write_roster_xlsx(tmp_path / "r.xlsx", problem, dst_shifts(), violations=violations)
    assert workbook(path)["Roster"]["A4"].value.startswith("NOT PUBLISHABLE")
    clean = write_roster_xlsx(tmp_path / "c.xlsx", problem, dst_shifts())
    assert workbook(clean)["Roster"]["A4"].value is None
    later = shift("mad", at(PLANNING, "2026-11-02 09:00"), 8)  # next Monday: no column for it
    path = write_roster_xlsx(tmp_path / "n.xlsx", problem, [*dst_shifts(), later])
    assert workbook(path)["Roster"]["A4"].value == ("1 shift(s) start outside this week: they "
                                                    "are only in the Shifts sheet.")
    assert workbook(path)["Shifts"].max_row == 2 + len(dst_shifts()) + 1


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_written_files_honour_the_umask(tmp_path: Path, umask: int, mode: int):
    old = os.umask(umask)
    try:
        path = write_roster_xlsx(tmp_path / "out" / "roster.xlsx", dst_team(), dst_shifts())
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == mode
    assert [p.name for p in path.parent.iterdir()] == ["roster.xlsx"]  # no temp file left


def test_an_empty_roster_still_lists_every_agent(tmp_path: Path):
    path = write_roster_xlsx(tmp_path / "r.xlsx", dst_team(), [])
    ws = workbook(path)["Roster"]
    assert ws.max_row == 10 and pd.isna(ws["E6"].value)
