"""`roster simulate`: the function the CLI calls, the files it writes and the table it prints.

The load comes from where the service report takes it (TEAM_DIR/forecast.csv, else the load
implied by demand rows) and the prediction from ``report_for_team``, so the simulation checks
exactly the numbers `roster solve` and `roster service-report` print.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from rich.table import Table

from scheduler.atomic import write_text_atomic
from scheduler.roster_io import read_shifts_csv
from scheduler.simulation.explain import duration_words
from scheduler.simulation.inputs import week_input
from scheduler.simulation.results import (
    AGREEMENT_POINTS,
    LanguageResult,
    SimulationResult,
    compare,
    replicate,
)
from scheduler.queues import workloads
from scheduler.staffing.service_report import service_report
from scheduler.team_io import load_problem
from scheduler.timegrid import WeekGrid

__all__ = ["simulate_command", "write_outputs", "result_table", "reason_lines", "CSV_COLUMNS"]

CSV_COLUMNS = ("language", "inquiries", "bot_resolved", "human_contacts", "simulated_in_target",
               "ci_low", "ci_high", "predicted_in_target", "difference_points", "agrees",
               "abandoned", "nobody_on_shift", "average_wait_s", "answered_by_backup",
               "alerts_per_week", "reasons")


def simulate_command(team_dir: str | Path, roster_csv: str | Path, *, runs: int = 20,
                     seed: int = 0, out: str | Path | None = None,
                     on_run: Callable[[int, int], None] | None = None) -> SimulationResult:
    """Simulate ``runs`` weeks of the roster and compare with its predicted service level.

    Bad input raises InputError before any run; files are written only when all runs are done.
    """
    folder = Path(team_dir)
    problem = load_problem(folder)
    shifts = read_shifts_csv(roster_csv, known_agents={a.id for a in problem.agents})
    settings = problem.staffing
    grid = WeekGrid.for_settings(problem.settings)
    loads, _ = workloads(problem, grid)
    report = service_report(problem, shifts)
    table, summary = report.table, report.summary
    data = week_input(problem, shifts, loads, settings)
    counters = replicate(data, settings, runs, seed, on_run)
    result = compare(counters, table, summary, data, settings, team=problem.settings.name,
                     week_start=problem.settings.week_start.isoformat(), seed=seed)
    if out is not None:
        write_outputs(result, out)
    return result


def _cell(x: float | bool | None, spec: str = ".4f") -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return "yes" if x else "no"
    return format(x, spec)


def write_outputs(result: SimulationResult, out: str | Path) -> list[Path]:
    """simulation.csv (one row per language, then ``all``) and simulation.json (everything)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in (*result.languages, result.overall):
        writer.writerow([r.language, _cell(r.inquiries, ".1f"), _cell(r.bot_resolved, ".1f"),
                         _cell(r.contacts, ".1f"), _cell(r.simulated), _cell(r.ci_low),
                         _cell(r.ci_high), _cell(r.predicted), _cell(r.difference_points, ".2f"),
                         _cell(r.agrees), _cell(r.abandoned), _cell(r.nobody_on_shift),
                         _cell(r.average_wait_s, ".1f"),
                         _cell(r.answered_by_backup), _cell(r.alerts_per_week, ".2f"),
                         "; ".join(r.reasons)])
    text = json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    files = [Path(out) / "simulation.csv", Path(out) / "simulation.json"]
    write_text_atomic(files[0], buf.getvalue())
    write_text_atomic(files[1], text)
    return files


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.1%}"


def _verdict(r: LanguageResult) -> str:
    if r.agrees is None:
        return "no contacts"
    return "[green]agrees[/]" if r.agrees else "[red]differs[/]"


def result_table(result: SimulationResult) -> Table:
    """Per language and overall, as a manager reads it (fits an 80-column terminal)."""
    table = Table(title=f"{result.team}, week of {result.week_start}: share of human contacts "
                        f"answered within {duration_words(result.target_s)}, "
                        f"{result.runs} simulated weeks vs predicted")
    for name, right in (("lang", False), ("contacts\n/ week", True),
                        ("simulated\n(95% interval)", True), ("predicted", True),
                        ("diff\n(points)", True), ("gave\nup", True), ("verdict", False)):
        table.add_column(name, justify="right" if right else "left")
    for r in (*result.languages, result.overall):
        ci = (f" ({100 * r.ci_low:.1f}–{100 * r.ci_high:.1f})" if r.ci_low is not None
              and r.ci_high is not None else "")
        diff = ("–" if r.difference_points is None
                else f"{round(r.difference_points, 1) + 0.0:+.1f}")  # no "-0.0"
        table.add_row(r.language, f"{r.contacts:,.0f}", _pct(r.simulated) + ci,
                      _pct(r.predicted), diff, _pct(r.abandoned), _verdict(r),
                      end_section=r is result.languages[-1])
    return table


def _no_reason(r: LanguageResult) -> str:
    if r.ci_low is not None and r.ci_high is not None and r.ci_low <= r.predicted <= r.ci_high:
        return ("the prediction lies inside the simulation's 95% interval, so this may be chance; "
                "more runs (--runs) would tell")
    return "none of the mechanisms the simulation counts stands out"


def reason_lines(result: SimulationResult) -> list[str]:
    """A paragraph per language whose difference exceeds the agreement band."""
    lines = [f"Agreement band: ±{AGREEMENT_POINTS:g} points. Load {result.load_source}; "
             f"{result.primary_hours:,.0f} primary agent-hours a week, "
             f"{result.break_share:.1%} of them on breaks; backups joined "
             f"{result.backup_joins_per_week:.1f} times a week "
             f"({result.backup_hours_per_week:.1f} agent-hours)."]
    for r in (*result.languages, result.overall):
        if r.agrees is False:
            why = "; ".join(r.reasons) if r.reasons else _no_reason(r)
            lines.append(f"{r.language} differs by {r.difference_points:+.1f} points: {why}.")
    return lines
