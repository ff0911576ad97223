"""The day-cell grammar: what the writer prints reads back to the same shift, and what a manager
types is read in the agent's own wall clock (DST, +05:30, weekday prefixes, on-call)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from xlsx_checks import DST_SHIFTS, LA, PLANNING, at

from scheduler.domain import Role
from scheduler.spreadsheet.celltext import (
    CellTextError,
    column_date,
    format_cell,
    format_shift,
    parse_cell,
)

TUE = dt.date(2026, 10, 27)


@pytest.mark.parametrize(("text", "shift", "listed_on"), DST_SHIFTS,
                         ids=[f"{s.agent_id}:{t}" for t, s, _ in DST_SHIFTS])
def test_each_shift_prints_in_agent_time_and_reads_back(text, shift, listed_on):
    zone = ZoneInfo({"mad": PLANNING, "kol": "Asia/Kolkata", "sha": "Asia/Shanghai"}.get(
        shift.agent_id, LA))
    assert column_date(shift, ZoneInfo(PLANNING)) == listed_on
    assert format_shift(shift, zone, listed_on) == text
    assert parse_cell(text, shift.agent_id, zone, listed_on) == [shift]


def test_several_shifts_in_one_cell_in_time_order():
    zone = ZoneInfo(LA)
    sfo = [s for _, s, _ in DST_SHIFTS if s.agent_id == "sfo"]
    text = format_cell(sfo[::-1], zone, dt.date(2026, 11, 1))
    assert text == "Sat 17:30–01:30 (PDT)\n01:30 (PST)–09:30 on-call"
    assert parse_cell(text, "sfo", zone, dt.date(2026, 11, 1)) == sfo


@pytest.mark.parametrize("typed", [
    "9:00-17:00", "09:00 – 17:00", "9：00至17：00", "09.00 to 17.00", " 09:00~17:00 primary"])
def test_what_managers_type_is_accepted(typed):
    (got,) = parse_cell(typed, "mad", ZoneInfo(PLANNING), TUE)
    assert (got.start, got.end, got.role) == (at(PLANNING, "2026-10-27 09:00"),
                                              at(PLANNING, "2026-10-27 17:00"), Role.PRIMARY)


def test_roles_weekdays_and_midnight():
    zone = ZoneInfo(PLANNING)
    (backup,) = parse_cell("09:00–17:00 (backup)", "mad", zone, TUE)
    assert backup.role is Role.BACKUP
    (night,) = parse_cell("Mon 22:00–24:00", "mad", zone, TUE)  # the agent's Monday
    assert (night.start, night.end) == (at(PLANNING, "2026-10-26 22:00"),
                                        at(PLANNING, "2026-10-27 00:00"))
    (day,) = parse_cell("00:00–24:00", "mad", zone, TUE)  # a whole day (pins refuse it)
    assert day.hours == 24
    (wraps,) = parse_cell("22:00–06:00", "mad", zone, TUE)  # end before start: next day
    assert wraps.end == at(PLANNING, "2026-10-28 06:00")
    assert parse_cell("  \n ; ", "mad", zone, TUE) == []
    two = parse_cell("06:00–10:00; 18:00–22:00", "mad", zone, TUE)
    assert [s.hours for s in two] == [4, 4]


def test_a_repeated_wall_time_without_mark_is_its_first_pass():
    (first,) = parse_cell("01:30–09:30", "sfo", ZoneInfo(LA), dt.date(2026, 11, 1))
    assert first.start == at(LA, "2026-11-01 01:30", fold=0)
    assert first.hours == 9  # 01:30 PDT to 09:30 PST: a wall clock 8 h apart, 9 real hours
    (utc_mark,) = parse_cell("01:30 (UTC−8)–09:30", "sfo", ZoneInfo(LA), dt.date(2026, 11, 1))
    assert utc_mark.start == at(LA, "2026-11-01 01:30", fold=1)


@pytest.mark.parametrize(("typed", "reason"), [
    ("25:00–09:00", "'25:00' is not a time"),
    ("24:00–08:00", "'24:00' is not a time"),  # only an end may be midnight written 24:00
    ("09:00–17:61", "'17:61' is not a time"),
    ("9-17", "'9-17' is not a shift like 09:00–17:00"),
    ("09:00", "'09:00' is not a shift like 09:00–17:00"),
    ("Xyz 09:00–17:00", "'Xyz' is not a weekday"),
    ("09:00–17:00 lunch", "'lunch' is not a role"),
    ("09:00–09:00", "starts and ends at the same time"),
    ("01:30 (CET)–09:30", "'(CET)' is not Los Angeles's zone at 01:30 on 2026-11-01; write "
                          "(PDT) or (PST)"),
])
def test_unreadable_lines_say_why(typed, reason):
    with pytest.raises(CellTextError) as err:
        parse_cell(typed, "sfo", ZoneInfo(LA), dt.date(2026, 11, 1))
    assert reason in str(err.value)


def test_a_wall_time_skipped_by_spring_forward_is_refused():
    # Los Angeles springs forward on Sun 8 Mar 2026: 02:00 PST -> 03:00 PDT
    with pytest.raises(CellTextError, match="02:30 does not exist in Los Angeles on 2026-03-08"):
        parse_cell("02:30–10:30", "lax", ZoneInfo(LA), dt.date(2026, 3, 8))
    (ok,) = parse_cell("01:00–09:00", "lax", ZoneInfo(LA), dt.date(2026, 3, 8))
    assert ok.hours == 7  # the wall clock skips an hour
