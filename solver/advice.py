"""Staffing advice: how many agents, of which language and where, would reach the service
target in every hour the team cannot reach today — or how much overtime would.

Found by solving, not by a rule of thumb: the week is solved again with candidate hires added
(per language with hours below target: up to ``per_language`` new agents in the zone where most
of that language's agents work, available at any local time outside the no-work window, paid
``HIRE_PREMIUM`` times the team rate so the solver uses existing agents first), under the
coverage goal ("reach the required agents in every hour the team can, then minimise cost").
The hires the solver gives shifts to are the advice; their hours give the FTE. The overtime
alternative solves the week once more with every agent allowed ``overtime_hours`` more.
Both are judged by the service report, like any roster.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

from babel import Locale

from scheduler.domain import Agent, Problem, Shift
from scheduler.errors import InfeasibleRosterError
from scheduler.formats import city, weekday
from scheduler.i18n import _, babel_locale
from scheduler.staffing.service_report import service_report
from scheduler.timegrid import WeekGrid
from scheduler.units import share
from solver.solve import solve

__all__ = ["Hire", "Advice", "staffing_advice", "HIRE_PREMIUM", "FTE_HOURS"]

#: hires cost this much more per hour than the team rate (recruiting, training), so the
#: solver fills hours with the agents the team already has before it adds anyone
HIRE_PREMIUM = 1.5
#: hours of one full-time agent per week
FTE_HOURS = 40.0


@dataclass(frozen=True)
class Hire:
    """New agents of one language the week needs, where they sit and when they would work."""

    language: str
    timezone: str
    agents: int
    hours: float
    busiest: tuple[tuple[bool, int], ...]  # (weekend?, 4-hour block) they cover most

    @property
    def fte(self) -> float:
        return self.hours / FTE_HOURS


@dataclass
class Advice:
    service_now: float  # share answered within target, current team
    hours_below_now: float  # hours with a language below target
    hires: list[Hire] = field(default_factory=list)
    service_with_hires: float | None = None
    hours_below_with_hires: float | None = None
    overtime_hours: float | None = None
    overtime_agents: int | None = None
    service_with_overtime: float | None = None
    hours_below_with_overtime: float | None = None

    def lines(self) -> list[str]:
        """The advice in a manager's words, in the active language."""
        out = [_("Now: {share} of contacts answered within the target; {hours} h with a "
                 "language below target.").format(share=share(self.service_now),
                                                  hours=f"{self.hours_below_now:g}")]
        if not self.hires:
            out.append(_("No new agents would help: the hours below target are hours no hire "
                         "could cover under the rules, or there are none."))
        else:
            who = _(" and ").join(
                _("+{count} {language} ({city})").format(
                    count=h.agents, language=_language_name(h.language), city=city(h.timezone))
                for h in self.hires)
            fte = sum(h.fte for h in self.hires)
            out.append(_("To reach the target in every hour the team can: {who} — {fte} FTE, "
                         "{hours} h a week; then {share} answered within the target, {below} h "
                         "below target.").format(
                who=who, fte=f"{fte:.1f}", hours=f"{sum(h.hours for h in self.hires):g}",
                share=share(self.service_with_hires or 0.0),
                below=f"{self.hours_below_with_hires:g}"))
            for h in self.hires:
                out.append("  " + _("{language}: {hours} h, mostly {when}").format(
                    language=_language_name(h.language), hours=f"{h.hours:g}",
                    when=_(", ").join(_block_text(b) for b in h.busiest)))
        if self.overtime_hours is not None:
            if self.overtime_hours <= 0:
                out.append(_("Overtime would not help: no agent would work more."))
            else:
                out.append(_("Or overtime: {hours} h from {agents} agent(s); then {share} "
                             "answered within the target, {below} h below target.").format(
                    hours=f"{self.overtime_hours:g}", agents=self.overtime_agents,
                    share=share(self.service_with_overtime or 0.0),
                    below=f"{self.hours_below_with_overtime:g}"))
        return out


def _language_name(code: str) -> str:
    return Locale.parse(babel_locale()).languages.get(code, code)


def _block_text(block: tuple[bool, int]) -> str:
    """(weekend?, 4-hour block) -> 'Mon–Fri 08:00–12:00' / '周一至周五 08:00–12:00'."""
    weekend, h = block
    days = (_("{first}–{last}").format(first=weekday(5), last=weekday(6)) if weekend
            else _("{first}–{last}").format(first=weekday(0), last=weekday(4)))
    return f"{days} {4 * h:02d}:00–{4 * h + 4:02d}:00"


def _with(problem: Problem, **update) -> Problem:
    return Problem.model_validate({**dict(problem), **update})


def _coverage_goal(problem: Problem) -> Problem:
    weights = type(problem.weights)(**{**dict(problem.weights), "goal": "coverage"})
    return _with(problem, weights=weights)


def _candidates(problem: Problem, languages: list[str], per_language: int) -> list[Agent]:
    rate = problem.settings.hourly_rate
    lengths = collections.Counter(x for a in problem.agents for x in a.shift_lengths)
    length = lengths.most_common(1)[0][0] if lengths else problem.rules.max_shift_hours
    hires = []
    for lang in languages:
        zones = collections.Counter(a.timezone for a in problem.agents
                                    if lang in a.primary_languages)
        zone = zones.most_common(1)[0][0] if zones else problem.settings.timezone
        for k in range(1, per_language + 1):
            hires.append(Agent(
                id=f"HIRE-{lang}-{k}", name=_("new {language} agent {number}").format(
                    language=_language_name(lang), number=k),
                timezone=zone, primary_languages=(lang,), min_hours=0, max_hours=FTE_HOURS,
                max_shifts=5, shift_lengths=(length,), hourly_cost=rate * HIRE_PREMIUM))
    return hires


def _busiest(shifts: list[Shift], grid: WeekGrid, top: int = 3
             ) -> tuple[tuple[bool, int], ...]:
    """The planning-zone (weekend?, 4-hour block) the shifts cover most (for 'when they would
    work'); put in words by ``Advice.lines``."""
    count: collections.Counter = collections.Counter()
    for s in shifts:
        for i in grid.slots_between(s.start, s.end):
            if 0 <= i < grid.n_slots:
                local = grid.planning_local[i]
                count[(local.weekday() >= 5, local.hour // 4)] += 1
    return tuple(block for block, _count in count.most_common(top))


def _solved(problem: Problem, seconds: float, workers: int | None) -> list[Shift]:
    """The week's roster, or its best-effort roster when the hard rules cannot all hold (the
    advice may be what makes the week solvable)."""
    try:
        return list(solve(problem, time_limit=seconds, workers=workers).roster.shifts)
    except InfeasibleRosterError as exc:
        return list(exc.best_effort.roster.shifts) if exc.best_effort is not None else []


def _judge(problem: Problem, shifts) -> tuple[float, float]:  # noqa: ANN001
    s = service_report(problem, shifts).summary
    return s["frt_attainment"], s["hours_below_target"]


def staffing_advice(problem: Problem, *, time_limit: float = 60.0, per_language: int = 3,
                    overtime_hours: float = 8.0, workers: int | None = None,
                    current: list[Shift] | None = None) -> Advice:
    """Advice for ``problem``'s week; ``current`` is its roster if already solved (else solved
    here). The time limit covers every solve."""
    solves = 2 + (current is None)
    each = time_limit / solves
    if current is None:
        current = _solved(problem, each, workers)
    now, below = _judge(problem, current)
    advice = Advice(service_now=now, hours_below_now=below)
    table = service_report(problem, current).table
    short = sorted(table[table["below_target"]]["language"].unique().tolist())
    grid = WeekGrid.for_settings(problem.settings)
    if short:
        hires = _candidates(problem, short, per_language)
        with_hires = _with(_coverage_goal(problem), agents=problem.agents + tuple(hires))
        shifts = _solved(with_hires, each, workers)
        by_hire = collections.defaultdict(list)
        for s in shifts:
            if s.agent_id.startswith("HIRE-"):
                by_hire[s.agent_id].append(s)
        for lang in short:
            used = [h for h in hires if h.primary_languages == (lang,) and by_hire.get(h.id)]
            if used:
                worked = [s for h in used for s in by_hire[h.id]]
                advice.hires.append(Hire(lang, used[0].timezone, len(used),
                                         sum(s.hours for s in worked), _busiest(worked, grid)))
        judge = _with(problem, agents=problem.agents + tuple(hires))  # the team's own goal
        advice.service_with_hires, advice.hours_below_with_hires = _judge(judge, shifts)
    more = tuple(a.model_copy(update={"max_hours": min(a.max_hours + overtime_hours, 168.0),
                                      "max_shifts": min(a.max_shifts + 1, 14)})
                 for a in problem.agents)
    overtime = _with(_coverage_goal(problem), agents=more)
    shifts = _solved(overtime, each, workers)
    limit = {a.id: a.max_hours for a in problem.agents}
    worked = collections.Counter()
    for s in shifts:
        worked[s.agent_id] += s.hours
    extra = {a: h - limit[a] for a, h in worked.items() if h > limit[a] + 1e-9}
    advice.overtime_hours = sum(extra.values())
    advice.overtime_agents = len(extra)
    advice.service_with_overtime, advice.hours_below_with_overtime = _judge(problem, shifts)
    return advice
