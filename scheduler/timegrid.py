"""The planning week as a grid of UTC slots.

The week runs from Monday 00:00 to the next Monday 00:00 *in the planning zone*; converting
those two instants to UTC first means a DST week simply has 167 or 169 hours, and every agent's
local wall-clock rule is mapped onto UTC slots once, here, instead of all over the code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

from scheduler.domain import TeamSettings
from scheduler.formats import date_weekday_time, day, weekday
from scheduler.i18n import _

__all__ = ["WeekGrid", "UTC", "to_utc", "format_local", "describe_periods"]

UTC = dt.timezone.utc


def to_utc(local: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """Naive wall-clock time in ``zone`` (or an aware time) -> aware UTC."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=zone)
    return local.astimezone(UTC)


def format_local(instant: dt.datetime, zone: ZoneInfo) -> str:
    """'Mon 2026-11-23 09:00' (周一 2026-11-23 09:00) on ``zone``'s wall clock."""
    return date_weekday_time(instant.astimezone(zone))


def _day(d: dt.date) -> str:
    return day(d)


def _day_runs(days: list[dt.date]) -> str:
    """'Mon 30 Nov – Thu 03 Dec, Sat 05 Dec': runs of consecutive days as ranges."""
    runs: list[list[dt.date]] = []
    for d in sorted(set(days)):
        if runs and (d - runs[-1][-1]).days == 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    sep = _(", ")
    return sep.join(_day(r[0]) if len(r) == 1 else
                    f"{_day(r[0])}{sep}{_day(r[1])}" if len(r) == 2 else
                    f"{_day(r[0])} – {_day(r[-1])}" for r in runs)


def describe_periods(spans: list[tuple[dt.datetime, dt.datetime]], zone: ZoneInfo) -> str:
    """Periods of a week in words, each time of day once with the days it falls on:
    '00:00–07:00 every day (Mon 30 Nov – Sun 06 Dec); Sat 05 Dec 12:00–14:00'.

    Seven nights with the same hole are one cause; reading its hours seven times hides that.
    """
    long: list[str] = []
    by_time: dict[tuple[str, bool], list[dt.date]] = {}  # (window, overnight) -> start days
    for start, end in spans:
        a, b = start.astimezone(zone), end.astimezone(zone)
        if b - a >= dt.timedelta(days=1):
            long.append(f"{_day(a.date())} {a:%H:%M} – {_day(b.date())} {b:%H:%M}")
            continue
        overnight = b.date() != a.date() and b.time() != dt.time(0)
        until = "24:00" if b.date() != a.date() and not overnight else f"{b:%H:%M}"
        by_time.setdefault((f"{a:%H:%M}–{until}", overnight), []).append(a.date())
    parts = []
    for (window, overnight), days in by_time.items():
        if len(days) == 1:
            text = _("{day} {window} overnight") if overnight else _("{day} {window}")
            parts.append(text.format(day=_day(days[0]), window=window))
        elif len(set(days)) == 7:
            text = (_("{window} every night ({days})") if overnight
                    else _("{window} every day ({days})"))
            parts.append(text.format(window=window, days=_day_runs(days)))
        else:
            text = (_("{window} overnight from {days}") if overnight
                    else _("{window} on {days}"))
            parts.append(text.format(window=window, days=_day_runs(days)))
    return _("; ").join(parts + long)


@dataclass(frozen=True)
class WeekGrid:
    """Slot ``i`` is the UTC interval [start + i*slot, start + (i+1)*slot)."""

    start_utc: dt.datetime
    end_utc: dt.datetime
    slot_minutes: int
    planning_zone: ZoneInfo

    @classmethod
    def for_settings(cls, settings: TeamSettings) -> WeekGrid:
        zone = ZoneInfo(settings.timezone)
        monday = dt.datetime.combine(settings.week_start, dt.time(0, 0))
        start = to_utc(monday, zone)
        end = to_utc(monday + dt.timedelta(days=7), zone)
        return cls(start, end, settings.slot_minutes, zone)

    @property
    def slot(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.slot_minutes)

    @property
    def n_slots(self) -> int:
        return int((self.end_utc - self.start_utc) / self.slot)

    @property
    def slots_per_hour(self) -> int:
        return 60 // self.slot_minutes

    def slot_start(self, i: int) -> dt.datetime:
        return self.start_utc + i * self.slot

    def slot_of(self, instant: dt.datetime) -> int:
        """Index of the slot containing ``instant`` (may be <0 or >= n_slots)."""
        return int((instant.astimezone(UTC) - self.start_utc) // self.slot)

    def slots_between(self, start: dt.datetime, end: dt.datetime) -> range:
        """Slots fully inside [start, end), clipped to nothing outside the integers."""
        first = -((self.start_utc - start.astimezone(UTC)) // self.slot)  # ceil
        last = (end.astimezone(UTC) - self.start_utc) // self.slot
        return range(int(first), int(last))

    def local_starts(self, zone: ZoneInfo, first: int, stop: int) -> list[dt.datetime]:
        """Naive local wall-clock start of slots first..stop-1 in ``zone``."""
        return [
            self.slot_start(i).astimezone(zone).replace(tzinfo=None) for i in range(first, stop)
        ]

    @cached_property
    def planning_local(self) -> list[dt.datetime]:
        return self.local_starts(self.planning_zone, 0, self.n_slots)

    def label(self, first: int, stop: int, zone: ZoneInfo | None = None) -> str:
        """Human label for slots first..stop-1, e.g. 'Sun 03:00–05:00 (Asia/Shanghai)'."""
        zone = zone or self.planning_zone
        a = self.slot_start(first).astimezone(zone)
        b = self.slot_start(stop).astimezone(zone)
        same_day = a.date() == b.date() or (b - a) <= dt.timedelta(hours=24) and b.time() == dt.time(0)
        end = f"{b:%H:%M}" if same_day else f"{weekday(b.weekday())} {b:%H:%M}"
        return f"{day(a)} {a:%H:%M}–{end} ({zone.key})"
