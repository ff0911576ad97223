"""Plain functions behind ``roster export --xlsx`` and ``roster pins-from-xlsx``.

The CLI only parses options and calls these, so scripts and tests use the same code paths.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scheduler.formats import weekday_time
from scheduler.i18n import _
from scheduler.roster_io import read_shifts_csv, write_shifts_csv
from scheduler.spreadsheet import texts
from scheduler.spreadsheet.reader import PinPlan, plan_pins
from scheduler.spreadsheet.writer import write_roster_xlsx
from scheduler.team_io import load_problem
from scheduler.validator import validate

__all__ = ["XLSX_NAME", "export_xlsx_command", "pins_command", "format_pin_plan"]

Echo = Callable[[str], None]

#: The workbook's file name, beside roster.csv (`roster solve`) or in the export folder.
XLSX_NAME = "roster.xlsx"


def export_xlsx_command(team_dir: str | Path, roster_csv: str | Path, out_dir: str | Path,
                        echo: Echo = print) -> Path:
    """OUT/roster.xlsx from any saved roster; a roster breaking hard rules says so on top."""
    problem = load_problem(team_dir)
    shifts = read_shifts_csv(roster_csv, known_agents={a.id for a in problem.agents})
    path = write_roster_xlsx(Path(out_dir) / XLSX_NAME, problem, shifts,
                             violations=validate(problem, shifts))
    echo(_(texts.XLSX_WRITTEN).format(path=path))
    return path


def format_pin_plan(plan: PinPlan, path: Path, limit: int = 5) -> str:
    """What was pinned and what was not, in a few lines."""
    lines = [_(texts.PINS_WRITTEN).format(count=len(plan.pins), path=path)]
    if plan.all_shifts:
        lines.append(_(texts.PINS_ALL))
    else:
        if not plan.changed:
            lines[0] = _(texts.PINS_NONE).format(path=path, kept=len(plan.kept))
        lines.append(_(texts.PINS_CHANGED).format(count=len(plan.changed), kept=len(plan.kept)))
        if plan.removed:
            shown = ", ".join(f"{s.agent_id} {weekday_time(s.start)} UTC"
                              for s in plan.removed[:limit])
            more = f" … (+{len(plan.removed) - limit})" if len(plan.removed) > limit else ""
            lines.append(_(texts.PINS_REMOVED).format(count=len(plan.removed),
                                                      shifts=shown + more))
    return "\n".join(lines)


def pins_command(team_dir: str | Path, workbook: str | Path, out: str | Path | None = None, *,
                 all_shifts: bool = False, echo: Echo = print) -> PinPlan:
    """Read an edited roster workbook and write its pins (default TEAM/pinned.csv) in the
    roster CSV format; on any error nothing is written."""
    problem = load_problem(team_dir)
    plan = plan_pins(workbook, problem, all_shifts=all_shifts)
    target = Path(out) if out is not None else Path(team_dir) / "pinned.csv"
    write_shifts_csv(target, plan.pins, problem)
    echo(format_pin_plan(plan, target))
    return plan
