"""Parse and print the small text formats managers type into spreadsheet cells.

Kept apart from file loading so the UI's table editors reuse exactly the same syntax:
``Mon-Fri 09:00-18:00; Sat 10:00-14:00``, ``es en``, ``Sat Sun``, ``4 6``, ``yes``.
Also the one place that reads a text file or a CSV table, so every file a manager edits gets the
same checks (UTF-8, BOM, folders in a file's place, stray control characters, repeated columns).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from scheduler.domain import WEEKDAYS, AvailabilityWindow
from scheduler.errors import InputError

__all__ = [
    "read_text_file",
    "control_character",
    "read_table",
    "parse_number",
    "parse_int",
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


def read_text_file(path: Path) -> str:
    """The file's text (a UTF-8 BOM is dropped), or an InputError a manager can act on."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("file not found", file=path) from exc
    except IsADirectoryError as exc:
        raise InputError("this is a folder, but a file is expected here", file=path) from exc
    except NotADirectoryError as exc:
        raise InputError("file not found (a part of the path is a file, not a folder)",
                         file=path) from exc
    except PermissionError as exc:
        raise InputError("cannot read the file (permission denied)", file=path) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        excel = " (in Excel: 'CSV UTF-8')" if path.suffix.lower() == ".csv" else ""
        raise InputError(f"file is not UTF-8 text (first bad byte on line {line}); save it as "
                         f"UTF-8{excel}", file=path) from exc


def control_character(text: str) -> str | None:
    """A description of the first control character in ``text`` (tab is fine), else None.

    NUL bytes and line breaks inside a cell come from broken exports and would otherwise end up
    in calendars and reports; they are rejected where they are typed.
    """
    for char in text:
        if char != "\t" and unicodedata.category(char) == "Cc":
            names = {"\x00": "a NUL byte", "\n": "a line break", "\r": "a line break"}
            return names.get(char, f"the control character U+{ord(char):04X}")
    return None


def read_table(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...] = (),
    allow_extra: bool = False,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (spreadsheet row number, cells) with the header checked against known columns.

    ``allow_extra`` ignores unknown columns (roster files carry columns for people only).
    """
    reader = csv.reader(io.StringIO(read_text_file(path), newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
        _check_header(path, header, required, optional, allow_extra)
        for number, raw in enumerate(reader, start=2):
            if any(value.strip() for value in raw[len(header):]):
                raise InputError("more cells than columns", file=path, row=number)
            raw += [""] * (len(header) - len(raw))
            cells = {name: value.strip() for name, value in zip(header, raw)}
            for name, value in cells.items():
                bad = control_character(value)
                if bad:
                    raise InputError(f"the cell contains {bad}; retype it", file=path,
                                     row=number, field=name)
            if any(cells.values()):
                yield number, cells
    except csv.Error as exc:
        raise InputError(f"not a readable CSV table: {exc}", file=path,
                         row=reader.line_num or None) from exc


def _check_header(path: Path, header: list[str], required: tuple[str, ...],
                  optional: tuple[str, ...], allow_extra: bool) -> None:
    for name in header:
        bad = control_character(name)
        if bad:
            raise InputError(f"a column name contains {bad}", file=path, row=1)
        if header.count(name) > 1:
            raise InputError(f"column '{name}' appears more than once in the header; keep one",
                             file=path, row=1, field=name)
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(f"missing column(s): {', '.join(missing)}", file=path, row=1)
    unknown = [c or "(empty name)" for c in header if c not in required + optional]
    if unknown and not allow_extra:
        raise InputError(
            f"unknown column(s): {', '.join(unknown)}; expected {', '.join(required + optional)}",
            file=path, row=1,
        )


def parse_number(text: str) -> float:
    """A finite decimal number: 'inf' and 'nan' are not amounts of hours or money."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValueError(f"'{text}' is not a number like 40 or 7.5")
    return value


def parse_int(text: str) -> int:
    try:
        return int(text)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a whole number like 3") from exc


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
        return tuple(parse_number(p) for p in parse_list(text))
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
