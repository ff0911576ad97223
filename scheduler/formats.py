"""Dates, weekdays and zones as a manager reads them, in the active language (Babel/CLDR).

``Mon 23 Nov 09:00`` in English, ``11月23日周一 09:00`` in Chinese; zones by their city
(``Europe/Madrid`` -> Madrid, 马德里) and UTC offset. Every surface (terminal, app, calendars,
workbook, explanations) formats through here, so one date never reads two ways. Times of day stay
24-hour ``HH:MM`` in both languages. Numbers and money are ``scheduler.units``.

Times are shown on the wall clock of the zone they were converted to by the caller: aware
values are formatted as they read, never converted again.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, get_day_names, get_timezone_location

from scheduler.i18n import _, active, babel_locale

__all__ = ["weekday", "weekday_names", "day", "day_year", "day_time", "weekday_time",
           "date_weekday_time", "city", "offset_text", "offset_change", "zone_label"]

UTC = dt.timezone.utc

#: CLDR patterns per language (``EEE`` weekday, ``dd`` day, ``MMM`` month, ``M月d日``)
_PATTERNS = {
    "en": {"day": "EEE dd MMM", "day_year": "EEE dd MMM yyyy", "time": "HH:mm"},
    "zh": {"day": "M月d日EEE", "day_year": "yyyy年M月d日EEE", "time": "HH:mm"},
}


def _fmt(value: dt.date | dt.datetime, kind: str, lang: str | None) -> str:
    lang = lang or active()
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(0))
    wall = value.replace(tzinfo=None)  # Babel would convert an aware time to UTC
    return format_datetime(wall, _PATTERNS[lang][kind], locale=babel_locale(lang))


def weekday(index_or_date: int | dt.date, lang: str | None = None) -> str:
    """0 or a Monday -> 'Mon' / '周一'."""
    index = index_or_date if isinstance(index_or_date, int) else index_or_date.weekday()
    return weekday_names(lang)[index]


def weekday_names(lang: str | None = None) -> tuple[str, ...]:
    """Monday first: ('Mon', …, 'Sun') / ('周一', …, '周日')."""
    names = get_day_names("abbreviated", locale=babel_locale(lang))
    return tuple(str(names[i]) for i in range(7))


def day(value: dt.date, lang: str | None = None) -> str:
    """'Mon 23 Nov' / '11月23日周一'."""
    return _fmt(value, "day", lang)


def day_year(value: dt.date, lang: str | None = None) -> str:
    """'Mon 23 Nov 2026' / '2026年11月23日周一'."""
    return _fmt(value, "day_year", lang)


def day_time(value: dt.datetime, lang: str | None = None) -> str:
    """'Mon 23 Nov 09:00' / '11月23日周一 09:00'."""
    return f"{day(value, lang)} {value:%H:%M}"


def weekday_time(value: dt.datetime, lang: str | None = None) -> str:
    """'Mon 09:00' / '周一 09:00'."""
    return f"{weekday(value.weekday(), lang)} {value:%H:%M}"


def date_weekday_time(value: dt.datetime, lang: str | None = None) -> str:
    """'Mon 2026-11-23 09:00' / '周一 2026-11-23 09:00': exact, for rule breaches."""
    return f"{weekday(value.weekday(), lang)} {value:%Y-%m-%d %H:%M}"


# ----------------------------------------------------------------------------- zones


def city(zone: str | dt.tzinfo, lang: str | None = None) -> str:
    """'Europe/Madrid' -> 'Madrid' / '马德里'; zones without a city (UTC, Etc/GMT+5) keep their
    name."""
    name = str(zone)
    try:
        return str(get_timezone_location(name, locale=babel_locale(lang), return_city=True)
                   or name)
    except (LookupError, ValueError):
        return name


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
    when = f"{weekday(local.weekday())} {local:%m-%d %H:%M}"
    after = offset_text(local.utcoffset())
    # TRANSLATORS: a UTC offset changing inside the week: "UTC−8, UTC−7 from Sun 03-08 03:00"
    changed = _("{before}, {after} from {when}").format(before=first, after=after, when=when)
    return f"{city(zone_name)} ({changed})"
