"""Zones as a manager names them: a city and a UTC offset, with the DST change of the week.

City names come from the CLDR data in Babel (``Europe/Madrid`` -> Madrid, 马德里 in Chinese), so
a translated workbook gets translated city names for free.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_location

from scheduler.spreadsheet import texts

__all__ = ["city", "offset_text", "offset_change", "zone_label"]

UTC = dt.timezone.utc


def city(zone: str, locale: str = "en") -> str:
    """'Europe/Madrid' -> 'Madrid'; zones without a city (UTC, Etc/GMT+5) keep their name."""
    try:
        return get_timezone_location(zone, locale=locale, return_city=True) or zone
    except (LookupError, ValueError):
        return zone


def offset_text(offset: dt.timedelta | None) -> str:
    """+05:30 -> 'UTC+5:30', -07:00 -> 'UTC−7', 0 -> 'UTC'."""
    minutes = int((offset or dt.timedelta()).total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def offset_change(zone: ZoneInfo, start: dt.datetime, end: dt.datetime) -> dt.datetime | None:
    """The first instant in [start, end) whose UTC offset differs from the one at ``start``
    (found to the minute by bisection), or None when the offset holds all along."""
    before = start.astimezone(zone).utcoffset()
    if (end - dt.timedelta(minutes=1)).astimezone(zone).utcoffset() == before:
        return None  # zones change at most once a week (twice only in freak years: ignored)
    lo, hi = start, end - dt.timedelta(minutes=1)
    while hi - lo > dt.timedelta(minutes=1):
        mid = lo + (hi - lo) / 2
        mid = mid.replace(second=0, microsecond=0)
        if mid.astimezone(zone).utcoffset() == before:
            lo = mid
        else:
            hi = mid
    return hi


def zone_label(zone_name: str, start: dt.datetime, end: dt.datetime) -> str:
    """'Madrid (UTC+1)', or 'Los Angeles (UTC−8, UTC−7 from Sun 03-08 03:00)' in a DST week;
    the change is given in that zone's own wall clock."""
    zone = ZoneInfo(zone_name)
    first = offset_text(start.astimezone(zone).utcoffset())
    change = offset_change(zone, start, end)
    if change is None:
        return f"{city(zone_name)} ({first})"
    local = change.astimezone(zone)
    when = f"{texts.WEEKDAY_NAMES[local.weekday()]} {local:%m-%d %H:%M}"
    after = offset_text(local.utcoffset())
    return f"{city(zone_name)} ({texts.OFFSET_CHANGE.format(before=first, after=after, when=when)})"
