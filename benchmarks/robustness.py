"""Robustness: N random teams through the real `roster` command, counted by outcome.

    python benchmarks/robustness.py --teams 50 --time-limit 5 --seed 1 [--agents 3-40]

Each team comes from ``scheduler.random_teams`` (every zone offset kind, DST weeks in both
hemispheres, 30/60-minute slots, half-hour windows, leave, last week's roster, pins), is written
as a team folder and solved as a manager would: ``roster solve TEAM --out OUT --time-limit L
--workers W --quiet --no-calendars`` in a fresh process, timed from the outside. Every
roster.csv written (a roster or a best-effort roster) is re-checked with ``roster validate``.

Outcomes (one per team):
    roster               exit 0 and `roster validate` agrees: every hard rule holds
    explained infeasible exit 3, the rules provably clash (split by whether a best-effort
                         roster.csv was written)
    no roster            exit 3 "not found in the time allowed", or any other exit/crash/hang
    rejected by validator exit 1, or exit 0 whose roster `roster validate` rejects
    rejected input       exit 2: the generated folder did not load (a generator or loader bug)
Separately: how many runs took longer than the time limit (wall clock, process start to exit,
Python start-up included) and the largest wall/limit ratio, with its team.

The exit status is 1 when any team ended as "no roster", "rejected by validator" or "rejected
input", so the script can gate a CI job. ``--keep DIR`` keeps the team folders and outputs;
``--only SEED`` reruns one team.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduler.random_teams import write_random_team  # noqa: E402

OUTCOMES = ("roster", "explained infeasible (best-effort roster written)",
            "explained infeasible (no roster written)", "no roster", "rejected by validator",
            "rejected input")
BAD = {"no roster", "rejected by validator", "rejected input"}


@dataclass
class Run:
    seed: int
    agents: int
    outcome: str
    exit_code: int | None
    wall: float
    note: str = ""


def roster_command() -> list[str]:
    """The installed `roster` executable (counts its own start-up), else `python -m`."""
    exe = Path(sys.executable).with_name("roster")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("roster")
    return [found] if found else [sys.executable, "-m", "scheduler.cli"]


def _validate(cmd: list[str], team: Path, roster: Path) -> tuple[int | None, str]:
    try:
        done = subprocess.run([*cmd, "validate", str(team), str(roster)], capture_output=True,
                              text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return None, "validate hung"
    return done.returncode, done.stdout + done.stderr


def run_team(seed: int, work: Path, limit: float, workers: int, cmd: list[str],
             agents: tuple[int, int]) -> Run:
    team, out = work / f"team_{seed}", work / f"out_{seed}"
    problem = write_random_team(seed, team, time_limit=limit, n_agents=agents)
    args = [*cmd, "solve", str(team), "--out", str(out), "--time-limit", f"{limit:g}",
            "--workers", str(workers), "--quiet", "--no-calendars"]
    t0 = time.perf_counter()
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=limit * 5 + 60)
        code, text = done.returncode, " ".join((done.stdout + done.stderr).split())
    except subprocess.TimeoutExpired:
        return Run(seed, len(problem.agents), "no roster", None, time.perf_counter() - t0,
                   "hung: killed after 5x the time limit")
    wall = time.perf_counter() - t0
    roster = out / "roster.csv"
    run = Run(seed, len(problem.agents), "no roster", code, wall)
    if code == 0:
        if not roster.exists():
            run.note = "exit 0 but no roster.csv"
            return run
        check, output = _validate(cmd, team, roster)
        run.outcome = "roster" if check == 0 else "rejected by validator"
        if check != 0:
            run.note = f"`roster validate` exit {check}: {' '.join(output.split())[-300:]}"
    elif code == 1:
        run.outcome = "rejected by validator"
        run.note = text[-300:]
    elif code == 2:
        run.outcome = "rejected input"
        run.note = text[-300:]
    elif code == 3:
        if "found in the time allowed" in text:
            run.note = "not proven infeasible: time ran out"
        else:
            written = roster.exists()
            run.outcome = ("explained infeasible (best-effort roster written)" if written else
                           "explained infeasible (no roster written)")
        if roster.exists():  # a best-effort roster must break rules, and validate must say so
            check, output = _validate(cmd, team, roster)
            if check != 1:
                run.outcome = "rejected by validator"
                run.note = f"best-effort roster: `roster validate` exit {check} (expected 1)"
    else:
        run.note = f"exit {code}: {text[-300:]}"
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=50)
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1, help="first team seed = seed x 100000")
    parser.add_argument("--only", type=int, default=None, help="run just this team seed")
    parser.add_argument("--keep", type=Path, default=None, help="keep team folders/outputs here")
    parser.add_argument("--agents", default="3-40", help="team sizes MIN-MAX (default 3-40)")
    parser.add_argument("--verbose", "-v", action="store_true", help="one line per team")
    args = parser.parse_args(argv)
    low, _, high = args.agents.partition("-")
    agents = (int(low), int(high or low))

    seeds = [args.only] if args.only is not None else \
        [args.seed * 100_000 + i for i in range(args.teams)]
    cmd = roster_command()
    work = args.keep or Path(tempfile.mkdtemp(prefix="robustness-"))
    work.mkdir(parents=True, exist_ok=True)
    runs: list[Run] = []
    try:
        for k, seed in enumerate(seeds, 1):
            run = run_team(seed, work, args.time_limit, args.workers, cmd, agents)
            runs.append(run)
            if args.verbose or run.outcome in BAD:
                note = f" — {run.note}" if run.note else ""
                print(f"[{k}/{len(seeds)}] team {seed} ({run.agents} agents): {run.outcome}, "
                      f"exit {run.exit_code}, {run.wall:.1f} s{note}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    counts = Counter(r.outcome for r in runs)
    over = [r for r in runs if r.wall > args.time_limit]
    allowed = args.time_limit + max(2.0, 0.1 * args.time_limit)  # the promise in README
    beyond = [r for r in runs if r.wall > allowed]
    worst = max(runs, key=lambda r: r.wall)
    print(f"\n{len(runs)} random teams of {args.agents} agents, "
          f"`roster solve --time-limit {args.time_limit:g} "
          f"--workers {args.workers}` ({' '.join(cmd)})")
    for name in OUTCOMES:
        print(f"  {name:<52} {counts.get(name, 0):>4}")
    print(f"  {'over the time limit (wall clock)':<52} {len(over):>4}")
    print(f"  {f'over limit + max(2 s, 10%) = {allowed:g} s':<52} {len(beyond):>4}")
    print(f"largest wall/limit ratio: {worst.wall / args.time_limit:.2f} "
          f"({worst.wall:.1f} s, team seed {worst.seed}, {worst.outcome})")
    print("reproduce a team: python -c \"from scheduler.random_teams import write_random_team; "
          f"write_random_team(SEED, 'team', n_agents={agents})\"")
    print(f"machine load (1/5/15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}, "
          f"{os.cpu_count()} cores")
    return 1 if any(r.outcome in BAD for r in runs) or beyond else 0


if __name__ == "__main__":
    sys.exit(main())
