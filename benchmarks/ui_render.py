"""How long the app needs to draw a solved 30-agent week (target: under 2 s).

    python benchmarks/ui_render.py [team_folder] [--time-limit 10] [--workers 2]

Solves once (not timed), then times what the results page does after every solve: the report
(coverage, KPIs, validation), the Gantt in each time-zone mode, the coverage chart per
language, and their JSON serialisation (what Streamlit ships to the browser).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from scheduler.coverage import ALL
from scheduler.report import build_report
from scheduler.team_io import load_problem
from solver.solve import solve
from ui.charts import ZONE_MODES, coverage_figure, gantt_figure

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("team", nargs="?", default=str(ROOT / "fixtures" / "sample_team"))
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    problem = load_problem(args.team)
    result = solve(problem, time_limit=args.time_limit, workers=args.workers)
    shifts = result.roster.shifts
    print(f"{problem.settings.name}: {len(problem.agents)} agents, {len(shifts)} shifts "
          f"(solved in {result.roster.solve_seconds:.1f} s, not timed)")

    t0 = time.perf_counter()
    report = build_report(problem, result.roster, result.breakdown)
    t_report = time.perf_counter() - t0

    t1 = time.perf_counter()
    gantts = {mode: gantt_figure(problem, shifts, mode) for mode in ZONE_MODES}
    t_gantt = time.perf_counter() - t1

    t2 = time.perf_counter()
    coverage = {lang: coverage_figure(report.coverage, lang) for lang in (*problem.languages, ALL)}
    t_coverage = time.perf_counter() - t2

    t3 = time.perf_counter()
    size = sum(len(f.to_json()) for f in (*gantts.values(), *coverage.values()))
    t_json = time.perf_counter() - t3

    t4 = time.perf_counter()  # exactly what the results page draws by default
    page = build_report(problem, result.roster, result.breakdown)
    figures = (gantt_figure(problem, shifts, "planning"), coverage_figure(page.coverage, ALL))
    for figure in figures:
        figure.to_json()
    t_page = time.perf_counter() - t4

    print(f"report (coverage, KPIs, validation): {t_report:.3f} s")
    print(f"gantt, {len(gantts)} zone modes:             {t_gantt:.3f} s")
    print(f"coverage, {len(coverage)} charts (languages, ALL): {t_coverage:.3f} s")
    print(f"to JSON, all figures ({size / 1e6:.2f} MB): {t_json:.3f} s")
    print(f"results page (report + gantt + coverage + JSON): {t_page:.3f} s -> "
          f"{'OK' if t_page < 2 else 'SLOW'} (target < 2 s)")

if __name__ == "__main__":
    main()
