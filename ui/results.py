"""What the results and scenario pages display, as plain data (no Streamlit).

Turns the engine's report, the roster diff, the predicted service level (``scheduler.staffing``),
the .ics files (``scheduler.calendar``) and the roster workbook (``scheduler.spreadsheet``) into
cards, rows and download payloads, with labels in the active language (``scheduler.i18n``);
figures are formatted by ``scheduler.units`` and ``scheduler.formats``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from scheduler.calendar.publish import agent_ics_bytes, calendars_zip_bytes
from scheduler.cli_views import change_word
from scheduler.domain import Problem, Shift
from scheduler.formats import day, day_year, weekday_time
from scheduler.i18n import N_, _
from scheduler.kpis import Kpis
from scheduler.report import RosterReport
from scheduler.roster_diff import ChangeKind, KpiDelta, RosterDiff
from scheduler.spreadsheet.writer import roster_xlsx_bytes
from scheduler.staffing.service_report import service_report
from scheduler.units import hours, money, number, share, target_text
from scheduler.validator import role_name

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
           higher_is_better: bool, fmt: Callable[[float], str]
           ) -> tuple[str | None, bool | None]:
    if before is None or name not in before:
        return None, None
    diff = float(kpis[name]) - float(before[name])
    if abs(diff) < 1e-9:
        return "±0", None
    return ("+" if diff > 0 else "-") + fmt(abs(diff)), (diff > 0) == higher_is_better


def kpi_cards(kpis: Kpis, service: Mapping[str, Any] | None = None,
              before: Mapping[str, Any] | None = None, currency: str = "CNY") -> list[Card]:
    """The KPI strip on top of the roster; deltas are against the baseline scenario if any."""
    now = kpis.model_dump()
    cards = [Card(_("24/7 held"), _("yes") if kpis.online_24_7_held else _("NO"),
                  help=_("at least one agent online in every slot of the week"))]
    for name, label, fmt, higher in (
        ("uncovered_primary_hours", _("Uncovered hours"), hours, False),
        ("coverage_share", _("Primary coverage"), share, True),
        ("paid_hours", _("Paid hours"), lambda x: hours(round(x)), False),
        ("cost", _("Cost"), lambda x: money(x, currency), False),
        ("night_shifts_spread", _("Night-shift spread"), lambda x: number(x, digits=0), False),
    ):
        delta, good = _delta(name, now, before, higher, fmt)
        cards.append(Card(label, fmt(now[name]), delta, good))
    cards.append(Card(_("Hours per agent"), _("{low}–{high} h").format(
        low=f"{kpis.hours_per_agent_min:g}", high=f"{kpis.hours_per_agent_max:g}"),
        help=_("fewest – most paid hours")))
    if service is not None:
        target = target_text(service) if "target_share" in service else ""
        cards.append(Card(_("Predicted service level"), share(service["frt_attainment"], digits=0),
                          help=_("share of contacts answered within target ({target}; load "
                                 "{load})").format(target=target,
                                                   load=_(service.get("load_source", "")))))
    cards.append(Card(_("Hard-rule violations"), str(kpis.violations),
                      good=None if kpis.hard_rules_ok else False))
    return cards


#: columns of the per-agent hours table (``kpis.agent_hours_table``) as the app names them
HOURS_COLUMNS = {
    "agent_id": N_("ID"), "name": N_("agent"), "hours": N_("hours"),
    "min_hours": N_("contract min (h)"), "max_hours": N_("contract max (h)"),
    "shifts": N_("shifts"), "primary_shifts": N_("online shifts"),
    "backup_shifts": N_("on-call shifts"), "night_shifts": N_("night shifts"),
    "weekend_shifts": N_("weekend shifts"), "contract": N_("contract"),
}


def agent_hours_view(table: pd.DataFrame) -> pd.DataFrame:
    """Per-agent hours with contract bounds and a flag where the contract is not met; column
    names in the active language (``HOURS_COLUMNS``)."""
    view = table[["agent_id", "name", "hours", "min_hours", "max_hours", "shifts",
                  "primary_shifts", "backup_shifts", "night_shifts", "weekend_shifts"]].copy()
    view["contract"] = [
        _("below minimum") if h < lo - 1e-9 else _("above maximum") if h > hi + 1e-9
        else _("ok")
        for h, lo, hi in zip(view["hours"], view["min_hours"], view["max_hours"],
                             strict=True)]
    return view.rename(columns={c: _(label) for c, label in HOURS_COLUMNS.items()})


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
        return _("yes") if value else _("no")
    if name.endswith("_share"):
        return share(value)
    return number(value, digits=2)


def kpi_delta_frame(deltas: list[KpiDelta]) -> pd.DataFrame:
    """Saved vs now as display text (yes/no for pass-fail KPIs), with the direction judged."""
    columns = [_("KPI"), _("saved"), _("now"), _("change"), _("effect")]
    return pd.DataFrame([dict(zip(columns, (
        d.label, _kpi_text(d.name, d.before), _kpi_text(d.name, d.after),
        "" if d.name in _YES_NO_KPIS or d.improved is None
        else ("+" if d.delta > 0 else "−") + _kpi_text(d.name, abs(d.delta)),
        "—" if d.improved is None else _("better") if d.improved else _("worse"),
    ), strict=True)) for d in deltas], columns=columns)


def _span(shift: Shift | None, zone: ZoneInfo) -> str:
    if shift is None:
        return ""
    start, end = shift.start.astimezone(zone), shift.end.astimezone(zone)
    return f"{weekday_time(start)}–{end:%H:%M} {role_name(shift.role)}"


def diff_frames(diff: RosterDiff, problem: Problem) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per-agent summary, one row per changed shift), times in the planning zone."""
    zone = ZoneInfo(problem.settings.timezone)
    names = {a.id: a.name for a in problem.agents}
    agent, added, removed, moved = (_("agent"), change_word(ChangeKind.ADDED),
                                    change_word(ChangeKind.REMOVED),
                                    change_word(ChangeKind.MOVED))
    before, now, change = _("hours before"), _("hours now"), _("hours change")
    per_agent = pd.DataFrame([{
        agent: f"{c.agent_id} {names.get(c.agent_id, '')}".strip(), added: c.added,
        removed: c.removed, moved: c.moved, before: c.hours_before, now: c.hours_after,
        change: c.hours_delta,
    } for c in diff.per_agent], columns=[agent, added, removed, moved, before, now, change])
    kind, saved, new = _("change"), _("saved shift"), _("new shift")
    changes = pd.DataFrame([{
        agent: f"{c.agent_id} {names.get(c.agent_id, '')}".strip(), kind: change_word(c.kind),
        saved: _span(c.old, zone), new: _span(c.new, zone),
    } for c in diff.changes], columns=[agent, kind, saved, new])
    return per_agent, changes


def diff_headline(diff: RosterDiff) -> str:
    """'3 added, 2 removed, 5 moved, 120 unchanged' for the top of the comparison."""
    return _("{added} added, {removed} removed, {moved} moved, {unchanged} unchanged").format(
        added=diff.count(ChangeKind.ADDED), removed=diff.count(ChangeKind.REMOVED),
        moved=diff.count(ChangeKind.MOVED), unchanged=diff.unchanged)


def week_label(problem: Problem) -> str:
    """'Mon 30 Nov – Sun 06 Dec 2026 (Asia/Shanghai)' in the active language."""
    end = problem.settings.week_start + dt.timedelta(days=6)
    start = problem.settings.week_start
    return _("{first} – {last} ({zone})").format(first=day(start), last=day_year(end),
                                                 zone=problem.settings.timezone)
