"""Compare two rosters of the same week: what changed for whom, and what it did to the KPIs.

A what-if is only useful if a manager can see its price: "three of Lucía's shifts moved, two
new backup shifts, uncovered Spanish hours down from 12 to 3". Shifts are matched per agent in
three passes so a shift that merely slid an hour reads as *moved*, not as removed + added:

1. identical shifts (same role, start and end) are unchanged and ignored;
2. leftover old/new shifts of the agent that overlap in time are paired as moved;
3. leftovers starting on the same planning-zone day are paired as moved;
   whatever is still unpaired is removed (old) or added (new).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from scheduler.domain import Shift
from scheduler.i18n import N_, _

__all__ = [
    "ChangeKind",
    "ShiftChange",
    "AgentChanges",
    "RosterDiff",
    "KpiDelta",
    "diff_rosters",
    "kpi_deltas",
    "KPI_LABELS",
]


class ChangeKind(str, Enum):
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"


@dataclass(frozen=True)
class ShiftChange:
    """One change for one agent; ``old`` is None for added shifts, ``new`` for removed ones."""

    agent_id: str
    kind: ChangeKind
    old: Shift | None
    new: Shift | None


@dataclass(frozen=True)
class AgentChanges:
    agent_id: str
    added: int
    removed: int
    moved: int
    hours_before: float
    hours_after: float

    @property
    def hours_delta(self) -> float:
        return self.hours_after - self.hours_before


@dataclass(frozen=True)
class RosterDiff:
    changes: tuple[ShiftChange, ...]
    per_agent: tuple[AgentChanges, ...]  # only agents with at least one change
    unchanged: int

    def count(self, kind: ChangeKind) -> int:
        return sum(c.kind is kind for c in self.changes)

    @property
    def is_empty(self) -> bool:
        return not self.changes


def _key(s: Shift) -> tuple[str, str, Any, Any]:
    return (s.agent_id, s.role.value, s.start, s.end)


def _pair(olds: list[Shift], news: list[Shift], match: Any) -> list[tuple[Shift, Shift]]:
    """Greedy pairing in start order; removes paired shifts from both lists."""
    pairs = []
    for old in sorted(olds, key=lambda s: s.start):
        for new in sorted(news, key=lambda s: s.start):
            if match(old, new):
                pairs.append((old, new))
                news.remove(new)
                olds.remove(old)
                break
    return pairs


def diff_rosters(before: Iterable[Shift], after: Iterable[Shift],
                 planning_zone: str = "UTC") -> RosterDiff:
    """Shifts added, removed and moved per agent between two rosters (see module docstring)."""
    zone = ZoneInfo(planning_zone)
    old_by: dict[str, list[Shift]] = {}
    new_by: dict[str, list[Shift]] = {}
    for s in before:
        old_by.setdefault(s.agent_id, []).append(s)
    for s in after:
        new_by.setdefault(s.agent_id, []).append(s)
    changes: list[ShiftChange] = []
    per_agent: list[AgentChanges] = []
    unchanged = 0
    for agent_id in sorted(set(old_by) | set(new_by)):
        olds_all, news_all = old_by.get(agent_id, []), new_by.get(agent_id, [])
        same = {_key(s) for s in olds_all} & {_key(s) for s in news_all}
        unchanged += len(same)
        olds = [s for s in olds_all if _key(s) not in same]
        news = [s for s in news_all if _key(s) not in same]
        moved = _pair(olds, news, lambda a, b: a.start < b.end and b.start < a.end)
        moved += _pair(olds, news, lambda a, b: a.start.astimezone(zone).date()
                       == b.start.astimezone(zone).date())
        mine = [ShiftChange(agent_id, ChangeKind.MOVED, a, b) for a, b in moved]
        mine += [ShiftChange(agent_id, ChangeKind.REMOVED, s, None) for s in olds]
        mine += [ShiftChange(agent_id, ChangeKind.ADDED, None, s) for s in news]
        if not mine:
            continue
        mine.sort(key=lambda c: (c.old or c.new).start)  # type: ignore[union-attr]
        changes += mine
        per_agent.append(AgentChanges(
            agent_id=agent_id,
            added=len(news), removed=len(olds), moved=len(moved),
            hours_before=sum(s.hours for s in olds_all),
            hours_after=sum(s.hours for s in news_all),
        ))
    return RosterDiff(tuple(changes), tuple(per_agent), unchanged)


# name -> (label, marked for translation; True when a higher value is better, False when lower)
KPI_LABELS: dict[str, tuple[str, bool]] = {
    "online_24_7_held": (N_("24/7 at least one online"), True),
    "hard_rules_ok": (N_("all hard rules hold"), True),
    "violations": (N_("hard-rule violations"), False),
    "coverage_share": (N_("primary coverage (share)"), True),
    "uncovered_primary_hours": (N_("uncovered primary agent-hours"), False),
    "uncovered_backup_hours": (N_("uncovered backup agent-hours"), False),
    "uncovered_heads_hours": (N_("uncovered head-hours (all languages)"), False),
    "shifts": (N_("shifts"), False),
    "agents_used": (N_("agents used"), False),
    "paid_hours": (N_("paid hours"), False),
    "cost": (N_("cost"), False),
    "hours_per_agent_min": (N_("hours per agent, min"), True),
    "hours_per_agent_max": (N_("hours per agent, max"), False),
    "night_shifts_spread": (N_("night-shift spread (max−min)"), False),
    "weekend_shifts_spread": (N_("weekend-shift spread (max−min)"), False),
}


@dataclass(frozen=True)
class KpiDelta:
    name: str
    label: str
    before: float
    after: float
    higher_is_better: bool

    @property
    def delta(self) -> float:
        return self.after - self.before

    @property
    def improved(self) -> bool | None:
        """None when unchanged; otherwise whether the change goes the good way."""
        if abs(self.delta) < 1e-9:
            return None
        return (self.delta > 0) == self.higher_is_better


def kpi_deltas(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[KpiDelta]:
    """KPI changes, in KPI_LABELS order, plus uncovered hours per language (both sides' union).

    Takes plain mappings (``Kpis.model_dump()``) so stored scenarios compare without the model.
    """
    out = []
    for name, (label, higher_better) in KPI_LABELS.items():
        if name in before and name in after:
            out.append(KpiDelta(name, _(label), float(before[name]), float(after[name]),
                                higher_better))
    old_lang = dict(before.get("uncovered_by_language") or {})
    new_lang = dict(after.get("uncovered_by_language") or {})
    for lang in sorted(set(old_lang) | set(new_lang)):
        out.append(KpiDelta(f"uncovered_{lang}",
                            _("uncovered primary hours, {language}").format(language=lang),
                            float(old_lang.get(lang, 0.0)), float(new_lang.get(lang, 0.0)),
                            False))
    return out
