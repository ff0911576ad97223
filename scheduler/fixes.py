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
from scheduler.i18n import _, active
from scheduler.timegrid import describe_periods
from scheduler.validator import Violation

__all__ = ["smallest_fixes"]


def _ordinal(n: int) -> str:
    """'6th' / '第 6 个'."""
    if active() != "en":
        return _("{n}th").format(n=n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _names(ids: list[str], problem: Problem) -> str:
    labels = [f"{problem.agent(i).name} ({i})" for i in ids]
    if len(labels) > 8:
        labels = labels[:8] + [_("{count} more").format(count=len(labels) - 8)]
    return _(", ").join(labels)


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
            minimum = f"{hours[agent.id]:g}"
            if count[agent.id] >= agent.max_shifts:
                change = _("lower the contract minimum to {hours} h or allow a {nth} "
                           "shift").format(hours=minimum, nth=_ordinal(agent.max_shifts + 1))
            else:
                change = _("lower the contract minimum to {hours} h").format(hours=minimum)
            grouped[change].append(agent.id)
        elif v.rule == "max weekly hours" and agent:
            grouped[_("raise the weekly maximum to {hours} h").format(
                hours=f"{hours[agent.id]:g}")].append(agent.id)
        elif v.rule == "max shifts" and agent:
            grouped[_("allow {count} shifts a week").format(count=count[agent.id])].append(
                agent.id)
        elif v.rule == "24/7 minimum online":
            holes.append(v)
        elif v.rule == "team hours budget":
            other.append(_("raise the team's hours budget ([rules] max_team_hours) to {hours} "
                           "h").format(hours=f"{sum(hours.values()):g}"))
        elif v.rule == "pinned shift" and agent:
            grouped[_("unpin the shift that cannot be kept, or change the agent's "
                      "settings")].append(agent.id)
        else:
            other.append(str(v))
    lines = [_("{change} for {agents}").format(change=change, agents=_names(ids, problem))
             for change, ids in grouped.items()]
    if holes:
        hours_short = sum((v.end - v.start).total_seconds() for v in holes
                          if v.start and v.end) / 3600
        zone = ZoneInfo(problem.settings.timezone)
        periods = describe_periods([(v.start, v.end) for v in holes if v.start and v.end], zone)
        lines.append(_("get someone online in the {hours} h not covered ({zone} time: "
                       "{periods}): mark an agent night-willing, widen availability or move "
                       "leave there").format(hours=f"{hours_short:g}", zone=zone.key,
                                             periods=periods))
    return lines + other
