"""LP relaxation + LP-guided restricted MIP (solver/search/): quality and speed per team size.

    python benchmarks/pipeline.py                                  # sample team + 200x7
    python benchmarks/pipeline.py --sizes 400x7,800x7 --mip-limits 60,120
    python benchmarks/pipeline.py --threads 1,2 --mip-limits 5,10,30

Teams: ``sample`` = fixtures/sample_team with demand forecast from its history.csv (as
``roster solve --history`` does it: copied to a temp dir, ``forecast_command``, ``load_problem``);
``NxL`` = ``scheduler.synthetic.generate_problem(N, first L languages, seed)``.

Per team and HiGHS thread count one child process runs (HiGHS' thread pool is process-wide and
keeps the size it first started with; peak memory is then per run too): build the CP-SAT model,
greedy roster, LP relaxation (HiGHS interior point + crossover), then, for each MIP time limit,
one restricted MIP warm-started from the greedy roster over the LP-guided candidates.

Columns: candidates, build_s (model), greedy objective and seconds, LP bound, LP wall and CPU
seconds (conversion included), kept candidates, MIP limit, MIP objective, MIP wall and CPU seconds
(model build included), gap of the MIP roster above the LP bound, total_s = build + greedy + LP +
this MIP (wall), HiGHS status, validator verdict (``ok`` = no violations), peak RSS of the child
process (MB). CPU seconds (all threads of the process) say what the machine's load hides: on a
shared 2-core box wall time can be several times the CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load(size: str, seed: int):  # noqa: ANN201 - scheduler.domain.Problem
    if size == "sample":
        from scheduler.staffing.commands import forecast_command
        from scheduler.team_io import load_problem

        with tempfile.TemporaryDirectory() as tmp:
            team = Path(tmp) / "team"
            shutil.copytree(ROOT / "fixtures" / "sample_team", team)
            forecast_command(team / "history.csv", team)
            return load_problem(team)
    from scheduler.synthetic import LANGUAGE_SHARE, generate_problem

    n, langs = (int(x) for x in size.lower().split("x"))
    return generate_problem(n, list(LANGUAGE_SHARE)[:langs], seed=seed)


def run_one(size: str, threads: int, limits: list[float], seed: int, per_agent: int,
            lp_limit: float, log: bool) -> list[dict]:
    from scheduler.validator import validate
    from solver.greedy import greedy_roster
    from solver.build import build_model
    from solver.search.assignment import roster_values
    from solver.search.lp_relaxation import solve_lp
    from solver.search.proto_lp import linearize
    from solver.search.restricted_mip import lp_guided_keep, solve_restricted_mip

    problem = load(size, seed)
    t0 = time.perf_counter()
    rm = build_model(problem)
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    greedy = greedy_roster(rm)
    greedy_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    lin = linearize(rm.model.proto)
    lp = solve_lp(rm, lp_limit, threads, lin=lin, log=log)
    lp_s, lp_cpu = time.perf_counter() - t0, time.process_time() - c0
    keep = lp_guided_keep(rm, lp, greedy, per_agent=per_agent)
    greedy_objective = lin.objective_of(roster_values(rm, greedy))
    rows = []
    for limit in limits:
        c0 = time.process_time()
        mip = solve_restricted_mip(rm, keep, greedy, limit, threads, lin=lin, log=log)
        mip_cpu = time.process_time() - c0
        shifts = [rm.candidates.to_shift(int(i), problem, rm.grid) for i in mip.chosen]
        violations = validate(problem, shifts)
        gap = 100 * (mip.objective - lp.bound) / lp.bound if lp.bound else None
        rows.append({
            "size": size, "threads": threads, "candidates": len(rm.x), "build_s": build_s,
            "greedy": greedy_objective, "greedy_s": greedy_s, "lp_bound": lp.bound, "lp_s": lp_s,
            "lp_cpu": lp_cpu,
            "kept": mip.n_kept, "mip_limit": limit, "mip": mip.objective, "mip_s": mip.seconds,
            "mip_cpu": mip_cpu,
            "gap_%": gap, "total_s": build_s + greedy_s + lp_s + mip.seconds,
            "status": mip.status, "valid": "ok" if not violations else f"{len(violations)} bad",
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        })
    return rows


HEADER = ("size", "threads", "candidates", "build_s", "greedy", "greedy_s", "lp_bound", "lp_s",
          "lp_cpu", "kept", "mip_limit", "mip", "mip_s", "mip_cpu", "gap_%", "total_s", "status",
          "valid", "peak_mb")


def fmt(row: dict) -> str:
    cells = []
    for h in HEADER:
        v = row.get(h)
        if isinstance(v, float):
            cells.append(f"{v:>10.0f}" if abs(v) >= 1000 else f"{v:>10.2f}")
        else:
            cells.append(f"{'–' if v is None else v!s:>10}")
    return " | ".join(cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--sizes", default="sample,200x7")
    parser.add_argument("--threads", default="1", help="HiGHS threads, e.g. 1,2")
    parser.add_argument("--mip-limits", default="5,10,30", help="restricted-MIP time limits (s)")
    parser.add_argument("--lp-limit", type=float, default=300)
    parser.add_argument("--per-agent", type=int, default=0,
                        help="also keep this many smallest-reduced-cost candidates per agent")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log", action="store_true", help="HiGHS log")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # child: SIZE:THREADS, JSON rows out
    args = parser.parse_args()
    limits = [float(x) for x in args.mip_limits.split(",")]
    if args.one:
        size, threads = args.one.split(":")
        rows = run_one(size, int(threads), limits, args.seed, args.per_agent, args.lp_limit,
                       args.log)
        print("ROWS " + json.dumps(rows), flush=True)
        return
    print(f"# uptime: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"{os.getloadavg()[2]:.2f} (load 1/5/15 min), {os.cpu_count()} cpus", flush=True)
    print(" | ".join(f"{h:>10}" for h in HEADER), flush=True)
    for size in args.sizes.split(","):
        for threads in args.threads.split(","):
            cmd = [sys.executable, __file__, "--one", f"{size}:{threads}",
                   "--mip-limits", args.mip_limits, "--lp-limit", str(args.lp_limit),
                   "--per-agent", str(args.per_agent), "--seed", str(args.seed)]
            if args.log:
                cmd.append("--log")
            proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                                  stderr=None if args.log else subprocess.PIPE, text=True,
                                  check=False)
            lines = [x for x in proc.stdout.splitlines() if x.startswith("ROWS ")]
            if proc.returncode or not lines:
                print(f"{size} threads={threads}: failed (exit {proc.returncode})\n"
                      f"{proc.stderr or ''}", flush=True)
                continue
            for row in json.loads(lines[-1][5:]):
                print(fmt(row), flush=True)
            load1 = os.getloadavg()
            print(f"#   load after {size}/{threads}: {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}",
                  flush=True)


if __name__ == "__main__":
    main()
