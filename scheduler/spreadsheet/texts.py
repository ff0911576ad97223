"""Every word the roster workbook shows a manager, and every message its reader gives, in one
place, so a translation (gettext, Chinese first) replaces this module's strings and nothing else.

``_`` marks a string for extraction (``xgettext --keyword=_``); today it returns the English.
Templates use ``str.format`` names, never positions, so a translation may reorder them.
The reader accepts what the writer writes *and* the English words, so a workbook written in one
language still reads back in another.
"""

from __future__ import annotations


def _(text: str) -> str:
    """Translation hook: identity until the message catalogs exist."""
    return text


WEEKDAY_NAMES = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))

# ----------------------------------------------------------------------------- sheet names
SHEET_ROSTER = _("Roster")
SHEET_COVERAGE = _("Coverage")
SHEET_SHIFTS = _("Shifts")
SHEET_LEGEND = _("Legend")

# ----------------------------------------------------------------------------- Roster sheet
ROSTER_TITLE = _("{team}: roster for the week {first} to {last}")
ROSTER_ZONES = _(
    "Columns are dates in the planning zone, {planning_city} ({planning_zone}). Every shift is "
    "written in the AGENT'S OWN LOCAL TIME, the city in column C (agent-local time, not "
    "{planning_city} time). A shift sits under the planning-zone date it starts on; when the "
    "agent's own date is another day, the time starts with the agent's weekday (Mon 18:00–02:00).")
ROSTER_HOW_TO_EDIT = _(
    "To change the roster, type new times into a day cell: 09:00–17:00, one shift per line, "
    "'{backup}' after a backup (on-call) shift, an empty cell for no shift. Then run "
    "`roster pins-from-xlsx TEAM roster.xlsx`: your changed shifts become pinned shifts that the "
    "next solve keeps.")
ROSTER_NOT_PUBLISHABLE = _(
    "NOT PUBLISHABLE: this roster breaks {count} hard rule(s) ({rules}). "
    "`roster validate` lists them; publish only if a manager accepts them.")
ROSTER_OUTSIDE_WEEK = _("{count} shift(s) start outside this week: they are only in the Shifts "
                        "sheet.")
HEAD_NAME = _("Agent")
HEAD_ID = _("ID")
HEAD_ZONE = _("Local time of (city, UTC offset)")
HEAD_LANGUAGES = _("Languages")
HEAD_HOURS = _("Paid hours (h)")
BACKUP_WORD = _("on-call")  # marks a backup shift in a day cell, e.g. 09:00–17:00 on-call
BACKUP_LANGUAGES = _("backup: {languages}")
OFFSET_CHANGE = _("{before}, {after} from {when}")  # a DST change inside the week

# ----------------------------------------------------------------------------- Coverage sheet
COVERAGE_TITLE = _(
    "Coverage per {slot}-minute slot and language: agents required vs scheduled, in the planning "
    "zone {planning_city} ({planning_zone}). Gaps (agents missing) are red. '{all}' compares heads "
    "online with the sum of all languages' needs.")
#: Headers of ``scheduler.coverage.coverage_table`` columns; a column not listed here is shown
#: under its own name, so new columns of the coverage table appear without a change here.
COVERAGE_HEADERS = {
    "slot": _("Slot #"),
    "start_utc": _("Start (UTC)"),
    "start_planning": _("Start ({planning_city})"),
    "language": _("Language"),
    "required_primary": _("Required online (agents)"),
    "scheduled_primary": _("Scheduled online (agents)"),
    "gap_primary": _("Gap online (agents missing)"),
    "required_backup": _("Required on-call (agents)"),
    "scheduled_backup": _("Scheduled on-call (agents)"),
    "gap_backup": _("Gap on-call (agents missing)"),
    "peak_weight": _("Peak weight (×)"),
    "peak": _("Peak event"),
}
COVERAGE_DAY = _("Day ({planning_city})")

# ----------------------------------------------------------------------------- Shifts sheet
SHIFTS_TITLE = _(
    "Every shift as written (read-only; the Roster sheet is the one to edit). UTC is exact; "
    "'local' is the agent's own zone, 'planning' is {planning_city} ({planning_zone}).")
#: Headers of ``scheduler.roster_io.ROSTER_COLUMNS``, in that order.
SHIFTS_HEADERS = {
    "agent_id": _("Agent ID"),
    "agent_name": _("Agent"),
    "role": _("Role"),
    "languages": _("Languages served"),
    "start_utc": _("Start (UTC)"),
    "end_utc": _("End (UTC)"),
    "hours": _("Hours (h)"),
    "timezone": _("Agent's zone"),
    "start_local": _("Start (agent-local)"),
    "end_local": _("End (agent-local)"),
    "start_planning": _("Start (planning zone)"),
    "end_planning": _("End (planning zone)"),
}
ROLE_NAMES = {"primary": _("primary (online)"), "backup": _("backup (on-call)")}

# ----------------------------------------------------------------------------- Legend sheet
LEGEND_TITLE = _("How to read this workbook")
LEGEND_COLOURS = _("Colours: the agent's main language (first primary language)")
LEGEND_LANGUAGE = _("{language}: main language of {count} agent(s)")
LEGEND_ROLES = _("Roles")
LEGEND_PRIMARY = _("09:00–17:00 (filled): primary duty, online answering chats")
LEGEND_BACKUP = _("09:00–17:00 {backup} (pale, italic, dashed border): backup duty, on-call "
                  "standby summoned on overload")
LEGEND_TIMES = _("Times")
LEGEND_TIME_LINES = (
    _("Day cells show the agent's own local time (agent-local), in the zone named in column C "
      "by its city and UTC offset."),
    _("Columns are the 7 dates of the planning week in the planning zone, {planning_city} "
      "({planning_zone}); a shift sits under the planning-zone date it starts on."),
    _("'Tue 22:00–06:00': the agent's own weekday is written when it differs from the column's "
      "date. An end earlier than the start is on the next day."),
    _("'01:30 (PST)': in the hour that repeats when clocks go back, the zone abbreviation says "
      "which of the two is meant."),
    _("The Shifts sheet lists every shift in UTC, agent-local and planning-zone time."),
)
LEGEND_ZONES = _("Zones in this team")
LEGEND_ZONE_LINE = _("{city}: {zone}, {offsets}")
LEGEND_PLANNING = _("planning zone")
LEGEND_COVERAGE = _("Coverage sheet: red cells are gaps, agents missing against the requirement.")

# ----------------------------------------------------------------------------- reader messages
NOT_A_WORKBOOK = _("not an Excel workbook (.xlsx) that can be read: {reason}")
NO_SHEET = _("the workbook has no sheet '{sheet}'")
NO_ID_COLUMN = _("row {row} has no '{header}' column; the agent IDs are needed")
NO_DAY_COLUMN = _(
    "the header row {row} has no column for {day}: this workbook is not for the team's week of "
    "{week} (or a day column was removed)")
FOREIGN_DAY = _("{day} is not in the team's week of {week}")
NO_AGENT_ID = _("this row has shifts but no agent ID")
UNKNOWN_AGENT = _("unknown agent '{agent}' (not in agents.csv)")
DUPLICATE_AGENT = _("agent '{agent}' has a second row (first in row {row})")
NOT_TEXT = _("{value!r} is not a shift; write it as text like 09:00–17:00")
NOT_A_SHIFT = _("'{text}' is not a shift like 09:00–17:00 (one shift per line, "
                "'{backup}' after a backup shift)")
NOT_A_TIME = _("'{text}' is not a time")
NOT_A_WEEKDAY = _("'{text}' is not a weekday (Mon, Tue, … Sun)")
NOT_A_ROLE = _("'{text}' is not a role: write nothing for primary duty or '{backup}' for backup")
ZERO_LENGTH = _("'{text}' starts and ends at the same time")
SKIPPED_TIME = _("{time} does not exist in {city} on {date} (the clocks jump forward)")
WRONG_ZONE_MARK = _("'({mark})' is not {city}'s zone at {time} on {date}; write {choices}")
SAME_SHIFT_TWICE = _("the same shift is already in cell {cell}")
NO_SHIFTS_SHEET = _(
    "the workbook has no sheet '{sheet}' (the roster as written, needed to tell your changes "
    "apart); use --all to pin every shift in the Roster sheet")
BAD_SHIFTS_HEADER = _("expected the header '{expected}': the sheet was changed, it is not "
                      "meant to be edited")
BAD_SHIFTS_CELL = _("'{text}' is not a date and time like 2026-11-23T01:00+00:00")

# ----------------------------------------------------------------------------- command output
PINS_WRITTEN = _("Wrote {count} pinned shift(s) to {path}")
PINS_CHANGED = _("  {count} shift(s) added or changed in the sheet, {kept} earlier pin(s) kept")
PINS_ALL = _("  every shift in the Roster sheet is pinned (--all)")
PINS_REMOVED = _("  {count} shift(s) of the workbook's roster are no longer in the sheet; a "
                 "re-solve may give them back (use leave or days off to keep an agent free): "
                 "{shifts}")
PINS_NONE = _("No shift differs from the roster as written: {path} lists only the earlier pins "
              "still in the sheet ({kept}).")
XLSX_WRITTEN = _("Wrote the roster workbook {path}")
