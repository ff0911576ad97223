"""Roster -> .xlsx: the roster grid (排班表) managers pass around, plus coverage, shifts, legend.

    write_roster_xlsx("out/roster.xlsx", problem, shifts)        # atomic, honours the umask
    data = roster_xlsx_bytes(problem, shifts)                    # the app's download

Sheets: **Roster** (agents x the 7 planning-zone dates; each cell the agent's shifts in the
agent's own local time, see ``celltext``; the one sheet meant for editing), **Coverage**
(``scheduler.coverage.coverage_table`` as it is, gaps red), **Shifts** (``roster_io``'s rows:
UTC, agent-local and planning-zone times) and **Legend**.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.atomic import write_bytes_atomic
from scheduler.domain import Agent, Problem, Role, Shift
from scheduler.formats import city, zone_label
from scheduler.i18n import _
from scheduler.spreadsheet import layout, texts
from scheduler.spreadsheet.celltext import column_date, format_cell
from scheduler.spreadsheet.sheets import coverage_sheet, legend_sheet, shifts_sheet
from scheduler.timegrid import WeekGrid

__all__ = ["build_workbook", "roster_xlsx_bytes", "write_roster_xlsx"]

#: Agent columns of the Roster sheet, then the 7 days, then the week's paid hours.
_AGENT_HEADERS = (texts.HEAD_NAME, texts.HEAD_ID, texts.HEAD_ZONE, texts.HEAD_LANGUAGES)
_FIRST_DAY = len(_AGENT_HEADERS) + 1
_HOURS = _FIRST_DAY + 7


def _languages_text(agent: Agent) -> str:
    text = " ".join(agent.primary_languages)
    if agent.backup_languages:
        backup = _(texts.BACKUP_LANGUAGES).format(languages=" ".join(agent.backup_languages))
        text = f"{text}\n{backup}" if text else backup
    return text


def _style_day(cell: Any, agent: Agent, shifts: list[Shift]) -> None:
    """Fill = the agent's main language; an on-call-only day is pale, italic, dashed."""
    cell.number_format = "@"  # typed times stay text (Excel would turn 09:00 into a number)
    cell.alignment = layout.CENTER
    cell.border = layout.THIN_BORDER
    if not shifts:
        return
    colour = layout.language_colour(layout.main_language(agent))
    if any(s.role is Role.PRIMARY for s in shifts):
        cell.fill = layout.fill(colour)
    else:
        cell.fill = layout.fill(layout.backup_tint(colour))
        cell.font = layout.BACKUP_FONT
        cell.border = layout.BACKUP_BORDER


def _roster_sheet(ws: Worksheet, problem: Problem, shifts: Sequence[Shift],
                  violations: Sequence[Any]) -> None:
    settings = problem.settings
    grid = WeekGrid.for_settings(settings)
    planning = ZoneInfo(settings.timezone)
    days = [settings.week_start + dt.timedelta(days=k) for k in range(7)]
    cells: dict[tuple[str, dt.date], list[Shift]] = defaultdict(list)
    for s in shifts:
        cells[(s.agent_id, column_date(s, planning))].append(s)

    ws.title = _(texts.SHEET_ROSTER)
    layout.note_row(ws, 1, _(texts.ROSTER_TITLE).format(
        team=settings.name, first=days[0].isoformat(), last=days[-1].isoformat()), _HOURS,
        font=layout.TITLE_FONT, lines=1)
    layout.note_row(ws, 2, _(texts.ROSTER_ZONES).format(
        planning_city=city(settings.timezone), planning_zone=settings.timezone), _HOURS, lines=3)
    layout.note_row(ws, 3, _(texts.ROSTER_HOW_TO_EDIT).format(backup=_(texts.BACKUP_WORD)),
                    _HOURS, lines=2)
    warnings = []
    if violations:
        rules = ", ".join(sorted({_(str(getattr(v, "rule", v))) for v in violations}))
        warnings.append(_(texts.ROSTER_NOT_PUBLISHABLE).format(count=len(violations),
                                                               rules=rules))
    outside = sum(1 for s in shifts if column_date(s, planning) not in days)
    if outside:
        warnings.append(_(texts.ROSTER_OUTSIDE_WEEK).format(count=outside))
    if warnings:
        layout.note_row(ws, 4, " ".join(warnings), _HOURS, lines=2, font=layout.WARNING_FONT)

    agent_headers = [_(h) for h in _AGENT_HEADERS]
    headers = (*agent_headers, *days, _(texts.HEAD_HOURS))
    for column, value in enumerate(headers, start=1):
        cell = ws.cell(row=layout.HEADER_ROW, column=column, value=value)
        cell.font, cell.fill, cell.alignment = layout.HEADER_FONT, layout.HEADER_FILL, layout.CENTER
        cell.border = layout.THIN_BORDER
        if isinstance(value, dt.date):
            cell.number_format = "ddd yyyy-mm-dd"

    widths = [len(h) for h in agent_headers] + [18] * 7 + [len(_(texts.HEAD_HOURS))]
    for row, agent in enumerate(problem.agents, start=layout.FIRST_AGENT_ROW):
        zone = agent.zone
        info = (agent.name, agent.id, zone_label(agent.timezone, grid.start_utc, grid.end_utc),
                _languages_text(agent))
        colour = layout.fill(layout.language_colour(layout.main_language(agent)))
        for column, value in enumerate(info, start=1):
            cell = ws.cell(row=row, column=column, value=value)
            cell.alignment, cell.border = layout.WRAP, layout.THIN_BORDER
            widths[column - 1] = max(widths[column - 1], *(len(p) for p in value.split("\n")))
        ws.cell(row=row, column=1).fill = colour
        ws.cell(row=row, column=1).font = layout.HEADER_FONT
        lines = info[3].count("\n") + 1
        hours = 0.0
        for k, day in enumerate(days):
            mine = cells.get((agent.id, day), [])
            text = format_cell(mine, zone, day)
            cell = ws.cell(row=row, column=_FIRST_DAY + k, value=text or None)
            _style_day(cell, agent, mine)
            hours += sum(s.hours for s in mine)
            lines = max(lines, text.count("\n") + 1)
            widths[_FIRST_DAY - 1 + k] = max(widths[_FIRST_DAY - 1 + k],
                                             *(len(p) for p in text.split("\n")))
        total = ws.cell(row=row, column=_HOURS, value=round(hours, 2))
        total.alignment, total.border = layout.CENTER, layout.THIN_BORDER
        ws.row_dimensions[row].height = 15 * lines + 3

    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = min(width, 50) + 2
    last = layout.HEADER_ROW + len(problem.agents)
    ws.freeze_panes = ws.cell(row=layout.FIRST_AGENT_ROW, column=_FIRST_DAY)
    ws.auto_filter.ref = f"A{layout.HEADER_ROW}:{get_column_letter(_HOURS)}{last}"
    layout.print_setup(ws, layout.HEADER_ROW)


def build_workbook(problem: Problem, shifts: Sequence[Shift], *,
                   coverage: pd.DataFrame | None = None,
                   violations: Sequence[Any] = ()) -> Workbook:
    """The four sheets. ``coverage`` is the report's ``coverage_table`` when the caller has it
    (computed here otherwise); ``violations`` (hard-rule breaches) put a warning on top."""
    if coverage is None:
        from scheduler.coverage import coverage_table

        coverage = coverage_table(problem, list(shifts))
    wb = Workbook()
    _roster_sheet(wb.active, problem, shifts, violations)
    coverage_sheet(wb.create_sheet(_(texts.SHEET_COVERAGE)), problem, coverage)
    shifts_sheet(wb.create_sheet(_(texts.SHEET_SHIFTS)), problem, shifts)
    legend_sheet(wb.create_sheet(_(texts.SHEET_LEGEND)), problem)
    wb.properties.title = _(texts.ROSTER_TITLE).format(
        team=problem.settings.name, first=problem.settings.week_start.isoformat(),
        last=(problem.settings.week_start + dt.timedelta(days=6)).isoformat())
    wb.properties.creator = "roster-optimizer"
    return wb


def roster_xlsx_bytes(problem: Problem, shifts: Sequence[Shift], *,
                      coverage: pd.DataFrame | None = None,
                      violations: Sequence[Any] = ()) -> bytes:
    buffer = io.BytesIO()
    build_workbook(problem, shifts, coverage=coverage, violations=violations).save(buffer)
    return buffer.getvalue()


def write_roster_xlsx(path: str | Path, problem: Problem, shifts: Sequence[Shift], *,
                      coverage: pd.DataFrame | None = None,
                      violations: Sequence[Any] = ()) -> Path:
    """Write the workbook atomically (a reader never sees half a file; the umask applies)."""
    path = Path(path)
    write_bytes_atomic(path, roster_xlsx_bytes(problem, shifts, coverage=coverage,
                                               violations=violations))
    return path
