"""From a forecast to the DemandRows the solver consumes: Erlang C per slot and language.

Per language queue and UTC slot: human contacts (after bot deflection) and concurrency-adjusted
handle time give the offered load; Erlang C gives the smallest N meeting "80 % first response
within 180 s" with occupancy ≤ max; shrinkage turns productive agents into agents on shift
(⌈N / (1 − s)⌉). Backups (on-call) come from the overload rule in ``BackupRule``.

Two deliberate simplifications, both documented for managers:
* a language with fewer than ``min_contacts_per_hour`` human contacts in a slot gets no dedicated
  agent -- the 24/7 on-duty agent answers it with machine translation. The platform's "at least
  one agent online in every hour" is *not* produced here: the solver enforces it for the whole
  team through ``Rules.min_online`` (one head can cover every language at 4 a.m.).
* each language is its own queue (no pooling of bilingual agents), which errs on the safe side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np

from scheduler.domain import DemandRow
from scheduler.i18n import _
from scheduler.staffing.erlang import required_agents_array
from scheduler.staffing.forecast import Forecast
from scheduler.staffing.history import History
from scheduler.staffing.settings import StaffingSettings
from scheduler.staffing.workload import QueueWorkload, queue_workload
from scheduler.timegrid import WeekGrid

__all__ = ["Staffing", "staff_forecast", "staff_queues", "demand_rows", "shrink",
           "productive_agents", "summary_line"]

_EPS = 1e-9


def shrink(productive: np.ndarray, shrinkage: float, rounding: str = "ceil") -> np.ndarray:
    """Agents on shift so that ``productive`` are answering: ⌈N / (1 − s)⌉ per slot
    (``rounding="nearest"``: round half up, never below N)."""
    raw = np.asarray(productive, dtype=np.float64) / (1 - shrinkage)
    out = np.ceil(raw - _EPS) if rounding == "ceil" else np.floor(raw + 0.5 + _EPS)
    out = np.maximum(out, productive)
    return np.where(np.asarray(productive) > 0, out, 0).astype(np.int64)


def productive_agents(on_shift: np.ndarray, shrinkage: float, rounding: str) -> np.ndarray:
    """The inverse of ``shrink``: the largest N whose requirement (N / (1 − s), rounded like the
    requirement) fits on shift, so a roster that meets demand.csv reports the target met."""
    r = np.asarray(on_shift, dtype=np.float64)
    if rounding == "ceil":
        n = np.floor(r * (1 - shrinkage) + 1e-9)
    else:
        n = np.ceil((r + 0.5) * (1 - shrinkage) - 1e-9) - 1
    return np.clip(n, 0, r).astype(np.int64)


@dataclass(frozen=True)
class Staffing:
    """Required agents on shift per UTC slot of the planning week, per language."""

    grid: WeekGrid
    settings: StaffingSettings
    workload: dict[str, QueueWorkload]
    productive: dict[str, np.ndarray]  # Erlang N before shrinkage
    primary: dict[str, np.ndarray]  # on shift, after shrinkage
    backup: dict[str, np.ndarray]
    peak: dict[str, np.ndarray]  # bool: slot inside a peak event for that language

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.primary)

    def primary_hours(self) -> float:
        return float(sum(a.sum() for a in self.primary.values())) * self.grid.slot_minutes / 60

    def backup_hours(self) -> float:
        return float(sum(a.sum() for a in self.backup.values())) * self.grid.slot_minutes / 60


def _backup(load: np.ndarray, primary: np.ndarray, peak: np.ndarray, wl: QueueWorkload,
            s: StaffingSettings) -> np.ndarray:
    rule = s.backup
    if rule.mode == "none":
        return np.zeros_like(primary)
    if rule.mode == "headcount":
        frac = np.where(peak, rule.peak_fraction, rule.fraction)
        extra = np.ceil(primary * frac - _EPS).astype(np.int64)
    else:
        surge = np.where(peak, rule.peak_surge, rule.surge)
        n = required_agents_array(load * (1 + surge), wl.effective_aht_s, s.target_sl,
                                  s.target_s, s.max_occupancy)
        extra = np.maximum(shrink(n, s.total_shrinkage, s.shrinkage_rounding) - primary, 0)
    return np.where(primary >= max(rule.min_primary, 1), extra, 0)


def staff_queues(
    grid: WeekGrid,
    workloads: dict[str, QueueWorkload],
    settings: StaffingSettings,
    peak: dict[str, np.ndarray] | None = None,
) -> Staffing:
    """Erlang C staffing for ready-made workloads (one vectorised pass per language)."""
    slot_s = grid.slot_minutes * 60.0
    productive, primary, backup, peaks = {}, {}, {}, {}
    for lang, wl in workloads.items():
        load = wl.load(slot_s)
        n = required_agents_array(load, wl.effective_aht_s, settings.target_sl,
                                  settings.target_s, settings.max_occupancy)
        per_hour = wl.human_contacts * 60 / grid.slot_minutes
        n = np.where(per_hour < settings.min_contacts_per_hour, 0, n)
        on_shift = shrink(n, settings.total_shrinkage, settings.shrinkage_rounding)
        is_peak = peak[lang] if peak and lang in peak else np.zeros(grid.n_slots, dtype=bool)
        productive[lang], primary[lang], peaks[lang] = n, on_shift, is_peak
        backup[lang] = _backup(load, on_shift, is_peak, wl, settings)
    return Staffing(grid, settings, dict(workloads), productive, primary, backup, peaks)


def _peak_mask(forecast: Forecast, lang: str) -> np.ndarray:
    """Slots whose market-local date lies in an event that raises volume or weight."""
    lf = forecast.languages[lang]
    zone = ZoneInfo(lf.zone)
    relevant = [e for e in forecast.events if (e.volume_uplift > 0 or e.weight > 1)
                and (not e.languages or lang in e.languages)]
    if not relevant:
        return lf.uplift > 0
    grid = forecast.grid
    days = [grid.slot_start(i).astimezone(zone).date() for i in range(grid.n_slots)]
    return np.array([any(e.start <= d <= e.end for e in relevant) for d in days]) | (lf.uplift > 0)


def staff_forecast(forecast: Forecast, settings: StaffingSettings,
                   history: History | None = None) -> Staffing:
    """Staff every forecast language; category mix and handle times come from the history
    when it records them, else from the settings' defaults."""
    workloads = {}
    peaks = {}
    for lang, lf in forecast.languages.items():
        mix = history.category_mix(lang) if history is not None else None
        aht = history.aht_by_category(lang) if history is not None else None
        workloads[lang] = queue_workload(lang, lf.inquiries, settings, mix, aht)
        peaks[lang] = _peak_mask(forecast, lang)
    return staff_queues(forecast.grid, workloads, settings, peaks)


def demand_rows(staffing: Staffing) -> list[DemandRow]:
    """Planning-zone DemandRows, merging equal consecutive slots of a day into one interval.

    In a DST week a repeated local hour maps two UTC slots to one wall-clock row: the larger
    requirement wins; a skipped hour simply has no row.
    """
    grid = staffing.grid
    step = dt.timedelta(minutes=grid.slot_minutes)
    per_key: dict[tuple[str, int, dt.time], tuple[int, int]] = {}
    for i, local in enumerate(grid.planning_local):
        for lang in staffing.languages:
            key = (lang, local.weekday(), local.time())
            p, b = int(staffing.primary[lang][i]), int(staffing.backup[lang][i])
            old = per_key.get(key, (0, 0))
            per_key[key] = (max(old[0], p), max(old[1], b))
    rows: list[DemandRow] = []
    for lang in staffing.languages:
        for day in range(7):
            times = sorted(t for (lg, d, t) in per_key if lg == lang and d == day)
            runs: list[list] = []  # [start, end, value]
            for t in times:
                end = (dt.datetime.combine(dt.date(2000, 1, 3), t) + step).time()
                value = per_key[(lang, day, t)]
                if runs and runs[-1][1] == t and runs[-1][2] == value:
                    runs[-1][1] = end
                else:
                    runs.append([t, end, value])
            rows += [DemandRow(weekday=day, start=a, end=b, language=lang, primary=v[0],
                               backup=v[1]) for a, b, v in runs if v != (0, 0)]
    return rows


def summary_line(staffing: Staffing) -> str:
    """One sentence for the CLI: hours required and the heaviest slot."""
    total = np.sum(np.vstack(list(staffing.primary.values())), axis=0)
    i = int(np.argmax(total))
    settings = staffing.settings
    return _("{primary} primary + {backup} backup agent-hours; busiest slot {slot} needs "
             "{agents} agents (shrinkage {shrinkage}, concurrency {concurrency}, target {share} "
             "within {seconds} s)").format(
        primary=f"{staffing.primary_hours():.0f}", backup=f"{staffing.backup_hours():.0f}",
        slot=staffing.grid.label(i, i + 1), agents=int(total[i]),
        shrinkage=f"{settings.total_shrinkage:.0%}", concurrency=f"{settings.concurrency:g}",
        share=f"{settings.target_sl:.0%}", seconds=f"{settings.target_s:g}")

