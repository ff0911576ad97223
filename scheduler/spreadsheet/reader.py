"""Edited .xlsx -> shifts and pinned shifts: what a manager typed into the Roster sheet.

    shifts = read_roster_sheet("roster.xlsx", problem)          # every shift, with its cell
    plan = plan_pins("roster.xlsx", problem)                    # what pinned.csv should hold

Which shifts become pins (``plan_pins``): by default the shifts the manager *changed*, i.e. those
in the Roster sheet that are not in the workbook's Shifts sheet (the roster as written, kept
read-only), plus the team's existing pins that are still in the sheet; ``all_shifts=True`` pins
every shift in the sheet. A shift removed from the sheet cannot be a pin (pins are shifts to
keep); it is reported, and a re-solve may give it back.

Every problem is an ``InputError`` naming the file, the sheet and the cell. Pins pass the checks
pinned.csv gets at load (``team_io.check_pinned_shifts``), reported at the cell they came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from scheduler.domain import Problem, Role, Shift
from scheduler.errors import InputError
from scheduler.formats import weekday
from scheduler.i18n import _, variants
from scheduler.roster_io import ROSTER_COLUMNS
from scheduler.spreadsheet import layout, texts
from scheduler.spreadsheet.celltext import CellTextError, parse_cell
from scheduler.team_io import check_pinned_shifts

__all__ = ["SheetShift", "PinPlan", "read_roster_sheet", "read_written_shifts", "plan_pins"]

Rows = list[tuple[Any, ...]]


@dataclass(frozen=True)
class SheetShift:
    """A shift read from the Roster sheet and the cell it was typed in (e.g. 'F7')."""

    cell: str
    shift: Shift


@dataclass
class PinPlan:
    """What pinned.csv should hold after reading an edited workbook, and why."""

    pins: list[Shift]
    changed: list[SheetShift] = field(default_factory=list)  # added or changed in the sheet
    kept: list[Shift] = field(default_factory=list)  # earlier pins still in the sheet
    removed: list[Shift] = field(default_factory=list)  # written, no longer in the sheet
    all_shifts: bool = False


def _cell(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def _sheets(path: Path, kinds: tuple[str, ...]) -> dict[str, tuple[str, Rows]]:
    """English sheet name -> (its name in the workbook, cell values) for the sheets that exist,
    in whichever language the workbook was written (formulas as their last saved values)."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(_(texts.NOT_A_WORKBOOK).format(reason=exc), file=path) from exc
    try:
        found = {}
        for kind in kinds:
            name = next((n for n in variants(kind) if n in wb.sheetnames), None)
            if name is not None:
                ws = wb[name]
                ws.reset_dimensions()  # some office suites save a wrong used range: read it all
                found[kind] = (name, [tuple(r) for r in ws.iter_rows(values_only=True)])
        return found
    finally:
        wb.close()


def _sheet(sheets: dict[str, tuple[str, Rows]], kind: str, path: Path, missing: str
           ) -> tuple[Rows, dict[str, Any]]:
    """A sheet's rows and where to point errors in it; ``missing`` says what its absence means."""
    if kind not in sheets:
        raise InputError(_(missing).format(sheet=_(kind)), file=path)
    name, rows = sheets[kind]
    return rows, {"file": path, "sheet": name}


def _at(rows: Rows, row: int, column: int) -> Any:
    """Value at a 1-based row and column; None outside what the sheet holds."""
    if row > len(rows) or column > len(rows[row - 1]):
        return None
    return rows[row - 1][column - 1]


def _text(value: Any) -> str:
    """A cell value as the text a person sees: '1001' for 1001.0, '09:00' for a time."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.time):
        return f"{value:%H:%M}"
    return str(value).strip()


def _day_columns(rows: Rows, problem: Problem, where: dict[str, Any]) -> dict[int, dt.date]:
    """Column -> planning date, found by the header dates (the manager may move columns)."""
    week = [problem.settings.week_start + dt.timedelta(days=k) for k in range(7)]
    header = rows[layout.HEADER_ROW - 1] if len(rows) >= layout.HEADER_ROW else ()
    found: dict[int, dt.date] = {}
    for column, value in enumerate(header, start=1):
        if isinstance(value, dt.datetime | dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            if day not in week:
                raise InputError(_(texts.FOREIGN_DAY).format(day=day, week=week[0]), **where,
                                 cell=_cell(layout.HEADER_ROW, column))
            found[column] = day
    for day in week:
        if day not in found.values():
            label = f"{weekday(day.weekday())} {day}"
            raise InputError(_(texts.NO_DAY_COLUMN).format(row=layout.HEADER_ROW, day=label,
                                                        week=week[0]),
                             **where, cell=_cell(layout.HEADER_ROW, 1))
    return found


def _id_column(rows: Rows, where: dict[str, Any]) -> int:
    wanted = {name.strip().lower() for name in variants(texts.HEAD_ID)} | {"id"}
    header = rows[layout.HEADER_ROW - 1] if len(rows) >= layout.HEADER_ROW else ()
    for column, value in enumerate(header, start=1):
        if _text(value).lower() in wanted:
            return column
    raise InputError(_(texts.NO_ID_COLUMN).format(row=layout.HEADER_ROW,
                                                  header=_(texts.HEAD_ID)),
                     **where, cell=_cell(layout.HEADER_ROW, 1))


def _roster_shifts(rows: Rows, where: dict[str, Any], problem: Problem) -> list[SheetShift]:
    days = _day_columns(rows, problem, where)
    id_column = _id_column(rows, where)
    agents = {a.id: a for a in problem.agents}
    seen_agents: dict[str, int] = {}
    seen_shifts: dict[Shift, str] = {}
    out = []
    for row in range(layout.FIRST_AGENT_ROW, len(rows) + 1):
        agent_id = _text(_at(rows, row, id_column))
        typed = {c: _text(_at(rows, row, c)) for c in days}
        if not agent_id:
            if any(typed.values()):
                raise InputError(_(texts.NO_AGENT_ID), **where, cell=_cell(row, id_column))
            continue
        if agent_id not in agents:
            raise InputError(_(texts.UNKNOWN_AGENT).format(agent=agent_id), **where,
                             cell=_cell(row, id_column))
        if agent_id in seen_agents:
            raise InputError(_(texts.DUPLICATE_AGENT).format(agent=agent_id,
                                                          row=seen_agents[agent_id]),
                             **where, cell=_cell(row, id_column))
        seen_agents[agent_id] = row
        for column, text in typed.items():
            cell = _cell(row, column)
            try:
                shifts = parse_cell(text, agent_id, agents[agent_id].zone, days[column])
            except CellTextError as exc:
                raise InputError(str(exc), **where, cell=cell) from exc
            for shift in shifts:
                if shift in seen_shifts:
                    raise InputError(_(texts.SAME_SHIFT_TWICE).format(cell=seen_shifts[shift]),
                                     **where, cell=cell)
                seen_shifts[shift] = cell
                out.append(SheetShift(cell, shift))
    return out


def read_roster_sheet(path: str | Path, problem: Problem) -> list[SheetShift]:
    """Every shift in the Roster sheet of ``path`` (a workbook for ``problem``'s week)."""
    path = Path(path)
    sheets = _sheets(path, (texts.SHEET_ROSTER,))
    return _roster_shifts(*_sheet(sheets, texts.SHEET_ROSTER, path, texts.NO_SHEET), problem)


def _instant(text: str, where: dict[str, Any], cell: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise InputError(_(texts.BAD_SHIFTS_CELL).format(text=text), **where, cell=cell)
    return value.astimezone(dt.timezone.utc)


def _written_shifts(rows: Rows, where: dict[str, Any], problem: Problem) -> list[Shift]:
    """The Shifts sheet: the roster exactly as it was written (UTC columns are exact)."""
    column = {name: k for k, name in enumerate(ROSTER_COLUMNS, start=1)}
    head = layout.SHIFTS_HEADER_ROW
    for name in ("agent_id", "role", "start_utc", "end_utc"):
        expected = _(texts.SHIFTS_HEADERS[name])
        if _text(_at(rows, head, column[name])) not in variants(texts.SHIFTS_HEADERS[name]):
            raise InputError(_(texts.BAD_SHIFTS_HEADER).format(expected=expected), **where,
                             cell=_cell(head, column[name]))
    roles = {name: r for r in Role for name in (*variants(texts.ROLE_NAMES[r.value]), r.value)}
    known = {a.id for a in problem.agents}
    out = []
    for row in range(head + 1, len(rows) + 1):
        agent_id = _text(_at(rows, row, column["agent_id"]))
        if not agent_id:
            continue
        if agent_id not in known:
            raise InputError(_(texts.UNKNOWN_AGENT).format(agent=agent_id), **where,
                             cell=_cell(row, column["agent_id"]))
        role_text = _text(_at(rows, row, column["role"]))
        if role_text not in roles:
            raise InputError(_(texts.NOT_A_ROLE).format(text=role_text,
                                                        backup=_(texts.BACKUP_WORD)),
                             **where, cell=_cell(row, column["role"]))
        start, end = (_instant(_text(_at(rows, row, column[c])), where, _cell(row, column[c]))
                      for c in ("start_utc", "end_utc"))
        if end <= start:
            raise InputError(_(texts.ZERO_LENGTH).format(text=f"{start:%H:%M}–{end:%H:%M} UTC"),
                             **where, cell=_cell(row, column["end_utc"]))
        out.append(Shift(agent_id=agent_id, role=roles[role_text], start=start, end=end))
    return out


def read_written_shifts(path: str | Path, problem: Problem) -> list[Shift]:
    """The roster the workbook was written with (its Shifts sheet)."""
    path = Path(path)
    sheets = _sheets(path, (texts.SHEET_SHIFTS,))
    return _written_shifts(*_sheet(sheets, texts.SHEET_SHIFTS, path, texts.NO_SHIFTS_SHEET),
                           problem)


def _check_pins(path: Path, problem: Problem, pins: list[SheetShift], sheet: str) -> None:
    """The load-time checks of pinned.csv, each failure reported at the shift's cell."""
    try:
        check_pinned_shifts(path, list(enumerate(s.shift for s in pins)),
                            {a.id: a for a in problem.agents}, problem.rules, problem.settings)
    except InputError as exc:
        cell = pins[exc.row].cell if exc.row is not None else None
        raise InputError(exc.reason, file=path, sheet=sheet, cell=cell) from exc


def plan_pins(path: str | Path, problem: Problem, *, all_shifts: bool = False) -> PinPlan:
    """The pins an edited workbook asks for (see the module docstring); raises InputError,
    naming file, sheet and cell, before anything could be written."""
    path = Path(path)
    wanted = (texts.SHEET_ROSTER,) if all_shifts else (texts.SHEET_ROSTER, texts.SHEET_SHIFTS)
    sheets = _sheets(path, wanted)
    rows, where = _sheet(sheets, texts.SHEET_ROSTER, path, texts.NO_SHEET)
    sheet = _roster_shifts(rows, where, problem)
    if all_shifts:
        _check_pins(path, problem, sheet, where["sheet"])
        return PinPlan(pins=[s.shift for s in sheet], all_shifts=True)
    written = _written_shifts(*_sheet(sheets, texts.SHEET_SHIFTS, path, texts.NO_SHIFTS_SHEET),
                              problem)
    in_sheet = {s.shift: s for s in sheet}
    before = set(written)
    changed = [s for s in sheet if s.shift not in before]
    kept = [in_sheet[p] for p in problem.pinned_shifts if p in in_sheet]
    chosen = list({s.shift: s for s in kept + changed}.values())
    _check_pins(path, problem, chosen, where["sheet"])
    return PinPlan(pins=[s.shift for s in chosen], changed=changed,
                   kept=[s.shift for s in kept],
                   removed=[s for s in written if s not in in_sheet])
