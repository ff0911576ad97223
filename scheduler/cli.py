"""The `roster` command line.

    roster solve fixtures/sample_team --out out/                 # roster + reports
    roster solve fixtures/sample_team --history fixtures/sample_team/history.csv --out out/
    roster solve-many stores/* --out out/                        # many teams in parallel
    roster validate fixtures/sample_team out/roster.csv          # re-check a saved roster
    roster forecast HISTORY.csv TEAM_DIR --out DIR               # history -> demand.csv
    roster service-report TEAM_DIR ROSTER.csv [--compare OTHER.csv]
    roster simulate TEAM_DIR ROSTER.csv [--runs 20] [--seed 0] [--out DIR]  # check it by DES
    roster export TEAM_DIR out/roster.csv --out out/calendars    # .ics per agent/team/desk
    roster export TEAM_DIR out/roster.csv --out out/calendars --xlsx   # + roster.xlsx there
    roster pins-from-xlsx TEAM_DIR out/roster.xlsx               # edited workbook -> pinned.csv
    roster serve-calendars out/calendars                         # subscription feeds
    roster feed-tokens out/calendars [--rotate AGENT_ID]         # secret feed addresses
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from scheduler import batch, cli_views, entry
from scheduler.cli_checks import (
    check_folder,
    check_input_file,
    check_out_dir,
    check_positive,
    check_range,
)
from scheduler.domain import Problem, RenamedSettingWarning, Roster, RosterStatus, Shift
from scheduler.errors import (
    InfeasibleRosterError,
    InputError,
    RosterError,
    UnpublishableRosterError,
)
from scheduler.report import RosterReport, build_report
from scheduler.roster_io import read_shifts_csv
from scheduler.staging import copy_files, staged_folder
from scheduler.team_io import load_problem, with_baseline

app = typer.Typer(help="Weekly roster optimizer for 24/7 multi-language customer service.",
                  no_args_is_help=True, add_completion=False)
console = Console()
_python_showwarning = warnings.showwarning


def _show_note(message, category, filename, lineno, file=None, line=None):  # noqa: ANN001
    """A renamed setting is a note for the manager, not a Python warning with a source line."""
    if issubclass(category, RenamedSettingWarning):
        console.print(f"[yellow]note:[/] {escape(str(message))}")
    else:
        _python_showwarning(message, category, filename, lineno, file, line)


@app.callback()
def _notes() -> None:
    warnings.showwarning = _show_note


def _fmt(x: float | None, spec: str = ",.0f") -> str:
    return "–" if x is None else format(x, spec)


def quality_in_words(r: Roster) -> str:
    """How good the roster is, as a manager reads it (no solver jargon)."""
    took = f"found in {r.solve_seconds:.1f} s" if r.solve_seconds is not None else "checked"
    if r.status is RosterStatus.UNKNOWN:
        return "a saved roster: its quality against the best possible is not assessed here"
    if r.status is RosterStatus.INFEASIBLE:
        return f"best effort, bends hard rules ({took})"
    if r.gap is None:
        return f"valid; how close to the best possible is not proven in the time allowed ({took})"
    if r.gap < 0.0005:
        return f"the best roster these rules allow ({took})"
    return f"at most {r.gap:.1%} from the best roster these rules allow ({took})"


def print_summary(report: RosterReport) -> None:
    k = report.kpis
    table = Table(title=f"{report.problem.settings.name} — week of "
                        f"{report.problem.settings.week_start} ({report.problem.settings.timezone})",
                  show_header=False)
    table.add_column("", style="bold")
    table.add_column("")
    ok = "[green]yes[/]" if k.online_24_7_held else "[red]NO[/]"
    table.add_row("24/7 at least one online", ok)
    table.add_row("hard-rule violations", "[green]0[/]" if k.hard_rules_ok else f"[red]{k.violations}[/]")
    table.add_row("shifts / agents used", f"{k.shifts} / {k.agents_used} of {len(report.problem.agents)}")
    table.add_row("paid hours / cost", f"{k.paid_hours:,.1f} h / {k.cost:,.0f}")
    table.add_row("primary coverage", f"{k.coverage_share:.1%} of required agent-hours")
    table.add_row("uncovered primary agent-hours", f"{k.uncovered_primary_hours:,.1f}")
    table.add_row("  by language", ", ".join(f"{lang} {h:g}" for lang, h in k.uncovered_by_language.items()))
    table.add_row("uncovered backup agent-hours", f"{k.uncovered_backup_hours:,.1f}")
    table.add_row("hours per agent (min–max)", f"{k.hours_per_agent_min:g}–{k.hours_per_agent_max:g}")
    table.add_row("night / weekend shift spread", f"{k.night_shifts_spread} / {k.weekend_shifts_spread}")
    if k.shifts_changed is not None:
        table.add_row("changes vs baseline", f"{k.shifts_changed} shift(s) added or removed (a "
                      f"moved shift is both), {k.agents_affected} agent(s) affected")
    r = report.roster
    table.add_row("roster quality", quality_in_words(r))
    console.print(table)
    by_rule: dict[str, list] = {}
    for v in report.violations:
        by_rule.setdefault(v.rule, []).append(v)
    for rule, found in by_rule.items():  # a few examples per rule, not a wall of lines
        for v in found[:3]:
            console.print(f"[red]✗[/] {escape(str(v))}")
        if len(found) > 3:
            console.print(f"[red]✗[/] … and {len(found) - 3} more [{escape(rule)}] breaches")


def _fail(message: str, code: int = 2) -> None:
    console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)  # paths stay whole
    raise typer.Exit(code)


@app.command()
def solve(
    team_dir: Path = typer.Argument(
        ..., metavar="TEAM_DIR", show_default=False,
        help="team folder: team.toml, agents.csv, demand.csv and the optional files"),
    out: Path = typer.Option(
        Path("out"), "--out", "-o", metavar="FOLDER", show_default=False,
        help="folder for the roster, reports and calendars (default: ./out); a roster already "
             "there is compared with the new one, then replaced"),
    time_limit: float | None = typer.Option(
        None, metavar="SECONDS", help="for the whole command, writing included (default: the "
                                      "team's \\[solver] time_limit_s in team.toml)"),
    workers: int | None = typer.Option(
        None, metavar="N", help="solver threads (default: the team's \\[solver] workers, else "
                                "the machine's cores); 1 with --seed gives the same roster "
                                "every run"),
    seed: int | None = typer.Option(
        None, metavar="N", help="random seed (default: the team's \\[solver] seed)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", metavar="", show_default=False,
                               help="no progress bar"),
    history: Path | None = typer.Option(
        None, metavar="CSV", help="inquiry history: forecast demand from it first; the team "
                                  "folder is copied to OUT/team with the forecast and never "
                                  "modified"),
    calendars: bool = typer.Option(
        True, "--calendars/--no-calendars", metavar="", show_default=False,
        help="publish .ics calendars to OUT/calendars and OUT/calendars.zip (default: yes)"),
    baseline: Path | None = typer.Option(
        None, metavar="ROSTER_CSV",
        help="re-roster: the saved or published roster.csv to change as little as possible "
             "(each shift added or removed costs \\[weights] change)"),
    freeze_before: str | None = typer.Option(
        None, metavar="TIME", help="mid-week repair (needs --baseline): shifts that started "
                                   "before this planning-zone time, e.g. 2026-12-02T14:00, "
                                   "stay exactly as they are"),
) -> None:
    """Build next week's roster for a team folder and write CSV/JSON reports."""
    started = entry.started() or time.perf_counter()
    try:
        check_folder(team_dir)
        check_input_file(history, "--history")
        check_input_file(baseline, "--baseline")
        if freeze_before is not None and baseline is None:
            raise InputError("a mid-week repair keeps the shifts of a baseline roster; give "
                             "--baseline ROSTER.csv too", field="--freeze-before")
        check_out_dir(out)
        check_positive(time_limit, "--time-limit")
        check_range(workers, "--workers", 1, 256)
        check_range(seed, "--seed", 0, 2**31 - 1)
        if history is not None:  # a bad team must fail before it is copied into --out
            loaded = load_problem(team_dir, require_demand=False)
            if baseline is not None:
                with_baseline(loaded, baseline, freeze_before)
    except InputError as exc:
        _fail(str(exc))
    from scheduler.staffing.commands import forecast_command, format_summary
    from solver import solve as run_solver  # imported late: typer --help stays fast

    try:
        if history is not None:
            # OUT/team appears only complete: copied, forecast and loaded without an error.
            with staged_folder(out / "team", replace=True) as staged:
                copy_files(team_dir, staged)
                summary = forecast_command(history, team_dir, staged)
                problem = _load(staged, baseline, freeze_before)
            console.print("\n".join(_written_to(summary, out / "team").lines()))
            team_dir = out / "team"
        else:
            problem = _load(team_dir, baseline, freeze_before)
    except InputError as exc:
        _fail(str(exc))
    limit = time_limit if time_limit is not None else problem.solver.time_limit_s
    # --time-limit bounds the whole command: what loading took and what writing will take
    # (estimated from the team size) come out of the solver's share.
    solver_seconds = batch.solver_seconds(limit, started, len(problem.agents), calendars)
    console.print(f"Solving [bold]{problem.settings.name}[/]: {len(problem.agents)} agents, "
                  f"{len(problem.languages)} languages, week of {problem.settings.week_start}")
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console, disable=quiet, transient=False) as bar:
        task = bar.add_task("searching…", total=solver_seconds)

        def on_progress(p) -> None:  # noqa: ANN001 - solver.Progress
            within = f", at most {p.gap:.1%} from the best possible" if p.gap is not None else ""
            bar.update(task, completed=min(p.elapsed, solver_seconds), description=(
                f"{p.stage or 'searching'}: roster found{within}"
                if p.objective is not None else f"{p.stage or 'searching'}…"))

        try:
            result = run_solver(problem, on_progress=on_progress, time_limit=solver_seconds,
                                workers=workers, seed=seed)
        except InfeasibleRosterError as exc:
            bar.stop()
            _report_infeasible(exc, problem, out)
            raise typer.Exit(3) from exc
        except RosterError as exc:
            _fail(str(exc))
        bar.update(task, completed=solver_seconds)
    previous = cli_views.previous_roster(out, problem)
    done = batch.write_solved_outputs(team_dir, problem, result.roster, result.breakdown, out,
                                      calendars=calendars)
    print_summary(done.report)
    console.print(format_summary(done.service_summary))
    _print_changes(previous, result.roster.shifts, problem, out)
    if done.calendars is not None:
        console.print(f"Calendars: {len(done.calendars.files)} files published to "
                      f"{out / 'calendars'} (+ calendars.zip); `roster serve-calendars` serves "
                      "them for subscription")
    console.print(f"Wrote {', '.join(p.name for p in done.files)} to {out}/")
    if done.report.violations:
        raise typer.Exit(1)


def _load(team_dir: Path, baseline: Path | None, freeze_before: str | None) -> Problem:
    problem = load_problem(team_dir)
    return with_baseline(problem, baseline, freeze_before) if baseline is not None else problem


def _written_to(summary, folder: Path):  # noqa: ANN001, ANN202 - staffing.ForecastSummary
    """The forecast summary naming the files where they end up, not in the scratch folder."""
    return summary.model_copy(update={"files": tuple(str(folder / Path(f).name)
                                                     for f in summary.files)})


def _print_changes(previous: list[Shift] | str | None, shifts: Sequence[Shift],
                   problem: Problem, out: Path) -> None:
    for part in cli_views.roster_changes(previous, shifts, problem, out):
        console.print(part)


def _report_infeasible(exc: InfeasibleRosterError, problem, out: Path) -> None:  # noqa: ANN001
    """Why, the smallest fixes, and the best-effort roster (written, never published)."""
    if exc.proven:
        console.print("[bold red]No roster satisfies every hard rule.[/]")
    else:
        console.print("[bold red]No roster keeping every hard rule was found in the time "
                      "allowed.[/] Allow more time (--time-limit), or see below.")
    for c in exc.conflicts:
        console.print(f"  • [bold]{escape(c.rule)}[/]: {escape(c.message)}")
    if exc.fixes:
        console.print("[bold]Smallest changes that make the week solvable:[/]")
        for fix in exc.fixes:
            console.print(f"  → {escape(fix)}")
    if exc.best_effort is None:
        console.print("No best-effort roster: the rules marked bendable ([rules] relaxable) are "
                      "not enough to make one.")
        return
    previous = cli_views.previous_roster(out, problem)
    report, written = batch.write_best_effort(exc, problem, out)
    print_summary(report)
    _print_changes(previous, exc.best_effort.roster.shifts, problem, out)
    bent = ", ".join(dict.fromkeys(v.rule for v in exc.breaches))
    console.print(f"[bold yellow]Best-effort roster[/] written to {out}/ "
                  f"({', '.join(p.name for p in written)}). It is NOT publishable: it bends "
                  f"{escape(bent)} ({len(exc.breaches)} breach(es), listed above) until a "
                  "manager accepts that (`roster export TEAM ROSTER.csv --accept-breaches`). "
                  "No calendars were published.")


_STATUS_STYLE = {"roster": "green", "infeasible": "yellow", "bad input": "red", "error": "red"}


@app.command("solve-many")
def solve_many(
    team_dirs: list[Path] = typer.Argument(..., metavar="TEAM_DIR...", show_default=False,
                                           help="team folders, e.g. stores/*"),
    out: Path = typer.Option(..., "--out", "-o", metavar="FOLDER", show_default=False,
                             help="OUT/<folder name> per team (-2, -3 for repeated names), "
                                  "OUT/summary.csv and OUT/summary.json"),
    time_limit: float | None = typer.Option(
        None, metavar="SECONDS", help="per team, loading and writing included (default: each "
                                      "team's \\[solver] time_limit_s in its team.toml)"),
    workers: int = typer.Option(1, metavar="N", show_default=False,
                                help="solver threads per team (default: 1)"),
    parallel: int | None = typer.Option(
        None, metavar="N", help="teams at once (default: the machine's cores divided by "
                                "--workers; on a Ray cluster, as many as it schedules)"),
    backend: str = typer.Option(
        "auto", metavar="auto|local|ray", show_default=False,
        help="where teams run: local processes, a Ray cluster, or auto (the default: Ray if "
             "--ray-address is given or Ray is installed, else local processes)"),
    ray_address: str | None = typer.Option(
        None, metavar="ADDRESS", help="join a running Ray cluster (e.g. auto, or "
                                      "ray://head:10001); team folders and OUT must be on "
                                      "storage every node sees (default: a Ray on this machine)"),
    seed: int | None = typer.Option(None, metavar="N",
                                    help="random seed for every team (default: each team's "
                                         "\\[solver] seed)"),
    calendars: bool = typer.Option(True, "--calendars/--no-calendars", metavar="",
                                   show_default=False,
                                   help="publish each team's .ics calendars (default: yes)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", metavar="", show_default=False,
                               help="no progress bar"),
) -> None:
    """Roster many team folders in parallel; one failing team never stops the others.

    Each team gets what `roster solve` writes, in OUT/<folder name>; a summary table follows,
    also saved as OUT/summary.csv and OUT/summary.json. Exit 0: every team got a roster keeping
    every hard rule; 3: some week is infeasible (explained, best-effort roster written) and
    nothing failed; 1: some team had bad input or an error; 2: bad arguments (nothing solved).
    """
    try:
        for team in team_dirs:
            check_folder(team)
        check_out_dir(out)
        check_positive(time_limit, "--time-limit")
        check_range(workers, "--workers", 1, 256)
        check_range(parallel, "--parallel", 1, 100_000)
        check_range(seed, "--seed", 0, 2**31 - 1)
        chosen = batch.choose_backend(backend, ray_address)  # type: ignore[arg-type]
    except InputError as exc:
        _fail(str(exc))
    n = len(team_dirs)
    at_once = (min(n, parallel or batch.default_parallel(workers)) if chosen == "local" or
               parallel or not ray_address else None)
    where = "local processes" if chosen == "local" else (
        f"Ray at {ray_address}" if ray_address else "local Ray")
    console.print(f"Solving [bold]{n}[/] team(s) on {where}, "
                  f"{at_once if at_once else 'as many as Ray schedules'} at a time, "
                  f"{workers} worker(s) each")
    outcomes: list[batch.TeamOutcome] = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, disable=quiet) as bar:
        task = bar.add_task("teams done", total=n)

        def on_done(o: batch.TeamOutcome) -> None:
            bar.update(task, advance=1, description=f"last: {o.team[:30]} ({o.status})")

        try:
            outcomes = batch.run_many(team_dirs, out, time_limit=time_limit,
                                      workers_per_team=workers, parallel=at_once,
                                      backend=chosen,  # type: ignore[arg-type]
                                      ray_address=ray_address, seed=seed, calendars=calendars,
                                      on_done=on_done)
        except InputError as exc:
            _fail(str(exc))
        except RosterError as exc:  # Ray could not be started or reached
            _fail(str(exc), code=2 if ray_address else 1)
    print_many_summary(outcomes)
    written = batch.write_summary(outcomes, out)
    console.print(f"Wrote {', '.join(p.name for p in written)} to {out}/")
    raise typer.Exit(batch.overall_exit_code(outcomes))


def print_many_summary(outcomes: list[batch.TeamOutcome]) -> None:
    """One row per team (messages cut short: summary.csv has them whole), then the counts."""
    table = Table(title="Teams")
    table.add_column("team / OUT folder", max_width=30)
    table.add_column("status", no_wrap=True)
    for name in ("objective", "gap", "coverage", "paid h", "s"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("message", max_width=60)
    for o in outcomes:
        status = "roster, breaks rules" if o.status == "roster" and o.exit_code else o.status
        style = "red" if o.exit_code in (1, 2) else _STATUS_STYLE.get(o.status, "")
        first_line = o.message.splitlines()[0] if o.message else ""
        if len(first_line) > 100:
            first_line = first_line[:99] + "…"
        folder = Path(o.out).name
        team = escape(o.team) + ("" if o.team == folder else f"\n[dim]{escape(folder)}[/]")
        table.add_row(team,
                      f"[{style}]{status}[/]",
                      _fmt(o.objective),
                      "–" if o.gap is None else f"{o.gap * 100:.2f}%",
                      "–" if o.coverage_share is None else f"{o.coverage_share:.1%}",
                      _fmt(o.paid_hours, ",.1f"), f"{o.seconds:.1f}", escape(first_line))
    console.print(table)
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    console.print(f"{len(outcomes)} team(s): " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@app.command()
def validate(
    team_dir: Path = typer.Argument(..., metavar="TEAM_DIR", show_default=False,
                                    help="team folder the roster was made for"),
    roster_csv: Path = typer.Argument(..., metavar="ROSTER_CSV", show_default=False,
                                      help="roster.csv written by `roster solve` (or edited)"),
    baseline: Path | None = typer.Option(
        None, metavar="ROSTER_CSV",
        help="with --freeze-before: the roster a mid-week repair started from"),
    freeze_before: str | None = typer.Option(
        None, metavar="TIME", help="check that no shift that started before this planning-zone "
                                   "time, e.g. 2026-12-02T14:00, changed"),
) -> None:
    """Re-check a saved roster against every hard rule; exit 1 if any is broken."""
    try:
        check_folder(team_dir)
        check_input_file(roster_csv, "ROSTER_CSV")
        check_input_file(baseline, "--baseline")
        if freeze_before is not None and baseline is None:
            raise InputError("give the roster the repair started from with --baseline",
                             field="--freeze-before")
    except InputError as exc:
        _fail(str(exc))
    try:
        problem = load_problem(team_dir)
        if baseline is not None:
            problem = with_baseline(problem, baseline, freeze_before)
        shifts = read_shifts_csv(roster_csv, known_agents={a.id for a in problem.agents})
    except InputError as exc:
        _fail(str(exc))
    report = build_report(problem, Roster(shifts=tuple(shifts), status=RosterStatus.UNKNOWN))
    print_summary(report)
    if report.violations:
        console.print(f"[red]{len(report.violations)} hard-rule violation(s)[/]")
        raise typer.Exit(1)
    console.print("[green]All hard rules hold.[/]")


@app.command()
def forecast(
    history: Path = typer.Argument(
        ..., metavar="HISTORY", show_default=False,
        help="inquiry history CSV (one row per chat) or hourly heatmap CSV"),
    team_dir: Path = typer.Argument(
        ..., metavar="TEAM_DIR", show_default=False,
        help="team folder (week, zone, agents; staffing.toml for the service targets)"),
    out: Path | None = typer.Option(
        None, "--out", "-o", metavar="FOLDER",
        help="write a complete team folder here: the team's files copied, plus demand.csv, "
             "peaks.csv, forecast.csv, so `roster solve FOLDER` works on it (default: write "
             "the forecast into the team folder itself)"),
    weeks: int | None = typer.Option(
        None, metavar="N", help="weeks of history to average (default: staffing.toml "
                                "\\[forecast] weeks, else 4)"),
    method: str | None = typer.Option(
        None, metavar="METHOD", help="auto, seasonal_mean, recent_level or holt_winters "
                                     "(default: staffing.toml \\[forecast] method, else auto: "
                                     "the best on the last week of history)"),
    skip_bad_rows: bool = typer.Option(
        False, "--skip-bad-rows", metavar="", show_default=False,
        help="skip and count bad history rows instead of stopping at the first"),
    assume_zone: str = typer.Option(
        "UTC", metavar="ZONE", show_default=False,
        help="time zone of history timestamps written without an offset, e.g. Asia/Shanghai "
             "(default: UTC)"),
) -> None:
    """Forecast next week from inquiry history and turn it into demand.csv via Erlang C."""
    try:
        check_input_file(history, "HISTORY")
        check_folder(team_dir)
        check_out_dir(out)
        check_positive(weeks, "--weeks")
        if out is not None and out.resolve() == team_dir.resolve():
            out = None  # the team folder itself: write into it as without --out
    except InputError as exc:
        _fail(str(exc))
    from scheduler.staffing.commands import forecast_command

    run = partial(forecast_command, history, team_dir, weeks=weeks, method=method,
                  skip_bad_rows=skip_bad_rows, assume_zone=assume_zone)
    try:
        if out is None:
            summary = run()
        else:  # OUT gets the team's files and the forecast together, or nothing
            with staged_folder(out) as staged:
                copy_files(team_dir, staged)
                summary = _written_to(run(staged), out)
    except InputError as exc:
        _fail(str(exc))
    console.print("\n".join(summary.lines()))


@app.command("service-report")
def service_report(
    team_dir: Path = typer.Argument(
        ..., metavar="TEAM_DIR", show_default=False,
        help="team folder the roster was made for (its forecast.csv and staffing.toml are used "
             "when there)"),
    roster_csv: Path = typer.Argument(..., metavar="ROSTER_CSV", show_default=False,
                                      help="roster.csv written by `roster solve`"),
    compare: Path | None = typer.Option(
        None, metavar="OTHER_CSV",
        help="a second roster of the same week, e.g. another solve's roster.csv: both side by "
             "side with the change"),
) -> None:
    """Predicted service level (first response within target) for a saved roster, or two."""
    try:
        check_folder(team_dir)
        check_input_file(roster_csv, "ROSTER_CSV")
        check_input_file(compare, "--compare")
    except InputError as exc:
        _fail(str(exc))
    from scheduler.staffing.commands import format_summary, report_for_team

    try:
        problem = load_problem(team_dir)
        known = {a.id for a in problem.agents}
        shifts = read_shifts_csv(roster_csv, known_agents=known)
        _, summary = report_for_team(team_dir, problem, shifts)
        if compare is not None:
            other = read_shifts_csv(compare, known_agents=known)
            _, other_summary = report_for_team(team_dir, problem, other)
    except InputError as exc:
        _fail(str(exc))
    if compare is None:
        console.print(format_summary(summary))
    else:
        labels = cli_views.roster_labels(roster_csv, compare)
        console.print(cli_views.service_comparison(summary, other_summary, labels))


@app.command("advise")
def advise(
    team_dir: Path = typer.Argument(..., metavar="TEAM_DIR", show_default=False,
                                    help="team folder to advise on"),
    roster_csv: Path | None = typer.Option(
        None, "--roster", metavar="ROSTER_CSV",
        help="the team's roster if already solved (default: solve it first)"),
    time_limit: float = typer.Option(
        60.0, metavar="SECONDS", show_default=False,
        help="seconds for all the solves the advice takes (default: 60)"),
    hires: int = typer.Option(
        3, metavar="N", show_default=False,
        help="candidate new agents per language with hours below target (default: 3)"),
    overtime: float = typer.Option(
        8.0, metavar="HOURS", show_default=False,
        help="extra weekly hours per agent in the overtime option (default: 8)"),
    workers: int | None = typer.Option(None, metavar="N",
                                       help="solver threads (default: the machine's cores)"),
) -> None:
    """Staffing advice: the new agents (language, zone, FTE, when) or the overtime that would
    reach the service target in every hour the team can, judged by the service report."""
    try:
        check_folder(team_dir)
        check_input_file(roster_csv, "--roster")
        check_positive(time_limit, "--time-limit")
        check_range(hires, "--hires", 1, 20)
        check_range(overtime, "--overtime", 0, 40)
        check_range(workers, "--workers", 1, 256)
        problem = load_problem(team_dir)
        current = None if roster_csv is None else read_shifts_csv(
            roster_csv, known_agents={a.id for a in problem.agents})
    except InputError as exc:
        _fail(str(exc))
    from solver.advice import staffing_advice

    with console.status("Solving the week with candidate hires and with overtime…"):
        advice = staffing_advice(problem, time_limit=time_limit, per_language=hires,
                                 overtime_hours=overtime, workers=workers,
                                 current=None if current is None else list(current))
    for line in advice.lines():
        console.print(escape(line))


@app.command("simulate")
def simulate(
    team_dir: Path = typer.Argument(..., metavar="TEAM_DIR", show_default=False,
                                    help="team folder the roster was made for (its "
                                         "forecast.csv is used when there is one)"),
    roster_csv: Path = typer.Argument(..., metavar="ROSTER_CSV", show_default=False,
                                      help="roster.csv written by `roster solve`"),
    runs: int = typer.Option(20, metavar="N", show_default=False,
                             help="independent simulated weeks (default: 20)"),
    seed: int = typer.Option(0, metavar="N", show_default=False,
                             help="random seed: the same seed gives the same numbers (default: "
                                  "0)"),
    out: Path | None = typer.Option(
        None, "--out", "-o", metavar="FOLDER",
        help="also write simulation.csv and simulation.json there (default: print only)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", metavar="", show_default=False,
                               help="no progress bar"),
) -> None:
    """Simulate the rostered week chat by chat and check the predicted service level."""
    try:
        check_folder(team_dir)
        check_input_file(roster_csv, "ROSTER_CSV")
        check_range(runs, "--runs", 2, 10_000)
        check_range(seed, "--seed", 0, 2**31 - 1)
        check_out_dir(out)
    except InputError as exc:
        _fail(str(exc))
    from scheduler.simulation.commands import reason_lines, result_table, simulate_command

    with Progress(TextColumn("simulating weeks"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, disable=quiet) as bar:
        task = bar.add_task("", total=runs)
        try:
            result = simulate_command(team_dir, roster_csv, runs=runs, seed=seed, out=out,
                                      on_run=lambda done, _: bar.update(task, completed=done))
        except InputError as exc:
            bar.stop()
            _fail(str(exc))
    console.print(result_table(result))
    for line in reason_lines(result):
        console.print(escape(line))
    if out is not None:
        console.print(f"Wrote simulation.csv, simulation.json to {out}/")


@app.command("export")
def export(
    team_dir: Path = typer.Argument(..., metavar="TEAM_DIR", show_default=False,
                                    help="team folder the roster was made for"),
    roster_csv: Path = typer.Argument(..., metavar="ROSTER_CSV", show_default=False,
                                      help="roster.csv written by `roster solve`"),
    out: Path = typer.Option(Path("out/calendars"), "--out", "-o", metavar="FOLDER",
                             show_default=False,
                             help="folder for the .ics files (default: ./out/calendars)"),
    zip_: bool = typer.Option(True, "--zip/--no-zip", metavar="", show_default=False,
                              help="also write FOLDER.zip with every calendar (default: yes)"),
    time_mode: str = typer.Option(
        "utc", metavar="utc|tzid", show_default=False,
        help="utc: event times in UTC, read alike by every calendar (the default); tzid: each "
             "agent's wall clock with a VTIMEZONE"),
    alarm_minutes: int = typer.Option(30, metavar="MINUTES", show_default=False,
                                      help="reminder before each shift, 0 for none (default: "
                                           "30)"),
    accept_breaches: bool = typer.Option(
        False, "--accept-breaches", metavar="", show_default=False,
        help="publish even though the roster breaks hard rules (a best-effort roster a manager "
             "has accepted)"),
    xlsx: bool = typer.Option(False, "--xlsx",
                              help="also write the roster workbook OUT/roster.xlsx (Excel grid)"),
) -> None:
    """Publish the roster as .ics calendars: one per agent, the team, and each language desk
    (with --xlsx also the Excel roster grid, OUT/roster.xlsx)."""
    try:
        check_folder(team_dir)
        check_input_file(roster_csv, "ROSTER_CSV")
        check_out_dir(out)
        check_range(alarm_minutes, "--alarm-minutes", 0, 7 * 24 * 60)
    except InputError as exc:
        _fail(str(exc))
    from scheduler.calendar.commands import export_command

    try:
        export_command(team_dir, roster_csv, out, zip_, time_mode=time_mode,  # type: ignore[arg-type]
                       alarm_minutes=alarm_minutes or None, echo=console.print,
                       accept_breaches=accept_breaches)
        if xlsx:
            from scheduler.spreadsheet.commands import export_xlsx_command

            export_xlsx_command(team_dir, roster_csv, out, echo=console.print)
    except UnpublishableRosterError as exc:
        _fail(str(exc), code=1)
    except InputError as exc:
        _fail(str(exc))


def _echo_plain(text: str) -> None:
    """Print without markup or wrapping, so a feed address can be copied in one piece."""
    console.print(escape(text), soft_wrap=True)


@app.command("pins-from-xlsx")
def pins_from_xlsx(
    team_dir: Path = typer.Argument(..., help="team folder the workbook was made for"),
    workbook: Path = typer.Argument(..., help="roster.xlsx, edited in its Roster sheet"),
    out: Path | None = typer.Option(None, "--out", "-o",
                                    help="where to write the pins (default TEAM_DIR/pinned.csv)"),
    all_shifts: bool = typer.Option(
        False, "--all", help="pin every shift in the Roster sheet, not only the changed ones"),
) -> None:
    """Turn the shifts a manager typed into roster.xlsx into pinned shifts for the next solve.

    Pins = the shifts added or changed in the Roster sheet (compared with the roster the
    workbook was written with) plus the team's earlier pins still in the sheet; --all pins
    every shift. Written in the roster CSV format; on any error (file, sheet and cell named)
    nothing is written and the exit code is 2.
    """
    try:
        check_folder(team_dir)
        check_input_file(workbook, "ROSTER_XLSX")
        if out is not None and out.is_dir():
            raise InputError(f"{out} is a folder; give the file to write, e.g. "
                             f"{out / 'pinned.csv'}", field="--out")
        check_out_dir(out.parent if out is not None else None)
    except InputError as exc:
        _fail(str(exc))
    from scheduler.spreadsheet.commands import pins_command

    try:
        pins_command(team_dir, workbook, out, all_shifts=all_shifts, echo=console.print)
    except InputError as exc:
        _fail(str(exc))


@app.command("serve-calendars")
def serve_calendars(
    folder: Path = typer.Argument(..., metavar="FOLDER", show_default=False,
                                  help="a folder written by `roster export`"),
    host: str = typer.Option("127.0.0.1", metavar="ADDRESS", show_default=False,
                             help="address to listen on (default: 127.0.0.1, this computer "
                                  "only)"),
    port: int = typer.Option(8080, metavar="PORT", show_default=False,
                             help="TCP port (default: 8080)"),
    base_url: str = typer.Option(
        "", metavar="URL", show_default=False,
        help="public address of this server behind a proxy, used in the printed feed "
             "addresses (default: the address it listens on)"),
) -> None:
    """Serve published calendars read-only, each feed only at its secret address."""
    try:
        check_folder(folder, "FOLDER")
        check_range(port, "--port", 1, 65535)
    except InputError as exc:
        _fail(str(exc))
    from scheduler.calendar.commands import serve_command

    try:
        serve_command(folder, host, port, echo=_echo_plain, base_url=base_url or None)
    except InputError as exc:
        _fail(str(exc))


@app.command("feed-tokens")
def feed_tokens(
    folder: Path = typer.Argument(..., metavar="FOLDER", show_default=False,
                                  help="a folder written by `roster export`"),
    rotate: list[str] = typer.Option(
        [], "--rotate", metavar="FEED", show_default=False,
        help="give this feed a new secret address, ending the old one: an agent id, 'team' or "
             "'desk:<language>' (repeatable; default: list the addresses, change none)"),
    base_url: str = typer.Option(
        "", metavar="URL", show_default=False,
        help="address agents reach `roster serve-calendars` at (default: where it listens by "
             "default, http://127.0.0.1:8080)"),
) -> None:
    """List each calendar feed's secret subscription address, or replace leaked ones."""
    try:
        check_folder(folder, "FOLDER")
    except InputError as exc:
        _fail(str(exc))
    from scheduler.calendar.commands import feed_tokens_command

    try:
        feed_tokens_command(folder, rotate, base_url or None, echo=_echo_plain)
    except InputError as exc:
        _fail(str(exc))


if __name__ == "__main__":  # pragma: no cover
    app()
