"""Re-rostering against a baseline: which shifts are frozen, and what counts as a change.

A manager re-plans a published week (a sick call, new leave, a demand spike) and every changed
shift means a message to an agent and a calendar update. So a re-roster is judged by how many
shifts it changes against the baseline roster, one definition shared by the solver's change cost
(``solver/objective.py`` ``stability``), the validator's frozen-shift rule and the reports:

Change
    A shift is identified by (agent, role, start, end). A roster *adds* every shift not in the
    baseline and *removes* every baseline shift it no longer has, so a moved shift is one of
    each: ``changed = added + removed``. Baseline shifts start inside the planning week
    (checked at load).

Frozen shift (rule "frozen shift", mid-week repair with ``freeze_before``)
    A baseline shift that starts before the freeze instant has happened or is under way: the
    repaired roster keeps it exactly, and no new shift may start before that instant. Rest,
    streak and weekly-hours rules see the frozen shifts like any other shift of the week.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from scheduler.domain import Problem, Shift
from scheduler.queues import QueueLoss

__all__ = ["shift_key", "frozen_shifts", "ChangeCount", "count_changes", "change_price"]


def shift_key(s: Shift) -> tuple:
    """What makes two shifts the same shift."""
    return (s.agent_id, s.role.value, s.start, s.end)


def frozen_shifts(problem: Problem) -> tuple[Shift, ...]:
    """Baseline shifts that started before ``freeze_before`` (none without a freeze time)."""
    if problem.freeze_before is None:
        return ()
    return tuple(s for s in problem.baseline_shifts if s.start < problem.freeze_before)


@dataclass(frozen=True)
class ChangeCount:
    """Shifts added and removed against a baseline, and the agents whose week changed."""

    added: int
    removed: int
    agents: tuple[str, ...]

    @property
    def changed(self) -> int:
        return self.added + self.removed


def count_changes(baseline: Iterable[Shift], roster: Iterable[Shift]) -> ChangeCount:
    old = {shift_key(s): s for s in baseline}
    new = {shift_key(s): s for s in roster}
    added = [s for k, s in new.items() if k not in old]
    removed = [s for k, s in old.items() if k not in new]
    agents = tuple(sorted({s.agent_id for s in added + removed}))
    return ChangeCount(len(added), len(removed), agents)


def change_price(problem: Problem, loss: QueueLoss, slot_minutes: int) -> int:
    """Objective points one shift added or removed costs: ``[weights] change`` if set, else
    what two agent-hours are worth to the team's goal — what the first agent saves in an hour
    of a typical queue with work to do (the median over slots and languages; for the coverage
    goal that is one missing agent-hour at ``under_primary``)."""
    if problem.weights.change is not None:
        return problem.weights.change
    first = [table[0] - table[1] for table in loss.loss.values() if len(table) > 1]
    saved = np.concatenate(first) if first else np.zeros(0)
    saved = saved[saved > 0]
    per_hour = float(np.median(saved)) * 60 / slot_minutes if len(saved) else \
        float(problem.weights.under_primary)
    return int(round(2 * per_hour))
