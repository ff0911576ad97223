"""Forecast next week's inquiries per slot and language, and say how far to trust it.

Baseline (``seasonal_mean``): the mean of the same half-hour-of-week over the last k weeks.
Taylor (2008, Management Science 54:253) found that beyond two or three days ahead this simple
seasonal average is hard to beat for call-centre arrivals, so it is the default and the yardstick.
``recent_level`` keeps that weekly shape but rescales it to the last week's level (a growing
store); ``holt_winters`` is statsmodels' additive exponential smoothing with a 168-hour season.
``auto`` backtests all of them on the held-out last complete week and keeps the baseline unless
another method beats its WAPE by at least half a percentage point (simpler wins ties).

Everything is computed in each language's *market* wall-clock time (Spanish customers follow
Madrid clocks, whose DST differs from Los Angeles') and mapped onto the UTC slots of the
planning week at the end. Known sales events are divided out of the history and multiplied
back into the target week, so last month's 11.11 does not leak into an ordinary week.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np

from scheduler.domain import TeamSettings
from scheduler.i18n import N_
from scheduler.staffing.calendars import DatedEvent, uplift_for
from scheduler.staffing.history import History, WeeklyMatrix, weekly_matrix
from scheduler.staffing.settings import ForecastSettings
from scheduler.synthetic import MARKETS
from scheduler.timegrid import WeekGrid

__all__ = ["METHODS", "Forecast", "LanguageForecast", "Backtest", "forecast_week", "profile",
           "wape", "market_zone"]

METHODS = ("seasonal_mean", "recent_level", "holt_winters")
_MIN_COVERAGE = 0.95  # a week counts as complete when this share of its bins was observed
_TIE_MARGIN = 0.005


def market_zone(language: str, settings: ForecastSettings, fallback: str) -> str:
    """Zone whose wall clock drives a language's demand (settings, then known markets)."""
    if language in settings.market_zones:
        return settings.market_zones[language]
    return MARKETS[language][0] if language in MARKETS else fallback


def _fill(rate: np.ndarray, bins_per_day: int) -> np.ndarray:
    """Bins never observed (a DST gap) take the mean of the same time on the other days."""
    if not np.isnan(rate).any():
        return rate
    by_time = rate.reshape(7, bins_per_day)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        fallback = np.nanmean(by_time, axis=0)
    filled = np.where(np.isnan(by_time), fallback[None, :], by_time).ravel()
    return np.nan_to_num(filled, nan=0.0)


def _seasonal_mean(m: WeeklyMatrix, k: int) -> np.ndarray:
    recent = m.last(k)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = recent.counts.sum(0) / recent.exposure.sum(0)
    return _fill(np.where(recent.exposure.sum(0) > 0, rate, np.nan), m.counts.shape[1] // 7)


def _recent_level(m: WeeklyMatrix, k: int, level_weeks: int) -> np.ndarray:
    shape = _seasonal_mean(m, k)
    recent = m.last(level_weeks)
    expected = float((recent.exposure * shape[None, :]).sum())
    return shape * (float(recent.counts.sum()) / expected if expected > 0 else 1.0)


def _holt_winters(m: WeeklyMatrix, k: int) -> np.ndarray:
    """Additive Holt-Winters on the hourly series of the last k weeks (bins re-split by the
    baseline's within-hour shares). Needs two full weeks."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    recent = m.last(max(k, 2))
    if len(recent.weeks) < 2:
        raise ValueError("Holt-Winters needs at least two weeks of history")
    base = _seasonal_mean(m, k)
    rates = np.where(recent.exposure > 0, recent.counts / np.maximum(recent.exposure, 1), np.nan)
    rates = np.where(np.isnan(rates), base[None, :], rates)
    per_hour = 60 // m.bin_minutes
    hourly = rates.reshape(-1, per_hour).sum(1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = ExponentialSmoothing(hourly, seasonal="add", seasonal_periods=168,
                                   initialization_method="heuristic").fit()
        ahead = np.clip(np.asarray(fit.forecast(168)), 0, None)
    base_hour = base.reshape(-1, per_hour)
    sums = base_hour.sum(1, keepdims=True)
    shares = np.where(sums > 0, base_hour / np.where(sums > 0, sums, 1), 1.0 / per_hour)
    return (ahead[:, None] * shares).ravel()


def profile(m: WeeklyMatrix, method: str, settings: ForecastSettings) -> np.ndarray:
    """Expected inquiries per bin of a coming week, in the matrix's zone and bins."""
    if method == "seasonal_mean":
        return _seasonal_mean(m, settings.weeks)
    if method == "recent_level":
        return _recent_level(m, settings.weeks, settings.level_weeks)
    if method == "holt_winters":
        return _holt_winters(m, settings.weeks)
    raise ValueError(f"unknown forecast method '{method}'; choose from {', '.join(METHODS)}")


def wape(actual: np.ndarray, predicted: np.ndarray) -> float:
    """Weighted absolute percentage error: Σ|y − ŷ| / Σy (robust to the many zero slots)."""
    total = float(np.sum(actual))
    return float(np.sum(np.abs(actual - predicted))) / total if total > 0 else float("nan")


def _poisson_floor(expected: np.ndarray) -> float:
    """WAPE a perfect forecast still scores because arrivals are random.

    Poisson mean absolute deviation: E|Y − λ| = 2λ·p(⌊λ⌋).
    """
    lam = np.asarray(expected, dtype=np.float64)
    k = np.floor(lam)
    log_lgamma = np.vectorize(math.lgamma)
    with np.errstate(divide="ignore"):
        pmf = np.where(lam > 0, np.exp(k * np.log(np.where(lam > 0, lam, 1)) - lam
                                       - log_lgamma(k + 1)), 0.0)
    mad = 2 * lam * pmf
    return float(mad.sum() / lam.sum()) if lam.sum() > 0 else float("nan")


@dataclass(frozen=True)
class Backtest:
    """Accuracy on the held-out last complete week, per method and language."""

    held_out_week: dt.date | None
    wape: dict[str, dict[str, float]]  # method -> language -> WAPE
    overall: dict[str, float]  # method -> WAPE over all languages
    noise_floor: float  # WAPE of a perfect forecast, from Poisson noise alone
    chosen: str
    note: str = ""
    daily: dict[str, float] = field(default_factory=dict)  # method -> WAPE of daily totals


@dataclass(frozen=True)
class LanguageForecast:
    language: str
    zone: str
    inquiries: np.ndarray  # expected inquiries per UTC slot of the planning week, with events
    baseline: np.ndarray  # the same without event uplift
    uplift: np.ndarray  # per slot, e.g. 0.6 on 11.11


@dataclass(frozen=True)
class Forecast:
    grid: WeekGrid
    method: str
    languages: dict[str, LanguageForecast]
    backtest: Backtest
    events: list[DatedEvent] = field(default_factory=list)


def _complete(m: WeeklyMatrix) -> np.ndarray:
    return (m.exposure > 0).mean(axis=1) >= _MIN_COVERAGE


def _backtest(matrices: dict[str, WeeklyMatrix], settings: ForecastSettings,
              methods: tuple[str, ...]) -> Backtest:
    any_m = next(iter(matrices.values()))
    if any_m.counts.shape[0] < 2:
        return Backtest(None, {}, {}, float("nan"), "seasonal_mean",
                        N_("no backtest: the history holds a single (aggregated) week"))
    errors: dict[str, dict[str, float]] = {m: {} for m in methods}
    sums = {m: [0.0, 0.0] for m in methods}
    day_err = {m: 0.0 for m in methods}
    floor_num = floor_den = 0.0
    held: dt.date | None = None
    for lang, m in matrices.items():
        full = np.flatnonzero(_complete(m))
        if len(full) == 0 or full[-1] == 0:
            continue
        last = int(full[-1])
        held = m.weeks[last]
        train = WeeklyMatrix(m.zone, m.bin_minutes, m.weeks[:last], m.counts[:last],
                             m.exposure[:last])
        actual = m.counts[last]
        for method in methods:
            try:
                pred = profile(train, method, settings) * m.exposure[last]
            except ValueError:
                continue
            errors[method][lang] = wape(actual, pred)
            sums[method][0] += float(np.abs(actual - pred).sum())
            sums[method][1] += float(actual.sum())
            day_err[method] += float(np.abs(actual.reshape(7, -1).sum(1)
                                            - pred.reshape(7, -1).sum(1)).sum())
            if method == "seasonal_mean":
                floor_num += _poisson_floor(pred) * float(pred.sum())
                floor_den += float(pred.sum())
    overall = {m: s[0] / s[1] for m, s in sums.items() if s[1] > 0 and errors[m]}
    if not overall:
        return Backtest(None, {}, {}, float("nan"), "seasonal_mean",
                        N_("no backtest: fewer than two complete weeks of history"))
    chosen = "seasonal_mean" if "seasonal_mean" in overall else min(overall, key=overall.get)
    for method, value in overall.items():
        if value < overall.get(chosen, np.inf) - _TIE_MARGIN:
            chosen = method
    floor = floor_num / floor_den if floor_den else float("nan")
    daily = {m: day_err[m] / sums[m][1] for m in overall}
    return Backtest(held, {m: e for m, e in errors.items() if e}, overall, floor, chosen,
                    daily=daily)


def _to_slots(prof: np.ndarray, bin_minutes: int, grid: WeekGrid, zone: ZoneInfo
              ) -> tuple[np.ndarray, list[dt.date]]:
    """Per UTC slot of ``grid``: inquiries expected from a local weekly profile, and the
    market-local date of each slot (for event uplifts)."""
    step = min(grid.slot_minutes, bin_minutes)
    share = step / bin_minutes
    out = np.zeros(grid.n_slots)
    dates = []
    for i in range(grid.n_slots):
        start = grid.slot_start(i)
        dates.append(start.astimezone(zone).date())
        for offset in range(0, grid.slot_minutes, step):
            local = (start + dt.timedelta(minutes=offset)).astimezone(zone)
            b = (local.weekday() * 1440 + local.hour * 60 + local.minute) // bin_minutes
            out[i] += prof[b] * share
    return out, dates


def forecast_week(
    history: History,
    team: TeamSettings,
    settings: ForecastSettings | None = None,
    events: list[DatedEvent] | None = None,
    languages: tuple[str, ...] | None = None,
) -> Forecast:
    """Forecast the team's planning week from history (per language, per UTC slot)."""
    settings = settings or ForecastSettings()
    events = events or []
    grid = WeekGrid.for_settings(team)
    langs = languages or history.languages
    bin_minutes = team.slot_minutes if history.kind == "inquiries" else 60
    matrices: dict[str, WeeklyMatrix] = {}
    for lang in langs:
        zone = market_zone(lang, settings, team.timezone)
        up: Callable[[dt.date], float] | None = uplift_for(events, lang) if events else None
        matrices[lang] = weekly_matrix(history, lang, zone, bin_minutes, up)
    methods = METHODS if settings.method == "auto" else (settings.method,)
    backtest = _backtest(matrices, settings, methods)
    method = backtest.chosen if settings.method == "auto" else settings.method
    out: dict[str, LanguageForecast] = {}
    for lang, m in matrices.items():
        zone = ZoneInfo(m.zone)
        try:
            prof = profile(m, method, settings)
        except ValueError:
            prof = profile(m, "seasonal_mean", settings)
        base, dates = _to_slots(prof, m.bin_minutes, grid, zone)
        lift_of = uplift_for(events, lang)
        lift = np.array([lift_of(d) for d in dates])
        out[lang] = LanguageForecast(lang, m.zone, base * (1 + lift), base, lift)
    return Forecast(grid, method, out, backtest, events)
