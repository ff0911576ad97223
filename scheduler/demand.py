"""Per-slot, per-language requirements with peak events applied.

Demand rows are written in the planning zone's wall-clock time (what a manager reads off a
heatmap). Each UTC slot looks up the row covering its local start, so a DST week needs no special
case: the skipped hour simply does not occur and the repeated hour is required twice.
Peak events raise the weight of under-coverage and may add spare *headcount* (``extra_capacity``
= +20% agents, rounded up), which is what "plan 20% spare staff" means in the seller guides.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from scheduler.domain import PeakEvent, Problem
from scheduler.timegrid import WeekGrid

__all__ = ["Requirements", "build_requirements"]


@dataclass(frozen=True)
class Requirements:
    """Arrays over the week's slots (length ``grid.n_slots``), keyed by language."""

    languages: tuple[str, ...]
    primary: dict[str, np.ndarray]
    backup: dict[str, np.ndarray]
    weight: dict[str, np.ndarray]  # peak weight, >= 1.0
    peak_name: list[str]  # "" outside peaks; planning-zone label per slot
    min_online: int

    @property
    def total_primary(self) -> np.ndarray:
        """Heads needed across languages: one person cannot answer two queues at full speed."""
        return np.sum(np.vstack(list(self.primary.values())), axis=0)

    @property
    def weight_any(self) -> np.ndarray:
        """Per-slot weight for rules that are not language specific (the max over languages)."""
        return np.max(np.vstack(list(self.weight.values())), axis=0)


def _row_matches(t: dt.time, start: dt.time, end: dt.time) -> bool:
    """Rows cover [start, end) of one day; end 00:00 means the day's end."""
    if end == dt.time(0):
        return t >= start
    return start <= t < end


def _peaks_for(local_date: dt.date, language: str, peaks: tuple[PeakEvent, ...]) -> list[PeakEvent]:
    return [
        p for p in peaks
        if p.start <= local_date <= p.end and (not p.languages or language in p.languages)
    ]


def build_requirements(problem: Problem, grid: WeekGrid) -> Requirements:
    languages = problem.languages
    n = grid.n_slots
    primary = {lang: np.zeros(n, dtype=np.int64) for lang in languages}
    backup = {lang: np.zeros(n, dtype=np.int64) for lang in languages}
    weight = {lang: np.ones(n, dtype=np.float64) for lang in languages}
    rows_by_day: dict[int, list] = {}
    for row in problem.demand:
        rows_by_day.setdefault(row.weekday, []).append(row)
    peak_name = [""] * n
    for i, local in enumerate(grid.planning_local):
        t = local.time()
        for row in rows_by_day.get(local.weekday(), ()):
            if _row_matches(t, row.start, row.end):
                primary[row.language][i] += row.primary
                backup[row.language][i] += row.backup
        names = []
        for lang in languages:
            events = _peaks_for(local.date(), lang, problem.peaks)
            if events:
                extra = max(p.extra_capacity for p in events)
                weight[lang][i] = max(p.weight for p in events)
                primary[lang][i] = math.ceil(primary[lang][i] * (1 + extra) - 1e-9)
                names += [p.name for p in events]
        peak_name[i] = ", ".join(dict.fromkeys(names))
    return Requirements(languages, primary, backup, weight, peak_name, problem.rules.min_online)
