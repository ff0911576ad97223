"""Tiny hand-made problems for rule-by-rule tests (imported as `toy`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scheduler.domain import Agent, DemandRow, Problem, Rules, SolverSettings, TeamSettings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
WEEK = dt.date(2026, 11, 30)


def make_agent(id_: str, **kw) -> Agent:
    defaults = dict(name=f"Agent {id_}", timezone="Asia/Shanghai", primary_languages=("en",),
                    min_hours=0, max_hours=40, max_shifts=5, shift_lengths=(8,), night_willing=True)
    defaults.update(kw)
    return Agent(id=id_, **defaults)


def make_problem(agents: list[Agent], demand: list[DemandRow] | None = None, **kw) -> Problem:
    settings = kw.pop("settings", None) or TeamSettings(
        name="toy", week_start=kw.pop("week_start", WEEK), timezone=kw.pop("timezone", "Asia/Shanghai"),
        slot_minutes=kw.pop("slot_minutes", 60))
    return Problem(settings=settings, agents=tuple(agents), demand=tuple(demand or ()),
                   rules=kw.pop("rules", Rules()),
                   solver=kw.pop("solver", SolverSettings(time_limit_s=10, workers=2, seed=0)),
                   **kw)

