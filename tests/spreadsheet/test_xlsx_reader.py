"""Edited workbook -> shifts and pins: round trip, what becomes a pin, and errors at the cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from xlsx_checks import PLANNING, at, dst_shifts, dst_team, edit_cell, roster_cell, shift

from scheduler.domain import Problem, Role, Shift
from scheduler.errors import InputError
from scheduler.spreadsheet.reader import plan_pins, read_roster_sheet, read_written_shifts
from scheduler.spreadsheet.writer import write_roster_xlsx
from scheduler.team_io import load_problem

TUE = dt.date(2026, 10, 27)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_roster_xlsx(tmp_path / "roster.xlsx", dst_team(), dst_shifts())


def _error(path: Path, problem: Problem | None = None, **kw) -> str:
    with pytest.raises(InputError) as err:
        plan_pins(path, problem or dst_team(), **kw)
    return str(err.value)


def test_round_trip_without_edits_gives_the_same_shifts(book: Path):
    read = read_roster_sheet(book, dst_team())
    assert sorted(s.shift.start for s in read) == sorted(s.start for s in dst_shifts())
    assert {s.shift for s in read} == set(dst_shifts())
    assert set(read_written_shifts(book, dst_team())) == set(dst_shifts())
    plan = plan_pins(book, dst_team())
    assert (plan.pins, plan.changed, plan.removed) == ([], [], [])


def test_round_trip_of_the_small_team_fixture(tmp_path: Path, fixtures_dir: Path):
    problem = load_problem(fixtures_dir / "small_team")
    shifts = []
    for agent in problem.agents:
        length = max(agent.shift_lengths)
        for day in range(5):
            start = dt.datetime.combine(problem.settings.week_start + dt.timedelta(days=day),
                                        dt.time(9)).replace(tzinfo=agent.zone)
            role = Role.BACKUP if day == 4 else Role.PRIMARY
            shifts.append(shift(agent.id, start.astimezone(dt.timezone.utc), length, role))
    path = write_roster_xlsx(tmp_path / "roster.xlsx", problem, shifts)
    assert {s.shift for s in read_roster_sheet(path, problem)} == set(shifts)


def test_a_typed_change_becomes_the_one_pin(book: Path):
    cell = edit_cell(book, "mad", TUE, "10:00–18:00")
    plan = plan_pins(book, dst_team())
    moved = shift("mad", at(PLANNING, "2026-10-27 10:00"), 8)
    assert plan.pins == [moved]
    assert [(c.cell, c.shift) for c in plan.changed] == [(cell, moved)]
    assert plan.removed == [shift("mad", at(PLANNING, "2026-10-27 09:00"), 8)]


def test_a_new_on_call_shift_in_an_empty_cell(book: Path):
    edit_cell(book, "kol", dt.date(2026, 10, 29), "Thu 10:00–18:00 on-call")
    (pin,) = plan_pins(book, dst_team()).pins
    assert pin == shift("kol", at("Asia/Kolkata", "2026-10-29 10:00"), 8, Role.BACKUP)


def test_all_pins_every_shift_and_earlier_pins_are_kept(book: Path):
    assert set(plan_pins(book, dst_team(), all_shifts=True).pins) == set(dst_shifts())
    kol = next(s for s in dst_shifts() if s.agent_id == "kol")
    mad = next(s for s in dst_shifts() if s.agent_id == "mad")
    pinned = dst_team().model_copy(update={"pinned_shifts": (kol, mad)})
    edit_cell(book, "mad", TUE, None)  # the manager deleted an earlier pin: it goes
    edit_cell(book, "sha", dt.date(2026, 10, 29), "09:00–17:00")
    plan = plan_pins(book, pinned)
    assert plan.kept == [kol] and [c.shift.agent_id for c in plan.changed] == ["sha"]
    assert set(plan.pins) == {kol, plan.changed[0].shift} and plan.removed == [mad]


@pytest.mark.parametrize(("typed", "reason"), [
    ("25:00–09:00", "'25:00' is not a time"),
    ("09:00–18:00", "the pinned shift is 9 h, longer than the 8 h maximum"),
    ("09:00–12:00", "the pinned shift is 3 h, shorter than the 4 h minimum"),
    ("09:15–17:15", "08:15 UTC is not on the 30-minute slot grid"),
    ("Sun 20:00–04:00", "outside the planning week 2026-10-26 to 2026-11-01"),
])
def test_errors_name_file_sheet_and_cell(book: Path, typed: str, reason: str):
    cell = edit_cell(book, "mad", dt.date(2026, 10, 26), typed)
    message = _error(book)
    assert message.startswith(f"{book}, sheet 'Roster', cell {cell}: ") and reason in message


def test_shift_lengths_of_the_agent_are_enforced(book: Path):
    team = dst_team()
    six = team.model_copy(update={"agents": tuple(
        a.model_copy(update={"shift_lengths": (6.0,)}) if a.id == "mad" else a
        for a in team.agents)})
    cell = edit_cell(book, "mad", TUE, "10:00–18:00")
    assert _error(book, six).endswith(f"cell {cell}: the pinned shift is 8 h, not one of mad's "
                                      "shift lengths (6 h)")


def test_agent_column_errors(book: Path):
    wb = load_workbook(book)
    ws = wb["Roster"]
    ws["B7"] = "nobody"
    wb.save(book)
    assert _error(book) == f"{book}, sheet 'Roster', cell B7: unknown agent 'nobody' (not in " \
                           "agents.csv)"
    ws["B7"] = "mad"
    wb.save(book)
    assert "cell B7: agent 'mad' has a second row (first in row 6)" in _error(book)
    ws["B7"] = None
    wb.save(book)
    assert "cell B7: this row has shifts but no agent ID" in _error(book)
    ws.delete_rows(7)  # a manager removes the row: that agent's shifts are gone, not pinned
    wb.save(book)
    plan = plan_pins(book, dst_team())
    assert plan.pins == [] and {s.agent_id for s in plan.removed} == {"lax"}


def test_rows_may_be_sorted_and_columns_added(book: Path):
    wb = load_workbook(book)
    ws = wb["Roster"]
    ws.insert_cols(5)  # a manager's own notes column before the days
    ws.move_range("A6:M6", rows=10)  # mad's row moved to the bottom
    wb.save(book)
    assert {s.shift for s in read_roster_sheet(book, dst_team())} == set(dst_shifts())


def test_a_workbook_of_another_week_is_refused(tmp_path: Path, book: Path):
    later = dst_team().model_copy(update={"settings": dst_team().settings.model_copy(
        update={"week_start": dt.date(2026, 11, 2)})})
    assert _error(book, later) == (f"{book}, sheet 'Roster', cell E5: 2026-10-26 is not in the "
                                   "team's week of 2026-11-02")


def test_a_time_typed_as_a_time_value(book: Path):
    wb = load_workbook(book)
    cell = roster_cell(book, "mad", TUE).coordinate
    wb["Roster"][cell] = dt.time(9, 0)
    wb.save(book)
    assert f"cell {cell}: '09:00' is not a shift like 09:00–17:00" in _error(book)


def test_the_same_shift_typed_twice(book: Path):
    cell = edit_cell(book, "mad", dt.date(2026, 10, 28), "Tue 09:00–17:00")
    assert _error(book).endswith(f"cell {cell}: the same shift is already in cell "
                                 f"{roster_cell(book, 'mad', TUE).coordinate}")


def test_missing_sheets_and_files_that_are_not_workbooks(tmp_path: Path, book: Path):
    wb = load_workbook(book)
    del wb["Shifts"]
    wb.save(book)
    assert "has no sheet 'Shifts'" in _error(book) and "--all" in _error(book)
    assert len(plan_pins(book, dst_team(), all_shifts=True).pins) == len(dst_shifts())
    del wb["Roster"]
    wb.save(book)
    assert _error(book, all_shifts=True) == f"{book}: the workbook has no sheet 'Roster'"
    fake = tmp_path / "roster.xlsx.csv"
    fake.write_text("agent_id,start_utc\n")
    assert _error(fake).startswith(f"{fake}: not an Excel workbook (.xlsx)")


def test_a_tampered_shifts_sheet_is_named(book: Path):
    wb = load_workbook(book)
    wb["Shifts"]["E3"] = "yesterday"
    wb.save(book)
    assert _error(book) == (f"{book}, sheet 'Shifts', cell E3: 'yesterday' is not a date and "
                            "time like 2026-11-23T01:00+00:00")


def test_pins_load_back_with_the_team(tmp_path: Path, book: Path):
    from scheduler.roster_io import write_shifts_csv
    from scheduler.team_io import save_problem

    team = tmp_path / "team"
    save_problem(dst_team(), team)
    edit_cell(book, "sha", dt.date(2026, 10, 29), "Fri 01:00–09:00\n15:00–23:00 on-call")
    plan = plan_pins(book, load_problem(team))
    write_shifts_csv(team / "pinned.csv", plan.pins, load_problem(team))
    assert set(load_problem(team).pinned_shifts) == set(plan.pins) and len(plan.pins) == 2
    assert all(isinstance(p, Shift) for p in plan.pins)
