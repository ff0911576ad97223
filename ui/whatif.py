"""One-click what-if edits a manager asks for, as pure Problem -> Problem functions.

"+30% Spanish on Friday", "Lucía on leave Wednesday", "what if shifts were 6 hours at most",
"keep these shifts whatever happens". Each returns a new validated Problem; pages only collect
the parameters and store the result, so the same edits are testable without a browser.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from scheduler.domain import Problem, Shift, TimeOff
from scheduler.errors import InputError
from scheduler.formats import weekday
from scheduler.i18n import _
from scheduler.validator import role_name
from ui.table_edit import rebuild

__all__ = [
    "scale_demand",
    "add_leave",
    "cap_shift_length",
    "pin_shifts",
    "unpin_all",
    "shift_label",
]


def scale_demand(problem: Problem, factor: float, *, language: str | None = None,
                 weekdays: Iterable[int] = range(7), roles: Iterable[str] = ("primary",)
                 ) -> Problem:
    """Multiply required agents (rounded up: 1.3 agents means staffing 2) on chosen days.

    ``language=None`` scales every language.
    """
    if factor < 0:
        raise InputError(_("multiplier {factor} must not be negative").format(
            factor=f"{factor:g}"), field=_("multiplier"))
    days = set(weekdays)
    roles = tuple(roles)
    rows = []
    for row in problem.demand:
        if row.weekday in days and (language is None or row.language == language):
            update = {r: math.ceil(getattr(row, r) * factor - 1e-9) for r in roles}
            row = row.model_copy(update=update)
        rows.append(row)
    return rebuild(problem, demand=tuple(rows))


def add_leave(problem: Problem, agent_id: str, first_day: dt.date, last_day: dt.date,
              reason: str = "leave") -> Problem:
    """Whole days off in the agent's own time zone, last day included."""
    problem.agent(agent_id)
    if last_day < first_day:
        raise InputError(_("leave ends on {last} before it starts on {first}").format(
            last=last_day, first=first_day),
                         field=_("last day"))
    leave = TimeOff(agent_id=agent_id, start=dt.datetime.combine(first_day, dt.time(0)),
                    end=dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0)),
                    reason=reason)
    return rebuild(problem, time_off=problem.time_off + (leave,))


def cap_shift_length(problem: Problem, hours: float) -> Problem:
    """Lower the maximum shift length and fit every contract to it.

    Contracts listing longer shifts keep their shorter lengths, or get the new cap as their only
    length, so the what-if is solvable instead of failing on "8 h exceeds the 6 h cap".
    """
    min_hours = min(problem.rules.min_shift_hours, hours)
    rules = problem.rules.model_copy(update={"max_shift_hours": hours,
                                             "min_shift_hours": min_hours})
    rules = type(rules)(**rules.model_dump())  # re-validate
    agents = []
    for agent in problem.agents:
        lengths = tuple(x for x in agent.shift_lengths if min_hours <= x <= hours) or (hours,)
        agents.append(agent.model_copy(update={"shift_lengths": lengths}))
    pinned = tuple(s for s in problem.pinned_shifts if s.hours <= hours)
    return rebuild(problem, rules=rules, agents=tuple(agents), pinned_shifts=pinned)


def pin_shifts(problem: Problem, shifts: Iterable[Shift]) -> Problem:
    """Add shifts to the pinned set (kept by every re-solve); already pinned ones stay once."""
    pinned = dict.fromkeys(problem.pinned_shifts)
    pinned.update(dict.fromkeys(shifts))
    return rebuild(problem, pinned_shifts=tuple(pinned))


def unpin_all(problem: Problem) -> Problem:
    return rebuild(problem, pinned_shifts=())


def shift_label(shift: Shift, problem: Problem) -> str:
    """'SZ01 Li Na · primary · Mon 09:00–17:00' in the planning zone, for pick lists."""
    zone = ZoneInfo(problem.settings.timezone)
    start, end = shift.start.astimezone(zone), shift.end.astimezone(zone)
    names = {a.id: a.name for a in problem.agents}
    name = names.get(shift.agent_id, "")
    return (f"{shift.agent_id} {name} · {role_name(shift.role)} · {weekday(start.weekday())} "
            f"{start:%H:%M}–{end:%H:%M}")

