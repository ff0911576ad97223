"""The project's exceptions, in one place.

Hierarchy:
    RosterError                 base class; catch this to handle every project error
    ├── InputError              a file, row or field a manager wrote is wrong
    └── InfeasibleRosterError   the hard rules cannot all hold; carries plain-words reasons
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["RosterError", "InputError", "InfeasibleRosterError", "Conflict"]


class RosterError(Exception):
    """Base class of every error this project raises on purpose."""


class InputError(RosterError):
    """Bad input, located precisely so a manager can fix it in their spreadsheet.

    ``row`` counts like a spreadsheet does: the header is row 1, the first data row is row 2.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = str(file) if file is not None else None
        self.row = row
        self.field = field
        self.reason = message
        where = []
        if self.file:
            where.append(self.file)
        if row is not None:
            where.append(f"row {row}")
        if field:
            where.append(f"field '{field}'")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


@dataclass(frozen=True)
class Conflict:
    """One reason the hard rules cannot all hold, in a manager's words."""

    rule: str
    message: str
    agents: tuple[str, ...] = ()
    slots: tuple[int, ...] = field(default=(), repr=False)


class InfeasibleRosterError(RosterError):
    """No roster satisfies every hard rule; ``conflicts`` says which rules clash and where."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        lines = ["No roster can satisfy every hard rule:"]
        lines += [f"  - [{c.rule}] {c.message}" for c in conflicts]
        super().__init__("\n".join(lines))
