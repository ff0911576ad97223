"""`roster export --xlsx` and `roster pins-from-xlsx` as a manager runs them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner
from xlsx_checks import dst_shifts, dst_team, edit_cell, workbook

from scheduler.cli import app
from scheduler.roster_io import write_shifts_csv
from scheduler.spreadsheet.writer import write_roster_xlsx
from scheduler.team_io import load_problem, save_problem

runner = CliRunner()


@pytest.fixture
def team(tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    save_problem(dst_team(), folder)
    write_shifts_csv(tmp_path / "roster.csv", dst_shifts(), dst_team())
    return folder


def _run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_export_xlsx_writes_the_workbook_beside_the_calendars(tmp_path: Path, team: Path):
    roster, out = tmp_path / "roster.csv", tmp_path / "out" / "calendars"
    refused = _run("export", team, roster, "--out", out, "--xlsx")
    assert refused.exit_code == 1 and not (out / "roster.xlsx").exists()  # breaks 24/7
    done = _run("export", team, roster, "--out", out, "--xlsx", "--accept-breaches")
    assert done.exit_code == 0, done.output
    assert (out / "team.ics").exists() and (out.parent / "calendars.zip").exists()
    sheet = workbook(out / "roster.xlsx")["Roster"]
    assert sheet["A4"].value.startswith("NOT PUBLISHABLE")
    assert "Wrote the roster workbook" in done.output
    plain = _run("export", team, roster, "--out", tmp_path / "plain", "--accept-breaches")
    assert plain.exit_code == 0 and not (tmp_path / "plain" / "roster.xlsx").exists()


def test_pins_from_xlsx_writes_pinned_csv_into_the_team(tmp_path: Path, team: Path):
    book = write_roster_xlsx(tmp_path / "roster.xlsx", dst_team(), dst_shifts())
    edit_cell(book, "mad", dt.date(2026, 10, 27), "10:00–18:00")
    result = _run("pins-from-xlsx", team, book)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Wrote 1 pinned shift(s)" in text and "1 shift(s) of the workbook's roster" in text
    (pin,) = load_problem(team).pinned_shifts
    assert pin.agent_id == "mad" and pin.start.hour == 9  # 10:00 in Madrid (UTC+1)
    every = _run("pins-from-xlsx", team, book, "--all", "--out", tmp_path / "all.csv")
    assert every.exit_code == 0 and len((tmp_path / "all.csv").read_text().splitlines()) == 7


def test_pins_from_xlsx_errors_exit_2_and_write_nothing(tmp_path: Path, team: Path):
    book = write_roster_xlsx(tmp_path / "roster.xlsx", dst_team(), dst_shifts())
    cell = edit_cell(book, "mad", dt.date(2026, 10, 27), "25:00–09:00")
    result = _run("pins-from-xlsx", team, book)
    assert result.exit_code == 2
    assert f"sheet 'Roster', cell {cell}: '25:00' is not a time" in " ".join(
        result.output.split())
    assert not (team / "pinned.csv").exists()
    assert _run("pins-from-xlsx", team, tmp_path / "missing.xlsx").exit_code == 2
    folder = _run("pins-from-xlsx", team, book, "--out", tmp_path)
    assert folder.exit_code == 2 and "is a folder" in folder.output
