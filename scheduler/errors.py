"""The project's exceptions, in one place.

Hierarchy:
    RosterError                 base class; catch this to handle every project error
    ├── InputError              a file, row or field a manager wrote is wrong
    ├── InfeasibleRosterError   the hard rules cannot all hold; carries plain-words reasons
    └── UnpublishableRosterError  a roster that breaks hard rules was about to be published
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.i18n import N_, _

__all__ = ["RosterError", "InputError", "InfeasibleRosterError", "UnpublishableRosterError",
           "Conflict", "fixes_title"]


class RosterError(Exception):
    """Base class of every error this project raises on purpose."""


class InputError(RosterError):
    """Bad input, located precisely so a manager can fix it in their spreadsheet.

    ``row`` counts like a spreadsheet does: the header is row 1, the first data row is row 2.
    A ``field`` spelled like a command-line argument (``--out``, ``TEAM_DIR``) is shown as one.
    A workbook (.xlsx) names its ``sheet`` and ``cell`` (``D7``) instead of row and field.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        field: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
    ) -> None:
        self.file = str(file) if file is not None else None
        self.row = row
        self.field = field
        self.sheet = sheet
        self.cell = cell
        self.reason = message
        where = []
        if self.file:
            where.append(self.file)
        if sheet:
            where.append(_("sheet '{sheet}'").format(sheet=sheet))
        if cell:
            where.append(_("cell {cell}").format(cell=cell))
        if row is not None:
            where.append(_("row {row}").format(row=row))
        if field and (field.startswith("-") or field.isupper()):
            where.append(_("argument {name}").format(name=field))
        elif field:
            where.append(_("field '{name}'").format(name=field))
        prefix = where[0] if where else ""
        for detail in where[1:]:  # "file, sheet 'Roster', cell F7" / "文件，工作表“排班表”，…"
            prefix = _("{where}, {detail}").format(where=prefix, detail=detail)
        super().__init__(_("{where}: {message}").format(where=prefix, message=message)
                         if prefix else message)


_BOUNDS = {
    "less_than_equal": ("le", N_("must be {limit} or less, not {value}")),
    "less_than": ("lt", N_("must be less than {limit}, not {value}")),
    "greater_than_equal": ("ge", N_("must be {limit} or more, not {value}")),
    "greater_than": ("gt", N_("must be more than {limit}, not {value}")),
}


def _show(value: Any) -> str:
    """168.0 -> '168', 1e308 -> '1e+308': numbers as a person writes them."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def plain_reason(error: Any) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) in a manager's words, with
    the value that was given: 'must be 168 or less, not 200' instead of 'Input should be...'."""
    kind, ctx, given = error.get("type", ""), error.get("ctx") or {}, error.get("input")
    if kind in _BOUNDS:
        key, text = _BOUNDS[kind]
        return _(text).format(limit=_show(ctx.get(key)), value=_show(given))
    if kind == "finite_number":
        return _("must be an ordinary number, not {value}").format(value=given)
    if kind == "int_parsing_size":
        return _("{value} is far too large").format(value=given)
    return str(error.get("msg", "invalid value")).removeprefix("Value error, ")


@dataclass(frozen=True)
class Conflict:
    """One reason the hard rules cannot all hold, in a manager's words."""

    rule: str
    message: str
    agents: tuple[str, ...] = ()
    slots: tuple[int, ...] = field(default=(), repr=False)


class InfeasibleRosterError(RosterError):
    """No roster keeps every hard rule: ``conflicts`` says which rules clash and where.

    When the rules the manager marked bendable (``[rules] relaxable``) allow one, the error also
    carries a best-effort roster (``best_effort``, a ``solver.SolveResult``), the hard rules it
    breaks (``breaches``, validator violations; it is not publishable until a manager accepts
    them) and the smallest changes that would make the week solvable (``fixes``).
    ``proven`` is False when the search ran out of time before it could prove that no roster
    exists (the week may still be solvable with more time).
    """

    def __init__(self, conflicts: list[Conflict], *, best_effort: Any = None,
                 breaches: list[Any] | None = None, fixes: list[str] | None = None,
                 proven: bool = True) -> None:
        self.conflicts = conflicts
        self.best_effort = best_effort
        self.breaches = list(breaches or [])
        self.fixes = list(fixes or [])
        self.proven = proven
        lines = [_("No roster can satisfy every hard rule:") if proven else
                 _("No roster keeping every hard rule was found in the time allowed:")]
        lines += [f"  - [{_(c.rule)}] {c.message}" for c in conflicts]
        if self.fixes:
            lines.append(fixes_title(proven))
            lines += [f"  - {f}" for f in self.fixes]
        super().__init__("\n".join(lines))


def fixes_title(proven: bool) -> str:
    """The heading of the smallest fixes: for a week not proven infeasible they fix the
    best-effort roster, as more time may find a roster that needs none."""
    if proven:
        return _("Smallest changes that make the week solvable:")
    return _("Or, instead of more time, changes that remove the best-effort roster's breaches:")


class UnpublishableRosterError(RosterError):
    """A roster breaking hard rules (e.g. a best-effort roster) was about to reach calendars
    without a manager accepting the breaches."""
