"""Every word the roster workbook shows a manager, and every message its reader gives, in one
place: the English, marked ``N_`` for the message catalogs (``scheduler/i18n.py``) and
translated where it is used, ``_(texts.SHEET_ROSTER)``, so the workbook comes out in the active
language. Weekday and city names come from Babel (``scheduler/formats.py``).

Templates use ``str.format`` names, never positions, so a translation may reorder them.
The reader accepts what the writer writes in *any* language (``i18n.variants``), so a workbook
written in Chinese still reads back in English and the other way round.
"""

from __future__ import annotations

from scheduler.i18n import N_

# ----------------------------------------------------------------------------- sheet names
SHEET_ROSTER = N_("Roster")
SHEET_COVERAGE = N_("Coverage")
SHEET_SHIFTS = N_("Shifts")
SHEET_LEGEND = N_("Legend")

# ----------------------------------------------------------------------------- Roster sheet
ROSTER_TITLE = N_("{team}: roster for the week {first} to {last}")
ROSTER_ZONES = N_(
    "Columns are dates in the planning zone, {planning_city} ({planning_zone}). Every shift is "
    "written in the AGENT'S OWN LOCAL TIME, the city in column C (agent-local time, not "
    "{planning_city} time). A shift sits under the planning-zone date it starts on; when the "
    "agent's own date is another day, the time starts with the agent's weekday (Mon 18:00–02:00).")
ROSTER_HOW_TO_EDIT = N_(
    "To change the roster, type new times into a day cell: 09:00–17:00, one shift per line, "
    "'{backup}' after a backup (on-call) shift, an empty cell for no shift. Then run "
    "`roster pins-from-xlsx TEAM roster.xlsx`: your changed shifts become pinned shifts that the "
    "next solve keeps.")
ROSTER_NOT_PUBLISHABLE = N_(
    "NOT PUBLISHABLE: this roster breaks {count} hard rule(s) ({rules}). "
    "`roster validate` lists them; publish only if a manager accepts them.")
ROSTER_OUTSIDE_WEEK = N_("{count} shift(s) start outside this week: they are only in the Shifts "
                        "sheet.")
HEAD_NAME = N_("Agent")
HEAD_ID = N_("ID")
HEAD_ZONE = N_("Local time of (city, UTC offset)")
HEAD_LANGUAGES = N_("Languages")
HEAD_HOURS = N_("Paid hours (h)")
BACKUP_WORD = N_("on-call")  # marks a backup shift in a day cell, e.g. 09:00–17:00 on-call
BACKUP_LANGUAGES = N_("backup: {languages}")

# ----------------------------------------------------------------------------- Coverage sheet
COVERAGE_TITLE = N_(
    "Coverage per {slot}-minute slot and language: agents required vs scheduled, in the planning "
    "zone {planning_city} ({planning_zone}). Gaps (agents missing) are red. '{all}' compares heads "
    "online with the sum of all languages' needs.")
#: Headers of ``scheduler.coverage.coverage_table`` columns; a column not listed here is shown
#: under its own name, so new columns of the coverage table appear without a change here.
COVERAGE_HEADERS = {
    "slot": N_("Slot #"),
    "start_utc": N_("Start (UTC)"),
    "start_planning": N_("Start ({planning_city})"),
    "language": N_("Language"),
    "required_primary": N_("Required online (agents)"),
    "scheduled_primary": N_("Scheduled online (agents)"),
    "gap_primary": N_("Gap online (agents missing)"),
    "required_backup": N_("Required on-call (agents)"),
    "scheduled_backup": N_("Scheduled on-call (agents)"),
    "gap_backup": N_("Gap on-call (agents missing)"),
    "peak_weight": N_("Peak weight (×)"),
    "peak": N_("Peak event"),
}
COVERAGE_DAY = N_("Day ({planning_city})")

# ----------------------------------------------------------------------------- Shifts sheet
SHIFTS_TITLE = N_(
    "Every shift as written (read-only; the Roster sheet is the one to edit). UTC is exact; "
    "'local' is the agent's own zone, 'planning' is {planning_city} ({planning_zone}).")
#: Headers of ``scheduler.roster_io.ROSTER_COLUMNS``, in that order.
SHIFTS_HEADERS = {
    "agent_id": N_("Agent ID"),
    "agent_name": N_("Agent"),
    "role": N_("Role"),
    "languages": N_("Languages served"),
    "start_utc": N_("Start (UTC)"),
    "end_utc": N_("End (UTC)"),
    "hours": N_("Hours (h)"),
    "timezone": N_("Agent's zone"),
    "start_local": N_("Start (agent-local)"),
    "end_local": N_("End (agent-local)"),
    "start_planning": N_("Start (planning zone)"),
    "end_planning": N_("End (planning zone)"),
}
ROLE_NAMES = {"primary": N_("primary (online)"), "backup": N_("backup (on-call)")}

# ----------------------------------------------------------------------------- Legend sheet
LEGEND_TITLE = N_("How to read this workbook")
LEGEND_COLOURS = N_("Colours: the agent's main language (first primary language)")
LEGEND_LANGUAGE = N_("{language}: main language of {count} agent(s)")
LEGEND_ROLES = N_("Roles")
LEGEND_PRIMARY = N_("09:00–17:00 (filled): primary duty, online answering chats")
LEGEND_BACKUP = N_("09:00–17:00 {backup} (pale, italic, dashed border): backup duty, on-call "
                  "standby summoned on overload")
LEGEND_TIMES = N_("Times")
LEGEND_TIME_LINES = (
    N_("Day cells show the agent's own local time (agent-local), in the zone named in column C "
      "by its city and UTC offset."),
    N_("Columns are the 7 dates of the planning week in the planning zone, {planning_city} "
      "({planning_zone}); a shift sits under the planning-zone date it starts on."),
    N_("'Tue 22:00–06:00': the agent's own weekday is written when it differs from the column's "
      "date. An end earlier than the start is on the next day."),
    N_("'01:30 (PST)': in the hour that repeats when clocks go back, the zone abbreviation says "
      "which of the two is meant."),
    N_("The Shifts sheet lists every shift in UTC, agent-local and planning-zone time."),
)
LEGEND_ZONES = N_("Zones in this team")
LEGEND_ZONE_LINE = N_("{city}: {zone}, {offsets}")
LEGEND_PLANNING = N_("planning zone")
LEGEND_COVERAGE = N_("Coverage sheet: red cells are gaps, agents missing against the requirement.")

# ----------------------------------------------------------------------------- reader messages
NOT_A_WORKBOOK = N_("not an Excel workbook (.xlsx) that can be read: {reason}")
NO_SHEET = N_("the workbook has no sheet '{sheet}'")
NO_ID_COLUMN = N_("row {row} has no '{header}' column; the agent IDs are needed")
NO_DAY_COLUMN = N_(
    "the header row {row} has no column for {day}: this workbook is not for the team's week of "
    "{week} (or a day column was removed)")
FOREIGN_DAY = N_("{day} is not in the team's week of {week}")
NO_AGENT_ID = N_("this row has shifts but no agent ID")
UNKNOWN_AGENT = N_("unknown agent '{agent}' (not in agents.csv)")
DUPLICATE_AGENT = N_("agent '{agent}' has a second row (first in row {row})")
NOT_TEXT = N_("{value!r} is not a shift; write it as text like 09:00–17:00")
NOT_A_SHIFT = N_("'{text}' is not a shift like 09:00–17:00 (one shift per line, "
                "'{backup}' after a backup shift)")
NOT_A_TIME = N_("'{text}' is not a time")
NOT_A_WEEKDAY = N_("'{text}' is not a weekday (Mon, Tue, … Sun)")
NOT_A_ROLE = N_("'{text}' is not a role: write nothing for primary duty or '{backup}' for backup")
ZERO_LENGTH = N_("'{text}' starts and ends at the same time")
SKIPPED_TIME = N_("{time} does not exist in {city} on {date} (the clocks jump forward)")
WRONG_ZONE_MARK = N_("'({mark})' is not {city}'s zone at {time} on {date}; write {choices}")
SAME_SHIFT_TWICE = N_("the same shift is already in cell {cell}")
NO_SHIFTS_SHEET = N_(
    "the workbook has no sheet '{sheet}' (the roster as written, needed to tell your changes "
    "apart); use --all to pin every shift in the Roster sheet")
BAD_SHIFTS_HEADER = N_("expected the header '{expected}': the sheet was changed, it is not "
                      "meant to be edited")
BAD_SHIFTS_CELL = N_("'{text}' is not a date and time like 2026-11-23T01:00+00:00")

# ----------------------------------------------------------------------------- command output
PINS_WRITTEN = N_("Wrote {count} pinned shift(s) to {path}")
PINS_CHANGED = N_("  {count} shift(s) added or changed in the sheet, {kept} earlier pin(s) kept")
PINS_ALL = N_("  every shift in the Roster sheet is pinned (--all)")
PINS_REMOVED = N_("  {count} shift(s) of the workbook's roster are no longer in the sheet; a "
                 "re-solve may give them back (use leave or days off to keep an agent free): "
                 "{shifts}")
PINS_NONE = N_("No shift differs from the roster as written: {path} lists only the earlier pins "
              "still in the sheet ({kept}).")
XLSX_WRITTEN = N_("Wrote the roster workbook {path}")
