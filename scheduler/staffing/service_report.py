"""Score a roster against the service targets: per slot and language, and for the week.

For every UTC slot the rostered *primary* agents are split over their languages (backups are
on call, so they count in cost, not in service). A bilingual agent goes where one more agent
answers the most extra contacts within target (greedy on Erlang C's marginal gain, with credit
for carried load in still-unstable queues; agents with a single language are placed first).
Breaks are modelled exactly as the requirement did (``StaffingSettings.shrinkage_rounding``),
so a roster that meets demand.csv reports the target met, and a what-if with one agent fewer
shows precisely what that agent was worth.

Without a forecast the load is *implied* by the demand rows: the heaviest load their agents
could serve at target. That is an upper bound on the load, so the report errs pessimistic.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from scheduler.availability import in_daily_window
from scheduler.demand import build_requirements
from scheduler.domain import Problem, Role, Shift
from scheduler.staffing.erlang import required_agents_array, service_level_array
from scheduler.staffing.settings import StaffingSettings
from scheduler.staffing.workload import QueueWorkload, queue_workload
from scheduler.timegrid import WeekGrid

__all__ = ["ServiceReport", "service_report", "implied_workloads", "productive_agents",
           "compare_reports", "allocate_agents"]

_ASA_CAP_S = 3600.0  # unstable slots (queue grows without bound) count as a one-hour wait


def productive_agents(on_shift: np.ndarray, shrinkage: float, rounding: str) -> np.ndarray:
    """Largest N whose requirement (N / (1 − s), rounded like the requirement) fits on shift."""
    r = np.asarray(on_shift, dtype=np.float64)
    if rounding == "ceil":
        n = np.floor(r * (1 - shrinkage) + 1e-9)
    else:
        n = np.ceil((r + 0.5) * (1 - shrinkage) - 1e-9) - 1
    return np.clip(n, 0, r).astype(np.int64)


def implied_workloads(problem: Problem, grid: WeekGrid, settings: StaffingSettings
                      ) -> dict[str, QueueWorkload]:
    """Workloads implied by demand rows: per slot, the largest load the required agents carry
    at target (bisection on Erlang C), at the default category mix."""
    req = build_requirements(problem, grid)
    slot_s = grid.slot_minutes * 60.0
    out = {}
    for lang in req.languages:
        template = queue_workload(lang, np.zeros(grid.n_slots), settings)
        n = productive_agents(req.primary[lang], settings.total_shrinkage,
                              settings.shrinkage_rounding)
        lo, hi = np.zeros(grid.n_slots), n.astype(np.float64)
        for _ in range(40):
            mid = (lo + hi) / 2
            ok = required_agents_array(mid, template.effective_aht_s, settings.target_sl,
                                       settings.target_s, settings.max_occupancy) <= n
            lo, hi = np.where(ok, mid, lo), np.where(ok, hi, mid)
        contacts = lo * slot_s / template.effective_aht_s
        out[lang] = QueueWorkload(lang, contacts, template.aht_s, template.effective_aht_s,
                                  template.deflected)
    return out


def _on_shift(shifts: Iterable[Shift], grid: WeekGrid) -> tuple[list[list[str]], list[Shift]]:
    """Per slot, the ids of agents on a primary shift; and all shifts touching the week."""
    per_slot: list[list[str]] = [[] for _ in range(grid.n_slots)]
    touching = []
    for s in shifts:
        slots = grid.slots_between(s.start, s.end)
        inside = [i for i in slots if 0 <= i < grid.n_slots]
        if s.end > grid.start_utc and s.start < grid.end_utc:
            touching.append(s)
        if s.role == Role.PRIMARY:
            for i in inside:
                per_slot[i].append(s.agent_id)
    return per_slot, touching


def allocate_agents(problem: Problem, shifts: Iterable[Shift], grid: WeekGrid,
                    workloads: dict[str, QueueWorkload], settings: StaffingSettings
                    ) -> dict[str, np.ndarray]:
    """Agents on primary duty per slot and language (greedy by contacts answered in target)."""
    per_slot, _ = _on_shift(shifts, grid)
    langs = list(workloads)
    counts = {lang: np.zeros(grid.n_slots, dtype=np.int64) for lang in langs}
    slot_s = grid.slot_minutes * 60.0
    s, rounding = settings.total_shrinkage, settings.shrinkage_rounding
    max_n = max((len(a) for a in per_slot), default=0) + 1
    # value[lang][k, i]: contacts answered within target with k agents on shift in slot i,
    # averaged with the share of the load they can carry: Erlang C's SL is 0 until a queue is
    # stable, which would otherwise make the first agents of a busy queue look worthless.
    answered: dict[str, np.ndarray] = {}
    for lang, wl in workloads.items():
        load = wl.load(slot_s)
        table = np.zeros((max_n + 1, grid.n_slots))
        for k in range(max_n + 1):
            n = productive_agents(np.full(grid.n_slots, k), s, rounding)
            sl, _, _ = service_level_array(n, load, wl.effective_aht_s, settings.target_s)
            carried = np.where(load > 0, np.minimum(1.0, n / np.where(load > 0, load, 1)), 1.0)
            table[k] = 0.5 * (sl + carried) * wl.human_contacts
        answered[lang] = table
    speaks = {a.id: [x for x in a.primary_languages if x in workloads] for a in problem.agents}
    for i, ids in enumerate(per_slot):
        for agent_id in sorted(ids, key=lambda x: (len(speaks.get(x, ())), x)):
            options = speaks.get(agent_id, [])
            if not options:
                continue

            def gain(lang: str) -> float:
                k = counts[lang][i]
                return answered[lang][k + 1, i] - answered[lang][k, i]

            best = max(options, key=lambda lang: (gain(lang), -options.index(lang)))
            counts[best][i] += 1
    return counts


def _cost(problem: Problem, shifts: Sequence[Shift]) -> tuple[float, float, float]:
    """(primary hours, backup hours, cost incl. the local night premium)."""
    rate0 = problem.settings.hourly_rate
    n0, n1 = problem.settings.night_premium_hours
    prim = back = cost = 0.0
    agents = {a.id: a for a in problem.agents}
    for s in shifts:
        agent = agents.get(s.agent_id)
        rate = agent.hourly_cost if agent and agent.hourly_cost is not None else rate0
        zone = agent.zone if agent else None
        minutes = int((s.end - s.start).total_seconds() // 60)
        night = 0
        for m in range(0, minutes, 30):
            local = (s.start + dt.timedelta(minutes=m)).astimezone(zone) if zone else None
            if local is not None and in_daily_window(local.time(), n0, n1):
                night += min(30, minutes - m)
        hours = minutes / 60
        cost += rate * (hours + problem.weights.night_premium * night / 60)
        if s.role == Role.PRIMARY:
            prim += hours
        else:
            back += hours
    return prim, back, cost


@dataclass(frozen=True)
class ServiceReport:
    table: pd.DataFrame  # one row per slot and language
    summary: dict[str, Any]


def service_report(problem: Problem, shifts: Iterable[Shift], settings: StaffingSettings,
                   workloads: dict[str, QueueWorkload] | None = None) -> ServiceReport:
    """Predicted service per slot and language for ``shifts``, and the week's summary."""
    shifts = list(shifts)
    grid = WeekGrid.for_settings(problem.settings)
    source = "forecast"
    if workloads is None:
        workloads, source = implied_workloads(problem, grid, settings), "implied by demand rows"
    counts = allocate_agents(problem, shifts, grid, workloads, settings)
    slot_s, slot_h = grid.slot_minutes * 60.0, grid.slot_minutes / 60
    frames = []
    per_lang: dict[str, dict[str, float]] = {}
    for lang, wl in workloads.items():
        n = productive_agents(counts[lang], settings.total_shrinkage, settings.shrinkage_rounding)
        load = wl.load(slot_s)
        sl, asa_s, occ = service_level_array(n, load, wl.effective_aht_s, settings.target_s)
        below = (sl < settings.target_sl - 1e-9) & (wl.human_contacts > 0)
        frames.append(pd.DataFrame({
            "slot": np.arange(grid.n_slots), "language": lang,
            "local": [f"{t:%a %H:%M}" for t in grid.planning_local],
            "contacts": wl.human_contacts, "on_shift": counts[lang], "productive": n,
            "service_level": sl, "asa_s": asa_s, "occupancy": occ, "below_target": below,
        }))
        contacts = float(wl.human_contacts.sum())
        per_lang[lang] = {
            "contacts": contacts,
            "attainment": float((sl * wl.human_contacts).sum() / contacts) if contacts else 1.0,
            "hours_below_target": float(below.sum() * slot_h),
            "asa_s": float((np.minimum(asa_s, _ASA_CAP_S) * wl.human_contacts).sum() / contacts)
            if contacts else 0.0,
            "agent_hours": float(counts[lang].sum() * slot_h),
        }
    table = pd.concat(frames, ignore_index=True)
    contacts = sum(v["contacts"] for v in per_lang.values())
    any_below = table.groupby("slot")["below_target"].any()
    prim, back, cost = _cost(problem, shifts)
    summary: dict[str, Any] = {
        "load_source": source,
        "target": f"{settings.target_sl:.0%} within {settings.target_s:g} s",
        "frt_attainment": sum(v["attainment"] * v["contacts"] for v in per_lang.values())
        / contacts if contacts else 1.0,
        "hours_below_target": float(any_below.sum() * slot_h),
        "language_hours_below_target": float(table["below_target"].sum() * slot_h),
        "asa_s": sum(v["asa_s"] * v["contacts"] for v in per_lang.values()) / contacts
        if contacts else 0.0,
        "contacts": contacts,
        "paid_hours_primary": prim,
        "paid_hours_backup": back,
        "cost": cost,
        "per_language": per_lang,
    }
    return ServiceReport(table, summary)


_METRICS = (("frt_attainment", "FRT target attainment"), ("hours_below_target",
            "hours below target (any language)"), ("asa_s", "average speed of answer (s)"),
            ("paid_hours_primary", "paid hours, primary"), ("paid_hours_backup",
            "paid hours, backup"), ("cost", "cost"))


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
