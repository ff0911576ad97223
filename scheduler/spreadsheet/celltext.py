"""What a Roster day cell says, both ways: shifts -> text (writer), typed text -> shifts (reader).

One line per shift, in the agent's own wall clock::

    09:00–17:00                 primary duty starting on the column's date
    09:00–17:00 on-call         backup (on-call) duty
    Mon 18:00–02:00             starts on the agent's Monday (the column is a planning-zone date
                                that is already Tuesday); an end before the start is the next day
    01:30 (PST)–09:30           a wall time in the hour that repeats when clocks go back: the
                                zone abbreviation says which of the two

Columns are planning-zone dates and a shift sits under the date it starts on there, so every
shift of the week has exactly one cell; the weekday prefix appears only when the agent's own date
differs from the column's. Reading accepts more than writing produces: '-', '~', '至' or 'to' for
the dash, a full-width colon, 24:00 as an end, 'backup' for 'on-call', several shifts separated
by new lines or ';'. A line that cannot be read raises ``CellTextError`` with the reason; the
reader adds the file, sheet and cell.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from scheduler.domain import WEEKDAYS, Role, Shift
from scheduler.formats import city, offset_text, weekday, weekday_names
from scheduler.i18n import LANGUAGES, _, variants
from scheduler.spreadsheet import texts

__all__ = ["CellTextError", "column_date", "format_shift", "format_cell", "parse_cell"]

UTC = dt.timezone.utc
DASH = "–"


class CellTextError(ValueError):
    """A day cell's text is not a shift; the message says why, in a manager's words."""


def column_date(shift: Shift, planning: ZoneInfo) -> dt.date:
    """The planning-zone date a shift is listed under: the date it starts on there."""
    return shift.start.astimezone(planning).date()


# ----------------------------------------------------------------------------- wall clock


def _instants(wall: dt.datetime, zone: ZoneInfo) -> list[dt.datetime]:
    """The UTC instants a naive wall time names in ``zone``: none (skipped by a DST jump),
    one, or two (the repeated hour when clocks go back), earliest first."""
    found = []
    for fold in (0, 1):
        instant = wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)
        if instant.astimezone(zone).replace(tzinfo=None) == wall and instant not in found:
            found.append(instant)
    return sorted(found)


def _wall_text(instant: dt.datetime, zone: ZoneInfo) -> str:
    """'09:00', or '01:30 (PST)' when the wall time alone would name two instants."""
    local = instant.astimezone(zone)
    text = f"{local:%H:%M}"
    if len(_instants(local.replace(tzinfo=None), zone)) > 1:
        text += f" ({local.tzname()})"
    return text


def format_shift(shift: Shift, zone: ZoneInfo, listed_on: dt.date) -> str:
    """One line of a day cell: the shift in ``zone`` (the agent's), listed under ``listed_on``."""
    start = shift.start.astimezone(zone)
    prefix = "" if start.date() == listed_on else weekday(start.weekday()) + " "
    role = f" {_(texts.BACKUP_WORD)}" if shift.role is Role.BACKUP else ""
    return f"{prefix}{_wall_text(shift.start, zone)}{DASH}{_wall_text(shift.end, zone)}{role}"


def format_cell(shifts: list[Shift], zone: ZoneInfo, listed_on: dt.date) -> str:
    return "\n".join(format_shift(s, zone, listed_on)
                     for s in sorted(shifts, key=lambda s: (s.start, s.role.value)))


# ----------------------------------------------------------------------------- reading

_TIME = r"\d{1,2}\s*[:：.]\s*\d{2}"
_LINE = re.compile(
    rf"""^(?:(?P<day>[^\W\d_]+)\.?\s+)?
        (?P<start>{_TIME})\s*(?:\((?P<smark>[^)]*)\))?\s*
        (?:[-–—~～〜至]|\bto\b)\s*
        (?P<end>{_TIME})\s*(?:\((?P<emark>[^)]*)\))?\s*
        (?P<role>.*?)$""", re.X | re.I)
_SPLIT = re.compile(r"[\n;；,，]+")


def _words(*names: str) -> set[str]:
    return {n.strip().lower() for n in names}


# read in every language, whatever the active one: a workbook travels between managers
_BACKUP = _words(*variants(texts.BACKUP_WORD), "on-call", "on call", "oncall", "backup",
                 "standby", "备班", "值班")
_PRIMARY = _words(*variants(texts.ROLE_NAMES["primary"]), "primary", "online", "在线", "")
_DAYS = {name.lower(): i for names in (*(weekday_names(lang) for lang in LANGUAGES), WEEKDAYS,
                                       ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六",
                                        "星期日"))
         for i, name in enumerate(names)} | {"星期天": 6, "周天": 6}


def _role(text: str) -> Role | None:
    word = text.strip().strip("()").strip().lower()
    if word in _BACKUP:
        return Role.BACKUP
    if word in _PRIMARY:
        return Role.PRIMARY
    return None


def _clock(text: str, *, end: bool) -> tuple[dt.time, bool]:
    """'9:00' -> 09:00; for an end, '24:00' -> (00:00, next day)."""
    hours, minutes = (int(part) for part in re.split(r"\s*[:：.]\s*", text.strip()))
    if end and (hours, minutes) == (24, 0):
        return dt.time(0, 0), True
    if hours > 23 or minutes > 59:
        raise CellTextError(_(texts.NOT_A_TIME).format(text=text.strip()))
    return dt.time(hours, minutes), False


def _date_of(day: str | None, listed_on: dt.date) -> dt.date:
    """No weekday: the column's date; a weekday: the nearest date to it with that weekday."""
    if not day:
        return listed_on
    weekday = _DAYS.get(day.lower())
    if weekday is None:
        raise CellTextError(_(texts.NOT_A_WEEKDAY).format(text=day))
    shift = (weekday - listed_on.weekday() + 3) % 7 - 3
    return listed_on + dt.timedelta(days=shift)


def _mark_key(mark: str) -> str:
    """'UTC−8', 'utc -8' and 'UTC-8' name the same offset; 'pst' is 'PST'."""
    return mark.replace(" ", "").replace("−", "-").lower()


def _instant(wall: dt.datetime, mark: str | None, zone: ZoneInfo, shown: str) -> dt.datetime:
    """The instant of a typed wall time; a zone mark picks one of a repeated hour's two."""
    found = _instants(wall, zone)
    where = dict(city=city(zone.key), time=shown, date=f"{wall:%Y-%m-%d}")
    if not found:
        raise CellTextError(_(texts.SKIPPED_TIME).format(**where))
    if mark is None:
        return found[0]
    names: dict[str, dt.datetime] = {}
    for instant in found:
        local = instant.astimezone(zone)
        for name in (local.tzname() or "", offset_text(local.utcoffset())):
            names.setdefault(_mark_key(name), instant)
    chosen = names.get(_mark_key(mark))
    if chosen is None:
        choices = _(" or ").join(dict.fromkeys(f"({i.astimezone(zone).tzname()})"
                                                for i in found))
        raise CellTextError(_(texts.WRONG_ZONE_MARK).format(mark=mark, choices=choices, **where))
    return chosen


def _parse_line(line: str, agent_id: str, zone: ZoneInfo, listed_on: dt.date) -> Shift:
    match = _LINE.match(line)
    if match is None:
        raise CellTextError(_(texts.NOT_A_SHIFT).format(text=line,
                                                        backup=_(texts.BACKUP_WORD)))
    role_text, end_mark = match["role"], match["emark"]
    if end_mark is not None and not role_text and _role(end_mark) is not None:
        role_text, end_mark = end_mark, None  # '17:00 (on-call)': the brackets hold the role
    role = _role(role_text)
    if role is None:
        raise CellTextError(_(texts.NOT_A_ROLE).format(text=role_text,
                                                       backup=_(texts.BACKUP_WORD)))
    start_clock = _clock(match["start"], end=False)[0]
    end_clock, midnight = _clock(match["end"], end=True)
    day = _date_of(match["day"], listed_on)
    if end_clock == start_clock and not midnight:
        raise CellTextError(_(texts.ZERO_LENGTH).format(text=line))
    end_day = day + dt.timedelta(days=1) if end_clock <= start_clock else day  # 24:00 too
    start = _instant(dt.datetime.combine(day, start_clock), match["smark"], zone,
                     match["start"].strip())
    end = _instant(dt.datetime.combine(end_day, end_clock), end_mark, zone, match["end"].strip())
    if end <= start:  # only possible around a DST change, e.g. 01:30 (PST)–01:45 (PDT)
        raise CellTextError(_(texts.ZERO_LENGTH).format(text=line))
    return Shift(agent_id=agent_id, role=role, start=start, end=end)


def parse_cell(text: str, agent_id: str, zone: ZoneInfo, listed_on: dt.date) -> list[Shift]:
    """Every shift typed into one day cell of ``agent_id`` (agent-local ``zone``), which is
    listed under the planning-zone date ``listed_on``; empty text = no shift."""
    clean = text.replace("\u3000", " ").replace("\xa0", " ")
    return [_parse_line(line.strip(), agent_id, zone, listed_on)
            for line in _SPLIT.split(clean) if line.strip()]
