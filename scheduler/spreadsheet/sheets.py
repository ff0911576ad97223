"""The workbook's read-only sheets: Coverage, Shifts and Legend (the Roster sheet is in writer)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import pandas as pd
from babel import Locale
from openpyxl.formatting.rule import CellIsRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.coverage import ALL
from scheduler.domain import Problem, Shift
from scheduler.formats import city, weekday, zone_label
from scheduler.i18n import _, babel_locale
from scheduler.roster_io import ROSTER_COLUMNS, roster_rows
from scheduler.spreadsheet import layout, texts
from scheduler.timegrid import WeekGrid

__all__ = ["coverage_sheet", "shifts_sheet", "legend_sheet", "coverage_columns"]


def _header(ws: Worksheet, row: int, labels: Sequence[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=column, value=label)
        cell.font, cell.fill, cell.alignment = layout.HEADER_FONT, layout.HEADER_FILL, layout.CENTER
    ws.row_dimensions[row].height = 45


def _widths(ws: Worksheet, widths: Sequence[int]) -> None:
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = min(max(width, 8), 40) + 2


def _plain(value: Any) -> Any:
    """A cell value from a table value: numbers stay numbers, missing is empty, times are text
    (a spreadsheet date cannot carry a zone, and these times are exact with their offset)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat(timespec="minutes")
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def coverage_columns(coverage: pd.DataFrame) -> list[str]:
    """Planning-zone time and language first, then the table's own columns in its order,
    the slot number and UTC start last: any column the coverage table gains shows up too."""
    first = [c for c in ("start_planning", "language") if c in coverage.columns]
    last = [c for c in ("slot", "start_utc") if c in coverage.columns]
    return first + [c for c in coverage.columns if c not in first + last] + last


def coverage_sheet(ws: Worksheet, problem: Problem, coverage: pd.DataFrame) -> None:
    """``coverage_table`` row by row (slot x language), gaps highlighted; nothing recomputed."""
    zone = problem.settings.timezone
    names = dict(planning_city=city(zone), planning_zone=zone)
    columns = coverage_columns(coverage)
    shown: list[tuple[str, str]] = []  # (header, source column): the planning start is two
    for c in columns:
        if c == "start_planning":
            shown.append((_(texts.COVERAGE_DAY).format(**names), c))
        shown.append((_(texts.COVERAGE_HEADERS.get(c, c)).format(**names), c))
    labels = [label for label, _source in shown]
    layout.note_row(ws, 1, _(texts.COVERAGE_TITLE).format(
        slot=problem.settings.slot_minutes, all=ALL, **names), len(labels), lines=2)
    row = layout.COVERAGE_HEADER_ROW
    _header(ws, row, labels)
    values = {c: coverage[c].tolist() for c in columns}
    widths = [max(len(word) for word in label.split()) + 2 for label in labels]
    for i in range(len(coverage)):
        out: list[Any] = []
        for c in columns:
            value = values[c][i]
            if c == "start_planning":
                out += [f"{weekday(value.weekday())} {value:%Y-%m-%d}",
                        f"{value:%H:%M}"]
            elif c == "start_utc":
                out.append(f"{value:%Y-%m-%d %H:%M}")
            else:
                out.append(_plain(value))
        ws.append(out)
        if i < 50:  # enough rows to size the columns (the day and time formats never vary)
            widths = [max(w, len(str(v)) + 1) for w, v in zip(widths, out, strict=True)]
    last_row = row + len(coverage)
    for k, (_label, source) in enumerate(shown, start=1):
        if source.startswith("gap"):
            letter = get_column_letter(k)
            ws.conditional_formatting.add(f"{letter}{row + 1}:{letter}{last_row}", CellIsRule(
                operator="greaterThan", formula=["0"], fill=layout.GAP_FILL,
                font=layout.GAP_FONT))
    _widths(ws, widths)
    ws.freeze_panes = ws.cell(row=row + 1, column=4 if "start_planning" in columns else 2)
    ws.auto_filter.ref = f"A{row}:{get_column_letter(len(labels))}{last_row}"
    layout.print_setup(ws, row)
    layout.protect(ws)


def shifts_sheet(ws: Worksheet, problem: Problem, shifts: Sequence[Shift]) -> None:
    """``roster_io.roster_rows`` under readable headers: the roster as written, read-only; the
    reader compares the edited Roster sheet with it."""
    zone = problem.settings.timezone
    layout.note_row(ws, 1, _(texts.SHIFTS_TITLE).format(planning_city=city(zone),
                                                     planning_zone=zone),
                    len(ROSTER_COLUMNS), lines=2)
    row = layout.SHIFTS_HEADER_ROW
    _header(ws, row, [_(texts.SHIFTS_HEADERS[c]) for c in ROSTER_COLUMNS])
    widths = [len(_(texts.SHIFTS_HEADERS[c])) // 2 for c in ROSTER_COLUMNS]
    for record in roster_rows(list(shifts), problem):
        record = {**record, "role": _(texts.ROLE_NAMES.get(record["role"], record["role"])),
                  "hours": float(record["hours"])}
        values = [record[c] for c in ROSTER_COLUMNS]
        ws.append(values)
        widths = [max(w, len(str(v))) for w, v in zip(widths, values, strict=True)]
    _widths(ws, widths)
    ws.freeze_panes = ws.cell(row=row + 1, column=3)
    ws.auto_filter.ref = f"A{row}:{get_column_letter(len(ROSTER_COLUMNS))}{row + len(shifts)}"
    layout.print_setup(ws, row)
    layout.protect(ws)


def _language_name(code: str) -> str:
    try:
        return Locale.parse(babel_locale()).languages.get(code, code)
    except (ValueError, LookupError):
        return code


_LEGEND_WIDTH = 100  # characters of explanation per line


def legend_sheet(ws: Worksheet, problem: Problem) -> None:
    """What the colours, the times and the zones mean, with the team's own languages and zones."""
    zone = problem.settings.timezone
    names = dict(planning_city=city(zone), planning_zone=zone, backup=_(texts.BACKUP_WORD))
    grid = WeekGrid.for_settings(problem.settings)
    ws.cell(row=1, column=1, value=_(texts.LEGEND_TITLE)).font = layout.TITLE_FONT

    def section(title: str) -> None:
        ws.append([])
        ws.append([title])
        ws.cell(row=ws.max_row, column=1).font = layout.HEADER_FONT

    section(_(texts.LEGEND_COLOURS))
    mains = Counter(layout.main_language(a) for a in problem.agents)
    for code, count in mains.most_common():
        ws.append([code, _(texts.LEGEND_LANGUAGE).format(language=_language_name(code),
                                                          count=count)])
        ws.cell(row=ws.max_row, column=1).fill = layout.fill(layout.language_colour(code))
    section(_(texts.LEGEND_ROLES))
    sample = layout.language_colour(mains.most_common(1)[0][0])
    ws.append(["09:00–17:00", _(texts.LEGEND_PRIMARY).format(**names)])
    ws.cell(row=ws.max_row, column=1).fill = layout.fill(sample)
    ws.append([f"09:00–17:00 {_(texts.BACKUP_WORD)}", _(texts.LEGEND_BACKUP).format(**names)])
    cell = ws.cell(row=ws.max_row, column=1)
    cell.fill, cell.font = layout.fill(layout.backup_tint(sample)), layout.BACKUP_FONT
    cell.border = layout.BACKUP_BORDER
    section(_(texts.LEGEND_TIMES))
    for line in texts.LEGEND_TIME_LINES:
        ws.append(["", _(line).format(**names)])
    section(_(texts.LEGEND_ZONES))
    zones = dict.fromkeys([zone, *(a.timezone for a in problem.agents)])
    for name in zones:
        label = zone_label(name, grid.start_utc, grid.end_utc)
        offsets = label[label.index("(") + 1:-1] if "(" in label else label
        line = _(texts.LEGEND_ZONE_LINE).format(city=city(name), zone=name, offsets=offsets)
        ws.append([_(texts.LEGEND_PLANNING) if name == zone else "", line])
    ws.append([])
    ws.append(["", _(texts.LEGEND_COVERAGE)])
    for (cell,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        if isinstance(cell.value, str):  # wrapped, with room for the lines it takes
            cell.alignment = layout.WRAP
            ws.row_dimensions[cell.row].height = 15 * (len(cell.value) // _LEGEND_WIDTH + 1) + 2
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = _LEGEND_WIDTH + 10
    layout.print_setup(ws, 1)
    layout.protect(ws)
