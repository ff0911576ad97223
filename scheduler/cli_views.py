"""Tables the `roster` command prints when it compares two rosters.

Two comparisons a manager meets in the terminal:

* ``roster service-report TEAM A.csv --compare B.csv``: the predicted service of two rosters side
  by side, in percent, hours, waiting time and money, with signed changes coloured by whether they
  help. Two solves both write ``roster.csv``, so the columns are named by the shortest ending of
  the paths that tells them apart (``out1/roster.csv`` vs ``out2/roster.csv``).
* ``roster solve`` into a folder that already holds a roster: what the new roster changes
  against it (shifts added, removed and moved per agent; ``scheduler/roster_diff.py``) before
  the old one is overwritten.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import RenderableType
from rich.markup import escape
from rich.table import Table

from scheduler.domain import Problem, Shift
from scheduler.errors import InputError
from scheduler.roster_diff import ChangeKind, RosterDiff, diff_rosters
from scheduler.roster_io import read_shifts_csv
from scheduler.timegrid import WeekGrid
from scheduler.units import money

__all__ = ["roster_labels", "service_comparison", "previous_roster",
           "roster_changes"]

def roster_labels(a: Path, b: Path) -> tuple[str, str]:
    """Short names that tell two roster files apart: their file names, or, when those clash,
    the shortest ending of their paths that differs (``out1/roster.csv``)."""
    pa = Path(os.path.normpath(os.path.abspath(a))).parts
    pb = Path(os.path.normpath(os.path.abspath(b))).parts
    for n in range(1, max(len(pa), len(pb)) + 1):
        la, lb = "/".join(pa[-n:]), "/".join(pb[-n:])
        if la != lb:
            return la, lb
    return f"{a.name} (A)", f"{b.name} (B)"  # the same file twice


# ----------------------------------------------------------------------------- service level


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _points(d: float) -> str:
    return f"{d * 100:+.1f} pts"


def _hours(x: float) -> str:
    return f"{x:,.1f} h"


def _hours_delta(d: float) -> str:
    return f"{d:+,.1f} h"


def _money(currency: str) -> tuple[Fmt, Fmt]:
    def value(x: float) -> str:
        return money(x, currency)

    def delta(d: float) -> str:
        return ("+" if d >= 0 else "-") + money(abs(d), currency)
    return value, delta


Fmt = Callable[[float], str]
#: (label, value getter, value format, change format, True if higher is better)
Row = tuple[str, Callable[[dict[str, Any]], float], Fmt, Fmt, bool]

def _week_rows(currency: str) -> tuple[Row, ...]:
    money_value, money_delta = _money(currency)
    return (
        ("answered within target", lambda s: s["frt_attainment"], _pct, _points, True),
        ("waiting over 10 minutes", lambda s: s["waiting_over_10_min"], _pct, _points, False),
        ("hours with a language below target", lambda s: s["hours_below_target"], _hours,
         _hours_delta, False),
        ("paid hours answering (primary)", lambda s: s["paid_hours_primary"], _hours,
         _hours_delta, False),
        ("paid hours on call (backup)", lambda s: s["paid_hours_backup"], _hours, _hours_delta,
         False),
        ("cost incl. night premium", lambda s: s["cost"], money_value, money_delta, False),
    )


def _language_rows(lang: str) -> tuple[Row, ...]:
    def get(key: str) -> Callable[[dict[str, Any]], float]:
        return lambda s: s["per_language"].get(lang, {}).get(key, float("nan"))
    return ((f"{lang}: answered within target", get("attainment"), _pct, _points, True),
            (f"{lang}: hours below target", get("hours_below_target"), _hours, _hours_delta,
             False))


def _change(a: float, b: float, fmt: Fmt, higher_is_better: bool) -> str:
    if math.isnan(a) or math.isnan(b):  # a language only one roster serves
        return "–"
    d = b - a
    if abs(d) < 1e-9:
        return "[dim]no change[/]"
    better = (d > 0) == higher_is_better
    return f"[{'green' if better else 'red'}]{fmt(d)}[/]"


def service_comparison(a: dict[str, Any], b: dict[str, Any], labels: tuple[str, str]) -> Table:
    """Two service-report summaries (``report_for_team``) side by side, change = B − A."""
    table = Table(title=f"Predicted service level: {escape(labels[0])} vs {escape(labels[1])}",
                  caption=f"target {a['target']} (load {a['load_source']}); change = "
                          f"{escape(labels[1])} − {escape(labels[0])}, green where it helps")
    table.add_column("")
    table.add_column(escape(labels[0]), justify="right")
    table.add_column(escape(labels[1]), justify="right")
    table.add_column("change", justify="right")
    langs = sorted(set(a["per_language"]) | set(b["per_language"]))
    rows = list(_week_rows(a["currency"])) + [r for lang in langs for r in _language_rows(lang)]
    for label, get, fmt, delta, higher in rows:
        va, vb = get(a), get(b)
        table.add_row(label, "–" if math.isnan(va) else fmt(va),
                      "–" if math.isnan(vb) else fmt(vb), _change(va, vb, delta, higher))
    return table


# ----------------------------------------------------------------------------- roster changes


def previous_roster(out: Path, problem: Problem) -> list[Shift] | str | None:
    """The roster a solve into ``out`` is about to overwrite: its shifts, a sentence saying why
    it cannot be compared (another team or week, unreadable), or None when there is none."""
    path = out / "roster.csv"
    if not path.is_file():
        return None
    try:
        shifts = read_shifts_csv(path, known_agents={a.id for a in problem.agents})
    except InputError as exc:
        return f"it cannot be compared ({exc})"
    grid = WeekGrid.for_settings(problem.settings)
    if shifts and not any(grid.start_utc <= s.start < grid.end_utc for s in shifts):
        return "it was for another week"
    return shifts


def roster_changes(previous: list[Shift] | str | None, after: Sequence[Shift],
                   problem: Problem, where: Path) -> list[RenderableType]:
    """What a new roster changes against ``previous_roster(where, …)``, to print before the
    old one is overwritten: a sentence with the counts and a table per agent."""
    if previous is None:
        return []
    if isinstance(previous, str):
        return [escape(f"The roster already in {where}/ is replaced; {previous}.")]
    diff = diff_rosters(previous, after, problem.settings.timezone)
    if diff.is_empty:
        return [escape(f"Same shifts as the roster already in {where}/ ({diff.unchanged} "
                       "shifts).")]
    counts = ", ".join(f"{diff.count(kind)} {kind.value}" for kind in ChangeKind)
    line = escape(f"Changes against the roster already in {where}/ (now replaced): shifts "
                  f"{counts}, {diff.unchanged} unchanged; {len(diff.per_agent)} agent(s) "
                  "affected:")
    return [line, _changes_table(diff, problem)]


def _changes_table(diff: RosterDiff, problem: Problem, limit: int = 20) -> Table:
    """Per agent: shifts added, removed and moved, and weekly hours before → after."""
    names = {a.id: a.name for a in problem.agents}
    table = Table(show_edge=False)
    table.add_column("agent")
    for kind in ChangeKind:
        table.add_column(kind.value, justify="right")
    table.add_column("hours", justify="right")
    for c in diff.per_agent[:limit]:
        table.add_row(escape(f"{names.get(c.agent_id, c.agent_id)} ({c.agent_id})"),
                      str(c.added or ""), str(c.removed or ""), str(c.moved or ""),
                      f"{c.hours_before:g} → {c.hours_after:g} h")
    if len(diff.per_agent) > limit:
        table.add_row(f"… and {len(diff.per_agent) - limit} more agents", "", "", "", "")
    return table
