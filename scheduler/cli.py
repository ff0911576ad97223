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

Every word it prints is in the message catalogs (``scheduler/i18n.py``): ``roster --lang zh``
or ``ROSTER_LANG=zh`` for Chinese. Help texts are translated when this module is imported, so
``scheduler.entry`` reads ``--lang`` before importing it.
"""

from __future__ import annotations

import os
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

from scheduler import batch, cli_views, entry, i18n
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
    fixes_title,
)
from scheduler.formats import day_year
from scheduler.i18n import N_, _, ngettext
from scheduler.report import RosterReport, build_report, quality_in_words
from scheduler.roster_io import read_shifts_csv
from scheduler.staging import copy_files, staged_folder
from scheduler.team_io import load_problem, with_baseline
from scheduler.units import hours, money, number, share
from scheduler.validator import rule_name

app = typer.Typer(help=_("Weekly roster optimizer for 24/7 multi-language customer service."),
                  no_args_is_help=True, add_completion=False)
console = Console()
_python_showwarning = warnings.showwarning


def _show_note(message, category, filename, lineno, file=None, line=None):  # noqa: ANN001
    """A renamed setting is a note for the manager, not a Python warning with a source line."""
    if issubclass(category, RenamedSettingWarning):
        console.print(_labelled("yellow", _("note:"), str(message)))
    else:
        _python_showwarning(message, category, filename, lineno, file, line)


@app.callback()
def _options(
    lang: str | None = typer.Option(
        None, "--lang", metavar="zh|en", show_default=False,
        help=_("language of everything printed and written: zh (Chinese) or en (English) "
               "(default: ROSTER_LANG, else the system locale, else English); CSV column "
               "headers and file names stay English")),
) -> None:
    warnings.showwarning = _show_note
    if lang is not None:
        try:
            i18n.set_language(lang)
            os.environ[i18n.ENV] = lang  # processes it starts (solve-many) speak it too
        except ValueError:
            _fail(str(InputError(_("choose zh (Chinese) or en (English), not '{value}'").format(
                value=lang), field="--lang")))


def _styled(style: str, text: str) -> str:
    """Text shown in a rich style; its own characters are never read as markup."""
    return f"[{style}]{escape(text)}[/]"


def _labelled(style: str, label: str, text: str) -> str:
    """'error: text' / '错误：text' (no space after a full-width colon)."""
    gap = "" if label.endswith(("：", "，")) else " "
    return _styled(style, label) + gap + escape(text)


def _fmt(x: float | None, digits: int = 0) -> str:
    return "–" if x is None else number(x, digits=digits)


def print_summary(report: RosterReport) -> None:
    k = report.kpis
    settings = report.problem.settings
    table = Table(title=escape(_("{team} — week of {week} ({zone})").format(
        team=settings.name, week=day_year(settings.week_start), zone=settings.timezone)),
        show_header=False)
    table.add_column("", style="bold")
    table.add_column("")
    ok = _styled("green", _("yes")) if k.online_24_7_held else _styled("red", _("NO"))
    rows = [
        (_("24/7 at least one online"), ok),
        (_("hard-rule violations"),
         "[green]0[/]" if k.hard_rules_ok else f"[red]{k.violations}[/]"),
        (_("shifts / agents used"), escape(_("{shifts} / {used} of {agents}").format(
            shifts=k.shifts, used=k.agents_used, agents=len(report.problem.agents)))),
        (_("paid hours / cost"), escape(f"{hours(k.paid_hours)} / "
                                        f"{money(k.cost, settings.currency)}")),
        (_("primary coverage"), escape(_("{share} of required agent-hours").format(
            share=share(k.coverage_share)))),
        (_("uncovered primary agent-hours"), escape(hours(k.uncovered_primary_hours))),
        (_("  by language"), escape(_(", ").join(
            f"{lang} {hours(h)}" for lang, h in k.uncovered_by_language.items()))),
        (_("uncovered backup agent-hours"), escape(hours(k.uncovered_backup_hours))),
        (_("hours per agent (min–max)"), escape(_("{low}–{high} h").format(
            low=f"{k.hours_per_agent_min:g}", high=f"{k.hours_per_agent_max:g}"))),
        (_("night / weekend shift spread"),
         f"{k.night_shifts_spread} / {k.weekend_shifts_spread}"),
    ]
    if k.shifts_changed is not None:
        rows.append((_("changes vs baseline"), escape(_(
            "{shifts} shift(s) added or removed (a moved shift is both), {agents} agent(s) "
            "affected").format(shifts=k.shifts_changed, agents=k.agents_affected))))
    rows.append((_("roster quality"), escape(quality_in_words(report.roster))))
    for label, value in rows:
        table.add_row(escape(label), value)
    console.print(table)
    by_rule: dict[str, list] = {}
    for v in report.violations:
        by_rule.setdefault(v.rule, []).append(v)
    for rule, found in by_rule.items():  # a few examples per rule, not a wall of lines
        for v in found[:3]:
            console.print(f"[red]✗[/] {escape(str(v))}")
        if len(found) > 3:
            console.print("[red]✗[/] " + escape(_("… and {count} more [{rule}] breaches").format(
                count=len(found) - 3, rule=rule_name(rule))))


def _fail(message: str, code: int = 2) -> None:
    console.print(_labelled("bold red", _("error:"), message), soft_wrap=True)  # paths whole
    raise typer.Exit(code)


#: the search's stages (``solver.Progress.stage``) in a manager's words
_STAGE_WORDS = {"start": N_("first roster"), "LP bound": N_("estimating the best possible"),
                "restricted MIP": N_("improving"), "keeping every rule": N_("keeping every rule"),
                "CP-SAT": N_("improving")}


def _stage(name: str | None) -> str:
    return _(_STAGE_WORDS.get(name or "", name or N_("searching")))


@app.command(help=_("Build next week's roster for a team folder and write CSV/JSON reports."))
def solve(
    team_dir: Path = typer.Argument(
        ..., metavar="TEAM_DIR", show_default=False,
        help=_("team folder: team.toml, agents.csv, demand.csv and the optional files")),
    out: Path = typer.Option(
        Path("out"), "--out", "-o", metavar="FOLDER", show_default=False,
        help=_("folder for the roster, reports and calendars (default: ./out); a roster "
               "already there is compared with the new one, then replaced")),
    time_limit: float | None = typer.Option(
        None, metavar="SECONDS", help=_("for the whole command, writing included (default: "
                                        "the team's \\[solver] time_limit_s in team.toml)")),
    workers: int | None = typer.Option(
        None, metavar="N", help=_("solver threads (default: the team's \\[solver] workers, "
                                  "else the machine's cores); 1 with --seed gives the same "
                                  "roster every run")),
    seed: int | None = typer.Option(
        None, metavar="N", help=_("random seed (default: the team's \\[solver] seed)")),
    quiet: bool = typer.Option(False, "--quiet", "-q", metavar="", show_default=False,
                               help=_("no progress bar")),
    history: Path | None = typer.Option(
        None, metavar="CSV", help=_("inquiry history: forecast demand from it first; the team "
                                    "folder is copied to OUT/team with the forecast and never "
                                    "modified")),
    calendars: bool = typer.Option(
        True, "--calendars/--no-calendars", metavar="", show_default=False,
        help=_("publish .ics calendars to OUT/calendars and OUT/calendars.zip (default: yes)")),
    baseline: Path | None = typer.Option(
        None, metavar="ROSTER_CSV",
        help=_("re-roster: the saved or published roster.csv to change as little as possible "
               "(each shift added or removed costs \\[weights] change)")),
    freeze_before: str | None = typer.Option(
        None, metavar="TIME", help=_("mid-week repair (needs --baseline): shifts that started "
                                     "before this planning-zone time, e.g. 2026-12-02T14:00, "
                                     "stay exactly as they are")),
) -> None:
    started = entry.started() or time.perf_counter()
    try:
        check_folder(team_dir)
        check_input_file(history, "--history")
        check_input_file(baseline, "--baseline")
        if freeze_before is not None and baseline is None:
            raise InputError(_("a mid-week repair keeps the shifts of a baseline roster; give "
                               "--baseline ROSTER.csv too"), field="--freeze-before")
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
    console.print(escape(_("Solving {team}: {agents} agents, {languages} languages, week of "
                           "{week}").format(team=problem.settings.name,
                                            agents=len(problem.agents),
                                            languages=len(problem.languages),
                                            week=day_year(problem.settings.week_start))))
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console, disable=quiet, transient=False) as bar:
        task = bar.add_task(escape(_stage(None) + "…"), total=solver_seconds)

        def on_progress(p) -> None:  # noqa: ANN001 - solver.Progress
            if p.objective is None:
                text = _stage(p.stage) + "…"
            elif p.gap is not None:
                text = _("{stage}: roster found, at most {gap} from the best possible").format(
                    stage=_stage(p.stage), gap=share(p.gap))
            else:
                text = _("{stage}: roster found").format(stage=_stage(p.stage))
            bar.update(task, completed=min(p.elapsed, solver_seconds), description=escape(text))

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
        console.print(escape(_(
            "Calendars: {count} files published to {folder} (+ calendars.zip); `roster "
            "serve-calendars` serves them for subscription").format(
            count=len(done.calendars.files), folder=out / "calendars")))
    console.print(escape(_("Wrote {files} to {folder}/").format(
        files=", ".join(p.name for p in done.files), folder=out)))
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
        console.print(_styled("bold red", _("No roster satisfies every hard rule.")))
    else:
        console.print(_styled("bold red", _("No roster keeping every hard rule was found in "
                                            "the time allowed."))
                      + " " + escape(_("Allow more time (--time-limit), or see below.")))
    for c in exc.conflicts:
        console.print(f"  • [bold]{escape(rule_name(c.rule))}[/]: {escape(c.message)}")
    if exc.fixes:
        console.print(_styled("bold", fixes_title(exc.proven)))
        for fix in exc.fixes:
            console.print(f"  → {escape(fix)}")
    if exc.best_effort is None:
        console.print(escape(_("No best-effort roster: the rules marked bendable ([rules] "
                               "relaxable) are not enough to make one.")))
        return
    previous = cli_views.previous_roster(out, problem)
    report, written = batch.write_best_effort(exc, problem, out)
    print_summary(report)
    _print_changes(previous, exc.best_effort.roster.shifts, problem, out)
    bent = _(", ").join(dict.fromkeys(rule_name(v.rule) for v in exc.breaches))
    console.print(_styled("bold yellow", _("Best-effort roster")) + " " + escape(_(
        "written to {folder}/ ({files}). It is NOT publishable: it bends {rules} ({count} "
        "breach(es), listed above) until a manager accepts that (`roster export TEAM "
        "ROSTER.csv --accept-breaches`). No calendars were published.").format(
        folder=out, files=", ".join(p.name for p in written), rules=bent,
        count=len(exc.breaches))))


_STATUS_STYLE = {"roster": "green", "infeasible": "yellow", "bad input": "red", "error": "red"}
#: ``batch.TeamOutcome.status`` in words
_STATUS_WORDS = {"roster": N_("roster"), "infeasible": N_("infeasible"),
                 "bad input": N_("bad input"), "error": N_("error")}


def _status(name: str) -> str:
    return _(_STATUS_WORDS.get(name, name))


@app.command("solve-many", help=_(
    "Roster many team folders in parallel; one failing team never stops the others.\n\n"
    "Each team gets what `roster solve` writes, in OUT/<folder name>; a summary table follows, "
    "also saved as OUT/summary.csv and OUT/summary.json. Exit 0: every team got a roster "
    "keeping every hard rule; 3: some week is infeasible (explained, best-effort roster "
    "written) and nothing failed; 1: some team had bad input or an error; 2: bad arguments "
    "(nothing solved)."))
def solve_many(
    team_dirs: list[Path] = typer.Argument(..., metavar="TEAM_DIR...", show_default=False,
                                           help=_("team folders, e.g. stores/*")),
    out: Path = typer.Option(..., "--out", "-o", metavar="FOLDER", show_default=False,
                             help=_("OUT/<folder name> per team (-2, -3 for repeated names), "
                                    "OUT/summary.csv and OUT/summary.json")),
    time_limit: float | None = typer.Option(
        None, metavar="SECONDS", help=_("per team, loading and writing included (default: "
                                        "each team's \\[solver] time_limit_s in its "
                                        "team.toml)")),
    workers: int = typer.Option(1, metavar="N", show_default=False,
                                help=_("solver threads per team (default: 1)")),
    parallel: int | None = typer.Option(
        None, metavar="N", help=_("teams at once (default: the machine's cores divided by "
                                  "--workers; on a Ray cluster, as many as it schedules)")),
    backend: str = typer.Option(
        "auto", metavar="auto|local|ray", show_default=False,
        help=_("where teams run: local processes, a Ray cluster, or auto (the default: Ray if "
               "--ray-address is given or Ray is installed, else local processes)")),
    ray_address: str | None = typer.Option(
        None, metavar="ADDRESS", help=_("join a running Ray cluster (e.g. auto, or "
                                        "ray://head:10001); team folders and OUT must be on "
                                        "storage every node sees (default: a Ray on this "
                                        "machine)")),
    seed: int | None = typer.Option(None, metavar="N",
                                    help=_("random seed for every team (default: each team's "
                                           "\\[solver] seed)")),
    calendars: bool = typer.Option(True, "--calendars/--no-calendars", metavar="",
                                   show_default=False,
                                   help=_("publish each team's .ics calendars (default: yes)")),
    quiet: bool = typer.Option(False, "--quiet", "-q", metavar="", show_default=False,
                               help=_("no progress bar")),
) -> None:
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
    where = _("local processes") if chosen == "local" else (
        _("Ray at {address}").format(address=ray_address) if ray_address else _("local Ray"))
    console.print(escape(ngettext(
        "Solving {count} team on {where}, {at_once} at a time, {workers} worker(s) each",
        "Solving {count} teams on {where}, {at_once} at a time, {workers} worker(s) each",
        n).format(count=n, where=where, workers=workers,
                  at_once=at_once if at_once else _("as many as Ray schedules"))))
    outcomes: list[batch.TeamOutcome] = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, disable=quiet) as bar:
        task = bar.add_task(escape(_("teams done")), total=n)

        def on_done(o: batch.TeamOutcome) -> None:
            bar.update(task, advance=1, description=escape(_("last: {team} ({status})").format(
                team=o.team[:30], status=_status(o.status))))

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
    console.print(escape(_("Wrote {files} to {folder}/").format(
        files=", ".join(p.name for p in written), folder=out)))
    raise typer.Exit(batch.overall_exit_code(outcomes))


def print_many_summary(outcomes: list[batch.TeamOutcome]) -> None:
    """One row per team (messages cut short: summary.csv has them whole), then the counts."""
    table = Table(title=escape(_("Teams")))
    table.add_column(escape(_("team / OUT folder")), max_width=30)
    table.add_column(escape(_("status")), no_wrap=True)
    for name in (_("objective"), _("gap"), _("coverage"), _("paid hours"), _("seconds")):
        table.add_column(escape(name), justify="right", no_wrap=True)
    table.add_column(escape(_("message")), max_width=60)
    for o in outcomes:
        status = (_("roster, breaks rules") if o.status == "roster" and o.exit_code
                  else _status(o.status))
        style = "red" if o.exit_code in (1, 2) else _STATUS_STYLE.get(o.status, "")
        first_line = o.message.splitlines()[0] if o.message else ""
        if len(first_line) > 100:
            first_line = first_line[:99] + "…"
        folder = Path(o.out).name
        team = escape(o.team) + ("" if o.team == folder else f"\n[dim]{escape(folder)}[/]")
        table.add_row(team,
                      _styled(style, status) if style else escape(status),
                      _fmt(o.objective),
                      "–" if o.gap is None else share(o.gap, digits=2),
                      "–" if o.coverage_share is None else share(o.coverage_share),
                      "–" if o.paid_hours is None else hours(o.paid_hours),
                      f"{o.seconds:.1f}", escape(first_line))
    console.print(table)
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    console.print(escape(ngettext("{count} team: {counts}", "{count} teams: {counts}",
                                  len(outcomes)).format(
        count=len(outcomes), counts=_(", ").join(f"{_status(k)} {v}" for k, v in counts.items()))))


@app.command(help=_("Re-check a saved roster against every hard rule; exit 1 if any is broken."))
def validate(
    team_dir: Path = typer.Argument(..., metavar="TEAM_DIR", show_default=False,
                                    help=_("team folder the roster was made for")),
    roster_csv: Path = typer.Argument(..., metavar="ROSTER_CSV", show_default=False,
                                      help=_("roster.csv written by `roster solve` (or "
                                             "edited)")),
    baseline: Path | None = typer.Option(
        None, metavar="ROSTER_CSV",
        help=_("with --freeze-before: the roster a mid-week repair started from")),
    freeze_before: str | None = typer.Option(
        None, metavar="TIME", help=_("check that no shift that started before this "
                                     "planning-zone time, e.g. 2026-12-02T14:00, changed")),
) -> None:
    try:
        check_folder(team_dir)
        check_input_file(roster_csv, "ROSTER_CSV")
        check_input_file(baseline, "--baseline")
        if freeze_before is not None and baseline is None:
            raise InputError(_("give the roster the repair started from with --baseline"),
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
        console.print(_styled("red", ngettext("{count} hard-rule violation",
                                              "{count} hard-rule violations",
                                              len(report.violations)).format(
            count=len(report.violations))))
        raise typer.Exit(1)
    console.print(_styled("green", _("All hard rules hold.")))


@app.command(help=_("Forecast next week from inquiry history and turn it into demand.csv via "
                    "Erlang C."))
def forecast(
    history: Path = typer.Argument(
        ..., metavar="HISTORY", show_default=False,
        help=_("inquiry history CSV (one row per chat) or hourly heatmap CSV")),
    team_dir: Path = typer.Argument(
        ..., metavar="TEAM_DIR", show_default=False,
        help=_("team folder (week, zone, agents; staffing.toml for the service targets)")),
    out: Path | None = typer.Option(
        None, "--out", "-o", metavar="FOLDER",
        help=_("write a complete team folder here: the team's files copied, plus demand.csv, "
               "peaks.csv, forecast.csv, so `roster solve FOLDER` works on it (default: write "
               "the forecast into the team folder itself)")),
    weeks: int | None = typer.Option(
        None, metavar="N", help=_("weeks of history to average (default: staffing.toml "
                                  "\\[forecast] weeks, else 4)")),
    method: str | None = typer.Option(
        None, metavar="METHOD", help=_("auto, seasonal_mean, recent_level or holt_winters "
                                       "(default: staffing.toml \\[forecast] method, else "
                                       "auto: the best on the last week of history)")),
    skip_bad_rows: bool = typer.Option(
        False, "--skip-bad-rows", metavar="", show_default=False,
        help=_("skip and count bad history rows instead of stopping at the first")),
    assume_zone: str = typer.Option(
        "UTC", metavar="ZONE", show_default=False,
        help=_("time zone of history timestamps written without an offset, e.g. "
               "Asia/Shanghai (default: UTC)")),
) -> None:
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
    console.print(escape("\n".join(summary.lines())))


@app.command("service-report", help=_("Predicted service level (first response within target) "
                                      "for a saved roster, or two."))
def service_report(
    team_dir: Path = typer.Argument(
        ..., metavar="TEAM_DIR", show_default=False,
        help=_("team folder the roster was made for (its forecast.csv and staffing.toml are "
               "used when there)")),
    roster_csv: Path = typer.Argument(..., metavar="ROSTER_CSV", show_default=False,
                                      help=_("roster.csv written by `roster solve`")),
    compare: Path | None = typer.Option(
        None, metavar="OTHER_CSV",
        help=_("a second roster of the same week, e.g. another solve's roster.csv: both side "
               "by side with the change")),
) -> None:
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
        summary = report_for_team(team_dir, problem, shifts)[1]
        if compare is not None:
            other = read_shifts_csv(compare, known_agents=known)
            other_summary = report_for_team(team_dir, problem, other)[1]
    except InputError as exc:
        _fail(str(exc))
    if compare is None:
        console.print(escape(format_summary(summary)))
    else:
        labels = cli_views.roster_labels(roster_csv, compare)
        console.print(cli_views.service_comparison(summary, other_summary, labels))


@app.command("advise", help=_(
    "Staffing advice: the new agents (language, zone, FTE, when) or the overtime that would "
    "reach the service target in every hour the team can, judged by the service report."))
def advise(
    team_dir: Path = typer.Argument(..., metavar="TEAM_DIR", show_default=False,
                                    help=_("team folder to advise on")),
    roster_csv: Path | None = typer.Option(
        None, "--roster", metavar="ROSTER_CSV",
        help=_("the team's roster if already solved (default: solve it first)")),
    time_limit: float = typer.Option(
        60.0, metavar="SECONDS", show_default=False,
        help=_("seconds for all the solves the advice takes (default: 60)")),
    hires: int = typer.Option(3, metavar="N", show_default=False,
                              help=_("candidate new agents per language with hours below "
                                     "target (default: 3)")),
    overtime: float = typer.Option(8.0, metavar="HOURS", show_default=False,
                                   help=_("extra weekly hours per agent in the overtime "
                                          "option (default: 8)")),
    workers: int | None = typer.Option(None, metavar="N",
                                       help=_("solver threads (default: the machine's cores)")),
) -> None:
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

    with console.status(escape(_("Solving the week with candidate hires and with overtime…"))):
        advice = staffing_advice(problem, time_limit=time_limit, per_language=hires,
                                 overtime_hours=overtime, workers=workers,
                                 current=None if current is None else list(current))
    for line in advice.lines():
        console.print(escape(line))


@app.command("simulate", help=_("Simulate the rostered week chat by chat and check the "
                                "predicted service level."))
def simulate(
    team_dir: Path = typer.Argument(..., metavar="TEAM_DIR", show_default=False,
                                    help=_("team folder the roster was made for (its "
                                           "forecast.csv is used when there is one)")),
    roster_csv: Path = typer.Argument(..., metavar="ROSTER_CSV", show_default=False,
                                      help=_("roster.csv written by `roster solve`")),
    runs: int = typer.Option(20, metavar="N", show_default=False,
                             help=_("independent simulated weeks (default: 20)")),
    seed: int = typer.Option(0, metavar="N", show_default=False,
                             help=_("random seed: the same seed gives the same numbers "
                                    "(default: 0)")),
    out: Path | None = typer.Option(
        None, "--out", "-o", metavar="FOLDER",
        help=_("also write simulation.csv and simulation.json there (default: print only)")),
    quiet: bool = typer.Option(False, "--quiet", "-q", metavar="", show_default=False,
                               help=_("no progress bar")),
) -> None:
    try:
        check_folder(team_dir)
        check_input_file(roster_csv, "ROSTER_CSV")
        check_range(runs, "--runs", 2, 10_000)
        check_range(seed, "--seed", 0, 2**31 - 1)
        check_out_dir(out)
    except InputError as exc:
        _fail(str(exc))
    from scheduler.simulation.commands import reason_lines, result_table, simulate_command

    with Progress(TextColumn(escape(_("simulating weeks"))), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, disable=quiet) as bar:
        task = bar.add_task("", total=runs)
        try:
            result = simulate_command(team_dir, roster_csv, runs=runs, seed=seed, out=out,
                                      on_run=lambda done, _run: bar.update(task, completed=done))
        except InputError as exc:
            bar.stop()
            _fail(str(exc))
    console.print(result_table(result))
    for line in reason_lines(result):
        console.print(escape(line))
    if out is not None:
        console.print(escape(_("Wrote {files} to {folder}/").format(
            files="simulation.csv, simulation.json", folder=out)))


@app.command("export", help=_(
    "Publish the roster as .ics calendars: one per agent, the team, and each language desk "
    "(with --xlsx also the Excel roster grid, OUT/roster.xlsx)."))
def export(
    team_dir: Path = typer.Argument(..., metavar="TEAM_DIR", show_default=False,
                                    help=_("team folder the roster was made for")),
    roster_csv: Path = typer.Argument(..., metavar="ROSTER_CSV", show_default=False,
                                      help=_("roster.csv written by `roster solve`")),
    out: Path = typer.Option(Path("out/calendars"), "--out", "-o", metavar="FOLDER",
                             show_default=False,
                             help=_("folder for the .ics files (default: ./out/calendars)")),
    zip_: bool = typer.Option(True, "--zip/--no-zip", metavar="", show_default=False,
                              help=_("also write FOLDER.zip with every calendar (default: "
                                     "yes)")),
    time_mode: str = typer.Option(
        "utc", metavar="utc|tzid", show_default=False,
        help=_("utc: event times in UTC, read alike by every calendar (the default); tzid: "
               "each agent's wall clock with a VTIMEZONE")),
    alarm_minutes: int = typer.Option(30, metavar="MINUTES", show_default=False,
                                      help=_("reminder before each shift, 0 for none "
                                             "(default: 30)")),
    accept_breaches: bool = typer.Option(
        False, "--accept-breaches", metavar="", show_default=False,
        help=_("publish even though the roster breaks hard rules (a best-effort roster a "
               "manager has accepted)")),
    xlsx: bool = typer.Option(False, "--xlsx",
                              help=_("also write the roster workbook OUT/roster.xlsx (Excel "
                                     "grid)")),
) -> None:
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
                       alarm_minutes=alarm_minutes or None, echo=_echo_plain,
                       accept_breaches=accept_breaches)
        if xlsx:
            from scheduler.spreadsheet.commands import export_xlsx_command

            export_xlsx_command(team_dir, roster_csv, out, echo=_echo_plain)
    except UnpublishableRosterError as exc:
        _fail(str(exc), code=1)
    except InputError as exc:
        _fail(str(exc))


def _echo_plain(text: str) -> None:
    """Print without markup or wrapping, so a feed address can be copied in one piece."""
    console.print(escape(text), soft_wrap=True)


@app.command("pins-from-xlsx", help=_(
    "Turn the shifts a manager typed into roster.xlsx into pinned shifts for the next "
    "solve.\n\n"
    "Pins = the shifts added or changed in the Roster sheet (compared with the roster the "
    "workbook was written with) plus the team's earlier pins still in the sheet; --all pins "
    "every shift. Written in the roster CSV format; on any error (file, sheet and cell named) "
    "nothing is written and the exit code is 2."))
def pins_from_xlsx(
    team_dir: Path = typer.Argument(..., help=_("team folder the workbook was made for")),
    workbook: Path = typer.Argument(..., help=_("roster.xlsx, edited in its Roster sheet")),
    out: Path | None = typer.Option(None, "--out", "-o",
                                    help=_("where to write the pins (default "
                                           "TEAM_DIR/pinned.csv)")),
    all_shifts: bool = typer.Option(
        False, "--all", help=_("pin every shift in the Roster sheet, not only the changed "
                               "ones")),
) -> None:
    try:
        check_folder(team_dir)
        check_input_file(workbook, "ROSTER_XLSX")
        if out is not None and out.is_dir():
            raise InputError(_("{path} is a folder; give the file to write, e.g. {example}")
                             .format(path=out, example=out / "pinned.csv"), field="--out")
        check_out_dir(out.parent if out is not None else None)
    except InputError as exc:
        _fail(str(exc))
    from scheduler.spreadsheet.commands import pins_command

    try:
        pins_command(team_dir, workbook, out, all_shifts=all_shifts, echo=_echo_plain)
    except InputError as exc:
        _fail(str(exc))


@app.command("serve-calendars", help=_("Serve published calendars read-only, each feed only "
                                       "at its secret address."))
def serve_calendars(
    folder: Path = typer.Argument(..., metavar="FOLDER", show_default=False,
                                  help=_("a folder written by `roster export`")),
    host: str = typer.Option("127.0.0.1", metavar="ADDRESS", show_default=False,
                             help=_("address to listen on (default: 127.0.0.1, this computer "
                                    "only)")),
    port: int = typer.Option(8080, metavar="PORT", show_default=False,
                             help=_("TCP port (default: 8080)")),
    base_url: str = typer.Option(
        "", metavar="URL", show_default=False,
        help=_("public address of this server behind a proxy, used in the printed feed "
               "addresses (default: the address it listens on)")),
) -> None:
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


@app.command("feed-tokens", help=_("List each calendar feed's secret subscription address, or "
                                   "replace leaked ones."))
def feed_tokens(
    folder: Path = typer.Argument(..., metavar="FOLDER", show_default=False,
                                  help=_("a folder written by `roster export`")),
    rotate: list[str] = typer.Option(
        [], "--rotate", metavar="FEED", show_default=False,
        help=_("give this feed a new secret address, ending the old one: an agent id, 'team' "
               "or 'desk:<language>' (repeatable; default: list the addresses, change none)")),
    base_url: str = typer.Option(
        "", metavar="URL", show_default=False,
        help=_("address agents reach `roster serve-calendars` at (default: where it listens "
               "by default, http://127.0.0.1:8080)")),
) -> None:
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
