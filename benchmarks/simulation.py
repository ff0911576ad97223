"""Simulated vs predicted service level of the sample team's roster (issue target: ±3 points).

    python benchmarks/simulation.py                       # solve the sample week, then simulate
    python benchmarks/simulation.py --runs 50 --seed 1
    python benchmarks/simulation.py --out out/            # reuse out/roster.csv and out/team

Steps: ``roster solve fixtures/sample_team --history fixtures/sample_team/history.csv --out
DIR`` (roster + forecast.csv in DIR/team; skipped when DIR already holds both), then ``roster
simulate DIR/team DIR/roster.csv --runs N --seed S`` in a child process, timed from start to
exit (imports included), and once more in this process for the numbers. Prints per language the
simulated share within 3 minutes with its 95% interval, the service report's prediction, the
difference and whether it is within ±3 points, plus the date, the machine's load and the
timing. Numbers go to the terminal only, never into README by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduler.simulation.commands import simulate_command  # noqa: E402
from scheduler.simulation.results import AGREEMENT_POINTS  # noqa: E402

SAMPLE = ROOT / "fixtures" / "sample_team"


def roster_cmd() -> list[str]:
    return [sys.executable, "-c", "from scheduler.entry import main; main()"]


def solve(out: Path, time_limit: float, workers: int) -> None:
    if (out / "roster.csv").is_file() and (out / "team" / "forecast.csv").is_file():
        print(f"# reusing {out}/roster.csv and {out}/team/forecast.csv")
        return
    cmd = roster_cmd() + ["solve", str(SAMPLE), "--history", str(SAMPLE / "history.csv"),
                          "--out", str(out), "--time-limit", str(time_limit), "--workers",
                          str(workers), "--seed", "0", "--no-calendars", "--quiet"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"roster solve failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="keep roster and team here")
    parser.add_argument("--time-limit", type=float, default=30.0, help="for roster solve")
    parser.add_argument("--workers", type=int, default=2, help="for roster solve")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"# {dt.datetime.now():%Y-%m-%d %H:%M}, {platform.node()}, {os.cpu_count()} cpus, "
          f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min) before the run")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "out"
        solve(out, args.time_limit, args.workers)
        team, roster = out / "team", out / "roster.csv"
        cmd = roster_cmd() + ["simulate", str(team), str(roster), "--runs", str(args.runs),
                              "--seed", str(args.seed), "--quiet"]
        t0 = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        command_s = time.perf_counter() - t0
        if done.returncode != 0:
            sys.exit(f"roster simulate failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        t0 = time.perf_counter()
        result = simulate_command(team, roster, runs=args.runs, seed=args.seed)
        sim_s = time.perf_counter() - t0
    print(f"# `roster simulate --runs {args.runs}`: {command_s:.1f} s wall (process start to "
          f"exit); in-process {sim_s:.1f} s ({sim_s / args.runs * 1000:.0f} ms per simulated "
          f"week of {result.overall.contacts:,.0f} human contacts)")
    print(f"# {result.team}, week of {result.week_start}, load {result.load_source}, "
          f"target {result.target}, seed {result.seed}")
    print(f"{'lang':<5} {'contacts':>8} {'simulated':>9} {'95% interval':>15} {'predicted':>9} "
          f"{'diff':>6}  within ±{AGREEMENT_POINTS:g}")
    agree = 0
    for r in (*result.languages, result.overall):
        if r.simulated is None:
            print(f"{r.language:<5} {'no contacts':>8}")
            continue
        ci = (f"{100 * r.ci_low:5.1f}–{100 * r.ci_high:5.1f}%" if r.ci_low is not None
              and r.ci_high is not None else "–")
        diff = round(r.difference_points or 0.0, 1) + 0.0  # no "-0.0"
        print(f"{r.language:<5} {r.contacts:8.0f} {r.simulated:9.1%} {ci:>15} "
              f"{r.predicted:9.1%} {diff:+6.1f}  {'yes' if r.agrees else 'NO'}")
        agree += bool(r.agrees) and r is not result.overall
    print(f"# {agree} of {len(result.languages)} languages within ±{AGREEMENT_POINTS:g} points; "
          f"overall {'within' if result.overall.agrees else 'outside'} the band")
    for r in (*result.languages, result.overall):
        if r.agrees is False and r.reasons:
            print(f"# {r.language}: " + "; ".join(r.reasons))


if __name__ == "__main__":
    main()
