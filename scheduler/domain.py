"""The vocabulary of the product: agents, rules, demand, peaks, shifts and rosters.

Every model is a pydantic model so that files, the UI and stored scenarios are validated at the
boundary the same way. Times a manager types are *local* (agent zone or planning zone); shifts
are stored as UTC instants so DST never shifts a shift silently.
"""

from __future__ import annotations

import datetime as dt
import warnings
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from scheduler.i18n import N_
from scheduler.staffing.settings import StaffingSettings

__all__ = [
    "WEEKDAYS",
    "Role",
    "AvailabilityWindow",
    "Agent",
    "TimeOff",
    "Rules",
    "Weights",
    "TeamSettings",
    "SolverSettings",
    "DemandRow",
    "PeakEvent",
    "ForecastLoad",
    "Shift",
    "Problem",
    "Roster",
    "RosterStatus",
    "RELAXABLE_RULES",
    "RENAMED_SETTINGS",
    "RenamedSettingWarning",
]

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class RenamedSettingWarning(FutureWarning):
    """A setting was read under its old name: it still works; the new name reads better."""


#: section -> {old name: (new name, what it means)}: names a team.toml of last month may use.
RENAMED_SETTINGS: dict[str, dict[str, tuple[str, str]]] = {
    "team": {"night_hours": ("night_premium_hours",
                             "the local hours paid with the night premium")},
    "rules": {"night_start": ("no_work_start", "the start of the local no-work window"),
              "night_end": ("no_work_end", "the end of the local no-work window")},
}


def _renamed(section: str, data: Any) -> Any:
    """Old setting names -> new ones, with a RenamedSettingWarning saying so (files, stored
    scenarios and the app all pass through here)."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for old, (new, meaning) in RENAMED_SETTINGS[section].items():
        if old not in out:
            continue
        if new in out:
            raise ValueError(f"{old} and {new} are the same setting ({meaning}); keep only {new}")
        out[new] = out.pop(old)
        warnings.warn(f"[{section}] {old} is now called {new} ({meaning}); the old name still "
                      f"works, rename it when you next edit team.toml", RenamedSettingWarning,
                      stacklevel=2)
    return out


class Model(BaseModel):
    """Shared config: unknown fields are errors (typos in files must not vanish silently), and
    'inf'/'nan' are never hours, money or weights."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown IANA time zone '{name}' (e.g. Asia/Shanghai, Europe/Madrid)") from exc
    return name


TimeZoneName = Annotated[str, Field(min_length=1)]

LANGUAGE_HINT = "use ISO 639-1 codes such as en, es, fr, pt, ru, ar, de"


@cache
def _language_codes() -> dict[str, str]:
    """ISO 639-1 code -> English name (Babel's CLDR data, loaded on first use)."""
    from babel import Locale

    return {code: name for code, name in Locale("en").languages.items() if len(code) == 2}


@cache
def _code_for_name() -> dict[str, str]:
    """'english' / 'español' / 'русский' -> code, to suggest the code for a typed-out name."""
    from babel import Locale, UnknownLocaleError

    names = {name.lower(): code for code, name in _language_codes().items()}
    for code in _language_codes():
        try:
            native = Locale(code).get_language_name()
        except (UnknownLocaleError, ValueError):
            continue
        if native:
            names.setdefault(native.lower(), code)
    return names


def check_language(text: str) -> str:
    """A lower-case ISO 639-1 code. Coverage matches languages by code, so 'english' next to
    'en' would silently become a second desk nobody staffs."""
    code = text.strip().lower()
    if code in _language_codes():
        return code
    suggestion = _code_for_name().get(code)
    example = f"'{text}' → '{suggestion}'" if suggestion else "'english' → 'en'"
    raise ValueError(f"'{text}' is not a language code; {LANGUAGE_HINT}; {example}")



class Role(str, Enum):
    """Primary = online answering chats; backup = on-call standby summoned on overload."""

    PRIMARY = "primary"
    BACKUP = "backup"


class AvailabilityWindow(Model):
    """A weekly recurring window in the agent's local time, e.g. Mon-Fri 09:00-18:00.

    ``end <= start`` means the window runs past midnight into the next day (22:00-06:00);
    ``end == start`` means the whole day.
    """

    weekdays: frozenset[int] = Field(description="0=Mon .. 6=Sun: days on which the window starts")
    start: dt.time
    end: dt.time

    @field_validator("weekdays")
    @classmethod
    def _valid_days(cls, v: frozenset[int]) -> frozenset[int]:
        if not v or any(d < 0 or d > 6 for d in v):
            raise ValueError("weekdays must be a non-empty set of 0 (Mon) .. 6 (Sun)")
        return v


class Agent(Model):
    """One customer-service agent with skills, contract and availability."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    timezone: TimeZoneName
    primary_languages: tuple[str, ...] = Field(
        description=N_("may answer alone in these languages"))
    backup_languages: tuple[str, ...] = Field(
        default=(), description=N_("can cover with translation help (backup duty only)")
    )
    min_hours: float = Field(default=0, ge=0, le=168,
                             description=N_("contract minimum paid hours per week"))
    max_hours: float = Field(default=40, gt=0, le=168,
                             description=N_("contract maximum paid hours per week"))
    max_shifts: int = Field(default=5, ge=0, le=14)
    shift_lengths: tuple[float, ...] = Field(default=(8,),
                                             description=N_("allowed shift lengths, hours"))
    availability: tuple[AvailabilityWindow, ...] = Field(
        default=(),
        description=N_("local weekly windows; empty = any time (night rule still applies)")
    )
    night_willing: bool = Field(default=False,
                                description=N_("may work the local no-work night window"))
    days_off: frozenset[int] = Field(default=frozenset(),
                                     description=N_("weekdays (0=Mon) never worked"))
    preferred_start: tuple[dt.time, dt.time] | None = Field(
        default=None, description=N_("soft: preferred local start window")
    )
    avoid_weekends: bool = Field(default=False, description=N_("soft: prefers no Sat/Sun shifts"))
    country: str | None = Field(default=None,
                                description=N_("ISO country code for public holidays"))
    hourly_cost: float | None = Field(default=None, ge=0, le=1_000_000,
                                      description=N_("overrides the team rate"))

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        return check_timezone(v)

    @field_validator("primary_languages", "backup_languages")
    @classmethod
    def _langs(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(check_language(lang) for lang in v if lang.strip()))

    @field_validator("shift_lengths")
    @classmethod
    def _lengths(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if not v:
            raise ValueError("at least one allowed shift length is needed")
        if any(length <= 0 or length > 24 for length in v):
            raise ValueError("shift lengths must be positive hours, at most 24")
        return tuple(sorted(set(v)))

    @model_validator(mode="after")
    def _consistent(self) -> Agent:
        if not self.primary_languages and not self.backup_languages:
            raise ValueError(f"agent {self.id} speaks no language")
        if self.min_hours > self.max_hours:
            raise ValueError(f"min_hours {self.min_hours} exceeds max_hours {self.max_hours}")
        return self

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.primary_languages + self.backup_languages))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class TimeOff(Model):
    """Leave or a time-off request, in the agent's local wall-clock time."""

    agent_id: str
    start: dt.datetime
    end: dt.datetime
    reason: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> TimeOff:
        if self.end <= self.start:
            raise ValueError("time off must end after it starts")
        return self


#: Hard rules a manager may mark bendable (``[rules] relaxable``) -> the validator's rule name.
RELAXABLE_RULES = {"min_online": "24/7 minimum online", "min_hours": "min weekly hours",
                   "max_hours": "max weekly hours", "max_shifts": "max shifts",
                   "team_hours": "team hours budget"}


class Rules(Model):
    """Hard labour and platform rules. Defaults follow the platform policy and EU/China law."""

    min_online: int = Field(default=1, ge=0, le=1000,
                            description=N_("agents online in every slot, 24/7"))
    max_shift_hours: float = Field(default=8, gt=0, le=8, description=N_("platform 8-hour cap"))
    min_shift_hours: float = Field(default=4, gt=0,
                                   description=N_("shortest shift worth a commute"))
    min_rest_hours: float = Field(default=11, ge=0, le=168, description=N_("EU/Brazil daily rest"))
    max_consecutive_days: int = Field(default=6, ge=1, le=14)
    min_days_off: int = Field(default=1, ge=0, le=7,
                              description=N_("local days without shift start"))
    no_work_start: dt.time = Field(
        default=dt.time(0, 0), description=N_("agents who are not night-willing never work from "
                                           "this local time (formerly night_start)"))
    no_work_end: dt.time = Field(
        default=dt.time(7, 0), description=N_("… and may work again from this local time "
                                           "(formerly night_end)"))
    shift_start_step_minutes: int = Field(default=60, description=N_("shifts start on this grid"))
    max_team_hours: float | None = Field(default=None, gt=0, le=1_000_000, description=N_(
        "the week's paid-hours budget for the whole team, primary and backup shifts together "
        "(the FTE budget); empty = no budget"))
    relaxable: tuple[str, ...] = Field(
        default=("min_online", "min_hours"),
        description=N_("rules a best-effort roster may bend when the week cannot be solved: "
                    "min_online (24/7), min_hours, max_hours, max_shifts, team_hours"))

    @model_validator(mode="before")
    @classmethod
    def _old_names(cls, data: Any) -> Any:
        return _renamed("rules", data)

    @field_validator("max_shift_hours", mode="before")
    @classmethod
    def _eight_hour_promise(cls, v: object) -> object:
        if isinstance(v, int | float) and v > 8:
            raise ValueError("the product promises no shift over 8 hours; "
                             "max_shift_hours may be at most 8")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Rules:
        if self.min_shift_hours > self.max_shift_hours:
            raise ValueError("min_shift_hours exceeds max_shift_hours")
        if self.shift_start_step_minutes not in (30, 60, 120):
            raise ValueError("shift_start_step_minutes must be 30, 60 or 120")
        unknown = sorted(set(self.relaxable) - set(RELAXABLE_RULES))
        if unknown:
            raise ValueError(f"relaxable: unknown rule(s) {', '.join(unknown)}; choose from "
                             f"{', '.join(RELAXABLE_RULES)}")
        return self


#: Upper bound of objective weights: keeps CP-SAT's integer objective far from overflow.
MAX_WEIGHT = 10_000_000


class Weights(Model):
    """Objective weights in points, from most to least important (integers keep CP-SAT fast).

    A paid hour costs ``cost_per_hour`` points at the team's hourly rate; everything else is
    priced against it. Points are fine enough for a contact's worth to stay exact to ~1%.
    """

    under_primary: int = Field(default=10_000, ge=0, le=MAX_WEIGHT, description=N_(
        "goal 'coverage': per agent-hour missing against the required agents"))
    under_backup: int = Field(default=150, ge=0, le=MAX_WEIGHT, description=N_(
        "per missing backup (on-call) agent-hour; 150 = 1.5 paid hours, so on-call cover is "
        "rostered where it is needed without crowding out agents who answer"))
    cost_per_hour: int = Field(default=100, ge=0, le=MAX_WEIGHT,
                               description=N_("per paid agent-hour at the team's hourly rate"))
    night_premium: float = Field(default=0.3, ge=0, le=10, description=N_(
        "0.3 = local night hours paid 30% more"))
    preference: int = Field(default=50, ge=0, le=MAX_WEIGHT,
                            description=N_("per shift outside preferences"))
    fairness: int = Field(default=40, ge=0, le=MAX_WEIGHT,
                          description=N_("convex penalty on piling nights/weekends"))
    change: int | None = Field(default=None, ge=0, le=MAX_WEIGHT, description=N_(
        "per shift added to or removed from the baseline roster when re-rostering (a moved "
        "shift is one of each); empty = as much as two agent-hours are worth to the goal "
        "(two missing agent-hours, or what two agent-hours answering a busy queue save), so "
        "a shift changes only when it buys real service; 0 = best roster whatever changes"))
    goal: Literal["service", "coverage"] = Field(default="service", description=N_(
        "service: every human contact answered within the first-response target is worth "
        "value_per_contact against the paid hours it takes; coverage: reach the required "
        "agents (demand.csv) in every hour the team can, then minimise cost"))
    value_per_contact: float = Field(default=200.0, ge=0, le=100_000, description=N_(
        "goal 'service': what one more contact answered within the target is worth, in the "
        "team's currency (compare with [team] hourly_rate per paid hour); 200 is about one "
        "order kept. Higher values answer more contacts for more paid hours "
        "(benchmarks/service_goal.py prints the trade against the coverage goal)"))
    breach: int = Field(default=1_000_000, ge=1, description=N_(
        "per agent-hour of a bent rule in a best-effort roster (only rules in [rules] "
        "relaxable; far above every soft goal so rules bend only when nothing else works)"))


class TeamSettings(Model):
    """Which week, in which zone, at which granularity."""

    name: str = "Team"
    week_start: dt.date = Field(description="the Monday the planning week starts on")
    timezone: TimeZoneName = "Asia/Shanghai"
    slot_minutes: int = 30
    hourly_rate: float = Field(default=85.0, ge=0, le=1_000_000,
                               description="base cost per agent-hour (CNY)")
    night_premium_hours: tuple[dt.time, dt.time] = Field(
        default=(dt.time(22, 0), dt.time(6, 0)),
        description="each agent's local hours paid with [weights] night_premium (formerly "
                    "night_hours)")
    escalation_contact: str = ""
    currency: str = Field(default="CNY", min_length=3, max_length=3,
                          description="ISO 4217 code of hourly_rate and every cost shown")

    @model_validator(mode="before")
    @classmethod
    def _old_names(cls, data: Any) -> Any:
        return _renamed("team", data)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        return check_timezone(v)

    @field_validator("week_start")
    @classmethod
    def _monday(cls, v: dt.date) -> dt.date:
        if v.weekday() != 0:
            raise ValueError(f"{v} is a {WEEKDAYS[v.weekday()]}; the planning week starts on a Monday")
        return v

    @field_validator("slot_minutes")
    @classmethod
    def _slot(cls, v: int) -> int:
        if v not in (30, 60):
            raise ValueError("slot_minutes must be 30 or 60")
        return v


class SolverSettings(Model):
    time_limit_s: float = Field(default=30, gt=0, le=7 * 24 * 3600)
    workers: int | None = Field(default=None, ge=1, le=256,
                                description="default: the machine's cores")
    seed: int = Field(default=0, ge=0, le=2**31 - 1, description="CP-SAT's seed is 32-bit")
    relative_gap: float = Field(default=0.005, ge=0, le=1)


class DemandRow(Model):
    """Required agents in a planning-zone interval of one weekday, for one language."""

    weekday: int = Field(ge=0, le=6)
    start: dt.time
    end: dt.time = Field(description="exclusive; 00:00 means midnight at the end of the day")
    language: str
    primary: int = Field(ge=0, le=10_000)
    backup: int = Field(default=0, ge=0, le=10_000)

    @field_validator("language")
    @classmethod
    def _lang(cls, v: str) -> str:
        return check_language(v)


class PeakEvent(Model):
    """A sales event or holiday: under-coverage costs ``weight``x more; optional spare staff."""

    name: str
    start: dt.date
    end: dt.date = Field(description="inclusive last day, in the planning zone")
    languages: tuple[str, ...] = Field(default=(), description="empty = every language")
    weight: float = Field(default=2.0, ge=1.0, le=100)
    extra_capacity: float = Field(default=0.0, ge=0, le=3, description="0.2 = +20% required agents")

    @field_validator("languages")
    @classmethod
    def _langs(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(check_language(lang) for lang in v)

    @model_validator(mode="after")
    def _ordered(self) -> PeakEvent:
        if self.end < self.start:
            raise ValueError("peak event ends before it starts")
        return self


class ForecastLoad(Model):
    """The load behind the demand (``forecast.csv``): human contacts per slot and language.

    With it the service goal values contacts answered within the target slot by slot; without
    it the load is implied by the demand rows (``scheduler/queues.py``).
    """

    first_slot_utc: dt.datetime = Field(description="UTC start of the week's first slot")
    slot_minutes: int
    contacts: dict[str, tuple[float, ...]] = Field(
        description="language -> human contacts (after the chatbot) per slot")
    aht_s: dict[str, float] = Field(description="language -> chat handle time, seconds")
    effective_aht_s: dict[str, float] = Field(
        description="language -> handle time divided by the chat-concurrency efficiency")
    deflected: dict[str, float] = Field(
        default_factory=dict, description="language -> share of inquiries the chatbot solved")

    @model_validator(mode="after")
    def _consistent(self) -> ForecastLoad:
        sizes = {len(v) for v in self.contacts.values()}
        if len(sizes) > 1:
            raise ValueError("every language needs one value per slot")
        if any(x < 0 for v in self.contacts.values() for x in v):
            raise ValueError("contacts cannot be negative")
        for lang in self.contacts:
            if self.aht_s.get(lang, 0) <= 0 or self.effective_aht_s.get(lang, 0) <= 0:
                raise ValueError(f"handle times of '{lang}' must be positive seconds")
        return self


class Shift(Model):
    """One shift of one agent: UTC instants, role, and whether a manager pinned it."""

    agent_id: str
    role: Role = Role.PRIMARY
    start: dt.datetime
    end: dt.datetime

    @field_validator("start", "end")
    @classmethod
    def _aware_utc(cls, v: dt.datetime) -> dt.datetime:
        if v.tzinfo is None:
            raise ValueError("shift times must carry a time zone (UTC is used internally)")
        return v.astimezone(dt.timezone.utc)

    @model_validator(mode="after")
    def _ordered(self) -> Shift:
        if self.end <= self.start:
            raise ValueError("shift must end after it starts")
        return self

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


class Problem(Model):
    """Everything the solver and the validator need: one planning week of one team."""

    settings: TeamSettings
    rules: Rules = Rules()
    weights: Weights = Weights()
    solver: SolverSettings = SolverSettings()
    agents: tuple[Agent, ...]
    demand: tuple[DemandRow, ...] = ()
    peaks: tuple[PeakEvent, ...] = ()
    time_off: tuple[TimeOff, ...] = ()
    previous_shifts: tuple[Shift, ...] = Field(default=(), description="last week's roster")
    pinned_shifts: tuple[Shift, ...] = Field(default=(), description="must be kept by a re-solve")
    staffing: StaffingSettings = Field(default_factory=StaffingSettings,
                                       description="service target and queue assumptions")
    forecast: ForecastLoad | None = Field(default=None, description="load behind the demand")
    baseline_shifts: tuple[Shift, ...] = Field(
        default=(), description="the saved or published roster a re-roster stays close to")
    freeze_before: dt.datetime | None = Field(
        default=None, description="mid-week repair: baseline shifts that start before this "
                                  "instant stay exactly as they are; no shift is added before it")

    @model_validator(mode="after")
    def _references(self) -> Problem:
        ids = [a.id for a in self.agents]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate agent ids: {', '.join(dupes)}")
        known = set(ids)
        if self.forecast is not None:
            zone = ZoneInfo(self.settings.timezone)
            monday = dt.datetime.combine(self.settings.week_start, dt.time(0), tzinfo=zone)
            start = monday.astimezone(dt.timezone.utc)
            end = (monday + dt.timedelta(days=7)).astimezone(dt.timezone.utc)
            slots = int((end - start) / dt.timedelta(minutes=self.settings.slot_minutes))
            sizes = {len(v) for v in self.forecast.contacts.values()}
            if (self.forecast.first_slot_utc != start or sizes - {slots}
                    or self.forecast.slot_minutes != self.settings.slot_minutes):
                raise ValueError("the forecast (forecast.csv) is for another week or slot size; "
                                 "run `roster forecast` again for this week")
        if self.freeze_before is not None:
            if self.freeze_before.tzinfo is None:
                raise ValueError("the freeze time must carry a time zone")
            if not self.baseline_shifts:
                raise ValueError("a freeze time needs a baseline roster: the shifts to keep")
        for what, items in (("time off", self.time_off), ("pinned shift", self.pinned_shifts),
                            ("baseline shift", self.baseline_shifts)):
            for item in items:
                if item.agent_id not in known:
                    raise ValueError(f"{what} names unknown agent '{item.agent_id}'")
        return self

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages that have demand or are spoken, demand languages first."""
        langs = dict.fromkeys(r.language for r in self.demand)
        for agent in self.agents:
            langs.update(dict.fromkeys(agent.languages))
        return tuple(langs)

    def agent(self, agent_id: str) -> Agent:
        for a in self.agents:
            if a.id == agent_id:
                return a
        raise KeyError(agent_id)


class RosterStatus(str, Enum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


class Roster(Model):
    """A solved week: the shifts plus how good the solver knows them to be."""

    model_config = ConfigDict(allow_inf_nan=True)  # solver statistics, not manager input

    shifts: tuple[Shift, ...]
    status: RosterStatus = RosterStatus.FEASIBLE
    objective: float | None = None
    best_bound: float | None = None
    solve_seconds: float | None = None

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.best_bound is None:
            return None
        if abs(self.objective) < 1e-9:
            return 0.0
        return abs(self.objective - self.best_bound) / max(abs(self.objective), 1e-9)
