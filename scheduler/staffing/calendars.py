"""Holiday calendars and sales events: volume uplifts, peak weights, and agents' public holidays.

Seller centers have "no custom holiday weights" (customer-service-facts.md), so every event here
is an editable rule: which languages, how much more volume (``volume_uplift`` feeds the
forecast), how much an uncovered slot hurts (``weight``) and how much spare headcount the solver
should add (``extra_capacity``; 0 by default because backups already come from the surge rule).
Public holidays come from the maintained ``holidays`` package; Ramadan and Chinese New Year
dates from its lunar calendars, so they move correctly every year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import holidays

from scheduler.domain import Agent, PeakEvent, TimeOff
from scheduler.staffing.settings import (
    DEFAULT_EVENTS,
    MARKET_COUNTRY,
    CalendarSettings,
    EventRule,
)

__all__ = [
    "EventRule",
    "CalendarSettings",
    "DatedEvent",
    "DEFAULT_EVENTS",
    "MARKET_COUNTRY",
    "events_between",
    "uplift_for",
    "peak_events",
    "holiday_time_off",
    "agent_country",
]

#: agent zone -> country when the agent file leaves ``country`` empty
_ZONE_COUNTRY = {
    "Asia/Shanghai": "CN", "Europe/Madrid": "ES", "Europe/Paris": "FR", "Europe/Berlin": "DE",
    "Europe/Moscow": "RU", "America/Sao_Paulo": "BR", "Asia/Riyadh": "SA",
    "America/Los_Angeles": "US", "America/New_York": "US", "America/Mexico_City": "MX",
    "Europe/London": "GB",
}


@dataclass(frozen=True)
class DatedEvent:
    name: str
    start: dt.date
    end: dt.date  # inclusive
    languages: tuple[str, ...]
    volume_uplift: float
    weight: float
    extra_capacity: float

    def covers(self, day: dt.date, language: str) -> bool:
        return self.start <= day <= self.end and (not self.languages or language in self.languages)


def _black_friday(year: int) -> dt.date:
    nov1 = dt.date(year, 11, 1)
    first_thu = nov1 + dt.timedelta(days=(3 - nov1.weekday()) % 7)
    return first_thu + dt.timedelta(days=22)


def _ramadan_starts(year: int) -> list[dt.date]:
    try:  # lunar table of the holidays package (private, so guarded)
        from holidays.calendars.islamic import _IslamicLunar

        return [d for d, _ in _IslamicLunar().ramadan_beginning_dates(year) if d.year == year]
    except (ImportError, AttributeError):  # fall back to Eid al-Fitr - 30 days
        sa = holidays.country_holidays("SA", years=year)
        eid = sorted(d for d, n in sa.items() if "Fitr" in n)
        return [eid[0] - dt.timedelta(days=30)] if eid else []


def _spring_festival(year: int) -> list[tuple[dt.date, dt.date]]:
    cn = holidays.country_holidays("CN", years=year)
    days = sorted(d for d, n in cn.items() if "Spring Festival" in n or "New Year's Eve" in n)
    blocks: list[tuple[dt.date, dt.date]] = []
    for d in days:
        if blocks and (d - blocks[-1][1]).days <= 1:
            blocks[-1] = (blocks[-1][0], d)
        else:
            blocks.append((d, d))
    return blocks


def _anchors(rule: EventRule, year: int) -> list[tuple[dt.date, dt.date]]:
    if rule.kind == "fixed":
        if rule.month is None or rule.day is None:
            raise ValueError(f"event '{rule.name}' of kind 'fixed' needs month and day")
        day = dt.date(year, rule.month, rule.day)
        return [(day, day)]
    if rule.kind == "black_friday":
        return [(_black_friday(year),) * 2]
    if rule.kind == "cyber_monday":
        return [(_black_friday(year) + dt.timedelta(days=3),) * 2]
    if rule.kind == "ramadan":
        return [(d, d) for d in _ramadan_starts(year)]
    return _spring_festival(year)


def events_between(first: dt.date, last: dt.date, settings: CalendarSettings | None = None,
                   languages: Iterable[str] = ()) -> list[DatedEvent]:
    """Every event and market public holiday overlapping [first, last] (inclusive)."""
    settings = settings or CalendarSettings()
    years = range(first.year - 1, last.year + 2)
    out: list[DatedEvent] = []
    for rule in settings.events:
        for year in years:
            for a, b in _anchors(rule, year):
                start = a - dt.timedelta(days=rule.days_before)
                end = b + dt.timedelta(days=rule.days_after)
                if start <= last and end >= first:
                    out.append(DatedEvent(rule.name, start, end, rule.languages,
                                          rule.volume_uplift, rule.weight, rule.extra_capacity))
    if settings.market_holiday_uplift:
        for lang in languages:
            country = settings.market_country.get(lang)
            if not country:
                continue
            for day, name in holidays.country_holidays(country, years=list(years)).items():
                if first <= day <= last:
                    out.append(DatedEvent(f"{name} ({country})", day, day, (lang,),
                                          settings.market_holiday_uplift, 1.0, 0.0))
    return sorted(out, key=lambda e: (e.start, e.name))


def uplift_for(events: list[DatedEvent], language: str) -> Callable[[dt.date], float]:
    """date -> volume uplift for one language; overlapping events take the largest uplift
    (a Black Friday that is also a public holiday is one busy day, not two)."""
    relevant = [e for e in events if not e.languages or language in e.languages]

    def uplift(day: dt.date) -> float:
        values = [e.volume_uplift for e in relevant if e.start <= day <= e.end]
        return max(values, default=0.0)

    return uplift


def peak_events(events: list[DatedEvent], week_start: dt.date) -> list[PeakEvent]:
    """PeakEvents for the solver, clipped to the planning week (only events that change it)."""
    week_end = week_start + dt.timedelta(days=6)
    out = []
    for e in events:
        if e.end < week_start or e.start > week_end:
            continue
        if e.weight <= 1.0 and e.extra_capacity <= 0:
            continue
        out.append(PeakEvent(name=e.name, start=max(e.start, week_start), end=min(e.end, week_end),
                             languages=e.languages, weight=max(e.weight, 1.0),
                             extra_capacity=e.extra_capacity))
    return out


def agent_country(agent: Agent) -> str | None:
    return agent.country or _ZONE_COUNTRY.get(agent.timezone)


def holiday_time_off(agents: Iterable[Agent], week_start: dt.date) -> list[TimeOff]:
    """Suggested full-day leave on each agent's public holidays in the planning week.

    Suggestions only: many teams work holidays for pay, so they go to a separate file the
    manager copies from. Agent-local days from the Sunday before to the Monday after are
    checked because the planning week overlaps them in other zones.
    """
    out = []
    days = [week_start + dt.timedelta(days=k) for k in range(-1, 8)]
    for agent in agents:
        country = agent_country(agent)
        if not country:
            continue
        try:
            cal = holidays.country_holidays(country, years=sorted({d.year for d in days}))
        except NotImplementedError:
            continue
        for day in days:
            name = cal.get(day)
            if name:
                start = dt.datetime.combine(day, dt.time(0))
                out.append(TimeOff(agent_id=agent.id, start=start,
                                   end=start + dt.timedelta(days=1),
                                   reason=f"public holiday: {name} ({country})"))
    return out
