"""The `roster` command line: solve a team folder, re-check a saved roster.

    roster solve fixtures/sample_team --out out/
    roster validate fixtures/sample_team out/roster.csv
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from scheduler.domain import Roster, RosterStatus
from scheduler.errors import InfeasibleRosterError, InputError, RosterError
from scheduler.report import RosterReport, build_report, write_report
from scheduler.roster_io import read_shifts_csv
from scheduler.team_io import load_problem

app = typer.Typer(help="Weekly roster optimizer for 24/7 multi-language customer service.",
                  no_args_is_help=True, add_completion=False)
console = Console()


def _fmt(x: float | None, spec: str = ",.0f") -> str:
    return "–" if x is None else format(x, spec)


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
    table.add_row("primary coverage", f"{k.coverage_pct:.1f}% of required agent-hours")
    table.add_row("uncovered primary agent-hours", f"{k.uncovered_primary_hours:,.1f}")
    table.add_row("  by language", ", ".join(f"{lang} {h:g}" for lang, h in k.uncovered_by_language.items()))
    table.add_row("uncovered backup agent-hours", f"{k.uncovered_backup_hours:,.1f}")
    table.add_row("hours per agent (min–max)", f"{k.hours_per_agent_min:g}–{k.hours_per_agent_max:g}")
    table.add_row("night / weekend shift spread", f"{k.night_shifts_spread} / {k.weekend_shifts_spread}")
    r = report.roster
    gap = f"{r.gap * 100:.2f}%" if r.gap is not None else "–"
    table.add_row("solver", f"{r.status.value}, objective {_fmt(r.objective)}, bound "
                            f"{_fmt(r.best_bound)}, gap {gap}, {_fmt(r.solve_seconds, '.1f')} s")
    console.print(table)
    for v in report.violations[:20]:
        console.print(f"[red]✗[/] {v}")


def _fail(message: str, code: int = 2) -> None:
    console.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


@app.command()
def solve(
    team_dir: Path = typer.Argument(..., help="team folder with team.toml, agents.csv, demand.csv"),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="folder for roster and reports"),
    time_limit: float | None = typer.Option(None, help="seconds (default: team.toml [solver])"),
    workers: int | None = typer.Option(None, help="CP-SAT workers (1 + seed = deterministic)"),
    seed: int | None = typer.Option(None, help="random seed"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
) -> None:
    """Build next week's roster for a team folder and write CSV/JSON reports."""
    from solver import solve as run_solver  # imported late: typer --help stays fast

    try:
        problem = load_problem(team_dir)
    except InputError as exc:
        _fail(str(exc))
    limit = time_limit if time_limit is not None else problem.solver.time_limit_s
    console.print(f"Solving [bold]{problem.settings.name}[/]: {len(problem.agents)} agents, "
                  f"{len(problem.languages)} languages, week of {problem.settings.week_start}")
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console, disable=quiet, transient=False) as bar:
        task = bar.add_task("searching…", total=limit)

        def on_progress(p) -> None:  # noqa: ANN001 - solver.Progress
            gap = f"{p.gap * 100:.1f}%" if p.gap is not None else "–"
            bar.update(task, completed=min(p.elapsed, limit), description=(
                f"best {_fmt(p.objective)} bound {_fmt(p.bound)} gap {gap}"))

        try:
            result = run_solver(problem, on_progress=on_progress, time_limit=limit,
                                workers=workers, seed=seed)
        except InfeasibleRosterError as exc:
            bar.stop()
            console.print("[bold red]No roster satisfies every hard rule.[/]")
            for c in exc.conflicts:
                console.print(f"  • [bold]{c.rule}[/]: {c.message}")
            raise typer.Exit(3) from exc
        except RosterError as exc:
            _fail(str(exc))
        bar.update(task, completed=limit)
    report = build_report(problem, result.roster, result.breakdown)
    written = write_report(report, out)
    print_summary(report)
    console.print(f"Wrote {', '.join(p.name for p in written)} to {out}/")
    if report.violations:
        raise typer.Exit(1)


@app.command()
def validate(
    team_dir: Path = typer.Argument(..., help="team folder the roster was made for"),
    roster_csv: Path = typer.Argument(..., help="roster.csv written by `roster solve`"),
) -> None:
    """Re-check a saved roster against every hard rule; exit 1 if any is broken."""
    try:
        problem = load_problem(team_dir)
        shifts = read_shifts_csv(roster_csv, known_agents={a.id for a in problem.agents})
    except InputError as exc:
        _fail(str(exc))
    report = build_report(problem, Roster(shifts=tuple(shifts), status=RosterStatus.UNKNOWN))
    print_summary(report)
    if report.violations:
        console.print(f"[red]{len(report.violations)} hard-rule violation(s)[/]")
        raise typer.Exit(1)
    console.print("[green]All hard rules hold.[/]")


if __name__ == "__main__":  # pragma: no cover
    app()
