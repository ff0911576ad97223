"""Parse and print the small text formats managers type into spreadsheet cells.

Kept apart from file loading so the UI's table editors reuse exactly the same syntax:
``Mon-Fri 09:00-18:00; Sat 10:00-14:00``, ``es en``, ``Sat Sun``, ``4 6``, ``yes``.
"""

from __future__ import annotations

import datetime as dt
import re

from scheduler.domain import WEEKDAYS, AvailabilityWindow

__all__ = [
    "parse_time",
    "format_time",
    "parse_weekday",
    "parse_weekdays",
    "format_weekdays",
    "parse_list",
    "parse_floats",
    "parse_bool",
    "parse_time_range",
    "parse_availability",
    "format_availability",
]

_DAY_INDEX = {d.lower(): i for i, d in enumerate(WEEKDAYS)}
_DAY_INDEX.update({name: i for i, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))})


def parse_time(text: str) -> dt.time:
    """'9:00', '09:30', '24:00' (= midnight at the day's end, stored as 00:00)."""
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if not m:
        raise ValueError(f"'{text}' is not a time like 09:00")
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour == 24 and minute == 0:
        return dt.time(0, 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"'{text}' is not a valid time of day")
    return dt.time(hour, minute)


def format_time(t: dt.time) -> str:
    return f"{t:%H:%M}"


def parse_weekday(text: str) -> int:
    key = text.strip().lower()
    if key.isdigit() and 0 <= int(key) <= 6:
        return int(key)
    if key not in _DAY_INDEX:
        raise ValueError(f"'{text}' is not a weekday (Mon, Tue, ... Sun)")
    return _DAY_INDEX[key]


def parse_weekdays(text: str) -> frozenset[int]:
    """'Mon-Fri', 'Sat,Sun', 'Sat Sun', 'daily', '' (none)."""
    text = text.strip()
    if not text:
        return frozenset()
    if text.lower() in ("daily", "all", "every day"):
        return frozenset(range(7))
    days: set[int] = set()
    for part in re.split(r"[,\s]+", text):
        if not part:
            continue
        if "-" in part:
            a, b = (parse_weekday(x) for x in part.split("-", 1))
            day = a
            while True:
                days.add(day)
                if day == b:
                    break
                day = (day + 1) % 7
        else:
            days.add(parse_weekday(part))
    return frozenset(days)


def format_weekdays(days: frozenset[int]) -> str:
    if len(days) == 7:
        return "Daily"
    return " ".join(WEEKDAYS[d] for d in sorted(days))


def parse_list(text: str) -> tuple[str, ...]:
    return tuple(p for p in re.split(r"[\s,;|/]+", text.strip()) if p)


def parse_floats(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(p) for p in parse_list(text))
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a list of numbers like '4 6 8'") from exc


def parse_bool(text: str) -> bool:
    key = text.strip().lower()
    if key in ("", "0", "false", "no", "n", "f"):
        return False
    if key in ("1", "true", "yes", "y", "t"):
        return True
    raise ValueError(f"'{text}' is not yes/no")


def parse_time_range(text: str) -> tuple[dt.time, dt.time]:
    m = re.fullmatch(r"\s*(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*", text)
    if not m:
        raise ValueError(f"'{text}' is not a time range like 09:00-18:00")
    return parse_time(m.group(1)), parse_time(m.group(2))


def parse_availability(text: str) -> tuple[AvailabilityWindow, ...]:
    """'Mon-Fri 09:00-18:00; Sat 10:00-14:00' -> windows; '' -> () (always available)."""
    windows = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        m = re.fullmatch(r"(.*?)\s*(\d{1,2}:\d{2}\s*[-–]\s*\d{1,2}:\d{2})", part)
        if not m:
            raise ValueError(f"'{part}' is not like 'Mon-Fri 09:00-18:00'")
        days = parse_weekdays(m.group(1)) if m.group(1).strip() else frozenset(range(7))
        start, end = parse_time_range(m.group(2))
        for t in (start, end):
            if t.minute % 30:
                raise ValueError(f"'{part}': window times must be on the hour or half hour")
        windows.append(AvailabilityWindow(weekdays=days, start=start, end=end))
    return tuple(windows)


def format_availability(windows: tuple[AvailabilityWindow, ...]) -> str:
    return "; ".join(
        f"{format_weekdays(w.weekdays)} {format_time(w.start)}-{format_time(w.end)}"
        for w in windows
    )
