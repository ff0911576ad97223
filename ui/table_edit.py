"""Editor tables <-> domain models, through the very parsers that read the team files.

A manager who types ``Mon-Fri 09:00-18:00`` in the browser must get the same result, and the
same error message, as one who types it in ``agents.csv``. So every table holds the file's text
cells and is turned back into models by ``scheduler.team_io``'s row machinery; errors are
``InputError`` naming the table, the row (1 = first row of the table) and the column.
No Streamlit here: pages call these functions and only display the result.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from pydantic import BaseModel, ValidationError

from scheduler.domain import WEEKDAYS, Agent, DemandRow, PeakEvent, Problem, TimeOff
from scheduler.errors import InputError
from scheduler.i18n import N_, _
from scheduler.team_io import (
    AGENT_COLUMNS,
    AGENT_SPEC,
    PEAK_COLUMNS,
    PEAK_SPEC,
    TIME_OFF_COLUMNS,
    TIME_OFF_SPEC,
    check_demand_rows,
    check_shift_lengths,
    parse_row,
    time_off_end,
    agent_to_row,
    load_problem,
)

__all__ = [
    "AGENTS_TABLE",
    "TIME_OFF_TABLE",
    "PEAKS_TABLE",
    "DEMAND_GRID",
    "HOURS",
    "BULK_COLUMNS",
    "agents_frame",
    "agents_from_frame",
    "bulk_set",
    "time_off_frame",
    "time_off_from_frame",
    "peaks_frame",
    "peaks_from_frame",
    "demand_matrix",
    "demand_with_matrix",
    "demand_from_grid",
    "apply_editor_state",
    "settings_from_values",
    "problem_from_uploads",
    "rebuild",
    "check_problem",
]

#: how error messages name the app's tables (where a team folder names its files)
AGENTS_TABLE = N_("agents table")
TIME_OFF_TABLE = N_("time-off table")
PEAKS_TABLE = N_("holiday & peak table")
DEMAND_GRID = N_("demand grid")
M = TypeVar("M", bound=BaseModel)
HOURS = tuple(f"{h:02d}:00" for h in range(24))


def _table(name: str) -> Path:
    """A table's name as its messages show it (in the active language)."""
    return Path(_(name))


def _text(value: Any) -> str:
    """Editor cells come back as str, None, NaN or numbers; the parsers want stripped text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(frame: pd.DataFrame, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(table row number from 1, text cells), skipping rows the manager left entirely blank."""
    for number, (_index, raw) in enumerate(frame.iterrows(), start=1):
        cells = {c: _text(raw.get(c)) for c in columns}
        if any(cells.values()):
            yield number, cells


def apply_editor_state(base: pd.DataFrame, editing: Mapping[str, Any]) -> pd.DataFrame:
    """The table a data editor shows: its starting table plus the editing state it reports.

    ``editing`` is what Streamlit keeps under the editor's key: ``edited_rows`` (row position
    -> column -> value), ``deleted_rows`` (positions) and ``added_rows`` (column -> value), applied
    in Streamlit's order (cells, deletions, additions). Values are kept as typed; the table
    parsers turn them into text or numbers and name the cell if they are wrong.
    """
    frame = base.astype(object)
    for row, cells in (editing.get("edited_rows") or {}).items():
        for column, value in cells.items():
            if column in frame.columns:
                frame.iat[int(row), frame.columns.get_loc(column)] = value
    deleted = [int(r) for r in editing.get("deleted_rows") or () if 0 <= int(r) < len(frame)]
    if deleted:
        frame = frame.drop(frame.index[deleted])
    added = [{c: row.get(c) for c in frame.columns} for row in editing.get("added_rows") or ()]
    if added:
        extra = pd.DataFrame(added, columns=frame.columns, dtype=object)
        frame = pd.concat([frame, extra], ignore_index=isinstance(base.index, pd.RangeIndex))
    return frame


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns)).fillna("")
    return frame.astype(str) if len(frame) else frame.astype("object")


# ----------------------------------------------------------------------------- agents


def agents_frame(problem: Problem) -> pd.DataFrame:
    return _frame([agent_to_row(a) for a in problem.agents], AGENT_COLUMNS)


def agents_from_frame(frame: pd.DataFrame, problem: Problem) -> tuple[Agent, ...]:
    """Parse the agents table; shift lengths are checked against the problem's current rules."""
    agents: list[Agent] = []
    seen: dict[str, int] = {}
    for number, cells in _rows(frame, AGENT_COLUMNS):
        agent = parse_row(_table(AGENTS_TABLE), number, cells, AGENT_SPEC, Agent)
        if agent.id in seen:
            raise InputError(_("duplicate id '{id}' (first on row {row})").format(
                id=agent.id, row=seen[agent.id]),
                             file=_table(AGENTS_TABLE), row=number, field="id")
        seen[agent.id] = number
        check_shift_lengths(agent, problem.rules, problem.settings, _table(AGENTS_TABLE),
                            number)
        agents.append(agent)
    if not agents:
        raise InputError(_("no agents listed; add at least one row"),
                         file=_table(AGENTS_TABLE))
    return tuple(agents)


# columns a bulk edit may set for several agents at once (identity, zone and skills stay per row)
BULK_COLUMNS = ("min_hours", "max_hours", "max_shifts", "shift_lengths", "night_willing",
                "avoid_weekends", "days_off", "availability", "preferred_start", "hourly_cost")


def _with_cells(problem: Problem, ids: Collection[str], cells: Mapping[str, str]) -> Problem:
    frame = agents_frame(problem)
    rows = frame["id"].isin(list(ids))
    for column, text in cells.items():
        frame.loc[rows, column] = text
    new = rebuild(problem, agents=agents_from_frame(frame, problem))
    check_problem(new)
    return new


def bulk_set(problem: Problem, ids: Collection[str], cells: Mapping[str, str]
             ) -> tuple[Problem, dict[str, str]]:
    """The problem with ``cells`` (column -> text, as typed in the agents table) set for the
    agents ``ids``, and a message for each column that could not be set.

    Each value goes through the agents table's own parser, so the message names the table row
    and column exactly like a single cell edit would. A column refused for any of the agents is
    left out entirely; the others are applied (one bad value never blocks the rest). Values
    that are valid only together (min_hours 30 with max_hours 35 when the contract says 25)
    are applied together. Empty cells mean "leave as is".
    """
    pending = {c: str(v).strip() for c, v in cells.items() if str(v).strip()}
    unknown = sorted(set(pending) - set(BULK_COLUMNS))
    if unknown:
        raise ValueError(f"not settable in bulk: {', '.join(unknown)}")
    refused: dict[str, str] = {}
    while pending:
        try:
            return _with_cells(problem, ids, pending), refused
        except InputError as exc:
            if exc.field in pending:
                refused[exc.field] = str(exc)
                del pending[exc.field]
                continue
            # a rule spanning columns (min_hours above max_hours): find who fails on its own
            alone = {}
            for column, text in pending.items():
                try:
                    _with_cells(problem, ids, {column: text})
                except InputError as single:
                    alone[column] = str(single)
            for column in alone or list(pending):
                refused[column] = alone.get(column, str(exc))
                del pending[column]
    return problem, refused


# ----------------------------------------------------------------------------- time off


def _local_iso(value: dt.datetime) -> str:
    return value.isoformat(timespec="minutes")


def time_off_frame(problem: Problem) -> pd.DataFrame:
    return _frame([{"agent_id": t.agent_id, "start": _local_iso(t.start), "end": _local_iso(t.end),
                    "reason": t.reason} for t in problem.time_off], TIME_OFF_COLUMNS)


def time_off_from_frame(frame: pd.DataFrame, agent_ids: set[str]) -> tuple[TimeOff, ...]:
    out = []
    for number, cells in _rows(frame, TIME_OFF_COLUMNS):
        leave = parse_row(_table(TIME_OFF_TABLE), number, time_off_end(cells), TIME_OFF_SPEC,
                          TimeOff)
        if leave.agent_id not in agent_ids:
            raise InputError(_("unknown agent '{id}'").format(id=leave.agent_id),
                             file=_table(TIME_OFF_TABLE), row=number,
                             field="agent_id")
        out.append(leave)
    return tuple(out)


# ----------------------------------------------------------------------------- peaks


def peaks_frame(problem: Problem) -> pd.DataFrame:
    return _frame([{"name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat(),
                    "languages": " ".join(p.languages), "weight": f"{p.weight:g}",
                    "extra_capacity": f"{p.extra_capacity:g}"} for p in problem.peaks],
                  PEAK_COLUMNS)


def peaks_from_frame(frame: pd.DataFrame) -> tuple[PeakEvent, ...]:
    return tuple(parse_row(_table(PEAKS_TABLE), number, cells, PEAK_SPEC, PeakEvent)
                 for number, cells in _rows(frame, PEAK_COLUMNS))


# ----------------------------------------------------------------------------- demand


def _covers(row: DemandRow, hour: dt.time) -> bool:
    if row.end == dt.time(0):
        return hour >= row.start
    return row.start <= hour < row.end


def demand_matrix(problem: Problem, language: str, role: str = "primary") -> pd.DataFrame:
    """Agents required at each full hour (planning zone): weekdays as rows, hours as columns.

    The value is the one in force at hh:00, the same lookup the requirement builder does.
    """
    grid = [[0] * 24 for _ in range(7)]
    for row in problem.demand:
        if row.language != language:
            continue
        for h in range(24):
            if _covers(row, dt.time(h)):
                grid[row.weekday][h] += getattr(row, role)
    return pd.DataFrame(grid, index=list(WEEKDAYS), columns=list(HOURS))


def _count(value: Any, weekday: str, hour: str) -> int:
    text = _text(value)
    try:
        number = float(text) if text else 0.0
    except ValueError:
        number = -1.0
    if number < 0 or not number.is_integer():
        raise InputError(_("'{text}' is not a whole number of agents (0 or more)").format(
            text=text),
                         file=_table(DEMAND_GRID), row=WEEKDAYS.index(weekday) + 1, field=hour)
    return int(number)


def demand_with_matrix(problem: Problem, language: str, role: str,
                       matrix: pd.DataFrame) -> tuple[DemandRow, ...]:
    """Replace ``language``'s demand with hourly rows taken from an edited grid.

    The other role keeps its current hourly values; other languages are untouched. Half-hour
    detail of the replaced language is lost, which is why pages only call this on a real edit.
    """
    other_role = "backup" if role == "primary" else "primary"
    other = demand_matrix(problem, language, other_role)
    rows = [r for r in problem.demand if r.language != language]
    for d, day in enumerate(WEEKDAYS):
        for h, hour in enumerate(HOURS):
            edited = _count(matrix.loc[day, hour], day, hour)
            kept = int(other.loc[day, hour])
            if edited or kept:
                values = {role: edited, other_role: kept}
                rows.append(DemandRow(weekday=d, start=dt.time(h), end=dt.time((h + 1) % 24),
                                      language=language, **values))
    return tuple(sorted(rows, key=lambda r: (r.weekday, r.start, r.language)))


def demand_from_grid(problem: Problem, language: str, role: str,
                     matrix: pd.DataFrame) -> tuple[DemandRow, ...]:
    """Demand after editing ``language``/``role``'s grid; unchanged when the grid is.

    Every cell is checked (the error names the weekday row and hour column). Only a grid that
    differs from the problem's own rewrites the language as hourly rows, so merely showing a
    grid (or re-applying one that is already stored) keeps half-hour detail.
    """
    current = demand_matrix(problem, language, role)
    counts = [[_count(matrix.loc[day, hour], day, hour) for hour in HOURS] for day in WEEKDAYS]
    if counts == current.loc[list(WEEKDAYS), list(HOURS)].values.tolist():
        return problem.demand
    return demand_with_matrix(problem, language, role, matrix)


# ----------------------------------------------------------------------------- rules & problem


def settings_from_values(model: type[M], section: str, values: dict[str, Any]) -> M:
    """Rules or weights from form values; the error names the field like team.toml would."""
    try:
        return model(**values)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) if err["loc"] else None
        raise InputError(err["msg"].removeprefix("Value error, "), file=Path(section),
                         field=f"{section}.{field}" if field else None) from exc


def problem_from_uploads(files: Mapping[str, bytes]) -> Problem:
    """Uploaded team files (team.toml, agents.csv, ...) read exactly like a team folder."""
    known = {"team.toml", "agents.csv", "demand.csv", "peaks.csv", "time_off.csv",
             "previous_roster.csv", "pinned.csv", "staffing.toml"}
    unknown = sorted(set(files) - known)
    if unknown:
        raise InputError(_("unexpected file(s) {files}; expected names: {names}").format(
            files=", ".join(unknown), names=", ".join(sorted(known))))
    with tempfile.TemporaryDirectory(prefix="team-upload-") as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        try:
            return load_problem(folder)
        except InputError as exc:  # name the uploaded file, not the temporary folder
            raise InputError(exc.reason, file=Path(exc.file).name if exc.file else None,
                             row=exc.row, field=exc.field) from exc


def rebuild(problem: Problem, **changes: Any) -> Problem:
    """A validated copy: ``model_copy`` would skip the cross-checks (unknown agents, dupes)."""
    values = {name: getattr(problem, name) for name in type(problem).model_fields}
    values.update(changes)
    try:
        return Problem(**values)
    except ValidationError as exc:
        raise InputError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from exc


def check_problem(problem: Problem) -> None:
    """Checks that span tables: agents' shift lengths vs rules, demand rows vs each other."""
    for number, agent in enumerate(problem.agents, start=1):
        check_shift_lengths(agent, problem.rules, problem.settings, _table(AGENTS_TABLE), number)
    check_demand_rows(_table(DEMAND_GRID), list(enumerate(problem.demand, start=1)))

