"""Tables the `roster` command prints when it compares two rosters.

Two comparisons a manager meets in the terminal:

* ``roster service-report TEAM A.csv --compare B.csv``: the predicted service of two rosters side
  by side, in percent, hours, waiting time and money, with signed changes coloured by whether they
  help. Two solves both write ``roster.csv``, so the columns are named by the shortest ending of
  the paths that tells them apart (``out1/roster.csv`` vs ``out2/roster.csv``).
* ``roster solve`` into a folder that already holds a roster: what the new roster changes
  against it (shifts added, removed and moved per agent; ``scheduler/roster_diff.py``) before
  the old one is overwritten.

Labels and sentences are in the active language (``scheduler.i18n``), figures formatted by
``scheduler.units``.
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
from scheduler.i18n import N_, _, ngettext
from scheduler.roster_diff import ChangeKind, RosterDiff, diff_rosters
from scheduler.roster_io import read_shifts_csv
from scheduler.timegrid import WeekGrid
from scheduler.units import hours, money, points, share, signed_hours, signed_money, target_text

__all__ = ["roster_labels", "service_comparison", "previous_roster", "change_word",
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


def _money(currency: str) -> tuple[Fmt, Fmt]:
    def value(x: float) -> str:
        return money(x, currency)

    def delta(d: float) -> str:
        return signed_money(d, currency)
    return value, delta


Fmt = Callable[[float], str]
#: (label, value getter, value format, change format, True if higher is better)
Row = tuple[str, Callable[[dict[str, Any]], float], Fmt, Fmt, bool]


def _week_rows(currency: str) -> tuple[Row, ...]:
    money_value, money_delta = _money(currency)
    return (
        (_("answered within target"), lambda s: s["frt_attainment"], share, points, True),
        (_("waiting over 10 minutes"), lambda s: s["waiting_over_10_min"], share, points,
         False),
        (_("hours with a language below target"), lambda s: s["hours_below_target"], hours,
         signed_hours, False),
        (_("paid hours answering (primary)"), lambda s: s["paid_hours_primary"], hours,
         signed_hours, False),
        (_("paid hours on call (backup)"), lambda s: s["paid_hours_backup"], hours,
         signed_hours, False),
        (_("cost incl. night premium"), lambda s: s["cost"], money_value, money_delta, False),
    )


def _language_rows(lang: str) -> tuple[Row, ...]:
    def get(key: str) -> Callable[[dict[str, Any]], float]:
        return lambda s: s["per_language"].get(lang, {}).get(key, float("nan"))
    return ((_("{language}: answered within target").format(language=lang), get("attainment"),
             share, points, True),
            (_("{language}: hours below target").format(language=lang),
             get("hours_below_target"), hours, signed_hours, False))


def _change(a: float, b: float, fmt: Fmt, higher_is_better: bool) -> str:
    if math.isnan(a) or math.isnan(b):  # a language only one roster serves
        return "–"
    d = b - a
    if abs(d) < 1e-9:
        return "[dim]" + escape(_("no change")) + "[/]"
    better = (d > 0) == higher_is_better
    return f"[{'green' if better else 'red'}]{escape(fmt(d))}[/]"


def service_comparison(a: dict[str, Any], b: dict[str, Any], labels: tuple[str, str]) -> Table:
    """Two service-report summaries (``report_for_team``) side by side, change = B − A."""
    title = _("Predicted service level: {first} vs {second}").format(first=labels[0],
                                                                     second=labels[1])
    caption = _("target {target} (load {load}); change = {second} − {first}, green where it "
                "helps").format(target=target_text(a), load=_(a["load_source"]),
                                first=labels[0], second=labels[1])
    table = Table(title=escape(title), caption=escape(caption))
    table.add_column("")
    table.add_column(escape(labels[0]), justify="right")
    table.add_column(escape(labels[1]), justify="right")
    table.add_column(escape(_("change")), justify="right")
    langs = sorted(set(a["per_language"]) | set(b["per_language"]))
    rows = list(_week_rows(a["currency"])) + [r for lang in langs for r in _language_rows(lang)]
    for label, get, fmt, delta, higher in rows:
        va, vb = get(a), get(b)
        table.add_row(escape(label), "–" if math.isnan(va) else escape(fmt(va)),
                      "–" if math.isnan(vb) else escape(fmt(vb)), _change(va, vb, delta, higher))
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
        return _("it cannot be compared ({reason})").format(reason=exc)
    grid = WeekGrid.for_settings(problem.settings)
    if shifts and not any(grid.start_utc <= s.start < grid.end_utc for s in shifts):
        return _("it was for another week")
    return shifts


def roster_changes(previous: list[Shift] | str | None, after: Sequence[Shift],
                   problem: Problem, where: Path) -> list[RenderableType]:
    """What a new roster changes against ``previous_roster(where, …)``, to print before the
    old one is overwritten: a sentence with the counts and a table per agent."""
    if previous is None:
        return []
    if isinstance(previous, str):
        return [escape(_("The roster already in {folder}/ is replaced; {why}.").format(
            folder=where, why=previous))]
    diff = diff_rosters(previous, after, problem.settings.timezone)
    if diff.is_empty:
        return [escape(_("Same shifts as the roster already in {folder}/ ({count} "
                         "shifts).").format(folder=where, count=diff.unchanged))]
    counts = _(", ").join(f"{diff.count(kind)} {change_word(kind)}" for kind in ChangeKind)
    line = escape(_("Changes against the roster already in {folder}/ (now replaced): shifts "
                    "{counts}, {unchanged} unchanged; {agents} agent(s) affected:").format(
        folder=where, counts=counts, unchanged=diff.unchanged, agents=len(diff.per_agent)))
    return [line, _changes_table(diff, problem)]


#: ``ChangeKind`` values in words
_CHANGE_WORDS = {ChangeKind.ADDED: N_("added"), ChangeKind.REMOVED: N_("removed"),
                 ChangeKind.MOVED: N_("moved")}


def change_word(kind: ChangeKind) -> str:
    """'added' / '新增', … for a kind of roster change."""
    return _(_CHANGE_WORDS[kind])


def _changes_table(diff: RosterDiff, problem: Problem, limit: int = 20) -> Table:
    """Per agent: shifts added, removed and moved, and weekly hours before → after."""
    names = {a.id: a.name for a in problem.agents}
    table = Table(show_edge=False)
    table.add_column(escape(_("agent")))
    for kind in ChangeKind:
        table.add_column(escape(change_word(kind)), justify="right")
    table.add_column(escape(_("hours")), justify="right")
    for c in diff.per_agent[:limit]:
        table.add_row(escape(f"{names.get(c.agent_id, c.agent_id)} ({c.agent_id})"),
                      str(c.added or ""), str(c.removed or ""), str(c.moved or ""),
                      escape(_("{before} → {after} h").format(before=f"{c.hours_before:g}",
                                                             after=f"{c.hours_after:g}")))
    if len(diff.per_agent) > limit:
        more = len(diff.per_agent) - limit
        table.add_row(escape(ngettext("… and {count} more agent", "… and {count} more agents",
                                      more).format(count=more)), "", "", "", "")
    return table
