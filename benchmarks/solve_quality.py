"""Solve quality within a time limit: this pipeline side by side with the one shipped before it.

    python benchmarks/solve_quality.py                       # sample (forecast) 10 s, 200x7 60 s
    python benchmarks/solve_quality.py --cases sample:10,200x7:60,400x7:120,800x7:120
    python benchmarks/solve_quality.py --baseline none       # this pipeline only
    python benchmarks/solve_quality.py --markdown README-table.md
    python benchmarks/solve_quality.py --cases sample:10,200x7:60,400x7:120,800x7:120 \
        --readme README.md                                   # the README's table

Each run is one child process (peak memory per run, HiGHS' per-process thread pool): build the
team, call ``solver.solve`` with the time limit and the machine's cores as workers, record the
progress. The baseline is the same code at an older commit (default ``2bd1f1c``, greedy → agent-
group LNS → CP-SAT), checked out into a temporary git worktree and run on the same team built
by its own code; its roster is then scored by this pipeline's model (the objective changed since:
weights, the language split, the service goal), so both rosters are judged by today's objective
against the LP bound of this pipeline's model (HiGHS, proven): "gap" means "at most this far from
the best roster these rules allow". "valid" is today's validator on the roster.

Teams: ``sample`` = fixtures/sample_team with demand forecast from its history.csv (what
``roster solve --history`` does); ``NxL`` = ``scheduler.synthetic.generate_problem(N, L langs,
seed 1)``. Columns: first validated roster (s), objective at the end, best proven bound,
gap vs that bound, wall seconds, validator verdict, peak memory (MB).

``--readme FILE`` puts the table (with date, machine and load) between the lines
``<!-- solve_quality:start -->`` and ``<!-- solve_quality:end -->`` of FILE, so the README's
numbers are never typed by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_problem(case: str):  # noqa: ANN201 - scheduler.domain.Problem of whichever checkout
    if case == "sample":
        from scheduler.staffing.commands import forecast_command
        from scheduler.team_io import load_problem

        with tempfile.TemporaryDirectory() as tmp:
            team = Path(tmp) / "team"
            shutil.copytree(ROOT / "fixtures" / "sample_team", team)
            forecast_command(team / "history.csv", team)
            return load_problem(team)
    from scheduler.synthetic import LANGUAGE_SHARE, generate_problem

    n, langs = (int(x) for x in case.lower().split("x"))
    return generate_problem(n, list(LANGUAGE_SHARE)[:langs], seed=1)


def run_child(case: str, limit: float) -> dict:
    """Inside the child: solve one case with whatever ``solver`` is on sys.path."""
    from scheduler.validator import validate
    from solver import solve

    problem = build_problem(case)
    started = time.perf_counter()
    result = solve(problem, time_limit=limit, workers=os.cpu_count())
    wall = time.perf_counter() - started
    first = next((p.elapsed for p in result.progress if p.objective is not None), None)
    return {"objective": result.roster.objective, "bound": result.roster.best_bound,
            "first_s": first, "wall_s": wall, "candidates": result.n_candidates,
            "valid": not validate(problem, result.roster.shifts),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "shifts": [[s.agent_id, s.role.value, s.start.isoformat(), s.end.isoformat()]
                       for s in result.roster.shifts]}


def rescore(case: str, shifts: list[list[str]]) -> tuple[float, bool]:
    """(objective, valid) of a roster under *this* code's model and rules: an older pipeline
    optimised an older objective, so its roster is judged by today's, like any roster."""
    import datetime as _dt

    from scheduler.domain import Role, Shift
    from scheduler.validator import validate
    from solver.build import build_model
    from solver.hints import indices_of_shifts, objective_of

    problem = build_problem(case)
    roster = [Shift(agent_id=a, role=Role(r), start=_dt.datetime.fromisoformat(s),
                    end=_dt.datetime.fromisoformat(e)) for a, r, s, e in shifts]
    rm = build_model(problem)
    chosen = indices_of_shifts(rm, roster)
    valid = not validate(problem, roster) and len(chosen) == len(roster)
    return objective_of(rm, chosen), valid


def lp_bound(case: str) -> float | None:
    """The proven LP bound of this pipeline's model (same rules and demand for both runs)."""
    from solver.build import build_model
    from solver.search.lp_relaxation import solve_lp

    return solve_lp(build_model(build_problem(case)), time_limit=600).bound


def spawn(code_root: Path, case: str, limit: float) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code_root))
    script = code_root / "benchmarks" / Path(__file__).name  # its own fixtures, its own code
    proc = subprocess.run([sys.executable, str(script), "--child", case, str(limit)], env=env,
                          cwd=code_root, capture_output=True, text=True, timeout=limit * 5 + 600)
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-1:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def fmt(x: object, spec: str = ",.0f") -> str:
    if x is None:
        return "–"
    return format(x, spec) if isinstance(x, (int, float)) and not isinstance(x, bool) else str(x)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--cases", default="sample:10,200x7:60")
    parser.add_argument("--baseline", default="2bd1f1c", help="git commit, or 'none'")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    parser.add_argument("--readme", type=Path,
                        help="also put the table between the solve_quality markers of this file")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child[0], float(args.child[1]))))
        return 0

    worktree = None
    if args.baseline != "none":
        worktree = Path(tempfile.mkdtemp(prefix="baseline-"))
        subprocess.run(["git", "worktree", "add", "--detach", str(worktree), args.baseline],
                       cwd=ROOT, check=True, capture_output=True)
        shutil.copy(__file__, worktree / "benchmarks" / Path(__file__).name)
    rows = []
    load_before = os.getloadavg()
    try:
        for item in args.cases.split(","):
            case, limit = item.split(":")
            bound = lp_bound(case)
            runs = [("this pipeline", ROOT)] + ([(f"shipped {args.baseline}", worktree)]
                                                if worktree else [])
            for name, code in runs:
                r = spawn(code, case, float(limit))
                shifts = r.pop("shifts", None)
                if code != ROOT and shifts is not None:  # judged by today's objective
                    r["objective"], r["valid"] = rescore(case, shifts)
                    r["bound"] = None  # its own bound was of its own objective
                best = max(b for b in (bound, r.get("bound")) if b is not None) \
                    if bound is not None or r.get("bound") is not None else None
                gap = (100 * (r["objective"] - best) / r["objective"]
                       if r.get("objective") and best is not None else None)
                rows.append({"team": case, "limit_s": float(limit), "pipeline": name, **r,
                             "best_bound": best, "gap_pct": gap})
                print(json.dumps(rows[-1]), flush=True)
    finally:
        if worktree is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT,
                           capture_output=True)
    load_after = os.getloadavg()
    header = ("team", "time limit", "pipeline", "first roster", "objective", "best bound",
              "gap", "wall", "valid", "peak MB")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['team']} | {r['limit_s']:g} s | {r['pipeline']} | failed: "
                         f"{' '.join(r['error'])} |" + " |" * (len(header) - 4))
            continue
        lines.append(" | ".join([
            f"| {r['team']}", f"{r['limit_s']:g} s", r["pipeline"], f"{fmt(r['first_s'], '.1f')} s",
            fmt(r["objective"]), fmt(r["best_bound"]), f"{fmt(r['gap_pct'], '.2f')}%",
            f"{fmt(r['wall_s'], '.1f')} s", "yes" if r["valid"] else "NO",
            f"{fmt(r['peak_mb'])} |"]))
    stamp = (f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.node()} "
             f"({os.cpu_count()} cores), load average {load_before[0]:.1f} before and "
             f"{load_after[0]:.1f} after, with `python benchmarks/solve_quality.py --cases "
             f"{args.cases} --baseline {args.baseline}`.")
    table = "\n".join(lines) + "\n\n" + stamp + "\n"
    print("\n" + table)
    if args.markdown:
        args.markdown.write_text(table)
    if args.readme:
        from readme_table import put_between_markers

        put_between_markers(args.readme, "solve_quality", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
