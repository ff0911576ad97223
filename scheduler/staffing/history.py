"""Import inquiry history: a raw export (one row per inquiry) or a seller-center heatmap.

Raw export columns: ``timestamp`` (ISO 8601 with offset or ``Z``; naive stamps are read in
``assume_zone``), ``language``, ``category`` (logistics / after-sales / product / payment /
other), optional ``handle_time_s``. Heatmap columns: ``weekday``, ``hour``, ``language``,
``count`` -- the "last 30 days" view, read in the zone the seller center displays.

Bad rows raise an InputError naming file, row and field; with ``on_error="skip"`` they are
skipped but counted and the first reasons are kept, so nothing disappears silently.
Binning into weekly matrices happens in each language's *market* zone, because customers'
wall clocks (not UTC) drive the daily pattern, and the exposure matrix (how many slots of each
bin the history actually covered) makes DST weeks and partial first/last weeks average right.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from scheduler.errors import InputError
from scheduler.i18n import _
from scheduler.staffing.settings import normalise_category
from scheduler.team_io import read_table
from scheduler.textformats import parse_weekday

__all__ = ["History", "WeeklyMatrix", "load_history", "weekly_matrix", "INQUIRY_COLUMNS",
           "HEATMAP_COLUMNS"]

INQUIRY_COLUMNS = ("timestamp", "language", "category")
INQUIRY_OPTIONAL = ("handle_time_s", "id", "channel")
HEATMAP_COLUMNS = ("weekday", "hour", "language", "count")
_LANG = re.compile(r"[a-z]{2,3}(-[a-z0-9]+)?")
_MAX_HANDLE_S = 4 * 3600
_MAX_SKIP_REASONS = 5


@dataclass(frozen=True)
class History:
    """Validated history. Exactly one of ``inquiries`` / ``heatmap`` is set."""

    source: Path
    inquiries: pd.DataFrame | None = None  # ts (UTC), language, category, handle_time_s
    heatmap: pd.DataFrame | None = None  # weekday, hour, language, per_week
    heatmap_zone: str | None = None
    period: tuple[dt.datetime, dt.datetime] | None = None  # UTC [start, end) covered
    skipped: int = 0
    skip_reasons: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> Literal["inquiries", "heatmap"]:
        return "inquiries" if self.inquiries is not None else "heatmap"

    @property
    def languages(self) -> tuple[str, ...]:
        frame = self.inquiries if self.inquiries is not None else self.heatmap
        assert frame is not None
        return tuple(sorted(frame["language"].unique()))

    @property
    def rows(self) -> int:
        frame = self.inquiries if self.inquiries is not None else self.heatmap
        return 0 if frame is None else len(frame)

    def category_mix(self, language: str) -> dict[str, float] | None:
        """Category shares of a language's inquiries; None without per-inquiry data."""
        if self.inquiries is None:
            return None
        sub = self.inquiries[self.inquiries["language"] == language]
        if sub.empty:
            return None
        return {str(k): float(v) for k, v in sub["category"].value_counts(normalize=True).items()}

    def aht_by_category(self, language: str, min_samples: int = 30) -> dict[str, float]:
        """Mean handle time per category where at least ``min_samples`` inquiries report one."""
        if self.inquiries is None:
            return {}
        sub = self.inquiries[(self.inquiries["language"] == language)
                             & self.inquiries["handle_time_s"].notna()]
        stats = sub.groupby("category")["handle_time_s"].agg(["mean", "count"])
        return {str(c): float(r["mean"]) for c, r in stats.iterrows() if r["count"] >= min_samples}


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(f"unknown time zone '{name}'") from exc


def _parse_timestamp(text: str, zone: ZoneInfo) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a timestamp like 2026-11-02T10:15:00+01:00") from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(dt.timezone.utc)


def _parse_language(text: str) -> str:
    lang = text.strip().lower()
    if not _LANG.fullmatch(lang):
        raise ValueError(f"'{text}' is not a language code like es or pt")
    return lang


def _parse_handle(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a number of seconds") from exc
    if not 0 < value <= _MAX_HANDLE_S or math.isnan(value):
        raise ValueError(f"handle time {text} s is outside 0..{_MAX_HANDLE_S} s")
    return value


class _Rows:
    """Collects parsed rows, raising or counting the bad ones."""

    def __init__(self, path: Path, on_error: str) -> None:
        self.path, self.on_error = path, on_error
        self.skipped = 0
        self.reasons: list[str] = []

    def bad(self, row: int, column: str, exc: ValueError) -> None:
        if self.on_error == "raise":
            raise InputError(str(exc), file=self.path, row=row, field=column) from exc
        self.skipped += 1
        if len(self.reasons) < _MAX_SKIP_REASONS:
            self.reasons.append(_("row {row}, field '{field}': {reason}").format(
                row=row, field=column, reason=exc))


def _read_inquiries(path: Path, rows: _Rows, zone: ZoneInfo) -> pd.DataFrame:
    parsers: tuple[tuple[str, Callable[[str], object]], ...] = (
        ("timestamp", lambda s: _parse_timestamp(s, zone)),
        ("language", _parse_language),
        ("category", normalise_category),
    )
    records: list[tuple[object, ...]] = []
    for number, cells in read_table(path, INQUIRY_COLUMNS, INQUIRY_OPTIONAL):
        values: list[object] = []
        column = ""
        try:
            for column, parse in parsers:
                if not cells.get(column):
                    raise ValueError("value is required")
                values.append(parse(cells[column]))
            column = "handle_time_s"
            handle = cells.get(column, "")
            values.append(_parse_handle(handle) if handle else math.nan)
        except ValueError as exc:
            rows.bad(number, column, exc)
            continue
        records.append(tuple(values))
    frame = pd.DataFrame(records, columns=["ts", "language", "category", "handle_time_s"])
    frame["ts"] = pd.to_datetime(frame["ts"], utc=True)
    frame["handle_time_s"] = frame["handle_time_s"].astype(np.float64)
    return frame


def _read_heatmap(path: Path, rows: _Rows, days: float) -> pd.DataFrame:
    records: dict[tuple[int, int, str], tuple[int, float]] = {}
    for number, cells in read_table(path, HEATMAP_COLUMNS, ("days",)):
        column = "weekday"
        try:
            weekday = parse_weekday(cells["weekday"])
            column = "hour"
            hour = int(cells["hour"].split(":")[0])
            if not 0 <= hour <= 23:
                raise ValueError(f"hour {cells['hour']} is not 0..23")
            column = "language"
            lang = _parse_language(cells["language"])
            column = "count"
            count = float(cells["count"])
            if not count >= 0:
                raise ValueError(f"count {cells['count']} must be >= 0")
        except ValueError as exc:
            rows.bad(number, column, exc)
            continue
        key = (weekday, hour, lang)
        if key in records:
            raise InputError(f"duplicate cell (first on row {records[key][0]})", file=path,
                             row=number, field="hour")
        records[key] = (number, count)
    frame = pd.DataFrame(
        [(w, h, lang, c * 7.0 / days) for (w, h, lang), (_, c) in records.items()],
        columns=["weekday", "hour", "language", "per_week"],
    )
    return frame


def load_history(
    path: str | Path,
    *,
    assume_zone: str = "UTC",
    on_error: Literal["raise", "skip"] = "raise",
    heatmap_days: float = 30.0,
    heatmap_zone: str = "Asia/Shanghai",
    period: tuple[dt.datetime, dt.datetime] | None = None,
) -> History:
    """Read a history CSV, detecting raw export vs heatmap from its header.

    ``period`` (UTC) states which time span the export covers; by default it runs from the hour
    of the first inquiry to the end of the hour of the last one (slots with no inquiries inside
    it count as zeros, which is what they are).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("history file not found", file=path)
    header = path.read_text(encoding="utf-8-sig").split("\n", 1)[0].lower()
    rows = _Rows(path, on_error)
    if "timestamp" in header:
        frame = _read_inquiries(path, rows, _zone(assume_zone))
        if frame.empty:
            raise InputError(f"no usable inquiries ({rows.skipped} bad rows skipped)", file=path)
        if period is None:
            first = frame["ts"].min().floor("h").to_pydatetime()
            last = (frame["ts"].max().floor("h") + pd.Timedelta(hours=1)).to_pydatetime()
            period = (first, last)
        return History(path, inquiries=frame, period=period, skipped=rows.skipped,
                       skip_reasons=tuple(rows.reasons))
    if all(col in header for col in HEATMAP_COLUMNS):
        if heatmap_days <= 0:
            raise InputError("heatmap_days must be positive", file=path)
        _zone(heatmap_zone)
        frame = _read_heatmap(path, rows, heatmap_days)
        if frame.empty:
            raise InputError(f"no usable heatmap cells ({rows.skipped} bad rows skipped)",
                             file=path)
        return History(path, heatmap=frame, heatmap_zone=heatmap_zone, skipped=rows.skipped,
                       skip_reasons=tuple(rows.reasons))
    raise InputError("not an inquiry export (timestamp,language,category[,handle_time_s]) nor a "
                     "heatmap (weekday,hour,language,count)", file=path, row=1)


@dataclass(frozen=True)
class WeeklyMatrix:
    """Counts and exposure per (week, bin of the week) in one zone's wall-clock time.

    ``counts[w, b] / exposure[w, b]`` is the mean count per bin-length interval; exposure 0 means
    the history did not cover that bin that week (NaN rate).
    """

    zone: str
    bin_minutes: int
    weeks: tuple[dt.date, ...]  # local Mondays
    counts: np.ndarray
    exposure: np.ndarray

    @property
    def rates(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.exposure > 0, self.counts / np.maximum(self.exposure, 1), np.nan)

    def last(self, k: int) -> WeeklyMatrix:
        return WeeklyMatrix(self.zone, self.bin_minutes, self.weeks[-k:], self.counts[-k:],
                            self.exposure[-k:])


def _local_bins(
    index: pd.DatetimeIndex, zone: str, bin_minutes: int
) -> tuple[np.ndarray, np.ndarray]:
    """(local Monday as datetime64[D], bin of week) for UTC instants."""
    local = index.tz_convert(zone).tz_localize(None)
    weekday = local.day_of_week.to_numpy()
    day = local.normalize().to_numpy().astype("datetime64[D]")
    monday = day - weekday.astype("timedelta64[D]")
    minute = weekday * 1440 + local.hour.to_numpy() * 60 + local.minute.to_numpy()
    return monday, minute // bin_minutes


def weekly_matrix(
    history: History,
    language: str,
    zone: str,
    bin_minutes: int = 30,
    uplift: Callable[[dt.date], float] | None = None,
) -> WeeklyMatrix:
    """Bin one language's history by local week and bin, dividing out known event uplifts.

    ``uplift(local_date)`` returns e.g. 0.5 for a +50% sales day; those inquiries count as
    1/1.5 each so a past 11.11 does not inflate next week's baseline.
    """
    n_bins = 7 * 1440 // bin_minutes
    if history.heatmap is not None:
        sub = history.heatmap[history.heatmap["language"] == language]
        counts = np.zeros((1, 7 * 24))
        counts[0, (sub["weekday"] * 24 + sub["hour"]).to_numpy()] = sub["per_week"].to_numpy()
        return WeeklyMatrix(history.heatmap_zone or zone, 60, (dt.date(1970, 1, 5),), counts,
                            np.ones((1, 7 * 24)))
    assert history.inquiries is not None and history.period is not None
    start, end = history.period
    grid = pd.date_range(start, end, freq=f"{bin_minutes}min", inclusive="left")
    g_monday, g_bin = _local_bins(grid, zone, bin_minutes)
    weeks = np.unique(g_monday)
    w_index = {w: i for i, w in enumerate(weeks)}
    exposure = np.zeros((len(weeks), n_bins))
    np.add.at(exposure, (np.array([w_index[m] for m in g_monday]), g_bin), 1.0)
    ts = pd.DatetimeIndex(history.inquiries.loc[history.inquiries["language"] == language, "ts"])
    ts = ts[(ts >= pd.Timestamp(start)) & (ts < pd.Timestamp(end))]
    counts = np.zeros_like(exposure)
    if len(ts):
        monday, b = _local_bins(ts, zone, bin_minutes)
        weight = np.ones(len(ts))
        if uplift is not None:
            local_day = ts.tz_convert(zone).tz_localize(None).normalize()
            factors = {d: 1.0 + uplift(d.date()) for d in local_day.unique()}
            weight = 1.0 / np.array([factors[d] for d in local_day])
        np.add.at(counts, (np.array([w_index[m] for m in monday]), b), weight)
    mondays = tuple(pd.Timestamp(w).date() for w in weeks)
    return WeeklyMatrix(zone, bin_minutes, mondays, counts, exposure)
