"""Staffing assumptions as validated settings, with defaults from the seller guides.

Kept in their own file ``staffing.toml`` inside the team folder (``team.toml`` rejects unknown
sections on purpose). Every number here is an assumption a manager may want to change, so each
field says where its default comes from (shared/domain/customer-service-facts.md and
staffing-and-rules.md).
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from scheduler.errors import InputError

__all__ = [
    "CATEGORIES",
    "DEFAULT_MIX",
    "Settings",
    "StaffingSettings",
    "BackupRule",
    "SimulationSettings",
    "ForecastSettings",
    "CalendarSettings",
    "EventRule",
    "DEFAULT_EVENTS",
    "MARKET_COUNTRY",
    "load_staffing_settings",
    "normalise_category",
]

#: inquiry categories of the marketplace; "other" catches anything a CSV export adds
CATEGORIES = ("logistics", "after-sales", "product", "payment", "other")
#: inquiry mix quoted by the seller guides: logistics 41.3%, after-sales 29.7%, product 18.5%,
#: payment 10.5%; used when the history has no category column (heatmaps)
DEFAULT_MIX = {"logistics": 0.413, "after-sales": 0.297, "product": 0.185, "payment": 0.105}

_ALIASES = {
    "aftersales": "after-sales", "after_sales": "after-sales", "after sales": "after-sales",
    "returns": "after-sales", "refund": "after-sales", "shipping": "logistics",
    "delivery": "logistics", "products": "product", "payments": "payment",
}


def normalise_category(text: str) -> str:
    """'After_Sales' -> 'after-sales'; raises ValueError for unknown names."""
    key = text.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in CATEGORIES:
        raise ValueError(f"unknown category '{text}'; expected one of {', '.join(CATEGORIES)}")
    return key


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BackupRule(Settings):
    """How many on-call backups each slot needs.

    ``surge``: backups = agents needed at (1 + surge) x forecast volume minus agents needed at the
    forecast, i.e. spare capacity for an overload the queue maths understands (queues pool, so
    +20 % volume needs fewer than +20 % agents). ``headcount``: backups = ⌈fraction x primary⌉,
    the seller guides' literal "20 % spare staff". Peaks use ``peak_surge`` / ``peak_fraction``.
    """

    mode: Literal["surge", "headcount", "none"] = "surge"
    surge: float = Field(default=0.2, ge=0, le=3, description="+20% volume outside peaks")
    peak_surge: float = Field(default=0.3, ge=0, le=3, description="+30% volume in peak events")
    fraction: float = Field(default=0.1, ge=0, le=3)
    peak_fraction: float = Field(default=0.2, ge=0, le=3, description="guides: 20% spare at peaks")
    min_primary: int = Field(default=1, ge=0, description="no backup where primary is below this")


class SimulationSettings(Settings):
    """Assumptions only the week simulation (``roster simulate``) needs; Erlang C has none of
    them, which is why the simulation can disagree with it."""

    patience_s: float = Field(
        default=300, gt=0,
        description="mean customer patience, exponential (Erlang A's assumption; the shared "
                    "notes' worked example uses 5 min); inf = nobody gives up")
    handle_time: Literal["exponential", "lognormal"] = Field(
        default="exponential", description="distribution of one chat's handle time around its "
                                           "category's mean (Erlang C assumes exponential)")
    handle_cv: float = Field(default=1.0, gt=0, le=5,
                             description="lognormal only: standard deviation / mean")
    break_minutes: float = Field(
        default=15, gt=0, le=120,
        description="one break's length; shrinkage sets how many breaks fit in a shift")
    alert_waiting: int = Field(default=5, ge=0,
                               description="overload alert: more than this many chats waiting")
    alert_wait_s: float = Field(default=90, ge=0,
                                description="... and the oldest has waited longer than this")
    backup_delay_s: float = Field(default=300, ge=0,
                                  description="an on-call backup answers this long after the alert")
    calm_s: float = Field(default=600, gt=0,
                          description="backups leave once their language's queue has been "
                                      "empty this long")


class ForecastSettings(Settings):
    """Which method, over how many weeks (Taylor 2008: the k-week mean is hard to beat)."""

    method: Literal["auto", "seasonal_mean", "recent_level", "holt_winters"] = "auto"
    weeks: int = Field(default=4, ge=1, le=52, description="k in the k-week hour-of-week mean")
    level_weeks: int = Field(default=1, ge=1, description="weeks that set the recent level")
    market_zones: dict[str, str] = Field(
        default_factory=dict,
        description="language -> IANA zone of its customers; defaults to scheduler.synthetic",
    )


#: the market whose public holidays drive each language queue
MARKET_COUNTRY = {"es": "ES", "fr": "FR", "en": "US", "ru": "RU", "pt": "BR", "ar": "SA",
                  "de": "DE"}
Kind = Literal["fixed", "black_friday", "cyber_monday", "ramadan", "chinese_new_year"]


class EventRule(Settings):
    """A recurring event; dates are computed per year from ``kind``."""

    name: str
    kind: Kind
    month: int | None = None
    day: int | None = None
    days_before: int = Field(default=0, ge=0, le=60)
    days_after: int = Field(default=0, ge=0, le=60)
    languages: tuple[str, ...] = Field(default=(), description="empty = every language")
    volume_uplift: float = Field(default=0.0, ge=-0.9, le=5, description="0.4 = +40% inquiries")
    weight: float = Field(default=1.0, ge=1.0, description="under-coverage costs this much more")
    extra_capacity: float = Field(default=0.0, ge=0, le=3, description="+x spare headcount")


DEFAULT_EVENTS: tuple[EventRule, ...] = (
    EventRule(name="11.11", kind="fixed", month=11, day=11, days_after=2, volume_uplift=0.6,
              weight=3.0),
    EventRule(name="Black Friday", kind="black_friday", days_after=2, volume_uplift=0.4,
              weight=2.5),
    EventRule(name="Cyber Monday", kind="cyber_monday", languages=("en", "es", "fr", "de", "pt"),
              volume_uplift=0.3, weight=2.0),
    EventRule(name="Christmas shipping rush", kind="fixed", month=12, day=20, days_before=10,
              languages=("en", "es", "fr", "de", "pt"), volume_uplift=0.2, weight=1.5),
    EventRule(name="Ramadan", kind="ramadan", days_after=29, languages=("ar",),
              volume_uplift=0.1, weight=1.5),
    EventRule(name="Chinese New Year (team)", kind="chinese_new_year", weight=2.0),
)


class CalendarSettings(Settings):
    """Sales events and market holidays; edit them in staffing.toml under [calendar]."""

    events: tuple[EventRule, ...] = DEFAULT_EVENTS
    market_country: dict[str, str] = MARKET_COUNTRY
    market_holiday_uplift: float = Field(default=0.0, ge=-0.9, le=3,
                                         description="e.g. 0.1 if shoppers write more on days off")


class StaffingSettings(Settings):
    """From a forecast of inquiries to agents per slot and language."""

    target_sl: float = Field(default=0.8, gt=0, lt=1, description="share answered within target")
    target_s: float = Field(default=180, gt=0, description="FRT <= 3 min earns the badge")
    aht_s: dict[str, float] = Field(
        default_factory=lambda: {"logistics": 300, "after-sales": 600, "product": 420,
                                 "payment": 420, "other": 480},
        description="chat handle time per category when the history has none (seconds)",
    )
    language_aht_factor: dict[str, float] = Field(
        default_factory=dict, description="e.g. {'ar': 1.15} when a queue uses translation help"
    )
    concurrency: float = Field(default=2, ge=1, le=5, description="chats handled at once")
    max_occupancy: float = Field(default=0.85, gt=0, le=1)
    shrinkage: dict[str, float] = Field(
        default_factory=lambda: {"breaks": 0.08, "meetings_training": 0.05},
        description="factors multiply: 1 - s = prod(1 - s_i); absence is planned via backups",
    )
    shrinkage_rounding: Literal["nearest", "ceil"] = Field(
        default="nearest",
        description="per-slot N/(1-s) rounding: 'ceil' turns 1 productive agent into 2 on "
                    "shift in every small queue; 'nearest' keeps weekly hours ~ N/(1-s) because "
                    "staggered breaks are covered by neighbours",
    )
    deflection: dict[str, float] = Field(
        default_factory=lambda: {"logistics": 0.55, "after-sales": 0.15, "product": 0.25,
                                 "payment": 0.4, "other": 0.0},
        description="share the chatbot resolves; guides quote 68-87% of *routine* questions",
    )
    min_contacts_per_hour: float = Field(
        default=1.0, ge=0,
        description="below this human volume a language gets no dedicated agent: the 24/7 "
                    "on-duty agent answers it with machine translation",
    )
    backup: BackupRule = BackupRule()
    simulation: SimulationSettings = SimulationSettings()
    forecast: ForecastSettings = ForecastSettings()
    calendar: CalendarSettings = CalendarSettings()

    @field_validator("shrinkage", "deflection")
    @classmethod
    def _fractions(cls, v: dict[str, float]) -> dict[str, float]:
        for key, x in v.items():
            if not 0 <= x < 1:
                raise ValueError(f"'{key}' = {x} must be a fraction in [0, 1)")
        return v

    @field_validator("aht_s", "deflection")
    @classmethod
    def _categories(cls, v: dict[str, float]) -> dict[str, float]:
        return {normalise_category(k): x for k, x in v.items()}

    @model_validator(mode="after")
    def _positive(self) -> StaffingSettings:
        if any(x <= 0 for x in self.aht_s.values()):
            raise ValueError("handle times must be positive seconds")
        if self.total_shrinkage >= 0.9:
            raise ValueError("combined shrinkage of 90% or more leaves nobody to answer")
        return self

    @property
    def total_shrinkage(self) -> float:
        return 1.0 - math.prod(1.0 - s for s in self.shrinkage.values())


def load_staffing_settings(folder: str | Path) -> StaffingSettings:
    """Read ``staffing.toml`` from a team folder; defaults when the file is absent."""
    path = Path(folder) / "staffing.toml"
    if not path.is_file():
        return StaffingSettings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", file=path) from exc
    try:
        return StaffingSettings(**data)
    except (ValidationError, ValueError) as exc:
        if isinstance(exc, ValidationError):
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"])
            raise InputError(err["msg"].removeprefix("Value error, "), file=path,
                             field=field) from exc
        raise InputError(str(exc), file=path) from exc
