"""Plain functions behind the staffing CLI commands (scheduler/cli.py wires them).

Intended CLI:

    roster forecast HISTORY TEAM_DIR [--out DIR] [--weeks 4] [--method auto|seasonal_mean|
        recent_level|holt_winters] [--skip-bad-rows] [--assume-zone UTC] [--heatmap-days 30]
        [--heatmap-zone Asia/Shanghai]
        -> forecast_command(...); print "\\n".join(summary.lines())
    roster solve TEAM_DIR [--history HISTORY] ...
        -> optionally forecast_command(HISTORY, TEAM_DIR) first, then after solving:
           table, summary = report_for_team(TEAM_DIR, problem, shifts)
           print format_summary(summary); table.to_csv(OUT / "service_level.csv")
    roster service-report TEAM_DIR ROSTER_CSV [--compare OTHER_CSV]
        -> service_report_for / compare_rosters_for

``forecast_command`` writes into DIR (default TEAM_DIR): demand.csv and peaks.csv (read by
``load_problem``), forecast.csv (the load behind the demand, for service reports) and
suggested_time_off.csv (agents' public holidays, to copy into time_off.csv by hand).
Assumptions come from TEAM_DIR/staffing.toml (see scheduler.staffing.settings).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from scheduler.atomic import write_text_atomic
from scheduler.domain import PeakEvent, Problem, Shift, TimeOff
from scheduler.i18n import _
from scheduler.staffing.calendars import events_between, holiday_time_off, peak_events
from scheduler.staffing.forecast import forecast_week
from scheduler.staffing.history import load_history
from scheduler.staffing.requirements import Staffing, demand_rows, staff_forecast, summary_line
from scheduler.staffing.service_report import compare_reports, service_report
from scheduler.staffing.settings import load_staffing_settings
from scheduler.team_io import FORECAST_COLUMNS, demand_to_csv, load_problem
from scheduler.units import service_headline, share

__all__ = ["ForecastSummary", "forecast_command", "service_report_for", "report_for_team",
           "compare_rosters_for",
           "format_summary", "peaks_to_csv", "time_off_to_csv", "write_forecast_csv"]


# ----------------------------------------------------------------------------- forecast.csv
# Why a file: demand.csv holds agents, but a service report needs the *load* behind them (human
# contacts and handle time per slot and language). Slots are keyed by their UTC start, so a file
# made for another week is rejected instead of silently misaligned.

def write_forecast_csv(path: str | Path, staffing: Staffing, inquiries: dict[str, np.ndarray]
                       ) -> None:
    grid = staffing.grid
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FORECAST_COLUMNS)
    for i, local in enumerate(grid.planning_local):
        start = grid.slot_start(i).strftime("%Y-%m-%dT%H:%M:%SZ")
        for lang, wl in staffing.workload.items():
            writer.writerow([
                start, f"{local:%a %Y-%m-%d %H:%M}", lang, f"{inquiries[lang][i]:.4f}",
                f"{wl.human_contacts[i]:.4f}", f"{wl.aht_s:.1f}", f"{wl.effective_aht_s:.2f}",
                int(staffing.productive[lang][i]), int(staffing.primary[lang][i]),
                int(staffing.backup[lang][i]),
            ])
    write_text_atomic(path, buf.getvalue())


# ----------------------------------------------------------------------------- commands


class ForecastSummary(BaseModel):
    """What ``roster forecast`` did, for printing and for tests."""

    model_config = ConfigDict(frozen=True)

    history_rows: int
    skipped_rows: int
    skip_reasons: tuple[str, ...]
    languages: tuple[str, ...]
    method: str
    held_out_week: dt.date | None
    wape: dict[str, float]  # method -> overall WAPE on the held-out week
    wape_by_language: dict[str, float]  # for the chosen method
    wape_daily: dict[str, float]  # method -> WAPE of daily totals
    noise_floor: float
    backtest_note: str
    staffing: str
    primary_hours: float
    backup_hours: float
    events: tuple[str, ...]
    files: tuple[str, ...]

    def lines(self) -> list[str]:
        """What was done, in the active language (WAPE: weighted absolute percentage error)."""
        sep = _(", ")
        if self.skipped_rows:
            out = [_("History: {rows} rows, {skipped} bad rows skipped").format(
                rows=self.history_rows, skipped=self.skipped_rows)]
        else:
            out = [_("History: {rows} rows").format(rows=self.history_rows)]
        out += ["  " + _("skipped {reason}").format(reason=r) for r in self.skip_reasons]
        if self.held_out_week:
            scores = sep.join(f"{m} {share(w)}" for m, w in self.wape.items())
            out.append(_("Backtest on the week of {week}: slot WAPE {scores} (Poisson noise "
                         "alone: {noise}); using {method}").format(
                week=self.held_out_week, scores=scores, noise=share(self.noise_floor),
                method=self.method))
            out.append("  " + _("daily-total WAPE: {scores}").format(scores=sep.join(
                f"{m} {share(w)}" for m, w in self.wape_daily.items())))
            out.append("  " + _("per language: {scores}").format(scores=sep.join(
                f"{k} {share(v)}" for k, v in sorted(self.wape_by_language.items()))))
        else:
            out.append(_("Forecast method {method}; {note}").format(
                method=self.method, note=_(self.backtest_note)))
        if self.events:
            out.append(_("Events: {events}").format(events=_("; ").join(self.events)))
        out.append(_("Staffing: {staffing}").format(staffing=self.staffing))
        out.append(_("Wrote {files}").format(files=", ".join(self.files)))
        return out


def peaks_to_csv(peaks: Iterable[PeakEvent]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(("name", "start", "end", "languages", "weight", "extra_capacity"))
    for p in peaks:
        writer.writerow((p.name, p.start.isoformat(), p.end.isoformat(), " ".join(p.languages),
                         f"{p.weight:g}", f"{p.extra_capacity:g}"))
    return buf.getvalue()


def time_off_to_csv(items: Iterable[TimeOff]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(("agent_id", "start", "end", "reason"))
    for t in items:
        writer.writerow((t.agent_id, t.start.isoformat(), t.end.isoformat(), t.reason))
    return buf.getvalue()


def forecast_command(
    history_path: str | Path,
    team_folder: str | Path,
    out_folder: str | Path | None = None,
    *,
    weeks: int | None = None,
    method: str | None = None,
    skip_bad_rows: bool = False,
    assume_zone: str = "UTC",
    heatmap_days: float = 30.0,
    heatmap_zone: str | None = None,
) -> ForecastSummary:
    """History -> forecast -> Erlang staffing -> demand.csv, peaks.csv, forecast.csv."""
    team_folder = Path(team_folder)
    out = Path(out_folder) if out_folder is not None else team_folder
    problem = load_problem(team_folder, require_demand=False)  # we are about to write it
    settings = load_staffing_settings(team_folder)
    overrides: dict[str, Any] = {}
    if weeks is not None:
        overrides["weeks"] = weeks
    if method is not None:
        overrides["method"] = method
    if overrides:
        fc = settings.forecast.model_validate({**settings.forecast.model_dump(), **overrides})
        settings = settings.model_copy(update={"forecast": fc})
    on_error: Literal["raise", "skip"] = "skip" if skip_bad_rows else "raise"
    history = load_history(history_path, assume_zone=assume_zone, on_error=on_error,
                           heatmap_days=heatmap_days,
                           heatmap_zone=heatmap_zone or problem.settings.timezone)
    week = problem.settings.week_start
    first = history.period[0].date() - dt.timedelta(days=1) if history.period else week
    events = events_between(first, week + dt.timedelta(days=8), settings.calendar,
                            history.languages)
    forecast = forecast_week(history, problem.settings, settings.forecast, events)
    staffing = staff_forecast(forecast, settings, history)
    rows = demand_rows(staffing)
    peaks = peak_events(events, week)
    leave = holiday_time_off(problem.agents, week)

    files = [out / "demand.csv", out / "peaks.csv", out / "forecast.csv"]
    write_text_atomic(files[0], demand_to_csv(rows))
    write_text_atomic(files[1], peaks_to_csv(peaks))
    write_forecast_csv(files[2], staffing,
                       {lang: lf.inquiries for lang, lf in forecast.languages.items()})
    if leave:
        files.append(out / "suggested_time_off.csv")
        write_text_atomic(files[-1], time_off_to_csv(leave))
    bt = forecast.backtest
    week_end = week + dt.timedelta(days=6)
    return ForecastSummary(
        history_rows=history.rows, skipped_rows=history.skipped,
        skip_reasons=history.skip_reasons, languages=tuple(forecast.languages),
        method=forecast.method, held_out_week=bt.held_out_week, wape=bt.overall,
        wape_by_language=bt.wape.get(forecast.method, {}), wape_daily=bt.daily,
        noise_floor=bt.noise_floor,
        backtest_note=bt.note, staffing=summary_line(staffing),
        primary_hours=staffing.primary_hours(), backup_hours=staffing.backup_hours(),
        events=tuple(_("{name} {start}..{end} (+{uplift} volume)").format(
                         name=e.name, start=e.start, end=e.end,
                         uplift=share(e.volume_uplift, digits=0))
                     for e in events if e.end >= week - dt.timedelta(days=1)
                     and e.start <= week_end),
        files=tuple(str(f) for f in files),
    )


def service_report_for(problem: Problem, shifts: Iterable[Shift]
                       ) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Per slot x language table and the week summary for a roster, with the problem's own
    staffing assumptions and load (forecast.csv, else implied by demand rows)."""
    report = service_report(problem, shifts)
    return report.table, report.summary


def report_for_team(team_folder: str | Path, problem: Problem, shifts: Iterable[Shift]
                    ) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The service report `roster solve` prints. The team folder's staffing.toml and
    forecast.csv are already in ``problem`` (``load_problem`` reads them); kept for callers
    that name the folder."""
    return service_report_for(problem, shifts)


def compare_rosters_for(problem: Problem, shifts_a: Iterable[Shift], shifts_b: Iterable[Shift],
                        names: tuple[str, str] = ("current", "what-if")) -> pd.DataFrame:
    """Side-by-side summary of two rosters of the same week (B − A in column 'delta')."""
    return compare_reports(service_report(problem, shifts_a), service_report(problem, shifts_b),
                           names)


def format_summary(summary: dict[str, Any]) -> str:
    """A few lines a manager reads after `roster solve` (``units.service_headline``)."""
    return "\n".join(service_headline(summary))