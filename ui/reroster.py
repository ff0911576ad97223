"""Re-rostering in the app: which roster to stay close to, how hard, and what stability costs.

Pure functions (no Streamlit): the Solve page collects the manager's choices and calls these, so
the same behaviour is testable without a browser. The rules of a re-roster are
``scheduler/baseline.py`` (change = shift added or removed; frozen shifts never change).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from scheduler.baseline import change_price, count_changes
from scheduler.domain import Problem, Shift, Weights
from scheduler.queues import queue_loss
from scheduler.i18n import N_, _
from scheduler.report import RosterReport
from scheduler.timegrid import WeekGrid
from scheduler.units import share

__all__ = ["STABILITY", "DEFAULT_STABILITY", "rerostered", "stability_cost", "edited_since",
           "unbound", "stability_word"]

#: the slider from "stable" to "best coverage": the price of one shift added or removed, as a
#: multiple of the default (``baseline.change_price``: what two agent-hours are worth)
STABILITY: dict[str, float] = {
    "most stable": 3.0,
    "stable": 1.0,
    "balanced": 0.5,
    "best coverage": 0.0,
}
DEFAULT_STABILITY = "stable"
_STABILITY_WORDS = {"most stable": N_("most stable"), "stable": N_("stable"),
                    "balanced": N_("balanced"), "best coverage": N_("best coverage")}


def stability_word(setting: str) -> str:
    """A stop of the stability slider in the active language."""
    return _(_STABILITY_WORDS.get(setting, setting))


def rerostered(problem: Problem, baseline: Sequence[Shift], stability: str,
               freeze_before: dt.datetime | None = None) -> Problem:
    """``problem`` solved close to ``baseline`` (its shifts of this week and of agents still in
    the team), each change priced by the ``stability`` setting; ``freeze_before`` (aware) keeps
    every shift that started before it, as a mid-week repair."""
    grid = WeekGrid.for_settings(problem.settings)
    known = {a.id for a in problem.agents}
    kept = tuple(s for s in baseline
                 if s.agent_id in known and grid.start_utc <= s.start < grid.end_utc)
    plain = problem.model_copy(update={"weights": problem.weights.model_copy(
        update={"change": None})})
    price = change_price(plain, queue_loss(plain, grid), grid.slot_minutes)
    weights = Weights(**{**dict(problem.weights),
                         "change": round(price * STABILITY[stability])})
    return Problem.model_validate({**dict(problem), "baseline_shifts": kept, "weights": weights,
                                   "freeze_before": freeze_before if kept else None})


def unbound(problem: Problem) -> Problem:
    """``problem`` as a plain solve: no baseline, no freeze (e.g. a saved re-roster reopened)."""
    if not problem.baseline_shifts and problem.freeze_before is None:
        return problem
    return Problem.model_validate({**dict(problem), "baseline_shifts": (),
                                   "freeze_before": None})


def stability_cost(kept: RosterReport, free: RosterReport) -> list[str]:
    """What keeping changes small cost against a re-solve free to change anything."""
    baseline = kept.problem.baseline_shifts
    changes_kept = count_changes(baseline, kept.roster.shifts).changed
    changes_free = count_changes(baseline, free.roster.shifts).changed
    service_kept = kept.service.summary["frt_attainment"]
    service_free = free.service.summary["frt_attainment"]
    currency = kept.problem.settings.currency
    lines = [
        _("Keeping changes small: {kept} shift(s) changed instead of {free} ({fewer} fewer "
          "messages to agents).").format(kept=changes_kept, free=changes_free,
                                         fewer=changes_free - changes_kept),
        _("It costs {points} points of contacts answered within the target ({kept} vs "
          "{free}) and {cost} {currency} ({hours} paid hours).").format(
            points=f"{100 * (service_free - service_kept):.1f}", kept=share(service_kept),
            free=share(service_free), cost=f"{kept.kpis.cost - free.kpis.cost:+,.0f}",
            currency=currency, hours=f"{kept.kpis.paid_hours - free.kpis.paid_hours:+,.1f}"),
    ]
    return lines


def edited_since(solved: Problem, current: Problem) -> bool:
    """Was the team edited after ``solved``? A re-roster's own settings (its baseline, freeze
    time and change price) are not edits of the team."""
    def team(p: Problem) -> dict:
        return {**dict(p), "baseline_shifts": (), "freeze_before": None,
                "weights": p.weights.model_copy(update={"change": 0})}
    return team(solved) != team(current)
