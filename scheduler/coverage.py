"""Coverage of a finished roster: per slot and language, required vs scheduled vs gap.

Who counts where is ``scheduler/queues.py`` (shared with the solver and the service report):
agents on primary duty are split over their primary languages, one queue each per slot, the way
the team's goal prefers; backup duty counts for every language the agent speaks; the "ALL" rows
compare heads on primary duty with the sum of the languages' requirements. Computed from shifts
alone, so two reports of the same roster always agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scheduler.demand import Requirements, build_requirements
from scheduler.domain import Problem, Role, Shift
from scheduler.queues import allocation
from scheduler.timegrid import WeekGrid

__all__ = ["ALL", "scheduled_counts", "coverage_table"]

ALL = "ALL"


def scheduled_counts(problem: Problem, grid: WeekGrid, shifts: list[Shift] | tuple[Shift, ...],
                     languages: tuple[str, ...]) -> dict[tuple[str, str], np.ndarray]:
    """(role, language or ALL) -> agents on duty per slot; a slot counts when fully covered.
    Primary per language is the split (``queues.allocation``); ALL counts heads."""
    n = grid.n_slots
    counts = {(r, lang): np.zeros(n, dtype=np.int64)
              for r in ("primary", "backup") for lang in (*languages, ALL)}
    agents = {a.id: a for a in problem.agents}
    for s in list(shifts) + [p for p in problem.previous_shifts if p.end > grid.start_utc]:
        agent = agents.get(s.agent_id)
        if agent is None:
            continue
        span = grid.slots_between(s.start, s.end)
        lo, hi = max(span.start, 0), min(span.stop, n)
        if lo >= hi:
            continue
        role = s.role.value
        counts[(role, ALL)][lo:hi] += 1
        if s.role is Role.BACKUP:
            for lang in agent.languages:
                if (role, lang) in counts:
                    counts[(role, lang)][lo:hi] += 1
    for lang, answering in allocation(problem, shifts, grid).items():
        if ("primary", lang) in counts:
            counts[("primary", lang)] = answering
    return counts


def coverage_table(problem: Problem, shifts: list[Shift] | tuple[Shift, ...],
                   requirements: Requirements | None = None) -> pd.DataFrame:
    """One row per slot and language (plus ALL): required, scheduled and gap for both roles."""
    grid = WeekGrid.for_settings(problem.settings)
    req = requirements or build_requirements(problem, grid)
    counts = scheduled_counts(problem, grid, shifts, req.languages)
    n = grid.n_slots
    starts = pd.date_range(grid.start_utc, periods=n, freq=f"{grid.slot_minutes}min")
    planning = starts.tz_convert(problem.settings.timezone)
    frames = []
    for lang in (*req.languages, ALL):
        if lang == ALL:
            need_p = np.maximum(req.total_primary, req.min_online)
            need_b = np.sum(np.vstack(list(req.backup.values())), axis=0)
            weight = req.weight_any
        else:
            need_p, need_b, weight = req.primary[lang], req.backup[lang], req.weight[lang]
        have_p, have_b = counts[("primary", lang)], counts[("backup", lang)]
        frames.append(pd.DataFrame({
            "slot": np.arange(n),
            "start_utc": starts,
            "start_planning": planning,
            "language": lang,
            "required_primary": need_p,
            "scheduled_primary": have_p,
            "gap_primary": np.maximum(need_p - have_p, 0),
            "required_backup": need_b,
            "scheduled_backup": have_b,
            "gap_backup": np.maximum(need_b - have_b, 0),
            "peak_weight": weight,
            "peak": req.peak_name,
        }))
    return pd.concat(frames, ignore_index=True)
