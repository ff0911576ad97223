"""From a team, its roster and its workloads to the plain arrays the week model runs on.

The workloads are the very ones the service report scores (forecast.csv, or the load implied by
demand rows), so the simulation and the prediction start from the same contacts. What the
workloads keep per language — human contacts, their mean handle time, the bot's share — is
expanded back into inquiries (human / human share) and a category mix: the spread between
categories follows staffing.toml's handle times and deflection, scaled so the mean is the
workload's handle time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from scheduler.domain import Problem, Role, Shift
from scheduler.simulation.model import Duty, QueueInput, WeekInput
from scheduler.staffing.settings import DEFAULT_MIX, StaffingSettings
from scheduler.staffing.workload import QueueWorkload, human_mix
from scheduler.timegrid import WeekGrid

__all__ = ["category_mix", "week_input"]


def category_mix(settings: StaffingSettings, aht_s: float,
                 mix: Mapping[str, float] | None = None) -> tuple[tuple[str, float, float], ...]:
    """(category, share of human chats, mean solo seconds) with the shares' mean equal to
    ``aht_s``: the bot keeps the short routine chats, so the human mix leans to long ones."""
    weights = {c: w for c, w in human_mix(mix or DEFAULT_MIX, settings.deflection).items()
               if w > 0}
    total = sum(weights.values())
    if total <= 0:
        return (("all", 1.0, aht_s),)
    fallback = settings.aht_s.get("other", float(np.mean(list(settings.aht_s.values()))))
    means = {c: settings.aht_s.get(c, fallback) for c in weights}
    scale = aht_s / sum(weights[c] / total * means[c] for c in weights)
    return tuple((c, weights[c] / total, means[c] * scale) for c in weights)


def _queue(wl: QueueWorkload, settings: StaffingSettings) -> QueueInput:
    share = 1.0 - wl.deflected
    if share <= 0:  # nothing reaches a human: keep the contacts, no bot share to undo
        share = 1.0
    return QueueInput(wl.language, np.asarray(wl.human_contacts, dtype=np.float64) / share,
                      share, category_mix(settings, wl.aht_s))


def week_input(problem: Problem, shifts: Iterable[Shift], workloads: Mapping[str, QueueWorkload],
               settings: StaffingSettings) -> WeekInput:
    """Queues from ``workloads``; duties from ``shifts`` in seconds from the week's start.

    A primary shift answers the agent's primary languages; an on-call backup shift every
    language the agent speaks (the README's coverage rule).
    """
    grid = WeekGrid.for_settings(problem.settings)
    agents = {a.id: a for a in problem.agents}
    duties = []
    for s in shifts:
        agent = agents.get(s.agent_id)
        if agent is None:
            continue
        spoken = agent.primary_languages if s.role == Role.PRIMARY else (
            agent.primary_languages + agent.backup_languages)
        langs = tuple(dict.fromkeys(x for x in spoken if x in workloads))
        start = (s.start - grid.start_utc).total_seconds()
        end = (s.end - grid.start_utc).total_seconds()
        duties.append(Duty(s.agent_id, s.role == Role.BACKUP, start, end, langs))
    duties.sort(key=lambda d: (d.start_s, d.agent_id, d.backup))
    return WeekInput(grid.slot_minutes * 60.0, grid.n_slots,
                     tuple(_queue(wl, settings) for wl in workloads.values()), tuple(duties))
