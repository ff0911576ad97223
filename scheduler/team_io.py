"""Read and write a team folder: the files a manager edits.

    team.toml           [team] week, zone, slot size; [rules]; [weights]; [solver]
    agents.csv          one agent per row (see README for the columns)
    demand.csv          weekday,start,end,language,primary,backup   (planning-zone time)
    peaks.csv           name,start,end,languages,weight,extra_capacity   (optional)
    time_off.csv        agent_id,start,end,reason   (agent-local time, optional)
    previous_roster.csv last week's roster as written by `roster solve` (optional)
    pinned.csv          shifts a re-solve must keep, roster format (optional)
    staffing.toml       service target and queue assumptions (optional, defaults)
    forecast.csv        human contacts per slot and language behind the demand (optional,
                        written by `roster forecast`)

Every problem is reported as an InputError naming file, row and field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import tomli_w
from pydantic import BaseModel, ValidationError

from scheduler.atomic import write_text_atomic
from scheduler.domain import (
    WEEKDAYS,
    Agent,
    DemandRow,
    ForecastLoad,
    PeakEvent,
    Problem,
    Rules,
    Shift,
    SolverSettings,
    TeamSettings,
    TimeOff,
    Weights,
    check_language,
)
from scheduler.errors import InputError, plain_reason
from scheduler.roster_io import read_shift_rows, write_shifts_csv
from scheduler.staffing.settings import StaffingSettings, load_staffing_settings
from scheduler.textformats import (
    control_character,
    format_availability,
    format_time,
    format_weekdays,
    parse_availability,
    parse_bool,
    parse_floats,
    parse_int,
    parse_list,
    parse_number,
    parse_time,
    parse_time_range,
    parse_weekday,
    parse_weekdays,
    read_table,
    read_text_file,
)
from scheduler.timegrid import WeekGrid, to_utc

__all__ = ["load_problem", "save_problem", "with_baseline", "read_forecast", "FORECAST_COLUMNS", "read_table", "parse_row", "check_shift_lengths",
           "check_demand_rows", "check_pinned_shifts", "time_off_end", "AGENT_COLUMNS",
           "AGENT_SPEC", "DEMAND_SPEC",
           "PEAK_SPEC", "TIME_OFF_SPEC", "demand_to_csv", "agent_to_row"]

M = TypeVar("M", bound=BaseModel)

AGENT_COLUMNS = (
    "id", "name", "timezone", "primary_languages", "backup_languages", "min_hours", "max_hours",
    "max_shifts", "shift_lengths", "availability", "night_willing", "days_off",
    "preferred_start", "avoid_weekends", "country", "hourly_cost",
)
DEMAND_COLUMNS = ("weekday", "start", "end", "language", "primary", "backup")
PEAK_COLUMNS = ("name", "start", "end", "languages", "weight", "extra_capacity")
TIME_OFF_COLUMNS = ("agent_id", "start", "end", "reason")


def _cell(cells: dict[str, str], name: str, parse: Callable[[str], Any], default: Any) -> Any:
    text = cells.get(name, "")
    return parse(text) if text else default


def parse_row(
    path: Path, row: int, cells: dict[str, str], spec: dict[str, tuple[str, Callable[[str], Any], Any]],
    model: type[M], extra: dict[str, Any] | None = None,
) -> M:
    """spec: model field -> (column, parser, default when the cell is empty)."""
    values: dict[str, Any] = dict(extra or {})
    for field, (column, parse, default) in spec.items():
        try:
            value = _cell(cells, column, parse, default)
        except ValueError as exc:
            raise InputError(str(exc), file=path, row=row, field=column) from exc
        if value is not ...:
            values[field] = value
        elif not cells.get(column):
            raise InputError("value is required", file=path, row=row, field=column)
    try:
        return model(**values)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else None
        column = spec[field][0] if field in spec else field
        raise InputError(plain_reason(err), file=path, row=row, field=column) from exc


AGENT_SPEC: dict[str, tuple[str, Callable[[str], Any], Any]] = {
    "id": ("id", str, ...),
    "name": ("name", str, ...),
    "timezone": ("timezone", str, ...),
    "primary_languages": ("primary_languages", parse_list, ()),
    "backup_languages": ("backup_languages", parse_list, ()),
    "min_hours": ("min_hours", parse_number, 0.0),
    "max_hours": ("max_hours", parse_number, 40.0),
    "max_shifts": ("max_shifts", parse_int, 5),
    "shift_lengths": ("shift_lengths", parse_floats, (8.0,)),
    "availability": ("availability", parse_availability, ()),
    "night_willing": ("night_willing", parse_bool, False),
    "days_off": ("days_off", parse_weekdays, frozenset()),
    "preferred_start": ("preferred_start", parse_time_range, None),
    "avoid_weekends": ("avoid_weekends", parse_bool, False),
    "country": ("country", lambda s: s.upper(), None),
    "hourly_cost": ("hourly_cost", parse_number, None),
}

DEMAND_SPEC: dict[str, tuple[str, Callable[[str], Any], Any]] = {
    "weekday": ("weekday", parse_weekday, ...),
    "start": ("start", parse_time, ...),
    "end": ("end", parse_time, ...),
    "language": ("language", str, ...),
    "primary": ("primary", parse_int, 0),
    "backup": ("backup", parse_int, 0),
}


def _date_or_datetime(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a date/time like 2026-11-27 or 2026-11-27T09:00") from exc
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a date like 2026-11-27") from exc


PEAK_SPEC: dict[str, tuple[str, Callable[[str], Any], Any]] = {
    "name": ("name", str, ...),
    "start": ("start", _date, ...),
    "end": ("end", _date, ...),
    "languages": ("languages", lambda s: tuple(x.lower() for x in parse_list(s)), ()),
    "weight": ("weight", parse_number, 2.0),
    "extra_capacity": ("extra_capacity", parse_number, 0.0),
}

TIME_OFF_SPEC: dict[str, tuple[str, Callable[[str], Any], Any]] = {
    "agent_id": ("agent_id", str, ...),
    "start": ("start", _date_or_datetime, ...),
    "end": ("end", _date_or_datetime, ...),
    "reason": ("reason", str, ""),
}


def time_off_end(cells: dict[str, str]) -> dict[str, str]:
    """A bare end date means 'through that day': 2026-11-27 -> 2026-11-28T00:00."""
    end = cells.get("end", "")
    if len(end) == 10:
        try:
            cells = dict(cells, end=(dt.date.fromisoformat(end) + dt.timedelta(days=1)).isoformat())
        except ValueError:
            pass
    return cells


#: settings written as a time range "22:00-06:00" (night_hours: the old name, still read)
_TIME_RANGES = ("night_premium_hours", "night_hours")


def _load_settings(path: Path) -> dict[str, Any]:
    text = read_text_file(path)
    _check_toml_characters(path, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", file=path) from exc
    unknown = set(data) - {"team", "rules", "weights", "solver"}
    if unknown:
        raise InputError(f"unknown section(s) [{'], ['.join(sorted(unknown))}]", file=path)
    if "team" not in data:
        raise InputError("missing [team] section with week_start and timezone", file=path)
    out: dict[str, Any] = {}
    for section, model in (("team", TeamSettings), ("rules", Rules), ("weights", Weights),
                           ("solver", SolverSettings)):
        values = data.get(section, {})
        if not isinstance(values, dict):
            raise InputError(f"[{section}] must be a section of 'name = value' lines", file=path,
                             field=section)
        values = dict(values)
        for key, val in list(values.items()):
            try:
                if key in _TIME_RANGES and isinstance(val, str):
                    values[key] = parse_time_range(val)
                elif isinstance(val, str) and model is not TeamSettings and ":" in val:
                    values[key] = parse_time(val)
            except ValueError as exc:
                raise InputError(str(exc), file=path, field=f"{section}.{key}") from exc
        try:
            out[section] = model(**values)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join([section, *(str(p) for p in err["loc"])])
            raise InputError(plain_reason(err), file=path, field=field) from exc
    return out


def _check_toml_characters(path: Path, text: str) -> None:
    """Name the setting on a line with a NUL or other control character (TOML's own error
    only gives a column)."""
    section = ""
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        header = re.match(r"\s*\[+([^\]]*)\]", line)
        section = header.group(1).strip() if header else section
        bad = control_character(line)
        if bad:
            key = re.match(r"\s*([\w.-]+)\s*=", line)
            field = ".".join(p for p in (section, key.group(1)) if p) if key else None
            raise InputError(f"line {number} contains {bad}; retype that line", file=path,
                             field=field)


def check_demand_rows(path: Path, rows: list[tuple[int, DemandRow]]) -> None:
    """Rows must be ordered intervals and must not overlap for the same weekday and language."""
    seen: dict[tuple[int, str], list[tuple[int, int, int]]] = {}
    for number, r in rows:
        start = r.start.hour * 60 + r.start.minute
        end = r.end.hour * 60 + r.end.minute or 24 * 60
        if end <= start:
            raise InputError("end must be after start (use 24:00 for midnight)", file=path,
                             row=number, field="end")
        for other_row, a, b in seen.get((r.weekday, r.language), []):
            if start < b and a < end:
                raise InputError(
                    f"overlaps row {other_row} ({WEEKDAYS[r.weekday]} {r.language})",
                    file=path, row=number, field="start",
                )
        seen.setdefault((r.weekday, r.language), []).append((number, start, end))


def _is_present(path: Path, missing: str | None = None) -> bool:
    """Whether a team file is there (InputError with ``missing`` if it is required). Anything
    there is read as a file, so a folder in its place is reported by ``read_text_file``."""
    if not path.exists() and missing:
        raise InputError(missing, file=path)
    return path.exists()


NO_DEMAND = ("the team folder has no demand.csv; add one (a demand.csv with only its header line "
             f"'{','.join(DEMAND_COLUMNS)}' means no demand, 24/7 minimum only)")


def load_problem(folder: str | Path, *, require_demand: bool = True) -> Problem:
    """Load a team folder into a validated Problem (InputError on the first bad cell).

    ``require_demand=False`` is for `roster forecast`, which writes demand.csv itself.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("folder not found" if not folder.exists() else
                         "this is a file, but a team folder is expected", file=folder)
    settings_path = folder / "team.toml"
    _is_present(settings_path, "team folder has no team.toml")
    parts = _load_settings(settings_path)

    agents_path = folder / "agents.csv"
    _is_present(agents_path, "team folder has no agents.csv")
    agents = []
    ids: dict[str, int] = {}
    for number, cells in read_table(agents_path, AGENT_COLUMNS[:3], AGENT_COLUMNS[3:]):
        agent = parse_row(agents_path, number, cells, AGENT_SPEC, Agent)
        if agent.id in ids:
            raise InputError(f"duplicate id '{agent.id}' (first on row {ids[agent.id]})",
                             file=agents_path, row=number, field="id")
        ids[agent.id] = number
        check_shift_lengths(agent, parts["rules"], parts["team"], agents_path, number)
        agents.append(agent)
    if not agents:
        raise InputError("no agents listed", file=agents_path)

    demand: list[DemandRow] = []
    demand_path = folder / "demand.csv"
    if _is_present(demand_path, NO_DEMAND if require_demand else None):
        numbered = [(n, parse_row(demand_path, n, c, DEMAND_SPEC, DemandRow))
                    for n, c in read_table(demand_path, DEMAND_COLUMNS[:4], DEMAND_COLUMNS[4:])]
        check_demand_rows(demand_path, numbered)
        demand = [r for _, r in numbered]

    peaks: list[PeakEvent] = []
    peaks_path = folder / "peaks.csv"
    if _is_present(peaks_path):
        peaks = [parse_row(peaks_path, n, c, PEAK_SPEC, PeakEvent)
                 for n, c in read_table(peaks_path, PEAK_COLUMNS[:3], PEAK_COLUMNS[3:])]

    time_off: list[TimeOff] = []
    time_off_path = folder / "time_off.csv"
    if _is_present(time_off_path):
        for n, c in read_table(time_off_path, TIME_OFF_COLUMNS[:3], TIME_OFF_COLUMNS[3:]):
            leave = parse_row(time_off_path, n, time_off_end(c), TIME_OFF_SPEC, TimeOff)
            if leave.agent_id not in ids:
                raise InputError(f"unknown agent '{leave.agent_id}'", file=time_off_path, row=n,
                                 field="agent_id")
            time_off.append(leave)

    previous_path, pinned_path = folder / "previous_roster.csv", folder / "pinned.csv"
    previous = read_shift_rows(previous_path, set(ids)) if _is_present(previous_path) else []
    pinned = read_shift_rows(pinned_path, set(ids)) if _is_present(pinned_path) else []
    check_pinned_shifts(pinned_path, pinned, {a.id: a for a in agents}, parts["rules"],
                        parts["team"])

    forecast_path = folder / "forecast.csv"
    forecast = read_forecast(forecast_path, parts["team"]) if _is_present(forecast_path) \
        else None
    try:
        return Problem(
            settings=parts["team"], rules=parts["rules"], weights=parts["weights"],
            solver=parts["solver"], agents=tuple(agents), demand=tuple(demand),
            peaks=tuple(peaks), time_off=tuple(time_off),
            previous_shifts=tuple(s for _, s in previous),
            pinned_shifts=tuple(s for _, s in pinned),
            staffing=load_staffing_settings(folder), forecast=forecast,
        )
    except ValidationError as exc:
        raise InputError(plain_reason(exc.errors()[0]), file=folder) from exc


#: forecast.csv: one row per UTC slot and language (written by `roster forecast`)
FORECAST_COLUMNS = ("slot_start_utc", "local", "language", "inquiries", "human_contacts",
                    "aht_s", "effective_aht_s", "productive", "primary", "backup")
_FORECAST_REQUIRED = ("slot_start_utc", "language", "human_contacts", "aht_s", "effective_aht_s")


def read_forecast(path: Path, team: TeamSettings) -> ForecastLoad:
    """forecast.csv -> ForecastLoad on the team's slot grid; a file made for another week is an
    error (slots are keyed by their UTC start, so it cannot be silently misaligned)."""
    grid = WeekGrid.for_settings(team)
    contacts: dict[str, np.ndarray] = {}
    asked: dict[str, float] = {}
    aht: dict[str, tuple[float, float]] = {}
    optional = tuple(c for c in FORECAST_COLUMNS if c not in _FORECAST_REQUIRED)
    for row, cells in read_table(path, _FORECAST_REQUIRED, optional):
        field = "slot_start_utc"
        try:
            start = dt.datetime.fromisoformat(cells["slot_start_utc"])
            if start.tzinfo is None:
                raise ValueError("slot_start_utc must carry a zone (…Z)")
            i = grid.slot_of(start)
            if not 0 <= i < grid.n_slots or grid.slot_start(i) != start:
                raise ValueError(f"{cells['slot_start_utc']} is not a slot of the planning week "
                                 f"of {team.week_start}; run `roster forecast` again for this "
                                 "week")
            field = "human_contacts"
            value = float(cells["human_contacts"])
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"'{cells['human_contacts']}' is not a number of contacts")
            field = "inquiries"
            inquiries = float(cells["inquiries"]) if cells.get("inquiries") else None
            if inquiries is not None and not (math.isfinite(inquiries) and inquiries >= 0):
                raise ValueError(f"'{cells['inquiries']}' is not a number of inquiries")
            field = "aht_s"
            pair = (float(cells["aht_s"]), float(cells["effective_aht_s"]))
            if not all(math.isfinite(x) and x > 0 for x in pair):
                raise ValueError("handle times must be positive seconds")
            field = "language"
            lang = check_language(cells["language"])
        except ValueError as exc:
            raise InputError(str(exc), file=path, row=row, field=field) from exc
        contacts.setdefault(lang, np.zeros(grid.n_slots))[i] = value
        if inquiries is not None:
            asked[lang] = asked.get(lang, 0.0) + inquiries
        aht[lang] = pair
    if not contacts:
        raise InputError("the forecast has no rows", file=path)
    # the bot's share over the week: 1 - human contacts / inquiries (0 without inquiries)
    # (rounded: a share, and a folder saved again reads back to the same value)
    deflected = {lang: round(min(max(1.0 - float(contacts[lang].sum()) / asked[lang], 0.0), 1.0),
                             10)
                 for lang in contacts if asked.get(lang, 0.0) > 0}
    return ForecastLoad(first_slot_utc=grid.start_utc, slot_minutes=grid.slot_minutes,
                        contacts={k: tuple(v.tolist()) for k, v in contacts.items()},
                        aht_s={k: v[0] for k, v in aht.items()},
                        effective_aht_s={k: v[1] for k, v in aht.items()}, deflected=deflected)


def with_baseline(problem: Problem, path: Path, freeze_before: str | None = None) -> Problem:
    """``problem`` re-rostered against the roster CSV at ``path`` (``scheduler/baseline.py``),
    optionally as a mid-week repair frozen before ``freeze_before`` (planning-zone local time
    such as ``2026-12-02T14:00``, or an ISO time with an offset)."""
    rows = read_shift_rows(path, {a.id for a in problem.agents})
    grid = WeekGrid.for_settings(problem.settings)
    zone = grid.planning_zone
    for row, shift in rows:
        if not grid.start_utc <= shift.start < grid.end_utc:
            raise InputError(f"the shift starts {shift.start.astimezone(zone):%a %Y-%m-%d %H:%M} "
                             f"({zone.key}), outside the planning week of "
                             f"{problem.settings.week_start}: is this roster of another week?",
                             file=path, row=row, field="start_utc")
    freeze = None
    if freeze_before is not None:
        try:
            freeze = dt.datetime.fromisoformat(freeze_before.strip())
        except ValueError as exc:
            raise InputError(f"'{freeze_before}' is not a date and time such as 2026-12-02T14:00 "
                             f"({zone.key})", field="--freeze-before") from exc
        freeze = to_utc(freeze, zone)
        if not grid.start_utc <= freeze <= grid.end_utc:
            raise InputError(f"{freeze.astimezone(zone):%Y-%m-%d %H:%M} ({zone.key}) is outside "
                             f"the planning week of {problem.settings.week_start}",
                             field="--freeze-before")
    return Problem.model_validate({**dict(problem), "baseline_shifts": tuple(s for _, s in rows),
                                   "freeze_before": freeze})


def check_pinned_shifts(path: Path, rows: list[tuple[int, Shift]], agents: dict[str, Agent],
                        rules: Rules, team: TeamSettings) -> None:
    """A pin must be a shift the roster could contain: inside the week, on the slot grid, and of
    a length the rules and the agent's contract allow (else the solve fails much later)."""
    grid = WeekGrid.for_settings(team)
    zone = team.timezone
    for row, shift in rows:
        start = shift.start.astimezone(grid.planning_zone)
        if not grid.start_utc <= shift.start < grid.end_utc:
            first, last = team.week_start, team.week_start + dt.timedelta(days=6)
            raise InputError(f"the pinned shift starts {start:%a %Y-%m-%d %H:%M} ({zone}), "
                             f"outside the planning week {first} to {last}",
                             file=path, row=row, field="start_utc")
        for field, instant in (("start_utc", shift.start), ("end_utc", shift.end)):
            if (instant - grid.start_utc) % grid.slot:
                every = "on the hour" if team.slot_minutes == 60 else "on the hour or half hour"
                raise InputError(f"{instant:%H:%M} UTC is not on the {team.slot_minutes}-minute "
                                 f"slot grid; pinned shifts start and end {every}",
                                 file=path, row=row, field=field)
        hours, agent = shift.hours, agents[shift.agent_id]
        if hours > rules.max_shift_hours:
            reason = f"longer than the {rules.max_shift_hours:g} h maximum"
        elif hours < rules.min_shift_hours:
            reason = f"shorter than the {rules.min_shift_hours:g} h minimum"
        elif not any(abs(hours - length) < 1e-9 for length in agent.shift_lengths):
            allowed = " or ".join(f"{length:g} h" for length in agent.shift_lengths)
            reason = f"not one of {agent.id}'s shift lengths ({allowed})"
        else:
            continue
        raise InputError(f"the pinned shift is {hours:g} h, {reason}", file=path, row=row,
                         field="end_utc")


def check_shift_lengths(agent: Agent, rules: Rules, team: TeamSettings, path: Path, row: int) -> None:
    for length in agent.shift_lengths:
        if length > rules.max_shift_hours:
            raise InputError(f"shift length {length:g} h exceeds the {rules.max_shift_hours:g} h cap",
                             file=path, row=row, field="shift_lengths")
        if length < rules.min_shift_hours:
            raise InputError(
                f"shift length {length:g} h is below the {rules.min_shift_hours:g} h minimum",
                file=path, row=row, field="shift_lengths")
        if (length * 60) % team.slot_minutes:
            raise InputError(f"shift length {length:g} h is not a whole number of "
                             f"{team.slot_minutes}-minute slots", file=path, row=row,
                             field="shift_lengths")


# ----------------------------------------------------------------------------- writing


def _csv_text(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _num(x: float) -> str:
    return f"{x:g}"


def agent_to_row(a: Agent) -> dict[str, Any]:
    return {
        "id": a.id, "name": a.name, "timezone": a.timezone,
        "primary_languages": " ".join(a.primary_languages),
        "backup_languages": " ".join(a.backup_languages),
        "min_hours": _num(a.min_hours), "max_hours": _num(a.max_hours), "max_shifts": a.max_shifts,
        "shift_lengths": " ".join(_num(x) for x in a.shift_lengths),
        "availability": format_availability(a.availability),
        "night_willing": "yes" if a.night_willing else "no",
        "days_off": format_weekdays(a.days_off) if a.days_off else "",
        "preferred_start": (f"{format_time(a.preferred_start[0])}-{format_time(a.preferred_start[1])}"
                            if a.preferred_start else ""),
        "avoid_weekends": "yes" if a.avoid_weekends else "no",
        "country": a.country or "",
        "hourly_cost": _num(a.hourly_cost) if a.hourly_cost is not None else "",
    }


def demand_to_csv(rows: tuple[DemandRow, ...] | list[DemandRow]) -> str:
    return _csv_text(DEMAND_COLUMNS, [
        {"weekday": WEEKDAYS[r.weekday], "start": format_time(r.start),
         "end": "24:00" if r.end == dt.time(0) else format_time(r.end), "language": r.language,
         "primary": r.primary, "backup": r.backup}
        for r in rows
    ])


def _settings_toml(problem: Problem) -> str:
    def plain(model: BaseModel) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, val in model.model_dump().items():
            if val is None:  # TOML has no null; a missing key means the same default
                continue
            if isinstance(val, dt.time):
                val = format_time(val)
            elif isinstance(val, tuple) and val and isinstance(val[0], dt.time):
                val = f"{format_time(val[0])}-{format_time(val[1])}"
            out[key] = val
        return out

    return tomli_w.dumps({
        "team": plain(problem.settings), "rules": plain(problem.rules),
        "weights": plain(problem.weights), "solver": plain(problem.solver),
    })


def save_problem(problem: Problem, folder: str | Path) -> None:
    """Write a team folder that ``load_problem`` reads back to an equal Problem."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(folder / "team.toml", _settings_toml(problem))
    write_text_atomic(folder / "agents.csv",
                      _csv_text(AGENT_COLUMNS, [agent_to_row(a) for a in problem.agents]))
    write_text_atomic(folder / "demand.csv", demand_to_csv(problem.demand))
    write_text_atomic(folder / "peaks.csv", _csv_text(PEAK_COLUMNS, [
        {"name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat(),
         "languages": " ".join(p.languages), "weight": _num(p.weight),
         "extra_capacity": _num(p.extra_capacity)} for p in problem.peaks]))
    write_text_atomic(folder / "time_off.csv", _csv_text(TIME_OFF_COLUMNS, [
        {"agent_id": t.agent_id, "start": t.start.isoformat(), "end": t.end.isoformat(),
         "reason": t.reason} for t in problem.time_off]))
    for name, shifts in (("previous_roster.csv", problem.previous_shifts),
                         ("pinned.csv", problem.pinned_shifts)):
        path = folder / name
        if shifts:
            write_shifts_csv(path, list(shifts), problem)
        elif path.exists():
            path.unlink()
    for name, text in (("staffing.toml", _staffing_toml(problem)),
                       ("forecast.csv", _forecast_csv(problem))):
        path = folder / name
        if text is not None:
            write_text_atomic(path, text)
        elif path.exists():
            path.unlink()


def _without_none(value: Any) -> Any:
    """TOML has no null: a missing key means the same default."""
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_without_none(v) for v in value]
    return value


def _staffing_toml(problem: Problem) -> str | None:
    """staffing.toml for settings that differ from the defaults (None: all defaults)."""
    if problem.staffing == StaffingSettings():
        return None
    return tomli_w.dumps(_without_none(problem.staffing.model_dump(mode="json")))


def _forecast_csv(problem: Problem) -> str | None:
    """forecast.csv as ``roster forecast`` writes it (the columns ``read_forecast`` needs; the
    inquiries keep the chatbot's share), None without a forecast. Floats are written exactly."""
    f = problem.forecast
    if f is None:
        return None
    grid = WeekGrid.for_settings(problem.settings)
    rows = []
    for i, local in enumerate(grid.planning_local):
        start = grid.slot_start(i).strftime("%Y-%m-%dT%H:%M:%SZ")
        for lang, contacts in f.contacts.items():
            share = 1.0 - f.deflected.get(lang, 0.0)
            asked = contacts[i] / share if lang in f.deflected and share > 0 else ""
            rows.append({"slot_start_utc": start, "local": f"{local:%a %Y-%m-%d %H:%M}",
                         "language": lang, "inquiries": repr(asked) if asked != "" else "",
                         "human_contacts": repr(contacts[i]), "aht_s": repr(f.aht_s[lang]),
                         "effective_aht_s": repr(f.effective_aht_s[lang]), "productive": "",
                         "primary": "", "backup": ""})
    return _csv_text(FORECAST_COLUMNS, rows)
