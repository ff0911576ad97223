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

from scheduler.domain import Problem, Shift

__all__ = ["shift_key", "frozen_shifts", "ChangeCount", "count_changes"]


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
