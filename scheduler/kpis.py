"""The numbers a manager looks at first: 24/7 held, uncovered hours, paid hours, fairness."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd
from pydantic import BaseModel, ConfigDict

from scheduler.availability import in_daily_window
from scheduler.baseline import count_changes
from scheduler.coverage import ALL, coverage_table
from scheduler.domain import Problem, Shift
from scheduler.validator import Violation, validate

__all__ = ["Kpis", "compute_kpis", "agent_hours_table", "paid_hours_and_cost"]


class Kpis(BaseModel):
    model_config = ConfigDict(frozen=True)

    hard_rules_ok: bool
    violations: int
    online_24_7_held: bool
    uncovered_primary_hours: float  # agent-hours missing, summed over languages
    uncovered_backup_hours: float
    uncovered_heads_hours: float  # heads missing against the sum of the languages' needs
    uncovered_by_language: dict[str, float]
    coverage_share: float  # fraction (0-1) of required primary agent-hours that is scheduled
    shifts: int
    agents_used: int
    paid_hours: float
    cost: float  # currency units, with night premium
    hours_per_agent_min: float
    hours_per_agent_max: float
    night_shifts_spread: int  # max - min night shifts per agent
    weekend_shifts_spread: int
    shifts_changed: int | None = None  # re-rostering: added + removed vs the baseline roster
    agents_affected: int | None = None  # agents with at least one shift added or removed


def _night_hours(s: Shift, problem: Problem) -> float:
    """Hours of the shift inside the agent's local night-premium hours (15-minute steps)."""
    zone = problem.agent(s.agent_id).zone
    lo, hi = problem.settings.night_premium_hours
    step = dt.timedelta(minutes=15)
    t, n = s.start, 0
    while t < s.end:
        n += in_daily_window(t.astimezone(zone).time(), lo, hi)
        t += step
    return n * 0.25


def paid_hours_and_cost(problem: Problem, shifts: list[Shift] | tuple[Shift, ...]
                        ) -> tuple[float, float, float]:
    """(primary hours, backup hours, cost in the team's currency incl. the night premium)."""
    rate = problem.settings.hourly_rate
    premium = problem.weights.night_premium
    agents = {a.id: a for a in problem.agents}
    primary = backup = cost = 0.0
    for s in shifts:
        agent = agents.get(s.agent_id)
        if agent is None:
            continue
        agent_rate = agent.hourly_cost if agent.hourly_cost is not None else rate
        cost += agent_rate * (s.hours + premium * _night_hours(s, problem))
        if s.role.value == "primary":
            primary += s.hours
        else:
            backup += s.hours
    return primary, backup, round(cost, 2)


def agent_hours_table(problem: Problem, shifts: list[Shift] | tuple[Shift, ...]) -> pd.DataFrame:
    """Per agent: hours, shifts, nights, weekends against their contract."""
    rows = []
    for agent in problem.agents:
        mine = [s for s in shifts if s.agent_id == agent.id]
        rows.append({
            "agent_id": agent.id, "name": agent.name, "timezone": agent.timezone,
            "hours": sum(s.hours for s in mine), "shifts": len(mine),
            "primary_shifts": sum(s.role.value == "primary" for s in mine),
            "backup_shifts": sum(s.role.value == "backup" for s in mine),
            "night_shifts": sum(_night_hours(s, problem) > 0 for s in mine),
            "weekend_shifts": sum(s.start.astimezone(agent.zone).weekday() >= 5 for s in mine),
            "min_hours": agent.min_hours, "max_hours": agent.max_hours,
        })
    return pd.DataFrame(rows)


def compute_kpis(problem: Problem, shifts: list[Shift] | tuple[Shift, ...],
                 violations: list[Violation] | None = None,
                 coverage: pd.DataFrame | None = None) -> Kpis:
    violations = validate(problem, shifts) if violations is None else violations
    cov = coverage_table(problem, shifts) if coverage is None else coverage
    slot_h = problem.settings.slot_minutes / 60
    per_lang = cov[cov.language != ALL]
    heads = cov[cov.language == ALL]
    by_lang = (per_lang.groupby("language")["gap_primary"].sum() * slot_h).to_dict()
    required = float(per_lang["required_primary"].sum())
    covered = float((per_lang[["required_primary", "scheduled_primary"]].min(axis=1)).sum())
    hours = agent_hours_table(problem, shifts)
    _, _, cost = paid_hours_and_cost(problem, shifts)
    rule_counts = Counter(v.rule for v in violations)
    changes = count_changes(problem.baseline_shifts, shifts) if problem.baseline_shifts else None
    return Kpis(
        hard_rules_ok=not violations,
        violations=len(violations),
        online_24_7_held=rule_counts["24/7 minimum online"] == 0,
        uncovered_primary_hours=float(per_lang["gap_primary"].sum() * slot_h),
        uncovered_backup_hours=float(per_lang["gap_backup"].sum() * slot_h),
        uncovered_heads_hours=float(heads["gap_primary"].sum() * slot_h),
        uncovered_by_language={k: float(v) for k, v in by_lang.items()},
        coverage_share=covered / required if required else 1.0,
        shifts=len(shifts),
        agents_used=len({s.agent_id for s in shifts}),
        paid_hours=float(sum(s.hours for s in shifts)),
        cost=cost,
        hours_per_agent_min=float(hours["hours"].min()) if len(hours) else 0.0,
        hours_per_agent_max=float(hours["hours"].max()) if len(hours) else 0.0,
        night_shifts_spread=int(hours["night_shifts"].max() - hours["night_shifts"].min())
        if len(hours) else 0,
        weekend_shifts_spread=int(hours["weekend_shifts"].max() - hours["weekend_shifts"].min())
        if len(hours) else 0,
        shifts_changed=changes.changed if changes else None,
        agents_affected=len(changes.agents) if changes else None,
    )
