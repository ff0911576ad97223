"""Realistic synthetic teams: the sample fixtures, the benchmark and property tests use these.

Demand follows the seller guides (shared/domain/customer-service-facts.md): Spain/France/Germany
peak 10:00-14:00 CET with a 16:00-24:00 evening shoulder, the US west coast 18:00-22:00 PST,
Russia and Brazil in their local evenings, the Middle East 10:00-18:00 local; weekends are
lighter in the morning and heavier in the evening. Curves are defined in each market's local
time and converted through real time zones, so DST weeks come out right.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from zoneinfo import ZoneInfo

from scheduler.textformats import parse_availability
from scheduler.domain import (
    Agent,
    DemandRow,
    PeakEvent,
    Problem,
    Rules,
    SolverSettings,
    TeamSettings,
)

__all__ = ["MARKETS", "LANGUAGE_SHARE", "market_intensity", "demand_rows", "generate_problem",
           "next_monday"]

#: language -> (market time zone, peak windows in local hours with relative height)
MARKETS: dict[str, tuple[str, tuple[tuple[float, float, float], ...]]] = {
    "es": ("Europe/Madrid", ((10, 14, 1.0), (16, 24, 0.7))),
    "fr": ("Europe/Paris", ((10, 14, 1.0), (16, 24, 0.65))),
    "de": ("Europe/Berlin", ((9, 13, 0.9), (17, 23, 0.7))),
    "en": ("America/Los_Angeles", ((18, 22, 1.0), (8, 17, 0.55))),
    "ru": ("Europe/Moscow", ((18, 23, 1.0), (11, 17, 0.6))),
    "pt": ("America/Sao_Paulo", ((19, 23, 1.0), (10, 18, 0.55))),
    "ar": ("Asia/Riyadh", ((10, 18, 1.0), (20, 24, 0.6))),
}
#: share of inquiries per language (Spain, France, USA, Russia, Brazil ~64% of GMV)
LANGUAGE_SHARE = {"en": 0.26, "es": 0.2, "fr": 0.14, "ru": 0.14, "pt": 0.12, "ar": 0.08, "de": 0.06}


def market_intensity(lang: str, local: dt.datetime) -> float:
    """Relative inquiry rate (0..1) at a local wall-clock time of the language's market."""
    _, windows = MARKETS[lang]
    h = local.hour + local.minute / 60
    base = 0.08 if 1 <= h < 7 else 0.2  # the night trickle never stops
    level = base
    for lo, hi, height in windows:
        if lo <= h < hi:
            level = max(level, height)
        else:  # soft shoulders one hour either side
            dist = min(abs(h - lo), abs(h - hi))
            if dist < 1:
                level = max(level, height * 0.6)
    if local.weekday() >= 5:  # weekend: later mornings, busier evenings
        level *= 0.8 if h < 15 else 1.15
    return min(level, 1.0)


def next_monday(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


def demand_rows(week_start: dt.date, planning_zone: str, languages: list[str],
                peak_agents: dict[str, float], backup: bool = True) -> list[DemandRow]:
    """Hourly rows in the planning zone: required primary = round(peak x intensity), min 0."""
    zone = ZoneInfo(planning_zone)
    rows = []
    monday = dt.datetime.combine(week_start, dt.time(0), tzinfo=zone)
    for day in range(7):
        for hour in range(24):
            local = (monday + dt.timedelta(days=day, hours=hour))
            instant = dt.datetime.combine(week_start + dt.timedelta(days=day), dt.time(hour),
                                          tzinfo=zone)
            for lang in languages:
                market = ZoneInfo(MARKETS[lang][0])
                level = market_intensity(lang, instant.astimezone(market))
                need = int(math.floor(peak_agents[lang] * level + 0.5))
                spare = 1 if backup and 0.15 < level < 0.65 and peak_agents[lang] >= 2 else 0
                if need or spare:
                    end = dt.time(hour + 1) if hour < 23 else dt.time(0)
                    rows.append(DemandRow(weekday=local.weekday(), start=dt.time(hour), end=end,
                                          language=lang, primary=need, backup=spare))
    return rows


_HOME_ZONES = {  # where agents for a language usually sit, besides China
    "es": ["Europe/Madrid", "America/Mexico_City"],
    "fr": ["Europe/Paris"],
    "de": ["Europe/Berlin"],
    "en": ["America/Los_Angeles", "Europe/London"],
    "ru": ["Europe/Moscow"],
    "pt": ["America/Sao_Paulo"],
    "ar": ["Asia/Riyadh"],
}


def _agent(rng: random.Random, i: int, langs: list[str], china_share: float) -> Agent:
    main = rng.choices(langs, weights=[LANGUAGE_SHARE.get(x, 0.1) for x in langs])[0]
    second = [x for x in ("en",) if x != main and x in langs]
    extra = [x for x in langs if x not in (main, *second)]
    backup = rng.sample(extra, k=min(len(extra), rng.choice([0, 0, 1])))
    in_china = rng.random() < china_share
    zone = "Asia/Shanghai" if in_china else rng.choice(_HOME_ZONES[main])
    part_time = rng.random() < 0.2
    night = in_china and rng.random() < 0.45 or rng.random() < 0.15
    # Contracts name a daily window, as in the sample team: night-willing agents cover an
    # evening-to-morning band, others local daytime (the 00:00-07:00 rule applies on top).
    if part_time:
        window = "Daily 10:00-22:00"
    elif night:
        window = rng.choice(["Daily 16:00-08:00", "Daily 20:00-12:00", "Daily 12:00-04:00"])
    else:
        window = rng.choice(["Daily 07:00-24:00", "Daily 08:00-24:00", "Mon-Sat 07:00-23:00"])
    return Agent(
        id=f"A{i:03d}",
        name=f"Agent {i:03d}",
        timezone=zone,
        primary_languages=(main, *second),
        backup_languages=tuple(backup),
        min_hours=16 if part_time else 32,
        max_hours=24 if part_time else 40,
        max_shifts=4 if part_time else 5,
        shift_lengths=(4, 6) if part_time else (8,),
        night_willing=night,
        availability=parse_availability(window),
        preferred_start=(dt.time(14), dt.time(20)) if in_china and rng.random() < 0.3 else None,
        avoid_weekends=rng.random() < 0.2,
        country="CN" if in_china else None,
    )


def generate_problem(
    n_agents: int,
    languages: list[str] | None = None,
    *,
    seed: int = 0,
    week_start: dt.date = dt.date(2026, 11, 30),
    slot_minutes: int = 30,
    planning_zone: str = "Asia/Shanghai",
    load: float = 0.7,
    china_share: float = 0.7,
    peak: PeakEvent | None = None,
    solver: SolverSettings | None = None,
) -> Problem:
    """A team of ``n_agents`` serving ``languages`` with demand at about ``load`` of capacity."""
    rng = random.Random(seed)
    langs = list(languages or LANGUAGE_SHARE)
    agents = [_agent(rng, i + 1, langs, china_share) for i in range(n_agents)]
    # Scale each language's peak so the week's primary agent-hours ~ load x contract capacity.
    capacity = sum(a.max_hours for a in agents) * load
    share_sum = sum(LANGUAGE_SHARE.get(x, 0.1) for x in langs)
    unit = demand_rows(week_start, planning_zone, langs, {x: 10.0 for x in langs}, backup=False)
    hours_per_unit = {x: sum(r.primary for r in unit if r.language == x) / 10 for x in langs}
    peak_agents = {
        x: max(1.0, capacity * LANGUAGE_SHARE.get(x, 0.1) / share_sum / max(hours_per_unit[x], 1))
        for x in langs
    }
    demand = demand_rows(week_start, planning_zone, langs, peak_agents)
    return Problem(
        settings=TeamSettings(name=f"Synthetic {n_agents}x{len(langs)}", week_start=week_start,
                              timezone=planning_zone, slot_minutes=slot_minutes),
        rules=Rules(),
        agents=tuple(agents),
        demand=tuple(demand),
        peaks=(peak,) if peak else (),
        solver=solver or SolverSettings(),
    )

