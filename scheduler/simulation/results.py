"""Independent replications of the week, and how they compare with the service report.

Each run gets its own random stream spawned from one seed (``numpy.random.SeedSequence``), so
a seed gives the same numbers on any machine and the runs are independent; the 95% confidence
interval of a share is Student's t over the runs' shares (each run is one week, so weeks with a
busy start and a quiet end are not mistaken for independent contacts).

The simulated share counts every human contact that arrived in the week: answered within the
target, or not (answered later, gave up, or still waiting when the week's duties were over).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict
from scipy import stats

from scheduler.simulation.explain import Evidence, reasons
from scheduler.simulation.model import RunCounters, WeekInput, simulate_week
from scheduler.staffing.settings import StaffingSettings

__all__ = ["AGREEMENT_POINTS", "LanguageResult", "SimulationResult", "replicate", "mean_ci",
           "compare"]

#: the issue's target: simulation and prediction agree within ±3 percentage points
AGREEMENT_POINTS = 3.0
ALL = "all"


class LanguageResult(BaseModel):
    """One language (or ``all``): simulated vs predicted share answered within target."""

    model_config = ConfigDict(frozen=True)

    language: str
    inquiries: float  # per week, mean over runs
    bot_resolved: float
    contacts: float  # human contacts per week
    simulated: float | None  # None: no contact in any run
    ci_low: float | None
    ci_high: float | None
    predicted: float
    difference_points: float | None
    agrees: bool | None
    abandoned: float  # share of human contacts who gave up waiting
    nobody_on_shift: float  # share arriving while nobody speaking the language was on shift
    average_wait_s: float  # of answered contacts
    answered_by_backup: float
    alerts_per_week: float
    reasons: tuple[str, ...]


class SimulationResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    team: str
    week_start: str
    load_source: str
    target: str
    target_s: float
    runs: int
    seed: int
    languages: tuple[LanguageResult, ...]
    overall: LanguageResult
    primary_hours: float  # rostered inside the week
    break_share: float  # of primary time, simulated
    backup_joins_per_week: float
    backup_hours_per_week: float


def replicate(data: WeekInput, settings: StaffingSettings, runs: int, seed: int,
              on_run: Callable[[int, int], None] | None = None) -> list[RunCounters]:
    """``runs`` independent weeks; ``on_run(done, runs)`` after each (progress bars)."""
    out = []
    for i, child in enumerate(np.random.SeedSequence(seed).spawn(runs)):
        out.append(simulate_week(data, settings, np.random.default_rng(child)))
        if on_run is not None:
            on_run(i + 1, runs)
    return out


def mean_ci(values: Sequence[float], level: float = 0.95) -> tuple[float, float, float]:
    """(mean, low, high) with Student's t; the bounds are NaN with fewer than two values."""
    x = np.asarray(values, dtype=np.float64)
    if x.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(x.mean())
    if x.size < 2:
        return mean, math.nan, math.nan
    half = float(stats.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size))
    return mean, mean - half, mean + half


def _unstable(table: pd.DataFrame, lang: str, n_slots: int) -> np.ndarray:
    """Slots where the prediction scores the language 0% within target though contacts come."""
    rows = table[table["language"] == lang]
    mask = np.zeros(n_slots, dtype=bool)
    hit = rows[(rows["answered_in_target"] <= 0) & (rows["contacts"] > 0)]["slot"].to_numpy()
    mask[hit[hit < n_slots]] = True
    return mask


def _row(name: str, runs: list[RunCounters], langs: list[str], predicted: float,
         unstable: dict[str, np.ndarray], settings: StaffingSettings, slot_minutes: int
         ) -> LanguageResult:
    n = len(runs)
    per_run = []
    t = dict.fromkeys(("inquiries", "bot_resolved", "answered", "by_backup", "by_pooled",
                       "busy_pickup", "break_gap", "nobody", "carried_over", "alerts", "wait_s",
                       "offered_s", "shed_s", "contacts", "in_target", "abandoned",
                       "abandoned_elsewhere", "unstable", "unstable_in_target"), 0.0)
    for run in runs:
        arrived = hit = 0
        for lang in langs:
            lc, bad = run.languages[lang], unstable[lang]
            arrived += int(lc.arrivals.sum())
            hit += int(lc.in_target.sum())
            t["abandoned"] += int(lc.abandoned.sum())
            t["abandoned_elsewhere"] += int(lc.abandoned[~bad].sum())
            t["unstable"] += int(lc.arrivals[bad].sum())
            t["unstable_in_target"] += int(lc.in_target[bad].sum())
            for key in ("inquiries", "bot_resolved", "answered", "by_backup", "by_pooled",
                        "busy_pickup", "break_gap", "nobody", "carried_over", "alerts",
                        "wait_s", "offered_s", "shed_s"):
                t[key] += getattr(lc, key)
        t["contacts"] += arrived
        t["in_target"] += hit
        if arrived:
            per_run.append(hit / arrived)
    mean, low, high = mean_ci(per_run)
    low, high = max(low, 0.0), min(high, 1.0)  # a share's interval stays within 0-100%
    simulated = None if not per_run else mean
    diff = None if simulated is None else 100 * (simulated - predicted)
    sim = settings.simulation
    evidence = Evidence(
        contacts=int(t["contacts"]), abandoned_elsewhere=int(t["abandoned_elsewhere"]),
        shed=t["shed_s"] / t["offered_s"] if t["offered_s"] else 0.0,
        by_backup=int(t["by_backup"]), by_pooled=int(t["by_pooled"]),
        busy_pickup=int(t["busy_pickup"]), break_gap=int(t["break_gap"]),
        carried_over=int(t["carried_over"]), unstable=int(t["unstable"]),
        unstable_in_target=int(t["unstable_in_target"]), alerts=int(t["alerts"]),
        backup_joins=sum(r.backup_joins for r in runs),
        backup_hours=sum(r.backup_s for r in runs) / 3600, runs=n,
        patience_s=sim.patience_s, break_minutes=sim.break_minutes, target_s=settings.target_s,
        slot_minutes=slot_minutes)
    why = reasons(evidence, diff) if diff is not None and abs(diff) > AGREEMENT_POINTS else []
    contacts = t["contacts"]

    def share(key: str) -> float:
        return t[key] / contacts if contacts else 0.0

    return LanguageResult(
        language=name, inquiries=t["inquiries"] / n, bot_resolved=t["bot_resolved"] / n,
        contacts=contacts / n, simulated=simulated,
        ci_low=None if math.isnan(low) else low, ci_high=None if math.isnan(high) else high,
        predicted=predicted, difference_points=diff,
        agrees=None if diff is None else abs(diff) <= AGREEMENT_POINTS,
        abandoned=share("abandoned"), nobody_on_shift=share("nobody"),
        average_wait_s=t["wait_s"] / t["answered"] if t["answered"] else 0.0,
        answered_by_backup=share("by_backup"), alerts_per_week=t["alerts"] / n,
        reasons=tuple(why))


def compare(runs: list[RunCounters], table: pd.DataFrame, summary: Mapping[str, Any],
            data: WeekInput, settings: StaffingSettings, *, team: str, week_start: str,
            seed: int) -> SimulationResult:
    """Per language and overall: simulated share within target (95% CI) vs the service
    report's (``table``/``summary`` as ``report_for_team`` returns them)."""
    if not runs:
        raise ValueError("no simulation runs to compare")
    langs = [q.language for q in data.queues]
    slot_minutes = round(data.slot_s / 60)
    unstable = {lang: _unstable(table, lang, data.n_slots) for lang in langs}
    per_lang = summary["per_language"]
    rows = tuple(_row(lang, runs, [lang], per_lang[lang]["attainment"], unstable, settings,
                      slot_minutes) for lang in langs)
    overall = _row(ALL, runs, langs, summary["frt_attainment"], unstable, settings,
                   slot_minutes)
    duty = sum(r.duty_s for r in runs)
    n = len(runs)
    return SimulationResult(
        team=team, week_start=week_start, load_source=summary["load_source"],
        target=summary["target"], target_s=settings.target_s, runs=n, seed=seed,
        languages=rows, overall=overall,
        primary_hours=duty / n / 3600,
        break_share=sum(r.break_s for r in runs) / duty if duty else 0.0,
        backup_joins_per_week=sum(r.backup_joins for r in runs) / n,
        backup_hours_per_week=sum(r.backup_s for r in runs) / n / 3600)
