"""Where things sit in the workbook and how they look: shared by the writer and the reader.

The reader finds the Roster sheet's day columns by their header dates and the agent column by
its header, so a manager may add columns or sort rows; only the header row itself is fixed.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Agent

__all__ = [
    "HEADER_ROW", "FIRST_AGENT_ROW", "SHIFTS_HEADER_ROW", "COVERAGE_HEADER_ROW",
    "main_language", "language_colour", "backup_tint", "fill", "HEADER_FONT", "HEADER_FILL",
    "TITLE_FONT", "WARNING_FONT", "GAP_FILL", "GAP_FONT", "BACKUP_FONT", "BACKUP_BORDER",
    "THIN_BORDER", "WRAP", "CENTER", "note_row", "print_setup", "protect",
]

#: Roster sheet: rows 1-4 title and notes, row 5 the header, agents from row 6.
HEADER_ROW = 5
FIRST_AGENT_ROW = HEADER_ROW + 1
#: Shifts and Coverage sheets: row 1 a note, row 2 the header.
SHIFTS_HEADER_ROW = 2
COVERAGE_HEADER_ROW = 2

#: Pastel fills per main language, light enough for black text and for black-and-white print.
_PALETTE = {
    "en": "BDD7EE", "es": "F8CBAD", "fr": "C6E0B4", "pt": "FFE699", "ru": "D9D2E9",
    "ar": "B7E4DE", "de": "F4C2D7", "zh": "FFD1D1", "it": "D6E9A8", "ja": "E2D0B8",
    "ko": "C9E4F5", "tr": "F9D9A6", "nl": "DCDCDC", "pl": "E8C8F0", "th": "CFE8CF",
}
_SPARE = ("A9D1C9", "F2D39B", "C7C4E8", "E6B8A2", "B8D8A8", "F0C8C8", "BFD3E6", "E0E0A0")


def main_language(agent: Agent) -> str:
    """The language an agent's row is coloured by: the first primary (else first) language."""
    return (agent.primary_languages or agent.languages)[0]


def language_colour(language: str) -> str:
    """RGB hex of a language; languages without a colour get a stable spare one."""
    if language in _PALETTE:
        return _PALETTE[language]
    return _SPARE[sum(map(ord, language)) % len(_SPARE)]


def backup_tint(rgb: str, share: float = 0.55) -> str:
    """The colour mixed with white: the pale fill of an on-call shift."""
    parts = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    return "".join(f"{round(c + (255 - c) * share):02X}" for c in parts)


def fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


_THIN = Side(style="thin", color="A6A6A6")
_DASHED = Side(style="dashed", color="595959")
THIN_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
BACKUP_BORDER = Border(left=_DASHED, right=_DASHED, top=_DASHED, bottom=_DASHED)
HEADER_FONT = Font(bold=True)
HEADER_FILL = fill("E7E6E6")
TITLE_FONT = Font(bold=True, size=14)
WARNING_FONT = Font(bold=True, color="C00000")
BACKUP_FONT = Font(italic=True, color="404040")
GAP_FILL = fill("F8B4B4")
GAP_FONT = Font(bold=True, color="9C0006")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")


def note_row(ws: Worksheet, row: int, text: str, last_column: int, *, lines: int = 1,
             font: Font | None = None) -> None:
    """A text line across the table's width (merged, wrapped) so it prints inside the page."""
    cell = ws.cell(row=row, column=1, value=text)
    cell.alignment = WRAP
    if font is not None:
        cell.font = font
    if last_column > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    ws.row_dimensions[row].height = 15 * lines + 3


def print_setup(ws: Worksheet, header_row: int) -> None:
    """Landscape A4, all columns on one page width, the header repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4


def protect(ws: Worksheet) -> None:
    """Read-only by default (no password: Review > Unprotect), sorting and filtering allowed:
    these sheets describe the roster as written; the Roster sheet is the one to edit."""
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False
