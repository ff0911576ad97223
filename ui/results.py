"""What the results and scenario pages display, as plain data (no Streamlit).

Turns the engine's report, the roster diff, the predicted service level (``scheduler.staffing``),
the .ics files (``scheduler.calendar``) and the roster workbook (``scheduler.spreadsheet``) into
cards, rows and download payloads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from scheduler.calendar.publish import agent_ics_bytes, calendars_zip_bytes
from scheduler.domain import Problem, Shift
from scheduler.kpis import Kpis
from scheduler.report import RosterReport
from scheduler.roster_diff import ChangeKind, KpiDelta, RosterDiff
from scheduler.spreadsheet.writer import roster_xlsx_bytes
from scheduler.staffing.service_report import service_report

__all__ = [
    "Card", "predicted_service", "kpi_cards", "agent_hours_view", "agent_calendar",
    "all_calendars", "roster_workbook", "kpi_delta_frame", "diff_frames", "diff_headline",
    "week_label",
]


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None = None
    good: bool | None = None  # True: the delta is an improvement
    help: str | None = None


def predicted_service(problem: Problem, shifts: tuple[Shift, ...] | list[Shift],
                      team_folder: str | None) -> dict[str, Any] | None:
    """Week summary of predicted service (share answered in target); None if it cannot be
    computed. The team's staffing.toml and forecast.csv are part of ``problem``."""
    try:  # an add-on failing must never hide the roster itself
        return dict(service_report(problem, shifts).summary)
    except Exception:  # noqa: BLE001
        return None


def _delta(name: str, kpis: Mapping[str, Any], before: Mapping[str, Any] | None,
           higher_is_better: bool, fmt: str) -> tuple[str | None, bool | None]:
    if before is None or name not in before:
        return None, None
    diff = float(kpis[name]) - float(before[name])
    if abs(diff) < 1e-9:
        return "±0", None
    shown = round(diff) if fmt.endswith("d") else diff  # counts: 'd' takes no float
    return format(shown, "+" + fmt), (diff > 0) == higher_is_better


def kpi_cards(kpis: Kpis, service: Mapping[str, Any] | None = None,
              before: Mapping[str, Any] | None = None) -> list[Card]:
    """The KPI strip on top of the roster; deltas are against the baseline scenario if any."""
    now = kpis.model_dump()
    cards = [Card("24/7 held", "yes" if kpis.online_24_7_held else "NO",
                  help="at least one agent online in every slot of the week")]
    for name, label, fmt, higher, suffix in (
        ("uncovered_primary_hours", "Uncovered hours", ",.1f", False, " h"),
        ("coverage_share", "Primary coverage", ".1%", True, ""),
        ("paid_hours", "Paid hours", ",.0f", False, " h"),
        ("cost", "Cost", ",.0f", False, ""),
        ("night_shifts_spread", "Night-shift spread", "d", False, ""),
    ):
        delta, good = _delta(name, now, before, higher, fmt)
        cards.append(Card(label, format(now[name], fmt) + suffix, delta, good))
    cards.append(Card("Hours per agent", f"{kpis.hours_per_agent_min:g}–"
                      f"{kpis.hours_per_agent_max:g} h", help="fewest – most paid hours"))
    if service is not None:
        cards.append(Card("Predicted service level", f"{service['frt_attainment']:.0%}",
                          help=f"share of contacts answered within target "
                               f"({service.get('target', '')}; load "
                               f"{service.get('load_source', '')})"))
    cards.append(Card("Hard-rule violations", str(kpis.violations),
                      good=None if kpis.hard_rules_ok else False))
    return cards


def agent_hours_view(table: pd.DataFrame) -> pd.DataFrame:
    """Per-agent hours with contract bounds and a flag where the contract is not met."""
    view = table[["agent_id", "name", "hours", "min_hours", "max_hours", "shifts",
                  "primary_shifts", "backup_shifts", "night_shifts", "weekend_shifts"]].copy()
    view["contract"] = [
        "below minimum" if h < lo - 1e-9 else "above maximum" if h > hi + 1e-9 else "ok"
        for h, lo, hi in zip(view["hours"], view["min_hours"], view["max_hours"],
                             strict=True)]
    return view


def agent_calendar(problem: Problem, shifts: tuple[Shift, ...], agent_id: str
                   ) -> Callable[[], bytes]:
    """Deferred .ics of one agent (built only when the download is clicked)."""
    return lambda: agent_ics_bytes(problem, shifts, agent_id)


def all_calendars(problem: Problem, shifts: tuple[Shift, ...]) -> Callable[[], bytes]:
    """Deferred zip of every calendar of the team."""
    return lambda: calendars_zip_bytes(problem, shifts)


def roster_workbook(report: RosterReport) -> Callable[[], bytes]:
    """Deferred roster.xlsx (the Excel roster grid) of a solved week, as `roster solve` writes."""
    return lambda: roster_xlsx_bytes(report.problem, report.roster.shifts,
                                     coverage=report.coverage, violations=report.violations)


_YES_NO_KPIS = {"online_24_7_held", "hard_rules_ok"}


def _kpi_text(name: str, value: float) -> str:
    if name in _YES_NO_KPIS:
        return "yes" if value else "no"
    if name.endswith("_share"):
        return f"{value:.1%}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def kpi_delta_frame(deltas: list[KpiDelta]) -> pd.DataFrame:
    """Saved vs now as display text (yes/no for pass-fail KPIs), with the direction judged."""
    return pd.DataFrame([{
        "KPI": d.label, "saved": _kpi_text(d.name, d.before), "now": _kpi_text(d.name, d.after),
        "change": "" if d.name in _YES_NO_KPIS or d.improved is None
        else ("+" if d.delta > 0 else "−") + _kpi_text(d.name, abs(d.delta)),
        "effect": "—" if d.improved is None else "better" if d.improved else "worse",
    } for d in deltas], columns=["KPI", "saved", "now", "change", "effect"])


def _span(shift: Shift | None, zone: ZoneInfo) -> str:
    if shift is None:
        return ""
    start, end = shift.start.astimezone(zone), shift.end.astimezone(zone)
    return f"{start:%a %H:%M}–{end:%H:%M} {shift.role.value}"


def diff_frames(diff: RosterDiff, problem: Problem) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per-agent summary, one row per changed shift), times in the planning zone."""
    zone = ZoneInfo(problem.settings.timezone)
    names = {a.id: a.name for a in problem.agents}
    per_agent = pd.DataFrame([{
        "agent": f"{c.agent_id} {names.get(c.agent_id, '')}".strip(), "added": c.added,
        "removed": c.removed, "moved": c.moved, "hours before": c.hours_before,
        "hours now": c.hours_after, "hours change": c.hours_delta,
    } for c in diff.per_agent], columns=["agent", "added", "removed", "moved", "hours before",
                                         "hours now", "hours change"])
    changes = pd.DataFrame([{
        "agent": f"{c.agent_id} {names.get(c.agent_id, '')}".strip(), "change": c.kind.value,
        "saved shift": _span(c.old, zone), "new shift": _span(c.new, zone),
    } for c in diff.changes], columns=["agent", "change", "saved shift", "new shift"])
    return per_agent, changes


def diff_headline(diff: RosterDiff) -> str:
    """'3 added, 2 removed, 5 moved, 120 unchanged' for the top of the comparison."""
    return (f"{diff.count(ChangeKind.ADDED)} added, {diff.count(ChangeKind.REMOVED)} removed, "
            f"{diff.count(ChangeKind.MOVED)} moved, {diff.unchanged} unchanged")


def week_label(problem: Problem) -> str:
    end = problem.settings.week_start + dt.timedelta(days=6)
    start = problem.settings.week_start
    return f"{start:%a %d %b} – {end:%a %d %b %Y} ({problem.settings.timezone})"
