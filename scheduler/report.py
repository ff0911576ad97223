"""Write a solved week to disk: roster, coverage, per-agent hours, KPIs and the predicted service
as CSV and JSON.

Every file is written atomically, so an interrupted run never leaves half a roster behind.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from scheduler.atomic import write_text_atomic
from scheduler.coverage import coverage_table
from scheduler.domain import Problem, Roster, RosterStatus
from scheduler.i18n import _
from scheduler.kpis import Kpis, agent_hours_table, compute_kpis
from scheduler.roster_io import roster_csv, roster_rows
from scheduler.staffing.service_report import ServiceReport, service_report
from scheduler.units import service_headline, share
from scheduler.validator import Violation, validate

__all__ = ["RosterReport", "build_report", "write_report", "quality_in_words"]


def quality_in_words(r: Roster) -> str:
    """How good the roster is, as a manager reads it (no solver jargon), for terminal and app."""
    took = (_("found in {seconds} s").format(seconds=f"{r.solve_seconds:.1f}")
            if r.solve_seconds is not None else _("checked"))
    if r.status is RosterStatus.UNKNOWN:
        return _("a saved roster: its quality against the best possible is not assessed here")
    if r.status is RosterStatus.INFEASIBLE:
        return _("best effort, bends hard rules ({took})").format(took=took)
    if r.gap is None:
        return _("valid; how close to the best possible is not proven in the time allowed "
                 "({took})").format(took=took)
    if r.gap < 0.0005:
        return _("the best roster these rules allow ({took})").format(took=took)
    return _("at most {gap} from the best roster these rules allow ({took})").format(
        gap=share(r.gap), took=took)


class RosterReport:
    """Everything derived from one roster, computed once and shared by CLI, files and app."""

    def __init__(self, problem: Problem, roster: Roster, violations: list[Violation],
                 coverage: pd.DataFrame, agent_hours: pd.DataFrame, kpis: Kpis,
                 service: ServiceReport, breakdown: dict[str, float] | None = None) -> None:
        self.problem = problem
        self.roster = roster
        self.violations = violations
        self.coverage = coverage
        self.agent_hours = agent_hours
        self.kpis = kpis
        self.service = service
        self.breakdown = breakdown or {}

    def summary(self) -> dict[str, Any]:
        return {
            "team": self.problem.settings.name,
            "week_start": self.problem.settings.week_start.isoformat(),
            "timezone": self.problem.settings.timezone,
            "status": self.roster.status.value,
            "objective": self.roster.objective,
            "best_bound": self.roster.best_bound,
            "gap": self.roster.gap,
            "solve_seconds": self.roster.solve_seconds,
            "headline": service_headline(self.service.summary),
            "service": self.service.summary,
            "kpis": self.kpis.model_dump(),
            "objective_breakdown": self.breakdown,
            "publishable": not self.violations,
            "violations": [str(v) for v in self.violations],
        }


def build_report(problem: Problem, roster: Roster,
                 breakdown: dict[str, float] | None = None) -> RosterReport:
    violations = validate(problem, roster.shifts)
    coverage = coverage_table(problem, roster.shifts)
    hours = agent_hours_table(problem, roster.shifts)
    kpis = compute_kpis(problem, roster.shifts, violations, coverage)
    service = service_report(problem, roster.shifts)
    return RosterReport(problem, roster, violations, coverage, hours, kpis, service, breakdown)


def _coverage_csv(coverage: pd.DataFrame) -> str:
    out = coverage.copy()
    out["start_utc"] = out["start_utc"].map(lambda t: t.isoformat())
    out["start_planning"] = out["start_planning"].map(lambda t: t.isoformat())
    return out.to_csv(index=False, lineterminator="\n")


def write_report(report: RosterReport, out_dir: str | Path) -> list[Path]:
    """roster.csv, roster.json, coverage.csv, agent_hours.csv, kpis.json, service_level.csv in
    ``out_dir``."""
    out = Path(out_dir)
    files = {
        "roster.csv": roster_csv(list(report.roster.shifts), report.problem),
        "roster.json": json.dumps({
            "status": report.roster.status.value, "objective": report.roster.objective,
            "best_bound": report.roster.best_bound, "solve_seconds": report.roster.solve_seconds,
            "shifts": roster_rows(list(report.roster.shifts), report.problem),
        }, indent=2, ensure_ascii=False),
        "coverage.csv": _coverage_csv(report.coverage),
        "agent_hours.csv": report.agent_hours.to_csv(index=False, lineterminator="\n"),
        "kpis.json": json.dumps(report.summary(), indent=2, ensure_ascii=False, default=str),
        "service_level.csv": report.service.table.to_csv(index=False, lineterminator="\n"),
    }
    written = []
    for name, text in files.items():
        write_text_atomic(out / name, text)
        written.append(out / name)
    return written
