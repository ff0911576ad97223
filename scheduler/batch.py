"""Many teams at once: `roster solve-many`, and the output writing it shares with `roster solve`.

    outcomes = run_many([Path("stores/sz01"), Path("stores/hz02")], Path("out"), time_limit=60)
    write_summary(outcomes, Path("out"))          # out/summary.csv, out/summary.json

Each team is solved by ``solve_team_folder`` into ``OUT/<folder name>`` (``-2``, ``-3`` … when two
folders share a name) and writes exactly what `roster solve` writes. It never raises: bad input,
an infeasible week or a crash becomes a ``TeamOutcome``, so one failing team never stops the
others. ``run_many`` runs the teams in parallel, in local processes (``backend="local"``) or as
Ray tasks (``backend="ray"``; ``"auto"`` picks Ray when an address is given or Ray is installed).
On a Ray cluster the team folders and OUT must be on a file system every node sees, and this
package must be installed on every node.

The solver, staffing, calendars, the workbook writer and Ray are imported inside the functions,
as in the CLI.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import os
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from scheduler.atomic import write_text_atomic
from scheduler.domain import Problem, Roster
from scheduler.errors import InfeasibleRosterError, InputError, RosterError
from scheduler.report import RosterReport, build_report, write_report
from scheduler.team_io import load_problem

__all__ = [
    "TeamOutcome", "SolvedOutputs", "solver_seconds", "write_workbook", "write_solved_outputs",
    "write_best_effort", "solve_team_folder", "run_many",
    "output_names", "default_parallel", "choose_backend", "overall_exit_code", "write_summary",
]

Status = Literal["roster", "infeasible", "bad input", "error"]
Backend = Literal["auto", "local", "ray"]

#: Names in OUT that are not team folders.
_RESERVED = {"summary.csv", "summary.json"}


# --------------------------------------------------------------------------------------------
# Writing a solved week (shared with `roster solve`)
# --------------------------------------------------------------------------------------------

def solver_seconds(limit: float, started: float, n_agents: int, calendars: bool) -> float:
    """The solver's share of a time limit that bounds the whole command: what loading took
    (since ``started``, a perf_counter value) and what writing will take (estimated from the
    team size; the workbook's coverage sheet adds about half a second) come out of it."""
    writing = 1.0 + (0.035 if calendars else 0.015) * n_agents
    return max(0.5, limit - (time.perf_counter() - started) - writing)


@dataclass
class SolvedOutputs:
    """What ``write_solved_outputs`` wrote, for the caller to show."""

    report: RosterReport
    files: list[Path]  # roster, reports, roster.xlsx and service_level.csv (not calendars)
    service_summary: dict[str, Any]
    calendars: Any | None = None  # scheduler.calendar.publish export result, if published


def write_workbook(report: RosterReport, out: Path) -> Path:
    """OUT/roster.xlsx beside roster.csv: the roster grid managers pass around and edit (its
    coverage sheet is the report's coverage table; a roster breaking hard rules says so)."""
    from scheduler.spreadsheet.commands import XLSX_NAME
    from scheduler.spreadsheet.writer import write_roster_xlsx

    return write_roster_xlsx(out / XLSX_NAME, report.problem, report.roster.shifts,
                             coverage=report.coverage, violations=report.violations)


def write_solved_outputs(team_dir: Path, problem: Problem, roster: Roster,
                         breakdown: dict[str, float] | None, out: Path, *,
                         calendars: bool = True) -> SolvedOutputs:
    """Everything `roster solve` writes for a solved week: roster.csv/.json/.xlsx, coverage.csv,
    agent_hours.csv, kpis.json, service_level.csv and (``calendars``) OUT/calendars + .zip."""
    report = build_report(problem, roster, breakdown)
    files = write_report(report, out)
    files.append(write_workbook(report, out))
    summary = report.service.summary
    export = None
    if calendars:
        from scheduler.calendar.publish import export_calendars

        export = export_calendars(problem, list(roster.shifts), out / "calendars",
                                  out / "calendars.zip")
    return SolvedOutputs(report, files, summary, export)


def write_best_effort(exc: InfeasibleRosterError, problem: Problem,
                      out: Path) -> tuple[RosterReport, list[Path]] | None:
    """The best-effort roster of an infeasible week, written (never published); None when the
    bendable rules do not allow one."""
    if exc.best_effort is None:
        return None
    report = build_report(problem, exc.best_effort.roster, exc.best_effort.breakdown)
    return report, [*write_report(report, out), write_workbook(report, out)]


# --------------------------------------------------------------------------------------------
# One team
# --------------------------------------------------------------------------------------------

@dataclass
class TeamOutcome:
    """How one team's week went, as one row of the summary."""

    team: str  # the team's name from team.toml (the folder name if it could not be read)
    folder: str  # the team folder as given
    out: str  # where its files went
    status: Status
    exit_code: int  # what `roster solve` would have exited with: 0, 1, 2 or 3
    objective: float | None = None
    gap: float | None = None  # relative gap to the best proven bound
    coverage_share: float | None = None  # fraction 0-1, like every share in reports
    paid_hours: float | None = None
    seconds: float = 0.0
    message: str = ""
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """A roster that keeps every hard rule was written."""
        return self.status == "roster" and self.exit_code == 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _from_report(outcome: TeamOutcome, report: RosterReport) -> None:
    outcome.objective = report.roster.objective
    outcome.gap = report.roster.gap
    outcome.coverage_share = report.kpis.coverage_share
    outcome.paid_hours = report.kpis.paid_hours


def _infeasible_message(exc: InfeasibleRosterError, written: bool) -> str:
    """What happened first (a table cell shows the start), then why, then the smallest fix."""
    parts = [f"best-effort roster written, NOT publishable ({len(exc.breaches)} breach(es))"
             if written else "no best-effort roster (the bendable rules are not enough)"]
    parts.append(("proven infeasible" if exc.proven else "no roster keeping every hard rule "
                  "found in the time allowed") + ": " + " | ".join(
        f"[{c.rule}] {c.message.rstrip('.')}" for c in exc.conflicts))
    if exc.fixes:
        parts.append("smallest fix: " + exc.fixes[0].rstrip(".")
                     + (f" (+{len(exc.fixes) - 1} more)" if len(exc.fixes) > 1 else ""))
    return "; ".join(parts)


def solve_team_folder(team_dir: str | Path, out_dir: str | Path, time_limit: float | None = None,
                      workers: int | None = None, seed: int | None = None, *,
                      calendars: bool = True) -> TeamOutcome:
    """Load, solve and write one team folder like `roster solve TEAM --out OUT` does (quietly).

    ``time_limit`` bounds the whole job (loading and writing included); None = team.toml's.
    Never raises: every failure becomes an outcome with the exit code `roster solve` would give.
    """
    started = time.perf_counter()
    team_dir, out = Path(team_dir), Path(out_dir)
    outcome = TeamOutcome(team=team_dir.name or team_dir.resolve().name, folder=str(team_dir),
                          out=str(out), status="error", exit_code=1)
    try:
        problem = load_problem(team_dir)
        outcome.team = problem.settings.name
        from solver import solve as run_solver

        limit = time_limit if time_limit is not None else problem.solver.time_limit_s
        budget = solver_seconds(limit, started, len(problem.agents), calendars)
        try:
            result = run_solver(problem, time_limit=budget, workers=workers, seed=seed)
        except InfeasibleRosterError as exc:
            best = write_best_effort(exc, problem, out)
            outcome.status, outcome.exit_code = "infeasible", 3
            if best is not None:
                _from_report(outcome, best[0])
                outcome.files = [p.name for p in best[1]]
            outcome.message = _infeasible_message(exc, best is not None)
            return outcome
        done = write_solved_outputs(team_dir, problem, result.roster, result.breakdown, out,
                                    calendars=calendars)
        _from_report(outcome, done.report)
        outcome.files = [p.name for p in done.files] + (["calendars/", "calendars.zip"]
                                                         if calendars else [])
        outcome.status = "roster"
        violations = done.report.violations
        outcome.exit_code = 1 if violations else 0
        outcome.message = (f"breaks {len(violations)} hard rule(s): {violations[0]}"
                           if violations else result.roster.status.value)
    except InputError as exc:
        outcome.status, outcome.exit_code, outcome.message = "bad input", 2, str(exc)
    except RosterError as exc:  # e.g. a solve stopped before any roster existed
        outcome.status, outcome.exit_code, outcome.message = "error", 2, str(exc)
    except Exception as exc:  # noqa: BLE001 - one team's crash must not stop the others
        outcome.status, outcome.exit_code = "error", 1
        outcome.message = f"{type(exc).__name__}: {exc}".rstrip(": ")
        outcome.message += " | " + traceback.format_exc(limit=-3).strip().replace("\n", " | ")
    finally:
        outcome.seconds = time.perf_counter() - started
    return outcome


# --------------------------------------------------------------------------------------------
# Many teams
# --------------------------------------------------------------------------------------------

def output_names(team_dirs: Sequence[str | Path]) -> list[str]:
    """OUT sub-folder per team: the folder's name, then name-2, name-3 … for repeats."""
    used = set(_RESERVED)
    names = []
    for d in team_dirs:
        path = Path(d)
        base = path.name or path.resolve().name or "team"
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name)
        names.append(name)
    return names


def default_parallel(workers_per_team: int) -> int:
    """Teams at a time on this machine: cores // workers per team, at least 1."""
    return max(1, (os.cpu_count() or 1) // max(1, workers_per_team))


def _ray_importable() -> bool:
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


def choose_backend(backend: Backend = "auto", ray_address: str | None = None) -> str:
    """"local" or "ray". InputError when Ray is asked for but not installed."""
    if backend not in ("auto", "local", "ray"):
        raise InputError(f"must be auto, local or ray, not {backend!r}", field="--backend")
    if backend == "local":
        return "local"
    if backend == "ray" or ray_address:
        if not _ray_importable():
            raise InputError("Ray is not installed: pip install -e \".[ray]\" (or use "
                             "--backend local)", field="--ray-address" if ray_address and
                             backend == "auto" else "--backend")
        return "ray"
    return "ray" if _ray_importable() else "local"


@dataclass(frozen=True)
class _Job:
    team_dir: str
    out_dir: str
    time_limit: float | None
    workers: int | None
    seed: int | None
    calendars: bool


Task = Callable[..., TeamOutcome]


def _run(task: Task, job: _Job) -> TeamOutcome:
    return task(job.team_dir, job.out_dir, job.time_limit, job.workers, job.seed,
                calendars=job.calendars)


def _died(job: _Job, why: str) -> TeamOutcome:
    return TeamOutcome(team=Path(job.team_dir).name, folder=job.team_dir, out=job.out_dir,
                       status="error", exit_code=1, message=why)


def run_many(
    team_dirs: Sequence[str | Path],
    out_root: str | Path,
    *,
    time_limit: float | None = None,
    workers_per_team: int = 1,
    parallel: int | None = None,
    backend: Backend = "auto",
    ray_address: str | None = None,
    seed: int | None = None,
    calendars: bool = True,
    on_done: Callable[[TeamOutcome], None] | None = None,
    task: Task = solve_team_folder,
) -> list[TeamOutcome]:
    """Solve every team folder into OUT/<folder name>; outcomes in the order given.

    ``parallel`` teams run at once (default: cores // ``workers_per_team``; on a Ray cluster,
    default: as many as the cluster schedules). ``on_done`` is called in this process as each
    team finishes (progress bars). ``task`` is the per-team function (tests swap it).
    Raises InputError only for a backend that cannot be used, before any team starts.
    """
    chosen = choose_backend(backend, ray_address)
    out_root = Path(out_root)
    jobs = [_Job(str(d), str(out_root / name), time_limit, workers_per_team, seed, calendars)
            for d, name in zip(team_dirs, output_names(team_dirs), strict=True)]
    if not jobs:
        return []
    results: dict[int, TeamOutcome] = {}

    def done(i: int, outcome: TeamOutcome) -> None:
        results[i] = outcome
        if on_done is not None:
            on_done(outcome)

    if chosen == "ray":
        _run_ray(task, jobs, workers_per_team, parallel, ray_address, done)
    else:
        n = min(len(jobs), parallel or default_parallel(workers_per_team))
        _run_local(task, jobs, n, done)
    return [results[i] for i in range(len(jobs))]


def _spawn_pool(n: int) -> ProcessPoolExecutor:
    import multiprocessing

    return ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"))


def _run_local(task: Task, jobs: list[_Job], parallel: int,
               done: Callable[[int, TeamOutcome], None]) -> None:
    """One pool of ``parallel`` spawned processes. A process that dies (a crash in native
    code, out of memory) breaks the whole pool; the teams it took down are then re-run, each
    in a process of its own, so only the team that crashes again is reported as an error."""
    broken: list[int] = []
    pool = _spawn_pool(parallel)
    try:
        futures = {pool.submit(_run, task, job): i for i, job in enumerate(jobs)}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in sorted(finished, key=futures.__getitem__):
                i = futures[fut]
                try:
                    done(i, fut.result())
                except BrokenProcessPool:
                    broken.append(i)
                except Exception as exc:  # noqa: BLE001 - e.g. an outcome that cannot be pickled
                    done(i, _died(jobs[i], f"{type(exc).__name__}: {exc}"))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if broken:
        _run_isolated(task, [(i, jobs[i]) for i in sorted(broken)], parallel, done)


def _run_isolated(task: Task, jobs: list[tuple[int, _Job]], parallel: int,
                  done: Callable[[int, TeamOutcome], None]) -> None:
    def solo(job: _Job) -> TeamOutcome:
        with _spawn_pool(1) as pool:
            try:
                return pool.submit(_run, task, job).result()
            except BrokenProcessPool:
                return _died(job, "the worker process died while solving this team (a crash "
                                  "in native code or out of memory); other teams are unaffected")
            except Exception as exc:  # noqa: BLE001
                return _died(job, f"{type(exc).__name__}: {exc}")

    with ThreadPoolExecutor(max_workers=parallel) as threads:
        futures = {threads.submit(solo, job): i for i, job in jobs}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in sorted(finished, key=futures.__getitem__):
                done(futures[fut], fut.result())


def _run_ray(task: Task, jobs: list[_Job], workers_per_team: int, parallel: int | None,
             ray_address: str | None, done: Callable[[int, TeamOutcome], None]) -> None:
    """Ray tasks of ``workers_per_team`` CPUs each. Joins a running Ray (``ray_address``, or
    one this process already started) or starts a local one sized for ``parallel`` teams and
    shuts it down afterwards."""
    import ray

    started_here = False
    if not ray.is_initialized():
        try:
            if ray_address:
                ray.init(address=ray_address, logging_level=logging.WARNING)
            else:
                n = parallel or default_parallel(workers_per_team)
                ray.init(num_cpus=n * max(1, workers_per_team), include_dashboard=False,
                         logging_level=logging.WARNING)
        except Exception as exc:  # noqa: BLE001 - ConnectionError, RuntimeError, ValueError …
            where = f"at {ray_address}" if ray_address else "locally"
            raise RosterError(f"cannot start or reach Ray {where}: {exc}") from exc
        started_here = True
    try:
        # A crashed worker is retried once (a lost node), not three times (a team that crashes
        # the solver every time would cost three time limits).
        remote = ray.remote(num_cpus=max(1, workers_per_team), max_retries=1)(_run)
        limit = parallel or len(jobs)  # on a cluster, let Ray schedule unless told otherwise
        queue = list(enumerate(jobs))
        in_flight: dict[Any, int] = {}
        while queue or in_flight:
            while queue and len(in_flight) < limit:
                i, job = queue.pop(0)
                in_flight[remote.remote(task, job)] = i
            ready, _ = ray.wait(list(in_flight), num_returns=1)
            for ref in ready:
                i = in_flight.pop(ref)
                try:
                    outcome = ray.get(ref)
                except Exception as exc:  # noqa: BLE001 - WorkerCrashedError, RayTaskError …
                    first = (str(exc).strip().splitlines() or [""])[0]
                    outcome = _died(jobs[i], f"Ray task failed: {type(exc).__name__}: {first}")
                done(i, outcome)
    finally:
        if started_here:
            ray.shutdown()


# --------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------

def overall_exit_code(outcomes: Sequence[TeamOutcome]) -> int:
    """0 every team got a roster keeping every hard rule; 1 any team had bad input, an error
    or a roster breaking a hard rule; otherwise 3 when any week was infeasible."""
    if any(o.status in ("bad input", "error") or o.exit_code in (1, 2) for o in outcomes):
        return 1
    if any(o.status == "infeasible" for o in outcomes):
        return 3
    return 0


SUMMARY_COLUMNS = ("team", "folder", "out", "status", "exit_code", "objective", "gap",
                   "coverage_share", "paid_hours", "seconds", "message")


def _finite(value: Any) -> Any:
    """inf/nan (a solver statistic without a value) as None: JSON has no such numbers."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if not math.isfinite(value) else round(value, 6)
    return value


def write_summary(outcomes: Sequence[TeamOutcome], out_root: str | Path) -> list[Path]:
    """OUT/summary.csv (one row per team) and OUT/summary.json (rows + counts + exit code)."""
    out_root = Path(out_root)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SUMMARY_COLUMNS)
    for o in outcomes:
        row = o.to_dict()
        writer.writerow([_csv_value(row[c]) for c in SUMMARY_COLUMNS])
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    doc = {"teams": len(outcomes), "counts": counts, "exit_code": overall_exit_code(outcomes),
           "outcomes": [{k: _finite(v) for k, v in o.to_dict().items()} for o in outcomes]}
    csv_path, json_path = out_root / "summary.csv", out_root / "summary.json"
    write_text_atomic(csv_path, buffer.getvalue())
    write_text_atomic(json_path, json.dumps(doc, indent=2, ensure_ascii=False, default=str,
                                            allow_nan=False) + "\n")
    return [csv_path, json_path]
