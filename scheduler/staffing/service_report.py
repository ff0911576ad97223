"""Score a roster against the service target: per slot and language, per day, for the week.

Who answers which queue is ``scheduler/queues.py`` (the split the solver optimises and the
coverage report shows), so a language the coverage report calls covered is the language whose
contacts are answered here. Breaks are modelled as the requirement did
(``StaffingSettings.shrinkage_rounding``), so a roster that meets demand.csv reports the target
met. Backups (on call) cost, but do not answer until summoned.

The load is the team's forecast (forecast.csv) or, without one, the load the demand rows imply
(the heaviest their agents carry at target: an upper bound, so the report errs pessimistic).
Every figure is a share of contacts or hours, never an average with a hidden cap: a queue that
cannot keep up counts its contacts as waiting longer than any threshold.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from scheduler.domain import Problem, Shift
from scheduler.kpis import paid_hours_and_cost
from scheduler.queues import allocation, queue_loss, workloads
from scheduler.staffing.erlang import service_level_array
from scheduler.staffing.requirements import productive_agents
from scheduler.timegrid import WeekGrid

__all__ = ["ServiceReport", "service_report", "compare_reports", "LONG_WAIT_S"]

#: "waiting too long" in reports: the share of contacts waiting longer than this
LONG_WAIT_S = 600.0


@dataclass(frozen=True)
class ServiceReport:
    table: pd.DataFrame  # one row per slot and language
    summary: dict[str, Any]


def _share_waiting_over(n: np.ndarray, load: np.ndarray, aht_s: float, wait_s: float
                        ) -> np.ndarray:
    """Erlang C: P(wait > wait_s) = P(wait) * exp(-(N - A) t / AHT); 1 where N <= A."""
    sl, _, _ = service_level_array(n, load, aht_s, wait_s)
    return 1.0 - sl


def service_report(problem: Problem, shifts: Iterable[Shift]) -> ServiceReport:
    """Predicted service per slot and language for ``shifts``, and the week's summary."""
    shifts = list(shifts)
    settings = problem.staffing
    grid = WeekGrid.for_settings(problem.settings)
    loads, source = workloads(problem, grid)
    counts = allocation(problem, shifts, grid, queue_loss(problem, grid))
    slot_s, slot_h = grid.slot_minutes * 60.0, grid.slot_minutes / 60
    days = np.array([t.date() for t in grid.planning_local])
    frames = []
    per_lang: dict[str, dict[str, float]] = {}
    for lang, wl in loads.items():
        on_shift = counts.get(lang, np.zeros(grid.n_slots, dtype=np.int64))
        n = productive_agents(on_shift, settings.total_shrinkage, settings.shrinkage_rounding)
        load = wl.load(slot_s)
        sl, _, occ = service_level_array(n, load, wl.effective_aht_s, settings.target_s)
        long = _share_waiting_over(n, load, wl.effective_aht_s, LONG_WAIT_S)
        below = (sl < settings.target_sl - 1e-9) & (wl.human_contacts > 0)
        frames.append(pd.DataFrame({
            "slot": np.arange(grid.n_slots), "language": lang,
            "start_planning": [f"{t:%a %Y-%m-%d %H:%M}" for t in grid.planning_local],
            "date": days, "contacts": wl.human_contacts, "answering": on_shift,
            "productive": n, "answered_in_target": sl, "waiting_over_10_min": long,
            "occupancy": occ, "below_target": below,
        }))
        contacts = float(wl.human_contacts.sum())
        per_lang[lang] = {
            "contacts": contacts,
            "attainment": float((sl * wl.human_contacts).sum() / contacts) if contacts else 1.0,
            "waiting_over_10_min": float((long * wl.human_contacts).sum() / contacts)
            if contacts else 0.0,
            "hours_below_target": float(below.sum() * slot_h),
            "agent_hours": float(on_shift.sum() * slot_h),
        }
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["slot", "language", "start_planning", "date", "contacts", "answering",
                 "productive", "answered_in_target", "waiting_over_10_min", "occupancy",
                 "below_target"])
    contacts = sum(v["contacts"] for v in per_lang.values())
    answered = float((table["answered_in_target"] * table["contacts"]).sum())
    waiting = float((table["waiting_over_10_min"] * table["contacts"]).sum())
    by_day = {}
    for day, rows in table.groupby("date"):
        n_day = float(rows["contacts"].sum())
        by_day[str(day)] = {
            "contacts": n_day,
            "attainment": float((rows["answered_in_target"] * rows["contacts"]).sum() / n_day)
            if n_day else 1.0}
    any_below = table.groupby("slot")["below_target"].any() if len(table) else pd.Series([])
    prim, back, cost = paid_hours_and_cost(problem, shifts)
    attainment = answered / contacts if contacts else 1.0
    summary: dict[str, Any] = {
        "load_source": source,
        "target": f"{settings.target_sl:.0%} within {settings.target_s:g} s",
        "target_share": settings.target_sl,
        "target_seconds": settings.target_s,
        "frt_attainment": attainment,
        "target_met": attainment >= settings.target_sl - 1e-9,
        "waiting_over_10_min": waiting / contacts if contacts else 0.0,
        "hours_below_target": float(any_below.sum() * slot_h),
        "language_hours_below_target": float(table["below_target"].sum() * slot_h),
        "contacts": contacts,
        "paid_hours_primary": prim,
        "paid_hours_backup": back,
        "cost": cost,
        "currency": problem.settings.currency,
        "per_language": per_lang,
        "per_day": by_day,
    }
    return ServiceReport(table, summary)


_METRICS = (("frt_attainment", "share answered within the target"),
            ("waiting_over_10_min", "share waiting over 10 minutes"),
            ("hours_below_target", "hours below target (any language)"),
            ("paid_hours_primary", "paid hours, primary"),
            ("paid_hours_backup", "paid hours, backup"), ("cost", "cost"))


def compare_reports(a: ServiceReport, b: ServiceReport, names: tuple[str, str] = ("A", "B")
                    ) -> pd.DataFrame:
    """Side-by-side week summary of two rosters, with B − A deltas (what-if)."""
    rows = []
    for key, label in _METRICS:
        rows.append((label, a.summary[key], b.summary[key]))
    for lang in sorted(set(a.summary["per_language"]) | set(b.summary["per_language"])):
        for key, label in (("attainment", "attainment"), ("hours_below_target", "hours below")):
            va = a.summary["per_language"].get(lang, {}).get(key, math.nan)
            vb = b.summary["per_language"].get(lang, {}).get(key, math.nan)
            rows.append((f"{lang}: {label}", va, vb))
    frame = pd.DataFrame(rows, columns=["metric", names[0], names[1]])
    frame["delta"] = frame[names[1]] - frame[names[0]]
    return frame.set_index("metric")
