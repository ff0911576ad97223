"""The roster as an Excel workbook (排班表), and edited workbooks back as pinned shifts.

``writer`` builds the workbook (``roster solve`` writes ``roster.xlsx`` beside ``roster.csv``);
``reader`` turns a manager's edited Roster sheet into shifts and pins (``roster
pins-from-xlsx``); ``celltext`` is the day-cell grammar both share; ``texts`` holds every word
shown, for translation.
"""

from scheduler.spreadsheet.writer import build_workbook, roster_xlsx_bytes, write_roster_xlsx

__all__ = ["build_workbook", "roster_xlsx_bytes", "write_roster_xlsx"]
