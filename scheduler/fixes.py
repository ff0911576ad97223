"""The smallest changes that would make an infeasible week solvable, in a manager's words.

They are read off the best-effort roster: the search bends the bendable rules as little as it can
(``Weights.breach`` prices every bent agent-hour far above any soft goal), so what it had to bend
is the smallest change that works — "lower SZ01's minimum to 30 h or allow a 6th shift".
Identical changes for several agents become one line naming them all.
"""

from __future__ import annotations

from collections import defaultdict
from zoneinfo import ZoneInfo

from scheduler.domain import Problem, Shift
from scheduler.timegrid import describe_periods
from scheduler.validator import Violation

__all__ = ["smallest_fixes"]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _names(ids: list[str], problem: Problem) -> str:
    labels = [f"{problem.agent(i).name} ({i})" for i in ids]
    if len(labels) > 8:
        labels = labels[:8] + [f"{len(labels) - 8} more"]
    return ", ".join(labels)


def smallest_fixes(problem: Problem, shifts: list[Shift] | tuple[Shift, ...],
                   violations: list[Violation]) -> list[str]:
    """One sentence per change, grouped over agents, for the breaches of a best-effort roster."""
    hours: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    for s in shifts:
        hours[s.agent_id] += s.hours
        count[s.agent_id] += 1
    grouped: dict[str, list[str]] = defaultdict(list)
    holes: list[Violation] = []
    other: list[str] = []
    for v in violations:
        agent = problem.agent(v.agent_id) if v.agent_id else None
        if v.rule == "min weekly hours" and agent:
            change = f"lower the contract minimum to {hours[agent.id]:g} h"
            if count[agent.id] >= agent.max_shifts:
                change += f" or allow a {_ordinal(agent.max_shifts + 1)} shift"
            grouped[change].append(agent.id)
        elif v.rule == "max weekly hours" and agent:
            grouped[f"raise the weekly maximum to {hours[agent.id]:g} h"].append(agent.id)
        elif v.rule == "max shifts" and agent:
            grouped[f"allow {count[agent.id]} shifts a week"].append(agent.id)
        elif v.rule == "24/7 minimum online":
            holes.append(v)
        elif v.rule == "pinned shift" and agent:
            grouped["unpin the shift that cannot be kept, or change the agent's settings"].append(
                agent.id)
        else:
            other.append(str(v))
    lines = [f"{change} for {_names(ids, problem)}" for change, ids in grouped.items()]
    if holes:
        hours_short = sum((v.end - v.start).total_seconds() for v in holes if v.start and v.end) / 3600
        zone = ZoneInfo(problem.settings.timezone)
        periods = describe_periods([(v.start, v.end) for v in holes if v.start and v.end], zone)
        lines.append(f"get someone online in the {hours_short:g} h not covered ({zone.key} "
                     f"time: {periods}): mark an agent night-willing, widen availability or "
                     "move leave there")
    return lines + other
