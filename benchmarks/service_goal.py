"""The service goal against the coverage goal, judged by the product's own service report.

    python benchmarks/service_goal.py                          # sample team, its history
    python benchmarks/service_goal.py --time-limit 30 --values 30,60,120
    python benchmarks/service_goal.py --time-limit 60 --values 175,200 --readme README.md
    python benchmarks/service_goal.py --time-limit 60 --values 200,400 --budget 1.02

The issue's target: on the sample team with its forecast, the roster solved for contacts
answered within the target answers at least 1 point more of them than a coverage-optimal
roster (the coverage goal solved to within 1% of its bound) with at most 2% more paid hours.
Both rosters are scored by one service report (the team's forecast, the split that answers
the most contacts), so the comparison is about the rosters, not the scoring.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from scheduler.demand import build_requirements  # noqa: E402
from scheduler.domain import Problem  # noqa: E402
from scheduler.staffing.commands import forecast_command  # noqa: E402
from scheduler.staffing.service_report import service_report  # noqa: E402
from scheduler.team_io import load_problem  # noqa: E402
from scheduler.timegrid import WeekGrid  # noqa: E402
from scheduler.validator import validate  # noqa: E402
from solver import solve  # noqa: E402


def _with_weights(problem: Problem, **update) -> Problem:
    weights = problem.weights.model_copy(update=update)
    return Problem.model_validate({**dict(problem), "weights": type(weights)(**dict(weights))})


def _sample_with_forecast() -> Problem:
    with tempfile.TemporaryDirectory() as tmp:
        team = Path(tmp) / "team"
        shutil.copytree(ROOT / "fixtures" / "sample_team", team)
        forecast_command(team / "history.csv", team)
        return load_problem(team)


def _weighted(judge: Problem, table) -> float:  # noqa: ANN001 - the report's table
    """Share answered within target with each contact weighted by its peak weight (what the
    service goal values: Cyber Monday's contacts count twice)."""
    grid = WeekGrid.for_settings(judge.settings)
    weight = build_requirements(judge, grid).weight
    w = np.concatenate([weight[lang] for lang in table["language"].unique()])
    c = table["contacts"].to_numpy()
    return float((w * c * table["answered_in_target"].to_numpy()).sum() / (w * c).sum())


def _row(name: str, problem: Problem, judge: Problem, limit: float) -> dict:
    result = solve(problem, time_limit=limit, workers=os.cpu_count())
    shifts = result.roster.shifts
    assert not validate(problem, shifts), "invalid roster"
    report = service_report(judge, shifts)
    s = report.summary
    return {"name": name, "answered": s["frt_attainment"], "hours": s["paid_hours_primary"]
            + s["paid_hours_backup"], "primary": s["paid_hours_primary"], "cost": s["cost"],
            "gap": result.roster.gap, "per_language": s["per_language"],
            "weighted": _weighted(judge, report.table)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--values", default="",
                        help="value_per_contact values to try (default: the team's setting)")
    parser.add_argument("--flat-peaks", action="store_true",
                        help="peak events weigh 1 (what the service goal values = the judge)")
    parser.add_argument("--coverage-limit", type=float, default=None,
                        help="seconds for the coverage roster (default: 2 x --time-limit, so it "
                             "ends within 1%% of its bound)")
    parser.add_argument("--budget", type=float, default=None, metavar="FACTOR",
                        help="give the service rosters a team hours budget ([rules] "
                             "max_team_hours) of FACTOR x the coverage roster's paid hours")
    parser.add_argument("--readme", type=Path,
                        help="also put the table between README's service_goal markers")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    problem = _sample_with_forecast()
    if args.flat_peaks:
        problem = Problem.model_validate({**dict(problem), "peaks": tuple(
            e.model_copy(update={"weight": 1.0}) for e in problem.peaks)})
    judge = _with_weights(problem, goal="service")
    rows = [_row("coverage goal", _with_weights(problem, goal="coverage"), judge,
                 args.coverage_limit or 2 * args.time_limit)]
    values = [float(v) for v in args.values.split(",") if v] or [problem.weights.value_per_contact]
    service = problem
    budget = ""
    if args.budget is not None:
        hours = rows[0]["hours"] * args.budget
        rules = problem.rules.model_copy(update={"max_team_hours": hours})
        service = Problem.model_validate({**dict(problem), "rules": type(rules)(**dict(rules))})
        budget = f", budget {hours:,.0f} h"
    for value in values:
        rows.append(_row(f"service goal, {value:g} {problem.settings.currency}/contact{budget}",
                         _with_weights(service, goal="service", value_per_contact=value), judge,
                         args.time_limit))
    base = rows[0]
    lines = ["| roster | answered within target | peak-weighted | paid hours (answering) | cost | "
             "gap to its bound | vs coverage: points / hours | target met |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        points = 100 * (r["answered"] - base["answered"])
        more_hours = r["hours"] / base["hours"] - 1
        met = r is base or (points >= 1.0 and more_hours <= 0.02)
        gap = "–" if r["gap"] is None else f"{r['gap']:.2%}"
        lines.append(f"| {r['name']} | {r['answered']:.1%} | {r['weighted']:.1%} | "
                     f"{r['hours']:,.0f} ({r['primary']:,.0f}) | "
                     f"{r['cost']:,.0f} | {gap} | {points:+.1f} pts / {more_hours:+.1%} | "
                     f"{'–' if r is base else ('yes' if met else 'NO')} |")
    langs = sorted(base["per_language"])
    lines.append("\nPer language (answered within target): " + "; ".join(
        f"{r['name']}: " + ", ".join(f"{lang} {r['per_language'][lang]['attainment']:.0%}"
                                     for lang in langs) for r in rows) + ".")
    shown = [a for a in sys.argv[1:] if not a.startswith("--readme=")]
    if "--readme" in shown:  # where the table goes is not part of how it was measured
        del shown[shown.index("--readme"):shown.index("--readme") + 2]
    command = " ".join(["python", "benchmarks/service_goal.py", *shown])
    lines.append(f"\nMeasured {dt.datetime.now():%Y-%m-%d %H:%M} on {os.uname().nodename} "
                 f"({os.cpu_count()} cores), load average {load:.1f} before and "
                 f"{os.getloadavg()[0]:.1f} after, with `{command}`"
                 f"{' (peak events weigh 1)' if args.flat_peaks else ''}.")
    table = "\n".join(lines) + "\n"
    print(table)
    if args.readme:
        from readme_table import put_between_markers

        name = "service_goal" + ("_flat" if args.flat_peaks else "") + (
            "_budget" if args.budget is not None else "")
        put_between_markers(args.readme, name, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
