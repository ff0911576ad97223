"""How fast does the roster solve as teams grow? Prints one row per size.

    python benchmarks/scale.py                         # 50x7, 100x7, 200x7 agents x languages
    python benchmarks/scale.py --sizes 200x7 --time-limit 60 --workers 8

Teams come from scheduler.synthetic.generate_problem (seeded): 30-minute slots, one week,
hourly shift starts, demand at ~70% of contract capacity shaped by the markets' local peaks.
Columns: candidate shifts (booleans), model build seconds (greedy start included), seconds to
the first feasible roster (validated greedy start or CP-SAT's first solution, build included),
seconds until the gap first dropped to <= 1%, final objective, CP-SAT's best bound, gap, and
whether the validator accepted the final roster. With --lp-bound, also the LP relaxation of the
same model solved by GLOP (a valid lower bound; CP-SAT's own bound lags it on big models) and the
gap against it.
"""

from __future__ import annotations

import argparse
import time

from scheduler.domain import SolverSettings
from scheduler.synthetic import LANGUAGE_SHARE, generate_problem
from scheduler.validator import validate
from solver import solve


def run(n_agents: int, n_langs: int, time_limit: float, workers: int, seed: int,
        lp_bound: bool) -> dict:
    languages = list(LANGUAGE_SHARE)[:n_langs]
    problem = generate_problem(n_agents, languages, seed=seed,
                               solver=SolverSettings(time_limit_s=time_limit, workers=workers,
                                                     seed=seed, relative_gap=0.001))
    started = time.perf_counter()
    result = solve(problem)
    wall = time.perf_counter() - started
    gap_1pct = next((p.elapsed for p in result.progress
                     if p.gap is not None and p.gap <= 0.01), None)
    lp = None
    if lp_bound:
        from solver.lp_bound import lp_relaxation_bound
        from solver.build import build_model

        lp = lp_relaxation_bound(build_model(problem).model, time_limit=120)
    best = result.roster.objective or 0
    return {
        "lp_bound": lp,
        "gap_vs_lp_%": 100 * (best - lp) / best if lp and best else None,
        "size": f"{n_agents}x{n_langs}",
        "candidates": result.n_candidates,
        "build_s": result.build_seconds,
        "first_feasible_s": result.first_solution_seconds,
        "gap<=1%_s": gap_1pct,
        "objective": result.roster.objective,
        "bound": result.roster.best_bound,
        "gap_%": 100 * (result.roster.gap or 0),
        "wall_s": wall,
        "valid": not validate(problem, result.roster.shifts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--sizes", default="50x7,100x7,200x7")
    parser.add_argument("--time-limit", type=float, default=60)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lp-bound", action="store_true", help="also solve the LP relaxation")
    args = parser.parse_args()
    header = ("size", "candidates", "build_s", "first_feasible_s", "gap<=1%_s", "objective", "bound",
              "gap_%", "wall_s", "valid") + (("lp_bound", "gap_vs_lp_%") if args.lp_bound else ())
    print(" | ".join(f"{h:>16}" for h in header))
    for size in args.sizes.split(","):
        n, langs = (int(x) for x in size.lower().split("x"))
        row = run(n, langs, args.time_limit, args.workers, args.seed, args.lp_bound)
        cells = []
        for h in header:
            v = row[h]
            cells.append(f"{v:>16.2f}" if isinstance(v, float) else f"{'–' if v is None else v!s:>16}")
        print(" | ".join(cells), flush=True)


if __name__ == "__main__":
    main()
